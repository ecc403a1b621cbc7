//! A message across the top of the page: a share link that could not be opened, a preset loaded.

use leptos::prelude::*;

/// What the banner says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub problem: bool,
    pub message: String,
    pub help: Option<String>,
}

/// The banner's content, shared so any panel can raise one.
#[derive(Debug, Clone, Copy)]
pub struct Notices(pub RwSignal<Option<Notice>>);

/// The banner, when there is something to say.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let Notices(notice) = expect_context::<Notices>();
    let dismiss = notice;
    move || {
        notice.get().map(|notice| {
            view! {
                <div class=if notice.problem { "banner" } else { "banner info" } role="alert">
                    <p>
                        <strong>{notice.message}</strong>
                        {notice.help.map(|help| view! { " — " {help} })}
                    </p>
                    <button type="button" on:click=move |_| dismiss.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
