//! The tracker context, wired to the LMS session, saved progress, exports and
//! the page lifecycle: commit when the page is hidden, finish on `pagehide`,
//! start again when the page comes back from the back/forward cache, send
//! what waits as soon as the network returns.

use std::time::Duration;

use components::context::{
    ImportOutcome, LmsTerms, Locale, SaveState, Storage, TextFile, Tracker, TrackerHandlers,
};
use engine::ExerciseKind;
use engine::activity::Snapshot;
use engine::exercises::ExerciseState;
use engine::lms::{Connected, Launch, LmsError, Saving};
use engine::progress::ExerciseStatus;
use engine::record::v1::{Learner, Record, RecordContext};
use engine::sco::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::export;
use crate::lms::Bridge;

/// The longest wait between two tries to reach the LMS.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);

/// What the launch URL says: which exercises the launch covers and which
/// embedding origins may receive results.
struct LaunchParams {
    scope: Scope,
    allowed_origins: Vec<String>,
}

impl LaunchParams {
    /// Reads `?sco=<slug>|all` and `?origin=<origin>[,<origin>…]`.
    fn from_location() -> LaunchParams {
        let search = window().location().search().unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        let param = |name: &str| params.as_ref().and_then(|params| params.get(name));
        LaunchParams {
            scope: param("sco").and_then(|value| Scope::parse(&value)).unwrap_or(Scope::All),
            allowed_origins: param("origin")
                .map(|origins| {
                    origins
                        .split(',')
                        .map(str::trim)
                        .filter(|origin| {
                            origin.starts_with("https://") || origin.starts_with("http://")
                        })
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// A launch whose LMS session has started, before the views exist.
pub struct OpenLaunch {
    bridge: Bridge,
    params: LaunchParams,
}

impl OpenLaunch {
    /// Reads the launch URL and starts the LMS session (or runs standalone).
    pub fn start() -> OpenLaunch {
        let params = LaunchParams::from_location();
        let bridge = crate::lms::connect(params.scope, now_ms() as i64);
        OpenLaunch { bridge, params }
    }

    /// The prefix under which this learner's and activity's data is kept on
    /// this device.
    pub fn device_prefix(&self) -> &str {
        self.bridge.keys().prefix()
    }
}

/// Wires the started session to the tracker views report to, and returns it
/// with the scope of this launch.
pub fn use_tracker(launch: OpenLaunch, locale: Locale, storage: Storage) -> (Tracker, Scope) {
    let OpenLaunch { bridge, params } = launch;
    let scope = params.scope;
    let tracker = Tracker::new(
        save_state(bridge.saving(), is_online()),
        bridge.launch().learner.name.clone(),
        bridge.shown_forms(),
    );
    show_launch(bridge.launch(), tracker, storage, scope);
    let has_pending = bridge.saving() == Saving::Pending;
    let bridge = StoredValue::new_local(bridge);
    let origins = StoredValue::new(params.allowed_origins);
    let retry = Retry { bridge, tracker, storage, scope, scheduled: StoredValue::new(false) };
    // Anything found at launch (an unreadable copy kept aside) is shown now.
    retry.show_saving();
    if has_pending {
        retry.schedule(0);
    }

    let describe = move |key: &str| locale.t(key);
    let learner = move || {
        bridge.with_value(|bridge| Learner {
            id: bridge.launch().learner.id.clone(),
            name: bridge.launch().learner.name.clone().unwrap_or_else(|| {
                storage.progress().with_untracked(|progress| {
                    progress
                        .profile
                        .as_ref()
                        .map(|profile| profile.name.clone())
                        .unwrap_or_default()
                })
            }),
        })
    };
    let records = move |kinds: &dyn Fn(ExerciseKind) -> bool| -> Vec<Record> {
        bridge.with_value(|bridge| {
            let resume = bridge.resume_state().encode();
            bridge
                .snapshots()
                .values()
                .filter(|snapshot| kinds(snapshot.kind))
                .map(|snapshot| {
                    Record::of(
                        snapshot,
                        RecordContext {
                            learner: learner(),
                            started_at_ms: bridge.resume_state().started_at_ms,
                            now_ms: now_ms() as i64,
                            elapsed_ms: elapsed_ms(bridge),
                            describe: &describe,
                            resume: Some(resume.clone()),
                        },
                    )
                })
                .collect()
        })
    };

    tracker.connect(TrackerHandlers {
        on_report: Callback::new(move |(snapshot, saved): (Snapshot, ExerciseState)| {
            let kind = snapshot.kind;
            let saving = bridge
                .try_update_value(|bridge| bridge.report(snapshot, saved, &describe))
                .unwrap_or(Saving::Standalone);
            // The status shown is the one the LMS keeps: a retry in progress
            // does not undo a finished try, and a review changes nothing.
            if saving != Saving::ReadOnly {
                let standing = bridge.with_value(|bridge| bridge.overall_of(kind));
                storage.save_status(
                    kind,
                    ExerciseStatus::reported(
                        standing.completion,
                        standing.score.map(|score| score.percent()),
                    ),
                );
            }
            retry.show_saving();
            if saving == Saving::Pending {
                retry.schedule(0);
            }
            for record in records(&|reported| reported == kind) {
                origins.with_value(|origins| export::post_to_parent(&record, origins));
            }
        }),
        on_download: Callback::new(move |kind: Option<ExerciseKind>| {
            let chosen = records(&|reported| kind.is_none_or(|kind| kind == reported));
            chosen.is_empty() || export::download(chosen, kind.is_none(), now_ms() as i64).is_ok()
        }),
        on_import: Callback::new(move |file: web_sys::File| {
            spawn_local_scoped(async move {
                let text = export::read_text(file).await.unwrap_or_default();
                let outcome = match Record::parse_file(&text) {
                    Ok(imported) => {
                        for record in &imported {
                            storage.save_status(
                                record.exercise,
                                ExerciseStatus::reported(
                                    record.completion(),
                                    record.score.map(|score| score.raw),
                                ),
                            );
                        }
                        ImportOutcome::Restored(imported.len())
                    }
                    Err(reason) => ImportOutcome::Refused(reason),
                };
                tracker.set_import_outcome(outcome);
            });
        }),
        on_save_file: Callback::new(|file: TextFile| {
            export::offer_file(&file.name, file.media_type, &file.text).is_ok()
        }),
        on_read_file: Callback::new(|(file, then): (web_sys::File, Callback<Option<String>>)| {
            spawn_local_scoped(async move { then.run(export::read_text(file).await) });
        }),
        // A print dialog that does not open loses nothing: the learner can
        // use the browser's own menu.
        on_print: Callback::new(|()| _ = leptos::prelude::window().print()),
    });
    listen_to_page_lifecycle(retry);
    (tracker, scope)
}

/// Shows what the LMS said at launch: review, credit and mastery, and, for
/// a one-exercise launch, the result it already holds, so that a learner
/// coming back never sees "not started" over a recorded result.
fn show_launch(launch: &Launch, tracker: Tracker, storage: Storage, scope: Scope) {
    tracker.set_terms(LmsTerms {
        review: launch.is_read_only(),
        no_credit: !launch.credit,
        mastery: launch.mastery,
    });
    let Scope::Single(kind) = scope else { return };
    let known = storage.progress().with_untracked(|progress| progress.status(kind));
    if let Some(shown) = launch.shown_status(known) {
        storage.save_status(kind, shown);
    }
}

/// Commits when the page is hidden (the last moment a save is reliable on
/// phones), finishes once on `pagehide`, and starts a new session when the
/// page is shown again from the back/forward cache. Never `unload`: browsers
/// and Moodle's iframe policy no longer run it.
fn listen_to_page_lifecycle(retry: Retry) {
    let on_hidden = Closure::<dyn Fn()>::new(move || {
        if document().visibility_state() != web_sys::VisibilityState::Hidden {
            return;
        }
        retry.tracker.report_held();
        retry.flush_now();
    });
    let added = document()
        .add_event_listener_with_callback("visibilitychange", on_hidden.as_ref().unchecked_ref());
    if added.is_err() {
        // Without it, answers are still committed as they are given.
        retry.tracker.set_save_state(SaveState::Retrying);
    }
    // The listener lives as long as the page.
    on_hidden.forget();
    let on_pagehide = window_event_listener(leptos::ev::pagehide, move |_| {
        retry.tracker.report_held();
        retry.bridge.update_value(|bridge| bridge.finish(now_ms() as i64));
    });
    let on_pageshow = window_event_listener(leptos::ev::pageshow, move |event| {
        if event.persisted() && !retry.run(|bridge| bridge.reopen(now_ms() as i64)) {
            retry.schedule(0);
        }
    });
    // On an intermittent link the backoff may have grown to a minute: what
    // waits goes the moment the network is back, and the learner sees that
    // their work is kept on this device while it is not.
    let on_online = window_event_listener(leptos::ev::online, move |_| retry.flush_now());
    let on_offline = window_event_listener(leptos::ev::offline, move |_| retry.show_saving());
    on_cleanup(move || {
        on_pagehide.remove();
        on_pageshow.remove();
        on_online.remove();
        on_offline.remove();
    });
}

/// Sends pending LMS writes, retrying with a doubling delay; one chain at a
/// time. Also applies what a late or renewed connection changed.
#[derive(Clone, Copy)]
struct Retry {
    bridge: StoredValue<Bridge, LocalStorage>,
    tracker: Tracker,
    storage: Storage,
    scope: Scope,
    scheduled: StoredValue<bool>,
}

impl Retry {
    /// Sends what waits now; what fails goes to the retries.
    fn flush_now(self) {
        if !self.run(|bridge| bridge.flush()) {
            self.schedule(0);
        }
    }

    fn schedule(self, attempt: u32) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let delay = Duration::from_secs(1 << attempt.min(6)).min(MAX_RETRY_DELAY);
        set_timeout(
            move || {
                self.scheduled.set_value(false);
                if !self.run(|bridge| bridge.flush()) {
                    self.schedule(attempt + 1);
                }
            },
            delay,
        );
    }

    /// Runs one step of the session and shows its outcome; whether it got
    /// everything to the LMS.
    fn run(self, step: impl FnOnce(&mut Bridge) -> Result<Connected, LmsError>) -> bool {
        let Some(outcome) = self.bridge.try_update_value(step) else { return true };
        let connected = outcome.as_ref().copied().unwrap_or(Connected::Unchanged);
        if connected != Connected::Unchanged {
            self.bridge.with_value(|bridge| {
                show_launch(bridge.launch(), self.tracker, self.storage, self.scope);
                if connected == Connected::Restored {
                    self.tracker.restore(bridge.shown_forms());
                }
            });
        }
        self.show_saving();
        outcome.is_ok()
    }

    /// Shows where saving stands, and anything the learner must know about
    /// this device's copies.
    fn show_saving(self) {
        let Some((saving, notice)) =
            self.bridge.try_update_value(|bridge| (bridge.saving(), bridge.take_notice()))
        else {
            return;
        };
        self.tracker.set_save_state(save_state(saving, is_online()));
        if let Some(notice) = notice {
            self.storage.show_notice(notice);
        }
    }
}

fn save_state(saving: Saving, online: bool) -> SaveState {
    match saving {
        Saving::Standalone => SaveState::Standalone,
        Saving::Committed => SaveState::Saved,
        Saving::Pending if !online => SaveState::Offline,
        Saving::Pending => SaveState::Retrying,
        Saving::CommittedWithoutPlace => SaveState::PlaceKeptLocally,
        Saving::CommittedExceptRefused => SaveState::PartlyRefused,
        Saving::ReadOnly => SaveState::Review,
    }
}

/// Whether the browser believes it has a network. `false` is reliable;
/// `true` may still meet a link that drops, which the retries cover.
fn is_online() -> bool {
    window().navigator().on_line()
}

fn elapsed_ms(bridge: &Bridge) -> u64 {
    (now_ms() - bridge.resume_state().started_at_ms as f64).max(0.0) as u64
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}
