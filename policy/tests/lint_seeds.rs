//! Every policy printed in the seed documents, linted: what is wrong with each, where, and what would
//! be right. The fixtures are in `tests/corpus/lint/` (see its README); trust policies are linted as
//! trust policies, the others as managed policies.

#![expect(
    clippy::unwrap_used,
    reason = "fixtures and generators outside `#[test]` functions: a failure there is a test failure"
)]

use std::path::{Path, PathBuf};

use expect_test::{Expect, expect};
use policy::lint::{PolicyKind, lint};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/lint")
}

#[track_caller]
fn check(name: &str, kind: PolicyKind, expect: Expect) {
    let text = std::fs::read_to_string(corpus().join(name)).unwrap();
    let mut out = String::new();
    for finding in lint(&text, kind) {
        let spanned = finding.spanned(&text);
        let spanned = if spanned.chars().count() > 40 {
            format!("{}…", spanned.chars().take(40).collect::<String>())
        } else {
            spanned.to_owned()
        };
        out.push_str(&format!(
            "{} {} `{}` {}[{}]: {}\n",
            finding.line_col(&text),
            finding.pointer,
            spanned,
            finding.severity,
            finding.code,
            finding.message
        ));
        if let Some(help) = &finding.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn every_fixture_is_checked_here() {
    let source = include_str!("lint_seeds.rs");
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            assert!(
                source.contains(&format!("\"{name}\"")),
                "{name} is not checked"
            );
        }
    }
}

