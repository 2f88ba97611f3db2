//! The storage boundary: a small key-value trait the app implements over
//! `localStorage`, and the rules for reading saved progress without ever
//! losing or misreading it.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::progress::{Progress, ProgressDecodeError};

/// Where the learner's progress is saved.
pub const PROGRESS_KEY: &str = "clusterlab.progress";
/// Where unreadable progress is kept aside so it can still be recovered by hand.
pub const UNREADABLE_PROGRESS_KEY: &str = "clusterlab.progress.unreadable";
/// Where the learner's language choice is saved.
pub const LOCALE_KEY: &str = "clusterlab.locale";
/// Where saved places that no longer restore are kept, oldest first, so that
/// they can still be recovered by hand.
pub const UNREADABLE_PLACES_KEY: &str = "clusterlab.resume.unreadable";

/// A string key-value store, such as the browser's `localStorage`.
pub trait KeyValueStore {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Deletes `key`.
    fn remove(&self, key: &str) -> Result<(), StoreError>;
}

/// Why the store could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser refused access (private mode, blocked storage, quota).
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
}

/// An in-memory store, for tests and for browsers that refuse storage.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<BTreeMap<String, String>>,
}

impl MemoryStore {
    /// A store holding the given entries.
    pub fn with_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> MemoryStore {
        let entries = entries.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        MemoryStore { entries: Mutex::new(entries) }
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.entries.lock().expect("memory store lock").get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.entries.lock().expect("memory store lock").insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.entries.lock().expect("memory store lock").remove(key);
        Ok(())
    }
}

impl<S: KeyValueStore + ?Sized> KeyValueStore for &S {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        (**self).set(key, value)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        (**self).remove(key)
    }
}

/// A store whose keys all start with one prefix: under an LMS, each learner
/// and activity gets its own, so that learners sharing a browser never see
/// each other's progress.
#[derive(Debug)]
pub struct Namespaced<S> {
    prefix: String,
    inner: S,
}

impl<S: KeyValueStore> Namespaced<S> {
    /// `inner` with every key prefixed by `prefix`.
    pub fn new(prefix: &str, inner: S) -> Namespaced<S> {
        Namespaced { prefix: prefix.to_owned(), inner }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

impl<S: KeyValueStore> KeyValueStore for Namespaced<S> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get(&self.key(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner.set(&self.key(key), value)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(&self.key(key))
    }
}

/// Saved progress as loaded, and anything the learner must be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedProgress {
    /// The progress to start from.
    pub progress: Progress,
    /// Set when the saved data could not be used as it was.
    pub notice: Option<StorageNotice>,
}

/// Something about saved data the learner must be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageNotice {
    /// Saved progress could not be read; it was kept aside under
    /// [`UNREADABLE_PROGRESS_KEY`] and the app started afresh.
    Reset(ProgressDecodeError),
    /// The store refused access; progress lasts only until the page closes.
    Unavailable(StoreError),
    /// A saved place in an exercise could not be restored (damaged, or no
    /// longer fitting the content); it was kept aside under
    /// [`UNREADABLE_PLACES_KEY`] and the exercise started afresh.
    PlaceKeptAside,
}

/// Keeps a saved place that could not be restored, with what it was (`what`,
/// e.g. `aec-quiz` or `suspend_data`), after any kept before: nothing a
/// learner saved is ever overwritten by a fresh start.
pub fn keep_aside(store: &dyn KeyValueStore, what: &str, saved: &str) -> StorageNotice {
    let kept = store.get(UNREADABLE_PLACES_KEY).and_then(|earlier| {
        let mut places: Vec<(String, String)> = match earlier {
            None => Vec::new(),
            // A list damaged by hand is kept whole as its first entry.
            Some(earlier) => serde_json::from_str(&earlier)
                .unwrap_or_else(|_| vec![("unreadable".to_owned(), earlier)]),
        };
        places.push((what.to_owned(), saved.to_owned()));
        store
            .set(UNREADABLE_PLACES_KEY, &serde_json::to_string(&places).expect("strings serialise"))
    });
    match kept {
        Ok(()) => StorageNotice::PlaceKeptAside,
        Err(err) => StorageNotice::Unavailable(err),
    }
}

/// Loads saved progress. Unreadable data is moved aside (never deleted) and
/// replaced by empty progress, with a notice; nothing here panics.
pub fn load_progress(store: &dyn KeyValueStore) -> LoadedProgress {
    let saved = match store.get(PROGRESS_KEY) {
        Ok(saved) => saved,
        Err(err) => return fresh(StorageNotice::Unavailable(err)),
    };
    let Some(saved) = saved else {
        return LoadedProgress { progress: Progress::default(), notice: None };
    };
    match Progress::decode(&saved) {
        Ok(progress) => LoadedProgress { progress, notice: None },
        Err(reason) => match store.set(UNREADABLE_PROGRESS_KEY, &saved) {
            Ok(()) => {
                let notice = match store.remove(PROGRESS_KEY) {
                    Ok(()) => StorageNotice::Reset(reason),
                    Err(err) => StorageNotice::Unavailable(err),
                };
                fresh(notice)
            }
            // Keeping the unreadable copy failed, so leave it where it is:
            // the learner loses nothing, and saving stays off until reload.
            Err(err) => fresh(StorageNotice::Unavailable(err)),
        },
    }
}

