use chrono::{Datelike, NaiveDate};
use engine::exercises::cluster_plan::{
    Direction, Outcome, PlanContent, PlanSession, Row, RowEdit, Section, Suggestion, keys,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::document::{ActivityLine, ActivityTable};
use super::gantt::Gantt;
use super::section::{SectionChecks, SectionGuide};
use super::{Editable, PlanHandle, date_text, finding_text, refusal_text, ui};
use crate::context::Locale;
use crate::ui::grouped;

/// The action plan: its period, the quiz's suggestions, one row per
/// activity with its budget, the totals, the Gantt chart and the checks.
#[component]
pub(super) fn ActionPlanPanel(plan: PlanHandle, section: Section) -> impl IntoView {
    let locale = Locale::expect();
    let content = plan.with_untracked(|session| session.content().clone());
    let rows_box = NodeRef::<leptos::html::Ol>::new();
    let max_rows = content.action_plan().max_rows();
    let row_ids = Memo::new(move |_| {
        plan.with(|session| session.rows().iter().map(Row::id).collect::<Vec<u32>>())
    });
    let add = move |_| {
        if let Ok(Outcome::RowAdded { row }) = plan.act(|session, now| session.add_row(now)) {
            focus_in_row(rows_box, row, &["[data-cell=activity]"]);
        }
    };
    let full = move || row_ids.with(|ids| ids.len() >= max_rows);
    view! {
        <h2 tabindex="-1" data-testid="plan-section-title">{locale.text(section.title_key())}</h2>
        <SectionGuide section=section.clone() />
        <ExampleRows content=content.clone() year=plan.with_untracked(|session| session.window().start().year()) />
        <Editable>
            <WindowEditor plan max_months=content.action_plan().max_months() />
            <Suggestions plan rows_box />
            <h3>{ui(locale, "activities")}</h3>
            <ol class="cl-plan__rows" node_ref=rows_box data-testid="plan-rows">
                <For each=move || row_ids.get() key=|id| *id let:id>
                    <RowEditor plan id rows_box currencies=content.action_plan().currencies().to_vec() />
                </For>
            </ol>
            <button
                type="button"
                class="cl-button"
                data-testid="plan-add-row"
                disabled=full
                on:click=add
            >
                {ui(locale, "add-row")}
            </button>
        </Editable>
        <BudgetTotals plan />
        <Gantt plan name="editor" />
        <SectionChecks plan section />
    }
}

/// Puts the focus on a control of a row once it is shown: the first of
/// `controls` that the row has enabled, so that a row moved to an edge,
/// whose button that way is disabled now, keeps the focus on its other one.
fn focus_in_row(rows_box: NodeRef<leptos::html::Ol>, row: u32, controls: &'static [&'static str]) {
    // The rows' view may be gone by the next frame, and its node with it.
    request_animation_frame(move || {
        let found = rows_box.try_get_untracked().flatten().and_then(|list| {
            controls.iter().find_map(|control| {
                let selector = format!("[data-row='{row}'] {control}:not(:disabled)");
                list.query_selector(&selector).ok().flatten()
            })
        });
        if let Some(element) = found {
            // Failing to focus only costs the keyboard cue.
            _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// The content's example action plan, shown with the worked example.
#[component]
fn ExampleRows(content: PlanContent, year: i32) -> impl IntoView {
    let locale = Locale::expect();
    let example = content.action_plan().example().to_vec();
    let lines = Signal::derive(move || {
        example
            .iter()
            .map(|row| ActivityLine {
                row: None,
                cells: [
                    locale.t(&row.activity_key()),
                    locale.t(&row.responsible_key()),
                    date_text(locale, row.start(year)),
                    date_text(locale, row.end(year)),
                    budget_text(row.budget(), row.currency()),
                    locale.t(&row.indicator_key()),
                ],
            })
            .collect()
    });
    view! {
        <details class="cl-plan__example-rows">
            <summary>{ui(locale, "example-rows")}</summary>
            <ActivityTable lines />
        </details>
    }
}

/// The period the activities fall in: two dates, checked together.
#[component]
fn WindowEditor(plan: PlanHandle, max_months: u32) -> impl IntoView {
    let locale = Locale::expect();
    let refused = RwSignal::new(None::<String>);
    let window = plan.with_untracked(PlanSession::window);
    let (start, end) = (RwSignal::new(window.start()), RwSignal::new(window.end()));
    let apply = move || {
        let outcome = plan.act(|session, now| {
            session.set_window(start.get_untracked(), end.get_untracked(), now)
        });
        refused.set(outcome.err().map(|refusal| refusal_text(locale, &refusal)));
    };
    let months = max_months.to_string();
    let date_input = move |word: &'static str, day: RwSignal<NaiveDate>| {
        view! {
            <label>
                <span>{ui(locale, word)}</span>
                <input
                    type="date"
                    data-testid=format!("plan-{word}")
                    prop:value=day.get_untracked().to_string()
                    on:change=move |event| {
                        if let Some(date) = parse_date(&event_target_value(&event)) {
                            day.set(date);
                            apply();
                        }
                    }
                />
            </label>
        }
    };
    view! {
        <fieldset class="cl-plan__window" data-testid="plan-window">
            <legend>{ui(locale, "window")}</legend>
            <p class="cl-field__hint">
                {move || locale.t_with(&keys::ui("window-hint"), &[("months", &months)])}
            </p>
            {date_input("window-start", start)}
            {date_input("window-end", end)}
            <p class="cl-field__note" role="alert">{move || refused.get()}</p>
        </fieldset>
    }
}

/// A date input's value; `None` when empty or not a date.
fn parse_date(value: &str) -> Option<NaiveDate> {
    value.parse().ok()
}

/// The capacity-building needs the quiz found, each to add as a row or
/// drop.
#[component]
fn Suggestions(plan: PlanHandle, rows_box: NodeRef<leptos::html::Ol>) -> impl IntoView {
    let locale = Locale::expect();
    let pending = Memo::new(move |_| {
        plan.with(|session| session.suggestions().cloned().collect::<Vec<Suggestion>>())
    });
    let card = move |suggestion: Suggestion| {
        let id = suggestion.id().to_owned();
        // The row starts with the recommendation's text, or with the
        // need itself, in the learner's language at the moment of adding.
        let text_key = suggestion.recommendation_key().map(str::to_owned);
        let dimension = suggestion.dimension_key();
        let readiness = suggestion.readiness().to_string();
        let activity = {
            let dimension = dimension.clone();
            move || match &text_key {
                Some(key) => locale.t(key),
                None => locale.t_with(
                    &keys::ui("suggestion-dimension"),
                    &[("dimension", &locale.t(&dimension))],
                ),
            }
        };
        let accept = {
            let (id, activity) = (id.clone(), activity.clone());
            move |_| {
                let text = activity();
                let added = plan.act(|session, now| session.accept_suggestion(&id, &text, now));
                if let Ok(Outcome::RowAdded { row }) = added {
                    focus_in_row(rows_box, row, &["[data-cell=responsible]"]);
                }
            }
        };
        let drop_it = move |_| {
            // Refused only for a suggestion already decided, which is no longer shown.
            _ = plan.act(|session, _| session.drop_suggestion(&id));
        };
        view! {
            <li class="cl-plan__suggestion" data-suggestion=suggestion.id().to_owned()>
                <p>
                    <strong>{move || locale.t(&dimension)}</strong>
                    " — "
                    {move || locale.t_with(&keys::ui("readiness"), &[("readiness", &readiness)])}
                </p>
                <p>{activity}</p>
                <div class="cl-plan__row-actions">
                    <button type="button" class="cl-button" data-action="accept" on:click=accept>
                        {ui(locale, "accept")}
                    </button>
                    <button type="button" class="cl-button cl-button--secondary" data-action="drop" on:click=drop_it>
                        {ui(locale, "drop")}
                    </button>
                </div>
            </li>
        }
    };
    move || {
        let pending = pending.get();
        (!pending.is_empty()).then(|| {
            view! {
                <section class="cl-plan__suggestions" data-testid="plan-suggestions">
                    <h3>{ui(locale, "suggestions")}</h3>
                    <p>{ui(locale, "suggestions-intro")}</p>
                    <ul>{pending.into_iter().map(card).collect_view()}</ul>
                </section>
            }
        })
    }
}

/// One activity: what, who, when, how much and how it is measured, with
/// the buttons that move and remove it and the row's own findings.
#[component]
fn RowEditor(
    plan: PlanHandle,
    id: u32,
    rows_box: NodeRef<leptos::html::Ol>,
    currencies: Vec<String>,
) -> impl IntoView {
    let locale = Locale::expect();
    let Some(row) = plan.with_untracked(|session| session.row(id).cloned()) else {
        return ().into_any();
    };
    let position = Memo::new(move |_| {
        plan.with(|session| {
            let rows = session.rows();
            (rows.iter().position(|row| row.id() == id).unwrap_or_default(), rows.len())
        })
    });
    let refused = RwSignal::new(None::<String>);
    let edit = move |change: RowEdit, typing: bool| {
        let outcome = if typing {
            plan.type_in(|session, now| session.edit_row(id, change, now))
        } else {
            plan.act(|session, now| session.edit_row(id, change, now))
        };
        refused.set(outcome.err().map(|refusal| refusal_text(locale, &refusal)));
    };
    let text_cell = move |cell: &'static str, value: String, make: fn(String) -> RowEdit| {
        view! {
            <label class="cl-plan__cell">
                <span>{ui(locale, cell)}</span>
                <input
                    type="text"
                    data-cell=cell
                    maxlength=plan.with_untracked(|session| session.content().action_plan().text_max_chars()).to_string()
                    prop:value=value
                    on:input=move |event| edit(make(event_target_value(&event)), true)
                    on:change=move |_| plan.report_held()
                />
            </label>
        }
    };
    let date_cell = move |cell: &'static str,
                          value: Option<NaiveDate>,
                          make: fn(Option<NaiveDate>) -> RowEdit| {
        view! {
            <label class="cl-plan__cell">
                <span>{ui(locale, cell)}</span>
                <input
                    type="date"
                    data-cell=cell
                    prop:value=value.map(|date| date.to_string()).unwrap_or_default()
                    on:change=move |event| edit(make(parse_date(&event_target_value(&event))), false)
                />
            </label>
        }
    };
    let amount = row.amount();
    let currency = row.currency().map(str::to_owned);
    let currency_options = currencies
        .into_iter()
        .map(|code| {
            let selected = currency.as_deref() == Some(code.as_str());
            let name = PlanContent::currency_key(&code);
            let label = code.clone();
            view! { <option value=code selected=selected>{move || format!("{label} — {}", locale.t(&name))}</option> }
        })
        .collect_view();
    let findings = Memo::new(move |_| {
        plan.with(|session| {
            let section = session.content().action_plan_section().id().to_owned();
            session
                .findings(&section)
                .into_iter()
                .filter(|finding| finding.row() == Some(id))
                .collect::<Vec<_>>()
        })
    });
    let notes = move || {
        let mut notes: Vec<String> = refused.get().into_iter().collect();
        // A blank new row is not a fault yet.
        let blank = plan.with(|session| session.row(id).is_none_or(Row::is_blank));
        if !blank {
            findings
                .with(|all| notes.extend(all.iter().map(|finding| finding_text(locale, finding))));
        }
        notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()
    };
    let heading = move || {
        let n = (position.get().0 + 1).to_string();
        locale.t_with(&keys::ui("row-heading"), &[("n", &n)])
    };
    let move_row = move |direction: Direction, buttons: &'static [&'static str]| {
        // Refused at an edge, where the button is disabled.
        if plan.act(|session, now| session.move_row(id, direction, now)).is_ok() {
            focus_in_row(rows_box, id, buttons);
        }
    };
    // At an edge the button that way is disabled: the focus then stays on
    // the row's other one.
    let move_button = move |direction: Direction| {
        let (action, word, then): (_, _, &'static [&'static str]) = match direction {
            Direction::Up => ("up", "move-up", &["[data-action=up]", "[data-action=down]"]),
            Direction::Down => ("down", "move-down", &["[data-action=down]", "[data-action=up]"]),
        };
        let at_edge = move || {
            let (at, len) = position.get();
            match direction {
                Direction::Up => at == 0,
                Direction::Down => at + 1 >= len,
            }
        };
        view! {
            <button
                type="button"
                class="cl-button cl-button--secondary"
                data-action=action
                disabled=at_edge
                on:click=move |_| move_row(direction, then)
            >
                {ui(locale, word)}
            </button>
        }
    };
    let remove = move |_| {
        let next = plan.with_untracked(|session| {
            let rows = session.rows();
            let at = rows.iter().position(|row| row.id() == id)?;
            rows.get(at + 1)
                .or_else(|| at.checked_sub(1).and_then(|before| rows.get(before)))
                .map(Row::id)
        });
        if plan.act(|session, now| session.remove_row(id, now)).is_ok() {
            match next {
                Some(next) => focus_in_row(rows_box, next, &["[data-cell=activity]"]),
                None => request_animation_frame(|| {
                    if let Some(add) =
                        document().query_selector("[data-testid=plan-add-row]").ok().flatten()
                    {
                        // Failing to focus only costs the keyboard cue.
                        _ = add.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }),
            }
        }
    };
    view! {
        <li class="cl-plan__row" data-row=id.to_string()>
            <fieldset>
                <legend>{heading}</legend>
                <div class="cl-plan__cells">
                    {text_cell("activity", row.activity().to_owned(), RowEdit::Activity)}
                    {text_cell("responsible", row.responsible().to_owned(), RowEdit::Responsible)}
                    {date_cell("start", row.start(), RowEdit::Start)}
                    {date_cell("end", row.end(), RowEdit::End)}
                    <label class="cl-plan__cell">
                        <span>{ui(locale, "amount")}</span>
                        <input
                            type="number"
                            data-cell="amount"
                            inputmode="numeric"
                            min="0"
                            step="1"
                            prop:value=amount.map(|amount| amount.to_string()).unwrap_or_default()
                            on:input=move |event| {
                                let text = event_target_value(&event);
                                match (text.trim().is_empty(), text.trim().parse::<u64>()) {
                                    (true, _) => edit(RowEdit::Amount(None), true),
                                    (false, Ok(amount)) => edit(RowEdit::Amount(Some(amount)), true),
                                    (false, Err(_)) => refused.set(Some(ui(locale, "whole-number").get_untracked())),
                                }
                            }
                            on:change=move |_| plan.report_held()
                        />
                    </label>
                    <label class="cl-plan__cell">
                        <span>{ui(locale, "currency")}</span>
                        <select
                            data-cell="currency"
                            on:change=move |event| {
                                let code = event_target_value(&event);
                                edit(RowEdit::Currency((!code.is_empty()).then_some(code)), false);
                            }
                        >
                            <option value="" selected=currency.is_none()>{ui(locale, "no-currency")}</option>
                            {currency_options}
                        </select>
                    </label>
                    {text_cell("indicator", row.indicator().to_owned(), RowEdit::Indicator)}
                </div>
                <ul class="cl-plan__row-notes" aria-live="polite" data-testid="plan-row-notes">{notes}</ul>
                <div class="cl-plan__row-actions">
                    {move_button(Direction::Up)}
                    {move_button(Direction::Down)}
                    <button
                        type="button"
                        class="cl-button cl-button--secondary"
                        data-action="remove"
                        on:click=remove
                    >
                        {ui(locale, "remove-row")}
                    </button>
                </div>
            </fieldset>
        </li>
    }
    .into_any()
}

/// The budget summed per currency; nothing before a row has a budget.
#[component]
pub(super) fn BudgetTotals(plan: PlanHandle) -> impl IntoView {
    let locale = Locale::expect();
    let totals = move || {
        plan.with(|session| {
            session
                .budget_totals()
                .into_iter()
                .map(|(code, amount)| budget_text(amount, code))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    move || {
        let totals = totals();
        (!totals.is_empty()).then(|| {
            view! {
                <p class="cl-plan__totals" data-testid="plan-budget-total">
                    <strong>{ui(locale, "total-budget")}</strong>
                    " "
                    {totals}
                </p>
            }
        })
    }
}

/// An amount in a currency, e.g. `12,400 USD`.
pub(super) fn budget_text(amount: u64, currency: &str) -> String {
    format!("{} {currency}", grouped(amount))
}
