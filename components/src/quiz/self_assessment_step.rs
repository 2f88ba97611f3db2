use engine::exercises::aec_quiz::{ActError, LikertScale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::QuizHandle;
use crate::context::Locale;

/// The self-assessment: one rating scale per statement, all on one page.
#[component]
pub(crate) fn SelfAssessmentStep(
    /// The quiz.
    quiz: QuizHandle,
) -> impl IntoView {
    let locale = Locale::expect();
    let error = RwSignal::new(None::<ActError>);
    let statements = quiz.with(|session| {
        session
            .statements()
            .iter()
            .map(|statement| (statement.id().to_owned(), statement.text_key()))
            .collect::<Vec<_>>()
    });
    let points: Vec<u8> = quiz.with(|session| session.content().likert().points().collect());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(quiz.act(|session, now_ms| session.finish(now_ms)).err());
    };
    let scales = statements
        .into_iter()
        .map(|(statement_id, text_key)| {
            let choices = points
                .iter()
                .map(|&point| {
                    let statement_id = statement_id.clone();
                    let rated = statement_id.clone();
                    let label_key = LikertScale::label_key(point);
                    view! {
                        <label class="cl-likert__choice">
                            <input
                                type="radio"
                                name=format!("cl-quiz-rate-{statement_id}")
                                value=point.to_string()
                                prop:checked=move || {
                                    quiz.with(|session| session.rating(&rated) == Some(point))
                                }
                                on:change=move |_| {
                                    _ = quiz
                                        .act(|session, now_ms| {
                                            session.rate(&statement_id, point, now_ms)
                                        });
                                }
                            />
                            <span>{move || locale.t(&label_key)}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="cl-quiz__statement cl-likert">
                    <legend>{move || locale.t(&text_key)}</legend>
                    <div class="cl-likert__scale">{choices}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <h2>{move || locale.t("ui.quiz.part.self-assessment")}</h2>
        <p>{move || locale.t("ui.quiz.self.intro")}</p>
        <p>{move || locale.t("ui.quiz.self.scale")}</p>
        <form class="cl-form" on:submit=on_submit>
            {scales}
            {move || {
                error
                    .get()
                    .map(|_| {
                        let left = quiz.with(|session| session.n_unrated()).to_string();
                        view! {
                            <p class="cl-form__error" role="alert">
                                {move || locale.t_with("ui.quiz.self.unrated", &[("n", &left)])}
                            </p>
                        }
                    })
            }}
            <button type="submit" class="cl-button">{move || locale.t("ui.quiz.finish")}</button>
        </form>
    }
}
