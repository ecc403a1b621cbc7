//! Why a preview cell decided as it did: each request, the deciding statements, and what would
//! have to change.

use leptos::prelude::*;
use policy::capability::{CapabilityId, CapabilityKind};
use policy::eval::{Decision, Layer, Reason, ReasonKind};
use policy::preview::{Change, Check};
use policy::span::Span;

use crate::app::{AfterPaint, BuiltPolicies, Explained, PreviewMatrixData};
use crate::preview_matrix::decision_badge;
use crate::state::Editor;

/// How many requests an explanation lists; the rest are counted.
const SHOWN_CHECKS: usize = 12;

/// The explanation of the selected preview cell.
#[component]
pub fn ExplainPanel() -> impl IntoView {
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let BuiltPolicies(built) = expect_context::<BuiltPolicies>();
    let Explained(explained) = expect_context::<Explained>();
    let editor = expect_context::<Editor>();
    // A selected cell is explained at once; after an edit, the explanation follows the frame that
    // shows the matrix (see `AfterPaint`).
    let AfterPaint(painted) = expect_context::<AfterPaint>();
    let content = move || {
        let (index, capability) = explained.get()?;
        painted.track();
        preview.with_untracked(|preview| {
            let preview = preview.as_ref()?;
            let row = preview.rows.get(index)?;
            let cell = row.cell(capability)?;
            let (icon, word, class) = decision_badge(cell.decision);
            // The requests that decided the cell come first; many tables make many requests.
            // Two passes rather than a stable sort by a bool: the same order without a sort
            // instantiation in the bundle.
            let deciding = |check: &&Check| check.evaluation.decision == cell.decision;
            let ordered: Vec<&Check> = cell
                .checks
                .iter()
                .filter(deciding)
                .chain(cell.checks.iter().filter(|check| !deciding(check)))
                .collect();
            let hidden = ordered.len().saturating_sub(SHOWN_CHECKS);
            let (checks, changes) = editor.spec().with_untracked(|spec| {
                built.with_untracked(|built| {
                    let built = built.as_ref().ok()?;
                    // The quoted statement is looked up among the policies this principal's
                    // requests were evaluated against, by the name the reason gives.
                    let quote = |reason: &Reason| {
                        let deciding = preview.deciding(spec, built, index, reason)?;
                        quoted(&deciding.text, reason.span?)
                    };
                    let checks = ordered
                        .into_iter()
                        .take(SHOWN_CHECKS)
                        .map(|check| {
                            let reasons: Vec<(String, Option<String>)> = check
                                .evaluation
                                .reasons
                                .iter()
                                .map(|reason| (describe(reason), quote(reason)))
                                .collect();
                            view! { <CheckExplanation check=check.clone() reasons /> }
                        })
                        .collect_view();
                    Some((checks, preview.changes(spec, built, index, cell)))
                })
            })?;
            let more = (hidden > 0).then(|| format!("…and {hidden} more requests"));
            let hint = hint(cell.decision, capability, &changes);
            // Several policies deny, or several layers allow nothing: each must change, one per line.
            let each = (hint.is_none() && changes.len() > 1).then(|| {
                view! {
                    <ul class="changes">
                        {changes.iter().map(|change| view! { <li>{change_text(change)}</li> }).collect_view()}
                    </ul>
                }
            });
            let hint = hint.unwrap_or_else(|| match cell.decision {
                Decision::ExplicitlyDenied => "An explicit deny wins over every allow; each of these denies it and would have to change:".to_owned(),
                _ => format!("{EVERY_LAYER}; each of these would have to change:"),
            });
            let guessed = guessed(&cell.missing_context());
            Some(view! {
                <h3>
                    {format!("{} {} — {}", row.kind, row.name, capability.capability().title)}
                </h3>
                <p class=format!("verdict {class}")>
                    <span aria-hidden="true">{icon}</span>
                    " "
                    {word}
                </p>
                <p class="hint">{hint}</p>
                {each}
                {guessed.map(|guessed| view! { <p class="guessed">{guessed}</p> })}
                <ul class="checks">{checks}</ul>
                <p>{more}</p>
            })
        })
    };
    view! {
        <section class="panel explain" aria-labelledby="explain-heading" aria-live="polite">
            <h2 id="explain-heading">"Explanation"</h2>
            {move || {
                content()
                    .map(IntoAny::into_any)
                    .unwrap_or_else(|| view! { <p class="empty">"Select a cell of the preview to see why."</p> }.into_any())
            }}
        </section>
    }
}

