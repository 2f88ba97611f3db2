//! The views in a real browser: mount the shell over in-memory storage, act as
//! a learner would, and check what the page shows and what was saved.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use components::Shell;
use components::context::{
    Clock, CourseData, ImportOutcome, LmsTerms, Locale, LocaleRequest, SaveState, Storage,
    TextFile, Tracker, TrackerHandlers,
};
use engine::content::{
    Catalog, CatalogPart, Source, bundled_default_catalog, bundled_structure, parse_catalog,
    validate_structure,
};
use engine::exercises::ExerciseState;
use engine::exercises::aec_quiz::{QuizResume, ResumeItem, ResumeStep};
use engine::progress::{Country, ExerciseStatus, Progress};
use engine::store::{self, KeyValueStore, MemoryStore};
use engine::vocabulary::Role;
use engine::{ExerciseKind, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A mounted shell and the handles a test needs to drive and inspect it.
struct Mounted {
    root: HtmlElement,
    store: Arc<MemoryStore>,
    route: RwSignal<Route>,
    locale: Locale,
    tracker: Tracker,
    downloads: RwSignal<Vec<Option<ExerciseKind>>>,
    reports: RwSignal<Vec<(engine::activity::Snapshot, ExerciseState)>>,
    saved_files: RwSignal<Vec<TextFile>>,
    prints: RwSignal<u32>,
    /// Whether the browser takes the files the app offers.
    offering: RwSignal<bool>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn english() -> Arc<Catalog> {
    Arc::new(parse_catalog(&bundled_default_catalog()).unwrap())
}

fn thai() -> Arc<Catalog> {
    let text = include_str!("../../assets/locales/th.json");
    Arc::new(parse_catalog(&Source::new("locales/th.json", text)).unwrap())
}

fn mount(route: Route, store: MemoryStore) -> Mounted {
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let store = Arc::new(store);
    let route = RwSignal::new(route);
    let locale = Locale::new(english());
    let course = Arc::new(validate_structure(&bundled_structure()).unwrap());
    let shared_store: Arc<dyn KeyValueStore + Send + Sync> = store.clone();
    let tracker = Tracker::new(SaveState::Standalone, None, Default::default());
    let downloads = RwSignal::new(Vec::new());
    let reports = RwSignal::new(Vec::new());
    let saved_files = RwSignal::new(Vec::new());
    let offering = RwSignal::new(true);
    let prints = RwSignal::new(0);
    tracker.connect(TrackerHandlers {
        on_report: Callback::new(move |report| reports.update(|all| all.push(report))),
        on_download: Callback::new(move |kind| {
            downloads.update(|all| all.push(kind));
            offering.get_untracked()
        }),
        on_import: Callback::new(|_| {}),
        on_save_file: Callback::new(move |file| {
            saved_files.update(|all| all.push(file));
            offering.get_untracked()
        }),
        on_read_file: Callback::new(|_| {}),
        on_print: Callback::new(move |()| prints.update(|count| *count += 1)),
    });
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(CourseData(course));
        provide_context(Storage::load(shared_store));
        provide_context(locale);
        provide_context(tracker);
        provide_context(Clock::new(
            Callback::new(|()| 1_769_854_530_000),
            Callback::new(|()| 7),
            Callback::new(|_| 420),
        ));
        view! { <Shell route /> }.into_any()
    });
    Mounted {
        root,
        store,
        route,
        locale,
        tracker,
        downloads,
        reports,
        saved_files,
        prints,
        offering,
        _handle: handle,
    }
}

impl Mounted {
    fn texts(&self, selector: &str) -> Vec<String> {
        let nodes = self.root.query_selector_all(selector).unwrap();
        (0..nodes.length())
            .filter_map(|idx| nodes.item(idx))
            .map(|node| node.text_content().unwrap_or_default().trim().to_owned())
            .collect()
    }

    fn text(&self, selector: &str) -> String {
        let texts = self.texts(selector);
        assert_eq!(texts.len(), 1, "expected one `{selector}`, found {texts:?}");
        texts.into_iter().next().unwrap()
    }

    fn element<T: JsCast>(&self, selector: &str) -> T {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no `{selector}`"))
            .unchecked_into()
    }

    fn type_into(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self.element(selector);
        input.set_value(value);
        dispatch(&input, "input");
    }

    fn select(&self, selector: &str, value: &str) {
        let select: HtmlSelectElement = self.element(selector);
        select.set_value(value);
        dispatch(&select, "change");
    }

    fn click(&self, selector: &str) {
        self.element::<HtmlElement>(selector).click();
    }

