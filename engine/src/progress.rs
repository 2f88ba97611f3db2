//! What the app remembers about a learner between visits: the profile and
//! each exercise's status. Saved as versioned JSON; anything that does not
//! decode is reported, never guessed at.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ExerciseKind;
use crate::activity::Completion;
use crate::vocabulary::{CapacityNeed, Role};

/// The progress format version this engine writes and reads.
pub const PROGRESS_SCHEMA_VERSION: u32 = 1;

/// Who the learner is, as entered once when no LMS supplies a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerProfile {
    /// The learner's name as they want it on their results.
    pub name: String,
    /// Their firm or institution.
    pub organisation: String,
    /// Where they work.
    pub country: Country,
    /// Whether they run an SME or support SMEs.
    pub role: Role,
}

impl LearnerProfile {
    /// Checks a profile before it is saved: name, country and role are
    /// required (the role decides which self-assessment a learner gets), the
    /// organisation is optional. Returns the trimmed profile or the first gap.
    pub fn new(
        name: &str,
        organisation: &str,
        country: Option<Country>,
        role: Option<Role>,
    ) -> Result<LearnerProfile, ProfileError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ProfileError::MissingName);
        }
        if name.chars().count() > 100 || organisation.trim().chars().count() > 150 {
            return Err(ProfileError::TooLong);
        }
        let country = country.ok_or(ProfileError::MissingCountry)?;
        let role = role.ok_or(ProfileError::MissingRole)?;
        Ok(LearnerProfile {
            name: name.to_owned(),
            organisation: organisation.trim().to_owned(),
            country,
            role,
        })
    }
}

/// Why a profile cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// The name is empty.
    #[error("name is required")]
    MissingName,
    /// The name is over 100 or the organisation over 150 characters.
    #[error("name or organisation is too long")]
    TooLong,
    /// No country was chosen.
    #[error("country is required")]
    MissingCountry,
    /// No role was chosen.
    #[error("role is required")]
    MissingRole,
}

/// The countries of the programme; `Other` for everyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Country {
    /// Cambodia.
    #[serde(rename = "KH")]
    Cambodia,
    /// China (Yunnan and Guangxi are the GMS provinces).
    #[serde(rename = "CN")]
    China,
    /// Lao PDR.
    #[serde(rename = "LA")]
    LaoPdr,
    /// Myanmar.
    #[serde(rename = "MM")]
    Myanmar,
    /// Thailand.
    #[serde(rename = "TH")]
    Thailand,
    /// Viet Nam.
    #[serde(rename = "VN")]
    VietNam,
    /// Any other country.
    #[serde(rename = "other")]
    Other,
}

impl Country {
    /// Every country, in the order a form lists them.
    pub const ALL: [Country; 7] = [
        Self::Cambodia,
        Self::China,
        Self::LaoPdr,
        Self::Myanmar,
        Self::Thailand,
        Self::VietNam,
        Self::Other,
    ];

    /// The stable code: ISO 3166-1 alpha-2, or `other`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cambodia => "KH",
            Self::China => "CN",
            Self::LaoPdr => "LA",
            Self::Myanmar => "MM",
            Self::Thailand => "TH",
            Self::VietNam => "VN",
            Self::Other => "other",
        }
    }

    /// The country with this code.
    pub fn from_code(code: &str) -> Option<Country> {
        Self::ALL.into_iter().find(|country| country.code() == code)
    }
}

/// How far a learner has got in one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ExerciseStatus {
    /// Never opened.
    #[default]
    NotStarted,
    /// Started and not finished.
    InProgress,
    /// Finished, with a score from 0 to 100 when the exercise is scored.
    Completed {
        /// The score, 0–100.
        score: Option<u8>,
    },
}

impl ExerciseStatus {
    /// The status of an exercise that has reported: completed, with its score
    /// as a whole percentage, or else in progress (opening it counts).
    pub fn reported(completion: Completion, percent: Option<f64>) -> ExerciseStatus {
        match completion {
            Completion::Completed => ExerciseStatus::Completed {
                score: percent.map(|percent| percent.clamp(0.0, 100.0).round() as u8),
            },
            Completion::Incomplete | Completion::NotAttempted => ExerciseStatus::InProgress,
        }
    }
}

/// Everything the app keeps about one learner on one device.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// The learner's profile, once entered.
    pub profile: Option<LearnerProfile>,
    /// Status per exercise; an absent exercise has not been started.
    pub exercises: BTreeMap<ExerciseKind, ExerciseStatus>,
    /// Capacity-building needs the quiz handed to the plan builder.
    pub capacity_needs: Vec<CapacityNeed>,
}

impl Progress {
    /// The status of one exercise.
    pub fn status(&self, kind: ExerciseKind) -> ExerciseStatus {
        self.exercises.get(&kind).copied().unwrap_or_default()
    }

    /// The saved form: versioned JSON.
    pub fn encode(&self) -> String {
        let saved = Saved {
            schema_version: PROGRESS_SCHEMA_VERSION,
            profile: self.profile.clone(),
            exercises: self.exercises.clone(),
            capacity_needs: self.capacity_needs.clone(),
        };
        serde_json::to_string(&saved).expect("progress always serialises")
    }

