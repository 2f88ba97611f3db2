use engine::exercises::consortium::{
    ActError, ActivityKind, ConsortiumContent, ConsortiumSession, Happening, PendingDecision,
    PlanProblem, QuarterReport, Response, RunError, keys,
};
use leptos::prelude::*;

use super::chart::MetricsChart;
use super::{ConsortiumHandle, ui, usd, usd_amount};
use crate::context::Locale;
use crate::ui::ChoiceList;

/// The quarter to play: the state of the consortium, the decision that
/// waits or the activity plan, then the chart and every quarter so far.
#[component]
pub(super) fn QuartersStep(consortium: ConsortiumHandle) -> impl IntoView {
    let locale = Locale::expect();
    let content = consortium.with_untracked(|session| session.content().clone());
    let total = content.quarters().to_string();
    let next = Memo::new(move |_| {
        consortium.with(|session| session.run().map_or(1, |run| run.played() + 1))
    });
    let pending = Memo::new(move |_| {
        consortium.with(|session| session.run().and_then(|run| run.pending().cloned()))
    });
    let quarters = Memo::new(move |_| {
        consortium
            .with(|session| session.run().map(|run| run.quarters().to_vec()).unwrap_or_default())
    });
    let heading = NodeRef::new();
    // The decision prompt and the plan replace each other under the focused
    // button, so the heading takes the focus back after each swap too.
    Effect::new(move |_| {
        pending.track();
        super::focus_heading_if_lost(heading);
    });
    let decision_content = content.clone();
    let plan_content = content.clone();
    let timeline_content = content.clone();
    view! {
        <h2 tabindex="-1" node_ref=heading data-testid="consortium-quarter">
            {move || {
                let quarter = match pending.get() {
                    Some(decision) => decision.quarter,
                    None => next.get(),
                };
                locale.t_with(&keys::ui("quarter"), &[("quarter", &quarter.to_string()), ("total", &total)])
            }}
        </h2>
        <StateLine consortium />
        {move || match pending.get() {
            Some(decision) => {
                view! { <DecisionPrompt consortium decision content=decision_content.clone() /> }
                    .into_any()
            }
            None => view! { <PlanForm consortium content=plan_content.clone() /> }.into_any(),
        }}
        <MetricsChart quarters=Signal::derive(move || quarters.get()) />
        <Timeline content=timeline_content quarters=Signal::derive(move || quarters.get()) />
    }
}

/// Where the consortium stands between quarters, rounded for showing.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Standing {
    budget: f64,
    trust: f64,
    reputation: f64,
    knowledge: f64,
    sales: f64,
    members: usize,
}

/// Cash, trust, reputation, knowledge, sales and members now.
#[component]
fn StateLine(consortium: ConsortiumHandle) -> impl IntoView {
    let locale = Locale::expect();
    let standing = Memo::new(move |_| {
        consortium.with(|session| {
            session.run().map(|run| {
                let (trust, knowledge, reputation) = run.levels();
                Standing {
                    budget: run.budget(),
                    trust,
                    reputation,
                    knowledge,
                    sales: run.outcome(session.content()).sales,
                    members: run.composition(session.content()).size,
                }
            })
        })
    });
    let figure = move |word: &'static str, show: fn(&Standing, Locale) -> String| {
        view! {
            <div>
                <dt>{ui(locale, word)}</dt>
                <dd data-metric=word>
                    {move || standing.get().map(|standing| show(&standing, locale)).unwrap_or_default()}
                </dd>
            </div>
        }
    };
    view! {
        <dl class="cl-consortium__state" aria-live="polite">
            {figure("budget", |s, locale| usd(locale, s.budget))}
            {figure("trust", |s, _| s.trust.round().to_string())}
            {figure("reputation", |s, _| s.reputation.round().to_string())}
            {figure("knowledge", |s, _| s.knowledge.round().to_string())}
            {figure("sales", |s, locale| usd(locale, s.sales))}
            {figure("members", |s, _| s.members.to_string())}
        </dl>
    }
}

