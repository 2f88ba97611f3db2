//! Results leaving the app: a downloaded file, a `postMessage` to the page
//! that embeds the app, and the import of a file downloaded earlier.

use engine::record::v1::{Bundle, Record};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The `type` of every message posted to the embedding page.
const MESSAGE_TYPE: &str = "clusterlab.record";

/// Offers `records` as a JSON file: one exercise's record alone, or every
/// result as a bundle (even of one record, so "all" always has one shape).
pub fn download(records: Vec<Record>, all: bool, now_ms: i64) -> Result<(), JsValue> {
    let (name, json) = match records.as_slice() {
        [record] if !all => (
            format!("clusterlab-{}.json", record.exercise.slug()),
            serde_json::to_string_pretty(record),
        ),
        _ => (
            "clusterlab-results.json".to_owned(),
            serde_json::to_string_pretty(&Bundle::new(records, now_ms)),
        ),
    };
    let json = json.expect("records always serialise");
    offer_file(&name, "application/json", &json)
}

/// Offers `text` as a file named `name` of type `media_type`.
pub fn offer_file(name: &str, media_type: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = leptos::prelude::document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Posts `record` to the embedding page, if there is one and its origin is
/// among `allowed_origins`: results never go to an origin nobody allowed.
pub fn post_to_parent(record: &Record, allowed_origins: &[String]) {
    let window = leptos::prelude::window();
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    // The embedding page's origin, when the browser reveals it through the
    // referrer: posting only to a matching allowed origin keeps the console
    // free of "target origin does not match" errors.
    // Without a referrer (a strict referrer policy), a single allowed origin
    // is posted to as is; the browser delivers only if it matches.
    let referrer = leptos::prelude::document().referrer();
    let origin = if referrer.is_empty() {
        allowed_origins.first().filter(|_| allowed_origins.len() == 1)
    } else {
        allowed_origins.iter().find(|origin| is_origin_of(origin, &referrer))
    };
    let Some(origin) = origin else { return };
    let message = serde_json::json!({ "type": MESSAGE_TYPE, "record": record });
    let Ok(message) = js_sys::JSON::parse(&message.to_string()) else { return };
    _ = parent.post_message(&message, origin);
}

/// Whether `url` is on `origin`: the origin followed by a path, or nothing.
fn is_origin_of(origin: &str, url: &str) -> bool {
    url.strip_prefix(origin).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The text of a file the learner chose.
pub async fn read_text(file: web_sys::File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

#[cfg(test)]
mod tests {
    use super::is_origin_of;

    #[test]
    fn a_referrer_matches_only_its_own_origin() {
        assert!(is_origin_of(
            "https://lms.example.org",
            "https://lms.example.org/mod/scorm/player.php"
        ));
        assert!(is_origin_of("https://lms.example.org", "https://lms.example.org"));
        assert!(!is_origin_of("https://lms.example.org", "https://lms.example.org.evil.test/"));
        assert!(!is_origin_of("https://lms.example.org", "http://lms.example.org/"));
    }
}
