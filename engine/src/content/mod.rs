//! Course content: the files under `assets/`, parsed and validated.
//!
//! Content comes in two layers, so that translators cannot break scoring:
//! language-neutral structure files (`content/course.json`,
//! `content/exercises/<slug>.json`: ids, keys, weights, parameters) and one
//! string catalog per language (`locales/<code>.json`), keyed by id.
//!
//! [`validate`] checks everything and collects **all** errors, each with file,
//! line, column and JSON Pointer, before failing once. It never repairs or
//! clamps. The same function runs in the app's build script, in
//! `cargo xtask check-content` and in the engine's tests.

mod bundled;
mod compact;
pub(crate) mod raw;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use crate::source::{ContentError, ContentErrors, Position, Source};
pub use bundled::{bundled_default_catalog, bundled_structure};
pub use compact::{CatalogPart, CompactError};

use crate::ExerciseKind;
use crate::exercises::aec_quiz::{self, QuizContent};
use crate::exercises::cluster_plan::{self, PlanContent};
use crate::exercises::cluster_types::{self, CaseContent};
use crate::exercises::consortium::{self, ConsortiumContent};
use crate::source::{Located, Report, is_content_id, parse, pointer_token};
use raw::{RawCatalog, RawCourse, RawExercise, RawSection};

/// The content schema version this engine reads.
pub const SCHEMA_VERSION: u32 = 1;

/// All content files of a course, sorted by role.
#[derive(Debug, Clone)]
pub struct SourceSet {
    /// `content/course.json`.
    pub course: Source,
    /// `content/exercises/*.json`.
    pub exercises: Vec<Source>,
    /// `locales/*.json`.
    pub catalogs: Vec<Source>,
}

impl SourceSet {
    /// Reads every content file below an `assets/` directory.
    pub fn read_dir(assets: &Path) -> Result<SourceSet, Vec<ContentError>> {
        let course = read_file(&assets.join("content").join("course.json"))?;
        let exercises = read_json_files(&assets.join("content").join("exercises"))?;
        let catalogs = read_json_files(&assets.join("locales"))?;
        Ok(SourceSet { course, exercises, catalogs })
    }
}

fn read_file(path: &Path) -> Result<Source, Vec<ContentError>> {
    std::fs::read_to_string(path)
        .map(|text| Source::new(path.display().to_string(), text))
        .map_err(|err| vec![ContentError::file(path.display().to_string(), err.to_string())])
}

fn read_json_files(dir: &Path) -> Result<Vec<Source>, Vec<ContentError>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| vec![ContentError::file(dir.display().to_string(), err.to_string())])?;
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|path| read_file(path)).collect()
}

/// A language the course is offered in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocaleInfo {
    code: String,
    name: String,
}

impl LocaleInfo {
    /// The BCP 47 language tag, e.g. `th`; also the catalog's file name.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The language's name in that language, e.g. `ไทย`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The validated, language-neutral structure of the course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    default_locale: String,
    locales: Vec<LocaleInfo>,
    exercises: Vec<Exercise>,
}

impl Course {
    /// The locale used when the learner has chosen none, and for fallback.
    pub fn default_locale(&self) -> &str {
        &self.default_locale
    }

    /// Every language the course is offered in.
    pub fn locales(&self) -> &[LocaleInfo] {
        &self.locales
    }

    /// The locale with this code, if the course offers it.
    pub fn locale(&self, code: &str) -> Option<&LocaleInfo> {
        self.locales.iter().find(|locale| locale.code == code)
    }

    /// The exercises, in the order the course presents them.
    pub fn exercises(&self) -> &[Exercise] {
        &self.exercises
    }

    /// The exercise of this kind. Validation guarantees each kind is present.
    pub fn exercise(&self, kind: ExerciseKind) -> &Exercise {
        self.exercises
            .iter()
            .find(|exercise| exercise.kind == kind)
            .expect("validation guarantees every exercise kind is in the course")
    }

    /// The AEC readiness quiz. Validation guarantees the quiz has its section.
    pub fn quiz(&self) -> &QuizContent {
        match self.exercise(ExerciseKind::AecQuiz).section() {
            Some(ExerciseContent::AecQuiz(quiz)) => quiz,
            _ => unreachable!("validation guarantees the AEC quiz has a quiz section"),
        }
    }

