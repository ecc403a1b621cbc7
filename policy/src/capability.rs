//! Capabilities: the tasks an administrator ticks ("Restore tables from backups"), each with the
//! actions it needs, the companions that make it work and why, and the resources they act on.
//!
//! A capability says *what* on *which kind* of resource ([`Target`]); the builder turns targets into
//! ARNs from a principal's scope. Guardrails are explicit denies; trust capabilities make the role's
//! trust policy instead of identity statements.
//!
//! ```
//! use policy::capability::{CapabilityId, Target};
//!
//! let restore = CapabilityId::RestoreBackup.capability();
//! assert_eq!(restore.title, "Restore tables from backups");
//! let writes = restore.grants.iter().find(|grant| grant.actions.contains(&"dynamodb:PutItem")).unwrap();
//! assert_eq!(writes.targets, &[Target::RestoreTargets]);
//! assert!(writes.companion.is_some());
//!
//! let error = "restore.bakup".parse::<CapabilityId>().unwrap_err();
//! assert_eq!(error.to_string(), "unknown capability `restore.bakup`, did you mean `restore.backup`?");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use CapabilityKind::{Guardrail, Permission, Trust};
use Target::{
    Any, AwsBackupRole, BackupPlans, BackupVaults, Backups, DynamoDbLogGroups, Exports, Imports,
    KmsKeys, RecoveryPoints, RestoreTargets, S3Bucket, S3Objects, Tables,
};

/// A capability's stable id, as written in specs and share links. The order is the table's order,
/// which is the order the page shows and the builder emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CapabilityId {
    BackupCreate,
    BackupView,
    BackupDelete,
    RestoreBackup,
    PitrView,
    PitrManage,
    RestorePitr,
    ExportS3,
    ImportS3,
    AwsBackupBackup,
    AwsBackupRestore,
    AwsBackupView,
    KmsCustomerKeys,
    GuardNoBackupDelete,
    GuardNoRestore,
    GuardNoPitrChange,
    GuardNoBackupPlanChange,
    TrustAwsBackup,
    TrustAccount,
}

impl CapabilityId {
    pub const ALL: [CapabilityId; 19] = [
        CapabilityId::BackupCreate,
        CapabilityId::BackupView,
        CapabilityId::BackupDelete,
        CapabilityId::RestoreBackup,
        CapabilityId::PitrView,
        CapabilityId::PitrManage,
        CapabilityId::RestorePitr,
        CapabilityId::ExportS3,
        CapabilityId::ImportS3,
        CapabilityId::AwsBackupBackup,
        CapabilityId::AwsBackupRestore,
        CapabilityId::AwsBackupView,
        CapabilityId::KmsCustomerKeys,
        CapabilityId::GuardNoBackupDelete,
        CapabilityId::GuardNoRestore,
        CapabilityId::GuardNoPitrChange,
        CapabilityId::GuardNoBackupPlanChange,
        CapabilityId::TrustAwsBackup,
        CapabilityId::TrustAccount,
    ];

    pub const fn as_str(self) -> &'static str {
        self.capability().id_text
    }

    pub const fn capability(self) -> &'static Capability {
        match self {
            CapabilityId::BackupCreate => &BACKUP_CREATE,
            CapabilityId::BackupView => &BACKUP_VIEW,
            CapabilityId::BackupDelete => &BACKUP_DELETE,
            CapabilityId::RestoreBackup => &RESTORE_BACKUP,
            CapabilityId::PitrView => &PITR_VIEW,
            CapabilityId::PitrManage => &PITR_MANAGE,
            CapabilityId::RestorePitr => &RESTORE_PITR,
            CapabilityId::ExportS3 => &EXPORT_S3,
            CapabilityId::ImportS3 => &IMPORT_S3,
            CapabilityId::AwsBackupBackup => &AWSBACKUP_BACKUP,
            CapabilityId::AwsBackupRestore => &AWSBACKUP_RESTORE,
            CapabilityId::AwsBackupView => &AWSBACKUP_VIEW,
            CapabilityId::KmsCustomerKeys => &KMS_CUSTOMER_KEYS,
            CapabilityId::GuardNoBackupDelete => &GUARD_NO_BACKUP_DELETE,
            CapabilityId::GuardNoRestore => &GUARD_NO_RESTORE,
            CapabilityId::GuardNoPitrChange => &GUARD_NO_PITR_CHANGE,
            CapabilityId::GuardNoBackupPlanChange => &GUARD_NO_BACKUP_PLAN_CHANGE,
            CapabilityId::TrustAwsBackup => &TRUST_AWS_BACKUP,
            CapabilityId::TrustAccount => &TRUST_ACCOUNT,
        }
    }
}

