//! `network-condition-on-restore`: a network condition (`aws:SourceIp`, `aws:SourceVpc`, …) on a
//! statement that applies to restores or to the writes they make on the new table, without limiting
//! it to direct calls (PITFALLS D08): DynamoDB writes a restore's items from its own network, so the
//! condition fails and cancels the restore. Item writes count in a `Deny`, or in an `Allow` when the
//! policy allows a restore.

use super::restore_without_writes::{RESTORES, item_writes};
use super::{Lint, covers_action};
use crate::document::Effect;
use crate::finding::{Finding, Severity};

const NETWORK_KEYS: [&str; 5] = [
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceVpcArn",
    "aws:VpcSourceIp",
];
const ALL_RESTORES: [&str; 3] = [
    RESTORES[0],
    RESTORES[1],
    "dynamodb:RestoreTableFromAwsBackup",
];

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    let grants_restore = lint.statements().any(|located| {
        located.statement.effect.value == Effect::Allow
            && ALL_RESTORES
                .iter()
                .any(|restore| covers_action(&located.statement.action, restore))
    });
    let writes = item_writes();
    for located in lint.statements() {
        let statement = located.statement;
        let conditions = located.conditions();
        let direct_only = conditions.iter().any(|(condition, _)| {
            condition
                .key
                .value
                .eq_ignore_ascii_case("aws:ViaAWSService")
        });
        let Some((condition, pointer)) = conditions.iter().find(|(condition, _)| {
            NETWORK_KEYS
                .iter()
                .any(|key| key.eq_ignore_ascii_case(&condition.key.value))
        }) else {
            continue;
        };
        if direct_only {
            continue;
        }
        let restores = ALL_RESTORES
            .iter()
            .any(|restore| covers_action(&statement.action, restore));
        let writes_matter = statement.effect.value == Effect::Deny || grants_restore;
        let touches_writes = writes_matter
            && writes
                .iter()
                .any(|write| covers_action(&statement.action, write));
        if !restores && !touches_writes {
            continue;
        }
        let help = match statement.effect.value {
            Effect::Deny => {
                r#"add "Bool": {"aws:ViaAWSService": "false"} so that the deny applies to direct calls only"#
            }
            Effect::Allow => {
                "allow restores and their item writes in a statement without the network condition"
            }
        };
        findings.push(
            Finding::new(
                "network-condition-on-restore",
                Severity::Warning,
                format!("the `{}` condition also applies to the writes of a restore, which come from AWS's network", condition.key.value),
                condition.key.span,
                pointer.clone(),
            )
            .with_help(format!("{help}: as written, restores fail")),
        );
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
            "network-condition-on-restore",
        )
    }

    #[test]
    fn network_condition_on_restore_in_a_deny_of_writes() {
        assert_eq!(
            check(
                r#"{"Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#
            ),
            [
                r#"/Statement/0/Condition/NotIpAddress/aws:SourceIp `"aws:SourceIp"` warning: the `aws:SourceIp` condition also applies to the writes of a restore, which come from AWS's network (help: add "Bool": {"aws:ViaAWSService": "false"} so that the deny applies to direct calls only: as written, restores fail)"#
            ]
        );
    }

    #[test]
    fn network_condition_on_restore_fine_when_limited_to_direct_calls() {
        assert!(check(r#"{"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:ViaAWSService": "false"}}}"#).is_empty());
    }

    #[test]
    fn network_condition_on_restore_allow_of_writes_only_matters_with_a_restore() {
        let writes = r#"{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#;
        assert!(check(writes).is_empty());
        let restore =
            r#"{"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "*"}"#;
        assert_eq!(check(&format!("{writes}, {restore}")).len(), 1);
    }
}
