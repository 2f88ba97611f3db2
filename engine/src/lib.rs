//! The pure core of clusterlab.
//!
//! Everything here is plain Rust: no browser, no clock, no randomness of its
//! own. The app shell hands in text, time and seeds; the engine hands back
//! validated content, state transitions and records.
//!
//! - [`activity`] is what every exercise reports: score, status, interactions.
//! - [`content`] parses and validates the course files in `assets/`.
//! - [`exercise`] names the four exercises.
//! - [`route`] is the grammar of the app's hash URLs.
//! - [`progress`] is the learner's saved profile and per-exercise status.
//! - [`quiz`] is the AEC readiness quiz: draw, feedback, scoring, resume.
//! - [`store`] is the key-value storage boundary and the rules for reading it safely.
#![warn(missing_docs, unreachable_pub)]

pub mod activity;
pub mod content;
pub mod exercise;
pub mod progress;
pub mod quiz;
pub mod route;
pub mod store;

pub use exercise::ExerciseKind;
pub use route::Route;
