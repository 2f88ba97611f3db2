use std::collections::BTreeSet;
use std::fmt::Write as _;

use proptest::prelude::*;

use super::content::quiz_from_json;
use super::scoring::{readiness, round_percent, self_assessment_percent};
use super::*;
use crate::activity::{
    Activity, Completion, Counting, InteractionKind, InteractionResult, Success,
};
use crate::content::{bundled_structure, validate_structure};
use crate::exercises::ExerciseSession;
use crate::exercises::retry::RetryRefusal;

/// Two dimensions whose banks are exactly what each attempt draws, so scores
/// do not depend on the seed. Item `d2-q3` weighs 2; `sme-s4` counts towards
/// both dimensions.
const SMALL: &str = r#"{
  "draw": { "items_per_dimension": 3 },
  "scoring": { "graded": "knowledge", "pass_mark": 60, "knowledge_share": 50, "objective_met_from_band": "ready", "recommendations_shown": 3 },
  "retry": { "max_attempts": 2, "after_pass": false },
  "likert": { "min": 1, "max": 5, "recommend_at_or_below": 2 },
  "bands": [{ "id": "early", "min": 0 }, { "id": "developing", "min": 40 }, { "id": "ready", "min": 70 }],
  "dimensions": [
    { "id": "d1", "items": [
      { "id": "d1-q1", "kind": "single", "options": ["a", "b"], "key": ["a"] },
      { "id": "d1-q2", "kind": "single", "options": ["a", "b"], "key": ["a"] },
      { "id": "d1-q3", "kind": "multiple", "options": ["a", "b", "c"], "key": ["a", "b"] }
    ] },
    { "id": "d2", "items": [
      { "id": "d2-q1", "kind": "single", "options": ["a", "b"], "key": ["a"] },
      { "id": "d2-q2", "kind": "single", "options": ["a", "b"], "key": ["a"] },
      { "id": "d2-q3", "kind": "single", "options": ["a", "b", "c", "d"], "key": ["a"], "weight": 2 }
    ] }
  ],
  "statements": {
    "sme": [
      { "id": "sme-s1", "dimensions": ["d1"] },
      { "id": "sme-s2", "dimensions": ["d1"] },
      { "id": "sme-s3", "dimensions": ["d2"] },
      { "id": "sme-s4", "dimensions": ["d1", "d2"] }
    ],
    "support-institution": [
      { "id": "inst-s1", "dimensions": ["d1"] },
      { "id": "inst-s2", "dimensions": ["d2"] }
    ]
  }
}"#;

/// Every item of [`SMALL`] answered with its key.
const ALL_RIGHT: [(&str, &str); 6] = [
    ("d1-q1", "a"),
    ("d1-q2", "a"),
    ("d1-q3", "ab"),
    ("d2-q1", "a"),
    ("d2-q2", "a"),
    ("d2-q3", "a"),
];

fn small() -> QuizContent {
    quiz_from_json(SMALL)
}

fn shipped() -> QuizContent {
    validate_structure(&bundled_structure()).expect("shipped content is valid").quiz().clone()
}

/// Plays one SME attempt: answers each item as `answers` says (an unlisted
/// item gets its first wrong option, or its first option), rates statements
/// as `ratings` says (unlisted ones get 3) and finishes. Each action takes a
/// second.
fn play(
    content: &QuizContent,
    seed: u64,
    answers: &[(&str, &str)],
    ratings: &[(&str, u8)],
) -> QuizSession {
    let mut session = QuizSession::new(content, seed);
    let mut now = 1_000;
    session.choose_audience(Role::Sme, now).unwrap();
    while let Some(current) = session.current_item() {
        now += 1_000;
        let item = current.item;
        let selection: Vec<String> = match answers.iter().find(|(id, _)| *id == item.id()) {
            Some((_, chosen)) => chosen.chars().map(String::from).collect(),
            None => vec![
                item.options()
                    .iter()
                    .find(|o| !item.key().contains(o))
                    .unwrap_or(&item.options()[0])
                    .clone(),
            ],
        };
        let id = item.id().to_owned();
        session.answer(&id, &selection, now).unwrap();
        session.next(now).unwrap();
    }
    for statement in session.statements().to_vec() {
        now += 1_000;
        let rating = ratings.iter().find(|(id, _)| *id == statement.id()).map_or(3, |(_, r)| *r);
        session.rate(statement.id(), rating, now).unwrap();
    }
    session.finish(now).unwrap();
    session
}

/// The profile of a finished session, one fact per line.
fn profile(session: &QuizSession) -> String {
    let result = session.result().expect("the session is finished");
    let mut text = String::new();
    for score in &result.dimensions {
        writeln!(
            text,
            "{}: knowledge {:.2}, self {:.2}, readiness {} {}{}",
            score.dimension,
            score.knowledge,
            score.self_assessment,
            score.readiness,
            score.band,
            if score.met { ", met" } else { "" }
        )
        .unwrap();
    }
    writeln!(
        text,
        "score {} {}, readiness {:.2}",
        result.score.raw,
        if result.passed { "passed" } else { "failed" },
        result.readiness
    )
    .unwrap();
    for recommendation in &result.recommendations {
        writeln!(
            text,
            "recommend {} (rated {}, under {})",
            recommendation.statement, recommendation.rating, recommendation.dimension
        )
        .unwrap();
    }
    for need in &result.needs {
        writeln!(
            text,
            "need {} {} {}: {:?}",
            need.dimension, need.readiness, need.band, need.recommendation_keys
        )
        .unwrap();
    }
    for dimension in &result.overconfident {
        writeln!(text, "overconfident {dimension}").unwrap();
    }
    text
}

fn check_profile(answers: &[(&str, &str)], ratings: &[(&str, u8)], expect: &str) {
    let session = play(&small(), 7, answers, ratings);
    assert_eq!(profile(&session), expect);
}

