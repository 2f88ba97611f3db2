//! The AEC readiness quiz as a state machine: audience choice, a seeded draw
//! of knowledge items, check and feedback per item, the self-assessment, the
//! readiness profile, and retries.
//!
//! [`QuizSession`] owns the rules; views only read its queries and call its
//! transitions. Every transition takes the time as `now_ms` and returns
//! `Result<Outcome, ActError>`; an action that does not fit the current step
//! returns an error and leaves the session exactly as it was.
//!
//! A view calls, in order: [`QuizSession::new`], [`QuizSession::choose_audience`],
//! then for each item [`QuizSession::answer`] and [`QuizSession::next`] (the
//! last `next` opens the self-assessment), [`QuizSession::rate`] for every
//! statement, [`QuizSession::finish`], and, when [`QuizSession::can_retry`],
//! [`QuizSession::retry`] with a fresh seed.
//!
//! - `content` is the quiz's section of the content, validated: [`QuizContent`].
//! - `draw` picks the items and option orders from a seed.
//! - `guessing` is what test-wise guessing would score on the bank.
//! - `scoring` turns answers and ratings into scores, bands and needs.
//! - `report` is what the quiz tells the LMS: the [`Activity`](crate::activity::Activity) impl.
//! - `resume` is the compact saved form, [`QuizResume`].

pub(crate) mod content;
mod draw;
mod guessing;
pub(crate) mod raw;
mod report;
mod resume;
mod scoring;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use crate::exercises::retry::RetryRefusal;

pub use content::{
    Band, Dimension, GradedScore, Item, ItemKind, LikertScale, QuizContent, Statement,
};
pub use draw::DrawnItem;
pub use guessing::GuessingScores;
pub use resume::{
    QUIZ_RESUME_VERSION, QuizResume, ResumeAnswer, ResumeError, ResumeItem, ResumeRating,
    ResumeStep,
};
pub use scoring::{DimensionScore, MAX_NEEDS, QuizResult, Recommendation};

use crate::vocabulary::Role;

/// One learner's run through the quiz, across attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizSession {
    content: Arc<QuizContent>,
    attempt: u32,
    seed: u64,
    state: State,
    /// Items asked in earlier attempts, which a retry draws only when the
    /// bank has too few new ones.
    seen: BTreeSet<String>,
    /// The LMS's mastery score, which replaces the content's pass mark.
    pass_mark_override: Option<f64>,
}

/// Where the learner is, with what each step needs and nothing more.
#[derive(Debug, Clone, PartialEq)]
enum State {
    ChoosingAudience,
    Answering { attempt: Attempt, item_idx: usize, shown_at_ms: i64 },
    Checked { attempt: Attempt, item_idx: usize },
    SelfAssessing { attempt: Attempt, shown_at_ms: i64 },
    Finished { attempt: Attempt, statements_shown_at_ms: i64 },
}

/// The answers of one attempt, all keyed by content ids.
#[derive(Debug, Clone, PartialEq)]
struct Attempt {
    audience: Role,
    items: Vec<DrawnItem>,
    answers: BTreeMap<String, Answer>,
    ratings: BTreeMap<String, Rating>,
}

#[derive(Debug, Clone, PartialEq)]
struct Answer {
    /// Option ids in the item's authoring order.
    selected: Vec<String>,
    answered_at_ms: i64,
    latency_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rating {
    value: u8,
    answered_at_ms: i64,
}

/// The steps of the quiz, for views to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The learner says whether they answer for an SME or a support institution.
    ChoosingAudience,
    /// An item is shown and not yet checked.
    Answering,
    /// An item was checked and its feedback is shown.
    Checked,
    /// The self-assessment statements are shown.
    SelfAssessing,
    /// The attempt is over and the readiness profile is shown.
    Finished,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::ChoosingAudience => "choosing the audience",
            Step::Answering => "answering an item",
            Step::Checked => "showing feedback",
            Step::SelfAssessing => "self-assessing",
            Step::Finished => "finished",
        })
    }
}

