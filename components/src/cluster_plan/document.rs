use engine::ExerciseKind;
use engine::exercises::cluster_plan::{FieldKind, PlanSession, Rubric, Section, keys};
use leptos::prelude::*;

use super::action_plan::{BudgetTotals, budget_text};
use super::gantt::Gantt;
use super::{PlanHandle, date_text, number, refusal_text, ui};
use crate::context::{CourseData, Locale, TextFile, Tracker};
use crate::ui::grouped;

/// The whole plan as a document: on screen as the "your plan" panel with
/// its result, exports, import and print; in print alone, from any panel,
/// without the interface around it. Learner text is only ever text here.
#[component]
pub(super) fn PlanDocument(
    plan: PlanHandle,
    /// Whether the learner opened it on screen.
    shown: Signal<bool>,
    /// Changes when an import or a new attempt replaced the plan.
    revision: RwSignal<u32>,
) -> impl IntoView {
    let locale = Locale::expect();
    let title_key = CourseData::expect().0.exercise(ExerciseKind::ClusterPlan).title_key();
    let sections = plan.with_untracked(|session| session.content().sections().to_vec());
    let body = sections
        .into_iter()
        .map(|section| {
            if section.is_action_plan() {
                view! { <ActionPlanPart plan section /> }.into_any()
            } else {
                view! { <SectionPart plan section /> }.into_any()
            }
        })
        .collect_view();
    let period = move || {
        plan.with(|session| {
            let window = session.window();
            let (start, end) = (date_text(locale, window.start()), date_text(locale, window.end()));
            locale.t_with(&keys::ui("document-period"), &[("start", &start), ("end", &end)])
        })
    };
    view! {
        <section class="cl-plan-doc" class:cl-plan-doc--shown=shown>
            <div class="cl-plan-doc__tools">
                <h2 tabindex="-1">{ui(locale, "your-plan")}</h2>
                <DocumentTools plan revision />
            </div>
            <article class="cl-plan-doc__body" data-testid="plan-document">
                <p class="cl-plan-doc__title">{locale.text(title_key)}</p>
                <p class="cl-plan-doc__period">{period}</p>
                {body}
                <RubricPart plan />
            </article>
        </section>
    }
}

/// The result, the exports, the import and the way to a new plan.
#[component]
fn DocumentTools(plan: PlanHandle, revision: RwSignal<u32>) -> impl IntoView {
    let locale = Locale::expect();
    let tracker = Tracker::expect();
    let message = RwSignal::new(None::<(bool, String)>);
    let markdown = move |_| {
        let text = plan.with_untracked(|session| session.to_markdown(&|key| locale.t(key)));
        let file =
            TextFile { name: "cluster-plan.md".to_owned(), media_type: "text/markdown", text };
        tracker.save_file(file);
    };
    let imported = Callback::new(move |text: Option<String>| {
        let Some(text) = text else {
            message.set(Some((false, ui(locale, "import-unreadable").get_untracked())));
            return;
        };
        match plan.act(|session, now| session.import(&text, now)) {
            Ok(_) => {
                revision.update(|revision| *revision += 1);
                message.set(Some((true, ui(locale, "import-done").get_untracked())));
            }
            Err(refusal) => message.set(Some((false, refusal_text(locale, &refusal)))),
        }
    });
    let on_file = move |input: web_sys::HtmlInputElement| {
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            tracker.read_file(file, imported);
        }
        // Clearing the input lets the same file be chosen again after a fix.
        input.set_value("");
    };
    // A review shows the recorded plan; nothing done there would be recorded.
    let read_only = tracker.terms_untracked().review;
    let can_retry = move || plan.with(PlanSession::can_retry) && !read_only;
    let retry = move |_| {
        // Offered only when a new attempt is allowed.
        if plan.act(|session, _| session.retry()).is_ok() {
            revision.update(|revision| *revision += 1);
        }
    };
    view! {
        <p class="cl-field__hint">{ui(locale, "document-intro")}</p>
        <div class="cl-plan__row-actions">
            <button type="button" class="cl-button" data-testid="plan-export-markdown" on:click=markdown>
                {ui(locale, "export-markdown")}
            </button>
            <button
                type="button"
                class="cl-button"
                data-testid="plan-export-json"
                on:click=move |_| tracker.download(Some(ExerciseKind::ClusterPlan))
            >
                {ui(locale, "export-json")}
            </button>
            <button type="button" class="cl-button" data-testid="plan-print" on:click=move |_| tracker.print()>
                {ui(locale, "print")}
            </button>
            <Show when=move || !tracker.terms().review>
                <label class="cl-button cl-button--secondary cl-plan__import">
                    {ui(locale, "import-json")}
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="plan-import"
                        on:change:target=move |event| on_file(event.target())
                    />
                </label>
            </Show>
        </div>
        <p role="status" data-testid="plan-file-message">
            {move || message.get().map(|(ok, text)| view! { <span class:cl-form__error=!ok>{text}</span> })}
        </p>
        <Show when=can_retry>
            <p class="cl-field__hint">{ui(locale, "start-over-note")}</p>
            <button type="button" class="cl-button cl-button--secondary" data-testid="plan-retry" on:click=retry>
                {ui(locale, "start-over")}
            </button>
        </Show>
    }
}

