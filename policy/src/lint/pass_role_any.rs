//! `pass-role-any`: `iam:PassRole` allowed on every role (`"*"` or `role/*`): the caller can hand any
//! role, and so more permissions than it has, to a service.

use super::{Lint, covers_action, is_any_resource};
use crate::document::Effect;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let statement = located.statement;
        if statement.effect.value != Effect::Allow
            || !covers_action(&statement.action, "iam:PassRole")
        {
            continue;
        }
        if statement
            .resource
            .as_ref()
            .is_some_and(|clause| clause.negated)
        {
            continue;
        }
        let Some((entry, pointer)) = located
            .resources()
            .into_iter()
            .find(|(entry, _)| any_role(&entry.value))
        else {
            continue;
        };
        findings.push(
            Finding::new(
                "pass-role-any",
                Severity::Security,
                format!("`iam:PassRole` is allowed on `{}`, every role", entry.value),
                entry.span,
                pointer,
            )
            .with_help(
                "name the roles that may be passed, such as `arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole`, \
                 and limit the service with `StringEquals` on `iam:PassedToService`",
            ),
        );
    }
}

/// `*`, or an IAM ARN whose resource part is `*` or `role/*`.
fn any_role(entry: &str) -> bool {
    if is_any_resource(entry) {
        return true;
    }
    crate::arn::segments(entry).is_some_and(|[_, _, service, _, _, resource]| {
        matches!(service, "iam" | "*") && matches!(resource, "*" | "role/*")
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(actions: &str, resource: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "Allow", "Action": {actions}, "Resource": {resource}}}"#
        ));
        render(&text, PolicyKind::Managed, "pass-role-any")
    }

    #[test]
    fn pass_role_any_on_star() {
        assert_eq!(
            check(r#"["kms:Decrypt", "iam:PassRole"]"#, r#""*""#),
            [
                "/Statement/0/Resource `\"*\"` security: `iam:PassRole` is allowed on `*`, every role (help: name the roles that may be passed, such as `arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole`, and limit the service with `StringEquals` on `iam:PassedToService`)"
            ]
        );
    }

    #[test]
    fn pass_role_any_through_a_wildcard_action_and_role_star() {
        assert_eq!(
            check(r#""iam:*""#, r#""arn:aws:iam::123456789012:role/*""#).len(),
            1
        );
    }

    #[test]
    fn pass_role_any_not_reported_for_named_roles() {
        assert!(
            check(
                r#""iam:PassRole""#,
                r#""arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole""#
            )
            .is_empty()
        );
        assert!(check(r#""dynamodb:*""#, r#""*""#).is_empty());
    }
}
