use std::sync::LazyLock;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::content::plan_from_json;
use super::*;
use crate::activity::{Activity, Completion, InteractionKind, Success};
use crate::exercises::{ExerciseSession, ExerciseState};
use crate::resume::{ResumeState, TooLarge};
use crate::scorm::Version;
use crate::vocabulary::CapacityNeed;

/// The shipped `plan` section, validated on its own.
static SHIPPED: LazyLock<PlanContent> = LazyLock::new(|| {
    let text = include_str!("../../../../assets/content/exercises/cluster-plan.json");
    let file: serde_json::Value = serde_json::from_str(text).expect("the file is JSON");
    plan_from_json(&file["plan"].to_string())
});

fn shipped() -> &'static PlanContent {
    &SHIPPED
}

/// A day in 2026 outside the default window, as a learner might start in March.
fn today() -> NaiveDate {
    day(3, 15)
}

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// What the quiz hands on: two needs, one with two recommendations and
/// one without any.
fn needs() -> Vec<CapacityNeed> {
    vec![
        CapacityNeed {
            dimension: "aec-d3".into(),
            readiness: 31,
            band: "early".into(),
            recommendation_keys: vec![
                "aec-quiz.statement.aec-sme-s05.recommendation".into(),
                "aec-quiz.statement.aec-sme-s06.recommendation".into(),
            ],
        },
        CapacityNeed {
            dimension: "aec-d6".into(),
            readiness: 48,
            band: "developing".into(),
            recommendation_keys: Vec::new(),
        },
    ]
}

fn setup() -> PlanSetup {
    PlanSetup::new(shipped(), today(), &needs())
}

fn session() -> PlanSession {
    PlanSession::new(&setup())
}

/// Sets a field, whatever its kind, to a value that passes every check.
fn fill(session: &mut PlanSession, field: &Field, now: i64) {
    match field.kind() {
        FieldKind::Number => session.set_number(field.id(), Some(10), now),
        FieldKind::Text | FieldKind::LongText => session.set_text(field.id(), "Some words 1", now),
        FieldKind::Lines => {
            let n = field.items().map_or(1, |range| (*range.start()).max(1));
            let lines: Vec<String> =
                (1..=n).map(|i| format!("By December 2026, {i}0 weavers trained")).collect();
            session.set_text(field.id(), &lines.join("\n"), now)
        }
    }
    .unwrap();
}

/// Adds a row that passes every check, from `start` to `end` in 2026.
fn add_good_row(session: &mut PlanSession, start: NaiveDate, end: NaiveDate) -> u32 {
    let Outcome::RowAdded { row } = session.add_row(0).unwrap() else { panic!("a row") };
    for edit in [
        RowEdit::Activity("Train 25 weavers in natural dyeing".into()),
        RowEdit::Responsible("Association chair".into()),
        RowEdit::Start(Some(start)),
        RowEdit::End(Some(end)),
        RowEdit::Amount(Some(600)),
        RowEdit::Currency(Some("USD".into())),
        RowEdit::Indicator("25 weavers trained".into()),
    ] {
        session.edit_row(row, edit, 0).unwrap();
    }
    row
}

/// A plan in which every section passes its checks.
fn complete() -> PlanSession {
    let mut session = session();
    for section in shipped().sections() {
        for field in section.fields().iter().filter(|field| field.required()) {
            fill(&mut session, field, 1_000);
        }
    }
    add_good_row(&mut session, day(6, 1), day(6, 30));
    add_good_row(&mut session, day(7, 1), day(9, 15));
    add_good_row(&mut session, day(11, 1), day(11, 30));
    assert!(session.is_complete(), "{:?}", blocking(&session));
    session
}

/// Every blocking finding of every section.
fn blocking(session: &PlanSession) -> Vec<Finding> {
    let sections = session.content().sections().iter();
    sections.flat_map(|s| session.findings(s.id())).filter(Finding::blocks).collect()
}

fn rate_all(session: &mut PlanSession, level: u8) {
    let ids: Vec<String> =
        shipped().rubric().criteria().iter().map(|criterion| criterion.id().to_owned()).collect();
    for id in ids {
        session.rate(&id, Some(level)).unwrap();
    }
}

// --- The shipped content ------------------------------------------------------

#[test]
fn the_shipped_plan_has_the_briefs_sections_rubric_and_rules() {
    let content = shipped();
    let ids: Vec<&str> = content.sections().iter().map(Section::id).collect();
    assert_eq!(
        ids,
        [
            "diagnosis",
            "vision",
            "markets",
            "products",
            "value-chain",
            "operation",
            "technology",
            "pattern",
            "marketing",
            "action-plan"
        ]
    );
    assert_eq!(content.action_plan_section().id(), "action-plan");
    let (section, objectives) = content.field("objectives").unwrap();
    assert_eq!(section.id(), "vision");
    assert_eq!((objectives.items(), objectives.check()), (Some(3..=5), Some(FieldCheck::Smart)));
    let rules = content.action_plan();
    assert_eq!(rules.currencies(), ["USD", "LAK", "THB", "VND", "KHR", "MMK", "CNY"]);
    assert_eq!((rules.min_rows(), rules.max_rows(), rules.max_months()), (3, 30, 12));
    let budget: u64 = rules.example().iter().map(ExampleRow::budget).sum();
    assert_eq!(budget, 7_900, "the brief's example totals USD 7,900");
    let rubric = content.rubric();
    assert_eq!((rubric.criteria().len(), rubric.top_level(), rubric.max_points()), (12, 3, 36));
    let bands: Vec<(&str, u32)> = rubric.bands().iter().map(|b| (b.id(), b.min())).collect();
    assert_eq!(bands, [("draft", 0), ("workable", 15), ("strong", 27)]);
    assert_eq!(rubric.band_for(14).id(), "draft");
    assert_eq!(rubric.band_for(26).id(), "workable");
    assert_eq!(rubric.band_for(36).id(), "strong");
    let scoring = content.scoring();
    assert_eq!((scoring.completeness(), scoring.rubric(), scoring.pass_mark()), (50, 50, 70));
}

#[test]
fn the_default_window_is_june_to_november_of_the_year_the_plan_starts() {
    let window = session().window();
    assert_eq!((window.start(), window.end()), (day(6, 1), day(11, 30)));
    assert_eq!(window.days(), 183);
    assert_eq!(window.months(), [6, 7, 8, 9, 10, 11].map(|month| day(month, 1)));
    assert_eq!(window.offset(day(6, 11)), 10);
    // A leap day is a day like any other.
    let leap = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
    let window = PlanSession::new(&PlanSetup::new(shipped(), leap, &[])).window();
    assert_eq!(window.to_string(), "2028-06-01 – 2028-11-30");
}

