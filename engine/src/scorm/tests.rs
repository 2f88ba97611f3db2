use super::*;

fn choice() -> Interaction {
    Interaction {
        id: "aec-d2-q03".into(),
        kind: InteractionKind::Choice,
        description_key: "aec-quiz.d2-q03.stem".into(),
        response: vec!["a".into(), "c".into()],
        correct_response: Some(vec!["a".into(), "b".into()]),
        choices: Vec::new(),
        result: InteractionResult::Incorrect,
        weighting: 1.0,
        latency_ms: Some(12_500),
        answered_at_ms: 1_769_854_530_000,
    }
}

/// The writes as `element=value` lines, easy to compare whole.
fn lines(writes: &[CmiWrite]) -> Vec<String> {
    writes.iter().map(|write| format!("{}={}", write.element, write.value)).collect()
}

#[test]
fn a_choice_interaction_in_scorm12() {
    let writes = Version::Scorm12.interaction_writes(4, &choice(), "Which rule…").unwrap();
    assert_eq!(
        lines(&writes),
        [
            "cmi.interactions.4.id=aec-d2-q03",
            "cmi.interactions.4.type=choice",
            "cmi.interactions.4.time=10:15:30",
            "cmi.interactions.4.weighting=1",
            "cmi.interactions.4.student_response=a,c",
            "cmi.interactions.4.correct_responses.0.pattern=a,b",
            "cmi.interactions.4.result=wrong",
            "cmi.interactions.4.latency=00:00:12.50",
        ]
    );
}

#[test]
fn a_choice_interaction_in_scorm2004_sets_id_then_type_first() {
    let writes = Version::Scorm2004.interaction_writes(0, &choice(), "Which rule…").unwrap();
    assert_eq!(
        lines(&writes),
        [
            "cmi.interactions.0.id=aec-d2-q03",
            "cmi.interactions.0.type=choice",
            "cmi.interactions.0.description=Which rule…",
            "cmi.interactions.0.timestamp=2026-01-31T10:15:30",
            "cmi.interactions.0.weighting=1",
            "cmi.interactions.0.learner_response=a[,]c",
            "cmi.interactions.0.correct_responses.0.pattern=a[,]b",
            "cmi.interactions.0.result=incorrect",
            "cmi.interactions.0.latency=PT12.50S",
        ]
    );
}

#[test]
fn a_likert_rating_has_no_correct_response() {
    let rating = Interaction {
        id: "aec-sme-s04".into(),
        kind: InteractionKind::Likert,
        response: vec!["4".into()],
        correct_response: None,
        choices: Vec::new(),
        result: InteractionResult::Neutral,
        latency_ms: None,
        ..choice()
    };
    let writes = Version::Scorm12.interaction_writes(0, &rating, "").unwrap();
    assert_eq!(
        lines(&writes),
        [
            "cmi.interactions.0.id=aec-sme-s04",
            "cmi.interactions.0.type=likert",
            "cmi.interactions.0.time=10:15:30",
            "cmi.interactions.0.weighting=1",
            "cmi.interactions.0.student_response=4",
            "cmi.interactions.0.result=neutral",
        ]
    );
}

#[test]
fn scorm12_names_options_with_longer_ids_by_their_position() {
    let mut interaction = choice();
    interaction.choices =
        ["marshallian", "hub-and-spoke", "satellite-platform"].map(String::from).to_vec();
    interaction.response = vec!["satellite-platform".into()];
    interaction.correct_response = Some(vec!["hub-and-spoke".into()]);
    let scorm12 = lines(&Version::Scorm12.interaction_writes(0, &interaction, "").unwrap());
    assert!(scorm12.contains(&"cmi.interactions.0.student_response=c".to_owned()), "{scorm12:?}");
    assert!(scorm12.contains(&"cmi.interactions.0.correct_responses.0.pattern=b".to_owned()));
    let scorm2004 = lines(&Version::Scorm2004.interaction_writes(0, &interaction, "").unwrap());
    assert!(
        scorm2004.contains(&"cmi.interactions.0.learner_response=satellite-platform".to_owned())
    );
    interaction.response = vec!["not-an-option".into()];
    assert_eq!(
        Version::Scorm12.interaction_writes(0, &interaction, ""),
        Err(ScormError::ChoiceIdNotSingleCharacter("not-an-option".into()))
    );
}

#[test]
fn scorm12_refuses_choice_ids_longer_than_one_character() {
    let mut interaction = choice();
    interaction.response = vec!["ab".into()];
    assert_eq!(
        Version::Scorm12.interaction_writes(0, &interaction, ""),
        Err(ScormError::ChoiceIdNotSingleCharacter("ab".into()))
    );
    assert!(Version::Scorm2004.interaction_writes(0, &interaction, "").is_ok());
    interaction.id = "has space".into();
    assert_eq!(
        Version::Scorm2004.interaction_writes(0, &interaction, ""),
        Err(ScormError::InvalidIdentifier("has space".into()))
    );
}

