use leptos::prelude::*;

/// How a choice list is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChoiceLayout {
    /// One choice per line, as answer options.
    #[default]
    Stacked,
    /// Side by side, as the points of a rating scale.
    Scale,
}

/// A group of real radio buttons (one answer) or checkboxes (several), each
/// with its label in the learner's language: the one choice widget of every form, so that
/// keyboard use (Tab into the group, arrows between radios, Space to tick)
/// and screen-reader names are the same everywhere.
#[component]
pub fn ChoiceList<T>(
    /// The inputs' shared `name`, which makes radios one group.
    #[prop(into)]
    name: String,
    /// Each choice: its value, its form value and its label's text.
    choices: Vec<(T, String, Signal<String>)>,
    /// The choices selected now.
    #[prop(into)]
    selected: Signal<Vec<T>>,
    /// Called with the choice the learner ticks or unticks.
    on_choose: Callback<T>,
    /// Checkboxes for several answers instead of radios for one.
    #[prop(optional)]
    multiple: bool,
    /// Whether the choices can no longer change (say, once an answer is checked).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// How the choices are laid out.
    #[prop(optional)]
    layout: ChoiceLayout,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let input_type = if multiple { "checkbox" } else { "radio" };
    let label_class = match layout {
        ChoiceLayout::Stacked => "cl-form__choice",
        ChoiceLayout::Scale => "cl-likert__choice",
    };
    choices
        .into_iter()
        .map(|(value, form_value, label)| {
            let ticked = value.clone();
            view! {
                <label class=label_class>
                    <input
                        type=input_type
                        name=name.clone()
                        value=form_value
                        prop:checked=move || selected.with(|chosen| chosen.contains(&ticked))
                        disabled=move || disabled.get()
                        on:change=move |_| on_choose.run(value.clone())
                    />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view()
}
