//! Import: paste a policy or open a file; broken JSON shows its line and column, a valid policy
//! what it grants and its lint findings; then attach it to the selected principal as an inline
//! policy or its permission boundary, or to every principal as an SCP.

use leptos::prelude::*;
use leptos::task::spawn_local;
use policy::capability::CapabilityId;
use policy::finding::Finding;
use policy::lint::{PolicyKind, lint};
use policy::parse::parse;
use policy::reverse::{GrantStatus, SampleScope, reverse_documents};
use policy::spec::{ExtraPolicy, IdentityKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::finding_item::FindingList;
use crate::state::Editor;

/// Where an imported policy goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attachment {
    Inline,
    Boundary,
    Scp,
}

impl Attachment {
    const ALL: [Attachment; 3] = [Attachment::Inline, Attachment::Boundary, Attachment::Scp];

    fn label(self) -> &'static str {
        match self {
            Attachment::Inline => "inline policy",
            Attachment::Boundary => "permission boundary",
            Attachment::Scp => "SCP",
        }
    }

    fn value(self) -> &'static str {
        match self {
            Attachment::Inline => "inline",
            Attachment::Boundary => "boundary",
            Attachment::Scp => "scp",
        }
    }

    /// How the linter reads the policy attached this way to a principal of `kind` (as the lint
    /// panel and the preview do once it is attached); inline with no principal to attach to reads
    /// as managed.
    fn lint_kind(self, kind: Option<IdentityKind>) -> PolicyKind {
        match self {
            Attachment::Inline => kind.map_or(PolicyKind::Managed, PolicyKind::Inline),
            Attachment::Boundary => PolicyKind::Boundary,
            Attachment::Scp => PolicyKind::Scp,
        }
    }
}

/// The first `{base}-{number}` that no policy in `taken` is called.
fn unused_name(base: &str, taken: &[ExtraPolicy]) -> String {
    (1_usize..)
        .map(|number| format!("{base}-{number}"))
        .find(|name| taken.iter().all(|policy| policy.name != *name))
        .unwrap_or_else(|| base.to_owned())
}

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
    let (attachment, set_attachment) = signal(Attachment::Inline);
    let principal_kind = move || {
        editor.spec().with(|spec| {
            spec.principals
                .get(editor.selected.get())
                .map(|principal| principal.kind)
        })
    };
    // IAM has no permissions boundary for groups, so a group is not offered one.
    let offered = move |choice: Attachment| {
        choice != Attachment::Boundary || principal_kind() != Some(IdentityKind::Group)
    };
    // The choice in force: a boundary chosen for another principal reads as inline for a group.
    let chosen = move || {
        let choice = attachment.get();
        if offered(choice) {
            choice
        } else {
            Attachment::Inline
        }
    };
    let reading = Memo::new(move |_| {
        let kind = chosen().lint_kind(principal_kind());
        text.with(|text| {
            if text.trim().is_empty() {
                return Reading::Empty;
            }
            let parsed = parse(text);
            let findings = lint(text, kind);
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
        let how = untrack(chosen);
        let mut name = String::new();
        editor.edit(|spec| match how {
            Attachment::Scp => {
                name = unused_name("imported-scp", &spec.scps);
                spec.scps.push(ExtraPolicy {
                    name: name.clone(),
                    json,
                });
            }
            Attachment::Inline | Attachment::Boundary => {
                let Some(principal) = spec.principals.get_mut(selected) else {
                    return;
                };
                if how == Attachment::Boundary {
                    // A principal has one pasted boundary; a new one replaces it.
                    name = format!("{}-imported-boundary", principal.name);
                    principal.pasted_boundary = Some(ExtraPolicy {
                        name: name.clone(),
                        json,
                    });
                } else {
                    let base = format!("{}-imported", principal.name);
                    name = unused_name(&base, &principal.extra_policies);
                    principal.extra_policies.push(ExtraPolicy {
                        name: name.clone(),
                        json,
                    });
                }
            }
        });
        set_attached.set(Some(format!("Attached as {} `{name}`.", how.label())));
    };
    let can_attach = move || {
        matches!(reading.get(), Reading::Policy { .. })
            && (chosen() == Attachment::Scp
                || editor
                    .spec()
                    .with(|spec| spec.principals.get(editor.selected.get()).is_some()))
    };
    let attach_label = move || match chosen() {
        Attachment::Scp => "Attach to every principal",
        Attachment::Inline | Attachment::Boundary => "Attach to the selected principal",
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
            </div>
            <fieldset class="attach-as">
                <legend>"Attach as"</legend>
                {Attachment::ALL
                    .into_iter()
                    .map(|choice| {
                        let id = format!("attach-as-{}", choice.value());
                        view! {
                            <input
                                type="radio"
                                name="attach-as"
                                id=id.clone()
                                value=choice.value()
                                prop:checked=move || chosen() == choice
                                disabled=move || !offered(choice)
                                on:change=move |_| {
                                    set_attached.set(None);
                                    set_attachment.set(choice);
                                }
                            />
                            <label for=id>{choice.label()}</label>
                        }
                    })
                    .collect_view()}
                {move || {
                    (!offered(Attachment::Boundary))
                        .then(|| {
                            view! {
                                <p class="hint-text">
                                    "A group has no permission boundary in IAM: set one on each member user."
                                </p>
                            }
                        })
                }}
            </fieldset>
            <div class="field-row">
                <button type="button" on:click=attach disabled=move || !can_attach()>
                    {attach_label}
                </button>
            </div>
            <p role="status">{move || attached.get()}</p>
            <div id="import-result" aria-live="polite">
                {move || match reading.get() {
                    Reading::Empty => view! { <p class="empty">"Paste a policy to check it."</p> }.into_any(),
                    Reading::Broken(findings) => {
                        let shown = text.get_untracked();
                        view! {
                            <p class="error">"This is not a policy AWS would accept:"</p>
                            <FindingList findings text=shown />
                        }
                        .into_any()
                    }
                    Reading::Policy { grants, outside_catalog, findings } => {
                        let shown = text.get_untracked();
                        let refused = findings.iter().any(Finding::is_error);
                        view! {
                            {refused.then(|| view! {
                                <p class="error">
                                    "AWS would refuse this policy as it is (see its errors below): attached, it counts in no decision of the preview."
                                </p>
                            })}
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
                                view! { <FindingList findings text=shown /> }.into_any()
                            }}
                        }
                        .into_any()
                    }
                }}
            </div>
        </section>
    }
}