impl fmt::Display for CapabilityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CapabilityId {
    type Err = UnknownCapabilityError;
    fn from_str(text: &str) -> Result<Self, UnknownCapabilityError> {
        CapabilityId::ALL
            .into_iter()
            .find(|id| id.as_str() == text)
            .ok_or_else(|| {
                let suggestion =
                    crate::catalog::closest(text, CapabilityId::ALL.iter().map(|id| id.as_str()))
                        .and_then(|text| {
                            CapabilityId::ALL.into_iter().find(|id| id.as_str() == text)
                        });
                UnknownCapabilityError {
                    id: text.to_owned(),
                    suggestion,
                }
            })
    }
}

impl TryFrom<String> for CapabilityId {
    type Error = UnknownCapabilityError;
    fn try_from(text: String) -> Result<Self, UnknownCapabilityError> {
        text.parse()
    }
}

impl From<CapabilityId> for String {
    fn from(id: CapabilityId) -> String {
        id.as_str().to_owned()
    }
}

/// A capability id that is not in the table.
///
/// The message names the near miss when there is one; serde shows only the message, so a spec with
/// a typo still says what was meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown capability `{id}`{}", suggestion.map(|id| format!(", did you mean `{id}`?")).unwrap_or_default())]
pub struct UnknownCapabilityError {
    pub id: String,
    pub suggestion: Option<CapabilityId>,
}

impl UnknownCapabilityError {
    /// The ids that are allowed.
    pub fn help(&self) -> String {
        let ids: Vec<String> = CapabilityId::ALL
            .iter()
            .map(|id| format!("`{id}`"))
            .collect();
        format!("use one of {}", ids.join(", "))
    }
}

/// Whether a capability allows, denies, or lets someone assume the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CapabilityKind {
    /// Allow statements in the principal's identity policies.
    Permission,
    /// Deny statements in the principal's identity policies, with break-glass principals excepted.
    Guardrail,
    /// A statement of the role's trust policy; has no grants.
    Trust,
}

/// One row of the capability table.
#[derive(Debug, PartialEq, Eq)]
pub struct Capability {
    pub id: CapabilityId,
    id_text: &'static str,
    /// The checkbox label, word for word.
    pub title: &'static str,
    /// One sentence: what the task is, and what to know about it.
    pub description: &'static str,
    pub kind: CapabilityKind,
    /// The capability's own actions first, then its companions.
    pub grants: &'static [Grant],
}

impl Capability {
    /// Every action the capability names, in grant order, each once.
    pub fn actions(&self) -> Vec<&'static str> {
        let mut actions: Vec<&'static str> = Vec::new();
        for action in self
            .grants
            .iter()
            .flat_map(|grant| grant.actions.iter().copied())
        {
            if !actions.contains(&action) {
                actions.push(action);
            }
        }
        actions
    }
}

/// Some actions on some kinds of resource, for some principals.
#[derive(Debug, PartialEq, Eq)]
pub struct Grant {
    /// Names the statement in `Sid`s: PascalCase letters and digits.
    pub label: &'static str,
    /// Full action names in AWS's spelling, sorted.
    pub actions: &'static [&'static str],
    /// The resources, as kinds the builder resolves against the scope.
    pub targets: &'static [Target],
    /// `None` for the task's own actions; for a companion, why the task needs it.
    pub companion: Option<&'static str>,
    pub audience: Audience,
    pub condition: GrantCondition,
}

