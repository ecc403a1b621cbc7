//! `allow-not-action`: `Allow` with `NotAction`, which allows every action it does not list,
//! including every action AWS adds later.

use super::Lint;
use crate::document::Effect;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let statement = located.statement;
        if statement.effect.value != Effect::Allow || !statement.action.negated {
            continue;
        }
        findings.push(
            Finding::new(
                "allow-not-action",
                Severity::Security,
                "`Allow` with `NotAction` allows every action it does not list",
                statement.action.span,
                located.element("NotAction"),
            )
            .with_help(
                "list the actions to allow in `Action`; keep `NotAction` for `Deny` statements",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    #[test]
    fn allow_not_action_is_a_security_finding() {
        let text =
            policy(r#"{"Effect": "Allow", "NotAction": "dynamodb:DeleteBackup", "Resource": "*"}"#);
        assert_eq!(
            render(&text, PolicyKind::Managed, "allow-not-action"),
            [
                "/Statement/0/NotAction `\"dynamodb:DeleteBackup\"` security: `Allow` with `NotAction` allows every action it does not list (help: list the actions to allow in `Action`; keep `NotAction` for `Deny` statements)"
            ]
        );
    }

    #[test]
    fn allow_not_action_fine_in_a_deny() {
        let text =
            policy(r#"{"Effect": "Deny", "NotAction": "dynamodb:Describe*", "Resource": "*"}"#);
        assert!(render(&text, PolicyKind::Managed, "allow-not-action").is_empty());
    }
}
