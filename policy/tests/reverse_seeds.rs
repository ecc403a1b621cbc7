//! The seed policies read back as capabilities: what each one grants on the sample tables `Movies`
//! and `Orders` in account `123456789012`, what it grants only in part (and what is missing), and the actions it
//! names outside the catalog. The fixtures are the linter's, in `tests/corpus/lint/`.

#![expect(
    clippy::unwrap_used,
    reason = "fixtures and generators outside `#[test]` functions: a failure there is a test failure"
)]

use std::path::Path;

use expect_test::{Expect, expect};
use policy::parse::parse;
use policy::reverse::{GrantStatus, SampleScope, reverse_documents};
use policy::spec::IdentityKind;

#[track_caller]
fn check(names: &[&str], kind: IdentityKind, expect: Expect) {
    let documents: Vec<_> = names
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/corpus/lint")
                    .join(name),
            )
            .unwrap();
            parse(&text).document.unwrap()
        })
        .collect();
    let tables = vec!["Movies".to_owned(), "Orders".to_owned()];
    let scope = SampleScope {
        principal_kind: kind,
        tables,
        ..SampleScope::default()
    };
    let found = reverse_documents(&documents, &scope);
    let mut out = String::new();
    for grant in &found.capabilities {
        match grant.status {
            GrantStatus::NotGranted => {}
            GrantStatus::Granted => out.push_str(&format!("{}: granted\n", grant.id)),
            GrantStatus::PartlyGranted => {
                let tables: Vec<String> = grant
                    .tables
                    .iter()
                    .map(|table| match table.status {
                        GrantStatus::Granted => format!("{} granted", table.table),
                        _ => format!("{} missing {}", table.table, table.missing.join(", ")),
                    })
                    .collect();
                out.push_str(&format!("{}: partly; {}\n", grant.id, tables.join("; ")));
            }
        }
    }
    if !found.outside_catalog.is_empty() {
        out.push_str(&format!(
            "outside the catalog: {}\n",
            found.outside_catalog.join(", ")
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn seed000_aws_guide_examples() {
    check(
        &["seed000_example1.json"],
        IdentityKind::Role,
        expect![[r#"
        backup.create: granted
        restore.backup: granted
        restore.pitr: partly; Movies missing dynamodb:RestoreTableToPointInTime, dynamodb:DescribeContinuousBackups; Orders missing dynamodb:RestoreTableToPointInTime, dynamodb:DescribeContinuousBackups
    "#]],
    );
    check(
        &["seed000_example5.json"],
        IdentityKind::Role,
        expect![[r#"
        backup.view: partly; Movies missing dynamodb:ListBackups; Orders missing dynamodb:ListBackups
        restore.backup: granted
        restore.pitr: partly; Movies missing dynamodb:RestoreTableToPointInTime, dynamodb:DescribeContinuousBackups; Orders missing dynamodb:RestoreTableToPointInTime, dynamodb:DescribeContinuousBackups
    "#]],
    );
    check(
        &["seed000_example6.json"],
        IdentityKind::Role,
        expect![[r#"
        backup.create: partly; Movies granted; Orders missing dynamodb:CreateBackup
    "#]],
    );
    check(
        &["seed000_example7.json"],
        IdentityKind::Role,
        expect![[r#"
        backup.view: partly; Movies missing dynamodb:DescribeBackup; Orders missing dynamodb:DescribeBackup
    "#]],
    );
}

#[test]
fn seed001_appliance_restore_role_with_its_trust_policy() {
    check(
        &[
            "seed001_trust_policy.json",
            "seed001_restore_role_repaired.json",
        ],
        IdentityKind::Role,
        expect![[r#"
        pitr.view: granted
        pitr.manage: granted
        restore.pitr: partly; Movies missing dynamodb:RestoreTableToPointInTime, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem; Orders missing dynamodb:RestoreTableToPointInTime, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem
        awsbackup.backup: partly; Movies missing backup:StartBackupJob, backup:DescribeBackupJob, dynamodb:CreateBackup, dynamodb:ListTagsOfResource, dynamodb:StartAwsBackupJob, dynamodb:DescribeBackup; Orders missing backup:StartBackupJob, backup:DescribeBackupJob, dynamodb:CreateBackup, dynamodb:ListTagsOfResource, dynamodb:StartAwsBackupJob, dynamodb:DescribeBackup
        awsbackup.restore: partly; Movies missing backup:GetRecoveryPointRestoreMetadata, dynamodb:RestoreTableFromBackup, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem; Orders missing backup:GetRecoveryPointRestoreMetadata, dynamodb:RestoreTableFromBackup, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem
        awsbackup.view: partly; Movies missing backup:ListRecoveryPointsByResource, backup:DescribeBackupVault, backup:ListRecoveryPointsByBackupVault; Orders missing backup:ListRecoveryPointsByResource, backup:DescribeBackupVault, backup:ListRecoveryPointsByBackupVault
        kms.customer-keys: partly; Movies missing kms:Encrypt, kms:GenerateDataKey; Orders missing kms:Encrypt, kms:GenerateDataKey
        trust.aws-backup: granted
        outside the catalog: ec2:DescribeRegions, iam:GetContextKeysForPrincipalPolicy, iam:ListAccountAliases, iam:SimulatePrincipalPolicy
    "#]],
    );
}

#[test]
fn seed002_workshop_deny_deletion() {
    check(
        &["seed002_deny_delete_backup.json"],
        IdentityKind::Role,
        expect![[r#""#]],
    );
    check(
        &["seed002_deny_delete_backup_selection.json"],
        IdentityKind::Role,
        expect![[r#""#]],
    );
}

#[test]
fn seed003_veeam_backup_roles_as_service_roles() {
    check(
        &[
            "seed003_trust_policy.json",
            "seed003_backup_role_repaired.json",
        ],
        IdentityKind::ServiceRole,
        expect![[r#"
        pitr.view: granted
        pitr.manage: partly; Movies missing dynamodb:UpdateContinuousBackups; Orders missing dynamodb:UpdateContinuousBackups
        restore.pitr: partly; Movies missing dynamodb:RestoreTableToPointInTime, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem; Orders missing dynamodb:RestoreTableToPointInTime, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem
        awsbackup.backup: partly; Movies missing dynamodb:CreateBackup, dynamodb:DescribeBackup; Orders missing dynamodb:CreateBackup, dynamodb:DescribeBackup
        awsbackup.restore: partly; Movies missing dynamodb:RestoreTableFromAwsBackup, dynamodb:RestoreTableFromBackup, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem; Orders missing dynamodb:RestoreTableFromAwsBackup, dynamodb:RestoreTableFromBackup, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem
        awsbackup.view: partly; Movies missing backup:ListRecoveryPointsByResource, backup:DescribeBackupVault; Orders missing backup:ListRecoveryPointsByResource, backup:DescribeBackupVault
        kms.customer-keys: partly; Movies missing kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:CreateGrant; Orders missing kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:CreateGrant
        trust.aws-backup: granted
        outside the catalog: ec2:DescribeRegions, ec2:DescribeAvailabilityZones, events:DeleteRule, events:DescribeRule, events:ListTargetsByRule, events:PutRule, events:PutTargets, events:RemoveTargets, iam:GetContextKeysForPrincipalPolicy, iam:ListAccountAliases, iam:SimulatePrincipalPolicy, sns:CreateTopic, sns:DeleteTopic, sns:ListSubscriptionsByTopic, sns:ListTopics, sns:SetTopicAttributes, sns:Subscribe, sns:Unsubscribe, sqs:CreateQueue, sqs:DeleteMessage, sqs:DeleteQueue, sqs:ListQueues, sqs:ReceiveMessage, sqs:SetQueueAttributes
    "#]],
    );
    check(
        &["seed003_manual_backup_role_repaired.json"],
        IdentityKind::ServiceRole,
        expect![[r#"
        pitr.view: granted
        pitr.manage: partly; Movies missing dynamodb:UpdateContinuousBackups; Orders missing dynamodb:UpdateContinuousBackups
        restore.pitr: partly; Movies missing dynamodb:RestoreTableToPointInTime, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem; Orders missing dynamodb:RestoreTableToPointInTime, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem
        awsbackup.backup: partly; Movies missing dynamodb:CreateBackup, dynamodb:DescribeBackup; Orders missing dynamodb:CreateBackup, dynamodb:DescribeBackup
        awsbackup.restore: partly; Movies missing dynamodb:RestoreTableFromAwsBackup, dynamodb:RestoreTableFromBackup, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem; Orders missing dynamodb:RestoreTableFromAwsBackup, dynamodb:RestoreTableFromBackup, dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan, dynamodb:UpdateItem
        awsbackup.view: partly; Movies missing backup:ListRecoveryPointsByResource, backup:DescribeBackupVault, backup:ListRecoveryPointsByBackupVault; Orders missing backup:ListRecoveryPointsByResource, backup:DescribeBackupVault, backup:ListRecoveryPointsByBackupVault
        kms.customer-keys: partly; Movies missing kms:Encrypt, kms:GenerateDataKey, kms:CreateGrant; Orders missing kms:Encrypt, kms:GenerateDataKey, kms:CreateGrant
        outside the catalog: ec2:DescribeRegions, iam:GetContextKeysForPrincipalPolicy, iam:SimulatePrincipalPolicy
    "#]],
    );
}
