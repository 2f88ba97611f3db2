//! The export-consortium simulation's views. [`ConsortiumView`] opens the
//! exercise's `ExerciseHandle`; the formation form, the quarters and the
//! debrief render the session and act through it.

mod chart;
mod debrief;
mod forming;
mod quarters;
mod risk;

use engine::ExerciseKind;
use engine::exercises::consortium::{ConsortiumSession, Step, keys};
use leptos::prelude::*;

use crate::context::{CourseData, Locale};
use crate::exercise::{ExerciseHandle, focus_heading_if_lost};
use crate::ui::grouped;
use debrief::DebriefStep;
use forming::FormingStep;
use quarters::QuartersStep;

/// The exercise's session handle, shared by its steps.
pub(crate) type ConsortiumHandle = ExerciseHandle<ConsortiumSession>;

/// The simulation: form a consortium, play its quarters with decisions,
/// read the debrief and the risk view. Resumes from the tracker's saved form.
#[component]
pub fn ConsortiumView() -> impl IntoView {
    let content = CourseData::expect().0.consortium().clone();
    let consortium = ConsortiumHandle::open(ExerciseKind::ConsortiumSim, &content);
    // Planning and deciding share one screen, so the timeline and the focus
    // stay in place while quarters are played.
    let screen = Memo::new(move |_| match consortium.with(ConsortiumSession::step) {
        Step::Forming => Screen::Forming,
        Step::Planning | Step::Deciding => Screen::Quarters,
        Step::Debrief => Screen::Debrief,
    });
    view! {
        <section class="cl-consortium">
            {move || match screen.get() {
                Screen::Forming => view! { <FormingStep consortium /> }.into_any(),
                Screen::Quarters => view! { <QuartersStep consortium /> }.into_any(),
                Screen::Debrief => view! { <DebriefStep consortium /> }.into_any(),
            }}
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Forming,
    Quarters,
    Debrief,
}

/// The text of an interface word of this exercise.
fn ui(locale: Locale, word: &str) -> Signal<String> {
    locale.text(keys::ui(word))
}

/// A whole number of USD with thousands separators, e.g. `12,400`.
fn usd_amount(amount: f64) -> String {
    let rounded = amount.round() as i64;
    let digits = grouped(rounded.unsigned_abs());
    if rounded < 0 { format!("−{digits}") } else { digits }
}

/// "12,400 USD", in the learner's language.
fn usd(locale: Locale, amount: f64) -> String {
    locale.t_with(&keys::ui("usd"), &[("amount", &usd_amount(amount))])
}
