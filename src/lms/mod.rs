//! The LMS bridge: the only code that talks to a SCORM run-time.
//!
//! It initializes once, marks a first launch `incomplete`, restores the
//! resume state, and on every report writes what changed and commits. A
//! write or commit that fails is kept in local storage and retried; nothing
//! reported is lost while the LMS is unreachable. It finishes once, on
//! `pagehide`.

mod api;

use std::collections::{BTreeMap, HashMap};

use engine::ExerciseKind;
use engine::activity::{Completion, Snapshot, Success};
use engine::resume::ResumeState;
use engine::sco::{self, Scope};
use engine::scorm::CmiWrite;
use engine::store::KeyValueStore;

use api::LmsApi;
pub use api::LmsError;

/// What the learner should be told about saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// No LMS: everything stays on this device.
    Standalone,
    /// The LMS has everything reported so far.
    Committed,
    /// Something is waiting to be retried.
    Pending,
    /// The LMS has the results, but the resume state does not fit its limit.
    CommittedWithoutPlace,
}

/// Who the LMS says the learner is.
#[derive(Debug, Clone, Default)]
pub struct LmsLearner {
    /// The LMS's learner id.
    pub id: Option<String>,
    /// The learner's name.
    pub name: Option<String>,
}

/// One launch's connection to the LMS, or its standalone stand-in.
pub struct Bridge {
    api: Option<LmsApi>,
    initialized: bool,
    finished: bool,
    scope: Scope,
    launched_at_ms: f64,
    state: ResumeState,
    snapshots: BTreeMap<ExerciseKind, Snapshot>,
    sent: HashMap<String, String>,
    pending: Vec<CmiWrite>,
    place_fits: bool,
    learner: LmsLearner,
    completed_at_launch: bool,
}

/// What the LMS said at the start of a session.
enum Launch {
    /// There is no LMS.
    Standalone,
    /// An LMS is there but refused to initialize; it is retried later.
    Unreachable,
    /// The LMS starts a new attempt with empty data.
    NewAttempt,
    /// The LMS continues an attempt, with its saved resume state if any.
    Resume(Option<ResumeState>),
}

impl Bridge {
    /// Finds the LMS, starts the session and restores the resume state: from
    /// the LMS, or from this device when it holds writes the LMS never
    /// received (it is then the newer copy), or when there is no LMS.
    pub fn connect(scope: Scope, store: &dyn KeyValueStore, now_ms: f64) -> Bridge {
        let mut bridge = Bridge {
            api: LmsApi::find(),
            initialized: false,
            finished: false,
            completed_at_launch: false,
            scope,
            launched_at_ms: now_ms,
            state: ResumeState { started_at_ms: now_ms as i64, ..ResumeState::default() },
            snapshots: BTreeMap::new(),
            sent: HashMap::new(),
            pending: Vec::new(),
            place_fits: true,
            learner: LmsLearner::default(),
        };
        let from_device = store
            .get(&resume_key(scope))
            .ok()
            .flatten()
            .and_then(|saved| ResumeState::decode(&saved).ok());
        let unsent = load_pending(store, scope);
        let (restored, keep_unsent) = match bridge.start() {
            Launch::Standalone | Launch::Unreachable => (from_device, true),
            // What this device still holds belongs to an attempt the LMS closed.
            Launch::NewAttempt => (None, false),
            Launch::Resume(from_lms) if unsent.is_empty() => (from_lms.or(from_device), true),
            Launch::Resume(from_lms) => (from_device.or(from_lms), true),
        };
        if let Some(state) = restored {
            bridge.state = state;
        }
        if keep_unsent {
            unsent.into_iter().for_each(|write| bridge.queue(write));
        } else {
            save_pending(store, scope, &[]);
        }
        if !bridge.pending.is_empty() {
            _ = bridge.flush(store);
        }
        bridge
    }

    /// Initializes the session, marks a first launch `incomplete` and the exit
    /// `suspend` at once (so that a session cut short still resumes), and
    /// reads what the LMS knows.
    fn start(&mut self) -> Launch {
        let Some(api) = &self.api else { return Launch::Standalone };
        if api.initialize().is_err() {
            return Launch::Unreachable;
        }
        self.initialized = true;
        let version = api.version();
        self.learner = LmsLearner {
            id: api.get(version.learner_id_element()).ok().filter(|id| !id.is_empty()),
            name: api.get(version.learner_name_element()).ok().filter(|name| !name.is_empty()),
        };
        let status = api.get(version.completion_element()).unwrap_or_default();
        let entry = api.get(version.entry_element()).unwrap_or_default();
        let suspended = api.get("cmi.suspend_data").unwrap_or_default();
        self.completed_at_launch = version.is_finished_status(&status);
        // What the LMS already holds need not be written again: a resumed
        // session reports its state at once, and must not restart the status.
        for element in version
            .status_writes(Completion::Incomplete, Success::Unknown)
            .into_iter()
            .map(|write| write.element)
        {
            if let Ok(value) = api.get(&element) {
                self.sent.insert(element, value);
            }
        }
        let mut writes = vec![version.exit_write(false)];
        if version.is_first_launch_status(&status) {
            writes.extend(version.incomplete_writes());
        }
        writes.into_iter().for_each(|write| self.queue(write));
        if version.is_new_attempt_entry(&entry) {
            Launch::NewAttempt
        } else {
            Launch::Resume(ResumeState::decode(&suspended).ok())
        }
    }

    /// Who the LMS says the learner is.
    pub fn learner(&self) -> &LmsLearner {
        &self.learner
    }

    /// The resume state as restored or last reported.
    pub fn resume_state(&self) -> &ResumeState {
        &self.state
    }

