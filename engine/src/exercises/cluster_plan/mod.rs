//! The cluster development plan builder (content brief §E): the learner
//! writes a diagnosis and the eight Module 3 sections field by field, a
//! six-month action plan row by row, and scores the plan against the
//! rubric. Checks say what a section still lacks without blocking the
//! writing; the score comes from the sections that pass and the rubric.
//!
//! A view opens a [`PlanSession`] on a [`PlanSetup`] (the content, today's
//! date and the quiz's capacity needs), then calls the transitions in any
//! order: [`PlanSession::set_text`], [`PlanSession::set_number`],
//! [`PlanSession::add_row`], [`PlanSession::edit_row`],
//! [`PlanSession::move_row`], [`PlanSession::remove_row`],
//! [`PlanSession::set_window`], [`PlanSession::accept_suggestion`],
//! [`PlanSession::drop_suggestion`], [`PlanSession::rate`],
//! [`PlanSession::import`] and, once the plan is complete,
//! [`PlanSession::retry`]. Each returns `Result<Outcome, ActError>`; a
//! refused one changes nothing.
//!
//! - `content` is the section of the content, validated: [`PlanContent`].
//! - `model` is what the learner writes: values, rows, the window.
//! - `checks` reads a section and returns its [`Finding`]s.
//! - `export` writes the plan as Markdown and as JSON, and reads the JSON back.
//! - `report` is what the exercise tells the LMS; `resume` its saved form.
//! - `keys` derives the catalog keys of findings and the views' words.

mod checks;
pub(crate) mod content;
mod export;
pub mod keys;
mod model;
pub(crate) mod raw;
mod report;
mod resume;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::exercises::aec_quiz::content::dimension_name_key;
use crate::exercises::retry::RetryRefusal;
use crate::vocabulary::CapacityNeed;
use model::{Plan, Value, clean_text};

pub use checks::{Finding, SmartGap};
pub use content::{
    ActionPlanRules, Band, Criterion, ExampleRow, Field, FieldCheck, FieldKind, PlanContent,
    Rubric, Scoring, Section,
};
pub use export::{ImportError, PLAN_EXPORT_SCHEMA};
pub use model::{Direction, Row, RowEdit, Window, WindowProblem};
pub use resume::{PLAN_RESUME_VERSION, PlanProblem, PlanResume, ResumeError, SavedRow, SavedValue};

/// What a plan session starts from: the content, and what the shell hands
/// in because the engine has no clock and no storage of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSetup {
    content: Arc<PlanContent>,
    today: NaiveDate,
    needs: Vec<CapacityNeed>,
}

impl PlanSetup {
    /// The setup of a plan opened on `today` by a learner whose quiz found
    /// `needs` (none when the quiz was not taken).
    pub fn new(content: &PlanContent, today: NaiveDate, needs: &[CapacityNeed]) -> PlanSetup {
        PlanSetup { content: Arc::new(content.clone()), today, needs: needs.to_vec() }
    }
}

/// A capacity-building need from the quiz, offered as an action-plan row
/// that the learner accepts or drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    id: String,
    dimension: String,
    readiness: u8,
    recommendation_key: Option<String>,
}

impl Suggestion {
    /// Its id: the quiz's recommendation key, or its dimension's name key
    /// when the need came without a recommendation. Stable across visits.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The quiz dimension it comes from.
    pub fn dimension(&self) -> &str {
        &self.dimension
    }

    /// That dimension's readiness, 0–100.
    pub fn readiness(&self) -> u8 {
        self.readiness
    }

    /// The catalog key of the quiz's recommendation (in the quiz's catalog
    /// part), the natural text of the row; `None` for a weak dimension
    /// without one.
    pub fn recommendation_key(&self) -> Option<&str> {
        self.recommendation_key.as_deref()
    }

    /// The catalog key of the dimension's name (in the quiz's catalog part).
    pub fn dimension_key(&self) -> String {
        dimension_name_key(&self.dimension)
    }
}

/// The suggestions `needs` make, weakest dimension first, each once.
fn suggestions_of(needs: &[CapacityNeed]) -> Vec<Suggestion> {
    let mut offered: Vec<Suggestion> = Vec::new();
    for need in needs {
        let recommendations = need.recommendation_keys.iter().map(Some);
        let keys: Vec<Option<&String>> = if need.recommendation_keys.is_empty() {
            vec![None]
        } else {
            recommendations.collect()
        };
        for key in keys {
            let id = key.cloned().unwrap_or_else(|| dimension_name_key(&need.dimension));
            if !offered.iter().any(|suggestion| suggestion.id == id) {
                offered.push(Suggestion {
                    id,
                    dimension: need.dimension.clone(),
                    readiness: need.readiness,
                    recommendation_key: key.cloned(),
                });
            }
        }
    }
    offered
}

