use std::fmt::Write as _;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::content::consortium_from_json;
use super::montecarlo::{Policy, play_out};
use super::*;
use crate::activity::{Activity, Completion};
use crate::exercises::{ExerciseSession, ExerciseState};

/// The shipped `consortium` section, validated on its own: the course's
/// catalogs may lag behind while the exercise's strings are written.
static SHIPPED: LazyLock<ConsortiumContent> = LazyLock::new(|| {
    let text = include_str!("../../../../assets/content/exercises/consortium-sim.json");
    let file: serde_json::Value = serde_json::from_str(text).expect("the file is JSON");
    consortium_from_json(&file["consortium"].to_string())
});

fn shipped() -> &'static ConsortiumContent {
    &SHIPPED
}

fn poor(id: &str) -> &'static Played {
    shipped().poor().iter().find(|played| played.id() == id).expect("a shipped poor formation")
}

/// The good formation with some statutes changed.
fn good_with(change: impl FnOnce(&mut Formation)) -> Formation {
    let mut formation = shipped().good().formation().clone();
    change(&mut formation);
    formation
}

/// Founds `played`'s formation and plays its plans, answering every
/// decision as the literature recommends, until the debrief.
fn play_through(played: &Played, seed: u64) -> ConsortiumSession {
    let mut session = ConsortiumSession::new(shipped(), seed);
    session.found(played.formation().clone(), 1_000).unwrap();
    let mut now = 1_000;
    for plan in played.plans() {
        now += 60_000;
        if session.step() == Step::Debrief {
            break;
        }
        session.play(plan.clone(), now).unwrap();
        while let Some(pending) = session.run().unwrap().pending() {
            let response = pending.kind.recommended();
            now += 5_000;
            session.decide(response, now).unwrap();
        }
    }
    assert_eq!(session.step(), Step::Debrief);
    session
}

/// Everything a learner or a later transition can see of a session.
fn observable(session: &ConsortiumSession) -> String {
    format!("{:?} {:?} {session:?}", session.step(), session.resume_state())
}

// --- The reference formations over many runs --------------------------------

/// The brief's calibration (§D4): the literature's good formation usually
/// ends self-sustaining, with 150–300k USD of consortium-linked sales and
/// members' own exports above that, while every poor one usually does not.
#[test]
fn over_a_thousand_seeds_the_good_formation_sustains_itself_and_the_poor_ones_do_not() {
    let content = shipped();
    let good = montecarlo::distribution(content, content.good(), Policy::recommended());
    assert_eq!(good.runs(), 1_000);
    let sustaining = good.share(Status::SelfSustaining);
    assert!(sustaining >= 0.6, "the good formation sustains itself in {sustaining:.2} of runs");
    let median = good.sales_percentile(50);
    assert!((150_000.0..=300_000.0).contains(&median), "good median sales {median:.0}");
    let mut spillover: Vec<f64> = (0..1_000)
        .map(|seed| play_out(content, content.good(), Policy::recommended(), seed))
        .map(|run| run.outcome(content).spillover)
        .collect();
    spillover.sort_by(f64::total_cmp);
    assert!(spillover[500] > median, "spill-over {:.0} ≤ sales {median:.0}", spillover[500]);

    for played in content.poor() {
        let poor = montecarlo::distribution(content, played, Policy::recommended());
        let sustaining = poor.share(Status::SelfSustaining);
        assert!(sustaining <= 0.3, "`{}` sustains itself in {sustaining:.2} of runs", played.id());
        assert!(median > poor.sales_percentile(50), "`{}` sells as much as the good", played.id());
    }
}

/// Brief §D5: the big group loses members, dissolves or lives on subsidy,
/// and usually sells below 60k USD.
#[test]
fn the_big_lao_export_group_usually_loses_a_member_and_sells_little() {
    let content = shipped();
    let played = poor("big-lao-export-group");
    let outcomes: Vec<_> = (0..1_000)
        .map(|seed| play_out(content, played, Policy::recommended(), seed).outcome(content))
        .collect();
    let share = |keep: &dyn Fn(&model::Outcome) -> bool| {
        outcomes.iter().filter(|outcome| keep(outcome)).count() as f64 / 1_000.0
    };
    assert!(share(&|o| o.retention < 1.0) >= 0.6, "too few runs lose a member");
    assert!(share(&|o| o.status != Status::SelfSustaining) >= 0.95);
    assert!(share(&|o| o.sales < 60_000.0) >= 0.6, "too many runs sell 60k USD or more");
}

