//! The AEC readiness quiz's views. [`QuizView`] opens the quiz's
//! `ExerciseHandle`; each step renders the session and sends the learner's
//! actions through `QuizHandle::act`, which reports every accepted action to
//! the tracker.

mod audience_step;
mod item_step;
mod readiness_chart;
mod results_step;
mod self_assessment_step;

use engine::ExerciseKind;
use engine::exercises::aec_quiz::{QuizSession, Step};
use leptos::prelude::*;

use crate::context::CourseData;
use crate::exercise::{ExerciseHandle, focus_after_render, focus_heading_if_lost};
use audience_step::AudienceStep;
use item_step::ItemStep;
use results_step::ResultsStep;
use self_assessment_step::SelfAssessmentStep;

/// The quiz session's handle, shared by the quiz's steps.
pub(crate) type QuizHandle = ExerciseHandle<QuizSession>;

/// The quiz: audience, knowledge items with feedback, self-assessment, and the
/// readiness profile. Resumes from the tracker's saved form when there is one.
#[component]
pub fn QuizView() -> impl IntoView {
    let content = CourseData::expect().0.quiz().clone();
    let quiz = QuizHandle::open(ExerciseKind::AecQuiz, &content);
    // An item and its feedback are one view, so that the button the
    // learner pressed to check keeps the focus for "Next".
    let screen = Memo::new(move |_| match quiz.with(QuizSession::step) {
        Step::Answering | Step::Checked => Step::Answering,
        step => step,
    });
    view! {
        <section class="cl-quiz" aria-live="polite">
            {move || match screen.get() {
                Step::ChoosingAudience => view! { <AudienceStep quiz /> }.into_any(),
                Step::Answering | Step::Checked => view! { <ItemStep quiz /> }.into_any(),
                Step::SelfAssessing => view! { <SelfAssessmentStep quiz /> }.into_any(),
                Step::Finished => view! { <ResultsStep quiz /> }.into_any(),
            }}
        </section>
    }
}
