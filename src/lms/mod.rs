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
use engine::activity::{Completion, Snapshot};
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
}

impl Bridge {
    /// Finds the LMS, starts the session and restores the resume state from
    /// the LMS, or from this device when the LMS has none.
    pub fn connect(scope: Scope, store: &dyn KeyValueStore, now_ms: f64) -> Bridge {
        let mut bridge = Bridge {
            api: LmsApi::find(),
            initialized: false,
            finished: false,
            scope,
            launched_at_ms: now_ms,
            state: ResumeState { started_at_ms: now_ms as i64, ..ResumeState::default() },
            snapshots: BTreeMap::new(),
            sent: HashMap::new(),
            pending: load_pending(store, scope),
            place_fits: true,
            learner: LmsLearner::default(),
        };
        let from_lms = bridge.start().ok().flatten();
        let from_device = store
            .get(&resume_key(scope))
            .ok()
            .flatten()
            .and_then(|saved| ResumeState::decode(&saved).ok());
        if let Some(state) = from_lms.or(from_device) {
            bridge.state = state;
        }
        if !bridge.pending.is_empty() {
            _ = bridge.flush(store);
        }
        bridge
    }

    /// Initializes the session and reads what the LMS knows; the saved
    /// resume state, if there is one.
    fn start(&mut self) -> Result<Option<ResumeState>, LmsError> {
        let Some(api) = &self.api else { return Ok(None) };
        api.initialize()?;
        self.initialized = true;
        let version = api.version();
        self.learner = LmsLearner {
            id: api.get(version.learner_id_element()).ok().filter(|id| !id.is_empty()),
            name: api.get(version.learner_name_element()).ok().filter(|name| !name.is_empty()),
        };
        let status = api.get(version.completion_element())?;
        if version.is_first_launch_status(&status) {
            self.pending.extend(version.incomplete_writes());
        }
        let suspended = api.get("cmi.suspend_data")?;
        Ok(ResumeState::decode(&suspended).ok())
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

    /// Sends everything pending and commits; on failure keeps it all pending
    /// (in memory and on this device) for the next try.
    pub fn flush(&mut self, store: &dyn KeyValueStore) -> Result<(), LmsError> {
        let Some(api) = &self.api else { return Ok(()) };
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
        let complete =
            sco::overall(self.scope, &self.snapshots).completion == Completion::Completed;
        let elapsed = (now_ms - self.launched_at_ms).max(0.0) as u64;
        self.pending.push(version.session_time_write(elapsed));
        self.pending.push(version.exit_write(complete));
        let finished = self.flush(store).and_then(|()| match &self.api {
            Some(api) => api.finish(),
            None => Ok(()),
        });
        self.finished = finished.is_ok();
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
            if self.sent.get(&write.element) == Some(&write.value) {
                continue;
            }
            match self.pending.iter_mut().find(|pending| pending.element == write.element) {
                Some(pending) => pending.value = write.value,
                None => self.pending.push(write),
            }
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
