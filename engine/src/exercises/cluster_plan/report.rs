//! What the plan builder reports to the LMS, through [`Activity`]: one
//! `long-fill-in` interaction per section the learner has worked on
//! (`cp-vision`, …, `cp-action-plan`), whose response is each filled
//! field as `id: text` (the LMS's copy is shortened to the version's
//! limit, the record keeps it whole), and the score once every section
//! passes its checks.

use super::export::PLAN_ARTIFACT;
use super::model::{Row, Value, items};
use super::{FieldKind, PlanSession, Section};
use crate::ExerciseKind;
use crate::activity::{
    Activity, Completion, Counting, Interaction, InteractionKind, InteractionResult,
    ObjectiveResult, Score, Success,
};

impl Activity for PlanSession {
    fn kind(&self) -> ExerciseKind {
        ExerciseKind::ClusterPlan
    }

    fn counting(&self) -> Counting {
        self.content.retry().counting()
    }

    fn attempt(&self) -> u32 {
        self.attempt
    }

    fn answer_given(&self) -> bool {
        !self.plan.is_empty()
    }

    fn score(&self) -> Option<Score> {
        self.result().map(|result| Score::new(result.score, 100.0))
    }

    fn completion(&self) -> Completion {
        if self.is_complete() {
            Completion::Completed
        } else if self.attempt == 1 && self.plan.is_empty() {
            Completion::NotAttempted
        } else {
            Completion::Incomplete
        }
    }

    fn success(&self) -> Success {
        Success::of(self.result().map(|result| result.passed))
    }

    /// The plan, under `plan`: the record carries it whole, whatever the
    /// LMS could keep.
    fn artifacts(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::Map::from_iter([(PLAN_ARTIFACT.to_owned(), self.to_json())])
    }

    /// A section once changed is reported even when emptied again, so
    /// that the LMS's copy, which cannot be deleted, follows the plan.
    fn interactions(&self) -> Vec<Interaction> {
        self.content
            .sections()
            .iter()
            .filter_map(|section| {
                let edited = *self.plan.edited.get(section.id())?;
                Some(Interaction {
                    id: format!("cp-{}", section.id()),
                    kind: InteractionKind::LongFillIn,
                    description_key: section.title_key(),
                    response: self.response(section),
                    correct_response: None,
                    choices: Vec::new(),
                    result: InteractionResult::Neutral,
                    weighting: 0.0,
                    latency_ms: None,
                    answered_at_ms: edited,
                })
            })
            .collect()
    }

    fn objectives(&self) -> Vec<ObjectiveResult> {
        Vec::new()
    }
}

impl PlanSession {
    /// A section's text for the LMS: each filled field as `id: text` (a
    /// lines field's items joined with `; `), or each row of the action plan.
    fn response(&self, section: &Section) -> Vec<String> {
        if section.is_action_plan() {
            let rows = self.plan.rows.iter().filter(|row| !row.is_blank());
            return rows.enumerate().map(|(idx, row)| row_text(idx + 1, row)).collect();
        }
        section
            .fields()
            .iter()
            .filter_map(|field| {
                let text = match (field.kind(), self.plan.values.get(field.id())?) {
                    (_, Value::Number(number)) => number.to_string(),
                    (FieldKind::Lines, Value::Text(text)) => {
                        items(text).collect::<Vec<_>>().join("; ")
                    }
                    (_, Value::Text(text)) => text.clone(),
                };
                Some(format!("{}: {text}", field.id()))
            })
            .collect()
    }
}

/// A row as one line: its number, then each cell that is filled.
fn row_text(number: usize, row: &Row) -> String {
    let dates = match (row.start, row.end) {
        (None, None) => String::new(),
        (start, end) => {
            let day =
                |date: Option<chrono::NaiveDate>| date.map(|d| d.to_string()).unwrap_or_default();
            format!("{}..{}", day(start), day(end))
        }
    };
    let budget = match (row.amount, &row.currency) {
        (Some(amount), Some(code)) => format!("{amount} {code}"),
        (Some(amount), None) => amount.to_string(),
        (None, _) => String::new(),
    };
    let cells =
        [row.activity.trim(), row.responsible.trim(), &dates, &budget, row.indicator.trim()];
    let filled: Vec<&str> = cells.into_iter().filter(|cell| !cell.is_empty()).collect();
    format!("{number}. {}", filled.join("; "))
}
