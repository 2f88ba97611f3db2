//! The risk view: one formation, with its plans, run over many seeds, so
//! that a learner sees the spread of outcomes rather than one draw. Runs
//! are computed in slices ([`MonteCarlo::advance`]), so a view can keep
//! the page responsive and show progress between them.

use super::content::ConsortiumContent;
use super::formation::{DecisionKind, Played, Response};
use super::model::{Run, Status};

/// How many runs the risk view makes.
pub const RUNS: u32 = 1_000;
/// The number of health-score bins of the histogram (tenths of 0–1).
pub const BINS: usize = 10;

/// The answers a run gives to decisions nobody is there to take: the
/// learner's own first answer to each kind, else the recommended one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    complaint: Response,
    free_rider: Response,
}

impl Policy {
    /// The literature's answers.
    pub fn recommended() -> Policy {
        Policy {
            complaint: DecisionKind::Complaint.recommended(),
            free_rider: DecisionKind::FreeRider.recommended(),
        }
    }

    /// The first answer of each kind among `responses`, else the recommended one.
    pub fn from_responses(responses: impl IntoIterator<Item = Response>) -> Policy {
        let mut policy = Policy::recommended();
        let (mut complaint, mut free_rider) = (None, None);
        for response in responses {
            if DecisionKind::Complaint.responses().contains(&response) {
                complaint.get_or_insert(response);
            } else {
                free_rider.get_or_insert(response);
            }
        }
        policy.complaint = complaint.unwrap_or(policy.complaint);
        policy.free_rider = free_rider.unwrap_or(policy.free_rider);
        policy
    }

    /// The answer to a decision of `kind`.
    pub fn respond(self, kind: DecisionKind) -> Response {
        match kind {
            DecisionKind::Complaint => self.complaint,
            DecisionKind::FreeRider => self.free_rider,
        }
    }
}

/// Plays `played` to its end with `seed`, answering decisions by `policy`.
pub fn play_out(content: &ConsortiumContent, played: &Played, policy: Policy, seed: u64) -> Run {
    let mut run = Run::new(content, played.formation(), seed);
    for plan in played.plans() {
        if run.is_over(content) {
            break;
        }
        // A reference plan is checked at validation and a learner's plans
        // were accepted when played, so a refusal cannot happen here; if it
        // did, the run simply stops.
        if run.step(content, plan).is_err() {
            break;
        }
        while let Some(pending) = run.pending() {
            let response = policy.respond(pending.kind);
            if run.decide(content, response).is_err() {
                break;
            }
        }
    }
    run
}

/// The outcomes of many runs of one formation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Distribution {
    /// Runs by health score, in tenths.
    pub health: [u32; BINS],
    /// Runs by status, in [`Status::ALL`] order.
    pub status: [u32; 3],
    /// Consortium-linked sales of each run, USD, in run order.
    pub sales: Vec<f64>,
}

impl Distribution {
    /// How many runs it holds.
    pub fn runs(&self) -> u32 {
        self.status.iter().sum()
    }

    /// The share of runs, 0–1, that ended in `status`.
    pub fn share(&self, status: Status) -> f64 {
        let idx = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
        f64::from(self.status[idx]) / f64::from(self.runs().max(1))
    }

    /// The sales at `percentile` (0–100), USD; 0 with no runs.
    pub fn sales_percentile(&self, percentile: u8) -> f64 {
        let mut sorted = self.sales.clone();
        sorted.sort_by(f64::total_cmp);
        let Some(last) = sorted.len().checked_sub(1) else { return 0.0 };
        sorted[last * usize::from(percentile.min(100)) / 100]
    }
}

/// A risk-view computation in progress.
#[derive(Debug, Clone)]
pub struct MonteCarlo {
    played: Played,
    policy: Policy,
    done: u32,
    distribution: Distribution,
}

impl MonteCarlo {
    /// A computation of [`RUNS`] runs of `played`.
    pub fn new(played: Played, policy: Policy) -> MonteCarlo {
        MonteCarlo { played, policy, done: 0, distribution: Distribution::default() }
    }

    /// Makes up to `runs` more runs; true when all are made.
    pub fn advance(&mut self, content: &ConsortiumContent, runs: u32) -> bool {
        let until = (self.done + runs).min(RUNS);
        for seed in self.done..until {
            let run = play_out(content, &self.played, self.policy, u64::from(seed));
            let outcome = run.outcome(content);
            let bin = ((outcome.health * BINS as f64) as usize).min(BINS - 1);
            self.distribution.health[bin] += 1;
            let status = Status::ALL.iter().position(|s| *s == outcome.status).unwrap_or(0);
            self.distribution.status[status] += 1;
            self.distribution.sales.push(outcome.sales);
        }
        self.done = until;
        self.is_done()
    }

    /// Whether every run is made.
    pub fn is_done(&self) -> bool {
        self.done >= RUNS
    }

    /// Runs made so far.
    pub fn done(&self) -> u32 {
        self.done
    }

    /// The outcomes so far.
    pub fn distribution(&self) -> &Distribution {
        &self.distribution
    }
}

/// All [`RUNS`] runs of `played` at once, for tests and benchmarks.
pub fn distribution(content: &ConsortiumContent, played: &Played, policy: Policy) -> Distribution {
    let mut computation = MonteCarlo::new(played.clone(), policy);
    computation.advance(content, RUNS);
    computation.distribution
}
