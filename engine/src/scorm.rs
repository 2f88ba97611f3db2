//! The SCORM run-time data model, both versions in one place: element names,
//! vocabularies, response and time formats, and limits. The app's bridge only
//! moves the strings this module produces.
//!
//! Scores are always written as `raw` 0–100, because Moodle grades on
//! `score.raw` alone and ignores `min`, `max` and `scaled`.

use crate::activity::{
    Completion, Interaction, InteractionKind, InteractionResult, ObjectiveResult, Score, Success,
};
use crate::time;

/// A SCORM run-time version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// SCORM 1.2, found as `window.API`.
    Scorm12,
    /// SCORM 2004 4th edition, found as `window.API_1484_11`.
    Scorm2004,
}

/// A function of the run-time API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiMethod {
    /// Starts the session.
    Initialize,
    /// Reads an element.
    GetValue,
    /// Writes an element.
    SetValue,
    /// Asks the LMS to persist what was written.
    Commit,
    /// Ends the session.
    Finish,
    /// The error code of the last call.
    GetLastError,
    /// The text of an error code.
    GetErrorString,
}

/// One `SetValue` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmiWrite {
    /// The data model element, e.g. `cmi.core.lesson_status`.
    pub element: String,
    /// The value, already in the version's format.
    pub value: String,
}

impl CmiWrite {
    pub(crate) fn new(element: impl Into<String>, value: impl Into<String>) -> CmiWrite {
        CmiWrite { element: element.into(), value: value.into() }
    }
}

/// Why a value cannot be written in a version's format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScormError {
    /// SCORM 1.2 choice responses are single characters `0-9a-z`.
    #[error("choice option id `{0}` is not a single character 0-9 or a-z")]
    ChoiceIdNotSingleCharacter(String),
    /// Identifiers are ASCII letters, digits, `-` and `_`, at most 64 characters.
    #[error("`{0}` is not a valid identifier")]
    InvalidIdentifier(String),
}

