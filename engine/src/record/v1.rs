//! Version 1 of the result record.

use serde::{Deserialize, Serialize};

use crate::ExerciseKind;
use crate::activity::{Activity, Completion, Interaction, ObjectiveResult, Score};
use crate::scorm::{Version, completion_status, success_status};
use crate::time;

/// The `schema` value of a single record.
pub const RECORD_SCHEMA: &str = "clusterlab.record";
/// The `schema` value of a file holding several records.
pub const BUNDLE_SCHEMA: &str = "clusterlab.records";
/// The version of both.
pub const SCHEMA_VERSION: u32 = 1;

/// One exercise attempt's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Always [`RECORD_SCHEMA`].
    pub schema: String,
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Who took the exercise.
    pub learner: Learner,
    /// The exercise's slug.
    pub exercise: ExerciseKind,
    /// The attempt number, from 1.
    pub attempt: u32,
    /// When the attempt began, ISO 8601 UTC.
    pub started_at: String,
    /// When it was finished, ISO 8601 UTC; absent while unfinished.
    pub finished_at: Option<String>,
    /// Time spent in this attempt, ISO 8601 duration.
    pub session_time: String,
    /// `not attempted`, `incomplete` or `completed`.
    pub completion_status: String,
    /// `passed`, `failed` or `unknown`.
    pub success_status: String,
    /// The score, when the exercise is scored.
    pub score: Option<RecordScore>,
    /// One entry per learning objective.
    pub objectives: Vec<RecordObjective>,
    /// One entry per answered item.
    pub interactions: Vec<RecordInteraction>,
    /// Exercise-specific results, such as a plan.
    pub artifacts: serde_json::Map<String, serde_json::Value>,
    /// The resume state in its ASCII form, so that an imported record can
    /// continue where it left off on another device.
    pub resume: Option<String>,
}

/// The learner as the LMS or the profile names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Learner {
    /// The LMS's learner id; absent in standalone use.
    pub id: Option<String>,
    /// The learner's name.
    pub name: String,
}

/// A score as the LMS receives it: `raw` 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordScore {
    /// The percentage, 0–100.
    pub raw: f64,
    /// Always 0.
    pub min: f64,
    /// Always 100.
    pub max: f64,
    /// `raw` / 100.
    pub scaled: f64,
}

/// A learning objective's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordObjective {
    /// Its stable id.
    pub id: String,
    /// Its text in the learner's language.
    pub description: String,
    /// Its score, once there is one.
    pub score: Option<RecordScore>,
    /// `not attempted`, `incomplete` or `completed`.
    pub completion_status: String,
    /// `passed`, `failed` or `unknown`.
    pub success_status: String,
}

/// One answered item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordInteraction {
    /// Its stable id.
    pub id: String,
    /// The SCORM 2004 interaction type, e.g. `choice`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The item's text in the learner's language.
    pub description: String,
    /// The response: option ids, or the text or number.
    pub learner_response: Vec<String>,
    /// The correct responses, when the item has one.
    pub correct_responses: Vec<Vec<String>>,
    /// `correct`, `incorrect` or `neutral`.
    pub result: String,
    /// The item's weight.
    pub weighting: f64,
    /// Time to answer, ISO 8601 duration.
    pub latency: Option<String>,
    /// When it was answered, ISO 8601 UTC.
    pub timestamp: String,
}

/// Several records in one file: what "download all" writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always [`BUNDLE_SCHEMA`].
    pub schema: String,
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// When the file was written, ISO 8601 UTC.
    pub exported_at: String,
    /// The records.
    pub records: Vec<Record>,
}

/// What a record needs besides the exercise's own state.
pub struct RecordContext<'a> {
    /// Who took the exercise.
    pub learner: Learner,
    /// When the attempt began.
    pub started_at_ms: i64,
    /// Now, in milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Time spent in the attempt.
    pub elapsed_ms: u64,
    /// The text of a catalog key in the learner's language.
    pub describe: &'a dyn Fn(&str) -> String,
    /// The resume state's ASCII form.
    pub resume: Option<String>,
}

impl Record {
    /// The record of an exercise's current state.
    pub fn of(activity: &dyn Activity, context: RecordContext<'_>) -> Record {
        let completion = activity.completion();
        let describe = context.describe;
        Record {
            schema: RECORD_SCHEMA.to_owned(),
            schema_version: SCHEMA_VERSION,
            learner: context.learner,
            exercise: activity.kind(),
            attempt: activity.attempt(),
            started_at: time::iso_datetime(context.started_at_ms),
            finished_at: (completion == Completion::Completed)
                .then(|| time::iso_datetime(context.now_ms)),
            session_time: time::iso_duration(context.elapsed_ms),
            completion_status: completion_status(completion).to_owned(),
            success_status: success_status(activity.success()).to_owned(),
            score: activity.score().map(RecordScore::from),
            objectives: activity
                .objectives()
                .iter()
                .map(|objective| RecordObjective::of(objective, describe))
                .collect(),
            interactions: activity
                .interactions()
                .iter()
                .map(|interaction| RecordInteraction::of(interaction, describe))
                .collect(),
            artifacts: activity.artifacts(),
            resume: context.resume,
        }
    }

