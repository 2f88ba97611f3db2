//! The session's rules against a scripted LMS that stores, relaunches and
//! evaluates completion the way Moodle 4.3 does (`shared/scorm-checklist.md`
//! §b.6–b.7), in both versions.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::*;
use crate::activity::{
    Counting, Interaction, InteractionKind, InteractionResult, ObjectiveResult, Score, Success,
};
use crate::exercises::aec_quiz::QuizResume;
use crate::exercises::{ExerciseState, saved_form_fixture};
use crate::scorm::ApiMethod;
use crate::store::{self, MemoryStore, StorageNotice};

const VERSIONS: [Version; 2] = [Version::Scorm12, Version::Scorm2004];
const QUIZ: Scope = Scope::Single(ExerciseKind::AecQuiz);
const ACTIVITY: &str = "/pluginfile.php/42/mod_scorm/content/3/";

/// A failure the scripted LMS answers with.
#[derive(Clone)]
struct Fault {
    method: ApiMethod,
    element: Option<&'static str>,
    code: &'static str,
    times: u32,
}

/// What Moodle keeps of one learner's attempt, and the run-time of the
/// current session.
struct Moodle {
    version: Version,
    learner: String,
    mastery: Option<&'static str>,
    stored: BTreeMap<String, String>,
    runtime: BTreeMap<String, String>,
    uncommitted: Vec<(String, String)>,
    calls: Vec<String>,
    faults: Vec<Fault>,
    initialized: bool,
    finished: bool,
    completed: bool,
    grade: Option<f64>,
    /// Moodle opens a finished attempt in review; some LMSs do not.
    reviews_finished_attempts: bool,
}

impl Moodle {
    fn new(version: Version) -> Rc<RefCell<Moodle>> {
        let moodle = Moodle {
            version,
            learner: "learner-7".into(),
            mastery: None,
            stored: BTreeMap::new(),
            runtime: BTreeMap::new(),
            uncommitted: Vec::new(),
            calls: Vec::new(),
            faults: Vec::new(),
            initialized: false,
            finished: false,
            completed: false,
            grade: None,
            reviews_finished_attempts: true,
        };
        Rc::new(RefCell::new(moodle))
    }

    fn el(&self, scorm12: &str, scorm2004: &str) -> String {
        match self.version {
            Version::Scorm12 => scorm12.into(),
            Version::Scorm2004 => scorm2004.into(),
        }
    }

    /// Hands the stored attempt to a new session as Moodle does: 1.2 always
    /// with its data; 2004 with its data only after `exit=suspend`; review
    /// mode once the attempt is finished.
    fn relaunch(&mut self) {
        let exit = self.stored.get(&self.el("cmi.core.exit", "cmi.exit")).cloned();
        let suspended = exit.as_deref() == Some("suspend");
        let mut runtime = match self.version {
            Version::Scorm12 => self.stored.clone(),
            Version::Scorm2004 if suspended => self.stored.clone(),
            Version::Scorm2004 => BTreeMap::new(),
        };
        let entry = match (exit, suspended) {
            (None, _) => "ab-initio",
            (_, true) => "resume",
            (Some(_), false) if self.version == Version::Scorm2004 => "ab-initio",
            _ => "",
        };
        let status = self.stored.get(&self.el("cmi.core.lesson_status", "cmi.completion_status"));
        let finished =
            matches!(status.map(String::as_str), Some("completed" | "passed" | "failed"));
        runtime.insert(self.el("cmi.core.entry", "cmi.entry"), entry.into());
        let review = finished && self.reviews_finished_attempts;
        let (mode, credit) = if review { ("review", "no-credit") } else { ("normal", "credit") };
        runtime.insert(self.el("cmi.core.lesson_mode", "cmi.mode"), mode.into());
        runtime.insert(self.el("cmi.core.credit", "cmi.credit"), credit.into());
        runtime.insert(self.el("cmi.core.student_id", "cmi.learner_id"), self.learner.clone());
        if let Some(mastery) = self.mastery {
            let element = self.el("cmi.student_data.mastery_score", "cmi.scaled_passing_score");
            runtime.insert(element, mastery.into());
        }
        self.runtime = runtime;
        self.initialized = false;
        self.finished = false;
    }

    /// "Start a new attempt": empty data, the gradebook as it was.
    fn new_attempt(&mut self) {
        self.stored.clear();
        self.relaunch();
    }

