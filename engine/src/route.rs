//! The grammar of the app's URLs.
//!
//! The app routes on `location.hash` so that it works from any base path,
//! including the deep `pluginfile.php/...` paths Moodle serves packages from,
//! and survives reloads and deep links without server support.

use crate::ExerciseKind;

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The list of exercises.
    Home,
    /// The learner profile form.
    Profile,
    /// One exercise's page.
    Exercise(ExerciseKind),
    /// A hash that names no page; kept so the page can say what was asked for.
    NotFound(String),
}

impl Route {
    /// The route named by a `location.hash` value, with or without its `#`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.trim_matches('/');
        match path {
            "" => Route::Home,
            "profile" => Route::Profile,
            _ => match ExerciseKind::from_slug(path) {
                Some(kind) => Route::Exercise(kind),
                None => Route::NotFound(path.to_owned()),
            },
        }
    }

    /// The `href` that leads to this route, relative to the current document.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Profile => "#/profile".to_owned(),
            Route::Exercise(kind) => format!("#/{}", kind.slug()),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn known_route() -> impl Strategy<Value = Route> {
        prop_oneof![
            Just(Route::Home),
            Just(Route::Profile),
            proptest::sample::select(ExerciseKind::ALL.to_vec()).prop_map(Route::Exercise),
        ]
    }

    #[test]
    fn parses_the_published_urls() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/profile"), Route::Profile);
        assert_eq!(Route::parse("#/aec-quiz"), Route::Exercise(ExerciseKind::AecQuiz));
        assert_eq!(Route::parse("#/cluster-plan/"), Route::Exercise(ExerciseKind::ClusterPlan));
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound("nowhere".into()));
    }

    proptest! {
        #[test]
        fn known_routes_round_trip(route in known_route()) {
            prop_assert_eq!(Route::parse(&route.to_hash()), route);
        }

        #[test]
        fn any_hash_parses_to_a_route_that_round_trips(hash in ".*") {
            let route = Route::parse(&hash);
            prop_assert_eq!(Route::parse(&route.to_hash()), route);
        }
    }
}
