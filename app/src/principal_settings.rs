//! The selected principal's own settings that some capabilities need: the accounts a trust lets
//! in, the external id, and the break-glass principals the guardrails spare.

use leptos::prelude::*;
use policy::capability::{CapabilityId, CapabilityKind};
use policy::scope::{AccountId, ExternalId, PrincipalArn};
use policy::spec::PrincipalSpec;

use crate::chip_input::ChipInput;
use crate::scope_panel::explain;
use crate::state::Editor;

/// Settings of the selected principal, each shown once a ticked capability uses it.
#[component]
pub fn PrincipalSettings() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let principal = move || {
        editor
            .spec()
            .with(|spec| spec.principals.get(editor.selected.get()).cloned())
    };
    let edit = move |change: &dyn Fn(&mut PrincipalSpec)| {
        let selected = editor.selected.get_untracked();
        editor.edit(|spec| {
            if let Some(principal) = spec.principals.get_mut(selected) {
                change(principal);
            }
        });
    };
    let has = move |id: CapabilityId| {
        principal().is_some_and(|principal| principal.capabilities.contains(&id))
    };
    let has_guardrail = move || {
        principal().is_some_and(|principal| {
            principal
                .capabilities
                .iter()
                .any(|id| id.capability().kind == CapabilityKind::Guardrail)
        })
    };

    let trusted = Signal::derive(move || {
        principal()
            .map(|principal| {
                principal
                    .trusted_accounts
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default()
    });
    let add_trusted = Callback::new(move |text: String| {
        let account = AccountId::new(text).map_err(|error| explain(&error))?;
        edit(&|principal| {
            if !principal.trusted_accounts.contains(&account) {
                principal.trusted_accounts.push(account.clone());
            }
        });
        Ok(())
    });
    let remove_trusted = Callback::new(move |index: usize| {
        edit(&|principal| {
            if index < principal.trusted_accounts.len() {
                principal.trusted_accounts.remove(index);
            }
        });
    });
    let break_glass = Signal::derive(move || {
        principal()
            .map(|principal| {
                principal
                    .break_glass
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default()
    });
    let add_break_glass = Callback::new(move |text: String| {
        let arn = PrincipalArn::new(text).map_err(|error| explain(&error))?;
        edit(&|principal| {
            if !principal.break_glass.contains(&arn) {
                principal.break_glass.push(arn.clone());
            }
        });
        Ok(())
    });
    let remove_break_glass = Callback::new(move |index: usize| {
        edit(&|principal| {
            if index < principal.break_glass.len() {
                principal.break_glass.remove(index);
            }
        });
    });
    let (external_error, set_external_error) = signal(None::<String>);
    let external_id = move || {
        principal()
            .and_then(|principal| principal.external_id.map(|id| id.to_string()))
            .unwrap_or_default()
    };
    let set_external_id = move |text: String| {
        let text = text.trim().to_owned();
        if text.is_empty() {
            set_external_error.set(None);
            edit(&|principal| principal.external_id = None);
            return;
        }
        match ExternalId::new(text) {
            Err(error) => set_external_error.set(Some(explain(&error))),
            Ok(id) => {
                set_external_error.set(None);
                edit(&|principal| principal.external_id = Some(id.clone()));
            }
        }
    };

    view! {
        <Show when=move || has(CapabilityId::TrustAccount)>
            <fieldset class="principal-settings">
                <legend>"Trust"</legend>
                <ChipInput
                    id="trusted-accounts"
                    label="Trusted accounts"
                    hint="The 12-digit accounts whose principals may assume this role."
                    values=trusted
                    add=add_trusted
                    remove=remove_trusted
                />
                <div class="scope-field">
                    <label for="external-id">"External ID"</label>
                    <input
                        id="external-id"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="external-id-message"
                        aria-invalid=move || external_error.get().is_some().to_string()
                        prop:value=external_id
                        on:change:target=move |event| set_external_id(event.target().value())
                    />
                    <p class="error" id="external-id-message" role="status">{external_error}</p>
                </div>
            </fieldset>
        </Show>
        <Show when=has_guardrail>
            <fieldset class="principal-settings">
                <legend>"Guardrail exceptions"</legend>
                <ChipInput
                    id="break-glass"
                    label="Break-glass principals"
                    hint="Role or user ARNs the guardrails do not apply to, such as arn:aws:iam::123456789012:role/BreakGlass."
                    values=break_glass
                    add=add_break_glass
                    remove=remove_break_glass
                />
            </fieldset>
        </Show>
    }
}
