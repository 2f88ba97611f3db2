use engine::keys;
use engine::progress::{Country, LearnerProfile, ProfileError};
use engine::vocabulary::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::context::{Locale, Storage};
use crate::ui::ChoiceList;

/// The learner profile form, prefilled from saved progress.
#[component]
pub fn ProfileForm() -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let saved = storage.progress().with_untracked(|progress| progress.profile.clone());
    let name = RwSignal::new(saved.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let organisation =
        RwSignal::new(saved.as_ref().map(|p| p.organisation.clone()).unwrap_or_default());
    let country = RwSignal::new(saved.as_ref().map(|p| p.country));
    let role = RwSignal::new(saved.as_ref().map(|p| p.role));
    let outcome = RwSignal::new(None::<Result<(), ProfileError>>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let profile = LearnerProfile::new(
            &name.get_untracked(),
            &organisation.get_untracked(),
            country.get_untracked(),
            role.get_untracked(),
        );
        outcome.set(Some(profile.map(|profile| storage.save_profile(profile))));
    };
    let message = move || {
        let (class, role, key) = match outcome.get()? {
            Ok(()) => ("cl-form__saved", "status", "ui.profile.saved"),
            Err(err) => ("cl-form__error", "alert", error_key(err)),
        };
        Some(view! { <p class=class role=role>{move || locale.t(key)}</p> })
    };
    let country_options = Country::ALL
        .into_iter()
        .map(|option| {
            let label_key = keys::country(option);
            view! {
                <option
                    value=option.code()
                    selected=move || country.get() == Some(option)
                >
                    {locale.text(label_key.clone())}
                </option>
            }
        })
        .collect_view();
    let role_choices = Role::ALL
        .into_iter()
        .map(|r| (r, r.code().to_owned(), locale.text(keys::role(r))))
        .collect();

    view! {
        <form class="cl-form" on:submit=on_submit novalidate>
            <div class="cl-form__field">
                <label for="cl-profile-name">{locale.text("ui.profile.name")}</label>
                <input
                    id="cl-profile-name"
                    type="text"
                    autocomplete="name"
                    required
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value())
                />
            </div>
            <div class="cl-form__field">
                <label for="cl-profile-organisation">
                    {locale.text("ui.profile.organisation")}
                </label>
                <input
                    id="cl-profile-organisation"
                    type="text"
                    autocomplete="organization"
                    prop:value=move || organisation.get()
                    on:input:target=move |ev| organisation.set(ev.target().value())
                />
            </div>
            <div class="cl-form__field">
                <label for="cl-profile-country">{locale.text("ui.profile.country")}</label>
                <select
                    id="cl-profile-country"
                    required
                    on:change:target=move |ev| country.set(Country::from_code(&ev.target().value()))
                >
                    <option value="" selected=move || country.get().is_none()>
                        {locale.text("ui.profile.choose")}
                    </option>
                    {country_options}
                </select>
            </div>
            <fieldset class="cl-form__field">
                <legend>{locale.text("ui.profile.role")}</legend>
                <ChoiceList
                    name="cl-profile-role"
                    choices=role_choices
                    selected=Signal::derive(move || role.get().into_iter().collect())
                    on_choose=Callback::new(move |chosen| role.set(Some(chosen)))
                />
            </fieldset>
            <button type="submit" class="cl-button">{locale.text("ui.profile.save")}</button>
            {message}
        </form>
    }
}

fn error_key(err: ProfileError) -> &'static str {
    match err {
        ProfileError::MissingName => "ui.profile.error.missing-name",
        ProfileError::TooLong => "ui.profile.error.too-long",
        ProfileError::MissingCountry => "ui.profile.error.missing-country",
        ProfileError::MissingRole => "ui.profile.error.missing-role",
    }
}
