use std::sync::Arc;

use components::Shell;
use components::context::{Clock, CourseData, Storage};
use engine::Route;
use engine::content::{CatalogPart, Course};
use engine::sco::Scope;
use engine::store::Namespaced;
use leptos::prelude::*;

use crate::storage::BrowserStore;
use crate::tracking::OpenLaunch;

/// The course structure in compact form, written by the build script from
/// the content it validated, with the sections of this build's exercises.
const COMPACT_COURSE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/course.bin"));

/// The root: provides the contexts every view relies on, then the shell once
/// the frame's strings are in.
#[component]
pub fn App() -> impl IntoView {
    // The build script wrote these bytes, so failing here would mean a broken
    // build rather than bad content.
    let course =
        Arc::new(Course::from_compact(COMPACT_COURSE).expect("build.rs writes a valid course"));
    let launch = OpenLaunch::start();
    // Under an LMS, everything this device keeps is the learner's and the
    // activity's own: learners sharing a browser never see each other's.
    let storage = Storage::load(Arc::new(Namespaced::new(launch.device_prefix(), BrowserStore)));
    let locale = crate::i18n::use_locale(&course, storage);
    let (tracker, scope) = crate::tracking::use_tracker(launch, locale, storage);
    provide_context(CourseData(course));
    provide_context(storage);
    provide_context(locale);
    provide_context(tracker);
    provide_context(Clock::new(
        Callback::new(|()| js_sys::Date::now() as i64),
        // Seeds only vary draws between learners; they need no cryptographic quality.
        Callback::new(|()| (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64),
        // JavaScript counts the offset the other way round: minutes behind UTC.
        Callback::new(|now_ms: i64| {
            -(js_sys::Date::new(&(now_ms as f64).into()).get_timezone_offset() as i32)
        }),
    ));
    // A one-exercise launch opens on its exercise rather than the list.
    let start = match scope {
        Scope::Single(kind) => Route::Exercise(kind),
        Scope::All => Route::Home,
    };
    let route = crate::route::use_hash_route(start);
    // The first page's own strings load beside the frame's, not after them.
    if let Route::Exercise(kind) = route.get_untracked() {
        locale.want(CatalogPart::Exercise(kind));
    }
    Effect::new(move |_| {
        if !locale.ready() {
            return;
        }
        if let Some(boot) = document().get_element_by_id("cl-boot") {
            boot.remove();
        }
        if let Some(body) = document().body() {
            _ = body.remove_attribute("aria-busy");
        }
    });
    view! {
        <Show when=move || locale.ready()>
            <Shell route framed=in_a_frame() />
        </Show>
    }
}

/// Whether another page holds this one in a frame, as an LMS player or an
/// embedding page does.
fn in_a_frame() -> bool {
    // A window without a parent, or one it cannot tell, is taken as the top.
    window().parent().ok().flatten().is_some_and(|parent| !js_sys::Object::is(&parent, &window()))
}
