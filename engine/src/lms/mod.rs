//! The LMS session: every rule about what one launch reads from a SCORM
//! run-time and writes to it, as a state machine over [`LmsApi`]. The app
//! only finds the API object, calls it, and runs timers and page events.
//!
//! The rules, each pinned by a test in `tests.rs`:
//!
//! - **Launch.** Initialize once; read the learner, entry, mode, credit,
//!   mastery score, stored result and suspend data. A first launch is marked
//!   `incomplete`, and the exit is set to `suspend` at once, so that a session
//!   cut short still resumes.
//! - **Which copy wins.** This device's copy of the resume state when it
//!   holds writes the LMS never received (it is then the newer one), else
//!   the LMS's. A new LMS attempt (`entry=ab-initio` in normal mode) starts
//!   fresh and drops what the device kept for the earlier one.
//! - **Status before score.** Moodle re-evaluates activity completion only
//!   when `score.raw` is written or a status is first inserted, and posts
//!   the score before the status, so a status that changes in the commit
//!   carrying the score is never seen. The status therefore goes out in one
//!   commit and the score in the next.
//! - **Never lower.** No status below the one stored is written, nor (when
//!   the best try counts) a lower score; a retry in progress reports the
//!   counted finished try; 2004 exits with `suspend` even when finished.
//! - **Review.** In `review` or `browse` mode nothing is written at all.
//! - **Mastery.** The LMS's mastery score is the pass mark.
//! - **Refusals.** A value the LMS refuses for good is kept in a local
//!   diagnostic and skipped; a transient failure stops the try, keeps
//!   everything pending on the device, and is retried.
//! - **Lifecycle.** Initialize failing is retried, and the launch is read
//!   when it succeeds; a page restored after finishing starts a new session.

mod api;
mod device;
mod launch;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use crate::ExerciseKind;
use crate::activity::{Completion, Counting, Snapshot};
use crate::exercises::ExerciseState;
use crate::resume::{FinishedTry, ResumeState};
use crate::sco::{self, Overall, Scope};
use crate::scorm::{CmiWrite, Version};
use crate::store::{self, KeyValueStore, StorageNotice, StoreError};

pub use api::{LmsApi, LmsError};
pub use device::{DeviceKeys, Refusal, UNSENDABLE};
pub use launch::{Launch, LessonMode, LmsLearner, StoredResult};

/// What the learner should be told about saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// No LMS: everything stays on this device.
    Standalone,
    /// The LMS shows a finished attempt; nothing is recorded.
    ReadOnly,
    /// The LMS has everything reported so far.
    Committed,
    /// The LMS has everything it accepts; it refused some values for good,
    /// which are kept on this device.
    CommittedExceptRefused,
    /// Something is waiting to be retried.
    Pending,
    /// The LMS has the results, but the resume state does not fit its limit.
    CommittedWithoutPlace,
}

/// Which commit a write belongs in: the score always goes out in a commit
/// after the one holding the status (see the module's rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Interactions, objectives, status, suspend data, exit, time.
    Data,
    /// `score.*`.
    Score,
}

/// A write waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The write.
    pub write: CmiWrite,
    /// The commit it goes in.
    pub stage: Stage,
}

/// Where the session stands with the LMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// There is no LMS.
    Standalone,
    /// An LMS is there but has not initialized yet.
    Unreachable,
    /// Initialized and not finished.
    Running,
    /// Finished; the LMS takes nothing more.
    Finished,
}

/// What connecting to the LMS changed, for the shell to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connected {
    /// Nothing new: no LMS, still unreachable, or already connected.
    Unchanged,
    /// The LMS answered and its resume state replaced the empty one: the
    /// views must be shown again from [`LmsSession::resume_state`].
    Restored,
    /// The LMS answered after this launch had already reported; this
    /// launch's state is newer and is sent.
    Kept,
}

