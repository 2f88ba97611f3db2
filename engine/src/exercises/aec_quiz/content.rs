//! The validated structure of the AEC readiness quiz (`quiz` in
//! `content/exercises/aec-quiz.json`): dimensions and their item banks, the
//! self-assessment statements of each audience, and the rules for drawing,
//! scoring, banding and retrying. Every string is a catalog key derived from
//! an id, so translators never touch keys, weights or thresholds.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::raw::{RawGraded, RawItem, RawItemKind, RawQuiz, RawStatement};
use crate::exercises::retry::RetryPolicy;
use crate::source::{Located, Report, check_new_id};
use crate::vocabulary::Role;

/// The catalog prefix of every quiz content string.
const PREFIX: &str = "aec-quiz";

/// SCORM 1.2 limits a choice interaction to 36 single-character responses.
const MAX_OPTIONS: usize = 36;

/// The AEC readiness quiz: what to draw, how to score, and the banks it draws from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizContent {
    items_per_dimension: usize,
    graded: GradedScore,
    pass_mark: u8,
    max_above_chance: u8,
    knowledge_share: u8,
    objective_band_idx: usize,
    recommendations_shown: usize,
    retry: RetryPolicy,
    likert: LikertScale,
    bands: Vec<Band>,
    dimensions: Vec<Dimension>,
    sme_statements: Vec<Statement>,
    institution_statements: Vec<Statement>,
}

impl QuizContent {
    /// How many items each attempt draws from every dimension.
    pub fn items_per_dimension(&self) -> usize {
        self.items_per_dimension
    }

    /// Which percentage is the attempt's graded score.
    pub fn graded(&self) -> GradedScore {
        self.graded
    }

    /// The graded score, 0–100, at or above which an attempt passes.
    pub fn pass_mark(&self) -> u8 {
        self.pass_mark
    }

    /// How many points above chance a guessing strategy may score on the
    /// bank before validation refuses it.
    pub fn max_above_chance(&self) -> u8 {
        self.max_above_chance
    }

    /// The weight of knowledge in a dimension's readiness, in percent; the
    /// self-assessment has the rest.
    pub fn knowledge_share(&self) -> u8 {
        self.knowledge_share
    }

    /// The lowest band in which a dimension's objective counts as met.
    pub fn objective_band(&self) -> &Band {
        &self.bands[self.objective_band_idx]
    }

    /// How many recommendations the results show at most.
    pub fn recommendations_shown(&self) -> usize {
        self.recommendations_shown
    }

    /// When a learner may try again.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The rating scale of the self-assessment.
    pub fn likert(&self) -> &LikertScale {
        &self.likert
    }

    /// The readiness bands, from the lowest up; the first starts at 0.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The lowest and highest readiness (0–100) of `band`.
    pub fn band_range(&self, band: &Band) -> (u8, u8) {
        let next = self.bands.iter().map(Band::min).filter(|min| *min > band.min).min();
        (band.min, next.map_or(100, |next| next - 1))
    }

    /// The band a readiness score (0–100, already rounded) falls in.
    pub fn band_for(&self, readiness: u8) -> &Band {
        self.bands.iter().rev().find(|band| band.min <= readiness).unwrap_or(&self.bands[0])
    }

    /// The readiness dimensions, in display order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The dimension with this id.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|dimension| dimension.id == id)
    }

    /// The item with this id, with the dimension it belongs to.
    pub fn item(&self, id: &str) -> Option<(&Dimension, &Item)> {
        self.dimensions.iter().find_map(|dimension| {
            dimension.items.iter().find(|item| item.id == id).map(|item| (dimension, item))
        })
    }

    /// The self-assessment statements for one audience, in display order.
    pub fn statements(&self, audience: Role) -> &[Statement] {
        match audience {
            Role::Sme => &self.sme_statements,
            Role::SupportInstitution => &self.institution_statements,
        }
    }

    /// Every catalog key the quiz needs in every language.
    pub(crate) fn required_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> =
            self.bands.iter().flat_map(|band| [band.name_key(), band.meaning_key()]).collect();
        keys.extend(self.likert.points().map(LikertScale::label_key));
        for dimension in &self.dimensions {
            keys.push(dimension.name_key());
            for item in &dimension.items {
                keys.push(item.stem_key());
                keys.extend(item.options.iter().map(|option| item.option_key(option)));
                keys.push(item.why_key());
            }
        }
        for statement in self.sme_statements.iter().chain(&self.institution_statements) {
            keys.push(statement.text_key());
            keys.push(statement.recommendation_key());
        }
        keys
    }
}

