//! `tag-condition-on-backups`: an `aws:ResourceTag/…` condition on a statement that acts only on
//! DynamoDB backups (PITFALLS D14). Backup ARNs carry no tags IAM checks, so the condition never
//! holds: an `Allow` grants nothing, and a `Deny` protects nothing.

use super::{Lint, catalog_actions};
use crate::catalog;
use crate::document::Effect;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let statement = located.statement;
        let Some((condition, pointer)) = located.conditions().into_iter().find(|(condition, _)| {
            condition
                .key
                .value
                .to_ascii_lowercase()
                .starts_with("aws:resourcetag/")
        }) else {
            continue;
        };
        let Some(clause) = &statement.resource else {
            continue;
        };
        if clause.negated || statement.action.negated {
            continue;
        }
        let backup_arns = clause.resources.iter().all(|entry| {
            crate::arn::segments(&entry.value).is_some_and(|[_, _, service, _, _, resource]| {
                service == "dynamodb" && resource.contains("/backup/")
            })
        });
        let backup_actions = statement.action.actions.iter().all(|entry| {
            let actions = if entry.value.contains(['*', '?']) {
                catalog_actions(&entry.value)
            } else {
                catalog::action(&entry.value).ok().into_iter().collect()
            };
            !actions.is_empty()
                && actions.iter().all(|action| {
                    !action.resource_types.is_empty()
                        && action
                            .resource_types
                            .iter()
                            .all(|usage| usage.name == "backup")
                        && action.service == catalog::Service::DynamoDb
                })
        });
        if !backup_arns && !backup_actions {
            continue;
        }
        let (severity, outcome) = match statement.effect.value {
            Effect::Allow => (Severity::Warning, "the statement grants nothing"),
            Effect::Deny => (Severity::Security, "the deny protects nothing"),
        };
        findings.push(
            Finding::new(
                "tag-condition-on-backups",
                severity,
                format!("`{}` does not apply to DynamoDB backups", condition.key.value),
                condition.key.span,
                pointer,
            )
            .with_help(format!(
                "backups carry no tags IAM checks, so {outcome}: choose the backups by table in `Resource`, such as `arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(statement: &str) -> Vec<String> {
        render(
            &policy(statement),
            PolicyKind::Managed,
            "tag-condition-on-backups",
        )
    }

    #[test]
    fn tag_condition_on_backups_in_a_deny() {
        assert_eq!(
            check(
                r#"{"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#
            ),
            [
                "/Statement/0/Condition/StringEquals/aws:ResourceTag~1env `\"aws:ResourceTag/env\"` security: `aws:ResourceTag/env` does not apply to DynamoDB backups (help: backups carry no tags IAM checks, so the deny protects nothing: choose the backups by table in `Resource`, such as `arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/*`)"
            ]
        );
    }

    #[test]
    fn tag_condition_on_backup_arns_in_an_allow() {
        let found = check(
            r#"{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*:*:table/*/backup/*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}}"#,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].contains(" warning: "));
    }

    #[test]
    fn tag_condition_on_tables_is_fine() {
        assert!(check(r#"{"Effect": "Allow", "Action": ["dynamodb:CreateBackup", "dynamodb:DeleteBackup"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}}"#).is_empty());
    }
}