/// A kind of resource, resolved to ARNs from the principal's scope (partition, accounts, regions,
/// tables, restore targets, S3 location, KMS keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// `"*"`: for actions that accept nothing else.
    Any,
    /// The chosen tables: `table/Orders`.
    Tables,
    /// Every table in the scope's accounts and regions: `table/*`.
    AllTables,
    /// The chosen tables' DynamoDB backups: `table/Orders/backup/*`.
    Backups,
    /// The tables a restore or import may create: `table/orders-restore-*`.
    RestoreTargets,
    /// The chosen tables' exports: `table/Orders/export/*`.
    Exports,
    /// The imports into restore targets: `table/orders-restore-*/import/*`.
    Imports,
    /// The objects under the S3 location: `arn:aws:s3:::bucket/prefix*`.
    S3Objects,
    /// The S3 location's bucket: `arn:aws:s3:::bucket`.
    S3Bucket,
    /// The chosen KMS keys.
    KmsKeys,
    /// AWS Backup vaults: `backup-vault:*`.
    BackupVaults,
    /// AWS Backup plans: `backup-plan:*`.
    BackupPlans,
    /// Recovery points of both kinds: AWS Backup's (`recovery-point:*`, from advanced DynamoDB
    /// backup) and DynamoDB backups of the chosen tables that AWS Backup manages.
    RecoveryPoints,
    /// The role AWS Backup works with, which the caller passes.
    AwsBackupRole,
    /// The log groups DynamoDB writes import errors to: `log-group:/aws-dynamodb/*`.
    DynamoDbLogGroups,
}

/// Who needs a grant: the principal that calls AWS Backup, or the role AWS Backup assumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Everyone,
    /// Principals that start jobs; not a service role, which AWS Backup assumes and nobody calls with.
    Caller,
    /// The role AWS Backup assumes: a service role, or a role with `trust.aws-backup`.
    AwsBackupRole,
}

/// A condition the builder adds to a grant's statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantCondition {
    None,
    /// `StringEquals` `iam:PassedToService` `backup.amazonaws.com`: the role may be passed to AWS
    /// Backup only.
    PassedToAwsBackup,
    /// `Bool` `kms:GrantIsForAWSResource` `true`: only AWS services may use the grants.
    GrantIsForAwsResource,
}

const ITEM_ACTIONS: &[&str] = &[
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

const RESTORE_WRITES: &str = "a restore writes the items into the new table with the caller's permissions, so it needs item access on the target";

const fn own(
    label: &'static str,
    actions: &'static [&'static str],
    targets: &'static [Target],
) -> Grant {
    Grant {
        label,
        actions,
        targets,
        companion: None,
        audience: Audience::Everyone,
        condition: GrantCondition::None,
    }
}

const fn companion(
    label: &'static str,
    actions: &'static [&'static str],
    targets: &'static [Target],
    reason: &'static str,
) -> Grant {
    Grant {
        label,
        actions,
        targets,
        companion: Some(reason),
        audience: Audience::Everyone,
        condition: GrantCondition::None,
    }
}

const fn for_audience(grant: Grant, audience: Audience) -> Grant {
    Grant { audience, ..grant }
}

const fn with_condition(grant: Grant, condition: GrantCondition) -> Grant {
    Grant { condition, ..grant }
}

const fn capability(
    id: CapabilityId,
    id_text: &'static str,
    title: &'static str,
    description: &'static str,
    kind: CapabilityKind,
    grants: &'static [Grant],
) -> Capability {
    Capability {
        id,
        id_text,
        title,
        description,
        kind,
        grants,
    }
}

/// Every capability, in table order.
pub fn all() -> impl Iterator<Item = &'static Capability> {
    CapabilityId::ALL.into_iter().map(CapabilityId::capability)
}

static BACKUP_CREATE: Capability = capability(
    CapabilityId::BackupCreate,
    "backup.create",
    "Create on-demand backups",
    "Take a full backup of the chosen tables whenever asked, kept until someone deletes it.",
    Permission,
    &[own(
        "CreateOnDemandBackups",
        &["dynamodb:CreateBackup"],
        &[Tables],
    )],
);

static BACKUP_VIEW: Capability = capability(
    CapabilityId::BackupView,
    "backup.view",
    "List and describe backups",
    "See which on-demand backups exist and read their details; listing works only on `*`, so it lists the backups of every table.",
    Permission,
    &[
        own("ListBackups", &["dynamodb:ListBackups"], &[Any]),
        own("DescribeBackups", &["dynamodb:DescribeBackup"], &[Backups]),
    ],
);