#[test]
fn a_window_ends_after_it_starts_and_within_the_contents_months() {
    let window = |start, end| Window::new(start, end);
    let next_year = |month, d| NaiveDate::from_ymd_opt(2027, month, d).unwrap();
    assert_eq!(window(day(6, 1), day(5, 31)).problem(12), Some(WindowProblem::EndBeforeStart));
    assert_eq!(window(day(6, 1), next_year(5, 31)).problem(12), None);
    assert_eq!(
        window(day(6, 1), next_year(6, 1)).problem(12),
        Some(WindowProblem::TooLong { max_months: 12 })
    );
    assert_eq!(window(day(1, 31), day(2, 27)).problem(1), None);
    assert_eq!(
        window(day(1, 31), day(2, 28)).problem(1),
        Some(WindowProblem::TooLong { max_months: 1 })
    );
    let mut session = session();
    let before = session.clone();
    assert_eq!(
        session.set_window(day(6, 1), day(5, 1), 0),
        Err(ActError::Window(WindowProblem::EndBeforeStart))
    );
    assert_eq!(session, before);
    session.set_window(day(1, 1), day(6, 30), 0).unwrap();
    assert_eq!(session.window().months().len(), 6);
}

// --- SMART objectives ---------------------------------------------------------

#[test]
fn an_objective_without_a_number_or_a_date_is_not_smart() {
    let cases = [
        // The brief's SMART examples.
        (
            "By December 2013, 40 member weavers produce to an agreed colour-fastness standard, with at least 80% of samples passing a laboratory wash test.",
            None,
        ),
        (
            "By June 2014, cluster members export at least USD 60,000 a year directly to at least 5 foreign buyers (baseline 2011: USD 40,000, 2 buyers).",
            None,
        ),
        ("Improve quality", Some(SmartGap::Both)),
        ("Strengthen the cluster by 2015", Some(SmartGap::Number)),
        ("Train 40 weavers", Some(SmartGap::Date)),
        // A year alone is not a measure; a big number is not a year.
        ("2026", Some(SmartGap::Number)),
        ("Sell 20260 pieces", Some(SmartGap::Date)),
        // Thai learners write Buddhist Era years, in Thai or Latin digits.
        ("ภายในปี 2569 ช่างทอ 40 คนผ่านการอบรม", None),
        ("ภายในปี ๒๕๖๙ ช่างทอ ๔๐ คนผ่านการอบรม", None),
        ("ພາຍໃນປີ ໒໐໒໗ ຊ່າງແສ່ວ ໔໐ ຄົນ", None),
        ("ปรับปรุงคุณภาพให้ดีขึ้น", Some(SmartGap::Both)),
    ];
    for (objective, expected) in cases {
        assert_eq!(checks::smart_gap(objective), expected, "{objective}");
    }
}

#[test]
fn each_objective_is_checked_on_its_own_line_and_counted() {
    let mut session = session();
    session.set_text("objectives", "Improve quality\n\n  By 2027, 5 buyers  \n", 0).unwrap();
    assert_eq!(
        session.findings("vision"),
        [
            Finding::Missing { field: "vision".into() },
            Finding::TooFewItems { field: "objectives".into(), min: 3 },
            Finding::NotSmart { field: "objectives".into(), item: 1, gap: SmartGap::Both },
        ]
    );
    let six: Vec<String> = (1..=6).map(|i| format!("By 2027, {i} buyers")).collect();
    session.set_text("objectives", &six.join("\n"), 0).unwrap();
    session.set_text("vision", "Known for silk", 0).unwrap();
    assert_eq!(
        session.findings("vision"),
        [Finding::TooManyItems { field: "objectives".into(), max: 5 }]
    );
    session.set_text("objectives", &six[..5].join("\n"), 0).unwrap();
    assert_eq!(session.findings("vision"), []);
    assert_eq!(session.status(shipped().section("vision").unwrap()), SectionStatus::Passed);
}

proptest! {
    /// Any text with a year and another number is SMART, whatever surrounds
    /// them; any text without a digit lacks both.
    #[test]
    fn a_year_and_a_number_make_an_objective_smart(
        before in "[^0-9๐-๙]{0,30}",
        between in "[^0-9๐-๙]{1,30}",
        after in "[^0-9๐-๙]{0,30}",
        year in 1950u32..=2150,
        number in 0u32..1_000,
    ) {
        prop_assume!(!before.chars().chain(between.chars()).chain(after.chars()).any(char::is_numeric));
        let objective = format!("{before}{year}{between}{number}{after}");
        prop_assert_eq!(checks::smart_gap(&objective), None);
        let without = format!("{before}{between}{after}");
        prop_assert_eq!(checks::smart_gap(&without), Some(SmartGap::Both));
    }
}

// --- Fields -------------------------------------------------------------------

#[test]
fn required_fields_block_and_optional_ones_stay_quiet() {
    let mut session = session();
    let diagnosis = shipped().section("diagnosis").unwrap();
    assert_eq!(session.status(diagnosis), SectionStatus::Empty);
    let missing: Vec<Finding> = session.findings("diagnosis");
    let required = diagnosis.fields().iter().filter(|field| field.required()).count();
    assert_eq!(missing.len(), required, "one finding per required field, none for `workers`");
    assert!(!missing.contains(&Finding::Missing { field: "workers".into() }));
    session.set_number("firms", Some(350), 0).unwrap();
    assert_eq!(session.status(diagnosis), SectionStatus::Started);
    for field in diagnosis.fields().iter().filter(|field| field.required()) {
        fill(&mut session, field, 0);
    }
    assert_eq!(session.status(diagnosis), SectionStatus::Passed);
    // Whitespace is not an answer.
    session.set_text("location", "   ", 0).unwrap();
    assert_eq!(session.findings("diagnosis"), [Finding::Missing { field: "location".into() }]);
}

#[test]
fn text_is_kept_clean_and_within_its_length() {
    let mut session = session();
    session.set_text("vision", "One\r\nTwo\rThree\u{0}\tfour", 0).unwrap();
    assert_eq!(session.text("vision"), "One\nTwo\nThree \tfour");
    session.set_text("location", "Vientiane\nand Luang Prabang", 0).unwrap();
    assert_eq!(session.text("location"), "Vientiane and Luang Prabang");
    // Lengths count characters, not bytes: 200 Thai letters fit a 200 field.
    session.set_text("location", &"ก".repeat(200), 0).unwrap();
    let before = session.clone();
    assert_eq!(
        session.set_text("location", &"ก".repeat(201), 0),
        Err(ActError::TooLong { max: 200 })
    );
    assert_eq!(session, before);
    session.set_text("location", "", 0).unwrap();
    assert_eq!(session.text("location"), "");
    assert!(session.resume_state().values.iter().all(|(id, _)| id != "location"));
}

