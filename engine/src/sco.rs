//! What one LMS launch reports. A launch (a SCO) covers one exercise, or all
//! four at once: Moodle cannot move between SCORM 2004 SCOs, so the 2004
//! package holds every exercise in one SCO, with an objective per exercise.

use std::collections::BTreeMap;

use crate::ExerciseKind;
use crate::activity::{Completion, Interaction, ObjectiveResult, Score, Snapshot, Success};
use crate::resume::{FinishedTry, ResumeState};
use crate::scorm::{CmiWrite, ScormError, Version};

/// The exercises one launch covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One exercise: a SCO of a one-SCO-per-exercise package.
    Single(ExerciseKind),
    /// Every exercise in one SCO.
    All,
}

impl Scope {
    /// The scope named by the launch URL's `sco` parameter: a slug or `all`.
    pub fn parse(value: &str) -> Option<Scope> {
        match value {
            "all" => Some(Scope::All),
            slug => ExerciseKind::from_slug(slug).map(Scope::Single),
        }
    }

    /// The `sco` parameter value of this scope.
    pub fn as_param(self) -> &'static str {
        match self {
            Scope::Single(kind) => kind.slug(),
            Scope::All => "all",
        }
    }

    /// Whether the launch reports on `kind`.
    pub fn covers(self, kind: ExerciseKind) -> bool {
        match self {
            Scope::Single(single) => single == kind,
            Scope::All => true,
        }
    }
}

/// The result of the whole launch, as the LMS grades it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overall {
    /// The score: the exercise's own, or the mean of the finished exercises'.
    pub score: Option<Score>,
    /// Completed once every covered exercise is.
    pub completion: Completion,
    /// Once complete: failed if any exercise failed, passed if any passed;
    /// judged on the score alone when the LMS sets a mastery score.
    pub success: Success,
}

/// Where one exercise stands for the LMS: its counted finished try when it
/// has one (a retry in progress never lowers it), else its current state.
struct Standing<'a> {
    score: Option<Score>,
    completion: Completion,
    success: Success,
    objectives: &'a [ObjectiveResult],
}

fn standing<'a>(snapshot: &'a Snapshot, counted: Option<&'a FinishedTry>) -> Standing<'a> {
    match counted {
        Some(counted) => Standing {
            score: counted.score,
            completion: Completion::Completed,
            success: counted.success,
            objectives: &counted.objectives,
        },
        None => Standing {
            score: snapshot.score,
            completion: snapshot.completion,
            success: snapshot.success,
            objectives: &snapshot.objectives,
        },
    }
}

/// The launch's overall result from the latest snapshot and the counted try
/// of each exercise, judged against the LMS's mastery score (0–100) if any.
pub fn overall(
    scope: Scope,
    snapshots: &BTreeMap<ExerciseKind, Snapshot>,
    counted: &BTreeMap<ExerciseKind, FinishedTry>,
    mastery: Option<f64>,
) -> Overall {
    let covered: Vec<Standing<'_>> = snapshots
        .values()
        .filter(|snapshot| scope.covers(snapshot.kind))
        .map(|snapshot| standing(snapshot, counted.get(&snapshot.kind)))
        .collect();
    let n_covered = match scope {
        Scope::Single(_) => 1,
        Scope::All => ExerciseKind::ALL.len(),
    };
    let all_completed = covered.len() == n_covered
        && covered.iter().all(|standing| standing.completion == Completion::Completed);
    let completion = if all_completed { Completion::Completed } else { Completion::Incomplete };
    let scores: Vec<f64> = covered
        .iter()
        .filter(|standing| standing.completion == Completion::Completed)
        .filter_map(|standing| standing.score.map(|score| score.percent()))
        .collect();
    let score = match scope {
        Scope::Single(_) => covered.first().and_then(|standing| standing.score),
        Scope::All if scores.is_empty() => None,
        Scope::All => Some(Score::new(scores.iter().sum(), 100.0 * scores.len() as f64)),
    };
    let success = match (all_completed, mastery, score) {
        (false, _, _) => Success::Unknown,
        // Moodle overrides the status from the mastery score at finish; the
        // app reports the same verdict so that the two never disagree.
        (true, Some(mastery), Some(score)) if score.percent() >= mastery => Success::Passed,
        (true, Some(_), Some(_)) => Success::Failed,
        _ if covered.iter().any(|standing| standing.success == Success::Failed) => Success::Failed,
        _ if covered.iter().any(|standing| standing.success == Success::Passed) => Success::Passed,
        _ => Success::Unknown,
    };
    Overall { score, completion, success }
}

/// The id an interaction is reported under: its content id in the first
/// try, with `-t<n>` from the second, so that Moodle's interactions report
/// tells a retry's answers from the first try's.
pub fn interaction_id(id: &str, attempt: u32) -> String {
    if attempt <= 1 { id.to_owned() } else { format!("{id}-t{attempt}") }
}

