//! How a test-wise guesser would score on the bank as drawn, in one
//! language: always the longest option, or always the same position. Either
//! strategy scoring well above chance means the wording, not knowledge,
//! gives the key away; content validation refuses such a bank.

use super::content::{ItemKind, QuizContent};

/// Expected knowledge scores, 0–100, of three ways of answering without
/// knowing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuessingScores {
    /// Choosing at random.
    pub chance: f64,
    /// Always choosing the longest option (ties shared).
    pub longest: f64,
    /// Always choosing the option at the same position, at the best position.
    pub same_position: f64,
}

/// What each strategy earns on one item: (chance, longest, by position).
struct ItemOdds {
    weight: f64,
    chance: f64,
    longest: f64,
    by_position: Vec<f64>,
}

impl QuizContent {
    /// The expected scores of guessing strategies over the bank as drawn
    /// (each dimension's items equally likely), with option lengths in
    /// characters from `text` (a catalog lookup); an option without text
    /// counts as empty.
    pub fn guessing_scores<'a>(&self, text: &dyn Fn(&str) -> Option<&'a str>) -> GuessingScores {
        let odds = self.item_odds(text);
        let total: f64 = odds.iter().map(|odds| odds.weight).sum();
        let mean = |score: &dyn Fn(&ItemOdds) -> f64| {
            let sum: f64 = odds.iter().map(|odds| odds.weight * score(odds)).sum();
            if total > 0.0 { 100.0 * sum / total } else { 0.0 }
        };
        let positions = odds.iter().map(|odds| odds.by_position.len()).max().unwrap_or(0);
        let same_position = (0..positions)
            .map(|at| mean(&|odds| odds.by_position.get(at).copied().unwrap_or(0.0)))
            .fold(0.0, f64::max);
        GuessingScores {
            chance: mean(&|odds| odds.chance),
            longest: mean(&|odds| odds.longest),
            same_position,
        }
    }

    /// Items whose key alone is the longest option, as (item id, option id):
    /// the ones to rewrite when the longest-option strategy pays.
    pub fn longest_keys<'a>(
        &self,
        text: &dyn Fn(&str) -> Option<&'a str>,
    ) -> Vec<(String, String)> {
        self.dimensions()
            .iter()
            .flat_map(|dimension| dimension.items())
            .filter_map(|item| {
                let [key] = item.key() else { return None };
                let length =
                    |option: &str| text(&item.option_key(option)).map_or(0, |t| t.chars().count());
                let longest = item
                    .options()
                    .iter()
                    .all(|option| option == key || length(option) < length(key));
                longest.then(|| (item.id().to_owned(), key.clone()))
            })
            .collect()
    }

    /// What is wrong with one language's options: when a guessing strategy
    /// scores more than the content's margin above chance, each item that
    /// feeds it, as (catalog key, message).
    pub(crate) fn check_guessing<'a>(
        &self,
        text: &dyn Fn(&str) -> Option<&'a str>,
    ) -> Vec<(String, String)> {
        let scores = self.guessing_scores(text);
        let limit = scores.chance + f64::from(self.max_above_chance());
        let mut problems = Vec::new();
        if scores.longest > limit {
            for (item, key) in self.longest_keys(text) {
                let (_, item) = self.item(&item).expect("listed items exist");
                problems.push((
                    item.option_key(&key),
                    format!(
                        "the key is the longest option of `{}`: always choosing the longest \
                         option scores {:.1} %, more than {} points above chance ({:.1} %)",
                        item.id(),
                        scores.longest,
                        self.max_above_chance(),
                        scores.chance
                    ),
                ));
            }
        }
        if scores.same_position > limit {
            let fixed =
                self.dimensions().iter().flat_map(|d| d.items()).filter(|item| item.fixed_order());
            for item in fixed {
                problems.push((
                    item.stem_key(),
                    format!(
                        "the options of `{}` keep their order: always choosing the same position \
                         scores {:.1} %, more than {} points above chance ({:.1} %)",
                        item.id(),
                        scores.same_position,
                        self.max_above_chance(),
                        scores.chance
                    ),
                ));
            }
        }
        problems
    }

    fn item_odds<'a>(&self, text: &dyn Fn(&str) -> Option<&'a str>) -> Vec<ItemOdds> {
        let mut odds = Vec::new();
        for dimension in self.dimensions() {
            let n_items = dimension.items().len() as f64;
            let drawn = self.items_per_dimension().min(dimension.items().len()) as f64;
            for item in dimension.items() {
                let n = item.options().len();
                let one_key = match item.key() {
                    [key] => Some(key.as_str()),
                    _ => None,
                };
                // A guess picks one option; on a multiple-response item it is
                // right only when the item has one key.
                let chance = match item.kind() {
                    ItemKind::Single => 1.0 / n as f64,
                    ItemKind::Multiple => 1.0 / (2f64.powi(n as i32) - 1.0),
                };
                let length =
                    |option: &str| text(&item.option_key(option)).map_or(0, |t| t.chars().count());
                let max = item.options().iter().map(|option| length(option)).max().unwrap_or(0);
                let longest: Vec<&String> =
                    item.options().iter().filter(|option| length(option) == max).collect();
                let longest_odds = match one_key {
                    Some(key) if longest.iter().any(|option| *option == key) => {
                        1.0 / longest.len() as f64
                    }
                    _ => 0.0,
                };
                let one_pick = if one_key.is_some() { 1.0 / n as f64 } else { 0.0 };
                let by_position = item
                    .options()
                    .iter()
                    .map(|option| match (item.fixed_order(), one_key) {
                        (true, Some(key)) => f64::from(u8::from(option == key)),
                        (true, None) => 0.0,
                        // Shuffled: any position holds the key as often as any other.
                        (false, _) => one_pick,
                    })
                    .collect();
                odds.push(ItemOdds {
                    weight: f64::from(item.weight()) * drawn / n_items,
                    chance,
                    longest: longest_odds,
                    by_position,
                });
            }
        }
        odds
    }
}
