//! The pasted policies the preview leaves out because AWS would refuse them, said beside the
//! matrix, each with a way to its errors in the lint panel.

use leptos::prelude::*;
use policy::preview::{Attachment, LeftOut};
use wasm_bindgen::JsCast;

use crate::app::PreviewMatrixData;

/// What the page says about one left-out policy.
fn describe(left_out: &LeftOut) -> String {
    let count = errors(left_out.errors.len());
    let policy = &left_out.policy;
    match &left_out.attachment {
        Attachment::Inline { kind, principal } => {
            format!(
                "inline policy `{policy}` of {kind} {principal} has {count}, so IAM would refuse it"
            )
        }
        Attachment::Boundary {
            kind,
            principal,
            merged_into: None,
        } => format!(
            "permission boundary `{policy}` of {kind} {principal} has {count}, so IAM would refuse it"
        ),
        Attachment::Boundary {
            kind,
            principal,
            merged_into: Some(boundary),
        } => format!(
            "permission boundary `{boundary}` of {kind} {principal}: the pasted `{policy}` in it has {count}, so IAM would refuse the boundary"
        ),
        Attachment::Scp => {
            format!("SCP `{policy}` has {count}, so AWS Organizations would refuse it")
        }
    }
}

/// `1 error`, `2 errors`.
pub fn errors(count: usize) -> String {
    match count {
        1 => "1 error".to_owned(),
        count => format!("{count} errors"),
    }
}

/// Moves focus to the lint panel's first error about `policy`, or to the panel when it lists none.
fn show_errors(policy: &str) {
    let document = document();
    let first_error = document
        .query_selector_all(".lint li.finding[data-severity=\"error\"]")
        .ok()
        .and_then(|items| {
            (0..items.length())
                .filter_map(|index| items.item(index))
                .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
                .find(|item| item.get_attribute("data-policy").as_deref() == Some(policy))
        })
        .and_then(|item| item.query_selector("button").ok().flatten());
    let target = first_error.or_else(|| document.get_element_by_id("lint-heading"));
    if let Some(element) =
        target.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        element.scroll_into_view();
        let _ignored = element.focus();
    }
}

/// The notice: nothing while every pasted policy is in force.
#[component]
pub fn LeftOutNotice() -> impl IntoView {
    let PreviewMatrixData(preview) = expect_context::<PreviewMatrixData>();
    let left_out = move || {
        preview.with(|preview| {
            preview
                .iter()
                .flat_map(|preview| preview.left_out())
                .map(|left_out| (describe(left_out), left_out.refused().to_owned()))
                .collect::<Vec<_>>()
        })
    };
    // Always present, so a screen reader announces a policy as it is left out.
    view! {
        <div class="left-out" role="status">
            {move || {
                left_out()
                    .into_iter()
                    .map(|(message, policy)| {
                        view! {
                            <p>
                                <strong>"Not in the preview: "</strong>
                                {message}
                                ". "
                                <button type="button" class="link" on:click=move |_| show_errors(&policy)>
                                    "Show the errors in Lint"
                                </button>
                            </p>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
