//! The retry policy every exercise's content sets: how many attempts, whether
//! a learner who passed may try again, and which finished try the LMS keeps.

use serde::{Deserialize, Serialize};

use crate::activity::Counting;
use crate::source::{Located, Report};

/// The `retry` object of an exercise's section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRetry {
    pub(crate) max_attempts: u32,
    pub(crate) after_pass: bool,
    #[serde(default)]
    pub(crate) counts: Counting,
}

/// When a learner may start another attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    max_attempts: u32,
    after_pass: bool,
    counting: Counting,
}

/// Why another attempt cannot start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RetryRefusal {
    /// The learner passed and the content allows no retry after a pass.
    #[error("no retry after a pass")]
    AlreadyPassed,
    /// Every attempt is used.
    #[error("all {max_attempts} attempts are used")]
    NoAttemptsLeft {
        /// The content's limit.
        max_attempts: u32,
    },
}

impl RetryPolicy {
    /// Validates `raw`, found at `pointer`.
    pub(crate) fn check(
        raw: &RawRetry,
        pointer: &str,
        located: &Located<'_>,
        report: &mut Report,
    ) -> RetryPolicy {
        if !(1..=20).contains(&raw.max_attempts) {
            located.error(
                report,
                &format!("{pointer}/max_attempts"),
                format!("{} is not within 1..=20", raw.max_attempts),
            );
        }
        RetryPolicy {
            max_attempts: raw.max_attempts,
            after_pass: raw.after_pass,
            counting: raw.counts,
        }
    }

    /// How many attempts a learner has, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Which finished attempt the LMS keeps after a retry: the best (the
    /// default) or the last.
    pub fn counting(&self) -> Counting {
        self.counting
    }

    /// Why attempt `attempt`, finished and `passed` or not, may not be
    /// followed by another; `None` when it may.
    pub fn refusal(&self, attempt: u32, passed: bool) -> Option<RetryRefusal> {
        if attempt >= self.max_attempts {
            Some(RetryRefusal::NoAttemptsLeft { max_attempts: self.max_attempts })
        } else if passed && !self.after_pass {
            Some(RetryRefusal::AlreadyPassed)
        } else {
            None
        }
    }

    /// How many attempts are left after attempt `attempt`.
    pub fn attempts_left(&self, attempt: u32) -> u32 {
        self.max_attempts.saturating_sub(attempt)
    }
}
