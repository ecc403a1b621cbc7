//! `resource-mismatch`: a `Resource` ARN that fits none of the resource types of the statement's
//! actions, such as `dynamodb:DeleteBackup` on `table/Music` (it acts on backups,
//! `table/Music/backup/*`): for that ARN the statement grants or denies nothing.
//!
//! Whether an ARN pattern fits a type is whether the pattern and the type's ARN format can name the
//! same ARN; wildcards on both sides are taken into account, and a placeholder such as
//! `${TableName}` does not cross `/` (a table name cannot hold one) unless it stands for a path
//! (`${RoleNameWithPath}`, `${ObjectName}`, log group names). Actions outside the catalog may act on
//! anything of their own service, so only ARNs of other services count against them.

use std::collections::BTreeMap;

use super::{Lint, catalog_actions, is_any_resource};
use crate::catalog::{self, ActionDef, Coverage, ResourceTypeDef, Service};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for located in lint.statements() {
        let statement = located.statement;
        let Some(clause) = &statement.resource else {
            continue;
        };
        if statement.action.negated || clause.negated {
            continue;
        }
        let Some(actions) = StatementActions::of(
            statement
                .action
                .actions
                .iter()
                .map(|entry| entry.value.as_str()),
        ) else {
            continue;
        };
        if actions.types.is_empty() && actions.other_services.is_empty() {
            // Only `"*"`-only actions: `wildcard-only-action` says what is wrong.
            continue;
        }
        for (entry, pointer) in located.resources() {
            let text = &entry.value;
            if is_any_resource(text) || text.contains("${") || actions.fits(text) {
                continue;
            }
            let Some(segments) = crate::arn::segments(text) else {
                continue;
            };
            let [_, _, service, ..] = segments;
            if actions
                .other_services
                .iter()
                .any(|prefix| prefix.eq_ignore_ascii_case(service))
            {
                continue;
            }
            let mut formats: Vec<String> = actions
                .types
                .values()
                .take(4)
                .map(|definition| format!("`{}` ({})", definition.arn_format, definition.name))
                .collect();
            formats.extend(
                actions
                    .other_services
                    .iter()
                    .map(|prefix| format!("`{prefix}` resources")),
            );
            findings.push(
                Finding::new(
                    "resource-mismatch",
                    Severity::Warning,
                    format!("`{text}` fits none of the statement's actions"),
                    entry.span,
                    pointer,
                )
                .with_help(format!(
                    "the statement's actions act on {}; for this ARN it allows or denies nothing",
                    formats.join(", ")
                )),
            );
        }
    }
}

