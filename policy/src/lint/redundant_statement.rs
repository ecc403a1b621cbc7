//! `redundant-statement`: a statement another statement of the policy already contains: the same
//! effect, principal and conditions (or none on the other), and actions and resources the other
//! covers. Reported on the later of two identical statements.

use super::redundant_action::covers;
use super::{Lint, Located};
use crate::document::Statement;
use crate::finding::{Finding, Severity};
use crate::pattern::ArnPattern;
use crate::span::Span;

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let statements: Vec<Located<'_>> = lint.statements().collect();
    for located in &statements {
        let covering = statements.iter().find(|other| {
            other.index != located.index
                && contains(other.statement, located.statement)
                && (!contains(located.statement, other.statement) || other.index < located.index)
        });
        let Some(other) = covering else { continue };
        let start = located.statement.span.start;
        let name = |located: &Located<'_>| match &located.statement.sid {
            Some(sid) => format!("statement {} (`{}`)", located.index, sid.value),
            None => format!("statement {}", located.index),
        };
        findings.push(
            Finding::new(
                "redundant-statement",
                Severity::Suggestion,
                format!("{} adds nothing to {}", name(located), name(other)),
                Span::new(start, start + 1),
                located.pointer.clone(),
            )
            .with_help(format!(
                "remove it: {} already covers its actions and resources",
                name(other)
            )),
        );
    }
}

/// Whether `wide` applies wherever `narrow` does, with the same effect.
fn contains(wide: &Statement, narrow: &Statement) -> bool {
    if wide.effect.value != narrow.effect.value
        || wide.principal != narrow.principal
        || wide.action.negated
        || narrow.action.negated
    {
        return false;
    }
    if wide
        .condition
        .as_ref()
        .is_some_and(|condition| Some(condition) != narrow.condition.as_ref())
    {
        return false;
    }
    let actions = narrow.action.actions.iter().all(|action| {
        wide.action
            .actions
            .iter()
            .any(|other| covers(&other.value, &action.value))
    });
    let resources = match (&wide.resource, &narrow.resource) {
        (None, None) => true,
        (Some(wide), Some(narrow)) if !wide.negated && !narrow.negated => {
            narrow.resources.iter().all(|resource| {
                wide.resources.iter().any(|other| {
                    !other.value.contains('?')
                        && ArnPattern::new(&other.value, false).matches(&resource.value)
                })
            })
        }
        _ => false,
    };
    actions && resources
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(statements: &str) -> Vec<String> {
        render(
            &policy(statements),
            PolicyKind::Managed,
            "redundant-statement",
        )
    }

    #[test]
    fn redundant_statement_inside_a_wider_one() {
        assert_eq!(
            check(
                r#"{"Sid": "Narrow", "Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "arn:aws:dynamodb:*:*:table/Orders"},
                     {"Sid": "Wide", "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}"#
            ),
            [
                "/Statement/0 `{` suggestion: statement 0 (`Narrow`) adds nothing to statement 1 (`Wide`) (help: remove it: statement 1 (`Wide`) already covers its actions and resources)"
            ]
        );
    }

    #[test]
    fn redundant_statement_identical_reported_once() {
        let statement = r#"{"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"}"#;
        assert_eq!(check(&format!("{statement}, {statement}")).len(), 1);
    }

    #[test]
    fn redundant_statement_not_reported_across_effects_or_conditions() {
        assert!(
            check(
                r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"},
                        {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"}"#
            )
            .is_empty()
        );
        assert!(check(r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"},
                        {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#).is_empty());
    }
}
