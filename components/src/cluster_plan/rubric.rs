use engine::exercises::cluster_plan::{Criterion, PlanSession, Rubric, keys};
use leptos::prelude::*;

use super::{Editable, Panel, PlanHandle, ui};
use crate::context::Locale;
use crate::ui::{ChoiceLayout, ChoiceList};

/// The self-assessment: each criterion with what a strong plan shows and a
/// level to choose, the total with its band's advice, and the criteria that
/// lost the most points, each with a way back to its section.
#[component]
pub(super) fn RubricPanel(plan: PlanHandle, open: Callback<Panel>) -> impl IntoView {
    let locale = Locale::expect();
    let rubric = plan.with_untracked(|session| session.content().rubric().clone());
    let criteria = rubric
        .criteria()
        .iter()
        .map(|criterion| view! { <CriterionRating plan criterion=criterion.clone() rubric=rubric.clone() /> })
        .collect_view();
    let max = rubric.max_points().to_string();
    let total = move || {
        plan.with(|session| {
            let band = session.band();
            let points = session.rubric_points().to_string();
            (
                locale.t_with(&keys::ui("rubric-points"), &[("points", &points), ("max", &max)]),
                locale.t(&band.name_key()),
                locale.t(&band.advice_key()),
            )
        })
    };
    view! {
        <h2 tabindex="-1" data-testid="plan-section-title">{ui(locale, "rubric")}</h2>
        <p>{ui(locale, "rubric-intro")}</p>
        <Editable>
            <ol class="cl-plan__criteria-list">{criteria}</ol>
        </Editable>
        <section class="cl-plan__band" aria-live="polite" data-testid="plan-rubric-total">
            {move || {
                let (points, band, advice) = total();
                view! {
                    <h3>{ui(locale, "rubric-total")}</h3>
                    <p><strong>{points}</strong> " — " {band}</p>
                    <p>{advice}</p>
                }
            }}
        </section>
        <Weakest plan open />
    }
}

/// One criterion and its levels as radio buttons.
#[component]
fn CriterionRating(plan: PlanHandle, criterion: Criterion, rubric: Rubric) -> impl IntoView {
    let locale = Locale::expect();
    let id = criterion.id().to_owned();
    let choices = (0..=rubric.top_level())
        .map(|level| (level, level.to_string(), locale.text(Rubric::level_key(level))))
        .collect();
    let selected = Signal::derive({
        let id = id.clone();
        move || plan.with(|session| session.rating(&id)).into_iter().collect::<Vec<u8>>()
    });
    let rate = Callback::new({
        let id = id.clone();
        move |level: u8| {
            // Every level offered is within the rubric.
            _ = plan.act(|session, _| session.rate(&id, Some(level)));
        }
    });
    let heading_id = format!("cl-plan-criterion-{id}");
    view! {
        <li class="cl-plan__criterion" data-criterion=id.clone()>
            <fieldset aria-labelledby=heading_id.clone()>
                <p id=heading_id.clone() class="cl-plan__criterion-name">
                    <strong>{locale.text(criterion.name_key())}</strong>
                </p>
                <p class="cl-field__hint">{locale.text(criterion.strong_key())}</p>
                <div class="cl-plan__levels">
                    <ChoiceList name=format!("cl-plan-level-{id}") choices selected on_choose=rate layout=ChoiceLayout::Stacked />
                </div>
            </fieldset>
        </li>
    }
}

/// The criteria that lost the most points, at most three.
#[component]
fn Weakest(plan: PlanHandle, open: Callback<Panel>) -> impl IntoView {
    let locale = Locale::expect();
    let weakest = Memo::new(move |_| {
        plan.with(|session: &PlanSession| {
            session
                .weakest_criteria()
                .into_iter()
                .take(3)
                .map(|(criterion, lost)| (criterion.clone(), lost))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let weakest = weakest.get();
        (!weakest.is_empty()).then(|| {
            let items = weakest
                .into_iter()
                .map(|(criterion, lost)| {
                    let lost = lost.to_string();
                    let section = criterion.section().map(|section| {
                        let title = plan.with_untracked(|session| {
                            session.content().section(section).map(|section| section.title_key())
                        });
                        let target = Panel::Section(section.to_owned());
                        view! {
                            " "
                            <button type="button" class="cl-link-button" on:click=move |_| open.run(target.clone())>
                                {move || locale.t_with(&keys::ui("go-to-section"), &[("section", &title.as_deref().map(|key| locale.t(key)).unwrap_or_default())])}
                            </button>
                        }
                    });
                    view! {
                        <li>
                            <strong>{locale.text(criterion.name_key())}</strong>
                            " — "
                            {move || locale.t_with(&keys::ui("points-lost"), &[("points", &lost)])}
                            {section}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="cl-plan__weakest" data-testid="plan-weakest">
                    <h3>{ui(locale, "weakest")}</h3>
                    <ul>{items}</ul>
                </section>
            }
        })
    }
}
