//! The page's root: owns the spec being edited and lays out the panels.

use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="masthead">
            <h1>"Backstop"</h1>
            <p class="tagline">
                "Build, check and share IAM policies for Amazon DynamoDB backup and restore."
            </p>
        </header>
        <main id="main"></main>
    }
}
