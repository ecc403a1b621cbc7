//! One principal's row of the preview matrix: a cell per capability, each a button that opens its
//! explanation.

use std::sync::Arc;

use leptos::prelude::*;
use policy::preview::{PreviewRow, columns};

use crate::app::{Explained, PreviewMatrixData};
use crate::preview_matrix::decision_badge;

/// Whether a row is another than before: rows are shared, and an unchanged one is the very same.
fn row_changed(
    previous: Option<&Option<Arc<PreviewRow>>>,
    next: Option<&Option<Arc<PreviewRow>>>,
) -> bool {
    match (previous, next) {
        (Some(Some(previous)), Some(Some(next))) => !Arc::ptr_eq(previous, next),
        (Some(None), Some(None)) => false,
        _ => true,
    }
}

/// The row of the principal at `index` in the preview.
#[component]
pub fn MatrixRow(
    /// The principal's position in the spec, and its row's in the preview.
    index: usize,
) -> impl IntoView {
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let Explained(explained) = expect_context::<Explained>();
    // The row notifies its cells only when the preview evaluated it again, and each value below
    // is compared before anything is drawn: most of a new row's decisions come out as they were.
    let row = Memo::new_with_compare(
        move |_| {
            preview.with(|preview| {
                preview
                    .as_ref()
                    .and_then(|preview| preview.rows.get(index))
                    .cloned()
            })
        },
        row_changed,
    );
    let title = Memo::new(move |_| {
        row.with(|row| {
            row.as_ref()
                .map(|row| format!("{} {}", row.kind, row.name))
                .unwrap_or_default()
        })
    });
    // How many requests the row evaluated, which the benchmark reports.
    let requests = Memo::new(move |_| {
        row.with(|row| {
            row.iter()
                .flat_map(|row| row.cells.iter())
                .map(|cell| cell.checks.len())
                .sum::<usize>()
        })
    });
    let cells = columns()
        .map(|capability| {
            let decision = Memo::new(move |_| {
                row.with(|row| {
                    row.as_ref()
                        .and_then(|row| row.cell(capability))
                        .map(|cell| cell.decision)
                })
            });
            let badge = move || decision.get().map_or(("", "", ""), decision_badge);
            let label = move || {
                format!(
                    "{}: {}: {}",
                    title.get(),
                    capability.capability().title,
                    badge().1
                )
            };
            let current = move || explained.get() == Some((index, capability));
            view! {
                <td class=move || badge().2>
                    <button
                        type="button"
                        class="cell"
                        aria-label=label
                        aria-pressed=move || current().to_string()
                        on:click=move |_| explained.set(Some((index, capability)))
                    >
                        <span aria-hidden="true" class="icon">{move || badge().0}</span>
                        <span class="word">{move || badge().1}</span>
                    </button>
                </td>
            }
        })
        .collect_view();
    view! {
        <tr data-requests=move || requests.get()>
            <th scope="row">{move || title.get()}</th>
            {cells}
        </tr>
    }
}
