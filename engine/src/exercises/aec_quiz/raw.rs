//! Serde types that mirror the quiz's section of `aec-quiz.json` exactly.
//! Unknown fields are errors, so a misspelt field name is reported rather
//! than ignored.

use serde::Deserialize;

use crate::exercises::retry::RawRetry;

/// The `quiz` section of `aec-quiz.json`: item bank, statements and scoring rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuiz {
    pub(crate) draw: RawDraw,
    pub(crate) scoring: RawScoring,
    pub(crate) retry: RawRetry,
    pub(crate) likert: RawLikert,
    pub(crate) bands: Vec<RawBand>,
    pub(crate) dimensions: Vec<RawDimension>,
    pub(crate) statements: RawStatements,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDraw {
    pub(crate) items_per_dimension: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScoring {
    pub(crate) graded: RawGraded,
    pub(crate) pass_mark: u32,
    pub(crate) knowledge_share: u32,
    pub(crate) objective_met_from_band: String,
    pub(crate) recommendations_shown: u32,
    /// How far above chance a test-wise guess may score, in points.
    #[serde(default = "fifteen")]
    pub(crate) max_above_chance: u32,
}

fn fifteen() -> u32 {
    15
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawGraded {
    Knowledge,
    Readiness,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLikert {
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) recommend_at_or_below: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBand {
    pub(crate) id: String,
    pub(crate) min: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDimension {
    pub(crate) id: String,
    pub(crate) items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem {
    pub(crate) id: String,
    pub(crate) kind: RawItemKind,
    pub(crate) options: Vec<String>,
    pub(crate) key: Vec<String>,
    #[serde(default = "one")]
    pub(crate) weight: u32,
    #[serde(default)]
    pub(crate) post_2012: bool,
    /// Options shown in authoring order, never shuffled (numbers, dates).
    #[serde(default)]
    pub(crate) fixed_order: bool,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawItemKind {
    Single,
    Multiple,
}

/// Self-assessment statements, one list per audience (named as `Role` codes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatements {
    pub(crate) sme: Vec<RawStatement>,
    #[serde(rename = "support-institution")]
    pub(crate) support_institution: Vec<RawStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatement {
    pub(crate) id: String,
    pub(crate) dimensions: Vec<String>,
}
