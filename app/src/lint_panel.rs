//! Findings for every policy the builder made and every pasted one; selecting a finding shows its
//! place in the policy.

use std::collections::HashMap;

use leptos::prelude::*;
use policy::finding::Finding;
use policy::lint::{PolicyKind, lint_together};

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

/// The findings of policies linted together (a principal's built identity policies) or alone, by
/// their texts and kind, which are all [`lint_together`] reads.
type Linted = HashMap<(Vec<String>, PolicyKind), Vec<Vec<Finding>>>;

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
            let mut findings_of = |texts: Vec<String>, kind: PolicyKind| {
                let key = (texts, kind);
                let findings = match current.get(&key).or(earlier.get(&key)) {
                    Some(findings) => findings.clone(),
                    None => {
                        let texts: Vec<&str> = key.0.iter().map(String::as_str).collect();
                        lint_together(&texts, kind)
                    }
                };
                current.insert(key, findings.clone());
                findings
            };
            let located = editor.spec().with_untracked(|spec| {
                let mut located = Vec::new();
                for (index, (principal, own)) in
                    built.principals.iter().zip(&spec.principals).enumerate()
                {
                    let mut locate = |policy: &ShownPolicy, findings: Vec<Finding>| {
                        for finding in findings {
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
                    };
                    // The builder's identity policies apply together: what one lacks another may
                    // grant, so they are linted as one set.
                    let identity: Vec<ShownPolicy> = principal
                        .identity_policies
                        .iter()
                        .map(|policy| ShownPolicy::new(policy, "Identity policy"))
                        .collect();
                    let texts = identity.iter().map(|policy| policy.text.clone()).collect();
                    for (policy, findings) in
                        identity.iter().zip(findings_of(texts, PolicyKind::Managed))
                    {
                        locate(policy, findings);
                    }
                    let mut policies: Vec<(ShownPolicy, PolicyKind)> = Vec::new();
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
                        let findings = findings_of(vec![policy.text.clone()], kind);
                        locate(&policy, findings.into_iter().flatten().collect());
                    }
                }
                for scp in &spec.scps {
                    let shown = ShownPolicy::scp(scp);
                    for finding in findings_of(vec![shown.text.clone()], PolicyKind::Scp)
                        .into_iter()
                        .flatten()
                    {
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
