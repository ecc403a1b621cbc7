//! `unknown-action`: an action the catalog says does not exist, or a near miss of one it knows,
//! such as `dynamodb:RestoreTableFromBakup` or `dynamdb:CreateBackup`. IAM accepts the name and it
//! grants nothing. Services the catalog does not cover (`ec2`) and actions of services it covers
//! only in part (`iam`, `s3`) are reported only when a catalog name is near.

use super::{Lint, catalog_actions};
use crate::catalog::{self, ActionLookupError, Coverage, Service};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        for (entry, pointer) in located.actions() {
            let Some((message, help)) = problem(&entry.value) else {
                continue;
            };
            let mut finding = Finding::new(
                "unknown-action",
                Severity::Warning,
                message,
                entry.span,
                pointer,
            );
            finding.help = help;
            findings.push(finding);
        }
    }
}

fn problem(entry: &str) -> Option<(String, Option<String>)> {
    let (prefix, name) = entry.split_once(':')?;
    if entry == "*" || prefix.is_empty() || name.is_empty() {
        return None;
    }
    if entry.contains(['*', '?']) {
        let service = Service::from_prefix(prefix)?;
        let complete = service.coverage() == Coverage::Complete;
        return (complete && catalog_actions(entry).is_empty()).then(|| {
            (
                format!("`{entry}` matches no action of `{service}`"),
                Some(format!(
                    "check the spelling: `{service}` has no action this pattern fits"
                )),
            )
        });
    }
    match &catalog::action(entry) {
        Ok(_) | Err(ActionLookupError::Malformed { .. }) => None,
        // A near prefix alone is weak evidence (`sns` is one letter from `sts`): the suggested
        // action must exist too.
        Err(
            error @ ActionLookupError::UnknownService {
                suggestion: Some(suggestion),
                ..
            },
        ) if catalog::action(suggestion).is_ok() => Some((error.to_string(), error.help())),
        Err(ActionLookupError::UnknownService { .. }) => None,
        Err(
            error @ ActionLookupError::UnknownAction {
                coverage: Coverage::Complete,
                ..
            },
        ) => {
            let help = error.help().or_else(|| {
                Some(format!(
                    "`{prefix}` has no action of this name: it grants nothing"
                ))
            });
            Some((error.to_string(), help))
        }
        Err(
            error @ ActionLookupError::UnknownAction {
                suggestion: Some(_),
                ..
            },
        ) => Some((error.to_string(), error.help())),
        Err(ActionLookupError::UnknownAction { .. }) => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(actions: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}"#
        ));
        render(&text, PolicyKind::Managed, "unknown-action")
    }

    #[test]
    fn unknown_action_near_miss_gets_a_suggestion() {
        assert_eq!(
            check(r#"["dynamodb:RestoreTableFromBakup"]"#),
            [
                "/Statement/0/Action/0 `\"dynamodb:RestoreTableFromBakup\"` warning: unknown action `dynamodb:RestoreTableFromBakup` (help: did you mean `dynamodb:RestoreTableFromBackup`?)"
            ]
        );
    }

    #[test]
    fn unknown_action_in_a_complete_service_without_suggestion() {
        assert_eq!(
            check(r#""dynamodb:Teleport""#),
            [
                "/Statement/0/Action `\"dynamodb:Teleport\"` warning: unknown action `dynamodb:Teleport` (help: `dynamodb` has no action of this name: it grants nothing)"
            ]
        );
    }

    #[test]
    fn unknown_action_misspelt_service() {
        assert_eq!(
            check(r#""dynamdb:CreateBackup""#),
            [
                "/Statement/0/Action `\"dynamdb:CreateBackup\"` warning: service `dynamdb` is not in the catalog (help: did you mean `dynamodb:CreateBackup`?)"
            ]
        );
    }

    #[test]
    fn unknown_action_pattern_matching_nothing() {
        assert_eq!(
            check(r#""dynamodb:Restor*Foo""#),
            [
                "/Statement/0/Action `\"dynamodb:Restor*Foo\"` warning: `dynamodb:Restor*Foo` matches no action of `dynamodb` (help: check the spelling: `dynamodb` has no action this pattern fits)"
            ]
        );
    }

    #[test]
    fn unknown_action_not_reported_outside_the_catalog_or_for_known_names() {
        assert!(check(r#"["ec2:DescribeRegions", "sns:CreateTopic", "iam:GetRole", "sns:*", "dynamodb:listbackups", "backup:*", "*"]"#).is_empty());
    }

    #[test]
    fn unknown_action_near_miss_in_a_partly_covered_service() {
        assert_eq!(
            check(r#""iam:PasRole""#),
            [
                "/Statement/0/Action `\"iam:PasRole\"` warning: action `iam:PasRole` is not in the backup and restore catalog (help: did you mean `iam:PassRole`?)"
            ]
        );
    }
}
