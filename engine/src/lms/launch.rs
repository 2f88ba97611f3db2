//! What the LMS says about a launch when the session starts: who the learner
//! is, whether this launch is recorded, the LMS's pass mark, and the result
//! it already holds.

use super::api::LmsApi;
use crate::activity::{Completion, Score, Success};
use crate::progress::ExerciseStatus;
use crate::scorm::Version;

/// Whether the LMS records what this launch writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LessonMode {
    /// A graded launch.
    Normal,
    /// A finished attempt shown again: the app shows the result and writes
    /// nothing (Moodle would store it all the same, over the result).
    Review,
    /// A look without an attempt: nothing is written either.
    Browse,
}

/// Who the LMS says the learner is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LmsLearner {
    /// The LMS's learner id.
    pub id: Option<String>,
    /// The learner's name.
    pub name: Option<String>,
}

/// The result the LMS held when the session started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredResult {
    /// Its completion.
    pub completion: Completion,
    /// Its success.
    pub success: Success,
    /// Its `score.raw`, the number Moodle grades on.
    pub score: Option<f64>,
}

impl StoredResult {
    /// Nothing stored yet.
    pub const NONE: StoredResult = StoredResult {
        completion: Completion::NotAttempted,
        success: Success::Unknown,
        score: None,
    };
}

/// What the LMS said at the start of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// The learner.
    pub learner: LmsLearner,
    /// `cmi.entry` as read: `ab-initio`, `resume` or empty.
    pub entry: String,
    /// Whether this launch is recorded.
    pub mode: LessonMode,
    /// Whether this launch counts towards the grade (`no-credit` says not).
    pub credit: bool,
    /// The LMS's pass mark as a percentage, which replaces the content's.
    pub mastery: Option<f64>,
    /// The result already stored.
    pub stored: StoredResult,
    /// `cmi.suspend_data` as read; empty when there is none.
    pub suspend_data: String,
    /// Every element read and its value, so that the session need not
    /// write a value the LMS already holds.
    pub read: Vec<(String, String)>,
    /// Reads the LMS refused other than for an unset value; shown to the
    /// learner, since a lost read could hide saved work.
    pub failed_reads: Vec<super::LmsError>,
}

impl Launch {
    /// The launch of a session without an LMS, or before it answers.
    pub fn standalone() -> Launch {
        Launch {
            learner: LmsLearner::default(),
            entry: String::new(),
            mode: LessonMode::Normal,
            credit: true,
            mastery: None,
            stored: StoredResult::NONE,
            suspend_data: String::new(),
            read: Vec::new(),
            failed_reads: Vec::new(),
        }
    }

    /// Reads everything a launch needs from an initialized LMS.
    pub(super) fn read(api: &mut dyn LmsApi) -> Launch {
        let version = api.version();
        let mut launch = Launch::standalone();
        let mut read = |element: &str| -> String {
            let value = match api.get(element) {
                Ok(value) => value,
                Err(err) if version.is_not_initialized_error(&err.code) => String::new(),
                Err(err) => {
                    launch.failed_reads.push(err);
                    String::new()
                }
            };
            launch.read.push((element.to_owned(), value.clone()));
            value
        };
        let non_empty = |value: String| Some(value).filter(|value| !value.is_empty());
        let learner = LmsLearner {
            id: non_empty(read(version.learner_id_element())),
            name: non_empty(read(version.learner_name_element())),
        };
        let entry = read(version.entry_element());
        let mode = match read(version.mode_element()).as_str() {
            "review" => LessonMode::Review,
            "browse" => LessonMode::Browse,
            _ => LessonMode::Normal,
        };
        let credit = read(version.credit_element()) != "no-credit";
        let mastery = version.mastery_percent(&read(version.mastery_element()));
        let completion = read(version.completion_element());
        let success = match version {
            Version::Scorm12 => String::new(),
            Version::Scorm2004 => read(version.success_element()),
        };
        let (completion, success) = version.stored_status(&completion, &success);
        let score = read(version.score_raw_element()).trim().parse().ok();
        let suspend_data = read("cmi.suspend_data");
        Launch {
            learner,
            entry,
            mode,
            credit,
            mastery,
            stored: StoredResult { completion, success, score },
            suspend_data,
            ..launch
        }
    }

    /// Whether the LMS starts a new attempt with empty data (Moodle's "Start a
    /// new attempt", or the very first launch): the only fresh start.
    pub fn starts_new_attempt(&self) -> bool {
        self.entry == "ab-initio" && !self.is_read_only()
    }

    /// The status a one-exercise launch shows instead of `known`, this
    /// device's, if it should: the LMS's record is the learner's real result
    /// (a returning learner never sees "not started" over it), and a new LMS
    /// attempt starts from nothing whatever the device showed.
    pub fn shown_status(&self, known: ExerciseStatus) -> Option<ExerciseStatus> {
        let stored = self.stored;
        match stored.completion {
            _ if self.starts_new_attempt() => Some(ExerciseStatus::NotStarted),
            Completion::NotAttempted => None,
            Completion::Incomplete if known != ExerciseStatus::NotStarted => None,
            completion => Some(ExerciseStatus::reported(
                completion,
                stored.score.map(|raw| Score::new(raw, 100.0).percent()),
            )),
        }
    }

    /// Whether the LMS only shows this launch: nothing may be written.
    pub fn is_read_only(&self) -> bool {
        self.mode != LessonMode::Normal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(entry: &str, mode: LessonMode, completion: Completion, score: Option<f64>) -> Launch {
        let stored = StoredResult { completion, success: Success::Unknown, score };
        Launch { entry: entry.into(), mode, stored, ..Launch::standalone() }
    }

    #[test]
    fn the_status_shown_follows_the_lms_record() {
        let in_progress = ExerciseStatus::InProgress;
        let finished = launch("resume", LessonMode::Review, Completion::Completed, Some(80.0));
        assert_eq!(
            finished.shown_status(in_progress),
            Some(ExerciseStatus::Completed { score: Some(80) })
        );
        let fresh = launch("ab-initio", LessonMode::Normal, Completion::NotAttempted, None);
        let done = ExerciseStatus::Completed { score: Some(100) };
        assert_eq!(fresh.shown_status(done), Some(ExerciseStatus::NotStarted));
        let started = launch("resume", LessonMode::Normal, Completion::Incomplete, None);
        assert_eq!(started.shown_status(ExerciseStatus::NotStarted), Some(in_progress));
        assert_eq!(started.shown_status(in_progress), None);
        let untouched = launch("", LessonMode::Normal, Completion::NotAttempted, None);
        assert_eq!(untouched.shown_status(done), None);
    }
}
