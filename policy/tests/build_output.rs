//! The builder's output for typical specs, as snapshots (`UPDATE_EXPECT=1` refreshes them).

#![cfg(test)]

use expect_test::{Expect, expect};
use policy::build::{BuildError, build};
use policy::spec::Spec;

/// Builds `spec` and prints every policy of every principal with its name and size.
#[track_caller]
fn check(spec: &str, expect: Expect) {
    let spec = Spec::from_json(spec).unwrap();
    let built = build(&spec).unwrap();
    let mut out = String::new();
    for principal in &built.principals {
        let policies = principal
            .identity_policies
            .iter()
            .chain(&principal.boundary)
            .chain(&principal.trust_policy);
        for policy in policies {
            out.push_str(&format!(
                "# {} ({} of {})\n{}\n",
                policy.name,
                policy.size,
                policy.quota.limit(),
                policy.document.to_pretty_string()
            ));
        }
        for inline in &principal.inline_policies {
            out.push_str(&format!(
                "# inline {} ({} of {})\n",
                inline.name,
                inline.size,
                principal.inline_quota.limit()
            ));
        }
    }
    expect.assert_eq(&out);
}

#[track_caller]
fn check_error(spec: &str, message: &str, help: &str) {
    let spec = Spec::from_json(spec).unwrap();
    let error: BuildError = build(&spec).unwrap_err();
    assert_eq!(error.to_string(), message);
    assert_eq!(error.help(), help);
}

#[test]
fn restore_from_backup_grants_target_writes_and_wildcard_list_apart() {
    check(
        r#"{"version": 1,
            "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"],
                      "tables": {"names": ["Orders"]}, "restore_targets": {"pattern": "Orders-restore-*"}},
            "principals": [{"kind": "role", "name": "Restorer", "capabilities": ["restore.backup", "backup.view"]}]}"#,
        expect![[r##"
            # Restorer-backstop (782 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "ListBackups",
                        "Effect": "Allow",
                        "Action": "dynamodb:ListBackups",
                        "Resource": "*"
                    },
                    {
                        "Sid": "DescribeBackups",
                        "Effect": "Allow",
                        "Action": "dynamodb:DescribeBackup",
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*"
                    },
                    {
                        "Sid": "RestoreFromBackups",
                        "Effect": "Allow",
                        "Action": "dynamodb:RestoreTableFromBackup",
                        "Resource": [
                            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders-restore-*",
                            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*"
                        ]
                    },
                    {
                        "Sid": "WriteRestoredItems",
                        "Effect": "Allow",
                        "Action": [
                            "dynamodb:BatchWriteItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:GetItem",
                            "dynamodb:PutItem",
                            "dynamodb:Query",
                            "dynamodb:Scan",
                            "dynamodb:UpdateItem"
                        ],
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders-restore-*"
                    }
                ]
            }
        "##]],
    );
}

/// PITFALLS D06: the guardrail closes the AWS Backup paths too, and break-glass principals are
/// excepted by `ArnNotLike` on `aws:PrincipalArn`.
#[test]
fn guardrails_deny_with_break_glass_exception() {
    check(
        r#"{"version": 1,
            "scope": {"accounts": ["123456789012"], "regions": ["eu-west-1"], "tables": {"prefixes": ["orders-"]}},
            "principals": [{"kind": "group", "name": "Developers",
                            "capabilities": ["backup.create", "guard.no-backup-delete", "guard.no-pitr-change"],
                            "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"]}]}"#,
        expect![[r##"
            # Developers-backstop (1347 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "CreateOnDemandBackups",
                        "Effect": "Allow",
                        "Action": "dynamodb:CreateBackup",
                        "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-*"
                    },
                    {
                        "Sid": "DenyBackupDeletion",
                        "Effect": "Deny",
                        "Action": "dynamodb:DeleteBackup",
                        "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-*/backup/*",
                        "Condition": {
                            "ArnNotLike": {
                                "aws:PrincipalArn": "arn:aws:iam::123456789012:role/BreakGlass"
                            }
                        }
                    },
                    {
                        "Sid": "DenyRecoveryPointDeletion",
                        "Effect": "Deny",
                        "Action": [
                            "backup:DeleteRecoveryPoint",
                            "backup:UpdateRecoveryPointLifecycle"
                        ],
                        "Resource": [
                            "arn:aws:backup:eu-west-1:123456789012:recovery-point:*",
                            "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-*/backup/*"
                        ],
                        "Condition": {
                            "ArnNotLike": {
                                "aws:PrincipalArn": "arn:aws:iam::123456789012:role/BreakGlass"
                            }
                        }
                    },
                    {
                        "Sid": "DenyVaultPolicyChanges",
                        "Effect": "Deny",
                        "Action": [
                            "backup:DeleteBackupVaultAccessPolicy",
                            "backup:PutBackupVaultAccessPolicy"
                        ],
                        "Resource": "arn:aws:backup:eu-west-1:123456789012:backup-vault:*",
                        "Condition": {
                            "ArnNotLike": {
                                "aws:PrincipalArn": "arn:aws:iam::123456789012:role/BreakGlass"
                            }
                        }
                    },
                    {
                        "Sid": "DenyPointInTimeRecoveryChanges",
                        "Effect": "Deny",
                        "Action": "dynamodb:UpdateContinuousBackups",
                        "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-*",
                        "Condition": {
                            "ArnNotLike": {
                                "aws:PrincipalArn": "arn:aws:iam::123456789012:role/BreakGlass"
                            }
                        }
                    }
                ]
            }
        "##]],
    );
}

