//! The validated structure of the cluster-type identification exercise
//! (`cases` in `content/exercises/cluster-types.json`): the bank of cases,
//! the discussion case, and the rules for drawing, weighting and retrying.
//! Every string is a catalog key derived from an id or a type.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::raw::{RawCases, RawVignette};
use crate::exercises::retry::RetryPolicy;
use crate::source::{Located, Report, check_new_id};

/// The catalog prefix of every string of this exercise.
const PREFIX: &str = "cluster-types";

/// A cluster's structure and governance, after Markusen (1996), plus the
/// answer for firms that do not form a cluster at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterType {
    /// Many small, locally owned firms trading with each other.
    Marshallian,
    /// One or a few anchor firms with local suppliers around them.
    HubAndSpoke,
    /// Branch plants tied to parents elsewhere, hardly linked locally.
    SatellitePlatform,
    /// A public institution anchors the local economy.
    StateAnchored,
    /// No concentration in one area, or no interdependence.
    NotACluster,
}

impl ClusterType {
    /// Every type, in the order the drop targets show them.
    pub const ALL: [ClusterType; 5] = [
        ClusterType::Marshallian,
        ClusterType::HubAndSpoke,
        ClusterType::SatellitePlatform,
        ClusterType::StateAnchored,
        ClusterType::NotACluster,
    ];

    /// The stable code, used in content, catalog keys and LMS responses.
    pub fn code(self) -> &'static str {
        match self {
            ClusterType::Marshallian => "marshallian",
            ClusterType::HubAndSpoke => "hub-and-spoke",
            ClusterType::SatellitePlatform => "satellite-platform",
            ClusterType::StateAnchored => "state-anchored",
            ClusterType::NotACluster => "not-a-cluster",
        }
    }

    fn key(self, part: &str) -> String {
        format!("{PREFIX}.type.{}.{part}", self.code())
    }

    /// The catalog key of its short name.
    pub fn name_key(self) -> String {
        self.key("name")
    }

    /// The catalog key of its defining features.
    pub fn definition_key(self) -> String {
        self.key("definition")
    }

    /// The catalog key of the signals that give it away in a case.
    pub fn signals_key(self) -> String {
        self.key("signals")
    }

    /// The catalog key of the one question that tells it apart.
    pub fn test_key(self) -> String {
        self.key("test")
    }

    /// The catalog key of the support that suits it.
    pub fn support_key(self) -> String {
        self.key("support")
    }

    /// The id of its LMS objective, e.g. `ct-hub-and-spoke`.
    pub fn objective_id(self) -> String {
        format!("ct-{}", self.code())
    }

    fn keys(self) -> [String; 5] {
        [
            self.name_key(),
            self.definition_key(),
            self.signals_key(),
            self.test_key(),
            self.support_key(),
        ]
    }
}

/// A cluster's capability stage, after Mytelka & Farinelli (2000), with
/// Altenburg & Meyer-Stamer's clusters led by transnational firms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Survival: micro firms, low skills, little trust.
    Informal,
    /// Some collective organisation and some exports.
    Organised,
    /// Continuous innovation, high trust, dense links.
    Innovative,
    /// Transnational firms dominate.
    TncLed,
}

impl Stage {
    /// Every stage, from the least capable up.
    pub const ALL: [Stage; 4] =
        [Stage::Informal, Stage::Organised, Stage::Innovative, Stage::TncLed];

    /// The stable code, used in content, catalog keys and LMS responses.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Informal => "informal",
            Stage::Organised => "organised",
            Stage::Innovative => "innovative",
            Stage::TncLed => "tnc-led",
        }
    }

    /// The catalog key of its name.
    pub fn name_key(self) -> String {
        format!("{PREFIX}.stage.{}.name", self.code())
    }

    /// The catalog key of its signals.
    pub fn definition_key(self) -> String {
        format!("{PREFIX}.stage.{}.definition", self.code())
    }
}

/// How hard a case's structure question is; each level has a weight in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    /// A textbook case.
    Easy,
    /// Needs a second look.
    Medium,
    /// Invites a common misclassification.
    Hard,
}

/// One scored case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vignette {
    id: String,
    difficulty: Difficulty,
    structure: ClusterType,
    stages: Vec<Stage>,
    n_clues: usize,
    misreads: Vec<ClusterType>,
}

impl Vignette {
    /// Its id, e.g. `ct-v07`; also its LMS interaction id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// How hard it is.
    pub fn difficulty(&self) -> Difficulty {
        self.difficulty
    }

    /// The right answer to the structure question.
    pub fn structure(&self) -> ClusterType {
        self.structure
    }

    /// Every stage accepted as right; empty when the stage question does
    /// not apply (firms that are not a cluster).
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    fn key(&self, part: &str) -> String {
        format!("{PREFIX}.case.{}.{part}", self.id)
    }

