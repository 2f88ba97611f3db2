use leptos::prelude::*;

/// A labelled drop-down of the languages the course is offered in.
#[component]
pub fn LanguagePicker(
    /// The languages offered, as (code, name in that language).
    options: Vec<(String, String)>,
    /// The code of the language shown now.
    #[prop(into)]
    selected: Signal<String>,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Called with the code the learner picks.
    on_choose: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="cl-language">
            <label class="cl-language__label" for="cl-language">
                {label}
            </label>
            <select
                id="cl-language"
                class="cl-language__select"
                on:change:target=move |ev| on_choose.run(ev.target().value())
            >
                {options
                    .into_iter()
                    .map(|(code, name)| {
                        let is_selected = {
                            let code = code.clone();
                            move || selected.with(|selected| *selected == code)
                        };
                        view! {
                            <option value=code.clone() lang=code selected=is_selected>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
