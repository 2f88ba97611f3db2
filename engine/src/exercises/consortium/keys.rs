//! The catalog keys the simulation derives from codes: what happened, the
//! options of the formation form, the decisions, the debrief and the
//! interface words of its views, all under `consortium-sim.`, so that they
//! load with the exercise's own catalog part.

use super::content::{
    ActivityKind, Category, Certificate, EventKind, Factor, PREFIX, Province, Segment,
};
use super::formation::{
    ConsortiumType, DecisionKind, DecisionRule, FormationProblem, Funding, LeadRule, PlanProblem,
};
use super::model::{ExitReason, Happening, LeadSource, Market, Status};

/// The words of the exercise's views, under `consortium-sim.ui.`.
pub const UI: &[&str] = &[
    "pool",
    "filter-category",
    "filter-all",
    "chosen",
    "choose",
    "drop",
    "form",
    "type",
    "entry-fee",
    "quarterly-fee",
    "charter",
    "sanctions",
    "leads",
    "decisions",
    "coordinator",
    "funding",
    "scope",
    "single-sector",
    "multi-sector",
    "regional",
    "inter-regional",
    "coherence",
    "hint",
    "found",
    "problems",
    "quarter",
    "plan",
    "plan-cost",
    "budget",
    "play",
    "decide",
    "timeline",
    "chart",
    "chart-summary",
    "trust",
    "reputation",
    "knowledge",
    "sales",
    "spillover",
    "members",
    "satisfaction",
    "debrief",
    "held",
    "failed",
    "quarters",
    "tested",
    "retention",
    "health-axis",
    "outcome",
    "status",
    "score",
    "risk",
    "risk-run",
    "risk-progress",
    "risk-yours",
    "risk-good",
    "risk-summary",
    "replay",
    "another",
    "size",
    "employees",
    "sales-year",
    "experience",
    "capacity",
    "quality",
    "certificates",
    "segment",
    "peer-reputation",
    "complementarity",
    "overlaps",
    "no-overlap",
    "usd",
];

/// The catalog key of an interface word.
pub fn ui(word: &str) -> String {
    format!("{PREFIX}.ui.{word}")
}

/// The catalog key of a happening's card text; its fields fill `{firm}`,
/// `{other}`, `{count}`, `{amount}`, `{activity}`, `{source}`, `{market}`.
pub fn happening(happening: &Happening) -> String {
    let code = match happening {
        Happening::FeesPaid { .. } => "fees-paid",
        Happening::NonPayment { .. } => "non-payment",
        Happening::Subsidy { .. } => "subsidy",
        Happening::CoordinatorUnpaid => "coordinator-unpaid",
        Happening::Activity { .. } => "activity",
        Happening::Cancelled { .. } => "cancelled",
        Happening::QualityRaised { .. } => "quality-raised",
        Happening::Certified { .. } => "certified",
        Happening::Leads { .. } => "leads",
        Happening::LeadsLost { .. } => "leads-lost",
        Happening::TimberBlocked { .. } => "timber-blocked",
        Happening::Order { repeat: false, .. } => "order",
        Happening::Order { repeat: true, .. } => "repeat-order",
        Happening::Bypass { .. } => "bypass",
        Happening::Complaint { .. } => "complaint",
        Happening::Conflict { .. } => "conflict",
        Happening::CoordinatorLeft => "coordinator-left",
        Happening::Exit { reason: ExitReason::Dissatisfied, .. } => "exit-dissatisfied",
        Happening::Exit { reason: ExitReason::Expelled, .. } => "exit-expelled",
        Happening::External { kind, met } => return external(*kind, *met),
        Happening::Decided { kind, response, .. } => return response.effect_key(*kind),
        Happening::Dissolved => "dissolved",
    };
    format!("{PREFIX}.happening.{code}")
}

fn external(kind: EventKind, met: Option<bool>) -> String {
    match met {
        None => format!("{PREFIX}.event.{}", kind.code()),
        Some(true) => format!("{PREFIX}.event.{}.met", kind.code()),
        Some(false) => format!("{PREFIX}.event.{}.missed", kind.code()),
    }
}