    /// The catalog key of its title.
    pub fn title_key(&self) -> String {
        self.key("title")
    }

    /// The catalog key of its text.
    pub fn text_key(&self) -> String {
        self.key("text")
    }

    /// The catalog keys of its clue phrases, each a passage of its text.
    pub fn clue_keys(&self) -> Vec<String> {
        (1..=self.n_clues).map(|n| self.key(&format!("clue.{n}"))).collect()
    }

    /// The catalog key of why its structure is right.
    pub fn why_key(&self) -> String {
        self.key("why")
    }

    /// The catalog key of why `chosen` does not fit, when the case has its
    /// own explanation for that misreading.
    pub fn misread_key(&self, chosen: ClusterType) -> Option<String> {
        self.misreads.contains(&chosen).then(|| self.key(&format!("misread.{}", chosen.code())))
    }

    /// The catalog key of why its stage is right; only cases with stages.
    pub fn stage_why_key(&self) -> String {
        self.key("stage-why")
    }

    fn required_keys(&self) -> Vec<String> {
        let mut keys = vec![self.title_key(), self.text_key(), self.why_key()];
        keys.extend(self.clue_keys());
        keys.extend(self.misreads.iter().filter_map(|chosen| self.misread_key(*chosen)));
        if !self.stages.is_empty() {
            keys.push(self.stage_why_key());
        }
        keys
    }
}

/// The case discussed, not scored: more than one type can be defended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discussion {
    id: String,
    defensible: Vec<ClusterType>,
}

impl Discussion {
    /// Its id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The types that can be argued for.
    pub fn defensible(&self) -> &[ClusterType] {
        &self.defensible
    }

    /// The catalog key of its title.
    pub fn title_key(&self) -> String {
        format!("{PREFIX}.case.{}.title", self.id)
    }

    /// The catalog key of its text.
    pub fn text_key(&self) -> String {
        format!("{PREFIX}.case.{}.text", self.id)
    }

    /// The catalog key of the discussion of both readings.
    pub fn discussion_key(&self) -> String {
        format!("{PREFIX}.case.{}.discussion", self.id)
    }
}

/// The cluster-type identification exercise: what to draw, how to weigh and
/// the bank of cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseContent {
    per_attempt: usize,
    max_per_type: usize,
    pass_mark: u8,
    weights: [u32; 3],
    retry: RetryPolicy,
    stage_round: bool,
    vignettes: Vec<Vignette>,
    discussion: Discussion,
}

impl CaseContent {
    /// How many cases one attempt draws.
    pub fn per_attempt(&self) -> usize {
        self.per_attempt
    }

    /// How many cases of one type an attempt draws at most, so that
    /// answering every case with the most common type cannot pass.
    pub fn max_per_type(&self) -> usize {
        self.max_per_type
    }

    /// The score, 0–100, at or above which an attempt passes.
    pub fn pass_mark(&self) -> u8 {
        self.pass_mark
    }

    /// The points a case of this difficulty is worth.
    pub fn weight(&self, difficulty: Difficulty) -> u32 {
        self.weights[difficulty as usize]
    }

    /// When a learner may try again.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// Whether the capability-stage round is offered after the cases.
    pub fn stage_round(&self) -> bool {
        self.stage_round
    }

    /// The scored cases, in authoring order.
    pub fn vignettes(&self) -> &[Vignette] {
        &self.vignettes
    }

    /// The scored case with this id.
    pub fn vignette(&self, id: &str) -> Option<&Vignette> {
        self.vignettes.iter().find(|vignette| vignette.id == id)
    }

    /// The discussion case.
    pub fn discussion(&self) -> &Discussion {
        &self.discussion
    }

    /// The catalog key of the rule that says what a cluster is.
    pub fn rule_key(&self) -> String {
        format!("{PREFIX}.rule")
    }

    /// Every catalog key the exercise needs in every language.
    pub(crate) fn required_keys(&self) -> Vec<String> {
        let mut keys = vec![self.rule_key()];
        keys.extend(ClusterType::ALL.into_iter().flat_map(ClusterType::keys));
        keys.extend(
            Stage::ALL.into_iter().flat_map(|stage| [stage.name_key(), stage.definition_key()]),
        );
        keys.extend(self.vignettes.iter().flat_map(Vignette::required_keys));
        let discussion = &self.discussion;
        keys.extend([discussion.title_key(), discussion.text_key(), discussion.discussion_key()]);
        keys
    }