#[test]
fn statuses_map_onto_each_versions_vocabulary() {
    let cases = [
        (Completion::Incomplete, Success::Unknown, "incomplete", "incomplete", "unknown"),
        (Completion::Completed, Success::Unknown, "completed", "completed", "unknown"),
        (Completion::Completed, Success::Passed, "passed", "completed", "passed"),
        (Completion::Completed, Success::Failed, "failed", "completed", "failed"),
    ];
    for (completion, success, lesson, completion_2004, success_2004) in cases {
        assert_eq!(
            lines(&Version::Scorm12.status_writes(completion, success)),
            [format!("cmi.core.lesson_status={lesson}")]
        );
        assert_eq!(
            lines(&Version::Scorm2004.status_writes(completion, success)),
            [
                format!("cmi.completion_status={completion_2004}"),
                format!("cmi.success_status={success_2004}")
            ]
        );
    }
}

#[test]
fn scores_are_written_as_a_percentage() {
    let score = Score::new(7.0, 9.0);
    assert_eq!(
        lines(&Version::Scorm12.score_writes(score)),
        ["cmi.core.score.raw=77.78", "cmi.core.score.min=0", "cmi.core.score.max=100"]
    );
    assert_eq!(
        lines(&Version::Scorm2004.score_writes(score)),
        ["cmi.score.raw=77.78", "cmi.score.min=0", "cmi.score.max=100", "cmi.score.scaled=0.7778"]
    );
}

#[test]
fn objectives_carry_score_and_status() {
    let objective = ObjectiveResult {
        id: "aec-d3".into(),
        description_key: "aec-quiz.dimension.d3".into(),
        score: Some(Score::new(55.0, 100.0)),
        completion: Completion::Completed,
        success: Success::Failed,
    };
    assert_eq!(
        lines(&Version::Scorm12.objective_writes(1, &objective, "Standards").unwrap()),
        [
            "cmi.objectives.1.id=aec-d3",
            "cmi.objectives.1.score.raw=55",
            "cmi.objectives.1.score.min=0",
            "cmi.objectives.1.score.max=100",
            "cmi.objectives.1.status=failed",
        ]
    );
    assert_eq!(
        lines(&Version::Scorm2004.objective_writes(0, &objective, "Standards").unwrap()),
        [
            "cmi.objectives.0.id=aec-d3",
            "cmi.objectives.0.score.raw=55",
            "cmi.objectives.0.score.min=0",
            "cmi.objectives.0.score.max=100",
            "cmi.objectives.0.score.scaled=0.55",
            "cmi.objectives.0.success_status=failed",
            "cmi.objectives.0.completion_status=completed",
            "cmi.objectives.0.description=Standards",
        ]
    );
}

#[test]
fn exit_and_session_time_follow_the_version() {
    assert_eq!(lines(&[Version::Scorm12.exit_write(false)]), ["cmi.core.exit=suspend"]);
    assert_eq!(lines(&[Version::Scorm12.exit_write(true)]), ["cmi.core.exit=logout"]);
    assert_eq!(lines(&[Version::Scorm2004.exit_write(true)]), ["cmi.exit=suspend"]);
    assert_eq!(
        lines(&[Version::Scorm12.session_time_write(61_000)]),
        ["cmi.core.session_time=00:01:01.00"]
    );
    assert_eq!(
        lines(&[Version::Scorm2004.session_time_write(61_000)]),
        ["cmi.session_time=PT1M1S"]
    );
}

#[test]
fn limits_and_first_launch_statuses() {
    assert_eq!(Version::Scorm12.suspend_data_limit(), 4_096);
    assert_eq!(Version::Scorm2004.suspend_data_limit(), 64_000);
    assert_eq!(
        (Version::Scorm12.location_limit(), Version::Scorm2004.location_limit()),
        (255, 1_000)
    );
    assert!(Version::Scorm12.is_first_launch_status("not attempted"));
    assert!(Version::Scorm2004.is_first_launch_status("unknown"));
    assert!(!Version::Scorm2004.is_first_launch_status("incomplete"));
}

#[test]
fn long_text_is_capped_per_version() {
    let long = vec!["x".repeat(5_000)];
    let capped12 = Version::Scorm12.format_response(InteractionKind::Other, &long, &[]).unwrap();
    let capped2004 =
        Version::Scorm2004.format_response(InteractionKind::Other, &long, &[]).unwrap();
    assert_eq!((capped12.len(), capped2004.len()), (255, 4_000));
}

fn long_fill_in(response: &str) -> Interaction {
    Interaction {
        id: "cp-vision".into(),
        kind: InteractionKind::LongFillIn,
        description_key: "cluster-plan.section.vision.title".into(),
        response: vec![response.into()],
        correct_response: None,
        choices: Vec::new(),
        result: InteractionResult::Neutral,
        weighting: 0.0,
        latency_ms: None,
        ..choice()
    }
}

