use leptos::prelude::*;

use crate::context::Locale;

/// A group of radio buttons, one per choice, each labelled from the catalog.
#[component]
pub fn RadioChoices<T>(
    /// The inputs' shared `name`.
    name: &'static str,
    /// Each choice: its value, its form value and the catalog key of its label.
    choices: Vec<(T, &'static str, String)>,
    /// The choice selected now, if any.
    #[prop(into)]
    selected: Signal<Option<T>>,
    /// Called with the value the learner picks.
    on_choose: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let locale = Locale::expect();
    choices
        .into_iter()
        .map(|(value, form_value, label_key)| {
            view! {
                <label class="cl-form__choice">
                    <input
                        type="radio"
                        name=name
                        value=form_value
                        prop:checked=move || selected.get() == Some(value)
                        on:change=move |_| on_choose.run(value)
                    />
                    {move || locale.t(&label_key)}
                </label>
            }
        })
        .collect_view()
}
