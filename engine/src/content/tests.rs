use std::path::Path;

use super::*;
use crate::exercises::aec_quiz::ItemKind;

const COURSE: &str = r#"{
  "schema_version": 1,
  "default_locale": "en",
  "locales": [
    { "code": "en", "name": "English" },
    { "code": "th", "name": "ไทย" }
  ],
  "exercises": ["aec-quiz", "cluster-types", "consortium-sim", "cluster-plan"]
}"#;

/// A minimal `quiz` section: two dimensions, one item each, and statements
/// for both audiences. Line 6 of `aec-quiz.json` is its first line.
const QUIZ: &str = r#"  "quiz": {
    "draw": { "items_per_dimension": 1 },
    "scoring": { "graded": "knowledge", "pass_mark": 60, "knowledge_share": 50, "objective_met_from_band": "ready", "recommendations_shown": 3 },
    "retry": { "max_attempts": 2, "after_pass": false },
    "likert": { "min": 1, "max": 5, "recommend_at_or_below": 2 },
    "bands": [{ "id": "early", "min": 0 }, { "id": "ready", "min": 70 }],
    "dimensions": [
      { "id": "d1", "items": [
        { "id": "d1-q1", "kind": "single", "options": ["a", "b"], "key": ["a"] }
      ] },
      { "id": "d2", "items": [
        { "id": "d2-q1", "kind": "multiple", "options": ["a", "b", "c"], "key": ["b", "a"], "weight": 2 }
      ] }
    ],
    "statements": {
      "sme": [{ "id": "sme-s1", "dimensions": ["d1", "d2"] }],
      "support-institution": [{ "id": "inst-s1", "dimensions": ["d1"] }, { "id": "inst-s2", "dimensions": ["d2"] }]
    }
  }"#;

/// A minimal `cases` section: one case of each type.
const CASES: &str = r#"  "cases": {
    "draw": { "per_attempt": 5, "max_per_type": 1 },
    "scoring": { "pass_mark": 60, "weights": { "easy": 1, "medium": 2, "hard": 3 } },
    "retry": { "max_attempts": 2, "after_pass": false },
    "stage_round": true,
    "vignettes": [
      { "id": "c1", "difficulty": "easy", "structure": "marshallian", "stages": ["informal"], "clues": 1 },
      { "id": "c2", "difficulty": "easy", "structure": "hub-and-spoke", "stages": ["organised"], "clues": 1 },
      { "id": "c3", "difficulty": "easy", "structure": "satellite-platform", "stages": ["tnc-led"], "clues": 1 },
      { "id": "c4", "difficulty": "easy", "structure": "state-anchored", "stages": ["organised"], "clues": 1 },
      { "id": "c5", "difficulty": "easy", "structure": "not-a-cluster", "stages": [], "clues": 1 }
    ],
    "discussion": { "id": "c6", "defensible": ["state-anchored", "hub-and-spoke"] }
  }"#;

