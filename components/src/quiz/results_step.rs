use engine::exercises::aec_quiz::{QuizResult, QuizSession};
use leptos::prelude::*;

use super::QuizHandle;
use super::readiness_chart::ReadinessChart;
use crate::context::{Locale, Storage, Tracker};

/// The readiness profile of a finished attempt: score and pass mark, chart and
/// table per dimension, recommendations, capacity-building needs for the
/// plan, a review of every answer, and a retry when the policy allows one.
#[component]
pub(crate) fn ResultsStep(
    /// The quiz.
    quiz: QuizHandle,
) -> impl IntoView {
    let locale = Locale::expect();
    let storage = Storage::expect();
    let Some(result) = quiz.with(QuizSession::result) else {
        return ().into_any();
    };
    let heading = NodeRef::new();
    super::focus_heading_if_lost(heading);
    let rows = quiz.with_untracked(|session| profile_rows(session, &result));
    let (pass_mark, knowledge_share, max_attempts, threshold) = quiz.with(|session| {
        let content = session.content();
        (
            format!("{:.0}", session.pass_mark()),
            content.knowledge_share(),
            content.retry().max_attempts(),
            content.likert().recommend_at_or_below().to_string(),
        )
    });
    let score = format!("{:.0}", result.score.percent());
    let overall = format!("{:.0}", result.readiness);
    let verdict = if result.passed { "ui.quiz.results.passed" } else { "ui.quiz.results.failed" };
    let shares = (knowledge_share.to_string(), (100 - u16::from(knowledge_share)).to_string());
    let bars: Vec<_> = rows.iter().map(|row| (row.name_key.clone(), row.readiness)).collect();

    let table_rows = rows
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{move || locale.t(&row.name_key)}</th>
                    <td>{row.knowledge}</td>
                    <td>{row.self_assessment}</td>
                    <td>{row.readiness}</td>
                    <td>{move || locale.t(&row.band_key)}</td>
                </tr>
            }
        })
        .collect_view();
    let recommendations = if result.recommendations.is_empty() {
        view! {
            <p>{move || locale.t_with("ui.quiz.recommendations.none", &[("threshold", &threshold)])}</p>
        }
        .into_any()
    } else {
        let items = quiz.with(|session| {
            result
                .recommendations
                .iter()
                .filter_map(|recommendation| {
                    let key = recommendation.recommendation_key.clone();
                    let dimension_key =
                        session.content().dimension(&recommendation.dimension)?.name_key();
                    Some(view! {
                        <li>
                            <strong>{locale.text(dimension_key)} ": "</strong>
                            {locale.text(key)}
                        </li>
                    })
                })
                .collect_view()
        });
        view! { <ol class="cl-quiz__recommendations">{items}</ol> }.into_any()
    };
    let needs = result.needs.clone();
    let needs_added = RwSignal::new(false);
    let needs_view = if needs.is_empty() {
        view! { <p>{locale.text("ui.quiz.needs.none")}</p> }.into_any()
    } else {
        let items = quiz.with(|session| {
            needs
                .iter()
                .filter_map(|need| {
                    let name_key = session.content().dimension(&need.dimension)?.name_key();
                    let readiness = need.readiness.to_string();
                    Some(view! { <li>{locale.text(name_key.clone())} " (" {readiness} ")"</li> })
                })
                .collect_view()
        });
        view! {
            <p>{locale.text("ui.quiz.needs.intro")}</p>
            <ol>{items}</ol>
            <button
                type="button"
                class="cl-button"
                on:click=move |_| {
                    storage.save_capacity_needs(needs.clone());
                    needs_added.set(true);
                }
            >
                {locale.text("ui.quiz.add-needs")}
            </button>
            <Show when=move || needs_added.get()>
                <p class="cl-form__saved" role="status">
                    {locale.text("ui.quiz.needs-added")}
                </p>
            </Show>
        }
        .into_any()
    };
    let overconfident = quiz.with_untracked(|session| {
        result
            .overconfident
            .iter()
            .filter_map(|id| {
                let name_key = session.content().dimension(id)?.name_key();
                Some(view! {
                    <li>
                        {move || {
                            let name = locale.t(&name_key);
                            locale.t_with("ui.quiz.recommendations.overconfident", &[("dimension", &name)])
                        }}
                    </li>
                })
            })
            .collect_view()
    });
    let bands = quiz.with_untracked(|session| {
        let content = session.content();
        content
            .bands()
            .iter()
            .map(|band| {
                let (min, max) = content.band_range(band);
                let range = (min.to_string(), max.to_string());
                let (name_key, meaning_key) = (band.name_key(), band.meaning_key());
                view! {
                    <li>
                        <strong>
                            {move || {
                                let name = locale.t(&name_key);
                                locale.t_with(
                                    "ui.quiz.band-range",
                                    &[("band", &name), ("min", &range.0), ("max", &range.1)],
                                )
                            }}
                        </strong>
                        " "
                        {locale.text(meaning_key)}
                    </li>
                }
            })
            .collect_view()
    });
    let review = quiz.with_untracked(review_rows);
    let review_items = review
        .into_iter()
        .map(|row| {
            let verdict = if row.correct { "ui.quiz.review.correct" } else { "ui.quiz.review.incorrect" };
            let answer = row.selected_keys;
            let key = row.key_keys;
            let why_key = row.why_key;
            view! {
                <li class="cl-quiz__review-item">
                    <p class="cl-quiz__stem">{move || locale.t(&row.stem_key)}</p>
                    <p>
                        {locale.text("ui.quiz.review.your-answer")} ": "
                        {move || answer.iter().map(|key| locale.t(key)).collect::<Vec<_>>().join("; ")}
                    </p>
                    <p>
                        {locale.text("ui.quiz.review.correct-answer")} ": "
                        {move || key.iter().map(|key| locale.t(key)).collect::<Vec<_>>().join("; ")}
                    </p>
                    <p class="cl-quiz__review-verdict">{move || locale.t(verdict)}</p>
                    <p class="cl-quiz__review-why">{locale.text(why_key)}</p>
                </li>
            }
        })
        .collect_view();
    // A review shows the recorded result; a retry there would record nothing.
    let can_retry =
        quiz.with(QuizSession::can_retry) && !Tracker::expect().terms_untracked().review;
    let attempts_left = quiz.with_untracked(QuizSession::attempts_left).to_string();
    let retry_new = (
        quiz.with(QuizSession::new_items_on_retry).to_string(),
        quiz.with(QuizSession::n_items).to_string(),
    );
    let attempt_line = (quiz.with(QuizSession::attempt).to_string(), max_attempts.to_string());
    let retry = move |_| {
        let seed = quiz.seed();
        _ = quiz.act(|session, now_ms| session.retry(seed, now_ms));
    };

    view! {
        <h2 tabindex="-1" node_ref=heading>{locale.text("ui.quiz.results.heading")}</h2>
        <p class="cl-quiz__score">
            {move || locale.t_with("ui.quiz.results.score", &[("score", &score)])}
        </p>
        <p>{move || locale.t_with(verdict, &[("pass_mark", &pass_mark)])}</p>
        <p>{move || locale.t_with("ui.quiz.results.overall", &[("score", &overall)])}</p>
        <p>
            {move || {
                locale
                    .t_with("ui.quiz.results.how", &[("knowledge", &shares.0), ("self", &shares.1)])
            }}
        </p>
        <ReadinessChart bars />
        <table class="cl-table">
            <caption>{locale.text("ui.quiz.table.caption")}</caption>
            <thead>
                <tr>
                    <th scope="col">{locale.text("ui.quiz.table.dimension")}</th>
                    <th scope="col">{locale.text("ui.quiz.table.knowledge")}</th>
                    <th scope="col">{locale.text("ui.quiz.table.self-assessment")}</th>
                    <th scope="col">{locale.text("ui.quiz.table.readiness")}</th>
                    <th scope="col">{locale.text("ui.quiz.table.band")}</th>
                </tr>
            </thead>
            <tbody>{table_rows}</tbody>
        </table>
        <ul class="cl-quiz__bands">{bands}</ul>
        <h3>{locale.text("ui.quiz.recommendations.heading")}</h3>
        {recommendations}
        <ul class="cl-quiz__overconfident">{overconfident}</ul>
        <h3>{locale.text("ui.quiz.needs.heading")}</h3>
        {needs_view}
        <h3>{locale.text("ui.quiz.review.heading")}</h3>
        <ol class="cl-quiz__review">{review_items}</ol>
        <p>
            {move || {
                locale
                    .t_with("ui.quiz.attempt", &[("n", &attempt_line.0), ("max", &attempt_line.1)])
            }}
        </p>
        {if can_retry {
            view! {
                <p>{move || locale.t_with("ui.quiz.attempts-left", &[("n", &attempts_left)])}</p>
                <p class="cl-quiz__retry-new">
                    {move || {
                        locale.t_with("ui.quiz.retry-new", &[("new", &retry_new.0), ("total", &retry_new.1)])
                    }}
                </p>
                <button type="button" class="cl-button" on:click=retry>
                    {locale.text("ui.quiz.retry")}
                </button>
            }
                .into_any()
        } else {
            ().into_any()
        }}
    }
    .into_any()
}

