use engine::content::CatalogPart;
use engine::{ExerciseKind, Route};
use leptos::prelude::*;

use crate::context::{CourseData, Locale, Storage, Tracker};
use crate::exercise::exercise_view;
use crate::ui::StatusBadge;

/// One exercise's page: title, status, learning objectives and introduction.
#[component]
pub fn ExercisePage(
    /// Which exercise.
    kind: ExerciseKind,
) -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let tracker = Tracker::expect();
    let exercise = CourseData::expect().0.exercise(kind).clone();
    let part = CatalogPart::Exercise(kind);
    locale.want(part);
    let status = Signal::derive(move || storage.progress().with(|progress| progress.status(kind)));
    let minutes = exercise.minutes().to_string();
    let title_key = exercise.title_key();
    let intro_key = exercise.intro_key();
    let objective_keys: Vec<String> =
        exercise.objectives().iter().map(|objective| exercise.objective_key(objective)).collect();
    let objectives = move || {
        objective_keys
            .iter()
            .map(|key| view! { <li>{locale.text(key.clone())}</li> })
            .collect_view()
    };
    let intro = move || {
        locale
            .t(&intro_key)
            .split("\n\n")
            .map(|paragraph| view! { <p>{paragraph.to_owned()}</p> })
            .collect_view()
    };
    view! {
        <article class="cl-exercise">
            <h1>{locale.text(title_key.clone())}</h1>
            <p class="cl-exercise__meta">
                <span>{move || locale.t_with("ui.exercise.minutes", &[("minutes", &minutes)])}</span>
                <span class="cl-exercise__status">
                    {locale.text("ui.exercise.your-status")}
                    " "
                    <StatusBadge status />
                </span>
            </p>
            // The exercise's own strings arrive after the frame's.
            <Show
                when=move || locale.holds(part)
                fallback=move || view! { <p role="status">{locale.text("ui.language.loading")}</p> }
            >
                <section class="cl-panel">
                    <h2>{locale.text("ui.exercise.objectives")}</h2>
                    <ul class="cl-exercise__objectives">{objectives.clone()}</ul>
                </section>
                <section>
                    <h2>{locale.text("ui.exercise.introduction")}</h2>
                    {intro.clone()}
                </section>
                // Rebuilt when an LMS that answered late hands over saved forms.
                {move || {
                    tracker.generation();
                    exercise_view(kind)
                }}
            </Show>
            <Show when=move || tracker.has_result(kind)>
                <button
                    type="button"
                    class="cl-button cl-exercise__download"
                    on:click=move |_| tracker.download(Some(kind))
                >
                    {locale.text("ui.results.download-one")}
                </button>
            </Show>
            <p>
                <a href=Route::Home.to_hash()>{locale.text("ui.exercise.back")}</a>
            </p>
        </article>
    }
}