static BACKUP_DELETE: Capability = capability(
    CapabilityId::BackupDelete,
    "backup.delete",
    "Delete backups",
    "Delete on-demand backups of the chosen tables; recovery points of AWS Backup are deleted through AWS Backup instead.",
    Permission,
    &[own("DeleteBackups", &["dynamodb:DeleteBackup"], &[Backups])],
);

static RESTORE_BACKUP: Capability = capability(
    CapabilityId::RestoreBackup,
    "restore.backup",
    "Restore tables from backups",
    "Create a new table from a backup of a chosen table; changing this policy or disabling the backup's KMS key while the restore runs makes it fail.",
    Permission,
    &[
        own(
            "RestoreFromBackups",
            &["dynamodb:RestoreTableFromBackup"],
            &[Backups, RestoreTargets],
        ),
        companion(
            "WriteRestoredItems",
            ITEM_ACTIONS,
            &[RestoreTargets],
            RESTORE_WRITES,
        ),
    ],
);

static PITR_VIEW: Capability = capability(
    CapabilityId::PitrView,
    "pitr.view",
    "See point-in-time recovery status",
    "Read whether point-in-time recovery is on for the chosen tables and which window it can restore to.",
    Permission,
    &[own(
        "ReadPointInTimeRecoveryStatus",
        &["dynamodb:DescribeContinuousBackups"],
        &[Tables],
    )],
);

static PITR_MANAGE: Capability = capability(
    CapabilityId::PitrManage,
    "pitr.manage",
    "Turn point-in-time recovery on or off",
    "Enable or disable point-in-time recovery on the chosen tables; turning it off and on again restarts the restore window.",
    Permission,
    &[
        own(
            "ChangePointInTimeRecovery",
            &["dynamodb:UpdateContinuousBackups"],
            &[Tables],
        ),
        companion(
            "ReadPointInTimeRecoveryStatus",
            &["dynamodb:DescribeContinuousBackups"],
            &[Tables],
            "to read the current setting before changing it",
        ),
    ],
);

static RESTORE_PITR: Capability = capability(
    CapabilityId::RestorePitr,
    "restore.pitr",
    "Restore tables to a point in time",
    "Create a new table from a chosen table as it was at any second of its recovery window; changing this policy or disabling the table's KMS key while the restore runs makes it fail.",
    Permission,
    &[
        own(
            "RestoreToPointInTime",
            &["dynamodb:RestoreTableToPointInTime"],
            &[Tables],
        ),
        companion(
            "WriteRestoredItems",
            ITEM_ACTIONS,
            &[RestoreTargets],
            RESTORE_WRITES,
        ),
        companion(
            "ReadPointInTimeRecoveryStatus",
            &["dynamodb:DescribeContinuousBackups"],
            &[Tables],
            "to find the earliest and latest time a table can be restored to",
        ),
    ],
);

static EXPORT_S3: Capability = capability(
    CapabilityId::ExportS3,
    "export.s3",
    "Export tables to S3",
    "Write a chosen table's data as of a point in time to the S3 location; the table needs point-in-time recovery on, and a bucket in another account must allow the export in its bucket policy.",
    Permission,
    &[
        own(
            "ExportToS3",
            &["dynamodb:ExportTableToPointInTime"],
            &[Tables],
        ),
        companion(
            "DescribeExports",
            &["dynamodb:DescribeExport"],
            &[Exports],
            "to follow the export until it completes",
        ),
        companion(
            "WriteExportFiles",
            &["s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl"],
            &[S3Objects],
            "DynamoDB writes the export files to the bucket with the caller's permissions",
        ),
    ],
);

static IMPORT_S3: Capability = capability(
    CapabilityId::ImportS3,
    "import.s3",
    "Import tables from S3",
    "Create a new table from data in the S3 location; an import creates its table like a restore does, so the name must fit the restore targets.",
    Permission,
    &[
        own("ImportFromS3", &["dynamodb:ImportTable"], &[RestoreTargets]),
        companion(
            "DescribeImports",
            &["dynamodb:DescribeImport"],
            &[Imports],
            "to follow the import until it completes",
        ),
        companion(
            "ReadImportFiles",
            &["s3:GetObject"],
            &[S3Objects],
            "DynamoDB reads the source files with the caller's permissions",
        ),
        companion(
            "ListImportFiles",
            &["s3:ListBucket"],
            &[S3Bucket],
            "DynamoDB lists the source files with the caller's permissions",
        ),
        companion(
            "WriteImportLogs",
            &[
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
                "logs:PutRetentionPolicy",
            ],
            &[DynamoDbLogGroups],
            "DynamoDB logs rejected items to CloudWatch Logs under `/aws-dynamodb/` with the caller's permissions",
        ),
    ],
);

