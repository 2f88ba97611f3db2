use engine::exercises::cluster_plan::{Field, FieldKind, Finding, Section, keys};
use leptos::prelude::*;

use super::{Editable, Panel, PlanHandle, finding_text, next_section, refusal_text, ui};
use crate::context::Locale;

/// One section: why it matters, its quality criteria, the worked example
/// on request, each field with its guidance, and what the checks still
/// ask for.
#[component]
pub(super) fn SectionPanel(
    plan: PlanHandle,
    section: Section,
    open: Callback<Panel>,
) -> impl IntoView {
    let locale = Locale::expect();
    let id = section.id().to_owned();
    // A field's findings show once the learner has left it or written in
    // it: an untouched form is not a list of faults.
    let touched = RwSignal::new(Vec::<String>::new());
    let fields = section
        .fields()
        .iter()
        .map(|field| view! { <FieldEditor plan field=field.clone() touched /> })
        .collect_view();
    let next = plan.with_untracked(|session| next_section(session.content().sections(), &id));
    view! {
        <h2 tabindex="-1" data-testid="plan-section-title">{locale.text(section.title_key())}</h2>
        <SectionGuide section=section.clone() />
        <Editable>
            <div class="cl-plan__fields" data-section=id.clone()>{fields}</div>
        </Editable>
        <SectionChecks plan section />
        {next.map(|next| view! { <NextSection next open /> })}
    }
}

/// Why a section matters, its quality criteria and its worked example
/// behind a toggle.
#[component]
pub(super) fn SectionGuide(section: Section) -> impl IntoView {
    let locale = Locale::expect();
    let shown = RwSignal::new(false);
    let criteria = section
        .criteria()
        .iter()
        .map(|criterion| view! { <li>{locale.text(section.criterion_key(criterion))}</li> })
        .collect_view();
    let example_id = format!("cl-plan-example-{}", section.id());
    let example_key = section.example_key();
    let example = move || {
        locale
            .t(&example_key)
            .split("\n\n")
            .map(|paragraph| view! { <p>{paragraph.to_owned()}</p> })
            .collect_view()
    };
    view! {
        <p class="cl-plan__why">
            <strong>{ui(locale, "why")}</strong>
            " "
            {locale.text(section.why_key())}
        </p>
        <h3>{ui(locale, "criteria")}</h3>
        <ul class="cl-plan__criteria">{criteria}</ul>
        <button
            type="button"
            class="cl-button cl-button--secondary"
            data-testid="plan-example-toggle"
            aria-expanded=move || shown.get().to_string()
            aria-controls=example_id.clone()
            on:click=move |_| shown.update(|shown| *shown = !*shown)
        >
            {move || if shown.get() { ui(locale, "hide-example").get() } else { ui(locale, "show-example").get() }}
        </button>
        <div id=example_id class="cl-plan__example" hidden=move || !shown.get() data-testid="plan-example">
            <p class="cl-plan__example-intro">{ui(locale, "example-intro")}</p>
            {example}
        </div>
    }
}

