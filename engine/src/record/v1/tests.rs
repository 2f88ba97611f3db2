use super::*;
use crate::activity::{InteractionKind, InteractionResult, Success};

/// A finished two-item attempt: the smallest activity a record can describe.
struct Finished;

impl Activity for Finished {
    fn kind(&self) -> ExerciseKind {
        ExerciseKind::AecQuiz
    }
    fn attempt(&self) -> u32 {
        1
    }
    fn answer_given(&self) -> bool {
        true
    }
    fn score(&self) -> Option<Score> {
        Some(Score::new(1.0, 2.0))
    }
    fn completion(&self) -> Completion {
        Completion::Completed
    }
    fn success(&self) -> Success {
        Success::Failed
    }
    fn interactions(&self) -> Vec<Interaction> {
        vec![
            Interaction {
                id: "aec-d1-q01".into(),
                kind: InteractionKind::Choice,
                description_key: "aec-quiz.d1-q01.stem".into(),
                response: vec!["c".into()],
                correct_response: Some(vec!["c".into()]),
                choices: Vec::new(),
                result: InteractionResult::Correct,
                weighting: 1.0,
                latency_ms: Some(8_000),
                answered_at_ms: 1_769_854_530_000,
            },
            Interaction {
                id: "aec-sme-s01".into(),
                kind: InteractionKind::Likert,
                description_key: "aec-quiz.sme-s01".into(),
                response: vec!["2".into()],
                correct_response: None,
                choices: Vec::new(),
                result: InteractionResult::Neutral,
                weighting: 0.0,
                latency_ms: None,
                answered_at_ms: 1_769_854_540_000,
            },
        ]
    }
    fn objectives(&self) -> Vec<ObjectiveResult> {
        vec![ObjectiveResult {
            id: "aec-d1".into(),
            description_key: "aec-quiz.dimension.d1".into(),
            score: Some(Score::new(62.5, 100.0)),
            completion: Completion::Completed,
            success: Success::Unknown,
        }]
    }
}

fn record() -> Record {
    let describe = |key: &str| format!("text of {key}");
    Record::of(
        &Finished,
        RecordContext {
            learner: Learner { id: Some("42".into()), name: "Dara".into() },
            started_at_ms: 1_769_854_500_000,
            now_ms: 1_769_854_560_000,
            elapsed_ms: 60_000,
            describe: &describe,
            resume: Some("1abc".into()),
        },
    )
}

fn schema() -> jsonschema::Validator {
    let text = include_str!("../../../../assets/schema/record-v1.schema.json");
    jsonschema::validator_for(&serde_json::from_str(text).unwrap()).unwrap()
}

fn schema_errors(value: &serde_json::Value) -> Vec<String> {
    schema().iter_errors(value).map(|err| format!("{} at {}", err, err.instance_path())).collect()
}

#[test]
fn a_record_says_what_the_lms_receives() {
    let json = serde_json::to_value(record()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "schema": "clusterlab.record",
            "schema_version": 1,
            "learner": { "id": "42", "name": "Dara" },
            "exercise": "aec-quiz",
            "attempt": 1,
            "started_at": "2026-01-31T10:15:00Z",
            "finished_at": "2026-01-31T10:16:00Z",
            "session_time": "PT1M",
            "completion_status": "completed",
            "success_status": "failed",
            "score": { "raw": 50.0, "min": 0.0, "max": 100.0, "scaled": 0.5 },
            "objectives": [{
                "id": "aec-d1",
                "description": "text of aec-quiz.dimension.d1",
                "score": { "raw": 62.5, "min": 0.0, "max": 100.0, "scaled": 0.625 },
                "completion_status": "completed",
                "success_status": "unknown"
            }],
            "interactions": [
                {
                    "id": "aec-d1-q01",
                    "type": "choice",
                    "description": "text of aec-quiz.d1-q01.stem",
                    "learner_response": ["c"],
                    "correct_responses": [["c"]],
                    "result": "correct",
                    "weighting": 1.0,
                    "latency": "PT8S",
                    "timestamp": "2026-01-31T10:15:30Z"
                },
                {
                    "id": "aec-sme-s01",
                    "type": "likert",
                    "description": "text of aec-quiz.sme-s01",
                    "learner_response": ["2"],
                    "correct_responses": [],
                    "result": "neutral",
                    "weighting": 0.0,
                    "latency": null,
                    "timestamp": "2026-01-31T10:15:40Z"
                }
            ],
            "artifacts": {},
            "resume": "1abc"
        })
    );
}

