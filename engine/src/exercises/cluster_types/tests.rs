use proptest::prelude::*;

use super::content::cases_from_json;
use super::*;
use crate::activity::{Activity, Completion, InteractionResult, Success};
use crate::content::{bundled_structure, validate_structure};
use crate::exercises::retry::RetryRefusal;
use crate::exercises::{ExerciseSession, ExerciseState};

/// Six cases, every type at least once, weights 1/2/3.
const SMALL: &str = r#"{
    "draw": {"per_attempt": 6, "max_per_type": 2},
    "scoring": {"pass_mark": 60, "weights": {"easy": 1, "medium": 2, "hard": 3}},
    "retry": {"max_attempts": 2, "after_pass": false},
    "stage_round": true,
    "vignettes": [
        {"id": "v-mar", "difficulty": "easy", "structure": "marshallian", "stages": ["informal"], "clues": 2, "misreads": ["hub-and-spoke"]},
        {"id": "v-hub", "difficulty": "medium", "structure": "hub-and-spoke", "stages": ["tnc-led"], "clues": 2, "misreads": ["satellite-platform"]},
        {"id": "v-sat", "difficulty": "hard", "structure": "satellite-platform", "stages": ["tnc-led"], "clues": 1},
        {"id": "v-sta", "difficulty": "medium", "structure": "state-anchored", "stages": ["organised", "innovative"], "clues": 1},
        {"id": "v-not", "difficulty": "easy", "structure": "not-a-cluster", "stages": [], "clues": 1},
        {"id": "v-mar2", "difficulty": "hard", "structure": "marshallian", "stages": ["organised"], "clues": 1}
    ],
    "discussion": {"id": "v-talk", "defensible": ["state-anchored", "hub-and-spoke"]}
}"#;

fn content() -> CaseContent {
    cases_from_json(SMALL)
}

fn right(session: &CaseSession) -> ClusterType {
    session.current_case().unwrap().vignette.structure()
}

/// Sorts every case, answering with `choose(right type)`, and shows the results.
fn sort_all(session: &mut CaseSession, choose: impl Fn(&str, ClusterType) -> ClusterType) {
    session.begin(1_000).unwrap();
    let mut now = 1_000;
    while session.step() == Step::Sorting {
        let case = session.current_case().unwrap().vignette;
        let (id, answer) = (case.id().to_owned(), choose(case.id(), case.structure()));
        now += 500;
        session.classify(&id, answer, now).unwrap();
        session.next(now).unwrap();
    }
}

#[test]
fn the_bundled_cases_validate_and_use_every_type() {
    let course = validate_structure(&bundled_structure()).unwrap();
    let cases = course.cases();
    assert_eq!(cases.vignettes().len(), 19);
    assert_eq!(cases.per_attempt(), 8);
    for kind in ClusterType::ALL {
        assert!(cases.vignettes().iter().any(|vignette| vignette.structure() == kind), "{kind:?}");
    }
}

/// Answering every case with one type (say, the most common) is a guess,
/// not knowledge: over many draws it must stay well below the pass mark.
#[test]
fn always_the_same_type_stays_well_below_the_pass_mark() {
    const MARGIN: f64 = 15.0;
    let course = validate_structure(&bundled_structure()).unwrap();
    let content = course.cases();
    for guess in ClusterType::ALL {
        let (mut total, mut best) = (0.0, 0.0f64);
        let n_seeds = 400;
        for seed in 0..n_seeds {
            let mut session = CaseSession::new(content, seed);
            sort_all(&mut session, |_, _| guess);
            let percent = session.score().unwrap().percent();
            total += percent;
            best = best.max(percent);
        }
        let mean = total / f64::from(n_seeds as u32);
        assert!(
            mean <= f64::from(content.pass_mark()) - MARGIN,
            "always `{}` scores {mean:.1} % on average (best {best:.1} %)",
            guess.code()
        );
    }
}

#[test]
fn no_attempt_draws_more_of_a_type_than_the_content_allows() {
    let course = validate_structure(&bundled_structure()).unwrap();
    let content = course.cases();
    for seed in 0..200 {
        let session = CaseSession::new(content, seed);
        for kind in ClusterType::ALL {
            let n = session
                .case_ids()
                .filter(|id| content.vignette(id).unwrap().structure() == kind)
                .count();
            assert!(n <= content.max_per_type(), "seed {seed}: {n} of `{}`", kind.code());
        }
    }
}

