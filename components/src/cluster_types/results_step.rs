use engine::exercises::cluster_types::{CaseSession, ClusterType, Confusion};
use leptos::prelude::*;

use super::CasesHandle;
use crate::context::{Locale, Tracker};

/// How many mix-ups the summary puts in words; the matrix shows them all.
const MIX_UPS_IN_WORDS: usize = 3;

/// The attempt's score, which types were mixed up (a matrix and in words),
/// every answer again, the discussion case, the optional stage round and a
/// retry when the policy allows one.
#[component]
pub(super) fn ResultsStep(cases: CasesHandle) -> impl IntoView {
    let locale = Locale::expect();
    let Some(result) = cases.with(CaseSession::result) else {
        return ().into_any();
    };
    let score = result.percent.to_string();
    let pass_mark = format!("{:.0}", cases.with(CaseSession::pass_mark));
    let verdict = if result.passed { "ui.cases.results.passed" } else { "ui.cases.results.failed" };
    let confusion = cases.with_untracked(CaseSession::confusion);
    let review = cases.with_untracked(|session| {
        session
            .review()
            .into_iter()
            .filter_map(|feedback| {
                let vignette = session.content().vignette(&feedback.case)?;
                Some((feedback, vignette.title_key()))
            })
            .collect::<Vec<_>>()
    });
    let review_items = review
        .into_iter()
        .map(|(feedback, title_key)| {
            let (chosen, right, why_key) =
                (feedback.chosen.name_key(), feedback.structure.name_key(), feedback.why_key.clone());
            view! {
                <li data-case=feedback.case.clone() class:cl-cases__review--right=feedback.correct()>
                    <p class="cl-case__title">{locale.text(title_key.clone())}</p>
                    <p>
                        {move || {
                            let name = locale.t(&chosen);
                            locale.t_with("ui.cases.review.yours", &[("type", &name)])
                        }}
                    </p>
                    <p>
                        {move || {
                            let name = locale.t(&right);
                            locale.t_with("ui.cases.review.right", &[("type", &name)])
                        }}
                    </p>
                    <p>{locale.text(why_key.clone())}</p>
                </li>
            }
        })
        .collect_view();
    let discussion = cases.with_untracked(|session| session.content().discussion().clone());
    let discussion_shown = RwSignal::new(false);
    let (stages_open, stages_played, stage_tally) = cases.with(|session| {
        (session.stage_round_open(), session.stage_round_played(), session.stage_tally())
    });
    let tracker = Tracker::expect();
    // A review shows the recorded result; nothing done there would be recorded.
    let read_only = tracker.terms_untracked().review;
    let can_retry = cases.with_untracked(CaseSession::can_retry) && !read_only;
    let attempt_line = cases.with_untracked(|session| {
        (session.attempt().to_string(), session.content().retry().max_attempts().to_string())
    });
    let attempts_left = cases.with_untracked(CaseSession::attempts_left).to_string();
    let tally = (stage_tally.0.to_string(), stage_tally.1.to_string());
    let heading = NodeRef::new();
    super::focus_heading_if_lost(heading);

    view! {
        <h2 tabindex="-1" node_ref=heading>{locale.text("ui.cases.results.heading")}</h2>
        <p class="cl-cases__score" data-testid="cases-score">
            {move || locale.t_with("ui.cases.results.score", &[("score", &score)])}
        </p>
        <p data-testid="cases-verdict">{move || locale.t_with(verdict, &[("pass_mark", &pass_mark)])}</p>
        <h3>{locale.text("ui.cases.confusion.heading")}</h3>
        <ConfusionSummary confusion />
        {(stages_open && !read_only)
            .then(|| {
                view! {
                    <p>{locale.text("ui.cases.stages.offer")}</p>
                    <button
                        type="button"
                        class="cl-button"
                        data-testid="stages-begin"
                        on:click=move |_| {
                            // Refused only once the round was played, when
                            // this button is not shown.
                            _ = cases.act(|session, now_ms| session.begin_stages(now_ms));
                        }
                    >
                        {locale.text("ui.cases.stages.begin")}
                    </button>
                }
            })}
        {stages_played
            .then(|| {
                view! {
                    <p data-testid="stage-tally">
                        {move || {
                            locale.t_with("ui.cases.stages.tally", &[("right", &tally.0), ("total", &tally.1)])
                        }}
                    </p>
                }
            })}
        <h3>{locale.text("ui.cases.review.heading")}</h3>
        <ol class="cl-cases__review">{review_items}</ol>
        <section class="cl-discussion">
            <h3>{locale.text("ui.cases.discussion.heading")}</h3>
            <p class="cl-case__title">
                {
                    let key = discussion.title_key();
                    move || locale.t(&key)
                }
            </p>
            <p>
                {
                    let key = discussion.text_key();
                    move || locale.t(&key)
                }
            </p>
            <button
                type="button"
                class="cl-button"
                data-testid="discussion-show"
                aria-expanded=move || discussion_shown.get().to_string()
                on:click=move |_| discussion_shown.update(|shown| *shown = !*shown)
            >
                {locale.text("ui.cases.discussion.show")}
            </button>
            <Show when=move || discussion_shown.get()>
                <p class="cl-discussion__readings">
                    {
                        let defensible = discussion.defensible().to_vec();
                        move || {
                            let names: Vec<String> =
                                defensible.iter().map(|kind| locale.t(&kind.name_key())).collect();
                            locale.t_with("ui.cases.discussion.readings", &[("types", &names.join(" / "))])
                        }
                    }
                </p>
                <p class="cl-discussion__answer">
                    {
                        let key = discussion.discussion_key();
                        move || locale.t(&key)
                    }
                </p>
            </Show>
        </section>
        <p>
            {move || locale.t_with("ui.cases.attempt", &[("n", &attempt_line.0), ("max", &attempt_line.1)])}
        </p>
        {can_retry
            .then(|| {
                view! {
                    <p>{move || locale.t_with("ui.cases.attempts-left", &[("n", &attempts_left)])}</p>
                    <button
                        type="button"
                        class="cl-button"
                        data-testid="cases-retry"
                        on:click=move |_| {
                            let seed = cases.seed();
                            // Refused only when the policy forbids a retry,
                            // when this button is not shown.
                            _ = cases.act(|session, now_ms| session.retry(seed, now_ms));
                        }
                    >
                        {locale.text("ui.cases.retry")}
                    </button>
                }
            })}
    }
    .into_any()
}