#[test]
fn every_produced_record_and_bundle_matches_the_published_schema() {
    let record = record();
    assert_eq!(schema_errors(&serde_json::to_value(&record).unwrap()), Vec::<String>::new());
    let bundle = Bundle::new(vec![record.clone(), record], 1_769_854_560_000);
    assert_eq!(schema_errors(&serde_json::to_value(&bundle).unwrap()), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_what_the_format_forbids() {
    let mut json = serde_json::to_value(record()).unwrap();
    json["score"]["raw"] = serde_json::json!(120);
    json["interactions"][0]["id"] = serde_json::json!("has space");
    assert_eq!(schema_errors(&json).len(), 1, "the oneOf fails once: {:?}", schema_errors(&json));
}

#[test]
fn exported_files_import_back_unchanged() {
    let record = record();
    assert_eq!(record.completion(), Completion::Completed);
    let single = serde_json::to_string(&record).unwrap();
    assert_eq!(Record::parse_file(&single), Ok(vec![record.clone()]));
    let bundle = serde_json::to_string(&Bundle::new(vec![record.clone()], 0)).unwrap();
    assert_eq!(Record::parse_file(&bundle), Ok(vec![record]));
}

#[test]
fn malformed_imports_are_refused_with_a_reason() {
    assert!(matches!(Record::parse_file("not json"), Err(ImportError::NotJson(_))));
    assert_eq!(Record::parse_file(r#"{"hello":1}"#), Err(ImportError::NotARecord));
    assert_eq!(
        Record::parse_file(r#"{"schema":"clusterlab.record","schema_version":2}"#),
        Err(ImportError::NotARecord)
    );
    let mut json = serde_json::to_value(record()).unwrap();
    json["score"]["raw"] = serde_json::json!(101);
    assert_eq!(Record::parse_file(&json.to_string()), Err(ImportError::Invalid("score".into())));
    json["score"]["raw"] = serde_json::json!(50);
    json["surprise"] = serde_json::json!(true);
    assert!(matches!(Record::parse_file(&json.to_string()), Err(ImportError::Invalid(_))));
}

#[test]
fn a_finished_case_attempt_makes_a_valid_record_entry() {
    use crate::exercises::cluster_types::{CaseSession, Step};

    let course = crate::content::validate_structure(&crate::content::bundled_structure()).unwrap();
    let mut session = CaseSession::new(course.cases(), 3);
    session.begin(1_769_854_500_000).unwrap();
    while session.step() == Step::Sorting {
        let vignette = session.current_case().unwrap().vignette;
        let (id, right) = (vignette.id().to_owned(), vignette.structure());
        session.classify(&id, right, 1_769_854_510_000).unwrap();
        session.next(1_769_854_520_000).unwrap();
    }
    let describe = |key: &str| format!("text of {key}");
    let record = Record::of(
        &session,
        RecordContext {
            learner: Learner { id: None, name: "Dara".into() },
            started_at_ms: 1_769_854_500_000,
            now_ms: 1_769_854_560_000,
            elapsed_ms: 60_000,
            describe: &describe,
            resume: None,
        },
    );
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(schema_errors(&json), Vec::<String>::new());
    assert_eq!(json["exercise"], "cluster-types");
    assert_eq!(json["completion_status"], "completed");
    assert_eq!(json["score"]["raw"], 100.0);
    assert_eq!(json["interactions"].as_array().unwrap().len(), 8);
    assert!(json["interactions"][0]["id"].as_str().unwrap().starts_with("ct-v"));
    assert_eq!(json["interactions"][0]["type"], "choice");
    assert_eq!(json["objectives"].as_array().unwrap().len(), 5);
    assert_eq!(json["objectives"][0]["id"], "ct-marshallian");
}
