//! The matrix of principals × capabilities: allowed, explicitly denied or implicitly denied, each by
//! colour, icon and word; a cell opens its explanation.

use std::sync::Arc;

use leptos::prelude::*;
use policy::build::Built;
use policy::capability::CapabilityId;
use policy::eval::Decision;
use policy::preview::{PreviewRow, columns};
use policy::spec::Spec;

use crate::app::{BuiltPolicies, Explained, PreviewMatrixData};
use crate::left_out_notice::LeftOutNotice;
use crate::preview_by_action::PreviewByAction;
use crate::preview_by_table::PreviewByTable;
use crate::state::Editor;

/// The icon, word and class that show a decision; never colour alone.
pub fn decision_badge(decision: Decision) -> (&'static str, &'static str, &'static str) {
    match decision {
        Decision::Allowed => ("✓", "Allowed", "allowed"),
        Decision::ExplicitlyDenied => ("✕", "Explicitly denied", "explicit-deny"),
        Decision::ImplicitlyDenied => ("–", "Implicitly denied", "implicit-deny"),
    }
}

/// A drill-down of the selected principal: while `shown`, its title (`role Ops`) and what
/// `drill_down` answers for it; `None` while hidden, or while the spec does not build.
pub fn selected_principal_drill_down<T>(
    shown: RwSignal<bool>,
    drill_down: fn(&Spec, usize, &Built) -> Option<T>,
) -> Memo<Option<(String, T)>>
where
    T: PartialEq + Send + Sync + 'static,
{
    let editor = expect_context::<Editor>();
    let BuiltPolicies(built) = expect_context::<BuiltPolicies>();
    Memo::new(move |_| {
        if !shown.get() {
            return None;
        }
        let index = editor.selected.get();
        let spec = editor.spec();
        built.with(|built| {
            let built = built.as_ref().ok()?;
            spec.with(|spec| {
                let principal = spec.principals.get(index)?;
                let title = format!("{} {}", principal.kind, principal.name);
                Some((title, drill_down(spec, index, built)?))
            })
        })
    })
}

/// A row of the preview and the number `<For>` knows it by.
#[derive(Debug, Clone, PartialEq)]
struct NumberedRow {
    number: u64,
    index: usize,
    row: Arc<PreviewRow>,
}

/// The preview table.
#[component]
pub fn PreviewMatrix() -> impl IntoView {
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let Explained(explained) = expect_context::<Explained>();
    let headers = columns()
        .map(|id| view! { <th scope="col"><span class="column-title">{id.capability().title}</span></th> })
        .collect_view();
    // Each row is numbered, and keeps its number while it is the very row (not an equal one) at
    // the same place; `<For>` then draws again only the rows a tick evaluated again. Numbers, not
    // addresses: a freed row's address may come back for a new row.
    let rows = Memo::new(move |previous: Option<&Vec<NumberedRow>>| {
        let mut fresh = previous
            .and_then(|rows| rows.iter().map(|row| row.number).max())
            .map_or(0, |number| number + 1);
        preview.with(|preview| {
            preview
                .iter()
                .flat_map(|preview| preview.rows.iter().enumerate())
                .map(|(index, row)| {
                    let kept = previous.and_then(|rows| {
                        rows.iter()
                            .find(|old| old.index == index && Arc::ptr_eq(&old.row, row))
                    });
                    let number = kept.map_or_else(
                        || {
                            fresh += 1;
                            fresh - 1
                        },
                        |old| old.number,
                    );
                    NumberedRow {
                        number,
                        index,
                        row: Arc::clone(row),
                    }
                })
                .collect()
        })
    });
    let row_view = move |NumberedRow { index, row, .. }: NumberedRow| {
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
            <LeftOutNotice />
            <div class="matrix-scroll" tabindex="0" role="group" aria-label="Preview matrix">
                <table class="matrix">
                    <caption class="visually-hidden">"What each principal may do"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Principal"</th>
                            {headers}
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.get()
                            key=|row| row.number
                            children=row_view
                        />
                    </tbody>
                </table>
            </div>
            <PreviewByTable />
            <PreviewByAction />
        </section>
    }
}
