//! The resume state: everything needed to put a learner back where they
//! were, small enough for SCORM 1.2's 4,096-character `suspend_data`.
//!
//! It refers to content by stable ids only, never by position, so that a
//! content update cannot silently shift answers. Its saved form is ASCII
//! (base64url of deflated postcard bytes): LMSs count the limit in
//! characters, and some in bytes, so learner text never goes in raw.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ExerciseKind;
use crate::activity::{Completion, Counting, ObjectiveResult, Score, Snapshot, Success};
use crate::exercises::ExerciseState;
use crate::scorm::Version;

/// The format version of the saved form; the first character of every encoding.
const FORMAT: char = '3';
/// Earlier formats, still read: each exercise's saved form as JSON text,
/// with counted tries (format 2) or without (format 1).
const FORMAT_2: char = '2';
const FORMAT_1: char = '1';

/// Where one learner is in the exercises a launch covers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResumeState {
    /// When the attempt began, in milliseconds since the Unix epoch.
    pub started_at_ms: i64,
    /// Each exercise's own saved form.
    pub exercises: BTreeMap<ExerciseKind, ExerciseState>,
    /// The LMS index of every interaction reported so far.
    pub interactions: Ledger,
    /// The LMS index of every objective reported so far.
    pub objectives: Ledger,
    /// The finished try of each exercise that counts towards the grade.
    pub counted: BTreeMap<ExerciseKind, FinishedTry>,
}

/// The result of one finished try, as the LMS keeps it: what counts towards
/// the grade when the learner tries again within one LMS attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishedTry {
    /// The try's attempt number, from 1.
    pub attempt: u32,
    /// Its score.
    pub score: Option<Score>,
    /// Whether the pass mark was met.
    pub success: Success,
    /// Its learning objectives.
    pub objectives: Vec<ObjectiveResult>,
    /// The exercise's saved form at the end of the try, to show the result
    /// again in a review after a retry was left unfinished.
    pub saved: ExerciseState,
}

impl FinishedTry {
    /// The result of a snapshot's try, if that try is finished, with the
    /// exercise's saved form at that moment.
    pub fn of(snapshot: &Snapshot, saved: &ExerciseState) -> Option<FinishedTry> {
        (snapshot.completion == Completion::Completed).then(|| FinishedTry {
            attempt: snapshot.attempt,
            score: snapshot.score,
            success: snapshot.success,
            objectives: snapshot.objectives.clone(),
            saved: saved.clone(),
        })
    }

    /// Whether this try should replace `counted` as the one that counts.
    pub fn replaces(&self, counted: &FinishedTry, counting: Counting) -> bool {
        let percent = |finished: &FinishedTry| finished.score.map_or(0.0, |score| score.percent());
        match counting {
            Counting::Last => self.attempt >= counted.attempt,
            Counting::Best => {
                (percent(self), self.success) > (percent(counted), counted.success)
                    || (self.attempt == counted.attempt)
            }
        }
    }
}

/// Format 2: saved forms as JSON text.
#[derive(Deserialize)]
struct ResumeStateV2 {
    started_at_ms: i64,
    exercises: BTreeMap<ExerciseKind, String>,
    interactions: Ledger,
    objectives: Ledger,
    counted: BTreeMap<ExerciseKind, FinishedTryV2>,
}

/// Format 2's finished try: the saved form as JSON text.
#[derive(Deserialize)]
struct FinishedTryV2 {
    attempt: u32,
    score: Option<Score>,
    success: Success,
    objectives: Vec<ObjectiveResult>,
    saved: String,
}

/// Format 1: format 2 before counted tries and refused entries existed.
#[derive(Deserialize)]
struct ResumeStateV1 {
    started_at_ms: i64,
    exercises: BTreeMap<ExerciseKind, String>,
    interactions: LedgerV1,
    objectives: LedgerV1,
}

/// Format 1's ledger: indexes only.
#[derive(Deserialize)]
struct LedgerV1 {
    entries: Vec<(ExerciseKind, u32, String)>,
}

impl From<LedgerV1> for Ledger {
    fn from(v1: LedgerV1) -> Ledger {
        Ledger { entries: v1.entries, refused: Vec::new() }
    }
}