/// Which percentage becomes the attempt's score in the LMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GradedScore {
    /// The weighted share of knowledge items answered correctly.
    Knowledge,
    /// The mean readiness of all dimensions.
    Readiness,
}

/// A 1-to-n agreement scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikertScale {
    min: u8,
    max: u8,
    recommend_at_or_below: u8,
}

impl LikertScale {
    /// The lowest rating ("strongly disagree").
    pub fn min(&self) -> u8 {
        self.min
    }

    /// The highest rating ("strongly agree").
    pub fn max(&self) -> u8 {
        self.max
    }

    /// A statement rated at or below this shows its recommendation.
    pub fn recommend_at_or_below(&self) -> u8 {
        self.recommend_at_or_below
    }

    /// Every rating, from the lowest.
    pub fn points(&self) -> impl Iterator<Item = u8> + use<> {
        self.min..=self.max
    }

    /// The catalog key of a rating's label, e.g. `ui.quiz.likert.1`.
    pub fn label_key(point: u8) -> String {
        format!("ui.quiz.likert.{point}")
    }
}

/// A named range of readiness scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    id: String,
    min: u8,
}

impl Band {
    /// A stable id, e.g. `developing`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The lowest score in the band; the band runs up to the next band's minimum.
    pub fn min(&self) -> u8 {
        self.min
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        format!("{PREFIX}.band.{}", self.id)
    }

    /// The catalog key of the one line that says what the band means.
    pub fn meaning_key(&self) -> String {
        format!("{PREFIX}.band.{}.meaning", self.id)
    }
}

/// One readiness dimension and its item bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    id: String,
    items: Vec<Item>,
}

impl Dimension {
    /// A stable id, e.g. `aec-d2`; also the LMS objective id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The bank of knowledge items.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        dimension_name_key(&self.id)
    }
}

/// The catalog key of the name of the dimension `id`, for exercises that
/// name a dimension from the capacity needs the quiz handed on.
pub(crate) fn dimension_name_key(id: &str) -> String {
    format!("{PREFIX}.dimension.{id}")
}

/// Whether a knowledge item takes one answer or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    /// Exactly one option is correct and one may be chosen.
    Single,
    /// Any number of options may be chosen; the answer is correct when it is
    /// exactly the set of keys.
    Multiple,
}

/// One knowledge item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    id: String,
    kind: ItemKind,
    options: Vec<String>,
    key: Vec<String>,
    weight: u32,
    post_2012: bool,
    fixed_order: bool,
}

impl Item {
    /// A stable id, e.g. `aec-d2-q03`; also the LMS interaction id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Single or multiple response.
    pub fn kind(&self) -> ItemKind {
        self.kind
    }

    /// The option ids in authoring order; each is one character `a`–`z` or `0`–`9`.
    pub fn options(&self) -> &[String] {
        &self.options
    }

    /// The ids of the correct options, in authoring order.
    pub fn key(&self) -> &[String] {
        &self.key
    }

    /// Whether `option` is one of the item's options.
    pub fn has_option(&self, option: &str) -> bool {
        self.options.iter().any(|known| known == option)
    }

    /// The item's weight in the knowledge score.
    pub fn weight(&self) -> u32 {
        self.weight
    }

