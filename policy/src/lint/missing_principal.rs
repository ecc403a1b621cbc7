//! `missing-principal`: a statement of a trust or resource-based policy without `Principal`, which
//! IAM refuses: such a policy must say whom it lets in.

use super::{Lint, PolicyKind};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if !lint.kind.has_principal() {
        return;
    }
    let example = match lint.kind {
        PolicyKind::Trust => {
            r#"add "Principal": {"Service": "backup.amazonaws.com"}, or {"AWS": "arn:aws:iam::123456789012:root"} for another account"#
        }
        _ => r#"add "Principal": {"AWS": "arn:aws:iam::123456789012:role/BackupOperator"}"#,
    };
    for located in lint.statements() {
        if located.statement.principal.is_some() {
            continue;
        }
        let span = located.statement.span;
        findings.push(
            Finding::new(
                "missing-principal",
                Severity::Error,
                format!("statement of {} has no `Principal`", lint.kind.describe()),
                crate::span::Span::new(span.start, span.start + 1),
                located.pointer.clone(),
            )
            .with_help(example),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    #[test]
    fn missing_principal_in_a_trust_policy() {
        let text = policy(r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}"#);
        assert_eq!(
            render(&text, PolicyKind::Trust, "missing-principal"),
            [
                r#"/Statement/0 `{` error: statement of a trust policy has no `Principal` (help: add "Principal": {"Service": "backup.amazonaws.com"}, or {"AWS": "arn:aws:iam::123456789012:root"} for another account)"#
            ]
        );
        assert!(render(&text, PolicyKind::Managed, "missing-principal").is_empty());
    }
}
