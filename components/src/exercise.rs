//! What every exercise's view shares: the handle its steps act through, which
//! restores the session on mount and reports every accepted transition, and
//! the one table that maps an exercise to its view.

use engine::ExerciseKind;
use engine::activity::Snapshot;
use engine::exercises::ExerciseSession;
use leptos::prelude::*;

#[cfg(feature = "cluster-plan")]
use crate::cluster_plan::PlanView;
#[cfg(feature = "cluster-types")]
use crate::cluster_types::CasesView;
#[cfg(feature = "consortium-sim")]
use crate::consortium::ConsortiumView;
use crate::context::{Clock, Storage, Tracker};
#[cfg(feature = "aec-quiz")]
use crate::quiz::QuizView;

/// The view of each exercise: the one place to extend when an exercise is
/// added. An exercise left out of a build shows its page without one.
pub(crate) fn exercise_view(kind: ExerciseKind) -> Option<AnyView> {
    match kind {
        #[cfg(feature = "aec-quiz")]
        ExerciseKind::AecQuiz => Some(view! { <QuizView /> }.into_any()),
        #[cfg(feature = "cluster-types")]
        ExerciseKind::ClusterTypes => Some(view! { <CasesView /> }.into_any()),
        #[cfg(feature = "consortium-sim")]
        ExerciseKind::ConsortiumSim => Some(view! { <ConsortiumView /> }.into_any()),
        #[cfg(feature = "cluster-plan")]
        ExerciseKind::ClusterPlan => Some(view! { <PlanView /> }.into_any()),
        // Left out of this build: a package for one exercise carries that
        // exercise's view alone.
        #[allow(unreachable_patterns, reason = "a build with every exercise leaves none out")]
        _ => None,
    }
}

/// One exercise's session and the way to change it, shared by its steps.
#[cfg_attr(
    not(any(
        feature = "aec-quiz",
        feature = "cluster-types",
        feature = "consortium-sim",
        feature = "cluster-plan"
    )),
    allow(dead_code, reason = "a build without exercise views opens no exercise")
)]
pub(crate) struct ExerciseHandle<S: 'static> {
    session: RwSignal<S>,
    clock: Clock,
    tracker: Tracker,
}

/// How long typed edits wait before they are reported: long enough that
/// typing does not send every keystroke to the LMS, short enough that a
/// pause saves.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(1_500);

impl<S> Clone for ExerciseHandle<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for ExerciseHandle<S> {}