#[test]
fn refused_transitions_say_why_and_change_nothing() {
    let mut session = session();
    let row = add_good_row(&mut session, day(6, 1), day(6, 30));
    let before = session.clone();
    let refusals: Vec<(Result<Outcome, ActError>, ActError)> = vec![
        (session.clone().set_text("nope", "x", 0), ActError::UnknownField("nope".into())),
        (session.clone().set_text("firms", "x", 0), ActError::NotText("firms".into())),
        (session.clone().set_number("vision", Some(1), 0), ActError::NotNumber("vision".into())),
        (
            session.clone().set_number("firms", Some(1_000_001), 0),
            ActError::TooLarge { max: 1_000_000 },
        ),
        (session.clone().edit_row(99, RowEdit::Amount(None), 0), ActError::UnknownRow(99)),
        (
            session.clone().edit_row(row, RowEdit::Currency(Some("EUR".into())), 0),
            ActError::UnknownCurrency("EUR".into()),
        ),
        (
            session.clone().edit_row(row, RowEdit::Activity("x".repeat(301)), 0),
            ActError::TooLong { max: 300 },
        ),
        (session.clone().move_row(row, Direction::Up, 0), ActError::AtEdge),
        (session.clone().move_row(row, Direction::Down, 0), ActError::AtEdge),
        (session.clone().remove_row(99, 0), ActError::UnknownRow(99)),
        (session.clone().rate("nope", Some(1)), ActError::UnknownCriterion("nope".into())),
        (session.clone().rate("evidence", Some(4)), ActError::LevelTooHigh { top: 3 }),
        (session.clone().drop_suggestion("nope"), ActError::UnknownSuggestion("nope".into())),
        (
            session.clone().accept_suggestion("nope", "x", 0),
            ActError::UnknownSuggestion("nope".into()),
        ),
        (session.clone().retry(), ActError::NotComplete),
        (session.clone().import("{}", 0), ActError::Import(ImportError::NotAPlan)),
    ];
    for (result, expected) in refusals {
        assert_eq!(result, Err(expected));
    }
    // Each was tried on a copy; the same on the session itself leaves it as it was.
    assert_eq!(session.set_text("nope", "x", 0), Err(ActError::UnknownField("nope".into())));
    assert_eq!(session.move_row(row, Direction::Up, 0), Err(ActError::AtEdge));
    assert_eq!(session, before);
}

// --- The action plan ----------------------------------------------------------

#[test]
fn each_row_check_flags_its_own_problem() {
    let window = Window::new(day(6, 1), day(11, 30));
    let good = {
        let mut row = model::Row::new(7);
        row.activity = "Train 25 weavers".into();
        row.responsible = "College".into();
        row.start = Some(day(6, 4));
        row.end = Some(day(6, 15));
        row.amount = Some(600);
        row.currency = Some("USD".into());
        row.indicator = "25 trained".into();
        row
    };
    let check = |change: &dyn Fn(&mut model::Row), expected: &[Finding]| {
        let mut row = good.clone();
        change(&mut row);
        assert_eq!(checks::row_findings(&row, &window), expected);
    };
    check(&|_| {}, &[]);
    check(&|row| row.end = Some(day(6, 3)), &[Finding::EndBeforeStart { row: 7 }]);
    check(&|row| row.end = Some(day(12, 1)), &[Finding::OutsideWindow { row: 7 }]);
    check(&|row| row.start = Some(day(5, 31)), &[Finding::OutsideWindow { row: 7 }]);
    check(&|row| row.responsible = " ".into(), &[Finding::NoResponsible { row: 7 }]);
    check(&|row| row.currency = None, &[Finding::BudgetWithoutCurrency { row: 7 }]);
    check(&|row| row.activity.clear(), &[Finding::NoActivity { row: 7 }]);
    check(&|row| row.start = None, &[Finding::NoDates { row: 7 }]);
    check(
        &|row| row.indicator = "All weavers trained".into(),
        &[Finding::IndicatorWithoutNumber { row: 7 }],
    );
    // A currency without an amount is no budget, and no problem.
    check(&|row| row.amount = None, &[]);
    assert!(!Finding::IndicatorWithoutNumber { row: 7 }.blocks());
    assert!(Finding::OutsideWindow { row: 7 }.blocks());
}

proptest! {
    /// The date checks agree with the calendar for any dates around the
    /// window, and the responsible and currency checks with their cells.
    #[test]
    fn row_checks_hold_for_any_dates_and_cells(
        start in -40i64..220,
        end in -40i64..220,
        responsible in "[ a-z]{0,4}",
        amount in proptest::option::of(0u64..1_000_000),
        currency in proptest::option::of(proptest::sample::select(vec!["USD", "LAK"])),
    ) {
        let window = Window::new(day(6, 1), day(11, 30));
        let (start, end) = (june_first_plus(start), june_first_plus(end));
        let mut row = model::Row::new(1);
        row.activity = "Visit buyers".into();
        row.indicator = "3 visits".into();
        row.responsible = responsible.clone();
        row.start = Some(start);
        row.end = Some(end);
        row.amount = amount;
        row.currency = currency.map(str::to_owned);
        let found = checks::row_findings(&row, &window);
        prop_assert_eq!(found.contains(&Finding::EndBeforeStart { row: 1 }), end < start);
        let inside = window.contains(start) && window.contains(end);
        prop_assert_eq!(found.contains(&Finding::OutsideWindow { row: 1 }), !inside);
        prop_assert_eq!(found.contains(&Finding::NoResponsible { row: 1 }), responsible.trim().is_empty());
        prop_assert_eq!(
            found.contains(&Finding::BudgetWithoutCurrency { row: 1 }),
            amount.is_some() && currency.is_none()
        );
    }
}

#[test]
fn a_blank_row_raises_nothing_and_the_plan_asks_for_enough_activities() {
    let mut session = session();
    assert_eq!(session.findings("action-plan"), [Finding::TooFewRows { min: 3 }]);
    session.add_row(0).unwrap();
    assert_eq!(session.findings("action-plan"), [Finding::TooFewRows { min: 3 }]);
    assert_eq!(session.status(shipped().action_plan_section()), SectionStatus::Empty);
    for (start, end) in [((6, 1), (6, 30)), ((7, 1), (7, 31)), ((11, 1), (11, 30))] {
        add_good_row(&mut session, day(start.0, start.1), day(end.0, end.1));
    }
    assert_eq!(session.findings("action-plan"), []);
    assert_eq!(session.status(shipped().action_plan_section()), SectionStatus::Passed);
}

#[test]
fn the_plan_advises_a_quick_win_early_and_monitoring_at_the_end() {
    let mut session = session();
    for (start, end) in [((8, 1), (8, 31)), ((9, 1), (9, 30)), ((10, 1), (10, 30))] {
        add_good_row(&mut session, day(start.0, start.1), day(end.0, end.1));
    }
    let advice = session.findings("action-plan");
    assert_eq!(advice, [Finding::NothingEarly { months: 2 }, Finding::NothingAtEnd { months: 1 }]);
    assert!(advice.iter().all(|finding| !finding.blocks()), "advice never blocks");
    assert_eq!(advice[0].args(), [("months", "2".to_owned())]);
    add_good_row(&mut session, day(7, 31), day(10, 31));
    assert_eq!(session.findings("action-plan"), []);
}

