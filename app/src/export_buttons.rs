//! The buttons that download the policies as JSON, Terraform or CloudFormation.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::download::{FORMATS, download};
use crate::state::Editor;

/// Download buttons and what became of the last download.
#[component]
pub fn ExportButtons() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let (status, set_status) = signal(None::<Result<String, String>>);
    let start = move |format: &'static str| {
        let spec = editor.spec().get_untracked();
        set_status.set(None);
        spawn_local(async move {
            let result = download(&spec, format).await;
            set_status.set(Some(result));
        });
    };
    view! {
        <div class="export-row" role="group" aria-label="Download">
            {FORMATS
                .into_iter()
                .map(|(format, label)| {
                    view! {
                        <button type="button" on:click=move |_| start(format)>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
            <span role="status">
                {move || match status.get() {
                    None => None,
                    Some(Ok(name)) => Some(view! { <span>"Saved " <code>{name}</code></span> }.into_any()),
                    Some(Err(message)) => {
                        Some(view! { <span class="error">"Download failed: " {message}</span> }.into_any())
                    }
                }}
            </span>
        </div>
    }
}