// --- One trace, pinned ------------------------------------------------------

/// Any change to the model's rules or draws shows here as a diff to review.
#[test]
fn the_good_formation_on_seed_7_plays_the_same_trace() {
    let session = play_through(shipped().good(), 7);
    let mut trace = String::new();
    for quarter in session.run().unwrap().quarters() {
        writeln!(trace, "Q{:02} {:?}", quarter.quarter, quarter.metrics).unwrap();
        for happening in &quarter.happenings {
            writeln!(trace, "    {happening:?}").unwrap();
        }
    }
    let result = session.result().unwrap();
    writeln!(trace, "{:?}", result.outcome.status).unwrap();
    writeln!(trace, "score {} passed {}", result.score, result.passed).unwrap();
    insta::assert_snapshot!(trace);
}

// --- Formation and plan problems -------------------------------------------

#[test]
fn each_formation_problem_gives_its_reason() {
    let content = shipped();
    let ids = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>();
    let check = |formation: Formation, expected: FormationProblem| {
        assert_eq!(formation.problems(content), std::slice::from_ref(&expected));
        let mut session = ConsortiumSession::new(content, 1);
        assert_eq!(session.found(formation, 0), Err(ActError::Formation(vec![expected])));
        assert_eq!(session.step(), Step::Forming);
    };
    assert!(content.good().formation().problems(content).is_empty());
    check(
        good_with(|f| f.members = ids(&["f01", "f03"])),
        FormationProblem::TooFewMembers { min: 3 },
    );
    check(
        good_with(|f| {
            f.members = content.firms()[..13].iter().map(|f| f.id().to_owned()).collect()
        }),
        FormationProblem::TooManyMembers { max: 12 },
    );
    check(
        good_with(|f| f.members = ids(&["f01", "f03", "f99"])),
        FormationProblem::UnknownFirm("f99".into()),
    );
    check(
        good_with(|f| f.members = ids(&["f01", "f03", "f03"])),
        FormationProblem::UnknownFirm("f03".into()),
    );
    check(good_with(|f| f.entry_fee = 250), FormationProblem::FeeNotOffered(250));
    check(good_with(|f| f.quarterly_fee = 100), FormationProblem::FeeNotOffered(100));
    check(
        good_with(|f| f.coordinator = "consultant".into()),
        FormationProblem::UnknownCoordinator("consultant".into()),
    );
    // The trader and the two service firms produce nothing.
    check(
        good_with(|f| {
            f.members = ids(&["f05", "f08", "f13", "f14"]);
            f.kind = ConsortiumType::Sales;
        }),
        FormationProblem::SalesNeedsProducers,
    );
}

#[test]
fn a_plan_with_an_activity_twice_or_beyond_the_coordinators_hours_is_refused() {
    let content = shipped();
    let mut session = ConsortiumSession::new(content, 3);
    session.found(good_with(|f| f.coordinator = "chamber".into()), 0).unwrap();
    let before = observable(&session);
    let twice = vec![ActivityKind::TrustAction, ActivityKind::TrustAction];
    assert_eq!(
        session.play(twice, 10),
        Err(ActError::Run(RunError::Plan(PlanProblem::Twice(ActivityKind::TrustAction))))
    );
    let three = vec![ActivityKind::MarketStudy, ActivityKind::Catalogue, ActivityKind::TrustAction];
    assert_eq!(
        session.play(three, 10),
        Err(ActError::Run(RunError::Plan(PlanProblem::CoordinatorHours(2))))
    );
    assert_eq!(observable(&session), before);
    // Two activities are within the chamber officer's hours.
    let two = vec![ActivityKind::MarketStudy, ActivityKind::Catalogue];
    assert_eq!(session.play(two, 10), Ok(Outcome::Played { quarter: 1, over: false }));
}

// --- Session transitions ---------------------------------------------------

/// A seed on which the good formation's third quarter leaves a decision
/// waiting, after the decisions of the first two are taken.
fn deciding_after_three_quarters() -> ConsortiumSession {
    let content = shipped();
    (0..200)
        .find_map(|seed| {
            let mut session = ConsortiumSession::new(content, seed);
            session.found(content.good().formation().clone(), 0).unwrap();
            for (quarter, plan) in content.good().plans()[..3].iter().enumerate() {
                session.play(plan.clone(), 1_000 * quarter as i64 + 1_000).unwrap();
                if quarter < 2 {
                    while let Some(pending) = session.run().unwrap().pending() {
                        let response = pending.kind.recommended();
                        session.decide(response, 1_000 * quarter as i64 + 1_500).unwrap();
                    }
                }
            }
            (session.step() == Step::Deciding).then_some(session)
        })
        .expect("some seed raises a decision in the third quarter")
}

