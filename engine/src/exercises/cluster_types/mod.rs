//! The cluster-type identification exercise as a state machine: a seeded
//! draw of cases, one structure answer per case with feedback that names the
//! clues, a confusion summary, an optional capability-stage round, and
//! retries.
//!
//! A view calls, in order: [`CaseSession::begin`], then for each case
//! [`CaseSession::classify`] and [`CaseSession::next`] (the last `next` shows
//! the results); optionally [`CaseSession::begin_stages`], then
//! [`CaseSession::choose_stage`] and [`CaseSession::next`] for each case;
//! and, when [`CaseSession::can_retry`], [`CaseSession::retry`] with a fresh
//! seed. Every transition takes the time and returns
//! `Result<Outcome, ActError>`; a refused one changes nothing.
//!
//! - `content` is the exercise's section of the content, validated: [`CaseContent`].
//! - `draw` picks the cases of an attempt from a seed.
//! - `report` is what the exercise tells the LMS: the `Activity` impl.
//! - `resume` is the compact saved form, [`CaseResume`].

pub(crate) mod content;
mod draw;
pub(crate) mod raw;
mod report;
mod resume;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::exercises::retry::RetryRefusal;

pub use content::{CaseContent, ClusterType, Difficulty, Discussion, Stage, Vignette};
pub use resume::{CASE_RESUME_VERSION, CaseResume, CaseStep, ResumeError, SavedAnswer};

/// One learner's run through the cases, across attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSession {
    content: Arc<CaseContent>,
    attempt: u32,
    seed: u64,
    cases: Vec<DrawnCase>,
    phase: Phase,
    /// The LMS's mastery score, which replaces the content's pass mark.
    pass_mark_override: Option<f64>,
}

/// One case of the attempt and the learner's answers to it.
#[derive(Debug, Clone, PartialEq)]
struct DrawnCase {
    id: String,
    structure: Option<Answer<ClusterType>>,
    stage: Option<Answer<Stage>>,
}

/// One answer, with when it was given and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Answer<T> {
    chosen: T,
    answered_at_ms: i64,
    latency_ms: u64,
}

/// Where the learner is. `idx` indexes the attempt's cases in the structure
/// round and the cases with a stage in the stage round.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Ready,
    Sorting { idx: usize, shown_at_ms: i64 },
    Sorted { idx: usize },
    Results,
    Staging { idx: usize, shown_at_ms: i64 },
    Staged { idx: usize },
}

/// The steps of the exercise, for views to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The introduction, before the first case.
    Ready,
    /// A case waits for its structure.
    Sorting,
    /// A case's structure was checked and the feedback is shown.
    Sorted,
    /// The cases are done: score, confusion summary, discussion case.
    Results,
    /// A case waits for its capability stage.
    Staging,
    /// A case's stage was checked and the feedback is shown.
    Staged,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Ready => "on the introduction",
            Step::Sorting => "sorting a case",
            Step::Sorted => "showing a case's feedback",
            Step::Results => "showing the results",
            Step::Staging => "staging a case",
            Step::Staged => "showing a stage's feedback",
        })
    }
}

/// What a successful transition did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The first case is shown.
    Started,
    /// A case's structure was checked.
    Sorted(Feedback),
    /// The next case is shown.
    NextCase,
    /// The last case is done and the results are shown.
    Finished {
        /// Whether the score reached the pass mark.
        passed: bool,
    },
    /// The stage round started.
    StagesStarted,
    /// A case's stage was checked; whether it is one the case accepts.
    Staged {
        /// Whether the stage chosen is accepted.
        correct: bool,
    },
    /// A new attempt is ready with a new draw.
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
    /// The answer names a case other than the one shown, e.g. after a double drop.
    #[error("case `{case}` is not the one shown")]
    NotCurrentCase {
        /// The case named.
        case: String,
    },
    /// The stage round is not offered, or was already played.
    #[error("no stage round to play")]
    NoStageRound,
    /// The content's retry policy allows no other attempt.
    #[error(transparent)]
    Retry(RetryRefusal),
}

/// Why the chosen type does not fit a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misread {
    /// The case's own explanation of this common misreading (catalog key).
    Explained(String),
    /// No explanation of its own: the chosen type's telling question applies.
    Test(ClusterType),
}

/// How one case's structure answer was judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// The case's id.
    pub case: String,
    /// The type chosen.
    pub chosen: ClusterType,
    /// The right type.
    pub structure: ClusterType,
    /// The catalog keys of the clue phrases to highlight in the text.
    pub clue_keys: Vec<String>,
    /// The catalog key of why the right type fits.
    pub why_key: String,
    /// Why the chosen type does not fit; `None` when it is right.
    pub misread: Option<Misread>,
}