/// The catalog key of an option's name; `group` is e.g. `province`.
pub fn option(group: &str, code: &str) -> String {
    format!("{PREFIX}.{group}.{code}")
}

/// The catalog key of an activity's name.
pub fn activity(kind: ActivityKind) -> String {
    option("activity", kind.code())
}

/// The catalog key of what an activity does.
pub fn activity_effect(kind: ActivityKind) -> String {
    format!("{PREFIX}.activity.{}.effect", kind.code())
}

/// The catalog key of a status's name.
pub fn status(status: Status) -> String {
    option("status", status.code())
}

/// The catalog key of what a status means.
pub fn status_text(status: Status) -> String {
    format!("{PREFIX}.status.{}.text", status.code())
}

/// The codes of the form's option groups, each with its options' codes.
pub fn option_groups() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("province", Province::ALL.iter().map(|v| v.code()).collect()),
        ("category", Category::ALL.iter().map(|v| v.code()).collect()),
        ("segment", Segment::ALL.iter().map(|v| v.code()).collect()),
        ("certificate", Certificate::ALL.iter().map(|v| v.code()).collect()),
        ("type", ConsortiumType::ALL.iter().map(|v| v.code()).collect()),
        ("lead-rule", LeadRule::ALL.iter().map(|v| v.code()).collect()),
        ("decision-rule", DecisionRule::ALL.iter().map(|v| v.code()).collect()),
        ("funding", Funding::ALL.iter().map(|v| v.code()).collect()),
        ("source", LeadSource::ALL.iter().map(|v| v.code()).collect()),
        ("market", Market::ALL.iter().map(|v| v.code()).collect()),
    ]
}

/// Every key this module derives, for content validation.
pub(crate) fn every_key() -> Vec<String> {
    let mut keys: Vec<String> = UI.iter().map(|word| ui(word)).collect();
    for (group, codes) in option_groups() {
        keys.extend(codes.into_iter().map(|code| option(group, code)));
    }
    for kind in ActivityKind::ALL {
        keys.extend([activity(*kind), activity_effect(*kind)]);
    }
    for kind in EventKind::ALL {
        keys.push(external(*kind, None));
    }
    keys.extend([true, false].map(|met| external(EventKind::UrgentSample, Some(met))));
    for code in [
        "fees-paid",
        "non-payment",
        "subsidy",
        "coordinator-unpaid",
        "activity",
        "cancelled",
        "quality-raised",
        "certified",
        "leads",
        "leads-lost",
        "timber-blocked",
        "order",
        "repeat-order",
        "bypass",
        "complaint",
        "conflict",
        "coordinator-left",
        "exit-dissatisfied",
        "exit-expelled",
        "dissolved",
    ] {
        keys.push(format!("{PREFIX}.happening.{code}"));
    }
    for kind in DecisionKind::ALL {
        keys.extend([kind.name_key(), kind.prompt_key()]);
        for response in kind.responses() {
            keys.extend([response.label_key(kind), response.effect_key(kind)]);
        }
    }
    for status in Status::ALL {
        keys.extend([self::status(status), status_text(status)]);
    }
    for factor in Factor::ALL {
        keys.extend([factor.name_key(), factor.held_key(), factor.failed_key()]);
    }
    keys.extend(
        [
            FormationProblem::TooFewMembers { min: 0 },
            FormationProblem::TooManyMembers { max: 0 },
            FormationProblem::UnknownFirm(String::new()),
            FormationProblem::FeeNotOffered(0),
            FormationProblem::UnknownCoordinator(String::new()),
            FormationProblem::SalesNeedsProducers,
        ]
        .iter()
        .map(FormationProblem::key),
    );
    keys.extend(
        [PlanProblem::Twice(ActivityKind::MarketStudy), PlanProblem::CoordinatorHours(0)]
            .iter()
            .map(PlanProblem::key),
    );
    keys
}