#[test]
fn every_attempt_draws_each_type_once_at_least_and_no_case_twice() {
    let content = content();
    for seed in 0..50 {
        let session = CaseSession::new(&content, seed);
        let ids: Vec<_> = session.case_ids().collect();
        assert_eq!(ids.len(), 6);
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), 6);
    }
    let course = validate_structure(&bundled_structure()).unwrap();
    for seed in 0..50 {
        let session = CaseSession::new(course.cases(), seed);
        let types: std::collections::BTreeSet<_> =
            session.case_ids().map(|id| course.cases().vignette(id).unwrap().structure()).collect();
        assert_eq!(types.len(), ClusterType::ALL.len(), "seed {seed}");
    }
}

#[test]
fn the_same_seed_draws_the_same_cases_and_another_seed_may_not() {
    let content = cases_from_json(&SMALL.replace("\"per_attempt\": 6,", "\"per_attempt\": 5,"));
    let ids =
        |seed| CaseSession::new(&content, seed).case_ids().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(ids(7), ids(7));
    assert!((0..20).any(|seed| ids(seed) != ids(7)));
}

#[test]
fn a_right_answer_names_the_clues_and_a_wrong_one_says_why_it_does_not_fit() {
    let content = content();
    let mut session = CaseSession::new(&content, 3);
    session.begin(0).unwrap();
    while session.current_case().unwrap().vignette.id() != "v-hub" {
        let right = right(&session);
        let id = session.current_case().unwrap().vignette.id().to_owned();
        session.classify(&id, right, 10).unwrap();
        session.next(20).unwrap();
    }
    let Outcome::Sorted(feedback) =
        session.classify("v-hub", ClusterType::SatellitePlatform, 30).unwrap()
    else {
        panic!("not sorted")
    };
    assert!(!feedback.correct());
    assert_eq!(
        feedback.clue_keys,
        ["cluster-types.case.v-hub.clue.1", "cluster-types.case.v-hub.clue.2"]
    );
    assert_eq!(feedback.why_key, "cluster-types.case.v-hub.why");
    assert_eq!(
        feedback.misread,
        Some(Misread::Explained("cluster-types.case.v-hub.misread.satellite-platform".into()))
    );

    let mut other = CaseSession::new(&content, 3);
    other.begin(0).unwrap();
    let id = other.current_case().unwrap().vignette.id().to_owned();
    let wrong = if right(&other) == ClusterType::StateAnchored {
        ClusterType::NotACluster
    } else {
        ClusterType::StateAnchored
    };
    let Outcome::Sorted(feedback) = other.classify(&id, wrong, 5).unwrap() else { panic!() };
    assert_eq!(feedback.misread, Some(Misread::Test(wrong)));
    let mut third = CaseSession::new(&content, 3);
    third.begin(0).unwrap();
    let right_type = right(&third);
    let Outcome::Sorted(feedback) = third.classify(&id, right_type, 5).unwrap() else { panic!() };
    assert!(feedback.correct());
    assert_eq!(feedback.misread, None);
}

#[test]
fn the_confusion_summary_counts_a_scripted_set_of_wrong_answers() {
    let content = content();
    let mut session = CaseSession::new(&content, 11);
    // Hub-and-spoke is taken for a satellite platform and back; both
    // Marshallian cases are taken for hub-and-spoke; the rest are right.
    sort_all(&mut session, |_, right| match right {
        ClusterType::HubAndSpoke => ClusterType::SatellitePlatform,
        ClusterType::SatellitePlatform => ClusterType::HubAndSpoke,
        ClusterType::Marshallian => ClusterType::HubAndSpoke,
        other => other,
    });
    let confusion = session.confusion();
    assert_eq!(confusion.count(ClusterType::Marshallian, ClusterType::HubAndSpoke), 2);
    assert_eq!(confusion.count(ClusterType::HubAndSpoke, ClusterType::SatellitePlatform), 1);
    assert_eq!(confusion.count(ClusterType::SatellitePlatform, ClusterType::HubAndSpoke), 1);
    assert_eq!(confusion.count(ClusterType::StateAnchored, ClusterType::StateAnchored), 1);
    assert_eq!(confusion.answered(ClusterType::Marshallian), 2);
    assert_eq!(
        confusion.mix_ups(),
        vec![
            (ClusterType::Marshallian, ClusterType::HubAndSpoke, 2),
            (ClusterType::HubAndSpoke, ClusterType::SatellitePlatform, 1),
            (ClusterType::SatellitePlatform, ClusterType::HubAndSpoke, 1),
        ]
    );
    // Right: state-anchored (medium, 2) and not-a-cluster (easy, 1) of
    // 1 + 3 + 2 + 3 + 2 + 1 = 12 points.
    let result = session.result().unwrap();
    assert_eq!((result.points, result.max_points, result.percent), (3, 12, 25));
    assert!(!result.passed);
}

