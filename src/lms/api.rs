//! The LMS's run-time API object: found the standard way, called through
//! `Reflect`, and checked after every call.

use engine::scorm::{ApiMethod, Version};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How far up the frame tree to look: the SCORM 2004 sample's bound, which
/// also covers 1.2's seven hops.
const MAX_PARENT_HOPS: usize = 500;

/// A failed API call, with the LMS's own error code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LmsError {
    /// The function that failed.
    pub call: &'static str,
    /// The LMS's error code, e.g. `101`.
    pub code: String,
    /// The LMS's text for it.
    pub message: String,
}

/// A connection to the LMS's API object.
pub struct LmsApi {
    version: Version,
    object: JsValue,
}

impl LmsApi {
    /// Looks for `API_1484_11` or `API` on this window, then its parents, then
    /// the opener and its parents. A cross-origin frame ends the walk.
    pub fn find() -> Option<LmsApi> {
        let window: JsValue = web_sys::window()?.into();
        let opener = Reflect::get(&window, &"opener".into()).ok().filter(|o| !o.is_null());
        std::iter::once(window).chain(opener).find_map(|start| search_up(&start))
    }

    /// Which version the LMS speaks.
    pub fn version(&self) -> Version {
        self.version
    }

    /// Starts the session.
    pub fn initialize(&self) -> Result<(), LmsError> {
        self.call(ApiMethod::Initialize, &[""]).map(drop)
    }

    /// Reads an element. An element not yet set reads as empty.
    pub fn get(&self, element: &str) -> Result<String, LmsError> {
        match self.call(ApiMethod::GetValue, &[element]) {
            Err(err) if self.version.is_not_initialized_error(&err.code) => Ok(String::new()),
            other => other,
        }
    }

    /// Writes an element.
    pub fn set(&self, element: &str, value: &str) -> Result<(), LmsError> {
        self.call(ApiMethod::SetValue, &[element, value]).map(drop)
    }

    /// Asks the LMS to persist what was written.
    pub fn commit(&self) -> Result<(), LmsError> {
        self.call(ApiMethod::Commit, &[""]).map(drop)
    }

    /// Ends the session.
    pub fn finish(&self) -> Result<(), LmsError> {
        self.call(ApiMethod::Finish, &[""]).map(drop)
    }

    /// Calls `method` and then asks the LMS for its last error: an LMS may
    /// answer "true" and still report an error, so both are checked.
    fn call(&self, method: ApiMethod, args: &[&str]) -> Result<String, LmsError> {
        let name = self.version.method(method);
        let returned = self.invoke(name, args);
        let code = self.invoke(self.version.method(ApiMethod::GetLastError), &[]);
        // GetValue returns data rather than "true": its failure shows only in
        // the error code.
        let failed = method != ApiMethod::GetValue && returned.as_deref() != Some("true");
        let code = code.unwrap_or_else(|| "101".to_owned());
        if failed || code != "0" {
            let message = self
                .invoke(self.version.method(ApiMethod::GetErrorString), &[&code])
                .unwrap_or_default();
            let code = if code == "0" { "101".to_owned() } else { code };
            return Err(LmsError { call: name, code, message });
        }
        Ok(returned.unwrap_or_default())
    }

    /// Calls a function of the API object; `None` if it is missing or throws.
    fn invoke(&self, name: &str, args: &[&str]) -> Option<String> {
        let function: Function = Reflect::get(&self.object, &name.into()).ok()?.dyn_into().ok()?;
        let args: js_sys::Array = args.iter().map(|arg| JsValue::from_str(arg)).collect();
        let returned = function.apply(&self.object, &args).ok()?;
        Some(returned.as_string().unwrap_or_else(|| {
            returned.as_bool().map(|value| value.to_string()).unwrap_or_default()
        }))
    }
}

fn search_up(start: &JsValue) -> Option<LmsApi> {
    let mut frame = start.clone();
    for _ in 0..=MAX_PARENT_HOPS {
        for version in [Version::Scorm2004, Version::Scorm12] {
            let object = Reflect::get(&frame, &version.api_name().into()).ok()?;
            if object.is_object() {
                return Some(LmsApi { version, object });
            }
        }
        let parent = Reflect::get(&frame, &"parent".into()).ok()?;
        if parent.is_null() || parent.is_undefined() || js_sys::Object::is(&parent, &frame) {
            return None;
        }
        frame = parent;
    }
    None
}
