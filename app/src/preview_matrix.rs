//! The matrix of principals × capabilities: allowed, explicitly denied or implicitly denied, each by
//! colour, icon and word; a cell opens its explanation.

use leptos::prelude::*;
use policy::capability::CapabilityId;
use policy::eval::Decision;
use policy::preview::columns;

use crate::app::{Explained, PreviewMatrixData};

/// The icon, word and class that show a decision; never colour alone.
pub fn decision_badge(decision: Decision) -> (&'static str, &'static str, &'static str) {
    match decision {
        Decision::Allowed => ("✓", "Allowed", "allowed"),
        Decision::ExplicitlyDenied => ("✕", "Explicitly denied", "explicit-deny"),
        Decision::ImplicitlyDenied => ("–", "Implicitly denied", "implicit-deny"),
    }
}

/// The preview table.
#[component]
pub fn PreviewMatrix() -> impl IntoView {
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let Explained(explained) = expect_context::<Explained>();
    let headers = columns()
        .map(|id| view! { <th scope="col"><span class="column-title">{id.capability().title}</span></th> })
        .collect_view();
    let rows = move || {
        preview.with(|preview| {
            preview
                .iter()
                .flat_map(|preview| preview.rows.iter().enumerate())
                .map(|(index, row)| {
                    let cells = row
                        .cells
                        .iter()
                        .map(|cell| {
                            let (icon, word, class) = decision_badge(cell.decision);
                            let capability: CapabilityId = cell.capability;
                            let label = format!(
                                "{} {}: {}: {word}",
                                row.kind,
                                row.name,
                                capability.capability().title
                            );
                            let current = move || explained.get() == Some((index, capability));
                            view! {
                                <td class=class>
                                    <button
                                        type="button"
                                        class="cell"
                                        aria-label=label
                                        aria-pressed=move || current().to_string()
                                        on:click=move |_| explained.set(Some((index, capability)))
                                    >
                                        <span aria-hidden="true" class="icon">{icon}</span>
                                        <span class="word">{word}</span>
                                    </button>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{format!("{} {}", row.kind, row.name)}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview"</h2>
            <p class="legend">
                <span class="allowed">"✓ Allowed"</span>
                <span class="explicit-deny">"✕ Explicitly denied"</span>
                <span class="implicit-deny">"– Implicitly denied"</span>
                " — select a cell to see why."
            </p>
            <div class="matrix-scroll" tabindex="0" role="group" aria-label="Preview matrix">
                <table class="matrix">
                    <caption class="visually-hidden">"What each principal may do"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Principal"</th>
                            {headers}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