/// What a statement's actions act on.
struct StatementActions {
    /// The resource types of the catalog actions, by service and name.
    types: BTreeMap<(Service, &'static str), &'static ResourceTypeDef>,
    /// Service prefixes of actions outside the catalog, which may act on anything of their service.
    other_services: Vec<String>,
}

impl StatementActions {
    /// `None` when an action may act on anything (`*`, or a pattern across services).
    fn of<'a>(entries: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut types = BTreeMap::new();
        let mut other_services = Vec::new();
        for entry in entries {
            let (prefix, _) = entry.split_once(':')?;
            if prefix.contains(['*', '?']) {
                return None;
            }
            let defs: Vec<&'static ActionDef> = if entry.contains(['*', '?']) {
                catalog_actions(entry)
            } else {
                catalog::action(entry).ok().into_iter().collect()
            };
            let service = Service::from_prefix(prefix);
            let complete = service.is_some_and(|service| service.coverage() == Coverage::Complete);
            if !complete && (defs.is_empty() || entry.contains(['*', '?'])) {
                other_services.push(prefix.to_owned());
            }
            for action in defs {
                for (definition, _) in action.resource_type_defs() {
                    types.insert((definition.service, definition.name), definition);
                }
            }
        }
        Some(Self {
            types,
            other_services,
        })
    }

    fn fits(&self, arn: &str) -> bool {
        let pattern = tokens_of_pattern(arn);
        self.types
            .values()
            .any(|definition| intersects(&pattern, &tokens_of_format(definition)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: one character.
    One,
    /// `*`: any run.
    Run,
    /// A placeholder that does not cross `/`: any run without one.
    Segment,
}

impl Token {
    const fn consumes_one(self) -> bool {
        matches!(self, Token::Char(_) | Token::One)
    }
}

fn tokens_of_pattern(text: &str) -> Vec<Token> {
    text.chars()
        .map(|character| match character {
            '*' => Token::Run,
            '?' => Token::One,
            other => Token::Char(other),
        })
        .collect()
}

/// Placeholders that stand for paths, which may hold `/`.
const PATH_PLACEHOLDERS: [&str; 6] = [
    "RoleNameWithPath",
    "ObjectName",
    "LogGroupName",
    "LogStreamName",
    "Alias",
    "RecoveryPointId",
];

fn tokens_of_format(definition: &ResourceTypeDef) -> Vec<Token> {
    // Recovery points are AWS Backup's (`recovery-point:…`) or another service's own backup ARNs
    // (`table/Orders/backup/…`): the documented format fits neither exactly.
    if definition.name == "recoveryPoint" {
        return vec![
            Token::Char('a'),
            Token::Char('r'),
            Token::Char('n'),
            Token::Char(':'),
            Token::Run,
        ];
    }
    let mut tokens = Vec::new();
    let mut rest = definition.arn_format;
    while let Some(character) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some((name, tail)) = after.split_once('}')
        {
            tokens.push(if PATH_PLACEHOLDERS.contains(&name) {
                Token::Run
            } else {
                Token::Segment
            });
            rest = tail;
            continue;
        }
        tokens.push(if character == '*' {
            Token::Run
        } else {
            Token::Char(character)
        });
        rest = rest.get(character.len_utf8()..).unwrap_or_default();
    }
    tokens
}

/// Whether some text matches both token lists: a search over pairs of positions, one per list,
/// which is the product of the two patterns' automata (ASCII case ignored).
fn intersects(left: &[Token], right: &[Token]) -> bool {
    let width = right.len() + 1;
    let mut seen = vec![false; (left.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if *slot {
            continue;
        }
        *slot = true;
        let (a, b) = (left.get(i).copied(), right.get(j).copied());
        if a.is_none() && b.is_none() {
            return true;
        }
        // A run may match nothing.
        if a.is_some_and(|token| !token.consumes_one()) {
            stack.push((i + 1, j));
        }
        if b.is_some_and(|token| !token.consumes_one()) {
            stack.push((i, j + 1));
        }
        if let (Some(a), Some(b)) = (a, b)
            && compatible(a, b)
        {
            let next_i = if a.consumes_one() { i + 1 } else { i };
            let next_j = if b.consumes_one() { j + 1 } else { j };
            stack.push((next_i, next_j));
        }
    }
    false
}

/// Whether one character can match both tokens.
fn compatible(a: Token, b: Token) -> bool {
    match (a, b) {
        (Token::Char(x), Token::Char(y)) => x.eq_ignore_ascii_case(&y),
        (Token::Char(x), Token::Segment) | (Token::Segment, Token::Char(x)) => x != '/',
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(actions: &str, resources: &str) -> Vec<String> {
        let text = policy(&format!(
            r#"{{"Effect": "Allow", "Action": {actions}, "Resource": {resources}}}"#
        ));
        render(&text, PolicyKind::Managed, "resource-mismatch")
    }

    #[test]
    fn resource_mismatch_delete_backup_on_a_table() {
        assert_eq!(
            check(
                r#""dynamodb:DeleteBackup""#,
                r#"["arn:aws:dynamodb:us-east-1:123456789012:table/Music"]"#
            ),
            [
                "/Statement/0/Resource/0 `\"arn:aws:dynamodb:us-east-1:123456789012:table/Music\"` warning: `arn:aws:dynamodb:us-east-1:123456789012:table/Music` fits none of the statement's actions (help: the statement's actions act on `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/backup/${BackupName}` (backup); for this ARN it allows or denies nothing)"
            ]
        );
    }

    #[test]
    fn resource_mismatch_create_backup_on_a_backup_arn() {
        assert_eq!(
            check(
                r#""dynamodb:CreateBackup""#,
                r#""arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/0148-b308""#
            )
            .len(),
            1
        );
    }

    #[test]
    fn resource_mismatch_not_reported_when_some_action_fits() {
        // `table/*` also covers backups: `*` crosses `/` in an ARN pattern.
        assert!(
            check(
                r#"["dynamodb:DeleteBackup"]"#,
                r#""arn:aws:dynamodb:us-east-1:123456789012:table/*""#
            )
            .is_empty()
        );
        assert!(
            check(
                r#"["dynamodb:Create*", "dynamodb:DeleteBackup"]"#,
                r#""arn:aws:dynamodb:*:*:table/Music""#
            )
            .is_empty()
        );
        assert!(
            check(
                r#""backup:StartBackupJob""#,
                r#""arn:aws:backup:us-east-1:123456789012:backup-vault:*""#
            )
            .is_empty()
        );
        assert!(
            check(
                r#""iam:PassRole""#,
                r#""arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole""#
            )
            .is_empty()
        );
        assert!(
            check(
                r#""backup:DeleteRecoveryPoint""#,
                r#""arn:aws:dynamodb:*:*:table/T/backup/*""#
            )
            .is_empty()
        );
        assert!(check(r#""*""#, r#""arn:aws:s3:::bucket""#).is_empty());
    }

    #[test]
    fn resource_mismatch_for_another_service() {
        assert_eq!(
            check(r#""dynamodb:CreateBackup""#, r#""arn:aws:s3:::exports/*""#).len(),
            1
        );
        // An action outside the catalog may act on its own service's ARNs, not on others'.
        assert!(
            check(
                r#"["dynamodb:CreateBackup", "ec2:DescribeRegions"]"#,
                r#""arn:aws:ec2:us-east-1:123456789012:instance/i-1""#
            )
            .is_empty()
        );
        assert_eq!(
            check(
                r#"["ec2:DescribeRegions"]"#,
                r#""arn:aws:sns:us-east-1:123456789012:topic""#
            )
            .len(),
            1
        );
    }

    #[test]
    fn intersection_of_wildcards_on_both_sides() {
        let table = catalog::resource_type(Service::DynamoDb, "table").unwrap();
        let backup = catalog::resource_type(Service::DynamoDb, "backup").unwrap();
        let fits = |arn: &str, definition| {
            intersects(&tokens_of_pattern(arn), &tokens_of_format(definition))
        };
        assert!(fits("arn:aws:dynamodb:*:*:table/orders-*", table));
        assert!(fits("arn:aws:dynamodb:*:*:table/orders-*", backup));
        assert!(!fits("arn:aws:dynamodb:us-east-1:1:table/Music", backup));
        assert!(!fits(
            "arn:aws:dynamodb:us-east-1:1:table/Music/backup/1",
            table
        ));
        assert!(fits(
            "arn:aws:dynamodb:us-east-1:1:table/Music?backup?1",
            backup
        ));
    }
}
