//! The export-consortium formation simulation (content brief §D): the
//! learner forms a consortium from a pool of firms, plays it quarter by
//! quarter with an activity plan, answers the decisions events raise, and
//! reads a debrief of the success factors with the quarters that showed
//! them, beside a risk view of many runs.
//!
//! A view calls [`ConsortiumSession::found`], then
//! [`ConsortiumSession::play`] each quarter and [`ConsortiumSession::decide`]
//! whenever a decision waits, until [`Step::Debrief`]; then, when
//! [`ConsortiumSession::can_retry`], [`ConsortiumSession::retry`]. Every
//! transition takes the time and returns `Result<Outcome, ActError>`; a
//! refused one changes nothing.
//!
//! - `content` is the section of the content, validated: [`ConsortiumContent`].
//! - `formation` is what the learner decides, checked with reasons.
//! - `model` is the quarterly model: [`Run`].
//! - `debrief` judges the success factors and scores the run.
//! - `montecarlo` runs a formation over many seeds for the risk view.
//! - `report` is what the exercise tells the LMS; `resume` its saved form.
//! - `keys` derives the catalog keys of codes and the views' words.

/// Declares an enum of content codes, with `ALL` and `code()`.
macro_rules! coded {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in the order views list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code, used in content, catalog keys and LMS responses.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }
    };
}

pub(crate) mod content;
pub mod debrief;
pub mod formation;
pub mod keys;
pub mod model;
pub mod montecarlo;
pub(crate) mod raw;
mod report;
mod resume;
#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::Arc;

use crate::exercises::retry::RetryRefusal;

pub use content::{
    ActivityKind, Category, Certificate, ConsortiumContent, Coordinator, EventKind, EventTiming,
    Factor, Firm, Province, Rubric, Segment, SubsidyRules,
};
pub use debrief::Judgement;
pub use formation::{
    ConsortiumType, DecisionKind, DecisionRule, Formation, FormationProblem, Funding, LeadRule,
    PlanProblem, Played, Response,
};
pub use model::{
    Composition, Happening, LeadSource, Market, Metrics, Outcome as RunOutcome, PendingDecision,
    QuarterReport, Run, RunError, Status,
};
pub use resume::{CONSORTIUM_RESUME_VERSION, ConsortiumResume, ResumeError};

/// One learner's consortia, across attempts: the formation, the quarters
/// played with their plans, and the decisions taken.
#[derive(Debug, Clone)]
pub struct ConsortiumSession {
    content: Arc<ConsortiumContent>,
    attempt: u32,
    seed: u64,
    /// The formation of the attempt, or of the last one while forming anew.
    formation: Option<Formation>,
    run: Option<Run>,
    plans: Vec<Vec<ActivityKind>>,
    decisions: Vec<Answer<Response>>,
    formed: Option<Answer<()>>,
    shown_at_ms: i64,
    pass_mark_override: Option<f64>,
}

/// One answer, with when it was given and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Answer<T> {
    chosen: T,
    answered_at_ms: i64,
    latency_ms: u64,
}

fn answer<T>(chosen: T, shown_at_ms: i64, now_ms: i64) -> Answer<T> {
    Answer {
        chosen,
        answered_at_ms: now_ms,
        latency_ms: u64::try_from(now_ms - shown_at_ms).unwrap_or(0),
    }
}

/// The steps of the exercise, for views to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The firm pool and the formation form.
    Forming,
    /// A quarter's plan waits to be played.
    Planning,
    /// A decision waits.
    Deciding,
    /// The run is over: debrief, outcome, risk view.
    Debrief,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Forming => "forming the consortium",
            Step::Planning => "planning a quarter",
            Step::Deciding => "deciding",
            Step::Debrief => "showing the debrief",
        })
    }
}

/// What a successful transition did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The consortium was founded; the first quarter waits.
    Founded,
    /// A quarter was played.
    Played {
        /// The quarter, from 1.
        quarter: u8,
        /// Whether the run is over.
        over: bool,
    },
    /// A decision was taken.
    Decided,
    /// A new attempt starts on the formation form.
    Retried {
        /// The new attempt's number, from 1.
        attempt: u32,
    },
}

/// Why a transition was refused. The session is unchanged after each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActError {
    /// The action does not belong to the current step.
    #[error("cannot {action} while {step}")]
    WrongStep {
        /// The refused action.
        action: &'static str,
        /// The step the session is in.
        step: Step,
    },
    /// The formation cannot be founded.
    #[error("the formation cannot be founded: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Formation(Vec<FormationProblem>),
    /// The run refused the step or the decision.
    #[error(transparent)]
    Run(#[from] RunError),
    /// No further attempt is allowed.
    #[error(transparent)]
    Retry(RetryRefusal),
}

/// The score of a finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsortiumResult {
    /// The score, 0–100.
    pub score: f64,
    /// Whether it reached the pass mark.
    pub passed: bool,
    /// The verdict on each success factor.
    pub judgements: Vec<Judgement>,
    /// The end-screen metrics.
    pub outcome: RunOutcome,
}

impl ConsortiumSession {
    /// A session on the formation form; `seed` decides the run's draws.
    pub fn new(content: &ConsortiumContent, seed: u64) -> ConsortiumSession {
        ConsortiumSession {
            content: Arc::new(content.clone()),
            attempt: 1,
            seed,
            formation: None,
            run: None,
            plans: Vec::new(),
            decisions: Vec::new(),
            formed: None,
            shown_at_ms: 0,
            pass_mark_override: None,
        }
    }

    fn wrong_step(&self, action: &'static str) -> ActError {
        ActError::WrongStep { action, step: self.step() }
    }

