use engine::progress::ExerciseStatus;
use leptos::prelude::*;

use crate::context::Locale;

/// An exercise's status in words, with the score once there is one.
#[component]
pub fn StatusBadge(
    /// The status to show.
    #[prop(into)]
    status: Signal<ExerciseStatus>,
) -> impl IntoView {
    let locale = Locale::expect();
    let text = move || match status.get() {
        ExerciseStatus::NotStarted => locale.t("ui.status.not-started"),
        ExerciseStatus::InProgress => locale.t("ui.status.in-progress"),
        ExerciseStatus::Completed { score: None } => locale.t("ui.status.completed"),
        ExerciseStatus::Completed { score: Some(score) } => format!(
            "{} · {}",
            locale.t("ui.status.completed"),
            locale.t_with("ui.status.score", &[("score", &score.to_string())])
        ),
    };
    let modifier = move || match status.get() {
        ExerciseStatus::NotStarted => "cl-status cl-status--not-started",
        ExerciseStatus::InProgress => "cl-status cl-status--in-progress",
        ExerciseStatus::Completed { .. } => "cl-status cl-status--completed",
    };
    view! { <span class=modifier>{text}</span> }
}