    /// Whether the item rests on facts from after the 2012 course, so that
    /// views can mark it as "what happened next".
    pub fn post_2012(&self) -> bool {
        self.post_2012
    }

    /// Whether the options keep their authoring order (numbers, dates),
    /// instead of being shuffled for each attempt.
    pub fn fixed_order(&self) -> bool {
        self.fixed_order
    }

    /// The catalog key of the question.
    pub fn stem_key(&self) -> String {
        format!("{PREFIX}.item.{}.stem", self.id)
    }

    /// The catalog key of one option's text.
    pub fn option_key(&self, option: &str) -> String {
        format!("{PREFIX}.item.{}.option.{option}", self.id)
    }

    /// The catalog key of the explanation shown after checking.
    pub fn why_key(&self) -> String {
        format!("{PREFIX}.item.{}.why", self.id)
    }
}

/// One self-assessment statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    id: String,
    dimensions: Vec<String>,
}

impl Statement {
    /// A stable id, e.g. `aec-sme-s04`; also the LMS interaction id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The ids of the dimensions its rating counts towards (usually one).
    pub fn dimensions(&self) -> &[String] {
        &self.dimensions
    }

    /// The catalog key of the statement.
    pub fn text_key(&self) -> String {
        format!("{PREFIX}.statement.{}.text", self.id)
    }

    /// The catalog key of the recommendation shown when it is rated low.
    pub fn recommendation_key(&self) -> String {
        format!("{PREFIX}.statement.{}.recommendation", self.id)
    }
}

/// Checks the `quiz` section and builds [`QuizContent`], or records every
/// problem and returns `None`.
pub(crate) fn check_quiz(
    raw: RawQuiz,
    located: &Located<'_>,
    report: &mut Report,
) -> Option<QuizContent> {
    let errors_before = report.errors.len();
    let at = |field: &str| format!("/quiz/{field}");
    let mut percent = |field: &str, value: u32| -> u8 {
        if value > 100 {
            located.error(report, &at(field), format!("{value} is not within 0..=100"));
        }
        value.min(100) as u8
    };
    let pass_mark = percent("scoring/pass_mark", raw.scoring.pass_mark);
    let knowledge_share = percent("scoring/knowledge_share", raw.scoring.knowledge_share);
    if !(1..=20).contains(&raw.scoring.recommendations_shown) {
        located.error(
            report,
            &at("scoring/recommendations_shown"),
            format!("{} is not within 1..=20", raw.scoring.recommendations_shown),
        );
    }
    let retry = RetryPolicy::check(&raw.retry, &at("retry"), located, report);
    let likert = check_likert(&raw, located, report);
    let bands = check_bands(&raw, located, report);
    let objective_band_idx =
        bands.iter().position(|band| band.id == raw.scoring.objective_met_from_band);
    if objective_band_idx.is_none() {
        located.error(
            report,
            &at("scoring/objective_met_from_band"),
            format!("`{}` is not a band", raw.scoring.objective_met_from_band),
        );
    }

    let mut ids = BTreeSet::new();
    let items_per_dimension = raw.draw.items_per_dimension as usize;
    if items_per_dimension == 0 {
        located.error(report, &at("draw/items_per_dimension"), "the draw needs at least one item");
    }
    if raw.dimensions.is_empty() {
        located.error(report, &at("dimensions"), "the quiz needs at least one dimension");
    }
    let mut dimensions = Vec::new();
    for (dimension_idx, dimension) in raw.dimensions.into_iter().enumerate() {
        let pointer = at(&format!("dimensions/{dimension_idx}"));
        check_new_id(&dimension.id, &format!("{pointer}/id"), &mut ids, located, report);
        if dimension.items.len() < items_per_dimension {
            located.error(
                report,
                &format!("{pointer}/items"),
                format!(
                    "dimension `{}` has {} items but the draw needs {items_per_dimension}",
                    dimension.id,
                    dimension.items.len()
                ),
            );
        }
        let items = dimension
            .items
            .into_iter()
            .enumerate()
            .map(|(item_idx, item)| {
                let pointer = format!("{pointer}/items/{item_idx}");
                check_item(item, &dimension.id, &pointer, &mut ids, located, report)
            })
            .collect();
        dimensions.push(Dimension { id: dimension.id, items });
    }

    let mut check_statements = |statements: Vec<RawStatement>, audience: Role| {
        let pointer = at(&format!("statements/{}", audience.code()));
        if statements.is_empty() {
            located.error(report, &pointer, "an audience needs at least one statement");
        }
        let statements: Vec<Statement> = statements
            .into_iter()
            .enumerate()
            .map(|(statement_idx, statement)| {
                let pointer = format!("{pointer}/{statement_idx}");
                check_statement(statement, &dimensions, &pointer, &mut ids, located, report)
            })
            .collect();
        for dimension in &dimensions {
            if !statements.iter().any(|statement| statement.dimensions.contains(&dimension.id)) {
                located.error(
                    report,
                    &pointer,
                    format!("no statement for dimension `{}`", dimension.id),
                );
            }
        }
        statements
    };
    let sme_statements = check_statements(raw.statements.sme, Role::Sme);
    let institution_statements =
        check_statements(raw.statements.support_institution, Role::SupportInstitution);

    (report.errors.len() == errors_before).then(|| QuizContent {
        items_per_dimension,
        graded: match raw.scoring.graded {
            RawGraded::Knowledge => GradedScore::Knowledge,
            RawGraded::Readiness => GradedScore::Readiness,
        },
        pass_mark,
        max_above_chance: raw.scoring.max_above_chance.min(100) as u8,
        knowledge_share,
        objective_band_idx: objective_band_idx.unwrap_or_default(),
        recommendations_shown: raw.scoring.recommendations_shown as usize,
        retry,
        likert,
        bands,
        dimensions,
        sme_statements,
        institution_statements,
    })
}

