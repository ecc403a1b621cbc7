//! Presets: every policy of the source documents (`../shared/seeds/`), with the spec that
//! reproduces it.
//!
//! Each preset keeps the original text exactly as printed, even where it is broken, and then the
//! corrected policy and a note of what was wrong. `differences` lists the actions whose decision the
//! built policies change on purpose (a capability bundles an action the original lacks, or narrows
//! `iam:PassRole`); on every other catalog action the built policies decide as the original does.

use crate::spec::{Spec, SpecError};

/// One policy of a source document and how to build it.
#[derive(Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable, kebab-case.
    pub id: &'static str,
    pub title: &'static str,
    /// The seed file the policy comes from.
    pub source: &'static str,
    /// The policy text exactly as printed.
    pub original: &'static str,
    /// The policy as it was meant, when the original is not a valid policy.
    pub corrected: Option<&'static str>,
    /// The spec (JSON) whose build reproduces the policy.
    spec: &'static str,
    /// What was wrong with the original, and how the built policies differ.
    pub note: &'static str,
    /// Actions whose decision differs between the original and the build, on purpose.
    pub differences: &'static [&'static str],
}

impl Preset {
    /// The spec that reproduces the policy.
    pub fn spec(&self) -> Result<Spec, SpecError> {
        Spec::from_json(self.spec)
    }

    /// The spec's JSON text, as a share link would carry it.
    pub fn spec_json(&self) -> &'static str {
        self.spec
    }

    /// The policy to compare the build with: the corrected one when the original is broken.
    pub fn reference(&self) -> &'static str {
        self.corrected.unwrap_or(self.original)
    }
}

/// Every preset, in source order.
pub fn all() -> &'static [Preset] {
    PRESETS
}

/// The preset with this id.
pub fn get(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}

