//! The validated structure of the plan builder (`plan` in
//! `content/exercises/cluster-plan.json`): the sections with their fields
//! and quality criteria, the action plan's rules, the self-scoring rubric,
//! the score's weights and the retry policy. Every string is a catalog key
//! derived from an id; the checks that read a plan live in `checks.rs`.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::Window;
use super::raw::{RawActionPlan, RawExampleRow, RawField, RawPlan, RawRubric, RawSection};
use crate::exercises::retry::RetryPolicy;
use crate::source::{Located, Report, check_new_id};

/// The catalog prefix of every string of this exercise.
pub(crate) const PREFIX: &str = "cluster-plan";

/// A year without 29 February, in which content's month-day dates must
/// exist, so that they exist in every year a plan starts in.
const COMMON_YEAR: i32 = 2001;

/// What a field holds and how a view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Paragraphs of text.
    LongText,
    /// One item per line, e.g. objectives or markets.
    Lines,
    /// A whole number from 0.
    Number,
}

/// A quality check a field's content asks for beyond being filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldCheck {
    /// Each item is a SMART objective: it has a number and a date.
    Smart,
}

/// One field of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    id: String,
    kind: FieldKind,
    required: bool,
    max_chars: u32,
    items: Option<(u8, u8)>,
    check: Option<FieldCheck>,
    max: u64,
}

impl Field {
    /// Its id, unique in the plan, e.g. `objectives`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What it holds.
    pub fn kind(&self) -> FieldKind {
        self.kind
    }

    /// Whether the section passes only once it is filled in.
    pub fn required(&self) -> bool {
        self.required
    }

    /// The most characters a text field takes (0 for a number field).
    pub fn max_chars(&self) -> usize {
        self.max_chars as usize
    }

    /// How many items a `lines` field should hold.
    pub fn items(&self) -> Option<RangeInclusive<usize>> {
        self.items.map(|(min, max)| usize::from(min)..=usize::from(max))
    }

    /// The quality check its content asks for, if any.
    pub fn check(&self) -> Option<FieldCheck> {
        self.check
    }

    /// The largest value a number field takes (0 for a text field).
    pub fn max_number(&self) -> u64 {
        self.max
    }

    /// The catalog key of its label.
    pub fn label_key(&self) -> String {
        format!("{PREFIX}.field.{}.label", self.id)
    }

    /// The catalog key of its guidance prompt.
    pub fn hint_key(&self) -> String {
        format!("{PREFIX}.field.{}.hint", self.id)
    }
}

/// One section of the plan: fields the learner writes, or the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    id: String,
    fields: Vec<Field>,
    action_plan: bool,
    criteria: Vec<String>,
}

impl Section {
    /// Its id, e.g. `vision`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its fields, in form order; none for the action plan.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Whether this section is the action plan, whose rows replace fields.
    pub fn is_action_plan(&self) -> bool {
        self.action_plan
    }

    /// The ids of its quality criteria, in display order.
    pub fn criteria(&self) -> &[String] {
        &self.criteria
    }

    fn key(&self, part: &str) -> String {
        format!("{PREFIX}.section.{}.{part}", self.id)
    }

    /// The catalog key of its title.
    pub fn title_key(&self) -> String {
        self.key("title")
    }

    /// The catalog key of its "why this matters" note.
    pub fn why_key(&self) -> String {
        self.key("why")
    }

    /// The catalog key of its worked example (paragraphs and `- ` items).
    pub fn example_key(&self) -> String {
        self.key("example")
    }

    /// The catalog key of one of its quality criteria.
    pub fn criterion_key(&self, criterion: &str) -> String {
        self.key(&format!("criterion.{criterion}"))
    }
}

/// One row of the action plan's worked example, in the default window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleRow {
    id: String,
    start: (u32, u32),
    end: (u32, u32),
    budget: u64,
    currency: String,
}

