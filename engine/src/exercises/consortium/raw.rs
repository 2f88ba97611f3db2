//! Serde types that mirror the `consortium` section of `consortium-sim.json`
//! exactly. Unknown fields are errors, so a misspelt field name is reported
//! rather than ignored.

use serde::Deserialize;

use super::content::{ActivityKind, Category, Certificate, EventKind, Factor, Province, Segment};
use super::formation::Formation;
use crate::exercises::retry::RawRetry;

/// The `consortium` section: the firm pool, the options a formation picks
/// from, the calendar of external events, the reference formations and the
/// rubric.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConsortium {
    pub(crate) quarters: u32,
    pub(crate) members: RawMembers,
    pub(crate) entry_fees: Vec<u32>,
    pub(crate) quarterly_fees: Vec<u32>,
    pub(crate) subsidy: RawSubsidy,
    pub(crate) firms: Vec<RawFirm>,
    pub(crate) coordinators: Vec<RawCoordinator>,
    pub(crate) activities: Vec<RawActivity>,
    pub(crate) events: Vec<RawEvent>,
    pub(crate) reference: RawReference,
    pub(crate) rubric: RawRubric,
    pub(crate) retry: RawRetry,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMembers {
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) hint_min: u32,
    pub(crate) hint_max: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSubsidy {
    pub(crate) declining_percent: Vec<u32>,
    pub(crate) yearly_cap: u32,
    pub(crate) cliff_quarters: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFirm {
    pub(crate) id: String,
    pub(crate) province: Province,
    pub(crate) category: Category,
    pub(crate) line: String,
    pub(crate) employees: u32,
    pub(crate) sales: u32,
    pub(crate) export_experience: u32,
    pub(crate) capacity: Option<u32>,
    pub(crate) quality: u32,
    pub(crate) certificates: Vec<Certificate>,
    pub(crate) segment: Segment,
    pub(crate) reputation: u32,
    pub(crate) commitment: u32,
    pub(crate) digital: u32,
    pub(crate) opportunism: u32,
    pub(crate) wood: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCoordinator {
    pub(crate) id: String,
    pub(crate) competence: u32,
    pub(crate) neutrality: u32,
    pub(crate) cost: u32,
    pub(crate) max_activities: Option<u32>,
    pub(crate) from_largest_member: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActivity {
    pub(crate) kind: ActivityKind,
    pub(crate) cost: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvent {
    pub(crate) kind: EventKind,
    #[serde(default)]
    pub(crate) quarter: Option<u32>,
    #[serde(default)]
    pub(crate) chance_percent: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReference {
    pub(crate) good: RawPlayed,
    pub(crate) poor: Vec<RawPlayed>,
}

/// A formation with its quarterly plans, as a reference play.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlayed {
    pub(crate) id: String,
    pub(crate) formation: Formation,
    pub(crate) plans: Vec<Vec<ActivityKind>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRubric {
    pub(crate) pass_mark: u32,
    pub(crate) sales_target: u32,
    pub(crate) outcome_points: u32,
    pub(crate) factors: Vec<RawFactorPoints>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFactorPoints {
    pub(crate) factor: Factor,
    pub(crate) points: u32,
}
