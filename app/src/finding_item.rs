//! One finding: where it is, how bad, what is wrong and how to fix it.

use leptos::prelude::*;
use policy::finding::{Finding, Severity};

/// A finding about `text`, with its line and column and the offending text.
#[component]
pub fn FindingItem(
    /// The finding.
    finding: Finding,
    /// The policy text the finding's span points into.
    text: String,
) -> impl IntoView {
    let place = finding.line_col(&text).to_string();
    let spanned = finding.spanned(&text).to_owned();
    let class = if finding.severity == Severity::Error {
        "finding error-level"
    } else {
        "finding"
    };
    view! {
        <li class=class>
            <p>
                <strong>{finding.severity.as_str()}</strong>
                {format!("[{}] at line:col {place}: {}", finding.code, finding.message)}
            </p>
            {(!spanned.is_empty()).then(|| view! { <pre class="spanned"><code>{spanned}</code></pre> })}
            {finding.help.map(|help| view! { <p class="help">"help: " {help}</p> })}
        </li>
    }
}

/// Findings about `text`, one [`FindingItem`] each.
#[component]
pub fn FindingList(
    /// The findings, in the order to show them.
    findings: Vec<Finding>,
    /// The policy text their spans point into.
    text: String,
) -> impl IntoView {
    view! {
        <ul class="findings">
            {findings
                .into_iter()
                .map(|finding| view! { <FindingItem finding text=text.clone() /> })
                .collect_view()}
        </ul>
    }
}
