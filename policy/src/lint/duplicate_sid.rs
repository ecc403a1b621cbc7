//! `duplicate-sid`: two statements with the same `Sid`; IAM requires each to be unique in a policy.

use super::Lint;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for located in lint.statements() {
        let Some(sid) = &located.statement.sid else {
            continue;
        };
        if sid.value.is_empty() {
            continue;
        }
        match seen.iter().find(|(other, _)| *other == sid.value) {
            Some((_, first)) => findings.push(
                Finding::new(
                    "duplicate-sid",
                    Severity::Error,
                    format!("`Sid` `{}` is already used by statement {first}", sid.value),
                    sid.span,
                    located.element("Sid"),
                )
                .with_help("give each statement its own `Sid`, or remove this one"),
            ),
            None => seen.push((&sid.value, located.index)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    #[test]
    fn duplicate_sid_reported_at_the_second_use() {
        let statement = r#"{"Sid": "Backups", "Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}"#;
        let other = r#"{"Sid": "Other", "Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"}"#;
        let text = policy(&format!("{statement}, {other}, {statement}"));
        assert_eq!(
            render(&text, PolicyKind::Managed, "duplicate-sid"),
            [
                "/Statement/2/Sid `\"Backups\"` error: `Sid` `Backups` is already used by statement 0 (help: give each statement its own `Sid`, or remove this one)"
            ]
        );
    }

    #[test]
    fn duplicate_sid_ignores_statements_without_sid() {
        let statement =
            r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}"#;
        let text = policy(&format!("{statement}, {statement}"));
        assert!(render(&text, PolicyKind::Managed, "duplicate-sid").is_empty());
    }
}
