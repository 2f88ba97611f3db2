use leptos::prelude::*;

use crate::context::{Locale, SaveState, Tracker};

/// Where the learner's results stand, always in view and announced politely.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let locale = Locale::expect();
    let tracker = Tracker::expect();
    let state = Memo::new(move |_| tracker.save_state());
    let modifier = move || match state.get() {
        SaveState::Standalone | SaveState::Saved => "cl-save cl-save--saved",
        SaveState::Retrying | SaveState::PlaceKeptLocally => "cl-save cl-save--warning",
    };
    let text = move || {
        locale.t(match state.get() {
            SaveState::Standalone => "ui.save.standalone",
            SaveState::Saved => "ui.save.saved",
            SaveState::Retrying => "ui.save.retrying",
            SaveState::PlaceKeptLocally => "ui.save.place-local",
        })
    };
    view! {
        <p class=modifier role="status" data-testid="save-state">
            {text}
        </p>
    }
}
