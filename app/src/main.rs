//! The Backstop page: a client-side rendered Leptos app over the `policy` crate.

mod app;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
