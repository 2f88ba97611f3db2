use engine::Route;
use engine::content::Exercise;
use leptos::prelude::*;

use crate::context::{Locale, Storage};
use crate::ui::StatusBadge;

/// One exercise on the home page: title link, summary, length and status.
#[component]
pub fn ExerciseCard(
    /// The exercise to show.
    exercise: Exercise,
) -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let kind = exercise.kind();
    let status = Signal::derive(move || storage.progress().with(|progress| progress.status(kind)));
    let minutes = exercise.minutes().to_string();
    let title_key = exercise.title_key();
    let summary_key = exercise.summary_key();
    view! {
        <li class="cl-exercise-card">
            <h2 class="cl-exercise-card__title">
                <a href=Route::Exercise(kind).to_hash()>{locale.text(title_key.clone())}</a>
            </h2>
            <p class="cl-exercise-card__summary">{locale.text(summary_key.clone())}</p>
            <p class="cl-exercise-card__meta">
                <span>{move || locale.t_with("ui.exercise.minutes", &[("minutes", &minutes)])}</span>
                <StatusBadge status />
            </p>
        </li>
    }
}