#[test]
fn harder_cases_weigh_more() {
    let content = content();
    let mut session = CaseSession::new(&content, 5);
    sort_all(
        &mut session,
        |id, right| if id == "v-sat" { ClusterType::Marshallian } else { right },
    );
    assert_eq!(session.result().unwrap().points, 9);
    let mut session = CaseSession::new(&content, 5);
    sort_all(
        &mut session,
        |id, right| if id == "v-not" { ClusterType::Marshallian } else { right },
    );
    assert_eq!(session.result().unwrap().points, 11);
}

#[test]
fn it_reports_one_choice_interaction_per_case_and_one_objective_per_type() {
    let content = content();
    let mut session = CaseSession::new(&content, 9);
    assert_eq!(session.completion(), Completion::NotAttempted);
    sort_all(
        &mut session,
        |id, right| if id == "v-mar" { ClusterType::HubAndSpoke } else { right },
    );
    assert_eq!(session.completion(), Completion::Completed);
    let interactions = session.interactions();
    assert_eq!(interactions.len(), 6);
    let mar = interactions.iter().find(|interaction| interaction.id == "v-mar").unwrap();
    assert_eq!(mar.response, ["hub-and-spoke"]);
    assert_eq!(mar.correct_response.as_deref(), Some(&["marshallian".to_owned()][..]));
    assert_eq!(mar.result, InteractionResult::Incorrect);
    assert_eq!(mar.weighting, 1.0);
    assert_eq!(mar.latency_ms, Some(500));
    let objectives = session.objectives();
    let ids: Vec<_> = objectives.iter().map(|objective| objective.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ct-marshallian",
            "ct-hub-and-spoke",
            "ct-satellite-platform",
            "ct-state-anchored",
            "ct-not-a-cluster"
        ]
    );
    assert_eq!(objectives[0].score.unwrap().percent(), 50.0);
    assert_eq!(objectives[0].success, Success::Failed);
    assert_eq!(objectives[1].success, Success::Passed);
    // 11 of 12 points.
    assert_eq!(session.score().unwrap().percent(), 91.67);
    assert_eq!(session.success(), Success::Passed);
}

#[test]
fn the_stage_round_is_optional_unscored_and_played_once() {
    let content = content();
    let mut session = CaseSession::new(&content, 4);
    sort_all(&mut session, |_, right| right);
    let score = session.score();
    assert!(session.stage_round_open());
    assert!(!session.stage_round_played());
    session.begin_stages(50_000).unwrap();
    // The case without a stage question (not a cluster) is skipped.
    assert_eq!(session.current_case().unwrap().n_cases, 5);
    let mut now = 50_000;
    while session.step() == Step::Staging {
        let vignette = session.current_case().unwrap().vignette;
        let id = vignette.id().to_owned();
        let chosen = if id == "v-sta" { Stage::Innovative } else { Stage::Informal };
        now += 1_000;
        session.choose_stage(&id, chosen, now).unwrap();
        let feedback = session.stage_feedback().unwrap();
        assert_eq!(feedback.why_key, format!("cluster-types.case.{id}.stage-why"));
        session.next(now).unwrap();
    }
    assert_eq!(session.step(), Step::Results);
    // v-mar (informal) and v-sta (either stage) are right.
    assert_eq!(session.stage_tally(), (2, 5));
    assert_eq!(session.score(), score);
    assert!(!session.stage_round_open());
    assert!(session.stage_round_played());
    assert_eq!(session.begin_stages(now), Err(ActError::NoStageRound));
    let stage_interactions: Vec<_> =
        session.interactions().into_iter().filter(|i| i.id.ends_with("-stage")).collect();
    assert_eq!(stage_interactions.len(), 5);
    assert!(stage_interactions.iter().all(|interaction| interaction.weighting == 0.0));
    let sta = stage_interactions.iter().find(|i| i.id == "v-sta-stage").unwrap();
    assert_eq!(sta.correct_response, None);
    assert_eq!(sta.result, InteractionResult::Correct);
}

