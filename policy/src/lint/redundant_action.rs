//! `redundant-action`: an `Action` entry another entry of the same statement already covers, such
//! as `dynamodb:GetItem` beside `dynamodb:*`, or the same action twice (in any case).

use super::Lint;
use crate::finding::{Finding, Severity};
use crate::pattern::Pattern;

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let actions = located.actions();
        for (index, (entry, pointer)) in actions.iter().enumerate() {
            let covering = actions
                .iter()
                .enumerate()
                .find(|(other_index, (other, _))| {
                    let same = other.value.eq_ignore_ascii_case(&entry.value);
                    *other_index != index
                        && covers(&other.value, &entry.value)
                        && (!same || *other_index < index)
                });
            let Some((_, (other, _))) = covering else {
                continue;
            };
            let message = if other.value.eq_ignore_ascii_case(&entry.value) {
                format!("`{}` is listed twice", entry.value)
            } else {
                format!("`{}` is already covered by `{}`", entry.value, other.value)
            };
            findings.push(
                Finding::new(
                    "redundant-action",
                    Severity::Suggestion,
                    message,
                    entry.span,
                    pointer.clone(),
                )
                .with_help("remove it"),
            );
        }
    }
}

/// Whether every action `narrow` names is one `wide` names. When `wide` has no `?`, matching the
/// text of `narrow` (its wildcards taken as characters) proves it: each wildcard of `narrow` lands
/// in a `*` of `wide`, which matches whatever it stands for.
pub(super) fn covers(wide: &str, narrow: &str) -> bool {
    !wide.contains('?') && Pattern::ignoring_case(wide).matches(narrow)
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(actions: &str) -> Vec<String> {
        render(
            &policy(&format!(
                r#"{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}"#
            )),
            PolicyKind::Managed,
            "redundant-action",
        )
    }

    #[test]
    fn redundant_action_covered_by_a_wildcard() {
        assert_eq!(
            check(r#"["dynamodb:GetItem", "dynamodb:*", "dynamodb:Describe*"]"#),
            [
                "/Statement/0/Action/0 `\"dynamodb:GetItem\"` suggestion: `dynamodb:GetItem` is already covered by `dynamodb:*` (help: remove it)",
                "/Statement/0/Action/2 `\"dynamodb:Describe*\"` suggestion: `dynamodb:Describe*` is already covered by `dynamodb:*` (help: remove it)",
            ]
        );
    }

    #[test]
    fn redundant_action_listed_twice_reported_once() {
        assert_eq!(
            check(r#"["dynamodb:ListBackups", "dynamodb:listbackups"]"#),
            [
                "/Statement/0/Action/1 `\"dynamodb:listbackups\"` suggestion: `dynamodb:listbackups` is listed twice (help: remove it)"
            ]
        );
    }

    #[test]
    fn redundant_action_not_reported_for_distinct_actions() {
        assert!(
            check(r#"["dynamodb:Get*", "dynamodb:GetItem?", "dynamodb:Describe*"]"#).len() == 1
        );
        assert!(check(r#"["dynamodb:CreateBackup", "dynamodb:DeleteBackup"]"#).is_empty());
    }
}