impl ExampleRow {
    /// Its id, e.g. `e1`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its start in `year`.
    pub fn start(&self, year: i32) -> NaiveDate {
        month_day_in(self.start, year)
    }

    /// Its end in `year`.
    pub fn end(&self, year: i32) -> NaiveDate {
        month_day_in(self.end, year)
    }

    /// Its budget, in whole units of its currency.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// Its currency's code.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    fn key(&self, part: &str) -> String {
        format!("{PREFIX}.example.{}.{part}", self.id)
    }

    /// The catalog key of its activity.
    pub fn activity_key(&self) -> String {
        self.key("activity")
    }

    /// The catalog key of who is responsible.
    pub fn responsible_key(&self) -> String {
        self.key("responsible")
    }

    /// The catalog key of its indicator and target.
    pub fn indicator_key(&self) -> String {
        self.key("indicator")
    }
}

/// The rules of the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPlanRules {
    window: ((u32, u32), (u32, u32)),
    max_months: u32,
    rows: (u8, u8),
    text_max_chars: u32,
    currencies: Vec<String>,
    early_months: u32,
    late_months: u32,
    example: Vec<ExampleRow>,
}

impl ActionPlanRules {
    /// The window a new plan gets: the content's months in `today`'s year.
    pub fn default_window(&self, today: NaiveDate) -> Window {
        let (start, end) = self.window;
        Window::new(month_day_in(start, today.year()), month_day_in(end, today.year()))
    }

    /// How many months a window may span at most.
    pub fn max_months(&self) -> u32 {
        self.max_months
    }

    /// The fewest rows (not left blank) the action plan needs.
    pub fn min_rows(&self) -> usize {
        usize::from(self.rows.0)
    }

    /// The most rows it may have.
    pub fn max_rows(&self) -> usize {
        usize::from(self.rows.1)
    }

    /// The most characters of a row's activity, responsible party or indicator.
    pub fn text_max_chars(&self) -> usize {
        self.text_max_chars as usize
    }

    /// The currencies a budget may be in (ISO 4217 codes), in menu order.
    pub fn currencies(&self) -> &[String] {
        &self.currencies
    }

    /// Whether `code` is one of the currencies offered.
    pub fn offers(&self, code: &str) -> bool {
        self.currencies.iter().any(|offered| offered == code)
    }

    /// The months at the window's start in which a quick win should begin.
    pub fn early_months(&self) -> u32 {
        self.early_months
    }

    /// The months at the window's end in which monitoring should close.
    pub fn late_months(&self) -> u32 {
        self.late_months
    }

    /// The worked example's rows.
    pub fn example(&self) -> &[ExampleRow] {
        &self.example
    }
}

/// One criterion of the self-scoring rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    id: String,
    section: Option<String>,
}

impl Criterion {
    /// Its id, e.g. `evidence`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The section it judges, to link back to; `None` for the plan as a whole.
    pub fn section(&self) -> Option<&str> {
        self.section.as_deref()
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        format!("{PREFIX}.rubric.{}.name", self.id)
    }

    /// The catalog key of what the top level looks like.
    pub fn strong_key(&self) -> String {
        format!("{PREFIX}.rubric.{}.strong", self.id)
    }
}

/// A band of the rubric's total, from `min` points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    id: String,
    min: u32,
}

impl Band {
    /// Its id, e.g. `workable`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The fewest rubric points in it.
    pub fn min(&self) -> u32 {
        self.min
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        format!("{PREFIX}.band.{}.name", self.id)
    }

    /// The catalog key of what to do next.
    pub fn advice_key(&self) -> String {
        format!("{PREFIX}.band.{}.advice", self.id)
    }
}

/// The self-scoring rubric: each criterion rated from 0 to the top level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    levels: u8,
    criteria: Vec<Criterion>,
    bands: Vec<Band>,
}

impl Rubric {
    /// The top level; levels run from 0.
    pub fn top_level(&self) -> u8 {
        self.levels - 1
    }

