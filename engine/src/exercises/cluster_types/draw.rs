//! The seeded draw of one attempt: which cases, in which order. Every type
//! the bank has is drawn at least once when the attempt has room for all of
//! them, so that an attempt tests every distinction, and the confusion
//! summary has something to say about each type.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::DrawnCase;
use super::content::{CaseContent, ClusterType};

/// Draws `per_attempt` cases: one of each type first (as far as room
/// allows, types in random order), the rest from the remaining cases with
/// at most `max_per_type` of a type, then shuffles the order. One generator
/// serves the whole draw.
pub(super) fn draw(content: &CaseContent, seed: u64) -> Vec<DrawnCase> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pool: Vec<_> = content.vignettes().iter().collect();
    pool.shuffle(&mut rng);
    let mut types = ClusterType::ALL;
    types.shuffle(&mut rng);
    let mut drawn = Vec::with_capacity(content.per_attempt());
    for kind in types.into_iter().take(content.per_attempt()) {
        if let Some(at) = pool.iter().position(|vignette| vignette.structure() == kind) {
            drawn.push(pool.remove(at));
        }
    }
    for vignette in pool {
        let of_kind =
            drawn.iter().filter(|drawn| drawn.structure() == vignette.structure()).count();
        if drawn.len() < content.per_attempt() && of_kind < content.max_per_type() {
            drawn.push(vignette);
        }
    }
    drawn.shuffle(&mut rng);
    drawn
        .into_iter()
        .map(|vignette| DrawnCase { id: vignette.id().to_owned(), structure: None, stage: None })
        .collect()
}