static AWSBACKUP_BACKUP: Capability = capability(
    CapabilityId::AwsBackupBackup,
    "awsbackup.backup",
    "Back up with AWS Backup",
    "Start AWS Backup jobs for the chosen tables; the role AWS Backup works with needs this capability too, together with `Let AWS Backup assume this role`.",
    Permission,
    &[
        for_audience(
            own(
                "StartAwsBackupJobs",
                &["backup:StartBackupJob"],
                &[BackupVaults],
            ),
            Audience::Caller,
        ),
        for_audience(
            companion(
                "FollowAwsBackupJobs",
                &["backup:DescribeBackupJob"],
                &[Any],
                "to follow the backup job until it completes",
            ),
            Audience::Caller,
        ),
        for_audience(
            with_condition(
                companion(
                    "PassRoleToAwsBackup",
                    &["iam:PassRole"],
                    &[AwsBackupRole],
                    "a backup job names the role AWS Backup works with, and naming it passes it",
                ),
                GrantCondition::PassedToAwsBackup,
            ),
            Audience::Caller,
        ),
        for_audience(
            companion(
                "BackUpTablesForAwsBackup",
                &[
                    "dynamodb:CreateBackup",
                    "dynamodb:DescribeTable",
                    "dynamodb:ListTagsOfResource",
                    "dynamodb:StartAwsBackupJob",
                ],
                &[Tables],
                "AWS Backup backs the tables up with the role it assumes: advanced DynamoDB backup needs `StartAwsBackupJob` and `ListTagsOfResource`, the classic kind `CreateBackup`",
            ),
            Audience::AwsBackupRole,
        ),
        for_audience(
            companion(
                "DescribeBackupsForAwsBackup",
                &["dynamodb:DescribeBackup"],
                &[Backups],
                "AWS Backup follows classic DynamoDB backups until they are available",
            ),
            Audience::AwsBackupRole,
        ),
    ],
);

static AWSBACKUP_RESTORE: Capability = capability(
    CapabilityId::AwsBackupRestore,
    "awsbackup.restore",
    "Restore with AWS Backup",
    "Start AWS Backup restore jobs that create new tables from recovery points; AWS Backup restores with the role passed to it, which must trust AWS Backup and hold this capability too.",
    Permission,
    &[
        for_audience(
            own(
                "StartAwsBackupRestores",
                &["backup:StartRestoreJob"],
                &[RecoveryPoints],
            ),
            Audience::Caller,
        ),
        for_audience(
            companion(
                "ReadRecoveryPointsForRestore",
                &[
                    "backup:DescribeRecoveryPoint",
                    "backup:GetRecoveryPointRestoreMetadata",
                ],
                &[RecoveryPoints],
                "to read the settings a restore job needs from the recovery point",
            ),
            Audience::Caller,
        ),
        for_audience(
            companion(
                "FollowAwsBackupRestores",
                &["backup:DescribeRestoreJob"],
                &[Any],
                "to follow the restore job until it completes",
            ),
            Audience::Caller,
        ),
        for_audience(
            with_condition(
                companion(
                    "PassRoleToAwsBackup",
                    &["iam:PassRole"],
                    &[AwsBackupRole],
                    "a restore job names the role AWS Backup restores with, and naming it passes it",
                ),
                GrantCondition::PassedToAwsBackup,
            ),
            Audience::Caller,
        ),
        for_audience(
            companion(
                "RestoreTablesForAwsBackup",
                &[
                    "dynamodb:DescribeTable",
                    "dynamodb:RestoreTableFromAwsBackup",
                ],
                &[RestoreTargets],
                "AWS Backup creates the new table with the role it assumes; recovery points of advanced DynamoDB backup need `RestoreTableFromAwsBackup`",
            ),
            Audience::AwsBackupRole,
        ),
        for_audience(
            companion(
                "RestoreClassicBackupsForAwsBackup",
                &["dynamodb:RestoreTableFromBackup"],
                &[Backups, RestoreTargets],
                "recovery points of classic DynamoDB backups are DynamoDB backups, restored with `RestoreTableFromBackup` on the backup and the new table",
            ),
            Audience::AwsBackupRole,
        ),
        for_audience(
            companion(
                "WriteRestoredItems",
                ITEM_ACTIONS,
                &[RestoreTargets],
                RESTORE_WRITES,
            ),
            Audience::AwsBackupRole,
        ),
    ],
);

