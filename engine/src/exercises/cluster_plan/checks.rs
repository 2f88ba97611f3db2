//! The quality checks that read a section: a required field left empty, a
//! lines field with too few or too many items, an objective that is not
//! SMART, an activity without a responsible party or with dates that do
//! not work. A finding that blocks keeps its section from passing; the
//! others are advice. Empty optional fields and blank rows raise nothing,
//! so that the checks help without nagging.

use chrono::Months;

use super::content::{FieldCheck, FieldKind, PREFIX, PlanContent, Section};
use super::model::{Plan, Row, Window, items};

/// One thing a check found, with the catalog key that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A required field is empty.
    Missing {
        /// The field's id.
        field: String,
    },
    /// A lines field has fewer items than it should.
    TooFewItems {
        /// The field's id.
        field: String,
        /// The fewest items.
        min: usize,
    },
    /// A lines field has more items than it should.
    TooManyItems {
        /// The field's id.
        field: String,
        /// The most items.
        max: usize,
    },
    /// An objective without a number or a date is not SMART.
    NotSmart {
        /// The field's id.
        field: String,
        /// The objective's position among the field's items, from 1.
        item: usize,
        /// What it lacks.
        gap: SmartGap,
    },
    /// The action plan has fewer activities than it needs.
    TooFewRows {
        /// The fewest rows.
        min: usize,
    },
    /// A row has no activity.
    NoActivity {
        /// The row's id.
        row: u32,
    },
    /// A row has no responsible party.
    NoResponsible {
        /// The row's id.
        row: u32,
    },
    /// A row lacks its start or its end.
    NoDates {
        /// The row's id.
        row: u32,
    },
    /// A row ends before it starts.
    EndBeforeStart {
        /// The row's id.
        row: u32,
    },
    /// A row starts or ends outside the window.
    OutsideWindow {
        /// The row's id.
        row: u32,
    },
    /// A row has a budget amount but no currency.
    BudgetWithoutCurrency {
        /// The row's id.
        row: u32,
    },
    /// A row's indicator has no number, so its target cannot be checked.
    IndicatorWithoutNumber {
        /// The row's id.
        row: u32,
    },
    /// No activity starts in the window's first months: a quick win there
    /// builds trust early.
    NothingEarly {
        /// How many months count as early.
        months: u32,
    },
    /// No activity ends in the window's last months: monitoring and
    /// reporting close the plan.
    NothingAtEnd {
        /// How many months count as the end.
        months: u32,
    },
}

/// What a non-SMART objective lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmartGap {
    /// It has a date but no number to measure.
    Number,
    /// It has a number but no date.
    Date,
    /// It has neither.
    Both,
}

impl Finding {
    /// The catalog key of its explanation; `{item}`, `{min}`, `{max}` and
    /// `{months}` take the values of [`Finding::args`].
    pub fn key(&self) -> String {
        let code = match self {
            Finding::Missing { .. } => "missing",
            Finding::TooFewItems { .. } => "too-few-items",
            Finding::TooManyItems { .. } => "too-many-items",
            Finding::NotSmart { gap: SmartGap::Number, .. } => "not-smart.number",
            Finding::NotSmart { gap: SmartGap::Date, .. } => "not-smart.date",
            Finding::NotSmart { gap: SmartGap::Both, .. } => "not-smart.both",
            Finding::TooFewRows { .. } => "too-few-rows",
            Finding::NoActivity { .. } => "no-activity",
            Finding::NoResponsible { .. } => "no-responsible",
            Finding::NoDates { .. } => "no-dates",
            Finding::EndBeforeStart { .. } => "end-before-start",
            Finding::OutsideWindow { .. } => "outside-window",
            Finding::BudgetWithoutCurrency { .. } => "budget-without-currency",
            Finding::IndicatorWithoutNumber { .. } => "indicator-without-number",
            Finding::NothingEarly { .. } => "nothing-early",
            Finding::NothingAtEnd { .. } => "nothing-at-end",
        };
        format!("{PREFIX}.finding.{code}")
    }