/// Which type was taken for which: a matrix (rows the right type, columns
/// the answer) and the most frequent mix-ups in words, each with the
/// question that tells the two apart.
#[component]
fn ConfusionSummary(confusion: Confusion) -> impl IntoView {
    let locale = Locale::expect();
    let headers = ClusterType::ALL
        .into_iter()
        .map(|chosen| {
            let key = chosen.name_key();
            view! { <th scope="col">{locale.text(key.clone())}</th> }
        })
        .collect_view();
    let rows = ClusterType::ALL
        .into_iter()
        .filter(|actual| confusion.answered(*actual) > 0)
        .map(|actual| {
            let key = actual.name_key();
            let cells = ClusterType::ALL
                .into_iter()
                .map(|chosen| {
                    let count = confusion.count(actual, chosen);
                    let (right, wrong) =
                        (count != 0 && actual == chosen, count != 0 && actual != chosen);
                    view! {
                        <td
                            data-actual=actual.code()
                            data-chosen=chosen.code()
                            class:cl-confusion__right=right
                            class:cl-confusion__wrong=wrong
                        >
                            {count}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{locale.text(key.clone())}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let mix_ups = confusion.mix_ups();
    let words = if mix_ups.is_empty() {
        view! { <li>{locale.text("ui.cases.confusion.none")}</li> }.into_any()
    } else {
        mix_ups
            .into_iter()
            .take(MIX_UPS_IN_WORDS)
            .map(|(actual, chosen, count)| {
                let count = count.to_string();
                view! {
                    <li>
                        {move || {
                            let (actual_name, chosen_name) =
                                (locale.t(&actual.name_key()), locale.t(&chosen.name_key()));
                            locale.t_with(
                                "ui.cases.confusion.mix-up",
                                &[("actual", &actual_name), ("chosen", &chosen_name), ("count", &count)],
                            )
                        }}
                        " "
                        {move || locale.t(&actual.test_key())}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="cl-table-scroll">
            <table class="cl-table cl-confusion">
                <caption>{locale.text("ui.cases.confusion.caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{locale.text("ui.cases.confusion.right-type")}</th>
                        {headers}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="cl-confusion__words">{words}</ul>
    }
}