impl Feedback {
    /// Whether the chosen type is the right one.
    pub fn correct(&self) -> bool {
        self.chosen == self.structure
    }
}

/// How one case's stage answer was judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageFeedback {
    /// The stage chosen.
    pub chosen: Stage,
    /// Every stage the case accepts.
    pub accepted: Vec<Stage>,
    /// The catalog key of why.
    pub why_key: String,
}

impl StageFeedback {
    /// Whether the stage chosen is accepted.
    pub fn correct(&self) -> bool {
        self.accepted.contains(&self.chosen)
    }
}

/// The case on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurrentCase<'a> {
    /// The case.
    pub vignette: &'a Vignette,
    /// Its position in the round, from 0.
    pub idx: usize,
    /// How many cases the round has.
    pub n_cases: usize,
}

/// Which types were taken for which, over one attempt's answered cases.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Confusion {
    counts: BTreeMap<(ClusterType, ClusterType), u32>,
}

impl Confusion {
    /// How many cases of type `actual` were answered `chosen`.
    pub fn count(&self, actual: ClusterType, chosen: ClusterType) -> u32 {
        self.counts.get(&(actual, chosen)).copied().unwrap_or(0)
    }

    /// How many cases of type `actual` were answered.
    pub fn answered(&self, actual: ClusterType) -> u32 {
        ClusterType::ALL.into_iter().map(|chosen| self.count(actual, chosen)).sum()
    }

    /// The wrong answers as (right type, type taken for it, how often), the
    /// most frequent first; ties in type order.
    pub fn mix_ups(&self) -> Vec<(ClusterType, ClusterType, u32)> {
        let mut mix_ups: Vec<_> = self
            .counts
            .iter()
            .filter(|((actual, chosen), _)| actual != chosen)
            .map(|((actual, chosen), count)| (*actual, *chosen, *count))
            .collect();
        mix_ups.sort_by_key(|(_, _, count)| std::cmp::Reverse(*count));
        mix_ups
    }
}

/// One attempt's result.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    /// Points earned, each right case weighted by its difficulty.
    pub points: u32,
    /// Points possible.
    pub max_points: u32,
    /// The score, 0–100, rounded.
    pub percent: u8,
    /// Whether the score reached the pass mark.
    pub passed: bool,
}

impl CaseSession {
    /// A new session on its introduction; `seed` decides the first draw.
    pub fn new(content: &CaseContent, seed: u64) -> CaseSession {
        CaseSession {
            cases: draw::draw(content, seed),
            content: Arc::new(content.clone()),
            attempt: 1,
            seed,
            phase: Phase::Ready,
            pass_mark_override: None,
        }
    }

    /// Shows the first case.
    pub fn begin(&mut self, now_ms: i64) -> Result<Outcome, ActError> {
        let Phase::Ready = self.phase else {
            return Err(self.wrong_step("begin"));
        };
        self.phase = Phase::Sorting { idx: 0, shown_at_ms: now_ms };
        Ok(Outcome::Started)
    }

    /// Answers the case shown with a structure type and shows the feedback.
    pub fn classify(
        &mut self,
        case_id: &str,
        chosen: ClusterType,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let Phase::Sorting { idx, shown_at_ms } = self.phase else {
            return Err(self.wrong_step("classify a case"));
        };
        if self.cases[idx].id != case_id {
            return Err(ActError::NotCurrentCase { case: case_id.to_owned() });
        }
        self.cases[idx].structure = Some(answer(chosen, shown_at_ms, now_ms));
        self.phase = Phase::Sorted { idx };
        Ok(Outcome::Sorted(self.feedback().expect("a sorted case has feedback")))
    }

    /// Moves from a case's feedback to the next case, or to the results
    /// after the last one of the round.
    pub fn next(&mut self, now_ms: i64) -> Result<Outcome, ActError> {
        match self.phase {
            Phase::Sorted { idx } if idx + 1 < self.cases.len() => {
                self.phase = Phase::Sorting { idx: idx + 1, shown_at_ms: now_ms };
                Ok(Outcome::NextCase)
            }
            Phase::Staged { idx } if idx + 1 < self.staged_cases().len() => {
                self.phase = Phase::Staging { idx: idx + 1, shown_at_ms: now_ms };
                Ok(Outcome::NextCase)
            }
            Phase::Sorted { .. } | Phase::Staged { .. } => {
                self.phase = Phase::Results;
                Ok(Outcome::Finished { passed: self.result().is_some_and(|result| result.passed) })
            }
            _ => Err(self.wrong_step("go to the next case")),
        }
    }

