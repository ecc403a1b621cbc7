//! `set-operator-on-single-value`: `ForAllValues:` or `ForAnyValue:` on a key with a single value,
//! such as `aws:SourceIp` or `aws:PrincipalTag/team`. `ForAllValues` is true when the request lacks
//! the key, so in an `Allow` it allows more than it seems.

use super::Lint;
use crate::catalog;
use crate::document::{Effect, SetOperator};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        for (condition, pointer) in located.conditions() {
            let operator = condition.operator.value;
            let Some(set) = operator.set else { continue };
            let key = &condition.key.value;
            if catalog::condition_key_type(key).is_none_or(|key_type| key_type.is_multivalued()) {
                continue;
            }
            let single = crate::document::Operator {
                set: None,
                ..operator
            };
            let (severity, why) = match (set, located.statement.effect.value) {
                (SetOperator::ForAllValues, Effect::Allow) => (
                    Severity::Security,
                    "`ForAllValues` holds when the request lacks the key, so this allows more than it seems",
                ),
                (SetOperator::ForAllValues, Effect::Deny) => (
                    Severity::Warning,
                    "`ForAllValues` holds when the request lacks the key, so this denies more than it seems",
                ),
                (SetOperator::ForAnyValue, _) => (
                    Severity::Warning,
                    "`ForAnyValue` is meant for keys with several values",
                ),
            };
            findings.push(
                Finding::new(
                    "set-operator-on-single-value",
                    severity,
                    format!(
                        "`{key}` has a single value, so `{}` does not apply",
                        set.prefix()
                    ),
                    condition.operator.span,
                    pointer,
                )
                .with_help(format!("use `{single}`: {why}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(effect: &str, condition: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "{effect}", "Action": "dynamodb:CreateBackup", "Resource": "*", "Condition": {condition}}}"#
        ));
        render(&text, PolicyKind::Managed, "set-operator-on-single-value")
    }

    #[test]
    fn set_operator_on_single_value_for_all_values_in_an_allow() {
        assert_eq!(
            check(
                "Allow",
                r#"{"ForAllValues:StringEquals": {"aws:PrincipalTag/team": "backup"}}"#
            ),
            [
                "/Statement/0/Condition/ForAllValues:StringEquals/aws:PrincipalTag~1team `\"ForAllValues:StringEquals\"` security: `aws:PrincipalTag/team` has a single value, so `ForAllValues:` does not apply (help: use `StringEquals`: `ForAllValues` holds when the request lacks the key, so this allows more than it seems)"
            ]
        );
    }

    #[test]
    fn set_operator_on_single_value_for_any_value_is_a_warning() {
        let found = check(
            "Deny",
            r#"{"ForAnyValue:IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].contains(" warning: "), "{}", found[0]);
    }

    #[test]
    fn set_operator_on_single_value_fine_for_multivalued_and_unknown_keys() {
        assert!(check("Allow", r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"], "dynamodb:LeadingKeys": ["x"], "custom:Thing": "y"}}"#).is_empty());
    }
}
