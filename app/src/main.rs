//! The Backstop page: a client-side rendered Leptos app over the `policy` crate.

mod app;
mod capability_group;
mod capability_item;
mod capability_panel;
mod chip_input;
mod download;
mod explain_panel;
mod export_buttons;
mod finding_item;
mod import_panel;
mod json_text;
mod left_out_notice;
mod lint_panel;
mod matrix_row;
mod notice;
mod policy_document;
mod policy_view;
mod preview_by_action;
mod preview_by_table;
mod preview_matrix;
mod principal_item;
mod principal_list;
mod principal_settings;
mod scope_panel;
mod state;
mod storage;
mod toolbar;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
