//! Serde types that mirror the `plan` section of `cluster-plan.json`
//! exactly. Unknown fields are errors, so a misspelt field name is reported
//! rather than ignored.

use serde::Deserialize;

use super::content::{FieldCheck, FieldKind};
use crate::exercises::retry::RawRetry;

/// The `plan` section: the sections with their fields, the action plan's
/// rules, the self-scoring rubric, the score's weights and the retry policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlan {
    pub(crate) sections: Vec<RawSection>,
    pub(crate) action_plan: RawActionPlan,
    pub(crate) rubric: RawRubric,
    pub(crate) scoring: RawScoring,
    pub(crate) retry: RawRetry,
}

/// One section: either fields the learner writes, or the action plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) fields: Vec<RawField>,
    #[serde(default)]
    pub(crate) action_plan: bool,
    pub(crate) criteria: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    pub(crate) id: String,
    pub(crate) kind: FieldKind,
    pub(crate) required: bool,
    #[serde(default)]
    pub(crate) max_chars: Option<u32>,
    #[serde(default)]
    pub(crate) items: Option<RawItems>,
    #[serde(default)]
    pub(crate) check: Option<FieldCheck>,
    #[serde(default)]
    pub(crate) max: Option<u64>,
}

/// How many items a `lines` field holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItems {
    pub(crate) min: u32,
    pub(crate) max: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActionPlan {
    pub(crate) window: RawWindow,
    pub(crate) rows: RawItems,
    pub(crate) text_max_chars: u32,
    pub(crate) currencies: Vec<String>,
    pub(crate) early_months: u32,
    pub(crate) late_months: u32,
    pub(crate) example: Vec<RawExampleRow>,
}

/// The default window as month and day (`"06-01"`), in the year of the
/// day the plan is started.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWindow {
    pub(crate) start: String,
    pub(crate) end: String,
    pub(crate) max_months: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExampleRow {
    pub(crate) id: String,
    pub(crate) start: String,
    pub(crate) end: String,
    pub(crate) budget: u64,
    pub(crate) currency: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRubric {
    pub(crate) levels: u32,
    pub(crate) criteria: Vec<RawCriterion>,
    pub(crate) bands: Vec<RawBand>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCriterion {
    pub(crate) id: String,
    pub(crate) section: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBand {
    pub(crate) id: String,
    pub(crate) min: u32,
}

/// The score's weights, in points out of 100, and the pass mark.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScoring {
    pub(crate) completeness: u32,
    pub(crate) rubric: u32,
    pub(crate) pass_mark: u32,
}
