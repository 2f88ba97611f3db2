//! The compact forms the app loads instead of the content files: the course
//! structure that the build script embeds, and each language's catalog in
//! parts, one for the frame and one per exercise, so that a learner
//! downloads the strings of the exercise in use, in their language only.
//!
//! Both are postcard, written only from content that [`super::validate`]
//! accepted, so the app never carries the validator.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Catalog, Course};
use crate::ExerciseKind;

/// A compact form that does not decode: a file from another build or a
/// damaged download.
#[derive(Debug, thiserror::Error)]
#[error("not a compact content file of this build: {0}")]
pub struct CompactError(#[from] postcard::Error);

/// Which share of a catalog a string belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CatalogPart {
    /// What every page shows: the frame, the home page with every
    /// exercise's title and summary, the profile.
    Frame,
    /// What only one exercise's page shows: its introduction, objectives and
    /// content.
    Exercise(ExerciseKind),
}

impl CatalogPart {
    /// Every part, frame first.
    pub fn all() -> impl Iterator<Item = CatalogPart> {
        std::iter::once(CatalogPart::Frame)
            .chain(ExerciseKind::ALL.into_iter().map(CatalogPart::Exercise))
    }

    /// The part that holds `key`. The home page lists every exercise, so
    /// titles and summaries belong to the frame.
    pub fn of_key(key: &str) -> CatalogPart {
        let own = |kind: &ExerciseKind| {
            key.strip_prefix(kind.slug())
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|rest| rest != "title" && rest != "summary")
        };
        ExerciseKind::ALL.into_iter().find(own).map_or(CatalogPart::Frame, CatalogPart::Exercise)
    }

    /// Where the app finds this part of language `code`, relative to the page.
    pub fn path(self, code: &str) -> String {
        let name = match self {
            CatalogPart::Frame => "frame",
            CatalogPart::Exercise(kind) => kind.slug(),
        };
        format!("locales/{code}/{name}.bin")
    }
}

impl Course {
    /// The structure in compact form, keeping the sections of `kinds` only:
    /// a build for one exercise carries that exercise's content alone.
    pub fn to_compact(&self, kinds: &[ExerciseKind]) -> Vec<u8> {
        let mut kept = self.clone();
        for exercise in &mut kept.exercises {
            if !kinds.contains(&exercise.kind) {
                exercise.section = None;
            }
        }
        postcard::to_allocvec(&kept).expect("a course always serialises")
    }

    /// The structure from [`Course::to_compact`]'s bytes.
    pub fn from_compact(bytes: &[u8]) -> Result<Course, CompactError> {
        Ok(postcard::from_bytes(bytes)?)
    }
}

impl Catalog {
    /// A catalog holding every part.
    pub(super) fn whole(code: String, strings: BTreeMap<String, String>) -> Catalog {
        Catalog { code, parts: CatalogPart::all().collect(), strings }
    }

    /// This catalog's strings of `part`, in compact form.
    pub fn part_to_compact(&self, part: CatalogPart) -> Vec<u8> {
        let strings = self
            .strings
            .iter()
            .filter(|(key, _)| CatalogPart::of_key(key) == part)
            .map(|(key, text)| (key.clone(), text.clone()))
            .collect();
        let piece = Catalog { code: self.code.clone(), parts: BTreeSet::from([part]), strings };
        postcard::to_allocvec(&piece).expect("a catalog always serialises")
    }

    /// A part from [`Catalog::part_to_compact`]'s bytes.
    pub fn from_compact(bytes: &[u8]) -> Result<Catalog, CompactError> {
        Ok(postcard::from_bytes(bytes)?)
    }

    /// This catalog with the strings of `other`, a part of the same language, added.
    pub fn merged(&self, other: Catalog) -> Catalog {
        debug_assert_eq!(self.code, other.code, "parts of one language only");
        let mut merged = self.clone();
        merged.parts.extend(other.parts);
        merged.strings.extend(other.strings);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate_structure;
    use crate::content::{bundled_default_catalog, bundled_structure, parse_catalog};

    fn english() -> Catalog {
        parse_catalog(&bundled_default_catalog()).unwrap()
    }

    #[test]
    fn keys_belong_to_their_exercise_except_what_the_home_page_lists() {
        let quiz = CatalogPart::Exercise(ExerciseKind::AecQuiz);
        assert_eq!(CatalogPart::of_key("aec-quiz.item.aec-d1-q01.stem"), quiz);
        assert_eq!(CatalogPart::of_key("aec-quiz.intro"), quiz);
        assert_eq!(CatalogPart::of_key("aec-quiz.title"), CatalogPart::Frame);
        assert_eq!(CatalogPart::of_key("aec-quiz.summary"), CatalogPart::Frame);
        assert_eq!(CatalogPart::of_key("aec-quizzes.intro"), CatalogPart::Frame);
        assert_eq!(CatalogPart::of_key("ui.quiz.next"), CatalogPart::Frame);
    }

    #[test]
    fn the_parts_of_a_catalog_merge_back_into_it() {
        let whole = english();
        let mut merged = Catalog::empty(whole.code());
        for part in CatalogPart::all() {
            assert!(!merged.holds(part));
            merged = merged.merged(Catalog::from_compact(&whole.part_to_compact(part)).unwrap());
            assert!(merged.holds(part));
        }
        assert_eq!(merged, whole);
    }

    #[test]
    fn a_part_holds_only_its_own_strings() {
        let whole = english();
        let quiz = CatalogPart::Exercise(ExerciseKind::AecQuiz);
        let part = Catalog::from_compact(&whole.part_to_compact(quiz)).unwrap();
        assert!(part.get("aec-quiz.intro").is_some());
        assert_eq!(part.get("ui.app.title"), None);
        assert_eq!(part.get("cluster-types.intro"), None);
        assert!(part.holds(quiz) && !part.holds(CatalogPart::Frame));
    }

    #[test]
    fn a_compact_course_keeps_only_the_sections_of_its_build() {
        let course = validate_structure(&bundled_structure()).unwrap();
        let all = Course::from_compact(&course.to_compact(&ExerciseKind::ALL)).unwrap();
        assert_eq!(all, course);
        let quiz_only = Course::from_compact(&course.to_compact(&[ExerciseKind::AecQuiz])).unwrap();
        assert_eq!(quiz_only.quiz(), course.quiz());
        assert_eq!(quiz_only.exercise(ExerciseKind::ClusterTypes).section(), None);
        assert_eq!(quiz_only.exercises().len(), course.exercises().len());
    }

    #[test]
    fn bytes_of_something_else_are_refused() {
        assert!(Catalog::from_compact(b"{\"locale\": \"en\"}").is_err());
        assert!(Course::from_compact(&[]).is_err());
    }
}
