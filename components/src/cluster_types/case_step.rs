use engine::exercises::cluster_types::{CaseSession, ClusterType, Feedback, Misread};
use leptos::ev::PointerEvent;
use leptos::html::{Article, Button};
use leptos::prelude::*;

use super::type_targets::{TargetRefs, TypeTargets};
use super::{CaseCard, CasesHandle, ShownCase};
use crate::context::Locale;

/// How far, in CSS pixels, a pointer must move before a press becomes a drag,
/// so that a tap or a small tremor does not move the card.
const DRAG_THRESHOLD: f64 = 8.0;

/// A press on the case card, and how far it has moved.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    pointer_id: i32,
    start: (f64, f64),
    offset: (f64, f64),
    moving: bool,
}

/// One case: its card, dragged (pointer or touch) onto a type target or
/// placed with the keyboard; then the feedback with the clues highlighted.
#[component]
pub(super) fn CaseStep(cases: CasesHandle) -> impl IntoView {
    let locale = Locale::expect();
    let shown = ShownCase::of(cases);
    let feedback = Memo::new(move |_| cases.with(CaseSession::feedback));
    let targets = TargetRefs::new();
    let drag = RwSignal::new(None::<Drag>);
    let over = RwSignal::new(None::<ClusterType>);
    let next_button = NodeRef::<Button>::new();
    let card = NodeRef::<Article>::new();

    let place = Callback::new(move |kind: ClusterType| {
        let Some(ShownCase { id, .. }) = shown.get_untracked() else { return };
        // Refused only for a case no longer shown (a second drop); the
        // session is unchanged then and shows the case it is on.
        _ = cases.act(|session, now_ms| session.classify(&id, kind, now_ms));
    });
    // Once a case is placed here, focus moves on to the next step (not when
    // a resumed case opens on its feedback).
    Effect::new(move |was_placed: Option<bool>| {
        let placed = feedback.get().is_some();
        if placed && was_placed == Some(false) {
            // After this render shows the button; failing to focus only
            // costs the keyboard cue. The step may be gone by the next
            // frame (the last case's "See results" clicked at once), and
            // its button with it.
            request_animation_frame(move || {
                if let Some(button) = next_button.try_get_untracked().flatten() {
                    _ = button.focus();
                }
            });
        }
        placed
    });
    // A new case takes the focus, so that it is read out and Tab leads on
    // to the types (not on the first case, which the page heading leads to).
    Effect::new(move |previous: Option<Option<String>>| {
        let id = shown.with(|shown| shown.as_ref().map(|shown| shown.id.clone()));
        if previous.is_some_and(|previous| previous.is_some() && previous != id) {
            // The step may be gone by the next frame, and its card with it.
            request_animation_frame(move || {
                if let Some(card) = card.try_get_untracked().flatten() {
                    _ = card.focus();
                }
            });
        }
        id
    });

    let on_pointerdown = move |ev: PointerEvent| {
        if feedback.get_untracked().is_some() || !ev.is_primary() {
            return;
        }
        let start = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        drag.set(Some(Drag {
            pointer_id: ev.pointer_id(),
            start,
            offset: (0.0, 0.0),
            moving: false,
        }));
    };
    let on_pointermove = move |ev: PointerEvent| {
        let Some(mut current) = drag.get_untracked() else { return };
        if current.pointer_id != ev.pointer_id() {
            return;
        }
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        current.offset = (x - current.start.0, y - current.start.1);
        if !current.moving && current.offset.0.hypot(current.offset.1) > DRAG_THRESHOLD {
            current.moving = true;
            if let Some(card) = ev
                .current_target()
                .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            {
                // Without capture the drag ends when the pointer leaves the
                // card; the drop then simply does not happen.
                _ = card.set_pointer_capture(ev.pointer_id());
            }
        }
        if current.moving {
            ev.prevent_default();
            over.set(targets.at(x, y));
        }
        drag.set(Some(current));
    };
    let end_drag = move |ev: PointerEvent, drop: bool| {
        let Some(current) = drag.get_untracked() else { return };
        if current.pointer_id != ev.pointer_id() {
            return;
        }
        drag.set(None);
        over.set(None);
        if drop && current.moving {
            let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            if let Some(kind) = targets.at(x, y) {
                place.run(kind);
            }
        }
    };

    let body = move || {
        let shown = shown.get()?;
        let (progress, is_last) = (shown.progress(locale), shown.is_last());
        let ShownCase { id, title_key, text_key, .. } = shown;
        let clue_keys =
            Signal::derive(move || feedback.get().map(|f| f.clue_keys).unwrap_or_default());
        let style = move || {
            drag.get().filter(|drag| drag.moving).map(|drag| {
                format!("transform: translate({}px, {}px)", drag.offset.0, drag.offset.1)
            })
        };
        Some(view! {
            <p class="cl-cases__progress">
                {progress}
            </p>
            <Show when=move || feedback.get().is_none()>
                <p class="cl-cases__hint">{locale.text("ui.cases.instructions")}</p>
            </Show>
            <article
                class="cl-case"
                class:cl-case--dragging=move || drag.get().is_some_and(|drag| drag.moving)
                class:cl-case--placed=move || feedback.get().is_some()
                data-case=id.clone()
                tabindex="-1"
                node_ref=card
                data-testid=move || feedback.get().is_none().then_some("case-card")
                style=style
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=move |ev| end_drag(ev, true)
                on:pointercancel=move |ev| end_drag(ev, false)
            >
                <CaseCard title_key=title_key.clone() text_key=text_key.clone() clue_keys />
            </article>
            <TypeTargets
                refs=targets
                on_place=place
                over
                chosen=Signal::derive(move || feedback.get().map(|f| f.chosen))
                right=Signal::derive(move || feedback.get().map(|f| f.structure))
            />
            <p class="cl-cases__live" aria-live="polite">
                {move || feedback.get().map(|feedback| verdict_text(locale, &feedback))}
            </p>
            {move || feedback.get().map(|feedback| view! { <FeedbackPanel feedback /> })}
            <button
                type="button"
                class="cl-button"
                data-testid="case-next"
                node_ref=next_button
                hidden=move || feedback.get().is_none()
                on:click=move |_| {
                    // Refused only before a check, when the button is hidden.
                    _ = cases.act(|session, now_ms| session.next(now_ms));
                }
            >
                {move || locale.t(if is_last { "ui.cases.to-results" } else { "ui.cases.next" })}
            </button>
        })
    };
    view! { {body} }
}