    /// Types `value` into the input or text area at `selector`, as the
    /// learner does, and leaves it when `leave` says so.
    fn write(&self, selector: &str, value: &str, leave: bool) {
        let element: web_sys::Element = self.element(selector);
        match element.dyn_ref::<HtmlTextAreaElement>() {
            Some(area) => area.set_value(value),
            None => element.unchecked_ref::<HtmlInputElement>().set_value(value),
        }
        dispatch(&element, "input");
        if leave {
            dispatch(&element, "change");
            dispatch(&element, "blur");
        }
    }

    fn saved_progress(&self) -> Progress {
        store::load_progress(self.store.as_ref()).progress
    }
}

/// Lets every scheduled render effect run; property bindings such as
/// `prop:value` of a newly created page land a few ticks after its text.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn dispatch(target: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn home_lists_every_exercise_with_its_link_and_status() {
    let mut progress = Progress::default();
    progress.exercises.insert(ExerciseKind::AecQuiz, ExerciseStatus::Completed { score: Some(72) });
    progress.exercises.insert(ExerciseKind::ConsortiumSim, ExerciseStatus::InProgress);
    let encoded = progress.encode();
    let page =
        mount(Route::Home, MemoryStore::with_entries([(store::PROGRESS_KEY, encoded.as_str())]));
    settle().await;

    assert_eq!(page.text("h1"), "Exercises");
    assert_eq!(
        page.texts(".cl-exercise-card__title a"),
        [
            "AEC readiness quiz",
            "Cluster-type identification",
            "Export-consortium formation simulation",
            "Cluster development plan builder"
        ]
    );
    let hrefs: Vec<_> =
        ExerciseKind::ALL.iter().map(|kind| format!("a[href=\"#/{kind}\"]")).collect();
    for href in &hrefs {
        assert_eq!(page.texts(&format!(".cl-exercise-card__title {href}")).len(), 1, "{href}");
    }
    assert_eq!(
        page.texts(".cl-exercise-card .cl-status"),
        ["Completed · Score 72 of 100", "Not started", "In progress", "Not started"]
    );
}

#[wasm_bindgen_test]
async fn an_exercise_page_shows_title_objectives_and_introduction() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterTypes), MemoryStore::default());
    settle().await;

    assert_eq!(page.text("h1"), "Cluster-type identification");
    assert_eq!(
        page.texts("h2"),
        ["What you will learn", "Introduction", "What counts as a cluster"]
    );
    assert_eq!(page.texts(".cl-exercise__objectives li").len(), 4);
    assert!(
        page.texts(".cl-exercise__objectives li")[0].starts_with("Decide whether a group of firms")
    );
    assert_eq!(page.texts("article section:last-of-type p").len(), 2);
    assert_eq!(page.text(".cl-exercise__meta .cl-status"), "Not started");

    page.route.set(Route::Home);
    settle().await;
    assert_eq!(page.text("h1"), "Exercises");
}

#[wasm_bindgen_test]
async fn an_unknown_route_says_what_was_asked_for() {
    let page = mount(Route::parse("#/nowhere"), MemoryStore::default());
    settle().await;

    assert_eq!(page.text("h1"), "Page not found");
    assert!(page.text("main").contains("“nowhere”"));
}

#[wasm_bindgen_test]
async fn the_profile_form_refuses_gaps_and_saves_a_complete_profile() {
    let page = mount(Route::Home, MemoryStore::default());
    settle().await;
    assert_eq!(page.texts(".cl-home__welcome").len(), 0);

    page.click("button[type=submit]");
    settle().await;
    assert_eq!(page.text("[role=alert]"), "Please enter your name.");

    page.type_into("#cl-profile-name", "  Dara ");
    page.type_into("#cl-profile-organisation", "Kampot Pepper Association");
    page.click("button[type=submit]");
    settle().await;
    assert_eq!(page.text("[role=alert]"), "Please choose your country.");

    page.select("#cl-profile-country", "KH");
    page.click("button[type=submit]");
    settle().await;
    assert_eq!(page.text("[role=alert]"), "Please choose how you take part.");
    assert_eq!(page.saved_progress().profile, None);

    page.click("input[value=support-institution]");
    page.click("button[type=submit]");
    settle().await;

    let profile = page.saved_progress().profile.expect("profile saved");
    assert_eq!(profile.name, "Dara");
    assert_eq!(profile.organisation, "Kampot Pepper Association");
    assert_eq!((profile.country, profile.role), (Country::Cambodia, Role::SupportInstitution));
    assert_eq!(page.text(".cl-home__welcome"), "Welcome, Dara.");
    assert_eq!(page.texts("form").len(), 0, "the form leaves the home page once saved");

    page.route.set(Route::Profile);
    settle().await;
    assert_eq!(page.text("h1"), "Your profile");
    let input: HtmlInputElement = page.element("#cl-profile-name");
    assert_eq!(input.value(), "Dara");
    assert_eq!(
        page.element::<HtmlInputElement>("#cl-profile-organisation").value(),
        "Kampot Pepper Association"
    );
    assert_eq!(page.element::<HtmlSelectElement>("#cl-profile-country").value(), "KH");
    assert!(page.element::<HtmlInputElement>("input[value=support-institution]").checked());
}

