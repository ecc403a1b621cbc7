//! One finished policy: its name, its size against the quota, its JSON with the statements that
//! decided the explained cell marked, and a button that copies it.

use leptos::prelude::*;
use policy::build::BuiltPolicy;
use policy::preview::printed;
use policy::span::Span;

use crate::json_text::JsonText;

/// A policy as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownPolicy {
    pub name: String,
    /// "Identity policy", "Permission boundary" or "Trust policy".
    pub role: &'static str,
    pub text: String,
    pub size: usize,
    pub limit: usize,
    pub quota: &'static str,
}

impl ShownPolicy {
    pub fn new(policy: &BuiltPolicy, role: &'static str) -> Self {
        Self {
            name: policy.name.clone(),
            role,
            text: printed(&policy.name, &policy.document).text,
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
) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let text = policy.text.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _promise = clipboard.write_text(&text);
        set_copied.set(true);
    };
    let percent = policy.size * 100 / policy.limit.max(1);
    let over = policy.size > policy.limit;
    view! {
        <article class="policy" aria-label=format!("{} {}", policy.role, policy.name)>
            <header class="policy-header">
                <h3>
                    <span class="policy-role">{policy.role}</span>
                    " "
                    {policy.name.clone()}
                </h3>
                <button type="button" on:click=copy aria-label=format!("Copy {}", policy.name)>
                    "Copy"
                </button>
                <span class="visually-hidden" role="status">
                    {move || copied.get().then_some("Copied to the clipboard")}
                </span>
            </header>
            <p class="size" class:over=over>
                <meter min="0" max=policy.limit value=policy.size aria-hidden="true"></meter>
                {format!(
                    " {} of {} characters ({percent}%) of a {}",
                    policy.size,
                    policy.limit,
                    policy.quota,
                )}
            </p>
            <JsonText text=policy.text marks />
        </article>
    }
}
