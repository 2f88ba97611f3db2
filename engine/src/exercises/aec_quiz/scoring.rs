//! Scores of a finished attempt: knowledge and self-assessment per dimension,
//! their combination into readiness, bands, the graded score, and the
//! recommendations and capacity-building needs drawn from the weakest areas.
//! Every function here is pure, so each rule of the brief (§B0) is tested on
//! hand-computed numbers.

use std::cmp::Ordering;

use super::content::{GradedScore, LikertScale, QuizContent, Statement};
use crate::activity::Score;
use crate::vocabulary::CapacityNeed;

/// The outcome of a finished attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizResult {
    /// The graded score, 0–100, as the LMS receives it.
    pub score: Score,
    /// Whether the graded score reached the pass mark.
    pub passed: bool,
    /// The weighted share of knowledge items answered correctly, 0–100.
    pub knowledge: f64,
    /// The mean readiness of all dimensions, 0–100.
    pub readiness: f64,
    /// One entry per dimension, in content order.
    pub dimensions: Vec<DimensionScore>,
    /// The recommendations to show, the weakest area first.
    pub recommendations: Vec<Recommendation>,
    /// What the plan builder takes over as capacity-building needs, the
    /// weakest dimension first, at most [`MAX_NEEDS`].
    pub needs: Vec<CapacityNeed>,
    /// Dimensions rated high in the self-assessment but answered poorly,
    /// in content order: the learner may be over-confident there.
    pub overconfident: Vec<String>,
}

/// How many capacity-building needs a result lists: the weakest dimensions
/// only, so that the plan builder starts from priorities, not everything.
pub const MAX_NEEDS: usize = 3;

/// A dimension is over-confident when its knowledge score is below this...
const OVERCONFIDENT_KNOWLEDGE_BELOW: f64 = 50.0;
/// ...while its self-assessment is at least this (both 0–100).
const OVERCONFIDENT_SELF_FROM: f64 = 75.0;

/// The scores of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    /// The dimension's id, e.g. `aec-d2`.
    pub dimension: String,
    /// Weighted share of its drawn items answered correctly, 0–100.
    pub knowledge: f64,
    /// Its statements' mean rating rescaled to 0–100.
    pub self_assessment: f64,
    /// Knowledge and self-assessment combined, before rounding.
    pub readiness_exact: f64,
    /// Readiness rounded to a whole number, as shown and banded.
    pub readiness: u8,
    /// The id of the band the rounded readiness falls in.
    pub band: String,
    /// Whether the band reaches the band the content sets for a met objective.
    pub met: bool,
}

/// A low-rated statement whose recommendation is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    /// The statement's id.
    pub statement: String,
    /// The weakest of the statement's dimensions, under which it is listed.
    pub dimension: String,
    /// The learner's rating.
    pub rating: u8,
    /// The catalog key of the recommendation.
    pub recommendation_key: String,
}

/// One knowledge answer, as scoring sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark<'a> {
    pub(super) dimension: &'a str,
    pub(super) weight: u32,
    pub(super) correct: bool,
}

/// Weighted percentage of correct marks; 0 when nothing was drawn.
pub(super) fn knowledge_percent<'a>(marks: impl IntoIterator<Item = &'a Mark<'a>>) -> f64 {
    let (correct, total) = marks.into_iter().fold((0u64, 0u64), |(correct, total), mark| {
        let weight = u64::from(mark.weight);
        (correct + if mark.correct { weight } else { 0 }, total + weight)
    });
    if total == 0 { 0.0 } else { correct as f64 * 100.0 / total as f64 }
}

/// The mean rating rescaled to 0–100: (mean − min) / (max − min) × 100, which
/// on the 1–5 scale is the brief's (mean − 1) / 4 × 100. No ratings scores 0.
pub(super) fn self_assessment_percent(ratings: &[u8], scale: &LikertScale) -> f64 {
    if ratings.is_empty() {
        return 0.0;
    }
    let mean = ratings.iter().map(|&rating| f64::from(rating)).sum::<f64>() / ratings.len() as f64;
    let span = f64::from(scale.max() - scale.min());
    ((mean - f64::from(scale.min())) / span * 100.0).clamp(0.0, 100.0)
}

/// Knowledge and self-assessment weighted by the content's knowledge share.
pub(super) fn readiness(knowledge: f64, self_assessment: f64, knowledge_share: u8) -> f64 {
    let share = f64::from(knowledge_share) / 100.0;
    share * knowledge + (1.0 - share) * self_assessment
}

/// Rounds a 0–100 score to the whole number that is shown; bands use this
/// number so that the band always matches what the learner reads.
pub(super) fn round_percent(value: f64) -> u8 {
    value.round().clamp(0.0, 100.0) as u8
}