/// The activities of the quarter, each with its cost to this consortium and
/// what it does; the total beside the cash.
#[component]
fn PlanForm(consortium: ConsortiumHandle, content: ConsortiumContent) -> impl IntoView {
    let locale = Locale::expect();
    let plan = RwSignal::new(Vec::<ActivityKind>::new());
    let refused = RwSignal::new(None::<PlanProblem>);
    // Training and certification cost per member concerned, which changes
    // with exits, training and certificates: the costs follow the run.
    let activities: Vec<ActivityKind> = content.activities().collect();
    let cost_of = move |kind: ActivityKind| {
        consortium.with(|session| {
            let content = session.content();
            session.run().map_or(content.cost(kind), |run| run.cost(content, kind))
        })
    };
    let planned =
        move || plan.with(|plan| plan.iter().map(|kind| f64::from(cost_of(*kind))).sum::<f64>());
    let choices = activities
        .into_iter()
        .map(|kind| {
            let (name, effect) = (keys::activity(kind), keys::activity_effect(kind));
            let label = Signal::derive(move || {
                format!(
                    "{} — {} ({})",
                    locale.t(&name),
                    locale.t(&effect),
                    usd(locale, f64::from(cost_of(kind)))
                )
            });
            (kind, kind.code().to_owned(), label)
        })
        .collect::<Vec<_>>();
    let toggle = Callback::new(move |kind: ActivityKind| {
        plan.update(|plan| {
            if let Some(at) = plan.iter().position(|planned| *planned == kind) {
                plan.remove(at);
            } else {
                plan.push(kind);
            }
        });
    });
    let play = move |_| {
        let chosen = plan.get_untracked();
        match consortium.act(|session, now_ms| session.play(chosen, now_ms)) {
            Ok(_) => {
                plan.set(Vec::new());
                refused.set(None);
            }
            Err(ActError::Run(RunError::Plan(problem))) => refused.set(Some(problem)),
            // Any other refusal means the run has moved on elsewhere, which
            // re-renders this form away.
            Err(_) => {}
        }
    };
    view! {
        <fieldset class="cl-form__group" data-testid="consortium-plan">
            <legend>{ui(locale, "plan")}</legend>
            <ChoiceList
                name="cl-consortium-plan"
                choices
                selected=Signal::derive(move || plan.get())
                on_choose=toggle
                multiple=true
            />
        </fieldset>
        <p aria-live="polite" data-testid="consortium-plan-cost">
            {move || {
                let amount = usd_amount(planned());
                locale.t_with(&keys::ui("plan-cost"), &[("amount", &amount)])
            }}
        </p>
        <p role="alert">
            {move || {
                refused
                    .get()
                    .map(|problem| {
                        let value = match problem {
                            PlanProblem::Twice(kind) => locale.t(&keys::activity(kind)),
                            PlanProblem::CoordinatorHours(max) => max.to_string(),
                        };
                        locale.t_with(&problem.key(), &[("value", &value)])
                    })
            }}
        </p>
        <button type="button" class="cl-button" data-testid="consortium-play" on:click=play>
            {ui(locale, "play")}
        </button>
    }
}

/// The decision an event raised, with its answers.
#[component]
fn DecisionPrompt(
    consortium: ConsortiumHandle,
    decision: PendingDecision,
    content: ConsortiumContent,
) -> impl IntoView {
    let locale = Locale::expect();
    let chosen = RwSignal::new(None::<Response>);
    let kind = decision.kind;
    let firm = firm_name(&content, &decision.firm);
    let prompt = kind.prompt_key();
    let choices = kind
        .responses()
        .into_iter()
        .map(|response| {
            (response, response.code().to_owned(), locale.text(response.label_key(kind)))
        })
        .collect::<Vec<_>>();
    let decide = move |_| {
        let Some(response) = chosen.get_untracked() else { return };
        // Refused only when the decision was already taken elsewhere, which
        // re-renders this prompt away.
        _ = consortium.act(|session, now_ms| session.decide(response, now_ms));
    };
    view! {
        <fieldset class="cl-form__group cl-consortium__decision" data-testid="consortium-decision">
            <legend>
                {move || {
                    let firm = locale.t(&firm);
                    locale.t_with(&prompt, &[("firm", &firm)])
                }}
            </legend>
            <ChoiceList
                name="cl-consortium-decision"
                choices
                selected=Signal::derive(move || chosen.get().into_iter().collect())
                on_choose=Callback::new(move |response| chosen.set(Some(response)))
            />
        </fieldset>
        <button
            type="button"
            class="cl-button"
            data-testid="consortium-decide"
            disabled=move || chosen.get().is_none()
            on:click=decide
        >
            {ui(locale, "decide")}
        </button>
    }
}