/// The writes of a data model, and the entries that could not be put in the
/// version's format: those keep their index in the ledger until the session
/// sets them aside, so the caller must.
#[derive(Debug, Default)]
pub struct DataModel {
    /// The writes, in order.
    pub writes: Vec<CmiWrite>,
    /// Each entry left out: its `id` element (e.g. `cmi.interactions.3.id`),
    /// its id, and why.
    pub unsendable: Vec<(CmiWrite, ScormError)>,
}

/// The interaction and objective writes that bring the LMS in line with the
/// snapshots, at their ledger indexes (assigned here for new ones): every
/// try's interactions, and the counted try's objectives. Score and status
/// are the session's to write (see [`overall`]), in their own commits. An
/// entry the version cannot take is left out whole, never the others.
pub fn data_model(
    version: Version,
    scope: Scope,
    snapshots: &BTreeMap<ExerciseKind, Snapshot>,
    state: &mut ResumeState,
    describe: &dyn Fn(&str) -> String,
) -> DataModel {
    let mut model = DataModel::default();
    let mut take =
        |array: &str, n: usize, id: &str, writes: Result<Vec<CmiWrite>, ScormError>| match writes {
            Ok(writes) => model.writes.extend(writes),
            Err(error) => {
                model.unsendable.push((CmiWrite::new(format!("cmi.{array}.{n}.id"), id), error));
            }
        };
    let covered = || snapshots.values().filter(|snapshot| scope.covers(snapshot.kind));
    for snapshot in covered() {
        for interaction in &snapshot.interactions {
            let Some(n) =
                state.interactions.index_of(snapshot.kind, snapshot.attempt, &interaction.id)
            else {
                continue;
            };
            let reported = Interaction {
                id: interaction_id(&interaction.id, snapshot.attempt),
                ..interaction.clone()
            };
            let description = describe(&interaction.description_key);
            take(
                "interactions",
                n,
                &reported.id,
                version.interaction_writes(n, &reported, &description),
            );
        }
    }
    for snapshot in covered() {
        let standing = standing(snapshot, state.counted.get(&snapshot.kind));
        let mut objectives = Vec::new();
        if scope == Scope::All {
            objectives.push(ObjectiveResult {
                id: snapshot.kind.slug().to_owned(),
                description_key: snapshot.kind.title_key(),
                score: standing.score,
                completion: standing.completion,
                success: standing.success,
            });
        }
        objectives.extend(standing.objectives.iter().cloned());
        for objective in &objectives {
            let Some(n) = state.objectives.index_of(snapshot.kind, 0, &objective.id) else {
                continue;
            };
            let description = describe(&objective.description_key);
            take(
                "objectives",
                n,
                &objective.id,
                version.objective_writes(n, objective, &description),
            );
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{Counting, InteractionKind, InteractionResult};

    fn snapshot(
        kind: ExerciseKind,
        completion: Completion,
        percent: f64,
        success: Success,
    ) -> Snapshot {
        Snapshot {
            kind,
            attempt: 1,
            answer_given: true,
            score: Some(Score::new(percent, 100.0)),
            completion,
            success,
            interactions: vec![Interaction {
                id: format!("{}-i1", kind.slug()),
                kind: InteractionKind::Choice,
                description_key: "k".into(),
                response: vec!["a".into()],
                correct_response: Some(vec!["a".into()]),
                choices: Vec::new(),
                result: InteractionResult::Correct,
                weighting: 1.0,
                latency_ms: None,
                answered_at_ms: 0,
            }],
            objectives: Vec::new(),
            counting: Counting::Best,
            artifacts: serde_json::Map::new(),
        }
    }

    fn lines(writes: &[CmiWrite]) -> Vec<String> {
        writes.iter().map(|write| format!("{}={}", write.element, write.value)).collect()
    }

    #[test]
    fn scopes_parse_from_the_launch_parameter() {
        assert_eq!(Scope::parse("all"), Some(Scope::All));
        assert_eq!(Scope::parse("aec-quiz"), Some(Scope::Single(ExerciseKind::AecQuiz)));
        assert_eq!(Scope::parse("quiz"), None);
        assert_eq!(Scope::parse(Scope::All.as_param()), Some(Scope::All));
    }

    #[test]
    fn a_single_exercise_reports_its_own_result() {
        let snapshots = [(
            ExerciseKind::AecQuiz,
            snapshot(ExerciseKind::AecQuiz, Completion::Completed, 80.0, Success::Passed),
        )]
        .into();
        let overall =
            overall(Scope::Single(ExerciseKind::AecQuiz), &snapshots, &BTreeMap::new(), None);
        assert_eq!(overall.completion, Completion::Completed);
        assert_eq!(overall.success, Success::Passed);
        assert_eq!(overall.score.map(|score| score.percent()), Some(80.0));
    }

    #[test]
    fn all_in_one_completes_with_every_exercise_and_averages_the_finished_ones() {
        let mut snapshots = BTreeMap::new();
        snapshots.insert(
            ExerciseKind::AecQuiz,
            snapshot(ExerciseKind::AecQuiz, Completion::Completed, 80.0, Success::Passed),
        );
        snapshots.insert(
            ExerciseKind::ClusterTypes,
            snapshot(ExerciseKind::ClusterTypes, Completion::Incomplete, 10.0, Success::Unknown),
        );
        let partial = overall(Scope::All, &snapshots, &BTreeMap::new(), None);
        assert_eq!(
            (partial.completion, partial.success),
            (Completion::Incomplete, Success::Unknown)
        );
        assert_eq!(partial.score.map(|score| score.percent()), Some(80.0));

        for kind in
            [ExerciseKind::ClusterTypes, ExerciseKind::ConsortiumSim, ExerciseKind::ClusterPlan]
        {
            snapshots.insert(kind, snapshot(kind, Completion::Completed, 60.0, Success::Unknown));
        }
        let complete = overall(Scope::All, &snapshots, &BTreeMap::new(), None);
        assert_eq!(
            (complete.completion, complete.success),
            (Completion::Completed, Success::Passed)
        );
        assert_eq!(complete.score.map(|score| score.percent()), Some(65.0));
    }

    #[test]
    fn the_data_model_keeps_indexes_across_reports() {
        let mut state = ResumeState::default();
        let describe = |key: &str| key.to_owned();
        let mut snapshots = BTreeMap::new();
        snapshots.insert(
            ExerciseKind::ClusterTypes,
            snapshot(ExerciseKind::ClusterTypes, Completion::Incomplete, 0.0, Success::Unknown),
        );
        let first =
            data_model(Version::Scorm2004, Scope::All, &snapshots, &mut state, &describe).writes;
        assert!(lines(&first).contains(&"cmi.interactions.0.id=cluster-types-i1".to_owned()));
        assert!(lines(&first).contains(&"cmi.objectives.0.id=cluster-types".to_owned()));

        snapshots.insert(
            ExerciseKind::AecQuiz,
            snapshot(ExerciseKind::AecQuiz, Completion::Completed, 50.0, Success::Failed),
        );
        let second =
            data_model(Version::Scorm2004, Scope::All, &snapshots, &mut state, &describe).writes;
        let second = lines(&second);
        // The quiz sorts first, but the interaction reported earlier keeps index 0.
        assert!(second.contains(&"cmi.interactions.0.id=cluster-types-i1".to_owned()));
        assert!(second.contains(&"cmi.interactions.1.id=aec-quiz-i1".to_owned()));
        assert!(second.contains(&"cmi.objectives.1.id=aec-quiz".to_owned()));
        assert!(!second.iter().any(|line| line.starts_with("cmi.score.")));
    }

    #[test]
    fn a_mastery_score_decides_success() {
        let snapshots = [(
            ExerciseKind::AecQuiz,
            snapshot(ExerciseKind::AecQuiz, Completion::Completed, 70.0, Success::Passed),
        )]
        .into();
        let scope = Scope::Single(ExerciseKind::AecQuiz);
        assert_eq!(
            overall(scope, &snapshots, &BTreeMap::new(), Some(80.0)).success,
            Success::Failed
        );
        assert_eq!(
            overall(scope, &snapshots, &BTreeMap::new(), Some(70.0)).success,
            Success::Passed
        );
    }

    #[test]
    fn a_retry_in_progress_keeps_the_counted_try_and_tells_its_answers_apart() {
        let first = snapshot(ExerciseKind::AecQuiz, Completion::Completed, 40.0, Success::Failed);
        let mut state = ResumeState::default();
        state.counted.insert(
            ExerciseKind::AecQuiz,
            FinishedTry::of(&first, &crate::exercises::saved_form_fixture(0)).unwrap(),
        );
        let retry = Snapshot {
            attempt: 2,
            ..snapshot(ExerciseKind::AecQuiz, Completion::Incomplete, 0.0, Success::Unknown)
        };
        let snapshots = [(ExerciseKind::AecQuiz, retry)].into();
        let scope = Scope::Single(ExerciseKind::AecQuiz);
        let standing = overall(scope, &snapshots, &state.counted, None);
        assert_eq!(
            (standing.completion, standing.success, standing.score.map(|s| s.percent())),
            (Completion::Completed, Success::Failed, Some(40.0))
        );
        let writes = data_model(Version::Scorm12, scope, &snapshots, &mut state, &|k| k.into());
        assert!(lines(&writes.writes).contains(&"cmi.interactions.0.id=aec-quiz-i1-t2".to_owned()));
    }
}
