//! The page's root: owns the spec being edited and lays out the panels.

use leptos::prelude::*;
use policy::build::{BuildError, Built, build};
use policy::capability::CapabilityId;
use policy::preview::{Preview, preview};
use policy::scope::IamName;
use policy::spec::{IdentityKind, PrincipalSpec, Spec};

use crate::capability_panel::CapabilityPanel;
use crate::explain_panel::ExplainPanel;
use crate::policy_view::PolicyView;
use crate::preview_matrix::PreviewMatrix;
use crate::principal_list::PrincipalList;
use crate::state::Editor;

/// The policies built from the current spec, shared by every panel that shows them.
#[derive(Debug, Clone, Copy)]
pub struct BuiltPolicies(pub Memo<Result<Built, BuildError>>);

/// The preview matrix of the current spec; `None` while the spec does not build.
#[derive(Debug, Clone, Copy)]
pub struct PreviewMatrixData(pub Memo<Option<Preview>>);

/// The preview cell being explained: the principal's index and the capability.
#[derive(Debug, Clone, Copy)]
pub struct Explained(pub RwSignal<Option<(usize, CapabilityId)>>);

/// What a first visit starts with: one role and nothing ticked, so the first tick shows a policy.
pub fn starter_spec() -> Spec {
    let mut spec = Spec::default();
    if let Ok(name) = IamName::new("BackupOperator") {
        spec.principals
            .push(PrincipalSpec::new(IdentityKind::Role, name));
    }
    spec
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let editor = Editor::new(starter_spec());
    let spec = editor.spec();
    let built = Memo::new(move |_| spec.with(build));
    let matrix = Memo::new(move |_| {
        built.with(|built| {
            built
                .as_ref()
                .ok()
                .map(|built| spec.with(|spec| preview(spec, built)))
        })
    });
    provide_context(editor);
    provide_context(BuiltPolicies(built));
    provide_context(PreviewMatrixData(matrix));
    provide_context(Explained(RwSignal::new(None)));

    view! {
        <header class="masthead">
            <h1>"Backstop"</h1>
            <p class="tagline">
                "Build, check and share IAM policies for Amazon DynamoDB backup and restore."
            </p>
        </header>
        <main id="main" class="workspace">
            <div class="column edit">
                <PrincipalList />
                <CapabilityPanel />
            </div>
            <div class="column results">
                <PolicyView />
                <PreviewMatrix />
                <ExplainPanel />
            </div>
        </main>
    }
}
