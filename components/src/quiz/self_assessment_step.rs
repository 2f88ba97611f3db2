use engine::exercises::aec_quiz::{ActError, LikertScale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::QuizHandle;
use crate::context::Locale;
use crate::ui::{ChoiceLayout, ChoiceList};

/// The self-assessment: one rating scale per statement, all on one page.
#[component]
pub(crate) fn SelfAssessmentStep(
    /// The quiz.
    quiz: QuizHandle,
) -> impl IntoView {
    let locale = Locale::expect();
    let heading = NodeRef::new();
    super::focus_heading_if_lost(heading);
    let error = RwSignal::new(None::<ActError>);
    let statements = quiz.with_untracked(|session| {
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
            let choices = points.iter().map(|&point| {
                (point, point.to_string(), locale.text(LikertScale::label_key(point)))
            });
            let group = format!("cl-quiz-rate-{statement_id}");
            let rated = statement_id.clone();
            let selected = Signal::derive(move || {
                quiz.with(|session| session.rating(&rated)).into_iter().collect()
            });
            // A rating is always accepted: the statement is shown and the
            // point is on the scale.
            let rate = Callback::new(move |point| {
                _ = quiz.act(|session, now_ms| session.rate(&statement_id, point, now_ms));
            });
            view! {
                <fieldset class="cl-quiz__statement cl-likert">
                    <legend>{locale.text(text_key.clone())}</legend>
                    <div class="cl-likert__scale">
                        <ChoiceList
                            name=group
                            choices=choices.collect()
                            selected
                            on_choose=rate
                            layout=ChoiceLayout::Scale
                        />
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <h2 tabindex="-1" node_ref=heading>{locale.text("ui.quiz.part.self-assessment")}</h2>
        <p>{locale.text("ui.quiz.self.intro")}</p>
        <p>{locale.text("ui.quiz.self.scale")}</p>
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
            <button type="submit" class="cl-button">{locale.text("ui.quiz.finish")}</button>
        </form>
    }
}