/// "Right: …" or "Not quite: …", as the feedback and the live region say it.
fn verdict_text(locale: Locale, feedback: &Feedback) -> String {
    let right = locale.t(&feedback.structure.name_key());
    if feedback.correct() {
        locale.t_with("ui.cases.right", &[("type", &right)])
    } else {
        let chosen = locale.t(&feedback.chosen.name_key());
        locale.t_with("ui.cases.wrong", &[("right", &right), ("chosen", &chosen)])
    }
}

/// Why the right type fits, the clues, and why the chosen one does not.
#[component]
fn FeedbackPanel(feedback: Feedback) -> impl IntoView {
    let locale = Locale::expect();
    let verdict = {
        let feedback = feedback.clone();
        move || verdict_text(locale, &feedback)
    };
    let clues = feedback
        .clue_keys
        .iter()
        .map(|key| {
            let key = key.clone();
            view! { <li>{locale.text(key.clone())}</li> }
        })
        .collect_view();
    let why_key = feedback.why_key.clone();
    let misread = feedback.misread.clone().map(|misread| {
        let chosen = feedback.chosen;
        let text_key = match misread {
            Misread::Explained(key) => key,
            Misread::Test(kind) => kind.test_key(),
        };
        view! {
            <h4>
                {move || {
                    let name = locale.t(&chosen.name_key());
                    locale.t_with("ui.cases.why-not", &[("type", &name)])
                }}
            </h4>
            <p class="cl-case-feedback__misread">{locale.text(text_key.clone())}</p>
        }
    });
    view! {
        <div
            class="cl-case-feedback"
            class:cl-case-feedback--right=feedback.correct()
            data-testid="case-feedback"
        >
            <p class="cl-case-feedback__verdict">{verdict}</p>
            <p class="cl-case-feedback__why">{locale.text(why_key.clone())}</p>
            <h4>{locale.text("ui.cases.clues")}</h4>
            <ul class="cl-case-feedback__clues">{clues}</ul>
            {misread}
        </div>
    }
}
