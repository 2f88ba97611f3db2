//! The frame around the exercises: header, navigation, language, notices,
//! and one page per route.

mod exercise_card;
mod exercise_page;
mod home_page;
mod not_found_page;
mod profile_form;
mod profile_page;
mod results_panel;

use engine::Route;
use engine::store::StorageNotice;
use leptos::prelude::*;

use crate::context::{CourseData, Locale, LocaleRequest, Storage};
use crate::ui::{LanguagePicker, NoticeBanner, SaveIndicator};
use exercise_page::ExercisePage;
use home_page::HomePage;
use not_found_page::NotFoundPage;
use profile_page::ProfilePage;

pub use profile_form::ProfileForm;

/// The whole app below the root: header, notices and the page of `route`.
#[component]
pub fn Shell(
    /// The page to show.
    #[prop(into)]
    route: Signal<Route>,
    /// Whether the app runs in another page's frame (an LMS player, an
    /// embed), whose few hundred pixels of height the header must not take.
    #[prop(optional)]
    framed: bool,
) -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let course = CourseData::expect();
    let languages: Vec<_> = course
        .0
        .locales()
        .iter()
        .map(|language| (language.code().to_owned(), language.name().to_owned()))
        .collect();

    let storage_notice = move || {
        let key = match storage.notice()? {
            StorageNotice::Reset(_) => "ui.storage.reset",
            StorageNotice::Unavailable(_) => "ui.storage.unavailable",
            StorageNotice::PlaceKeptAside => "ui.storage.place-kept-aside",
        };
        Some(view! {
            <NoticeBanner
                message=Signal::derive(move || locale.t(key))
                dismiss_label=Signal::derive(move || locale.t("ui.notice.dismiss"))
                on_dismiss=Callback::new(move |()| storage.dismiss_notice())
            />
        })
    };
    let language_notice = move || {
        match locale.request() {
        LocaleRequest::Settled => None,
        LocaleRequest::Loading(_) => Some(
            view! {
                <p class="cl-language-status" role="status">
                    {locale.text("ui.language.loading")}
                </p>
            }
            .into_any(),
        ),
        LocaleRequest::Failed(_) => Some(
            view! { <NoticeBanner message=Signal::derive(move || locale.t("ui.language.failed")) /> }
                .into_any(),
        ),
    }
    };
    let page = move || match route.get() {
        Route::Home => view! { <HomePage /> }.into_any(),
        Route::Profile => view! { <ProfilePage /> }.into_any(),
        Route::Exercise(kind) => view! { <ExercisePage kind /> }.into_any(),
        Route::NotFound(path) => view! { <NotFoundPage path /> }.into_any(),
    };

    view! {
        <header class="cl-header" class:cl-header--framed=framed>
            <div class="cl-header__brand">
                <p class="cl-header__title">{locale.text("ui.app.title")}</p>
                <p class="cl-header__tagline">{locale.text("ui.app.tagline")}</p>
            </div>
            <nav class="cl-nav">
                <a class="cl-nav__link" href=Route::Home.to_hash()>
                    {locale.text("ui.nav.home")}
                </a>
                <a class="cl-nav__link" href=Route::Profile.to_hash()>
                    {locale.text("ui.nav.profile")}
                </a>
            </nav>
            <LanguagePicker
                options=languages
                selected=Signal::derive(move || locale.code())
                label=Signal::derive(move || locale.t("ui.language.label"))
                on_choose=Callback::new(move |code| locale.choose(code))
            />
            <SaveIndicator />
        </header>
        {storage_notice}
        {language_notice}
        <main class="cl-main" id="main" tabindex="-1">
            {page}
        </main>
    }
}