    /// Starts the capability-stage round over the attempt's cases that have
    /// a stage, when the content offers it and it has not been played.
    pub fn begin_stages(&mut self, now_ms: i64) -> Result<Outcome, ActError> {
        let Phase::Results = self.phase else {
            return Err(self.wrong_step("start the stage round"));
        };
        if !self.stage_round_open() {
            return Err(ActError::NoStageRound);
        }
        self.phase = Phase::Staging { idx: 0, shown_at_ms: now_ms };
        Ok(Outcome::StagesStarted)
    }

    /// Answers the case shown with a capability stage.
    pub fn choose_stage(
        &mut self,
        case_id: &str,
        chosen: Stage,
        now_ms: i64,
    ) -> Result<Outcome, ActError> {
        let Phase::Staging { idx, shown_at_ms } = self.phase else {
            return Err(self.wrong_step("choose a stage"));
        };
        let case_idx = self.staged_cases()[idx];
        if self.cases[case_idx].id != case_id {
            return Err(ActError::NotCurrentCase { case: case_id.to_owned() });
        }
        self.cases[case_idx].stage = Some(answer(chosen, shown_at_ms, now_ms));
        self.phase = Phase::Staged { idx };
        let correct = self.stage_feedback().is_some_and(|feedback| feedback.correct());
        Ok(Outcome::Staged { correct })
    }

    /// Starts the next attempt with a new draw from `seed`, if the content's
    /// retry policy allows it.
    pub fn retry(&mut self, seed: u64, _now_ms: i64) -> Result<Outcome, ActError> {
        let Phase::Results = self.phase else {
            return Err(self.wrong_step("retry"));
        };
        self.retry_refusal().map_or(Ok(()), Err)?;
        self.attempt += 1;
        self.seed = seed;
        self.cases = draw::draw(&self.content, seed);
        self.phase = Phase::Ready;
        Ok(Outcome::Retried { attempt: self.attempt })
    }

    /// The content this session runs on.
    pub fn content(&self) -> &CaseContent {
        &self.content
    }

    /// The current step.
    pub fn step(&self) -> Step {
        match self.phase {
            Phase::Ready => Step::Ready,
            Phase::Sorting { .. } => Step::Sorting,
            Phase::Sorted { .. } => Step::Sorted,
            Phase::Results => Step::Results,
            Phase::Staging { .. } => Step::Staging,
            Phase::Staged { .. } => Step::Staged,
        }
    }

    /// The current attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The seed of the current attempt's draw.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The ids of the attempt's cases, in the order they are shown.
    pub fn case_ids(&self) -> impl Iterator<Item = &str> {
        self.cases.iter().map(|case| case.id.as_str())
    }

