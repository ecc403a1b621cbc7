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
    /// What every target shares, worked out once per principal rather than once per target.
    tables: Vec<String>,
    restore_targets: Vec<String>,
    accounts: Vec<&'a str>,
    regions: Vec<&'a str>,
}

impl<'a> Resolver<'a> {
    pub fn new(scope: &'a Scope, principal: &'a PrincipalSpec) -> Self {
        let tables = scope.tables.table_patterns();
        let restore_targets = match &scope.restore_targets {
            RestoreTargets::Same => tables.clone(),
            RestoreTargets::Pattern(pattern) => vec![TablePattern::as_str(pattern).to_owned()],
        };
        let any = || vec!["*"];
        let accounts = if scope.accounts.is_empty() {
            any()
        } else {
            scope
                .accounts
                .iter()
                .map(|account| account.as_str())
                .collect()
        };
        let regions = if scope.regions.is_empty() {
            any()
        } else {
            scope.regions.iter().map(|region| region.as_str()).collect()
        };
        Self {
            scope,
            principal,
            tables,
            restore_targets,
            accounts,
            regions,
        }
    }

    /// The ARN patterns of a target, sorted and without duplicates. Empty when the scope lacks what
    /// the target needs (an S3 location, KMS keys); the builder checks that first.
    pub fn arns(&self, target: Target) -> Vec<String> {
        let partition = self.scope.partition;
        let mut arns: Vec<String> = match target {
            Target::Any => vec!["*".to_owned()],
            Target::Tables => self.dynamodb(&self.tables, ""),
            Target::AllTables => self.dynamodb(&["*".to_owned()], ""),
            Target::Backups => self.dynamodb(&self.tables, "/backup/*"),
            Target::RestoreTargets => self.dynamodb(&self.restore_targets, ""),
            Target::Exports => self.dynamodb(&self.tables, "/export/*"),
            Target::Imports => self.dynamodb(&self.restore_targets, "/import/*"),
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
            Target::BackupVaults => self.regional("backup", &["backup-vault:*"]),
            Target::BackupPlans => self.regional("backup", &["backup-plan:*"]),
            Target::RecoveryPoints => {
                let mut arns = self.regional("backup", &["recovery-point:*"]);
                arns.extend(self.dynamodb(&self.tables, "/backup/*"));
                arns
            }
            Target::AwsBackupRole => {
                let role = self
                    .principal
                    .aws_backup_role
                    .as_ref()
                    .map_or(DEFAULT_AWS_BACKUP_ROLE, |role| role.as_str());
                self.accounts
                    .iter()
                    .map(|account| {
                        concat(
                            [
                                "arn:",
                                partition.as_str(),
                                ":iam::",
                                account,
                                ":role/",
                                role,
                            ]
                            .iter(),
                        )
                    })
                    .collect()
            }
            Target::DynamoDbLogGroups => self.regional("logs", &["log-group:/aws-dynamodb/*"]),
        };
        arns.sort();
        arns.dedup();
        arns
    }

    /// `arn:{partition}:{service}:{region}:{account}:{resource}` for every region and account, the
    /// resource given in parts.
    fn regional(&self, service: &str, resource: &[&str]) -> Vec<String> {
        let partition = self.scope.partition.as_str();
        let mut arns = Vec::with_capacity(self.regions.len() * self.accounts.len());
        for region in &self.regions {
            for account in &self.accounts {
                let prefix = [
                    "arn:", partition, ":", service, ":", region, ":", account, ":",
                ];
                arns.push(concat(prefix.iter().chain(resource)));
            }
        }
        arns
    }

    /// `table/{pattern}{suffix}` ARNs for every table pattern, region and account.
    fn dynamodb(&self, tables: &[String], suffix: &str) -> Vec<String> {
        tables
            .iter()
            .flat_map(|table| self.regional("dynamodb", &["table/", table, suffix]))
            .collect()
    }
}

