//! `allow-not-resource`: `Allow` with `NotResource`, which allows the actions on every resource it
//! does not list, in every account.

use super::Lint;
use crate::document::Effect;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let statement = located.statement;
        let Some(clause) = statement.resource.as_ref().filter(|clause| clause.negated) else {
            continue;
        };
        if statement.effect.value != Effect::Allow {
            continue;
        }
        findings.push(
            Finding::new(
                "allow-not-resource",
                Severity::Security,
                "`Allow` with `NotResource` allows every resource it does not list",
                clause.span,
                located.element("NotResource"),
            )
            .with_help("list the resources to allow in `Resource`; keep `NotResource` for `Deny` statements"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    #[test]
    fn allow_not_resource_is_a_security_finding() {
        let text = policy(
            r#"{"Effect": "Allow", "Action": "dynamodb:DeleteBackup", "NotResource": "arn:aws:dynamodb:*:*:table/Prod/backup/*"}"#,
        );
        assert_eq!(
            render(&text, PolicyKind::Managed, "allow-not-resource"),
            [
                "/Statement/0/NotResource `\"arn:aws:dynamodb:*:*:table/Prod/backup/*\"` security: `Allow` with `NotResource` allows every resource it does not list (help: list the resources to allow in `Resource`; keep `NotResource` for `Deny` statements)"
            ]
        );
    }

    #[test]
    fn allow_not_resource_fine_in_a_deny() {
        let text = policy(
            r#"{"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "NotResource": "arn:aws:dynamodb:*:*:table/Dev*"}"#,
        );
        assert!(render(&text, PolicyKind::Managed, "allow-not-resource").is_empty());
    }
}