#[test]
fn rows_keep_their_ids_when_moved_or_removed() {
    let mut session = session();
    let ids: Vec<u32> = (0..4)
        .map(|_| match session.add_row(0).unwrap() {
            Outcome::RowAdded { row } => row,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    session.move_row(3, Direction::Up, 0).unwrap();
    session.move_row(1, Direction::Down, 0).unwrap();
    let order = |s: &PlanSession| s.rows().iter().map(Row::id).collect::<Vec<_>>();
    assert_eq!(order(&session), [3, 1, 2, 4]);
    session.remove_row(1, 0).unwrap();
    assert_eq!(order(&session), [3, 2, 4]);
    assert_eq!(session.add_row(0), Ok(Outcome::RowAdded { row: 5 }), "ids are never reused");
}

#[test]
fn the_action_plan_takes_its_most_rows_and_no_more() {
    let mut session = session();
    for _ in 0..30 {
        session.add_row(0).unwrap();
    }
    assert_eq!(session.add_row(0), Err(ActError::TooManyRows { max: 30 }));
}

#[test]
fn budgets_add_up_per_currency_in_the_contents_order() {
    let mut session = session();
    for (amount, currency) in
        [(600, Some("USD")), (2_000_000, Some("LAK")), (1_200, Some("USD")), (5, None)]
    {
        let row = add_good_row(&mut session, day(6, 1), day(6, 2));
        session.edit_row(row, RowEdit::Amount(Some(amount)), 0).unwrap();
        session.edit_row(row, RowEdit::Currency(currency.map(str::to_owned)), 0).unwrap();
    }
    assert_eq!(session.budget_totals(), [("USD", 1_800), ("LAK", 2_000_000)]);
}

/// 1 June 2026 moved by `offset` days, either way.
fn june_first_plus(offset: i64) -> NaiveDate {
    let days = chrono::Days::new(offset.unsigned_abs());
    if offset < 0 { day(6, 1) - days } else { day(6, 1) + days }
}

/// One step of a reference model of the row list: ids in order.
#[derive(Debug, Clone)]
enum RowStep {
    Add,
    Up(usize),
    Down(usize),
    Remove(usize),
}

proptest! {
    /// Reordering and removing act on ids exactly as on a list of ids.
    #[test]
    fn reorder_and_remove_follow_a_list_of_ids(steps in proptest::collection::vec(
        prop_oneof![
            Just(RowStep::Add),
            (0usize..8).prop_map(RowStep::Up),
            (0usize..8).prop_map(RowStep::Down),
            (0usize..8).prop_map(RowStep::Remove),
        ],
        0..40,
    )) {
        let mut session = session();
        let mut model: Vec<u32> = Vec::new();
        let mut next = 1;
        for step in steps {
            let id = |idx: usize| model.get(idx).copied().unwrap_or(999);
            match step {
                RowStep::Add => {
                    prop_assert_eq!(session.add_row(0), Ok(Outcome::RowAdded { row: next }));
                    model.push(next);
                    next += 1;
                }
                RowStep::Up(idx) => {
                    let result = session.move_row(id(idx), Direction::Up, 0);
                    prop_assert_eq!(result.is_ok(), idx < model.len() && idx > 0);
                    if result.is_ok() { model.swap(idx, idx - 1); }
                }
                RowStep::Down(idx) => {
                    let result = session.move_row(id(idx), Direction::Down, 0);
                    prop_assert_eq!(result.is_ok(), idx + 1 < model.len());
                    if result.is_ok() { model.swap(idx, idx + 1); }
                }
                RowStep::Remove(idx) => {
                    let result = session.remove_row(id(idx), 0);
                    prop_assert_eq!(result.is_ok(), idx < model.len());
                    if result.is_ok() { model.remove(idx); }
                }
            }
            let ids: Vec<u32> = session.rows().iter().map(Row::id).collect();
            prop_assert_eq!(&ids, &model);
        }
    }
}

// --- Suggestions from the quiz ------------------------------------------------

#[test]
fn the_quizs_needs_become_suggested_rows_to_accept_or_drop() {
    let mut session = session();
    let offered: Vec<(String, Option<String>)> = session
        .suggestions()
        .map(|s| (s.id().to_owned(), s.recommendation_key().map(str::to_owned)))
        .collect();
    assert_eq!(
        offered,
        [
            (
                "aec-quiz.statement.aec-sme-s05.recommendation".to_owned(),
                Some("aec-quiz.statement.aec-sme-s05.recommendation".to_owned())
            ),
            (
                "aec-quiz.statement.aec-sme-s06.recommendation".to_owned(),
                Some("aec-quiz.statement.aec-sme-s06.recommendation".to_owned())
            ),
            ("aec-quiz.dimension.aec-d6".to_owned(), None),
        ]
    );
    let first = session.suggestions().next().unwrap().clone();
    assert_eq!((first.dimension(), first.readiness()), ("aec-d3", 31));
    assert_eq!(first.dimension_key(), "aec-quiz.dimension.aec-d3");

    let accepted =
        session.accept_suggestion(first.id(), "Get the ISO 9001 certificate", 5).unwrap();
    let Outcome::RowAdded { row } = accepted else { panic!("{accepted:?}") };
    let added = session.row(row).unwrap();
    assert_eq!(
        (added.activity(), added.from_suggestion()),
        ("Get the ISO 9001 certificate", Some(first.id()))
    );
    session.drop_suggestion("aec-quiz.dimension.aec-d6").unwrap();
    assert_eq!(session.suggestions().count(), 1);
    // A removed row does not bring its suggestion back, and a decided one is
    // not decided again.
    session.remove_row(row, 6).unwrap();
    assert_eq!(session.suggestions().count(), 1);
    assert_eq!(
        session.drop_suggestion(first.id()),
        Err(ActError::UnknownSuggestion(first.id().to_owned()))
    );
    // No quiz, no suggestions.
    assert_eq!(PlanSession::new(&PlanSetup::new(shipped(), today(), &[])).suggestions().count(), 0);
}

// --- Completeness, score, result -----------------------------------------------

#[test]
fn a_plan_is_complete_when_every_section_passes_and_scores_from_both_parts() {
    let mut session = session();
    assert_eq!(session.completion(), Completion::NotAttempted);
    assert_eq!((session.score(), Activity::score(&session)), (0.0, None));
    session.set_text("vision", "Known for silk", 0).unwrap();
    assert_eq!(session.completion(), Completion::Incomplete);

    let mut session = complete();
    assert_eq!(session.completion(), Completion::Completed);
    assert_eq!(session.score(), 50.0, "complete, not yet rated");
    assert_eq!(session.success(), Success::Failed);
    // 15 points of 36 is the workable band: 50 + 50 × 15 / 36 = 70.83, a pass.
    rate_all(&mut session, 1);
    session.rate("evidence", Some(3)).unwrap();
    session.rate("coherence", Some(2)).unwrap();
    assert_eq!((session.rubric_points(), session.band().id()), (15, "workable"));
    assert_eq!(session.score(), 70.83);
    assert_eq!(session.success(), Success::Passed);
    session.rate("coherence", Some(1)).unwrap();
    assert_eq!((session.score(), session.success()), (69.44, Success::Failed));
    session.set_pass_mark(Some(60.0));
    assert_eq!(session.success(), Success::Passed, "the LMS's mastery score decides");
    rate_all(&mut session, 3);
    assert_eq!(Activity::score(&session).map(|score| score.percent()), Some(100.0));
    let weakest = |s: &PlanSession| {
        s.weakest_criteria().iter().map(|(c, lost)| (c.id().to_owned(), *lost)).collect::<Vec<_>>()
    };
    assert_eq!(weakest(&session), []);
    session.rate("market-focus", Some(1)).unwrap();
    session.rate("technology", None).unwrap();
    assert_eq!(weakest(&session), [("technology".to_owned(), 3), ("market-focus".to_owned(), 2)]);
    assert_eq!(shipped().rubric().criterion("technology").unwrap().section(), Some("technology"));
}

#[test]
fn a_new_attempt_starts_blank_in_the_same_window_once_the_plan_is_complete() {
    let mut session = complete();
    session.set_window(day(5, 1), day(11, 30), 0).unwrap();
    assert!(session.can_retry());
    assert_eq!(session.retry(), Ok(Outcome::Retried { attempt: 2 }));
    assert_eq!(session.completion(), Completion::Incomplete);
    assert!(session.rows().is_empty() && session.text("vision").is_empty());
    assert_eq!(session.window().start(), day(5, 1));
    // A complete third attempt, as a resumed launch brings it back.
    let mut saved = complete().resume_state();
    saved.attempt = 3;
    let third = PlanSession::resume(&setup(), &saved).unwrap();
    assert_eq!(third.attempts_left(), 0);
    assert!(!third.can_retry());
    assert_eq!(
        third.clone().retry(),
        Err(ActError::Retry(crate::exercises::retry::RetryRefusal::NoAttemptsLeft {
            max_attempts: 3
        }))
    );
}

// --- Any play -----------------------------------------------------------------

/// One learner action, with indexes into what the content and the plan offer.
#[derive(Debug, Clone)]
enum Act {
    Text(usize, String),
    Number(usize, Option<u64>),
    AddRow,
    Cell(usize, u8, String, i64, Option<u64>),
    Move(usize, bool),
    Remove(usize),
    Window(i64, i64),
    Rate(usize, Option<u8>),
    Accept(usize, String),
    Drop(usize),
}

fn act() -> impl Strategy<Value = Act> {
    let text = "[a-zA-Z0-9 ,.<>|#*\n]{0,40}";
    prop_oneof![
        (0usize..60, text).prop_map(|(field, text)| Act::Text(field, text)),
        (0usize..60, proptest::option::of(0u64..2_000_000)).prop_map(|(f, n)| Act::Number(f, n)),
        Just(Act::AddRow),
        (0usize..6, 0u8..7, "[a-z0-9 ]{0,20}", -30i64..220, proptest::option::of(0u64..5_000))
            .prop_map(|(row, cell, text, offset, amount)| Act::Cell(
                row, cell, text, offset, amount
            )),
        (0usize..6, any::<bool>()).prop_map(|(row, up)| Act::Move(row, up)),
        (0usize..6).prop_map(Act::Remove),
        (-60i64..60, 100i64..500).prop_map(|(start, end)| Act::Window(start, end)),
        (0usize..14, proptest::option::of(0u8..5)).prop_map(|(c, level)| Act::Rate(c, level)),
        (0usize..4, "[a-z ]{0,20}").prop_map(|(s, text)| Act::Accept(s, text)),
        (0usize..4).prop_map(Act::Drop),
    ]
}

/// Applies `act` as a view would, refused or not, at time `now`.
fn apply(session: &mut PlanSession, act: &Act, now: i64) {
    let fields: Vec<&Field> = shipped().sections().iter().flat_map(Section::fields).collect();
    let field = |idx: usize| fields.get(idx).map_or("unknown", |field| field.id());
    let rows: Vec<u32> = session.rows().iter().map(Row::id).collect();
    let row = |idx: usize| rows.get(idx).copied().unwrap_or(999);
    let offered: Vec<String> = session.suggestions.iter().map(|s| s.id().to_owned()).collect();
    let suggestion = |idx: usize| offered.get(idx).map_or("unknown", String::as_str);
    let _ = match act {
        Act::Text(idx, text) => session.set_text(field(*idx), text, now),
        Act::Number(idx, number) => session.set_number(field(*idx), *number, now),
        Act::AddRow => session.add_row(now),
        Act::Cell(idx, cell, text, offset, amount) => {
            let edit = match cell {
                0 => RowEdit::Activity(text.clone()),
                1 => RowEdit::Responsible(text.clone()),
                2 => RowEdit::Indicator(text.clone()),
                3 => RowEdit::Start(Some(june_first_plus(*offset))),
                4 => RowEdit::End(Some(june_first_plus(*offset))),
                5 => RowEdit::Amount(*amount),
                _ => RowEdit::Currency(amount.map(|_| "THB".to_owned())),
            };
            session.edit_row(row(*idx), edit, now)
        }
        Act::Move(idx, up) => {
            session.move_row(row(*idx), if *up { Direction::Up } else { Direction::Down }, now)
        }
        Act::Remove(idx) => session.remove_row(row(*idx), now),
        Act::Window(start, end) => {
            session.set_window(june_first_plus(*start), june_first_plus(*end), now)
        }
        Act::Rate(idx, level) => {
            let criteria = shipped().rubric().criteria();
            session.rate(criteria.get(*idx).map_or("unknown", Criterion::id), *level)
        }
        Act::Accept(idx, text) => session.accept_suggestion(suggestion(*idx), text, now),
        Act::Drop(idx) => session.drop_suggestion(suggestion(*idx)),
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any sequence of actions keeps the score within 0–100 and leaves a
    /// saved form that restores the same session, directly and through the
    /// resume state's ASCII form.
    #[test]
    fn any_play_scores_within_bounds_and_restores_exactly(
        acts in proptest::collection::vec(act(), 0..60),
        complete_first in any::<bool>(),
    ) {
        let mut session = if complete_first { complete() } else { session() };
        for (idx, act) in acts.iter().enumerate() {
            apply(&mut session, act, idx as i64 * 1_000);
            let score = session.score();
            prop_assert!((0.0..=100.0).contains(&score), "{}", score);
            if let Some(score) = Activity::score(&session) {
                prop_assert!((0.0..=100.0).contains(&score.percent()));
                prop_assert_eq!(session.completion(), Completion::Completed);
            }
        }
        let saved = session.saved();
        let restored = PlanSession::restore(&setup(), &saved).unwrap();
        prop_assert_eq!(&restored, &session);
        let mut state = ResumeState::default();
        state.exercises.insert(crate::ExerciseKind::ClusterPlan, session.saved_form());
        let decoded = ResumeState::decode(&state.encode()).unwrap();
        let saved = PlanSession::saved_in(&decoded.exercises[&crate::ExerciseKind::ClusterPlan]).unwrap();
        prop_assert_eq!(PlanSession::restore(&setup(), saved).unwrap(), session.clone());
        // And its JSON export imports into the same plan.
        let mut imported = PlanSession::new(&setup());
        imported.attempt = session.attempt;
        imported.import(&session.to_json().to_string(), 0).unwrap();
        prop_assert_eq!(imported.resume_state().values, session.resume_state().values);
        prop_assert_eq!(imported.rows(), session.rows());
        prop_assert_eq!(imported.window(), session.window());
    }
}

// --- Saved form ---------------------------------------------------------------

#[test]
fn a_saved_form_no_play_produces_is_refused() {
    let mut session = complete();
    let row =
        session.accept_suggestion("aec-quiz.dimension.aec-d6", "Finance training", 9).unwrap();
    let Outcome::RowAdded { row } = row else { panic!() };
    session.rate("evidence", Some(2)).unwrap();
    let saved = session.resume_state();
    assert_eq!(PlanSession::resume(&setup(), &saved).unwrap(), session);
    let check = |edit: &dyn Fn(&mut PlanResume), expected: ResumeError| {
        let mut bad = saved.clone();
        edit(&mut bad);
        assert_eq!(PlanSession::resume(&setup(), &bad).map(|_| ()), Err(expected));
    };
    let problem = ResumeError::Plan;
    check(&|s| s.v = 2, ResumeError::UnknownVersion(2));
    check(&|s| s.attempt = 0, ResumeError::AttemptOutOfRange(0));
    check(&|s| s.attempt = 4, ResumeError::AttemptOutOfRange(4));
    check(
        &|s| s.values.push(("nope".into(), SavedValue::Number(1))),
        problem(PlanProblem::UnknownField("nope".into())),
    );
    check(
        &|s| s.values.push(("vision".into(), SavedValue::Text("again".into()))),
        problem(PlanProblem::DuplicateField("vision".into())),
    );
    let replace = |s: &mut PlanResume, field: &str, value: SavedValue| {
        s.values.retain(|(id, _)| id != field);
        s.values.push((field.into(), value));
    };
    check(
        &|s| replace(s, "vision", SavedValue::Number(3)),
        problem(PlanProblem::BadValue("vision".into())),
    );
    check(
        &|s| replace(s, "firms", SavedValue::Text("3".into())),
        problem(PlanProblem::BadValue("firms".into())),
    );
    check(
        &|s| replace(s, "firms", SavedValue::Number(1_000_001)),
        problem(PlanProblem::BadValue("firms".into())),
    );
    check(
        &|s| replace(s, "vision", SavedValue::Text(String::new())),
        problem(PlanProblem::BadValue("vision".into())),
    );
    check(
        &|s| replace(s, "vision", SavedValue::Text("x".repeat(501))),
        problem(PlanProblem::BadValue("vision".into())),
    );
    check(
        &|s| replace(s, "location", SavedValue::Text("two\nlines".into())),
        problem(PlanProblem::BadValue("location".into())),
    );
    check(
        &|s| s.edited.push(("nope".into(), 1)),
        problem(PlanProblem::UnknownSection("nope".into())),
    );
    check(&|s| s.next_row = row, problem(PlanProblem::BadRowId(row)));
    check(&|s| s.rows[1].id = s.rows[0].id, problem(PlanProblem::BadRowId(1)));
    check(&|s| s.rows[0].id = 0, problem(PlanProblem::BadRowId(0)));
    check(&|s| s.rows[0].activity = "a\tb".into(), problem(PlanProblem::BadRow(1)));
    check(
        &|s| s.rows[0].currency = Some("EUR".into()),
        problem(PlanProblem::UnknownCurrency("EUR".into())),
    );
    check(&|s| s.rows[0].start = Some(i32::MAX), problem(PlanProblem::BadDate));
    check(
        &|s| s.decided.clear(),
        problem(PlanProblem::Undecided("aec-quiz.dimension.aec-d6".into())),
    );
    check(
        &|s| s.ratings.push(("evidence".into(), 1)),
        problem(PlanProblem::BadRating("evidence".into())),
    );
    check(&|s| s.ratings[0].1 = 4, problem(PlanProblem::BadRating("evidence".into())));
    check(&|s| s.ratings[0].0 = "nope".into(), problem(PlanProblem::BadRating("nope".into())));
    check(
        &|s| s.window.1 = s.window.0 + 400,
        problem(PlanProblem::Window(WindowProblem::TooLong { max_months: 12 })),
    );
    check(
        &|s| {
            let first = s.rows[0].clone();
            s.next_row = 200;
            s.rows.extend((100..130).map(|id| SavedRow { id, ..first.clone() }));
        },
        problem(PlanProblem::TooManyRows),
    );
    assert_eq!(PlanSession::saved_in(&crate::exercises::saved_form_fixture(1)), None);
    assert!(matches!(session.saved_form(), ExerciseState::ClusterPlan(_)));
}

/// A plan of 3,000 to 3,100 characters with every field filled, in
/// `language`: each field holds its own stretch of the catalog's guidance
/// text, so that no two fields repeat each other, as in a real plan.
fn three_thousand_character_plan(language: &str) -> PlanSession {
    let mut session = complete();
    let fields: Vec<&Field> = shipped().sections().iter().flat_map(Section::fields).collect();
    let corpus: Vec<char> = fields
        .iter()
        .map(|field| catalog_text(language, &field.hint_key()))
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let objective = |n: usize| match language {
        "th" => format!("ภายในเดือนธันวาคม 2570 ช่างทอสมาชิก {n} คนผลิตได้ตามมาตรฐานที่ตกลงกัน"),
        _ => format!("By December 2027, {n} member weavers meet the agreed standard."),
    };
    let objectives = (40..43).map(objective).collect::<Vec<_>>().join("\n");
    let rows: usize = session
        .rows()
        .iter()
        .map(|row| [row.activity(), row.responsible(), row.indicator()].concat().chars().count())
        .sum();
    let texts = fields.iter().filter(|f| f.kind() != FieldKind::Number && f.check().is_none());
    let each = (3_000 - rows - objectives.chars().count()).div_ceil(texts.count());
    let mut chunks = corpus.chunks(each).cycle();
    for (idx, field) in fields.iter().enumerate() {
        match (field.kind(), field.check()) {
            (FieldKind::Number, _) => session.set_number(field.id(), Some(350 + idx as u64), 0),
            (_, Some(FieldCheck::Smart)) => session.set_text(field.id(), &objectives, 0),
            _ => {
                let chunk: String = chunks.next().unwrap().iter().collect();
                session.set_text(field.id(), chunk.trim(), 0)
            }
        }
        .unwrap();
    }
    let saved = session.resume_state();
    let values = saved.values.iter().map(|(_, value)| match value {
        SavedValue::Text(text) => text.chars().count(),
        SavedValue::Number(_) => 0,
    });
    let cells = saved.rows.iter().map(|row| {
        [&row.activity, &row.responsible, &row.indicator].iter().map(|t| t.chars().count()).sum()
    });
    let written: usize = values.chain(cells).sum();
    assert!((3_000..3_100).contains(&written), "{written} characters");
    session
}

/// The state a SCO of the plan alone keeps: the saved form and every
/// interaction in the ledger.
fn resume_state_of(session: &PlanSession) -> ResumeState {
    let mut state = ResumeState::default();
    state.exercises.insert(crate::ExerciseKind::ClusterPlan, session.saved_form());
    for interaction in session.interactions() {
        state.interactions.index_of(crate::ExerciseKind::ClusterPlan, 1, &interaction.id);
    }
    state
}

/// SCORM 1.2 keeps 4,096 characters of `suspend_data`. Learner text goes
/// into the resume state whole, and deflate makes room for it: a plan of
/// 3,000 characters with every field filled fits, in English with room to
/// spare and in Thai (three bytes a letter before deflate) too. A plan
/// whose every field is full of text that does not compress is refused
/// whole, never cut, and fits SCORM 2004.
#[test]
fn a_3000_character_plan_fits_scorm_12_and_a_full_one_is_refused_whole() {
    for (language, at_most) in [("en", 3_000), ("th", 4_096)] {
        let state = resume_state_of(&three_thousand_character_plan(language));
        let text =
            state.encode_for(Version::Scorm12).unwrap_or_else(|err| panic!("{language}: {err}"));
        assert!(text.len() <= at_most, "{language}: {} characters", text.len());
        assert_eq!(ResumeState::decode(&text).unwrap(), state);
    }

    let mut full = complete();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut noise = |chars: usize| -> String {
        (0..chars)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                char::from(b'a' + (rng % 26) as u8)
            })
            .collect()
    };
    for field in shipped().sections().iter().flat_map(Section::fields) {
        if field.kind() != FieldKind::Number && field.check().is_none() {
            full.set_text(field.id(), &noise(field.max_chars()), 0).unwrap();
        }
    }
    let state = resume_state_of(&full);
    let Err(TooLarge { length, limit }) = state.encode_for(Version::Scorm12) else {
        panic!("a full plan of random letters cannot fit SCORM 1.2");
    };
    assert_eq!(limit, 4_096);
    assert!(length > 4_096, "{length}");
    assert!(state.encode_for(Version::Scorm2004).is_ok());
}

// --- What the LMS is told -----------------------------------------------------

#[test]
fn the_lms_hears_one_long_fill_in_per_section_worked_on() {
    let mut session = session();
    assert!(session.interactions().is_empty());
    session.set_text("vision", "Known\nfor silk", 2_000).unwrap();
    session.set_text("objectives", "By 2027, 40 weavers\nBy 2028, 5 buyers", 3_000).unwrap();
    let row = add_good_row(&mut session, day(6, 4), day(6, 15));
    session.edit_row(row, RowEdit::Indicator("25 trained".into()), 4_000).unwrap();
    let interactions = session.interactions();
    let summary: Vec<(&str, &[String], i64)> = interactions
        .iter()
        .map(|i| (i.id.as_str(), i.response.as_slice(), i.answered_at_ms))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "cp-vision",
                &["vision: Known\nfor silk".to_owned(), "objectives: By 2027, 40 weavers; By 2028, 5 buyers".to_owned()][..],
                3_000
            ),
            (
                "cp-action-plan",
                &["1. Train 25 weavers in natural dyeing; Association chair; 2026-06-04..2026-06-15; 600 USD; 25 trained".to_owned()][..],
                4_000
            ),
        ]
    );
    assert!(
        interactions.iter().all(|i| i.kind == InteractionKind::LongFillIn && i.weighting == 0.0)
    );
    assert_eq!(interactions[0].description_key, "cluster-plan.section.vision.title");
    // A section emptied again is still reported, so the LMS's copy follows.
    session.set_text("vision", "", 5_000).unwrap();
    session.set_text("objectives", "", 5_000).unwrap();
    assert_eq!(session.interactions()[0].response, Vec::<String>::new());
}