    /// Stores a commit's changes in Moodle's own order, score before status,
    /// and re-evaluates grade and completion only when `score.raw` is
    /// written or a status is first inserted as completed or passed (§b.7).
    fn persist(&mut self) {
        let score_raw = self.el("cmi.core.score.raw", "cmi.score.raw");
        let statuses = [
            self.el("cmi.core.lesson_status", "cmi.completion_status"),
            self.el("cmi.core.lesson_status", "cmi.success_status"),
        ];
        let mut changes = std::mem::take(&mut self.uncommitted);
        changes.sort_by_key(|(element, _)| match element {
            e if *e == score_raw => 0,
            e if statuses.contains(e) => 2,
            _ => 1,
        });
        for (element, value) in changes {
            let first_insert = !self.stored.contains_key(&element);
            self.stored.insert(element.clone(), value.clone());
            let final_status = matches!(value.as_str(), "completed" | "passed");
            if element == score_raw || (statuses.contains(&element) && first_insert && final_status)
            {
                self.evaluate();
            }
        }
    }

    fn evaluate(&mut self) {
        let stored = |element: &str| self.stored.get(element).cloned().unwrap_or_default();
        self.grade = stored(&self.el("cmi.core.score.raw", "cmi.score.raw")).parse().ok();
        self.completed = match self.version {
            Version::Scorm12 => {
                matches!(stored("cmi.core.lesson_status").as_str(), "completed" | "passed")
            }
            Version::Scorm2004 => {
                stored("cmi.completion_status") == "completed"
                    || stored("cmi.success_status") == "passed"
            }
        };
    }

    /// Mastery overrides status at finish (Moodle's default).
    fn override_from_mastery(&mut self) {
        let Some(mastery) = self.mastery.and_then(|m| m.parse::<f64>().ok()) else { return };
        let raw = self.runtime.get(&self.el("cmi.core.score.raw", "cmi.score.raw"));
        let Some(raw) = raw.and_then(|raw| raw.parse::<f64>().ok()) else { return };
        let mastery = if self.version == Version::Scorm2004 { mastery * 100.0 } else { mastery };
        let status = if raw >= mastery { "passed" } else { "failed" };
        let element = self.el("cmi.core.lesson_status", "cmi.success_status");
        self.write(&element, status);
    }

    fn write(&mut self, element: &str, value: &str) {
        self.runtime.insert(element.into(), value.into());
        self.uncommitted.retain(|(written, _)| written != element);
        self.uncommitted.push((element.into(), value.into()));
    }

    fn fault(&mut self, method: ApiMethod, element: Option<&str>) -> Option<LmsError> {
        let fault = self.faults.iter_mut().find(|fault| {
            fault.method == method
                && fault.times > 0
                && (fault.element.is_none() || fault.element == element)
        })?;
        fault.times -= 1;
        Some(LmsError { method, code: fault.code.into(), message: "scripted".into() })
    }

    fn sets(&self) -> Vec<&str> {
        self.calls.iter().filter(|call| call.starts_with("Set ")).map(String::as_str).collect()
    }

    fn stored(&self, element: &str) -> &str {
        self.stored.get(element).map_or("", String::as_str)
    }
}

struct FakeApi(Rc<RefCell<Moodle>>);

impl LmsApi for FakeApi {
    fn version(&self) -> Version {
        self.0.borrow().version
    }

    fn initialize(&mut self) -> Result<(), LmsError> {
        let mut lms = self.0.borrow_mut();
        lms.calls.push("Initialize".into());
        if let Some(err) = lms.fault(ApiMethod::Initialize, None) {
            return Err(err);
        }
        lms.initialized = true;
        Ok(())
    }

    fn get(&mut self, element: &str) -> Result<String, LmsError> {
        let lms = self.0.borrow();
        Ok(lms.runtime.get(element).cloned().unwrap_or_default())
    }

    fn set(&mut self, element: &str, value: &str) -> Result<(), LmsError> {
        let mut lms = self.0.borrow_mut();
        lms.calls.push(format!("Set {element}={value}"));
        if let Some(err) = lms.fault(ApiMethod::SetValue, Some(element)) {
            return Err(err);
        }
        assert!(lms.initialized && !lms.finished, "SetValue outside a session: {element}");
        lms.write(element, value);
        Ok(())
    }

    fn commit(&mut self) -> Result<(), LmsError> {
        let mut lms = self.0.borrow_mut();
        lms.calls.push("Commit".into());
        if let Some(err) = lms.fault(ApiMethod::Commit, None) {
            return Err(err);
        }
        lms.persist();
        Ok(())
    }

    fn finish(&mut self) -> Result<(), LmsError> {
        let mut lms = self.0.borrow_mut();
        lms.calls.push("Finish".into());
        lms.override_from_mastery();
        lms.persist();
        lms.finished = true;
        Ok(())
    }
}