#[wasm_bindgen_test]
async fn unreadable_progress_is_reported_kept_aside_and_dismissable() {
    let page = mount(
        Route::Home,
        MemoryStore::with_entries([(store::PROGRESS_KEY, "{\"schema_version\":1,")]),
    );
    settle().await;

    assert!(
        page.text("[role=alert] .cl-notice__message")
            .starts_with("Your saved progress could not be read")
    );
    assert_eq!(
        page.store.get(store::UNREADABLE_PROGRESS_KEY).unwrap().as_deref(),
        Some("{\"schema_version\":1,")
    );
    assert_eq!(page.texts(".cl-exercise-card .cl-status")[0], "Not started");

    page.click(".cl-notice__dismiss");
    settle().await;
    assert_eq!(page.texts("[role=alert]").len(), 0);
}

#[wasm_bindgen_test]
async fn choosing_a_language_requests_it_and_shows_it_once_loaded() {
    let page = mount(Route::Home, MemoryStore::default());
    settle().await;
    assert_eq!(page.texts("#cl-language option"), ["English", "ไทย"]);

    page.select("#cl-language", "th");
    settle().await;
    assert_eq!(page.locale.request(), LocaleRequest::Loading("th".into()));
    assert_eq!(page.text(".cl-language-status"), "Loading the language…");

    page.locale.show(thai());
    settle().await;
    assert_eq!(page.text("h1"), "แบบฝึกหัด");
    assert_eq!(page.texts(".cl-exercise-card__title a")[0], "แบบทดสอบความพร้อมสู่ AEC");
    assert_eq!(page.element::<HtmlSelectElement>("#cl-language").value(), "th");
    assert_eq!(page.texts(".cl-language-status").len(), 0);

    page.locale.set_request(LocaleRequest::Failed("th".into()));
    settle().await;
    assert_eq!(page.text("[role=alert]"), "ไม่สามารถโหลดภาษานี้ได้ โปรดตรวจสอบการเชื่อมต่อแล้วเลือกอีกครั้ง");
}

#[wasm_bindgen_test]
async fn the_profile_page_is_prefilled_from_saved_progress() {
    let progress = Progress {
        profile: Some(
            engine::progress::LearnerProfile::new(
                "Lan",
                "Coffee Co",
                Some(Country::VietNam),
                Some(Role::Sme),
            )
            .unwrap(),
        ),
        ..Progress::default()
    };
    let encoded = progress.encode();
    let page =
        mount(Route::Profile, MemoryStore::with_entries([(store::PROGRESS_KEY, encoded.as_str())]));
    settle().await;
    assert_eq!(page.element::<HtmlInputElement>("#cl-profile-organisation").value(), "Coffee Co");
    assert_eq!(page.element::<HtmlInputElement>("#cl-profile-name").value(), "Lan");
}

#[wasm_bindgen_test]
async fn the_save_indicator_says_where_results_are() {
    let page = mount(Route::Home, MemoryStore::default());
    settle().await;
    assert_eq!(page.text("[data-testid=save-state]"), "Saved on this device");

    page.tracker.set_save_state(SaveState::Retrying);
    settle().await;
    assert!(page.text("[data-testid=save-state]").starts_with("Not yet saved to your course."));

    page.tracker.set_save_state(SaveState::Offline);
    settle().await;
    assert!(page.text("[data-testid=save-state]").starts_with("You are offline."));

    page.tracker.set_save_state(SaveState::Saved);
    settle().await;
    assert_eq!(page.text("[data-testid=save-state]"), "Saved to your course");
    assert_eq!(page.texts("[data-testid=no-credit]").len(), 0);

    page.tracker.set_terms(LmsTerms { no_credit: true, ..LmsTerms::default() });
    settle().await;
    assert_eq!(
        page.text("[data-testid=no-credit]"),
        "This attempt does not count towards your grade (no credit)."
    );

    page.tracker.set_save_state(SaveState::Review);
    page.tracker.set_terms(LmsTerms { review: true, no_credit: true, mastery: None });
    settle().await;
    assert!(page.text("[data-testid=save-state]").starts_with("Review: this is the result"));
    assert_eq!(page.texts("[data-testid=no-credit]").len(), 1);

    page.tracker.set_save_state(SaveState::PartlyRefused);
    settle().await;
    assert!(page.text("[data-testid=save-state]").contains("except some values it refused"));
}

