//! The saved form of a plan session: every field's value by its id, the
//! rows with their ids, the window and the dates as days of the Common Era,
//! the ratings and the suggestions decided. Learner text goes in whole; the
//! resume state deflates it, and `ResumeState::encode_for` refuses a state
//! too long for the LMS rather than cut it. A form that names something the
//! content does not have, or holds what no transition writes (text a field
//! would refuse, a row id not yet given out), is refused.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::content::{FieldKind, PlanContent};
use super::model::{Plan, Row, Value, Window, WindowProblem, clean_text};
use super::{PlanSession, PlanSetup, suggestions_of};
use crate::exercises::{ExerciseSession, ExerciseState};

/// The version of [`PlanResume`] this release writes.
pub const PLAN_RESUME_VERSION: u32 = 1;

/// The saved form of a plan session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanResume {
    /// Its version, [`PLAN_RESUME_VERSION`].
    pub v: u32,
    /// The attempt, from 1.
    pub attempt: u32,
    /// The window's first and last day, in days of the Common Era.
    pub window: (i32, i32),
    /// Each field that has a value, by id.
    pub values: Vec<(String, SavedValue)>,
    /// When each section was last changed, by id, in ms since the epoch.
    pub edited: Vec<(String, i64)>,
    /// The action plan's rows, in plan order.
    pub rows: Vec<SavedRow>,
    /// The id the next row gets.
    pub next_row: u32,
    /// Each rated criterion's level, by id.
    pub ratings: Vec<(String, u8)>,
    /// The suggestions accepted or dropped, by id.
    pub decided: Vec<String>,
}

/// A field's saved value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SavedValue {
    /// Text.
    Text(String),
    /// A number.
    Number(u64),
}

/// A saved row; dates in days of the Common Era.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRow {
    /// Its id.
    pub id: u32,
    /// The suggestion it was accepted from.
    pub from: Option<String>,
    /// The activity.
    pub activity: String,
    /// The responsible party.
    pub responsible: String,
    /// Its first day.
    pub start: Option<i32>,
    /// Its last day.
    pub end: Option<i32>,
    /// The budget's amount.
    pub amount: Option<u64>,
    /// The budget's currency code.
    pub currency: Option<String>,
    /// The indicator and target.
    pub indicator: String,
}

/// Why a saved or imported plan does not fit the content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanProblem {
    /// A field the content does not have.
    #[error("no field `{0}`")]
    UnknownField(String),
    /// A field given twice.
    #[error("field `{0}` is given twice")]
    DuplicateField(String),
    /// A value of the wrong kind, or text that the field would not keep
    /// (empty, too long, with control characters).
    #[error("field `{0}` holds a value it does not take")]
    BadValue(String),
    /// A section the content does not have.
    #[error("no section `{0}`")]
    UnknownSection(String),
    /// More rows than the content allows.
    #[error("more rows than the action plan takes")]
    TooManyRows,
    /// A row id given twice, 0, or not yet given out.
    #[error("row id {0} is given twice or was never given out")]
    BadRowId(u32),
    /// A row's cell that the row would not keep.
    #[error("row {0} holds a value it does not take")]
    BadRow(u32),
    /// A currency the content does not offer.
    #[error("`{0}` is not an offered currency")]
    UnknownCurrency(String),
    /// A day that is not a date.
    #[error("a date is out of range")]
    BadDate,
    /// A criterion the rubric does not have, rated twice or above the top.
    #[error("rating of `{0}` does not fit the rubric")]
    BadRating(String),
    /// The window breaks the content's rules.
    #[error(transparent)]
    Window(#[from] WindowProblem),
    /// A row from a suggestion that is not marked decided.
    #[error("suggestion `{0}` is not decided")]
    Undecided(String),
}

/// Why a saved form does not restore.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    /// A version this release does not know.
    #[error("saved plan has unknown version {0}")]
    UnknownVersion(u32),
    /// An attempt beyond the content's limit.
    #[error("attempt {0} is out of range")]
    AttemptOutOfRange(u32),
    /// The plan does not fit the content.
    #[error(transparent)]
    Plan(#[from] PlanProblem),
}

impl PlanSession {
    /// The saved form of the session.
    pub fn resume_state(&self) -> PlanResume {
        let plan = &self.plan;
        PlanResume {
            v: PLAN_RESUME_VERSION,
            attempt: self.attempt,
            window: (days(plan.window.start()), days(plan.window.end())),
            values: plan
                .values
                .iter()
                .map(|(id, value)| {
                    let saved = match value {
                        Value::Text(text) => SavedValue::Text(text.clone()),
                        Value::Number(number) => SavedValue::Number(*number),
                    };
                    (id.clone(), saved)
                })
                .collect(),
            edited: plan.edited.iter().map(|(id, at)| (id.clone(), *at)).collect(),
            rows: plan
                .rows
                .iter()
                .map(|row| SavedRow {
                    id: row.id,
                    from: row.from.clone(),
                    activity: row.activity.clone(),
                    responsible: row.responsible.clone(),
                    start: row.start.map(days),
                    end: row.end.map(days),
                    amount: row.amount,
                    currency: row.currency.clone(),
                    indicator: row.indicator.clone(),
                })
                .collect(),
            next_row: plan.next_row,
            ratings: plan.ratings.iter().map(|(id, level)| (id.clone(), *level)).collect(),
            decided: plan.decided.iter().cloned().collect(),
        }
    }

