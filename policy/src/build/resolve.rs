//! From capability targets to ARN patterns, and which patterns make others redundant.

use crate::capability::Target;
use crate::scope::{RestoreTargets, TablePattern};
use crate::spec::{PrincipalSpec, Scope};

/// The role AWS Backup creates for itself, used when a principal names none.
pub const DEFAULT_AWS_BACKUP_ROLE: &str = "service-role/AWSBackupDefaultServiceRole";

/// Resolves targets against one principal's scope.
pub(super) struct Resolver<'a> {
    pub scope: &'a Scope,
    pub principal: &'a PrincipalSpec,
}

impl Resolver<'_> {
    /// The ARN patterns of a target, sorted and without duplicates. Empty when the scope lacks what
    /// the target needs (an S3 location, KMS keys); the builder checks that first.
    pub fn arns(&self, target: Target) -> Vec<String> {
        let tables = self.scope.tables.table_patterns();
        let restore_targets = match &self.scope.restore_targets {
            RestoreTargets::Same => tables.clone(),
            RestoreTargets::Pattern(pattern) => vec![TablePattern::as_str(pattern).to_owned()],
        };
        let partition = self.scope.partition;
        let mut arns: Vec<String> = match target {
            Target::Any => vec!["*".to_owned()],
            Target::Tables => self.dynamodb(&tables, ""),
            Target::AllTables => self.dynamodb(&["*".to_owned()], ""),
            Target::Backups => self.dynamodb(&tables, "/backup/*"),
            Target::RestoreTargets => self.dynamodb(&restore_targets, ""),
            Target::Exports => self.dynamodb(&tables, "/export/*"),
            Target::Imports => self.dynamodb(&restore_targets, "/import/*"),
            Target::S3Objects => self
                .scope
                .s3
                .iter()
                .map(|location| location.objects_arn(partition))
                .collect(),
            Target::S3Bucket => self
                .scope
                .s3
                .iter()
                .map(|location| location.bucket_arn(partition))
                .collect(),
            Target::KmsKeys => self
                .scope
                .kms_keys
                .iter()
                .map(|key| key.as_str().to_owned())
                .collect(),
            Target::BackupVaults => self.regional("backup", "backup-vault:*"),
            Target::BackupPlans => self.regional("backup", "backup-plan:*"),
            Target::RecoveryPoints => {
                let mut arns = self.regional("backup", "recovery-point:*");
                arns.extend(self.dynamodb(&tables, "/backup/*"));
                arns
            }
            Target::AwsBackupRole => {
                let role = self
                    .principal
                    .aws_backup_role
                    .as_ref()
                    .map_or(DEFAULT_AWS_BACKUP_ROLE, |role| role.as_str());
                self.accounts()
                    .iter()
                    .map(|account| format!("arn:{partition}:iam::{account}:role/{role}"))
                    .collect()
            }
            Target::DynamoDbLogGroups => self.regional("logs", "log-group:/aws-dynamodb/*"),
        };
        arns.sort();
        arns.dedup();
        arns
    }

    fn accounts(&self) -> Vec<String> {
        if self.scope.accounts.is_empty() {
            vec!["*".to_owned()]
        } else {
            self.scope
                .accounts
                .iter()
                .map(|account| account.as_str().to_owned())
                .collect()
        }
    }

    fn regions(&self) -> Vec<String> {
        if self.scope.regions.is_empty() {
            vec!["*".to_owned()]
        } else {
            self.scope
                .regions
                .iter()
                .map(|region| region.as_str().to_owned())
                .collect()
        }
    }

    /// `arn:{partition}:{service}:{region}:{account}:{resource}` for every region and account.
    fn regional(&self, service: &str, resource: &str) -> Vec<String> {
        let partition = self.scope.partition;
        let accounts = self.accounts();
        self.regions()
            .iter()
            .flat_map(|region| {
                accounts.iter().map(move |account| {
                    format!("arn:{partition}:{service}:{region}:{account}:{resource}")
                })
            })
            .collect()
    }

    /// `table/{pattern}{suffix}` ARNs for every table pattern, region and account.
    fn dynamodb(&self, tables: &[String], suffix: &str) -> Vec<String> {
        tables
            .iter()
            .flat_map(|table| self.regional("dynamodb", &format!("table/{table}{suffix}")))
            .collect()
    }
}