    /// The values its explanation's placeholders take.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Finding::TooFewItems { min, .. } | Finding::TooFewRows { min } => {
                vec![("min", min.to_string())]
            }
            Finding::TooManyItems { max, .. } => vec![("max", max.to_string())],
            Finding::NotSmart { item, .. } => vec![("item", item.to_string())],
            Finding::NothingEarly { months } | Finding::NothingAtEnd { months } => {
                vec![("months", months.to_string())]
            }
            _ => Vec::new(),
        }
    }

    /// Whether it keeps its section from passing; advice does not.
    pub fn blocks(&self) -> bool {
        !matches!(
            self,
            Finding::IndicatorWithoutNumber { .. }
                | Finding::NothingEarly { .. }
                | Finding::NothingAtEnd { .. }
        )
    }

    /// The field it is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Finding::Missing { field }
            | Finding::TooFewItems { field, .. }
            | Finding::TooManyItems { field, .. }
            | Finding::NotSmart { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The row it is about, if it is about one.
    pub fn row(&self) -> Option<u32> {
        match self {
            Finding::NoActivity { row }
            | Finding::NoResponsible { row }
            | Finding::NoDates { row }
            | Finding::EndBeforeStart { row }
            | Finding::OutsideWindow { row }
            | Finding::BudgetWithoutCurrency { row }
            | Finding::IndicatorWithoutNumber { row } => Some(*row),
            _ => None,
        }
    }

    /// One finding of each kind, for the catalog keys content validation requires.
    pub(crate) fn every_kind() -> Vec<Finding> {
        let field = String::new;
        let mut all = vec![
            Finding::Missing { field: field() },
            Finding::TooFewItems { field: field(), min: 0 },
            Finding::TooManyItems { field: field(), max: 0 },
            Finding::TooFewRows { min: 0 },
            Finding::NoActivity { row: 0 },
            Finding::NoResponsible { row: 0 },
            Finding::NoDates { row: 0 },
            Finding::EndBeforeStart { row: 0 },
            Finding::OutsideWindow { row: 0 },
            Finding::BudgetWithoutCurrency { row: 0 },
            Finding::IndicatorWithoutNumber { row: 0 },
            Finding::NothingEarly { months: 0 },
            Finding::NothingAtEnd { months: 0 },
        ];
        all.extend(
            [SmartGap::Number, SmartGap::Date, SmartGap::Both].map(|gap| Finding::NotSmart {
                field: field(),
                item: 0,
                gap,
            }),
        );
        all
    }
}

/// Every finding of `section` in `plan`, fields in form order, then rows in
/// plan order, then advice on the plan as a whole.
pub(crate) fn findings(content: &PlanContent, plan: &Plan, section: &Section) -> Vec<Finding> {
    if section.is_action_plan() {
        return action_plan_findings(content, plan);
    }
    let mut found = Vec::new();
    for field in section.fields() {
        let id = || field.id().to_owned();
        match field.kind() {
            FieldKind::Number => {
                if field.required() && plan.number(field.id()).is_none() {
                    found.push(Finding::Missing { field: id() });
                }
            }
            FieldKind::Text | FieldKind::LongText => {
                if field.required() && plan.text(field.id()).trim().is_empty() {
                    found.push(Finding::Missing { field: id() });
                }
            }
            FieldKind::Lines => {
                let listed: Vec<&str> = items(plan.text(field.id())).collect();
                let range = field.items().unwrap_or(0..=usize::MAX);
                if listed.is_empty() {
                    if field.required() {
                        found.push(Finding::Missing { field: id() });
                    }
                } else if listed.len() < *range.start() {
                    found.push(Finding::TooFewItems { field: id(), min: *range.start() });
                } else if listed.len() > *range.end() {
                    found.push(Finding::TooManyItems { field: id(), max: *range.end() });
                }
                if field.check() == Some(FieldCheck::Smart) {
                    for (idx, item) in listed.iter().enumerate() {
                        if let Some(gap) = smart_gap(item) {
                            found.push(Finding::NotSmart { field: id(), item: idx + 1, gap });
                        }
                    }
                }
            }
        }
    }
    found
}

