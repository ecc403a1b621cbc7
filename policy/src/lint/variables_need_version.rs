//! `variables-need-version`: a policy variable such as `${aws:username}` in a policy without
//! `"Version": "2012-10-17"`, where IAM reads it as literal text, so the entry matches nothing.
//! Reported once, at the first variable, with the number of places.

use super::{Lint, entries};
use crate::finding::{Finding, Severity};
use crate::span::Span;

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if lint.document.has_variables() {
        return;
    }
    let mut places: Vec<(String, Span, String)> = Vec::new();
    for located in lint.statements() {
        for (entry, pointer) in located.resources() {
            if let Some(variable) = variable_in(&entry.value) {
                places.push((variable, entry.span, pointer));
            }
        }
        for (condition, base) in located.conditions() {
            for (value, pointer) in entries(&condition.values, &base) {
                if let Some(variable) = variable_in(value.value.as_text()) {
                    places.push((variable, value.span, pointer));
                }
            }
        }
    }
    let Some((variable, span, pointer)) = places.first() else {
        return;
    };
    let count = match places.len() {
        1 => String::new(),
        count => format!(", and in {} more places", count - 1),
    };
    findings.push(
        Finding::new(
            "variables-need-version",
            Severity::Warning,
            format!("`{variable}` is literal text without `\"Version\": \"2012-10-17\"`{count}"),
            *span,
            pointer.clone(),
        )
        .with_help(r#"write "Version": "2012-10-17": only that version replaces policy variables with their values"#),
    );
}

/// The first `${…}` in `text`, unless it is one of the escapes `${*}`, `${?}`, `${$}`.
fn variable_in(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = rest.get(start..)?;
        let end = after.find('}')?;
        let variable = after.get(..=end)?;
        if !matches!(variable, "${*}" | "${?}" | "${$}") {
            return Some(variable.to_owned());
        }
        rest = after.get(end + 1..)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::render;

    #[test]
    fn variables_need_version_when_it_is_old_or_missing() {
        let text = r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup",
            "Resource": "arn:aws:dynamodb:*:*:table/${aws:username}-*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}}]}"#;
        assert_eq!(
            render(text, PolicyKind::Managed, "variables-need-version"),
            [
                r#"/Statement/0/Resource `"arn:aws:dynamodb:*:*:table/${aws:username}-*"` warning: `${aws:username}` is literal text without `"Version": "2012-10-17"`, and in 1 more places (help: write "Version": "2012-10-17": only that version replaces policy variables with their values)"#
            ]
        );
    }

    #[test]
    fn variables_need_version_not_reported_under_2012() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup",
            "Resource": "arn:aws:dynamodb:*:*:table/${aws:username}"}]}"#;
        assert!(render(text, PolicyKind::Managed, "variables-need-version").is_empty());
    }

    #[test]
    fn variables_need_version_ignores_escapes() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${*}"}]}"#;
        assert!(render(text, PolicyKind::Managed, "variables-need-version").is_empty());
    }
}
