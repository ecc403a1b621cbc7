//! `restore-without-target`: `RestoreTableFromBackup` allowed on backups but on no table for the
//! restore to create (PITFALLS D02). AWS checks the restore on the backup and on the new table, so
//! the policy must allow it on both; decided by the evaluator over samples of the policy's ARNs.

use super::restore_without_writes::is_table;
use super::{Lint, PolicyKind, covers_action, decide, sample_resource};
use crate::document::Effect;
use crate::eval::Decision;
use crate::finding::{Finding, Severity};

const RESTORE: &str = "dynamodb:RestoreTableFromBackup";

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if !matches!(
        lint.kind,
        PolicyKind::Managed | PolicyKind::Inline(_) | PolicyKind::Boundary
    ) {
        return;
    }
    let policies = lint.as_identity_policy();
    let samples: Vec<String> = lint
        .statements()
        .filter(|located| covers_action(&located.statement.action, RESTORE))
        .flat_map(|located| {
            located
                .resources()
                .into_iter()
                .filter_map(|(entry, _)| sample_resource(&entry.value))
                .collect::<Vec<_>>()
        })
        .collect();
    let allowed = |arn: &String| decide(policies, RESTORE, arn) == Some(Decision::Allowed);
    if samples.iter().filter(|arn| is_table(arn)).any(allowed) {
        return;
    }
    for located in lint.statements() {
        let statement = located.statement;
        if statement.effect.value != Effect::Allow || !covers_action(&statement.action, RESTORE) {
            continue;
        }
        let on_backup = located
            .resources()
            .iter()
            .filter_map(|(entry, _)| sample_resource(&entry.value))
            .any(|arn| arn.contains("/backup/") && allowed(&arn));
        if !on_backup {
            continue;
        }
        findings.push(
            Finding::new(
                "restore-without-target",
                Severity::Warning,
                format!("`{RESTORE}` is allowed on backups but on no table to restore to"),
                statement.action.span,
                located.action_pointer(),
            )
            .with_help(
                "also allow it on the tables restores create, such as `arn:aws:dynamodb:us-east-1:123456789012:table/orders-restore-*`: \
                 AWS checks a restore on the backup and on the new table",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(statements: &str) -> Vec<String> {
        render(
            &policy(statements),
            PolicyKind::Managed,
            "restore-without-target",
        )
    }

    #[test]
    fn restore_without_target_on_backups_only() {
        assert_eq!(
            check(
                r#"{"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*"}"#
            ),
            [
                "/Statement/0/Action `\"dynamodb:RestoreTableFromBackup\"` warning: `dynamodb:RestoreTableFromBackup` is allowed on backups but on no table to restore to (help: also allow it on the tables restores create, such as `arn:aws:dynamodb:us-east-1:123456789012:table/orders-restore-*`: AWS checks a restore on the backup and on the new table)"
            ]
        );
    }

    #[test]
    fn restore_without_target_fine_with_a_target_in_another_statement() {
        assert!(check(
            r#"{"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*"},
               {"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/orders-restore-*"}"#
        )
        .is_empty());
        assert!(check(r#"{"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "*"}"#).is_empty());
    }
}