fn action_plan_findings(content: &PlanContent, plan: &Plan) -> Vec<Finding> {
    let rules = content.action_plan();
    let rows: Vec<&Row> = plan.rows.iter().filter(|row| !row.is_blank()).collect();
    let mut found = Vec::new();
    if rows.len() < rules.min_rows() {
        found.push(Finding::TooFewRows { min: rules.min_rows() });
    }
    for row in &rows {
        found.extend(row_findings(row, &plan.window));
    }
    let window = plan.window;
    let starts: Vec<_> = rows.iter().filter_map(|row| row.start).collect();
    let ends: Vec<_> = rows.iter().filter_map(|row| row.end).collect();
    let early = window.start().checked_add_months(Months::new(rules.early_months()));
    if !starts.is_empty() && !starts.iter().any(|start| early.is_none_or(|early| *start < early)) {
        found.push(Finding::NothingEarly { months: rules.early_months() });
    }
    let late = window.end().checked_sub_months(Months::new(rules.late_months()));
    if !ends.is_empty() && !ends.iter().any(|end| late.is_none_or(|late| *end > late)) {
        found.push(Finding::NothingAtEnd { months: rules.late_months() });
    }
    found
}

/// The findings of one row that is not blank.
pub(crate) fn row_findings(row: &Row, window: &Window) -> Vec<Finding> {
    let id = row.id;
    let mut found = Vec::new();
    if row.activity.trim().is_empty() {
        found.push(Finding::NoActivity { row: id });
    }
    if row.responsible.trim().is_empty() {
        found.push(Finding::NoResponsible { row: id });
    }
    match (row.start, row.end) {
        (Some(start), Some(end)) => {
            if end < start {
                found.push(Finding::EndBeforeStart { row: id });
            }
            if !window.contains(start) || !window.contains(end) {
                found.push(Finding::OutsideWindow { row: id });
            }
        }
        _ => found.push(Finding::NoDates { row: id }),
    }
    if row.amount.is_some() && row.currency.is_none() {
        found.push(Finding::BudgetWithoutCurrency { row: id });
    }
    if !numbers(&row.indicator).any(|run| !run.is_year()) {
        found.push(Finding::IndicatorWithoutNumber { row: id });
    }
    found
}

/// What keeps `objective` from being SMART: a number to measure and a date
/// (a year) to be done by. `None` when it has both.
pub(crate) fn smart_gap(objective: &str) -> Option<SmartGap> {
    let (mut number, mut date) = (false, false);
    for run in numbers(objective) {
        if run.is_year() {
            date = true;
        } else {
            number = true;
        }
    }
    match (number, date) {
        (true, true) => None,
        (false, true) => Some(SmartGap::Number),
        (true, false) => Some(SmartGap::Date),
        (false, false) => Some(SmartGap::Both),
    }
}

/// A run of digits in a text, in any of the scripts the course's learners
/// write numbers in.
struct DigitRun {
    len: usize,
    /// Its value, when every digit's value is known and it is short.
    value: Option<u32>,
}

impl DigitRun {
    /// Whether it reads as a year: Common Era, or Buddhist Era as Thai
    /// learners write it (2569 for 2026).
    fn is_year(&self) -> bool {
        self.len == 4
            && self
                .value
                .is_some_and(|year| (1950..=2150).contains(&year) || (2493..=2693).contains(&year))
    }
}

fn numbers(text: &str) -> impl Iterator<Item = DigitRun> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        while chars.peek().is_some_and(|c| !c.is_numeric()) {
            chars.next();
        }
        let mut run = DigitRun { len: 0, value: Some(0) };
        while let Some(c) = chars.next_if(|c| c.is_numeric()) {
            run.len += 1;
            run.value = match (run.value, digit_value(c)) {
                (Some(value), Some(digit)) if run.len <= 9 => Some(value * 10 + digit),
                _ => None,
            };
        }
        (run.len > 0).then_some(run)
    })
}

/// The value of a decimal digit in the scripts of the region: Latin, Thai,
/// Lao, Khmer and Myanmar.
fn digit_value(c: char) -> Option<u32> {
    const ZEROS: [u32; 5] = [0x30, 0x0E50, 0x0ED0, 0x17E0, 0x1040];
    let code = u32::from(c);
    ZEROS.iter().find_map(|zero| code.checked_sub(*zero).filter(|digit| *digit < 10))
}