impl From<ResumeStateV1> for ResumeStateV2 {
    fn from(v1: ResumeStateV1) -> ResumeStateV2 {
        ResumeStateV2 {
            started_at_ms: v1.started_at_ms,
            exercises: v1.exercises,
            interactions: v1.interactions.into(),
            objectives: v1.objectives.into(),
            counted: BTreeMap::new(),
        }
    }
}

impl TryFrom<ResumeStateV2> for ResumeState {
    type Error = ResumeDecodeError;

    /// Every saved form must read as its exercise's state: one that does not
    /// makes the whole state damaged, so that it is kept aside, not dropped.
    fn try_from(v2: ResumeStateV2) -> Result<ResumeState, ResumeDecodeError> {
        let state = |kind: ExerciseKind, text: &str| {
            ExerciseState::from_legacy_json(kind, text).ok_or(ResumeDecodeError::Damaged)
        };
        let exercises = v2
            .exercises
            .iter()
            .map(|(kind, text)| Ok((*kind, state(*kind, text)?)))
            .collect::<Result<_, ResumeDecodeError>>()?;
        let counted = v2
            .counted
            .into_iter()
            .map(|(kind, finished)| {
                Ok((
                    kind,
                    FinishedTry {
                        attempt: finished.attempt,
                        score: finished.score,
                        success: finished.success,
                        objectives: finished.objectives,
                        saved: state(kind, &finished.saved)?,
                    },
                ))
            })
            .collect::<Result<_, ResumeDecodeError>>()?;
        Ok(ResumeState {
            started_at_ms: v2.started_at_ms,
            exercises,
            interactions: v2.interactions,
            objectives: v2.objectives,
            counted,
        })
    }
}

/// Which LMS index each reported interaction or objective occupies. SCORM 1.2
/// interactions cannot be read back, and Moodle keys tracks by index, so
/// without this list a resumed session would append answers already reported
/// or overwrite one objective with another.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ledger {
    entries: Vec<(ExerciseKind, u32, String)>,
    /// Entries whose id the LMS refused: they get no index, so that the
    /// LMS's array has no gap (a gap makes it refuse every later index).
    refused: Vec<(ExerciseKind, u32, String)>,
}

impl Ledger {
    /// The index of an exercise attempt's entry, assigning the next free index
    /// to one never seen before; `None` for an entry the LMS refused.
    pub fn index_of(&mut self, kind: ExerciseKind, attempt: u32, id: &str) -> Option<usize> {
        let is_it = |(entry_kind, entry_attempt, entry_id): &(ExerciseKind, u32, String)| {
            *entry_kind == kind && *entry_attempt == attempt && entry_id == id
        };
        if self.refused.iter().any(is_it) {
            return None;
        }
        let existing = self.entries.iter().position(is_it);
        Some(existing.unwrap_or_else(|| {
            self.entries.push((kind, attempt, id.to_owned()));
            self.entries.len() - 1
        }))
    }

    /// Gives up index `n`, whose id the LMS refused: the entry is never
    /// reported again, and every later entry moves down one index.
    pub fn refuse(&mut self, n: usize) {
        if n < self.entries.len() {
            let entry = self.entries.remove(n);
            self.refused.push(entry);
        }
    }

    /// How many entries have an index.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry has an index yet.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Why a saved resume state could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeDecodeError {
    /// The text does not start with a format this release reads.
    #[error("unknown resume format")]
    UnknownFormat,
    /// The text is not valid base64url.
    #[error("resume data is not base64url")]
    NotBase64,
    /// The bytes do not inflate.
    #[error("resume data does not decompress")]
    NotDeflate,
    /// The inflated bytes are not a resume state.
    #[error("resume data is damaged")]
    Damaged,
}

/// A saved form too long for the LMS's limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("resume data needs {length} characters; the LMS keeps {limit}")]
pub struct TooLarge {
    /// The encoded length.
    pub length: usize,
    /// The version's limit.
    pub limit: usize,
}

impl ResumeState {
    /// The saved form: ASCII only.
    pub fn encode(&self) -> String {
        let bytes = postcard::to_allocvec(self).expect("resume state always serialises");
        let compressed = miniz_oxide::deflate::compress_to_vec(&bytes, 9);
        let mut text = String::with_capacity(1 + compressed.len() * 4 / 3 + 2);
        text.push(FORMAT);
        base64url_encode(&compressed, &mut text);
        text
    }

