//! The cluster-type identification exercise's views. [`CasesView`] opens the
//! exercise's `ExerciseHandle`; each step renders the session and acts
//! through it.

mod case_step;
mod results_step;
mod stage_step;
mod type_targets;

use engine::ExerciseKind;
use engine::exercises::cluster_types::{CaseSession, Step};
use leptos::prelude::*;

use crate::context::{CourseData, Locale};
use crate::exercise::{ExerciseHandle, focus_after_render, focus_heading_if_lost};
use case_step::CaseStep;
use results_step::ResultsStep;
use stage_step::StageStep;

/// The exercise's session handle, shared by its steps.
pub(crate) type CasesHandle = ExerciseHandle<CaseSession>;

/// The cases: the rule of what a cluster is, each case sorted onto a type
/// with feedback, the results with the confusion summary, the optional
/// capability-stage round. Resumes from the tracker's saved form.
#[component]
pub fn CasesView() -> impl IntoView {
    let content = CourseData::expect().0.cases().clone();
    let cases = CasesHandle::open(ExerciseKind::ClusterTypes, &content);
    // One screen per kind of step, so that a case and its feedback are one
    // view whose state (focus, a drag) lives on when the case is placed.
    let screen = Memo::new(move |_| match cases.with(CaseSession::step) {
        Step::Ready => Screen::Intro,
        Step::Sorting | Step::Sorted => Screen::Case,
        Step::Results => Screen::Results,
        Step::Staging | Step::Staged => Screen::Stage,
    });
    view! {
        <section class="cl-cases">
            {move || match screen.get() {
                Screen::Intro => view! { <IntroStep cases /> }.into_any(),
                Screen::Case => view! { <CaseStep cases /> }.into_any(),
                Screen::Results => view! { <ResultsStep cases /> }.into_any(),
                Screen::Stage => view! { <StageStep cases /> }.into_any(),
            }}
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Intro,
    Case,
    Results,
    Stage,
}

/// What counts as a cluster, then the first case.
#[component]
fn IntroStep(cases: CasesHandle) -> impl IntoView {
    let locale = Locale::expect();
    let rule_key = cases.with_untracked(|session| session.content().rule_key());
    let n_cases = cases.with_untracked(|session| session.case_ids().count()).to_string();
    view! {
        <h2>{locale.text("ui.cases.rule-heading")}</h2>
        <p class="cl-cases__rule">{locale.text(rule_key.clone())}</p>
        <p>{move || locale.t_with("ui.cases.how", &[("n", &n_cases)])}</p>
        <button
            type="button"
            class="cl-button"
            data-testid="cases-begin"
            on:click=move |_| {
                // Only refused when the session has already begun elsewhere,
                // which re-renders this step away.
                _ = cases.act(|session, now_ms| session.begin(now_ms));
            }
        >
            {locale.text("ui.cases.begin")}
        </button>
    }
}

/// The case on screen, as owned data: it changes only with the case.
#[derive(Debug, Clone, PartialEq)]
struct ShownCase {
    id: String,
    title_key: String,
    text_key: String,
    /// Its position in the round, from 1.
    position: usize,
    n_cases: usize,
}

impl ShownCase {
    fn of(cases: CasesHandle) -> Memo<Option<ShownCase>> {
        Memo::new(move |_| {
            cases.with(|session| {
                session.current_case().map(|current| ShownCase {
                    id: current.vignette.id().to_owned(),
                    title_key: current.vignette.title_key(),
                    text_key: current.vignette.text_key(),
                    position: current.idx + 1,
                    n_cases: current.n_cases,
                })
            })
        })
    }

    fn is_last(&self) -> bool {
        self.position == self.n_cases
    }

    /// "Case n of total".
    fn progress(&self, locale: Locale) -> String {
        let (n, total) = (self.position.to_string(), self.n_cases.to_string());
        locale.t_with("ui.cases.progress", &[("n", &n), ("total", &total)])
    }
}

/// A case's title and text; once sorted, its clues highlighted.
#[component]
fn CaseCard(
    /// The catalog key of its title.
    title_key: String,
    /// The catalog key of its text.
    text_key: String,
    /// The catalog keys of the clues to highlight; empty before the check.
    #[prop(into)]
    clue_keys: Signal<Vec<String>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let text = move || {
        let text = locale.t(&text_key);
        let clues: Vec<String> = clue_keys.get().iter().map(|key| locale.t(key)).collect();
        let clues: Vec<&str> = clues.iter().map(String::as_str).collect();
        engine::exercises::cluster_types::clue_passages(&text, &clues)
            .into_iter()
            .map(|(passage, is_clue)| {
                let passage = passage.to_owned();
                if is_clue {
                    view! { <mark class="cl-clue">{passage}</mark> }.into_any()
                } else {
                    passage.into_any()
                }
            })
            .collect_view()
    };
    view! {
        <h3 class="cl-case__title">{locale.text(title_key.clone())}</h3>
        <p class="cl-case__text">{text}</p>
    }
}
