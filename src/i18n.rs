//! Language switching: every catalog is fetched in parts
//! (`locales/<code>/<part>.bin`, through the page's loader, which unpacks the
//! precompressed files), so a learner downloads only the language they read
//! and only the strings of the pages they open.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use components::context::{Locale, LocaleRequest, Storage};
use engine::content::{Catalog, CatalogPart, Course};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// How long to wait before asking again for a first catalog that did not come.
const FIRST_CATALOG_RETRY: std::time::Duration = std::time::Duration::from_secs(3);

#[wasm_bindgen]
extern "C" {
    /// The loader's fetch (index.html): the bytes of a packaged file, given
    /// its path as built, unpacked.
    #[wasm_bindgen(js_name = clusterlabLoad, catch)]
    fn clusterlab_load(path: &str) -> Result<js_sys::Promise, JsValue>;

    /// The loader's failure message in place of the loading bar (index.html);
    /// it also logs `error`.
    #[wasm_bindgen(js_name = clusterlabFailed)]
    fn clusterlab_failed(error: &JsValue);
}

/// The locale context: restores the learner's earlier choice, loads the
/// parts of each requested catalog that the pages want, and keeps
/// `<html lang>` and the title in step.
pub fn use_locale(course: &Course, storage: Storage) -> Locale {
    let code = storage
        .locale_preference()
        .filter(|code| course.locale(code).is_some())
        .unwrap_or_else(|| course.default_locale().to_owned());
    let locale = Locale::loading(code);
    // Parts on their way, so that a page asking again does not fetch twice.
    let in_flight = StoredValue::new(BTreeSet::<(String, CatalogPart)>::new());
    // Parts that did not come, asked for again only once the learner asks
    // again (or the first catalog's retry does), never in a loop.
    let refused = StoredValue::new(BTreeSet::<(String, CatalogPart)>::new());
    // Parts of languages not shown (yet), kept until all a page wants are in.
    let arrived = StoredValue::new(BTreeMap::<String, Catalog>::new());
    Effect::new(move |_| {
        let wanted = locale.wanted();
        let request = locale.request();
        if !matches!(request, LocaleRequest::Failed(_)) {
            refused.update_value(BTreeSet::clear);
        }
        let code = match request {
            LocaleRequest::Loading(code) => code,
            LocaleRequest::Settled | LocaleRequest::Failed(_) => locale.code(),
        };
        let missing: Vec<CatalogPart> = wanted
            .iter()
            .copied()
            .filter(|&part| !holds(locale, arrived, &code, part))
            .filter(|&part| {
                let asked = (code.clone(), part);
                !in_flight.with_value(|set| set.contains(&asked))
                    && !refused.with_value(|set| set.contains(&asked))
            })
            .collect();
        for part in missing {
            in_flight.update_value(|set| {
                set.insert((code.clone(), part));
            });
            let code = code.clone();
            spawn_local_scoped(async move {
                let fetched = fetch_part(&code, part).await;
                in_flight.update_value(|set| {
                    set.remove(&(code.clone(), part));
                });
                if fetched.is_err() {
                    refused.update_value(|set| {
                        set.insert((code.clone(), part));
                    });
                }
                match fetched {
                    Ok(piece) => {
                        arrived.update_value(|arrived| {
                            let earlier = arrived.remove(&code).unwrap_or(Catalog::empty(&code));
                            arrived.insert(code.clone(), earlier.merged(piece));
                        });
                        show_if_complete(locale, arrived, storage, &code);
                    }
                    Err(err) if !locale.ready() => {
                        // No page can show the failure yet: the loader says
                        // it in place of the loading bar, and the first
                        // catalog is asked for again until it comes.
                        clusterlab_failed(&err);
                        locale.set_request(LocaleRequest::Failed(code.clone()));
                        set_timeout(
                            move || locale.set_request(LocaleRequest::Loading(code)),
                            FIRST_CATALOG_RETRY,
                        );
                    }
                    Err(err) => {
                        web_sys::console::error_1(&err);
                        locale.set_request(LocaleRequest::Failed(code));
                    }
                }
            });
        }
    });
    Effect::new(move |_| {
        if !locale.ready() {
            return;
        }
        if let Some(root) = document().document_element() {
            _ = root.set_attribute("lang", &locale.code());
        }
        document().set_title(&locale.t("ui.app.title"));
    });
    locale
}

/// Whether `part` of `code` is shown or has arrived.
fn holds(
    locale: Locale,
    arrived: StoredValue<BTreeMap<String, Catalog>>,
    code: &str,
    part: CatalogPart,
) -> bool {
    let shown = locale.current_untracked();
    (shown.code() == code && shown.holds(part))
        || arrived
            .with_value(|arrived| arrived.get(code).is_some_and(|catalog| catalog.holds(part)))
}

/// Shows `code` once every wanted part of it is in: the language the learner
/// asked for, or one more part of the language shown. A later choice wins
/// over a slow earlier one.
fn show_if_complete(
    locale: Locale,
    arrived: StoredValue<BTreeMap<String, Catalog>>,
    storage: Storage,
    code: &str,
) {
    let shown = locale.current_untracked();
    let requested = locale.request_untracked() == LocaleRequest::Loading(code.to_owned());
    if !requested && shown.code() != code {
        return;
    }
    let base = if shown.code() == code { (*shown).clone() } else { Catalog::empty(code) };
    let Some(catalog) = arrived.with_value(|arrived| arrived.get(code).cloned()) else { return };
    let catalog = base.merged(catalog);
    if !locale.wanted_untracked().iter().all(|&part| catalog.holds(part)) {
        return;
    }
    arrived.update_value(|arrived| {
        arrived.remove(code);
    });
    locale.show(Arc::new(catalog));
    if requested {
        storage.save_locale_preference(code);
    }
}

/// The part `part` of language `code`, fetched through the loader.
async fn fetch_part(code: &str, part: CatalogPart) -> Result<Catalog, JsValue> {
    let path = part.path(code);
    let bytes = JsFuture::from(clusterlab_load(&path)?).await?;
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    let catalog = Catalog::from_compact(&bytes)
        .map_err(|err| JsValue::from_str(&format!("{path}: {err}")))?;
    if catalog.code() != code || !catalog.holds(part) {
        return Err(JsValue::from_str(&format!("{path} holds another catalog")));
    }
    Ok(catalog)
}