// Regression: a saved place that no longer resumed was dropped, and the
// fresh attempt's first report overwrote it.
#[wasm_bindgen_test]
async fn a_place_that_cannot_be_restored_is_kept_aside_and_the_learner_told() {
    let page = mount(Route::Exercise(ExerciseKind::AecQuiz), MemoryStore::default());
    settle().await;
    // A place at an item that a content update removed.
    let gone = ExerciseState::AecQuiz(QuizResume {
        v: 1,
        attempt: 1,
        seed: 0,
        audience: Some(Role::Sme),
        at: ResumeStep::Answering { item: "aec-gone-q01".into(), shown: 0 },
        items: vec![ResumeItem { id: "aec-gone-q01".into(), o: "ab".into(), a: None }],
        ratings: Vec::new(),
        seen: Vec::new(),
    });
    page.tracker.restore([(ExerciseKind::AecQuiz, gone.clone())].into());
    settle().await;
    assert!(page.text("[role=alert] .cl-notice__message").contains("could not be restored"));
    // Both texts are ASCII, where Rust's debug quoting is JSON's.
    assert_eq!(
        page.store.get(store::UNREADABLE_PLACES_KEY).unwrap(),
        Some(format!("[[\"aec-quiz\",{:?}]]", gone.to_text()))
    );
    assert_eq!(page.texts(".cl-quiz button[type=submit]").len(), 1, "a fresh quiz starts");
}

#[wasm_bindgen_test]
async fn the_quiz_starts_again_from_saved_forms_an_lms_hands_over_late() {
    let page = mount(Route::Exercise(ExerciseKind::AecQuiz), MemoryStore::default());
    settle().await;
    page.click(".cl-quiz button[type=submit]");
    settle().await;
    let (_, saved) = page.reports.get_untracked().pop().unwrap();
    assert_eq!(page.texts(".cl-quiz h2"), ["Part 1: Knowledge check"]);

    page.tracker.restore(Default::default());
    settle().await;
    assert_eq!(page.texts(".cl-quiz__progress").len(), 0, "nothing handed over: a fresh start");

    page.tracker.restore([(ExerciseKind::AecQuiz, saved)].into());
    settle().await;
    assert!(page.text(".cl-quiz__progress").starts_with("Question 1 of 28"));
}

#[wasm_bindgen_test]
async fn results_can_be_downloaded_once_there_are_some() {
    let page = mount(Route::Exercise(ExerciseKind::AecQuiz), MemoryStore::default());
    settle().await;
    assert_eq!(page.texts(".cl-exercise__download").len(), 0, "no result, no download");

    let snapshot = engine::activity::Snapshot {
        kind: ExerciseKind::AecQuiz,
        attempt: 1,
        answer_given: false,
        score: None,
        completion: engine::activity::Completion::Incomplete,
        success: engine::activity::Success::Unknown,
        interactions: Vec::new(),
        objectives: Vec::new(),
        counting: engine::activity::Counting::Best,
        artifacts: Default::default(),
    };
    let course = validate_structure(&bundled_structure()).unwrap();
    let session = engine::exercises::aec_quiz::QuizSession::new(course.quiz(), 1);
    page.tracker.report(snapshot, session.resume_state().into());
    settle().await;
    page.click(".cl-exercise__download");
    page.route.set(Route::Home);
    settle().await;
    page.click(".cl-results button");
    assert_eq!(page.downloads.get_untracked(), [Some(ExerciseKind::AecQuiz), None]);
}

#[wasm_bindgen_test]
async fn an_import_says_what_happened() {
    let page = mount(Route::Home, MemoryStore::default());
    settle().await;
    page.tracker.set_import_outcome(ImportOutcome::Restored(2));
    settle().await;
    assert_eq!(page.text(".cl-results [role=status]"), "Results restored: 2.");

    page.tracker
        .set_import_outcome(ImportOutcome::Refused(engine::record::v1::ImportError::NotARecord));
    settle().await;
    assert!(page.text(".cl-results [role=alert]").ends_with("Nothing was changed."));
}

