//! The finished policies of the selected principal.

use leptos::prelude::*;
use policy::build::BuildError;
use policy::preview::Attachment;
use policy::span::Span;
use policy::spec::IdentityKind;

use crate::app::{BuiltPolicies, Explained, LintMark, PreviewMatrixData};
use crate::export_buttons::ExportButtons;
use crate::policy_document::{PolicyDocument, ShownPolicy};
use crate::state::Editor;

/// The identity policies, boundary and trust policy of the selected principal as JSON, then its
/// pasted policies and the SCPs, which apply to every principal.
#[component]
pub fn PolicyView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let BuiltPolicies(built) = expect_context::<BuiltPolicies>();
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let Explained(explained) = expect_context::<Explained>();
    let LintMark(lint_mark) = expect_context::<LintMark>();
    // The statements that decided the explained cell, when it belongs to the selected principal.
    // Offsets rather than `Span`s, whose equality ignores positions, so the memo sees a move.
    let highlights = Memo::new(move |_| {
        let selected = editor.selected.get();
        let Some((index, capability)) = explained.get() else {
            return Vec::new();
        };
        if index != selected {
            return Vec::new();
        }
        preview.with(|preview| {
            preview
                .as_ref()
                .and_then(|preview| preview.rows.get(index))
                .and_then(|row| row.cell(capability))
                .map(|cell| {
                    cell.checks
                        .iter()
                        .flat_map(|check| check.evaluation.reasons.iter())
                        .filter_map(|reason| {
                            let span = reason.span?;
                            Some((reason.policy.as_deref()?.to_owned(), span.start, span.end))
                        })
                        .collect::<Vec<(String, usize, usize)>>()
                })
                .unwrap_or_default()
        })
    });
    // The shown policies AWS would refuse, by name, with their error counts: the selected
    // principal's and the SCPs.
    let refused = Memo::new(move |_| {
        let selected = editor.selected.get();
        preview.with(|preview| {
            preview
                .iter()
                .flat_map(|preview| {
                    let own = preview
                        .rows
                        .get(selected)
                        .into_iter()
                        .flat_map(|row| row.left_out.iter());
                    let scps = preview
                        .left_out()
                        .filter(|left_out| left_out.attachment == Attachment::Scp);
                    own.chain(scps)
                })
                .map(|left_out| (left_out.refused().to_owned(), left_out.errors.len()))
                .collect::<Vec<_>>()
        })
    });
    let policies =
        move || {
            built.with(|built| match built {
                Err(error) => {
                    // A group's boundary can only come from a saved spec or a link: the page
                    // offers none, so it offers the way out here.
                    let group = match error {
                        BuildError::BoundaryOnGroup { name, .. } => Some(name.clone()),
                        _ => None,
                    };
                    Err((format!("{error}: {}", error.help()), group))
                }
                Ok(built) => Ok(built
                    .principals
                    .get(editor.selected.get())
                    .map(|principal| {
                        let identity = principal
                            .identity_policies
                            .iter()
                            .map(|policy| (policy, "Identity policy"));
                        let boundary = principal
                            .boundary
                            .iter()
                            .map(|policy| (policy, "Permission boundary"));
                        let trust = principal
                            .trust_policy
                            .iter()
                            .map(|policy| (policy, "Trust policy"));
                        let mut shown: Vec<ShownPolicy> = identity
                            .chain(boundary)
                            .chain(trust)
                            .map(|(policy, role)| ShownPolicy::new(policy, role))
                            .collect();
                        editor.spec().with(|spec| {
                            if let Some(own) = spec.principals.get(editor.selected.get()) {
                                shown.extend(own.extra_policies.iter().map(|extra| {
                                    ShownPolicy::pasted(extra, principal.inline_quota)
                                }));
                            }
                            shown.extend(spec.scps.iter().map(ShownPolicy::scp));
                        });
                        shown
                    })
                    .unwrap_or_default()),
            })
        };
    view! {
        <section class="panel policies" aria-labelledby="policies-heading">
            <h2 id="policies-heading">"Policies"</h2>
            <ExportButtons />
            {move || match policies() {
                Err((message, group)) => {
                    let remove = group.map(|group| {
                        let label = format!("Remove the permission boundary of group {group}");
                        let on_click = move |_| {
                            editor.edit(|spec| {
                                for principal in spec.principals.iter_mut().filter(|principal| {
                                    principal.kind == IdentityKind::Group
                                        && principal.name.as_str() == group
                                }) {
                                    principal.permission_boundary = None;
                                    principal.pasted_boundary = None;
                                }
                            });
                        };
                        view! { <button type="button" on:click=on_click>{label}</button> }
                    });
                    view! {
                        <p class="error" role="alert">{message}</p>
                        {remove}
                    }
                    .into_any()
                }
                Ok(policies) if policies.is_empty() => {
                    view! { <p class="empty">"Tick a capability to see its policy."</p> }.into_any()
                }
                Ok(policies) => policies
                    .into_iter()
                    .map(|policy| {
                        let name = policy.name.clone();
                        let marks = Signal::derive(move || {
                            let mut marks: Vec<Span> = highlights
                                .get()
                                .into_iter()
                                .filter(|(policy, _, _)| *policy == name)
                                .map(|(_, start, end)| Span::new(start, end))
                                .collect();
                            marks.extend(
                                lint_mark
                                    .get()
                                    .filter(|(policy, _, _)| *policy == name)
                                    .map(|(_, start, end)| Span::new(start, end)),
                            );
                            marks
                        });
                        // Pasted policies can be removed; a boundary only when it is the pasted one
                        // alone, not merged with the built one.
                        let pasted_boundary = policy.role == "Permission boundary"
                            && editor.spec().with_untracked(|spec| {
                                spec.principals
                                    .get(editor.selected.get_untracked())
                                    .and_then(|principal| principal.pasted_boundary.as_ref())
                                    .is_some_and(|pasted| pasted.name == policy.name)
                            });
                        let removable = matches!(policy.role, "Inline policy" | "SCP") || pasted_boundary;
                        let on_remove = removable.then(|| {
                            let name = policy.name.clone();
                            let role = policy.role;
                            Callback::new(move |()| {
                                let selected = editor.selected.get_untracked();
                                editor.edit(|spec| {
                                    if role == "SCP" {
                                        spec.scps.retain(|scp| scp.name != name);
                                    } else if let Some(principal) = spec.principals.get_mut(selected) {
                                        if pasted_boundary {
                                            principal.pasted_boundary = None;
                                        } else {
                                            principal.extra_policies.retain(|extra| extra.name != name);
                                        }
                                    }
                                });
                            })
                        });
                        let refused = refused.with(|refused| {
                            refused
                                .iter()
                                .find(|(name, _)| *name == policy.name)
                                .map(|(_, count)| *count)
                        });
                        view! { <PolicyDocument policy marks on_remove=on_remove refused /> }
                    })
                    .collect_view()
                    .into_any(),
            }}
        </section>
    }
}
