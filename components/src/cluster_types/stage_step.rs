use engine::exercises::cluster_types::{CaseSession, Stage, StageFeedback};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{CaseCard, CasesHandle, ShownCase};
use crate::context::Locale;
use crate::ui::ChoiceList;

/// One case of the optional second round: which capability stage the
/// cluster is at, then why.
#[component]
pub(super) fn StageStep(cases: CasesHandle) -> impl IntoView {
    let locale = Locale::expect();
    let shown = ShownCase::of(cases);
    let feedback = Memo::new(move |_| cases.with(CaseSession::stage_feedback));
    let heading = NodeRef::new();
    Effect::new(move |_| {
        shown.track();
        super::focus_heading_if_lost(heading);
    });
    let selected = RwSignal::new(None::<Stage>);
    let missing = RwSignal::new(false);
    Effect::new(move |_| {
        shown.track();
        selected.set(None);
        missing.set(false);
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(ShownCase { id, .. }) = shown.get_untracked() else { return };
        if feedback.get_untracked().is_some() {
            // Refused only before a check, which this branch excludes.
            _ = cases.act(|session, now_ms| session.next(now_ms));
        } else if let Some(stage) = selected.get_untracked() {
            _ = cases.act(|session, now_ms| session.choose_stage(&id, stage, now_ms));
        } else {
            missing.set(true);
        }
    };
    let body = move || {
        let shown = shown.get()?;
        let (progress, is_last) = (shown.progress(locale), shown.is_last());
        let ShownCase { title_key, text_key, .. } = shown;
        let choices = Stage::ALL
            .into_iter()
            .map(|stage| (stage, stage.code().to_owned(), locale.text(stage.name_key())))
            .collect();
        let shown_selection = Signal::derive(move || match feedback.get() {
            Some(feedback) => vec![feedback.chosen],
            None => selected.get().into_iter().collect(),
        });
        let button_key = move || match (feedback.get().is_some(), is_last) {
            (false, _) => "ui.cases.stages.check",
            (true, false) => "ui.cases.next",
            (true, true) => "ui.cases.to-results",
        };
        Some(view! {
            <h2 tabindex="-1" node_ref=heading>{locale.text("ui.cases.stages.heading")}</h2>
            <p class="cl-cases__progress">
                {progress}
            </p>
            <article class="cl-case">
                <CaseCard title_key text_key clue_keys=Signal::derive(Vec::new) />
            </article>
            <form class="cl-form" on:submit=on_submit>
                <fieldset class="cl-form__field cl-stage">
                    <legend>{locale.text("ui.cases.stages.question")}</legend>
                    <ChoiceList
                        name="cl-stage"
                        choices
                        selected=shown_selection
                        on_choose=Callback::new(move |stage| selected.set(Some(stage)))
                        disabled=Signal::derive(move || feedback.get().is_some())
                    />
                </fieldset>
                <Show when=move || missing.get() && feedback.get().is_none()>
                    <p class="cl-form__error" role="alert">{locale.text("ui.cases.stages.choose")}</p>
                </Show>
                {move || feedback.get().map(|feedback| view! { <StageFeedbackPanel feedback /> })}
                <button type="submit" class="cl-button" data-testid="stage-submit">
                    {move || locale.t(button_key())}
                </button>
            </form>
        })
    };
    view! { {body} }
}

/// Whether the stage is one the case accepts, and why.
#[component]
fn StageFeedbackPanel(feedback: StageFeedback) -> impl IntoView {
    let locale = Locale::expect();
    let correct = feedback.correct();
    let verdict = move || {
        let accepted: Vec<String> =
            feedback.accepted.iter().map(|stage| locale.t(&stage.name_key())).collect();
        let accepted = accepted.join(" / ");
        let key = if correct { "ui.cases.stages.right" } else { "ui.cases.stages.wrong" };
        locale.t_with(key, &[("stage", &accepted)])
    };
    let why_key = feedback.why_key.clone();
    view! {
        <div
            class="cl-case-feedback"
            class:cl-case-feedback--right=correct
            data-testid="stage-feedback"
            role="status"
        >
            <p class="cl-case-feedback__verdict">{verdict}</p>
            <p class="cl-case-feedback__why">{locale.text(why_key.clone())}</p>
        </div>
    }
}
