//! The roles, users, groups and service roles the policies are for: select, add, rename,
//! duplicate and remove them.

use leptos::prelude::*;
use policy::scope::IamName;
use policy::spec::{IdentityKind, PrincipalSpec};

use crate::principal_item::PrincipalItem;
use crate::state::Editor;

/// The kinds a principal can be, with the words the page uses for them.
pub const KINDS: [(IdentityKind, &str); 4] = [
    (IdentityKind::Role, "Role"),
    (IdentityKind::User, "User"),
    (IdentityKind::Group, "Group"),
    (IdentityKind::ServiceRole, "Service role"),
];

/// Reads a kind back from its `as_str` form, as a `<select>` reports it.
pub fn kind_from_str(text: &str) -> IdentityKind {
    KINDS
        .into_iter()
        .map(|(kind, _)| kind)
        .find(|kind| kind.as_str() == text)
        .unwrap_or(IdentityKind::Role)
}

/// The list of principals and the form that adds one.
#[component]
pub fn PrincipalList() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let count = move || editor.spec().with(|spec| spec.principals.len());
    let (kind, set_kind) = signal(IdentityKind::Role);
    let (name, set_name) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = name.get_untracked().trim().to_owned();
        match IamName::new(text) {
            Err(problem) => set_error.set(Some(format!("{problem}: {}", problem.help()))),
            Ok(new_name) => {
                let kind = kind.get_untracked();
                let taken = editor.spec().with_untracked(|spec| {
                    spec.principals.iter().any(|principal| {
                        principal.name == new_name && principal.kind.is_role() == kind.is_role()
                    })
                });
                if taken {
                    set_error.set(Some(format!(
                        "`{new_name}` is already in the list: choose another name"
                    )));
                    return;
                }
                editor.edit(|spec| spec.principals.push(PrincipalSpec::new(kind, new_name)));
                editor.selected.set(count().saturating_sub(1));
                set_name.set(String::new());
                set_error.set(None);
            }
        }
    };
    view! {
        <section class="panel principals" aria-labelledby="principals-heading">
            <h2 id="principals-heading">"Principals"</h2>
            <ul class="principal-list" role="list">
                <For each=move || 0..count() key=|index| *index let:index>
                    <PrincipalItem index />
                </For>
            </ul>
            <form class="add-principal" on:submit=add>
                <label for="new-principal-kind">"New principal kind"</label>
                <select
                    id="new-principal-kind"
                    on:change:target=move |event| set_kind.set(kind_from_str(&event.target().value()))
                >
                    {KINDS
                        .into_iter()
                        .map(|(kind, label)| view! { <option value=kind.as_str()>{label}</option> })
                        .collect_view()}
                </select>
                <label for="new-principal-name">"New principal name"</label>
                <input
                    id="new-principal-name"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby="new-principal-error"
                    prop:value=name
                    on:input:target=move |event| set_name.set(event.target().value())
                />
                <button type="submit">"Add principal"</button>
                <p id="new-principal-error" class="error" role="status">{error}</p>
            </form>
        </section>
    }
}