impl Version {
    /// The name of the API object on the LMS window.
    pub fn api_name(self) -> &'static str {
        match self {
            Version::Scorm12 => "API",
            Version::Scorm2004 => "API_1484_11",
        }
    }

    /// The name of an API function in this version.
    pub fn method(self, method: ApiMethod) -> &'static str {
        match method {
            ApiMethod::Initialize => self.pick("LMSInitialize", "Initialize"),
            ApiMethod::GetValue => self.pick("LMSGetValue", "GetValue"),
            ApiMethod::SetValue => self.pick("LMSSetValue", "SetValue"),
            ApiMethod::Commit => self.pick("LMSCommit", "Commit"),
            ApiMethod::Finish => self.pick("LMSFinish", "Terminate"),
            ApiMethod::GetLastError => self.pick("LMSGetLastError", "GetLastError"),
            ApiMethod::GetErrorString => self.pick("LMSGetErrorString", "GetErrorString"),
        }
    }

    /// Whether a failed `GetValue` only means "nothing stored yet": SCORM
    /// 2004 answers 403 when `suspend_data` is read on a first launch.
    pub fn is_not_initialized_error(self, code: &str) -> bool {
        self == Version::Scorm2004 && code == "403"
    }

    /// The most characters `cmi.suspend_data` holds.
    pub fn suspend_data_limit(self) -> usize {
        match self {
            Version::Scorm12 => 4_096,
            Version::Scorm2004 => 64_000,
        }
    }

    /// The most characters the bookmark (`lesson_location` / `location`) holds.
    pub fn location_limit(self) -> usize {
        match self {
            Version::Scorm12 => 255,
            Version::Scorm2004 => 1_000,
        }
    }

    /// The element that says whether this is a first launch or a resume.
    pub fn entry_element(self) -> &'static str {
        self.pick("cmi.core.entry", "cmi.entry")
    }

    /// The element holding the LMS's name for the learner.
    pub fn learner_name_element(self) -> &'static str {
        self.pick("cmi.core.student_name", "cmi.learner_name")
    }

    /// The element holding the LMS's id for the learner.
    pub fn learner_id_element(self) -> &'static str {
        self.pick("cmi.core.student_id", "cmi.learner_id")
    }

    /// The element holding the completion status as the LMS has it.
    pub fn completion_element(self) -> &'static str {
        self.pick("cmi.core.lesson_status", "cmi.completion_status")
    }

    /// The bookmark element.
    pub fn location_element(self) -> &'static str {
        self.pick("cmi.core.lesson_location", "cmi.location")
    }

    /// Whether a completion status read at launch means nothing was recorded
    /// yet, so the SCO must mark itself `incomplete`.
    pub fn is_first_launch_status(self, status: &str) -> bool {
        matches!(status, "" | "not attempted" | "unknown")
    }

    /// Whether `cmi.entry` says the LMS started a new attempt, whose data
    /// begins empty whatever an earlier attempt left on this device.
    pub fn is_new_attempt_entry(self, entry: &str) -> bool {
        entry == "ab-initio"
    }

    /// The writes that mark a SCO as started but not finished.
    pub fn incomplete_writes(self) -> Vec<CmiWrite> {
        vec![CmiWrite::new(self.completion_element(), "incomplete")]
    }

    /// The status writes for a completion and success state.
    pub fn status_writes(self, completion: Completion, success: Success) -> Vec<CmiWrite> {
        match self {
            Version::Scorm12 => {
                vec![CmiWrite::new("cmi.core.lesson_status", lesson_status(completion, success))]
            }
            Version::Scorm2004 => vec![
                CmiWrite::new("cmi.completion_status", completion_status(completion)),
                CmiWrite::new("cmi.success_status", success_status(success)),
            ],
        }
    }

    /// The score writes: raw as a percentage 0–100, min 0, max 100 (and scaled in 2004).
    pub fn score_writes(self, score: Score) -> Vec<CmiWrite> {
        self.score_writes_at(self.pick("cmi.core.score", "cmi.score"), score)
    }

    /// The session time of this launch.
    pub fn session_time_write(self, elapsed_ms: u64) -> CmiWrite {
        match self {
            Version::Scorm12 => {
                CmiWrite::new("cmi.core.session_time", time::cmi_timespan(elapsed_ms))
            }
            Version::Scorm2004 => CmiWrite::new("cmi.session_time", time::iso_duration(elapsed_ms)),
        }
    }

    /// How the learner leaves. SCORM 2004 always leaves with `suspend`:
    /// Moodle hands the data back only after a suspend, and after `normal` it
    /// relaunches a finished attempt with nothing, so the learner would see
    /// "not started" over their stored result. SCORM 1.2 data always comes
    /// back, so a finished SCO says `logout`.
    pub fn exit_write(self, finished: bool) -> CmiWrite {
        let value = match (self, finished) {
            (Version::Scorm12, true) => "logout",
            _ => "suspend",
        };
        CmiWrite::new(self.pick("cmi.core.exit", "cmi.exit"), value)
    }

    /// The element saying whether the LMS records this launch (`normal`) or
    /// only shows it (`review`, `browse`).
    pub fn mode_element(self) -> &'static str {
        self.pick("cmi.core.lesson_mode", "cmi.mode")
    }

    /// The element saying whether this launch counts towards the grade.
    pub fn credit_element(self) -> &'static str {
        self.pick("cmi.core.credit", "cmi.credit")
    }

    /// The element holding the LMS's pass mark, if it sets one.
    pub fn mastery_element(self) -> &'static str {
        self.pick("cmi.student_data.mastery_score", "cmi.scaled_passing_score")
    }

    /// The LMS's pass mark as a percentage 0–100, from the mastery element's
    /// value (1.2: 0–100; 2004: a scaled −1…1); `None` when unset or invalid.
    pub fn mastery_percent(self, value: &str) -> Option<f64> {
        let number: f64 = value.trim().parse().ok()?;
        let percent = match self {
            Version::Scorm12 => number,
            Version::Scorm2004 => number * 100.0,
        };
        (0.0..=100.0).contains(&percent).then_some(percent)
    }

    /// The element holding the raw score, the one Moodle grades on.
    pub fn score_raw_element(self) -> &'static str {
        self.pick("cmi.core.score.raw", "cmi.score.raw")
    }

    /// The completion and success an LMS has stored, from its status
    /// elements' values (1.2 has one, `success` is then ignored).
    pub fn stored_status(self, completion: &str, success: &str) -> (Completion, Success) {
        let completion_of = |status: &str| match status {
            "completed" | "passed" | "failed" => Completion::Completed,
            "incomplete" => Completion::Incomplete,
            _ => Completion::NotAttempted,
        };
        let success_of = |status: &str| match status {
            "passed" => Success::Passed,
            "failed" => Success::Failed,
            _ => Success::Unknown,
        };
        match self {
            Version::Scorm12 => (completion_of(completion), success_of(completion)),
            Version::Scorm2004 => (completion_of(completion), success_of(success)),
        }
    }

    /// Whether `element` holds the overall result: a status or `score.*`.
    pub fn is_result_element(self, element: &str) -> bool {
        element == self.completion_element()
            || element == self.success_element()
            || element.starts_with(self.pick("cmi.core.score.", "cmi.score."))
    }

    /// The element holding the success status (2004 only; 1.2 folds it
    /// into the lesson status).
    pub fn success_element(self) -> &'static str {
        self.pick("cmi.core.lesson_status", "cmi.success_status")
    }

    /// Whether an error code means the LMS refuses this value or element for
    /// good (a wrong type, range, or dependency), as opposed to a failure
    /// that a later try may get past.
    pub fn is_refusal(self, code: &str) -> bool {
        match self {
            Version::Scorm12 => matches!(code, "201" | "401" | "402" | "403" | "404" | "405"),
            Version::Scorm2004 => {
                matches!(code, "351" | "401" | "402" | "404" | "405" | "406" | "407" | "408")
            }
        }
    }

    /// The writes of interaction number `n`, in the order SCORM 2004
    /// requires: id, then type, then everything that depends on the type.
    pub fn interaction_writes(
        self,
        n: usize,
        interaction: &Interaction,
        description: &str,
    ) -> Result<Vec<CmiWrite>, ScormError> {
        check_identifier(&interaction.id)?;
        let prefix = format!("cmi.interactions.{n}");
        let at = |field: &str| format!("{prefix}.{field}");
        let format =
            |response| self.format_response(interaction.kind, response, &interaction.choices);
        let response = format(&interaction.response)?;
        let correct = match &interaction.correct_response {
            Some(pattern) => Some(format(pattern)?),
            None => None,
        };
        let mut writes = vec![
            CmiWrite::new(at("id"), interaction.id.clone()),
            CmiWrite::new(at("type"), self.interaction_type(interaction.kind)),
        ];
        match self {
            Version::Scorm12 => {
                writes
                    .push(CmiWrite::new(at("time"), time::time_of_day(interaction.answered_at_ms)));
            }
            Version::Scorm2004 => {
                writes.push(CmiWrite::new(at("description"), truncate(description, 250)));
                writes.push(CmiWrite::new(
                    at("timestamp"),
                    time::iso_datetime_local_form(interaction.answered_at_ms),
                ));
            }
        }
        writes.push(CmiWrite::new(at("weighting"), format_decimal(interaction.weighting)));
        writes.push(CmiWrite::new(at(self.pick("student_response", "learner_response")), response));
        if let Some(correct) = correct {
            writes.push(CmiWrite::new(at("correct_responses.0.pattern"), correct));
        }
        writes.push(CmiWrite::new(at("result"), self.result(interaction.result)));
        if let Some(latency) = interaction.latency_ms {
            let latency = match self {
                Version::Scorm12 => time::cmi_timespan(latency),
                Version::Scorm2004 => time::iso_duration(latency),
            };
            writes.push(CmiWrite::new(at("latency"), latency));
        }
        Ok(writes)
    }

    /// The writes of objective number `n`: id first, then score and status.
    pub fn objective_writes(
        self,
        n: usize,
        objective: &ObjectiveResult,
        description: &str,
    ) -> Result<Vec<CmiWrite>, ScormError> {
        check_identifier(&objective.id)?;
        let prefix = format!("cmi.objectives.{n}");
        let mut writes = vec![CmiWrite::new(format!("{prefix}.id"), objective.id.clone())];
        if let Some(score) = objective.score {
            writes.extend(self.score_writes_at(&format!("{prefix}.score"), score));
        }
        match self {
            Version::Scorm12 => writes.push(CmiWrite::new(
                format!("{prefix}.status"),
                lesson_status(objective.completion, objective.success),
            )),
            Version::Scorm2004 => {
                writes.push(CmiWrite::new(
                    format!("{prefix}.success_status"),
                    success_status(objective.success),
                ));
                writes.push(CmiWrite::new(
                    format!("{prefix}.completion_status"),
                    completion_status(objective.completion),
                ));
                writes.push(CmiWrite::new(
                    format!("{prefix}.description"),
                    truncate(description, 250),
                ));
            }
        }
        Ok(writes)
    }

    /// The interaction type's name in this version.
    pub fn interaction_type(self, kind: InteractionKind) -> &'static str {
        match (self, kind) {
            (_, InteractionKind::Choice) => "choice",
            (_, InteractionKind::Likert) => "likert",
            (_, InteractionKind::FillIn) => "fill-in",
            (_, InteractionKind::Numeric) => "numeric",
            // SCORM 1.2 has no long text: its `fill-in` takes a summary.
            (Version::Scorm12, InteractionKind::LongFillIn) => "fill-in",
            (Version::Scorm12, InteractionKind::Other) => "performance",
            (Version::Scorm2004, InteractionKind::LongFillIn) => "long-fill-in",
            (Version::Scorm2004, InteractionKind::Other) => "other",
        }
    }

    /// The result's name in this version (1.2 says `wrong`, 2004 `incorrect`).
    pub fn result(self, result: InteractionResult) -> &'static str {
        match (self, result) {
            (_, InteractionResult::Correct) => "correct",
            (Version::Scorm12, InteractionResult::Incorrect) => "wrong",
            (Version::Scorm2004, InteractionResult::Incorrect) => "incorrect",
            (_, InteractionResult::Neutral) => "neutral",
        }
    }

    /// A response in this version's format: 1.2 joins choices with `,` and
    /// allows single-character ids only; 2004 joins them with `[,]`. Free
    /// text is capped at the version's length (255 in 1.2, 4,000 in 2004);
    /// long text becomes one line, and where it does not fit (a summary of
    /// 250 characters in 1.2, 4,000 in 2004) it is cut and ends with `…`.
    /// The full text stays in the exported record.
    pub fn format_response(
        self,
        kind: InteractionKind,
        response: &[String],
        choices: &[String],
    ) -> Result<String, ScormError> {
        match kind {
            InteractionKind::Choice if self == Version::Scorm12 => {
                let as_is = choices.iter().chain(response).all(|id| is_single_char_id(id));
                let short = |id: &String| {
                    let position = choices.iter().position(|choice| choice == id);
                    match position.and_then(|at| SCORM12_CHOICE_CHARS.chars().nth(at)) {
                        _ if as_is => Ok(id.clone()),
                        Some(letter) => Ok(letter.to_string()),
                        None => Err(ScormError::ChoiceIdNotSingleCharacter(id.clone())),
                    }
                };
                Ok(response.iter().map(short).collect::<Result<Vec<_>, _>>()?.join(","))
            }
            InteractionKind::Choice => Ok(response.join("[,]")),
            InteractionKind::Likert | InteractionKind::Numeric => {
                Ok(response.first().cloned().unwrap_or_default())
            }
            InteractionKind::FillIn => Ok(truncate(&response.join(" "), self.pick_n(255, 250))),
            InteractionKind::LongFillIn => {
                Ok(summary(&response.join(" "), self.pick_n(250, 4_000)))
            }
            InteractionKind::Other => Ok(truncate(&response.join(" "), self.pick_n(255, 4_000))),
        }
    }

    fn score_writes_at(self, prefix: &str, score: Score) -> Vec<CmiWrite> {
        let mut writes = vec![
            CmiWrite::new(format!("{prefix}.raw"), format_decimal(score.percent())),
            CmiWrite::new(format!("{prefix}.min"), "0"),
            CmiWrite::new(format!("{prefix}.max"), "100"),
        ];
        if self == Version::Scorm2004 {
            writes.push(CmiWrite::new(
                format!("{prefix}.scaled"),
                format_decimal(score.percent() / 100.0),
            ));
        }
        writes
    }

    fn pick(self, scorm12: &'static str, scorm2004: &'static str) -> &'static str {
        match self {
            Version::Scorm12 => scorm12,
            Version::Scorm2004 => scorm2004,
        }
    }

    fn pick_n(self, scorm12: usize, scorm2004: usize) -> usize {
        match self {
            Version::Scorm12 => scorm12,
            Version::Scorm2004 => scorm2004,
        }
    }
}