    /// What is wrong with one language's strings beyond missing keys: every
    /// clue must be a passage of its case's text, so that it can be
    /// highlighted there. Each problem is the key and the message.
    pub(crate) fn check_strings<'a>(
        &self,
        get: &dyn Fn(&str) -> Option<&'a str>,
    ) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        for vignette in &self.vignettes {
            let Some(text) = get(&vignette.text_key()) else { continue };
            for clue_key in vignette.clue_keys() {
                if let Some(clue) = get(&clue_key).filter(|clue| !text.contains(*clue)) {
                    problems.push((
                        clue_key,
                        format!("clue `{clue}` is not a passage of `{}`", vignette.text_key()),
                    ));
                }
            }
        }
        problems
    }
}

/// Validates the `cases` section; `None` after reporting any error.
pub(crate) fn check_cases(
    raw: RawCases,
    located: &Located<'_>,
    report: &mut Report,
) -> Option<CaseContent> {
    let errors_before = report.errors.len();
    let at = |field: &str| format!("/cases/{field}");
    let mut within = |field: &str, value: u32, range: std::ops::RangeInclusive<u32>| {
        located.within(report, &at(field), value, range);
    };
    within("scoring/pass_mark", raw.scoring.pass_mark, 0..=100);
    within("scoring/weights/easy", raw.scoring.weights.easy, 1..=10);
    within("scoring/weights/medium", raw.scoring.weights.medium, 1..=10);
    within("scoring/weights/hard", raw.scoring.weights.hard, 1..=10);
    let n_vignettes = u32::try_from(raw.vignettes.len()).unwrap_or(u32::MAX);
    within("draw/per_attempt", raw.draw.per_attempt, 1..=n_vignettes.max(1));
    let retry = RetryPolicy::check(&raw.retry, &at("retry"), located, report);

    let mut ids = BTreeSet::new();
    let vignettes: Vec<Vignette> = raw
        .vignettes
        .into_iter()
        .enumerate()
        .map(|(idx, vignette)| {
            check_vignette(vignette, &at(&format!("vignettes/{idx}")), &mut ids, located, report)
        })
        .collect();
    let mut room = 0;
    for kind in ClusterType::ALL {
        let n_of_kind = vignettes.iter().filter(|vignette| vignette.structure == kind).count();
        if n_of_kind == 0 {
            located.error(report, &at("vignettes"), format!("no case of type `{}`", kind.code()));
        }
        room += n_of_kind.min(raw.draw.max_per_type as usize);
    }
    if (raw.draw.per_attempt as usize) > room {
        located.error(
            report,
            &at("draw/per_attempt"),
            format!(
                "{} cases cannot be drawn with at most {} of each type from these cases",
                raw.draw.per_attempt, raw.draw.max_per_type
            ),
        );
    }

    let discussion = raw.discussion;
    check_new_id(&discussion.id, &at("discussion/id"), &mut ids, located, report);
    let defensible: BTreeSet<_> = discussion.defensible.iter().collect();
    if defensible.len() < 2 || defensible.len() != discussion.defensible.len() {
        located.error(
            report,
            &at("discussion/defensible"),
            "a discussion case needs two or more different types",
        );
    }

    (report.errors.len() == errors_before).then_some(CaseContent {
        per_attempt: raw.draw.per_attempt as usize,
        max_per_type: raw.draw.max_per_type as usize,
        pass_mark: raw.scoring.pass_mark as u8,
        weights: [raw.scoring.weights.easy, raw.scoring.weights.medium, raw.scoring.weights.hard],
        retry,
        stage_round: raw.stage_round,
        vignettes,
        discussion: Discussion { id: discussion.id, defensible: discussion.defensible },
    })
}

fn check_vignette(
    raw: RawVignette,
    pointer: &str,
    ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Vignette {
    check_new_id(&raw.id, &format!("{pointer}/id"), ids, located, report);
    if !(1..=8).contains(&raw.clues) {
        located.error(
            report,
            &format!("{pointer}/clues"),
            format!("{} is not within 1..=8", raw.clues),
        );
    }
    let mut stages = BTreeSet::new();
    for (idx, stage) in raw.stages.iter().enumerate() {
        if !stages.insert(stage) {
            located.error(report, &format!("{pointer}/stages/{idx}"), "stage listed twice");
        }
    }
    let mut misreads = BTreeSet::new();
    for (idx, misread) in raw.misreads.iter().enumerate() {
        let at = format!("{pointer}/misreads/{idx}");
        if *misread == raw.structure {
            located.error(report, &at, "the right answer cannot be a misreading");
        } else if !misreads.insert(misread) {
            located.error(report, &at, "misreading listed twice");
        }
    }
    Vignette {
        id: raw.id,
        difficulty: raw.difficulty,
        structure: raw.structure,
        stages: raw.stages,
        n_clues: raw.clues as usize,
        misreads: raw.misreads,
    }
}

/// Validates a bare section, for tests that need small hand-made content.
#[cfg(test)]
pub(crate) fn cases_from_json(text: &str) -> CaseContent {
    crate::source::section_from_json::<RawCases, _>(text, check_cases)
}
