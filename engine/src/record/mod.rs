//! The exported result record: the "SCORM-style JSON" that leaves the app as
//! a file, by `postMessage`, and as the mirror of what the LMS receives.
//!
//! The record is a set of DTOs of its own (`v1`), converted by hand from the
//! engine's types, so that internal types can change without changing the
//! published format. `assets/schema/record-v1.schema.json` documents it.

pub mod v1;
