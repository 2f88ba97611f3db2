use leptos::prelude::*;

/// A message the learner must not miss, announced to screen readers.
#[component]
pub fn NoticeBanner(
    /// The message.
    #[prop(into)]
    message: Signal<String>,
    /// The dismiss button's label; without it the banner has no button.
    #[prop(optional, into)]
    dismiss_label: MaybeProp<String>,
    /// Called when the learner dismisses the banner.
    #[prop(optional)]
    on_dismiss: Option<Callback<()>>,
) -> impl IntoView {
    let dismiss = move || {
        let label = dismiss_label.get()?;
        let on_dismiss = on_dismiss?;
        Some(view! {
            <button type="button" class="cl-notice__dismiss" on:click=move |_| on_dismiss.run(())>
                {label}
            </button>
        })
    };
    view! {
        <div class="cl-notice" role="alert">
            <p class="cl-notice__message">{message}</p>
            {dismiss}
        </div>
    }
}
