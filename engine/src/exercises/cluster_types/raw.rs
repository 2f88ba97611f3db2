//! Serde types that mirror the `cases` section of `cluster-types.json`
//! exactly. Unknown fields are errors, so a misspelt field name is reported
//! rather than ignored.

use serde::Deserialize;

use super::content::{ClusterType, Difficulty, Stage};
use crate::exercises::retry::RawRetry;

/// The `cases` section: which cases to draw, how to score and the bank.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCases {
    pub(crate) draw: RawDraw,
    pub(crate) scoring: RawScoring,
    pub(crate) retry: RawRetry,
    pub(crate) stage_round: bool,
    pub(crate) vignettes: Vec<RawVignette>,
    pub(crate) discussion: RawDiscussion,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDraw {
    pub(crate) per_attempt: u32,
    pub(crate) max_per_type: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScoring {
    pub(crate) pass_mark: u32,
    pub(crate) weights: RawWeights,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeights {
    pub(crate) easy: u32,
    pub(crate) medium: u32,
    pub(crate) hard: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVignette {
    pub(crate) id: String,
    pub(crate) difficulty: Difficulty,
    pub(crate) structure: ClusterType,
    pub(crate) stages: Vec<Stage>,
    pub(crate) clues: u32,
    #[serde(default)]
    pub(crate) misreads: Vec<ClusterType>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDiscussion {
    pub(crate) id: String,
    pub(crate) defensible: Vec<ClusterType>,
}
