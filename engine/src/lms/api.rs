//! The SCORM run-time as the session sees it: six calls that either succeed
//! or fail with the LMS's error code. The app implements it over the
//! browser's API object; tests implement it with a scripted LMS.

use crate::scorm::{ApiMethod, Version};

/// A SCORM run-time API object, found and bound to one version.
pub trait LmsApi {
    /// Which version the LMS speaks.
    fn version(&self) -> Version;
    /// Starts the session.
    fn initialize(&mut self) -> Result<(), LmsError>;
    /// Reads an element.
    fn get(&mut self, element: &str) -> Result<String, LmsError>;
    /// Writes an element.
    fn set(&mut self, element: &str, value: &str) -> Result<(), LmsError>;
    /// Asks the LMS to persist what was written.
    fn commit(&mut self) -> Result<(), LmsError>;
    /// Ends the session.
    fn finish(&mut self) -> Result<(), LmsError>;
}

/// A failed API call, with the LMS's own error code and text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{method:?} failed with error {code}: {message}")]
pub struct LmsError {
    /// The call that failed.
    pub method: ApiMethod,
    /// The LMS's error code, e.g. `101`.
    pub code: String,
    /// The LMS's text for it.
    pub message: String,
}