/// How far a section has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SectionStatus {
    /// Nothing written yet.
    Empty,
    /// Something written; a check still blocks.
    Started,
    /// Every required field is filled in and no check blocks.
    Passed,
}

/// What a successful transition did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A field, a row's cell, the window or a rating changed.
    Edited,
    /// A row was added, blank or from a suggestion.
    RowAdded {
        /// Its id.
        row: u32,
    },
    /// A row moved.
    RowMoved,
    /// A row was removed.
    RowRemoved,
    /// A suggestion was dropped.
    SuggestionDropped,
    /// An exported plan replaced this attempt's plan.
    Imported,
    /// A new attempt starts with a blank plan.
    Retried {
        /// The new attempt's number, from 1.
        attempt: u32,
    },
}

/// Why a transition was refused. The session is unchanged after each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActError {
    /// No field has this id.
    #[error("no field `{0}`")]
    UnknownField(String),
    /// Text was given to a number field.
    #[error("`{0}` takes a number")]
    NotText(String),
    /// A number was given to a text field.
    #[error("`{0}` takes text")]
    NotNumber(String),
    /// The text is longer than the field takes.
    #[error("the text is longer than {max} characters")]
    TooLong {
        /// The most characters.
        max: usize,
    },
    /// The number is larger than the field takes.
    #[error("the number is larger than {max}")]
    TooLarge {
        /// The largest value.
        max: u64,
    },
    /// No row has this id.
    #[error("no row {0}")]
    UnknownRow(u32),
    /// The action plan has as many rows as it may.
    #[error("the action plan has its {max} rows already")]
    TooManyRows {
        /// The most rows.
        max: usize,
    },
    /// The row is first (moving up) or last (moving down) already.
    #[error("the row cannot move further")]
    AtEdge,
    /// The currency is not one the content offers.
    #[error("`{0}` is not an offered currency")]
    UnknownCurrency(String),
    /// No rubric criterion has this id.
    #[error("no rubric criterion `{0}`")]
    UnknownCriterion(String),
    /// The level is above the rubric's top level.
    #[error("the top level is {top}")]
    LevelTooHigh {
        /// The rubric's top level.
        top: u8,
    },
    /// No pending suggestion has this id.
    #[error("no pending suggestion `{0}`")]
    UnknownSuggestion(String),
    /// The window cannot be set.
    #[error(transparent)]
    Window(#[from] WindowProblem),
    /// A new attempt starts only once the plan is complete.
    #[error("the plan is not complete yet")]
    NotComplete,
    /// No further attempt is allowed.
    #[error(transparent)]
    Retry(RetryRefusal),
    /// The file to import is not a plan this exercise can continue.
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// The score of a complete plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanResult {
    /// The score, 0–100.
    pub score: f64,
    /// Whether it reached the pass mark.
    pub passed: bool,
}

/// One learner's plan, across attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSession {
    content: Arc<PlanContent>,
    suggestions: Vec<Suggestion>,
    attempt: u32,
    plan: Plan,
    pass_mark_override: Option<f64>,
}

impl PlanSession {
    /// A blank plan whose window is the content's default in `setup`'s year.
    pub fn new(setup: &PlanSetup) -> PlanSession {
        let window = setup.content.action_plan().default_window(setup.today);
        PlanSession {
            content: Arc::clone(&setup.content),
            suggestions: suggestions_of(&setup.needs),
            attempt: 1,
            plan: Plan::new(window),
            pass_mark_override: None,
        }
    }

    /// Sets a text, long-text or lines field; empty text clears it. Line
    /// breaks become `\n`, and other control characters spaces (line
    /// breaks too, in a one-line field).
    pub fn set_text(&mut self, field: &str, text: &str, now_ms: i64) -> Result<Outcome, ActError> {
        let (section, spec) =
            self.content.field(field).ok_or_else(|| ActError::UnknownField(field.to_owned()))?;
        if spec.kind() == FieldKind::Number {
            return Err(ActError::NotText(field.to_owned()));
        }
        let text = clean_text(text, spec.kind() != FieldKind::Text);
        if text.chars().count() > spec.max_chars() {
            return Err(ActError::TooLong { max: spec.max_chars() });
        }
        let section = section.id().to_owned();
        if text.is_empty() {
            self.plan.values.remove(field);
        } else {
            self.plan.values.insert(field.to_owned(), Value::Text(text));
        }
        self.plan.edited.insert(section, now_ms);
        Ok(Outcome::Edited)
    }

