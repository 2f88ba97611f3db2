//! The pure core of clusterlab.
//!
//! Everything here is plain Rust: no browser, no clock, no randomness of its
//! own. The app shell hands in text, time and seeds; the engine hands back
//! validated content, state transitions and records.
//!
//! - [`activity`] is what every exercise reports: score, status, interactions.
//! - [`content`] parses and validates the course files in `assets/`.
//! - [`exercise`] names the four exercises.
//! - [`exercises`] holds one folder per exercise: its content model,
//!   validation and rules. [`exercises::aec_quiz`] is the AEC readiness quiz:
//!   content, draw, feedback, scoring, resume.
//! - [`keys`] builds the catalog keys the interface derives from values.
//! - [`lms`] is the LMS session: what a launch reads, writes and in which commit.
//! - [`record`] is the exported result record, the "SCORM-style JSON".
//! - [`resume`] is the compact, versioned resume state and its ASCII form.
//! - [`route`] is the grammar of the app's hash URLs.
//! - [`sco`] is what one LMS launch reports, for one exercise or all four.
//! - [`scorm`] is the SCORM 1.2 and 2004 data model: names, formats, limits.
//! - [`source`] is content files as text and the errors located in them.
//! - [`time`] formats instants and durations the shell passes in.
//! - [`progress`] is the learner's saved profile and per-exercise status.
//! - [`store`] is the key-value storage boundary and the rules for reading it safely.
//! - [`vocabulary`] is the leaf of words modules share: the learner's role and
//!   the capacity-building needs one exercise hands to another.
#![warn(missing_docs, unreachable_pub)]

pub mod activity;
pub mod content;
pub mod exercise;
pub mod exercises;
pub mod keys;
pub mod lms;
pub mod progress;
pub mod record;
pub mod resume;
pub mod route;
pub mod sco;
pub mod scorm;
pub mod source;
pub mod store;
pub mod time;
pub mod vocabulary;

pub use exercise::ExerciseKind;
pub use route::Route;
