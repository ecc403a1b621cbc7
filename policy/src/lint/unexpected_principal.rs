//! `unexpected-principal`: a `Principal` or `NotPrincipal` in a policy attached to an identity
//! (managed, inline, boundary) or an SCP, which IAM refuses: such a policy applies to whoever it is
//! attached to.

use super::Lint;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if lint.kind.has_principal() {
        return;
    }
    for located in lint.statements() {
        let Some(clause) = &located.statement.principal else {
            continue;
        };
        let name = if clause.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        findings.push(
            Finding::new(
                "unexpected-principal",
                Severity::Error,
                format!("{} cannot have `{name}`", lint.kind.describe()),
                clause.span,
                located.element(name),
            )
            .with_help(format!(
                "remove `{name}`: the policy applies to the identity it is attached to; name principals in a trust or resource-based policy"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    const TRUST: &str = r#"{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}"#;

    #[test]
    fn unexpected_principal_in_a_managed_policy() {
        assert_eq!(
            render(&policy(TRUST), PolicyKind::Managed, "unexpected-principal"),
            [
                "/Statement/0/Principal `{\"Service\": \"backup.amazonaws.com\"}` error: a managed policy cannot have `Principal` (help: remove `Principal`: the policy applies to the identity it is attached to; name principals in a trust or resource-based policy)"
            ]
        );
    }

    #[test]
    fn unexpected_principal_allowed_in_trust_policies() {
        assert!(render(&policy(TRUST), PolicyKind::Trust, "unexpected-principal").is_empty());
    }
}
