//! The preview's drill-down: the selected principal's capabilities × tables, each table decided on
//! its own, shown on demand because it evaluates every table separately.

use leptos::prelude::*;
use policy::preview::preview_tables;

use crate::preview_matrix::{decision_badge, selected_principal_drill_down};

/// A checkbox, and while it is ticked the selected principal's matrix of capabilities × tables.
#[component]
pub fn PreviewByTable() -> impl IntoView {
    let shown = RwSignal::new(false);
    let matrix = selected_principal_drill_down(shown, preview_tables);
    let table = move || {
        matrix.with(|matrix| {
            let (title, preview) = matrix.as_ref()?;
            let headers = preview
                .tables
                .iter()
                .map(|table| view! { <th scope="col">{table.clone()}</th> })
                .collect_view();
            let rows = preview
                .rows
                .iter()
                .map(|(capability, cells)| {
                    let capability_title = capability.capability().title;
                    let cells = cells
                        .iter()
                        .zip(&preview.tables)
                        .map(|(cell, table)| {
                            let (icon, word, class) = decision_badge(cell.decision);
                            view! {
                                <td class=class>
                                    <span class="cell" title=format!("{capability_title}: {table}: {word}")>
                                        <span aria-hidden="true" class="icon">{icon}</span>
                                        <span class="word">{word}</span>
                                    </span>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{capability_title}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="matrix-scroll" tabindex="0" role="group" aria-label="Preview by table">
                    <table class="matrix by-table">
                        <caption>{format!("{title} by table")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Capability"</th>
                                {headers}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })
        })
    };
    view! {
        <label class="by-table-toggle">
            <input type="checkbox" bind:checked=shown />
            " Show the selected principal table by table"
        </label>
        {table}
    }
}
