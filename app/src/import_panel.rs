//! Import: paste a policy or open a file; broken JSON shows its line and column, a valid policy
//! what it grants and its lint findings; then attach it to the selected principal.

use leptos::prelude::*;
use leptos::task::spawn_local;
use policy::capability::CapabilityId;
use policy::finding::Finding;
use policy::lint::{PolicyKind, lint};
use policy::parse::parse;
use policy::reverse::{GrantStatus, SampleScope, reverse_documents};
use policy::spec::ExtraPolicy;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::finding_item::FindingItem;
use crate::state::Editor;

/// What the pasted text is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reading {
    Empty,
    /// Not a policy AWS would take; the findings say where.
    Broken(Vec<Finding>),
    /// A policy: what it grants (capability, fully or partly), and its findings.
    Policy {
        grants: Vec<(CapabilityId, GrantStatus)>,
        outside_catalog: Vec<String>,
        findings: Vec<Finding>,
    },
}

/// The import panel.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let (text, set_text) = signal(String::new());
    let (attached, set_attached) = signal(None::<String>);
    let reading = Memo::new(move |_| {
        text.with(|text| {
            if text.trim().is_empty() {
                return Reading::Empty;
            }
            let parsed = parse(text);
            let findings = lint(text, PolicyKind::Managed);
            match parsed.document {
                Some(document) if !parsed.findings.iter().any(Finding::is_error) => {
                    let scope = editor.spec().with(|spec| {
                        spec.principals
                            .get(editor.selected.get())
                            .map(|principal| {
                                SampleScope::for_principal(
                                    principal.effective_scope(spec),
                                    principal,
                                )
                            })
                            .unwrap_or_default()
                    });
                    let reverse = reverse_documents(std::slice::from_ref(&document), &scope);
                    Reading::Policy {
                        grants: reverse
                            .capabilities
                            .iter()
                            .filter(|grant| grant.status != GrantStatus::NotGranted)
                            .map(|grant| (grant.id, grant.status))
                            .collect(),
                        outside_catalog: reverse.outside_catalog,
                        findings,
                    }
                }
                _ => Reading::Broken(findings),
            }
        })
    });
    let open_file = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        spawn_local(async move {
            if let Ok(content) = JsFuture::from(file.text()).await
                && let Some(content) = content.as_string()
            {
                set_text.set(content);
            }
        });
    };
    let attach = move |_| {
        let json = text.get_untracked();
        let selected = editor.selected.get_untracked();
        let mut name = String::new();
        editor.edit(|spec| {
            if let Some(principal) = spec.principals.get_mut(selected) {
                let number = principal.extra_policies.len() + 1;
                name = format!("{}-imported-{number}", principal.name);
                principal.extra_policies.push(ExtraPolicy {
                    name: name.clone(),
                    json,
                });
            }
        });
        set_attached.set(Some(name));
    };
    let can_attach = move || {
        matches!(reading.get(), Reading::Policy { .. })
            && editor
                .spec()
                .with(|spec| spec.principals.get(editor.selected.get()).is_some())
    };
    view! {
        <section class="panel import" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import"</h2>
            <label for="import-text">"Policy JSON"</label>
            <textarea
                id="import-text"
                spellcheck="false"
                aria-describedby="import-result"
                prop:value=text
                on:input:target=move |event| {
                    set_attached.set(None);
                    set_text.set(event.target().value());
                }
            ></textarea>
            <div class="field-row">
                <label for="import-file">"Open a file"</label>
                <input id="import-file" type="file" accept=".json,application/json" on:change=open_file />
                <button type="button" on:click=attach disabled=move || !can_attach()>
                    "Attach to the selected principal"
                </button>
            </div>
            <p role="status">
                {move || attached.get().map(|name| format!("Attached as inline policy `{name}`."))}
            </p>
            <div id="import-result" aria-live="polite">
                {move || match reading.get() {
                    Reading::Empty => view! { <p class="empty">"Paste a policy to check it."</p> }.into_any(),
                    Reading::Broken(findings) => {
                        let shown = text.get_untracked();
                        view! {
                            <p class="error">"This is not a policy AWS would accept:"</p>
                            <ul class="findings">
                                {findings
                                    .into_iter()
                                    .map(|finding| view! { <FindingItem finding text=shown.clone() /> })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                    Reading::Policy { grants, outside_catalog, findings } => {
                        let shown = text.get_untracked();
                        view! {
                            <h3>"What it grants"</h3>
                            {if grants.is_empty() {
                                view! { <p class="empty">"No capability of the builder, fully or partly."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="grants">
                                        {grants
                                            .into_iter()
                                            .map(|(id, status)| {
                                                let how = if status == GrantStatus::Granted { "" } else { " (partly)" };
                                                view! { <li>{format!("{}{how}", id.capability().title)}</li> }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }}
                            {(!outside_catalog.is_empty()).then(|| view! {
                                <p>"Also outside the catalog: " <code>{outside_catalog.join(", ")}</code></p>
                            })}
                            <h3>"Findings"</h3>
                            {if findings.is_empty() {
                                view! { <p class="empty">"No findings."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="findings">
                                        {findings
                                            .into_iter()
                                            .map(|finding| view! { <FindingItem finding text=shown.clone() /> })
                                            .collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }}
                        }
                        .into_any()
                    }
                }}
            </div>
        </section>
    }
}
