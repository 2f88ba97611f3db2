//! The tracker context, wired to the LMS bridge, saved progress, exports and
//! the page lifecycle: commit when the page is hidden, finish on `pagehide`.

use std::time::Duration;

use components::context::{ImportOutcome, Locale, SaveState, Storage, Tracker, TrackerHandlers};
use engine::ExerciseKind;
use engine::activity::Snapshot;
use engine::progress::ExerciseStatus;
use engine::record::v1::{Learner, Record, RecordContext};
use engine::sco::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::export;
use crate::lms::{Bridge, Saving};
use crate::storage::BrowserStore;

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

/// Connects to the LMS (or runs standalone) and returns the tracker views
/// report to, with the scope of this launch.
pub fn use_tracker(locale: Locale, storage: Storage) -> (Tracker, Scope) {
    let params = LaunchParams::from_location();
    let scope = params.scope;
    let bridge = Bridge::connect(scope, &BrowserStore, now_ms());
    let tracker = Tracker::new(
        save_state(bridge.saving()),
        bridge.learner().name.clone(),
        bridge.resume_state().exercises.clone(),
    );
    let has_pending = bridge.saving() == Saving::Pending;
    let bridge = StoredValue::new_local(bridge);
    let origins = StoredValue::new(params.allowed_origins);
    let retry = Retry { bridge, tracker, scheduled: StoredValue::new(false) };
    if has_pending {
        retry.schedule(0);
    }

    let describe = move |key: &str| locale.t(key);
    let learner = move || {
        bridge.with_value(|bridge| Learner {
            id: bridge.learner().id.clone(),
            name: bridge.learner().name.clone().unwrap_or_else(|| {
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
                            artifacts: serde_json::Map::new(),
                            resume: Some(resume.clone()),
                        },
                    )
                })
                .collect()
        })
    };

    tracker.connect(TrackerHandlers {
        on_report: Callback::new(move |(snapshot, saved): (Snapshot, String)| {
            let kind = snapshot.kind;
            storage.save_status(
                kind,
                ExerciseStatus::reported(snapshot.completion, snapshot.score.map(|s| s.percent())),
            );
            let saving = bridge
                .try_update_value(|bridge| bridge.report(snapshot, saved, &describe, &BrowserStore))
                .unwrap_or(Saving::Standalone);
            tracker.set_save_state(save_state(saving));
            if saving == Saving::Pending {
                retry.schedule(0);
            }
            for record in records(&|reported| reported == kind) {
                origins.with_value(|origins| export::post_to_parent(&record, origins));
            }
        }),
        on_download: Callback::new(move |kind: Option<ExerciseKind>| {
            let chosen = records(&|reported| kind.is_none_or(|kind| kind == reported));
            if !chosen.is_empty() {
                export::download(chosen, kind.is_none(), now_ms() as i64);
            }
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
    });
    listen_to_page_lifecycle(bridge, tracker);
    (tracker, scope)
}

/// Commits when the page is hidden (the last moment a save is reliable on
/// phones) and finishes once on `pagehide`. Never `unload`: browsers and
/// Moodle's iframe policy no longer run it.
fn listen_to_page_lifecycle(bridge: StoredValue<Bridge, LocalStorage>, tracker: Tracker) {
    let on_hidden = Closure::<dyn Fn()>::new(move || {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            let flushed = bridge
                .try_update_value(|bridge| bridge.flush(&BrowserStore).is_ok())
                .unwrap_or(true);
            if !flushed {
                tracker.set_save_state(SaveState::Retrying);
            }
        }
    });
    _ = document()
        .add_event_listener_with_callback("visibilitychange", on_hidden.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_hidden.forget();
    let listener = window_event_listener(leptos::ev::pagehide, move |_| {
        bridge.update_value(|bridge| bridge.finish(now_ms(), &BrowserStore));
    });
    on_cleanup(move || listener.remove());
}

/// Retries pending LMS writes with a doubling delay; one chain at a time.
#[derive(Clone, Copy)]
struct Retry {
    bridge: StoredValue<Bridge, LocalStorage>,
    tracker: Tracker,
    scheduled: StoredValue<bool>,
}

impl Retry {
    fn schedule(self, attempt: u32) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let delay = Duration::from_secs(1 << attempt.min(6)).min(MAX_RETRY_DELAY);
        set_timeout(
            move || {
                self.scheduled.set_value(false);
                let flushed = self
                    .bridge
                    .try_update_value(|bridge| bridge.flush(&BrowserStore).is_ok())
                    .unwrap_or(true);
                let saving = self.bridge.with_value(Bridge::saving);
                self.tracker.set_save_state(save_state(saving));
                if !flushed {
                    self.schedule(attempt + 1);
                }
            },
            delay,
        );
    }
}

fn save_state(saving: Saving) -> SaveState {
    match saving {
        Saving::Standalone => SaveState::Standalone,
        Saving::Committed => SaveState::Saved,
        Saving::Pending => SaveState::Retrying,
        Saving::CommittedWithoutPlace => SaveState::PlaceKeptLocally,
    }
}

fn elapsed_ms(bridge: &Bridge) -> u64 {
    (now_ms() - bridge.resume_state().started_at_ms as f64).max(0.0) as u64
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}
