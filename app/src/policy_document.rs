//! One finished policy: its name, its size against the quota, its JSON with the statements that
//! decided the explained cell marked, and a button that copies it.

use leptos::prelude::*;
use policy::build::BuiltPolicy;
use policy::quota::{Quota, text_size};
use policy::span::Span;
use policy::spec::ExtraPolicy;

use crate::json_text::JsonText;
use crate::left_out_notice::errors;

/// The most characters an SCP may have, whitespace not counted.
const SCP_LIMIT: usize = 5_120;

/// A policy as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShownPolicy {
    pub name: String,
    /// "Identity policy", "Permission boundary", "Trust policy", "Inline policy" or "SCP".
    pub role: &'static str,
    pub text: String,
    pub size: usize,
    pub limit: usize,
    pub quota: &'static str,
}

impl ShownPolicy {
    /// A pasted policy, shown as it was pasted, counted against the inline quota.
    pub fn pasted(extra: &ExtraPolicy, quota: Quota) -> Self {
        Self {
            name: extra.name.clone(),
            role: "Inline policy",
            text: extra.json.clone(),
            size: text_size(&extra.json),
            limit: quota.limit(),
            quota: quota.describe(),
        }
    }

    /// A pasted service control policy, shown as it was pasted, so evaluation spans index into it.
    pub fn scp(scp: &ExtraPolicy) -> Self {
        Self {
            name: scp.name.clone(),
            role: "SCP",
            text: scp.json.clone(),
            size: text_size(&scp.json),
            limit: SCP_LIMIT,
            quota: "service control policy",
        }
    }

    /// A built policy, printed as the preview prints it, so that the spans of its evaluation
    /// reasons point into this text.
    pub fn new(policy: &BuiltPolicy, role: &'static str) -> Self {
        Self {
            name: policy.name.clone(),
            role,
            text: policy.document.to_pretty_string(),
            size: policy.size,
            limit: policy.quota.limit(),
            quota: policy.quota.describe(),
        }
    }
}

/// One policy document.
#[component]
pub fn PolicyDocument(
    /// The policy to show.
    policy: ShownPolicy,
    /// Byte ranges of `policy.text` to mark: the statements that decided the explained cell.
    #[prop(into)]
    marks: Signal<Vec<Span>>,
    /// Removes the policy; only pasted policies can be removed.
    #[prop(default = None)]
    on_remove: Option<Callback<()>>,
    /// How many errors make AWS refuse the policy, when it does: the preview leaves it out.
    #[prop(default = None)]
    refused: Option<usize>,
) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let text = policy.text.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _promise = clipboard.write_text(&text);
        set_copied.set(true);
    };
    let percent = policy.size * 100 / policy.limit.max(1);
    let quota_text = if policy.role == "Inline policy" {
        format!(
            " {} of {} characters ({percent}%) shared by the {}",
            policy.size, policy.limit, policy.quota
        )
    } else {
        format!(
            " {} of {} characters ({percent}%) of a {}",
            policy.size, policy.limit, policy.quota
        )
    };
    let over = policy.size > policy.limit;
    let refuser = if policy.role == "SCP" {
        "AWS Organizations"
    } else {
        "IAM"
    };
    let refused = refused.map(|count| {
        format!(
            "Not in force: it has {}, so {refuser} would refuse it; the preview leaves it out.",
            errors(count)
        )
    });
    view! {
        <article
            class="policy"
            id=format!("policy-{}", policy.name)
            aria-label=format!("{} {}", policy.role, policy.name)
        >
            <header class="policy-header">
                <h3>
                    <span class="policy-role">{policy.role}</span>
                    " "
                    {policy.name.clone()}
                </h3>
                <button type="button" on:click=copy aria-label=format!("Copy {}", policy.name)>
                    "Copy"
                </button>
                {on_remove.map(|remove| {
                    view! {
                        <button
                            type="button"
                            on:click=move |_| remove.run(())
                            aria-label=format!("Remove {}", policy.name)
                        >
                            "Remove"
                        </button>
                    }
                })}
                <span class="visually-hidden" role="status">
                    {move || copied.get().then_some("Copied to the clipboard")}
                </span>
            </header>
            {refused.map(|refused| view! { <p class="refused">{refused}</p> })}
            <p class="size" class:over=over>
                <meter min="0" max=policy.limit value=policy.size aria-hidden="true"></meter>
                {quota_text}
            </p>
            <JsonText text=policy.text marks />
        </article>
    }
}
