//! The current route, read from `location.hash`. Hash routing keeps the app
//! working from any base path and across reloads and deep links.

use engine::Route;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The route of the current URL, updated on every `hashchange`; `start`
/// when the URL names no page.
pub fn use_hash_route(start: Route) -> ReadSignal<Route> {
    let hash = current_hash();
    let initial = if hash.trim_start_matches('#').trim_matches('/').is_empty() {
        start
    } else {
        Route::parse(&hash)
    };
    let (route, set_route) = signal(initial);
    let listener = window_event_listener(ev::hashchange, move |_| {
        set_route.set(Route::parse(&current_hash()));
        // A new page starts at its top, with focus on the main region so that
        // screen readers announce the page rather than the link just used.
        window().scroll_to_with_x_and_y(0.0, 0.0);
        let main = document().get_element_by_id("main");
        if let Some(main) = main.and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok()) {
            _ = main.focus();
        }
    });
    on_cleanup(move || listener.remove());
    route
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}
