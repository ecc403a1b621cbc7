//! Findings for every policy the builder made and every pasted one; selecting a finding shows its
//! place in the policy.

use std::collections::HashMap;

use leptos::prelude::*;
use policy::finding::Finding;
use policy::lint::{PolicyKind, lint};

use crate::app::{AfterPaint, BuiltPolicies, LintMark};
use crate::policy_document::ShownPolicy;
use crate::state::Editor;

/// One finding with the principal and policy it is about.
#[derive(Debug, Clone, PartialEq)]
struct Located {
    /// The principal's index and kind and name; `None` for an SCP, which applies to every
    /// principal.
    principal: Option<(usize, String)>,
    policy: String,
    text: String,
    finding: Finding,
}

/// Each policy's findings by its text and kind, which are all [`lint`] reads.
type Linted = HashMap<(String, PolicyKind), Vec<Finding>>;

/// The lint panel.
#[component]
pub fn LintPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let BuiltPolicies(built) = expect_context::<BuiltPolicies>();
    let LintMark(mark) = expect_context::<LintMark>();
    // Linting every policy takes longer than a frame: it follows the frame that shows an edit.
    let AfterPaint(painted) = expect_context::<AfterPaint>();
    // The last pass's findings: a tick changes one principal's policies, so only those are linted
    // again.
    let linted = StoredValue::new(Linted::new());
    let findings = move || {
        painted.track();
        built.with_untracked(|built| {
            let Ok(built) = built else {
                return Vec::new();
            };
            let earlier = linted.try_update_value(std::mem::take).unwrap_or_default();
            let mut current = Linted::new();
            let mut findings_of = |text: &str, kind: PolicyKind| {
                let key = (text.to_owned(), kind);
                let findings = match current.get(&key).or(earlier.get(&key)) {
                    Some(findings) => findings.clone(),
                    None => lint(text, kind),
                };
                current.insert(key, findings.clone());
                findings
            };
            let located = editor.spec().with_untracked(|spec| {
                let mut located = Vec::new();
                for (index, (principal, own)) in
                    built.principals.iter().zip(&spec.principals).enumerate()
                {
                    let mut policies: Vec<(ShownPolicy, PolicyKind)> = Vec::new();
                    policies.extend(principal.identity_policies.iter().map(|policy| {
                        (
                            ShownPolicy::new(policy, "Identity policy"),
                            PolicyKind::Managed,
                        )
                    }));
                    policies.extend(principal.boundary.iter().map(|policy| {
                        (
                            ShownPolicy::new(policy, "Permission boundary"),
                            PolicyKind::Boundary,
                        )
                    }));
                    policies.extend(principal.trust_policy.iter().map(|policy| {
                        (ShownPolicy::new(policy, "Trust policy"), PolicyKind::Trust)
                    }));
                    policies.extend(own.extra_policies.iter().map(|extra| {
                        (
                            ShownPolicy::pasted(extra, principal.inline_quota),
                            PolicyKind::Inline(principal.kind),
                        )
                    }));
                    for (policy, kind) in policies {
                        for finding in findings_of(&policy.text, kind) {
                            located.push(Located {
                                principal: Some((
                                    index,
                                    format!("{} {}", principal.kind, principal.name),
                                )),
                                policy: policy.name.clone(),
                                text: policy.text.clone(),
                                finding,
                            });
                        }
                    }
                }
                for scp in &spec.scps {
                    let shown = ShownPolicy::scp(scp);
                    for finding in findings_of(&shown.text, PolicyKind::Scp) {
                        located.push(Located {
                            principal: None,
                            policy: shown.name.clone(),
                            text: shown.text.clone(),
                            finding,
                        });
                    }
                }
                located
            });
            linted.set_value(current);
            located
        })
    };
    let jump = move |located: &Located| {
        // An SCP is shown with every principal, so the selection stays.
        if let Some((index, _)) = located.principal {
            editor.selected.set(index);
        }
        mark.set(Some((
            located.policy.clone(),
            located.finding.span.start,
            located.finding.span.end,
        )));
        let id = format!("policy-{}", located.policy);
        request_animation_frame(move || {
            if let Some(element) = document().get_element_by_id(&id) {
                element.scroll_into_view();
            }
        });
    };
    view! {
        <section class="panel lint" aria-labelledby="lint-heading">
            <h2 id="lint-heading" tabindex="-1">"Lint"</h2>
            {move || {
                let findings = findings();
                if findings.is_empty() {
                    return view! { <p class="empty">"No findings in any policy."</p> }.into_any();
                }
                view! {
                    <ul class="findings">
                        {findings
                            .into_iter()
                            .map(|located| {
                                let place = located.finding.line_col(&located.text).to_string();
                                let owner = match &located.principal {
                                    Some((_, name)) => format!("{} of {name}", located.policy),
                                    None => format!("SCP {}", located.policy),
                                };
                                let label = format!(
                                    "{} {}: {} at {owner}, {place}",
                                    located.finding.severity,
                                    located.finding.code,
                                    located.finding.message,
                                );
                                let help = located.finding.help.clone();
                                let severity = located.finding.severity.as_str();
                                let policy = located.policy.clone();
                                view! {
                                    <li class="finding" data-severity=severity data-policy=policy>
                                        <button type="button" class="link" on:click=move |_| jump(&located)>
                                            {label}
                                        </button>
                                        {help.map(|help| view! { <p class="help">"help: " {help}</p> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