/// What a successful transition did, for the shell to act on.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The audience is set and the first item is shown.
    Started,
    /// The item was checked.
    Checked(Feedback),
    /// The next item is shown.
    NextItem,
    /// The knowledge part is over and the statements are shown.
    SelfAssessmentStarted,
    /// A statement was rated.
    Rated,
    /// The attempt is over; the shell reports status, score and interactions.
    Finished {
        /// Whether the graded score reached the pass mark.
        passed: bool,
    },
    /// A new attempt started with a new draw.
    Retried {
        /// The new attempt's number, from 1.
        attempt: u32,
    },
}

/// Why a transition was refused. The session is unchanged after each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActError {
    /// The action does not belong to the current step.
    #[error("cannot {action} while {step}")]
    WrongStep {
        /// The refused action.
        action: &'static str,
        /// The step the session is in.
        step: Step,
    },
    /// The answer names an item other than the one shown, e.g. after a double click.
    #[error("item `{item}` is not the one shown")]
    NotCurrentItem {
        /// The item named.
        item: String,
    },
    /// No option was chosen.
    #[error("no option chosen")]
    NoSelection,
    /// A chosen option is not one of the item's.
    #[error("`{option}` is not an option of this item")]
    UnknownOption {
        /// The option named.
        option: String,
    },
    /// An option was chosen twice.
    #[error("option `{option}` chosen twice")]
    RepeatedOption {
        /// The option named twice.
        option: String,
    },
    /// More than one option was chosen for a single-response item.
    #[error("this item takes one option")]
    OneOptionOnly,
    /// The statement is not one of the audience's.
    #[error("`{statement}` is not a statement of this self-assessment")]
    UnknownStatement {
        /// The statement named.
        statement: String,
    },
    /// The rating is off the scale.
    #[error("rating {rating} is not within {min}..={max}")]
    RatingOffScale {
        /// The rating given.
        rating: u8,
        /// The scale's lowest rating.
        min: u8,
        /// The scale's highest rating.
        max: u8,
    },
    /// Some statements have no rating yet.
    #[error("{n_unrated} statements are not rated")]
    Unrated {
        /// How many are left.
        n_unrated: usize,
    },
    /// The content's retry policy allows no other attempt.
    #[error(transparent)]
    Retry(RetryRefusal),
}

/// The item on screen, with everything a view needs to show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurrentItem<'a> {
    /// The item (stem, option and explanation keys, kind).
    pub item: &'a Item,
    /// The dimension it belongs to.
    pub dimension: &'a Dimension,
    /// Option ids in display order.
    pub option_order: &'a [String],
    /// Its position in the attempt, from 0.
    pub item_idx: usize,
    /// How many items the attempt has.
    pub n_items: usize,
    /// Whether it rests on facts from after 2012.
    pub post_2012: bool,
}

/// How one answered item was judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// The item's id.
    pub item: String,
    /// Whether the chosen options are exactly the keys.
    pub correct: bool,
    /// The chosen option ids, in authoring order.
    pub selected: Vec<String>,
    /// The correct option ids, in authoring order.
    pub key: Vec<String>,
    /// The catalog key of the explanation.
    pub why_key: String,
}

impl QuizSession {
    /// A new session waiting for the audience; `seed` decides the first draw.
    pub fn new(content: &QuizContent, seed: u64) -> QuizSession {
        QuizSession {
            content: Arc::new(content.clone()),
            attempt: 1,
            seed,
            state: State::ChoosingAudience,
            seen: BTreeSet::new(),
            pass_mark_override: None,
        }
    }

    /// Sets the audience (a learner profile's `Role` is the natural default),
    /// draws the items and shows the first.
    pub fn choose_audience(&mut self, audience: Role, now_ms: i64) -> Result<Outcome, ActError> {
        let State::ChoosingAudience = self.state else {
            return Err(self.wrong_step("choose the audience"));
        };
        self.state = State::Answering {
            attempt: Attempt::new(&self.content, audience, self.seed, &self.seen),
            item_idx: 0,
            shown_at_ms: now_ms,
        };
        Ok(Outcome::Started)
    }