/// A minimal `consortium` section: four firms, one coordinator, every
/// activity priced, a good reference formation and a one-factor rubric.
const CONSORTIUM: &str = r#"  "consortium": {
    "quarters": 4,
    "members": {"min": 3, "max": 4, "hint_min": 3, "hint_max": 4},
    "entry_fees": [0, 100],
    "quarterly_fees": [0, 50],
    "subsidy": {"declining_percent": [50], "yearly_cap": 1000, "cliff_quarters": 2},
    "firms": [
      {"id": "f1", "province": "vte", "category": "fur", "line": "chairs", "employees": 5, "sales": 1000, "export_experience": 1, "capacity": 2, "quality": 3, "certificates": [], "segment": "home", "reputation": 3, "commitment": 3, "digital": 1, "opportunism": 10, "wood": true},
      {"id": "f2", "province": "vte", "category": "dec", "line": "baskets", "employees": 5, "sales": 1000, "export_experience": 0, "capacity": 1, "quality": 4, "certificates": [], "segment": "home", "reputation": 3, "commitment": 3, "digital": 1, "opportunism": 10, "wood": false},
      {"id": "f3", "province": "vtp", "category": "srv", "line": "packing", "employees": 5, "sales": 1000, "export_experience": 0, "capacity": null, "quality": 3, "certificates": [], "segment": "none", "reputation": 3, "commitment": 3, "digital": 1, "opportunism": 10, "wood": false},
      {"id": "f4", "province": "lpb", "category": "food", "line": "tea", "employees": 5, "sales": 1000, "export_experience": 0, "capacity": 1, "quality": 3, "certificates": [], "segment": "food", "reputation": 3, "commitment": 3, "digital": 1, "opportunism": 10, "wood": false}
    ],
    "coordinators": [{"id": "staff", "competence": 50, "neutrality": 50, "cost": 100, "max_activities": null, "from_largest_member": false}],
    "activities": [
      {"kind": "market-study", "cost": 1}, {"kind": "catalogue", "cost": 1}, {"kind": "b2b-listing", "cost": 1},
      {"kind": "regional-fair", "cost": 1}, {"kind": "distant-fair", "cost": 1}, {"kind": "buyer-mission", "cost": 1},
      {"kind": "quality-training", "cost": 1}, {"kind": "group-certification", "cost": 1}, {"kind": "trust-action", "cost": 1}
    ],
    "events": [{"kind": "eutr", "quarter": 2}],
    "reference": {
      "good": {"id": "good", "formation": {"members": ["f1", "f2", "f3"], "type": "promotional", "entry_fee": 100, "quarterly_fee": 50, "charter": true, "sanctions": true, "leads": "rotation", "decisions": "consensus", "coordinator": "staff", "funding": "declining"}, "plans": [[], [], [], []]},
      "poor": []
    },
    "rubric": {"pass_mark": 50, "sales_target": 1000, "outcome_points": 40, "factors": [{"factor": "complementarity", "points": 60}]},
    "retry": {"max_attempts": 2, "after_pass": true}
  }"#;

/// The keys the fixture's [`CONSORTIUM`] needs.
fn consortium_keys() -> Vec<String> {
    let mut keys = vec![
        "consortium-sim.scenario".to_owned(),
        "consortium-sim.coordinator.staff.name".to_owned(),
        "consortium-sim.coordinator.staff.note".to_owned(),
        "consortium-sim.reference.good.name".to_owned(),
    ];
    for firm in ["f1", "f2", "f3", "f4"] {
        keys.push(format!("consortium-sim.firm.{firm}.name"));
        keys.push(format!("consortium-sim.firm.{firm}.product"));
    }
    keys.extend(crate::exercises::consortium::keys::every_key());
    keys
}

/// A minimal `plan` section: one section of two fields, the action plan
/// with one example row, and a one-criterion rubric.
const PLAN: &str = r#"  "plan": {
    "sections": [
      {"id": "vision", "fields": [
        {"id": "vision", "kind": "long-text", "required": true, "max_chars": 300},
        {"id": "objectives", "kind": "lines", "required": true, "max_chars": 600, "items": {"min": 1, "max": 3}, "check": "smart"}
      ], "criteria": ["shared"]},
      {"id": "action-plan", "action_plan": true, "criteria": ["dated"]}
    ],
    "action_plan": {
      "window": {"start": "06-01", "end": "11-30", "max_months": 12},
      "rows": {"min": 1, "max": 5},
      "text_max_chars": 100,
      "currencies": ["USD", "LAK"],
      "early_months": 2,
      "late_months": 1,
      "example": [{"id": "e1", "start": "06-04", "end": "06-15", "budget": 600, "currency": "USD"}]
    },
    "rubric": {"levels": 4, "criteria": [{"id": "evidence", "section": "vision"}], "bands": [{"id": "draft", "min": 0}, {"id": "strong", "min": 2}]},
    "scoring": {"completeness": 50, "rubric": 50, "pass_mark": 70},
    "retry": {"max_attempts": 2, "after_pass": true}
  }"#;