    /// The criteria, in display order.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// The criterion with this id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|criterion| criterion.id == id)
    }

    /// The most points the rubric gives.
    pub fn max_points(&self) -> u32 {
        u32::from(self.top_level()) * self.criteria.len() as u32
    }

    /// The bands, from the lowest.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The band of `points`; validation makes the first band start at 0.
    pub fn band_for(&self, points: u32) -> &Band {
        self.bands.iter().rev().find(|band| band.min <= points).unwrap_or(&self.bands[0])
    }

    /// The catalog key of a level's meaning.
    pub fn level_key(level: u8) -> String {
        format!("{PREFIX}.rubric.level.{level}")
    }
}

/// How the score is made: points out of 100 for the sections that pass
/// their checks and for the rubric, and the pass mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoring {
    completeness: u8,
    rubric: u8,
    pass_mark: u8,
}

impl Scoring {
    /// The points for completeness, when every section passes.
    pub fn completeness(&self) -> u8 {
        self.completeness
    }

    /// The points for the rubric, when every criterion is at the top level.
    pub fn rubric(&self) -> u8 {
        self.rubric
    }

    /// The score, 0–100, at or above which a complete plan passes.
    pub fn pass_mark(&self) -> u8 {
        self.pass_mark
    }
}

/// The plan builder's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    sections: Vec<Section>,
    action_plan: ActionPlanRules,
    rubric: Rubric,
    scoring: Scoring,
    retry: RetryPolicy,
}

impl PlanContent {
    /// The sections, in plan order, the action plan among them.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.id == id)
    }

    /// The field with this id and its section.
    pub fn field(&self, id: &str) -> Option<(&Section, &Field)> {
        self.sections.iter().find_map(|section| {
            section.fields.iter().find(|field| field.id == id).map(|field| (section, field))
        })
    }

    /// The action plan's section. Validation guarantees there is one.
    pub fn action_plan_section(&self) -> &Section {
        self.sections
            .iter()
            .find(|section| section.action_plan)
            .expect("validation guarantees an action-plan section")
    }

    /// The action plan's rules.
    pub fn action_plan(&self) -> &ActionPlanRules {
        &self.action_plan
    }

    /// The self-scoring rubric.
    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }

    /// The score's weights and pass mark.
    pub fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// When a learner may start another plan for the LMS.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The catalog key of a currency's name.
    pub fn currency_key(code: &str) -> String {
        format!("{PREFIX}.currency.{code}")
    }

    /// Every catalog key the exercise needs in every language.
    pub(crate) fn required_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for section in &self.sections {
            keys.extend([section.title_key(), section.why_key(), section.example_key()]);
            keys.extend(section.criteria.iter().map(|criterion| section.criterion_key(criterion)));
            keys.extend(
                section.fields.iter().flat_map(|field| [field.label_key(), field.hint_key()]),
            );
        }
        for row in &self.action_plan.example {
            keys.extend([row.activity_key(), row.responsible_key(), row.indicator_key()]);
        }
        keys.extend(self.action_plan.currencies.iter().map(|code| Self::currency_key(code)));
        keys.extend(self.rubric.criteria.iter().flat_map(|c| [c.name_key(), c.strong_key()]));
        keys.extend((0..self.rubric.levels).map(Rubric::level_key));
        keys.extend(self.rubric.bands.iter().flat_map(|band| [band.name_key(), band.advice_key()]));
        keys.extend(super::keys::every_key());
        keys
    }
}

/// A month-day pair in `year`; validation has checked it in a common year.
fn month_day_in((month, day): (u32, u32), year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .expect("validation checks month-day dates in a year without 29 February")
}