    /// Checks the options chosen for the item shown and shows the feedback.
    pub fn answer<S: AsRef<str>>(
        &mut self,
        item_id: &str,
        selection: &[S],
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let State::Answering { attempt, item_idx, shown_at_ms } = &mut self.state else {
            return Err(self.wrong_step("answer"));
        };
        let drawn = &attempt.items[*item_idx];
        if drawn.item_id != item_id {
            return Err(ActError::NotCurrentItem { item: item_id.to_owned() });
        }
        let (_, item) = self.content.item(item_id).expect("drawn items exist in the content");
        let selected = check_selection(item, selection)?;
        // A clock that jumps back must not cost the learner their answer.
        let latency_ms = u64::try_from(now_ms.saturating_sub(*shown_at_ms)).unwrap_or(0);
        attempt
            .answers
            .insert(item_id.to_owned(), Answer { selected, answered_at_ms: now_ms, latency_ms });
        let (attempt, item_idx) = (attempt.clone(), *item_idx);
        self.state = State::Checked { attempt, item_idx };
        let feedback = self.feedback().expect("a checked item has feedback");
        Ok(Outcome::Checked(feedback))
    }

    /// Moves from the feedback to the next item, or to the self-assessment
    /// after the last item.
    pub fn next(&mut self, now_ms: i64) -> Result<Outcome, ActError> {
        let State::Checked { attempt, item_idx } = &self.state else {
            return Err(self.wrong_step("go to the next item"));
        };
        let attempt = attempt.clone();
        if item_idx + 1 < attempt.items.len() {
            self.state = State::Answering { attempt, item_idx: item_idx + 1, shown_at_ms: now_ms };
            Ok(Outcome::NextItem)
        } else {
            self.state = State::SelfAssessing { attempt, shown_at_ms: now_ms };
            Ok(Outcome::SelfAssessmentStarted)
        }
    }

    /// Rates one statement; a statement may be rated again until the attempt finishes.
    pub fn rate(
        &mut self,
        statement_id: &str,
        rating: u8,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let State::SelfAssessing { attempt, .. } = &mut self.state else {
            return Err(self.wrong_step("rate a statement"));
        };
        if !self.content.statements(attempt.audience).iter().any(|s| s.id() == statement_id) {
            return Err(ActError::UnknownStatement { statement: statement_id.to_owned() });
        }
        let likert = self.content.likert();
        if !(likert.min()..=likert.max()).contains(&rating) {
            return Err(ActError::RatingOffScale { rating, min: likert.min(), max: likert.max() });
        }
        attempt
            .ratings
            .insert(statement_id.to_owned(), Rating { value: rating, answered_at_ms: now_ms });
        Ok(Outcome::Rated)
    }

    /// Ends the attempt once every statement is rated.
    pub fn finish(&mut self, _now_ms: i64) -> Result<Outcome, ActError> {
        let State::SelfAssessing { attempt, shown_at_ms } = &self.state else {
            return Err(self.wrong_step("finish"));
        };
        let n_unrated = self.n_unrated();
        if n_unrated > 0 {
            return Err(ActError::Unrated { n_unrated });
        }
        self.state =
            State::Finished { attempt: attempt.clone(), statements_shown_at_ms: *shown_at_ms };
        let passed = self.result().is_some_and(|result| result.passed);
        Ok(Outcome::Finished { passed })
    }

