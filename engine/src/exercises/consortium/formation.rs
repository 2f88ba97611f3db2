//! What the learner decides: the formation (members, type, rules,
//! coordinator, funding), the activity plan of each quarter, and the answers
//! to the decisions events raise. Each is checked against the content, with
//! a reason a learner can read.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::content::{ActivityKind, ConsortiumContent, PREFIX};

coded! {
    /// What the consortium does for its members.
    ConsortiumType {
        /// Members sell and invoice themselves; the consortium promotes.
        Promotional => "promotional",
        /// The consortium sells under one name and allocates production.
        Sales => "sales",
    }
}

coded! {
    /// Who receives a lead.
    LeadRule {
        /// Members take turns.
        Rotation => "rotation",
        /// The member whose products fit the lead best.
        Specialisation => "specialisation",
        /// The buyer chooses, and the consortium takes a 3 % commission.
        BuyerChooses => "buyer-chooses",
    }
}

coded! {
    /// How the members decide.
    DecisionRule {
        /// Everyone agrees.
        Consensus => "consensus",
        /// The majority decides.
        Majority => "majority",
    }
}

coded! {
    /// How public support is paid.
    Funding {
        /// No public support.
        None => "none",
        /// A share of costs that falls year by year.
        Declining => "declining",
        /// Everything for a time, then nothing.
        Cliff => "cliff",
    }
}

/// The learner's formation: the statutes the consortium is founded on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formation {
    /// The members' firm ids, in pool order.
    pub members: Vec<String>,
    /// Promotional or sales.
    #[serde(rename = "type")]
    pub kind: ConsortiumType,
    /// The entry fee, USD.
    pub entry_fee: u32,
    /// The fee each member pays a quarter, USD.
    pub quarterly_fee: u32,
    /// A quality charter with inspection.
    pub charter: bool,
    /// Sanctions for non-payment and bypassing.
    pub sanctions: bool,
    /// Who receives leads.
    pub leads: LeadRule,
    /// How the members decide.
    pub decisions: DecisionRule,
    /// The coordinator option's id.
    pub coordinator: String,
    /// How public support is paid.
    pub funding: Funding,
}

/// Why a formation cannot be founded as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormationProblem {
    /// Fewer members than the content allows.
    #[error("a consortium needs at least {min} members")]
    TooFewMembers {
        /// The content's minimum.
        min: usize,
    },
    /// More members than the content allows.
    #[error("a consortium of more than {max} members cannot agree on anything")]
    TooManyMembers {
        /// The content's maximum.
        max: usize,
    },
    /// A member that is not in the pool, or listed twice.
    #[error("`{0}` is not a firm of the pool, or is listed twice")]
    UnknownFirm(String),
    /// A fee the statutes do not offer.
    #[error("{0} USD is not one of the fees on offer")]
    FeeNotOffered(u32),
    /// A coordinator option the content does not have.
    #[error("`{0}` is not a coordinator option")]
    UnknownCoordinator(String),
    /// A sales consortium with fewer than two producers.
    #[error(
        "a sales consortium sells its members' goods under one name, so it needs two producers or more"
    )]
    SalesNeedsProducers,
}

impl FormationProblem {
    /// The catalog key of the reason, with `{min}`, `{max}` or `{value}` to fill.
    pub fn key(&self) -> String {
        let code = match self {
            FormationProblem::TooFewMembers { .. } => "too-few",
            FormationProblem::TooManyMembers { .. } => "too-many",
            FormationProblem::UnknownFirm(_) => "unknown-firm",
            FormationProblem::FeeNotOffered(_) => "fee",
            FormationProblem::UnknownCoordinator(_) => "coordinator",
            FormationProblem::SalesNeedsProducers => "sales-producers",
        };
        format!("{PREFIX}.problem.{code}")
    }
}

impl Formation {
    /// Every reason the formation cannot be founded; empty when it can.
    pub fn problems(&self, content: &ConsortiumContent) -> Vec<FormationProblem> {
        let mut problems = Vec::new();
        let range = content.member_range();
        if self.members.len() < *range.start() {
            problems.push(FormationProblem::TooFewMembers { min: *range.start() });
        }
        if self.members.len() > *range.end() {
            problems.push(FormationProblem::TooManyMembers { max: *range.end() });
        }
        let mut seen = BTreeSet::new();
        for id in &self.members {
            if content.firm(id).is_none() || !seen.insert(id) {
                problems.push(FormationProblem::UnknownFirm(id.clone()));
            }
        }
        if !content.entry_fees().contains(&self.entry_fee) {
            problems.push(FormationProblem::FeeNotOffered(self.entry_fee));
        }
        if !content.quarterly_fees().contains(&self.quarterly_fee) {
            problems.push(FormationProblem::FeeNotOffered(self.quarterly_fee));
        }
        if content.coordinator(&self.coordinator).is_none() {
            problems.push(FormationProblem::UnknownCoordinator(self.coordinator.clone()));
        }
        let producers = self
            .members
            .iter()
            .filter_map(|id| content.firm(id))
            .filter(|firm| firm.is_producer())
            .count();
        if self.kind == ConsortiumType::Sales && producers < 2 {
            problems.push(FormationProblem::SalesNeedsProducers);
        }
        problems
    }
}

