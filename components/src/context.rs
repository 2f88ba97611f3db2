//! The contexts through which views reach the world: the course structure,
//! the locale and the learner's saved progress. The app provides each once,
//! at its root; views get them with `X::expect()`.

use std::sync::Arc;

use std::collections::{BTreeMap, BTreeSet};

use engine::ExerciseKind;
use engine::activity::Snapshot;
use engine::content::{Catalog, CatalogPart, Course, fill};
use engine::exercises::ExerciseState;
use engine::progress::{ExerciseStatus, LearnerProfile, Progress};
use engine::record::v1::ImportError;
use engine::store::{self, KeyValueStore, StorageNotice};
use engine::vocabulary::CapacityNeed;
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

/// The language the interface is shown in, and which parts of its catalog
/// are in. Views ask for a language with [`Locale::choose`] and for the
/// strings of their page with [`Locale::want`]; the app watches
/// [`Locale::request`] and [`Locale::wanted`], loads what is missing and calls
/// [`Locale::show`].
#[derive(Clone, Copy)]
pub struct Locale {
    current: RwSignal<Arc<Catalog>>,
    wanted: RwSignal<BTreeSet<CatalogPart>>,
    request: RwSignal<LocaleRequest>,
}

impl Locale {
    /// A locale showing `current`.
    pub fn new(current: Arc<Catalog>) -> Locale {
        Locale {
            current: RwSignal::new(current),
            wanted: RwSignal::new(BTreeSet::from([CatalogPart::Frame])),
            request: RwSignal::new(LocaleRequest::Settled),
        }
    }

    /// A locale waiting for the first catalog of `code`: nothing can be
    /// shown before its frame part is in ([`Locale::ready`]).
    pub fn loading(code: String) -> Locale {
        let locale = Locale::new(Arc::new(Catalog::empty(code.clone())));
        locale.request.set(LocaleRequest::Loading(code));
        locale
    }

    /// The locale provided at the app root.
    pub fn expect() -> Locale {
        expect_context::<Locale>()
    }

    /// The code of the catalog being shown. Reactive.
    pub fn code(&self) -> String {
        self.current.with(|catalog| catalog.code().to_owned())
    }

    /// Whether the frame's strings are in, so that pages can be shown. Reactive.
    pub fn ready(&self) -> bool {
        self.holds(CatalogPart::Frame)
    }

    /// Whether the strings of `part` are in. Reactive.
    pub fn holds(&self, part: CatalogPart) -> bool {
        self.current.with(|catalog| catalog.holds(part))
    }

    /// Asks for the strings of `part`, in the current language and in any
    /// language chosen later.
    pub fn want(&self, part: CatalogPart) {
        if !self.wanted.with_untracked(|wanted| wanted.contains(&part)) {
            self.wanted.update(|wanted| {
                wanted.insert(part);
            });
        }
    }

    /// Every part asked for so far. Reactive.
    pub fn wanted(&self) -> BTreeSet<CatalogPart> {
        self.wanted.get()
    }

    /// [`Locale::wanted`] without tracking, for async code.
    pub fn wanted_untracked(&self) -> BTreeSet<CatalogPart> {
        self.wanted.get_untracked()
    }

    /// The string for `key` in the current language. Reactive. A key not in
    /// (yet) shows as itself, so the gap is visible rather than blank.
    pub fn t(&self, key: &str) -> String {
        self.current.with(|catalog| catalog.get(key).unwrap_or(key).to_owned())
    }