/// The keys the fixture's [`PLAN`] needs.
fn plan_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "section.vision.title",
        "section.vision.why",
        "section.vision.example",
        "section.vision.criterion.shared",
        "field.vision.label",
        "field.vision.hint",
        "field.objectives.label",
        "field.objectives.hint",
        "section.action-plan.title",
        "section.action-plan.why",
        "section.action-plan.example",
        "section.action-plan.criterion.dated",
        "example.e1.activity",
        "example.e1.responsible",
        "example.e1.indicator",
        "currency.USD",
        "currency.LAK",
        "rubric.evidence.name",
        "rubric.evidence.strong",
        "band.draft.name",
        "band.draft.advice",
        "band.strong.name",
        "band.strong.advice",
    ]
    .iter()
    .map(|key| format!("cluster-plan.{key}"))
    .collect();
    keys.extend((0..4).map(|level| format!("cluster-plan.rubric.level.{level}")));
    keys.extend(crate::exercises::cluster_plan::keys::every_key());
    keys
}

fn exercise(slug: &str) -> Source {
    let quiz = match slug {
        "aec-quiz" => format!(",\n{QUIZ}"),
        "cluster-types" => format!(",\n{CASES}"),
        "consortium-sim" => format!(",\n{CONSORTIUM}"),
        "cluster-plan" => format!(",\n{PLAN}"),
        _ => String::new(),
    };
    Source::new(
        format!("content/exercises/{slug}.json"),
        format!(
            "{{\n  \"schema_version\": 1,\n  \"id\": \"{slug}\",\n  \"minutes\": 20,\n  \"objectives\": [\"one\"]{quiz}\n}}"
        ),
    )
}

fn catalog(code: &str, extra: &str) -> Source {
    let strings: Vec<String> = ExerciseKind::ALL
        .iter()
        .flat_map(|kind| {
            let slug = kind.slug();
            [
                format!("    \"{slug}.title\": \"T\""),
                format!("    \"{slug}.summary\": \"S\""),
                format!("    \"{slug}.intro\": \"I\""),
                format!("    \"{slug}.objective.one\": \"O\""),
            ]
        })
        .collect();
    Source::new(
        format!("locales/{code}.json"),
        format!(
            "{{\n  \"schema_version\": 1,\n  \"locale\": \"{code}\",\n  \"strings\": {{\n{}{extra},\n{}\n  }}\n}}",
            strings.join(",\n"),
            quiz_strings().join(",\n"),
        ),
    )
}

/// The strings that the fixture's [`QUIZ`] and the interface's run-time keys
/// need, after every other string so that the line numbers of the other
/// tests stay put.
fn quiz_strings() -> Vec<String> {
    let mut keys: Vec<String> = [
        "band.early",
        "band.early.meaning",
        "band.ready",
        "band.ready.meaning",
        "dimension.d1",
        "dimension.d2",
    ]
    .iter()
    .map(|key| format!("aec-quiz.{key}"))
    .collect();
    keys.extend((1..=5).map(|point| format!("ui.quiz.likert.{point}")));
    keys.extend(crate::keys::built_at_run_time());
    for (item, options) in [("d1-q1", "ab"), ("d2-q1", "abc")] {
        keys.push(format!("aec-quiz.item.{item}.stem"));
        keys.extend(options.chars().map(|option| format!("aec-quiz.item.{item}.option.{option}")));
        keys.push(format!("aec-quiz.item.{item}.why"));
    }
    for statement in ["sme-s1", "inst-s1", "inst-s2"] {
        keys.push(format!("aec-quiz.statement.{statement}.text"));
        keys.push(format!("aec-quiz.statement.{statement}.recommendation"));
    }
    keys.extend(cases_keys());
    keys.extend(consortium_keys());
    keys.extend(plan_keys());
    keys.iter().map(|key| format!("    \"{key}\": \"Q\"")).collect()
}

/// The keys the fixture's [`CASES`] needs.
fn cases_keys() -> Vec<String> {
    use crate::exercises::cluster_types::{ClusterType, Stage};
    let mut keys = vec!["cluster-types.rule".to_owned()];
    for kind in ClusterType::ALL {
        for part in ["name", "definition", "signals", "test", "support"] {
            keys.push(format!("cluster-types.type.{}.{part}", kind.code()));
        }
    }
    for stage in Stage::ALL {
        keys.push(format!("cluster-types.stage.{}.name", stage.code()));
        keys.push(format!("cluster-types.stage.{}.definition", stage.code()));
    }
    for case in ["c1", "c2", "c3", "c4", "c5"] {
        for part in ["title", "text", "clue.1", "why"] {
            keys.push(format!("cluster-types.case.{case}.{part}"));
        }
        if case != "c5" {
            keys.push(format!("cluster-types.case.{case}.stage-why"));
        }
    }
    for part in ["title", "text", "discussion"] {
        keys.push(format!("cluster-types.case.c6.{part}"));
    }
    keys
}