/// One browser profile's storage, shared by the launches made in it.
#[derive(Clone, Default)]
struct Device(Rc<MemoryStore>);

impl KeyValueStore for Device {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.0.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.0.remove(key)
    }
}

fn launch(lms: &Rc<RefCell<Moodle>>, device: &Device) -> LmsSession<FakeApi> {
    launch_in(lms, device, ACTIVITY)
}

fn launch_in(lms: &Rc<RefCell<Moodle>>, device: &Device, activity: &str) -> LmsSession<FakeApi> {
    lms.borrow_mut().relaunch();
    lms.borrow_mut().calls.clear();
    let api = Some(FakeApi(Rc::clone(lms)));
    LmsSession::open(api, Box::new(device.clone()), QUIZ, activity, 1_000)
}

/// The quiz at some point of try `attempt`: finished with `percent` (passed
/// from 60) or, with `None`, in progress.
fn quiz(attempt: u32, percent: Option<f64>) -> Snapshot {
    let success = match percent {
        Some(percent) if percent >= 60.0 => Success::Passed,
        Some(_) => Success::Failed,
        None => Success::Unknown,
    };
    let completion = if percent.is_some() { Completion::Completed } else { Completion::Incomplete };
    Snapshot {
        kind: ExerciseKind::AecQuiz,
        attempt,
        answer_given: true,
        score: percent.map(|percent| Score::new(percent, 100.0)),
        completion,
        success,
        interactions: Vec::new(),
        objectives: vec![ObjectiveResult {
            id: "aec-d1".into(),
            description_key: "aec-quiz.dimension.d1".into(),
            score: percent.map(|percent| Score::new(percent, 100.0)),
            completion,
            success,
        }],
        counting: Counting::Best,
        artifacts: serde_json::Map::new(),
    }
}

/// A statement rated 3, as the quiz reports one.
fn rated(id: &str) -> Interaction {
    Interaction {
        id: id.into(),
        kind: InteractionKind::Likert,
        description_key: "k".into(),
        response: vec!["3".into()],
        correct_response: None,
        choices: Vec::new(),
        result: InteractionResult::Neutral,
        weighting: 0.0,
        latency_ms: None,
        answered_at_ms: 0,
    }
}

fn report(session: &mut LmsSession<FakeApi>, snapshot: Snapshot) -> Saving {
    let saved = saved_form(snapshot.attempt, snapshot.score.map(|s| s.raw));
    session.report(snapshot, saved, &|key: &str| key.to_owned())
}

/// A saved form that says which try at which score it was saved for.
fn saved_form(attempt: u32, raw: Option<f64>) -> ExerciseState {
    saved_form_fixture(u64::from(attempt) << 32 | raw.map_or(0, |raw| raw as u64))
}

fn status(lms: &Moodle) -> (String, String) {
    match lms.version {
        Version::Scorm12 => (lms.stored("cmi.core.lesson_status").into(), String::new()),
        Version::Scorm2004 => {
            (lms.stored("cmi.completion_status").into(), lms.stored("cmi.success_status").into())
        }
    }
}

fn expected_status(version: Version, completion: &str, success: &str) -> (String, String) {
    match version {
        Version::Scorm12 if success == "unknown" => (completion.into(), String::new()),
        Version::Scorm12 => (success.into(), String::new()),
        Version::Scorm2004 => (completion.into(), success.into()),
    }
}

fn raw(lms: &Moodle) -> &str {
    lms.stored(&lms.el("cmi.core.score.raw", "cmi.score.raw"))
}

#[test]
fn a_first_launch_is_incomplete_and_suspended_at_once() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let session = launch(&lms, &device);
        assert_eq!(session.saving(), Saving::Committed);
        let lms = lms.borrow();
        assert_eq!(status(&lms).0, "incomplete", "{version:?}");
        assert_eq!(lms.stored(&lms.el("cmi.core.exit", "cmi.exit")), "suspend");
    }
}

// Regression: Moodle recorded no activity completion for a passed SCORM 1.2
// quiz, because its status changed in the same commit as its score.
#[test]
fn the_final_status_is_committed_before_the_score() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        report(&mut session, quiz(1, None));
        assert!(!lms.borrow().completed);
        report(&mut session, quiz(1, Some(100.0)));
        let moodle = lms.borrow();
        assert!(moodle.completed, "{version:?}: Moodle records completion");
        assert_eq!(moodle.grade, Some(100.0));
        let calls = moodle.calls.join("\n");
        let status_at =
            calls.rfind(&moodle.el("lesson_status=passed", "completion_status=completed"));
        let score_at = calls.rfind(&moodle.el("cmi.core.score.raw=100", "cmi.score.raw=100"));
        let commit_between = calls[status_at.unwrap()..score_at.unwrap()].contains("Commit");
        assert!(commit_between, "{version:?}: a commit between status and score:\n{calls}");
    }
}