static PRESETS: &[Preset] = &[
    Preset {
        id: "aws-guide-1",
        title: "AWS guide example 1: allow creating backups and restoring them",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-1.json"),
        corrected: None,
        spec: include_str!("preset/aws-guide-1.spec.json"),
        note: "Reproduced exactly on table ARNs; the item actions a restore needs are the `restore.backup` companions.",
        differences: &[],
    },
    Preset {
        id: "aws-guide-2",
        title: "AWS guide example 2: allow creating backups, deny restoring them",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-2.json"),
        corrected: Some(include_str!("preset/aws-guide-2.corrected.json")),
        spec: include_str!("preset/aws-guide-2.spec.json"),
        note: "As printed, both statements have `\"Resource\": \"\"`, which IAM rejects; the corrected policy uses `\"*\"`. The guardrail also denies point-in-time and AWS Backup restores, which the original leaves implicitly denied.",
        differences: &[],
    },
    Preset {
        id: "aws-guide-3",
        title: "AWS guide example 3: allow listing backups, deny creating and restoring them",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-3.json"),
        corrected: Some(include_str!("preset/aws-guide-3.corrected.json")),
        spec: include_str!("preset/aws-guide-3.spec.json"),
        note: "As printed, both statements have `\"Resource\": \"\"`; the corrected policy uses `\"*\"`. `List and describe backups` also allows `DescribeBackup`; no capability denies `CreateBackup`, which stays implicitly denied.",
        differences: &["dynamodb:DescribeBackup"],
    },
    Preset {
        id: "aws-guide-4",
        title: "AWS guide example 4: allow listing backups, deny deleting them",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-4.json"),
        corrected: Some(include_str!("preset/aws-guide-4.corrected.json")),
        spec: include_str!("preset/aws-guide-4.spec.json"),
        note: "As printed, both statements have `\"Resource\": \"\"`; the corrected policy uses `\"*\"`. `List and describe backups` also allows `DescribeBackup`; the guardrail also closes the AWS Backup deletion paths.",
        differences: &["dynamodb:DescribeBackup"],
    },
    Preset {
        id: "aws-guide-5",
        title: "AWS guide example 5: allow restoring and describing backups, deny deleting one backup",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-5.json"),
        corrected: None,
        spec: include_str!("preset/aws-guide-5.spec.json"),
        note: "Nothing allows `DeleteBackup`, so denying it for one backup changes no decision of this policy alone; `Deny deleting backups` is the general form. `List and describe backups` also allows `ListBackups`.",
        differences: &["dynamodb:ListBackups"],
    },
    Preset {
        id: "aws-guide-6",
        title: "AWS guide example 6: allow creating backups of the Movies table",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-6.json"),
        corrected: None,
        spec: include_str!("preset/aws-guide-6.spec.json"),
        note: "Reproduced exactly.",
        differences: &[],
    },
    Preset {
        id: "aws-guide-7",
        title: "AWS guide example 7: allow listing backups",
        source: "000_05df9fc003afca99.txt",
        original: include_str!("preset/aws-guide-7.json"),
        corrected: None,
        spec: include_str!("preset/aws-guide-7.spec.json"),
        note: "`List and describe backups` also allows `DescribeBackup`.",
        differences: &["dynamodb:DescribeBackup"],
    },
    Preset {
        id: "workshop-deny-backup-delete",
        title: "Workshop: allow managing tables and backups, deny deleting backups",
        source: "002_a978a37be9837797.txt",
        original: include_str!("preset/workshop-deny-backup-delete.json"),
        corrected: Some(include_str!(
            "preset/workshop-deny-backup-delete.corrected.json"
        )),
        spec: include_str!("preset/workshop-deny-backup-delete.spec.json"),
        note: "The account id `123456789` is not 12 digits, so the ARNs match no resource; the corrected policy uses `123456789012`. Creating and deleting tables is outside the catalog and stays in an extra policy.",
        differences: &[],
    },
    Preset {
        id: "workshop-deny-backup-selection-delete",
        title: "Workshop: allow AWS Backup plans, deny deleting backup selections",
        source: "002_a978a37be9837797.txt",
        original: include_str!("preset/workshop-deny-backup-selection-delete.json"),
        corrected: Some(include_str!(
            "preset/workshop-deny-backup-selection-delete.corrected.json"
        )),
        spec: include_str!("preset/workshop-deny-backup-selection-delete.spec.json"),
        note: "The account id `123456789` is not 12 digits; the corrected policy uses `123456789012`. `StartBackupJob` and `CreateBackupSelection` also need `iam:PassRole`, which the original lacks; `Back up with AWS Backup` adds it for the AWS Backup role only (under an `iam:PassedToService` condition), and `DescribeBackupJob`.",
        differences: &["backup:DescribeBackupJob"],
    },
    Preset {
        id: "appliance-restore-trust",
        title: "Backup appliance: trust policy for AWS Backup",
        source: "001_75a27eff7f13bffa.txt",
        original: include_str!("preset/appliance-restore-trust.json"),
        corrected: Some(include_str!(
            "preset/appliance-restore-trust.corrected.json"
        )),
        spec: include_str!("preset/appliance-restore-trust.spec.json"),
        note: "As printed, the indentation is non-breaking spaces, which JSON does not allow; the corrected policy uses spaces.",
        differences: &[],
    },
    Preset {
        id: "appliance-restore-role",
        title: "Backup appliance: restore role permissions",
        source: "001_75a27eff7f13bffa.txt",
        original: include_str!("preset/appliance-restore-role.json"),
        corrected: Some(include_str!("preset/appliance-restore-role.corrected.json")),
        spec: include_str!("preset/appliance-restore-role.spec.json"),
        note: "As printed, the indentation is non-breaking spaces; the corrected policy uses spaces. `iam:PassRole` on `*` is narrowed to the AWS Backup role; the restore bundles add the item writes and metadata reads a restore needs.",
        differences: &[
            "backup:DescribeBackupVault",
            "backup:GetRecoveryPointRestoreMetadata",
            "backup:ListRecoveryPointsByBackupVault",
            "backup:ListRecoveryPointsByResource",
            "dynamodb:BatchWriteItem",
            "dynamodb:DeleteItem",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:Query",
            "dynamodb:RestoreTableFromBackup",
            "dynamodb:Scan",
            "dynamodb:UpdateItem",
            "iam:PassRole",
        ],
    },
    Preset {
        id: "veeam-trust",
        title: "Veeam Backup for AWS: trust policy for AWS Backup",
        source: "003_b07dca77f06e2db5.txt",
        original: include_str!("preset/veeam-trust.json"),
        corrected: Some(include_str!("preset/veeam-trust.corrected.json")),
        spec: include_str!("preset/veeam-trust.spec.json"),
        note: "As printed, the spacing holds non-breaking spaces; the corrected policy uses spaces.",
        differences: &[],
    },
    Preset {
        id: "veeam-backup-role",
        title: "Veeam Backup for AWS: DynamoDB backup role",
        source: "003_b07dca77f06e2db5.txt",
        original: include_str!("preset/veeam-backup-role.json"),
        corrected: Some(include_str!("preset/veeam-backup-role.corrected.json")),
        spec: include_str!("preset/veeam-backup-role.spec.json"),
        note: "As printed, a quote is missing after `ec2:DescribeAvailabilityZones`, `\"\\*\"` is not a JSON escape, and the spacing holds non-breaking spaces. `iam:PassRole` on `*` is narrowed to the AWS Backup role; the classic backup kind adds `CreateBackup` and `DescribeBackup`.",
        differences: &[
            "backup:DescribeBackupVault",
            "backup:ListRecoveryPointsByResource",
            "dynamodb:CreateBackup",
            "dynamodb:DescribeBackup",
            "iam:PassRole",
        ],
    },
    Preset {
        id: "veeam-manual-backup-role",
        title: "Veeam Backup for AWS: role for manual DynamoDB backups",
        source: "003_b07dca77f06e2db5.txt",
        original: include_str!("preset/veeam-manual-backup-role.json"),
        corrected: Some(include_str!(
            "preset/veeam-manual-backup-role.corrected.json"
        )),
        spec: include_str!("preset/veeam-manual-backup-role.spec.json"),
        note: "As printed, `\"\\*\"` is not a JSON escape and the spacing holds non-breaking spaces. `iam:PassRole` on `*` is narrowed to the AWS Backup role; the classic backup kind adds `CreateBackup` and `DescribeBackup`.",
        differences: &[
            "backup:DescribeBackupVault",
            "backup:ListRecoveryPointsByBackupVault",
            "backup:ListRecoveryPointsByResource",
            "dynamodb:CreateBackup",
            "dynamodb:DescribeBackup",
            "iam:PassRole",
        ],
    },
    Preset {
        id: "overview-list-tables",
        title: "DynamoDB overview: allow listing tables",
        source: "004_7513bf2ff615a982.txt",
        original: include_str!("preset/overview-list-tables.json"),
        corrected: Some(include_str!("preset/overview-list-tables.corrected.json")),
        spec: include_str!("preset/overview-list-tables.spec.json"),
        note: "As printed, the example lost its braces and its action; the corrected policy is the documented intent, `dynamodb:ListTables` on `*`, kept as an extra policy since listing tables is no capability of its own.",
        differences: &[],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_spec_loads_and_builds() {
        for preset in all() {
            let spec = preset
                .spec()
                .unwrap_or_else(|error| panic!("{}: {error}", preset.id));
            assert!(crate::build::build(&spec).is_ok(), "{}", preset.id);
        }
    }

    #[test]
    fn preset_ids_are_unique() {
        for (index, preset) in all().iter().enumerate() {
            assert!(
                all()
                    .iter()
                    .skip(index + 1)
                    .all(|other| other.id != preset.id),
                "{}",
                preset.id
            );
            assert_eq!(get(preset.id), Some(preset));
        }
    }

    /// A corrected policy is there exactly when the original is not JSON or not a valid policy.
    #[test]
    fn corrected_policies_are_json() {
        for preset in all() {
            if let Some(corrected) = preset.corrected {
                assert!(
                    serde_json::from_str::<serde_json::Value>(corrected).is_ok(),
                    "{}",
                    preset.id
                );
            }
        }
    }
}
