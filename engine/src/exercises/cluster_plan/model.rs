//! What the learner writes: each field's value by its stable id, the action
//! plan's rows with ids that survive reordering, the window the activities
//! fall in, the self-scored rubric and the suggestions already decided.
//! Plain data with the rules of a single value (clean text, a valid
//! window); the checks across a section are in `checks.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

/// The dates an action plan's activities fall in, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    start: NaiveDate,
    end: NaiveDate,
}

/// Why a window cannot be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WindowProblem {
    /// The end comes before the start.
    #[error("the window ends before it starts")]
    EndBeforeStart,
    /// The window spans more months than the content allows.
    #[error("the window is longer than {max_months} months")]
    TooLong {
        /// The content's limit.
        max_months: u32,
    },
}

impl Window {
    pub(crate) fn new(start: NaiveDate, end: NaiveDate) -> Window {
        Window { start, end }
    }

    /// Its first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Its last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` falls in it.
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.start..=self.end).contains(&date)
    }

    /// How many days it spans, both ends included.
    pub fn days(&self) -> i64 {
        self.end.signed_duration_since(self.start).num_days() + 1
    }

    /// Days from its first day to `date` (negative before it), for placing
    /// a Gantt bar.
    pub fn offset(&self, date: NaiveDate) -> i64 {
        date.signed_duration_since(self.start).num_days()
    }

    /// The first day of each month it touches, for a Gantt chart's axis.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut month = self.start.with_day(1);
        while let Some(first) = month.filter(|first| *first <= self.end) {
            months.push(first);
            month = first.checked_add_months(Months::new(1));
        }
        months
    }

    /// Why this window breaks a limit of `max_months`, if it does: it must
    /// end before the same day `max_months` months after its start.
    pub fn problem(&self, max_months: u32) -> Option<WindowProblem> {
        let limit = self.start.checked_add_months(Months::new(max_months));
        if self.end < self.start {
            Some(WindowProblem::EndBeforeStart)
        } else if limit.is_none_or(|limit| self.end >= limit) {
            Some(WindowProblem::TooLong { max_months })
        } else {
            None
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.start, self.end)
    }
}

/// A field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// The text of a text, long-text or lines field.
    Text(String),
    /// The number of a number field.
    Number(u64),
}

/// One activity of the action plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub(crate) id: u32,
    pub(crate) from: Option<String>,
    pub(crate) activity: String,
    pub(crate) responsible: String,
    pub(crate) start: Option<NaiveDate>,
    pub(crate) end: Option<NaiveDate>,
    pub(crate) amount: Option<u64>,
    pub(crate) currency: Option<String>,
    pub(crate) indicator: String,
}

impl Row {
    pub(crate) fn new(id: u32) -> Row {
        Row {
            id,
            from: None,
            activity: String::new(),
            responsible: String::new(),
            start: None,
            end: None,
            amount: None,
            currency: None,
            indicator: String::new(),
        }
    }

    /// Its id: stable when rows move or others are removed, never reused
    /// within an attempt.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The suggestion it was accepted from, if any.
    pub fn from_suggestion(&self) -> Option<&str> {
        self.from.as_deref()
    }

    /// What is done: a verb and an object.
    pub fn activity(&self) -> &str {
        &self.activity
    }

    /// The lead person and organisation.
    pub fn responsible(&self) -> &str {
        &self.responsible
    }

    /// Its first day.
    pub fn start(&self) -> Option<NaiveDate> {
        self.start
    }

    /// Its last day.
    pub fn end(&self) -> Option<NaiveDate> {
        self.end
    }

    /// Its budget, in whole units of its currency.
    pub fn amount(&self) -> Option<u64> {
        self.amount
    }

    /// Its budget's currency code.
    pub fn currency(&self) -> Option<&str> {
        self.currency.as_deref()
    }

    /// Its output indicator and target.
    pub fn indicator(&self) -> &str {
        &self.indicator
    }

    /// Whether nothing is written in it yet: checks and exports skip it, so
    /// that adding a row never shows a list of problems at once.
    pub fn is_blank(&self) -> bool {
        [&self.activity, &self.responsible, &self.indicator].iter().all(|t| t.trim().is_empty())
            && self.start.is_none()
            && self.end.is_none()
            && self.amount.is_none()
            && self.currency.is_none()
    }
}

/// A change to one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowEdit {
    /// The activity.
    Activity(String),
    /// The responsible party.
    Responsible(String),
    /// The first day, or none.
    Start(Option<NaiveDate>),
    /// The last day, or none.
    End(Option<NaiveDate>),
    /// The budget's amount, or none.
    Amount(Option<u64>),
    /// The budget's currency code, or none.
    Currency(Option<String>),
    /// The indicator and target.
    Indicator(String),
}

/// Which way a row moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards the first row.
    Up,
    /// Towards the last row.
    Down,
}

/// Everything the learner wrote in one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) window: Window,
    pub(crate) values: BTreeMap<String, Value>,
    /// When each section was last changed, in ms since the epoch.
    pub(crate) edited: BTreeMap<String, i64>,
    pub(crate) rows: Vec<Row>,
    pub(crate) next_row: u32,
    pub(crate) ratings: BTreeMap<String, u8>,
    /// Suggestions accepted or dropped, by id.
    pub(crate) decided: BTreeSet<String>,
}

impl Plan {
    pub(crate) fn new(window: Window) -> Plan {
        Plan {
            window,
            values: BTreeMap::new(),
            edited: BTreeMap::new(),
            rows: Vec::new(),
            next_row: 1,
            ratings: BTreeMap::new(),
            decided: BTreeSet::new(),
        }
    }

    /// Whether the learner has written, rated or decided anything.
    pub(crate) fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.rows.is_empty()
            && self.ratings.is_empty()
            && self.decided.is_empty()
    }

    pub(crate) fn text(&self, field: &str) -> &str {
        match self.values.get(field) {
            Some(Value::Text(text)) => text,
            _ => "",
        }
    }

    pub(crate) fn number(&self, field: &str) -> Option<u64> {
        match self.values.get(field) {
            Some(Value::Number(number)) => Some(*number),
            _ => None,
        }
    }

    pub(crate) fn row_idx(&self, id: u32) -> Option<usize> {
        self.rows.iter().position(|row| row.id == id)
    }
}

/// Learner text as the plan keeps it: line ends as `\n`, and no other
/// control character (a tab stays in multi-line text), so that whatever a
/// paste or an import brings, every export and LMS write sees plain text.
/// A single-line field gets its line breaks as spaces.
pub(crate) fn clean_text(text: &str, multiline: bool) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .map(|c| match c {
            '\n' | '\t' if multiline => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The items of a lines field: its non-blank lines, trimmed.
pub(crate) fn items(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty())
}
