//! `deny-leaves-recovery-points`: a `Deny` of `dynamodb:DeleteBackup` that leaves AWS Backup's ways
//! of deleting backups open (PITFALLS D06): recovery points are deleted with
//! `backup:DeleteRecoveryPoint`, or by shortening their lifecycle, and a vault access policy can be
//! changed to allow it. The actions are those of the `guard.no-backup-delete` capability; denies in
//! the other policies linted with this one count.

use super::{Lint, PolicyKind, covers_action, list};
use crate::capability::CapabilityId;
use crate::document::Effect;
use crate::finding::{Finding, Severity};

const DELETE_BACKUP: &str = "dynamodb:DeleteBackup";

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if lint.kind == PolicyKind::Trust {
        return;
    }
    let Some(first) = lint.statements().find(|located| {
        located.statement.effect.value == Effect::Deny
            && covers_action(&located.statement.action, DELETE_BACKUP)
    }) else {
        return;
    };
    let denies = || {
        lint.set_statements()
            .filter(|statement| statement.effect.value == Effect::Deny)
    };
    let open: Vec<&str> = CapabilityId::GuardNoBackupDelete
        .capability()
        .actions()
        .into_iter()
        .filter(|action| *action != DELETE_BACKUP)
        .filter(|action| !denies().any(|statement| covers_action(&statement.action, action)))
        .collect();
    if open.is_empty() {
        return;
    }
    let (span, pointer) = first
        .actions()
        .into_iter()
        .find(|(entry, _)| {
            crate::pattern::Pattern::ignoring_case(&entry.value).matches(DELETE_BACKUP)
        })
        .map_or(
            (first.statement.action.span, first.action_pointer()),
            |(entry, pointer)| (entry.span, pointer),
        );
    findings.push(
        Finding::new(
            "deny-leaves-recovery-points",
            Severity::Warning,
            format!("denying `{DELETE_BACKUP}` leaves AWS Backup recovery points deletable"),
            span,
            pointer,
        )
        .with_help(format!(
            "also deny {}: backups that AWS Backup manages are deleted through AWS Backup, which this deny does not stop",
            list(&open)
        )),
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(statements: &str) -> Vec<String> {
        render(
            &policy(statements),
            PolicyKind::Managed,
            "deny-leaves-recovery-points",
        )
    }

    #[test]
    fn deny_leaves_recovery_points_with_delete_backup_alone() {
        assert_eq!(
            check(
                r#"{"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "arn:aws:dynamodb:*:*:table/*/backup/*"}"#
            ),
            [
                "/Statement/0/Action `\"dynamodb:DeleteBackup\"` warning: denying `dynamodb:DeleteBackup` leaves AWS Backup recovery points deletable (help: also deny `backup:DeleteRecoveryPoint`, `backup:UpdateRecoveryPointLifecycle`, `backup:DeleteBackupVaultAccessPolicy` and `backup:PutBackupVaultAccessPolicy`: backups that AWS Backup manages are deleted through AWS Backup, which this deny does not stop)"
            ]
        );
    }

    #[test]
    fn deny_leaves_recovery_points_names_only_what_is_open() {
        let found = check(
            r#"{"Effect": "Deny", "Action": ["dynamodb:DeleteBackup", "backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"], "Resource": "*"},
               {"Effect": "Deny", "Action": "backup:*BackupVaultAccessPolicy", "Resource": "*"}"#,
        );
        assert!(found.is_empty(), "{found:?}");
        let found = check(
            r#"{"Effect": "Deny", "Action": ["dynamodb:DeleteBackup", "backup:DeleteRecoveryPoint"], "Resource": "*"}"#,
        );
        assert!(found[0].contains("also deny `backup:UpdateRecoveryPointLifecycle`, `backup:DeleteBackupVaultAccessPolicy` and"), "{}", found[0]);
    }

    #[test]
    fn deny_leaves_recovery_points_not_reported_for_allows() {
        assert!(
            check(r#"{"Effect": "Allow", "Action": "dynamodb:DeleteBackup", "Resource": "*"}"#)
                .is_empty()
        );
    }
}
