//! `condition-key-type`: an operator of the wrong family for a known condition key, such as
//! `StringEquals` on `aws:SourceIp` (an IP address key, compared with `IpAddress`) or
//! `NumericEquals` on `aws:SecureTransport`. Types come from the catalog's and the global keys.

use super::Lint;
use crate::catalog::{self, ConditionKeyType as K};
use crate::document::BaseOperator as B;
use crate::finding::{Finding, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        for (condition, pointer) in located.conditions() {
            let key = &condition.key.value;
            let Some(key_type) = catalog::condition_key_type(key) else {
                continue;
            };
            let family = family(condition.operator.value.base);
            let allowed = allowed(key, key_type);
            if family == Family::Null || allowed.contains(&family) {
                continue;
            }
            let (kind, operators) = describe(key_type);
            findings.push(
                Finding::new(
                    "condition-key-type",
                    Severity::Warning,
                    format!(
                        "`{key}` is {kind} key, which `{}` does not compare",
                        condition.operator.value
                    ),
                    condition.operator.span,
                    pointer,
                )
                .with_help(format!("use {operators}")),
            );
        }
    }
}

fn family(base: B) -> Family {
    match base {
        B::StringEquals
        | B::StringNotEquals
        | B::StringEqualsIgnoreCase
        | B::StringNotEqualsIgnoreCase
        | B::StringLike
        | B::StringNotLike => Family::String,
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => Family::Numeric,
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => Family::Date,
        B::Bool => Family::Bool,
        B::BinaryEquals => Family::Binary,
        B::IpAddress | B::NotIpAddress => Family::Ip,
        B::ArnEquals | B::ArnNotEquals | B::ArnLike | B::ArnNotLike => Family::Arn,
        B::Null => Family::Null,
    }
}

fn allowed(key: &str, key_type: K) -> &'static [Family] {
    match key_type {
        K::String | K::ArrayOfString => &[Family::String],
        // AWS compares ARN keys with string operators too.
        K::Arn | K::ArrayOfArn => &[Family::Arn, Family::String],
        K::Bool => &[Family::Bool],
        // `aws:EpochTime` takes dates and numbers of seconds alike.
        K::Date if key.eq_ignore_ascii_case("aws:EpochTime") => &[Family::Date, Family::Numeric],
        K::Date => &[Family::Date],
        K::Numeric => &[Family::Numeric],
        K::IpAddress => &[Family::Ip],
    }
}

fn describe(key_type: K) -> (&'static str, &'static str) {
    match key_type {
        K::String | K::ArrayOfString => (
            "a string",
            "a string operator such as `StringEquals` or `StringLike`",
        ),
        K::Arn | K::ArrayOfArn => (
            "an ARN",
            "an ARN operator such as `ArnLike`, or a string operator",
        ),
        K::Bool => ("a boolean", "`Bool`"),
        K::Date => ("a date", "a date operator such as `DateLessThan`"),
        K::Numeric => ("a numeric", "a numeric operator such as `NumericLessThan`"),
        K::IpAddress => ("an IP address", "`IpAddress` or `NotIpAddress`"),
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(condition: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*", "Condition": {condition}}}"#
        ));
        render(&text, PolicyKind::Managed, "condition-key-type")
    }

    #[test]
    fn condition_key_type_string_operator_on_an_ip_key() {
        assert_eq!(
            check(r#"{"StringEquals": {"aws:SourceIp": "203.0.113.7"}}"#),
            [
                "/Statement/0/Condition/StringEquals/aws:SourceIp `\"StringEquals\"` warning: `aws:SourceIp` is an IP address key, which `StringEquals` does not compare (help: use `IpAddress` or `NotIpAddress`)"
            ]
        );
    }

    #[test]
    fn condition_key_type_accepts_fitting_operators() {
        assert!(check(r#"{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/X"}, "Null": {"aws:SourceIp": "true"}, "Bool": {"aws:ViaAWSService": "false"}, "NumericLessThan": {"aws:EpochTime": "1700000000"}, "StringEquals": {"custom:Key": "x"}}"#).is_empty());
    }

    #[test]
    fn condition_key_type_numeric_on_a_bool_key() {
        assert_eq!(
            check(r#"{"NumericEquals": {"aws:SecureTransport": "1"}}"#).len(),
            1
        );
    }
}