/// Drops every pattern that another pattern of the list already covers, and everything beside `*`.
pub(super) fn without_redundant(mut patterns: Vec<String>) -> Vec<String> {
    if patterns.iter().any(|pattern| pattern == "*") {
        return vec!["*".to_owned()];
    }
    patterns.sort();
    patterns.dedup();
    let covered: Vec<bool> = patterns
        .iter()
        .enumerate()
        .map(|(index, pattern)| {
            patterns.iter().enumerate().any(|(other_index, other)| {
                // Of two patterns that cover each other (`a*`, `a**`), the first stays.
                other_index != index
                    && covers(other, pattern)
                    && (other_index < index || !covers(pattern, other))
            })
        })
        .collect();
    patterns
        .into_iter()
        .zip(covered)
        .filter(|(_, covered)| !covered)
        .map(|(pattern, _)| pattern)
        .collect()
}

/// Whether every string the IAM pattern `inner` matches is matched by `outer` (`*` any run of
/// characters, `?` any one character). Sound: a `*` of `inner` must fall in a `*` of `outer`, a `?`
/// in a `?` or `*`.
pub(super) fn covers(outer: &str, inner: &str) -> bool {
    let outer: Vec<char> = outer.chars().collect();
    let inner: Vec<char> = inner.chars().collect();
    // reachable[j]: `outer[..i]` can match `inner[..j]`, for the current `i`.
    let mut reachable = vec![false; inner.len() + 1];
    if let Some(first) = reachable.first_mut() {
        *first = true;
    }
    for outer_char in outer {
        let mut next = vec![false; inner.len() + 1];
        for (j, &was_reachable) in reachable.iter().enumerate() {
            if !was_reachable {
                continue;
            }
            if outer_char == '*' {
                // The star matches nothing, or goes on to swallow the inner characters that follow.
                for slot in next.iter_mut().skip(j) {
                    *slot = true;
                }
                break;
            }
            let fits = match inner.get(j) {
                Some('*') | None => false,
                Some('?') => outer_char == '?',
                Some(inner_char) => outer_char == '?' || outer_char == *inner_char,
            };
            if fits && let Some(slot) = next.get_mut(j + 1) {
                *slot = true;
            }
        }
        reachable = next;
    }
    reachable.last().copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_literal_and_wildcard_patterns() {
        assert!(covers("table/*", "table/Orders"));
        assert!(covers("table/*", "table/orders-*/backup/*"));
        assert!(covers("table/orders-*", "table/orders-*/backup/*"));
        assert!(covers("table/orders-?", "table/orders-1"));
        assert!(covers("*", "anything*"));
        assert!(covers("a*b", "a*b"));
    }

    #[test]
    fn covers_is_sound_for_wildcards_in_the_inner_pattern() {
        assert!(!covers("table/orders-?", "table/orders-*"));
        assert!(!covers("table/Orders", "table/*"));
        assert!(!covers("table/a*", "table/b*"));
        assert!(!covers("table/Orders", "table/Orders/backup/*"));
        assert!(!covers("ab?", "ab*"));
    }

    #[test]
    fn without_redundant_keeps_the_widest_patterns() {
        let patterns = vec![
            "arn:aws:dynamodb:*:*:table/orders-*/backup/*".to_owned(),
            "arn:aws:dynamodb:*:*:table/orders-*".to_owned(),
            "arn:aws:dynamodb:*:*:table/invoices".to_owned(),
            "arn:aws:dynamodb:*:*:table/orders-*".to_owned(),
        ];
        assert_eq!(
            without_redundant(patterns),
            [
                "arn:aws:dynamodb:*:*:table/invoices",
                "arn:aws:dynamodb:*:*:table/orders-*"
            ]
        );
        assert_eq!(
            without_redundant(vec!["*".to_owned(), "arn:aws:s3:::b".to_owned()]),
            ["*"]
        );
        assert_eq!(
            without_redundant(vec!["a**".to_owned(), "a*".to_owned()]),
            ["a*"]
        );
    }
}