/// The catalog key of a firm's name; the id itself for a firm the content lost.
fn firm_name(content: &ConsortiumContent, id: &str) -> String {
    content.firm(id).map_or_else(|| id.to_owned(), |firm| firm.name_key())
}

/// Every quarter so far, newest first, each thing that happened as a card.
#[component]
pub(super) fn Timeline(
    content: ConsortiumContent,
    quarters: Signal<Vec<QuarterReport>>,
) -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <section class="cl-consortium__timeline" data-testid="consortium-timeline">
            <h3>{ui(locale, "timeline")}</h3>
            {move || {
                quarters
                    .get()
                    .into_iter()
                    .rev()
                    .map(|quarter| {
                        let cards = quarter
                            .happenings
                            .iter()
                            .map(|happening| {
                                let text = happening_text(locale, &content, happening);
                                view! { <li class="cl-event" data-happening=happening_code(happening)>{text}</li> }
                            })
                            .collect_view();
                        let label = format!("Q{}", quarter.quarter);
                        view! {
                            <section class="cl-consortium__quarter" data-quarter=quarter.quarter>
                                <h4>{label}</h4>
                                <ul class="cl-events">{cards}</ul>
                            </section>
                        }
                    })
                    .collect_view()
            }}
        </section>
    }
}

/// The last part of a happening's catalog key, for tests and styles.
fn happening_code(happening: &Happening) -> String {
    keys::happening(happening).rsplit('.').next().unwrap_or_default().to_owned()
}

/// A happening in the learner's language, its fields filled in.
fn happening_text(locale: Locale, content: &ConsortiumContent, happening: &Happening) -> String {
    let name = |id: &str| locale.t(&firm_name(content, id));
    let option = |group: &str, code: &str| locale.t(&keys::option(group, code));
    let amount = |value: u32| usd_amount(f64::from(value));
    let args: Vec<(&str, String)> = match happening {
        Happening::FeesPaid { paid, due, amount: value } => {
            vec![("paid", paid.to_string()), ("due", due.to_string()), ("amount", amount(*value))]
        }
        Happening::NonPayment { firm }
        | Happening::TimberBlocked { firm }
        | Happening::Complaint { firm }
        | Happening::Exit { firm, .. }
        | Happening::Decided { firm, .. } => vec![("firm", name(firm))],
        Happening::Subsidy { amount: value } => vec![("amount", amount(*value))],
        Happening::Activity { kind, cost } => {
            vec![("activity", locale.t(&keys::activity(*kind))), ("amount", amount(*cost))]
        }
        Happening::Cancelled { kind } => vec![("activity", locale.t(&keys::activity(*kind)))],
        Happening::QualityRaised { count }
        | Happening::Certified { count }
        | Happening::LeadsLost { count } => vec![("count", count.to_string())],
        Happening::Leads { source, count } => {
            vec![("count", count.to_string()), ("source", option("source", source.code()))]
        }
        Happening::Order { firm, value, market, .. } => vec![
            ("firm", name(firm)),
            ("amount", amount(*value)),
            ("market", option("market", market.code())),
        ],
        Happening::Bypass { firm, value } => vec![("firm", name(firm)), ("amount", amount(*value))],
        Happening::Conflict { firm, other } => vec![("firm", name(firm)), ("other", name(other))],
        Happening::CoordinatorUnpaid
        | Happening::CoordinatorLeft
        | Happening::External { .. }
        | Happening::Dissolved => Vec::new(),
    };
    let args: Vec<(&str, &str)> =
        args.iter().map(|(name, value)| (*name, value.as_str())).collect();
    locale.t_with(&keys::happening(happening), &args)
}

/// The session's step, for the debrief's timeline.
pub(super) fn played_quarters(session: &ConsortiumSession) -> Vec<QuarterReport> {
    session.run().map(|run| run.quarters().to_vec()).unwrap_or_default()
}
