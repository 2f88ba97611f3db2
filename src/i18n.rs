//! Language switching: the default catalog is compiled in, every other one is
//! fetched from `locales/<code>.json` when a learner chooses it, so remote
//! learners on slow links download only the language they read.

use std::sync::Arc;

use components::context::{Locale, LocaleRequest, Storage};
use engine::content::{Catalog, Course, Source, parse_catalog};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The locale context: restores the learner's earlier choice, loads each
/// requested catalog, and keeps `<html lang>` and the title in step.
pub fn use_locale(course: &Course, default: Arc<Catalog>, storage: Storage) -> Locale {
    let locale = Locale::new(default.clone(), default.clone());
    if let Some(code) = storage.locale_preference().filter(|code| course.locale(code).is_some()) {
        locale.choose(code);
    }
    Effect::new(move |_| {
        let LocaleRequest::Loading(code) = locale.request() else { return };
        if code == default.code() {
            locale.show(default.clone());
            storage.save_locale_preference(&code);
            return;
        }
        spawn_local_scoped(async move {
            let fetched = fetch_catalog(&code).await;
            // A later choice wins over a slow earlier one.
            if locale.request_untracked() != LocaleRequest::Loading(code.clone()) {
                return;
            }
            match fetched {
                Some(catalog) => {
                    locale.show(Arc::new(catalog));
                    storage.save_locale_preference(&code);
                }
                None => locale.set_request(LocaleRequest::Failed(code)),
            }
        });
    });
    Effect::new(move |_| {
        let root = document().document_element();
        if let Some(root) = root {
            _ = root.set_attribute("lang", &locale.code());
        }
        document().set_title(&locale.t("ui.app.title"));
    });
    locale
}

/// The catalog at `locales/<code>.json`, relative to the page, so it is found
/// under any base path. `None` when it cannot be fetched or read; the learner
/// then keeps the current language and sees a notice.
async fn fetch_catalog(code: &str) -> Option<Catalog> {
    let url = format!("locales/{code}.json");
    let response = JsFuture::from(window().fetch_with_str(&url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    parse_catalog(&Source::new(url, text)).ok().filter(|catalog| catalog.code() == code)
}