fn fresh(notice: StorageNotice) -> LoadedProgress {
    LoadedProgress { progress: Progress::default(), notice: Some(notice) }
}

/// Saves progress under [`PROGRESS_KEY`].
pub fn save_progress(store: &dyn KeyValueStore, progress: &Progress) -> Result<(), StoreError> {
    store.set(PROGRESS_KEY, &progress.encode())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExerciseKind;
    use crate::progress::ExerciseStatus;

    struct RefusingStore;

    impl KeyValueStore for RefusingStore {
        fn get(&self, _key: &str) -> Result<Option<String>, StoreError> {
            Err(StoreError::Unavailable("denied".into()))
        }
        fn set(&self, _key: &str, _value: &str) -> Result<(), StoreError> {
            Err(StoreError::Unavailable("denied".into()))
        }
        fn remove(&self, _key: &str) -> Result<(), StoreError> {
            Err(StoreError::Unavailable("denied".into()))
        }
    }

    #[test]
    fn places_kept_aside_accumulate() {
        let store = MemoryStore::default();
        assert_eq!(keep_aside(&store, "aec-quiz", "{old"), StorageNotice::PlaceKeptAside);
        assert_eq!(keep_aside(&store, "suspend_data", "9zz"), StorageNotice::PlaceKeptAside);
        assert_eq!(
            store.get(UNREADABLE_PLACES_KEY).unwrap().as_deref(),
            Some(r#"[["aec-quiz","{old"],["suspend_data","9zz"]]"#)
        );
        assert_eq!(
            keep_aside(&RefusingStore, "aec-quiz", "x"),
            StorageNotice::Unavailable(StoreError::Unavailable("denied".into()))
        );
    }

    #[test]
    fn namespaced_stores_never_see_each_others_keys() {
        let shared = MemoryStore::default();
        let dara = Namespaced::new("a.", &shared);
        let sok = Namespaced::new("b.", &shared);
        dara.set(PROGRESS_KEY, "dara's").unwrap();
        assert_eq!(sok.get(PROGRESS_KEY), Ok(None));
        assert_eq!(shared.get("a.clusterlab.progress"), Ok(Some("dara's".to_owned())));
        dara.remove(PROGRESS_KEY).unwrap();
        assert_eq!(dara.get(PROGRESS_KEY), Ok(None));
    }

    #[test]
    fn nothing_saved_loads_empty_progress_without_a_notice() {
        let loaded = load_progress(&MemoryStore::default());
        assert_eq!(loaded, LoadedProgress { progress: Progress::default(), notice: None });
    }

    #[test]
    fn saved_progress_loads_back() {
        let store = MemoryStore::default();
        let mut progress = Progress::default();
        progress.exercises.insert(ExerciseKind::ClusterTypes, ExerciseStatus::InProgress);
        save_progress(&store, &progress).unwrap();
        assert_eq!(load_progress(&store).progress, progress);
    }

    #[test]
    fn unreadable_progress_is_kept_aside_and_reset_with_a_notice() {
        let store = MemoryStore::with_entries([(PROGRESS_KEY, "{not json")]);
        let loaded = load_progress(&store);
        assert_eq!(loaded.progress, Progress::default());
        assert!(matches!(
            loaded.notice,
            Some(StorageNotice::Reset(ProgressDecodeError::Malformed(_)))
        ));
        assert_eq!(store.get(UNREADABLE_PROGRESS_KEY).unwrap().as_deref(), Some("{not json"));
        assert_eq!(store.get(PROGRESS_KEY).unwrap(), None);
    }

    #[test]
    fn progress_from_an_unknown_version_is_kept_aside_too() {
        let newer = r#"{"schema_version":2,"exercises":{}}"#;
        let store = MemoryStore::with_entries([(PROGRESS_KEY, newer)]);
        let loaded = load_progress(&store);
        assert_eq!(
            loaded.notice,
            Some(StorageNotice::Reset(ProgressDecodeError::UnknownVersion(2)))
        );
        assert_eq!(store.get(UNREADABLE_PROGRESS_KEY).unwrap().as_deref(), Some(newer));
    }

    #[test]
    fn a_refusing_store_gives_empty_progress_and_a_notice() {
        let loaded = load_progress(&RefusingStore);
        assert_eq!(loaded.progress, Progress::default());
        assert!(matches!(loaded.notice, Some(StorageNotice::Unavailable(_))));
    }
}