#[test]
fn seed000_example1_create_and_restore_with_writes() {
    check(
        "seed000_example1.json",
        PolicyKind::Managed,
        expect![[r#""#]],
    );
}

#[test]
fn seed000_examples_2_to_4_have_empty_resources() {
    check(
        "seed000_example2.json",
        PolicyKind::Managed,
        expect![[r#"
        7:25 /Statement/0/Resource `""` error[empty-resource]: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        12:25 /Statement/1/Resource `""` error[empty-resource]: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
    "#]],
    );
    check(
        "seed000_example3.json",
        PolicyKind::Managed,
        expect![[r#"
        6:24 /Statement/0/Action/0 `"dynamodb:ListBackups"` warning[wildcard-only-action]: `dynamodb:ListBackups` works only with `"Resource": "*"`
            help: write "Resource": "*"; scoped to an ARN, it grants nothing
        7:25 /Statement/0/Resource `""` error[empty-resource]: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        15:25 /Statement/1/Resource `""` error[empty-resource]: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
    "#]],
    );
    check(
        "seed000_example4.json",
        PolicyKind::Managed,
        expect![[r#"
        6:24 /Statement/0/Action/0 `"dynamodb:ListBackups"` warning[wildcard-only-action]: `dynamodb:ListBackups` works only with `"Resource": "*"`
            help: write "Resource": "*"; scoped to an ARN, it grants nothing
        7:25 /Statement/0/Resource `""` error[empty-resource]: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        11:24 /Statement/1/Action/0 `"dynamodb:DeleteBackup"` warning[deny-leaves-recovery-points]: denying `dynamodb:DeleteBackup` leaves AWS Backup recovery points deletable
            help: also deny `backup:DeleteRecoveryPoint`, `backup:UpdateRecoveryPointLifecycle`, `backup:DeleteBackupVaultAccessPolicy` and `backup:PutBackupVaultAccessPolicy`: backups that AWS Backup manages are deleted through AWS Backup, which this deny does not stop
        12:25 /Statement/1/Resource `""` error[empty-resource]: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
    "#]],
    );
}

#[test]
fn seed000_examples_5_to_7() {
    check(
        "seed000_example5.json",
        PolicyKind::Managed,
        expect![[r#"
        22:17 /Statement/1/Action/0 `"dynamodb:DeleteBackup"` warning[deny-leaves-recovery-points]: denying `dynamodb:DeleteBackup` leaves AWS Backup recovery points deletable
            help: also deny `backup:DeleteRecoveryPoint`, `backup:UpdateRecoveryPointLifecycle`, `backup:DeleteBackupVaultAccessPolicy` and `backup:PutBackupVaultAccessPolicy`: backups that AWS Backup manages are deleted through AWS Backup, which this deny does not stop
    "#]],
    );
    check(
        "seed000_example6.json",
        PolicyKind::Managed,
        expect![[r#""#]],
    );
    check(
        "seed000_example7.json",
        PolicyKind::Managed,
        expect![[r#""#]],
    );
}

#[test]
fn seed001_appliance_restore_role() {
    check(
        "seed001_trust_policy.json",
        PolicyKind::Trust,
        expect![[r#"
        3:1  ` ` error[invalid-whitespace]: non-breaking space (U+00A0) outside a string, and 22 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]],
    );
    check(
        "seed001_restore_role.json",
        PolicyKind::Managed,
        expect![[r#"
        3:1  ` ` error[invalid-whitespace]: non-breaking space (U+00A0) outside a string, and 317 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
        85:24 /Statement/0/Resource `"*"` security[pass-role-any]: `iam:PassRole` is allowed on `*`, every role
            help: name the roles that may be passed, such as `arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole`, and limit the service with `StringEquals` on `iam:PassedToService`
    "#]],
    );
    check(
        "seed001_restore_role_repaired.json",
        PolicyKind::Managed,
        expect![[r#"
        43:25 /Statement/0/Resource `"*"` security[pass-role-any]: `iam:PassRole` is allowed on `*`, every role
            help: name the roles that may be passed, such as `arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole`, and limit the service with `StringEquals` on `iam:PassedToService`
    "#]],
    );
}

#[test]
fn seed002_workshop_deny_deletion() {
    check(
        "seed002_deny_delete_backup.json",
        PolicyKind::Managed,
        expect![[r#"
        12:25 /Statement/0/Resource `"arn:aws:dynamodb:us-east-1:123456789:ta…` security[invalid-account-id]: account id `123456789` has 9 digits, not 12, in 2 places
            help: AWS account ids have exactly 12 digits, such as `123456789012`: with another id the ARN matches nothing, so the statement allows or denies nothing there
        23:23 /Statement/2/Action `"dynamodb:DeleteBackup"` warning[deny-leaves-recovery-points]: denying `dynamodb:DeleteBackup` leaves AWS Backup recovery points deletable
            help: also deny `backup:DeleteRecoveryPoint`, `backup:UpdateRecoveryPointLifecycle`, `backup:DeleteBackupVaultAccessPolicy` and `backup:PutBackupVaultAccessPolicy`: backups that AWS Backup manages are deleted through AWS Backup, which this deny does not stop
    "#]],
    );
    check(
        "seed002_deny_delete_backup_selection.json",
        PolicyKind::Managed,
        expect![[r#"
        17:17 /Statement/0/Resource/0 `"arn:aws:backup:us-east-1:123456789:back…` security[invalid-account-id]: account id `123456789` has 9 digits, not 12, in 3 places
            help: AWS account ids have exactly 12 digits, such as `123456789012`: with another id the ARN matches nothing, so the statement allows or denies nothing there
    "#]],
    );
}

#[test]
fn seed003_veeam_backup_roles() {
    check(
        "seed003_trust_policy.json",
        PolicyKind::Trust,
        expect![[r#"
        1:4  ` ` error[invalid-whitespace]: non-breaking space (U+00A0) outside a string, and 45 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]],
    );
    check(
        "seed003_backup_role.json",
        PolicyKind::Managed,
        expect![[r#"
        1:4  ` ` error[invalid-whitespace]: non-breaking space (U+00A0) outside a string, and 211 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
        1:1197  `e` error[invalid-json]: invalid JSON: expected `,` or `]`
            help: look just before this point for a missing `"`, `,` or bracket
    "#]],
    );
    check(
        "seed003_backup_role_repaired.json",
        PolicyKind::Managed,
        expect![[r#"
        57:25 /Statement/0/Resource `"*"` security[pass-role-any]: `iam:PassRole` is allowed on `*`, every role
            help: name the roles that may be passed, such as `arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole`, and limit the service with `StringEquals` on `iam:PassedToService`
    "#]],
    );
    check(
        "seed003_manual_backup_role.json",
        PolicyKind::Managed,
        expect![[r#"
        1:4  ` ` error[invalid-whitespace]: non-breaking space (U+00A0) outside a string, and 277 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
        1:1442  `*` error[invalid-json]: invalid JSON: invalid escape
            help: a backslash in a string starts an escape such as `\n`: remove it, or write `\\` for a backslash
    "#]],
    );
    check(
        "seed003_manual_backup_role_repaired.json",
        PolicyKind::Managed,
        expect![[r#"
        38:25 /Statement/0/Resource `"*"` security[pass-role-any]: `iam:PassRole` is allowed on `*`, every role
            help: name the roles that may be passed, such as `arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole`, and limit the service with `StringEquals` on `iam:PassedToService`
    "#]],
    );
}