    /// Sets a number field; `None` clears it.
    pub fn set_number(
        &mut self,
        field: &str,
        number: Option<u64>,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let (section, spec) =
            self.content.field(field).ok_or_else(|| ActError::UnknownField(field.to_owned()))?;
        if spec.kind() != FieldKind::Number {
            return Err(ActError::NotNumber(field.to_owned()));
        }
        if number.is_some_and(|number| number > spec.max_number()) {
            return Err(ActError::TooLarge { max: spec.max_number() });
        }
        let section = section.id().to_owned();
        match number {
            Some(number) => self.plan.values.insert(field.to_owned(), Value::Number(number)),
            None => self.plan.values.remove(field),
        };
        self.plan.edited.insert(section, now_ms);
        Ok(Outcome::Edited)
    }

    /// Adds a blank row at the end of the action plan.
    pub fn add_row(&mut self, now_ms: i64) -> Result<Outcome, ActError> {
        let row = self.push_row(None, String::new())?;
        self.touch_action_plan(now_ms);
        Ok(Outcome::RowAdded { row })
    }

    fn push_row(&mut self, from: Option<String>, activity: String) -> Result<u32, ActError> {
        let max = self.content.action_plan().max_rows();
        if self.plan.rows.len() >= max {
            return Err(ActError::TooManyRows { max });
        }
        let id = self.plan.next_row;
        let mut row = model::Row::new(id);
        row.from = from;
        row.activity = activity;
        self.plan.rows.push(row);
        self.plan.next_row += 1;
        Ok(id)
    }

    fn touch_action_plan(&mut self, now_ms: i64) {
        let section = self.content.action_plan_section().id().to_owned();
        self.plan.edited.insert(section, now_ms);
    }

    /// The text of a row's cell as the plan keeps it, or why it is refused.
    fn row_text(&self, text: &str) -> Result<String, ActError> {
        let max = self.content.action_plan().text_max_chars();
        let text = clean_text(text, false);
        if text.chars().count() > max { Err(ActError::TooLong { max }) } else { Ok(text) }
    }

    /// Changes one cell of row `row`.
    pub fn edit_row(&mut self, row: u32, edit: RowEdit, now_ms: i64) -> Result<Outcome, ActError> {
        let idx = self.plan.row_idx(row).ok_or(ActError::UnknownRow(row))?;
        let edit = match edit {
            RowEdit::Activity(text) => RowEdit::Activity(self.row_text(&text)?),
            RowEdit::Responsible(text) => RowEdit::Responsible(self.row_text(&text)?),
            RowEdit::Indicator(text) => RowEdit::Indicator(self.row_text(&text)?),
            RowEdit::Currency(Some(code)) if !self.content.action_plan().offers(&code) => {
                return Err(ActError::UnknownCurrency(code));
            }
            edit => edit,
        };
        let cells = &mut self.plan.rows[idx];
        match edit {
            RowEdit::Activity(text) => cells.activity = text,
            RowEdit::Responsible(text) => cells.responsible = text,
            RowEdit::Indicator(text) => cells.indicator = text,
            RowEdit::Start(date) => cells.start = date,
            RowEdit::End(date) => cells.end = date,
            RowEdit::Amount(amount) => cells.amount = amount,
            RowEdit::Currency(code) => cells.currency = code,
        }
        self.touch_action_plan(now_ms);
        Ok(Outcome::Edited)
    }

    /// Moves row `row` one place up or down; its id stays.
    pub fn move_row(
        &mut self,
        row: u32,
        direction: Direction,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let idx = self.plan.row_idx(row).ok_or(ActError::UnknownRow(row))?;
        let other = match direction {
            Direction::Up => idx.checked_sub(1),
            Direction::Down => Some(idx + 1).filter(|next| *next < self.plan.rows.len()),
        };
        let other = other.ok_or(ActError::AtEdge)?;
        self.plan.rows.swap(idx, other);
        self.touch_action_plan(now_ms);
        Ok(Outcome::RowMoved)
    }

    /// Removes row `row`; the other rows keep their ids. A suggestion it
    /// came from is not offered again.
    pub fn remove_row(&mut self, row: u32, now_ms: i64) -> Result<Outcome, ActError> {
        let idx = self.plan.row_idx(row).ok_or(ActError::UnknownRow(row))?;
        self.plan.rows.remove(idx);
        self.touch_action_plan(now_ms);
        Ok(Outcome::RowRemoved)
    }