    /// Reads the saved form back. A newer or unknown version is refused rather
    /// than half-read, so that data written by a later release is not damaged.
    pub fn decode(saved: &str) -> Result<Progress, ProgressDecodeError> {
        #[derive(Deserialize)]
        struct VersionOnly {
            schema_version: u32,
        }
        let malformed = |err: serde_json::Error| ProgressDecodeError::Malformed(err.to_string());
        let version: VersionOnly = serde_json::from_str(saved).map_err(malformed)?;
        if version.schema_version != PROGRESS_SCHEMA_VERSION {
            return Err(ProgressDecodeError::UnknownVersion(version.schema_version));
        }
        let saved: Saved = serde_json::from_str(saved).map_err(malformed)?;
        Ok(Progress {
            profile: saved.profile,
            exercises: saved.exercises,
            capacity_needs: saved.capacity_needs,
        })
    }
}

/// The on-disk shape of [`Progress`], version 1.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    schema_version: u32,
    profile: Option<LearnerProfile>,
    exercises: BTreeMap<ExerciseKind, ExerciseStatus>,
    // Absent in data saved before the quiz could hand needs over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    capacity_needs: Vec<CapacityNeed>,
}

/// Why saved progress could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgressDecodeError {
    /// The text is not progress JSON of any version.
    #[error("saved progress is damaged: {0}")]
    Malformed(String),
    /// The text was written by a format version this release does not know.
    #[error("saved progress has unknown version {0}")]
    UnknownVersion(u32),
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn status() -> impl Strategy<Value = ExerciseStatus> {
        prop_oneof![
            Just(ExerciseStatus::NotStarted),
            Just(ExerciseStatus::InProgress),
            proptest::option::of(0u8..=100).prop_map(|score| ExerciseStatus::Completed { score }),
        ]
    }

    fn progress() -> impl Strategy<Value = Progress> {
        let profile =
            proptest::option::of(
                (
                    "\\PC{1,20}",
                    "\\PC{0,20}",
                    proptest::sample::select(Country::ALL.to_vec()),
                    proptest::sample::select(Role::ALL.to_vec()),
                )
                    .prop_map(|(name, organisation, country, role)| {
                        LearnerProfile { name, organisation, country, role }
                    }),
            );
        let exercises = proptest::collection::btree_map(
            proptest::sample::select(ExerciseKind::ALL.to_vec()),
            status(),
            0..4,
        );
        (profile, exercises).prop_map(|(profile, exercises)| Progress {
            profile,
            exercises,
            capacity_needs: Vec::new(),
        })
    }

    proptest! {
        #[test]
        fn encode_then_decode_is_identity(progress in progress()) {
            prop_assert_eq!(Progress::decode(&progress.encode()), Ok(progress));
        }

        #[test]
        fn arbitrary_text_decodes_to_an_error_or_a_value_never_a_panic(text in ".*") {
            if let Ok(progress) = Progress::decode(&text) {
                prop_assert_eq!(Progress::decode(&progress.encode()), Ok(progress));
            }
        }
    }

    #[test]
    fn the_saved_form_is_stable() {
        let progress = Progress {
            profile: Some(
                LearnerProfile::new(
                    " Dara ",
                    "Kampot Pepper Association",
                    Some(Country::Cambodia),
                    Some(Role::SupportInstitution),
                )
                .unwrap(),
            ),
            exercises: [(ExerciseKind::AecQuiz, ExerciseStatus::Completed { score: Some(72) })]
                .into(),
            capacity_needs: Vec::new(),
        };
        assert_eq!(
            progress.encode(),
            r#"{"schema_version":1,"profile":{"name":"Dara","organisation":"Kampot Pepper Association","country":"KH","role":"support-institution"},"exercises":{"aec-quiz":{"status":"completed","score":72}}}"#
        );
        assert_eq!(progress.status(ExerciseKind::ClusterPlan), ExerciseStatus::NotStarted);
    }

    #[test]
    fn a_report_becomes_a_status_with_a_whole_percentage() {
        assert_eq!(
            ExerciseStatus::reported(Completion::Completed, Some(77.5)),
            ExerciseStatus::Completed { score: Some(78) }
        );
        assert_eq!(
            ExerciseStatus::reported(Completion::Completed, None),
            ExerciseStatus::Completed { score: None }
        );
        assert_eq!(
            ExerciseStatus::reported(Completion::Incomplete, Some(40.0)),
            ExerciseStatus::InProgress
        );
        assert_eq!(
            ExerciseStatus::reported(Completion::NotAttempted, None),
            ExerciseStatus::InProgress
        );
    }

    #[test]
    fn unknown_versions_and_damaged_text_are_refused() {
        assert_eq!(
            Progress::decode(r#"{"schema_version":7,"anything":true}"#),
            Err(ProgressDecodeError::UnknownVersion(7))
        );
        assert!(matches!(
            Progress::decode("{\"schema_version\":1,"),
            Err(ProgressDecodeError::Malformed(_))
        ));
        assert!(matches!(Progress::decode("null"), Err(ProgressDecodeError::Malformed(_))));
    }

    #[test]
    fn a_profile_needs_name_country_and_role_and_is_trimmed() {
        let (country, role) = (Some(Country::Other), Some(Role::Sme));
        assert_eq!(LearnerProfile::new("  ", "x", country, role), Err(ProfileError::MissingName));
        assert_eq!(
            LearnerProfile::new(&"n".repeat(101), "", country, role),
            Err(ProfileError::TooLong)
        );
        assert_eq!(LearnerProfile::new("Lan", "", None, role), Err(ProfileError::MissingCountry));
        assert_eq!(LearnerProfile::new("Lan", "", country, None), Err(ProfileError::MissingRole));
        let profile =
            LearnerProfile::new(" Lan ", " Coffee Co ", Some(Country::VietNam), role).unwrap();
        assert_eq!((profile.name.as_str(), profile.organisation.as_str()), ("Lan", "Coffee Co"));
    }
}
