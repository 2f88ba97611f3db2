//! The compact saved form of a consortium session: the seed, the formation,
//! each quarter's plan and each decision. Restoring replays them through
//! the model, so the saved form stays small (it shares SCORM 1.2's 4,096
//! characters with the other exercises) and a learner who left at quarter
//! 3 finds exactly the same consortium at quarter 3. A form that names
//! something the content does not have, or that the model does not accept
//! step by step, is refused.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::content::{ActivityKind, ConsortiumContent};
use super::formation::{Formation, Response};
use super::model::Run;
use super::{Answer, ConsortiumSession};
use crate::exercises::{ExerciseSession, ExerciseState};

/// The version of [`ConsortiumResume`] this release writes.
pub const CONSORTIUM_RESUME_VERSION: u32 = 1;

/// The saved form of a consortium session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsortiumResume {
    /// Its version, [`CONSORTIUM_RESUME_VERSION`].
    pub v: u32,
    /// The attempt, from 1.
    pub attempt: u32,
    /// The run's seed.
    pub seed: u64,
    /// The formation founded, or the last one kept to edit.
    pub formation: Option<Formation>,
    /// When the formation was founded and how long it took; `None` while forming.
    pub formed: Option<(i64, u64)>,
    /// Each quarter's plan, in order.
    pub plans: Vec<Vec<ActivityKind>>,
    /// Each decision, with when it was taken and how long it took.
    pub decisions: Vec<(Response, i64, u64)>,
    /// When the current step was shown.
    pub shown: i64,
}

/// Why a saved form does not restore.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    /// A version this release does not know.
    #[error("saved consortium has unknown version {0}")]
    UnknownVersion(u32),
    /// An attempt beyond the content's limit.
    #[error("attempt {0} is out of range")]
    AttemptOutOfRange(u32),
    /// A formation the content no longer accepts.
    #[error("the saved formation cannot be founded: {0}")]
    Formation(String),
    /// Plans or decisions the model does not accept in this order.
    #[error("the saved quarters do not replay")]
    Inconsistent,
}

impl ConsortiumSession {
    /// The saved form of the session.
    pub fn resume_state(&self) -> ConsortiumResume {
        ConsortiumResume {
            v: CONSORTIUM_RESUME_VERSION,
            attempt: self.attempt,
            seed: self.seed,
            formation: self.formation.clone(),
            formed: self.formed.map(|formed| (formed.answered_at_ms, formed.latency_ms)),
            plans: self.plans.clone(),
            decisions: self
                .decisions
                .iter()
                .map(|decision| (decision.chosen, decision.answered_at_ms, decision.latency_ms))
                .collect(),
            shown: self.shown_at_ms,
        }
    }

    /// The session `saved` describes, replayed on `content`.
    pub fn resume(
        content: &ConsortiumContent,
        saved: &ConsortiumResume,
    ) -> Result<ConsortiumSession, ResumeError> {
        if saved.v != CONSORTIUM_RESUME_VERSION {
            return Err(ResumeError::UnknownVersion(saved.v));
        }
        if !(1..=content.retry().max_attempts()).contains(&saved.attempt) {
            return Err(ResumeError::AttemptOutOfRange(saved.attempt));
        }
        let run = match (&saved.formation, saved.formed) {
            (Some(formation), Some(_)) => Some(replay(content, formation, saved)?),
            (_, None) if saved.plans.is_empty() && saved.decisions.is_empty() => None,
            _ => return Err(ResumeError::Inconsistent),
        };
        let decisions = saved
            .decisions
            .iter()
            .map(|&(chosen, answered_at_ms, latency_ms)| Answer {
                chosen,
                answered_at_ms,
                latency_ms,
            })
            .collect();
        Ok(ConsortiumSession {
            content: Arc::new(content.clone()),
            attempt: saved.attempt,
            seed: saved.seed,
            formation: saved.formation.clone(),
            run,
            plans: saved.plans.clone(),
            decisions,
            formed: saved.formed.map(|(answered_at_ms, latency_ms)| Answer {
                chosen: (),
                answered_at_ms,
                latency_ms,
            }),
            shown_at_ms: saved.shown,
            pass_mark_override: None,
        })
    }
}

/// The run the saved plans and decisions make, taken step by step as a
/// learner did; every plan and every decision must be used.
fn replay(
    content: &ConsortiumContent,
    formation: &Formation,
    saved: &ConsortiumResume,
) -> Result<Run, ResumeError> {
    let problems = formation.problems(content);
    if let Some(problem) = problems.first() {
        return Err(ResumeError::Formation(problem.to_string()));
    }
    let mut run = Run::new(content, formation, saved.seed);
    let mut decisions = saved.decisions.iter();
    for plan in &saved.plans {
        while run.pending().is_some() {
            let &(response, ..) = decisions.next().ok_or(ResumeError::Inconsistent)?;
            run.decide(content, response).map_err(|_| ResumeError::Inconsistent)?;
        }
        run.step(content, plan).map_err(|_| ResumeError::Inconsistent)?;
    }
    if run.pending().is_some()
        && let Some(&(response, ..)) = decisions.next()
    {
        run.decide(content, response).map_err(|_| ResumeError::Inconsistent)?;
    }
    if decisions.next().is_some() {
        return Err(ResumeError::Inconsistent);
    }
    Ok(run)
}

impl ExerciseSession for ConsortiumSession {
    type Content = ConsortiumContent;
    type Saved = ConsortiumResume;
    type RestoreError = ResumeError;

    fn start(content: &ConsortiumContent, seed: u64) -> ConsortiumSession {
        ConsortiumSession::new(content, seed)
    }

    fn saved(&self) -> ConsortiumResume {
        self.resume_state()
    }

    fn saved_in(state: &ExerciseState) -> Option<&ConsortiumResume> {
        match state {
            ExerciseState::ConsortiumSim(saved) => Some(saved),
            _ => None,
        }
    }

    fn restore(
        content: &ConsortiumContent,
        saved: &ConsortiumResume,
    ) -> Result<ConsortiumSession, ResumeError> {
        ConsortiumSession::resume(content, saved)
    }

    fn set_pass_mark(&mut self, mastery: Option<f64>) {
        self.pass_mark_override = mastery;
    }
}
