//! The seeded draw of one attempt: which items, in which order, with which
//! option order. The result is kept as ids, so a resumed attempt shows exactly
//! what was drawn even if a later release of `rand` shuffles differently.

use std::collections::BTreeSet;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::content::QuizContent;

/// One item as drawn for an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnItem {
    pub(super) item_id: String,
    pub(super) dimension_id: String,
    pub(super) option_order: Vec<String>,
}

impl DrawnItem {
    /// The item's id.
    pub fn item_id(&self) -> &str {
        &self.item_id
    }

    /// The id of the dimension the item belongs to.
    pub fn dimension_id(&self) -> &str {
        &self.dimension_id
    }

    /// The item's option ids in the order they are shown.
    pub fn option_order(&self) -> &[String] {
        &self.option_order
    }
}

/// Draws `items_per_dimension` items from every dimension, dimension by
/// dimension in content order, each dimension's items and each item's options
/// shuffled, items not in `seen` (asked in earlier tries) before any seen
/// one. One generator serves the whole draw, so one seed replays it.
pub(super) fn draw(content: &QuizContent, seed: u64, seen: &BTreeSet<String>) -> Vec<DrawnItem> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut drawn = Vec::new();
    for dimension in content.dimensions() {
        let mut items: Vec<_> = dimension.items().iter().collect();
        items.shuffle(&mut rng);
        // A stable sort keeps the shuffled order within new and within seen items.
        items.sort_by_key(|item| seen.contains(item.id()));
        items.truncate(content.items_per_dimension());
        for item in items {
            let mut option_order = item.options().to_vec();
            if !item.fixed_order() {
                option_order.shuffle(&mut rng);
            }
            drawn.push(DrawnItem {
                item_id: item.id().to_owned(),
                dimension_id: dimension.id().to_owned(),
                option_order,
            });
        }
    }
    drawn
}