#[test]
fn transitions_of_another_step_are_refused_and_change_nothing() {
    let content = shipped();
    let refused = |session: &mut ConsortiumSession, step: Step| {
        let before = observable(session);
        let wrong = |result: Result<Outcome, ActError>| {
            assert!(
                matches!(result, Err(ActError::WrongStep { step: at, .. }) if at == step),
                "{result:?} while {step}"
            );
        };
        if step != Step::Forming {
            wrong(session.found(content.good().formation().clone(), 9));
        }
        if step != Step::Planning {
            wrong(session.play(vec![ActivityKind::TrustAction], 9));
        }
        if step != Step::Deciding {
            wrong(session.decide(Response::Warn, 9));
        }
        if step != Step::Debrief {
            wrong(session.retry(5, false, 9));
        }
        assert_eq!(observable(session), before);
    };
    let mut session = ConsortiumSession::new(content, 11);
    refused(&mut session, Step::Forming);
    session.found(content.good().formation().clone(), 0).unwrap();
    refused(&mut session, Step::Planning);
    let mut deciding = deciding_after_three_quarters();
    refused(&mut deciding, Step::Deciding);
    let mut over = play_through(content.good(), 11);
    refused(&mut over, Step::Debrief);
}

#[test]
fn a_decision_answered_with_a_response_of_the_other_kind_is_refused() {
    let mut session = deciding_after_three_quarters();
    let kind = session.run().unwrap().pending().unwrap().kind;
    let before = observable(&session);
    let other = DecisionKind::ALL.into_iter().find(|other| *other != kind).unwrap();
    for response in other.responses() {
        assert_eq!(
            session.decide(response, 50_000),
            Err(ActError::Run(RunError::WrongResponse(response)))
        );
    }
    assert_eq!(observable(&session), before);
    assert_eq!(session.decide(kind.recommended(), 50_000), Ok(Outcome::Decided));
}

#[test]
fn a_retry_starts_on_the_form_with_the_last_formation_and_may_replay_the_same_draws() {
    let content = shipped();
    let first = play_through(content.poor().first().unwrap(), 5);
    let mut session = first.clone();
    assert!(session.can_retry(), "a poor consortium may try again");
    assert_eq!(session.retry(99, true, 0), Ok(Outcome::Retried { attempt: 2 }));
    assert_eq!(session.step(), Step::Forming);
    assert_eq!(session.formation(), first.formation());
    assert_eq!(session.seed(), 5);
    assert!(session.plans().is_empty() && session.run().is_none());
    let mut other = first.clone();
    other.retry(99, false, 0).unwrap();
    assert_eq!(other.seed(), 99);
}

// --- Saved form ------------------------------------------------------------

#[test]
fn a_session_saved_at_quarter_3_with_a_decision_waiting_resumes_exactly() {
    let content = shipped();
    let session = deciding_after_three_quarters();
    let state = session.saved_form();
    let saved = ConsortiumSession::saved_in(&state).unwrap();
    let resumed = ConsortiumSession::restore(content, saved).unwrap();
    assert_eq!(resumed.resume_state(), session.resume_state());
    assert_eq!(resumed.run().unwrap().quarters(), session.run().unwrap().quarters());
    assert_eq!(resumed.run().unwrap().pending(), session.run().unwrap().pending());
    assert_eq!(resumed.step(), Step::Deciding);
    assert_eq!(resumed.run().unwrap().played(), 3);
    // The resumed consortium goes on with the same draws.
    let (mut left, mut right) = (session, resumed);
    for side in [&mut left, &mut right] {
        let kind = side.run().unwrap().pending().unwrap().kind;
        side.decide(kind.recommended(), 9_000).unwrap();
        if side.step() == Step::Planning {
            side.play(vec![ActivityKind::RegionalFair], 10_000).unwrap();
        }
    }
    assert_eq!(left.run().unwrap().quarters(), right.run().unwrap().quarters());
}