    /// The cluster-type cases. Validation guarantees the exercise has its section.
    pub fn cases(&self) -> &CaseContent {
        match self.exercise(ExerciseKind::ClusterTypes).section() {
            Some(ExerciseContent::ClusterTypes(cases)) => cases,
            _ => unreachable!("validation guarantees cluster-types has a cases section"),
        }
    }

    /// The consortium simulation. Validation guarantees the exercise has its section.
    pub fn consortium(&self) -> &ConsortiumContent {
        match self.exercise(ExerciseKind::ConsortiumSim).section() {
            Some(ExerciseContent::ConsortiumSim(consortium)) => consortium,
            _ => unreachable!("validation guarantees consortium-sim has a consortium section"),
        }
    }

    /// The plan builder. Validation guarantees the exercise has its section.
    pub fn plan(&self) -> &PlanContent {
        match self.exercise(ExerciseKind::ClusterPlan).section() {
            Some(ExerciseContent::ClusterPlan(plan)) => plan,
            _ => unreachable!("validation guarantees cluster-plan has a plan section"),
        }
    }
}

/// The section of an exercise's structure file that holds its own content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExerciseContent {
    /// `quiz` of `aec-quiz.json`.
    AecQuiz(QuizContent),
    /// `cases` of `cluster-types.json`.
    ClusterTypes(CaseContent),
    /// `consortium` of `consortium-sim.json`.
    ConsortiumSim(Box<ConsortiumContent>),
    /// `plan` of `cluster-plan.json`.
    ClusterPlan(Box<PlanContent>),
}

impl ExerciseContent {
    /// The name of the section in the structure file that only `kind` has;
    /// `None` for an exercise without a section.
    fn section_name(kind: ExerciseKind) -> Option<&'static str> {
        match kind {
            ExerciseKind::AecQuiz => Some("quiz"),
            ExerciseKind::ClusterTypes => Some("cases"),
            ExerciseKind::ConsortiumSim => Some("consortium"),
            ExerciseKind::ClusterPlan => Some("plan"),
        }
    }

    /// Validates a raw section.
    fn check(
        raw: RawSection,
        located: &Located<'_>,
        report: &mut Report,
    ) -> Option<ExerciseContent> {
        match raw {
            RawSection::Quiz(quiz) => {
                aec_quiz::content::check_quiz(quiz, located, report).map(ExerciseContent::AecQuiz)
            }
            RawSection::Cases(cases) => cluster_types::content::check_cases(cases, located, report)
                .map(ExerciseContent::ClusterTypes),
            RawSection::Consortium(consortium) => {
                consortium::content::check_consortium(*consortium, located, report)
                    .map(|consortium| ExerciseContent::ConsortiumSim(Box::new(consortium)))
            }
            RawSection::Plan(plan) => cluster_plan::content::check_plan(*plan, located, report)
                .map(|plan| ExerciseContent::ClusterPlan(Box::new(plan))),
        }
    }

    fn required_keys(&self) -> Vec<String> {
        match self {
            ExerciseContent::AecQuiz(quiz) => quiz.required_keys(),
            ExerciseContent::ClusterTypes(cases) => cases.required_keys(),
            ExerciseContent::ConsortiumSim(consortium) => consortium.required_keys(),
            ExerciseContent::ClusterPlan(plan) => plan.required_keys(),
        }
    }

    /// What is wrong with one language's strings beyond missing keys, as
    /// (key, message).
    fn check_strings<'a>(&self, get: &dyn Fn(&str) -> Option<&'a str>) -> Vec<(String, String)> {
        match self {
            ExerciseContent::AecQuiz(quiz) => quiz.check_guessing(get),
            ExerciseContent::ClusterTypes(cases) => cases.check_strings(get),
            ExerciseContent::ConsortiumSim(_) | ExerciseContent::ClusterPlan(_) => Vec::new(),
        }
    }
}

/// The structure shared by every exercise: its id, length and objectives,
/// plus the section that only its kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exercise {
    kind: ExerciseKind,
    minutes: u32,
    objectives: Vec<String>,
    section: Option<ExerciseContent>,
}