fn fixture() -> SourceSet {
    SourceSet {
        course: Source::new("content/course.json", COURSE),
        exercises: ExerciseKind::ALL.iter().map(|kind| exercise(kind.slug())).collect(),
        catalogs: vec![catalog("en", ""), catalog("th", "")],
    }
}

/// Validates `sources` and returns its errors as `file:line:col: path: message` lines.
fn errors_of(sources: &SourceSet) -> Vec<String> {
    match validate(sources) {
        Ok(_) => Vec::new(),
        Err(ContentErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_key_built_at_run_time_is_required_in_the_default_catalog() {
    let mut sources = fixture();
    let en = &sources.catalogs[0];
    let without = en.text.replace("    \"ui.country.KH\": \"Q\",\n", "");
    assert_ne!(without, en.text, "the fixture has the key");
    sources.catalogs[0] = Source::new("locales/en.json", without);
    let errors = errors_of(&sources);
    assert!(
        errors.iter().any(|line| line.ends_with("/strings/ui.country.KH: missing string")),
        "{errors:?}"
    );
}

#[test]
fn the_fixture_is_valid() {
    let content = validate(&fixture()).expect("fixture is valid");
    assert_eq!(content.course.exercises().len(), 4);
    assert_eq!(content.catalogs.iter().map(Catalog::code).collect::<Vec<_>>(), ["en", "th"]);
    assert_eq!(content.catalogs[1].get("aec-quiz.title"), Some("T"));
    let quiz = content.course.quiz();
    assert_eq!(quiz.dimensions().len(), 2);
    let (dimension, item) = quiz.item("d2-q1").expect("item exists");
    assert_eq!((dimension.id(), item.kind(), item.weight()), ("d2", ItemKind::Multiple, 2));
    assert_eq!(item.key(), ["a", "b"], "keys follow the option order");
    assert_eq!(quiz.statements(crate::vocabulary::Role::SupportInstitution).len(), 2);
    assert_eq!(quiz.band_for(69).id(), "early");
    assert_eq!(quiz.band_for(70).id(), "ready");
    let plan = content.course.plan();
    assert_eq!(plan.sections().len(), 2);
    assert_eq!(plan.action_plan_section().id(), "action-plan");
    assert_eq!(plan.action_plan().currencies(), ["USD", "LAK"]);
}

#[test]
fn plan_errors_are_all_collected_with_lines() {
    let mut sources = fixture();
    let plan = &mut sources.exercises[3].text;
    for (from, to) in [
        ("\"required\": true, \"max_chars\": 300", "\"required\": true, \"max\": 300"),
        ("\"items\": {\"min\": 1, \"max\": 3}", "\"items\": {\"min\": 4, \"max\": 3}"),
        ("\"start\": \"06-01\"", "\"start\": \"02-30\""),
        ("[\"USD\", \"LAK\"]", "[\"USD\", \"usd\"]"),
        ("\"end\": \"06-15\"", "\"end\": \"12-15\""),
        ("\"section\": \"vision\"", "\"section\": \"nope\""),
        ("{\"id\": \"strong\", \"min\": 2}", "{\"id\": \"strong\", \"min\": 4}"),
        ("\"completeness\": 50", "\"completeness\": 60"),
    ] {
        assert!(plan.contains(from), "{from}");
        *plan = plan.replace(from, to);
    }
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/cluster-plan.json:9:9: /plan/sections/0/fields/0/max_chars: a text field needs `max_chars`",
            "content/exercises/cluster-plan.json:9:72: /plan/sections/0/fields/0/max: `max` does not apply to a long-text field",
            "content/exercises/cluster-plan.json:10:100: /plan/sections/0/fields/1/items/min: 4 is not within 0..=3",
            "content/exercises/cluster-plan.json:15:27: /plan/action_plan/window/start: `02-30` is not a month-day date MM-DD",
            "content/exercises/cluster-plan.json:18:29: /plan/action_plan/currencies/1: `usd` is not an ISO 4217 code",
            "content/exercises/cluster-plan.json:21:57: /plan/action_plan/example/0/end: outside the window",
            "content/exercises/cluster-plan.json:23:72: /plan/rubric/criteria/0/section: `nope` is not a section",
            "content/exercises/cluster-plan.json:23:143: /plan/rubric/bands/1/min: 4 is not within 1..=3",
            "content/exercises/cluster-plan.json:24:16: /plan/scoring: completeness and rubric add up to 110, not 100",
        ]
    );
}

#[test]
fn quiz_errors_are_all_collected_with_lines() {
    let mut sources = fixture();
    let quiz = &mut sources.exercises[0].text;
    for (from, to) in [
        ("\"pass_mark\": 60", "\"pass_mark\": 101"),
        ("met_from_band\": \"ready\"", "met_from_band\": \"expert\""),
        ("{ \"id\": \"ready\", \"min\": 70 }", "{ \"id\": \"ready\", \"min\": 0 }"),
        (
            "\"options\": [\"a\", \"b\"], \"key\": [\"a\"]",
            "\"options\": [\"a\", \"B\"], \"key\": [\"a\", \"c\"]",
        ),
        ("\"key\": [\"b\", \"a\"], \"weight\": 2", "\"key\": [\"b\", \"b\"], \"weight\": 0"),
        ("{ \"id\": \"d2-q1\"", "{ \"id\": \"d1-q9\""),
        ("\"dimensions\": [\"d1\", \"d2\"]", "\"dimensions\": [\"d1\", \"d3\"]"),
    ] {
        assert!(quiz.contains(from), "{from}");
        *quiz = quiz.replace(from, to);
    }
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/aec-quiz.json:8:54: /quiz/scoring/pass_mark: 101 is not within 0..=100",
            "content/exercises/aec-quiz.json:11:68: /quiz/bands/1/min: 0 is not within 1..=100",
            "content/exercises/aec-quiz.json:8:109: /quiz/scoring/objective_met_from_band: `expert` is not a band",
            "content/exercises/aec-quiz.json:14:61: /quiz/dimensions/0/items/0/options/1: option `B` is not one of a–z, 0–9",
            "content/exercises/aec-quiz.json:14:80: /quiz/dimensions/0/items/0/key/1: key `c` is not an option",
            "content/exercises/aec-quiz.json:14:74: /quiz/dimensions/0/items/0/key: a single-response item has exactly one key",
            "content/exercises/aec-quiz.json:17:17: /quiz/dimensions/1/items/0/id: item `d1-q9` does not start with its dimension `d2-`",
            "content/exercises/aec-quiz.json:17:87: /quiz/dimensions/1/items/0/key/1: key `b` is listed twice",
            "content/exercises/aec-quiz.json:17:103: /quiz/dimensions/1/items/0/weight: 0 is not within 1..=100",
            "content/exercises/aec-quiz.json:21:54: /quiz/statements/sme/0/dimensions/1: `d3` is not a dimension",
            "content/exercises/aec-quiz.json:21:14: /quiz/statements/sme: no statement for dimension `d2`",
        ]
    );
}

