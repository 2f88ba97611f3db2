use engine::exercises::aec_quiz::{ActError, ItemKind, QuizSession};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::QuizHandle;
use crate::context::Locale;
use crate::ui::ChoiceList;

/// One knowledge item: its options as real radio buttons or checkboxes, then,
/// once checked, the feedback with the explanation.
#[component]
pub(crate) fn ItemStep(
    /// The quiz.
    quiz: QuizHandle,
) -> impl IntoView {
    let locale = Locale::expect();
    // The item shown, as owned data: it changes only with the item index.
    let item = Memo::new(move |_| {
        quiz.with(|session| {
            session.current_item().map(|current| ShownItem {
                id: current.item.id().to_owned(),
                stem_key: current.item.stem_key(),
                dimension_key: current.dimension.name_key(),
                kind: current.item.kind(),
                options: current
                    .option_order
                    .iter()
                    .map(|option| (option.clone(), current.item.option_key(option)))
                    .collect(),
                position: current.item_idx + 1,
                n_items: current.n_items,
                post_2012: current.post_2012,
            })
        })
    });
    let checked = Memo::new(move |_| quiz.with(QuizSession::feedback));
    let selected = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<ActError>);
    Effect::new(move |_| {
        item.track();
        selected.set(Vec::new());
        error.set(None);
    });
    // The first item's heading takes the focus from the start button that
    // went away; each next item's always, so that its question is read out
    // and Tab leads on to its options.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |previous: Option<Option<usize>>| {
        let position = item.with(|shown| shown.as_ref().map(|shown| shown.position));
        super::focus_after_render(heading, previous.is_none_or(|previous| previous.is_none()));
        position
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(shown) = item.get_untracked() else { return };
        let outcome = if checked.get_untracked().is_some() {
            quiz.act(|session, now_ms| session.next(now_ms))
        } else {
            let choice = selected.get_untracked();
            quiz.act(|session, now_ms| session.answer(&shown.id, &choice, now_ms))
        };
        error.set(outcome.err());
    };

    let body = move || {
        let shown = item.get()?;
        let is_last = shown.position == shown.n_items;
        let hint_key = match shown.kind {
            ItemKind::Single => "ui.quiz.choose-one",
            ItemKind::Multiple => "ui.quiz.choose-all",
        };
        // Once checked, the session's record of the answer is what shows.
        let shown_selection = Signal::derive(move || match checked.get() {
            Some(feedback) => feedback.selected,
            None => selected.get(),
        });
        let kind = shown.kind;
        let toggle = Callback::new(move |option: String| {
            selected.update(|chosen| match kind {
                ItemKind::Single => *chosen = vec![option],
                ItemKind::Multiple => {
                    if let Some(at) = chosen.iter().position(|c| *c == option) {
                        chosen.remove(at);
                    } else {
                        chosen.push(option);
                    }
                }
            })
        });
        let choices = shown
            .options
            .iter()
            .map(|(option, label_key)| {
                (option.clone(), option.clone(), locale.text(label_key.clone()))
            })
            .collect();
        let options = view! {
            <ChoiceList
                name="cl-quiz-option"
                choices
                selected=shown_selection
                on_choose=toggle
                multiple=kind == ItemKind::Multiple
                disabled=Signal::derive(move || checked.get().is_some())
            />
        };
        let feedback = move || {
            checked.get().map(|feedback| {
                let verdict = if feedback.correct {
                    "ui.quiz.feedback.correct"
                } else {
                    "ui.quiz.feedback.incorrect"
                };
                let key_heading = if feedback.key.len() == 1 {
                    "ui.quiz.feedback.key-one"
                } else {
                    "ui.quiz.feedback.key-many"
                };
                let key_texts = feedback
                    .key
                    .iter()
                    .filter_map(|option| {
                        let (_, key) = shown.options.iter().find(|(shown, _)| shown == option)?;
                        let key = key.clone();
                        Some(view! { <li>{locale.text(key.clone())}</li> })
                    })
                    .collect_view();
                let why_key = feedback.why_key.clone();
                view! {
                    <div
                        class="cl-quiz__feedback"
                        class:cl-quiz__feedback--correct=feedback.correct
                        role="status"
                    >
                        <p class="cl-quiz__verdict">{move || locale.t(verdict)}</p>
                        <p>{move || locale.t(key_heading)}</p>
                        <ul>{key_texts}</ul>
                        <h3>{locale.text("ui.quiz.feedback.why")}</h3>
                        <p>{locale.text(why_key.clone())}</p>
                    </div>
                }
            })
        };
        let button_key = move || match (checked.get().is_some(), is_last) {
            (false, _) => "ui.quiz.check",
            (true, false) => "ui.quiz.next",
            (true, true) => "ui.quiz.to-self-assessment",
        };
        let stem_key = shown.stem_key.clone();
        let dimension_key = shown.dimension_key.clone();
        let progress = (shown.position.to_string(), shown.n_items.to_string());
        Some(view! {
            <h2 tabindex="-1" node_ref=heading>{locale.text("ui.quiz.part.knowledge")}</h2>
            <p class="cl-quiz__progress">
                {move || locale.t_with("ui.quiz.progress", &[("n", &progress.0), ("total", &progress.1)])}
                " · "
                {move || {
                    let name = locale.t(&dimension_key);
                    locale.t_with("ui.quiz.dimension", &[("name", &name)])
                }}
            </p>
            <Show when=move || shown.post_2012>
                <p class="cl-quiz__note">{locale.text("ui.quiz.post-2012")}</p>
            </Show>
            <form class="cl-form" on:submit=on_submit>
                <fieldset class="cl-form__field cl-quiz__item">
                    <legend class="cl-quiz__stem">{locale.text(stem_key.clone())}</legend>
                    <p class="cl-quiz__hint">{move || locale.t(hint_key)}</p>
                    {options}
                </fieldset>
                {move || {
                    error
                        .get()
                        .map(|err| {
                            let key = match err {
                                ActError::OneOptionOnly => "ui.quiz.error.one-answer",
                                _ => "ui.quiz.error.no-answer",
                            };
                            view! { <p class="cl-form__error" role="alert">{move || locale.t(key)}</p> }
                        })
                }}
                {feedback}
                <button type="submit" class="cl-button">{move || locale.t(button_key())}</button>
            </form>
        })
    };
    view! { {body} }
}

/// What the step shows of the current item.
#[derive(Debug, Clone, PartialEq)]
struct ShownItem {
    id: String,
    stem_key: String,
    dimension_key: String,
    kind: ItemKind,
    options: Vec<(String, String)>,
    position: usize,
    n_items: usize,
    post_2012: bool,
}