    /// The session `saved` describes, on `setup`.
    pub fn resume(setup: &PlanSetup, saved: &PlanResume) -> Result<PlanSession, ResumeError> {
        if saved.v != PLAN_RESUME_VERSION {
            return Err(ResumeError::UnknownVersion(saved.v));
        }
        let content = &setup.content;
        if !(1..=content.retry().max_attempts()).contains(&saved.attempt) {
            return Err(ResumeError::AttemptOutOfRange(saved.attempt));
        }
        let plan = plan_of(saved)?;
        check_plan(content, &plan)?;
        Ok(PlanSession {
            content: Arc::clone(content),
            suggestions: suggestions_of(&setup.needs),
            attempt: saved.attempt,
            plan,
            pass_mark_override: None,
        })
    }
}

fn days(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

pub(crate) fn date(days: i32) -> Result<NaiveDate, PlanProblem> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or(PlanProblem::BadDate)
}

/// The plan `saved` holds, with nothing given twice.
fn plan_of(saved: &PlanResume) -> Result<Plan, PlanProblem> {
    let window = Window::new(date(saved.window.0)?, date(saved.window.1)?);
    let mut plan = Plan::new(window);
    for (id, value) in &saved.values {
        let value = match value {
            SavedValue::Text(text) => Value::Text(text.clone()),
            SavedValue::Number(number) => Value::Number(*number),
        };
        if plan.values.insert(id.clone(), value).is_some() {
            return Err(PlanProblem::DuplicateField(id.clone()));
        }
    }
    for (id, at) in &saved.edited {
        if plan.edited.insert(id.clone(), *at).is_some() {
            return Err(PlanProblem::UnknownSection(id.clone()));
        }
    }
    for row in &saved.rows {
        plan.rows.push(Row {
            id: row.id,
            from: row.from.clone(),
            activity: row.activity.clone(),
            responsible: row.responsible.clone(),
            start: row.start.map(date).transpose()?,
            end: row.end.map(date).transpose()?,
            amount: row.amount,
            currency: row.currency.clone(),
            indicator: row.indicator.clone(),
        });
    }
    plan.next_row = saved.next_row;
    for (id, level) in &saved.ratings {
        if plan.ratings.insert(id.clone(), *level).is_some() {
            return Err(PlanProblem::BadRating(id.clone()));
        }
    }
    for id in &saved.decided {
        if !plan.decided.insert(id.clone()) {
            return Err(PlanProblem::Undecided(id.clone()));
        }
    }
    Ok(plan)
}

/// Whether `plan` is one the transitions could have written on `content`.
pub(crate) fn check_plan(content: &PlanContent, plan: &Plan) -> Result<(), PlanProblem> {
    let rules = content.action_plan();
    if let Some(problem) = plan.window.problem(rules.max_months()) {
        return Err(problem.into());
    }
    for (id, value) in &plan.values {
        let (_, field) = content.field(id).ok_or_else(|| PlanProblem::UnknownField(id.clone()))?;
        let fits = match (field.kind(), value) {
            (FieldKind::Number, Value::Number(number)) => *number <= field.max_number(),
            (FieldKind::Number, Value::Text(_)) | (_, Value::Number(_)) => false,
            (kind, Value::Text(text)) => {
                !text.is_empty()
                    && text.chars().count() <= field.max_chars()
                    && clean_text(text, kind != FieldKind::Text) == *text
            }
        };
        if !fits {
            return Err(PlanProblem::BadValue(id.clone()));
        }
    }
    if let Some(id) = plan.edited.keys().find(|id| content.section(id).is_none()) {
        return Err(PlanProblem::UnknownSection(id.clone()));
    }
    if plan.rows.len() > rules.max_rows() {
        return Err(PlanProblem::TooManyRows);
    }
    let mut ids = BTreeSet::new();
    for row in &plan.rows {
        if row.id == 0 || row.id >= plan.next_row || !ids.insert(row.id) {
            return Err(PlanProblem::BadRowId(row.id));
        }
        let cell_fits = |text: &String| {
            text.chars().count() <= rules.text_max_chars() && clean_text(text, false) == *text
        };
        if ![&row.activity, &row.responsible, &row.indicator].into_iter().all(cell_fits) {
            return Err(PlanProblem::BadRow(row.id));
        }
        if let Some(code) = row.currency.as_ref().filter(|code| !rules.offers(code)) {
            return Err(PlanProblem::UnknownCurrency(code.clone()));
        }
        if let Some(from) = row.from.as_ref().filter(|from| !plan.decided.contains(*from)) {
            return Err(PlanProblem::Undecided(from.clone()));
        }
    }
    let top = content.rubric().top_level();
    for (id, level) in &plan.ratings {
        if content.rubric().criterion(id).is_none() || *level > top {
            return Err(PlanProblem::BadRating(id.clone()));
        }
    }
    Ok(())
}

impl ExerciseSession for PlanSession {
    type Content = PlanSetup;
    type Saved = PlanResume;
    type RestoreError = ResumeError;

    /// A blank plan; a plan draws nothing at random, so `seed` is unused.
    fn start(setup: &PlanSetup, _seed: u64) -> PlanSession {
        PlanSession::new(setup)
    }

    fn saved(&self) -> PlanResume {
        self.resume_state()
    }

    fn saved_in(state: &ExerciseState) -> Option<&PlanResume> {
        match state {
            ExerciseState::ClusterPlan(saved) => Some(saved),
            _ => None,
        }
    }

    fn restore(setup: &PlanSetup, saved: &PlanResume) -> Result<PlanSession, ResumeError> {
        PlanSession::resume(setup, saved)
    }

    fn set_pass_mark(&mut self, mastery: Option<f64>) {
        self.pass_mark_override = mastery;
    }
}
