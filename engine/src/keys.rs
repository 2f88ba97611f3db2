//! The catalog keys the interface builds at run time from a value (a role, a
//! country), in one place: the views take them from here, and content
//! validation requires each of them in the default catalog, so that a key
//! built with `format!` can never be missing from a language.

use crate::progress::Country;
use crate::vocabulary::Role;

/// The label of a role in the learner profile.
pub fn role(role: Role) -> String {
    format!("ui.role.{}", role.code())
}

/// The label of a country in the learner profile.
pub fn country(country: Country) -> String {
    format!("ui.country.{}", country.code())
}

/// The label of a quiz audience, which a role preselects.
pub fn audience(role: Role) -> String {
    format!("ui.quiz.audience.{}", role.code())
}

/// Every key above, for every value.
pub fn built_at_run_time() -> Vec<String> {
    let roles = Role::ALL.into_iter().flat_map(|r| [role(r), audience(r)]);
    roles.chain(Country::ALL.into_iter().map(country)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_key() {
        let keys = built_at_run_time();
        assert_eq!(keys.len(), 2 * Role::ALL.len() + Country::ALL.len());
        assert!(keys.contains(&"ui.quiz.audience.support-institution".to_owned()));
        assert!(keys.contains(&"ui.country.KH".to_owned()));
    }
}