static AWSBACKUP_VIEW: Capability = capability(
    CapabilityId::AwsBackupView,
    "awsbackup.view",
    "View AWS Backup recovery points",
    "List backup vaults and the recovery points in them, and read their details.",
    Permission,
    &[
        own(
            "ListBackupVaultsAndRecoveryPoints",
            &[
                "backup:ListBackupVaults",
                "backup:ListRecoveryPointsByResource",
            ],
            &[Any],
        ),
        own(
            "ReadBackupVaults",
            &[
                "backup:DescribeBackupVault",
                "backup:ListRecoveryPointsByBackupVault",
            ],
            &[BackupVaults],
        ),
        own(
            "DescribeRecoveryPoints",
            &["backup:DescribeRecoveryPoint"],
            &[RecoveryPoints],
        ),
    ],
);

static KMS_CUSTOMER_KEYS: Capability = capability(
    CapabilityId::KmsCustomerKeys,
    "kms.customer-keys",
    "Use customer-managed KMS keys",
    "Use the chosen KMS keys for the tables, backups and exports they encrypt; each key's key policy must also allow this principal, or delegate to the account's IAM policies.",
    Permission,
    &[
        own(
            "UseCustomerManagedKeys",
            &[
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey",
            ],
            &[KmsKeys],
        ),
        with_condition(
            companion(
                "GrantKeysToAwsServices",
                &["kms:CreateGrant"],
                &[KmsKeys],
                "DynamoDB and AWS Backup create grants on the key for the tables they make; the condition keeps grants for AWS services only",
            ),
            GrantCondition::GrantIsForAwsResource,
        ),
    ],
);

static GUARD_NO_BACKUP_DELETE: Capability = capability(
    CapabilityId::GuardNoBackupDelete,
    "guard.no-backup-delete",
    "Deny deleting backups",
    "Deny deleting the chosen tables' backups both ways, as DynamoDB backups and as AWS Backup recovery points, and the vault-policy changes that would allow it again, except for break-glass principals.",
    Guardrail,
    &[
        own("DenyBackupDeletion", &["dynamodb:DeleteBackup"], &[Backups]),
        companion(
            "DenyRecoveryPointDeletion",
            &[
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
            ],
            &[RecoveryPoints],
            "recovery points are deleted through AWS Backup, which a deny of `dynamodb:DeleteBackup` does not stop, and a shorter lifecycle deletes them too",
        ),
        companion(
            "DenyVaultPolicyChanges",
            &[
                "backup:DeleteBackupVaultAccessPolicy",
                "backup:PutBackupVaultAccessPolicy",
            ],
            &[BackupVaults],
            "a vault access policy can allow deletion again, or lose the deny it holds",
        ),
    ],
);

static GUARD_NO_RESTORE: Capability = capability(
    CapabilityId::GuardNoRestore,
    "guard.no-restore",
    "Deny restoring from backups",
    "Deny every way of restoring the chosen tables: from their backups, to a point in time, and through AWS Backup, except for break-glass principals.",
    Guardrail,
    &[
        own(
            "DenyRestoreFromBackups",
            &["dynamodb:RestoreTableFromBackup"],
            &[Backups],
        ),
        own(
            "DenyRestoreToPointInTime",
            &["dynamodb:RestoreTableToPointInTime"],
            &[Tables],
        ),
        companion(
            "DenyAwsBackupRestores",
            &["backup:StartRestoreJob"],
            &[RecoveryPoints],
            "AWS Backup restores recovery points of the tables without calling the DynamoDB restore actions as the caller",
        ),
        companion(
            "DenyRestoreFromAwsBackup",
            &["dynamodb:RestoreTableFromAwsBackup"],
            &[Target::AllTables],
            "a restore of an advanced AWS Backup recovery point is checked on the new table only, which can have any name",
        ),
    ],
);

