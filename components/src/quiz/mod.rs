//! The AEC readiness quiz's views. [`QuizView`] owns the one
//! `RwSignal<QuizSession>`; each step renders the session and sends the
//! learner's actions through `QuizHandle::act`, which reports every
//! accepted action to the tracker.

mod audience_step;
mod item_step;
mod readiness_chart;
mod results_step;
mod self_assessment_step;

use engine::ExerciseKind;
use engine::activity::Snapshot;
use engine::exercises::aec_quiz::{ActError, Outcome, QuizResume, QuizSession, Step};
use leptos::prelude::*;

use crate::context::{Clock, CourseData, Storage, Tracker};
use audience_step::AudienceStep;
use item_step::ItemStep;
use results_step::ResultsStep;
use self_assessment_step::SelfAssessmentStep;

/// The session and the way to change it, shared by the quiz's steps.
#[derive(Clone, Copy)]
pub(crate) struct QuizHandle {
    session: RwSignal<QuizSession>,
    clock: Clock,
    tracker: Tracker,
}

impl QuizHandle {
    /// Applies a transition at the current time. An accepted one is reported
    /// (snapshot and saved form); a refused one leaves everything unchanged.
    pub(crate) fn act(
        &self,
        transition: impl FnOnce(&mut QuizSession, i64) -> Result<Outcome, ActError>,
    ) -> Result<Outcome, ActError> {
        let now_ms = self.clock.now_ms();
        let mut next = self.session.get_untracked();
        let outcome = transition(&mut next, now_ms)?;
        self.tracker.report(Snapshot::of(&next), next.resume_state().to_json());
        self.session.set(next);
        Ok(outcome)
    }

    /// Reads the session. Reactive.
    pub(crate) fn with<T>(&self, read: impl FnOnce(&QuizSession) -> T) -> T {
        self.session.with(read)
    }

    /// A fresh seed for a retry's draw.
    pub(crate) fn seed(&self) -> u64 {
        self.clock.seed()
    }
}

/// The quiz: audience, knowledge items with feedback, self-assessment, and the
/// readiness profile. Resumes from the tracker's saved form when there is one.
#[component]
pub fn QuizView() -> impl IntoView {
    let course = CourseData::expect();
    let clock = Clock::expect();
    let tracker = Tracker::expect();
    let content = course.0.quiz().clone();
    let storage = Storage::expect();
    let mastery = tracker.terms_untracked().mastery;
    // A saved form that no longer fits the content (say, after a content
    // update removed an item) starts a fresh attempt, and is kept aside first
    // so that the fresh attempt's reports cannot overwrite it.
    let restored = tracker.saved(ExerciseKind::AecQuiz).and_then(|saved| {
        let resumed = QuizResume::from_json(&saved)
            .ok()
            .and_then(|resume| QuizSession::resume(&content, resume).ok());
        if resumed.is_none() {
            storage.keep_aside(ExerciseKind::AecQuiz.slug(), &saved);
        }
        resumed
    });
    let restored = restored.map(|mut session| {
        session.set_pass_mark(mastery);
        session
    });
    // A restored session is reported at once, so that this launch's LMS
    // session knows where the learner stands even before the next answer.
    if let Some(session) = &restored {
        tracker.report(Snapshot::of(session), session.resume_state().to_json());
    }
    let session = RwSignal::new(restored.unwrap_or_else(|| {
        let mut session = QuizSession::new(&content, clock.seed());
        session.set_pass_mark(mastery);
        session
    }));
    let quiz = QuizHandle { session, clock, tracker };
    let step = Memo::new(move |_| session.with(QuizSession::step));
    view! {
        <section class="cl-quiz" aria-live="polite">
            {move || match step.get() {
                Step::ChoosingAudience => view! { <AudienceStep quiz /> }.into_any(),
                Step::Answering | Step::Checked => view! { <ItemStep quiz /> }.into_any(),
                Step::SelfAssessing => view! { <SelfAssessmentStep quiz /> }.into_any(),
                Step::Finished => view! { <ResultsStep quiz /> }.into_any(),
            }}
        </section>
    }
}
