//! `size-over-quota`: a policy longer than its kind allows, counted as IAM counts (characters
//! besides whitespace): 6,144 for a managed policy or boundary, 2,048 for a trust policy, the inline
//! quota of the principal for an inline policy, 5,120 for an SCP. IAM refuses it.

use super::Lint;
use crate::finding::{Finding, Severity};
use crate::span::Span;

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let Some(limit) = lint.kind.size_limit() else {
        return;
    };
    if lint.size <= limit {
        return;
    }
    let start = lint.document.span.start;
    findings.push(
        Finding::new(
            "size-over-quota",
            Severity::Error,
            format!(
                "the policy has {} characters besides whitespace, more than the {limit} allowed in {}",
                lint.size,
                lint.kind.describe()
            ),
            Span::new(start, start + 1),
            "",
        )
        .with_help("split it into several policies, or name similar actions and tables with one wildcard"),
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};
    use crate::spec::IdentityKind;

    fn text(tables: usize) -> String {
        let resources: Vec<String> = (0..tables)
            .map(|index| {
                format!("\"arn:aws:dynamodb:us-east-1:123456789012:table/Table{index:04}\"")
            })
            .collect();
        policy(&format!(
            r#"{{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": [{}]}}"#,
            resources.join(", ")
        ))
    }

    #[test]
    fn size_over_quota_for_a_user_inline_policy() {
        let text = text(40);
        assert!(render(&text, PolicyKind::Managed, "size-over-quota").is_empty());
        let found = render(
            &text,
            PolicyKind::Inline(IdentityKind::User),
            "size-over-quota",
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(" `{` error: the policy has 2"),
            "{}",
            found[0]
        );
        assert!(
            found[0].contains("more than the 2048 allowed in an inline policy of a user"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn size_over_quota_not_checked_for_resource_policies() {
        assert!(render(&text(200), PolicyKind::Resource, "size-over-quota").is_empty());
        assert_eq!(
            render(&text(200), PolicyKind::Managed, "size-over-quota").len(),
            1
        );
    }
}