/// Validates the `plan` section; `None` after reporting any error.
pub(crate) fn check_plan(
    raw: RawPlan,
    located: &Located<'_>,
    report: &mut Report,
) -> Option<PlanContent> {
    let errors_before = report.errors.len();
    let at = |field: &str| format!("/plan/{field}");

    let mut section_ids = BTreeSet::new();
    let mut field_ids = BTreeSet::new();
    let sections: Vec<Section> = raw
        .sections
        .into_iter()
        .enumerate()
        .map(|(idx, section)| {
            let pointer = at(&format!("sections/{idx}"));
            check_section(section, &pointer, &mut section_ids, &mut field_ids, located, report)
        })
        .collect();
    match sections.iter().filter(|section| section.action_plan).count() {
        1 => {}
        n => located.error(
            report,
            &at("sections"),
            format!("the plan needs one action-plan section, not {n}"),
        ),
    }

    let action_plan = check_action_plan(raw.action_plan, &at("action_plan"), located, report);
    let rubric = check_rubric(raw.rubric, &at("rubric"), &section_ids, located, report);

    let scoring = raw.scoring;
    let mut within = |field: &str, value: u32, range: RangeInclusive<u32>| {
        located.within(report, &at(field), value, range);
    };
    within("scoring/completeness", scoring.completeness, 0..=100);
    within("scoring/rubric", scoring.rubric, 0..=100);
    within("scoring/pass_mark", scoring.pass_mark, 0..=100);
    if scoring.completeness + scoring.rubric != 100 {
        located.error(
            report,
            &at("scoring"),
            format!(
                "completeness and rubric add up to {}, not 100",
                scoring.completeness + scoring.rubric
            ),
        );
    }
    let retry = RetryPolicy::check(&raw.retry, &at("retry"), located, report);

    (report.errors.len() == errors_before).then(|| PlanContent {
        sections,
        action_plan,
        rubric,
        scoring: Scoring {
            completeness: small(scoring.completeness),
            rubric: small(scoring.rubric),
            pass_mark: small(scoring.pass_mark),
        },
        retry,
    })
}

/// A number that validation has held to a small range.
fn small(value: u32) -> u8 {
    value.min(255) as u8
}

