//! Serde types that mirror the files in `assets/` exactly. Unknown fields are
//! errors, so a misspelt field name is reported rather than ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::exercises::aec_quiz::raw::RawQuiz;
use crate::exercises::cluster_plan::raw::RawPlan;
use crate::exercises::cluster_types::raw::RawCases;
use crate::exercises::consortium::raw::RawConsortium;

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
    /// Only `aec-quiz` has one; validation enforces that.
    #[serde(default)]
    pub(crate) quiz: Option<RawQuiz>,
    /// Only `cluster-types` has one; validation enforces that.
    #[serde(default)]
    pub(crate) cases: Option<RawCases>,
    /// Only `consortium-sim` has one; validation enforces that.
    #[serde(default)]
    pub(crate) consortium: Option<RawConsortium>,
    /// Only `cluster-plan` has one; validation enforces that.
    #[serde(default)]
    pub(crate) plan: Option<RawPlan>,
}

/// One exercise's own section, whichever the file had.
#[derive(Debug)]
pub(crate) enum RawSection {
    Quiz(RawQuiz),
    Cases(RawCases),
    Consortium(Box<RawConsortium>),
    Plan(Box<RawPlan>),
}

impl RawExercise {
    /// The exercise-specific sections present, with their field names.
    pub(crate) fn sections(&mut self) -> Vec<(&'static str, RawSection)> {
        let quiz = self.quiz.take().map(|quiz| ("quiz", RawSection::Quiz(quiz)));
        let cases = self.cases.take().map(|cases| ("cases", RawSection::Cases(cases)));
        let consortium = self
            .consortium
            .take()
            .map(|consortium| ("consortium", RawSection::Consortium(Box::new(consortium))));
        let plan = self.plan.take().map(|plan| ("plan", RawSection::Plan(Box::new(plan))));
        quiz.into_iter().chain(cases).chain(consortium).chain(plan).collect()
    }
}

/// `assets/locales/<code>.json`: every user-visible string of one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalog {
    pub(crate) schema_version: u32,
    pub(crate) locale: String,
    pub(crate) strings: BTreeMap<String, String>,
}