#[test]
fn each_exercise_has_its_own_section_and_no_other() {
    let mut sources = fixture();
    let quiz = format!(",\n{QUIZ}");
    sources.exercises[3].text =
        sources.exercises[3].text.replace("[\"one\"]", &format!("[\"one\"]{quiz}"));
    sources.exercises[0].text = sources.exercises[0].text.replace(&quiz, "");
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/aec-quiz.json:1:1: /quiz: `aec-quiz` needs a `quiz` section",
            "content/exercises/cluster-plan.json:6:11: /quiz: `cluster-plan` has no `quiz` section",
        ]
    );
}

#[test]
fn a_dimension_needs_as_many_items_as_the_draw_takes() {
    let mut sources = fixture();
    sources.exercises[0].text = sources.exercises[0]
        .text
        .replace("\"items_per_dimension\": 1", "\"items_per_dimension\": 2");
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/aec-quiz.json:13:30: /quiz/dimensions/0/items: dimension `d1` has 1 items but the draw needs 2",
            "content/exercises/aec-quiz.json:16:30: /quiz/dimensions/1/items: dimension `d2` has 1 items but the draw needs 2",
        ]
    );
}

#[test]
fn every_dimension_needs_a_statement_for_each_audience() {
    let mut sources = fixture();
    sources.exercises[0].text = sources.exercises[0].text.replace(
        ", { \"id\": \"inst-s2\", \"dimensions\": [\"d2\"] }",
        ", { \"id\": \"sme-s1\", \"dimensions\": [\"d1\", \"d1\"] }",
    );
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/aec-quiz.json:22:82: /quiz/statements/support-institution/1/id: id `sme-s1` is used twice",
            "content/exercises/aec-quiz.json:22:113: /quiz/statements/support-institution/1/dimensions/1: dimension `d1` is listed twice",
            "content/exercises/aec-quiz.json:22:30: /quiz/statements/support-institution: no statement for dimension `d2`",
        ]
    );
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    let mut sources = fixture();
    sources.exercises[1].text =
        "{\n  \"schema_version\": 1,\n  \"id\": \"cluster-types\"\n  \"minutes\": 3\n}".into();
    assert_eq!(
        errors_of(&sources),
        ["content/exercises/cluster-types.json:4:3: : expected `,` or `}`"]
    );
}

