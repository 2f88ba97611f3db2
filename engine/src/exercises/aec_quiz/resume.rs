//! The compact saved form of a quiz session, for `cmi.suspend_data` and local
//! storage. It names items, options and statements by id only, so it survives
//! content edits that keep ids, and [`QuizSession::resume`] refuses any state
//! that names something the content does not have.
//!
//! Field names are short because SCORM 1.2 allows 4,096 characters in all;
//! option orders and selections are strings of one-character option ids.
//! The resume state keeps it in its compact binary form, which has no field
//! names and no tags, so every field is always written; earlier releases
//! kept it as JSON text, which [`QuizResume::from_legacy_json`] still reads.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::content::{ItemKind, QuizContent};
use super::draw::DrawnItem;
use super::{Answer, Attempt, QuizSession, Rating, State};
use crate::exercises::{ExerciseSession, ExerciseState};
use crate::vocabulary::Role;

/// The resume format version this engine writes and reads.
pub const QUIZ_RESUME_VERSION: u32 = 1;

/// A quiz session as ids and numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizResume {
    /// The format version, [`QUIZ_RESUME_VERSION`].
    pub v: u32,
    /// The attempt's number, from 1.
    pub attempt: u32,
    /// The seed of the attempt's draw.
    pub seed: u64,
    /// The audience, once chosen.
    #[serde(default)]
    pub audience: Option<Role>,
    /// Where the learner is.
    pub at: ResumeStep,
    /// The drawn items in asking order, with their answers.
    #[serde(default)]
    pub items: Vec<ResumeItem>,
    /// The statement ratings given so far.
    #[serde(default)]
    pub ratings: Vec<ResumeRating>,
    /// The items asked in earlier attempts.
    #[serde(default)]
    pub seen: Vec<String>,
}

/// The step to resume at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum ResumeStep {
    /// Choosing the audience.
    Audience,
    /// Answering the item `item`, shown at `shown` (ms since the epoch).
    Answering {
        /// The item's id.
        item: String,
        /// When it was shown; its latency counts from here, breaks included.
        shown: i64,
    },
    /// Reading the feedback on the item `item`.
    Checked {
        /// The item's id.
        item: String,
    },
    /// Rating statements, shown at `shown`.
    Statements {
        /// When the statements were shown.
        shown: i64,
    },
    /// Finished; the statements had been shown at `shown`.
    Finished {
        /// When the statements were shown.
        shown: i64,
    },
}

/// One drawn item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResumeItem {
    /// The item's id.
    pub id: String,
    /// The option ids in display order, e.g. `"cadb"`.
    pub o: String,
    /// The answer, once checked.
    #[serde(default)]
    pub a: Option<ResumeAnswer>,
}

/// One checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResumeAnswer {
    /// The chosen option ids, e.g. `"ab"`.
    pub s: String,
    /// When it was checked, in ms since the epoch.
    pub t: i64,
    /// Milliseconds from showing to checking.
    pub l: u64,
}

/// One statement rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResumeRating {
    /// The statement's id.
    pub id: String,
    /// The rating.
    pub r: u8,
    /// When it was given, in ms since the epoch.
    pub t: i64,
}

/// Why a saved quiz state cannot be resumed. The shell then starts afresh
/// and tells the learner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    /// Written by a format version this release does not read.
    #[error("saved quiz state has unknown version {0}")]
    UnknownVersion(u32),
    /// The attempt number is 0 or above the content's limit.
    #[error("attempt {0} is out of range")]
    AttemptOutOfRange(u32),
    /// An item id the content does not have.
    #[error("unknown item `{0}`")]
    UnknownItem(String),
    /// The same item drawn twice.
    #[error("item `{0}` is drawn twice")]
    RepeatedItem(String),
    /// A dimension with no drawn item, which would have no knowledge score.
    #[error("no item drawn for dimension `{0}`")]
    EmptyDimension(String),
    /// An option order that is not a permutation of the item's options.
    #[error("option order of `{0}` does not match its options")]
    BadOptionOrder(String),
    /// An answer that the item could not have received.
    #[error("answer to `{0}` is not valid")]
    BadAnswer(String),
    /// A statement id the audience does not have, or one rated twice.
    #[error("unknown or repeated statement `{0}`")]
    UnknownStatement(String),
    /// A rating off the scale.
    #[error("rating of `{0}` is off the scale")]
    BadRating(String),
    /// The step does not agree with the answers and ratings.
    #[error("saved step does not match the answers: {0}")]
    Inconsistent(&'static str),
}

