//! The plan as documents: Markdown to present and share, and JSON for the
//! result record's `artifacts` and to continue on another device. Learner
//! text is inert in both: in Markdown every character that could open
//! structure (a heading, a list, a table cell, HTML, a link, emphasis) is
//! escaped, and in JSON it is a string value.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::content::{FieldKind, PlanContent};
use super::keys::ui;
use super::model::{Plan, Row, Value, Window, items};
use super::resume::{PlanProblem, check_plan};
use super::{PlanSession, SectionStatus};

/// The `schema` of an exported plan.
pub const PLAN_EXPORT_SCHEMA: &str = "clusterlab.plan";
/// The version of the exported plan this release writes and reads.
const PLAN_EXPORT_VERSION: u32 = 1;
/// The plan's name among the result record's `artifacts`.
pub(crate) const PLAN_ARTIFACT: &str = "plan";
/// Where a result record keeps the plan.
const ARTIFACT_POINTER: &str = "/artifacts/plan";

/// Why an exported plan cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The text is not JSON, or not a plan of this version.
    #[error("the file is not a clusterlab plan")]
    NotAPlan,
    /// The file says it is a plan but breaks the plan's format.
    #[error("the plan file is damaged: {0}")]
    Damaged(String),
    /// The plan does not fit this course's content.
    #[error(transparent)]
    Plan(#[from] PlanProblem),
}

