use engine::ExerciseKind;
use engine::content::CatalogPart;
use engine::record::v1::ImportError;
use leptos::prelude::*;

use crate::context::{ImportOutcome, Locale, Tracker};

/// Download of every result, and import of a results file from another device.
#[component]
pub fn ResultsPanel() -> impl IntoView {
    let locale = Locale::expect();
    let tracker = Tracker::expect();
    // A downloaded record describes each answer in the learner's language,
    // so the strings of every exercise with a result must be in.
    Effect::new(move |_| {
        for kind in ExerciseKind::ALL.into_iter().filter(|&kind| tracker.has_result(kind)) {
            locale.want(CatalogPart::Exercise(kind));
        }
    });
    let outcome = move || {
        let (class, role, text) = match tracker.import_outcome()? {
            ImportOutcome::Restored(count) => (
                "cl-form__saved",
                "status",
                locale.t_with("ui.results.imported", &[("count", &count.to_string())]),
            ),
            ImportOutcome::Refused(reason) => (
                "cl-form__error",
                "alert",
                locale.t(match reason {
                    ImportError::NotJson(_) => "ui.results.refused.not-json",
                    ImportError::NotARecord => "ui.results.refused.not-a-record",
                    ImportError::Invalid(_) => "ui.results.refused.invalid",
                }),
            ),
        };
        Some(view! { <p class=class role=role>{text}</p> })
    };
    let on_file = move |input: web_sys::HtmlInputElement| {
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            tracker.import(file);
        }
        // Clearing the input lets the same file be chosen again after a fix.
        input.set_value("");
    };
    view! {
        <section class="cl-panel cl-results" aria-labelledby="cl-results-heading">
            <h2 id="cl-results-heading">{locale.text("ui.results.heading")}</h2>
            <p>{locale.text("ui.results.intro")}</p>
            <div class="cl-results__actions">
                <button
                    type="button"
                    class="cl-button"
                    disabled=move || !tracker.has_any_result()
                    on:click=move |_| tracker.download(None)
                >
                    {locale.text("ui.results.download-all")}
                </button>
                <label class="cl-results__import">
                    {locale.text("ui.results.import")}
                    <input
                        type="file"
                        accept=".json,application/json"
                        on:change:target=move |ev| on_file(ev.target())
                    />
                </label>
            </div>
            {outcome}
        </section>
    }
}