impl QuizResume {
    /// Reads the JSON text an earlier release kept, whose step was tagged
    /// inside its object (`{"step":"answering","item":…}`); `None` when the
    /// text is not a quiz state of a version this release reads. Only
    /// [`QuizSession::resume`] checks it against content.
    pub fn from_legacy_json(text: &str) -> Option<QuizResume> {
        use serde_json::Value;
        let mut value: Value = serde_json::from_str(text).ok()?;
        let at = value.get_mut("at")?.as_object_mut()?;
        let Value::String(step) = at.remove("step")? else { return None };
        let untagged = if at.is_empty() {
            Value::String(step)
        } else {
            Value::Object([(step, Value::Object(std::mem::take(at)))].into_iter().collect())
        };
        value["at"] = untagged;
        serde_json::from_value::<QuizResume>(value)
            .ok()
            .filter(|saved| saved.v == QUIZ_RESUME_VERSION)
    }
}

impl ExerciseSession for QuizSession {
    type Content = QuizContent;
    type Saved = QuizResume;
    type RestoreError = ResumeError;

    fn start(content: &QuizContent, seed: u64) -> QuizSession {
        QuizSession::new(content, seed)
    }

    fn saved(&self) -> QuizResume {
        self.resume_state()
    }

    fn saved_in(state: &ExerciseState) -> Option<&QuizResume> {
        match state {
            ExerciseState::AecQuiz(saved) => Some(saved),
            _ => None,
        }
    }

    fn restore(content: &QuizContent, saved: &QuizResume) -> Result<QuizSession, ResumeError> {
        QuizSession::resume(content, saved.clone())
    }

    fn set_pass_mark(&mut self, mastery: Option<f64>) {
        self.pass_mark_override = mastery;
    }
}

impl QuizSession {
    /// The session's saved form.
    pub fn resume_state(&self) -> QuizResume {
        let attempt = self.current_attempt();
        let items = attempt.map_or_else(Vec::new, |attempt| {
            attempt
                .items
                .iter()
                .map(|drawn| ResumeItem {
                    id: drawn.item_id.clone(),
                    o: drawn.option_order.concat(),
                    a: attempt.answers.get(&drawn.item_id).map(|answer| ResumeAnswer {
                        s: answer.selected.concat(),
                        t: answer.answered_at_ms,
                        l: answer.latency_ms,
                    }),
                })
                .collect()
        });
        let ratings = attempt.map_or_else(Vec::new, |attempt| {
            attempt
                .ratings
                .iter()
                .map(|(id, rating)| ResumeRating {
                    id: id.clone(),
                    r: rating.value,
                    t: rating.answered_at_ms,
                })
                .collect()
        });
        let at = match &self.state {
            State::ChoosingAudience => ResumeStep::Audience,
            State::Answering { attempt, item_idx, shown_at_ms } => ResumeStep::Answering {
                item: attempt.items[*item_idx].item_id.clone(),
                shown: *shown_at_ms,
            },
            State::Checked { attempt, item_idx } => {
                ResumeStep::Checked { item: attempt.items[*item_idx].item_id.clone() }
            }
            State::SelfAssessing { shown_at_ms, .. } => {
                ResumeStep::Statements { shown: *shown_at_ms }
            }
            State::Finished { statements_shown_at_ms, .. } => {
                ResumeStep::Finished { shown: *statements_shown_at_ms }
            }
        };
        QuizResume {
            v: QUIZ_RESUME_VERSION,
            attempt: self.attempt,
            seed: self.seed,
            audience: self.audience(),
            at,
            items,
            ratings,
            seen: self.seen.iter().cloned().collect(),
        }
    }