fn check_section(
    raw: RawSection,
    pointer: &str,
    section_ids: &mut BTreeSet<String>,
    field_ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Section {
    check_new_id(&raw.id, &format!("{pointer}/id"), section_ids, located, report);
    if raw.action_plan && !raw.fields.is_empty() {
        located.error(report, &format!("{pointer}/fields"), "the action plan has rows, not fields");
    } else if !raw.action_plan && raw.fields.is_empty() {
        located.error(report, &format!("{pointer}/fields"), "a section needs at least one field");
    }
    let mut criteria = BTreeSet::new();
    for (idx, criterion) in raw.criteria.iter().enumerate() {
        let at = format!("{pointer}/criteria/{idx}");
        check_new_id(criterion, &at, &mut criteria, located, report);
    }
    if raw.criteria.is_empty() {
        located.error(report, &format!("{pointer}/criteria"), "a section needs quality criteria");
    }
    let fields = raw
        .fields
        .into_iter()
        .enumerate()
        .map(|(idx, field)| {
            check_field(field, &format!("{pointer}/fields/{idx}"), field_ids, located, report)
        })
        .collect();
    Section { id: raw.id, fields, action_plan: raw.action_plan, criteria: raw.criteria }
}

fn check_field(
    raw: RawField,
    pointer: &str,
    ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Field {
    check_new_id(&raw.id, &format!("{pointer}/id"), ids, located, report);
    let at = |name: &str| format!("{pointer}/{name}");
    let not_for = |name: &str, report: &mut Report| {
        let kind = serde_json::to_value(raw.kind).unwrap_or_default();
        let kind = kind.as_str().unwrap_or_default();
        located.error(report, &at(name), format!("`{name}` does not apply to a {kind} field"));
    };
    let is_text = raw.kind != FieldKind::Number;
    let is_lines = raw.kind == FieldKind::Lines;
    let mut max_chars = 0;
    match (is_text, raw.max_chars) {
        (true, Some(chars)) => {
            located.within(report, &at("max_chars"), chars, 1..=4_000);
            max_chars = chars;
        }
        (true, None) => located.error(report, &at("max_chars"), "a text field needs `max_chars`"),
        (false, Some(_)) => not_for("max_chars", report),
        (false, None) => {}
    }
    let mut max = 0;
    match (is_text, raw.max) {
        (false, Some(top)) if top >= 1 => max = top,
        (false, _) => located.error(report, &at("max"), "a number field needs a `max` from 1"),
        (true, Some(_)) => not_for("max", report),
        (true, None) => {}
    }
    let mut items = None;
    match (is_lines, &raw.items) {
        (true, Some(range)) => {
            located.within(report, &at("items/max"), range.max, 1..=20);
            located.within(report, &at("items/min"), range.min, 0..=range.max);
            items = Some((small(range.min), small(range.max)));
        }
        (true, None) => located.error(report, &at("items"), "a lines field needs `items`"),
        (false, Some(_)) => not_for("items", report),
        (false, None) => {}
    }
    if raw.check.is_some() && !is_lines {
        not_for("check", report);
    }
    Field {
        id: raw.id,
        kind: raw.kind,
        required: raw.required,
        max_chars,
        items,
        check: raw.check,
        max,
    }
}

/// A month-day date such as `06-01`, checked in a common year.
fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.split_once('-')?;
    let both_digits = [month, day].iter().all(|part| part.len() == 2);
    let date = NaiveDate::from_ymd_opt(COMMON_YEAR, month.parse().ok()?, day.parse().ok()?)?;
    both_digits.then_some((date.month(), date.day()))
}

fn check_action_plan(
    raw: RawActionPlan,
    pointer: &str,
    located: &Located<'_>,
    report: &mut Report,
) -> ActionPlanRules {
    let at = |name: &str| format!("{pointer}/{name}");
    let month_day = |name: &str, text: &str, report: &mut Report| {
        let parsed = parse_month_day(text);
        if parsed.is_none() {
            located.error(report, &at(name), format!("`{text}` is not a month-day date MM-DD"));
        }
        parsed.unwrap_or((1, 1))
    };
    let start = month_day("window/start", &raw.window.start, report);
    let end = month_day("window/end", &raw.window.end, report);
    located.within(report, &at("window/max_months"), raw.window.max_months, 1..=24);
    let window = Window::new(month_day_in(start, COMMON_YEAR), month_day_in(end, COMMON_YEAR));
    if let Some(problem) = window.problem(raw.window.max_months) {
        located.error(report, &at("window"), problem.to_string());
    }
    located.within(report, &at("rows/max"), raw.rows.max, 1..=50);
    located.within(report, &at("rows/min"), raw.rows.min, 0..=raw.rows.max);
    located.within(report, &at("text_max_chars"), raw.text_max_chars, 1..=1_000);
    let months = window.months().len() as u32;
    located.within(report, &at("early_months"), raw.early_months, 1..=months);
    located.within(report, &at("late_months"), raw.late_months, 1..=months);

    let mut codes = BTreeSet::new();
    for (idx, code) in raw.currencies.iter().enumerate() {
        let pointer = at(&format!("currencies/{idx}"));
        if !(code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())) {
            located.error(report, &pointer, format!("`{code}` is not an ISO 4217 code"));
        } else if !codes.insert(code.clone()) {
            located.error(report, &pointer, format!("currency `{code}` is listed twice"));
        }
    }
    if raw.currencies.is_empty() {
        located.error(report, &at("currencies"), "a budget needs a currency to choose");
    }

    let mut ids = BTreeSet::new();
    let example = raw
        .example
        .into_iter()
        .enumerate()
        .map(|(idx, row)| {
            let pointer = at(&format!("example/{idx}"));
            check_example_row(row, &pointer, &window, &mut ids, &codes, located, report)
        })
        .collect();
    ActionPlanRules {
        window: (start, end),
        max_months: raw.window.max_months,
        rows: (small(raw.rows.min), small(raw.rows.max)),
        text_max_chars: raw.text_max_chars,
        currencies: raw.currencies,
        early_months: raw.early_months,
        late_months: raw.late_months,
        example,
    }
}