/// Why a quarter's plan cannot run as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanProblem {
    /// The same activity twice in one quarter.
    #[error("`{}` is planned twice in one quarter", .0.code())]
    Twice(ActivityKind),
    /// More activities than the coordinator can run.
    #[error("the coordinator can run at most {0} activities a quarter")]
    CoordinatorHours(u8),
}

impl PlanProblem {
    /// The catalog key of the reason, with `{value}` to fill.
    pub fn key(&self) -> String {
        let code = match self {
            PlanProblem::Twice(_) => "twice",
            PlanProblem::CoordinatorHours(_) => "hours",
        };
        format!("{PREFIX}.problem.{code}")
    }
}

/// A formation played with its plans: a reference the debrief and the risk
/// view compare with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Played {
    pub(crate) id: String,
    pub(crate) formation: Formation,
    pub(crate) plans: Vec<Vec<ActivityKind>>,
}

impl Played {
    /// Its id, e.g. `lao-home-collection`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The formation.
    pub fn formation(&self) -> &Formation {
        &self.formation
    }

    /// The activity plan of each quarter.
    pub fn plans(&self) -> &[Vec<ActivityKind>] {
        &self.plans
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        format!("{PREFIX}.reference.{}.name", self.id)
    }
}

/// The answer to a decision an event raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Response {
    /// A complaint: the consortium replaces the goods at its own cost.
    Replace,
    /// A complaint: the supplier must put it right.
    SupplierFixes,
    /// A complaint: nothing is done.
    Ignore,
    /// A free-rider: a formal warning.
    Warn,
    /// A free-rider: the member is expelled.
    Expel,
    /// A free-rider: the matter is let go.
    Tolerate,
}

/// What an event asks the learner to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionKind {
    /// A buyer complained about a member's delivery.
    Complaint,
    /// A member did not pay, or took a shared buyer private.
    FreeRider,
}

impl DecisionKind {
    /// Both kinds.
    pub const ALL: [DecisionKind; 2] = [DecisionKind::Complaint, DecisionKind::FreeRider];

    /// The stable code, used in catalog keys and LMS ids.
    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::Complaint => "complaint",
            DecisionKind::FreeRider => "free-rider",
        }
    }

    /// The answers it accepts, in the order the prompt shows them.
    pub fn responses(self) -> [Response; 3] {
        match self {
            DecisionKind::Complaint => {
                [Response::Replace, Response::SupplierFixes, Response::Ignore]
            }
            DecisionKind::FreeRider => [Response::Warn, Response::Expel, Response::Tolerate],
        }
    }

    /// The answer a run of the risk view gives when the learner never met
    /// this decision: the one the literature recommends.
    pub fn recommended(self) -> Response {
        match self {
            DecisionKind::Complaint => Response::Replace,
            DecisionKind::FreeRider => Response::Warn,
        }
    }

    /// The catalog key of its short name, without placeholders: the
    /// description an LMS keeps for the interaction.
    pub fn name_key(self) -> String {
        format!("{PREFIX}.decision.{}.name", self.code())
    }

    /// The catalog key of the question, with `{firm}` to fill.
    pub fn prompt_key(self) -> String {
        format!("{PREFIX}.decision.{}.prompt", self.code())
    }
}

impl Response {
    /// The stable code, used in catalog keys and LMS responses.
    pub fn code(self) -> &'static str {
        match self {
            Response::Replace => "replace",
            Response::SupplierFixes => "supplier-fixes",
            Response::Ignore => "ignore",
            Response::Warn => "warn",
            Response::Expel => "expel",
            Response::Tolerate => "tolerate",
        }
    }

    /// The catalog key of the answer, under the decision it belongs to.
    pub fn label_key(self, kind: DecisionKind) -> String {
        format!("{PREFIX}.decision.{}.{}", kind.code(), self.code())
    }

    /// The catalog key of what the answer did.
    pub fn effect_key(self, kind: DecisionKind) -> String {
        format!("{PREFIX}.decision.{}.{}.effect", kind.code(), self.code())
    }
}