/// What would have to change, as one clause of the hint.
fn change_text(change: &Change) -> String {
    match change {
        Change::Guardrail {
            guardrail,
            group,
            members,
        } => {
            let guardrail = guardrail.map_or_else(
                || "the guardrail that denies it".to_owned(),
                |id| format!("the guardrail “{}”", id.capability().title),
            );
            match group {
                None if *members => format!(
                    "untick {guardrail}, or add the member users who need it to its break-glass list (it names users and roles, not groups)"
                ),
                None => {
                    format!("untick {guardrail}, or add this principal to its break-glass list")
                }
                Some(group) => format!(
                    "untick {guardrail} of group `{group}`, or add this principal to the group's break-glass list"
                ),
            }
        }
        Change::PastedPolicy { name, group: None } => {
            format!("edit or remove the pasted policy `{name}`")
        }
        Change::PastedPolicy {
            name,
            group: Some(group),
        } => format!("edit or remove the pasted policy `{name}` of group `{group}`"),
        Change::PastedBoundary { name } => {
            format!("edit or remove the pasted boundary `{name}`")
        }
        Change::Scp { name } => {
            format!("the SCP `{name}` denies this; change it in AWS Organizations")
        }
        Change::IdentityAllowsNone {
            capability,
            ticked: false,
        } => format!(
            "tick “{}” for this principal or a group it belongs to",
            capability.capability().title
        ),
        Change::IdentityAllowsNone {
            capability,
            ticked: true,
        } => format!(
            "“{}” is ticked, yet none of its statements allows these requests: check its scope",
            capability.capability().title
        ),
        Change::BoundaryAllowsNone {
            boundary,
            pasted,
            add,
        } => {
            let add = add.map(|capability| capability.capability().title);
            match (pasted, add) {
                (Some(pasted), None) if pasted == boundary => format!(
                    "the pasted boundary `{pasted}` allows none of these: add an allow for them to it, or remove it"
                ),
                (Some(pasted), None) => format!(
                    "the permission boundary `{boundary}` allows none of these: add an allow for them to the pasted `{pasted}` in it"
                ),
                (Some(pasted), Some(title)) => format!(
                    "the permission boundary `{boundary}` allows none of these: add “{title}” to the capabilities it is built from, or an allow to the pasted `{pasted}` in it"
                ),
                (None, Some(title)) => format!(
                    "the permission boundary `{boundary}` allows none of these: add “{title}” to the capabilities it is built from"
                ),
                (None, None) => format!(
                    "the permission boundary `{boundary}` allows none of these: its scope leaves these resources out"
                ),
            }
        }
        Change::ScpAllowsNone { level, name } => format!(
            "the SCP `{name}` (level {}, root first) allows none of these: add an allow for them to it in AWS Organizations",
            level + 1
        ),
        Change::ResourcePolicyNeeded { resource } => format!(
            "the key or resource policy of `{resource}` must also allow this principal, which the preview cannot see"
        ),
    }
}

/// The lead of the hint for an implicit deny that another layer than the identity policies
/// causes.
const EVERY_LAYER: &str = "Every layer of policy must allow a request";

/// What the answer depends on that the preview's requests do not set, as a sentence.
fn guessed(keys: &[&str]) -> Option<String> {
    let (last, others) = keys.split_last()?;
    let (keys, value) = if others.is_empty() {
        (format!("`{last}`"), "value decides")
    } else {
        let others: Vec<String> = others.iter().map(|key| format!("`{key}`")).collect();
        (
            format!("{} and `{last}`", others.join(", ")),
            "values decide",
        )
    };
    Some(format!(
        "This answer depends on {keys}, which the preview's requests do not set; in AWS the real {value}."
    ))
}

