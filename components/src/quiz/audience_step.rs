use engine::keys;
use engine::vocabulary::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::QuizHandle;
use crate::context::{Locale, Storage};
use crate::ui::ChoiceList;

/// The choice between answering for an SME and for a support institution;
/// the learner profile's role is chosen in advance.
#[component]
pub(crate) fn AudienceStep(
    /// The quiz.
    quiz: QuizHandle,
) -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let profile_role =
        storage.progress().with_untracked(|progress| progress.profile.as_ref().map(|p| p.role));
    let audience = RwSignal::new(profile_role.unwrap_or(Role::Sme));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        _ = quiz.act(|session, now_ms| session.choose_audience(audience.get_untracked(), now_ms));
    };
    let choices = Role::ALL
        .into_iter()
        .map(|role| (role, role.code().to_owned(), locale.text(keys::audience(role))))
        .collect();
    view! {
        <form class="cl-form" on:submit=on_submit>
            <fieldset class="cl-form__field">
                <legend>{locale.text("ui.quiz.audience.heading")}</legend>
                <p>{locale.text("ui.quiz.audience.intro")}</p>
                <ChoiceList
                    name="cl-quiz-audience"
                    choices
                    selected=Signal::derive(move || vec![audience.get()])
                    on_choose=Callback::new(move |chosen| audience.set(chosen))
                />
            </fieldset>
            <button type="submit" class="cl-button">{locale.text("ui.quiz.start")}</button>
        </form>
    }
}
