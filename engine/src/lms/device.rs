//! This device's copies of a launch: the resume state, the writes the LMS has
//! not taken yet, and the values it refused. Under an LMS they are keyed by
//! version, activity and learner, so that two learners sharing a browser, or
//! two activities of one exercise, never see each other's state.

use serde::{Deserialize, Serialize};

use super::{Queued, Stage};
use crate::resume::ResumeState;
use crate::sco::Scope;
use crate::scorm::{CmiWrite, Version};
use crate::store::{KeyValueStore, StoreError};

/// The learner key of a launch whose LMS has not said who the learner is.
const UNIDENTIFIED: &str = "unidentified";

/// Where one launch keeps its local copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceKeys {
    prefix: String,
    activity: String,
    scope: Scope,
}

/// A value the LMS refused for good, kept for diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The refused write.
    pub write: CmiWrite,
    /// The LMS's error code, or [`UNSENDABLE`] for a value the app could
    /// not put in the version's format.
    pub code: String,
}

/// The code of a value set aside because it does not fit the SCORM
/// version's format, so it was never sent.
pub const UNSENDABLE: &str = "format";

impl DeviceKeys {
    /// Keys of a launch without an LMS: the learner is this device's.
    pub fn standalone(scope: Scope) -> DeviceKeys {
        DeviceKeys { prefix: String::new(), activity: String::new(), scope }
    }

    /// Keys of an LMS launch before the LMS says who the learner is.
    pub fn unidentified(version: Version, activity: &str, scope: Scope) -> DeviceKeys {
        DeviceKeys::lms(version, activity, UNIDENTIFIED, scope)
    }

    /// Keys of an LMS launch for `learner` (unidentified if the LMS has no id).
    pub fn identified(version: Version, keys: &DeviceKeys, learner: Option<&str>) -> DeviceKeys {
        DeviceKeys::lms(version, &keys.activity, learner.unwrap_or(UNIDENTIFIED), keys.scope)
    }

    fn lms(version: Version, activity: &str, learner: &str, scope: Scope) -> DeviceKeys {
        let version = match version {
            Version::Scorm12 => "scorm12",
            Version::Scorm2004 => "scorm2004",
        };
        DeviceKeys {
            prefix: format!("clusterlab.lms[{version}|{activity}|{learner}]."),
            activity: activity.to_owned(),
            scope,
        }
    }

    /// The prefix of every key of this learner and activity; the app keeps
    /// the learner's saved progress under it too.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Where the resume state is kept.
    pub fn resume(&self) -> String {
        format!("{}clusterlab.resume.{}", self.prefix, self.scope.as_param())
    }

    /// Where writes the LMS has not taken yet are kept.
    pub fn pending(&self) -> String {
        format!("{}clusterlab.lms.pending.{}", self.prefix, self.scope.as_param())
    }

    /// Where refused values are kept for diagnosis.
    pub fn refused(&self) -> String {
        format!("{}clusterlab.lms.refused.{}", self.prefix, self.scope.as_param())
    }
}

/// A pending write as saved: readable when inspecting storage.
#[derive(Serialize, Deserialize)]
struct SavedWrite {
    element: String,
    value: String,
    #[serde(default, skip_serializing_if = "is_data")]
    score: bool,
}

fn is_data(score: &bool) -> bool {
    !score
}

pub(super) fn load_state(
    store: &dyn KeyValueStore,
    keys: &DeviceKeys,
) -> Result<Option<String>, StoreError> {
    store.get(&keys.resume())
}

pub(super) fn save_state(
    store: &dyn KeyValueStore,
    keys: &DeviceKeys,
    state: &ResumeState,
) -> Result<(), StoreError> {
    store.set(&keys.resume(), &state.encode())
}

/// The pending writes as saved, and the saved text itself when it cannot be
/// read, so that the caller can keep it aside.
pub(super) fn load_pending(
    store: &dyn KeyValueStore,
    keys: &DeviceKeys,
) -> Result<Result<Vec<Queued>, String>, StoreError> {
    let Some(saved) = store.get(&keys.pending())? else { return Ok(Ok(Vec::new())) };
    let Ok(writes) = serde_json::from_str::<Vec<SavedWrite>>(&saved) else { return Ok(Err(saved)) };
    Ok(Ok(writes
        .into_iter()
        .map(|saved| Queued {
            write: CmiWrite { element: saved.element, value: saved.value },
            stage: if saved.score { Stage::Score } else { Stage::Data },
        })
        .collect()))
}

pub(super) fn save_pending(
    store: &dyn KeyValueStore,
    keys: &DeviceKeys,
    pending: &[Queued],
) -> Result<(), StoreError> {
    if pending.is_empty() {
        return store.remove(&keys.pending());
    }
    let saved: Vec<SavedWrite> = pending
        .iter()
        .map(|queued| SavedWrite {
            element: queued.write.element.clone(),
            value: queued.write.value.clone(),
            score: queued.stage == Stage::Score,
        })
        .collect();
    store.set(&keys.pending(), &serde_json::to_string(&saved).expect("strings serialise"))
}

pub(super) fn save_refusal(
    store: &dyn KeyValueStore,
    keys: &DeviceKeys,
    refusal: &Refusal,
) -> Result<(), StoreError> {
    let saved = store.get(&keys.refused())?;
    // A diagnostic list damaged by hand starts again; it holds no learner work.
    let mut refused: Vec<(String, String, String)> =
        saved.and_then(|saved| serde_json::from_str(&saved).ok()).unwrap_or_default();
    refused.push((
        refusal.write.element.clone(),
        refusal.write.value.clone(),
        refusal.code.clone(),
    ));
    store.set(&keys.refused(), &serde_json::to_string(&refused).expect("strings serialise"))
}

pub(super) fn forget(store: &dyn KeyValueStore, keys: &DeviceKeys) -> Result<(), StoreError> {
    store.remove(&keys.resume())?;
    store.remove(&keys.pending())
}