static GUARD_NO_PITR_CHANGE: Capability = capability(
    CapabilityId::GuardNoPitrChange,
    "guard.no-pitr-change",
    "Deny changing point-in-time recovery",
    "Deny turning point-in-time recovery on or off for the chosen tables, since turning it off and on again restarts the restore window, except for break-glass principals.",
    Guardrail,
    &[own(
        "DenyPointInTimeRecoveryChanges",
        &["dynamodb:UpdateContinuousBackups"],
        &[Tables],
    )],
);

static GUARD_NO_BACKUP_PLAN_CHANGE: Capability = capability(
    CapabilityId::GuardNoBackupPlanChange,
    "guard.no-backup-plan-change",
    "Deny changing AWS Backup plans and selections",
    "Deny creating, changing and deleting AWS Backup plans and the resource selections that put tables in them, except for break-glass principals.",
    Guardrail,
    &[own(
        "DenyBackupPlanChanges",
        &[
            "backup:CreateBackupPlan",
            "backup:CreateBackupSelection",
            "backup:DeleteBackupPlan",
            "backup:DeleteBackupSelection",
            "backup:UpdateBackupPlan",
        ],
        &[BackupPlans],
    )],
);

static TRUST_AWS_BACKUP: Capability = capability(
    CapabilityId::TrustAwsBackup,
    "trust.aws-backup",
    "Let AWS Backup assume this role",
    "Add a trust policy statement that lets the AWS Backup service assume this role to back up and restore with its permissions.",
    Trust,
    &[],
);

