//! Why a preview cell decided as it did: each request, the deciding statements, and what would
//! have to change.

use leptos::prelude::*;
use policy::build::Built;
use policy::capability::{CapabilityId, CapabilityKind};
use policy::eval::{Decision, Layer, Reason, ReasonKind};
use policy::preview::{Check, printed};
use policy::span::Span;

use crate::app::{BuiltPolicies, Explained, PreviewMatrixData};
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
    let content = move || {
        let (index, capability) = explained.get()?;
        preview.with(|preview| {
            let row = preview.as_ref()?.rows.get(index)?;
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
            let scps: Vec<String> =
                editor.spec().with(|spec| spec.scps.iter().map(|scp| scp.json.clone()).collect());
            let checks = built.with(|built| {
                let built = built.as_ref().ok();
                ordered
                    .into_iter()
                    .take(SHOWN_CHECKS)
                    .map(|check| {
                        view! {
                            <CheckExplanation check=check.clone() built=built.cloned() scps=scps.clone() />
                        }
                    })
                    .collect_view()
            });
            let more = (hidden > 0).then(|| format!("…and {hidden} more requests"));
            let hint = hint(cell.decision, capability);
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

/// What would have to change for a denial, or what makes the allow.
fn hint(decision: Decision, capability: CapabilityId) -> String {
    let title = capability.capability().title;
    match (decision, capability.capability().kind) {
        (Decision::Allowed, _) => "Every request below is allowed.".to_owned(),
        (Decision::ExplicitlyDenied, CapabilityKind::Guardrail) => format!(
            "The guardrail “{title}” denies these actions; an explicit deny wins over every allow. Break-glass principals are exempt."
        ),
        (Decision::ExplicitlyDenied, _) => "An explicit deny wins over every allow: untick the guardrail that denies it, or add this principal to the guardrail's break-glass list.".to_owned(),
        (Decision::ImplicitlyDenied, _) => format!(
            "No statement allows every request below: tick “{title}” for this principal (or a group it belongs to), and check that its scope covers the resource."
        ),
    }
}

/// One request, its decision and the statements behind it.
#[component]
fn CheckExplanation(
    /// The request and the evaluator's answer.
    check: Check,
    /// The built policies, to show the deciding statements' text.
    built: Option<Built>,
    /// The SCPs' pasted text, root first, which their statements' spans index into.
    scps: Vec<String>,
) -> impl IntoView {
    let (icon, word, class) = decision_badge(check.evaluation.decision);
    let reasons = check
        .evaluation
        .reasons
        .iter()
        .map(|reason| {
            let statement = match reason.layer {
                Layer::Scp { level } => scps
                    .get(level)
                    .and_then(|text| reason.span.and_then(|span| quoted(text, span))),
                _ => built.as_ref().and_then(|built| statement_text(built, reason)),
            };
            view! {
                <li>
                    {describe(reason)}
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
    }
}

/// The text of the statement a reason names, as the policy view prints it.
fn statement_text(built: &Built, reason: &Reason) -> Option<String> {
    let name = reason.policy.as_deref()?;
    let span = reason.span?;
    let policy = built.principals.iter().find_map(|principal| {
        principal
            .identity_policies
            .iter()
            .chain(principal.boundary.iter())
            .find(|policy| policy.name == name)
    })?;
    quoted(&printed(&policy.name, &policy.document).text, span)
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
