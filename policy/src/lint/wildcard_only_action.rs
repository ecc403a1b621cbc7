//! `wildcard-only-action`: an action that works only with `"Resource": "*"`, such as
//! `dynamodb:ListBackups` or `dynamodb:ListTables`, in a statement scoped to ARNs: it then grants
//! (or denies) nothing, silently (PITFALLS D03).

use super::{Lint, covers_any_resource, list};
use crate::catalog;
use crate::document::Effect;
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let statement = located.statement;
        let Some(clause) = &statement.resource else {
            continue;
        };
        if statement.action.negated || clause.negated || covers_any_resource(Some(clause)) {
            continue;
        }
        let scoped: Vec<_> = located
            .actions()
            .into_iter()
            .filter(|(entry, _)| !entry.value.contains(['*', '?']))
            .filter_map(|(entry, pointer)| {
                let action = catalog::action(&entry.value)
                    .ok()
                    .filter(|action| action.is_wildcard_only())?;
                Some((entry, pointer, action.to_string()))
            })
            .collect();
        let Some((first, first_pointer, _)) = scoped.first() else {
            continue;
        };
        let names: Vec<&str> = scoped.iter().map(|(_, _, name)| name.as_str()).collect();
        let verb = if names.len() == 1 { "works" } else { "work" };
        let one = names.len() == 1;
        let effect = match (statement.effect.value, one) {
            (Effect::Allow, true) => "it grants",
            (Effect::Allow, false) => "they grant",
            (Effect::Deny, true) => "it denies",
            (Effect::Deny, false) => "they deny",
        };
        let (object, own) = if one {
            ("it", "its")
        } else {
            ("them", "their")
        };
        let alone = scoped.len() == statement.action.actions.len();
        let pointer = if one {
            first_pointer.clone()
        } else {
            located.action_pointer()
        };
        findings.push(
            Finding::new(
                "wildcard-only-action",
                Severity::Warning,
                format!(r#"{} {verb} only with `"Resource": "*"`"#, list(&names)),
                first.span,
                pointer,
            )
            .with_help(if alone {
                format!(r#"write "Resource": "*"; scoped to an ARN, {effect} nothing"#)
            } else {
                format!(r#"move {object} to a statement of {own} own with "Resource": "*"; scoped to an ARN, {effect} nothing"#)
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    const TABLE: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";

    fn check(effect: &str, actions: &str, resource: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "{effect}", "Action": {actions}, "Resource": {resource}}}"#
        ));
        render(&text, PolicyKind::Managed, "wildcard-only-action")
    }

    #[test]
    fn wildcard_only_action_scoped_to_a_table() {
        assert_eq!(
            check(
                "Allow",
                r#""dynamodb:ListBackups""#,
                &format!(r#""{TABLE}""#)
            ),
            [
                r#"/Statement/0/Action `"dynamodb:ListBackups"` warning: `dynamodb:ListBackups` works only with `"Resource": "*"` (help: write "Resource": "*"; scoped to an ARN, it grants nothing)"#
            ]
        );
    }

    #[test]
    fn wildcard_only_actions_grouped_per_statement() {
        let actions = r#"["dynamodb:CreateBackup", "dynamodb:ListTables", "dynamodb:listbackups"]"#;
        assert_eq!(
            check("Deny", actions, &format!(r#"["{TABLE}"]"#)),
            [
                r#"/Statement/0/Action `"dynamodb:ListTables"` warning: `dynamodb:ListTables` and `dynamodb:ListBackups` work only with `"Resource": "*"` (help: move them to a statement of their own with "Resource": "*"; scoped to an ARN, they deny nothing)"#
            ]
        );
    }

    #[test]
    fn wildcard_only_action_fine_on_star() {
        assert!(check("Allow", r#""dynamodb:ListBackups""#, r#""*""#).is_empty());
        assert!(check("Allow", r#""dynamodb:List*""#, &format!(r#""{TABLE}""#)).is_empty());
    }
}