#[test]
fn type_errors_and_unknown_fields_name_the_json_path() {
    let mut sources = fixture();
    sources.exercises[0].text = sources.exercises[0].text.replace("20", "\"twenty\"");
    sources.exercises[2].text = sources.exercises[2].text.replace("\"minutes\"", "\"minuets\"");
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/aec-quiz.json:4:21: /minutes: invalid type: string \"twenty\", expected u32",
            "content/exercises/consortium-sim.json:4:11: /minuets: unknown field `minuets`, expected one of `schema_version`, `id`, `minutes`, `objectives`, `quiz`, `cases`, `consortium`, `plan`",
        ]
    );
}

#[test]
fn all_semantic_errors_are_collected_with_lines() {
    let mut sources = fixture();
    sources.course.text = sources.course.text.replace("\"cluster-plan\"", "\"cluster-types\"");
    sources.exercises[0].text =
        sources.exercises[0].text.replace("[\"one\"]", "[\"one\", \"one\", \"Bad Id\"]");
    sources.exercises[0].text = sources.exercises[0].text.replace("20", "0");
    sources.catalogs[1] = catalog("th", ",\n    \"stray.key\": \" \"");
    assert_eq!(
        errors_of(&sources),
        [
            "content/exercises/aec-quiz.json:4:14: /minutes: 0 is not within 1..=240",
            "content/exercises/aec-quiz.json:5:25: /objectives/1: objective `one` is listed twice",
            "content/exercises/aec-quiz.json:5:32: /objectives/2: `Bad Id` is not a valid id",
            "content/course.json:8:64: /exercises/3: exercise `cluster-types` is listed twice",
            "content/course.json:8:16: /exercises: exercise `cluster-plan` is missing",
            "content/exercises/cluster-plan.json:1:1: : this exercise is not listed in course.json",
            "locales/th.json:21:18: /strings/stray.key: string is empty",
        ]
    );
}

#[test]
fn catalogs_must_cover_each_other_and_the_structure() {
    let mut sources = fixture();
    sources.catalogs[0].text =
        sources.catalogs[0].text.replace("\"cluster-plan.intro\": \"I\",", "");
    sources.catalogs[1].text = sources.catalogs[1].text.replace("\"aec-quiz.title\": \"T\",", "");
    sources.catalogs[1].text = sources.catalogs[1]
        .text
        .replace("\"strings\": {", "\"strings\": {\n    \"aec-quiz.summary\": \"S\",");
    assert_eq!(
        errors_of(&sources),
        [
            "locales/th.json:7:5: /strings/aec-quiz.summary: duplicate key",
            "locales/en.json:4:14: /strings/cluster-plan.intro: missing string",
            "locales/th.json:4:14: /strings/aec-quiz.title: missing string",
            "locales/th.json:20:27: /strings/cluster-plan.intro: key is not in the default catalog `en`",
        ]
    );
}