#[test]
fn long_text_is_long_fill_in_in_scorm2004_and_a_fill_in_summary_in_scorm12() {
    let text = format!("Vision:\n\n  {}", "Silk for Japan. ".repeat(20));
    let interaction = long_fill_in(&text);
    let summary = format!("Vision: {}…", &"Silk for Japan. ".repeat(20)[..241]);
    assert_eq!(summary.chars().count(), 250);
    assert_eq!(
        lines(&Version::Scorm12.interaction_writes(3, &interaction, "").unwrap()),
        [
            "cmi.interactions.3.id=cp-vision".to_owned(),
            "cmi.interactions.3.type=fill-in".to_owned(),
            "cmi.interactions.3.time=10:15:30".to_owned(),
            "cmi.interactions.3.weighting=0".to_owned(),
            format!("cmi.interactions.3.student_response={summary}"),
            "cmi.interactions.3.result=neutral".to_owned(),
        ]
    );
    let whole = format!("Vision: {}", "Silk for Japan. ".repeat(20).trim_end());
    assert_eq!(
        lines(&Version::Scorm2004.interaction_writes(0, &interaction, "1. Vision").unwrap()),
        [
            "cmi.interactions.0.id=cp-vision".to_owned(),
            "cmi.interactions.0.type=long-fill-in".to_owned(),
            "cmi.interactions.0.description=1. Vision".to_owned(),
            "cmi.interactions.0.timestamp=2026-01-31T10:15:30".to_owned(),
            "cmi.interactions.0.weighting=0".to_owned(),
            format!("cmi.interactions.0.learner_response={whole}"),
            "cmi.interactions.0.result=neutral".to_owned(),
        ]
    );
}

#[test]
fn a_long_text_summary_is_cut_on_a_character_within_the_lmss_units() {
    let format = |version: Version, text: &str| {
        version.format_response(InteractionKind::LongFillIn, &[text.to_owned()], &[]).unwrap()
    };
    // Thai letters are one UTF-16 unit each; an emoji is two.
    let thai = "ก".repeat(300);
    assert_eq!(format(Version::Scorm12, &thai), format!("{}…", "ก".repeat(249)));
    let emoji = "🙂".repeat(300);
    let cut = format(Version::Scorm12, &emoji);
    assert_eq!(cut, format!("{}…", "🙂".repeat(124)));
    assert_eq!(cut.encode_utf16().count(), 249);
    assert_eq!(format(Version::Scorm2004, &"ก".repeat(4_000)), "ก".repeat(4_000));
    let over = format(Version::Scorm2004, &"ก".repeat(4_001));
    assert_eq!((over.chars().count(), over.ends_with('…')), (4_000, true));
    // Text that fits is kept whole, on one line; a leading `{` is not read
    // as SCORM 2004's language tag.
    assert_eq!(format(Version::Scorm12, " a\n\tb  c "), "a b c");
    assert_eq!(format(Version::Scorm2004, "{lang=x} hi"), " {lang=x} hi");
}

#[test]
fn api_functions_are_named_per_version() {
    assert_eq!(Version::Scorm12.method(ApiMethod::Finish), "LMSFinish");
    assert_eq!(Version::Scorm2004.method(ApiMethod::Finish), "Terminate");
    assert_eq!(Version::Scorm12.method(ApiMethod::SetValue), "LMSSetValue");
    assert_eq!(Version::Scorm2004.method(ApiMethod::GetLastError), "GetLastError");
    assert!(Version::Scorm2004.is_not_initialized_error("403"));
    assert!(!Version::Scorm12.is_not_initialized_error("403"));
}

#[test]
fn launch_statuses_and_entries_are_read_per_version() {
    assert_eq!(
        Version::Scorm12.stored_status("failed", "passed"),
        (Completion::Completed, Success::Failed)
    );
    assert_eq!(
        Version::Scorm12.stored_status("incomplete", ""),
        (Completion::Incomplete, Success::Unknown)
    );
    assert_eq!(
        Version::Scorm2004.stored_status("completed", "passed"),
        (Completion::Completed, Success::Passed)
    );
    assert_eq!(
        Version::Scorm2004.stored_status("unknown", "unknown"),
        (Completion::NotAttempted, Success::Unknown)
    );
    assert_eq!(Version::Scorm12.mastery_percent("80"), Some(80.0));
    assert_eq!(Version::Scorm2004.mastery_percent("0.75"), Some(75.0));
    assert_eq!(Version::Scorm2004.mastery_percent(""), None);
    assert_eq!(Version::Scorm12.mastery_percent("150"), None);
    assert!(Version::Scorm12.is_result_element("cmi.core.score.raw"));
    assert!(Version::Scorm2004.is_result_element("cmi.success_status"));
    assert!(!Version::Scorm2004.is_result_element("cmi.objectives.0.score.raw"));
    assert!(Version::Scorm12.is_refusal("405"));
    assert!(!Version::Scorm12.is_refusal("101"));
    assert!(Version::Scorm2004.is_refusal("408"));
    assert!(!Version::Scorm2004.is_refusal("391"));
    assert!(Version::Scorm12.is_new_attempt_entry("ab-initio"));
    assert!(!Version::Scorm2004.is_new_attempt_entry("resume"));
    assert!(!Version::Scorm2004.is_new_attempt_entry(""));
}