    /// [`Locale::t`] with `{name}` placeholders filled in.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.t(key), args)
    }

    /// The string for `key`, following the language, as a view. Every text
    /// shown this way is one type, so the views share one copy of the code
    /// that renders it instead of one per closure.
    pub fn text(&self, key: impl Into<String>) -> Signal<String> {
        let (locale, key) = (*self, key.into());
        Signal::derive(move || locale.t(&key))
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

    /// The catalog being shown, without tracking, for async code.
    pub fn current_untracked(&self) -> Arc<Catalog> {
        self.current.get_untracked()
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

    /// Records an exercise's status, keeping everything else.
    pub fn save_status(&self, kind: ExerciseKind, status: ExerciseStatus) {
        let changed = self.progress.with_untracked(|progress| progress.status(kind) != status);
        if changed {
            self.progress.update(|progress| _ = progress.exercises.insert(kind, status));
            self.persist();
        }
    }

    /// Hands capacity-building needs to the plan builder.
    pub fn save_capacity_needs(&self, needs: Vec<CapacityNeed>) {
        self.progress.update(|progress| progress.capacity_needs = needs);
        self.persist();
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

    /// Tells the learner something about this device's saved data that was
    /// found elsewhere (the LMS session's local copies, an exercise's place).
    pub fn show_notice(&self, notice: StorageNotice) {
        self.notice.set(Some(notice));
    }

    /// Keeps an exercise's saved place that could not be restored, and tells
    /// the learner: a fresh start must never overwrite it.
    pub fn keep_aside(&self, what: &str, saved: &str) {
        let notice = self.store.with_value(|store| store::keep_aside(store.as_ref(), what, saved));
        self.show_notice(notice);
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

/// Where the learner's results stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// No LMS: results stay on this device and can be downloaded.
    Standalone,
    /// Everything reported so far is committed to the LMS.
    Saved,
    /// The LMS failed to save; the results are kept on this device and the
    /// save is retried.
    Retrying,
    /// The browser is offline and the LMS has not got everything: the
    /// results are kept on this device and sent when the network returns.
    Offline,
    /// The LMS has the results, but the place to resume from is too large
    /// for it and is kept on this device only.
    PlaceKeptLocally,
    /// The LMS has the results except values it refused; those are kept on
    /// this device.
    PartlyRefused,
    /// The LMS shows a finished attempt for review: nothing is recorded.
    Review,
}

/// What the LMS says about this launch that the learner must see.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LmsTerms {
    /// The LMS shows a finished attempt: the result is read-only.
    pub review: bool,
    /// The launch does not count towards the grade.
    pub no_credit: bool,
    /// The LMS's pass mark (0–100), which replaces the content's.
    pub mastery: Option<f64>,
}

/// How an import of a results file went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Every record in the file was restored.
    Restored(usize),
    /// The file was refused; nothing changed.
    Refused(ImportError),
}

/// The link to the LMS and to exported results. Exercise views report every
/// answered item or step here; the app writes it to the LMS, this device and
/// any embedding page.
#[derive(Clone, Copy)]
pub struct Tracker {
    save_state: RwSignal<SaveState>,
    lms_learner: StoredValue<Option<String>>,
    saved: StoredValue<BTreeMap<ExerciseKind, ExerciseState>>,
    reported: RwSignal<BTreeSet<ExerciseKind>>,
    import_outcome: RwSignal<Option<ImportOutcome>>,
    handlers: StoredValue<Option<TrackerHandlers>>,
    terms: RwSignal<LmsTerms>,
    generation: RwSignal<u32>,
    held: RwSignal<BTreeMap<ExerciseKind, (Snapshot, ExerciseState)>>,
    unoffered: RwSignal<bool>,
}

/// What the app does when views report, download or import.
#[derive(Clone, Copy)]
pub struct TrackerHandlers {
    /// Sends a snapshot, with the exercise's saved form, on to the LMS,
    /// storage and embedding page.
    pub on_report: Callback<(Snapshot, ExerciseState)>,
    /// Downloads the record of one exercise, or of all with `None`; says
    /// whether the browser took the file.
    pub on_download: Callback<Option<ExerciseKind>, bool>,
    /// Reads and restores a results file.
    pub on_import: Callback<web_sys::File>,
    /// Offers a file of the learner's work to save; says whether the
    /// browser took it.
    pub on_save_file: Callback<TextFile, bool>,
    /// Reads the text of a file the learner chose and hands it on: `None`
    /// when the file cannot be read.
    pub on_read_file: Callback<(web_sys::File, Callback<Option<String>>)>,
    /// Opens the browser's print dialog.
    pub on_print: Callback<()>,
}

/// A file of the learner's work, such as a plan in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// The name it is offered under.
    pub name: String,
    /// Its media type, e.g. `text/markdown`.
    pub media_type: &'static str,
    /// Its text.
    pub text: String,
}