#[test]
fn retries_follow_the_content_policy() {
    let content = content();
    let mut session = CaseSession::new(&content, 1);
    sort_all(&mut session, |_, _| ClusterType::NotACluster);
    assert!(session.can_retry());
    session.retry(2, 0).unwrap();
    assert_eq!((session.attempt(), session.step()), (2, Step::Ready));
    assert_eq!(session.completion(), Completion::Incomplete);
    sort_all(&mut session, |_, _| ClusterType::NotACluster);
    assert_eq!(
        session.retry(3, 0),
        Err(ActError::Retry(RetryRefusal::NoAttemptsLeft { max_attempts: 2 }))
    );

    let mut passed = CaseSession::new(&content, 1);
    sort_all(&mut passed, |_, right| right);
    assert_eq!(passed.retry(3, 0), Err(ActError::Retry(RetryRefusal::AlreadyPassed)));
}

#[test]
fn the_lms_mastery_score_replaces_the_pass_mark() {
    let content = content();
    let mut session = CaseSession::new(&content, 1);
    session.set_pass_mark(Some(95.0));
    sort_all(
        &mut session,
        |id, right| if id == "v-not" { ClusterType::Marshallian } else { right },
    );
    assert_eq!(session.success(), Success::Failed);
}

#[test]
fn refused_actions_change_nothing() {
    let content = content();
    let mut session = CaseSession::new(&content, 1);
    let before = session.clone();
    assert!(matches!(
        session.classify("v-mar", ClusterType::Marshallian, 0),
        Err(ActError::WrongStep { .. })
    ));
    assert!(matches!(session.next(0), Err(ActError::WrongStep { .. })));
    assert_eq!(session, before);
    session.begin(0).unwrap();
    let shown = session.current_case().unwrap().vignette.id().to_owned();
    let other = content.vignettes().iter().find(|v| v.id() != shown).unwrap().id().to_owned();
    let before = session.clone();
    assert_eq!(
        session.classify(&other, ClusterType::Marshallian, 0),
        Err(ActError::NotCurrentCase { case: other.clone() })
    );
    assert_eq!(session, before);
}

#[test]
fn a_session_left_after_three_cases_resumes_at_the_fourth() {
    let content = content();
    let mut session = CaseSession::new(&content, 21);
    session.begin(0).unwrap();
    for _ in 0..3 {
        let id = session.current_case().unwrap().vignette.id().to_owned();
        let right = right(&session);
        session.classify(&id, right, 10).unwrap();
        session.next(20).unwrap();
    }
    let state = session.saved_form();
    let resumed = CaseSession::restore(&content, CaseSession::saved_in(&state).unwrap()).unwrap();
    assert_eq!(resumed, session);
    assert_eq!(resumed.current_case().unwrap().idx, 3);
    assert_eq!(resumed.interactions().len(), 3);
}

#[test]
fn a_saved_form_that_no_play_produces_is_refused() {
    let content = content();
    let mut session = CaseSession::new(&content, 2);
    session.begin(0).unwrap();
    let id = session.current_case().unwrap().vignette.id().to_owned();
    session.classify(&id, ClusterType::Marshallian, 1).unwrap();
    let saved = session.resume_state();
    let check = |edit: &dyn Fn(&mut CaseResume), expected: ResumeError| {
        let mut bad = saved.clone();
        edit(&mut bad);
        assert_eq!(CaseSession::resume(&content, &bad), Err(expected));
    };
    check(&|s| s.v = 9, ResumeError::UnknownVersion(9));
    check(&|s| s.attempt = 3, ResumeError::AttemptOutOfRange(3));
    check(&|s| s.cases[1].id = "nope".into(), ResumeError::UnknownCase("nope".into()));
    check(&|s| s.cases[1].id = s.cases[0].id.clone(), ResumeError::BadDraw);
    check(&|s| s.at = CaseStep::Sorting { idx: 0, shown: 0 }, ResumeError::Inconsistent);
    check(&|s| s.at = CaseStep::Sorted { idx: 9 }, ResumeError::Inconsistent);
    check(&|s| s.at = CaseStep::Results, ResumeError::Inconsistent);
    let not_a_cluster = saved.cases.iter().position(|case| case.id == "v-not").unwrap();
    check(
        &|s| {
            s.cases[not_a_cluster].stage = Some(SavedAnswer { chosen: Stage::Informal, t: 0, l: 0 })
        },
        ResumeError::UnexpectedStage("v-not".into()),
    );
}