#[test]
fn a_saved_form_no_play_produces_is_refused() {
    let content = shipped();
    let saved = deciding_after_three_quarters().resume_state();
    let check = |edit: &dyn Fn(&mut ConsortiumResume), expected: ResumeError| {
        let mut bad = saved.clone();
        edit(&mut bad);
        assert_eq!(ConsortiumSession::resume(content, &bad).map(|_| ()), Err(expected));
    };
    // The waiting decision is answered, and one more is left over.
    check(
        &|s| {
            s.decisions.push((Response::Warn, 1, 1));
            s.decisions.push((Response::Warn, 2, 1));
        },
        ResumeError::Inconsistent,
    );
    check(
        &|s| s.formation.as_mut().unwrap().members[0] = "f99".into(),
        ResumeError::Formation(FormationProblem::UnknownFirm("f99".into()).to_string()),
    );
    check(&|s| s.v = 7, ResumeError::UnknownVersion(7));
    check(&|s| s.attempt = 0, ResumeError::AttemptOutOfRange(0));
    check(&|s| s.formed = None, ResumeError::Inconsistent);
    check(&|s| s.plans[1] = vec![ActivityKind::Catalogue; 2], ResumeError::Inconsistent);
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
    assert_eq!(ConsortiumSession::saved_in(&quiz), None);
}

/// The saved form shares SCORM 1.2's 4,096 characters with the other
/// exercises, so a whole run with its decisions must stay small.
#[test]
fn a_whole_run_with_its_decisions_encodes_in_well_under_a_thousand_characters() {
    let session = (0..100)
        .map(|seed| play_through(shipped().good(), seed))
        .max_by_key(|session| session.responses().count())
        .unwrap();
    assert!(session.responses().count() >= 4, "a run with several decisions");
    let mut state = crate::resume::ResumeState::default();
    state.exercises.insert(crate::ExerciseKind::ConsortiumSim, session.saved_form());
    let text = state.encode();
    assert!(text.len() < 1_000, "{} characters", text.len());
    let decoded = crate::resume::ResumeState::decode(&text).unwrap();
    assert_eq!(decoded.exercises[&crate::ExerciseKind::ConsortiumSim], session.saved_form());
}

// --- What the LMS is told --------------------------------------------------

#[test]
fn the_lms_hears_the_formation_choices_then_each_decision_and_the_score_at_the_end() {
    let content = shipped();
    let mut session = ConsortiumSession::new(content, 2);
    assert_eq!(session.completion(), Completion::NotAttempted);
    assert!(session.interactions().is_empty());
    session.found(content.good().formation().clone(), 4_000).unwrap();
    assert_eq!(session.completion(), Completion::Incomplete);
    assert_eq!(session.score(), None);
    let ids: Vec<String> = session.interactions().into_iter().map(|i| i.id).collect();
    assert_eq!(
        ids,
        [
            "cs-chosen",
            "cs-type",
            "cs-entry-fee",
            "cs-quarterly-fee",
            "cs-charter",
            "cs-sanctions",
            "cs-leads",
            "cs-decisions",
            "cs-coordinator",
            "cs-funding"
        ]
    );
    let chosen = &session.interactions()[0];
    assert_eq!(chosen.response, content.good().formation().members);
    assert_eq!(chosen.choices.len(), content.firms().len());
    assert_eq!(chosen.latency_ms, Some(4_000));

    let session = play_through(content.good(), 2);
    assert_eq!(session.completion(), Completion::Completed);
    let interactions = session.interactions();
    let decisions: Vec<(u8, DecisionKind)> = session
        .run()
        .unwrap()
        .quarters()
        .iter()
        .flat_map(|q| {
            q.happenings.iter().filter_map(move |h| match h {
                Happening::Decided { kind, .. } => Some((q.quarter, *kind)),
                _ => None,
            })
        })
        .collect();
    assert!(!decisions.is_empty(), "seed 2 raises decisions");
    assert_eq!(interactions.len(), 10 + decisions.len());
    for (interaction, (quarter, kind)) in interactions[10..].iter().zip(&decisions) {
        assert_eq!(interaction.id, format!("cs-q{quarter:02}-{}", kind.code()));
        assert_eq!(interaction.response, [kind.recommended().code()]);
        assert_eq!(interaction.weighting, 0.0);
    }
    let score = session.score().expect("a score at the debrief");
    assert!((0.0..=100.0).contains(&score.percent()));
    assert_eq!(score.raw, session.result().unwrap().score);
}

// --- Debrief ---------------------------------------------------------------

#[test]
fn every_success_factor_holds_for_the_good_formation() {
    let session = play_through(shipped().good(), 4);
    let failed: Vec<Factor> = session
        .result()
        .unwrap()
        .judgements
        .iter()
        .filter(|judgement| !judgement.held)
        .map(|judgement| judgement.factor)
        .collect();
    assert_eq!(failed, []);
}

