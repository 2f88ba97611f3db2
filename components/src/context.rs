//! The contexts through which views reach the world: the course structure,
//! the locale and the learner's saved progress. The app provides each once,
//! at its root; views get them with `X::expect()`.

use std::sync::Arc;

use engine::content::{Catalog, Course, fill};
use engine::progress::{LearnerProfile, Progress};
use engine::store::{self, KeyValueStore, StorageNotice};
use leptos::prelude::*;

/// The validated course structure.
#[derive(Clone)]
pub struct CourseData(pub Arc<Course>);

impl CourseData {
    /// The course provided at the app root.
    pub fn expect() -> CourseData {
        expect_context::<CourseData>()
    }
}

/// Where a requested language stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocaleRequest {
    /// The shown catalog is the one asked for.
    Settled,
    /// A catalog is on its way.
    Loading(String),
    /// The catalog could not be fetched or read; the previous one stays.
    Failed(String),
}

/// The language the interface is shown in. Views ask for a language with
/// [`Locale::choose`]; the app watches [`Locale::request`], loads the catalog
/// and calls [`Locale::show`].
#[derive(Clone, Copy)]
pub struct Locale {
    current: RwSignal<Arc<Catalog>>,
    fallback: StoredValue<Arc<Catalog>>,
    request: RwSignal<LocaleRequest>,
}

impl Locale {
    /// A locale showing `current`, falling back to `fallback` for any missing key.
    pub fn new(current: Arc<Catalog>, fallback: Arc<Catalog>) -> Locale {
        Locale {
            current: RwSignal::new(current),
            fallback: StoredValue::new(fallback),
            request: RwSignal::new(LocaleRequest::Settled),
        }
    }

    /// The locale provided at the app root.
    pub fn expect() -> Locale {
        expect_context::<Locale>()
    }

    /// The code of the catalog being shown. Reactive.
    pub fn code(&self) -> String {
        self.current.with(|catalog| catalog.code().to_owned())
    }

    /// The string for `key` in the current language. Reactive. A key missing
    /// everywhere shows as itself, so the gap is visible rather than blank.
    pub fn t(&self, key: &str) -> String {
        let found = self.current.with(|catalog| catalog.get(key).map(str::to_owned));
        found
            .or_else(|| self.fallback.with_value(|catalog| catalog.get(key).map(str::to_owned)))
            .unwrap_or_else(|| key.to_owned())
    }

    /// [`Locale::t`] with `{name}` placeholders filled in.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.t(key), args)
    }

    /// Asks for the language `code`; choosing the one shown settles at once.
    pub fn choose(&self, code: String) {
        let shown = self.current.with_untracked(|catalog| catalog.code() == code);
        self.request.set(if shown { LocaleRequest::Settled } else { LocaleRequest::Loading(code) });
    }

    /// Shows `catalog` and marks the request settled.
    pub fn show(&self, catalog: Arc<Catalog>) {
        self.current.set(catalog);
        self.request.set(LocaleRequest::Settled);
    }

    /// Records where a language request stands.
    pub fn set_request(&self, request: LocaleRequest) {
        self.request.set(request);
    }

    /// Where the latest language request stands. Reactive.
    pub fn request(&self) -> LocaleRequest {
        self.request.get()
    }

    /// [`Locale::request`] without tracking, for async code.
    pub fn request_untracked(&self) -> LocaleRequest {
        self.request.get_untracked()
    }
}

/// The learner's saved progress and the store behind it.
#[derive(Clone, Copy)]
pub struct Storage {
    progress: RwSignal<Progress>,
    notice: RwSignal<Option<StorageNotice>>,
    store: StoredValue<Arc<dyn KeyValueStore + Send + Sync>>,
}

impl Storage {
    /// Loads progress from `store`. Unreadable data never stops the app: it is
    /// kept aside by the engine and reported through [`Storage::notice`].
    pub fn load(store: Arc<dyn KeyValueStore + Send + Sync>) -> Storage {
        let loaded = store::load_progress(store.as_ref());
        Storage {
            progress: RwSignal::new(loaded.progress),
            notice: RwSignal::new(loaded.notice),
            store: StoredValue::new(store),
        }
    }

    /// The storage provided at the app root.
    pub fn expect() -> Storage {
        expect_context::<Storage>()
    }

    /// The learner's progress. Reactive.
    pub fn progress(&self) -> Signal<Progress> {
        self.progress.into()
    }

    /// Saves a new profile, keeping everything else.
    pub fn save_profile(&self, profile: LearnerProfile) {
        self.progress.update(|progress| progress.profile = Some(profile));
        self.persist();
    }

    /// What the learner must be told about saved data, if anything. Reactive.
    pub fn notice(&self) -> Option<StorageNotice> {
        self.notice.get()
    }

    /// The learner has read the notice.
    pub fn dismiss_notice(&self) {
        self.notice.set(None);
    }

    /// The language the learner chose on an earlier visit.
    pub fn locale_preference(&self) -> Option<String> {
        self.store.with_value(|store| store.get(store::LOCALE_KEY).ok().flatten())
    }

    /// Remembers the learner's language for the next visit.
    pub fn save_locale_preference(&self, code: &str) {
        let saved = self.store.with_value(|store| store.set(store::LOCALE_KEY, code));
        self.report(saved);
    }

    fn persist(&self) {
        let saved = self.store.with_value(|store| {
            self.progress.with_untracked(|progress| store::save_progress(store.as_ref(), progress))
        });
        self.report(saved);
    }

    fn report(&self, saved: Result<(), store::StoreError>) {
        if let Err(err) = saved {
            self.notice.set(Some(StorageNotice::Unavailable(err)));
        }
    }
}
