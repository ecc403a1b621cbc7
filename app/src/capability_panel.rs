//! The selected principal's capabilities, as checkboxes in groups.

use leptos::prelude::*;
use policy::capability::CapabilityId;

use crate::capability_group::CapabilityGroup;
use crate::principal_settings::PrincipalSettings;
use crate::state::Editor;

/// How the capabilities are grouped on screen, in the capability table's order.
pub const GROUPS: [(&str, &[CapabilityId]); 8] = [
    (
        "Backups",
        &[
            CapabilityId::BackupCreate,
            CapabilityId::BackupView,
            CapabilityId::BackupDelete,
        ],
    ),
    (
        "Restore",
        &[CapabilityId::RestoreBackup, CapabilityId::RestorePitr],
    ),
    (
        "Point-in-time recovery",
        &[CapabilityId::PitrView, CapabilityId::PitrManage],
    ),
    (
        "Export and import",
        &[CapabilityId::ExportS3, CapabilityId::ImportS3],
    ),
    (
        "AWS Backup",
        &[
            CapabilityId::AwsBackupBackup,
            CapabilityId::AwsBackupRestore,
            CapabilityId::AwsBackupView,
        ],
    ),
    ("Encryption keys", &[CapabilityId::KmsCustomerKeys]),
    (
        "Guardrails",
        &[
            CapabilityId::GuardNoBackupDelete,
            CapabilityId::GuardNoRestore,
            CapabilityId::GuardNoPitrChange,
            CapabilityId::GuardNoBackupPlanChange,
        ],
    ),
    (
        "Trust",
        &[CapabilityId::TrustAwsBackup, CapabilityId::TrustAccount],
    ),
];

/// Every capability group for the selected principal.
#[component]
pub fn CapabilityPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let name = move || {
        editor.spec().with(|spec| {
            spec.principals
                .get(editor.selected.get())
                .map(|principal| format!("{} {}", principal.kind, principal.name))
        })
    };
    view! {
        <section class="panel capabilities" aria-labelledby="capabilities-heading">
            <h2 id="capabilities-heading">
                "Capabilities"
                {move || name().map(|name| view! { <span class="subject">" of " {name}</span> })}
            </h2>
            <Show
                when=move || name().is_some()
                fallback=|| view! { <p class="empty">"Add a principal to tick its capabilities."</p> }
            >
                {GROUPS
                    .into_iter()
                    .map(|(heading, ids)| view! { <CapabilityGroup heading ids /> })
                    .collect_view()}
                <PrincipalSettings />
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_hold_every_capability_once_in_table_order() {
        let grouped: Vec<CapabilityId> = GROUPS
            .iter()
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect();
        let mut sorted = grouped.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CapabilityId::ALL.to_vec());
        assert_eq!(grouped.len(), CapabilityId::ALL.len());
    }
}