// Regression: a passed SCORM 2004 quiz reopened showed "Not started" and
// wrote `incomplete` over the stored `completed`.
#[test]
fn reopening_a_finished_attempt_shows_the_result_and_writes_nothing() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut first = launch(&lms, &device);
        report(&mut first, quiz(1, Some(80.0)));
        first.finish(5_000);
        let before = lms.borrow().stored.clone();

        let other_device = Device::default();
        let mut again = launch(&lms, &other_device);
        assert_eq!(again.launch().mode, LessonMode::Review, "{version:?}");
        assert!(!again.launch().credit);
        assert_eq!(again.saving(), Saving::ReadOnly);
        assert_eq!(
            again.resume_state().exercises.get(&ExerciseKind::AecQuiz),
            Some(&saved_form(1, Some(80.0))),
            "{version:?}: the result comes back"
        );
        report(&mut again, quiz(2, None));
        again.finish(9_000);
        let moodle = lms.borrow();
        assert_eq!(moodle.sets(), Vec::<&str>::new(), "{version:?}: review writes nothing");
        assert_eq!(moodle.stored, before);
    }
}

#[test]
fn a_new_lms_attempt_starts_fresh_and_forgets_the_device_copy() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut first = launch(&lms, &device);
        report(&mut first, quiz(1, None));
        // Writes the LMS never took stay on the device...
        lms.borrow_mut().faults =
            vec![Fault { method: ApiMethod::Commit, element: None, code: "101", times: 99 }];
        report(&mut first, quiz(1, Some(40.0)));
        assert_eq!(first.saving(), Saving::Pending);
        lms.borrow_mut().faults.clear();
        // ...but a new attempt does not take them.
        lms.borrow_mut().new_attempt();
        let second = launch_new_attempt(&lms, &device);
        assert_eq!(second.resume_state().exercises.len(), 0, "{version:?}");
        assert_eq!(
            second.pending().iter().filter(|q| q.write.element.contains("score")).count(),
            0
        );
        assert_eq!(status(&lms.borrow()).0, "incomplete");
    }
}

fn launch_new_attempt(lms: &Rc<RefCell<Moodle>>, device: &Device) -> LmsSession<FakeApi> {
    lms.borrow_mut().calls.clear();
    let api = Some(FakeApi(Rc::clone(lms)));
    LmsSession::open(api, Box::new(device.clone()), QUIZ, ACTIVITY, 1_000)
}

// Regression: "Try again" after a failed try stored `incomplete` at once.
#[test]
fn a_retry_never_lowers_the_stored_result_and_the_best_try_counts() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        report(&mut session, quiz(1, Some(40.0)));
        let failed = expected_status(version, "completed", "failed");
        assert_eq!(status(&lms.borrow()), failed);
        report(&mut session, quiz(2, None));
        assert_eq!(status(&lms.borrow()), failed, "{version:?}: a retry in progress");
        assert_eq!(raw(&lms.borrow()), "40");
        report(&mut session, quiz(2, Some(80.0)));
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "passed"));
        assert_eq!(raw(&lms.borrow()), "80");
        assert!(lms.borrow().completed);
        report(&mut session, quiz(3, Some(50.0)));
        assert_eq!(raw(&lms.borrow()), "80", "{version:?}: the best try counts");
        assert_eq!(lms.borrow().stored("cmi.objectives.0.score.raw"), "80");
        // Abandoning a retry leaves the best result, and a review shows it.
        report(&mut session, quiz(4, None));
        session.finish(9_000);
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "passed"));
        assert_eq!(raw(&lms.borrow()), "80");
        let review = launch(&lms, &Device::default());
        assert_eq!(
            review.shown_forms().get(&ExerciseKind::AecQuiz),
            Some(&saved_form(2, Some(80.0))),
            "{version:?}"
        );
    }
}

#[test]
fn the_last_try_counts_when_the_content_says_so() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        let last =
            |attempt, percent| Snapshot { counting: Counting::Last, ..quiz(attempt, percent) };
        report(&mut session, last(1, Some(80.0)));
        report(&mut session, last(2, None));
        assert_eq!(raw(&lms.borrow()), "80", "{version:?}: unfinished tries never count");
        report(&mut session, last(2, Some(50.0)));
        assert_eq!(raw(&lms.borrow()), "50", "{version:?}");
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "failed"));
    }
}

