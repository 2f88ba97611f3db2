//! The exercises, one folder each. Each exercise's folder holds its content
//! model (its section of `content/exercises/<slug>.json`, validated), that
//! validation, and its rules: the session a view drives, its scoring, what it
//! reports to the LMS and its saved form.
//!
//! - [`aec_quiz`] is the AEC readiness quiz.

pub mod aec_quiz;
