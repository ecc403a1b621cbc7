//! One group of capability checkboxes, such as "Backups".

use leptos::prelude::*;
use policy::capability::CapabilityId;

use crate::capability_item::CapabilityItem;

/// A fieldset of related capabilities.
#[component]
pub fn CapabilityGroup(
    /// The group's name, shown as the fieldset's legend.
    heading: &'static str,
    /// The capabilities in the group, in table order.
    ids: &'static [CapabilityId],
) -> impl IntoView {
    view! {
        <fieldset class="capability-group">
            <legend>{heading}</legend>
            <ul role="list">
                {ids.iter().map(|&id| view! { <li><CapabilityItem id /></li> }).collect_view()}
            </ul>
        </fieldset>
    }
}
