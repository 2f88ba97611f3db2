//! The debrief: which success factors of the literature (brief §D0) the
//! formation honoured, and the quarters where that showed in the run. A
//! factor's verdict rests on the learner's choices, so the score does not
//! hang on luck; the quarters point at the events that made it visible.

use super::content::{ActivityKind, ConsortiumContent, Factor};
use super::formation::{ConsortiumType, Funding};
use super::model::{Composition, Happening, Run};

/// The verdict on one success factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The factor.
    pub factor: Factor,
    /// Whether the formation honoured it.
    pub held: bool,
    /// The quarters whose events show it, in order.
    pub quarters: Vec<u8>,
    /// The rubric's points for it, earned when it held.
    pub points: u8,
}

/// Overlap at or below which members complement each other.
const MAX_OVERLAP: f64 = 0.2;
/// Complementarity at or above which the offer is broad.
const MIN_COMPLEMENTARITY: f64 = 0.5;
/// Coherence at or above which members share one buyer theme.
const MIN_COHERENCE: f64 = 0.75;
/// The largest member's share of capacity above which it dominates.
const MAX_DOMINANCE: f64 = 0.4;
/// Market knowledge below which a distant fair is premature.
const READY_KNOWLEDGE: u8 = 50;

/// Judges every factor of the rubric, in the rubric's order.
pub fn judge(content: &ConsortiumContent, run: &Run) -> Vec<Judgement> {
    let formation = run.formation();
    let founded = Composition::of_formation(content, formation);
    let coordinator = content.coordinator(&formation.coordinator);
    let neutral = coordinator.is_some_and(|c| c.neutrality() >= 50 && c.competence() >= 50);
    let quarters_with = |shows: &dyn Fn(&Happening) -> bool| -> Vec<u8> {
        run.quarters()
            .iter()
            .filter(|quarter| quarter.happenings.iter().any(shows))
            .map(|quarter| quarter.quarter)
            .collect()
    };
    let conflicts = || quarters_with(&|h| matches!(h, Happening::Conflict { .. }));
    content
        .rubric()
        .factors()
        .iter()
        .map(|&(factor, points)| {
            let (held, quarters) = match factor {
                Factor::Complementarity => (
                    founded.overlap <= MAX_OVERLAP
                        && founded.complementarity >= MIN_COMPLEMENTARITY,
                    conflicts(),
                ),
                Factor::Coherence => (
                    founded.coherence >= MIN_COHERENCE,
                    quarters_with(&|h| matches!(h, Happening::Leads { .. })),
                ),
                Factor::NoDominance => (
                    founded.dominance <= MAX_DOMINANCE
                        && !coordinator.is_some_and(|c| c.from_largest_member()),
                    conflicts(),
                ),
                Factor::NeutralCoordinator => (
                    neutral,
                    quarters_with(&|h| {
                        matches!(
                            h,
                            Happening::LeadsLost { .. }
                                | Happening::Conflict { .. }
                                | Happening::CoordinatorLeft
                        )
                    }),
                ),
                Factor::MembersPay => (
                    formation.quarterly_fee > 0 && formation.entry_fee > 0,
                    quarters_with(&|h| {
                        matches!(
                            h,
                            Happening::NonPayment { .. }
                                | Happening::Cancelled { .. }
                                | Happening::CoordinatorUnpaid
                        )
                    }),
                ),
                Factor::Gradual => {
                    let premature = premature_fairs(content, run);
                    (formation.kind == ConsortiumType::Promotional && premature.is_empty(), {
                        let mut quarters = premature;
                        quarters.extend(quarters_with(&|h| {
                            matches!(h, Happening::TimberBlocked { .. })
                        }));
                        quarters.sort_unstable();
                        quarters.dedup();
                        quarters
                    })
                }
                Factor::QualityRules => (
                    formation.charter,
                    quarters_with(&|h| matches!(h, Happening::Complaint { .. })),
                ),
                Factor::Enforcement => (
                    formation.sanctions,
                    quarters_with(&|h| {
                        matches!(h, Happening::Bypass { .. } | Happening::NonPayment { .. })
                    }),
                ),
                Factor::DecliningSupport => (
                    formation.funding != Funding::Cliff,
                    quarters_with(&|h| {
                        matches!(h, Happening::Cancelled { .. } | Happening::CoordinatorUnpaid)
                    }),
                ),
                Factor::Proximity => (founded.is_regional(), conflicts()),
            };
            Judgement { factor, held, quarters, points }
        })
        .collect()
}

/// The quarters in which a distant fair ran before market knowledge was ready.
fn premature_fairs(content: &ConsortiumContent, run: &Run) -> Vec<u8> {
    let founded = Composition::of_formation(content, run.formation());
    let mut knowledge = founded.initial_knowledge().round() as u8;
    let mut quarters = Vec::new();
    for quarter in run.quarters() {
        let fair = quarter
            .happenings
            .iter()
            .any(|h| matches!(h, Happening::Activity { kind: ActivityKind::DistantFair, .. }));
        if fair && knowledge < READY_KNOWLEDGE {
            quarters.push(quarter.quarter);
        }
        knowledge = quarter.metrics.knowledge;
    }
    quarters
}

/// The score, 0–100: the points of the factors that held, plus the health
/// score's share of the rubric's outcome points.
pub fn score(content: &ConsortiumContent, run: &Run, judgements: &[Judgement]) -> f64 {
    let factors: u32 = judgements.iter().filter(|j| j.held).map(|j| u32::from(j.points)).sum();
    let health = run.outcome(content).health;
    let raw = f64::from(factors) + health * f64::from(content.rubric().outcome_points());
    // Whole points, so that the debrief and the gradebook show the same number.
    raw.round()
}
