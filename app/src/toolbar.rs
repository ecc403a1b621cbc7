//! The page-wide actions: undo, redo, presets, and the share link.

use leptos::prelude::*;
use policy::{common_role, preset};

use crate::notice::{Notice, Notices};
use crate::state::Editor;
use crate::storage;

/// Undo, redo, the presets menu and "Copy link".
#[component]
pub fn Toolbar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Notices(notice) = expect_context::<Notices>();
    let (link, set_link) = signal(None::<String>);
    let copy_link = move |_| {
        let url = editor.spec().with_untracked(storage::share_link);
        storage::copy_to_clipboard(&url);
        set_link.set(Some(url));
    };
    let load_preset = move |value: String| {
        // Menu values are `role:<id>` for a common role and `seed:<id>` for a source document.
        let chosen = match value.split_once(':') {
            Some(("role", id)) => common_role::get(id).map(|role| (role.title, role.spec(), None)),
            Some(("seed", id)) => {
                preset::get(id).map(|preset| (preset.title, preset.spec(), Some(preset.note)))
            }
            _ => None,
        };
        let Some((title, spec, note)) = chosen else {
            return;
        };
        match spec {
            Ok(spec) => {
                editor.replace(spec);
                editor.selected.set(0);
                let undo = "Undo brings back your work.";
                notice.set(Some(Notice {
                    problem: false,
                    message: format!("Loaded the preset “{title}”"),
                    help: Some(
                        note.map_or_else(|| undo.to_owned(), |note| format!("{note} {undo}")),
                    ),
                }));
            }
            Err(error) => notice.set(Some(Notice {
                problem: true,
                message: format!("the preset “{title}” does not load: {error}"),
                help: error.help(),
            })),
        }
    };
    view! {
        <nav class="toolbar" aria-label="Actions">
            <button type="button" on:click=move |_| editor.undo() disabled=move || !editor.can_undo()>
                "Undo"
            </button>
            <button type="button" on:click=move |_| editor.redo() disabled=move || !editor.can_redo()>
                "Redo"
            </button>
            <label for="preset-menu" class="visually-hidden">"Presets"</label>
            <select
                id="preset-menu"
                on:change:target=move |event| {
                    let target = event.target();
                    load_preset(target.value());
                    target.set_value("");
                }
            >
                <option value="">"Load a preset…"</option>
                <optgroup label="Common roles">
                    {common_role::all()
                        .iter()
                        .map(|role| view! { <option value=format!("role:{}", role.id)>{role.title}</option> })
                        .collect_view()}
                </optgroup>
                <optgroup label="Policies of the source documents">
                    {preset::all()
                        .iter()
                        .map(|preset| view! { <option value=format!("seed:{}", preset.id)>{preset.title}</option> })
                        .collect_view()}
                </optgroup>
            </select>
            <button type="button" class="primary" on:click=copy_link>"Copy link"</button>
            <Show when=move || link.get().is_some()>
                <label for="share-link" class="visually-hidden">"Share link"</label>
                <input
                    id="share-link"
                    type="text"
                    readonly
                    prop:value=move || link.get().unwrap_or_default()
                    on:focus:target=move |event| event.target().select()
                />
                <span role="status" class="visually-hidden">"Link copied to the clipboard"</span>
            </Show>
        </nav>
    }
}