impl Exercise {
    /// Which exercise this is.
    pub fn kind(&self) -> ExerciseKind {
        self.kind
    }

    /// The expected time to complete it, in minutes.
    pub fn minutes(&self) -> u32 {
        self.minutes
    }

    /// The ids of its learning objectives, in display order.
    pub fn objectives(&self) -> &[String] {
        &self.objectives
    }

    /// The exercise's own section of content, if it has one.
    pub fn section(&self) -> Option<&ExerciseContent> {
        self.section.as_ref()
    }

    /// The catalog key of the exercise's title.
    pub fn title_key(&self) -> String {
        self.kind.title_key()
    }

    /// The catalog key of the one-line summary shown on the home page.
    pub fn summary_key(&self) -> String {
        format!("{}.summary", self.kind.slug())
    }

    /// The catalog key of the introduction; paragraphs are separated by blank lines.
    pub fn intro_key(&self) -> String {
        format!("{}.intro", self.kind.slug())
    }

    /// The catalog key of one learning objective.
    pub fn objective_key(&self, objective: &str) -> String {
        format!("{}.objective.{objective}", self.kind.slug())
    }

    fn required_keys(&self) -> Vec<String> {
        let mut keys = vec![self.title_key(), self.summary_key(), self.intro_key()];
        keys.extend(self.objectives.iter().map(|objective| self.objective_key(objective)));
        keys.extend(self.section.iter().flat_map(ExerciseContent::required_keys));
        keys
    }
}

/// The user-visible strings of one language: all of them, as validation
/// reads them, or the parts the app has loaded so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    code: String,
    parts: BTreeSet<CatalogPart>,
    strings: BTreeMap<String, String>,
}

impl Catalog {
    /// A catalog of `code` holding no part yet.
    pub fn empty(code: impl Into<String>) -> Catalog {
        Catalog { code: code.into(), parts: BTreeSet::new(), strings: BTreeMap::new() }
    }

    /// The language tag of this catalog.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether this catalog holds the strings of `part`.
    pub fn holds(&self, part: CatalogPart) -> bool {
        self.parts.contains(&part)
    }

    /// The string for `key`, if this catalog has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// Every key of this catalog, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }
}

/// Replaces each `{name}` in `template` by its value in `args`. Placeholders
/// without a value stay as they are, so a gap shows rather than vanishes.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The `{name}` placeholders of a template.
fn placeholders(template: &str) -> BTreeSet<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A fully validated course: structure plus a catalog for every locale.
#[derive(Debug, Clone)]
pub struct Content {
    /// The structure.
    pub course: Course,
    /// One catalog per locale, in the course's locale order.
    pub catalogs: Vec<Catalog>,
}

/// Validates every file of a course, structure and catalogs together.
pub fn validate(sources: &SourceSet) -> Result<Content, ContentErrors> {
    let mut report = Report::default();
    let structure = check_structure(sources, &mut report);
    let parsed_catalogs: Vec<_> =
        sources.catalogs.iter().filter_map(|source| check_catalog(source, &mut report)).collect();
    let Some((course, located_course)) = structure else {
        return Err(ContentErrors(report.errors));
    };
    let catalogs = check_catalog_coverage(&course, &located_course, parsed_catalogs, &mut report);
    report.finish(Content { course, catalogs })
}

/// Validates only the language-neutral structure: what the app needs before
/// any catalog has arrived.
pub fn validate_structure(sources: &SourceSet) -> Result<Course, ContentErrors> {
    let mut report = Report::default();
    let course = check_structure(sources, &mut report).map(|(course, _)| course);
    match course {
        Some(course) => report.finish(course),
        None => Err(ContentErrors(report.errors)),
    }
}

/// Parses one catalog on its own, as the app does with a catalog it fetched.
/// Coverage against the other catalogs is [`validate`]'s job.
pub fn parse_catalog(source: &Source) -> Result<Catalog, ContentErrors> {
    let mut report = Report::default();
    match check_catalog(source, &mut report) {
        Some((catalog, _)) => report.finish(catalog),
        None => Err(ContentErrors(report.errors)),
    }
}

