//! `invalid-account-id`: an account id that is not 12 digits, in a `Resource` ARN, a `Principal` or
//! a condition value, such as the 9-digit `123456789` of the workshop's deny policy (seed `002_…`).
//! IAM refuses it in a `Principal`; elsewhere the ARN or value matches nothing, so the statement
//! allows nothing there, or, worse, denies nothing. Each bad id is reported once, where it first
//! appears, with the number of places.

use super::{Lint, Located, entries};
use crate::document::{ConditionValue, Effect, Principal, PrincipalKind, Spanned};
use crate::finding::{Finding, Severity};
use crate::span::Span;

/// Condition keys whose values are account ids.
const ACCOUNT_KEYS: [&str; 5] = [
    "aws:PrincipalAccount",
    "aws:ResourceAccount",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "kms:CallerAccount",
];

struct Use {
    account: String,
    span: Span,
    pointer: String,
    severity: Severity,
}

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let mut uses: Vec<Use> = Vec::new();
    for located in lint.statements() {
        collect(&located, &mut uses);
    }
    let mut reported: Vec<&str> = Vec::new();
    for first in &uses {
        if reported.contains(&first.account.as_str()) {
            continue;
        }
        reported.push(&first.account);
        let same: Vec<&Use> = uses
            .iter()
            .filter(|other| other.account == first.account)
            .collect();
        let severity = same
            .iter()
            .map(|other| other.severity)
            .min()
            .unwrap_or(Severity::Warning);
        let digits = first.account.chars().filter(char::is_ascii_digit).count();
        let what = if digits == first.account.chars().count() {
            format!("account id `{}` has {digits} digits, not 12", first.account)
        } else {
            format!("`{}` is not an account id", first.account)
        };
        let places = match same.len() {
            1 => String::new(),
            count => format!(", in {count} places"),
        };
        findings.push(
            Finding::new("invalid-account-id", severity, format!("{what}{places}"), first.span, first.pointer.clone())
                .with_help(
                    "AWS account ids have exactly 12 digits, such as `123456789012`: with another id the ARN matches \
                     nothing, so the statement allows or denies nothing there",
                ),
        );
    }
}

fn collect(located: &Located<'_>, uses: &mut Vec<Use>) {
    let statement = located.statement;
    let severity = match statement.effect.value {
        Effect::Allow => Severity::Warning,
        // A deny that matches nothing protects nothing while looking as if it did.
        Effect::Deny => Severity::Security,
    };
    for (entry, pointer) in located.resources() {
        if let Some([_, _, _, _, account, _]) = crate::arn::segments(&entry.value) {
            push(uses, account, entry, pointer, severity);
        }
    }
    if let Some(clause) = &statement.principal
        && let Principal::Map(kinds) = &clause.principal
    {
        let name = if clause.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        for (kind, values) in kinds {
            if kind.value != PrincipalKind::Aws {
                continue;
            }
            for (entry, pointer) in entries(values, &format!("{}/AWS", located.element(name))) {
                match crate::arn::segments(&entry.value) {
                    Some([_, _, _, _, account, _]) => {
                        push(uses, account, entry, pointer, Severity::Error)
                    }
                    None if entry.value != "*" => {
                        push(uses, &entry.value, entry, pointer, Severity::Error)
                    }
                    None => {}
                }
            }
        }
    }
    for (condition, base) in located.conditions() {
        let account_key = ACCOUNT_KEYS
            .iter()
            .any(|key| key.eq_ignore_ascii_case(&condition.key.value));
        for (value, pointer) in entries(&condition.values, &base) {
            let ConditionValue::String(text) = &value.value else {
                continue;
            };
            let spanned = Spanned::at(text.clone(), value.span);
            if account_key {
                push(uses, text, &spanned, pointer, severity);
            } else if let Some([_, _, _, _, account, _]) = crate::arn::segments(text) {
                push(uses, account, &spanned, pointer, severity);
            }
        }
    }
}

fn push(
    uses: &mut Vec<Use>,
    account: &str,
    entry: &Spanned<String>,
    pointer: String,
    severity: Severity,
) {
    let skip = account.is_empty()
        || account == "aws"
        || account.contains(['*', '?', '$'])
        || (account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit()));
    if !skip {
        uses.push(Use {
            account: account.to_owned(),
            span: entry.span,
            pointer,
            severity,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    #[test]
    fn invalid_account_id_grouped_with_the_worst_severity() {
        let text = policy(
            r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "arn:aws:dynamodb:us-east-1:123456789:table/*"},
               {"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "arn:aws:dynamodb:us-east-1:123456789:table/*/backup/*"}"#,
        );
        assert_eq!(
            render(&text, PolicyKind::Managed, "invalid-account-id"),
            [
                "/Statement/0/Resource `\"arn:aws:dynamodb:us-east-1:123456789:table/*\"` security: account id `123456789` has 9 digits, not 12, in 2 places (help: AWS account ids have exactly 12 digits, such as `123456789012`: with another id the ARN matches nothing, so the statement allows or denies nothing there)"
            ]
        );
    }

    #[test]
    fn invalid_account_id_in_a_principal_is_an_error() {
        let text = policy(
            r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::12345:root", "111122223333"]}, "Action": "sts:AssumeRole"}"#,
        );
        assert_eq!(
            render(&text, PolicyKind::Trust, "invalid-account-id"),
            [
                "/Statement/0/Principal/AWS/0 `\"arn:aws:iam::12345:root\"` error: account id `12345` has 5 digits, not 12 (help: AWS account ids have exactly 12 digits, such as `123456789012`: with another id the ARN matches nothing, so the statement allows or denies nothing there)"
            ]
        );
    }

    #[test]
    fn invalid_account_id_in_a_condition() {
        let text = policy(
            r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceAccount": "prod-account"}}}"#,
        );
        assert_eq!(
            render(&text, PolicyKind::Managed, "invalid-account-id").len(),
            1
        );
        assert!(render(&text, PolicyKind::Managed, "invalid-account-id")[0].starts_with(
            "/Statement/0/Condition/StringEquals/aws:ResourceAccount `\"prod-account\"` warning: `prod-account` is not an account id"
        ));
    }

    #[test]
    fn invalid_account_id_not_reported_for_wildcards_s3_and_aws_managed() {
        let text = policy(
            r#"{"Effect": "Allow", "Action": "*", "Resource": ["arn:aws:dynamodb:*:*:table/T", "arn:aws:s3:::bucket/*", "arn:aws:iam::aws:policy/X", "arn:aws:dynamodb:us-east-1:123456789012:table/T", "arn:aws:dynamodb:us-east-1:${aws:PrincipalAccount}:table/T"]}"#,
        );
        assert!(render(&text, PolicyKind::Managed, "invalid-account-id").is_empty());
    }
}
