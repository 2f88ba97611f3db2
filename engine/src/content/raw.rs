//! Serde types that mirror the files in `assets/` exactly. Unknown fields are
//! errors, so a misspelt field name is reported rather than ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `assets/content/course.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCourse {
    pub(crate) schema_version: u32,
    pub(crate) default_locale: String,
    pub(crate) locales: Vec<RawLocale>,
    pub(crate) exercises: Vec<String>,
}

/// One entry of `locales` in `course.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLocale {
    pub(crate) code: String,
    pub(crate) name: String,
}

/// `assets/content/exercises/<slug>.json`: the language-neutral structure of one exercise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExercise {
    pub(crate) schema_version: u32,
    pub(crate) id: String,
    pub(crate) minutes: u32,
    pub(crate) objectives: Vec<String>,
}

/// `assets/locales/<code>.json`: every user-visible string of one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalog {
    pub(crate) schema_version: u32,
    pub(crate) locale: String,
    pub(crate) strings: BTreeMap<String, String>,
}