fn check_schema_version(located: &Located<'_>, version: u32, report: &mut Report) {
    if version != SCHEMA_VERSION {
        located.error(
            report,
            "/schema_version",
            format!("schema_version {version} is not supported (expected {SCHEMA_VERSION})"),
        );
    }
}

/// A BCP 47 tag of the simple shape the course uses: `th`, `zh-Hans`.
fn is_locale_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|part| {
            (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn check_structure<'a>(
    sources: &'a SourceSet,
    report: &mut Report,
) -> Option<(Course, Located<'a>)> {
    let (raw, located) = parse::<RawCourse>(&sources.course, report)?;
    check_schema_version(&located, raw.schema_version, report);

    let mut locales = Vec::new();
    for (locale_idx, locale) in raw.locales.iter().enumerate() {
        let pointer = format!("/locales/{locale_idx}/code");
        if !is_locale_code(&locale.code) {
            located.error(report, &pointer, format!("`{}` is not a language tag", locale.code));
        } else if locales.iter().any(|known: &LocaleInfo| known.code == locale.code) {
            located.error(report, &pointer, format!("locale `{}` is listed twice", locale.code));
        } else if locale.name.trim().is_empty() {
            located.error(report, &format!("/locales/{locale_idx}/name"), "name is empty");
        } else {
            locales.push(LocaleInfo { code: locale.code.clone(), name: locale.name.clone() });
        }
    }
    if !raw.locales.iter().any(|locale| locale.code == raw.default_locale) {
        located.error(
            report,
            "/default_locale",
            format!("default locale `{}` is not in `locales`", raw.default_locale),
        );
    }

    let mut structures: BTreeMap<&str, &Source> = BTreeMap::new();
    for source in &sources.exercises {
        structures.insert(source.stem(), source);
    }
    let mut exercises = Vec::new();
    for (exercise_idx, slug) in raw.exercises.iter().enumerate() {
        let pointer = format!("/exercises/{exercise_idx}");
        let Some(kind) = ExerciseKind::from_slug(slug) else {
            located.error(report, &pointer, format!("`{slug}` is not an exercise of this course"));
            continue;
        };
        if exercises.iter().any(|exercise: &Exercise| exercise.kind == kind) {
            located.error(report, &pointer, format!("exercise `{slug}` is listed twice"));
            continue;
        }
        match structures.remove(slug.as_str()) {
            Some(source) => exercises.extend(check_exercise(source, kind, report)),
            None => located.error(
                report,
                &pointer,
                format!("no structure file `content/exercises/{slug}.json`"),
            ),
        }
    }
    for kind in ExerciseKind::ALL {
        if !raw.exercises.iter().any(|slug| slug == kind.slug()) {
            located.error(report, "/exercises", format!("exercise `{kind}` is missing"));
        }
    }
    for source in structures.values() {
        report.errors.push(ContentError::file(
            source.path.clone(),
            "this exercise is not listed in course.json".to_owned(),
        ));
    }

    let complete = exercises.len() == ExerciseKind::ALL.len()
        && locales.len() == raw.locales.len()
        && locales.iter().any(|locale| locale.code == raw.default_locale);
    complete.then(|| {
        (Course { default_locale: raw.default_locale.clone(), locales, exercises }, located)
    })
}

fn check_exercise(source: &Source, kind: ExerciseKind, report: &mut Report) -> Option<Exercise> {
    let (mut raw, located) = parse::<RawExercise>(source, report)?;
    let errors_before = report.errors.len();
    check_schema_version(&located, raw.schema_version, report);
    if raw.id != kind.slug() {
        located.error(report, "/id", format!("id `{}` does not match the file name", raw.id));
    }
    if !(1..=240).contains(&raw.minutes) {
        located.error(report, "/minutes", format!("{} is not within 1..=240", raw.minutes));
    }
    if raw.objectives.is_empty() {
        located.error(report, "/objectives", "an exercise needs at least one objective");
    }
    let mut seen = BTreeSet::new();
    for (objective_idx, objective) in raw.objectives.iter().enumerate() {
        let pointer = format!("/objectives/{objective_idx}");
        if !is_content_id(objective) {
            located.error(report, &pointer, format!("`{objective}` is not a valid id"));
        } else if !seen.insert(objective.as_str()) {
            located.error(report, &pointer, format!("objective `{objective}` is listed twice"));
        }
    }
    let own = ExerciseContent::section_name(kind);
    let mut section = None;
    let mut has_own = false;
    for (name, raw_section) in raw.sections() {
        if Some(name) == own {
            has_own = true;
            section = ExerciseContent::check(raw_section, &located, report);
        } else {
            located.error(
                report,
                &format!("/{name}"),
                format!("`{}` has no `{name}` section", kind.slug()),
            );
        }
    }
    if let Some(name) = own.filter(|_| !has_own) {
        located.error(
            report,
            &format!("/{name}"),
            format!("`{}` needs a `{name}` section", kind.slug()),
        );
    }
    (report.errors.len() == errors_before).then_some(Exercise {
        kind,
        minutes: raw.minutes,
        objectives: raw.objectives,
        section,
    })
}

fn check_catalog<'a>(source: &'a Source, report: &mut Report) -> Option<(Catalog, Located<'a>)> {
    let (raw, located) = parse::<RawCatalog>(source, report)?;
    let errors_before = report.errors.len();
    check_schema_version(&located, raw.schema_version, report);
    if raw.locale != source.stem() {
        located.error(
            report,
            "/locale",
            format!("locale `{}` does not match the file name", raw.locale),
        );
    }
    for (key, text) in &raw.strings {
        if text.trim().is_empty() {
            located.error(report, &format!("/strings/{}", pointer_token(key)), "string is empty");
        }
    }
    (report.errors.len() == errors_before)
        .then_some((Catalog::whole(raw.locale, raw.strings), located))
}