    /// Moves the action plan's window; rows outside it are flagged, not changed.
    pub fn set_window(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let window = Window::new(start, end);
        if let Some(problem) = window.problem(self.content.action_plan().max_months()) {
            return Err(problem.into());
        }
        self.plan.window = window;
        self.touch_action_plan(now_ms);
        Ok(Outcome::Edited)
    }

    /// Accepts a suggestion as a new row whose activity is `activity`: the
    /// suggestion's text in the learner's language, which the view has.
    pub fn accept_suggestion(
        &mut self,
        suggestion: &str,
        activity: &str,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        self.pending(suggestion)?;
        let activity = self.row_text(activity)?;
        let row = self.push_row(Some(suggestion.to_owned()), activity)?;
        self.plan.decided.insert(suggestion.to_owned());
        self.touch_action_plan(now_ms);
        Ok(Outcome::RowAdded { row })
    }

    /// Drops a suggestion: it is not offered again in this attempt.
    pub fn drop_suggestion(&mut self, suggestion: &str) -> Result<Outcome, ActError> {
        self.pending(suggestion)?;
        self.plan.decided.insert(suggestion.to_owned());
        Ok(Outcome::SuggestionDropped)
    }

    fn pending(&self, suggestion: &str) -> Result<(), ActError> {
        let offered = self.suggestions().any(|offered| offered.id == suggestion);
        if offered { Ok(()) } else { Err(ActError::UnknownSuggestion(suggestion.to_owned())) }
    }

    /// Rates a rubric criterion from 0 to the top level; `None` takes the
    /// rating back.
    pub fn rate(&mut self, criterion: &str, level: Option<u8>) -> Result<Outcome, ActError> {
        if self.content.rubric().criterion(criterion).is_none() {
            return Err(ActError::UnknownCriterion(criterion.to_owned()));
        }
        let top = self.content.rubric().top_level();
        match level {
            Some(level) if level > top => return Err(ActError::LevelTooHigh { top }),
            Some(level) => self.plan.ratings.insert(criterion.to_owned(), level),
            None => self.plan.ratings.remove(criterion),
        };
        Ok(Outcome::Edited)
    }

    /// Replaces this attempt's plan with an exported one (the JSON of
    /// [`PlanSession::to_json`]), to continue on another device. Nothing
    /// changes when the file is refused.
    pub fn import(&mut self, text: &str, now_ms: i64) -> Result<Outcome, ActError> {
        let mut plan = export::read(&self.content, text)?;
        for section in self.content.sections() {
            if has_content(&plan, section) {
                plan.edited.insert(section.id().to_owned(), now_ms);
            }
        }
        self.plan = plan;
        Ok(Outcome::Imported)
    }

    /// Starts a new attempt with a blank plan in the same window, once this
    /// one is complete and the content allows another. The finished plan
    /// stays in the LMS's counted try and in any export made before.
    pub fn retry(&mut self) -> Result<Outcome, ActError> {
        if !self.is_complete() {
            return Err(ActError::NotComplete);
        }
        let passed = self.result().is_some_and(|result| result.passed);
        if let Some(refusal) = self.content.retry().refusal(self.attempt, passed) {
            return Err(ActError::Retry(refusal));
        }
        self.attempt += 1;
        self.plan = Plan::new(self.plan.window);
        Ok(Outcome::Retried { attempt: self.attempt })
    }

    /// The exercise's content.
    pub fn content(&self) -> &PlanContent {
        &self.content
    }

    /// The attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The text of a field; empty when unset or not a text field.
    pub fn text(&self, field: &str) -> &str {
        self.plan.text(field)
    }

    /// The value of a number field, if set.
    pub fn number(&self, field: &str) -> Option<u64> {
        self.plan.number(field)
    }

    /// The action plan's window.
    pub fn window(&self) -> Window {
        self.plan.window
    }

    /// The action plan's rows, in plan order.
    pub fn rows(&self) -> &[Row] {
        &self.plan.rows
    }

    /// The row with this id.
    pub fn row(&self, id: u32) -> Option<&Row> {
        self.plan.rows.iter().find(|row| row.id == id)
    }

    /// The suggestions not yet accepted or dropped.
    pub fn suggestions(&self) -> impl Iterator<Item = &Suggestion> {
        self.suggestions.iter().filter(|suggestion| !self.plan.decided.contains(&suggestion.id))
    }