#[test]
fn the_big_lao_export_group_fails_the_factors_the_brief_names() {
    let session = play_through(poor("big-lao-export-group"), 4);
    let result = session.result().unwrap();
    for factor in [
        Factor::Complementarity,
        Factor::NoDominance,
        Factor::NeutralCoordinator,
        Factor::MembersPay,
        Factor::Gradual,
        Factor::Enforcement,
        Factor::DecliningSupport,
        Factor::Proximity,
    ] {
        let judgement = result.judgements.iter().find(|j| j.factor == factor).unwrap();
        assert!(!judgement.held, "{factor:?} held");
    }
    // Its score is the health part only, well below the pass mark.
    assert!(!result.passed);
}

/// What shows each factor in a quarter, as the debrief cites it.
fn shows(factor: Factor, happening: &Happening) -> bool {
    match factor {
        Factor::Complementarity | Factor::NoDominance | Factor::Proximity => {
            matches!(happening, Happening::Conflict { .. })
        }
        Factor::Coherence => matches!(happening, Happening::Leads { .. }),
        Factor::NeutralCoordinator => matches!(
            happening,
            Happening::LeadsLost { .. } | Happening::Conflict { .. } | Happening::CoordinatorLeft
        ),
        Factor::MembersPay => matches!(
            happening,
            Happening::NonPayment { .. }
                | Happening::Cancelled { .. }
                | Happening::CoordinatorUnpaid
        ),
        Factor::Gradual => matches!(
            happening,
            Happening::TimberBlocked { .. }
                | Happening::Activity { kind: ActivityKind::DistantFair, .. }
        ),
        Factor::QualityRules => matches!(happening, Happening::Complaint { .. }),
        Factor::Enforcement => {
            matches!(happening, Happening::Bypass { .. } | Happening::NonPayment { .. })
        }
        Factor::DecliningSupport => {
            matches!(happening, Happening::Cancelled { .. } | Happening::CoordinatorUnpaid)
        }
    }
}

#[test]
fn the_quarters_a_judgement_cites_contain_what_shows_the_factor() {
    let content = shipped();
    let mut cited = 0;
    for played in std::iter::once(content.good()).chain(content.poor()) {
        for seed in 0..10 {
            let session = play_through(played, seed);
            let quarters = session.run().unwrap().quarters();
            for judgement in session.result().unwrap().judgements {
                for quarter in &judgement.quarters {
                    let report = &quarters[usize::from(*quarter) - 1];
                    assert_eq!(report.quarter, *quarter);
                    assert!(
                        report.happenings.iter().any(|h| shows(judgement.factor, h)),
                        "`{}` seed {seed}: {:?} cites quarter {quarter}",
                        played.id(),
                        judgement.factor
                    );
                    cited += 1;
                }
            }
        }
    }
    assert!(cited > 100, "the debriefs cite quarters");
}

/// A distant fair before market knowledge reaches 50 is premature: the
/// gradual factor fails and cites that quarter, even in a promotional
/// consortium.
#[test]
fn a_distant_fair_before_the_market_is_known_fails_the_gradual_factor() {
    let content = shipped();
    // Saving the first quarter's money pays for an EU fair in the second.
    let mut plans = content.good().plans().to_vec();
    plans[0] = Vec::new();
    plans[1] = vec![ActivityKind::DistantFair];
    let played =
        Played { id: "early-fair".into(), formation: content.good().formation().clone(), plans };
    let session = (0..50)
        .map(|seed| play_through(&played, seed))
        .find(|session| {
            session.run().unwrap().quarters()[1]
                .happenings
                .iter()
                .any(|h| matches!(h, Happening::Activity { kind: ActivityKind::DistantFair, .. }))
        })
        .expect("when every member pays, the fair is paid for");
    let gradual = session
        .result()
        .unwrap()
        .judgements
        .into_iter()
        .find(|judgement| judgement.factor == Factor::Gradual)
        .unwrap();
    assert!(!gradual.held);
    assert_eq!(gradual.quarters.first(), Some(&2));
}

// --- Properties ------------------------------------------------------------

