//! What the quiz reports to the LMS, through [`Activity`]: one interaction per
//! answered item and rated statement, one objective per readiness dimension,
//! and the graded score once an attempt is finished.

use super::{QuizSession, State};
use crate::ExerciseKind;
use crate::activity::{
    Activity, Completion, Counting, Interaction, InteractionKind, InteractionResult,
    ObjectiveResult, Score, Success,
};

impl Activity for QuizSession {
    fn kind(&self) -> ExerciseKind {
        ExerciseKind::AecQuiz
    }

    fn counting(&self) -> Counting {
        self.content.retry().counting()
    }

    fn attempt(&self) -> u32 {
        QuizSession::attempt(self)
    }

    fn answer_given(&self) -> bool {
        self.current_attempt()
            .is_some_and(|attempt| !attempt.answers.is_empty() || !attempt.ratings.is_empty())
    }

    /// Only a finished attempt has a score: with the content's graded score
    /// set to readiness, the self-assessment is part of it.
    fn score(&self) -> Option<Score> {
        self.result().map(|result| result.score)
    }

    fn completion(&self) -> Completion {
        match self.state {
            State::ChoosingAudience => Completion::NotAttempted,
            State::Finished { .. } => Completion::Completed,
            _ => Completion::Incomplete,
        }
    }

    fn success(&self) -> Success {
        Success::of(self.result().map(|result| result.passed))
    }

    /// Items in asking order, then statements in rating order. A statement
    /// rated twice reports its last rating.
    fn interactions(&self) -> Vec<Interaction> {
        let Some(attempt) = self.current_attempt() else {
            return Vec::new();
        };
        let mut interactions: Vec<Interaction> = attempt
            .items
            .iter()
            .filter_map(|drawn| {
                let answer = attempt.answers.get(&drawn.item_id)?;
                let (_, item) = self.content.item(&drawn.item_id)?;
                let correct = answer.selected == item.key();
                Some(Interaction {
                    id: drawn.item_id.clone(),
                    kind: InteractionKind::Choice,
                    description_key: item.stem_key(),
                    response: answer.selected.clone(),
                    correct_response: Some(item.key().to_vec()),
                    choices: item.options().to_vec(),
                    result: if correct {
                        InteractionResult::Correct
                    } else {
                        InteractionResult::Incorrect
                    },
                    weighting: f64::from(item.weight()),
                    latency_ms: Some(answer.latency_ms),
                    answered_at_ms: answer.answered_at_ms,
                })
            })
            .collect();
        let statements_shown_at_ms = match self.state {
            State::SelfAssessing { shown_at_ms, .. } => shown_at_ms,
            State::Finished { statements_shown_at_ms, .. } => statements_shown_at_ms,
            _ => return interactions,
        };
        let mut rated: Vec<_> = self
            .statements()
            .iter()
            .filter_map(|statement| Some((statement, attempt.ratings.get(statement.id())?)))
            .collect();
        rated.sort_by_key(|(_, rating)| rating.answered_at_ms);
        interactions.extend(rated.into_iter().map(|(statement, rating)| {
            Interaction {
                id: statement.id().to_owned(),
                kind: InteractionKind::Likert,
                description_key: statement.text_key(),
                response: vec![rating.value.to_string()],
                correct_response: None,
                choices: Vec::new(),
                result: InteractionResult::Neutral,
                // Ratings describe the organisation; they are never graded.
                weighting: 0.0,
                // All statements are shown together, so each latency runs from
                // that moment, as SCORM defines latency.
                latency_ms: Some(
                    u64::try_from(rating.answered_at_ms.saturating_sub(statements_shown_at_ms))
                        .unwrap_or(0),
                ),
                answered_at_ms: rating.answered_at_ms,
            }
        }));
        interactions
    }

    /// One objective per dimension. It is met when the dimension's band
    /// reaches the band the content names (`objective_met_from_band`).
    fn objectives(&self) -> Vec<ObjectiveResult> {
        let result = self.result();
        let completion = self.completion();
        self.content
            .dimensions()
            .iter()
            .map(|dimension| {
                let score = result.as_ref().and_then(|result| {
                    result.dimensions.iter().find(|score| score.dimension == dimension.id())
                });
                ObjectiveResult {
                    id: dimension.id().to_owned(),
                    description_key: dimension.name_key(),
                    score: score.map(|score| Score::new(f64::from(score.readiness), 100.0)),
                    completion,
                    success: Success::of(score.map(|score| score.met)),
                }
            })
            .collect()
    }
}