fn check_example_row(
    raw: RawExampleRow,
    pointer: &str,
    window: &Window,
    ids: &mut BTreeSet<String>,
    currencies: &BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> ExampleRow {
    check_new_id(&raw.id, &format!("{pointer}/id"), ids, located, report);
    let mut date = |name: &str, text: &str| {
        let parsed = parse_month_day(text).map(|md| month_day_in(md, COMMON_YEAR));
        match parsed {
            Some(date) if window.contains(date) => {}
            Some(_) => located.error(report, &format!("{pointer}/{name}"), "outside the window"),
            None => located.error(
                report,
                &format!("{pointer}/{name}"),
                format!("`{text}` is not a month-day date MM-DD"),
            ),
        }
        parsed
    };
    let (start, end) = (date("start", &raw.start), date("end", &raw.end));
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        located.error(report, &format!("{pointer}/end"), "the end precedes the start");
    }
    if !currencies.contains(&raw.currency) {
        located.error(
            report,
            &format!("{pointer}/currency"),
            format!("`{}` is not an offered currency", raw.currency),
        );
    }
    let month_day = |date: Option<NaiveDate>| date.map_or((1, 1), |d| (d.month(), d.day()));
    ExampleRow {
        id: raw.id,
        start: month_day(start),
        end: month_day(end),
        budget: raw.budget,
        currency: raw.currency,
    }
}

fn check_rubric(
    raw: RawRubric,
    pointer: &str,
    sections: &BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Rubric {
    let at = |name: &str| format!("{pointer}/{name}");
    located.within(report, &at("levels"), raw.levels, 2..=10);
    let mut ids = BTreeSet::new();
    for (idx, criterion) in raw.criteria.iter().enumerate() {
        check_new_id(&criterion.id, &at(&format!("criteria/{idx}/id")), &mut ids, located, report);
        if let Some(section) = criterion.section.as_ref().filter(|id| !sections.contains(*id)) {
            located.error(
                report,
                &at(&format!("criteria/{idx}/section")),
                format!("`{section}` is not a section"),
            );
        }
    }
    if raw.criteria.is_empty() {
        located.error(report, &at("criteria"), "a rubric needs criteria");
    }
    let max_points = raw.levels.saturating_sub(1) * raw.criteria.len() as u32;
    let mut band_ids = BTreeSet::new();
    let mut floor = None;
    for (idx, band) in raw.bands.iter().enumerate() {
        check_new_id(&band.id, &at(&format!("bands/{idx}/id")), &mut band_ids, located, report);
        let pointer = at(&format!("bands/{idx}/min"));
        match floor {
            None if band.min != 0 => located.error(report, &pointer, "the first band starts at 0"),
            Some(below) if band.min <= below || band.min > max_points => located.error(
                report,
                &pointer,
                format!("{} is not within {}..={max_points}", band.min, below + 1),
            ),
            _ => {}
        }
        floor = Some(band.min);
    }
    if raw.bands.is_empty() {
        located.error(report, &at("bands"), "a rubric needs bands");
    }
    Rubric {
        levels: small(raw.levels),
        criteria: raw
            .criteria
            .into_iter()
            .map(|criterion| Criterion { id: criterion.id, section: criterion.section })
            .collect(),
        bands: raw.bands.into_iter().map(|band| Band { id: band.id, min: band.min }).collect(),
    }
}

/// Validates a bare section, for tests that need small hand-made content.
#[cfg(test)]
pub(crate) fn plan_from_json(text: &str) -> PlanContent {
    crate::source::section_from_json::<RawPlan, _>(text, check_plan)
}
