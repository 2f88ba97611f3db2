//! The cluster development plan builder's views. [`PlanView`] opens the
//! exercise's handle on today's date and the quiz's capacity needs; the
//! section list picks the panel: a section's fields, the action plan, the
//! rubric, or the whole plan to export and print.

mod action_plan;
mod document;
mod gantt;
mod rubric;
mod section;

use chrono::{Datelike, NaiveDate};
use engine::ExerciseKind;
use engine::content::CatalogPart;
use engine::exercises::cluster_plan::{
    ActError, Finding, ImportError, PlanSession, PlanSetup, Section, SectionStatus, keys,
};
use leptos::prelude::*;

use crate::context::{Clock, CourseData, Locale, SaveState, Storage, Tracker};
use crate::exercise::ExerciseHandle;
use action_plan::ActionPlanPanel;
use document::PlanDocument;
use rubric::RubricPanel;
use section::SectionPanel;

/// The exercise's session handle, shared by its panels.
pub(crate) type PlanHandle = ExerciseHandle<PlanSession>;

/// What the panel beside the section list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Panel {
    /// One section of the plan, by id.
    Section(String),
    /// The self-assessment.
    Rubric,
    /// The whole plan, its result, exports and print.
    Document,
}

/// The plan builder: the section list with each section's state, the panel
/// chosen there, and the whole plan as a document that prints alone.
#[component]
pub fn PlanView() -> impl IntoView {
    let locale = Locale::expect();
    let content = CourseData::expect().0.plan().clone();
    let needs =
        Storage::expect().progress().with_untracked(|progress| progress.capacity_needs.clone());
    let setup = PlanSetup::new(&content, Clock::expect().today(), &needs);
    let plan = PlanHandle::open(ExerciseKind::ClusterPlan, &setup);
    // Suggested rows are the quiz's recommendations, in the quiz's words.
    if plan.with_untracked(|session| session.suggestions().next().is_some()) {
        locale.want(CatalogPart::Exercise(ExerciseKind::AecQuiz));
    }
    let first = content.sections().first().map(|section| section.id().to_owned());
    let panel = RwSignal::new(Panel::Section(first.unwrap_or_default()));
    // An import or a new attempt replaces every value: the panels, which
    // keep what is typed in their own inputs, are built again.
    let revision = RwSignal::new(0u32);
    let panel_box = NodeRef::<leptos::html::Div>::new();
    let open = Callback::new(move |next: Panel| {
        plan.report_held();
        panel.set(next);
        focus_panel_heading(panel_box);
    });
    let shows_document = Signal::derive(move || panel.get() == Panel::Document);
    view! {
        <section class="cl-plan">
            <PlanStatus plan />
            <div class="cl-plan__layout">
                <SectionList plan panel open />
                <div class="cl-plan__panel" node_ref=panel_box data-testid="plan-panel">
                    {move || {
                        revision.get();
                        match panel.get() {
                            Panel::Section(id) => {
                                let section = plan
                                    .with_untracked(|session| session.content().section(&id).cloned());
                                section
                                    .map(|section| {
                                        if section.is_action_plan() {
                                            view! { <ActionPlanPanel plan section /> }.into_any()
                                        } else {
                                            view! { <SectionPanel plan section open /> }.into_any()
                                        }
                                    })
                                    .into_any()
                            }
                            Panel::Rubric => view! { <RubricPanel plan open /> }.into_any(),
                            Panel::Document => ().into_any(),
                        }
                    }}
                </div>
            </div>
            <PlanDocument plan shown=shows_document revision />
        </section>
    }
}

/// Moves the focus to the heading of a panel just opened, so that keyboard
/// and screen-reader users land where the new content starts.
fn focus_panel_heading(panel_box: NodeRef<leptos::html::Div>) {
    // The panel's view may be gone by the next frame, and its node with it.
    request_animation_frame(move || {
        let heading = panel_box
            .try_get_untracked()
            .flatten()
            .and_then(|panel| panel.query_selector("h2").ok().flatten())
            .or_else(|| document().query_selector(".cl-plan-doc h2").ok().flatten());
        if let Some(heading) = heading {
            use wasm_bindgen::JsCast;
            let heading = heading.unchecked_into::<web_sys::HtmlElement>();
            crate::exercise::focus_at_top(&heading);
        }
    });
}