    /// Starts the next attempt with the same audience, a new draw from `seed`
    /// and a fresh self-assessment, if the content's retry policy allows it.
    pub fn retry(&mut self, seed: u64, now_ms: i64) -> Result<Outcome, ActError> {
        let State::Finished { attempt, .. } = &self.state else {
            return Err(self.wrong_step("retry"));
        };
        self.retry_refusal().map_or(Ok(()), Err)?;
        let audience = attempt.audience;
        let asked: Vec<String> = attempt.items.iter().map(|drawn| drawn.item_id.clone()).collect();
        self.seen.extend(asked);
        self.attempt += 1;
        self.seed = seed;
        self.state = State::Answering {
            attempt: Attempt::new(&self.content, audience, seed, &self.seen),
            item_idx: 0,
            shown_at_ms: now_ms,
        };
        Ok(Outcome::Retried { attempt: self.attempt })
    }

    /// The quiz structure this session runs on.
    pub fn content(&self) -> &QuizContent {
        &self.content
    }

    /// The current step.
    pub fn step(&self) -> Step {
        match self.state {
            State::ChoosingAudience => Step::ChoosingAudience,
            State::Answering { .. } => Step::Answering,
            State::Checked { .. } => Step::Checked,
            State::SelfAssessing { .. } => Step::SelfAssessing,
            State::Finished { .. } => Step::Finished,
        }
    }

    /// The current attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The seed of the current attempt's draw; records keep it so a draw can be replayed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The audience, once chosen.
    pub fn audience(&self) -> Option<Role> {
        self.current_attempt().map(|attempt| attempt.audience)
    }

    /// The drawn items of the current attempt, in the order they are asked.
    pub fn drawn_items(&self) -> &[DrawnItem] {
        self.current_attempt().map_or(&[], |attempt| &attempt.items)
    }

    /// How many items the current attempt asks; 0 before the draw.
    pub fn n_items(&self) -> usize {
        self.drawn_items().len()
    }

