use leptos::prelude::*;

use super::exercise_card::ExerciseCard;
use super::profile_form::ProfileForm;
use super::results_panel::ResultsPanel;
use crate::context::{CourseData, Locale, Storage, Tracker};
use crate::exercise::focus_after_render;

/// The list of exercises, with a profile form on the first visit.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let course = CourseData::expect();
    let tracker = Tracker::expect();
    // A name from the LMS makes the profile optional: it is asked for only
    // when nobody has told the app who the learner is.
    let learner_name = Memo::new(move |_| {
        tracker.lms_learner().or_else(|| {
            storage.progress().with(|progress| progress.profile.as_ref().map(|p| p.name.clone()))
        })
    });
    // Saving the profile replaces its form, and the button that had the
    // focus, with the greeting, which takes the focus instead.
    let welcome = NodeRef::<leptos::html::P>::new();
    Effect::new(move |had_name: Option<bool>| {
        let has_name = learner_name.with(Option::is_some);
        if had_name == Some(false) && has_name {
            focus_after_render(welcome, true);
        }
        has_name
    });
    let greeting = move || {
        match learner_name.get() {
        Some(name) => view! {
            <p class="cl-home__welcome" tabindex="-1" node_ref=welcome>{move || locale.t_with("ui.home.welcome", &[("name", &name)])}</p>
        }
        .into_any(),
        None => view! {
            <section class="cl-home__profile cl-panel">
                <p>{locale.text("ui.home.profile-prompt")}</p>
                <ProfileForm />
            </section>
        }
        .into_any(),
    }
    };
    view! {
        <h1>{locale.text("ui.home.heading")}</h1>
        <p class="cl-home__intro">{locale.text("ui.home.intro")}</p>
        {greeting}
        <ul class="cl-exercise-list">
            {course
                .0
                .exercises()
                .iter()
                .map(|exercise| view! { <ExerciseCard exercise=exercise.clone() /> })
                .collect_view()}
        </ul>
        <ResultsPanel />
    }
}
