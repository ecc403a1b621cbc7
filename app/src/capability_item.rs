//! One capability: its checkbox labelled with the title word for word, its description, and on
//! demand what ticking it adds.

use leptos::prelude::*;
use policy::capability::CapabilityId;

use crate::state::Editor;

/// A checkbox for one capability of the selected principal.
#[component]
pub fn CapabilityItem(
    /// The capability the checkbox ticks.
    id: CapabilityId,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let capability = id.capability();
    let input_id = format!("capability-{}", id.as_str().replace('.', "-"));
    let description_id = format!("{input_id}-description");
    let ticked = move || {
        editor.spec().with(|spec| {
            spec.principals
                .get(editor.selected.get())
                .is_some_and(|principal| principal.capabilities.contains(&id))
        })
    };
    let toggle = move |tick: bool| {
        let selected = editor.selected.get_untracked();
        editor.edit(|spec| {
            if let Some(principal) = spec.principals.get_mut(selected) {
                principal.capabilities.retain(|existing| *existing != id);
                if tick {
                    principal.capabilities.push(id);
                    principal.capabilities.sort();
                }
            }
        });
    };
    let grants = capability
        .grants
        .iter()
        .map(|grant| {
            view! {
                <li>
                    <code>{grant.actions.join(", ")}</code>
                    {grant.companion.map(|why| view! { <span class="why">" — " {why}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="capability">
            <input
                type="checkbox"
                id=input_id.clone()
                aria-describedby=description_id.clone()
                prop:checked=ticked
                on:change:target=move |event| toggle(event.target().checked())
            />
            <label for=input_id>{capability.title}</label>
            <p class="description" id=description_id>{capability.description}</p>
            <details class="adds">
                <summary>"What this adds"</summary>
                <ul>{grants}</ul>
            </details>
        </div>
    }
}