/// One launch's session with the LMS, or its standalone stand-in.
pub struct LmsSession<A: LmsApi> {
    api: Option<A>,
    device: Box<dyn KeyValueStore>,
    keys: DeviceKeys,
    scope: Scope,
    phase: Phase,
    launch: Launch,
    launched_at_ms: i64,
    state: ResumeState,
    snapshots: BTreeMap<ExerciseKind, Snapshot>,
    sent: HashMap<String, String>,
    pending: Vec<Queued>,
    refusals: Vec<Refusal>,
    place_fits: bool,
    last_error: Option<LmsError>,
    notice: Option<StorageNotice>,
}

impl<A: LmsApi> LmsSession<A> {
    /// Starts a session: initializes the LMS if there is one, reads the
    /// launch and restores the resume state. `activity` names the LMS
    /// activity (its package path), so that local copies of two activities,
    /// or of two learners on one device, never mix.
    pub fn open(
        api: Option<A>,
        device: Box<dyn KeyValueStore>,
        scope: Scope,
        activity: &str,
        now_ms: i64,
    ) -> LmsSession<A> {
        let keys = match &api {
            None => DeviceKeys::standalone(scope),
            Some(api) => DeviceKeys::unidentified(api.version(), activity, scope),
        };
        let mut session = LmsSession {
            phase: if api.is_some() { Phase::Unreachable } else { Phase::Standalone },
            api,
            device,
            keys,
            scope,
            launch: Launch::standalone(),
            launched_at_ms: now_ms,
            state: ResumeState { started_at_ms: now_ms, ..ResumeState::default() },
            snapshots: BTreeMap::new(),
            sent: HashMap::new(),
            pending: Vec::new(),
            refusals: Vec::new(),
            place_fits: true,
            last_error: None,
            notice: None,
        };
        match session.phase {
            Phase::Standalone => {
                if let Some(state) = session.device_state() {
                    session.state = state;
                }
            }
            _ => session.flush_quietly(),
        }
        session
    }

    /// What the LMS said at launch (standalone values without one).
    pub fn launch(&self) -> &Launch {
        &self.launch
    }

    /// Where this launch keeps its local copies; the app keeps the learner's
    /// other saved data under the same prefix.
    pub fn keys(&self) -> &DeviceKeys {
        &self.keys
    }

    /// The resume state as restored or last reported.
    pub fn resume_state(&self) -> &ResumeState {
        &self.state
    }

    /// Each exercise's saved form to show: in review, the counted finished
    /// try's (a retry left unfinished is not the recorded result), else the
    /// latest.
    pub fn shown_forms(&self) -> BTreeMap<ExerciseKind, ExerciseState> {
        let mut forms = self.state.exercises.clone();
        if self.launch.is_read_only() {
            for (kind, counted) in &self.state.counted {
                forms.insert(*kind, counted.saved.clone());
            }
        }
        forms
    }

    /// Where one exercise stands for the LMS: its counted try, or its
    /// current state while none is finished.
    pub fn overall_of(&self, kind: ExerciseKind) -> Overall {
        sco::overall(Scope::Single(kind), &self.snapshots, &self.state.counted, self.launch.mastery)
    }

    /// The latest snapshot of each exercise reported in this launch.
    pub fn snapshots(&self) -> &BTreeMap<ExerciseKind, Snapshot> {
        &self.snapshots
    }

    /// The values the LMS refused for good, kept on this device.
    pub fn refusals(&self) -> &[Refusal] {
        &self.refusals
    }

    /// The LMS's answer to the last failed try, while writes are pending.
    pub fn last_error(&self) -> Option<&LmsError> {
        self.last_error.as_ref().filter(|_| self.saving() == Saving::Pending)
    }

    /// What the learner must be told about this device's copies since the
    /// last call (storage refused, or a place kept aside): each once.
    pub fn take_notice(&mut self) -> Option<StorageNotice> {
        self.notice.take()
    }

    /// The writes waiting to be sent, in order.
    pub fn pending(&self) -> &[Queued] {
        &self.pending
    }

    /// The result the LMS grades on now, from what this launch knows.
    pub fn overall(&self) -> Overall {
        sco::overall(self.scope, &self.snapshots, &self.state.counted, self.launch.mastery)
    }