static TRUST_ACCOUNT: Capability = capability(
    CapabilityId::TrustAccount,
    "trust.account",
    "Let another AWS account assume this role",
    "Add a trust policy statement that lets principals of the trusted accounts assume this role, if given only with the agreed external id.",
    Trust,
    &[],
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    /// The issue's table, word for word.
    const TABLE: [(&str, &str); 19] = [
        ("backup.create", "Create on-demand backups"),
        ("backup.view", "List and describe backups"),
        ("backup.delete", "Delete backups"),
        ("restore.backup", "Restore tables from backups"),
        ("pitr.view", "See point-in-time recovery status"),
        ("pitr.manage", "Turn point-in-time recovery on or off"),
        ("restore.pitr", "Restore tables to a point in time"),
        ("export.s3", "Export tables to S3"),
        ("import.s3", "Import tables from S3"),
        ("awsbackup.backup", "Back up with AWS Backup"),
        ("awsbackup.restore", "Restore with AWS Backup"),
        ("awsbackup.view", "View AWS Backup recovery points"),
        ("kms.customer-keys", "Use customer-managed KMS keys"),
        ("guard.no-backup-delete", "Deny deleting backups"),
        ("guard.no-restore", "Deny restoring from backups"),
        (
            "guard.no-pitr-change",
            "Deny changing point-in-time recovery",
        ),
        (
            "guard.no-backup-plan-change",
            "Deny changing AWS Backup plans and selections",
        ),
        ("trust.aws-backup", "Let AWS Backup assume this role"),
        ("trust.account", "Let another AWS account assume this role"),
    ];

    #[test]
    fn capability_table_is_the_issue_table_word_for_word() {
        let ours: Vec<(&str, &str)> = all()
            .map(|capability| (capability.id.as_str(), capability.title))
            .collect();
        assert_eq!(ours, TABLE);
        for capability in all() {
            assert_eq!(capability.id.capability(), capability);
            assert_eq!(
                capability.id.as_str().parse::<CapabilityId>(),
                Ok(capability.id)
            );
        }
    }

    #[test]
    fn descriptions_are_one_sentence() {
        for capability in all() {
            let description = capability.description;
            assert!(description.ends_with('.'), "{}", capability.id);
            assert_eq!(
                description.matches(". ").count(),
                0,
                "{}: {description}",
                capability.id
            );
        }
    }

    #[test]
    fn capability_ids_serialize_as_their_text() {
        let json = serde_json::to_string(&CapabilityId::GuardNoBackupDelete).unwrap();
        assert_eq!(json, r#""guard.no-backup-delete""#);
        let error = serde_json::from_str::<CapabilityId>(r#""backup.creat""#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown capability `backup.creat`, did you mean `backup.create`?"),
            "{error}"
        );
    }

    #[test]
    fn unknown_capability_says_what_is_allowed() {
        let error = "nonsense".parse::<CapabilityId>().unwrap_err();
        assert_eq!(error.to_string(), "unknown capability `nonsense`");
        assert!(
            error
                .help()
                .starts_with("use one of `backup.create`, `backup.view`,"),
            "{}",
            error.help()
        );
        assert!(error.help().ends_with("`trust.account`"));
    }

    #[test]
    fn grant_actions_are_catalog_actions_in_their_spelling_and_sorted() {
        for capability in all() {
            for grant in capability.grants {
                for action in grant.actions {
                    assert_eq!(
                        catalog::action(action).unwrap().to_string(),
                        *action,
                        "{}",
                        capability.id
                    );
                }
                assert!(
                    grant.actions.is_sorted(),
                    "{}: {}",
                    capability.id,
                    grant.label
                );
                assert!(
                    grant.label.chars().all(|c| c.is_ascii_alphanumeric())
                        && grant.label.starts_with(|c: char| c.is_ascii_uppercase()),
                    "{}",
                    grant.label
                );
            }
        }
    }

    /// `Any` only for actions that take nothing else, and a resource target only for actions with
    /// a resource type that fits it.
    #[test]
    fn grant_targets_fit_the_actions_resource_types() {
        for capability in all() {
            for grant in capability.grants {
                for action in grant
                    .actions
                    .iter()
                    .map(|action| catalog::action(action).unwrap())
                {
                    for target in grant.targets {
                        let fits: &[&str] = match target {
                            Target::Any => &[],
                            Target::Tables | Target::AllTables | Target::RestoreTargets => {
                                &["table"]
                            }
                            Target::Backups => &["backup"],
                            Target::Exports => &["export"],
                            Target::Imports => &["import"],
                            Target::S3Objects => &["object"],
                            Target::S3Bucket => &["bucket"],
                            Target::KmsKeys => &["key"],
                            Target::BackupVaults => &["backupVault"],
                            Target::BackupPlans => &["backupPlan"],
                            Target::RecoveryPoints => &["recoveryPoint"],
                            Target::AwsBackupRole => &["role"],
                            Target::DynamoDbLogGroups => &["log-group", "log-stream"],
                        };
                        if fits.is_empty() {
                            assert!(action.is_wildcard_only(), "{action} on `*`");
                        } else {
                            assert!(
                                action
                                    .resource_types
                                    .iter()
                                    .any(|usage| fits.contains(&usage.name)),
                                "{action} on {target:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn guardrails_and_trust_have_the_right_shape() {
        for capability in all() {
            match capability.kind {
                CapabilityKind::Trust => assert!(capability.grants.is_empty()),
                CapabilityKind::Guardrail => {
                    assert!(capability.id.as_str().starts_with("guard."));
                    assert!(
                        capability
                            .grants
                            .iter()
                            .all(|grant| grant.audience == Audience::Everyone)
                    );
                }
                CapabilityKind::Permission => assert!(!capability.grants.is_empty()),
            }
        }
    }

    /// PITFALLS D06: denying `dynamodb:DeleteBackup` alone leaves recovery points deletable.
    #[test]
    fn no_backup_delete_covers_aws_backup_paths() {
        let actions = CapabilityId::GuardNoBackupDelete.capability().actions();
        for action in [
            "dynamodb:DeleteBackup",
            "backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle",
            "backup:PutBackupVaultAccessPolicy",
        ] {
            assert!(actions.contains(&action), "{action}");
        }
    }

    /// PITFALLS D01: a restore needs the item actions on the target.
    #[test]
    fn restores_write_items_on_the_target() {
        for id in [
            CapabilityId::RestoreBackup,
            CapabilityId::RestorePitr,
            CapabilityId::AwsBackupRestore,
        ] {
            let writes = id
                .capability()
                .grants
                .iter()
                .find(|grant| grant.actions == ITEM_ACTIONS)
                .unwrap();
            assert_eq!(writes.targets, &[Target::RestoreTargets], "{id}");
            assert!(writes.companion.is_some());
        }
    }
}