impl Tracker {
    /// A tracker starting in `save_state`, with the learner's name from the
    /// LMS when it supplied one and each exercise's saved form from the
    /// resume state. It does nothing until [`Tracker::connect`].
    pub fn new(
        save_state: SaveState,
        lms_learner: Option<String>,
        saved: BTreeMap<ExerciseKind, ExerciseState>,
    ) -> Tracker {
        let reported = saved.keys().copied().collect();
        Tracker {
            save_state: RwSignal::new(save_state),
            lms_learner: StoredValue::new(lms_learner),
            saved: StoredValue::new(saved),
            reported: RwSignal::new(reported),
            import_outcome: RwSignal::new(None),
            handlers: StoredValue::new(None),
            terms: RwSignal::new(LmsTerms::default()),
            generation: RwSignal::new(0),
            held: RwSignal::new(BTreeMap::new()),
            unoffered: RwSignal::new(false),
        }
    }

    /// Gives the tracker the app's handlers. They may use the tracker itself,
    /// which is why they arrive after it is made.
    pub fn connect(&self, handlers: TrackerHandlers) {
        self.handlers.set_value(Some(handlers));
    }

    fn handlers(&self) -> Option<TrackerHandlers> {
        self.handlers.get_value()
    }

    /// The tracker provided at the app root.
    pub fn expect() -> Tracker {
        expect_context::<Tracker>()
    }

    /// Reports an exercise's current state and its saved form.
    pub fn report(&self, snapshot: Snapshot, saved: ExerciseState) {
        let kind = snapshot.kind;
        if self.held.with_untracked(|held| held.contains_key(&kind)) {
            self.held.update(|held| _ = held.remove(&kind));
        }
        self.saved.update_value(|all| _ = all.insert(kind, saved.clone()));
        if let Some(handlers) = self.handlers() {
            handlers.on_report.run((snapshot, saved));
        }
        if !self.reported.with_untracked(|reported| reported.contains(&kind)) {
            self.reported.update(|reported| _ = reported.insert(kind));
        }
    }

    /// Holds back the report of an edit made while the learner types, in
    /// place of any held before for the same exercise; `true` when nothing
    /// was held, so the caller schedules [`Tracker::report_held`].
    pub fn hold(&self, snapshot: Snapshot, saved: ExerciseState) -> bool {
        let kind = snapshot.kind;
        let mut first = false;
        self.held.update(|held| first = held.insert(kind, (snapshot, saved)).is_none());
        first
    }

    /// Reports every held edit now. Views call it when the learner pauses
    /// or leaves a field, the app before the page is hidden or left, so
    /// that nothing typed is lost.
    pub fn report_held(&self) {
        let held = self.held.try_update(std::mem::take).unwrap_or_default();
        for (snapshot, saved) in held.into_values() {
            self.report(snapshot, saved);
        }
    }

    /// Whether an edit of `kind` waits to be reported. Reactive.
    pub fn holds(&self, kind: ExerciseKind) -> bool {
        self.held.with(|held| held.contains_key(&kind))
    }

    /// The saved form an exercise last reported, to resume from.
    pub fn saved(&self, kind: ExerciseKind) -> Option<ExerciseState> {
        let held = self.held.with_untracked(|held| held.get(&kind).map(|(_, saved)| saved.clone()));
        held.or_else(|| self.saved.with_value(|all| all.get(&kind).cloned()))
    }

    /// Replaces every saved form with the ones an LMS handed over late, and
    /// has the exercise views start again from them.
    pub fn restore(&self, saved: BTreeMap<ExerciseKind, ExerciseState>) {
        self.reported.set(saved.keys().copied().collect());
        self.saved.set_value(saved);
        self.generation.update(|generation| *generation += 1);
    }

    /// Changes each time the saved forms are replaced. Reactive: views that
    /// resume from [`Tracker::saved`] are rebuilt when it changes.
    pub fn generation(&self) -> u32 {
        self.generation.get()
    }

