//! Words the engine's modules share: who the learner is ([`Role`]) and what
//! one exercise hands to another ([`CapacityNeed`]). A leaf: it imports no
//! other engine module, so the content model, the exercises and the saved
//! progress can all use it without depending on each other.

use serde::{Deserialize, Serialize};

/// The two audiences the course serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// An owner or manager of a small or medium enterprise.
    Sme,
    /// Staff of an institution that supports SMEs (ministry, agency, chamber, association).
    SupportInstitution,
}

impl Role {
    /// Both roles, in the order a form lists them.
    pub const ALL: [Role; 2] = [Self::Sme, Self::SupportInstitution];

    /// The stable code used in saved data and forms.
    pub fn code(self) -> &'static str {
        match self {
            Self::Sme => "sme",
            Self::SupportInstitution => "support-institution",
        }
    }

    /// The role with this code.
    pub fn from_code(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// One dimension the learner should build capacity in. The plan builder
/// stores these, so they serialise as ids and catalog keys only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityNeed {
    /// The dimension's id.
    pub dimension: String,
    /// Its rounded readiness.
    pub readiness: u8,
    /// The id of its band.
    pub band: String,
    /// Recommendations of the low-rated statements listed under it, in content order.
    pub recommendation_keys: Vec<String>,
}