fn check_likert(raw: &RawQuiz, located: &Located<'_>, report: &mut Report) -> LikertScale {
    let likert = &raw.likert;
    if likert.min >= likert.max || likert.max > 10 {
        located.error(
            report,
            "/quiz/likert/max",
            format!("a scale from {} to {} is not within 0..=10", likert.min, likert.max),
        );
    } else if !(likert.min..likert.max).contains(&likert.recommend_at_or_below) {
        located.error(
            report,
            "/quiz/likert/recommend_at_or_below",
            format!(
                "{} is not within {}..{}",
                likert.recommend_at_or_below, likert.min, likert.max
            ),
        );
    }
    let small = |value: u32| value.min(10) as u8;
    LikertScale {
        min: small(likert.min),
        max: small(likert.max),
        recommend_at_or_below: small(likert.recommend_at_or_below),
    }
}

fn check_bands(raw: &RawQuiz, located: &Located<'_>, report: &mut Report) -> Vec<Band> {
    if raw.bands.is_empty() {
        located.error(report, "/quiz/bands", "the quiz needs at least one band");
    }
    let mut ids = BTreeSet::new();
    let mut bands: Vec<Band> = Vec::new();
    for (band_idx, band) in raw.bands.iter().enumerate() {
        let pointer = format!("/quiz/bands/{band_idx}");
        check_new_id(&band.id, &format!("{pointer}/id"), &mut ids, located, report);
        let min_pointer = format!("{pointer}/min");
        match bands.last() {
            None if band.min != 0 => {
                located.error(report, &min_pointer, "the first band starts at 0")
            }
            Some(previous) if band.min <= u32::from(previous.min) || band.min > 100 => located
                .error(
                    report,
                    &min_pointer,
                    format!("{} is not within {}..=100", band.min, previous.min + 1),
                ),
            _ => {}
        }
        bands.push(Band { id: band.id.clone(), min: band.min.min(100) as u8 });
    }
    bands
}