#[test]
fn a_long_section_reaches_scorm_2004_whole_and_scorm_12_as_a_summary() {
    let mut session = three_thousand_character_plan("en");
    session
        .set_text("four-ps", &format!("{{lang}} {}", "Prices are FOB Vientiane.\n".repeat(38)), 0)
        .unwrap();
    let marketing = session.interactions().into_iter().find(|i| i.id == "cp-marketing").unwrap();
    let writes = |version: Version| {
        let writes = version.interaction_writes(0, &marketing, "8. Marketing plan").unwrap();
        writes.into_iter().map(|w| (w.element, w.value)).collect::<Vec<_>>()
    };
    let scorm2004 = writes(Version::Scorm2004);
    assert_eq!(scorm2004[1], ("cmi.interactions.0.type".into(), "long-fill-in".into()));
    let response = &scorm2004.iter().find(|(e, _)| e.ends_with("learner_response")).unwrap().1;
    assert!(!response.contains('\n') && response.encode_utf16().count() <= 4_000);
    assert!(response.starts_with("positioning: ") && !response.ends_with('…'), "fits whole");
    let scorm12 = writes(Version::Scorm12);
    assert_eq!(scorm12[1], ("cmi.interactions.0.type".into(), "fill-in".into()));
    let summary = &scorm12.iter().find(|(e, _)| e.ends_with("student_response")).unwrap().1;
    assert_eq!(summary.chars().count(), 250);
    assert!(summary.ends_with('…') && summary.starts_with("positioning: "));
}

