//! The four exercises of the course and their stable ids.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the four exercises. The slug is a published id: it appears in URLs,
/// content file names, saved progress and LMS records, so it never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseKind {
    /// The AEC readiness quiz.
    AecQuiz,
    /// The cluster-type identification exercise.
    ClusterTypes,
    /// The export-consortium formation simulation.
    ConsortiumSim,
    /// The cluster development plan builder.
    ClusterPlan,
}

impl ExerciseKind {
    /// Every exercise, in the order the course presents them.
    pub const ALL: [ExerciseKind; 4] =
        [Self::AecQuiz, Self::ClusterTypes, Self::ConsortiumSim, Self::ClusterPlan];

    /// The stable id used in URLs, file names and records.
    pub fn slug(self) -> &'static str {
        match self {
            Self::AecQuiz => "aec-quiz",
            Self::ClusterTypes => "cluster-types",
            Self::ConsortiumSim => "consortium-sim",
            Self::ClusterPlan => "cluster-plan",
        }
    }

    /// The catalog key of the exercise's title: the one place it is built,
    /// for the views, the LMS's objective descriptions and the packages.
    pub fn title_key(self) -> String {
        format!("{}.title", self.slug())
    }

    /// The exercise whose slug is `slug`, if any.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}

impl fmt::Display for ExerciseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_match_serde_names() {
        for kind in ExerciseKind::ALL {
            assert_eq!(ExerciseKind::from_slug(kind.slug()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.slug()));
        }
        assert_eq!(ExerciseKind::from_slug("quiz"), None);
    }
}
