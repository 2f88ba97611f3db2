//! The exercises, one folder each. Each exercise's folder holds its content
//! model (its section of `content/exercises/<slug>.json`, validated), that
//! validation, and its rules: the session a view drives, its scoring, what it
//! reports to the LMS and its saved form.
//!
//! Every exercise's session implements [`ExerciseSession`], the one contract
//! the views and the LMS bridge rely on.
//!
//! - [`aec_quiz`] is the AEC readiness quiz.

pub mod aec_quiz;

use crate::activity::Activity;

/// What every exercise's session is: a state machine started from content
/// and a seed, driven by its own transitions, reported through [`Activity`],
/// and saved and restored through a saved form the engine alone shapes.
pub trait ExerciseSession: Activity + Clone + Sized {
    /// The exercise's validated content.
    type Content;
    /// Why a saved form could not be restored.
    type RestoreError: std::error::Error;

    /// A new session on `content`; `seed` decides every random draw.
    fn start(content: &Self::Content, seed: u64) -> Self;

    /// The saved form of the session, for the resume state.
    fn saved_form(&self) -> String;

    /// The session a saved form describes; an error when the form is damaged
    /// or names something `content` does not have.
    fn restore(content: &Self::Content, saved: &str) -> Result<Self, Self::RestoreError>;

    /// Judges the session against the LMS's mastery score (0–100) instead of
    /// the content's pass mark, so that the learner and the gradebook agree.
    fn set_pass_mark(&mut self, mastery: Option<f64>);
}