#[test]
fn without_review_mode_a_relaunch_never_lowers_the_stored_result() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        lms.borrow_mut().reviews_finished_attempts = false;
        let device = Device::default();
        let mut first = launch(&lms, &device);
        report(&mut first, quiz(1, Some(90.0)));
        first.finish(1_000);

        // Another device, where the quiz starts again and fails.
        let mut again = launch(&lms, &Device::default());
        assert_eq!(again.launch().mode, LessonMode::Normal);
        report(&mut again, quiz(1, None));
        report(&mut again, quiz(1, Some(30.0)));
        assert_eq!(raw(&lms.borrow()), "90", "{version:?}: the best score stays");
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "passed"));

        // When the last try counts, success follows it, completion does not go back.
        let mut last = launch(&lms, &Device::default());
        let snapshot = Snapshot { counting: Counting::Last, ..quiz(1, Some(30.0)) };
        report(&mut last, snapshot);
        assert_eq!(raw(&lms.borrow()), "30", "{version:?}");
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "failed"));
    }
}

#[test]
fn each_try_reports_its_answers_under_its_own_ids() {
    let lms = Moodle::new(Version::Scorm2004);
    let device = Device::default();
    let mut session = launch(&lms, &device);
    let answered = |attempt| {
        let mut snapshot = quiz(attempt, None);
        snapshot.interactions = vec![rated("aec-d1-q01")];
        snapshot
    };
    report(&mut session, answered(1));
    report(&mut session, answered(2));
    let moodle = lms.borrow();
    assert_eq!(moodle.stored("cmi.interactions.0.id"), "aec-d1-q01");
    assert_eq!(moodle.stored("cmi.interactions.1.id"), "aec-d1-q01-t2");
}

#[test]
fn the_lms_mastery_score_is_the_pass_mark() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        lms.borrow_mut().mastery = Some(if version == Version::Scorm12 { "80" } else { "0.8" });
        let device = Device::default();
        let mut session = launch(&lms, &device);
        assert_eq!(session.launch().mastery, Some(80.0), "{version:?}");
        report(&mut session, quiz(1, Some(70.0)));
        session.finish(9_000);
        // The app's verdict is the one Moodle's override confirms at finish.
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "failed"));
    }
}

#[test]
fn learners_and_activities_sharing_a_device_never_see_each_others_state() {
    for version in VERSIONS {
        let device = Device::default();
        let dara = Moodle::new(version);
        let mut session = launch(&dara, &device);
        report(&mut session, quiz(1, None));
        session.finish(2_000);

        let sok = Moodle::new(version);
        sok.borrow_mut().learner = "learner-8".into();
        let theirs = launch(&sok, &device);
        assert!(theirs.resume_state().exercises.is_empty(), "{version:?}: another learner");

        let elsewhere = Moodle::new(version);
        let other = launch_in(&elsewhere, &device, "/pluginfile.php/77/mod_scorm/content/1/");
        assert!(other.resume_state().exercises.is_empty(), "{version:?}: another activity");
        assert_ne!(other.keys().prefix(), session.keys().prefix());
    }
}

#[test]
fn a_refused_value_is_set_aside_and_the_rest_goes_through() {
    for (version, code) in [(Version::Scorm12, "405"), (Version::Scorm2004, "351")] {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        lms.borrow_mut().faults = vec![Fault {
            method: ApiMethod::SetValue,
            element: Some("cmi.objectives.0.id"),
            code,
            times: 99,
        }];
        assert_eq!(report(&mut session, quiz(1, Some(90.0))), Saving::CommittedExceptRefused);
        assert_eq!(raw(&lms.borrow()), "90", "{version:?}: later writes go through");
        assert_eq!(session.refusals().len(), 1);
        assert_eq!(session.refusals()[0].code, code);
        // The same value is not offered again.
        let sets_before = lms.borrow().sets().len();
        report(&mut session, quiz(1, Some(90.0)));
        assert_eq!(lms.borrow().sets().len(), sets_before);
        let kept = device.get(&session.keys().refused()).unwrap().unwrap();
        assert!(kept.contains("cmi.objectives.0.id"), "{kept}");
    }
}

