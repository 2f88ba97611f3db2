use engine::Route;
use leptos::prelude::*;

use crate::context::Locale;

/// Shown for a hash that names no page, saying what was asked for.
#[component]
pub fn NotFoundPage(
    /// The path that was asked for.
    path: String,
) -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <h1>{locale.text("ui.not-found.heading")}</h1>
        <p>{move || locale.t_with("ui.not-found.body", &[("path", &path)])}</p>
        <p>
            <a href=Route::Home.to_hash()>{locale.text("ui.exercise.back")}</a>
        </p>
    }
}
