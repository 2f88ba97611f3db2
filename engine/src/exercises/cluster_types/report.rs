//! What the exercise reports to the LMS, through [`Activity`]: one `choice`
//! interaction per sorted case (its id, e.g. `ct-v07`, and the right type as
//! the correct response), one per staged case (`ct-v07-stage`, never
//! graded), one objective per cluster type, and the weighted score once the
//! cases are done.

use super::content::{ClusterType, Stage};
use super::{Answer, CaseSession, Phase};
use crate::ExerciseKind;
use crate::activity::{
    Activity, Completion, Counting, Interaction, InteractionKind, InteractionResult,
    ObjectiveResult, Score, Success,
};

impl Activity for CaseSession {
    fn kind(&self) -> ExerciseKind {
        ExerciseKind::ClusterTypes
    }

    fn counting(&self) -> Counting {
        self.content.retry().counting()
    }

    fn attempt(&self) -> u32 {
        CaseSession::attempt(self)
    }

    fn answer_given(&self) -> bool {
        self.cases.iter().any(|case| case.structure.is_some())
    }

    fn score(&self) -> Option<Score> {
        self.result()
            .map(|result| Score::new(f64::from(result.points), f64::from(result.max_points)))
    }

    fn completion(&self) -> Completion {
        match self.phase {
            Phase::Ready if self.attempt == 1 => Completion::NotAttempted,
            Phase::Ready | Phase::Sorting { .. } | Phase::Sorted { .. } => Completion::Incomplete,
            Phase::Results | Phase::Staging { .. } | Phase::Staged { .. } => Completion::Completed,
        }
    }

    fn success(&self) -> Success {
        Success::of(self.result().map(|result| result.passed))
    }

    /// Sorted cases in showing order, then staged cases in answering order.
    fn interactions(&self) -> Vec<Interaction> {
        let choice = |id: String, description_key: String, answer: Answer<&str>| Interaction {
            id,
            kind: InteractionKind::Choice,
            description_key,
            response: vec![answer.chosen.to_owned()],
            correct_response: None,
            choices: Vec::new(),
            result: InteractionResult::Neutral,
            weighting: 0.0,
            latency_ms: Some(answer.latency_ms),
            answered_at_ms: answer.answered_at_ms,
        };
        let mut interactions = Vec::new();
        for (idx, case) in self.cases.iter().enumerate() {
            let vignette = self.vignette(idx);
            let Some(answer) = case.structure else { continue };
            let right = vignette.structure();
            interactions.push(Interaction {
                correct_response: Some(vec![right.code().to_owned()]),
                choices: ClusterType::ALL.map(|kind| kind.code().to_owned()).to_vec(),
                result: judged(answer.chosen == right),
                weighting: f64::from(self.content.weight(vignette.difficulty())),
                ..choice(
                    vignette.id().to_owned(),
                    vignette.title_key(),
                    code_of(answer, ClusterType::code),
                )
            });
        }
        let mut staged: Vec<_> = self
            .cases
            .iter()
            .enumerate()
            .filter_map(|(idx, case)| Some((self.vignette(idx), case.stage?)))
            .collect();
        staged.sort_by_key(|(_, answer)| answer.answered_at_ms);
        interactions.extend(staged.into_iter().map(|(vignette, answer)| {
            let accepted = vignette.stages();
            Interaction {
                // A choice's correct response is one pattern; a case that
                // accepts two stages has none that SCORM can state.
                correct_response: match accepted {
                    [only] => Some(vec![only.code().to_owned()]),
                    _ => None,
                },
                choices: Stage::ALL.map(|stage| stage.code().to_owned()).to_vec(),
                result: judged(accepted.contains(&answer.chosen)),
                ..choice(
                    format!("{}-stage", vignette.id()),
                    vignette.title_key(),
                    code_of(answer, |stage| stage.code()),
                )
            }
        }));
        interactions
    }

    /// One objective per cluster type: the share of the attempt's cases of
    /// that type sorted right, met at the pass mark. A type the attempt did
    /// not draw has no score.
    fn objectives(&self) -> Vec<ObjectiveResult> {
        let completion = self.completion();
        let confusion = self.confusion();
        let pass_mark = self.pass_mark();
        ClusterType::ALL
            .into_iter()
            .map(|kind| {
                let answered = confusion.answered(kind);
                let score = (answered > 0 && completion == Completion::Completed).then(|| {
                    Score::new(f64::from(confusion.count(kind, kind)), f64::from(answered))
                });
                ObjectiveResult {
                    id: kind.objective_id(),
                    description_key: kind.name_key(),
                    score,
                    completion,
                    success: Success::of(score.map(|score| score.percent() >= pass_mark)),
                }
            })
            .collect()
    }
}

fn judged(right: bool) -> InteractionResult {
    if right { InteractionResult::Correct } else { InteractionResult::Incorrect }
}

fn code_of<T: Copy>(answer: Answer<T>, code: fn(T) -> &'static str) -> Answer<&'static str> {
    Answer {
        chosen: code(answer.chosen),
        answered_at_ms: answer.answered_at_ms,
        latency_ms: answer.latency_ms,
    }
}
