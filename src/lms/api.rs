//! The LMS's run-time API object: found the standard way, called through
//! `Reflect`, and checked after every call.

use engine::lms::{LmsApi, LmsError};
use engine::scorm::{ApiMethod, Version};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How far up the frame tree to look: the SCORM 2004 sample's bound, which
/// also covers 1.2's seven hops.
const MAX_PARENT_HOPS: usize = 500;

/// A connection to the LMS's API object.
pub struct WebApi {
    version: Version,
    object: JsValue,
}

impl WebApi {
    /// Looks for `API_1484_11` or `API` on this window, then its parents, then
    /// the opener and its parents. A cross-origin frame ends the walk.
    pub fn find() -> Option<WebApi> {
        let window: JsValue = web_sys::window()?.into();
        let opener = Reflect::get(&window, &"opener".into()).ok().filter(|o| !o.is_null());
        std::iter::once(window).chain(opener).find_map(|start| search_up(&start))
    }

    /// Calls `method` and then asks the LMS for its last error: an LMS may
    /// answer "true" and still report an error, so both are checked.
    fn call(&self, method: ApiMethod, args: &[&str]) -> Result<String, LmsError> {
        let name = self.version.method(method);
        let returned = self.invoke(name, args);
        let code = self.invoke(self.version.method(ApiMethod::GetLastError), &[]);
        let code = code.unwrap_or_else(|| "101".to_owned());
        let failed = match method {
            // GetValue returns data rather than "true", and an error comes
            // with an empty value; a value is a success even when the error
            // code is stale (scorm-again keeps an earlier 403 until a
            // SetValue).
            ApiMethod::GetValue => {
                returned.as_deref().is_none_or(str::is_empty) && code != "0" || returned.is_none()
            }
            _ => returned.as_deref() != Some("true") || code != "0",
        };
        if failed {
            let message = self
                .invoke(self.version.method(ApiMethod::GetErrorString), &[&code])
                .unwrap_or_default();
            let code = if code == "0" { "101".to_owned() } else { code };
            return Err(LmsError { method, code, message });
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

impl LmsApi for WebApi {
    fn version(&self) -> Version {
        self.version
    }

    fn initialize(&mut self) -> Result<(), LmsError> {
        self.call(ApiMethod::Initialize, &[""]).map(drop)
    }

    fn get(&mut self, element: &str) -> Result<String, LmsError> {
        self.call(ApiMethod::GetValue, &[element])
    }

    fn set(&mut self, element: &str, value: &str) -> Result<(), LmsError> {
        self.call(ApiMethod::SetValue, &[element, value]).map(drop)
    }

    fn commit(&mut self) -> Result<(), LmsError> {
        self.call(ApiMethod::Commit, &[""]).map(drop)
    }

    fn finish(&mut self) -> Result<(), LmsError> {
        self.call(ApiMethod::Finish, &[""]).map(drop)
    }
}

fn search_up(start: &JsValue) -> Option<WebApi> {
    let mut frame = start.clone();
    for _ in 0..=MAX_PARENT_HOPS {
        for version in [Version::Scorm2004, Version::Scorm12] {
            let object = Reflect::get(&frame, &version.api_name().into()).ok()?;
            if object.is_object() {
                return Some(WebApi { version, object });
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
