//! `restore-without-writes`: a restore allowed without the item writes it makes on the new table
//! (PITFALLS D01). `RestoreTableFromBackup` and `RestoreTableToPointInTime` write the restored items
//! with the caller's permissions: `PutItem`, `UpdateItem`, `DeleteItem`, `GetItem`, `Query`, `Scan`
//! and `BatchWriteItem` on the target. Decided by the evaluator over samples of the policy's table
//! ARNs (`*` included): for `RestoreTableFromBackup`, which AWS checks on the new table too, every
//! table the statement lets it create must allow every write; for `RestoreTableToPointInTime`, checked
//! on the source table only, some table of the policy must.
use super::{Lint, PolicyKind, covers_action, decide, list, sample_resource};
use crate::arn::{Arn, DynamoDbResource};
use crate::capability::CapabilityId;
use crate::document::Effect;
use crate::eval::Decision;
use crate::finding::{Finding, Severity};

pub(super) const RESTORES: [&str; 2] = [
    "dynamodb:RestoreTableFromBackup",
    "dynamodb:RestoreTableToPointInTime",
];

/// The item actions a restore needs on its target, from the restore capability's companion.
pub(super) fn item_writes() -> Vec<&'static str> {
    CapabilityId::RestoreBackup
        .capability()
        .grants
        .iter()
        .filter(|grant| grant.companion.is_some())
        .flat_map(|grant| grant.actions.iter().copied())
        .filter(|action| action.starts_with("dynamodb:"))
        .collect()
}

/// Whether a sample ARN names a table (not a backup, index or stream).
pub(super) fn is_table(arn: &str) -> bool {
    Arn::parse(arn)
        .ok()
        .is_some_and(|arn| matches!(arn.dynamodb(), Some(DynamoDbResource::Table { .. })))
}

/// Whether `action` is allowed on one of `resources`.
fn decide_any(
    policies: &crate::eval::CompiledPolicySet,
    action: &str,
    resources: &[String],
) -> bool {
    resources
        .iter()
        .any(|resource| decide(policies, action, resource) == Some(Decision::Allowed))
}

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if !matches!(
        lint.kind,
        PolicyKind::Managed | PolicyKind::Inline(_) | PolicyKind::Boundary
    ) {
        return;
    }
    let policies = lint.as_identity_policy();
    let writes = item_writes();
    let mut all_tables: Vec<String> = lint
        .statements()
        .flat_map(|located| {
            located
                .resources()
                .into_iter()
                .filter_map(|(entry, _)| sample_resource(&entry.value))
                .collect::<Vec<_>>()
        })
        .filter(|arn| is_table(arn))
        .collect();
    all_tables.dedup();
    for located in lint.statements() {
        let statement = located.statement;
        if statement.effect.value != Effect::Allow
            || statement
                .resource
                .as_ref()
                .is_some_and(|clause| clause.negated)
        {
            continue;
        }
        let targets: Vec<String> = located
            .resources()
            .iter()
            .filter_map(|(entry, _)| sample_resource(&entry.value))
            .filter(|arn| is_table(arn))
            .collect();
        for restore in RESTORES {
            if !covers_action(&statement.action, restore) {
                continue;
            }
            // `RestoreTableFromBackup` is checked on the new table too, so the statement names it;
            // `RestoreTableToPointInTime` is checked on the source only, so the new table may be any
            // table of the policy: the one it allows the most writes on counts.
            let candidates = if restore == RESTORES[0] {
                targets
                    .iter()
                    .filter(|target| decide(policies, restore, target) == Some(Decision::Allowed))
                    .collect()
            } else if decide_any(policies, restore, &targets) {
                all_tables.iter().collect::<Vec<_>>()
            } else {
                Vec::new()
            };
            let best = candidates
                .into_iter()
                .map(|target| {
                    let missing: Vec<&str> = writes
                        .iter()
                        .copied()
                        .filter(|write| decide(policies, write, target) != Some(Decision::Allowed))
                        .collect();
                    (missing, target.as_str())
                })
                .min_by_key(|(missing, _)| missing.len());
            let Some((mut missing, example)) = best.filter(|(missing, _)| !missing.is_empty())
            else {
                continue;
            };
            let (span, pointer) = located
                .actions()
                .into_iter()
                .find(|(entry, _)| {
                    crate::pattern::Pattern::ignoring_case(&entry.value).matches(restore)
                })
                .map_or(
                    (statement.action.span, located.action_pointer()),
                    |(entry, pointer)| (entry.span, pointer),
                );
            missing.sort_unstable();
            findings.push(
                Finding::new(
                    "restore-without-writes",
                    Severity::Warning,
                    format!("`{restore}` is allowed without the item writes a restore makes"),
                    span,
                    pointer,
                )
                .with_help(format!(
                    "also allow {} on the tables restores create, such as `{example}`: a restore writes the items with the caller's permissions",
                    list(&missing)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn check(statements: &str) -> Vec<String> {
        render(
            &policy(statements),
            PolicyKind::Managed,
            "restore-without-writes",
        )
    }

    #[test]
    fn restore_without_writes_on_star() {
        assert_eq!(
            check(
                r#"{"Effect": "Allow", "Action": ["dynamodb:CreateBackup", "dynamodb:RestoreTableFromBackup", "dynamodb:PutItem"], "Resource": "*"}"#
            ),
            [
                "/Statement/0/Action/1 `\"dynamodb:RestoreTableFromBackup\"` warning: `dynamodb:RestoreTableFromBackup` is allowed without the item writes a restore makes (help: also allow `dynamodb:BatchWriteItem`, `dynamodb:DeleteItem`, `dynamodb:GetItem`, `dynamodb:Query`, `dynamodb:Scan` and `dynamodb:UpdateItem` on the tables restores create, such as `arn:aws:dynamodb:us-east-1:123456789012:table/restored-table`: a restore writes the items with the caller's permissions)"
            ]
        );
    }

    #[test]
    fn restore_without_writes_satisfied_by_another_statement() {
        assert!(check(
            r#"{"Effect": "Allow", "Action": "dynamodb:RestoreTableToPointInTime", "Resource": "arn:aws:dynamodb:*:*:table/orders-*"},
               {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem"], "Resource": "arn:aws:dynamodb:*:*:table/*"}"#
        )
        .is_empty());
    }

    #[test]
    fn restore_without_writes_denied_writes_count_as_missing() {
        let found = check(
            r#"{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*:*:table/orders-*"},
               {"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"}"#,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("also allow `dynamodb:DeleteItem` on"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn restore_without_writes_not_reported_for_backup_only_statements() {
        // The restore has no target table at all: `restore-without-target` says so.
        assert!(check(r#"{"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "arn:aws:dynamodb:*:*:table/T/backup/*"}"#).is_empty());
    }
}
