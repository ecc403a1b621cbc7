//! One principal in the list: select it, rename it, change its kind, duplicate or remove it, and
//! for users, the groups they belong to.

use leptos::prelude::*;
use policy::scope::IamName;
use policy::spec::IdentityKind;

use crate::principal_list::{KINDS, kind_from_str};
use crate::state::Editor;

/// The row of the principal at `index` in the spec.
#[component]
pub fn PrincipalItem(
    /// The principal's position in the spec.
    index: usize,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let principal = move || {
        editor
            .spec()
            .with(|spec| spec.principals.get(index).cloned())
    };
    let name = move || {
        principal()
            .map(|principal| principal.name.to_string())
            .unwrap_or_default()
    };
    let kind = move || principal().map_or(IdentityKind::Role, |principal| principal.kind);
    let selected = move || editor.selected.get() == index;
    let (error, set_error) = signal(None::<String>);
    let name_id = format!("principal-{index}-name");
    let kind_id = format!("principal-{index}-kind");
    let error_id = format!("principal-{index}-error");

    let rename = move |text: String| match IamName::new(text.trim()) {
        Err(problem) => set_error.set(Some(format!("{problem}: {}", problem.help()))),
        Ok(new_name) => {
            set_error.set(None);
            editor.edit(|spec| {
                let old = spec
                    .principals
                    .get(index)
                    .map(|principal| principal.name.clone());
                if let Some(principal) = spec.principals.get_mut(index) {
                    principal.name = new_name.clone();
                }
                // Users follow their group when it is renamed.
                if let Some(old) = old {
                    for user in &mut spec.principals {
                        for group in &mut user.groups {
                            if *group == old {
                                *group = new_name.clone();
                            }
                        }
                    }
                }
            });
        }
    };
    let duplicate = move |_| {
        editor.edit(|spec| {
            if let Some(original) = spec.principals.get(index).cloned() {
                let mut copy = original;
                let base = copy.name.to_string();
                let taken = |candidate: &str| {
                    spec.principals
                        .iter()
                        .any(|other| other.name.as_str() == candidate)
                };
                let unique = (2..)
                    .map(|number| format!("{base}-{number}"))
                    .find(|candidate| !taken(candidate))
                    .and_then(|candidate| IamName::new(candidate).ok());
                if let Some(unique) = unique {
                    copy.name = unique;
                    spec.principals.insert(index + 1, copy);
                }
            }
        });
        editor.selected.set(index + 1);
    };
    let remove = move |_| {
        editor.edit(|spec| {
            if index < spec.principals.len() {
                let removed = spec.principals.remove(index);
                for user in &mut spec.principals {
                    user.groups.retain(|group| {
                        *group != removed.name || removed.kind != IdentityKind::Group
                    });
                }
            }
        });
        editor.after_remove();
    };
    let change_kind = move |text: String| {
        let new_kind = kind_from_str(&text);
        editor.edit(|spec| {
            if let Some(principal) = spec.principals.get_mut(index) {
                principal.kind = new_kind;
                if new_kind != IdentityKind::User {
                    principal.groups.clear();
                }
                if !new_kind.is_role() {
                    principal.capabilities.retain(|id| {
                        id.capability().kind != policy::capability::CapabilityKind::Trust
                    });
                }
            }
        });
    };
    let groups = move || {
        editor.spec().with(|spec| {
            spec.principals
                .iter()
                .filter(|other| other.kind == IdentityKind::Group)
                .map(|group| group.name.clone())
                .collect::<Vec<_>>()
        })
    };

    view! {
        <li class="principal" class:selected=selected>
            <div class="principal-row">
                <button
                    type="button"
                    class="select"
                    aria-pressed=move || selected().to_string()
                    aria-label=move || format!("Edit {} {}", kind(), name())
                    on:click=move |_| editor.selected.set(index)
                >
                    <span class="kind">{move || kind().as_str()}</span>
                    " "
                    {name}
                </button>
                <button type="button" on:click=duplicate aria-label=move || format!("Duplicate {}", name())>
                    "Duplicate"
                </button>
                <button type="button" on:click=remove aria-label=move || format!("Remove {}", name())>
                    "Remove"
                </button>
            </div>
            <Show when=selected>
                <div class="principal-fields">
                    <label for=name_id.clone()>"Name"</label>
                    <input
                        id=name_id.clone()
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby=error_id.clone()
                        prop:value=name
                        on:change:target=move |event| rename(event.target().value())
                    />
                    <label for=kind_id.clone()>"Kind"</label>
                    <select
                        id=kind_id.clone()
                        prop:value=move || kind().as_str()
                        on:change:target=move |event| change_kind(event.target().value())
                    >
                        {KINDS
                            .into_iter()
                            .map(|(option, label)| {
                                view! {
                                    <option value=option.as_str() selected=move || kind() == option>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p id=error_id.clone() class="error" role="status">{error}</p>
                    <Show when=move || kind() == IdentityKind::User && !groups().is_empty()>
                        <fieldset class="memberships">
                            <legend>"Member of"</legend>
                            {move || {
                                groups()
                                    .into_iter()
                                    .map(|group| {
                                        let label = group.to_string();
                                        let member = {
                                            let group = group.clone();
                                            move || principal().is_some_and(|user| user.groups.contains(&group))
                                        };
                                        let toggle = move |join: bool| {
                                            let group = group.clone();
                                            editor.edit(|spec| {
                                                if let Some(user) = spec.principals.get_mut(index) {
                                                    user.groups.retain(|existing| *existing != group);
                                                    if join {
                                                        user.groups.push(group);
                                                    }
                                                }
                                            });
                                        };
                                        view! {
                                            <label class="inline">
                                                <input
                                                    type="checkbox"
                                                    prop:checked=member
                                                    on:change:target=move |event| toggle(event.target().checked())
                                                />
                                                {label}
                                            </label>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </fieldset>
                    </Show>
                </div>
            </Show>
        </li>
    }
}