    /// Takes an exercise's new snapshot and saved form: keeps the resume
    /// state on this device, then writes what changed and commits. In review
    /// nothing is kept or written.
    pub fn report(
        &mut self,
        snapshot: Snapshot,
        saved: ExerciseState,
        describe: &dyn Fn(&str) -> String,
    ) -> Saving {
        if !self.scope.covers(snapshot.kind) {
            return self.saving();
        }
        let kind = snapshot.kind;
        if self.launch.is_read_only() {
            self.snapshots.insert(kind, snapshot);
            return self.saving();
        }
        if let Some(finished) = FinishedTry::of(&snapshot, &saved) {
            let replaces = self
                .state
                .counted
                .get(&kind)
                .is_none_or(|counted| finished.replaces(counted, snapshot.counting));
            if replaces {
                self.state.counted.insert(kind, finished);
            }
        }
        self.state.exercises.insert(kind, saved);
        self.snapshots.insert(kind, snapshot);
        self.queue_data_model(describe);
        self.save_device_state();
        // An LMS that has not initialized yet is retried by the shell's timer,
        // whose flush tells it what connecting changed.
        if self.phase == Phase::Running {
            self.flush_quietly();
        }
        self.saving()
    }

    /// Sends everything pending: the data, a commit, then the score and
    /// another commit. A refused value is set aside and the rest goes on; any
    /// other failure stops the try and keeps what is left pending, on this
    /// device too, so that an LMS that is down gets one call per try.
    pub fn flush(&mut self) -> Result<Connected, LmsError> {
        let connected = match self.phase {
            Phase::Standalone | Phase::Finished => return Ok(Connected::Unchanged),
            Phase::Unreachable => self.connect()?,
            Phase::Running => Connected::Unchanged,
        };
        let sent = self.send_pending();
        self.save_pending();
        sent.map(|()| connected)
    }

    /// Ends the session: session time, exit mode, a last flush and finish.
    /// Runs once; in review only the finish is called.
    pub fn finish(&mut self, now_ms: i64) {
        if matches!(self.phase, Phase::Unreachable) {
            self.flush_quietly();
        }
        if self.phase != Phase::Running {
            return;
        }
        let version = self.version();
        if !self.launch.is_read_only() {
            let elapsed = (now_ms - self.launched_at_ms).max(0) as u64;
            let finished = self.finished_now();
            self.queue(version.session_time_write(elapsed), Stage::Data);
            self.queue(version.exit_write(finished), Stage::Data);
            // Finish even when some writes failed: finishing saves what the
            // LMS accepted, and the rest stays on this device for next time.
            self.flush_quietly();
        }
        let finished = self.api.as_mut().map(LmsApi::finish);
        if matches!(finished, Some(Ok(()))) {
            self.phase = Phase::Finished;
        }
    }

    /// A page restored from the browser's back/forward cache after it
    /// finished: the session starts again, as a relaunch would, keeping what
    /// the page shows, which is the newest state.
    pub fn reopen(&mut self, now_ms: i64) -> Result<Connected, LmsError> {
        if self.phase != Phase::Finished {
            return Ok(Connected::Unchanged);
        }
        self.phase = Phase::Unreachable;
        self.launched_at_ms = now_ms;
        self.sent.clear();
        self.flush()
    }

    /// What the learner should be told about saving now.
    pub fn saving(&self) -> Saving {
        if self.phase == Phase::Standalone {
            return Saving::Standalone;
        }
        if self.launch.is_read_only() {
            return Saving::ReadOnly;
        }
        if !self.pending.is_empty() || self.phase == Phase::Unreachable {
            return Saving::Pending;
        }
        if !self.place_fits {
            return Saving::CommittedWithoutPlace;
        }
        if !self.refusals.is_empty() {
            return Saving::CommittedExceptRefused;
        }
        Saving::Committed
    }

    fn version(&self) -> Version {
        self.api.as_ref().map_or(Version::Scorm12, LmsApi::version)
    }