/// A written section: each field under its label, in the plan's order.
#[component]
fn SectionPart(plan: PlanHandle, section: Section) -> impl IntoView {
    let locale = Locale::expect();
    let fields = section
        .fields()
        .iter()
        .map(|field| {
            let (id, kind) = (field.id().to_owned(), field.kind());
            let value = move || {
                plan.with(|session| match kind {
                    FieldKind::Number => session.number(&id).map(grouped).unwrap_or_default(),
                    _ => session.text(&id).to_owned(),
                })
            };
            let shown = move || {
                let text = value();
                if text.trim().is_empty() {
                    return view! { <p class="cl-plan-doc__empty">{ui(locale, "not-written")}</p> }.into_any();
                }
                match kind {
                    FieldKind::Lines => view! {
                        <ul>
                            {text.lines().map(str::trim).filter(|line| !line.is_empty()).map(|line| view! { <li>{line.to_owned()}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    _ => text
                        .split('\n')
                        .map(|paragraph| view! { <p>{paragraph.to_owned()}</p> })
                        .collect_view()
                        .into_any(),
                }
            };
            view! {
                <h4>{locale.text(field.label_key())}</h4>
                <div class="cl-plan-doc__value" data-field=field.id().to_owned()>{shown}</div>
            }
        })
        .collect_view();
    view! {
        <section class="cl-plan-doc__section" data-section=section.id().to_owned()>
            <h3>{locale.text(section.title_key())}</h3>
            {fields}
        </section>
    }
}

/// The action plan as a table, its totals and its Gantt chart.
#[component]
fn ActionPlanPart(plan: PlanHandle, section: Section) -> impl IntoView {
    let locale = Locale::expect();
    let lines = Signal::derive(move || {
        plan.with(|session| {
            let date = |date: Option<chrono::NaiveDate>| {
                date.map(|date| date_text(locale, date)).unwrap_or_default()
            };
            session
                .rows()
                .iter()
                .map(|row| ActivityLine {
                    row: Some(row.id()),
                    cells: [
                        row.activity().to_owned(),
                        row.responsible().to_owned(),
                        date(row.start()),
                        date(row.end()),
                        row.amount()
                            .map(|amount| budget_text(amount, row.currency().unwrap_or_default()))
                            .unwrap_or_default(),
                        row.indicator().to_owned(),
                    ],
                })
                .collect()
        })
    });
    view! {
        <section class="cl-plan-doc__section cl-plan-doc__section--wide" data-section=section.id().to_owned()>
            <h3>{locale.text(section.title_key())}</h3>
            <ActivityTable lines />
            <BudgetTotals plan />
            <Gantt plan name="document" />
        </section>
    }
}

/// One activity as a table shows it: the row it is, if any, then its
/// activity, responsible party, start, end, budget and indicator.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ActivityLine {
    /// The plan row's id, for a learner's row.
    pub(super) row: Option<u32>,
    /// The six cells after the number.
    pub(super) cells: [String; 6],
}

/// Activities as a numbered table, the example's or the learner's.
#[component]
pub(super) fn ActivityTable(lines: Signal<Vec<ActivityLine>>) -> impl IntoView {
    let locale = Locale::expect();
    let header = ["row", "activity", "responsible", "start", "end", "budget", "indicator"]
        .map(|word| view! { <th scope="col">{ui(locale, word)}</th> });
    let rows = move || {
        lines
            .get()
            .into_iter()
            .enumerate()
            .map(|(at, line)| {
                let cells = line.cells.map(|cell| view! { <td>{cell}</td> });
                view! {
                    <tr data-row=line.row.map(|row| row.to_string())>
                        <td>{(at + 1).to_string()}</td>
                        {cells.into_iter().collect_view()}
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="cl-plan__table-box">
            <table class="cl-plan__table">
                <thead>
                    <tr>{header.into_iter().collect_view()}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The self-assessment as a table of levels, the total and the band.
#[component]
fn RubricPart(plan: PlanHandle) -> impl IntoView {
    let locale = Locale::expect();
    let rubric = plan.with_untracked(|session| session.content().rubric().clone());
    let rows = rubric
        .criteria()
        .iter()
        .map(|criterion| {
            let id = criterion.id().to_owned();
            let level = move || {
                plan.with(|session| session.rating(&id)).map_or_else(
                    || ui(locale, "not-rated").get(),
                    |level| locale.t(&Rubric::level_key(level)),
                )
            };
            view! {
                <tr>
                    <th scope="row">{locale.text(criterion.name_key())}</th>
                    <td>{level}</td>
                </tr>
            }
        })
        .collect_view();
    let total = move || {
        plan.with(|session| {
            let points = session.rubric_points().to_string();
            let max = session.content().rubric().max_points().to_string();
            let band = locale.t(&session.band().name_key());
            let score = number(session.score());
            format!(
                "{} — {band}. {}",
                locale.t_with(&keys::ui("rubric-points"), &[("points", &points), ("max", &max)]),
                locale.t_with(&keys::ui("document-score"), &[("score", &score)])
            )
        })
    };
    view! {
        <section class="cl-plan-doc__section">
            <h3>{ui(locale, "rubric")}</h3>
            <table class="cl-plan__table">
                <thead>
                    <tr>
                        <th scope="col">{ui(locale, "criterion")}</th>
                        <th scope="col">{ui(locale, "level")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p>{total}</p>
        </section>
    }
}