    /// What the LMS says about this launch. Reactive.
    pub fn terms(&self) -> LmsTerms {
        self.terms.get()
    }

    /// [`Tracker::terms`] without tracking, for setting up a view.
    pub fn terms_untracked(&self) -> LmsTerms {
        self.terms.get_untracked()
    }

    /// Records what the LMS says about this launch.
    pub fn set_terms(&self, terms: LmsTerms) {
        self.terms.set(terms);
    }

    /// Whether an exercise has a result to download. Reactive.
    pub fn has_result(&self, kind: ExerciseKind) -> bool {
        self.reported.with(|reported| reported.contains(&kind))
    }

    /// Whether any exercise has a result to download. Reactive.
    pub fn has_any_result(&self) -> bool {
        self.reported.with(|reported| !reported.is_empty())
    }

    /// Downloads one exercise's record, or every record with `None`.
    pub fn download(&self, kind: Option<ExerciseKind>) {
        let offered = self.handlers().is_some_and(|handlers| handlers.on_download.run(kind));
        self.unoffered.set(!offered);
    }

    /// Imports a results file.
    pub fn import(&self, file: web_sys::File) {
        if let Some(handlers) = self.handlers() {
            handlers.on_import.run(file);
        }
    }

    /// Offers a file of the learner's work to save.
    pub fn save_file(&self, file: TextFile) {
        let offered = self.handlers().is_some_and(|handlers| handlers.on_save_file.run(file));
        self.unoffered.set(!offered);
    }

    /// Whether the latest file the learner asked for was not offered by
    /// the browser, so that they know they have no file. Reactive.
    pub fn file_not_offered(&self) -> bool {
        self.unoffered.get()
    }

    /// Reads a file the learner chose and hands its text to `then` (`None`
    /// when it cannot be read).
    pub fn read_file(&self, file: web_sys::File, then: Callback<Option<String>>) {
        if let Some(handlers) = self.handlers() {
            handlers.on_read_file.run((file, then));
        }
    }

    /// Opens the browser's print dialog.
    pub fn print(&self) {
        if let Some(handlers) = self.handlers() {
            handlers.on_print.run(());
        }
    }

    /// The learner's name as the LMS supplies it.
    pub fn lms_learner(&self) -> Option<String> {
        self.lms_learner.get_value()
    }

    /// Where the results stand. Reactive.
    pub fn save_state(&self) -> SaveState {
        self.save_state.get()
    }

    /// Records where the results stand.
    pub fn set_save_state(&self, state: SaveState) {
        self.save_state.set(state);
    }

    /// How the latest import went. Reactive.
    pub fn import_outcome(&self) -> Option<ImportOutcome> {
        self.import_outcome.get()
    }

    /// Records how an import went.
    pub fn set_import_outcome(&self, outcome: ImportOutcome) {
        self.import_outcome.set(Some(outcome));
    }
}

/// Time and fresh seeds, which only the app may read from the browser.
#[derive(Clone, Copy)]
pub struct Clock {
    now_ms: Callback<(), i64>,
    seed: Callback<(), u64>,
    utc_offset_minutes: Callback<i64, i32>,
}

impl Clock {
    /// A clock reading the time from `now_ms`, seeds from `seed` and, for an
    /// instant, how many minutes the learner's clock runs ahead of UTC
    /// from `utc_offset_minutes`.
    pub fn new(
        now_ms: Callback<(), i64>,
        seed: Callback<(), u64>,
        utc_offset_minutes: Callback<i64, i32>,
    ) -> Clock {
        Clock { now_ms, seed, utc_offset_minutes }
    }

    /// The clock provided at the app root.
    pub fn expect() -> Clock {
        expect_context::<Clock>()
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.now_ms.run(())
    }

    /// A fresh seed for a new draw.
    pub fn seed(&self) -> u64 {
        self.seed.run(())
    }

    /// Today's date on the learner's own calendar.
    pub fn today(&self) -> chrono::NaiveDate {
        let now_ms = self.now_ms();
        engine::time::local_date(now_ms, self.utc_offset_minutes.run(now_ms))
    }
}