/// The parts one after another, allocated once: a build makes ARNs by the dozen.
fn concat<'p>(parts: impl Iterator<Item = &'p &'p str> + Clone) -> String {
    let mut text = String::with_capacity(parts.clone().map(|part| part.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// Drops every pattern that another pattern of the list already covers, and everything beside `*`.
pub(super) fn without_redundant(mut patterns: Vec<&str>) -> Vec<&str> {
    if patterns.contains(&"*") {
        return vec!["*"];
    }
    patterns.sort();
    patterns.dedup();
    // Only patterns with wildcards cover others, so only they are tried as outer patterns, each
    // split once; and a pattern covers only patterns that start with its literal start, which in
    // sorted order are one run, found by binary search. Table ARNs of named accounts and regions
    // part at the table name, so each run is a table's own ARNs; with an account or region left to
    // `*` the literal start ends before it and the run is every ARN of the service.
    let mut covered = vec![false; patterns.len()];
    for (outer_index, &outer) in patterns.iter().enumerate() {
        let (literal, rest) = literal_start(outer);
        if rest.is_empty() {
            continue;
        }
        let first = patterns.partition_point(|pattern| *pattern < literal);
        let run = patterns
            .iter()
            .zip(covered.iter_mut())
            .enumerate()
            .skip(first)
            .take_while(|(_, (pattern, _))| pattern.starts_with(literal));
        for (index, (pattern, covered)) in run {
            // Of two patterns that cover each other (`a*`, `a**`), the first stays.
            if index != outer_index
                && covers_after(literal, rest, pattern)
                && (outer_index < index || !covers(pattern, outer))
            {
                *covered = true;
            }
        }
    }
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
    let (literal, rest) = literal_start(outer);
    covers_after(literal, rest, inner)
}

/// A pattern split before its first wildcard; the rest is empty when it has none.
fn literal_start(pattern: &str) -> (&str, &str) {
    pattern
        .bytes()
        .position(|byte| byte == b'*' || byte == b'?')
        .and_then(|wildcard| pattern.split_at_checked(wildcard))
        .unwrap_or((pattern, ""))
}

/// [`covers`] for an outer pattern split by [`literal_start`].
fn covers_after(literal: &str, rest: &str, inner: &str) -> bool {
    if rest.is_empty() {
        return literal == inner;
    }
    // ARNs of one scope share long literal starts; only what follows them needs matching.
    let Some(inner_rest) = inner.strip_prefix(literal) else {
        return false;
    };
    rest == "*" || covers_by_matching(rest, inner_rest)
}

/// [`covers`] for any pair of patterns, by matching `inner`'s characters and wildcards against
/// `outer`.
fn covers_by_matching(outer: &str, inner: &str) -> bool {
    let outer: Vec<char> = outer.chars().collect();
    let inner: Vec<char> = inner.chars().collect();
    // reachable[j]: `outer[..i]` can match `inner[..j]`, for the current `i`.
    let mut reachable = vec![false; inner.len() + 1];
    if let Some(first) = reachable.first_mut() {
        *first = true;
    }
    let mut next = vec![false; inner.len() + 1];
    for outer_char in outer {
        next.fill(false);
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
        std::mem::swap(&mut reachable, &mut next);
    }
    reachable.last().copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;
    use proptest::prelude::*;

    /// `without_redundant` as it was, trying every pattern against every wildcard pattern.
    fn without_redundant_pairwise(mut patterns: Vec<&str>) -> Vec<&str> {
        if patterns.contains(&"*") {
            return vec!["*"];
        }
        patterns.sort();
        patterns.dedup();
        let outers: Vec<(usize, &str, &str, &str)> = patterns
            .iter()
            .enumerate()
            .filter_map(|(index, &pattern)| {
                let (literal, rest) = literal_start(pattern);
                (!rest.is_empty()).then_some((index, pattern, literal, rest))
            })
            .collect();
        let covered: Vec<bool> = patterns
            .iter()
            .enumerate()
            .map(|(index, pattern)| {
                outers.iter().any(|&(other_index, other, literal, rest)| {
                    other_index != index
                        && covers_after(literal, rest, pattern)
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

    /// What the builder prunes for 400 tables: every target's ARNs, alone and together, with the
    /// accounts and regions named or left to `*` (which puts a wildcard in every ARN).
    #[test]
    fn without_redundant_equals_pairwise_check_at_400_tables() {
        // With accounts and regions left to `*` every pattern tries every other (see
        // `without_redundant`), which takes long in a debug build, so fewer tables there.
        for (accounts, regions, tables) in [
            (r#"["123456789012"]"#, r#"["us-east-1", "eu-west-1"]"#, 400),
            ("[]", "[]", 60),
        ] {
            let names: Vec<String> = (0..tables)
                .map(|index| format!("\"orders-{index:03}\""))
                .collect();
            let spec = Spec::from_json(&format!(
                r#"{{"version": 1, "scope": {{"accounts": {accounts}, "regions": {regions},
                    "tables": {{"names": [{}]}}, "restore_targets": {{"pattern": "orders-0*"}}}},
                    "principals": [{{"kind": "role", "name": "Ops"}}]}}"#,
                names.join(", ")
            ))
            .unwrap();
            let resolver = Resolver::new(&spec.scope, &spec.principals[0]);
            let targets = [
                Target::Tables,
                Target::Backups,
                Target::RestoreTargets,
                Target::Exports,
                Target::Imports,
                Target::RecoveryPoints,
                Target::AllTables,
            ];
            let arns: Vec<Vec<String>> = targets
                .iter()
                .map(|&target| resolver.arns(target))
                .collect();
            // Every target's ARNs in one list: the pairs across targets are where covering
            // happens (a restore pattern covers tables, backups, imports).
            let all: Vec<&str> = arns.iter().flatten().map(String::as_str).collect();
            assert_eq!(
                without_redundant(all.clone()),
                without_redundant_pairwise(all)
            );
        }
    }

    proptest! {
        #[test]
        fn without_redundant_equals_pairwise_check(
            patterns in proptest::collection::vec("[ab*?]{0,4}", 0..12)
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            prop_assert_eq!(
                without_redundant(patterns.clone()),
                without_redundant_pairwise(patterns)
            );
        }
    }

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
    fn covers_answers_as_matching_does() {
        let patterns = [
            "",
            "*",
            "?",
            "a",
            "a*",
            "a?",
            "a**",
            "ab",
            "ab*",
            "ab?",
            "a*b",
            "a?b",
            "*b",
            "?b",
            "table/Orders",
            "table/Orders*",
            "table/Orders/backup/*",
            "table/Order?",
            "é*",
            "é",
        ];
        for outer in patterns {
            for inner in patterns {
                assert_eq!(
                    covers(outer, inner),
                    covers_by_matching(outer, inner),
                    "{outer} {inner}"
                );
            }
        }
    }

    #[test]
    fn without_redundant_keeps_the_widest_patterns() {
        let patterns = vec![
            "arn:aws:dynamodb:*:*:table/orders-*/backup/*",
            "arn:aws:dynamodb:*:*:table/orders-*",
            "arn:aws:dynamodb:*:*:table/invoices",
            "arn:aws:dynamodb:*:*:table/orders-*",
        ];
        assert_eq!(
            without_redundant(patterns),
            [
                "arn:aws:dynamodb:*:*:table/invoices",
                "arn:aws:dynamodb:*:*:table/orders-*"
            ]
        );
        assert_eq!(without_redundant(vec!["*", "arn:aws:s3:::b"]), ["*"]);
        assert_eq!(without_redundant(vec!["a**", "a*"]), ["a*"]);
    }
}