// Regression: a refused interaction id left a gap at its index, and the LMS
// refused every later answer (an index above `_count` is an error).
#[test]
fn a_refused_interaction_id_leaves_no_gap_for_the_next_answers() {
    for (version, code) in [(Version::Scorm12, "201"), (Version::Scorm2004, "406")] {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        lms.borrow_mut().faults = vec![Fault {
            method: ApiMethod::SetValue,
            element: Some("cmi.interactions.1.id"),
            code,
            times: 1,
        }];
        let mut snapshot = quiz(1, None);
        for id in ["aec-d1-q01", "aec-d1-q02", "aec-d1-q03"] {
            snapshot.interactions.push(rated(id));
            report(&mut session, snapshot.clone());
        }
        assert_eq!(session.saving(), Saving::CommittedExceptRefused);
        let moodle = lms.borrow();
        let ids: Vec<&str> =
            (0..3).map(|n| moodle.stored(&format!("cmi.interactions.{n}.id"))).collect();
        assert_eq!(ids, ["aec-d1-q01", "aec-d1-q03", ""], "{version:?}");
        assert!(!moodle.stored.keys().any(|key| key.starts_with("cmi.interactions.2.")));
        assert_eq!(session.refusals().len(), 1);
        let saved = ResumeState::decode(moodle.stored("cmi.suspend_data")).unwrap();
        assert_eq!(saved.interactions.len(), 2, "the suspend data knows the new indexes");
    }
}

// Regression: one answer that SCORM 1.2 could not take dropped every
// interaction and objective of the launch, and the learner was not told.
#[test]
fn an_answer_the_version_cannot_take_is_set_aside_and_the_rest_goes_through() {
    let lms = Moodle::new(Version::Scorm12);
    let device = Device::default();
    let mut session = launch(&lms, &device);
    let mut snapshot = quiz(1, None);
    let mut unsendable = rated("aec-d1-q02");
    unsendable.kind = InteractionKind::Choice;
    unsendable.response = vec!["longer-than-a-character".into()];
    snapshot.interactions = vec![rated("aec-d1-q01"), unsendable, rated("aec-d1-q03")];
    report(&mut session, snapshot);
    assert_eq!(session.saving(), Saving::CommittedExceptRefused);
    let moodle = lms.borrow();
    let ids: Vec<&str> =
        (0..3).map(|n| moodle.stored(&format!("cmi.interactions.{n}.id"))).collect();
    assert_eq!(ids, ["aec-d1-q01", "aec-d1-q03", ""]);
    assert_eq!(moodle.stored("cmi.interactions.1.student_response"), "3");
    assert_eq!(session.refusals().len(), 1);
    assert_eq!(session.refusals()[0].code, UNSENDABLE);
    assert_eq!(session.refusals()[0].write.value, "aec-d1-q02");
    assert!(
        device
            .get(&session.keys().refused())
            .unwrap()
            .is_some_and(|kept| kept.contains("aec-d1-q02"))
    );
}

#[test]
fn a_transient_failure_keeps_everything_and_is_retried() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        lms.borrow_mut().faults =
            vec![Fault { method: ApiMethod::Commit, element: None, code: "101", times: 2 }];
        assert_eq!(report(&mut session, quiz(1, Some(90.0))), Saving::Pending);
        assert!(device.get(&session.keys().pending()).unwrap().is_some());
        assert_eq!(session.last_error().map(|err| err.code.as_str()), Some("101"));
        assert!(session.flush().is_err());
        assert_eq!(session.flush(), Ok(Connected::Unchanged));
        assert_eq!(session.saving(), Saving::Committed);
        assert_eq!(raw(&lms.borrow()), "90", "{version:?}");
        assert!(lms.borrow().completed, "{version:?}: the status still went first");
        assert_eq!(device.get(&session.keys().pending()).unwrap(), None);
    }
}

#[test]
fn an_lms_that_initializes_late_hands_over_its_data_then() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut first = launch(&lms, &device);
        report(&mut first, quiz(1, None));
        first.finish(2_000);

        lms.borrow_mut().faults =
            vec![Fault { method: ApiMethod::Initialize, element: None, code: "101", times: 1 }];
        let mut late = launch(&lms, &Device::default());
        assert_eq!(late.saving(), Saving::Pending, "{version:?}");
        assert!(late.resume_state().exercises.is_empty());
        assert_eq!(late.flush(), Ok(Connected::Restored));
        assert_eq!(late.launch().entry, "resume");
        assert_eq!(late.resume_state().exercises.len(), 1, "{version:?}: the suspend data");
    }
}

/// A saved form too large for either version's `suspend_data`, however it
/// compresses: ids of random hexadecimal digits.
fn oversized_form() -> ExerciseState {
    let mut bits = 0x9e37_79b9_7f4a_7c15_u64;
    let seen = (0..6_000)
        .map(|_| {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            format!("{bits:016x}")
        })
        .collect();
    match saved_form_fixture(1) {
        ExerciseState::AecQuiz(quiz) => ExerciseState::AecQuiz(QuizResume { seen, ..quiz }),
        _ => unreachable!("the fixture is a quiz"),
    }
}