    /// Rebuilds a session from its saved form, refusing any state that names
    /// ids the content does not have or that no sequence of actions produces.
    pub fn resume(content: &QuizContent, saved: QuizResume) -> Result<QuizSession, ResumeError> {
        if saved.v != QUIZ_RESUME_VERSION {
            return Err(ResumeError::UnknownVersion(saved.v));
        }
        if !(1..=content.retry().max_attempts()).contains(&saved.attempt) {
            return Err(ResumeError::AttemptOutOfRange(saved.attempt));
        }
        if let Some(unknown) = saved.seen.iter().find(|id| content.item(id).is_none()) {
            return Err(ResumeError::UnknownItem(unknown.clone()));
        }
        let seen = saved.seen.iter().cloned().collect();
        let session = |state| QuizSession {
            content: Arc::new(content.clone()),
            attempt: saved.attempt,
            seed: saved.seed,
            state,
            seen,
            pass_mark_override: None,
        };
        let Some(audience) = saved.audience else {
            return match saved.at {
                ResumeStep::Audience if saved.items.is_empty() && saved.ratings.is_empty() => {
                    Ok(session(State::ChoosingAudience))
                }
                _ => Err(ResumeError::Inconsistent("no audience after the first step")),
            };
        };
        let (items, answers) = resume_items(content, &saved.items)?;
        let ratings = resume_ratings(content, audience, &saved.ratings)?;
        let n_answered = answers.len();
        let attempt = Attempt { audience, items, answers, ratings };
        // Items are answered in order, so the answered ones are a prefix.
        let answered_prefix = attempt.items[..n_answered]
            .iter()
            .all(|drawn| attempt.answers.contains_key(&drawn.item_id));
        if !answered_prefix {
            return Err(ResumeError::Inconsistent("answers skip an item"));
        }
        let position = |item: &str| attempt.items.iter().position(|drawn| drawn.item_id == item);
        let all_answered = n_answered == attempt.items.len();
        let state = match saved.at {
            ResumeStep::Audience => {
                return Err(ResumeError::Inconsistent("an audience before it was chosen"));
            }
            ResumeStep::Answering { item, shown } => match position(&item) {
                Some(item_idx) if item_idx == n_answered && attempt.ratings.is_empty() => {
                    State::Answering { attempt, item_idx, shown_at_ms: shown }
                }
                _ => return Err(ResumeError::Inconsistent("not the first unanswered item")),
            },
            ResumeStep::Checked { item } => match position(&item) {
                Some(item_idx) if item_idx + 1 == n_answered && attempt.ratings.is_empty() => {
                    State::Checked { attempt, item_idx }
                }
                _ => return Err(ResumeError::Inconsistent("not the last answered item")),
            },
            ResumeStep::Statements { shown } if all_answered => {
                State::SelfAssessing { attempt, shown_at_ms: shown }
            }
            ResumeStep::Finished { shown } if all_answered => {
                let n_statements = content.statements(audience).len();
                if attempt.ratings.len() != n_statements {
                    return Err(ResumeError::Inconsistent("finished with unrated statements"));
                }
                State::Finished { attempt, statements_shown_at_ms: shown }
            }
            ResumeStep::Statements { .. } | ResumeStep::Finished { .. } => {
                return Err(ResumeError::Inconsistent("statements before every item is answered"));
            }
        };
        Ok(session(state))
    }
}

type ResumedItems = (Vec<DrawnItem>, BTreeMap<String, Answer>);

fn resume_items(content: &QuizContent, saved: &[ResumeItem]) -> Result<ResumedItems, ResumeError> {
    let mut items: Vec<DrawnItem> = Vec::new();
    let mut answers = BTreeMap::new();
    for saved in saved {
        let Some((dimension, item)) = content.item(&saved.id) else {
            return Err(ResumeError::UnknownItem(saved.id.clone()));
        };
        if items.iter().any(|drawn| drawn.item_id == saved.id) {
            return Err(ResumeError::RepeatedItem(saved.id.clone()));
        }
        let option_order = option_ids(&saved.o);
        let mut sorted = option_order.clone();
        sorted.sort();
        let mut expected = item.options().to_vec();
        expected.sort();
        if sorted != expected {
            return Err(ResumeError::BadOptionOrder(saved.id.clone()));
        }
        if let Some(answer) = &saved.a {
            let selected = option_ids(&answer.s);
            let in_order: Vec<String> =
                item.options().iter().filter(|option| selected.contains(option)).cloned().collect();
            let fits_kind = item.kind() == ItemKind::Multiple || selected.len() == 1;
            if selected.is_empty() || in_order != selected || !fits_kind {
                return Err(ResumeError::BadAnswer(saved.id.clone()));
            }
            answers.insert(
                saved.id.clone(),
                Answer { selected, answered_at_ms: answer.t, latency_ms: answer.l },
            );
        }
        items.push(DrawnItem {
            item_id: saved.id.clone(),
            dimension_id: dimension.id().to_owned(),
            option_order,
        });
    }
    for dimension in content.dimensions() {
        if !items.iter().any(|drawn| drawn.dimension_id == dimension.id()) {
            return Err(ResumeError::EmptyDimension(dimension.id().to_owned()));
        }
    }
    Ok((items, answers))
}

fn resume_ratings(
    content: &QuizContent,
    audience: Role,
    saved: &[ResumeRating],
) -> Result<BTreeMap<String, Rating>, ResumeError> {
    let statements = content.statements(audience);
    let likert = content.likert();
    let mut ratings = BTreeMap::new();
    for saved in saved {
        if !statements.iter().any(|statement| statement.id() == saved.id)
            || ratings.contains_key(&saved.id)
        {
            return Err(ResumeError::UnknownStatement(saved.id.clone()));
        }
        if !(likert.min()..=likert.max()).contains(&saved.r) {
            return Err(ResumeError::BadRating(saved.id.clone()));
        }
        ratings.insert(saved.id.clone(), Rating { value: saved.r, answered_at_ms: saved.t });
    }
    Ok(ratings)
}

/// Splits a string of one-character option ids, as validation guarantees them.
fn option_ids(text: &str) -> Vec<String> {
    text.chars().map(String::from).collect()
}
