//! The page-wide actions: undo, redo, presets, and the share link.

use leptos::prelude::*;
use policy::preset;

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
    let load_preset = move |id: String| {
        let Some(chosen) = preset::get(&id) else {
            return;
        };
        match chosen.spec() {
            Ok(spec) => {
                editor.replace(spec);
                editor.selected.set(0);
                notice.set(Some(Notice {
                    problem: false,
                    message: format!("Loaded the preset “{}”", chosen.title),
                    help: Some(format!("{} Undo brings back your work.", chosen.note)),
                }));
            }
            Err(error) => notice.set(Some(Notice {
                problem: true,
                message: format!("the preset `{}` does not load: {error}", chosen.id),
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
                {preset::all()
                    .iter()
                    .map(|preset| view! { <option value=preset.id>{preset.title}</option> })
                    .collect_view()}
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