// Regression: a place too large for the LMS was lost on relaunch, when the
// LMS's older place won and the report of it overwrote this device's copy.
#[test]
fn a_place_too_large_for_the_lms_comes_back_on_this_device_and_the_lms_keeps_the_last_that_fit() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        report(&mut session, quiz(1, None));
        let fitting = lms.borrow().stored("cmi.suspend_data").to_owned();
        assert!(!fitting.is_empty(), "{version:?}");
        let large = oversized_form();
        let saving = session.report(quiz(1, None), large.clone(), &|key: &str| key.to_owned());
        assert_eq!(saving, Saving::CommittedWithoutPlace, "{version:?}");
        assert_eq!(lms.borrow().stored("cmi.suspend_data"), fitting, "never cut");
        session.finish(2_000);

        let again = launch(&lms, &device);
        assert_eq!(again.resume_state().exercises.get(&ExerciseKind::AecQuiz), Some(&large));
        let elsewhere = launch(&lms, &Device::default());
        let older = elsewhere.resume_state().exercises.get(&ExerciseKind::AecQuiz);
        assert_eq!(older, Some(&saved_form(1, None)), "{version:?}: another device");
    }
}

// Regression: writes queued while the LMS had not yet initialized were sent
// as they were, and an unfinished try then replaced a stored pass.
#[test]
fn writes_queued_before_a_late_initialize_never_lower_the_stored_result() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        lms.borrow_mut().reviews_finished_attempts = false;
        let mut first = launch(&lms, &Device::default());
        report(&mut first, quiz(1, Some(90.0)));
        first.finish(1_000);

        lms.borrow_mut().faults =
            vec![Fault { method: ApiMethod::Initialize, element: None, code: "101", times: 1 }];
        let mut late = launch(&lms, &Device::default());
        report(&mut late, quiz(1, None));
        assert_eq!(late.flush(), Ok(Connected::Kept));
        assert_eq!(raw(&lms.borrow()), "90", "{version:?}");
        assert_eq!(status(&lms.borrow()), expected_status(version, "completed", "passed"));
    }
}

#[test]
fn a_page_restored_after_finishing_starts_a_new_session() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        report(&mut session, quiz(1, None));
        session.finish(2_000);
        lms.borrow_mut().relaunch();
        assert_eq!(session.reopen(3_000), Ok(Connected::Kept));
        report(&mut session, quiz(1, Some(70.0)));
        assert_eq!(raw(&lms.borrow()), "70", "{version:?}");
        assert_eq!(lms.borrow().calls.iter().filter(|c| *c == "Initialize").count(), 2);
    }
}

#[test]
fn opening_and_closing_without_answering_leaves_incomplete() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let mut session = launch(&lms, &device);
        session.finish(2_000);
        let moodle = lms.borrow();
        assert_eq!(status(&moodle).0, "incomplete", "{version:?}");
        assert_eq!(moodle.stored(&moodle.el("cmi.core.exit", "cmi.exit")), "suspend");
        assert!(!moodle.completed);
    }
}

#[test]
fn a_finished_2004_attempt_exits_with_suspend_so_its_data_comes_back() {
    let lms = Moodle::new(Version::Scorm2004);
    let device = Device::default();
    let mut session = launch(&lms, &device);
    report(&mut session, quiz(1, Some(100.0)));
    session.finish(2_000);
    assert_eq!(lms.borrow().stored("cmi.exit"), "suspend");
    let again = launch(&lms, &Device::default());
    assert_eq!(again.launch().entry, "resume");
    assert_eq!(again.launch().stored.completion, Completion::Completed);
}

#[test]
fn standalone_keeps_the_state_on_the_device() {
    let device = Device::default();
    let mut session: LmsSession<FakeApi> =
        LmsSession::open(None, Box::new(device.clone()), QUIZ, "", 0);
    assert_eq!(report(&mut session, quiz(1, None)), Saving::Standalone);
    let again: LmsSession<FakeApi> = LmsSession::open(None, Box::new(device), QUIZ, "", 0);
    assert_eq!(again.resume_state().exercises.len(), 1);
}

/// A device whose storage refuses every write, as a full or blocked one does.
struct FullDevice;

impl KeyValueStore for FullDevice {
    fn get(&self, _key: &str) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
    fn set(&self, _key: &str, _value: &str) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("quota".into()))
    }
    fn remove(&self, _key: &str) -> Result<(), StoreError> {
        Ok(())
    }
}