    /// The level the learner gave a criterion, if rated.
    pub fn rating(&self, criterion: &str) -> Option<u8> {
        self.plan.ratings.get(criterion).copied()
    }

    /// The findings of a section (none for an unknown id).
    pub fn findings(&self, section: &str) -> Vec<Finding> {
        self.content
            .section(section)
            .map(|section| checks::findings(&self.content, &self.plan, section))
            .unwrap_or_default()
    }

    /// How far a section has got.
    pub fn status(&self, section: &Section) -> SectionStatus {
        if !has_content(&self.plan, section) {
            SectionStatus::Empty
        } else if self.passes(section) {
            SectionStatus::Passed
        } else {
            SectionStatus::Started
        }
    }

    fn passes(&self, section: &Section) -> bool {
        checks::findings(&self.content, &self.plan, section).iter().all(|finding| !finding.blocks())
    }

    /// Whether every section passes its checks: the plan is complete.
    pub fn is_complete(&self) -> bool {
        self.content.sections().iter().all(|section| self.passes(section))
    }

    /// The rubric's points: the sum of the levels given.
    pub fn rubric_points(&self) -> u32 {
        self.plan.ratings.values().map(|level| u32::from(*level)).sum()
    }

    /// The rubric band of the points so far.
    pub fn band(&self) -> &Band {
        self.content.rubric().band_for(self.rubric_points())
    }

    /// The criteria that lost points, most lost first (unrated ones lose
    /// every point), ties in rubric order, with the section each links to.
    pub fn weakest_criteria(&self) -> Vec<(&Criterion, u8)> {
        let top = self.content.rubric().top_level();
        let mut lost: Vec<(&Criterion, u8)> = self
            .content
            .rubric()
            .criteria()
            .iter()
            .map(|criterion| (criterion, top - self.rating(criterion.id()).unwrap_or(0)))
            .filter(|(_, lost)| *lost > 0)
            .collect();
        lost.sort_by_key(|(_, lost)| std::cmp::Reverse(*lost));
        lost
    }

    /// The score so far, 0–100 to two decimals: the completeness weight
    /// times the share of sections that pass, plus the rubric weight times
    /// the share of the rubric's points given.
    pub fn score(&self) -> f64 {
        let sections = self.content.sections();
        let passed = sections.iter().filter(|section| self.passes(section)).count();
        let scoring = self.content.scoring();
        let max_points = self.content.rubric().max_points().max(1);
        let completeness =
            f64::from(scoring.completeness()) * passed as f64 / sections.len() as f64;
        let rubric = f64::from(scoring.rubric()) * f64::from(self.rubric_points().min(max_points))
            / f64::from(max_points);
        ((completeness + rubric) * 100.0).round().clamp(0.0, 10_000.0) / 100.0
    }

    /// The pass mark, 0–100: the LMS's mastery score when it set one.
    pub fn pass_mark(&self) -> f64 {
        self.pass_mark_override.unwrap_or(f64::from(self.content.scoring().pass_mark()))
    }

    /// The score and verdict, once the plan is complete.
    pub fn result(&self) -> Option<PlanResult> {
        self.is_complete().then(|| {
            let score = self.score();
            PlanResult { score, passed: score >= self.pass_mark() - 1e-9 }
        })
    }

    /// The budget of the rows that name a currency, summed per currency in
    /// the content's currency order; currencies without a budget are left out.
    pub fn budget_totals(&self) -> Vec<(&str, u64)> {
        self.content
            .action_plan()
            .currencies()
            .iter()
            .filter_map(|code| {
                let rows = self.plan.rows.iter().filter(|row| row.currency() == Some(code));
                let amounts: Vec<u64> = rows.filter_map(|row| row.amount).collect();
                let total = amounts.iter().fold(0u64, |sum, amount| sum.saturating_add(*amount));
                (!amounts.is_empty()).then_some((code.as_str(), total))
            })
            .collect()
    }

    /// Attempts left after this one.
    pub fn attempts_left(&self) -> u32 {
        self.content.retry().attempts_left(self.attempt)
    }

    /// Whether a new attempt may start now.
    pub fn can_retry(&self) -> bool {
        let passed = self.result().is_some_and(|result| result.passed);
        self.is_complete() && self.content.retry().refusal(self.attempt, passed).is_none()
    }
}

/// Whether the learner has written anything in `section` of `plan`.
fn has_content(plan: &Plan, section: &Section) -> bool {
    if section.is_action_plan() {
        plan.rows.iter().any(|row| !row.is_blank())
    } else {
        section.fields().iter().any(|field| plan.values.contains_key(field.id()))
    }
}