    /// The saved form, if it fits in `version`'s `suspend_data`. Never
    /// truncated: a state that does not fit is refused whole.
    pub fn encode_for(&self, version: Version) -> Result<String, TooLarge> {
        let text = self.encode();
        let limit = version.suspend_data_limit();
        if text.len() <= limit { Ok(text) } else { Err(TooLarge { length: text.len(), limit }) }
    }

    /// Reads a saved form back.
    pub fn decode(text: &str) -> Result<ResumeState, ResumeDecodeError> {
        let mut chars = text.chars();
        let format = chars.next();
        let body = chars.as_str();
        let inflate = |body: &str| {
            let compressed = base64url_decode(body).ok_or(ResumeDecodeError::NotBase64)?;
            miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, 1 << 20)
                .map_err(|_| ResumeDecodeError::NotDeflate)
        };
        match format {
            Some(FORMAT) => {
                postcard::from_bytes(&inflate(body)?).map_err(|_| ResumeDecodeError::Damaged)
            }
            Some(FORMAT_2) => postcard::from_bytes::<ResumeStateV2>(&inflate(body)?)
                .map_err(|_| ResumeDecodeError::Damaged)?
                .try_into(),
            Some(FORMAT_1) => postcard::from_bytes::<ResumeStateV1>(&inflate(body)?)
                .map_err(|_| ResumeDecodeError::Damaged)
                .map(ResumeStateV2::from)?
                .try_into(),
            _ => Err(ResumeDecodeError::UnknownFormat),
        }
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5).
fn base64url_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (idx, byte)| acc | (u32::from(*byte) << (16 - 8 * idx)));
        for sextet in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * sextet) & 0x3f) as usize]));
        }
    }
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let sextets: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|value| value as u32))
        .collect::<Option<_>>()?;
    let mut bytes = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (idx, value)| acc | (value << (18 - 6 * idx)));
        for byte_idx in 0..chunk.len() - 1 {
            bytes.push((group >> (16 - 8 * byte_idx)) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::exercises::saved_form_fixture as quiz_state;

    /// The same quiz state as an earlier release kept it.
    fn legacy_quiz_json(seed: u64) -> String {
        format!(r#"{{"v":1,"attempt":1,"seed":{seed},"at":{{"step":"audience"}}}}"#)
    }

    fn state() -> impl Strategy<Value = ResumeState> {
        let kind = proptest::sample::select(ExerciseKind::ALL.to_vec());
        (any::<i64>(), proptest::collection::vec((kind, 1u32..5, "[a-z0-9-]{1,16}"), 0..60))
            .prop_map(|(started_at_ms, entries)| {
                let mut interactions = Ledger::default();
                for (kind, attempt, id) in entries {
                    interactions.index_of(kind, attempt, &id);
                }
                ResumeState {
                    started_at_ms,
                    exercises: [(ExerciseKind::AecQuiz, quiz_state(started_at_ms as u64))].into(),
                    interactions,
                    objectives: Ledger::default(),
                    counted: BTreeMap::new(),
                }
            })
    }

    proptest! {
        #[test]
        fn decode_of_encode_is_identity(state in state()) {
            let text = state.encode();
            prop_assert!(text.is_ascii());
            prop_assert_eq!(ResumeState::decode(&text), Ok(state));
        }

        #[test]
        fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let mut text = String::new();
            base64url_encode(&bytes, &mut text);
            prop_assert!(text.bytes().all(|c| ALPHABET.contains(&c)));
            prop_assert_eq!(base64url_decode(&text), Some(bytes));
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".*") {
            let _ = ResumeState::decode(&text);
        }
    }

    #[test]
    fn base64url_matches_the_rfc_vectors() {
        let encode = |bytes: &[u8]| {
            let mut text = String::new();
            base64url_encode(bytes, &mut text);
            text
        };
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg");
        assert_eq!(encode(b"fo"), "Zm8");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn the_ledger_keeps_indexes_stable() {
        let mut ledger = Ledger::default();
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 1, "aec-d1-q01"), Some(0));
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 1, "aec-d1-q02"), Some(1));
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 1, "aec-d1-q01"), Some(0));
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 2, "aec-d1-q01"), Some(2));
        assert_eq!(ledger.len(), 3);
    }

    #[test]
    fn a_refused_entry_leaves_no_gap_and_is_never_indexed_again() {
        let mut ledger = Ledger::default();
        for id in ["q1", "q2", "q3"] {
            ledger.index_of(ExerciseKind::AecQuiz, 1, id);
        }
        ledger.refuse(1);
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 1, "q2"), None);
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 1, "q3"), Some(1));
        assert_eq!(ledger.index_of(ExerciseKind::AecQuiz, 1, "q4"), Some(2));
    }

    #[test]
    fn damaged_data_is_an_error() {
        assert_eq!(ResumeState::decode(""), Err(ResumeDecodeError::UnknownFormat));
        assert_eq!(ResumeState::decode("3***"), Err(ResumeDecodeError::NotBase64));
        assert_eq!(ResumeState::decode("3AAAA"), Err(ResumeDecodeError::NotDeflate));
    }

    #[test]
    fn format_1_is_still_read() {
        let mut interactions = Ledger::default();
        interactions.index_of(ExerciseKind::AecQuiz, 1, "aec-d1-q01");
        let v1 = (
            7i64,
            BTreeMap::from([(ExerciseKind::AecQuiz, legacy_quiz_json(5))]),
            &interactions,
            Ledger::default(),
        );
        let decoded = ResumeState::decode(&encoded_as(FORMAT_1, &v1)).unwrap();
        assert_eq!(decoded.started_at_ms, 7);
        assert_eq!(decoded.interactions, interactions);
        assert_eq!(decoded.exercises[&ExerciseKind::AecQuiz], quiz_state(5));
        assert!(decoded.counted.is_empty());
    }

    fn encoded_as(format: char, value: &impl Serialize) -> String {
        let bytes = postcard::to_allocvec(value).unwrap();
        let mut text = String::from(format);
        base64url_encode(&miniz_oxide::deflate::compress_to_vec(&bytes, 9), &mut text);
        text
    }

    #[test]
    fn format_2_is_still_read_and_its_json_forms_become_typed() {
        let finished = (
            1u32,
            Some(Score::new(3.0, 4.0)),
            Success::Passed,
            Vec::<ObjectiveResult>::new(),
            legacy_quiz_json(8),
        );
        let v2 = (
            9i64,
            BTreeMap::from([(ExerciseKind::AecQuiz, legacy_quiz_json(6))]),
            Ledger::default(),
            Ledger::default(),
            BTreeMap::from([(ExerciseKind::AecQuiz, finished)]),
        );
        let decoded = ResumeState::decode(&encoded_as(FORMAT_2, &v2)).unwrap();
        assert_eq!(decoded.exercises[&ExerciseKind::AecQuiz], quiz_state(6));
        let counted = &decoded.counted[&ExerciseKind::AecQuiz];
        assert_eq!((counted.attempt, counted.success), (1, Success::Passed));
        assert_eq!(counted.saved, quiz_state(8));
    }

    #[test]
    fn an_old_form_that_is_not_its_exercises_state_makes_the_whole_state_damaged() {
        let v1 = (
            7i64,
            BTreeMap::from([(ExerciseKind::AecQuiz, "[not json".to_owned())]),
            Ledger::default(),
            Ledger::default(),
        );
        assert_eq!(
            ResumeState::decode(&encoded_as(FORMAT_1, &v1)),
            Err(ResumeDecodeError::Damaged)
        );
    }

    #[test]
    fn a_state_too_large_for_scorm12_is_refused_not_cut() {
        let mut state = ResumeState::default();
        for idx in 0..2_000 {
            // Ids that do not repeat compress poorly, as many distinct answers would.
            state.interactions.index_of(
                ExerciseKind::ClusterPlan,
                1,
                &format!("p{}", idx * 7919 % 10_007),
            );
        }
        let err = state.encode_for(Version::Scorm12).unwrap_err();
        assert!(err.length > 4_096);
        assert_eq!(err.limit, 4_096);
        assert!(state.encode_for(Version::Scorm2004).is_ok());
    }
}