#[test]
fn a_device_that_cannot_keep_the_copy_is_reported_once_and_the_lms_still_gets_everything() {
    let lms = Moodle::new(Version::Scorm12);
    lms.borrow_mut().relaunch();
    let api = Some(FakeApi(Rc::clone(&lms)));
    let mut session = LmsSession::open(api, Box::new(FullDevice), QUIZ, ACTIVITY, 0);
    assert_eq!(report(&mut session, quiz(1, Some(70.0))), Saving::Committed);
    assert_eq!(raw(&lms.borrow()), "70");
    let quota = StorageNotice::Unavailable(StoreError::Unavailable("quota".into()));
    assert_eq!(session.take_notice(), Some(quota));
    assert_eq!(session.take_notice(), None);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// One learner action: the current try goes on, finishes with a score,
    /// or a new try starts; `flaky` makes the LMS fail the next commit.
    #[derive(Debug, Clone)]
    enum Step {
        Answer,
        Finish(u8),
        Retry,
        Flaky,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            Just(Step::Answer),
            (0u8..=100).prop_map(Step::Finish),
            Just(Step::Retry),
            Just(Step::Flaky),
        ]
    }

    fn version() -> impl Strategy<Value = Version> {
        prop_oneof![Just(Version::Scorm12), Just(Version::Scorm2004)]
    }

    proptest! {
        /// Whatever the learner does and however often the LMS fails for a
        /// moment, once everything is sent Moodle holds the best finished
        /// try, and records the activity completion that try earns.
        #[test]
        fn moodle_ends_with_the_best_try_and_its_completion(
            version in version(),
            steps in proptest::collection::vec(step(), 1..24),
        ) {
            let lms = Moodle::new(version);
            let device = Device::default();
            let mut session = launch(&lms, &device);
            let (mut attempt, mut best): (u32, Option<u8>) = (1, None);
            for step in steps {
                match step {
                    Step::Answer => _ = report(&mut session, quiz(attempt, None)),
                    Step::Finish(percent) => {
                        report(&mut session, quiz(attempt, Some(f64::from(percent))));
                        best = best.max(Some(percent));
                        attempt += 1;
                    }
                    Step::Retry => _ = report(&mut session, quiz(attempt, None)),
                    Step::Flaky => {
                        lms.borrow_mut().faults = vec![Fault {
                            method: ApiMethod::Commit,
                            element: None,
                            code: "101",
                            times: 1,
                        }];
                    }
                }
                let stored_raw: Option<f64> = raw(&lms.borrow()).parse().ok();
                prop_assert!(stored_raw <= best.map(f64::from), "never more than earned");
            }
            while session.saving() == Saving::Pending {
                prop_assert!(session.flush().is_ok() || session.saving() == Saving::Pending);
            }
            let moodle = lms.borrow();
            prop_assert_eq!(raw(&moodle).parse::<f64>().ok(), best.map(f64::from));
            // "Passed or completed": SCORM 1.2's `failed` is neither.
            let complete = match version {
                Version::Scorm12 => best.is_some_and(|best| best >= 60),
                Version::Scorm2004 => best.is_some(),
            };
            prop_assert_eq!(moodle.completed, complete);
            match best {
                None => prop_assert_eq!(status(&moodle).0, "incomplete"),
                Some(best) => {
                    let success = if best >= 60 { "passed" } else { "failed" };
                    prop_assert_eq!(status(&moodle), expected_status(version, "completed", success));
                }
            }
        }
    }
}

// Regression: an unreadable saved place was dropped, and the next report
// overwrote it.
#[test]
fn an_unreadable_saved_place_is_kept_aside_and_the_learner_told() {
    for version in VERSIONS {
        let lms = Moodle::new(version);
        let device = Device::default();
        let first = launch(&lms, &device);
        device.set(&first.keys().resume(), "2damaged").unwrap();
        device.set(&first.keys().pending(), "[not json").unwrap();
        {
            let mut moodle = lms.borrow_mut();
            let exit = moodle.el("cmi.core.exit", "cmi.exit");
            moodle.stored.insert(exit, "suspend".into());
            moodle.stored.insert("cmi.suspend_data".into(), "9unknown-format".into());
        }

        let mut again = launch(&lms, &device);
        assert!(again.resume_state().exercises.is_empty(), "{version:?}: a fresh start");
        assert_eq!(again.take_notice(), Some(StorageNotice::PlaceKeptAside));
        let kept = device.get(store::UNREADABLE_PLACES_KEY).unwrap().unwrap();
        for saved in ["9unknown-format", "[not json"] {
            assert!(kept.contains(saved), "{version:?}: {saved} in {kept}");
        }
    }
}