    /// The case shown, in either round.
    pub fn current_case(&self) -> Option<CurrentCase<'_>> {
        let (case_idx, idx, n_cases) = match self.phase {
            Phase::Sorting { idx, .. } | Phase::Sorted { idx } => (idx, idx, self.cases.len()),
            Phase::Staging { idx, .. } | Phase::Staged { idx } => {
                let staged = self.staged_cases();
                (staged[idx], idx, staged.len())
            }
            Phase::Ready | Phase::Results => return None,
        };
        Some(CurrentCase { vignette: self.vignette(case_idx), idx, n_cases })
    }

    /// The feedback on the case just sorted.
    pub fn feedback(&self) -> Option<Feedback> {
        let Phase::Sorted { idx } = self.phase else { return None };
        self.feedback_on(idx)
    }

    /// The feedback on every sorted case of the attempt, in case order, for
    /// the review at the end.
    pub fn review(&self) -> Vec<Feedback> {
        (0..self.cases.len()).filter_map(|idx| self.feedback_on(idx)).collect()
    }

    /// The feedback on the stage just chosen.
    pub fn stage_feedback(&self) -> Option<StageFeedback> {
        let Phase::Staged { idx } = self.phase else { return None };
        let case_idx = self.staged_cases()[idx];
        let vignette = self.vignette(case_idx);
        let chosen = self.cases[case_idx].stage?.chosen;
        Some(StageFeedback {
            chosen,
            accepted: vignette.stages().to_vec(),
            why_key: vignette.stage_why_key(),
        })
    }

    /// Whether the stage round can start: offered, and not played yet.
    pub fn stage_round_open(&self) -> bool {
        self.content.stage_round() && !self.staged_cases().is_empty() && !self.stage_round_played()
    }

    /// Whether the stage round has been played in this attempt.
    pub fn stage_round_played(&self) -> bool {
        self.cases.iter().any(|case| case.stage.is_some())
    }

    /// How many of the stage round's answers were accepted, and out of how many.
    pub fn stage_tally(&self) -> (usize, usize) {
        let staged = self.staged_cases();
        let right = staged
            .iter()
            .filter(|case_idx| {
                let case = &self.cases[**case_idx];
                case.stage
                    .is_some_and(|stage| self.vignette(**case_idx).stages().contains(&stage.chosen))
            })
            .count();
        (right, staged.len())
    }

    /// Which types were taken for which in this attempt.
    pub fn confusion(&self) -> Confusion {
        let mut confusion = Confusion::default();
        for (idx, case) in self.cases.iter().enumerate() {
            if let Some(answer) = case.structure {
                let actual = self.vignette(idx).structure();
                *confusion.counts.entry((actual, answer.chosen)).or_default() += 1;
            }
        }
        confusion
    }

    /// The attempt's result, once every case is sorted and the results shown.
    pub fn result(&self) -> Option<CaseResult> {
        if matches!(self.phase, Phase::Ready | Phase::Sorting { .. } | Phase::Sorted { .. }) {
            return None;
        }
        let (points, max_points) =
            self.cases.iter().enumerate().fold((0, 0), |(points, max), (idx, case)| {
                let vignette = self.vignette(idx);
                let weight = self.content.weight(vignette.difficulty());
                let right =
                    case.structure.is_some_and(|answer| answer.chosen == vignette.structure());
                (points + if right { weight } else { 0 }, max + weight)
            });
        let scaled = f64::from(points) / f64::from(max_points.max(1));
        let percent = (scaled * 100.0).round() as u8;
        let passed = scaled * 100.0 >= self.pass_mark() - 1e-9;
        Some(CaseResult { points, max_points, percent, passed })
    }

    /// The pass mark in force: the LMS's mastery score, else the content's.
    pub fn pass_mark(&self) -> f64 {
        self.pass_mark_override.unwrap_or(f64::from(self.content.pass_mark()))
    }

    /// How many attempts are left after this one.
    pub fn attempts_left(&self) -> u32 {
        self.content.retry().attempts_left(self.attempt)
    }

    /// Whether [`CaseSession::retry`] would start another attempt now.
    pub fn can_retry(&self) -> bool {
        matches!(self.phase, Phase::Results) && self.retry_refusal().is_none()
    }

    fn retry_refusal(&self) -> Option<ActError> {
        let passed = self.result().is_some_and(|result| result.passed);
        self.content.retry().refusal(self.attempt, passed).map(ActError::Retry)
    }

    fn feedback_on(&self, idx: usize) -> Option<Feedback> {
        let chosen = self.cases[idx].structure?.chosen;
        let vignette = self.vignette(idx);
        let structure = vignette.structure();
        let misread = (chosen != structure).then(|| match vignette.misread_key(chosen) {
            Some(key) => Misread::Explained(key),
            None => Misread::Test(chosen),
        });
        Some(Feedback {
            case: vignette.id().to_owned(),
            chosen,
            structure,
            clue_keys: vignette.clue_keys(),
            why_key: vignette.why_key(),
            misread,
        })
    }

    /// Indexes of the attempt's cases that have a stage question.
    fn staged_cases(&self) -> Vec<usize> {
        (0..self.cases.len()).filter(|idx| !self.vignette(*idx).stages().is_empty()).collect()
    }

    fn vignette(&self, idx: usize) -> &Vignette {
        self.content.vignette(&self.cases[idx].id).expect("drawn cases exist in the content")
    }

    fn wrong_step(&self, action: &'static str) -> ActError {
        ActError::WrongStep { action, step: self.step() }
    }
}

/// A case's text cut into passages, each marked whether it is one of the
/// clues, in text order, so that a view can highlight the clues. A clue that
/// does not occur, or overlaps an earlier one, is left unmarked.
pub fn clue_passages<'a>(text: &'a str, clues: &[&str]) -> Vec<(&'a str, bool)> {
    let mut found: Vec<(usize, usize)> = clues
        .iter()
        .filter(|clue| !clue.is_empty())
        .filter_map(|clue| text.find(clue).map(|start| (start, start + clue.len())))
        .collect();
    found.sort_unstable();
    let mut passages = Vec::new();
    let mut at = 0;
    for (start, end) in found {
        if start < at {
            continue;
        }
        if start > at {
            passages.push((&text[at..start], false));
        }
        passages.push((&text[start..end], true));
        at = end;
    }
    if at < text.len() {
        passages.push((&text[at..], false));
    }
    passages
}

fn answer<T>(chosen: T, shown_at_ms: i64, now_ms: i64) -> Answer<T> {
    // A clock that jumps back must not cost the learner their answer.
    let latency_ms = u64::try_from(now_ms.saturating_sub(shown_at_ms)).unwrap_or(0);
    Answer { chosen, answered_at_ms: now_ms, latency_ms }
}

#[cfg(test)]
mod tests;