    /// Parses a record or a bundle, as a learner imports it: anything that is
    /// not a version-1 record is refused whole.
    pub fn parse_file(text: &str) -> Result<Vec<Record>, ImportError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|err| ImportError::NotJson(err.to_string()))?;
        let schema = value.get("schema").and_then(serde_json::Value::as_str).unwrap_or_default();
        let version = value.get("schema_version").and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(ImportError::NotARecord);
        }
        let records = match schema {
            RECORD_SCHEMA => vec![
                serde_json::from_value::<Record>(value)
                    .map_err(|err| ImportError::Invalid(err.to_string()))?,
            ],
            BUNDLE_SCHEMA => {
                serde_json::from_value::<Bundle>(value)
                    .map_err(|err| ImportError::Invalid(err.to_string()))?
                    .records
            }
            _ => return Err(ImportError::NotARecord),
        };
        records.iter().try_for_each(Record::check)?;
        Ok(records)
    }

    /// The completion status as the engine's type. `check` has made sure the
    /// text is one of the vocabulary's.
    pub fn completion(&self) -> Completion {
        match self.completion_status.as_str() {
            "completed" => Completion::Completed,
            "not attempted" => Completion::NotAttempted,
            _ => Completion::Incomplete,
        }
    }

    /// Rules JSON types cannot express.
    fn check(&self) -> Result<(), ImportError> {
        let invalid = |what: &str| Err(ImportError::Invalid(what.to_owned()));
        if self.schema != RECORD_SCHEMA || self.attempt == 0 {
            return invalid("schema or attempt");
        }
        if !matches!(self.completion_status.as_str(), "not attempted" | "incomplete" | "completed")
            || !matches!(self.success_status.as_str(), "passed" | "failed" | "unknown")
        {
            return invalid("status");
        }
        if self.score.is_some_and(|score| !(0.0..=100.0).contains(&score.raw)) {
            return invalid("score");
        }
        if self.resume.as_deref().is_some_and(|resume| !resume.is_ascii()) {
            return invalid("resume");
        }
        Ok(())
    }
}

impl Bundle {
    /// A bundle of `records` written at `now_ms`.
    pub fn new(records: Vec<Record>, now_ms: i64) -> Bundle {
        Bundle {
            schema: BUNDLE_SCHEMA.to_owned(),
            schema_version: SCHEMA_VERSION,
            exported_at: time::iso_datetime(now_ms),
            records,
        }
    }
}

/// Why an imported file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is not JSON.
    #[error("the file is not JSON: {0}")]
    NotJson(String),
    /// The file is JSON but not a clusterlab record or bundle of version 1.
    #[error("the file is not a clusterlab result file")]
    NotARecord,
    /// The file claims to be a record but breaks its schema.
    #[error("the file is damaged: {0}")]
    Invalid(String),
}

impl From<Score> for RecordScore {
    fn from(score: Score) -> RecordScore {
        let raw = score.percent();
        RecordScore { raw, min: 0.0, max: 100.0, scaled: raw / 100.0 }
    }
}

impl RecordObjective {
    fn of(objective: &ObjectiveResult, describe: &dyn Fn(&str) -> String) -> RecordObjective {
        RecordObjective {
            id: objective.id.clone(),
            description: describe(&objective.description_key),
            score: objective.score.map(RecordScore::from),
            completion_status: completion_status(objective.completion).to_owned(),
            success_status: success_status(objective.success).to_owned(),
        }
    }
}

impl RecordInteraction {
    fn of(interaction: &Interaction, describe: &dyn Fn(&str) -> String) -> RecordInteraction {
        RecordInteraction {
            id: interaction.id.clone(),
            kind: Version::Scorm2004.interaction_type(interaction.kind).to_owned(),
            description: describe(&interaction.description_key),
            learner_response: interaction.response.clone(),
            correct_responses: interaction.correct_response.iter().cloned().collect(),
            result: Version::Scorm2004.result(interaction.result).to_owned(),
            weighting: interaction.weighting,
            latency: interaction.latency_ms.map(time::iso_duration),
            timestamp: time::iso_datetime(interaction.answered_at_ms),
        }
    }
}

#[cfg(test)]
mod tests;
