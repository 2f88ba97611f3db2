//! The content files compiled into tools and tests that need the course
//! without reading `assets/`: the language-neutral structure and the default
//! catalog. The app itself embeds the compact form (`compact.rs`) instead.

use super::{Source, SourceSet};

macro_rules! asset {
    ($path:literal) => {
        Source::new(concat!("assets/", $path), include_str!(concat!("../../../assets/", $path)))
    };
}

/// The structure files, exactly as in `assets/content/`.
pub fn bundled_structure() -> SourceSet {
    SourceSet {
        course: asset!("content/course.json"),
        exercises: vec![
            asset!("content/exercises/aec-quiz.json"),
            asset!("content/exercises/cluster-types.json"),
            asset!("content/exercises/consortium-sim.json"),
            asset!("content/exercises/cluster-plan.json"),
        ],
        catalogs: Vec::new(),
    }
}

/// The catalog of the course's default locale.
pub fn bundled_default_catalog() -> Source {
    asset!("locales/en.json")
}
