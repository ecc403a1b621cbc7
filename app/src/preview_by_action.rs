//! The preview's other drill-down: the selected principal's capabilities, each split into the
//! actions its preview cell asks about, shown on demand because it lists every request.

use leptos::prelude::*;
use policy::preview::preview_actions;

use crate::preview_matrix::{decision_badge, selected_principal_drill_down};

/// A checkbox, and while it is ticked the selected principal's list of capability → action →
/// decision on its first sample table.
#[component]
pub fn PreviewByAction() -> impl IntoView {
    let shown = RwSignal::new(false);
    let list = selected_principal_drill_down(shown, preview_actions);
    let table = move || {
        list.with(|list| {
            let (title, preview) = list.as_ref()?;
            let rows = preview
                .rows
                .iter()
                .flat_map(|(capability, checks)| {
                    let capability_title = capability.capability().title;
                    checks.iter().map(move |check| {
                        let (icon, word, class) = decision_badge(check.evaluation.decision);
                        let action = check.action;
                        view! {
                            <tr>
                                <th scope="row">{capability_title}</th>
                                <td><code>{action}</code></td>
                                <td><code>{check.resource.clone()}</code></td>
                                <td class=class>
                                    <span class="cell" title=format!("{capability_title}: {action}: {word}")>
                                        <span aria-hidden="true" class="icon">{icon}</span>
                                        <span class="word">{word}</span>
                                    </span>
                                </td>
                            </tr>
                        }
                    })
                })
                .collect_view();
            Some(view! {
                <div class="matrix-scroll" tabindex="0" role="group" aria-label="Preview by action">
                    <table class="matrix by-action">
                        <caption>{format!("{title} by action on {}", preview.table)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Capability"</th>
                                <th scope="col">"Action"</th>
                                <th scope="col">"Resource"</th>
                                <th scope="col">"Decision"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })
        })
    };
    view! {
        <label class="by-action-toggle">
            <input type="checkbox" bind:checked=shown />
            " Show the selected principal action by action"
        </label>
        {table}
    }
}