    /// The latest snapshot of each exercise.
    pub fn snapshots(&self) -> &BTreeMap<ExerciseKind, Snapshot> {
        &self.snapshots
    }

    /// Takes an exercise's new snapshot: keeps the resume state on this
    /// device, then writes what changed to the LMS and commits.
    pub fn report(
        &mut self,
        snapshot: Snapshot,
        saved: String,
        describe: &dyn Fn(&str) -> String,
        store: &dyn KeyValueStore,
    ) -> Saving {
        if !self.scope.covers(snapshot.kind) {
            return self.saving();
        }
        self.state.exercises.insert(snapshot.kind, saved);
        self.snapshots.insert(snapshot.kind, snapshot);
        self.queue_data_model(describe);
        _ = store.set(&resume_key(self.scope), &self.state.encode());
        if self.api.is_some() && !self.finished {
            _ = self.flush(store);
        }
        self.saving()
    }

    /// Sends everything pending and commits; on any failure keeps it all
    /// pending (in memory and on this device) for the next try, so that an
    /// LMS that is down gets one call per try rather than one per write.
    /// Nothing is sent once the session has finished: the LMS rejects it.
    pub fn flush(&mut self, store: &dyn KeyValueStore) -> Result<(), LmsError> {
        let Some(api) = &self.api else { return Ok(()) };
        if self.finished {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.pending);
        let sent = (|| {
            if !self.initialized {
                api.initialize()?;
                self.initialized = true;
            }
            for write in &batch {
                api.set(&write.element, &write.value)?;
            }
            api.commit()
        })();
        match sent {
            Ok(()) => {
                self.sent.extend(batch.into_iter().map(|write| (write.element, write.value)));
            }
            Err(_) => self.pending = batch,
        }
        save_pending(store, self.scope, &self.pending);
        sent
    }

    /// Ends the session: session time, exit mode and finish. Runs once; the
    /// LMS rejects anything written after it.
    pub fn finish(&mut self, now_ms: f64, store: &dyn KeyValueStore) {
        let Some(version) = self.api.as_ref().map(LmsApi::version) else { return };
        if self.finished {
            return;
        }
        // A relaunch of a finished attempt that reports nothing new is still finished.
        let reported = self.snapshots.keys().any(|kind| self.scope.covers(*kind));
        let complete = if reported {
            sco::overall(self.scope, &self.snapshots).completion == Completion::Completed
        } else {
            self.completed_at_launch
        };
        let elapsed = (now_ms - self.launched_at_ms).max(0.0) as u64;
        self.queue(version.session_time_write(elapsed));
        self.queue(version.exit_write(complete));
        // Finish even when some writes were refused: finishing saves what the
        // LMS accepted, and the refused ones stay on this device for the next
        // launch.
        _ = self.flush(store);
        if let Some(api) = &self.api {
            self.finished = api.finish().is_ok();
        }
    }

    /// What the learner should be told about saving now.
    pub fn saving(&self) -> Saving {
        match (&self.api, self.pending.is_empty(), self.place_fits) {
            (None, _, _) => Saving::Standalone,
            (Some(_), false, _) => Saving::Pending,
            (Some(_), true, true) => Saving::Committed,
            (Some(_), true, false) => Saving::CommittedWithoutPlace,
        }
    }

    /// Adds to the pending writes every element whose value differs from
    /// what the LMS last accepted, suspend data included when it fits.
    fn queue_data_model(&mut self, describe: &dyn Fn(&str) -> String) {
        let Some(api) = &self.api else { return };
        let version = api.version();
        let Ok(mut writes) =
            sco::data_model(version, self.scope, &self.snapshots, &mut self.state, describe)
        else {
            return;
        };
        // Too large a state is never cut short: the LMS gets everything else,
        // this device keeps the whole state, and the learner is told.
        match self.state.encode_for(version) {
            Ok(suspend_data) => {
                self.place_fits = true;
                writes.push(CmiWrite { element: "cmi.suspend_data".into(), value: suspend_data });
            }
            Err(_) => self.place_fits = false,
        }
        for write in writes {
            if self.sent.get(&write.element) != Some(&write.value) {
                self.queue(write);
            }
        }
    }

    /// Adds a write to the pending ones; a later value of the same element
    /// replaces the earlier one in its place, keeping SCORM's required order.
    fn queue(&mut self, write: CmiWrite) {
        match self.pending.iter_mut().find(|pending| pending.element == write.element) {
            Some(pending) => pending.value = write.value,
            None => self.pending.push(write),
        }
    }
}

fn resume_key(scope: Scope) -> String {
    format!("clusterlab.resume.{}", scope.as_param())
}

fn pending_key(scope: Scope) -> String {
    format!("clusterlab.lms.pending.{}", scope.as_param())
}

/// Pending writes are saved as `element` and `value` alternating in one
/// JSON array of strings: simple, and readable when inspecting storage.
fn save_pending(store: &dyn KeyValueStore, scope: Scope, pending: &[CmiWrite]) {
    if pending.is_empty() {
        _ = store.remove(&pending_key(scope));
        return;
    }
    let flat: Vec<&str> =
        pending.iter().flat_map(|write| [write.element.as_str(), write.value.as_str()]).collect();
    let json = serde_json::to_string(&flat).expect("strings serialise");
    _ = store.set(&pending_key(scope), &json);
}

fn load_pending(store: &dyn KeyValueStore, scope: Scope) -> Vec<CmiWrite> {
    let saved = store.get(&pending_key(scope)).ok().flatten().unwrap_or_default();
    let flat: Vec<String> = serde_json::from_str(&saved).unwrap_or_default();
    flat.chunks_exact(2)
        .map(|pair| CmiWrite { element: pair[0].clone(), value: pair[1].clone() })
        .collect()
}