#[test]
fn a_saved_form_of_another_exercise_is_not_this_ones() {
    let quiz = ExerciseState::AecQuiz(crate::exercises::aec_quiz::QuizResume {
        v: 1,
        attempt: 1,
        seed: 0,
        audience: None,
        at: crate::exercises::aec_quiz::ResumeStep::Audience,
        items: Vec::new(),
        ratings: Vec::new(),
        seen: Vec::new(),
    });
    assert_eq!(CaseSession::saved_in(&quiz), None);
}

#[test]
fn clue_passages_mark_every_clue_in_text_order() {
    let text = "Many small firms share suppliers; none dominates.";
    assert_eq!(
        clue_passages(text, &["none dominates", "Many small firms", "absent"]),
        [
            ("Many small firms", true),
            (" share suppliers; ", false),
            ("none dominates", true),
            (".", false)
        ]
    );
    // Thai text has no spaces; clues are found by bytes all the same.
    let thai = "ครัวเรือนกว่าสองพันหลังสานตะกร้า";
    assert_eq!(
        clue_passages(thai, &["สองพันหลัง"]),
        [("ครัวเรือนกว่า", false), ("สองพันหลัง", true), ("สานตะกร้า", false)]
    );
    assert_eq!(
        clue_passages(text, &["small firms share", "firms"]),
        clue_passages(text, &["small firms share"])
    );
}

proptest! {
    /// The passages always put the text back together, whatever the clues.
    #[test]
    fn clue_passages_rebuild_the_text(text in ".{0,60}", clues in proptest::collection::vec(".{0,8}", 0..5)) {
        let clues: Vec<&str> = clues.iter().map(String::as_str).collect();
        let joined: String = clue_passages(&text, &clues).into_iter().map(|(passage, _)| passage).collect();
        prop_assert_eq!(joined, text);
    }
}

/// One learner action, as a property test generates it.
#[derive(Debug, Clone)]
enum Action {
    Begin,
    Classify(usize),
    Next,
    BeginStages,
    Stage(usize),
    Retry(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Begin),
        (0..5usize).prop_map(Action::Classify),
        Just(Action::Next),
        Just(Action::BeginStages),
        (0..4usize).prop_map(Action::Stage),
        any::<u64>().prop_map(Action::Retry),
    ]
}

proptest! {
    /// Whatever a learner does, every state restores from its saved form,
    /// through the resume state's compact encoding, and the score stays in range.
    #[test]
    fn every_reachable_state_round_trips(seed in any::<u64>(), actions in proptest::collection::vec(action(), 0..40)) {
        let content = content();
        let mut session = CaseSession::new(&content, seed);
        for (now, action) in actions.into_iter().enumerate() {
            let now = now as i64 * 1_000;
            let case = session.current_case().map(|case| case.vignette.id().to_owned()).unwrap_or_default();
            let _refused_or_done = match action {
                Action::Begin => session.begin(now),
                Action::Classify(n) => session.classify(&case, ClusterType::ALL[n], now),
                Action::Next => session.next(now),
                Action::BeginStages => session.begin_stages(now),
                Action::Stage(n) => session.choose_stage(&case, Stage::ALL[n], now),
                Action::Retry(seed) => session.retry(seed, now),
            };
            let mut resume = crate::resume::ResumeState::default();
            resume.exercises.insert(crate::ExerciseKind::ClusterTypes, session.saved_form());
            let decoded = crate::resume::ResumeState::decode(&resume.encode()).unwrap();
            let state = &decoded.exercises[&crate::ExerciseKind::ClusterTypes];
            let restored = CaseSession::restore(&content, CaseSession::saved_in(state).unwrap());
            prop_assert_eq!(restored.as_ref(), Ok(&session));
            if let Some(score) = session.score() {
                prop_assert!((0.0..=100.0).contains(&score.percent()));
            }
        }
    }
}