#[wasm_bindgen_test]
async fn the_quiz_checks_an_answer_explains_it_and_reports_it() {
    let page = mount(Route::Exercise(ExerciseKind::AecQuiz), MemoryStore::default());
    settle().await;
    page.click(".cl-quiz button[type=submit]");
    settle().await;
    assert_eq!(page.texts(".cl-quiz h2"), ["Part 1: Knowledge check"]);
    assert!(page.text(".cl-quiz__progress").starts_with("Question 1 of 28"));
    let reports = page.reports.get_untracked();
    assert_eq!(reports.len(), 1, "choosing the audience is reported");

    page.click(".cl-quiz button[type=submit]");
    settle().await;
    assert_eq!(page.text(".cl-quiz [role=alert]"), "Please choose an answer first.");
    assert_eq!(page.reports.get_untracked().len(), 1, "a refused action reports nothing");

    page.click(".cl-quiz__item input");
    page.click(".cl-quiz button[type=submit]");
    settle().await;
    let verdict = page.text(".cl-quiz__verdict");
    assert!(verdict == "Correct." || verdict == "Not correct.", "{verdict}");
    assert!(page.text(".cl-quiz__feedback").contains("Why"));
    let (snapshot, saved) = page.reports.get_untracked().pop().unwrap();
    assert_eq!(snapshot.interactions.len(), 1);
    assert!(snapshot.interactions[0].id.starts_with("aec-d1-q"));
    assert!(
        saved.to_text().contains(&snapshot.interactions[0].id),
        "the saved form names the item"
    );
    assert_eq!(page.texts(".cl-quiz button[type=submit]"), ["Next question"]);

    page.click(".cl-quiz button[type=submit]");
    settle().await;
    assert!(page.text(".cl-quiz__progress").starts_with("Question 2 of 28"));
}

#[wasm_bindgen_test]
async fn a_case_placed_on_a_wrong_type_shows_its_clues_and_why_not_and_reports_the_answer() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterTypes), MemoryStore::default());
    settle().await;
    page.click("[data-testid=cases-begin]");
    settle().await;
    assert!(page.text(".cl-cases__progress").starts_with("Case 1 of 8"));
    let case: HtmlElement = page.element("article.cl-case");
    let id = case.get_attribute("data-case").unwrap();
    let course = validate_structure(&bundled_structure()).unwrap();
    let vignette = course.cases().vignette(&id).unwrap().clone();
    let wrong = if vignette.structure().code() == "not-a-cluster" {
        "marshallian"
    } else {
        "not-a-cluster"
    };
    assert!(page.texts("mark.cl-clue").is_empty(), "no clue before the check");

    page.click(&format!("button.cl-type__target[data-type={wrong}]"));
    settle().await;
    let clues: Vec<String> = vignette.clue_keys().iter().map(|key| page.locale.t(key)).collect();
    assert_eq!(page.texts("mark.cl-clue"), clues);
    assert_eq!(page.text(".cl-case-feedback__why"), page.locale.t(&vignette.why_key()));
    assert_eq!(page.texts(".cl-case-feedback__misread").len(), 1);
    assert_eq!(
        page.texts(".cl-type__target--right"),
        [page.locale.t(&vignette.structure().name_key())]
    );
    let (snapshot, _) = page.reports.get_untracked().pop().unwrap();
    assert_eq!(snapshot.interactions.len(), 1);
    assert_eq!(snapshot.interactions[0].id, id);
    assert_eq!(snapshot.interactions[0].response, [wrong]);
}

#[wasm_bindgen_test]
async fn the_type_targets_are_one_tab_stop_that_arrow_keys_move_through() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterTypes), MemoryStore::default());
    settle().await;
    page.click("[data-testid=cases-begin]");
    settle().await;
    let tab_stops = || page.texts("button.cl-type__target[tabindex='0']");
    assert_eq!(tab_stops().len(), 1);
    let first: HtmlElement = page.element("button.cl-type__target[tabindex='0']");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("End");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    first.dispatch_event(&event).unwrap();
    settle().await;
    let focused: HtmlElement = page.element("button.cl-type__target[tabindex='0']");
    assert_eq!(focused.get_attribute("data-type").as_deref(), Some("not-a-cluster"));
    assert_eq!(tab_stops().len(), 1);
}

/// Ticks the box of each firm in `ids` on the formation form.
fn choose_firms(page: &Mounted, ids: &[&str]) {
    for id in ids {
        page.click(&format!("article[data-firm={id}] [data-testid=firm-choose]"));
    }
}