    /// The item being answered or shown with its feedback.
    pub fn current_item(&self) -> Option<CurrentItem<'_>> {
        let (State::Answering { attempt, item_idx, .. } | State::Checked { attempt, item_idx }) =
            &self.state
        else {
            return None;
        };
        let drawn = &attempt.items[*item_idx];
        let (dimension, item) =
            self.content.item(&drawn.item_id).expect("drawn items exist in the content");
        Some(CurrentItem {
            item,
            dimension,
            option_order: &drawn.option_order,
            item_idx: *item_idx,
            n_items: attempt.items.len(),
            post_2012: item.post_2012(),
        })
    }

    /// The feedback on the item just checked.
    pub fn feedback(&self) -> Option<Feedback> {
        let State::Checked { attempt, item_idx } = &self.state else {
            return None;
        };
        self.feedback_on(attempt, &attempt.items[*item_idx].item_id)
    }

    /// Feedback on every answered item of the current attempt, in asking order.
    pub fn review(&self) -> Vec<Feedback> {
        self.current_attempt().map_or_else(Vec::new, |attempt| {
            attempt
                .items
                .iter()
                .filter_map(|drawn| self.feedback_on(attempt, &drawn.item_id))
                .collect()
        })
    }

    /// The self-assessment statements of the chosen audience; none before the choice.
    pub fn statements(&self) -> &[Statement] {
        self.audience().map_or(&[], |audience| self.content.statements(audience))
    }

    /// The rating given to a statement in the current attempt.
    pub fn rating(&self, statement_id: &str) -> Option<u8> {
        self.current_attempt()?.ratings.get(statement_id).map(|rating| rating.value)
    }

    /// How many of the audience's statements have no rating yet.
    pub fn n_unrated(&self) -> usize {
        self.statements().iter().filter(|s| self.rating(s.id()).is_none()).count()
    }

    /// The scores of a finished attempt.
    pub fn result(&self) -> Option<QuizResult> {
        let State::Finished { attempt, .. } = &self.state else {
            return None;
        };
        let marks: Vec<scoring::Mark<'_>> = attempt
            .items
            .iter()
            .filter_map(|drawn| {
                let (dimension, item) = self.content.item(&drawn.item_id)?;
                let answer = attempt.answers.get(&drawn.item_id);
                Some(scoring::Mark {
                    dimension: dimension.id(),
                    weight: item.weight(),
                    correct: answer.is_some_and(|answer| answer.selected == item.key()),
                })
            })
            .collect();
        let statements = self.content.statements(attempt.audience);
        Some(scoring::result(&self.content, self.pass_mark(), &marks, statements, |id| {
            attempt.ratings.get(id).map(|rating| rating.value)
        }))
    }

    /// The graded score, 0–100, at or above which an attempt passes: the
    /// LMS's mastery score when it sets one, else the content's pass mark.
    pub fn pass_mark(&self) -> f64 {
        self.pass_mark_override.unwrap_or_else(|| f64::from(self.content.pass_mark()))
    }

    /// Whether [`retry`](Self::retry) would start a new attempt now.
    pub fn can_retry(&self) -> bool {
        matches!(self.state, State::Finished { .. }) && self.retry_refusal().is_none()
    }

    /// How many questions a retry now would ask that no attempt has asked
    /// yet: each dimension's unseen items, up to what it draws.
    pub fn new_items_on_retry(&self) -> usize {
        let mut seen = self.seen.clone();
        seen.extend(self.drawn_items().iter().map(|drawn| drawn.item_id.clone()));
        self.content
            .dimensions()
            .iter()
            .map(|dimension| {
                let unseen =
                    dimension.items().iter().filter(|item| !seen.contains(item.id())).count();
                unseen.min(self.content.items_per_dimension())
            })
            .sum()
    }

    /// How many attempts remain after the current one.
    pub fn attempts_left(&self) -> u32 {
        self.content.retry().attempts_left(self.attempt)
    }

    fn retry_refusal(&self) -> Option<ActError> {
        let passed = self.result().is_some_and(|result| result.passed);
        self.content.retry().refusal(self.attempt, passed).map(ActError::Retry)
    }

    fn current_attempt(&self) -> Option<&Attempt> {
        match &self.state {
            State::ChoosingAudience => None,
            State::Answering { attempt, .. }
            | State::Checked { attempt, .. }
            | State::SelfAssessing { attempt, .. }
            | State::Finished { attempt, .. } => Some(attempt),
        }
    }

    fn feedback_on(&self, attempt: &Attempt, item_id: &str) -> Option<Feedback> {
        let answer = attempt.answers.get(item_id)?;
        let (_, item) = self.content.item(item_id)?;
        Some(Feedback {
            item: item_id.to_owned(),
            correct: answer.selected == item.key(),
            selected: answer.selected.clone(),
            key: item.key().to_vec(),
            why_key: item.why_key(),
        })
    }

    fn wrong_step(&self, action: &'static str) -> ActError {
        ActError::WrongStep { action, step: self.step() }
    }
}

impl Attempt {
    fn new(content: &QuizContent, audience: Role, seed: u64, seen: &BTreeSet<String>) -> Attempt {
        Attempt {
            audience,
            items: draw::draw(content, seed, seen),
            answers: BTreeMap::new(),
            ratings: BTreeMap::new(),
        }
    }
}

/// The chosen options in authoring order, or why they cannot be an answer.
fn check_selection<S: AsRef<str>>(item: &Item, selection: &[S]) -> Result<Vec<String>, ActError> {
    if selection.is_empty() {
        return Err(ActError::NoSelection);
    }
    for (option_idx, option) in selection.iter().enumerate() {
        let option = option.as_ref();
        if !item.has_option(option) {
            return Err(ActError::UnknownOption { option: option.to_owned() });
        }
        if selection[..option_idx].iter().any(|earlier| earlier.as_ref() == option) {
            return Err(ActError::RepeatedOption { option: option.to_owned() });
        }
    }
    if item.kind() == ItemKind::Single && selection.len() > 1 {
        return Err(ActError::OneOptionOnly);
    }
    Ok(item
        .options()
        .iter()
        .filter(|option| selection.iter().any(|chosen| chosen.as_ref() == option.as_str()))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests;
