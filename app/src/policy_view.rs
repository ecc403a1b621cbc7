//! The finished policies of the selected principal.

use leptos::prelude::*;
use policy::build::BuildError;
use policy::eval::Layer;
use policy::preview::Attachment;
use policy::span::Span;
use policy::spec::IdentityKind;

use crate::app::{AfterPaint, BuiltPolicies, Explained, LintMark, PreviewMatrixData};
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
    // What the panel shows follows the frame after an edit (see `AfterPaint`) and the selection.
    let AfterPaint(painted) = expect_context::<AfterPaint>();
    // The statements that decided the explained cell, when it belongs to the selected principal.
    // Offsets rather than `Span`s, whose equality ignores positions, so the memo sees a move.
    let highlights = Memo::new(move |_| {
        painted.track();
        let selected = editor.selected.get();
        let Some((index, capability)) = explained.get() else {
            return Vec::new();
        };
        if index != selected {
            return Vec::new();
        }
        preview.with_untracked(|preview| {
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
                            let policy = reason.policy.as_deref()?.to_owned();
                            Some((policy, shown_as(reason.layer)?, span.start, span.end))
                        })
                        .collect::<Vec<(String, &'static [&'static str], usize, usize)>>()
                })
                .unwrap_or_default()
        })
    });
    // How many errors make AWS refuse the shown policy `name`, if it does: one of the selected
    // principal's pasted policies or an SCP.
    let refused = move |name: &str| {
        let selected = editor.selected.get_untracked();
        preview.with_untracked(|preview| {
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
                .find(|left_out| left_out.refused() == name)
                .map(|left_out| left_out.errors.len())
        })
    };
    // The policies count as changed only when they differ by value, so a tick of another
    // principal draws nothing here.
    let shown =
        Memo::new(move |_| {
            painted.track();
            let selected = editor.selected.get();
            built.with_untracked(|built| match built {
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
                    .get(selected)
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
                        editor.spec().with_untracked(|spec| {
                            if let Some(own) = spec.principals.get(selected) {
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
        });
    let problem = Memo::new(move |_| shown.with(|shown| shown.as_ref().err().cloned()));
    // More managed policies than IAM attaches by default: each is right, attaching them all is not.
    let over_attachment_quota = Memo::new(move |_| {
        painted.track();
        let selected = editor.selected.get();
        built.with_untracked(|built| {
            built
                .as_ref()
                .ok()
                .and_then(|built| built.principals.get(selected))
                .and_then(|principal| principal.over_attachment_quota())
                .map(|over| format!("{over}: {}", over.help()))
        })
    });
    let documents =
        Memo::new(move |_| shown.with(|shown| shown.as_ref().ok().cloned().unwrap_or_default()));
    let document_view = move |policy: ShownPolicy| {
        let name = policy.name.clone();
        let role = policy.role;
        let marks = Signal::derive(move || {
            // By name and kind: a pasted policy and an SCP may share a name.
            let mut marks: Vec<Span> = highlights
                .get()
                .into_iter()
                .filter(|(policy, roles, _, _)| *policy == name && roles.contains(&role))
                .map(|(_, _, start, end)| Span::new(start, end))
                .collect();
            marks.extend(
                lint_mark
                    .get()
                    .filter(|(policy, _, _)| *policy == name)
                    .map(|(_, start, end)| Span::new(start, end)),
            );
            marks
        });
        // Pasted policies can be removed; a boundary only when it is the pasted one alone, not
        // merged with the built one. Both follow from the text `<For>` knows the policy by.
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
        // Whether AWS refuses a pasted policy follows from its text too.
        let refused = refused(&policy.name);
        view! { <PolicyDocument policy marks on_remove=on_remove refused /> }
    };
    view! {
        <section class="panel policies" aria-labelledby="policies-heading">
            <h2 id="policies-heading">"Policies"</h2>
            <ExportButtons />
            {move || {
                problem
                    .get()
                    .map(|(message, group)| {
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
                    })
            }}
            {move || {
                over_attachment_quota
                    .get()
                    .map(|message| view! { <p class="attention" role="status">{message}</p> })
            }}
            <Show when=move || {
                problem.with(Option::is_none) && documents.with(Vec::is_empty)
            }>
                <p class="empty">"Tick a capability to see its policy."</p>
            </Show>
            // Keyed by the whole policy, text included: an unchanged policy keeps its DOM.
            <For each=move || documents.get() key=ShownPolicy::clone children=document_view />
        </section>
    }
}

/// The kinds of shown policy (`ShownPolicy::role`) a reason's layer stands for; `None` for layers
/// the panel shows no policy of.
fn shown_as(layer: Layer) -> Option<&'static [&'static str]> {
    match layer {
        Layer::Identity => Some(&["Identity policy", "Inline policy"]),
        Layer::PermissionBoundary => Some(&["Permission boundary"]),
        Layer::Scp { .. } => Some(&["SCP"]),
        Layer::Session | Layer::Resource | Layer::Rcp { .. } => None,
    }
}
