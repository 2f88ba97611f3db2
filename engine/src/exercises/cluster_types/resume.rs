//! The compact saved form of a case session, for the resume state. It names
//! cases by id only, so it survives content edits that keep ids, and
//! [`CaseSession::resume`] refuses any form that names something the content
//! does not have or that no sequence of actions produces.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::content::{CaseContent, ClusterType, Stage};
use super::{Answer, CaseSession, DrawnCase, Phase};
use crate::exercises::{ExerciseSession, ExerciseState};

/// The saved-form version this engine writes and reads.
pub const CASE_RESUME_VERSION: u32 = 1;

/// A case session as ids and numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseResume {
    /// The format version, [`CASE_RESUME_VERSION`].
    pub v: u32,
    /// The attempt's number, from 1.
    pub attempt: u32,
    /// The seed of the attempt's draw.
    pub seed: u64,
    /// The attempt's cases in showing order, with their answers.
    pub cases: Vec<SavedCase>,
    /// Where the learner is.
    pub at: CaseStep,
}

/// One drawn case and its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCase {
    /// The case's id.
    pub id: String,
    /// The structure chosen, once sorted.
    pub structure: Option<SavedAnswer<ClusterType>>,
    /// The stage chosen, once staged.
    pub stage: Option<SavedAnswer<Stage>>,
}

/// One answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAnswer<T> {
    /// What was chosen.
    pub chosen: T,
    /// When, in ms since the epoch.
    pub t: i64,
    /// Milliseconds from showing to answering.
    pub l: u64,
}

impl<T> From<Answer<T>> for SavedAnswer<T> {
    fn from(answer: Answer<T>) -> SavedAnswer<T> {
        SavedAnswer { chosen: answer.chosen, t: answer.answered_at_ms, l: answer.latency_ms }
    }
}

impl<T> From<SavedAnswer<T>> for Answer<T> {
    fn from(saved: SavedAnswer<T>) -> Answer<T> {
        Answer { chosen: saved.chosen, answered_at_ms: saved.t, latency_ms: saved.l }
    }
}

/// The step to resume at; `idx` as in the session (cases with a stage, in
/// the stage round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseStep {
    /// The introduction.
    Ready,
    /// Case `idx` waits for its structure, shown at `shown`.
    Sorting {
        /// The case's position.
        idx: u32,
        /// When it was shown, in ms since the epoch.
        shown: i64,
    },
    /// Case `idx`'s feedback.
    Sorted {
        /// The case's position.
        idx: u32,
    },
    /// The results.
    Results,
    /// Case `idx` of the stage round waits for its stage.
    Staging {
        /// The position in the stage round.
        idx: u32,
        /// When it was shown, in ms since the epoch.
        shown: i64,
    },
    /// Case `idx` of the stage round's feedback.
    Staged {
        /// The position in the stage round.
        idx: u32,
    },
}

/// Why a saved case session cannot be resumed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    /// Written by a format version this release does not read.
    #[error("saved cases have unknown version {0}")]
    UnknownVersion(u32),
    /// The attempt number is 0 or above the content's limit.
    #[error("attempt {0} is out of range")]
    AttemptOutOfRange(u32),
    /// A case id the content does not have.
    #[error("unknown case `{0}`")]
    UnknownCase(String),
    /// The same case drawn twice, or no case at all.
    #[error("the drawn cases repeat or are missing")]
    BadDraw,
    /// A stage answer to a case without a stage question.
    #[error("case `{0}` has no stage question")]
    UnexpectedStage(String),
    /// The step does not agree with the answers.
    #[error("saved step does not match the answers")]
    Inconsistent,
}

impl CaseSession {
    /// The session's saved form.
    pub fn resume_state(&self) -> CaseResume {
        let idx = |idx: usize| u32::try_from(idx).expect("an attempt has few cases");
        CaseResume {
            v: CASE_RESUME_VERSION,
            attempt: self.attempt,
            seed: self.seed,
            cases: self
                .cases
                .iter()
                .map(|case| SavedCase {
                    id: case.id.clone(),
                    structure: case.structure.map(SavedAnswer::from),
                    stage: case.stage.map(SavedAnswer::from),
                })
                .collect(),
            at: match self.phase {
                Phase::Ready => CaseStep::Ready,
                Phase::Sorting { idx: at, shown_at_ms } => {
                    CaseStep::Sorting { idx: idx(at), shown: shown_at_ms }
                }
                Phase::Sorted { idx: at } => CaseStep::Sorted { idx: idx(at) },
                Phase::Results => CaseStep::Results,
                Phase::Staging { idx: at, shown_at_ms } => {
                    CaseStep::Staging { idx: idx(at), shown: shown_at_ms }
                }
                Phase::Staged { idx: at } => CaseStep::Staged { idx: idx(at) },
            },
        }
    }

