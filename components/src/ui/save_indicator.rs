use leptos::prelude::*;

use crate::context::{Locale, SaveState, Tracker};

/// Where the learner's results stand, always in view and announced politely.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let locale = Locale::expect();
    let tracker = Tracker::expect();
    let state = Memo::new(move |_| tracker.save_state());
    let modifier = move || match state.get() {
        SaveState::Standalone | SaveState::Saved | SaveState::Review => "cl-save cl-save--saved",
        SaveState::Retrying
        | SaveState::Offline
        | SaveState::PlaceKeptLocally
        | SaveState::PartlyRefused => "cl-save cl-save--warning",
    };
    let text = move || {
        locale.t(match state.get() {
            SaveState::Standalone => "ui.save.standalone",
            SaveState::Saved => "ui.save.saved",
            SaveState::Retrying => "ui.save.retrying",
            SaveState::Offline => "ui.save.offline",
            SaveState::PlaceKeptLocally => "ui.save.place-local",
            SaveState::PartlyRefused => "ui.save.refused",
            SaveState::Review => "ui.save.review",
        })
    };
    let no_credit = move || tracker.terms().no_credit;
    view! {
        <p class=modifier role="status" data-testid="save-state">
            {text}
        </p>
        <Show when=move || tracker.file_not_offered()>
            <p class="cl-save cl-save--warning" role="alert" data-testid="file-not-offered">
                {locale.text("ui.results.not-offered")}
            </p>
        </Show>
        <Show when=no_credit>
            <p class="cl-save cl-save--saved" data-testid="no-credit">
                {locale.text("ui.save.no-credit")}
            </p>
        </Show>
    }
}