/// One field: its label and guidance, the input its kind calls for, and
/// the findings of the checks once it was touched.
#[component]
fn FieldEditor(plan: PlanHandle, field: Field, touched: RwSignal<Vec<String>>) -> impl IntoView {
    let locale = Locale::expect();
    let id = field.id().to_owned();
    let input_id = format!("cl-plan-field-{id}");
    let hint_id = format!("{input_id}-hint");
    let note_id = format!("{input_id}-note");
    let refused = RwSignal::new(None::<String>);
    let findings = {
        let id = id.clone();
        Memo::new(move |_| {
            plan.with(|session| {
                let section =
                    session.content().field(&id).map(|(section, _)| section.id().to_owned());
                section
                    .map(|section| session.findings(&section))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|finding| finding.field() == Some(id.as_str()))
                    .collect::<Vec<Finding>>()
            })
        })
    };
    let shown = {
        let id = id.clone();
        move || {
            let written =
                plan.with(|session| !session.text(&id).is_empty() || session.number(&id).is_some());
            written || touched.with(|touched| touched.contains(&id))
        }
    };
    let note = {
        let shown = shown.clone();
        move || {
            refused.get().or_else(|| {
                if !shown() {
                    return None;
                }
                let texts: Vec<String> =
                    findings.with(|all| all.iter().map(|f| finding_text(locale, f)).collect());
                (!texts.is_empty()).then(|| texts.join(" "))
            })
        }
    };
    let invalid = {
        let note = note.clone();
        move || note().is_some().to_string()
    };
    // Left on `blur`, which also comes when a field is tabbed through
    // without a change: an empty required field then says so.
    let leave = {
        let id = id.clone();
        move || {
            plan.report_held();
            if !touched.with_untracked(|touched| touched.contains(&id)) {
                touched.update(|touched| touched.push(id.clone()));
            }
        }
    };
    let described = format!("{hint_id} {note_id}");
    // What every kind of field's control has: its id, its description, its
    // state and the leaving that shows its notes and reports what was typed.
    let common = view! {
        <{..}
            id=input_id.clone()
            aria-describedby=described
            aria-invalid=invalid
            on:blur=move |_| leave()
        />
    };
    let input = match field.kind() {
        FieldKind::Number => {
            let value = plan.with_untracked(|session| session.number(&id)).map(|n| n.to_string());
            let max = field.max_number();
            let id = id.clone();
            view! {
                <input
                    {..common}
                    type="number"
                    inputmode="numeric"
                    min="0"
                    max=max.to_string()
                    step="1"
                    prop:value=value.unwrap_or_default()
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        let number = match (text.trim().is_empty(), text.trim().parse::<u64>()) {
                            (true, _) => None,
                            (false, Ok(number)) => Some(number),
                            (false, Err(_)) => {
                                refused.set(Some(ui(locale, "whole-number").get_untracked()));
                                return;
                            }
                        };
                        let outcome = plan.type_in(|session, now| session.set_number(&id, number, now));
                        refused.set(outcome.err().map(|refusal| refusal_text(locale, &refusal)));
                    }
                />
            }
            .into_any()
        }
        kind => {
            let value = plan.with_untracked(|session| session.text(&id).to_owned());
            let max = field.max_chars().to_string();
            let id = id.clone();
            let on_input = move |event: leptos::ev::Event| {
                let text = event_target_value(&event);
                let outcome = plan.type_in(|session, now| session.set_text(&id, &text, now));
                refused.set(outcome.err().map(|refusal| refusal_text(locale, &refusal)));
            };
            if kind == FieldKind::Text {
                view! { <input {..common} type="text" maxlength=max prop:value=value on:input=on_input /> }
                    .into_any()
            } else {
                let rows = if kind == FieldKind::Lines { "4" } else { "5" };
                view! { <textarea {..common} rows=rows maxlength=max prop:value=value on:input=on_input></textarea> }
                    .into_any()
            }
        }
    };
    let required = field
        .required()
        .then(|| view! { " " <span class="cl-field__required">{ui(locale, "required")}</span> });
    view! {
        <div class="cl-field" data-field=id.clone()>
            <label for=input_id>
                <span class="cl-field__label">{locale.text(field.label_key())}</span>
                {required}
            </label>
            <p class="cl-field__hint" id=hint_id>{locale.text(field.hint_key())}</p>
            {input}
            <p class="cl-field__note" id=note_id data-testid="plan-field-note">{note}</p>
        </div>
    }
}

/// What a section still needs (the checks that block) and tips that do
/// not, each naming its field or row.
#[component]
pub(super) fn SectionChecks(plan: PlanHandle, section: Section) -> impl IntoView {
    let locale = Locale::expect();
    let id = section.id().to_owned();
    let findings = Memo::new(move |_| plan.with(|session| session.findings(&id)));
    let label = move |finding: &Finding| -> Option<String> {
        let field = finding.field()?;
        plan.with_untracked(|session| {
            session.content().field(field).map(|(_, field)| locale.t(&field.label_key()))
        })
    };
    let list = move |blocking: bool| {
        findings.with(|all| {
            all.iter()
                .filter(|finding| finding.blocks() == blocking)
                .map(|finding| {
                    let text = finding_text(locale, finding);
                    let text = match label(finding) {
                        Some(label) => format!("{label}: {text}"),
                        None => match finding.row() {
                            Some(row) => {
                                let position = plan.with_untracked(|session| {
                                    session
                                        .rows()
                                        .iter()
                                        .position(|r| r.id() == row)
                                        .map(|at| at + 1)
                                });
                                let heading = locale.t_with(
                                    &keys::ui("row-heading"),
                                    &[("n", &position.unwrap_or_default().to_string())],
                                );
                                format!("{heading}: {text}")
                            }
                            None => text,
                        },
                    };
                    view! { <li>{text}</li> }
                })
                .collect::<Vec<_>>()
        })
    };
    let status = move || plan.with(|session| session.status(&section));
    view! {
        <section class="cl-plan__checks" aria-live="polite" data-testid="plan-checks">
            {move || {
                let needed = list(true);
                let tips = list(false);
                let passed = status() == engine::exercises::cluster_plan::SectionStatus::Passed;
                view! {
                    <h3>{ui(locale, "checks")}</h3>
                    {if passed {
                        view! { <p class="cl-plan__passed" data-testid="plan-section-passed">"✓ " {ui(locale, "section-passed")}</p> }.into_any()
                    } else {
                        view! { <ul class="cl-plan__needed" data-testid="plan-needed">{needed}</ul> }.into_any()
                    }}
                    {(!tips.is_empty()).then(|| view! {
                        <h3>{ui(locale, "advice")}</h3>
                        <ul class="cl-plan__tips" data-testid="plan-tips">{tips}</ul>
                    })}
                }
            }}
        </section>
    }
}

/// The button to the next section, so a keyboard user goes on in order.
#[component]
pub(super) fn NextSection(next: Section, open: Callback<Panel>) -> impl IntoView {
    let locale = Locale::expect();
    let title = locale.text(next.title_key());
    let target = Panel::Section(next.id().to_owned());
    view! {
        <button
            type="button"
            class="cl-button"
            data-testid="plan-next-section"
            on:click=move |_| open.run(target.clone())
        >
            {move || locale.t_with(&keys::ui("next-section"), &[("section", &title.get())])}
        </button>
    }
}