/// The exported plan. The attempt and what is computed (statuses, totals,
/// points, band, score) are there for readers and ignored on import.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanJson {
    schema: String,
    schema_version: u32,
    attempt: u32,
    window: WindowJson,
    sections: Vec<SectionJson>,
    rows: Vec<RowJson>,
    budget_totals: Vec<BudgetJson>,
    ratings: Vec<RatingJson>,
    rubric_points: u32,
    band: String,
    score: f64,
    complete: bool,
    decided_suggestions: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowJson {
    start: String,
    end: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionJson {
    id: String,
    status: String,
    fields: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowJson {
    id: u32,
    suggestion: Option<String>,
    activity: String,
    responsible: String,
    start: Option<String>,
    end: Option<String>,
    amount: Option<u64>,
    currency: Option<String>,
    indicator: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetJson {
    currency: String,
    amount: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingJson {
    criterion: String,
    level: u8,
}

impl PlanSession {
    /// The plan as JSON, for the result record's `artifacts` and for
    /// [`PlanSession::import`] on another device.
    pub fn to_json(&self) -> serde_json::Value {
        let plan = &self.plan;
        let json = PlanJson {
            schema: PLAN_EXPORT_SCHEMA.to_owned(),
            schema_version: PLAN_EXPORT_VERSION,
            attempt: self.attempt,
            window: WindowJson {
                start: plan.window.start().to_string(),
                end: plan.window.end().to_string(),
            },
            sections: self
                .content
                .sections()
                .iter()
                .map(|section| SectionJson {
                    id: section.id().to_owned(),
                    status: match self.status(section) {
                        SectionStatus::Empty => "empty",
                        SectionStatus::Started => "started",
                        SectionStatus::Passed => "passed",
                    }
                    .to_owned(),
                    fields: section
                        .fields()
                        .iter()
                        .filter_map(|field| {
                            let value = match plan.values.get(field.id())? {
                                Value::Text(text) => serde_json::Value::from(text.as_str()),
                                Value::Number(number) => serde_json::Value::from(*number),
                            };
                            Some((field.id().to_owned(), value))
                        })
                        .collect(),
                })
                .collect(),
            rows: plan
                .rows
                .iter()
                .map(|row| RowJson {
                    id: row.id,
                    suggestion: row.from.clone(),
                    activity: row.activity.clone(),
                    responsible: row.responsible.clone(),
                    start: row.start.map(|date| date.to_string()),
                    end: row.end.map(|date| date.to_string()),
                    amount: row.amount,
                    currency: row.currency.clone(),
                    indicator: row.indicator.clone(),
                })
                .collect(),
            budget_totals: self
                .budget_totals()
                .into_iter()
                .map(|(code, amount)| BudgetJson { currency: code.to_owned(), amount })
                .collect(),
            ratings: plan
                .ratings
                .iter()
                .map(|(id, level)| RatingJson { criterion: id.clone(), level: *level })
                .collect(),
            rubric_points: self.rubric_points(),
            band: self.band().id().to_owned(),
            score: self.score(),
            complete: self.is_complete(),
            decided_suggestions: plan.decided.iter().cloned().collect(),
        };
        serde_json::to_value(json).expect("a plan always serialises")
    }

    /// The plan as a Markdown document (CommonMark with GFM tables), with
    /// headings per section, the action plan and the rubric as tables.
    /// `text` gives a catalog key's string in the learner's language.
    pub fn to_markdown(&self, text: &dyn Fn(&str) -> String) -> String {
        let plan = &self.plan;
        let word = |name: &str| inline(&text(&ui(name)));
        let mut out =
            format!("# {}\n\n", heading(&text(&crate::ExerciseKind::ClusterPlan.title_key())));
        for section in self.content.sections() {
            out.push_str(&format!("## {}\n\n", heading(&text(&section.title_key()))));
            if section.is_action_plan() {
                action_plan(&mut out, self, &word);
                continue;
            }
            let mut written = false;
            for field in section.fields() {
                let Some(value) = plan.values.get(field.id()) else { continue };
                written = true;
                out.push_str(&format!("### {}\n\n", heading(&text(&field.label_key()))));
                match (field.kind(), value) {
                    (_, Value::Number(number)) => out.push_str(&format!("{number}\n\n")),
                    (FieldKind::Lines, Value::Text(value)) => {
                        for item in items(value) {
                            out.push_str(&format!("- {}\n", line(item)));
                        }
                        out.push('\n');
                    }
                    (_, Value::Text(value)) => {
                        out.push_str(&paragraphs(value));
                        out.push_str("\n\n");
                    }
                }
            }
            if !written {
                out.push_str(&format!("{}\n\n", word("not-written")));
            }
        }
        rubric(&mut out, self, text, &word);
        out
    }
}

fn action_plan(out: &mut String, session: &PlanSession, word: &dyn Fn(&str) -> String) {
    let window = session.window();
    out.push_str(&format!("{}: {} – {}\n\n", word("window"), window.start(), window.end()));
    let rows: Vec<&Row> = session.rows().iter().filter(|row| !row.is_blank()).collect();
    if rows.is_empty() {
        out.push_str(&format!("{}\n\n", word("not-written")));
        return;
    }
    let columns = ["row", "activity", "responsible", "start", "end", "budget", "indicator"];
    let header: Vec<String> = columns.iter().map(|name| word(name)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str("| ---: | --- | --- | --- | --- | ---: | --- |\n");
    let date = |date: Option<NaiveDate>| date.map(|date| date.to_string()).unwrap_or_default();
    for (idx, row) in rows.iter().enumerate() {
        let budget = match (row.amount, &row.currency) {
            (Some(amount), Some(code)) => format!("{amount} {code}"),
            (Some(amount), None) => amount.to_string(),
            (None, _) => String::new(),
        };
        let cells = [
            (idx + 1).to_string(),
            cell(&row.activity),
            cell(&row.responsible),
            date(row.start),
            date(row.end),
            budget,
            cell(&row.indicator),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
    let totals: Vec<String> = session
        .budget_totals()
        .into_iter()
        .map(|(code, amount)| format!("{amount} {code}"))
        .collect();
    if !totals.is_empty() {
        out.push_str(&format!("{}: {}\n\n", word("total-budget"), totals.join(", ")));
    }
}

fn rubric(
    out: &mut String,
    session: &PlanSession,
    text: &dyn Fn(&str) -> String,
    word: &dyn Fn(&str) -> String,
) {
    let rubric = session.content().rubric();
    let top = rubric.top_level();
    out.push_str(&format!("## {}\n\n", heading(&text(&ui("rubric")))));
    out.push_str(&format!("| {} | {} |\n| --- | ---: |\n", word("criterion"), word("level")));
    for criterion in rubric.criteria() {
        let level = match session.rating(criterion.id()) {
            Some(level) => format!("{level} / {top}"),
            None => word("not-rated"),
        };
        out.push_str(&format!("| {} | {level} |\n", cell(&text(&criterion.name_key()))));
    }
    out.push('\n');
    let band = inline(&text(&session.band().name_key()));
    out.push_str(&format!(
        "{}: {} / {} ({band})\n\n",
        word("rubric-total"),
        session.rubric_points(),
        rubric.max_points()
    ));
    out.push_str(&format!("{}: {} / 100\n", word("score"), session.score()));
}

/// The characters that open inline structure anywhere in a line: escapes,
/// code, emphasis, links, HTML and autolinks, table cells, strikethrough
/// and subscript, superscript, entities and maths.
const INLINE_SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '^', '&', '$'];

/// Text that reads as itself wherever inline Markdown is allowed.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if INLINE_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text for a heading line: inline, and `#` escaped too, which would
/// otherwise close the heading.
fn heading(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" ")).replace('#', "\\#")
}

/// Text for a table cell: one line, inline.
fn cell(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// One line of learner text at the start of a block: trimmed (leading
/// spaces make code, trailing ones a line break), inline, and the markers
/// of headings, lists, setext underlines and definitions escaped.
fn line(text: &str) -> String {
    let text = text.trim();
    let mut out = inline(text);
    if text.starts_with(['#', '-', '+', '=', ':']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Learner text as paragraphs: blank lines separate them, and each line
/// break within one is kept as a hard break.
fn paragraphs(text: &str) -> String {
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    for raw in text.lines() {
        if raw.trim().is_empty() {
            if paragraphs.last().is_some_and(|lines| !lines.is_empty()) {
                paragraphs.push(Vec::new());
            }
        } else if let Some(lines) = paragraphs.last_mut() {
            lines.push(line(raw));
        }
    }
    paragraphs
        .iter()
        .filter(|lines| !lines.is_empty())
        .map(|lines| lines.join("\\\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The plan an exported `text` holds, checked against `content`; its
/// sections' edit times are the importer's to set.
pub(crate) fn read(content: &PlanContent, text: &str) -> Result<Plan, ImportError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| ImportError::NotAPlan)?;
    // The exercise's result record carries the plan among its artifacts,
    // so the file a learner downloaded continues the plan as it is.
    if let Some(plan) = value.pointer_mut(ARTIFACT_POINTER) {
        value = plan.take();
    }
    let schema = value.get("schema").and_then(serde_json::Value::as_str);
    let version = value.get("schema_version").and_then(serde_json::Value::as_u64);
    if schema != Some(PLAN_EXPORT_SCHEMA) || version != Some(u64::from(PLAN_EXPORT_VERSION)) {
        return Err(ImportError::NotAPlan);
    }
    let json: PlanJson =
        serde_json::from_value(value).map_err(|err| ImportError::Damaged(err.to_string()))?;
    let date = |text: &str| text.parse::<NaiveDate>().map_err(|_| PlanProblem::BadDate);
    let optional = |text: &Option<String>| text.as_deref().map(date).transpose();
    let mut plan = Plan::new(Window::new(date(&json.window.start)?, date(&json.window.end)?));
    for section in &json.sections {
        for (id, value) in &section.fields {
            let value = match value {
                serde_json::Value::String(text) => Value::Text(text.clone()),
                serde_json::Value::Number(number) => {
                    Value::Number(number.as_u64().ok_or_else(|| PlanProblem::BadValue(id.clone()))?)
                }
                _ => return Err(PlanProblem::BadValue(id.clone()).into()),
            };
            if plan.values.insert(id.clone(), value).is_some() {
                return Err(PlanProblem::DuplicateField(id.clone()).into());
            }
        }
    }
    for row in &json.rows {
        plan.rows.push(Row {
            id: row.id,
            from: row.suggestion.clone(),
            activity: row.activity.clone(),
            responsible: row.responsible.clone(),
            start: optional(&row.start)?,
            end: optional(&row.end)?,
            amount: row.amount,
            currency: row.currency.clone(),
            indicator: row.indicator.clone(),
        });
        plan.decided.extend(row.suggestion.clone());
    }
    plan.next_row = json.rows.iter().map(|row| row.id).max().unwrap_or(0).saturating_add(1);
    for rating in &json.ratings {
        if plan.ratings.insert(rating.criterion.clone(), rating.level).is_some() {
            return Err(PlanProblem::BadRating(rating.criterion.clone()).into());
        }
    }
    plan.decided.extend(json.decided_suggestions.iter().cloned());
    check_plan(content, &plan)?;
    Ok(plan)
}
