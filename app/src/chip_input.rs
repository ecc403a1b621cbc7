//! A list of values shown as removable chips, with a text field that adds more and says why a value
//! was refused.

use leptos::prelude::*;

/// Chips for a list of validated values.
#[component]
pub fn ChipInput(
    /// The field's id prefix; the input gets `{id}` and the message `{id}-message`.
    id: &'static str,
    /// The visible label of the text field.
    label: &'static str,
    /// A hint under the field, such as an example value.
    hint: &'static str,
    /// The values as text, in order.
    #[prop(into)]
    values: Signal<Vec<String>>,
    /// Adds one value; `Err` carries the message to show.
    add: Callback<String, Result<(), String>>,
    /// Removes the value at an index.
    remove: Callback<usize>,
) -> impl IntoView {
    let (draft, set_draft) = signal(String::new());
    let (message, set_message) = signal(None::<String>);
    let message_id = format!("{id}-message");
    let hint_id = format!("{id}-hint");
    let commit = move || {
        let text = draft.get_untracked();
        // A pasted list adds each of its values; the first refused one stays in the field.
        let mut refused = Vec::new();
        let mut problem = None;
        for value in text
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|value| !value.is_empty())
        {
            if let Err(error) = add.run(value.to_owned()) {
                problem.get_or_insert(error);
                refused.push(value.to_owned());
            }
        }
        set_message.set(problem);
        set_draft.set(refused.join(", "));
    };
    view! {
        <div class="scope-field">
            <label for=id>{label}</label>
            <ul class="chips" aria-label=format!("{label}: chosen")>
                {move || {
                    values
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, value)| {
                            view! {
                                <li class="chip">
                                    <span>{value.clone()}</span>
                                    <button
                                        type="button"
                                        aria-label=format!("Remove {value}")
                                        on:click=move |_| remove.run(index)
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="field-row">
                <input
                    id=id
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-invalid=move || message.get().is_some().to_string()
                    aria-describedby=format!("{hint_id} {message_id}")
                    prop:value=draft
                    on:input:target=move |event| set_draft.set(event.target().value())
                    on:keydown=move |event| {
                        if event.key() == "Enter" {
                            event.prevent_default();
                            commit();
                        }
                    }
                />
                <button type="button" on:click=move |_| commit() aria-label=format!("Add {label}")>
                    "Add"
                </button>
            </div>
            <p class="hint-text" id=hint_id>{hint}</p>
            <p class="error" id=message_id role="status">{message}</p>
        </div>
    }
}