// --- Exports ------------------------------------------------------------------

/// The English text of a key, for exports in tests.
fn english(key: &str) -> String {
    catalog_text("en", key)
}

/// The text of a key in the shipped catalog of `language` (`en` or `th`).
fn catalog_text(language: &str, key: &str) -> String {
    static CATALOGS: LazyLock<[serde_json::Value; 2]> = LazyLock::new(|| {
        [
            include_str!("../../../../assets/locales/en.json"),
            include_str!("../../../../assets/locales/th.json"),
        ]
        .map(|text| serde_json::from_str(text).unwrap())
    });
    let catalog = &CATALOGS[usize::from(language == "th")];
    catalog["strings"][key].as_str().map_or_else(|| key.to_owned(), str::to_owned)
}

#[test]
fn the_markdown_export_has_a_heading_per_section_and_the_action_plan_as_a_table() {
    let mut session = session();
    session.set_number("firms", Some(350), 0).unwrap();
    session.set_text("vision", "Known for *silk*\n\nBy 2020", 0).unwrap();
    session.set_text("objectives", "By 2027, 40 weavers\n1. By 2028, 5 buyers", 0).unwrap();
    let row = add_good_row(&mut session, day(6, 4), day(6, 15));
    session.edit_row(row, RowEdit::Activity("Fair | <b>stand</b>".into()), 0).unwrap();
    session.rate("evidence", Some(2)).unwrap();
    let markdown = session.to_markdown(&english);
    let start = markdown.find("## 1. Vision").unwrap();
    let end = markdown.find("## 2. Prospective").unwrap();
    insta::assert_snapshot!(&markdown[start..end], @r"
    ## 1. Vision and objectives

    ### Vision

    Known for \*silk\*

    By 2020

    ### Objectives

    - By 2027, 40 weavers
    - 1\. By 2028, 5 buyers

    ");
    let start = markdown.find("## Six-month").unwrap();
    insta::assert_snapshot!(&markdown[start..], @r"
    ## Six-month action plan

    Period: 2026-06-01 – 2026-11-30

    | No. | Activity | Responsible | Start | End | Budget | Indicator and target |
    | ---: | --- | --- | --- | --- | ---: | --- |
    | 1 | Fair \| \<b\>stand\</b\> | Association chair | 2026-06-04 | 2026-06-15 | 600 USD | 25 weavers trained |

    Total budget: 600 USD

    ## Self-assessment

    | Criterion | Level |
    | --- | ---: |
    | Evidence base | 2 / 3 |
    | Vision and SMART objectives | Not rated |
    | Market focus | Not rated |
    | Products and services | Not rated |
    | Value chain and upgrading | Not rated |
    | Operation and governance | Not rated |
    | Technology and facilities | Not rated |
    | Pattern of cluster | Not rated |
    | Marketing plan | Not rated |
    | Action plan | Not rated |
    | Coherence (the golden thread) | Not rated |
    | Participation and sustainability | Not rated |

    Rubric total: 2 / 36 (Draft)

    Score: 2.78 / 100
    ");
    assert!(markdown.starts_with("# Cluster development plan builder\n\n## 0. Cluster profile"));
    assert!(markdown.contains("### Firms or households\n\n350\n\n"));
}

/// Learner text that tries every way into Markdown and HTML structure.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("|".to_owned()),
        Just("# ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("    ".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("> ".to_owned()),
        Just("```".to_owned()),
        Just("---".to_owned()),
        Just("===".to_owned()),
        Just("[x](javascript:alert(1))".to_owned()),
        Just("![x](y)".to_owned()),
        Just("*a* _b_ ~~c~~ `d` $e$ ^f^".to_owned()),
        Just("&lt;&#60;".to_owned()),
        Just("\\".to_owned()),
        Just(": ".to_owned()),
        Just("[^1]".to_owned()),
        "[a-zA-Z0-9 ก-ฮ]{1,8}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 1..12).prop_map(|pieces| pieces.concat())
}

/// What a Markdown reader sees of a document.
struct Read {
    text: String,
    headings: usize,
    tables: usize,
    cells_per_row: Vec<usize>,
    items: usize,
    structure: Vec<String>,
}

fn read_markdown(markdown: &str) -> Read {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM;
    let mut read = Read {
        text: String::new(),
        headings: 0,
        tables: 0,
        cells_per_row: Vec::new(),
        items: 0,
        structure: Vec::new(),
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) => read.text.push_str(&text),
            Event::SoftBreak | Event::HardBreak => read.text.push(' '),
            Event::End(_) => read.text.push(' '),
            Event::Start(Tag::Heading { .. }) => read.headings += 1,
            Event::Start(Tag::Table(_)) => read.tables += 1,
            Event::Start(Tag::TableHead | Tag::TableRow) => read.cells_per_row.push(0),
            Event::Start(Tag::TableCell) => *read.cells_per_row.last_mut().unwrap() += 1,
            Event::Start(Tag::Item) => read.items += 1,
            Event::Start(Tag::Paragraph | Tag::List(None)) => {}
            other => read.structure.push(format!("{other:?}")),
        }
    }
    read
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the learner types, the Markdown export reads back as the
    /// same headings, list items and table cells, with no HTML, link,
    /// emphasis or code, and with the learner's words intact.
    #[test]
    fn the_markdown_export_keeps_learner_text_inert(
        vision in hostile(),
        objectives in hostile(),
        activity in hostile(),
        responsible in hostile(),
    ) {
        let mut session = session();
        let fit = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        session.set_text("vision", &fit(&vision, 500), 0).unwrap();
        session.set_text("objectives", &fit(&objectives, 1_500), 0).unwrap();
        let row = add_good_row(&mut session, day(6, 4), day(6, 15));
        session.edit_row(row, RowEdit::Activity(fit(&activity, 300)), 0).unwrap();
        session.edit_row(row, RowEdit::Responsible(fit(&responsible, 300)), 0).unwrap();
        let markdown = session.to_markdown(&english);
        let read = read_markdown(&markdown);
        prop_assert_eq!(read.structure, Vec::<String>::new(), "{}", markdown);
        let filled = ["vision", "objectives"].iter().filter(|f| !session.text(f).is_empty()).count();
        prop_assert_eq!(read.headings, 1 + shipped().sections().len() + 1 + filled);
        prop_assert_eq!(read.tables, 2);
        let criteria = shipped().rubric().criteria().len();
        let mut cells = vec![7, 7];
        cells.extend(std::iter::repeat_n(2, 1 + criteria));
        prop_assert_eq!(read.cells_per_row, cells);
        prop_assert_eq!(read.items, model::items(session.text("objectives")).count());
        let text = words(&read.text);
        for typed in [session.text("vision"), &session.rows()[0].activity, &session.rows()[0].responsible] {
            prop_assert!(text.contains(&words(typed)), "{:?} not in {:?}", words(typed), text);
        }
        for item in model::items(session.text("objectives")) {
            prop_assert!(text.contains(&words(item)), "{:?} not in {:?}", item, text);
        }
    }
}

