//! `old-version`: a policy without `Version`, or with `2008-10-17`, which IAM reads with the old
//! language: policy variables such as `${aws:username}` stay literal text.

use super::Lint;
use crate::document::Version;
use crate::finding::{Finding, Severity};

const HELP: &str = r#"write "Version": "2012-10-17""#;

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let finding = match &lint.document.version {
        None => Finding::new(
            "old-version",
            Severity::Warning,
            "policy has no `Version`, so IAM reads it as `2008-10-17`",
            crate::span::Span::new(lint.document.span.start, lint.document.span.start + 1),
            "",
        ),
        Some(version) if version.value == Version::V2008_10_17 => Finding::new(
            "old-version",
            Severity::Warning,
            "`2008-10-17` is the old policy language version",
            version.span,
            "/Version",
        ),
        Some(_) => return,
    };
    findings.push(finding.with_help(format!("{HELP}; the old version has no policy variables")));
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::render;

    const STATEMENT: &str =
        r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}"#;

    #[test]
    fn old_version_missing() {
        let text = format!(r#"{{"Statement": [{STATEMENT}]}}"#);
        assert_eq!(
            render(&text, PolicyKind::Managed, "old-version"),
            [
                r#" `{` warning: policy has no `Version`, so IAM reads it as `2008-10-17` (help: write "Version": "2012-10-17"; the old version has no policy variables)"#
            ]
        );
    }

    #[test]
    fn old_version_2008() {
        let text = format!(r#"{{"Version": "2008-10-17", "Statement": [{STATEMENT}]}}"#);
        assert_eq!(
            render(&text, PolicyKind::Managed, "old-version"),
            [
                r#"/Version `"2008-10-17"` warning: `2008-10-17` is the old policy language version (help: write "Version": "2012-10-17"; the old version has no policy variables)"#
            ]
        );
    }

    #[test]
    fn old_version_not_reported_for_the_current_one() {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{STATEMENT}]}}"#);
        assert!(render(&text, PolicyKind::Managed, "old-version").is_empty());
    }
}
