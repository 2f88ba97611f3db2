//! What the simulation reports to the LMS, through [`Activity`]: one
//! `choice` interaction per formation choice (`cs-members`, `cs-type`, …)
//! and one per decision (`cs-q03-complaint`), none of them graded (a
//! formation has no single right answer; the rubric judges it as a whole),
//! and the rubric's score once the run is over.

use super::content::ConsortiumContent;
use super::formation::{Formation, Response};
use super::keys;
use super::model::Happening;
use super::{Answer, ConsortiumSession, Step};
use crate::ExerciseKind;
use crate::activity::{
    Activity, Completion, Counting, Interaction, InteractionKind, InteractionResult,
    ObjectiveResult, Score, Success,
};

impl Activity for ConsortiumSession {
    fn kind(&self) -> ExerciseKind {
        ExerciseKind::ConsortiumSim
    }

    fn counting(&self) -> Counting {
        self.content.retry().counting()
    }

    fn attempt(&self) -> u32 {
        self.attempt
    }

    fn answer_given(&self) -> bool {
        self.formed.is_some()
    }

    fn score(&self) -> Option<Score> {
        self.result().map(|result| Score::new(result.score, 100.0))
    }

    fn completion(&self) -> Completion {
        match self.step() {
            Step::Forming if self.attempt == 1 && self.formation.is_none() => {
                Completion::NotAttempted
            }
            Step::Forming | Step::Planning | Step::Deciding => Completion::Incomplete,
            Step::Debrief => Completion::Completed,
        }
    }

    fn success(&self) -> Success {
        Success::of(self.result().map(|result| result.passed))
    }

    /// The formation's choices in form order, then the decisions in the
    /// order they were taken.
    fn interactions(&self) -> Vec<Interaction> {
        let (Some(formation), Some(formed)) = (&self.formation, self.formed) else {
            return Vec::new();
        };
        let mut interactions = formation_choices(&self.content, formation)
            .into_iter()
            .map(|(word, response, choices)| Interaction {
                id: format!("cs-{word}"),
                kind: InteractionKind::Choice,
                description_key: keys::ui(word),
                response,
                correct_response: None,
                choices,
                result: InteractionResult::Neutral,
                weighting: 0.0,
                latency_ms: Some(formed.latency_ms),
                answered_at_ms: formed.answered_at_ms,
            })
            .collect::<Vec<_>>();
        let decided = self.run.iter().flat_map(|run| {
            run.quarters().iter().flat_map(|quarter| {
                quarter.happenings.iter().filter_map(move |happening| match happening {
                    Happening::Decided { kind, .. } => Some((quarter.quarter, *kind)),
                    _ => None,
                })
            })
        });
        interactions.extend(self.decisions.iter().zip(decided).map(
            |(decision, (quarter, kind)): (&Answer<Response>, _)| Interaction {
                id: format!("cs-q{quarter:02}-{}", kind.code()),
                kind: InteractionKind::Choice,
                description_key: kind.name_key(),
                response: vec![decision.chosen.code().to_owned()],
                correct_response: None,
                choices: kind.responses().map(|response| response.code().to_owned()).to_vec(),
                result: InteractionResult::Neutral,
                weighting: 0.0,
                latency_ms: Some(decision.latency_ms),
                answered_at_ms: decision.answered_at_ms,
            },
        ));
        interactions
    }

    fn objectives(&self) -> Vec<ObjectiveResult> {
        Vec::new()
    }
}

/// Each formation choice: the interface word that names it, the response
/// and every option, as codes.
fn formation_choices(
    content: &ConsortiumContent,
    formation: &Formation,
) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let codes = |all: &[&str]| all.iter().map(|code| (*code).to_owned()).collect::<Vec<_>>();
    let fee = |usd: u32| format!("usd-{usd}");
    let yes_no = |on: bool| vec![if on { "yes" } else { "no" }.to_owned()];
    let option = |group: &str, code: &str| {
        keys::option_groups()
            .into_iter()
            .find(|(name, _)| *name == group)
            .map(|(_, codes)| codes.into_iter().map(str::to_owned).collect())
            .unwrap_or_else(|| vec![code.to_owned()])
    };
    vec![
        (
            "chosen",
            formation.members.clone(),
            content.firms().iter().map(|firm| firm.id().to_owned()).collect(),
        ),
        ("type", vec![formation.kind.code().to_owned()], option("type", formation.kind.code())),
        (
            "entry-fee",
            vec![fee(formation.entry_fee)],
            content.entry_fees().iter().map(|usd| fee(*usd)).collect(),
        ),
        (
            "quarterly-fee",
            vec![fee(formation.quarterly_fee)],
            content.quarterly_fees().iter().map(|usd| fee(*usd)).collect(),
        ),
        ("charter", yes_no(formation.charter), codes(&["yes", "no"])),
        ("sanctions", yes_no(formation.sanctions), codes(&["yes", "no"])),
        (
            "leads",
            vec![formation.leads.code().to_owned()],
            option("lead-rule", formation.leads.code()),
        ),
        (
            "decisions",
            vec![formation.decisions.code().to_owned()],
            option("decision-rule", formation.decisions.code()),
        ),
        (
            "coordinator",
            vec![formation.coordinator.clone()],
            content.coordinators().iter().map(|option| option.id().to_owned()).collect(),
        ),
        (
            "funding",
            vec![formation.funding.code().to_owned()],
            option("funding", formation.funding.code()),
        ),
    ]
}