/// One row of the profile table, as numbers rounded for display.
struct ProfileRow {
    name_key: String,
    knowledge: String,
    self_assessment: String,
    readiness: u8,
    band_key: String,
}

fn profile_rows(session: &QuizSession, result: &QuizResult) -> Vec<ProfileRow> {
    let content = session.content();
    result
        .dimensions
        .iter()
        .filter_map(|score| {
            Some(ProfileRow {
                name_key: content.dimension(&score.dimension)?.name_key(),
                knowledge: format!("{:.0}", score.knowledge),
                self_assessment: format!("{:.0}", score.self_assessment),
                readiness: score.readiness,
                band_key: content.bands().iter().find(|band| band.id() == score.band)?.name_key(),
            })
        })
        .collect()
}

/// One answered item in the review, as catalog keys.
struct ReviewRow {
    stem_key: String,
    selected_keys: Vec<String>,
    key_keys: Vec<String>,
    why_key: String,
    correct: bool,
}

fn review_rows(session: &QuizSession) -> Vec<ReviewRow> {
    session
        .review()
        .into_iter()
        .filter_map(|feedback| {
            let (_, item) = session.content().item(&feedback.item)?;
            Some(ReviewRow {
                stem_key: item.stem_key(),
                selected_keys: feedback.selected.iter().map(|o| item.option_key(o)).collect(),
                key_keys: feedback.key.iter().map(|o| item.option_key(o)).collect(),
                why_key: feedback.why_key.clone(),
                correct: feedback.correct,
            })
        })
        .collect()
}
