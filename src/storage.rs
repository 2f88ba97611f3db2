//! The browser's `localStorage` behind the engine's storage trait.

use engine::store::{KeyValueStore, StoreError};
use leptos::prelude::window;

/// `window.localStorage`, looked up on every call: it holds no JS handle, so
/// it can live in a thread-safe context, and a store that becomes unavailable
/// mid-session is reported rather than cached.
pub struct BrowserStore;

impl KeyValueStore for BrowserStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        local_storage()?.get_item(key).map_err(|_| refused("read"))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        local_storage()?.set_item(key, value).map_err(|_| refused("write"))
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        local_storage()?.remove_item(key).map_err(|_| refused("delete"))
    }
}

fn local_storage() -> Result<web_sys::Storage, StoreError> {
    window().local_storage().ok().flatten().ok_or_else(|| refused("open"))
}

fn refused(action: &str) -> StoreError {
    StoreError::Unavailable(format!("localStorage refused to {action}"))
}
