//! `trust-resource`: a `Resource` in a trust policy, which IAM refuses: a trust policy applies to
//! the role it belongs to.

use super::{Lint, PolicyKind};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if lint.kind != PolicyKind::Trust {
        return;
    }
    for located in lint.statements() {
        let Some(clause) = &located.statement.resource else {
            continue;
        };
        let name = if clause.negated {
            "NotResource"
        } else {
            "Resource"
        };
        findings.push(
            Finding::new(
                "trust-resource",
                Severity::Error,
                format!("a trust policy cannot have `{name}`"),
                clause.span,
                located.element(name),
            )
            .with_help(format!(
                "remove `{name}`: the trust policy applies to the role it belongs to"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    #[test]
    fn trust_resource_is_refused() {
        let text = policy(
            r#"{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
        );
        assert_eq!(
            render(&text, PolicyKind::Trust, "trust-resource"),
            [
                "/Statement/0/Resource `\"*\"` error: a trust policy cannot have `Resource` (help: remove `Resource`: the trust policy applies to the role it belongs to)"
            ]
        );
        assert!(render(&text, PolicyKind::Resource, "trust-resource").is_empty());
    }
}