/// Every locale of the course has a catalog, the default catalog has every key
/// the structure needs, and every other catalog has exactly the default's keys.
fn check_catalog_coverage(
    course: &Course,
    located_course: &Located<'_>,
    parsed: Vec<(Catalog, Located<'_>)>,
    report: &mut Report,
) -> Vec<Catalog> {
    for (catalog, located) in &parsed {
        if course.locale(&catalog.code).is_none() {
            located.error(report, "/locale", format!("`{}` is not in course.json", catalog.code));
        }
    }
    let find = |code: &str| parsed.iter().find(|(catalog, _)| catalog.code == code);
    for (locale_idx, locale) in course.locales.iter().enumerate() {
        if find(&locale.code).is_none() {
            located_course.error(
                report,
                &format!("/locales/{locale_idx}"),
                format!("no valid catalog `locales/{}.json`", locale.code),
            );
        }
    }
    let Some((reference, located_reference)) = find(&course.default_locale) else {
        return Vec::new();
    };
    let required = course.exercises.iter().flat_map(Exercise::required_keys);
    for key in required.chain(crate::keys::built_at_run_time()) {
        if reference.get(&key).is_none() {
            located_reference.error(
                report,
                &format!("/strings/{}", pointer_token(&key)),
                "missing string",
            );
        }
    }
    for (catalog, located) in &parsed {
        let sections = course.exercises.iter().filter_map(Exercise::section);
        for (key, message) in
            sections.flat_map(|section| section.check_strings(&|key| catalog.get(key)))
        {
            located.error(report, &format!("/strings/{}", pointer_token(&key)), message);
        }
        for key in reference.keys().filter(|key| catalog.get(key).is_none()) {
            located.error(report, &format!("/strings/{}", pointer_token(key)), "missing string");
        }
        for (key, text) in &catalog.strings {
            let pointer = format!("/strings/{}", pointer_token(key));
            match reference.get(key) {
                None => located.error(
                    report,
                    &pointer,
                    format!("key is not in the default catalog `{}`", reference.code),
                ),
                Some(default) if placeholders(default) != placeholders(text) => located.error(
                    report,
                    &pointer,
                    format!("placeholders differ from the default catalog's: {default}"),
                ),
                Some(_) => {}
            }
        }
    }
    course
        .locales
        .iter()
        .filter_map(|locale| find(&locale.code).map(|(catalog, _)| catalog.clone()))
        .collect()
}

#[cfg(test)]
mod tests;