/// What the learner edits, locked while the LMS shows a finished attempt
/// for review, where nothing done would be recorded.
#[component]
fn Editable(children: Children) -> impl IntoView {
    let tracker = Tracker::expect();
    view! {
        <fieldset class="cl-plan__editable" disabled=move || tracker.terms().review>
            {children()}
        </fieldset>
    }
}

/// How far the plan has got, the score so far, whether the latest edits
/// are saved, and a warning when the LMS can no longer keep the place.
#[component]
fn PlanStatus(plan: PlanHandle) -> impl IntoView {
    let locale = Locale::expect();
    let tracker = Tracker::expect();
    let progress = Memo::new(move |_| {
        plan.with(|session| {
            let sections = session.content().sections();
            let passed = sections
                .iter()
                .filter(|section| session.status(section) == SectionStatus::Passed)
                .count();
            (passed, sections.len(), session.score(), session.pass_mark(), session.result())
        })
    });
    let summary = move || {
        let (passed, total, score, pass_mark, result) = progress.get();
        let (passed, total) = (passed.to_string(), total.to_string());
        let sections =
            locale.t_with(&keys::ui("progress"), &[("passed", &passed), ("total", &total)]);
        let (score, pass_mark) = (number(score), number(pass_mark));
        let standing = match result {
            Some(result) if result.passed => {
                locale.t_with(&keys::ui("result-passed"), &[("score", &score)])
            }
            Some(_) => locale
                .t_with(&keys::ui("result-not-passed"), &[("score", &score), ("pass", &pass_mark)]),
            None => {
                locale.t_with(&keys::ui("score-so-far"), &[("score", &score), ("pass", &pass_mark)])
            }
        };
        format!("{sections} {standing}")
    };
    let saving = move || {
        if plan.is_holding() { ui(locale, "saving").get() } else { ui(locale, "all-saved").get() }
    };
    let too_long_for_lms = move || tracker.save_state() == SaveState::PlaceKeptLocally;
    view! {
        <div class="cl-plan__status">
            <p data-testid="plan-progress">{summary}</p>
            <p class="cl-plan__saving" data-testid="plan-saving" aria-live="polite">
                {saving}
            </p>
            <Show when=too_long_for_lms>
                <div class="cl-plan__warning" role="alert" data-testid="plan-lms-full">
                    <p>{ui(locale, "lms-full")}</p>
                    <button
                        type="button"
                        class="cl-button"
                        on:click=move |_| tracker.download(Some(ExerciseKind::ClusterPlan))
                    >
                        {ui(locale, "export-json")}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// The sections, the rubric and the whole plan, each a button that opens
/// its panel; a section's state shows as a mark and in words.
#[component]
fn SectionList(plan: PlanHandle, panel: RwSignal<Panel>, open: Callback<Panel>) -> impl IntoView {
    let locale = Locale::expect();
    let sections = plan.with_untracked(|session| session.content().sections().to_vec());
    let item =
        move |target: Panel, label: Signal<String>, status: Option<Signal<SectionStatus>>| {
            let current = target.clone();
            let testid = match &target {
                Panel::Section(id) => format!("plan-nav-{id}"),
                Panel::Rubric => "plan-nav-rubric".to_owned(),
                Panel::Document => "plan-nav-document".to_owned(),
            };
            let state = status.map(|status| {
                let (mark, word) = (
                    move || match status.get() {
                        SectionStatus::Empty => "○",
                        SectionStatus::Started => "◐",
                        SectionStatus::Passed => "✓",
                    },
                    move || ui(locale, status_word(status.get())).get(),
                );
                view! {
                    <span class="cl-plan__state" data-status=move || status_word(status.get())>
                        <span class="cl-plan__mark" aria-hidden="true">{mark}</span>
                        {word}
                    </span>
                }
            });
            view! {
                <li>
                    <button
                        type="button"
                        class="cl-plan__nav-item"
                        data-testid=testid
                        aria-current=move || (panel.get() == current).then_some("step")
                        on:click=move |_| open.run(target.clone())
                    >
                        <span class="cl-plan__nav-label">{label}</span>
                        {state}
                    </button>
                </li>
            }
        };
    let section_items = sections
        .into_iter()
        .map(|section| {
            let status = Signal::derive({
                let section = section.clone();
                move || plan.with(|session| session.status(&section))
            });
            item(
                Panel::Section(section.id().to_owned()),
                locale.text(section.title_key()),
                Some(status),
            )
        })
        .collect_view();
    view! {
        <nav class="cl-plan__nav" aria-labelledby="cl-plan-nav-heading">
            <h2 id="cl-plan-nav-heading" class="cl-plan__nav-heading">{ui(locale, "sections")}</h2>
            <ol>{section_items}</ol>
            <ul class="cl-plan__nav-more">
                {item(Panel::Rubric, ui(locale, "rubric"), None)}
                {item(Panel::Document, ui(locale, "your-plan"), None)}
            </ul>
        </nav>
    }
}

/// The interface word of a section's state.
fn status_word(status: SectionStatus) -> &'static str {
    match status {
        SectionStatus::Empty => "status.empty",
        SectionStatus::Started => "status.started",
        SectionStatus::Passed => "status.passed",
    }
}

/// The text of an interface word of this exercise.
fn ui(locale: Locale, word: &str) -> Signal<String> {
    locale.text(keys::ui(word))
}

/// A finding in the learner's language.
fn finding_text(locale: Locale, finding: &Finding) -> String {
    let args = finding.args();
    let args: Vec<(&str, &str)> =
        args.iter().map(|(name, value)| (*name, value.as_str())).collect();
    locale.t_with(&finding.key(), &args)
}

/// Why a transition was refused, in the learner's language.
fn refusal_text(locale: Locale, refusal: &ActError) -> String {
    match refusal {
        ActError::TooLong { max } => {
            locale.t_with(&keys::ui("text-too-long"), &[("max", &max.to_string())])
        }
        ActError::TooLarge { max } => {
            locale.t_with(&keys::ui("number-too-large"), &[("max", &max.to_string())])
        }
        ActError::Window(problem) => match problem {
            engine::exercises::cluster_plan::WindowProblem::EndBeforeStart => {
                locale.t(&keys::ui("window-end-before-start"))
            }
            engine::exercises::cluster_plan::WindowProblem::TooLong { max_months } => {
                locale.t_with(&keys::ui("window-too-long"), &[("months", &max_months.to_string())])
            }
        },
        ActError::Import(ImportError::NotAPlan) => locale.t(&keys::ui("import-not-a-plan")),
        ActError::Import(_) => locale.t(&keys::ui("import-damaged")),
        // The views offer no other refusal: their controls only allow
        // what the session takes.
        _ => locale.t(&keys::ui("not-taken")),
    }
}

/// A score or mark as the learner reads it: whole when whole, else to one
/// decimal.
fn number(value: f64) -> String {
    if value.fract().abs() < 0.05 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// A date as "1 Jun 2026", in the learner's language.
fn date_text(locale: Locale, date: NaiveDate) -> String {
    let month = locale.t(&keys::ui(&format!("month-{}", date.month())));
    let (day, year) = (date.day().to_string(), date.year().to_string());
    locale.t_with(&keys::ui("date"), &[("day", &day), ("month", &month), ("year", &year)])
}

/// The sections in plan order, for "next section" links.
fn next_section(sections: &[Section], id: &str) -> Option<Section> {
    let at = sections.iter().position(|section| section.id() == id)?;
    sections.get(at + 1).cloned()
}