#[test]
fn the_json_export_holds_learner_text_as_strings_and_imports_back() {
    let mut session = complete();
    session.set_text("vision", "<script>alert(\"x\")</script>\n| # |", 0).unwrap();
    session.rate("evidence", Some(3)).unwrap();
    let json = session.to_json();
    assert_eq!(json["schema"], PLAN_EXPORT_SCHEMA);
    assert_eq!(json["sections"][1]["fields"]["vision"], "<script>alert(\"x\")</script>\n| # |");
    assert_eq!(json["window"], serde_json::json!({"start": "2026-06-01", "end": "2026-11-30"}));
    assert_eq!(json["rows"][0]["start"], "2026-06-01");
    assert_eq!(json["budget_totals"], serde_json::json!([{"currency": "USD", "amount": 1800}]));
    assert_eq!((json["complete"].as_bool(), json["score"].as_f64()), (Some(true), Some(54.17)));
    assert_eq!(session.artifacts()["plan"], json);

    let mut other = PlanSession::new(&PlanSetup::new(shipped(), day(1, 2), &[]));
    assert_eq!(other.import(&json.to_string(), 7_000), Ok(Outcome::Imported));
    assert_eq!(other.to_json(), json);
    assert!(other.interactions().iter().all(|i| i.answered_at_ms == 7_000));
    // The result record a learner downloads carries the plan and continues it.
    let record =
        serde_json::json!({"schema": "clusterlab.record", "artifacts": session.artifacts()});
    let mut from_record = PlanSession::new(&setup());
    assert_eq!(from_record.import(&record.to_string(), 7_000), Ok(Outcome::Imported));
    assert_eq!(from_record.to_json(), json);

    let refuse = |text: String, expected: ImportError| {
        let mut target = PlanSession::new(&setup());
        target.set_text("vision", "mine", 0).unwrap();
        let before = target.clone();
        assert_eq!(target.import(&text, 1), Err(ActError::Import(expected)));
        assert_eq!(target, before);
    };
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut value = json.clone();
        edit(&mut value);
        value.to_string()
    };
    refuse("not json".into(), ImportError::NotAPlan);
    refuse(edited(&|v| v["schema_version"] = 2.into()), ImportError::NotAPlan);
    refuse(edited(&|v| v["extra"] = 1.into()), ImportError::Damaged("unknown field `extra`, expected one of `schema`, `schema_version`, `attempt`, `window`, `sections`, `rows`, `budget_totals`, `ratings`, `rubric_points`, `band`, `score`, `complete`, `decided_suggestions`".into()));
    refuse(
        edited(&|v| v["rows"][0]["currency"] = "EUR".into()),
        PlanProblem::UnknownCurrency("EUR".into()).into(),
    );
    refuse(edited(&|v| v["rows"][0]["start"] = "2026-02-30".into()), PlanProblem::BadDate.into());
    refuse(
        edited(&|v| v["sections"][1]["fields"]["vision"] = true.into()),
        PlanProblem::BadValue("vision".into()).into(),
    );
    refuse(
        edited(&|v| v["sections"][0]["fields"]["vision"] = "twice".into()),
        PlanProblem::DuplicateField("vision".into()).into(),
    );
    refuse(
        edited(&|v| v["sections"][0]["fields"]["nope"] = "x".into()),
        PlanProblem::UnknownField("nope".into()).into(),
    );
}
