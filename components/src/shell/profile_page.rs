use leptos::prelude::*;

use super::profile_form::ProfileForm;
use crate::context::Locale;

/// The learner profile, on a page of its own.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <h1>{locale.text("ui.profile.heading")}</h1>
        <p>{locale.text("ui.profile.intro")}</p>
        <ProfileForm />
    }
}