#[wasm_bindgen_test]
async fn a_formation_that_cannot_be_founded_says_why_and_the_scope_follows_the_members() {
    let page = mount(Route::Exercise(ExerciseKind::ConsortiumSim), MemoryStore::default());
    settle().await;
    let course = validate_structure(&bundled_structure()).unwrap();
    let word = |word: &str| page.locale.t(&engine::exercises::consortium::keys::ui(word));
    choose_firms(&page, &["f01", "f03"]);
    settle().await;
    let scope = page.text("[data-testid=consortium-scope]");
    assert!(scope.contains(&word("single-sector")), "{scope}");
    // A furniture maker's card names the chosen member that makes the same products.
    let rival = page.locale.t(&course.consortium().firm("f01").unwrap().name_key());
    let overlap = page.texts("article[data-firm=f09] dd").join(" | ");
    assert!(overlap.contains(&rival), "{overlap}");
    let none = page.texts("article[data-firm=f05] dd").join(" | ");
    assert!(none.contains(&word("no-overlap")), "{none}");
    choose_firms(&page, &["f12"]);
    settle().await;
    let scope = page.text("[data-testid=consortium-scope]");
    assert!(scope.contains(&word("multi-sector")), "coffee is another sector: {scope}");
    choose_firms(&page, &["f12", "f03"]);
    settle().await;

    page.click("[data-testid=consortium-found]");
    settle().await;
    let min = course.consortium().member_range().start().to_string();
    let too_few = page.locale.t_with("consortium-sim.problem.too-few", &[("min", &min)]);
    assert_eq!(page.texts(".cl-consortium__problems li"), [too_few]);
    assert!(page.reports.get_untracked().is_empty(), "a refused formation reports nothing");
    assert_eq!(page.texts("[data-testid=consortium-found]").len(), 1, "the form stays");
}

#[wasm_bindgen_test]
async fn a_founded_consortium_reports_its_formation_and_plays_a_quarter_into_the_timeline() {
    let page = mount(Route::Exercise(ExerciseKind::ConsortiumSim), MemoryStore::default());
    settle().await;
    // Clicked out of pool order: the report names members in pool order.
    choose_firms(&page, &["f13", "f01", "f06", "f03"]);
    page.click("input[name=cl-consortium-coordinator][value=chamber]");
    settle().await;
    page.click("[data-testid=consortium-found]");
    settle().await;
    assert!(page.text("[data-testid=consortium-quarter]").starts_with("Quarter 1 of 12"));
    let (snapshot, _) = page.reports.get_untracked().pop().unwrap();
    let ids: Vec<&str> = snapshot.interactions.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), 10);
    assert_eq!(ids[0], "cs-chosen");
    assert_eq!(snapshot.interactions[0].response, ["f01", "f03", "f06", "f13"]);
    let coordinator = snapshot.interactions.iter().find(|i| i.id == "cs-coordinator").unwrap();
    assert_eq!(coordinator.response, ["chamber"]);

    page.click("input[name=cl-consortium-plan][value=trust-action]");
    settle().await;
    page.click("[data-testid=consortium-play]");
    settle().await;
    let quarter = page.texts("[data-testid=consortium-timeline] section[data-quarter='1'] li");
    let trust = page.locale.t(&engine::exercises::consortium::keys::activity(
        engine::exercises::consortium::ActivityKind::TrustAction,
    ));
    assert!(quarter.iter().any(|event| event.contains(&trust)), "{quarter:?}");
    let played = page.reports.get_untracked().len();
    assert!(played >= 2, "founding and the quarter are both reported");
}

/// The plan builder's words.
fn plan_word(page: &Mounted, word: &str) -> String {
    page.locale.t(&engine::exercises::cluster_plan::keys::ui(word))
}