    /// Initializes the LMS and reads the launch; decides which saved copy
    /// wins and queues the launch's own writes.
    fn connect(&mut self) -> Result<Connected, LmsError> {
        let Some(api) = self.api.as_mut() else { return Ok(Connected::Unchanged) };
        api.initialize()?;
        self.phase = Phase::Running;
        let version = api.version();
        let launch = Launch::read(api);
        let reported_already = !self.snapshots.is_empty();
        let identified = DeviceKeys::identified(version, &self.keys, launch.learner.id.as_deref());
        let unidentified = std::mem::replace(&mut self.keys, identified);
        self.sent = launch.read.iter().cloned().collect();
        let new_attempt = launch.starts_new_attempt();
        let from_lms = self.readable(&launch.suspend_data, "suspend_data");
        self.launch = launch;
        if reported_already {
            // This page's state is the newest, and every report of it is
            // still pending (nothing was sent before this connect); it moves
            // to the learner's keys. A review launch takes none of it.
            if unidentified != self.keys {
                self.forget_device_copies(&unidentified);
            }
            if self.launch.is_read_only() {
                self.pending.clear();
            } else {
                self.save_device_state();
                self.queue_launch_writes();
                // The status and score were queued before the LMS said what it
                // stores; judged again now, they never lower it.
                let version = self.version();
                self.pending.retain(|queued| !version.is_result_element(&queued.write.element));
                self.queue_result();
            }
            return Ok(Connected::Kept);
        }
        if new_attempt {
            // What this device still holds belongs to an attempt the LMS closed.
            let keys = self.keys.clone();
            self.forget_device_copies(&keys);
            self.queue_launch_writes();
            return Ok(Connected::Restored);
        }
        let unsent = self.load_pending();
        let from_device = self.device_state();
        // This device's copy is the newer one when writes wait to be sent,
        // or when it is too large for the LMS, which then holds an older
        // place: the learner was told the whole place stays here.
        let device_is_newer = !unsent.is_empty()
            || from_device.as_ref().is_some_and(|state| state.encode_for(version).is_err());
        let restored =
            if device_is_newer { from_device.or(from_lms) } else { from_lms.or(from_device) };
        if let Some(state) = restored {
            self.state = state;
        }
        if !self.launch.is_read_only() {
            self.pending = unsent;
            self.queue_launch_writes();
        }
        Ok(Connected::Restored)
    }

    /// The exit is `suspend` from the start, so that a session cut short
    /// resumes; a first launch is marked `incomplete`.
    fn queue_launch_writes(&mut self) {
        if self.launch.is_read_only() {
            return;
        }
        let version = self.version();
        self.queue(version.exit_write(false), Stage::Data);
        if self.launch.stored.completion == Completion::NotAttempted {
            for write in version.incomplete_writes() {
                self.queue(write, Stage::Data);
            }
        }
    }

    /// Queues every element whose value differs from what the LMS holds:
    /// interactions and objectives, suspend data when it fits, then the
    /// result (see [`LmsSession::queue_result`]).
    fn queue_data_model(&mut self, describe: &dyn Fn(&str) -> String) {
        if self.phase == Phase::Standalone || self.launch.is_read_only() {
            return;
        }
        let version = self.version();
        let model =
            sco::data_model(version, self.scope, &self.snapshots, &mut self.state, describe);
        let mut writes: Vec<(CmiWrite, Stage)> =
            model.writes.into_iter().map(|write| (write, Stage::Data)).collect();
        writes.extend(self.suspend_data().map(|write| (write, Stage::Data)));
        for (write, stage) in writes {
            self.queue_unless_held(write, stage);
        }
        // An entry that does not fit the version's format is never sent
        // wrong: it is set aside like a value the LMS refused, highest index
        // first so that each later entry moves down once.
        for (write, _) in model.unsendable.into_iter().rev() {
            self.set_aside(Refusal { write, code: UNSENDABLE.to_owned() });
        }
        self.queue_result();
    }