    /// Rebuilds a session from its saved form.
    pub fn resume(content: &CaseContent, saved: &CaseResume) -> Result<CaseSession, ResumeError> {
        if saved.v != CASE_RESUME_VERSION {
            return Err(ResumeError::UnknownVersion(saved.v));
        }
        if !(1..=content.retry().max_attempts()).contains(&saved.attempt) {
            return Err(ResumeError::AttemptOutOfRange(saved.attempt));
        }
        let mut ids = std::collections::BTreeSet::new();
        if saved.cases.is_empty() || !saved.cases.iter().all(|case| ids.insert(&case.id)) {
            return Err(ResumeError::BadDraw);
        }
        let mut cases = Vec::with_capacity(saved.cases.len());
        let mut staged = Vec::new();
        for case in &saved.cases {
            let vignette = content
                .vignette(&case.id)
                .ok_or_else(|| ResumeError::UnknownCase(case.id.clone()))?;
            if vignette.stages().is_empty() {
                if case.stage.is_some() {
                    return Err(ResumeError::UnexpectedStage(case.id.clone()));
                }
            } else {
                staged.push(case.stage.is_some());
            }
            cases.push(DrawnCase {
                id: case.id.clone(),
                structure: case.structure.map(Answer::from),
                stage: case.stage.map(Answer::from),
            });
        }
        let sorted: Vec<bool> = cases.iter().map(|case| case.structure.is_some()).collect();
        let (phase, n_sorted, n_staged) = match saved.at {
            CaseStep::Ready => (Phase::Ready, 0, 0),
            CaseStep::Sorting { idx, shown } => {
                let idx = idx as usize;
                (Phase::Sorting { idx, shown_at_ms: shown }, idx, 0)
            }
            CaseStep::Sorted { idx } => {
                let idx = idx as usize;
                (Phase::Sorted { idx }, idx + 1, 0)
            }
            CaseStep::Results => {
                let played = if staged.iter().any(|staged| *staged) { staged.len() } else { 0 };
                (Phase::Results, cases.len(), played)
            }
            CaseStep::Staging { idx, shown } => {
                let idx = idx as usize;
                (Phase::Staging { idx, shown_at_ms: shown }, cases.len(), idx)
            }
            CaseStep::Staged { idx } => {
                let idx = idx as usize;
                (Phase::Staged { idx }, cases.len(), idx + 1)
            }
        };
        let in_round = match phase {
            Phase::Sorting { idx, .. } | Phase::Sorted { idx } => idx < cases.len(),
            Phase::Staging { idx, .. } | Phase::Staged { idx } => idx < staged.len(),
            Phase::Ready | Phase::Results => true,
        };
        let answered_first = |answered: &[bool], n: usize| {
            n <= answered.len()
                && answered.iter().enumerate().all(|(idx, given)| *given == (idx < n))
        };
        if !in_round || !answered_first(&sorted, n_sorted) || !answered_first(&staged, n_staged) {
            return Err(ResumeError::Inconsistent);
        }
        Ok(CaseSession {
            content: Arc::new(content.clone()),
            attempt: saved.attempt,
            seed: saved.seed,
            cases,
            phase,
            pass_mark_override: None,
        })
    }
}

impl ExerciseSession for CaseSession {
    type Content = CaseContent;
    type Saved = CaseResume;
    type RestoreError = ResumeError;

    fn start(content: &CaseContent, seed: u64) -> CaseSession {
        CaseSession::new(content, seed)
    }

    fn saved(&self) -> CaseResume {
        self.resume_state()
    }

    fn saved_in(state: &ExerciseState) -> Option<&CaseResume> {
        match state {
            ExerciseState::ClusterTypes(saved) => Some(saved),
            _ => None,
        }
    }

    fn restore(content: &CaseContent, saved: &CaseResume) -> Result<CaseSession, ResumeError> {
        CaseSession::resume(content, saved)
    }

    fn set_pass_mark(&mut self, mastery: Option<f64>) {
        self.pass_mark_override = mastery;
    }
}
