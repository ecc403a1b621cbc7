//! The matrix of principals × capabilities: allowed, explicitly denied or implicitly denied, each by
//! colour, icon and word; a cell opens its explanation.

use leptos::prelude::*;
use policy::build::Built;
use policy::eval::Decision;
use policy::preview::columns;
use policy::spec::Spec;

use crate::app::{BuiltPolicies, PreviewMatrixData};
use crate::left_out_notice::LeftOutNotice;
use crate::matrix_row::MatrixRow;
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

/// The preview table.
#[component]
pub fn PreviewMatrix() -> impl IntoView {
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let headers = columns()
        .map(|id| view! { <th scope="col"><span class="column-title">{id.capability().title}</span></th> })
        .collect_view();
    // Rows are known by their place and keep their DOM; each cell follows its own decision, so a
    // tick draws only the cells whose decision changed.
    let row_count = Memo::new(move |_| {
        preview.with(|preview| preview.as_ref().map_or(0, |preview| preview.rows.len()))
    });
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
                        <For each=move || 0..row_count.get() key=|index| *index let:index>
                            <MatrixRow index />
                        </For>
                    </tbody>
                </table>
            </div>
            <PreviewByTable />
            <PreviewByAction />
        </section>
    }
}