/// A formation a learner could found: 3–12 firms of the pool and any
/// statutes the form offers.
fn formation() -> impl Strategy<Value = Formation> {
    let content = shipped();
    let ids: Vec<String> = content.firms().iter().map(|firm| firm.id().to_owned()).collect();
    let coordinators: Vec<String> =
        content.coordinators().iter().map(|option| option.id().to_owned()).collect();
    (
        proptest::sample::subsequence(ids, 3..=12),
        proptest::sample::select(ConsortiumType::ALL),
        proptest::sample::select(content.entry_fees().to_vec()),
        proptest::sample::select(content.quarterly_fees().to_vec()),
        any::<(bool, bool)>(),
        proptest::sample::select(LeadRule::ALL),
        proptest::sample::select(DecisionRule::ALL),
        proptest::sample::select(coordinators),
        proptest::sample::select(Funding::ALL),
    )
        .prop_map(
            |(
                members,
                kind,
                entry_fee,
                quarterly_fee,
                (charter, sanctions),
                leads,
                decisions,
                coordinator,
                funding,
            )| {
                let mut formation = Formation {
                    members,
                    kind,
                    entry_fee,
                    quarterly_fee,
                    charter,
                    sanctions,
                    leads,
                    decisions,
                    coordinator,
                    funding,
                };
                // A sales consortium of fewer than two producers cannot be founded.
                if !formation.problems(shipped()).is_empty() {
                    formation.kind = ConsortiumType::Promotional;
                }
                formation
            },
        )
}

/// Twelve quarters' plans: any activities, in any order, each once; cut to
/// the coordinator's hours when they play.
fn plans() -> impl Strategy<Value = Vec<Vec<ActivityKind>>> {
    proptest::collection::vec(
        proptest::sample::subsequence(ActivityKind::ALL.to_vec(), 0..=4).prop_shuffle(),
        12,
    )
}

/// Founds `formation` and plays `plans`, answering the n-th decision with
/// `answers[n]` of its kind's responses, checking the model's bounds after
/// every transition.
fn drive(
    formation: &Formation,
    plans: &[Vec<ActivityKind>],
    answers: &[usize],
    seed: u64,
) -> Result<ConsortiumSession, TestCaseError> {
    let content = shipped();
    let limit = content.coordinator(&formation.coordinator).and_then(|c| c.max_activities());
    let mut session = ConsortiumSession::new(content, seed);
    session.found(formation.clone(), 0).unwrap();
    let mut answers = answers.iter().cycle();
    let mut plans = plans.iter();
    let mut now = 0;
    while session.step() != Step::Debrief {
        now += 1_000;
        match session.step() {
            Step::Planning => {
                let mut plan = plans.next().cloned().unwrap_or_default();
                plan.truncate(limit.map_or(plan.len(), usize::from));
                session.play(plan, now).unwrap();
            }
            Step::Deciding => {
                let kind = session.run().unwrap().pending().unwrap().kind;
                let response = kind.responses()[*answers.next().unwrap() % 3];
                session.decide(response, now).unwrap();
            }
            step => panic!("{step} while playing"),
        }
        let run = session.run().unwrap();
        let (trust, knowledge, reputation) = run.levels();
        for level in [trust, knowledge, reputation] {
            prop_assert!((0.0..=100.0).contains(&level), "{level}");
        }
        let metrics = run.quarters().last().unwrap().metrics;
        prop_assert!(usize::from(metrics.members) <= formation.members.len());
        prop_assert!(run.played() <= content.quarters());
    }
    let result = session.result().unwrap();
    prop_assert!((0.0..=1.0).contains(&result.outcome.health), "{}", result.outcome.health);
    prop_assert!((0.0..=100.0).contains(&result.score), "{}", result.score);
    prop_assert!((0.0..=1.0).contains(&result.outcome.retention));
    prop_assert!((0.0..=1.0).contains(&result.outcome.self_financing));
    Ok(session)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any legal formation, plans and answers play to the debrief within
    /// the model's bounds, and playing them again gives the same trace.
    #[test]
    fn any_legal_play_stays_in_bounds_and_replays_identically(
        formation in formation(),
        plans in plans(),
        answers in proptest::collection::vec(0..3usize, 1..8),
        seed in any::<u64>(),
    ) {
        let first = drive(&formation, &plans, &answers, seed)?;
        let again = drive(&formation, &plans, &answers, seed)?;
        prop_assert_eq!(first.run().unwrap().quarters(), again.run().unwrap().quarters());
        prop_assert_eq!(first.resume_state(), again.resume_state());
        // And its saved form restores the same consortium.
        let restored = ConsortiumSession::resume(shipped(), &first.resume_state()).unwrap();
        prop_assert_eq!(restored.run().unwrap().quarters(), first.run().unwrap().quarters());
    }
}
