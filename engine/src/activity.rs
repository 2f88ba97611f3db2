//! What every exercise reports, whatever its rules. Modelled on the H5P
//! question contract: the LMS bridge, the result record and the views depend
//! only on [`Activity`], never on one exercise's internals.

use serde::{Deserialize, Serialize};

use crate::ExerciseKind;

/// A score on a points scale that starts at `min`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Points earned.
    pub raw: f64,
    /// The lowest possible score.
    pub min: f64,
    /// The highest possible score.
    pub max: f64,
}

impl Score {
    /// `raw` points out of `max`, from zero.
    pub fn new(raw: f64, max: f64) -> Score {
        Score { raw, min: 0.0, max }
    }

    /// The score as a fraction of its range, 0 to 1; 0 when the range is empty.
    pub fn scaled(&self) -> f64 {
        let range = self.max - self.min;
        if range > 0.0 { ((self.raw - self.min) / range).clamp(0.0, 1.0) } else { 0.0 }
    }

    /// The score as a percentage, 0 to 100, rounded to two decimals. LMSs such
    /// as Moodle grade on this number alone.
    pub fn percent(&self) -> f64 {
        (self.scaled() * 10_000.0).round() / 100.0
    }
}

/// Whether the learner has gone through the whole exercise, in rising order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Completion {
    /// Not opened yet.
    NotAttempted,
    /// Opened and not finished.
    Incomplete,
    /// Finished.
    Completed,
}

/// Whether the learner met the exercise's pass mark, in rising order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Success {
    /// Not judged (unfinished, or the exercise has no pass mark).
    Unknown,
    /// Below the pass mark.
    Failed,
    /// At or above the pass mark.
    Passed,
}

impl Success {
    /// The success of a judgement: `None` while there is none to make.
    pub fn of(passed: Option<bool>) -> Success {
        match passed {
            Some(true) => Success::Passed,
            Some(false) => Success::Failed,
            None => Success::Unknown,
        }
    }
}

/// How a learner's response is shaped; each maps to a SCORM interaction type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionKind {
    /// One or more options chosen from a list.
    Choice,
    /// One point on a rating scale.
    Likert,
    /// Free text up to 250 characters.
    FillIn,
    /// Free text up to 4,000 characters.
    LongFillIn,
    /// A number.
    Numeric,
    /// Anything else, described in text.
    Other,
}

/// How a response was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionResult {
    /// Matches a correct response.
    Correct,
    /// Does not match.
    Incorrect,
    /// Not judged right or wrong (a rating, a plan entry).
    Neutral,
}

/// One answered item, step or entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// A readable id, stable across content versions, e.g. `aec-d2-q03`:
    /// trainers see only ids in Moodle's interactions report.
    pub id: String,
    /// The response's shape.
    pub kind: InteractionKind,
    /// The catalog key of the item's text, for the record's description.
    pub description_key: String,
    /// What the learner answered: option ids for choices, the text or number otherwise.
    pub response: Vec<String>,
    /// The correct response, when there is one.
    pub correct_response: Option<Vec<String>>,
    /// For a choice, every option in a fixed order (empty otherwise). SCORM
    /// 1.2 takes only single-character options, so there an option with a
    /// longer id is named by its position: `a` for the first.
    pub choices: Vec<String>,
    /// How the response was judged.
    pub result: InteractionResult,
    /// The item's weight in the score.
    pub weighting: f64,
    /// Milliseconds from showing the item to answering it.
    pub latency_ms: Option<u64>,
    /// When it was answered, in milliseconds since the Unix epoch.
    pub answered_at_ms: i64,
}

/// The state of one learning objective, e.g. one readiness dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveResult {
    /// A readable, stable id, e.g. `aec-d2`.
    pub id: String,
    /// The catalog key of its description.
    pub description_key: String,
    /// Its score, once there is one.
    pub score: Option<Score>,
    /// Whether it was worked through.
    pub completion: Completion,
    /// Whether it was met.
    pub success: Success,
}

/// Which finished try of an exercise the LMS keeps when the learner tries
/// again within one LMS attempt; set in the exercise's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counting {
    /// The highest-scoring finished try.
    #[default]
    Best,
    /// The latest finished try.
    Last,
}