#[cfg_attr(
    not(any(
        feature = "aec-quiz",
        feature = "cluster-types",
        feature = "consortium-sim",
        feature = "cluster-plan"
    )),
    allow(dead_code, reason = "a build without exercise views opens no exercise")
)]
impl<S: ExerciseSession + Send + Sync + 'static> ExerciseHandle<S> {
    /// The session of `kind`: restored from the tracker's saved form when
    /// there is one, else started afresh. A saved form that no longer fits
    /// the content (say, after an update removed an item) is kept aside
    /// first, so that the fresh session's reports cannot overwrite it. The
    /// LMS's mastery score replaces the content's pass mark.
    pub(crate) fn open(kind: ExerciseKind, content: &S::Content) -> ExerciseHandle<S> {
        let clock = Clock::expect();
        let tracker = Tracker::expect();
        let storage = Storage::expect();
        let mastery = tracker.terms_untracked().mastery;
        let restored = tracker.saved(kind).and_then(|state| {
            let session = S::saved_in(&state).map(|saved| S::restore(content, saved));
            if !matches!(session, Some(Ok(_))) {
                storage.keep_aside(kind.slug(), &state.to_text());
            }
            session.and_then(Result::ok)
        });
        let session = match restored {
            Some(mut session) => {
                session.set_pass_mark(mastery);
                // Reported at once, so that this launch's LMS session knows
                // where the learner stands even before the next action.
                tracker.report(Snapshot::of(&session), session.saved_form());
                session
            }
            None => {
                let mut session = S::start(content, clock.seed());
                session.set_pass_mark(mastery);
                session
            }
        };
        ExerciseHandle { session: RwSignal::new(session), clock, tracker }
    }

    /// Applies a transition at the current time. An accepted one is reported
    /// (snapshot and saved form); a refused one leaves everything unchanged.
    pub(crate) fn act<O, E>(
        &self,
        transition: impl FnOnce(&mut S, i64) -> Result<O, E>,
    ) -> Result<O, E> {
        let tracker = self.tracker;
        self.apply(transition, |next| tracker.report(Snapshot::of(next), next.saved_form()))
    }

    /// Applies a transition as typing makes it: the session changes at
    /// once, and the report is held for [`TYPING_PAUSE`], or until the
    /// view calls [`Tracker::report_held`] (as a field loses focus) or the
    /// page is hidden, whichever comes first.
    #[cfg_attr(
        not(feature = "cluster-plan"),
        allow(dead_code, reason = "only the plan builder's fields are typed into")
    )]
    pub(crate) fn type_in<O, E>(
        &self,
        transition: impl FnOnce(&mut S, i64) -> Result<O, E>,
    ) -> Result<O, E> {
        let tracker = self.tracker;
        self.apply(transition, |next| {
            if tracker.hold(Snapshot::of(next), next.saved_form()) {
                set_timeout(move || tracker.report_held(), TYPING_PAUSE);
            }
        })
    }

    /// Runs `transition` on a copy of the session at the current time and,
    /// when it is accepted, tells `report` and keeps the copy.
    fn apply<O, E>(
        &self,
        transition: impl FnOnce(&mut S, i64) -> Result<O, E>,
        report: impl FnOnce(&S),
    ) -> Result<O, E> {
        let now_ms = self.clock.now_ms();
        let mut next = self.session.get_untracked();
        let outcome = transition(&mut next, now_ms)?;
        report(&next);
        self.session.set(next);
        Ok(outcome)
    }

    /// Reports a held edit now.
    #[cfg_attr(
        not(feature = "cluster-plan"),
        allow(dead_code, reason = "only the plan builder's fields are typed into")
    )]
    pub(crate) fn report_held(&self) {
        self.tracker.report_held();
    }

    /// Whether an edit waits to be reported. Reactive.
    #[cfg_attr(
        not(feature = "cluster-plan"),
        allow(dead_code, reason = "only the plan builder's fields are typed into")
    )]
    pub(crate) fn is_holding(&self) -> bool {
        let kind = self.session.with(|session| session.kind());
        self.tracker.holds(kind)
    }

    /// Reads the session. Reactive.
    pub(crate) fn with<T>(&self, read: impl FnOnce(&S) -> T) -> T {
        self.session.with(read)
    }

    /// Reads the session without tracking, as a view's setup does.
    pub(crate) fn with_untracked<T>(&self, read: impl FnOnce(&S) -> T) -> T {
        self.session.with_untracked(read)
    }

    /// A fresh seed for a new draw.
    #[cfg_attr(
        not(any(feature = "aec-quiz", feature = "cluster-types", feature = "consortium-sim")),
        allow(dead_code, reason = "the plan builder draws nothing at random")
    )]
    pub(crate) fn seed(&self) -> u64 {
        self.clock.seed()
    }
}

/// Puts the focus on a new screen's heading once it is shown, when the
/// control that had the focus went away with the previous screen: every
/// exercise's steps replace each other this way.
#[cfg_attr(
    not(any(feature = "cluster-types", feature = "consortium-sim")),
    allow(dead_code, reason = "only these exercises' steps replace each other")
)]
pub(crate) fn focus_heading_if_lost(heading: NodeRef<leptos::html::H2>) {
    request_animation_frame(move || {
        let lost = document()
            .active_element()
            .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"));
        // The screen may have been replaced again by the next frame, and
        // its heading disposed with it.
        if let Some(heading) = heading.try_get_untracked().flatten().filter(|_| lost) {
            // Failing to focus only costs the keyboard cue.
            _ = heading.focus();
        }
    });
}