/// Scores a finished attempt from its marks and its ratings by statement.
pub(super) fn result(
    content: &QuizContent,
    pass_mark: f64,
    marks: &[Mark<'_>],
    statements: &[Statement],
    rating_of: impl Fn(&str) -> Option<u8>,
) -> QuizResult {
    let objective_min = content.objective_band().min();
    let dimensions: Vec<DimensionScore> = content
        .dimensions()
        .iter()
        .map(|dimension| {
            let id = dimension.id();
            let knowledge = knowledge_percent(marks.iter().filter(|mark| mark.dimension == id));
            let ratings: Vec<u8> = statements
                .iter()
                .filter(|statement| statement.dimensions().iter().any(|d| d == id))
                .filter_map(|statement| rating_of(statement.id()))
                .collect();
            let self_assessment = self_assessment_percent(&ratings, content.likert());
            let readiness_exact = readiness(knowledge, self_assessment, content.knowledge_share());
            let readiness = round_percent(readiness_exact);
            let band = content.band_for(readiness);
            DimensionScore {
                dimension: id.to_owned(),
                knowledge,
                self_assessment,
                readiness_exact,
                readiness,
                band: band.id().to_owned(),
                met: band.min() >= objective_min,
            }
        })
        .collect();

    let knowledge = knowledge_percent(marks);
    let mean_readiness = if dimensions.is_empty() {
        0.0
    } else {
        dimensions.iter().map(|score| score.readiness_exact).sum::<f64>() / dimensions.len() as f64
    };
    let graded = match content.graded() {
        GradedScore::Knowledge => knowledge,
        GradedScore::Readiness => mean_readiness,
    };
    // Two decimals, as LMSs store them, and the pass mark is judged on the
    // same number the learner and the LMS see.
    let score = Score::new((graded * 100.0).round() / 100.0, 100.0);
    let passed = score.raw >= pass_mark;

    let weakness = |a: &DimensionScore, b: &DimensionScore| {
        a.readiness_exact.partial_cmp(&b.readiness_exact).unwrap_or(Ordering::Equal)
    };
    // Statements rated at or below the threshold; when there are none, the
    // lowest-rated ones, so that every learner gets something to act on.
    let lowest_rating = statements.iter().filter_map(|statement| rating_of(statement.id())).min();
    let threshold = match lowest_rating {
        Some(lowest) => content.likert().recommend_at_or_below().max(lowest),
        None => content.likert().recommend_at_or_below(),
    };
    let mut low: Vec<(&Statement, u8, &DimensionScore)> = statements
        .iter()
        .filter_map(|statement| {
            let rating = rating_of(statement.id()).filter(|&rating| rating <= threshold)?;
            let weakest = dimensions
                .iter()
                .filter(|score| statement.dimensions().contains(&score.dimension))
                .min_by(|a, b| weakness(a, b))?;
            Some((statement, rating, weakest))
        })
        .collect();
    // A stable sort keeps content order among equals.
    low.sort_by(|(_, rating_a, a), (_, rating_b, b)| {
        weakness(a, b)
            .then_with(|| dimension_idx(content, a).cmp(&dimension_idx(content, b)))
            .then(rating_a.cmp(rating_b))
    });
    let recommendations = low
        .iter()
        .take(content.recommendations_shown())
        .map(|(statement, rating, dimension)| Recommendation {
            statement: statement.id().to_owned(),
            dimension: dimension.dimension.clone(),
            rating: *rating,
            recommendation_key: statement.recommendation_key(),
        })
        .collect();

    let mut weakest_first: Vec<&DimensionScore> = dimensions.iter().collect();
    weakest_first.sort_by(|a, b| weakness(a, b));
    let needs = weakest_first
        .into_iter()
        .filter_map(|score| {
            let mut listed: Vec<&Statement> = low
                .iter()
                .filter(|(_, _, dimension)| dimension.dimension == score.dimension)
                .map(|(statement, _, _)| *statement)
                .collect();
            if score.met && listed.is_empty() {
                return None;
            }
            listed.sort_by_key(|statement| statement_idx(statements, statement));
            Some(CapacityNeed {
                dimension: score.dimension.clone(),
                readiness: score.readiness,
                band: score.band.clone(),
                recommendation_keys: listed.iter().map(|s| s.recommendation_key()).collect(),
            })
        })
        .take(MAX_NEEDS)
        .collect();
    let overconfident = dimensions
        .iter()
        .filter(|score| {
            score.knowledge < OVERCONFIDENT_KNOWLEDGE_BELOW
                && score.self_assessment >= OVERCONFIDENT_SELF_FROM
        })
        .map(|score| score.dimension.clone())
        .collect();

    QuizResult {
        score,
        passed,
        knowledge,
        readiness: mean_readiness,
        dimensions,
        recommendations,
        needs,
        overconfident,
    }
}

fn dimension_idx(content: &QuizContent, score: &DimensionScore) -> usize {
    content.dimensions().iter().position(|d| d.id() == score.dimension).unwrap_or(usize::MAX)
}

fn statement_idx(statements: &[Statement], statement: &Statement) -> usize {
    statements.iter().position(|s| s.id() == statement.id()).unwrap_or(usize::MAX)
}