fn check_item(
    raw: RawItem,
    dimension: &str,
    pointer: &str,
    ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Item {
    if check_new_id(&raw.id, &format!("{pointer}/id"), ids, located, report)
        && !raw.id.starts_with(&format!("{dimension}-"))
    {
        located.error(
            report,
            &format!("{pointer}/id"),
            format!("item `{}` does not start with its dimension `{dimension}-`", raw.id),
        );
    }
    if !(2..=MAX_OPTIONS).contains(&raw.options.len()) {
        located.error(
            report,
            &format!("{pointer}/options"),
            format!("{} options is not within 2..={MAX_OPTIONS}", raw.options.len()),
        );
    }
    let mut options = BTreeSet::new();
    for (option_idx, option) in raw.options.iter().enumerate() {
        let pointer = format!("{pointer}/options/{option_idx}");
        let mut chars = option.chars();
        let one_char = matches!((chars.next(), chars.next()), (Some(c), None)
            if c.is_ascii_lowercase() || c.is_ascii_digit());
        if !one_char {
            located.error(report, &pointer, format!("option `{option}` is not one of a–z, 0–9"));
        } else if !options.insert(option.as_str()) {
            located.error(report, &pointer, format!("option `{option}` is listed twice"));
        }
    }
    let mut keys = BTreeSet::new();
    for (key_idx, key) in raw.key.iter().enumerate() {
        let pointer = format!("{pointer}/key/{key_idx}");
        if !options.contains(key.as_str()) {
            located.error(report, &pointer, format!("key `{key}` is not an option"));
        } else if !keys.insert(key.as_str()) {
            located.error(report, &pointer, format!("key `{key}` is listed twice"));
        }
    }
    let key_pointer = format!("{pointer}/key");
    let kind = match raw.kind {
        RawItemKind::Single => {
            if raw.key.len() != 1 {
                located.error(report, &key_pointer, "a single-response item has exactly one key");
            }
            ItemKind::Single
        }
        RawItemKind::Multiple => {
            if raw.key.is_empty() || raw.key.len() >= raw.options.len() {
                located.error(
                    report,
                    &key_pointer,
                    "a multiple-response item needs at least one key and one distractor",
                );
            }
            ItemKind::Multiple
        }
    };
    if !(1..=100).contains(&raw.weight) {
        located.error(
            report,
            &format!("{pointer}/weight"),
            format!("{} is not within 1..=100", raw.weight),
        );
    }
    // Keys follow the option order, so that interactions report them the same
    // way whatever order the author typed them in.
    let key = raw.options.iter().filter(|option| raw.key.contains(option)).cloned().collect();
    Item {
        id: raw.id,
        kind,
        options: raw.options,
        key,
        weight: raw.weight,
        post_2012: raw.post_2012,
        fixed_order: raw.fixed_order,
    }
}

fn check_statement(
    raw: RawStatement,
    dimensions: &[Dimension],
    pointer: &str,
    ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Statement {
    check_new_id(&raw.id, &format!("{pointer}/id"), ids, located, report);
    if raw.dimensions.is_empty() {
        located.error(
            report,
            &format!("{pointer}/dimensions"),
            "a statement needs at least one dimension",
        );
    }
    for (dimension_idx, dimension) in raw.dimensions.iter().enumerate() {
        let pointer = format!("{pointer}/dimensions/{dimension_idx}");
        if !dimensions.iter().any(|known| &known.id == dimension) {
            located.error(report, &pointer, format!("`{dimension}` is not a dimension"));
        } else if raw.dimensions[..dimension_idx].contains(dimension) {
            located.error(report, &pointer, format!("dimension `{dimension}` is listed twice"));
        }
    }
    Statement { id: raw.id, dimensions: raw.dimensions }
}

/// Validates a bare section, for tests that need small hand-made content.
#[cfg(test)]
pub(crate) fn quiz_from_json(text: &str) -> QuizContent {
    crate::source::section_from_json::<RawQuiz, _>(text, check_quiz)
}
