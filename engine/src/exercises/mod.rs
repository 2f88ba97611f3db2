//! The exercises, one folder each. Each exercise's folder holds its content
//! model (its section of `content/exercises/<slug>.json`, validated), that
//! validation, and its rules: the session a view drives, its scoring, what it
//! reports to the LMS and its saved form.
//!
//! Every exercise's session implements [`ExerciseSession`], the one contract
//! the views and the LMS bridge rely on.
//!
//! - [`aec_quiz`] is the AEC readiness quiz.
//! - [`cluster_types`] is the cluster-type identification exercise.
//! - [`consortium`] is the export-consortium formation simulation.
//! - [`cluster_plan`] is the cluster development plan builder.

pub mod aec_quiz;
pub mod cluster_plan;
pub mod cluster_types;
pub mod consortium;
pub mod retry;

use serde::{Deserialize, Serialize};

use crate::ExerciseKind;
use crate::activity::Activity;
use aec_quiz::QuizResume;
use cluster_plan::PlanResume;
use cluster_types::CaseResume;
use consortium::ConsortiumResume;

/// One exercise's saved form, as the resume state keeps it. Each variant is
/// versioned by its exercise; new exercises are added at the end, because
/// the compact form numbers variants by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExerciseState {
    /// The AEC readiness quiz.
    AecQuiz(QuizResume),
    /// The cluster-type identification exercise.
    ClusterTypes(CaseResume),
    /// The export-consortium formation simulation.
    ConsortiumSim(ConsortiumResume),
    /// The cluster development plan builder.
    ClusterPlan(PlanResume),
}

impl ExerciseState {
    /// A readable text of the state, to keep aside when it no longer
    /// restores, so that support staff can still read what it held.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).expect("an exercise state always serialises")
    }

    /// The state an earlier release kept as JSON text for `kind`; `None`
    /// when the text is not such a state.
    pub(crate) fn from_legacy_json(kind: ExerciseKind, text: &str) -> Option<ExerciseState> {
        match kind {
            ExerciseKind::AecQuiz => QuizResume::from_legacy_json(text).map(ExerciseState::AecQuiz),
            ExerciseKind::ClusterTypes
            | ExerciseKind::ConsortiumSim
            | ExerciseKind::ClusterPlan => None,
        }
    }
}

/// A saved form told apart by `seed`, for tests of what keeps saved forms.
#[cfg(test)]
pub(crate) fn saved_form_fixture(seed: u64) -> ExerciseState {
    ExerciseState::AecQuiz(QuizResume {
        v: aec_quiz::QUIZ_RESUME_VERSION,
        attempt: 1,
        seed,
        audience: None,
        at: aec_quiz::ResumeStep::Audience,
        items: Vec::new(),
        ratings: Vec::new(),
        seen: Vec::new(),
    })
}

impl From<QuizResume> for ExerciseState {
    fn from(saved: QuizResume) -> ExerciseState {
        ExerciseState::AecQuiz(saved)
    }
}

impl From<CaseResume> for ExerciseState {
    fn from(saved: CaseResume) -> ExerciseState {
        ExerciseState::ClusterTypes(saved)
    }
}

impl From<ConsortiumResume> for ExerciseState {
    fn from(saved: ConsortiumResume) -> ExerciseState {
        ExerciseState::ConsortiumSim(saved)
    }
}

impl From<PlanResume> for ExerciseState {
    fn from(saved: PlanResume) -> ExerciseState {
        ExerciseState::ClusterPlan(saved)
    }
}

/// What every exercise's session is: a state machine started from content
/// and a seed, driven by its own transitions, reported through [`Activity`],
/// and saved and restored through a saved form the engine alone shapes.
pub trait ExerciseSession: Activity + Clone + Sized {
    /// The exercise's validated content.
    type Content;
    /// The exercise's saved form.
    type Saved: Into<ExerciseState>;
    /// Why a saved form could not be restored.
    type RestoreError: std::error::Error;

    /// A new session on `content`; `seed` decides every random draw.
    fn start(content: &Self::Content, seed: u64) -> Self;

    /// The saved form of the session.
    fn saved(&self) -> Self::Saved;

    /// This exercise's saved form in a resume state's entry; `None` when the
    /// entry belongs to another exercise.
    fn saved_in(state: &ExerciseState) -> Option<&Self::Saved>;

    /// The session a saved form describes; an error when the form names
    /// something `content` does not have or no sequence of actions makes it.
    fn restore(content: &Self::Content, saved: &Self::Saved) -> Result<Self, Self::RestoreError>;

    /// The saved form as the resume state keeps it.
    fn saved_form(&self) -> ExerciseState {
        self.saved().into()
    }

    /// Judges the session against the LMS's mastery score (0–100) instead of
    /// the content's pass mark, so that the learner and the gradebook agree.
    fn set_pass_mark(&mut self, mastery: Option<f64>);
}