/// PITFALLS D04, D05: the caller starts jobs and passes the role; the role AWS Backup assumes does
/// the DynamoDB work and trusts AWS Backup.
#[test]
fn aws_backup_caller_and_service_role_split_the_work() {
    check(
        r#"{"version": 1,
            "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Orders"]}},
            "principals": [
              {"kind": "user", "name": "operator", "capabilities": ["awsbackup.restore"],
               "aws_backup_role": "BackupRestoreRole"},
              {"kind": "service-role", "name": "BackupRestoreRole",
               "capabilities": ["awsbackup.restore", "trust.aws-backup"]}]}"#,
        expect![[r##"
            # operator-backstop (673 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "ReadRecoveryPointsForRestoreAndStartAwsBackupRestores",
                        "Effect": "Allow",
                        "Action": [
                            "backup:DescribeRecoveryPoint",
                            "backup:GetRecoveryPointRestoreMetadata",
                            "backup:StartRestoreJob"
                        ],
                        "Resource": [
                            "arn:aws:backup:us-east-1:123456789012:recovery-point:*",
                            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*"
                        ]
                    },
                    {
                        "Sid": "FollowAwsBackupRestores",
                        "Effect": "Allow",
                        "Action": "backup:DescribeRestoreJob",
                        "Resource": "*"
                    },
                    {
                        "Sid": "PassRoleToAwsBackup",
                        "Effect": "Allow",
                        "Action": "iam:PassRole",
                        "Resource": "arn:aws:iam::123456789012:role/BackupRestoreRole",
                        "Condition": {
                            "StringEquals": {
                                "iam:PassedToService": "backup.amazonaws.com"
                            }
                        }
                    }
                ]
            }
            # BackupRestoreRole-backstop (628 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "WriteRestoredItemsAndRestoreTablesForAwsBackup",
                        "Effect": "Allow",
                        "Action": [
                            "dynamodb:BatchWriteItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:DescribeTable",
                            "dynamodb:GetItem",
                            "dynamodb:PutItem",
                            "dynamodb:Query",
                            "dynamodb:RestoreTableFromAwsBackup",
                            "dynamodb:Scan",
                            "dynamodb:UpdateItem"
                        ],
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"
                    },
                    {
                        "Sid": "RestoreClassicBackupsForAwsBackup",
                        "Effect": "Allow",
                        "Action": "dynamodb:RestoreTableFromBackup",
                        "Resource": [
                            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
                            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*"
                        ]
                    }
                ]
            }
            # BackupRestoreRole-trust (159 of 2048)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AwsBackupAssumesRole",
                        "Effect": "Allow",
                        "Principal": {
                            "Service": "backup.amazonaws.com"
                        },
                        "Action": "sts:AssumeRole"
                    }
                ]
            }
        "##]],
    );
}

#[test]
fn trust_account_with_external_id() {
    check(
        r#"{"version": 1,
            "principals": [{"kind": "role", "name": "VendorBackup", "capabilities": ["trust.account"],
                            "trusted_accounts": ["210987654321"], "external_id": "vendor-42"}]}"#,
        expect![[r##"
            # VendorBackup-trust (230 of 2048)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "TrustedAccountsAssumeRole",
                        "Effect": "Allow",
                        "Principal": {
                            "AWS": "arn:aws:iam::210987654321:root"
                        },
                        "Action": "sts:AssumeRole",
                        "Condition": {
                            "StringEquals": {
                                "sts:ExternalId": "vendor-42"
                            }
                        }
                    }
                ]
            }
        "##]],
    );
}

