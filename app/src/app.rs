//! The page's root: owns the spec being edited and lays out the panels.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use policy::build::{BuildError, Built, build_reusing};
use policy::capability::CapabilityId;
use policy::preview::{Preview, preview_reusing};
use policy::scope::IamName;
use policy::spec::{IdentityKind, PrincipalSpec, Spec};

use crate::capability_panel::CapabilityPanel;
use crate::explain_panel::ExplainPanel;
use crate::import_panel::ImportPanel;
use crate::lint_panel::LintPanel;
use crate::notice::{Notice, NoticeBanner, Notices};
use crate::policy_view::PolicyView;
use crate::preview_matrix::PreviewMatrix;
use crate::principal_list::PrincipalList;
use crate::scope_panel::ScopePanel;
use crate::state::Editor;
use crate::storage;
use crate::toolbar::Toolbar;

/// The policies built from the current spec, shared by every panel that shows them.
#[derive(Debug, Clone, Copy)]
pub struct BuiltPolicies(pub Memo<Result<Built, BuildError>>);

/// The preview matrix of the current spec; `None` while the spec does not build.
#[derive(Debug, Clone, Copy)]
pub struct PreviewMatrixData(pub Memo<Option<Preview>>);

/// Changes once the frame after an edit has been drawn. Panels that do not show the matrix
/// follow it rather than the spec, reading the spec and the built policies without tracking
/// them, so a tick's matrix reaches the screen in the first frame and they catch up in the task
/// after it; each then shows the current spec whole, never a mix of old and new.
#[derive(Debug, Clone, Copy)]
pub struct AfterPaint(pub ReadSignal<u64>);

/// The preview cell being explained: the principal's index and the capability.
#[derive(Debug, Clone, Copy)]
pub struct Explained(pub RwSignal<Option<(usize, CapabilityId)>>);

/// A lint finding's place to mark: the policy's name and the byte range in its shown text.
#[derive(Debug, Clone, Copy)]
pub struct LintMark(pub RwSignal<Option<(String, usize, usize)>>);

/// What a first visit starts with: one role and nothing ticked, so the first tick shows a policy.
pub fn starter_spec() -> Spec {
    let mut spec = Spec::default();
    if let Ok(name) = IamName::new("BackupOperator") {
        spec.principals
            .push(PrincipalSpec::new(IdentityKind::Role, name));
    }
    spec
}

/// Opens the share link in the URL fragment, if there is one: its spec replaces the current one
/// as an undoable edit; a broken link leaves the current spec alone and says why.
fn open_shared(editor: Editor, Notices(notice): Notices) {
    let Some(shared) = storage::spec_from_fragment() else {
        return;
    };
    match shared {
        Ok(spec) => {
            editor.replace(spec);
            editor.selected.set(0);
            notice.set(Some(Notice {
                problem: false,
                message: "Opened the shared spec".to_owned(),
                help: Some("Undo brings back what you had before.".to_owned()),
            }));
        }
        Err(error) => notice.set(Some(Notice {
            problem: true,
            message: format!("This share link could not be opened: {error}"),
            help: Some(format!("{}. Your own work is unchanged.", error.help())),
        })),
    }
    storage::clear_fragment();
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let editor = Editor::new(storage::load_saved().unwrap_or_else(starter_spec));
    let notices = Notices(RwSignal::new(None));
    open_shared(editor, notices);
    // A link pasted into the address bar of an open page changes only the fragment.
    let hash_changes = window_event_listener(leptos::ev::hashchange, move |_| {
        open_shared(editor, notices)
    });
    on_cleanup(move || hash_changes.remove());
    let spec = editor.spec();
    // Each build keeps the earlier one's principals whose inputs are unchanged, so a tick builds
    // one principal again.
    let built = Memo::new(move |previous: Option<&Result<Built, BuildError>>| {
        spec.with(|spec| build_reusing(spec, previous.and_then(|previous| previous.as_ref().ok())))
    });
    // Each preview keeps the earlier one's rows whose inputs are unchanged, so a tick evaluates
    // one principal again. It counts as changed unless every row is the very same row: comparing
    // rows by value would cost as much as making them, and the evaluator's `Span`s compare equal
    // whatever their positions, so equality would keep stale highlights.
    let matrix = Memo::new_with_compare(
        move |previous: Option<&Option<Preview>>| {
            built.with(|built| {
                built.as_ref().ok().map(|built| {
                    spec.with(|spec| {
                        preview_reusing(spec, built, previous.and_then(Option::as_ref))
                    })
                })
            })
        },
        |previous, next| match (previous, next) {
            (Some(Some(previous)), Some(Some(next))) => {
                previous.rows.len() != next.rows.len()
                    || previous
                        .rows
                        .iter()
                        .zip(&next.rows)
                        .any(|(previous, next)| !Arc::ptr_eq(previous, next))
                    // SCPs left out change no row when there are none.
                    || previous.left_out().ne(next.left_out())
            }
            (Some(None), Some(None)) => false,
            _ => true,
        },
    );
    Effect::new(move |_| spec.with(storage::save));
    let (painted, set_painted) = signal(0_u64);
    // Several edits before a frame (an undo burst) make one update of the later panels.
    let pending = StoredValue::new(false);
    Effect::new(move |first: Option<()>| {
        spec.track();
        // The panels drew the first spec when they were made.
        if first.is_none() || pending.get_value() {
            return;
        }
        pending.set_value(true);
        // A frame's callbacks run just before it is drawn; a timeout set in one runs after.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    pending.set_value(false);
                    set_painted.update(|generation| *generation += 1);
                },
                Duration::ZERO,
            );
        });
    });
    // Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) outside text fields, where the browser's own undo applies.
    let shortcuts = window_event_listener(leptos::ev::keydown, move |event| {
        let typing = document()
            .active_element()
            .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if typing || !(event.ctrl_key() || event.meta_key()) {
            return;
        }
        match (event.key().as_str(), event.shift_key()) {
            ("z" | "Z", false) => {
                event.prevent_default();
                editor.undo();
            }
            ("z" | "Z", true) | ("y", false) => {
                event.prevent_default();
                editor.redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || shortcuts.remove());
    provide_context(editor);
    provide_context(notices);
    provide_context(BuiltPolicies(built));
    provide_context(PreviewMatrixData(matrix));
    provide_context(AfterPaint(painted));
    provide_context(Explained(RwSignal::new(None)));
    provide_context(LintMark(RwSignal::new(None)));

    view! {
        <header class="masthead">
            <h1>"Backstop"</h1>
            <p class="tagline">
                "Build, check and share IAM policies for Amazon DynamoDB backup and restore."
            </p>
            <Toolbar />
        </header>
        <NoticeBanner />
        <main id="main" class="workspace">
            <div class="column edit">
                <ScopePanel />
                <PrincipalList />
                <CapabilityPanel />
            </div>
            <div class="column results">
                <PolicyView />
                <PreviewMatrix />
                <ExplainPanel />
                <LintPanel />
                <ImportPanel />
            </div>
        </main>
    }
}