    /// Queues the overall status, then the score in its own commit, unless
    /// either would lower the result the LMS stored at launch.
    fn queue_result(&mut self) {
        let version = self.version();
        let overall = self.overall();
        let stored = self.launch.stored;
        let best_counts = self.best_try_counts();
        // When the last try counts, its success may fall below the stored
        // one; completion never goes back.
        let lowers_status = if best_counts {
            (overall.completion, overall.success) < (stored.completion, stored.success)
        } else {
            overall.completion < stored.completion
        };
        if !lowers_status {
            for write in version.status_writes(overall.completion, overall.success) {
                self.queue_unless_held(write, Stage::Data);
            }
        }
        if let Some(score) = overall.score {
            let lowers_score =
                best_counts && stored.score.is_some_and(|stored| stored > score.percent());
            if !lowers_score {
                for write in version.score_writes(score) {
                    self.queue_unless_held(write, Stage::Score);
                }
            }
        }
    }

    /// Queues a write unless the LMS already holds that value or refused it.
    fn queue_unless_held(&mut self, write: CmiWrite, stage: Stage) {
        let refused = self.refusals.iter().any(|refusal| refusal.write == write);
        if self.sent.get(&write.element) != Some(&write.value) && !refused {
            self.queue(write, stage);
        }
    }

    /// The resume state as `cmi.suspend_data`, if it fits. Too large a state
    /// is never cut short: the LMS gets everything else, this device keeps
    /// the whole state, and the learner is told.
    fn suspend_data(&mut self) -> Option<CmiWrite> {
        let encoded = self.state.encode_for(self.version());
        self.place_fits = encoded.is_ok();
        encoded.ok().map(|value| CmiWrite { element: "cmi.suspend_data".into(), value })
    }

    fn queue_suspend_data(&mut self) {
        if let Some(write) = self.suspend_data() {
            self.queue(write, Stage::Data);
        }
    }

    fn best_try_counts(&self) -> bool {
        self.snapshots
            .values()
            .filter(|snapshot| self.scope.covers(snapshot.kind))
            .all(|snapshot| snapshot.counting == Counting::Best)
    }

    /// Whether the launch's exercises are finished, as the LMS will see it:
    /// from this launch's reports, or as stored when it reported nothing.
    fn finished_now(&self) -> bool {
        let reported = self.snapshots.keys().any(|kind| self.scope.covers(*kind));
        if reported {
            self.overall().completion == Completion::Completed
        } else {
            self.launch.stored.completion == Completion::Completed
        }
    }

    /// Adds a write to the pending ones; a later value of the same element
    /// replaces the earlier one in its place, keeping SCORM's required order.
    fn queue(&mut self, write: CmiWrite, stage: Stage) {
        match self.pending.iter_mut().find(|queued| queued.write.element == write.element) {
            Some(queued) => queued.write.value = write.value,
            None => self.pending.push(Queued { write, stage }),
        }
    }

    fn send_pending(&mut self) -> Result<(), LmsError> {
        let Some(mut api) = self.api.take() else { return Ok(()) };
        let sent = self.send_pending_to(&mut api);
        self.api = Some(api);
        sent
    }

    fn send_pending_to(&mut self, api: &mut A) -> Result<(), LmsError> {
        let version = api.version();
        for stage in [Stage::Data, Stage::Score] {
            let mut set = Vec::new();
            while let Some(idx) = self.pending.iter().position(|queued| queued.stage == stage) {
                let queued = self.pending.remove(idx);
                match api.set(&queued.write.element, &queued.write.value) {
                    Ok(()) => set.push(queued),
                    Err(err) if version.is_refusal(&err.code) => {
                        self.set_aside(Refusal { write: queued.write, code: err.code });
                    }
                    Err(err) => {
                        self.pending.splice(0..0, set.into_iter().chain([queued]));
                        return Err(err);
                    }
                }
            }
            if set.is_empty() {
                continue;
            }
            if let Err(err) = api.commit() {
                self.pending.splice(0..0, set);
                return Err(err);
            }
            self.sent
                .extend(set.into_iter().map(|queued| (queued.write.element, queued.write.value)));
        }
        Ok(())
    }