/// PITFALLS D10, D11, D16: exports and imports reach S3 and the logs, keys need their grants.
#[test]
fn export_and_import_with_customer_managed_keys() {
    check(
        r#"{"version": 1,
            "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Orders"]},
                      "restore_targets": {"pattern": "Orders-import-*"},
                      "s3": {"bucket": "ddb-exports", "prefix": "orders/"},
                      "kms_keys": ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]},
            "principals": [{"kind": "role", "name": "DataMover",
                            "capabilities": ["export.s3", "import.s3", "kms.customer-keys"]}]}"#,
        expect![[r##"
            # DataMover-backstop (1662 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "ExportToS3",
                        "Effect": "Allow",
                        "Action": "dynamodb:ExportTableToPointInTime",
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"
                    },
                    {
                        "Sid": "DescribeExports",
                        "Effect": "Allow",
                        "Action": "dynamodb:DescribeExport",
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/export/*"
                    },
                    {
                        "Sid": "WriteExportFilesAndReadImportFiles",
                        "Effect": "Allow",
                        "Action": [
                            "s3:AbortMultipartUpload",
                            "s3:GetObject",
                            "s3:PutObject",
                            "s3:PutObjectAcl"
                        ],
                        "Resource": "arn:aws:s3:::ddb-exports/orders/*"
                    },
                    {
                        "Sid": "ImportFromS3",
                        "Effect": "Allow",
                        "Action": "dynamodb:ImportTable",
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders-import-*"
                    },
                    {
                        "Sid": "DescribeImports",
                        "Effect": "Allow",
                        "Action": "dynamodb:DescribeImport",
                        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders-import-*/import/*"
                    },
                    {
                        "Sid": "ListImportFiles",
                        "Effect": "Allow",
                        "Action": "s3:ListBucket",
                        "Resource": "arn:aws:s3:::ddb-exports"
                    },
                    {
                        "Sid": "WriteImportLogs",
                        "Effect": "Allow",
                        "Action": [
                            "logs:CreateLogGroup",
                            "logs:CreateLogStream",
                            "logs:DescribeLogGroups",
                            "logs:DescribeLogStreams",
                            "logs:PutLogEvents",
                            "logs:PutRetentionPolicy"
                        ],
                        "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws-dynamodb/*"
                    },
                    {
                        "Sid": "UseCustomerManagedKeys",
                        "Effect": "Allow",
                        "Action": [
                            "kms:Decrypt",
                            "kms:DescribeKey",
                            "kms:Encrypt",
                            "kms:GenerateDataKey"
                        ],
                        "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                    },
                    {
                        "Sid": "GrantKeysToAwsServices",
                        "Effect": "Allow",
                        "Action": "kms:CreateGrant",
                        "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        "Condition": {
                            "Bool": {
                                "kms:GrantIsForAWSResource": "true"
                            }
                        }
                    }
                ]
            }
        "##]],
    );
}

#[test]
fn any_account_and_region_with_all_tables_collapse_to_table_wildcards() {
    check(
        r#"{"version": 1,
            "principals": [{"kind": "role", "name": "Admin",
                            "capabilities": ["backup.create", "restore.backup", "restore.pitr", "pitr.manage"],
                            "permission_boundary": {"capabilities": ["backup.create"]},
                            "extra_policies": [{"name": "ec2", "json": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}]}]}"#,
        expect![[r##"
            # Admin-backstop (473 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AllowOnChosenTablesAndBackupsAndRestoreTargets",
                        "Effect": "Allow",
                        "Action": [
                            "dynamodb:BatchWriteItem",
                            "dynamodb:CreateBackup",
                            "dynamodb:DeleteItem",
                            "dynamodb:DescribeContinuousBackups",
                            "dynamodb:GetItem",
                            "dynamodb:PutItem",
                            "dynamodb:Query",
                            "dynamodb:RestoreTableFromBackup",
                            "dynamodb:RestoreTableToPointInTime",
                            "dynamodb:Scan",
                            "dynamodb:UpdateContinuousBackups",
                            "dynamodb:UpdateItem"
                        ],
                        "Resource": "arn:aws:dynamodb:*:*:table/*"
                    }
                ]
            }
            # Admin-boundary (162 of 6144)
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "CreateOnDemandBackups",
                        "Effect": "Allow",
                        "Action": "dynamodb:CreateBackup",
                        "Resource": "arn:aws:dynamodb:*:*:table/*"
                    }
                ]
            }
            # inline ec2 (39 of 10240)
        "##]],
    );
}

#[test]
fn policies_over_the_managed_quota_are_split() {
    let names: Vec<String> = (0..120)
        .map(|index| format!("\"table-with-a-long-name-number-{index:03}\""))
        .collect();
    let spec = format!(
        r#"{{"version": 1, "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {{"names": [{}]}}}},
            "principals": [{{"kind": "role", "name": "Big", "capabilities": ["backup.create", "backup.delete", "pitr.view"]}}]}}"#,
        names.join(",")
    );
    let built = build(&Spec::from_json(&spec).unwrap()).unwrap();
    let policies = &built.principals[0].identity_policies;
    let summary: Vec<(String, Vec<String>)> = policies
        .iter()
        .map(|policy| {
            assert!(policy.size <= 6_144, "{} is {}", policy.name, policy.size);
            let sids = policy
                .document
                .statements()
                .map(|statement| statement.sid.as_ref().unwrap().value.clone())
                .collect();
            (policy.name.clone(), sids)
        })
        .collect();
    expect![[r#"
        [
            (
                "Big-backstop-1",
                [
                    "CreateOnDemandBackupsAndReadPointInTimeRecoveryStatus",
                ],
            ),
            (
                "Big-backstop-2",
                [
                    "CreateOnDemandBackupsAndReadPointInTimeRecoveryStatusPart2",
                ],
            ),
            (
                "Big-backstop-3",
                [
                    "CreateOnDemandBackupsAndReadPointInTimeRecoveryStatusPart3",
                ],
            ),
            (
                "Big-backstop-4",
                [
                    "CreateOnDemandBackupsAndReadPointInTimeRecoveryStatusPart4",
                ],
            ),
            (
                "Big-backstop-5",
                [
                    "DeleteBackups",
                ],
            ),
            (
                "Big-backstop-6",
                [
                    "DeleteBackupsPart2",
                ],
            ),
        ]
    "#]]
    .assert_debug_eq(&summary);
}

#[test]
fn build_is_deterministic_whatever_the_tick_order() {
    let spec = |capabilities: &str| {
        Spec::from_json(&format!(
            r#"{{"version": 1, "principals": [{{"kind": "role", "name": "R", "capabilities": [{capabilities}]}}]}}"#
        ))
        .unwrap()
    };
    let one = build(&spec(
        r#""restore.pitr", "backup.create", "backup.create", "guard.no-restore""#,
    ))
    .unwrap();
    let two = build(&spec(
        r#""guard.no-restore", "backup.create", "restore.pitr""#,
    ))
    .unwrap();
    assert_eq!(one, two);
}

#[test]
fn trust_on_a_user_is_rejected() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "user", "name": "ana", "capabilities": ["trust.aws-backup"]}]}"#,
        "user `ana` cannot have `trust.aws-backup`, which only a role can have",
        "make the principal a role, or untick the trust capability",
    );
}

#[test]
fn export_without_s3_is_rejected() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": ["export.s3"]}]}"#,
        "`export.s3` of role `R` needs an S3 location",
        "set the scope's S3 bucket (and optionally a prefix)",
    );
}

#[test]
fn kms_without_keys_is_rejected() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": ["kms.customer-keys"]}]}"#,
        "`kms.customer-keys` of role `R` needs at least one KMS key",
        "add the key ARNs to the scope's KMS keys",
    );
}

#[test]
fn trust_account_without_accounts_is_rejected() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": ["trust.account"]}]}"#,
        "`trust.account` of role `R` needs at least one trusted account",
        "add the 12-digit ids of the accounts to trust",
    );
}

#[test]
fn role_and_service_role_share_names() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R"}, {"kind": "service-role", "name": "R"}]}"#,
        "service-role `R` appears twice",
        "give each principal of a kind its own name",
    );
}

#[test]
fn groups_only_for_users() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "groups": ["admins"]}]}"#,
        "role `R` cannot belong to groups",
        "only users belong to groups; remove the groups",
    );
}

#[test]
fn empty_table_list_is_rejected() {
    check_error(
        r#"{"version": 1, "scope": {"tables": {"names": []}}, "principals": [{"kind": "role", "name": "R"}]}"#,
        "the scope of role `R` selects no table",
        "name at least one table or prefix, or choose all tables",
    );
}

#[test]
fn guardrail_in_boundary_is_rejected() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R",
            "permission_boundary": {"capabilities": ["guard.no-restore"]}}]}"#,
        "the permission boundary of role `R` cannot hold `guard.no-restore`",
        "a boundary only limits what is allowed; put guardrails and trust capabilities on the principal",
    );
}

#[test]
fn broken_extra_policy_is_rejected() {
    check_error(
        r#"{"version": 1, "principals": [{"kind": "role", "name": "R",
            "extra_policies": [{"name": "veeam", "json": "{\"Version\": "}]}]}"#,
        "extra policy `veeam` of role `R` is not JSON: EOF while parsing a value at line 1 column 12",
        "paste the whole policy document, from `{` to `}`",
    );
}

#[test]
fn long_role_name_is_rejected() {
    let name = "r".repeat(65);
    check_error(
        &format!(r#"{{"version": 1, "principals": [{{"kind": "role", "name": "{name}"}}]}}"#),
        &format!("role name `{name}` is longer than 64 characters"),
        "IAM allows 64 characters for roles and users, 128 for groups",
    );
}