#[test]
fn profile_follows_the_brief_on_hand_computed_numbers() {
    // d1: 2 of 3 items right = 66.67; ratings 4, 2, 3 → mean 3 → (3 − 1) / 4 = 50;
    //     readiness (66.67 + 50) / 2 = 58.33 → 58, Developing.
    // d2: weights 1 + 1 of 1 + 1 + 2 right = 50; ratings 1, 3 → mean 2 → 25;
    //     readiness 37.5 → 38, Early.
    // Graded knowledge: 4 of 7 weight = 57.14 < 60, failed.
    check_profile(
        &[
            ("d1-q1", "a"),
            ("d1-q2", "b"),
            ("d1-q3", "ab"),
            ("d2-q1", "a"),
            ("d2-q2", "a"),
            ("d2-q3", "b"),
        ],
        &[("sme-s1", 4), ("sme-s2", 2), ("sme-s3", 1), ("sme-s4", 3)],
        "d1: knowledge 66.67, self 50.00, readiness 58 developing
d2: knowledge 50.00, self 25.00, readiness 38 early
score 57.14 failed, readiness 47.92
recommend sme-s3 (rated 1, under d2)
recommend sme-s2 (rated 2, under d1)
need d2 38 early: [\"aec-quiz.statement.sme-s3.recommendation\"]
need d1 58 developing: [\"aec-quiz.statement.sme-s2.recommendation\"]
",
    );
}

#[test]
fn a_multiple_response_item_needs_exactly_the_keys() {
    // d1-q3 answered "a" only: wrong. 1 of 3 in d1; all of d2 right (4 of 4).
    // Graded: 5 of 7 = 71.43, passed. d2: 100 and self 50 → 75, Ready.
    check_profile(
        &[
            ("d1-q1", "a"),
            ("d1-q2", "b"),
            ("d1-q3", "a"),
            ("d2-q1", "a"),
            ("d2-q2", "a"),
            ("d2-q3", "a"),
        ],
        &[],
        "d1: knowledge 33.33, self 50.00, readiness 42 developing
d2: knowledge 100.00, self 50.00, readiness 75 ready, met
score 71.43 passed, readiness 58.33
recommend sme-s1 (rated 3, under d1)
recommend sme-s2 (rated 3, under d1)
recommend sme-s4 (rated 3, under d1)
need d1 42 developing: [\"aec-quiz.statement.sme-s1.recommendation\", \"aec-quiz.statement.sme-s2.recommendation\", \"aec-quiz.statement.sme-s4.recommendation\"]
need d2 75 ready: [\"aec-quiz.statement.sme-s3.recommendation\"]
",
    );
}

// Regression: with every statement rated above the threshold (all 3s) the
// results recommended nothing at all.
#[test]
fn with_nothing_rated_low_the_lowest_rated_statements_are_recommended() {
    let session = play(
        &small(),
        7,
        &ALL_RIGHT,
        &[("sme-s1", 4), ("sme-s2", 5), ("sme-s3", 3), ("sme-s4", 4)],
    );
    let result = session.result().unwrap();
    let recommended: Vec<&str> =
        result.recommendations.iter().map(|r| r.statement.as_str()).collect();
    assert_eq!(recommended, ["sme-s3"], "the lowest rating, 3, and only it");
    assert_eq!(result.recommendations[0].dimension, "d2");
}

#[test]
fn at_most_three_needs_the_weakest_first() {
    let seven = |n: usize| {
        let dimensions: Vec<String> = (1..=n)
            .map(|d| format!(r#"{{ "id": "d{d}", "items": [{{ "id": "d{d}-q1", "kind": "single", "options": ["a", "b"], "key": ["a"] }}] }}"#))
            .collect();
        let statements: Vec<String> =
            (1..=n).map(|d| format!(r#"{{ "id": "s{d}", "dimensions": ["d{d}"] }}"#)).collect();
        let institution = statements.join(", ").replace("\"s", "\"i");
        format!(
            r#"{{ "draw": {{ "items_per_dimension": 1 }},
  "scoring": {{ "graded": "knowledge", "pass_mark": 60, "knowledge_share": 50, "objective_met_from_band": "ready", "recommendations_shown": 3 }},
  "retry": {{ "max_attempts": 2, "after_pass": false }},
  "likert": {{ "min": 1, "max": 5, "recommend_at_or_below": 2 }},
  "bands": [{{ "id": "early", "min": 0 }}, {{ "id": "ready", "min": 70 }}],
  "dimensions": [{}],
  "statements": {{ "sme": [{}], "support-institution": [{}] }} }}"#,
            dimensions.join(", "),
            statements.join(", "),
            institution
        )
    };
    let content = quiz_from_json(&seven(7));
    let wrong: Vec<(String, &str)> = (1..=7).map(|d| (format!("d{d}-q1"), "b")).collect();
    let wrong: Vec<(&str, &str)> =
        wrong.iter().map(|(id, answer)| (id.as_str(), *answer)).collect();
    let ratings: Vec<(String, u8)> =
        (1..=7).map(|d| (format!("s{d}"), if d <= 4 { 1 } else { 2 })).collect();
    let ratings: Vec<(&str, u8)> = ratings.iter().map(|(id, r)| (id.as_str(), *r)).collect();
    let result = play(&content, 3, &wrong, &ratings).result().unwrap();
    let needs: Vec<&str> = result.needs.iter().map(|need| need.dimension.as_str()).collect();
    assert_eq!(needs, ["d1", "d2", "d3"], "seven weak dimensions, three needs");
}

#[test]
fn a_dimension_known_poorly_but_rated_highly_is_flagged_as_over_confident() {
    // d1 all wrong, rated 5 (self 100); d2 all right, rated 5.
    let wrong_d1: Vec<(&str, &str)> = ALL_RIGHT
        .iter()
        .map(|(id, answer)| if id.starts_with("d1") { (*id, "c") } else { (*id, *answer) })
        .collect();
    let wrong_d1: Vec<(&str, &str)> = wrong_d1
        .into_iter()
        .map(|(id, answer)| if id == "d1-q1" || id == "d1-q2" { (id, "b") } else { (id, answer) })
        .collect();
    let high = [("sme-s1", 5), ("sme-s2", 5), ("sme-s3", 5), ("sme-s4", 5)];
    let result = play(&small(), 7, &wrong_d1, &high).result().unwrap();
    assert_eq!(result.overconfident, ["d1"]);
    let modest = [("sme-s1", 3), ("sme-s2", 3), ("sme-s3", 5), ("sme-s4", 3)];
    assert!(play(&small(), 7, &wrong_d1, &modest).result().unwrap().overconfident.is_empty());
}

#[test]
fn a_statement_of_two_dimensions_is_listed_under_the_weaker() {
    // sme-s4 (d1 and d2) rated 1. d1 has every item right, d2 none: d2 is weaker.
    // d1 ratings 3, 3, 1 → mean 2.33 → 33.33; readiness (100 + 33.33) / 2 = 66.67 → 67.
    // d2 ratings 3, 1 → mean 2 → 25; readiness 12.5 → 13 (rounded half away from zero).
    check_profile(
        &[("d1-q1", "a"), ("d1-q2", "a"), ("d1-q3", "ab")],
        &[("sme-s4", 1)],
        "d1: knowledge 100.00, self 33.33, readiness 67 developing
d2: knowledge 0.00, self 25.00, readiness 13 early
score 42.86 failed, readiness 39.58
recommend sme-s4 (rated 1, under d2)
need d2 13 early: [\"aec-quiz.statement.sme-s4.recommendation\"]
need d1 67 developing: []
",
    );
}

#[test]
fn a_ready_dimension_with_a_low_statement_is_still_a_need() {
    // d2: all right (100), ratings 5 and 2 → mean 3.5 → 62.5; readiness 81.25 → 81, Ready.
    check_profile(
        &ALL_RIGHT,
        &[("sme-s1", 5), ("sme-s2", 5), ("sme-s3", 5), ("sme-s4", 2)],
        "d1: knowledge 100.00, self 75.00, readiness 88 ready, met
d2: knowledge 100.00, self 62.50, readiness 81 ready, met
score 100 passed, readiness 84.38
recommend sme-s4 (rated 2, under d2)
need d2 81 ready: [\"aec-quiz.statement.sme-s4.recommendation\"]
",
    );
}

#[test]
fn self_assessment_rescales_the_mean_rating() {
    let likert = small().likert().clone();
    let check =
        |ratings: &[u8], expect: f64| assert_eq!(self_assessment_percent(ratings, &likert), expect);
    check(&[1], 0.0);
    check(&[5], 100.0);
    check(&[3], 50.0);
    check(&[2, 3], 37.5);
    check(&[4, 4, 5], 100.0 * (13.0 / 3.0 - 1.0) / 4.0);
    check(&[], 0.0);
}

#[test]
fn bands_split_at_39_40_69_70_on_the_rounded_readiness() {
    let content = small();
    let band =
        |readiness_exact: f64| content.band_for(round_percent(readiness_exact)).id().to_owned();
    assert_eq!(band(0.0), "early");
    assert_eq!(band(39.0), "early");
    assert_eq!(band(39.49), "early");
    assert_eq!(band(39.5), "developing", "39.5 shows as 40, so it is Developing");
    assert_eq!(band(40.0), "developing");
    assert_eq!(band(69.0), "developing");
    assert_eq!(band(70.0), "ready");
    assert_eq!(band(100.0), "ready");
    assert_eq!(readiness(60.0, 20.0, 50), 40.0);
    assert_eq!(readiness(100.0, 0.0, 75), 75.0, "the share weighs knowledge");
    assert_eq!(readiness(100.0, 39.0, 50), 69.5);
    assert_eq!(band(readiness(100.0, 39.0, 50)), "ready");
}

#[test]
fn graded_readiness_uses_the_mean_readiness() {
    let content =
        quiz_from_json(&SMALL.replace("\"graded\": \"knowledge\"", "\"graded\": \"readiness\""));
    let session = play(&content, 3, &[("d1-q1", "a"), ("d1-q2", "a"), ("d1-q3", "ab")], &[]);
    // d1: (100 + 50) / 2 = 75; d2: (0 + 50) / 2 = 25; mean 50 < 60.
    assert_eq!(session.score().map(|score| score.raw), Some(50.0));
    assert_eq!(session.success(), Success::Failed);
}

#[test]
fn the_draw_takes_the_configured_number_per_dimension() {
    let content = shipped();
    let mut session = QuizSession::new(&content, 42);
    session.choose_audience(Role::SupportInstitution, 0).unwrap();
    assert_eq!(session.n_items(), 4 * 7);
    for dimension in content.dimensions() {
        let n_drawn =
            session.drawn_items().iter().filter(|d| d.dimension_id() == dimension.id()).count();
        assert_eq!(n_drawn, 4, "{}", dimension.id());
    }
    assert_eq!(session.statements().len(), 13);
    assert!(session.statements().iter().all(|s| s.id().starts_with("aec-inst-")));
}

/// Runs `act` on a copy of `session` and checks that it fails with `expect`
/// and leaves the session as it was.
fn check_refused(
    session: &QuizSession,
    act: impl FnOnce(&mut QuizSession) -> Result<Outcome, ActError>,
    expect: ActError,
) {
    let mut copy = session.clone();
    assert_eq!(act(&mut copy), Err(expect));
    assert_eq!(&copy, session);
}

#[test]
fn illegal_actions_are_refused_and_change_nothing() {
    let content = small();
    let mut session = QuizSession::new(&content, 2);
    let wrong = |action, step| ActError::WrongStep { action, step };
    check_refused(
        &session,
        |s| s.answer("d1-q1", &["a"], 5),
        wrong("answer", Step::ChoosingAudience),
    );
    check_refused(&session, |s| s.next(5), wrong("go to the next item", Step::ChoosingAudience));
    check_refused(&session, |s| s.finish(5), wrong("finish", Step::ChoosingAudience));
    session.choose_audience(Role::Sme, 10).unwrap();
    check_refused(
        &session,
        |s| s.choose_audience(Role::Sme, 5),
        wrong("choose the audience", Step::Answering),
    );
    let current = session.current_item().unwrap().item.clone();
    let other = if current.id() == "d1-q1" { "d1-q2" } else { "d1-q1" };
    check_refused(
        &session,
        |s| s.answer(other, &["a"], 5),
        ActError::NotCurrentItem { item: other.into() },
    );
    check_refused(&session, |s| s.answer(current.id(), &[] as &[&str], 5), ActError::NoSelection);
    check_refused(
        &session,
        |s| s.answer(current.id(), &["z"], 5),
        ActError::UnknownOption { option: "z".into() },
    );
    check_refused(
        &session,
        |s| s.answer(current.id(), &["a", "a"], 5),
        ActError::RepeatedOption { option: "a".into() },
    );
    assert_eq!(current.kind(), ItemKind::Single, "seed 2 shows a single-response item first");
    check_refused(&session, |s| s.answer(current.id(), &["a", "b"], 5), ActError::OneOptionOnly);
    check_refused(&session, |s| s.rate("sme-s1", 3, 5), wrong("rate a statement", Step::Answering));
    check_refused(&session, |s| s.retry(9, 5), wrong("retry", Step::Answering));
}

#[test]
fn the_self_assessment_refuses_bad_ratings_and_early_finishes() {
    let content = small();
    let mut session = QuizSession::new(&content, 1);
    session.choose_audience(Role::SupportInstitution, 0).unwrap();
    while let Some(current) = session.current_item() {
        let id = current.item.id().to_owned();
        session.answer(&id, &["a"], 1).unwrap();
        assert_eq!(
            session.next(2),
            Ok(if session.drawn_items().last().unwrap().item_id() == id {
                Outcome::SelfAssessmentStarted
            } else {
                Outcome::NextItem
            })
        );
    }
    check_refused(
        &session,
        |s| s.rate("sme-s1", 3, 5),
        ActError::UnknownStatement { statement: "sme-s1".into() },
    );
    check_refused(
        &session,
        |s| s.rate("inst-s1", 6, 5),
        ActError::RatingOffScale { rating: 6, min: 1, max: 5 },
    );
    check_refused(
        &session,
        |s| s.rate("inst-s1", 0, 5),
        ActError::RatingOffScale { rating: 0, min: 1, max: 5 },
    );
    check_refused(&session, |s| s.finish(5), ActError::Unrated { n_unrated: 2 });
    session.rate("inst-s1", 2, 6).unwrap();
    session.rate("inst-s1", 4, 7).unwrap();
    assert_eq!(session.rating("inst-s1"), Some(4), "a later rating replaces an earlier one");
    check_refused(&session, |s| s.finish(8), ActError::Unrated { n_unrated: 1 });
}

#[test]
fn the_lms_mastery_score_replaces_the_pass_mark() {
    let content = small();
    // Five of seven weighted points right: a knowledge score between the
    // content's pass mark (60) and a stricter LMS mastery score (80).
    let some_right = [("d1-q1", "a"), ("d1-q2", "a"), ("d2-q1", "a"), ("d2-q3", "a")];
    let mut session = play(&content, 5, &some_right, &[]);
    let score = session.score().unwrap().percent();
    assert!((60.0..80.0).contains(&score), "{score}");
    assert_eq!((session.pass_mark(), session.success()), (60.0, Success::Passed));
    session.set_pass_mark(Some(80.0));
    assert_eq!((session.pass_mark(), session.success()), (80.0, Success::Failed));
    assert!(session.can_retry(), "a failed attempt under the LMS's mark may be retried");
}

#[test]
fn the_exercise_contract_restores_what_it_saved_and_refuses_the_rest() {
    let content = small();
    let session = play(&content, 5, &[("d1-q1", "a")], &[("sme-s1", 4)]);
    let restore = |session: &QuizSession| {
        let state = session.saved_form();
        QuizSession::restore(&content, QuizSession::saved_in(&state).expect("the quiz's own form"))
    };
    assert_eq!(restore(&session), Ok(session));
    let started = QuizSession::start(&content, 9);
    assert_eq!(restore(&started), Ok(started.clone()));
    let future = QuizResume { v: 9, ..started.saved() };
    assert_eq!(QuizSession::restore(&content, &future), Err(ResumeError::UnknownVersion(9)));
}

#[test]
fn the_content_says_which_try_counts() {
    assert_eq!(small().retry().counting(), Counting::Best);
    let last = SMALL.replace(r#""after_pass": false"#, r#""after_pass": false, "counts": "last""#);
    let content = quiz_from_json(&last);
    assert_eq!(QuizSession::new(&content, 1).counting(), Counting::Last);
}

#[test]
fn retry_follows_the_policy() {
    let content = small();
    let passed = play(&content, 5, &ALL_RIGHT, &[]);
    assert!(!passed.can_retry());
    check_refused(&passed, |s| s.retry(6, 0), ActError::Retry(RetryRefusal::AlreadyPassed));

    let mut failed = play(&content, 5, &[], &[]);
    assert_eq!((failed.attempt(), failed.attempts_left(), failed.can_retry()), (1, 1, true));
    assert_eq!(failed.retry(6, 100), Ok(Outcome::Retried { attempt: 2 }));
    assert_eq!(
        (failed.step(), failed.seed(), failed.audience()),
        (Step::Answering, 6, Some(Role::Sme))
    );
    assert!(
        failed.review().is_empty() && failed.rating("sme-s1").is_none(),
        "a retry starts afresh"
    );

    let failed_twice = {
        let mut session = failed;
        while let Some(current) = session.current_item() {
            let id = current.item.id().to_owned();
            session.answer(&id, &["b"], 200).unwrap();
            session.next(200).unwrap();
        }
        for statement in session.statements().to_vec() {
            session.rate(statement.id(), 3, 300).unwrap();
        }
        session.finish(300).unwrap();
        session
    };
    check_refused(
        &failed_twice,
        |s| s.retry(7, 0),
        ActError::Retry(RetryRefusal::NoAttemptsLeft { max_attempts: 2 }),
    );
}

#[test]
fn feedback_names_the_key_and_the_explanation() {
    let content = small();
    let mut session = QuizSession::new(&content, 11);
    session.choose_audience(Role::Sme, 0).unwrap();
    let id = session.current_item().unwrap().item.id().to_owned();
    let Ok(Outcome::Checked(feedback)) = session.answer(&id, &["b"], 2_500) else {
        panic!("the answer is accepted");
    };
    assert!(!feedback.correct);
    assert_eq!(feedback.selected, ["b"]);
    assert_eq!(feedback.why_key, format!("aec-quiz.item.{id}.why"));
    assert_eq!(session.feedback(), Some(feedback.clone()));
    assert_eq!(session.review(), [feedback]);
    let interaction = &session.interactions()[0];
    assert_eq!((interaction.latency_ms, interaction.answered_at_ms), (Some(2_500), 2_500));
    assert_eq!(interaction.result, InteractionResult::Incorrect);
}

#[test]
fn interactions_and_objectives_report_the_attempt() {
    let session = play(&small(), 7, &[("d1-q1", "a"), ("d1-q3", "ba")], &[("sme-s2", 2)]);
    let interactions = session.interactions();
    assert_eq!(interactions.len(), 6 + 4);
    let choice = interactions.iter().find(|i| i.id == "d1-q3").unwrap();
    assert_eq!(choice.kind, InteractionKind::Choice);
    assert_eq!(choice.response, ["a", "b"], "responses follow the option order");
    assert_eq!(choice.correct_response.as_deref(), Some(&["a".to_owned(), "b".to_owned()][..]));
    assert_eq!(choice.result, InteractionResult::Correct);
    let likert = interactions.iter().find(|i| i.id == "sme-s2").unwrap();
    assert_eq!(
        (likert.kind, likert.result, likert.weighting),
        (InteractionKind::Likert, InteractionResult::Neutral, 0.0)
    );
    assert_eq!(
        (likert.response.as_slice(), likert.correct_response.as_ref()),
        (&["2".to_owned()][..], None)
    );
    assert_eq!(likert.latency_ms, Some(2_000), "the second statement rated, a second apart");

    let objectives = session.objectives();
    assert_eq!(objectives.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["d1", "d2"]);
    assert!(objectives.iter().all(|o| o.completion == Completion::Completed));
    assert!(objectives.iter().all(|o| o.success == Success::Failed));
    assert_eq!(session.completion(), Completion::Completed);
}

#[test]
fn nothing_is_reported_before_the_audience_is_chosen() {
    let session = QuizSession::new(&small(), 1);
    assert_eq!(session.completion(), Completion::NotAttempted);
    assert_eq!(
        (session.score(), session.success(), session.answer_given()),
        (None, Success::Unknown, false)
    );
    assert!(session.interactions().is_empty());
    assert!(
        session.objectives().iter().all(|o| o.score.is_none() && o.success == Success::Unknown)
    );
}

#[test]
fn resume_refuses_states_the_content_cannot_have() {
    let content = small();
    let mut session = QuizSession::new(&content, 3);
    session.choose_audience(Role::Sme, 0).unwrap();
    let id = session.current_item().unwrap().item.id().to_owned();
    session.answer(&id, &["a"], 1).unwrap();
    let saved = session.resume_state();
    assert_eq!(QuizSession::resume(&content, saved.clone()), Ok(session));

    let check = |edit: &dyn Fn(&mut QuizResume), expect: ResumeError| {
        let mut broken = saved.clone();
        edit(&mut broken);
        assert_eq!(QuizSession::resume(&content, broken), Err(expect));
    };
    check(&|r| r.v = 2, ResumeError::UnknownVersion(2));
    check(&|r| r.attempt = 3, ResumeError::AttemptOutOfRange(3));
    check(&|r| r.items[1].id = "d9-q1".into(), ResumeError::UnknownItem("d9-q1".into()));
    check(
        &|r| r.items[2] = r.items[1].clone(),
        ResumeError::RepeatedItem(saved.items[1].id.clone()),
    );
    check(
        &|r| r.items.retain(|i| !i.id.starts_with("d2")),
        ResumeError::EmptyDimension("d2".into()),
    );
    check(&|r| r.items[0].o.pop().map_or((), drop), ResumeError::BadOptionOrder(id.clone()));
    check(&|r| r.items[0].a.as_mut().unwrap().s = "x".into(), ResumeError::BadAnswer(id.clone()));
    check(
        &|r| r.at = ResumeStep::Checked { item: r.items[1].id.clone() },
        ResumeError::Inconsistent("not the last answered item"),
    );
    check(
        &|r| r.at = ResumeStep::Statements { shown: 0 },
        ResumeError::Inconsistent("statements before every item is answered"),
    );
    check(
        &|r| r.ratings.push(ResumeRating { id: "inst-s1".into(), r: 3, t: 0 }),
        ResumeError::UnknownStatement("inst-s1".into()),
    );
    check(&|r| r.audience = None, ResumeError::Inconsistent("no audience after the first step"));
}

/// A saved form as an earlier release kept it: JSON, the step tagged inside
/// its object, empty answers and ratings left out.
fn legacy_json(saved: &QuizResume) -> String {
    use serde_json::Value;
    let mut value = serde_json::to_value(saved).unwrap();
    let object = value.as_object_mut().unwrap();
    object.retain(|_, field| !matches!(field, Value::Null) && *field != Value::Array(Vec::new()));
    let tagged = match object.remove("at").unwrap() {
        Value::String(step) => serde_json::json!({ "step": step }),
        Value::Object(external) => {
            let (step, fields) = external.into_iter().next().unwrap();
            let mut fields = fields.as_object().unwrap().clone();
            fields.insert("step".into(), Value::String(step));
            Value::Object(fields)
        }
        other => panic!("{other:?}"),
    };
    object.insert("at".into(), tagged);
    value.to_string()
}

#[test]
fn a_saved_form_kept_as_json_by_an_earlier_release_still_reads() {
    let content = small();
    let started = QuizSession::new(&content, 4);
    let mut answering = started.clone();
    answering.choose_audience(Role::Sme, 1_000).unwrap();
    let finished = play(&content, 5, &[("d1-q1", "a")], &[("sme-s1", 4)]);
    for session in [started, answering, finished] {
        let saved = session.resume_state();
        assert_eq!(QuizResume::from_legacy_json(&legacy_json(&saved)), Some(saved));
    }
    assert_eq!(QuizResume::from_legacy_json(r#"{"v":1,"attempt":1}"#), None);
    let future = r#"{"v":2,"attempt":1,"seed":3,"at":{"step":"audience"}}"#;
    assert_eq!(QuizResume::from_legacy_json(future), None);
}

#[test]
fn a_whole_attempt_fits_scorm_1_2_suspend_data() {
    let content = shipped();
    let mut session = QuizSession::new(&content, u64::MAX);
    let mut now = 1_764_000_000_000;
    session.choose_audience(Role::Sme, now).unwrap();
    while let Some(current) = session.current_item() {
        now += 123_456;
        let id = current.item.id().to_owned();
        let all: Vec<String> = current.item.key().to_vec();
        session.answer(&id, &all, now).unwrap();
        session.next(now).unwrap();
    }
    for statement in session.statements().to_vec() {
        now += 12_345;
        session.rate(statement.id(), 5, now).unwrap();
    }
    session.finish(now).unwrap();
    let mut state = crate::resume::ResumeState::default();
    state.exercises.insert(crate::ExerciseKind::AecQuiz, session.saved_form());
    let text = state.encode_for(crate::scorm::Version::Scorm12).expect("fits SCORM 1.2");
    let decoded = crate::resume::ResumeState::decode(&text).unwrap();
    assert_eq!(decoded.exercises[&crate::ExerciseKind::AecQuiz], session.saved_form());
}

#[test]
fn a_seeded_attempt_on_the_shipped_content_reports_the_same_trace() {
    let content = shipped();
    // The learner picks the first option shown for every item.
    let mut session = QuizSession::new(&content, 2012);
    let mut now = 1_337_000_000_000;
    session.choose_audience(Role::Sme, now).unwrap();
    while let Some(current) = session.current_item() {
        now += 20_000;
        let id = current.item.id().to_owned();
        let first = current.option_order[0].clone();
        session.answer(&id, &[first], now).unwrap();
        session.next(now).unwrap();
    }
    for (statement_idx, statement) in session.statements().to_vec().iter().enumerate() {
        now += 5_000;
        session.rate(statement.id(), (statement_idx % 5) as u8 + 1, now).unwrap();
    }
    session.finish(now).unwrap();

    let mut trace = String::new();
    for drawn in session.drawn_items() {
        writeln!(trace, "drawn {} [{}]", drawn.item_id(), drawn.option_order().concat()).unwrap();
    }
    for i in session.interactions() {
        writeln!(
            trace,
            "interaction {} {:?} {} -> {:?} correct {:?} weight {} latency {:?}",
            i.id,
            i.kind,
            i.response.concat(),
            i.result,
            i.correct_response.map(|c| c.concat()),
            i.weighting,
            i.latency_ms
        )
        .unwrap();
    }
    for o in session.objectives() {
        writeln!(
            trace,
            "objective {} score {:?} {:?} {:?}",
            o.id,
            o.score.map(|s| s.raw),
            o.completion,
            o.success
        )
        .unwrap();
    }
    writeln!(trace, "score {:?} {:?}", session.score().map(|s| s.raw), session.success()).unwrap();
    trace.push_str(&profile(&session));
    insta::assert_snapshot!(trace);
}

#[derive(Debug, Clone)]
enum Action {
    Choose(bool),
    /// Answers the shown item: a single-response item with the option at
    /// `mask` modulo their number, a multiple-response one with the options
    /// whose bits are set (possibly none).
    AnswerShown(u8),
    /// Answers the shown item with the options whose bits are set, whatever its kind.
    AnswerMask(u8),
    /// Answers with an id that is not the shown item.
    AnswerOther,
    Next,
    /// Rates the statement at this index (modulo their number); 0 and 6 are off the scale.
    Rate(usize, u8),
    Finish,
    Retry(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        1 => any::<bool>().prop_map(Action::Choose),
        8 => any::<u8>().prop_map(Action::AnswerShown),
        1 => any::<u8>().prop_map(Action::AnswerMask),
        1 => Just(Action::AnswerOther),
        8 => Just(Action::Next),
        6 => (any::<usize>(), 0u8..=6).prop_map(|(idx, rating)| Action::Rate(idx, rating)),
        2 => Just(Action::Finish),
        1 => any::<u64>().prop_map(Action::Retry),
    ]
}

fn apply(session: &mut QuizSession, action: &Action, now: i64) -> Result<Outcome, ActError> {
    match action {
        Action::Choose(sme) => {
            session.choose_audience(if *sme { Role::Sme } else { Role::SupportInstitution }, now)
        }
        Action::AnswerShown(mask) | Action::AnswerMask(mask) => {
            let Some(current) = session.current_item() else {
                return session.answer("d1-q1", &["a"], now);
            };
            let id = current.item.id().to_owned();
            let order = current.option_order;
            let chosen: Vec<String> = match action {
                Action::AnswerShown(_) if current.item.kind() == ItemKind::Single => {
                    vec![order[usize::from(*mask) % order.len()].clone()]
                }
                _ => order
                    .iter()
                    .enumerate()
                    .filter(|(option_idx, _)| mask & (1 << (option_idx % 8)) != 0)
                    .map(|(_, option)| option.clone())
                    .collect(),
            };
            session.answer(&id, &chosen, now)
        }
        Action::AnswerOther => session.answer("not-an-item", &["a"], now),
        Action::Next => session.next(now),
        Action::Rate(idx, rating) => {
            let statements = session.statements();
            let id = if statements.is_empty() {
                "sme-s1".to_owned()
            } else {
                statements[idx % statements.len()].id().to_owned()
            };
            session.rate(&id, *rating, now)
        }
        Action::Finish => session.finish(now),
        Action::Retry(seed) => session.retry(*seed, now),
    }
}

fn check_invariants(session: &QuizSession) -> Result<(), TestCaseError> {
    if let Some(score) = session.score() {
        prop_assert!((0.0..=100.0).contains(&score.raw), "score {}", score.raw);
    }
    if let Some(result) = session.result() {
        for score in &result.dimensions {
            for value in [score.knowledge, score.self_assessment, score.readiness_exact] {
                prop_assert!((0.0..=100.0).contains(&value), "{score:?}");
            }
            prop_assert!(score.readiness <= 100);
        }
        prop_assert!(result.recommendations.len() <= session.content().recommendations_shown());
    }
    for objective in session.objectives() {
        if let Some(score) = objective.score {
            prop_assert!((0.0..=100.0).contains(&score.raw));
        }
    }
    let saved = session.resume_state();
    let resumed = QuizSession::resume(session.content(), saved.clone());
    prop_assert_eq!(resumed.as_ref(), Ok(session));
    let encoded = postcard::to_allocvec(&saved).expect("a quiz state always serialises");
    prop_assert_eq!(postcard::from_bytes::<QuizResume>(&encoded).ok(), Some(saved));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_actions_keep_the_rules(
        use_shipped in any::<bool>(),
        seed in any::<u64>(),
        actions in proptest::collection::vec(action(), 0..300),
    ) {
        let content = if use_shipped { shipped() } else { small() };
        let mut session = QuizSession::new(&content, seed);
        for (action_idx, action) in actions.iter().enumerate() {
            let before = session.clone();
            let outcome = apply(&mut session, action, 1_000 * action_idx as i64);
            if outcome.is_err() {
                prop_assert_eq!(&session, &before, "{:?} changed a refused state", action);
            }
            check_invariants(&session)?;
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_items_in_the_same_order(seed in any::<u64>()) {
        let content = shipped();
        let draw = |seed| {
            let mut session = QuizSession::new(&content, seed);
            session.choose_audience(Role::Sme, 0).unwrap();
            session.drawn_items().to_vec()
        };
        prop_assert_eq!(draw(seed), draw(seed));
        prop_assert_ne!(draw(seed), draw(seed.wrapping_add(1)));
    }

    #[test]
    fn any_finished_attempt_scores_within_bounds(
        seed in any::<u64>(),
        masks in proptest::collection::vec(1u8..=255, 28),
        ratings in proptest::collection::vec(1u8..=5, 1..20),
    ) {
        let content = shipped();
        let mut session = QuizSession::new(&content, seed);
        session.choose_audience(Role::Sme, 0).unwrap();
        let mut item_idx = 0;
        while let Some(current) = session.current_item() {
            let mut chosen: Vec<String> = current
                .option_order
                .iter()
                .enumerate()
                .filter(|(option_idx, _)| masks[item_idx] & (1 << option_idx) != 0)
                .map(|(_, option)| option.clone())
                .collect();
            if chosen.is_empty() || current.item.kind() == ItemKind::Single {
                chosen = vec![current.option_order[item_idx % current.option_order.len()].clone()];
            }
            let id = current.item.id().to_owned();
            prop_assert!(session.answer(&id, &chosen, 1).is_ok());
            prop_assert!(session.next(2).is_ok());
            item_idx += 1;
        }
        for statement_idx in 0..session.statements().len() {
            let rating = ratings[statement_idx % ratings.len()];
            prop_assert!(apply(&mut session, &Action::Rate(statement_idx, rating), 3).is_ok());
        }
        prop_assert_eq!(session.finish(4).map(|_| ()), Ok(()));
        check_invariants(&session)?;
    }
}

/// Option texts of [`SMALL`]: every key `long` characters, every distractor
/// `short`; item `d2-q1` fixed in authoring order when `fixed`.
fn option_texts(long: usize, short: usize) -> impl Fn(&str) -> Option<&'static str> {
    move |key: &str| {
        let item_and_option = key.strip_prefix("aec-quiz.item.")?;
        let (item, option) = item_and_option.split_once(".option.")?;
        let keyed = option == "a" || (item == "d1-q3" && option == "b");
        let length = if keyed { long } else { short };
        Some(&"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"[..length])
    }
}

#[test]
fn guessing_scores_follow_the_length_and_position_cues() {
    let content = small();
    // d1: two 2-option items and a 3-option multiple (chance 1/7); d2: two
    // 2-option items and a 4-option item of weight 2. All drawn.
    let chance = 100.0 * (0.5 + 0.5 + 1.0 / 7.0 + 0.5 + 0.5 + 2.0 * 0.25) / 7.0;
    let cued = content.guessing_scores(&option_texts(30, 10));
    assert!((cued.chance - chance).abs() < 1e-9, "{cued:?}");
    // The longest option is the key of every single item, never of the multiple.
    assert!((cued.longest - 100.0 * 6.0 / 7.0).abs() < 1e-9, "{cued:?}");
    // Shuffled options: one position is as good as chance on single items.
    assert!(cued.same_position < cued.chance + 1e-9, "{cued:?}");
    let even = content.guessing_scores(&option_texts(10, 10));
    // Equal lengths: the longest strategy is a random pick among all.
    assert!((even.longest - 100.0 * (0.5 + 0.5 + 0.5 + 0.5 + 2.0 * 0.25) / 7.0).abs() < 1e-9);
    assert_eq!(
        content.longest_keys(&option_texts(30, 10)).len(),
        5,
        "every single item's key stands out"
    );
    assert!(content.longest_keys(&option_texts(10, 10)).is_empty());
}

#[test]
fn a_bank_whose_longest_option_is_the_key_fails_validation_item_by_item() {
    let content = small();
    let problems = content.check_guessing(&option_texts(30, 10));
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert_eq!(problems[0].0, "aec-quiz.item.d1-q1.option.a");
    assert!(
        problems[0].1.contains("always choosing the longest option scores 85.7 %"),
        "{problems:?}"
    );
    assert!(
        content.check_guessing(&option_texts(10, 30)).is_empty(),
        "keys shorter than distractors"
    );
}

#[test]
fn fixed_order_items_keep_their_options_in_order_and_count_for_the_position_strategy() {
    let fixed = quiz_from_json(&SMALL.replace(
        r#"{ "id": "d2-q3", "kind": "single", "options": ["a", "b", "c", "d"], "key": ["a"], "weight": 2 }"#,
        r#"{ "id": "d2-q3", "kind": "single", "options": ["a", "b", "c", "d"], "key": ["a"], "weight": 2, "fixed_order": true }"#,
    ));
    for seed in 0..20 {
        let session = QuizSession::new(&fixed, seed);
        let mut session = session;
        session.choose_audience(Role::Sme, 0).unwrap();
        let drawn = session.drawn_items().iter().find(|drawn| drawn.item_id() == "d2-q3").unwrap();
        assert_eq!(drawn.option_order(), ["a", "b", "c", "d"]);
    }
    let scores = fixed.guessing_scores(&option_texts(10, 10));
    // Position `a` of the fixed item is always right: weight 2 of 7 instead of 2 × 1/4.
    let expected = 100.0 * (0.5 + 0.5 + 0.0 + 0.5 + 0.5 + 2.0) / 7.0;
    assert!((scores.same_position - expected).abs() < 1e-9, "{scores:?}");
    let problems = fixed.check_guessing(&option_texts(10, 10));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "aec-quiz.item.d2-q3.stem");
}

#[test]
fn each_band_runs_up_to_the_next() {
    let content = small();
    let ranges: Vec<(&str, (u8, u8))> =
        content.bands().iter().map(|band| (band.id(), content.band_range(band))).collect();
    assert_eq!(ranges, [("early", (0, 39)), ("developing", (40, 69)), ("ready", (70, 100))]);
}

/// Answers every item of the current attempt wrongly and finishes it.
fn finish_wrong(session: &mut QuizSession, now: i64) {
    while let Some(current) = session.current_item() {
        let item = current.item;
        let wrong = item.options().iter().find(|o| !item.key().contains(o)).unwrap().clone();
        let id = item.id().to_owned();
        session.answer(&id, &[wrong], now).unwrap();
        session.next(now).unwrap();
    }
    for statement in session.statements().to_vec() {
        session.rate(statement.id(), 3, now).unwrap();
    }
    session.finish(now).unwrap();
}

#[test]
fn a_retry_asks_items_not_seen_before_first_and_says_how_many() {
    let content = shipped();
    for seed in 0..200 {
        let mut session = QuizSession::new(&content, seed);
        session.choose_audience(Role::Sme, 0).unwrap();
        finish_wrong(&mut session, 1);
        let first: BTreeSet<String> =
            session.drawn_items().iter().map(|drawn| drawn.item_id().to_owned()).collect();
        let promised = session.new_items_on_retry();
        session.retry(seed.wrapping_mul(31).wrapping_add(7), 2).unwrap();
        let second: Vec<&str> = session.drawn_items().iter().map(|drawn| drawn.item_id()).collect();
        let new = second.iter().filter(|id| !first.contains(**id)).count();
        assert_eq!(new, promised, "seed {seed}: the promise is kept");
        // Each dimension asks all of its unseen items before any seen one.
        for dimension in content.dimensions() {
            let unseen = dimension.items().iter().filter(|item| !first.contains(item.id())).count();
            let asked_new = second
                .iter()
                .filter(|id| dimension.items().iter().any(|item| item.id() == **id))
                .filter(|id| !first.contains(**id))
                .count();
            assert_eq!(asked_new, unseen.min(content.items_per_dimension()), "seed {seed}");
        }
        // The items seen are kept across a saved form.
        let restored = QuizSession::resume(&content, session.resume_state()).unwrap();
        assert_eq!(restored, session);
    }
}