    /// Founds the consortium on `formation`.
    pub fn found(&mut self, mut formation: Formation, now_ms: i64) -> Result<Outcome, ActError> {
        if self.step() != Step::Forming {
            return Err(self.wrong_step("found a consortium"));
        }
        // Pool order, whatever the order of clicks: reports and saved
        // forms then name the same formation the same way.
        let firms = self.content.firms();
        formation.members.sort_by_key(|id| firms.iter().position(|firm| firm.id() == id));
        let problems = formation.problems(&self.content);
        if !problems.is_empty() {
            return Err(ActError::Formation(problems));
        }
        self.run = Some(Run::new(&self.content, &formation, self.seed));
        self.formed = Some(answer((), self.shown_at_ms, now_ms));
        self.formation = Some(formation);
        self.shown_at_ms = now_ms;
        Ok(Outcome::Founded)
    }

    /// Plays the next quarter with `plan`.
    pub fn play(&mut self, plan: Vec<ActivityKind>, now_ms: i64) -> Result<Outcome, ActError> {
        if self.step() != Step::Planning {
            return Err(self.wrong_step("play a quarter"));
        }
        let run = self.run.as_mut().expect("a run exists while planning");
        let quarter = run.step(&self.content, &plan)?.quarter;
        self.plans.push(plan);
        self.shown_at_ms = now_ms;
        Ok(Outcome::Played { quarter, over: run.is_over(&self.content) })
    }

    /// Answers the waiting decision.
    pub fn decide(&mut self, response: Response, now_ms: i64) -> Result<Outcome, ActError> {
        if self.step() != Step::Deciding {
            return Err(self.wrong_step("decide"));
        }
        let run = self.run.as_mut().expect("a run exists while deciding");
        run.decide(&self.content, response)?;
        self.decisions.push(answer(response, self.shown_at_ms, now_ms));
        self.shown_at_ms = now_ms;
        Ok(Outcome::Decided)
    }

    /// Starts a new attempt on the formation form, which keeps the last
    /// formation to edit. `same_seed` replays the same draws (the learner
    /// can see what other choices would have changed); otherwise `seed`
    /// decides the new run.
    pub fn retry(&mut self, seed: u64, same_seed: bool, now_ms: i64) -> Result<Outcome, ActError> {
        if self.step() != Step::Debrief {
            return Err(self.wrong_step("retry"));
        }
        if let Some(refusal) = self.retry_refusal() {
            return Err(refusal);
        }
        self.attempt += 1;
        if !same_seed {
            self.seed = seed;
        }
        self.run = None;
        self.plans.clear();
        self.decisions.clear();
        self.formed = None;
        self.shown_at_ms = now_ms;
        Ok(Outcome::Retried { attempt: self.attempt })
    }

    /// The exercise's content.
    pub fn content(&self) -> &ConsortiumContent {
        &self.content
    }

    /// Where the learner is.
    pub fn step(&self) -> Step {
        match &self.run {
            None => Step::Forming,
            Some(run) if run.is_over(&self.content) && run.pending().is_none() => Step::Debrief,
            Some(run) if run.pending().is_some() => Step::Deciding,
            Some(_) => Step::Planning,
        }
    }

    /// The attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The seed of the attempt's run.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The formation founded, or the last one while forming anew.
    pub fn formation(&self) -> Option<&Formation> {
        self.formation.as_ref()
    }

    /// The run, once founded.
    pub fn run(&self) -> Option<&Run> {
        self.run.as_ref()
    }

    /// The plans played so far, one per quarter.
    pub fn plans(&self) -> &[Vec<ActivityKind>] {
        &self.plans
    }

    /// The answers given so far, in order.
    pub fn responses(&self) -> impl Iterator<Item = Response> + '_ {
        self.decisions.iter().map(|decision| decision.chosen)
    }

    /// The score, verdicts and outcome, once the run is over.
    pub fn result(&self) -> Option<ConsortiumResult> {
        if self.step() != Step::Debrief {
            return None;
        }
        let run = self.run.as_ref()?;
        let judgements = debrief::judge(&self.content, run);
        let score = debrief::score(&self.content, run, &judgements);
        Some(ConsortiumResult {
            score,
            passed: score >= self.pass_mark() - 1e-9,
            judgements,
            outcome: run.outcome(&self.content),
        })
    }

    /// The pass mark, 0–100: the LMS's mastery score when it set one.
    pub fn pass_mark(&self) -> f64 {
        self.pass_mark_override.unwrap_or(f64::from(self.content.rubric().pass_mark()))
    }

    /// Attempts left after this one.
    pub fn attempts_left(&self) -> u32 {
        self.content.retry().attempts_left(self.attempt)
    }

    /// Whether another attempt may start now.
    pub fn can_retry(&self) -> bool {
        self.step() == Step::Debrief && self.retry_refusal().is_none()
    }

    fn retry_refusal(&self) -> Option<ActError> {
        let passed = self.result().is_some_and(|result| result.passed);
        self.content.retry().refusal(self.attempt, passed).map(ActError::Retry)
    }

    /// The played form of this attempt, for the risk view: the formation,
    /// its plans, and the learner's answers as the policy of other runs.
    pub fn played(&self) -> Option<(Played, montecarlo::Policy)> {
        let formation = self.formation.clone()?;
        let mut plans = self.plans.clone();
        let last = plans.last().cloned().unwrap_or_default();
        plans.resize(usize::from(self.content.quarters()), last);
        let played = Played { id: "yours".to_owned(), formation, plans };
        Some((played, montecarlo::Policy::from_responses(self.responses())))
    }
}
