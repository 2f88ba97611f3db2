use engine::exercises::consortium::{
    Category, Composition, ConsortiumContent, ConsortiumType, DecisionRule, Firm, Formation,
    FormationProblem, Funding, LeadRule, keys,
};
use leptos::prelude::*;

use super::{ConsortiumHandle, ui, usd, usd_amount};
use crate::context::Locale;
use crate::ui::ChoiceList;

/// The scenario, the firm pool with its filter, and the statutes; the
/// scope of the consortium and what stops it being founded update as the
/// learner chooses.
#[component]
pub(super) fn FormingStep(consortium: ConsortiumHandle) -> impl IntoView {
    let locale = Locale::expect();
    let content = consortium.with_untracked(|session| session.content().clone());
    // The last attempt's formation, to edit; else the first option of each choice.
    let draft =
        RwSignal::new(consortium.with(|session| session.formation().cloned()).unwrap_or_else(
            || Formation {
                members: Vec::new(),
                kind: ConsortiumType::Promotional,
                entry_fee: content.entry_fees().first().copied().unwrap_or(0),
                quarterly_fee: content.quarterly_fees().first().copied().unwrap_or(0),
                charter: false,
                sanctions: false,
                leads: LeadRule::Rotation,
                decisions: DecisionRule::Consensus,
                coordinator:
                    content.coordinators().first().map(|c| c.id().to_owned()).unwrap_or_default(),
                funding: Funding::None,
            },
        ));
    let refused = RwSignal::new(Vec::<FormationProblem>::new());
    let heading = NodeRef::new();
    super::focus_heading_if_lost(heading);
    let found = move |_| {
        let formation = draft.get_untracked();
        match consortium.act(|session, now_ms| session.found(formation, now_ms)) {
            Ok(_) => refused.set(Vec::new()),
            Err(engine::exercises::consortium::ActError::Formation(problems)) => {
                refused.set(problems);
            }
            // Any other refusal means the session has moved on elsewhere,
            // which re-renders this step away.
            Err(_) => {}
        }
    };
    let scenario = content.scenario_key();
    view! {
        <h2 tabindex="-1" node_ref=heading>{ui(locale, "pool")}</h2>
        <p class="cl-consortium__scenario">{locale.text(scenario)}</p>
        <FirmPool content=content.clone() draft />
        <Statutes content=content.clone() draft />
        <Scope content=content.clone() draft />
        <div role="status" aria-live="polite" data-testid="consortium-problems">
            {move || {
                let problems = refused.get();
                (!problems.is_empty())
                    .then(|| {
                        view! {
                            <p>{ui(locale, "problems")}</p>
                            <ul class="cl-consortium__problems">
                                {problems
                                    .iter()
                                    .map(|problem| view! { <li>{problem_text(locale, problem)}</li> })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
        <button type="button" class="cl-button" data-testid="consortium-found" on:click=found>
            {ui(locale, "found")}
        </button>
    }
}

/// A formation problem in the learner's language.
pub(super) fn problem_text(locale: Locale, problem: &FormationProblem) -> String {
    let value = match problem {
        FormationProblem::TooFewMembers { min } => ("min", min.to_string()),
        FormationProblem::TooManyMembers { max } => ("max", max.to_string()),
        FormationProblem::UnknownFirm(id) | FormationProblem::UnknownCoordinator(id) => {
            ("value", id.clone())
        }
        FormationProblem::FeeNotOffered(usd) => ("value", usd_amount(f64::from(*usd))),
        FormationProblem::SalesNeedsProducers => ("value", String::new()),
    };
    locale.t_with(&problem.key(), &[(value.0, &value.1)])
}

/// The firm cards, filtered by category, each with its box to add it.
#[component]
fn FirmPool(content: ConsortiumContent, draft: RwSignal<Formation>) -> impl IntoView {
    let locale = Locale::expect();
    let filter = RwSignal::new(None::<Category>);
    let categories = Category::ALL
        .iter()
        .map(|category| {
            let code = category.code();
            view! { <option value=code>{locale.text(keys::option("category", code))}</option> }
        })
        .collect_view();
    let cards = content
        .firms()
        .iter()
        .map(|firm| {
            let category = firm.category();
            let shown = move || filter.get().is_none_or(|only| only == category);
            // Producers of the same line compete for the same buyers.
            let rivals = content
                .firms()
                .iter()
                .filter(|other| {
                    other.id() != firm.id() && firm.is_producer() && other.line() == firm.line()
                })
                .map(|other| (other.id().to_owned(), other.name_key()))
                .collect();
            view! {
                <li class="cl-firm" class:cl-firm--hidden=move || !shown()>
                    <FirmCard firm=firm.clone() rivals draft />
                </li>
            }
        })
        .collect_view();
    view! {
        <label class="cl-consortium__filter">
            <span>{ui(locale, "filter-category")}</span>
            <select
                data-testid="firm-filter"
                on:change=move |event| {
                    let code = event_target_value(&event);
                    filter.set(Category::ALL.iter().copied().find(|c| c.code() == code));
                }
            >
                <option value="">{ui(locale, "filter-all")}</option>
                {categories}
            </select>
        </label>
        <ul class="cl-firms">{cards}</ul>
    }
}

/// One firm as its card shows it, with the chosen members that make the
/// same products.
#[component]
fn FirmCard(
    firm: Firm,
    /// The other firms of the pool with the same product line: id and name key.
    rivals: Vec<(String, String)>,
    draft: RwSignal<Formation>,
) -> impl IntoView {
    let locale = Locale::expect();
    let id = firm.id().to_owned();
    let chosen = {
        let id = id.clone();
        move || draft.with(|formation| formation.members.contains(&id))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            draft.update(|formation| {
                if let Some(at) = formation.members.iter().position(|member| *member == id) {
                    formation.members.remove(at);
                } else {
                    formation.members.push(id.clone());
                }
            })
        }
    };
    let fact = move |word: &'static str, value: String| {
        view! {
            <div>
                <dt>{ui(locale, word)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let option =
        move |group: &'static str, code: &'static str| locale.t(&keys::option(group, code));
    let certificates = firm
        .certificates()
        .iter()
        .map(|certificate| option("certificate", certificate.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let (name_key, product_key) = (firm.name_key(), firm.product_key());
    let place = keys::option("province", firm.province().code());
    let category = keys::option("category", firm.category().code());
    let overlap = move || {
        let chosen: Vec<String> = draft.with(|formation| {
            rivals
                .iter()
                .filter(|(id, _)| formation.members.contains(id))
                .map(|(_, name_key)| locale.t(name_key))
                .collect()
        });
        if chosen.is_empty() {
            locale.t(&keys::ui("no-overlap"))
        } else {
            locale.t_with(&keys::ui("overlaps"), &[("firms", &chosen.join(", "))])
        }
    };
    let facts = move || {
        vec![
            fact("size", firm.employees().to_string()),
            fact("sales-year", usd(locale, f64::from(firm.sales()))),
            fact("experience", format!("{}/3", firm.export_experience())),
            fact("capacity", firm.capacity().map_or_else(|| "–".to_owned(), |c| format!("{c}/5"))),
            fact("quality", format!("{}/5", firm.quality())),
            fact(
                "certificates",
                if certificates.is_empty() { "–".to_owned() } else { certificates.clone() },
            ),
            fact("segment", option("segment", firm.segment().code())),
            fact("peer-reputation", format!("{}/5", firm.reputation())),
            fact("complementarity", overlap()),
        ]
        .collect_view()
    };
    let chosen_card = chosen.clone();
    view! {
        <article class="cl-firm__card" data-firm=id.clone() class:cl-firm--chosen=chosen_card>
            <h3 class="cl-firm__name">{locale.text(name_key)}</h3>
            <p class="cl-firm__product">
                {locale.text(category)} " · " {locale.text(place)}
            </p>
            <p>{locale.text(product_key)}</p>
            // Beside the firm's name rather than below its facts, so that a
            // frame of a few hundred pixels shows the first firm's box.
            <label class="cl-form__choice">
                <input
                    type="checkbox"
                    data-testid="firm-choose"
                    prop:checked=chosen
                    on:change=toggle
                />
                <span>{ui(locale, "choose")}</span>
            </label>
            <dl class="cl-firm__facts">{facts}</dl>
        </article>
    }
}

/// The statutes: type, fees, rules, coordinator and funding.
#[component]
fn Statutes(content: ConsortiumContent, draft: RwSignal<Formation>) -> impl IntoView {
    let locale = Locale::expect();
    let coded =
        move |group: &'static str, code: &'static str| locale.text(keys::option(group, code));
    let fee_choices = move |fees: &[u32]| {
        fees.iter()
            .map(|&fee| (fee, fee.to_string(), Signal::derive(move || usd(locale, f64::from(fee)))))
            .collect::<Vec<_>>()
    };
    let of_codes = move |group: &'static str, all: Vec<(&'static str, Statute)>| {
        all.into_iter().map(|(code, value)| (value, code.to_owned(), coded(group, code))).collect()
    };
    let coordinators = content
        .coordinators()
        .iter()
        .map(|option| {
            let (name, note) = (option.name_key(), option.note_key());
            let cost = option.cost();
            let label = Signal::derive(move || {
                format!(
                    "{} — {} ({})",
                    locale.t(&name),
                    locale.t(&note),
                    usd(locale, f64::from(cost))
                )
            });
            (Statute::Coordinator(option.id().to_owned()), option.id().to_owned(), label)
        })
        .collect::<Vec<_>>();
    let fees = |fees: &[u32], statute: fn(u32) -> Statute| {
        fee_choices(fees)
            .into_iter()
            .map(|(fee, code, label)| (statute(fee), code, label))
            .collect()
    };
    let yes_no =
        move |word: &'static str, read: fn(&Formation) -> bool, write: fn(&mut Formation, bool)| {
            view! {
                <label class="cl-form__choice">
                    <input
                        type="checkbox"
                        data-testid=format!("statute-{word}")
                        prop:checked=move || draft.with(read)
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            draft.update(|formation| write(formation, on));
                        }
                    />
                    <span>{ui(locale, word)}</span>
                </label>
            }
        };
    let groups: Vec<(&'static str, Vec<StatuteChoice>)> = vec![
        (
            "type",
            of_codes(
                "type",
                ConsortiumType::ALL.iter().map(|v| (v.code(), Statute::Type(*v))).collect(),
            ),
        ),
        ("entry-fee", fees(content.entry_fees(), Statute::EntryFee)),
        ("quarterly-fee", fees(content.quarterly_fees(), Statute::QuarterlyFee)),
        (
            "leads",
            of_codes(
                "lead-rule",
                LeadRule::ALL.iter().map(|v| (v.code(), Statute::Leads(*v))).collect(),
            ),
        ),
        (
            "decisions",
            of_codes(
                "decision-rule",
                DecisionRule::ALL.iter().map(|v| (v.code(), Statute::Decisions(*v))).collect(),
            ),
        ),
        ("coordinator", coordinators),
        (
            "funding",
            of_codes(
                "funding",
                Funding::ALL.iter().map(|v| (v.code(), Statute::Funding(*v))).collect(),
            ),
        ),
    ];
    let groups = groups
        .into_iter()
        .map(|(word, choices)| {
            let chosen = Signal::derive(move || {
                let current = draft.get();
                choices_now(&current)
            });
            view! {
                <fieldset class="cl-form__group">
                    <legend>{ui(locale, word)}</legend>
                    <ChoiceList
                        name=format!("cl-consortium-{word}")
                        choices
                        selected=chosen
                        on_choose=Callback::new(move |statute: Statute| {
                            draft.update(|formation| statute.apply(formation))
                        })
                    />
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <h2>{ui(locale, "form")}</h2>
        {groups}
        {yes_no("charter", |f| f.charter, |f, on| f.charter = on)}
        {yes_no("sanctions", |f| f.sanctions, |f, on| f.sanctions = on)}
    }
}

/// A statute, its form value and its label, as a radio group offers it.
type StatuteChoice = (Statute, String, Signal<String>);

/// One choice of the statutes, as the radio groups of the form offer it.
#[derive(Debug, Clone, PartialEq)]
enum Statute {
    Type(ConsortiumType),
    EntryFee(u32),
    QuarterlyFee(u32),
    Leads(LeadRule),
    Decisions(DecisionRule),
    Coordinator(String),
    Funding(Funding),
}

impl Statute {
    fn apply(self, formation: &mut Formation) {
        match self {
            Statute::Type(kind) => formation.kind = kind,
            Statute::EntryFee(fee) => formation.entry_fee = fee,
            Statute::QuarterlyFee(fee) => formation.quarterly_fee = fee,
            Statute::Leads(rule) => formation.leads = rule,
            Statute::Decisions(rule) => formation.decisions = rule,
            Statute::Coordinator(id) => formation.coordinator = id,
            Statute::Funding(funding) => formation.funding = funding,
        }
    }
}

/// Every statute `formation` has chosen, for the radio groups to tick.
fn choices_now(formation: &Formation) -> Vec<Statute> {
    vec![
        Statute::Type(formation.kind),
        Statute::EntryFee(formation.entry_fee),
        Statute::QuarterlyFee(formation.quarterly_fee),
        Statute::Leads(formation.leads),
        Statute::Decisions(formation.decisions),
        Statute::Coordinator(formation.coordinator.clone()),
        Statute::Funding(formation.funding),
    ]
}

/// What the chosen members make of the consortium: how many, single- or
/// multi-sector, regional or inter-regional, theme coherence and
/// complementarity, beside the size the literature recommends.
#[component]
fn Scope(content: ConsortiumContent, draft: RwSignal<Formation>) -> impl IntoView {
    let locale = Locale::expect();
    let hint = content.member_hint();
    let (min, max) = (hint.start().to_string(), hint.end().to_string());
    let composition = Memo::new(move |_| {
        draft.with(|formation| {
            let composition = Composition::of_formation(&content, formation);
            (
                composition.size,
                composition.sectors > 1,
                !composition.is_regional(),
                (composition.coherence * 100.0).round() as u32,
                (composition.complementarity * 100.0).round() as u32,
            )
        })
    });
    view! {
        <section class="cl-consortium__scope" aria-live="polite" data-testid="consortium-scope">
            <h3>{ui(locale, "scope")}</h3>
            <p>{move || locale.t_with(&keys::ui("hint"), &[("min", &min), ("max", &max)])}</p>
            <p>
                {ui(locale, "chosen")} ": "
                {move || composition.get().0.to_string()} " · "
                {move || {
                    let word = if composition.get().1 { "multi-sector" } else { "single-sector" };
                    locale.t(&keys::ui(word))
                }} " · "
                {move || {
                    let word = if composition.get().2 { "inter-regional" } else { "regional" };
                    locale.t(&keys::ui(word))
                }}
            </p>
            <p>
                {ui(locale, "coherence")} ": " {move || format!("{} %", composition.get().3)} " · "
                {ui(locale, "complementarity")} ": " {move || format!("{} %", composition.get().4)}
            </p>
        </section>
    }
}