    /// Keeps a refused value for diagnosis. A refused interaction or
    /// objective id leaves no entry at its index, and the LMS would refuse
    /// every later index (they must follow on without a gap): the entry is
    /// given up and every later one moves down an index.
    fn set_aside(&mut self, refusal: Refusal) {
        let saved = device::save_refusal(self.device.as_ref(), &self.keys, &refusal);
        self.kept(saved);
        if let Some((array, n)) = indexed_id(&refusal.write.element) {
            let ledger = match array {
                "interactions" => &mut self.state.interactions,
                _ => &mut self.state.objectives,
            };
            ledger.refuse(n);
            self.pending.retain_mut(|queued| match indexed_element(&queued.write.element) {
                Some((queued_array, m, _)) if queued_array == array && m == n => false,
                Some((queued_array, m, field)) if queued_array == array && m > n => {
                    queued.write.element = format!("cmi.{array}.{}.{field}", m - 1);
                    true
                }
                _ => true,
            });
            self.queue_suspend_data();
            self.save_device_state();
        }
        self.refusals.push(refusal);
    }

    /// A flush whose failure the shell learns from [`LmsSession::saving`]:
    /// everything unsent stays pending, on this device too.
    fn flush_quietly(&mut self) {
        self.last_error = self.flush().err();
    }

    fn device_state(&mut self) -> Option<ResumeState> {
        let loaded = device::load_state(self.device.as_ref(), &self.keys);
        let saved = self.kept(loaded).flatten()?;
        self.readable(&saved, "device")
    }

    /// A saved resume state, decoded; one that does not decode is kept aside
    /// and the learner told, since the next report would overwrite it.
    fn readable(&mut self, saved: &str, what: &str) -> Option<ResumeState> {
        if saved.is_empty() {
            return None;
        }
        match ResumeState::decode(saved) {
            Ok(state) => Some(state),
            Err(_) => {
                let what = format!("{}{what}", self.keys.prefix());
                self.notice = Some(store::keep_aside(self.device.as_ref(), &what, saved));
                None
            }
        }
    }

    fn save_device_state(&mut self) {
        let saved = device::save_state(self.device.as_ref(), &self.keys, &self.state);
        self.kept(saved);
    }

    fn load_pending(&mut self) -> Vec<Queued> {
        let loaded = device::load_pending(self.device.as_ref(), &self.keys);
        match self.kept(loaded) {
            Some(Ok(pending)) => pending,
            Some(Err(unreadable)) => {
                let what = format!("{}pending", self.keys.prefix());
                self.notice = Some(store::keep_aside(self.device.as_ref(), &what, &unreadable));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn save_pending(&mut self) {
        let saved = device::save_pending(self.device.as_ref(), &self.keys, &self.pending);
        self.kept(saved);
    }

    fn forget_device_copies(&mut self, keys: &DeviceKeys) {
        let forgotten = device::forget(self.device.as_ref(), keys);
        self.kept(forgotten);
    }

    /// Notes a storage failure for the learner to see; the session's own
    /// copy in memory is unaffected.
    fn kept<T>(&mut self, result: Result<T, StoreError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.notice = Some(StorageNotice::Unavailable(err));
                None
            }
        }
    }
}

/// `cmi.<array>.<n>.<field>` as its parts, for the interaction and
/// objective arrays.
fn indexed_element(element: &str) -> Option<(&'static str, usize, &str)> {
    let rest = element.strip_prefix("cmi.")?;
    let (array, rest) = rest.split_once('.')?;
    let (n, field) = rest.split_once('.')?;
    let array = ["interactions", "objectives"].into_iter().find(|known| *known == array)?;
    Some((array, n.parse().ok()?, field))
}

/// The array and index of an interaction's or objective's `id` element.
fn indexed_id(element: &str) -> Option<(&'static str, usize)> {
    match indexed_element(element)? {
        (array, n, "id") => Some((array, n)),
        _ => None,
    }
}