/// SCORM 1.2's single status for a completion and success state.
fn lesson_status(completion: Completion, success: Success) -> &'static str {
    match (completion, success) {
        (_, Success::Passed) => "passed",
        (_, Success::Failed) => "failed",
        (Completion::Completed, Success::Unknown) => "completed",
        (Completion::Incomplete, Success::Unknown) => "incomplete",
        (Completion::NotAttempted, Success::Unknown) => "not attempted",
    }
}

/// SCORM 2004's `completion_status` vocabulary.
pub fn completion_status(completion: Completion) -> &'static str {
    match completion {
        Completion::NotAttempted => "not attempted",
        Completion::Incomplete => "incomplete",
        Completion::Completed => "completed",
    }
}

/// SCORM 2004's `success_status` vocabulary.
pub fn success_status(success: Success) -> &'static str {
    match success {
        Success::Unknown => "unknown",
        Success::Passed => "passed",
        Success::Failed => "failed",
    }
}

/// Whether `id` is a stable LMS identifier: ASCII letters, digits, `-`, `_`,
/// one to 64 characters, valid in both versions.
pub fn is_identifier(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_identifier(id: &str) -> Result<(), ScormError> {
    if is_identifier(id) { Ok(()) } else { Err(ScormError::InvalidIdentifier(id.to_owned())) }
}

/// The characters SCORM 1.2 names choice options by, in position order.
const SCORM12_CHOICE_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

fn is_single_char_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_digit() || c.is_ascii_lowercase())
}

/// A number as SCORM's CMIDecimal: no exponent, no trailing zeros.
fn format_decimal(value: f64) -> String {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    format!("{rounded}")
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Long learner text as one line of at most `max_units` UTF-16 code units,
/// the unit LMS runtimes count in (scorm-again checks with JavaScript
/// regular expressions). Runs of whitespace become one space, because
/// those checks' `.` matches no line break; text that does not fit is cut
/// on a character boundary and marked with `…`. A leading `{` gets a space
/// before it, because SCORM 2004 reads `{` at the start as a language tag
/// and refuses the value.
fn summary(text: &str, max_units: usize) -> String {
    let mut line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.starts_with('{') {
        line.insert(0, ' ');
    }
    if line.encode_utf16().count() <= max_units {
        return line;
    }
    let mut units = '…'.len_utf16();
    let mut cut: String = line
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= max_units
        })
        .collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests;