/// What would have to change for a denial, or what makes the allow; `None` when several
/// `changes`, those that would lift the explicit denies or supply the missing allows, are listed
/// instead.
fn hint(decision: Decision, capability: CapabilityId, changes: &[Change]) -> Option<String> {
    let title = capability.capability().title;
    // The column's own guardrail, ticked for this principal or a group of it, denies its actions.
    let own_guardrail = capability.capability().kind == CapabilityKind::Guardrail
        && !changes.is_empty()
        && changes.iter().all(|change| {
            matches!(change, Change::Guardrail { guardrail: Some(guardrail), .. } if *guardrail == capability)
        });
    let hint = match decision {
        Decision::Allowed => "Every request below is allowed.".to_owned(),
        Decision::ExplicitlyDenied if own_guardrail => format!(
            "The guardrail “{title}” denies these actions; an explicit deny wins over every allow. Break-glass principals are exempt."
        ),
        Decision::ExplicitlyDenied if changes.is_empty() => {
            "An explicit deny wins over every allow.".to_owned()
        }
        Decision::ExplicitlyDenied => match changes {
            [change] => format!(
                "An explicit deny wins over every allow: {}.",
                change_text(change)
            ),
            _ => return None,
        },
        Decision::ImplicitlyDenied => match changes {
            [] => "No statement allows every request below.".to_owned(),
            [change @ Change::IdentityAllowsNone { .. }] => format!(
                "No statement allows every request below: {}.",
                change_text(change)
            ),
            [change] => format!("{EVERY_LAYER}; {}.", change_text(change)),
            _ => return None,
        },
    };
    Some(hint)
}

/// One request, its decision and the statements behind it.
#[component]
fn CheckExplanation(
    /// The request and the evaluator's answer.
    check: Check,
    /// Each reason of the answer as a sentence, with the text of the statement it names.
    reasons: Vec<(String, Option<String>)>,
) -> impl IntoView {
    let (icon, word, class) = decision_badge(check.evaluation.decision);
    let reasons = reasons
        .into_iter()
        .map(|(reason, statement)| {
            view! {
                <li>
                    {reason}
                    {statement.map(|text| view! { <pre class="statement"><code>{text}</code></pre> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="check">
            <p>
                <span class=format!("badge {class}")>
                    <span aria-hidden="true">{icon}</span>
                    " "
                    {word}
                </span>
                " "
                <code>{check.action}</code>
                " on "
                <code class="resource">{check.resource.clone()}</code>
            </p>
            <ul class="reasons">{reasons}</ul>
        </li>
    }
}

fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::Identity => "identity policy",
        Layer::PermissionBoundary => "permission boundary",
        Layer::Session => "session policy",
        Layer::Resource => "resource policy",
        Layer::Scp { .. } => "service control policy",
        Layer::Rcp { .. } => "resource control policy",
    }
}

fn describe(reason: &Reason) -> String {
    let layer = layer_name(reason.layer);
    let statement = match (&reason.sid, reason.statement) {
        (Some(sid), _) => format!("statement `{sid}`"),
        (None, Some(index)) => format!("statement {}", index + 1),
        (None, None) => "a statement".to_owned(),
    };
    let policy = reason.policy.as_deref().unwrap_or("?");
    match reason.kind {
        ReasonKind::Allows => format!("Allowed by {statement} of {layer} `{policy}`"),
        ReasonKind::Denies => format!("Denied by {statement} of {layer} `{policy}`"),
        ReasonKind::NoAllow => format!("No {layer} allows it"),
        ReasonKind::RootUser => {
            "Allowed as the account root user, which needs no identity policy".to_owned()
        }
    }
}

/// The statement at `span` of a policy's text, with the indent of its place taken off.
fn quoted(text: &str, span: Span) -> Option<String> {
    let statement = text.get(span.start..span.end)?;
    // The statement's first line starts at its `{`; the others carry the indent of its place in
    // the policy, which is taken off so the statement reads on its own.
    let line_start = text
        .get(..span.start)?
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let indent = span.start - line_start;
    let lines: Vec<&str> = statement
        .lines()
        .enumerate()
        .map(|(number, line)| {
            if number == 0 {
                line
            } else {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                line.get(spaces.min(indent)..).unwrap_or(line)
            }
        })
        .collect();
    Some(lines.join("\n"))
}
