//! The LMS bridge: the only code that talks to a SCORM run-time. Every rule
//! about what is written and when lives in `engine::lms`; this module finds
//! the API object and names the activity.

mod api;

use engine::lms::LmsSession;
use engine::sco::Scope;

use crate::storage::BrowserStore;
pub use api::WebApi;

/// One launch's session with the browser's LMS, or its standalone stand-in.
pub type Bridge = LmsSession<WebApi>;

/// Finds the LMS and starts the session for `scope`.
pub fn connect(scope: Scope, now_ms: i64) -> Bridge {
    LmsSession::open(WebApi::find(), Box::new(BrowserStore), scope, &activity(), now_ms)
}

/// The activity this launch belongs to: the package's folder. Moodle serves
/// each activity's package under its own context id
/// (`/pluginfile.php/<context>/mod_scorm/content/<revision>/`); the revision
/// is left out so that a trainer's package update keeps the learner's copy.
fn activity() -> String {
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    let folder = path.rsplit_once('/').map_or(path.as_str(), |(folder, _)| folder);
    match folder.split_once("/content/") {
        Some((activity, _)) => activity.to_owned(),
        None => folder.to_owned(),
    }
}