/// The saved form of the plan in the latest report.
fn reported_plan(page: &Mounted) -> engine::exercises::cluster_plan::PlanResume {
    match page.reports.get_untracked().last().map(|(_, saved)| saved.clone()) {
        Some(ExerciseState::ClusterPlan(saved)) => saved,
        other => panic!("no plan reported: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_plan_section_shows_its_guidance_the_example_on_request_and_checks_once_touched() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), MemoryStore::default());
    settle().await;
    let course = validate_structure(&bundled_structure()).unwrap();
    let diagnosis = &course.plan().sections()[0];
    assert_eq!(
        page.text("[data-testid=plan-section-title]"),
        page.locale.t(&diagnosis.title_key())
    );
    let nav = page.text("[data-testid=plan-nav-diagnosis]");
    assert!(nav.contains(&plan_word(&page, "status.empty")), "{nav}");
    let example: HtmlElement = page.element("[data-testid=plan-example]");
    assert!(example.hidden(), "the worked example waits to be asked for");
    page.click("[data-testid=plan-example-toggle]");
    settle().await;
    assert!(!example.hidden());
    assert!(
        example.text_content().unwrap().contains(&page.locale.t(&diagnosis.example_key())[..40])
    );

    // Untouched fields raise nothing; a field left empty does once left.
    assert!(page.texts("[data-field=products] [data-testid=plan-field-note]")[0].is_empty());
    page.write("#cl-plan-field-products", "", true);
    settle().await;
    let missing = page.locale.t("cluster-plan.finding.missing");
    assert_eq!(page.texts("[data-field=products] [data-testid=plan-field-note]"), [missing]);
    let input: HtmlInputElement = page.element("#cl-plan-field-products");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    page.write("#cl-plan-field-location", "Vientiane Capital", true);
    settle().await;
    let nav = page.text("[data-testid=plan-nav-diagnosis]");
    assert!(nav.contains(&plan_word(&page, "status.started")), "{nav}");

    // An objective without a number or a date is not SMART.
    page.click("[data-testid=plan-nav-vision]");
    settle().await;
    page.write("#cl-plan-field-objectives", "Improve quality", false);
    settle().await;
    let not_smart = page.locale.t_with("cluster-plan.finding.not-smart.both", &[("item", "1")]);
    let too_few = page.locale.t_with("cluster-plan.finding.too-few-items", &[("min", "3")]);
    let note = page.text("[data-field=objectives] [data-testid=plan-field-note]");
    assert_eq!(note, format!("{too_few} {not_smart}"));
}

#[wasm_bindgen_test]
async fn typing_is_saved_after_a_pause_or_when_the_field_is_left() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), MemoryStore::default());
    settle().await;
    page.write("#cl-plan-field-location", "Luang Prabang", false);
    settle().await;
    assert!(page.reports.get_untracked().is_empty(), "keystrokes are not sent one by one");
    assert_eq!(page.text("[data-testid=plan-saving]"), plan_word(&page, "saving"));
    assert_eq!(
        page.tracker.saved(ExerciseKind::ClusterPlan).map(|_| ()),
        Some(()),
        "held, not lost"
    );
    page.write("#cl-plan-field-location", "Luang Prabang Province", true);
    settle().await;
    assert_eq!(page.reports.get_untracked().len(), 1);
    assert_eq!(page.text("[data-testid=plan-saving]"), plan_word(&page, "all-saved"));
    let (snapshot, _) = page.reports.get_untracked().pop().unwrap();
    assert_eq!(snapshot.interactions[0].id, "cp-diagnosis");
    assert_eq!(
        snapshot.artifacts["plan"]["sections"][0]["fields"]["location"],
        "Luang Prabang Province"
    );

    // A pause saves without leaving the field.
    page.write("#cl-plan-field-products", "Silk scarves", false);
    sleep(1_700).await;
    assert_eq!(page.reports.get_untracked().len(), 2);
    assert_eq!(reported_plan(&page).values.len(), 2);
}

/// Waits `ms` milliseconds of browser time.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_action_plan_adds_moves_and_removes_rows_and_draws_the_dated_ones() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), MemoryStore::default());
    settle().await;
    page.click("[data-testid=plan-nav-action-plan]");
    settle().await;
    for _ in 0..3 {
        page.click("[data-testid=plan-add-row]");
        settle().await;
    }
    assert_eq!(page.texts("[data-testid=plan-rows] > li").len(), 3);
    page.write("[data-row='1'] [data-cell=activity]", "Train 20 weavers in natural dyeing", true);
    page.write("[data-row='1'] [data-cell=start]", "2026-06-10", true);
    page.write("[data-row='1'] [data-cell=end]", "2026-06-30", true);
    page.write("[data-row='2'] [data-cell=activity]", "Visit a buyer fair", true);
    page.write("[data-row='2'] [data-cell=start]", "2026-12-01", true);
    page.write("[data-row='2'] [data-cell=end]", "2026-12-05", true);
    settle().await;
    // The window is June to November of the year the clock reads.
    let outside = page.locale.t("cluster-plan.finding.outside-window");
    assert!(page.texts("[data-row='2'] [data-testid=plan-row-notes] li").contains(&outside));
    let editor_bars = "[data-testid=plan-panel] [data-testid=plan-gantt] .cl-gantt__bar";
    assert_eq!(page.texts(editor_bars).len(), 2);
    assert_eq!(page.texts(&format!("{editor_bars}.cl-gantt__bar--outside")).len(), 1);

    page.click("[data-row='1'] [data-action=down]");
    settle().await;
    let order: Vec<u32> = reported_plan(&page).rows.iter().map(|row| row.id).collect();
    assert_eq!(order, [2, 1, 3]);
    let legends = page.texts("[data-testid=plan-rows] legend");
    assert_eq!(legends[0], page.locale.t_with("cluster-plan.ui.row-heading", &[("n", "1")]));
    page.click("[data-row='3'] [data-action=remove]");
    settle().await;
    assert_eq!(reported_plan(&page).rows.len(), 2);
    assert_eq!(page.texts("[data-testid=plan-rows] > li").len(), 2);
}

