//! The catalog keys the plan builder derives from values: the findings of
//! its checks and the words of its views and exports, all under
//! `cluster-plan.`, so that they load with the exercise's own catalog part.

use super::checks::Finding;
use super::content::PREFIX;

/// The words of the exercise's views and exports, under `cluster-plan.ui.`.
pub const UI: &[&str] = &[
    "sections",
    "status.empty",
    "status.started",
    "status.passed",
    "show-example",
    "hide-example",
    "example-intro",
    "why",
    "criteria",
    "checks",
    "advice",
    "not-written",
    "window",
    "window-start",
    "window-end",
    "gantt",
    "row",
    "activity",
    "responsible",
    "start",
    "end",
    "budget",
    "amount",
    "currency",
    "no-currency",
    "indicator",
    "add-row",
    "move-up",
    "move-down",
    "remove-row",
    "total-budget",
    "suggestions",
    "suggestions-intro",
    "suggestion-dimension",
    "accept",
    "drop",
    "rubric",
    "criterion",
    "level",
    "not-rated",
    "rubric-total",
    "weakest",
    "score",
    "export-markdown",
    "export-json",
    "import-json",
    "print",
    "start-over",
];

/// The catalog key of an interface word.
pub fn ui(word: &str) -> String {
    format!("{PREFIX}.ui.{word}")
}

/// Every key this module derives, for content validation.
pub(crate) fn every_key() -> Vec<String> {
    let mut keys: Vec<String> = UI.iter().map(|word| ui(word)).collect();
    keys.extend(Finding::every_kind().iter().map(Finding::key));
    keys
}
