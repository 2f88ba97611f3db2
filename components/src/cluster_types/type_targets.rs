use engine::exercises::cluster_types::ClusterType;
use leptos::ev::KeyboardEvent;
use leptos::html::Button;
use leptos::prelude::*;

use crate::context::Locale;

/// The type targets' elements, so that a drag can tell which target lies
/// under the pointer.
#[derive(Clone, Copy)]
pub(super) struct TargetRefs([NodeRef<Button>; 5]);

impl TargetRefs {
    pub(super) fn new() -> TargetRefs {
        TargetRefs(std::array::from_fn(|_| NodeRef::new()))
    }

    fn of(&self, idx: usize) -> NodeRef<Button> {
        self.0[idx]
    }

    /// The type whose target contains the viewport point (`x`, `y`).
    pub(super) fn at(&self, x: f64, y: f64) -> Option<ClusterType> {
        ClusterType::ALL.into_iter().zip(self.0).find_map(|(kind, node)| {
            let rect = node.get_untracked()?.get_bounding_client_rect();
            let inside = (rect.left()..=rect.right()).contains(&x)
                && (rect.top()..=rect.bottom()).contains(&y);
            inside.then_some(kind)
        })
    }
}

/// The five types as drop targets, one Tab stop: arrow keys, Home and End
/// move between them and Enter or Space (a button's click) places the case.
/// Each has its definition in a pop-over.
#[component]
pub(super) fn TypeTargets(
    /// The targets' elements, shared with the drag.
    refs: TargetRefs,
    /// Places the case on a type.
    on_place: Callback<ClusterType>,
    /// The target a drag is over.
    #[prop(into)]
    over: Signal<Option<ClusterType>>,
    /// The type chosen, once placed.
    #[prop(into)]
    chosen: Signal<Option<ClusterType>>,
    /// The right type, once placed.
    #[prop(into)]
    right: Signal<Option<ClusterType>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let focused = RwSignal::new(0usize);
    let placed = move || chosen.get().is_some();
    let on_keydown = move |ev: KeyboardEvent| {
        let last = ClusterType::ALL.len() - 1;
        let current = focused.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (current + 1).min(last),
            "ArrowLeft" | "ArrowUp" => current.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        focused.set(next);
        if let Some(button) = refs.of(next).get_untracked() {
            // A target that cannot take focus only costs the keyboard cue.
            _ = button.focus();
        }
    };
    let targets = ClusterType::ALL
        .into_iter()
        .enumerate()
        .map(|(idx, kind)| {
            let name_key = kind.name_key();
            let popover_id = format!("cl-type-{}", kind.code());
            let (definition_key, signals_key, support_key) =
                (kind.definition_key(), kind.signals_key(), kind.support_key());
            let info_label = {
                let name_key = name_key.clone();
                move || {
                    let name = locale.t(&name_key);
                    locale.t_with("ui.cases.about-type", &[("type", &name)])
                }
            };
            let popover_name = name_key.clone();
            view! {
                <div class="cl-type">
                    <button
                        type="button"
                        class="cl-type__target"
                        class:cl-type__target--over=move || over.get() == Some(kind)
                        class:cl-type__target--chosen=move || chosen.get() == Some(kind)
                        class:cl-type__target--right=move || right.get() == Some(kind)
                        data-type=kind.code()
                        node_ref=refs.of(idx)
                        tabindex=move || if focused.get() == idx { "0" } else { "-1" }
                        aria-pressed=move || (chosen.get() == Some(kind)).to_string()
                        disabled=placed
                        on:focus=move |_| focused.set(idx)
                        on:keydown=on_keydown
                        on:click=move |_| on_place.run(kind)
                    >
                        {locale.text(name_key.clone())}
                    </button>
                    <button
                        type="button"
                        class="cl-type__info"
                        data-type=kind.code()
                        popovertarget=popover_id.clone()
                        aria-label=info_label
                    >
                        "i"
                    </button>
                    <div class="cl-type__popover" id=popover_id popover="auto">
                        <h4>{locale.text(popover_name.clone())}</h4>
                        <p>{locale.text(definition_key.clone())}</p>
                        <p>
                            <strong>{locale.text("ui.cases.type.signals")}</strong>
                            " "
                            {locale.text(signals_key.clone())}
                        </p>
                        <p>
                            <strong>{locale.text("ui.cases.type.support")}</strong>
                            " "
                            {locale.text(support_key.clone())}
                        </p>
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div
            class="cl-cases__types"
            role="group"
            aria-label=move || locale.t("ui.cases.types-label")
        >
            {targets}
        </div>
    }
}