#[wasm_bindgen_test]
async fn the_quizs_needs_become_rows_the_learner_accepts_or_drops() {
    let progress = Progress {
        capacity_needs: vec![engine::vocabulary::CapacityNeed {
            dimension: "aec-d3".into(),
            readiness: 31,
            band: "early".into(),
            recommendation_keys: vec![
                "aec-quiz.statement.aec-sme-s05.recommendation".into(),
                "aec-quiz.statement.aec-sme-s06.recommendation".into(),
            ],
        }],
        ..Progress::default()
    };
    let encoded = progress.encode();
    let store = MemoryStore::with_entries([(store::PROGRESS_KEY, encoded.as_str())]);
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), store);
    settle().await;
    assert!(
        page.locale.wanted_untracked().contains(&CatalogPart::Exercise(ExerciseKind::AecQuiz)),
        "the recommendations are the quiz's strings"
    );
    page.click("[data-testid=plan-nav-action-plan]");
    settle().await;
    assert_eq!(page.texts("[data-testid=plan-suggestions] li").len(), 2);
    page.click(
        "[data-suggestion='aec-quiz.statement.aec-sme-s05.recommendation'] [data-action=accept]",
    );
    settle().await;
    page.click(
        "[data-suggestion='aec-quiz.statement.aec-sme-s06.recommendation'] [data-action=drop]",
    );
    settle().await;
    assert!(page.texts("[data-testid=plan-suggestions]").is_empty(), "both decided");
    let saved = reported_plan(&page);
    assert_eq!(saved.rows.len(), 1);
    assert_eq!(
        saved.rows[0].from.as_deref(),
        Some("aec-quiz.statement.aec-sme-s05.recommendation")
    );
    let activity: HtmlInputElement = page.element("[data-row='1'] [data-cell=activity]");
    assert_eq!(activity.value(), page.locale.t("aec-quiz.statement.aec-sme-s05.recommendation"));
}

#[wasm_bindgen_test]
async fn learner_text_stays_text_in_the_document_and_the_markdown_export() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), MemoryStore::default());
    settle().await;
    let payload = "<img src=x onerror=\"document.title='owned'\"><b>bold</b>";
    page.write("#cl-plan-field-location", payload, true);
    settle().await;
    page.click("[data-testid=plan-nav-document]");
    settle().await;
    let document_text = page.text("[data-testid=plan-document] [data-field=location]");
    assert_eq!(document_text, payload);
    let planted =
        page.root.query_selector("[data-testid=plan-document] img, [data-testid=plan-document] b");
    assert!(planted.unwrap().is_none(), "no element came from learner text");

    page.click("[data-testid=plan-export-markdown]");
    settle().await;
    let files = page.saved_files.get_untracked();
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].name.as_str(), files[0].media_type), ("cluster-plan.md", "text/markdown"));
    assert!(
        files[0].text.contains("\\<img src=x onerror=\"document.title='owned'\"\\>"),
        "{}",
        files[0].text
    );
    page.click("[data-testid=plan-export-json]");
    page.click("[data-testid=plan-print]");
    settle().await;
    assert_eq!(page.downloads.get_untracked(), [Some(ExerciseKind::ClusterPlan)]);
    assert_eq!(page.prints.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn a_plan_opened_for_review_cannot_be_edited_but_still_exported() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), MemoryStore::default());
    settle().await;
    let location: HtmlInputElement = page.element("#cl-plan-field-location");
    assert!(!location.matches(":disabled").unwrap());
    page.tracker.set_terms(LmsTerms { review: true, ..LmsTerms::default() });
    settle().await;
    assert!(location.matches(":disabled").unwrap(), "nothing done in review is recorded");
    page.click("[data-testid=plan-nav-rubric]");
    settle().await;
    let level: HtmlInputElement = page.element("input[name=cl-plan-level-evidence]");
    assert!(level.matches(":disabled").unwrap());
    page.click("[data-testid=plan-nav-document]");
    settle().await;
    assert!(page.root.query_selector("[data-testid=plan-import]").unwrap().is_none());
    page.click("[data-testid=plan-export-json]");
    assert_eq!(page.downloads.get_untracked(), [Some(ExerciseKind::ClusterPlan)]);
}

#[wasm_bindgen_test]
async fn a_file_the_browser_did_not_offer_is_said_until_one_is() {
    let page = mount(Route::Exercise(ExerciseKind::ClusterPlan), MemoryStore::default());
    settle().await;
    page.click("[data-testid=plan-nav-document]");
    settle().await;
    assert!(page.texts("[data-testid=file-not-offered]").is_empty());
    page.offering.set(false);
    page.click("[data-testid=plan-export-json]");
    settle().await;
    let not_offered = page.locale.t("ui.results.not-offered");
    assert_eq!(page.texts("[data-testid=file-not-offered]"), std::slice::from_ref(&not_offered));
    page.click("[data-testid=plan-export-markdown]");
    settle().await;
    assert_eq!(page.texts("[data-testid=file-not-offered]"), [not_offered]);
    page.offering.set(true);
    page.click("[data-testid=plan-export-markdown]");
    settle().await;
    assert!(page.texts("[data-testid=file-not-offered]").is_empty(), "a file came");
}
