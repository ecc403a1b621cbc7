//! `condition-value-type`: a condition value its operator cannot read, such as `NumericEquals` with
//! `"thirty"`, `DateLessThan` with `"yesterday"`, `Bool` with `"yes"` or `IpAddress` with
//! `"10.0.0.0/33"`. Such a condition never holds.

use std::net::IpAddr;

use super::{Lint, entries};
use crate::context::Timestamp;
use crate::document::{BaseOperator as B, ConditionValue};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let variables = lint.document.has_variables();
    for located in lint.statements() {
        for (condition, base) in located.conditions() {
            let operator = condition.operator.value;
            let Some((expected, example, valid)) = expectation(operator.base) else {
                continue;
            };
            for (value, pointer) in entries(&condition.values, &base) {
                let text = value.value.as_text();
                if (variables && text.contains("${")) || valid(&value.value) {
                    continue;
                }
                findings.push(
                    Finding::new(
                        "condition-value-type",
                        Severity::Error,
                        format!("`{operator}` needs {expected}, not `{text}`"),
                        value.span,
                        pointer,
                    )
                    .with_help(format!(
                        "write {expected} such as {example}; as written the condition never holds"
                    )),
                );
            }
        }
    }
}

type Validator = fn(&ConditionValue) -> bool;

/// What the operator reads, an example of it, and a check; `None` for string operators.
fn expectation(base: B) -> Option<(&'static str, &'static str, Validator)> {
    Some(match base {
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => ("a number", "`3600`", |value| {
            value
                .as_text()
                .trim()
                .parse::<f64>()
                .is_ok_and(f64::is_finite)
        }),
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => (
            "a date",
            "`2026-01-31T00:00:00Z` or epoch seconds",
            |value| Timestamp::parse(value.as_text()).is_some(),
        ),
        B::Bool | B::Null => ("`true` or `false`", "`true`", |value| {
            matches!(value, ConditionValue::Bool(_))
                || value.as_text().eq_ignore_ascii_case("true")
                || value.as_text().eq_ignore_ascii_case("false")
        }),
        B::IpAddress | B::NotIpAddress => {
            ("an IP address or CIDR range", "`203.0.113.0/24`", |value| {
                is_network(value.as_text())
            })
        }
        B::BinaryEquals => ("base64 text", "`QmFja3N0b3A=`", |value| {
            crate::condition::base64_decode(value.as_text()).is_some()
        }),
        B::ArnEquals | B::ArnNotEquals | B::ArnLike | B::ArnNotLike => (
            "an ARN",
            "`arn:aws:iam::123456789012:role/BreakGlass`",
            |value| {
                let text = value.as_text();
                text.starts_with("arn:") || text.starts_with('*')
            },
        ),
        B::StringEquals
        | B::StringNotEquals
        | B::StringEqualsIgnoreCase
        | B::StringNotEqualsIgnoreCase
        | B::StringLike
        | B::StringNotLike => return None,
    })
}

fn is_network(text: &str) -> bool {
    let (address, bits) = match text.trim().split_once('/') {
        Some((address, bits)) => (address, Some(bits)),
        None => (text.trim(), None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return false;
    };
    let limit = if address.is_ipv4() { 32 } else { 128 };
    bits.is_none_or(|bits| bits.parse::<u8>().is_ok_and(|bits| bits <= limit))
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(condition: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*", "Condition": {condition}}}"#
        ));
        render(&text, PolicyKind::Managed, "condition-value-type")
    }

    #[test]
    fn condition_value_type_numeric_with_a_word() {
        assert_eq!(
            check(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "thirty"}}"#),
            [
                "/Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge `\"thirty\"` error: `NumericLessThan` needs a number, not `thirty` (help: write a number such as `3600`; as written the condition never holds)"
            ]
        );
    }

    #[test]
    fn condition_value_type_date_bool_ip_and_arn() {
        assert_eq!(
            check(r#"{"DateLessThan": {"aws:CurrentTime": ["2026-01-31T00:00:00Z", "tomorrow"]}}"#)
                .len(),
            1
        );
        assert_eq!(
            check(r#"{"Bool": {"aws:SecureTransport": "yes"}}"#).len(),
            1
        );
        assert_eq!(check(r#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/33", "203.0.113.7", "2001:db8::/32"]}}"#).len(), 1);
        assert_eq!(
            check(r#"{"ArnLike": {"aws:PrincipalArn": "role/BreakGlass"}}"#).len(),
            1
        );
        assert_eq!(
            check(r#"{"ForAnyValue:NumericEquals": {"backup:MinRetentionDays": "x"}}"#).len(),
            1
        );
    }

    #[test]
    fn condition_value_type_accepts_what_aws_reads() {
        assert!(check(r#"{"Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "DateGreaterThan": {"aws:CurrentTime": "1700000000"}, "Null": {"aws:TokenIssueTime": "false"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}, "StringEquals": {"aws:username": "anything"}}"#).is_empty());
    }
}
