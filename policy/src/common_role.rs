//! Common roles: ready-made specs for the jobs administrators set up most often, offered in the
//! page's presets menu beside the policies of the source documents ([`crate::preset`]).

use crate::spec::{Spec, SpecError};

/// One ready-made spec.
#[derive(Debug, PartialEq, Eq)]
pub struct CommonRole {
    /// Stable, kebab-case.
    pub id: &'static str,
    pub title: &'static str,
    spec: &'static str,
}

impl CommonRole {
    pub fn spec(&self) -> Result<Spec, SpecError> {
        Spec::from_json(self.spec)
    }
}

/// Every common role, in menu order.
pub fn all() -> &'static [CommonRole] {
    COMMON_ROLES
}

/// The common role with this id.
pub fn get(id: &str) -> Option<&'static CommonRole> {
    COMMON_ROLES.iter().find(|role| role.id == id)
}

static COMMON_ROLES: &[CommonRole] = &[
    CommonRole {
        id: "backup-operator",
        title: "Backup operator",
        spec: r#"{"version": 1, "principals": [{"kind": "role", "name": "BackupOperator",
            "capabilities": ["backup.create", "backup.view", "pitr.view", "guard.no-backup-delete"]}]}"#,
    },
    CommonRole {
        id: "restore-operator",
        title: "Restore operator",
        spec: r#"{"version": 1, "scope": {"restore_targets": {"pattern": "*-restored"}},
            "principals": [{"kind": "role", "name": "RestoreOperator",
            "capabilities": ["backup.view", "restore.backup", "pitr.view", "restore.pitr"]}]}"#,
    },
    CommonRole {
        id: "auditor",
        title: "Backup auditor (read only)",
        spec: r#"{"version": 1, "principals": [{"kind": "role", "name": "BackupAuditor",
            "capabilities": ["backup.view", "pitr.view", "awsbackup.view"]}]}"#,
    },
    CommonRole {
        id: "aws-backup-service-role",
        title: "AWS Backup service role",
        spec: r#"{"version": 1, "principals": [{"kind": "service-role", "name": "AWSBackupDynamoDBRole",
            "capabilities": ["awsbackup.backup", "awsbackup.restore", "trust.aws-backup"]}]}"#,
    },
    CommonRole {
        id: "third-party-appliance",
        title: "Third-party backup appliance role",
        spec: r#"{"version": 1, "principals": [{"kind": "role", "name": "BackupApplianceRole",
            "capabilities": ["backup.create", "backup.view", "restore.backup", "pitr.view", "awsbackup.backup", "awsbackup.view", "trust.account"],
            "trusted_accounts": ["111122223333"], "external_id": "replace-with-the-vendors-external-id"}]}"#,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::build;

    #[test]
    fn common_roles_read_and_build() {
        for role in all() {
            let spec = role
                .spec()
                .unwrap_or_else(|error| panic!("{}: {error}", role.id));
            let built = build(&spec).unwrap_or_else(|error| panic!("{}: {error}", role.id));
            assert!(
                built
                    .principals
                    .iter()
                    .any(|principal| !principal.identity_policies.is_empty()),
                "{}",
                role.id
            );
            assert_eq!(get(role.id), Some(role));
        }
    }
}