/// What an exercise reports, at any moment of an attempt.
pub trait Activity {
    /// Which exercise this is.
    fn kind(&self) -> ExerciseKind;
    /// The attempt number, from 1; a retry starts the next one.
    fn attempt(&self) -> u32;
    /// Whether the learner has answered anything yet.
    fn answer_given(&self) -> bool;
    /// The score so far, if the exercise is scored.
    fn score(&self) -> Option<Score>;
    /// Whether the exercise is finished.
    fn completion(&self) -> Completion;
    /// Whether the pass mark was met.
    fn success(&self) -> Success;
    /// Every answered item, in answering order.
    fn interactions(&self) -> Vec<Interaction>;
    /// The state of each learning objective.
    fn objectives(&self) -> Vec<ObjectiveResult>;
    /// Which finished try counts when the learner tries again: the best,
    /// unless the exercise's content says otherwise.
    fn counting(&self) -> Counting {
        Counting::Best
    }
    /// What the learner made beyond answers, for the result record's
    /// `artifacts` (a plan, say); none unless the exercise makes something.
    fn artifacts(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::Map::new()
    }
}

/// An activity's report frozen at one moment: what the shell sends on to the
/// LMS, the record and saved progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Which exercise.
    pub kind: ExerciseKind,
    /// The attempt number.
    pub attempt: u32,
    /// Whether anything was answered.
    pub answer_given: bool,
    /// The score so far.
    pub score: Option<Score>,
    /// Whether the exercise is finished.
    pub completion: Completion,
    /// Whether the pass mark was met.
    pub success: Success,
    /// Every answered item.
    pub interactions: Vec<Interaction>,
    /// Every learning objective.
    pub objectives: Vec<ObjectiveResult>,
    /// Which finished try counts when the learner tries again.
    pub counting: Counting,
    /// What the learner made beyond answers, for the record.
    pub artifacts: serde_json::Map<String, serde_json::Value>,
}

impl Snapshot {
    /// Freezes an activity's current report.
    pub fn of(activity: &dyn Activity) -> Snapshot {
        Snapshot {
            kind: activity.kind(),
            attempt: activity.attempt(),
            answer_given: activity.answer_given(),
            score: activity.score(),
            completion: activity.completion(),
            success: activity.success(),
            interactions: activity.interactions(),
            objectives: activity.objectives(),
            counting: activity.counting(),
            artifacts: activity.artifacts(),
        }
    }
}

impl Activity for Snapshot {
    fn kind(&self) -> ExerciseKind {
        self.kind
    }
    fn attempt(&self) -> u32 {
        self.attempt
    }
    fn answer_given(&self) -> bool {
        self.answer_given
    }
    fn score(&self) -> Option<Score> {
        self.score
    }
    fn completion(&self) -> Completion {
        self.completion
    }
    fn success(&self) -> Success {
        self.success
    }
    fn interactions(&self) -> Vec<Interaction> {
        self.interactions.clone()
    }
    fn objectives(&self) -> Vec<ObjectiveResult> {
        self.objectives.clone()
    }
    fn counting(&self) -> Counting {
        self.counting
    }
    fn artifacts(&self) -> serde_json::Map<String, serde_json::Value> {
        self.artifacts.clone()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn results_order_from_nothing_to_a_pass() {
        assert!(Completion::NotAttempted < Completion::Incomplete);
        assert!(Completion::Incomplete < Completion::Completed);
        assert!(Success::Unknown < Success::Failed && Success::Failed < Success::Passed);
    }

    #[test]
    fn percent_is_what_moodle_grades_on() {
        assert_eq!(Score::new(7.0, 9.0).percent(), 77.78);
        assert_eq!(Score::new(0.0, 0.0).percent(), 0.0);
        assert_eq!(Score { raw: 3.0, min: 1.0, max: 5.0 }.scaled(), 0.5);
    }

    proptest! {
        #[test]
        fn scaled_and_percent_stay_in_range(raw in -1e6f64..1e6, max in -1e6f64..1e6) {
            let score = Score::new(raw, max);
            prop_assert!((0.0..=1.0).contains(&score.scaled()));
            prop_assert!((0.0..=100.0).contains(&score.percent()));
        }
    }
}