#[test]
fn every_locale_needs_a_catalog_that_is_listed() {
    let mut sources = fixture();
    sources.catalogs[1] = catalog("vi", "");
    assert_eq!(
        errors_of(&sources),
        [
            "locales/vi.json:3:13: /locale: `vi` is not in course.json",
            "content/course.json:6:5: /locales/1: no valid catalog `locales/th.json`",
        ]
    );
}

#[test]
fn unsupported_schema_versions_are_rejected() {
    let mut sources = fixture();
    sources.course.text =
        sources.course.text.replace("\"schema_version\": 1", "\"schema_version\": 2");
    assert_eq!(
        errors_of(&sources),
        [
            "content/course.json:2:21: /schema_version: schema_version 2 is not supported (expected 1)"
        ]
    );
}

#[test]
fn the_shipped_assets_are_valid_and_match_the_bundle() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets");
    let sources = SourceSet::read_dir(&assets).unwrap_or_else(|errors| panic!("{errors:?}"));
    let content = validate(&sources).unwrap_or_else(|errors| panic!("{errors}"));
    let bundled =
        validate_structure(&bundled_structure()).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(bundled, content.course);
    let default =
        parse_catalog(&bundled_default_catalog()).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(default.code(), content.course.default_locale());
    assert!(content.catalogs.contains(&default));
}

#[test]
fn a_fetched_catalog_that_is_not_json_is_an_error_not_a_panic() {
    let errors = parse_catalog(&Source::new("locales/th.json", "<html>")).unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].position, Position { line: 1, column: 1 });
}

#[test]
fn translations_keep_the_default_placeholders() {
    let mut sources = fixture();
    sources.catalogs[0] = catalog("en", ",\n    \"ui.minutes\": \"About {minutes} minutes\"");
    sources.catalogs[1] = catalog("th", ",\n    \"ui.minutes\": \"ประมาณ {นาที} นาที\"");
    assert_eq!(
        errors_of(&sources),
        [
            "locales/th.json:21:19: /strings/ui.minutes: placeholders differ from the default catalog's: About {minutes} minutes"
        ]
    );
}

#[test]
fn fill_replaces_named_placeholders_only() {
    assert_eq!(fill("Score {score} of 100", &[("score", "72")]), "Score 72 of 100");
    assert_eq!(fill("{a} and {b}", &[("a", "1")]), "1 and {b}");
}

#[test]
fn every_quiz_string_is_required_in_every_locale() {
    let mut sources = fixture();
    for catalog in &mut sources.catalogs {
        catalog.text = catalog.text.replace("    \"aec-quiz.item.d2-q1.option.c\": \"Q\",\n", "");
    }
    sources.catalogs[1].text = sources.catalogs[1]
        .text
        .replace("\"ui.quiz.likert.3\": \"Q\"", "\"ui.quiz.likert.3\": \"{n}\"");
    assert_eq!(
        errors_of(&sources),
        [
            "locales/en.json:4:14: /strings/aec-quiz.item.d2-q1.option.c: missing string",
            "locales/th.json:29:25: /strings/ui.quiz.likert.3: placeholders differ from the default catalog's: Q",
        ]
    );
}

#[test]
fn a_clue_must_be_a_passage_of_its_case_in_every_language() {
    let mut sources = fixture();
    let th = &sources.catalogs[1];
    let moved = th.text.replace(
        "\"cluster-types.case.c1.clue.1\": \"Q\"",
        "\"cluster-types.case.c1.clue.1\": \"elsewhere\"",
    );
    assert_ne!(moved, th.text, "the fixture has the clue");
    sources.catalogs[1] = Source::new("locales/th.json", moved);
    let errors = errors_of(&sources);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("locales/th.json:")
            && errors[0].ends_with(
                "/strings/cluster-types.case.c1.clue.1: clue `elsewhere` is not a passage of `cluster-types.case.c1.text`"
            ),
        "{errors:?}"
    );
}
