//! The reverse mapping: from any policies (built here or pasted from elsewhere) back to the
//! capabilities they grant, per capability and per table of a sample scope, and the actions they
//! name that the catalog does not know.
//!
//! Every answer comes from the evaluator: for each capability, each of its actions is requested on
//! a concrete resource of each of its targets (the table's ARN, one of its backups, the restore
//! target, the S3 location, …), with the context its grant's condition asks for. A capability is
//! granted on a table when every one of those requests is `Allowed`, partly granted when some are,
//! and not granted when none is. A guardrail is in force when every request is `ExplicitlyDenied`.
//!
//! Two things are not requests to the evaluator. Trust capabilities are read from the trust
//! policy's statements, since a service principal (`backup.amazonaws.com`) is not an ARN the
//! evaluator can take as a caller. KMS requests need a key policy (PITFALLS D16): when the set has
//! no resource policy, the default key policy that delegates to the account's IAM policies is
//! assumed.
//!
//! ```
//! use policy::eval::{NamedPolicy, PolicySet};
//! use policy::parse::parse;
//! use policy::reverse::{GrantStatus, SampleScope, reverse};
//! use policy::capability::CapabilityId;
//!
//! let text = r#"{"Version": "2012-10-17", "Statement": [
//!     {"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "arn:aws:dynamodb:*:*:table/Orders"},
//!     {"Effect": "Allow", "Action": "dynamodb:RestoreTableFromBackup", "Resource": "*"},
//!     {"Effect": "Allow", "Action": "ec2:DescribeRegions", "Resource": "*"}]}"#;
//! let document = parse(text).document.unwrap();
//! let set = PolicySet { identity: vec![NamedPolicy { name: "pasted".into(), document }], ..PolicySet::default() };
//! let scope = SampleScope { tables: vec!["Orders".into(), "Invoices".into()], ..SampleScope::default() };
//! let found = reverse(&set, None, &scope);
//!
//! let create = found.capability(CapabilityId::BackupCreate).unwrap();
//! assert_eq!(create.status, GrantStatus::PartlyGranted);
//! assert_eq!(create.tables[0].status, GrantStatus::Granted);
//! assert_eq!(create.tables[1].status, GrantStatus::NotGranted);
//!
//! let restore = found.capability(CapabilityId::RestoreBackup).unwrap();
//! assert_eq!(restore.status, GrantStatus::PartlyGranted);
//! assert!(restore.tables[0].missing.contains(&"dynamodb:PutItem"));
//! assert_eq!(found.outside_catalog, ["ec2:DescribeRegions"]);
//! ```

use crate::arn::Arn;
use crate::build::{AWS_BACKUP_SERVICE, DEFAULT_AWS_BACKUP_ROLE};
use crate::capability::{
    self, Audience, Capability, CapabilityId, CapabilityKind, GrantCondition, Target,
};
use crate::catalog;
use crate::context::{Context, ContextValue};
use crate::document::{ActionClause, Document, Effect, Principal, PrincipalKind};
use crate::eval::{
    ActionName, CompiledPolicySet, Decision, NamedPolicy, PolicySet, Request, RequestResource,
};
use crate::pattern::Pattern;
use crate::scope::{RestoreTargets, TableSelection};
use crate::spec::{IdentityKind, PrincipalSpec, Scope};

/// The concrete place requests are made in: one account and region, sample tables and the
/// resources capabilities reach besides them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleScope {
    pub partition: String,
    /// The account of the tables and of the caller.
    pub account: String,
    pub region: String,
    /// The tables to answer for, by name.
    pub tables: Vec<String>,
    /// The table a restore or an import creates; `None` for the source table's own name, as the
    /// builder's `"same"` restore targets.
    pub restore_target: Option<String>,
    /// Where exports go and imports come from.
    pub s3_bucket: String,
    /// Object keys start with this.
    pub s3_prefix: String,
    pub kms_key: String,
    /// The role AWS Backup works with, as a role name with its path.
    pub aws_backup_role: String,
    /// Who the policies belong to, which decides the grants that count (see [`Audience`]): a
    /// service role needs what AWS Backup does with it; other principals what their callers do,
    /// and also what AWS Backup does when the trust policy lets AWS Backup assume the role.
    pub principal_kind: IdentityKind,
}

impl Default for SampleScope {
    fn default() -> Self {
        Self {
            partition: "aws".to_owned(),
            account: "123456789012".to_owned(),
            region: "us-east-1".to_owned(),
            tables: vec!["Orders".to_owned()],
            restore_target: None,
            s3_bucket: "ddb-exports".to_owned(),
            s3_prefix: "exports/".to_owned(),
            kms_key: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                .to_owned(),
            aws_backup_role: DEFAULT_AWS_BACKUP_ROLE.to_owned(),
            principal_kind: IdentityKind::Role,
        }
    }
}

impl SampleScope {
    /// Samples of a spec's scope for one principal: its first account and region, one table per
    /// name or prefix (a prefix gets `x1` appended; all tables are sampled as `Orders`), a table
    /// the restore-target pattern fits, the S3 location's first key, the first KMS key.
    pub fn for_principal(scope: &Scope, principal: &PrincipalSpec) -> Self {
        let defaults = Self::default();
        let partition = scope.partition.as_str().to_owned();
        let account = scope
            .accounts
            .first()
            .map_or(defaults.account, |account| account.as_str().to_owned());
        let region = scope
            .regions
            .first()
            .map_or(defaults.region, |region| region.as_str().to_owned());
        let tables = match &scope.tables {
            TableSelection::All => defaults.tables,
            TableSelection::Names(names) => {
                names.iter().map(|name| name.as_str().to_owned()).collect()
            }
            TableSelection::Prefixes(prefixes) => prefixes
                .iter()
                .map(|prefix| format!("{}x1", prefix.as_str()))
                .collect(),
        };
        let restore_target = match &scope.restore_targets {
            RestoreTargets::Same => None,
            RestoreTargets::Pattern(pattern) => Some(pattern.as_str().replace(['*', '?'], "x")),
        };
        let (s3_bucket, s3_prefix) = match &scope.s3 {
            Some(location) => (
                location.bucket.as_str().to_owned(),
                location
                    .prefix
                    .as_ref()
                    .map_or(String::new(), |prefix| prefix.as_str().to_owned()),
            ),
            None => (defaults.s3_bucket, defaults.s3_prefix),
        };
        let kms_key = scope
            .kms_keys
            .first()
            .map_or(defaults.kms_key, |key| key.as_str().to_owned());
        let aws_backup_role = principal
            .aws_backup_role
            .as_ref()
            .map_or(defaults.aws_backup_role, |role| role.as_str().to_owned());
        Self {
            partition,
            account,
            region,
            tables,
            restore_target,
            s3_bucket,
            s3_prefix,
            kms_key,
            aws_backup_role,
            principal_kind: principal.kind,
        }
    }
}

/// How much of a capability the policies grant (for a guardrail: enforce).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GrantStatus {
    Granted,
    PartlyGranted,
    NotGranted,
}

/// One capability on one table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableGrant {
    pub table: String,
    pub status: GrantStatus,
    /// The capability's actions that are not allowed (for a guardrail: not denied), in the
    /// capability's order.
    pub missing: Vec<&'static str>,
}

/// One capability over every sample table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CapabilityGrant {
    pub id: CapabilityId,
    /// Granted when granted on every table, not granted when on none, partly granted otherwise.
    pub status: GrantStatus,
    /// In the order of [`SampleScope::tables`].
    pub tables: Vec<TableGrant>,
}

/// What the policies grant, capability by capability.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reverse {
    /// Every capability, in table order.
    pub capabilities: Vec<CapabilityGrant>,
    /// `Action` entries of the identity policies that name no catalog action, as written, each
    /// once: actions of other services (`ec2:DescribeRegions`), unknown names, patterns that match
    /// nothing the catalog has.
    pub outside_catalog: Vec<String>,
}

impl Reverse {
    pub fn capability(&self, id: CapabilityId) -> Option<&CapabilityGrant> {
        self.capabilities.iter().find(|grant| grant.id == id)
    }

    /// The capabilities granted on every sample table.
    pub fn granted(&self) -> impl Iterator<Item = CapabilityId> + '_ {
        self.capabilities
            .iter()
            .filter(|grant| grant.status == GrantStatus::Granted)
            .map(|grant| grant.id)
    }
}

/// Maps a policy set back to capabilities. `trust` is the role's trust policy, if any; `policies`
/// are the principal's policies as the evaluator takes them (identity policies, boundary, SCPs, a
/// resource policy).
pub fn reverse(policies: &PolicySet, trust: Option<&Document>, scope: &SampleScope) -> Reverse {
    let mut set = policies.clone();
    let has_key_policy = set.resource.is_some();
    let compiled = CompiledPolicySet::new(&set);
    let with_key_policy = (!has_key_policy).then(|| {
        set.resource = default_key_policy(scope);
        CompiledPolicySet::new(&set)
    });
    let trusts_aws_backup = trust.is_some_and(|trust| {
        trusts(trust, |kind, value| {
            kind == PrincipalKind::Service && value.eq_ignore_ascii_case(AWS_BACKUP_SERVICE)
        })
    });
    let sampler = Sampler {
        scope,
        compiled: &compiled,
        with_key_policy: with_key_policy.as_ref(),
        trusts_aws_backup,
    };
    let capabilities = capability::all()
        .map(|capability| {
            let tables: Vec<TableGrant> = scope
                .tables
                .iter()
                .map(|table| {
                    let missing = match capability.kind {
                        CapabilityKind::Trust => sampler.missing_trust(capability.id, trust),
                        CapabilityKind::Permission | CapabilityKind::Guardrail => {
                            sampler.missing(capability, table)
                        }
                    };
                    let total = count_actions(capability, &sampler);
                    TableGrant {
                        table: table.clone(),
                        status: status(missing.len(), total),
                        missing,
                    }
                })
                .collect();
            CapabilityGrant {
                id: capability.id,
                status: overall(&tables),
                tables,
            }
        })
        .collect();
    Reverse {
        capabilities,
        outside_catalog: outside_catalog(policies),
    }
}

/// [`reverse`] for policies pasted together: documents with a `Principal` that let someone assume
/// the role are the trust policy (the first such), the others identity policies.
pub fn reverse_documents(documents: &[Document], scope: &SampleScope) -> Reverse {
    let is_trust = |document: &Document| {
        document
            .statements()
            .all(|statement| statement.principal.is_some() && statement.resource.is_none())
    };
    let trust = documents.iter().find(|document| is_trust(document));
    let identity = documents
        .iter()
        .filter(|document| !is_trust(document))
        .enumerate()
        .map(|(index, document)| NamedPolicy {
            name: format!("policy-{index}"),
            document: document.clone(),
        })
        .collect();
    reverse(
        &PolicySet {
            identity,
            ..PolicySet::default()
        },
        trust,
        scope,
    )
}

fn status(missing: usize, total: usize) -> GrantStatus {
    match missing {
        0 => GrantStatus::Granted,
        _ if missing >= total => GrantStatus::NotGranted,
        _ => GrantStatus::PartlyGranted,
    }
}

fn overall(tables: &[TableGrant]) -> GrantStatus {
    if tables
        .iter()
        .all(|table| table.status == GrantStatus::Granted)
    {
        GrantStatus::Granted
    } else if tables
        .iter()
        .all(|table| table.status == GrantStatus::NotGranted)
    {
        GrantStatus::NotGranted
    } else {
        GrantStatus::PartlyGranted
    }
}

/// How many actions decide the capability for this principal.
fn count_actions(capability: &Capability, sampler: &Sampler<'_>) -> usize {
    match capability.kind {
        CapabilityKind::Trust => 1,
        CapabilityKind::Permission | CapabilityKind::Guardrail => {
            let mut actions: Vec<&str> = Vec::new();
            for grant in capability
                .grants
                .iter()
                .filter(|grant| sampler.counts(grant.audience))
            {
                for action in grant.actions {
                    if !actions.contains(action) {
                        actions.push(action);
                    }
                }
            }
            actions.len()
        }
    }
}

struct Sampler<'a> {
    scope: &'a SampleScope,
    compiled: &'a CompiledPolicySet,
    /// The set with the default key policy added, for KMS requests.
    with_key_policy: Option<&'a CompiledPolicySet>,
    trusts_aws_backup: bool,
}

impl Sampler<'_> {
    fn counts(&self, audience: Audience) -> bool {
        let service_role = self.scope.principal_kind == IdentityKind::ServiceRole;
        match audience {
            Audience::Everyone => true,
            Audience::Caller => !service_role,
            Audience::AwsBackupRole => service_role || self.trusts_aws_backup,
        }
    }

    /// The capability's actions that some request of theirs on `table` does not get: `Allowed` for a
    /// permission, `ExplicitlyDenied` for a guardrail.
    fn missing(&self, capability: &Capability, table: &str) -> Vec<&'static str> {
        let wanted = match capability.kind {
            CapabilityKind::Guardrail => Decision::ExplicitlyDenied,
            CapabilityKind::Permission | CapabilityKind::Trust => Decision::Allowed,
        };
        let mut missing: Vec<&'static str> = Vec::new();
        for grant in capability
            .grants
            .iter()
            .filter(|grant| self.counts(grant.audience))
        {
            for action in grant.actions {
                let ok = grant.targets.iter().all(|target| {
                    self.resources(*target, table).iter().all(|resource| {
                        self.decide(action, resource, grant.condition) == Some(wanted)
                    })
                });
                if !ok && !missing.contains(action) {
                    missing.push(action);
                }
            }
        }
        missing
    }

    fn decide(&self, action: &str, resource: &str, condition: GrantCondition) -> Option<Decision> {
        let scope = self.scope;
        let principal_resource = match scope.principal_kind {
            IdentityKind::User | IdentityKind::Group => "user/backstop-sample",
            IdentityKind::Role | IdentityKind::ServiceRole => "role/backstop-sample",
        };
        let principal = Arn::new(
            &scope.partition,
            "iam",
            "",
            &scope.account,
            principal_resource,
        );
        let resource = RequestResource::parse(resource).ok()?;
        let mut context = Context::new();
        match condition {
            GrantCondition::None => {}
            GrantCondition::PassedToAwsBackup => {
                context.insert(
                    "iam:PassedToService",
                    ContextValue::from(AWS_BACKUP_SERVICE),
                );
            }
            GrantCondition::GrantIsForAwsResource => {
                context.insert("kms:GrantIsForAWSResource", ContextValue::Bool(true));
            }
        }
        let request = Request::new(
            principal,
            ActionName::parse(action).ok()?,
            resource,
            Some(scope.account.clone()),
            context,
        );
        let policies = match self.with_key_policy {
            Some(with_key_policy) if request.action().service().eq_ignore_ascii_case("kms") => {
                with_key_policy
            }
            _ => self.compiled,
        };
        Some(policies.evaluate(&request).decision)
    }

    /// Concrete resources of `target` for `table`.
    fn resources(&self, target: Target, table: &str) -> Vec<String> {
        let scope = self.scope;
        let (partition, region, account) = (&scope.partition, &scope.region, &scope.account);
        let table_arn =
            |name: &str| format!("arn:{partition}:dynamodb:{region}:{account}:table/{name}");
        let restored = scope.restore_target.as_deref().unwrap_or(table);
        let backup = format!("{}/backup/01489173575360-b308cd7d", table_arn(table));
        let regional = |service: &str, resource: &str| {
            format!("arn:{partition}:{service}:{region}:{account}:{resource}")
        };
        match target {
            Target::Any => vec!["*".to_owned()],
            Target::Tables => vec![table_arn(table)],
            Target::AllTables | Target::RestoreTargets => vec![table_arn(restored)],
            Target::Backups => vec![backup],
            Target::Exports => vec![format!(
                "{}/export/01700000000000-0e1a2b3c",
                table_arn(table)
            )],
            Target::Imports => vec![format!(
                "{}/import/01700000000000-1a2b3c4d",
                table_arn(restored)
            )],
            Target::S3Objects => vec![format!(
                "arn:{partition}:s3:::{}/{}part-0001.json",
                scope.s3_bucket, scope.s3_prefix
            )],
            Target::S3Bucket => vec![format!("arn:{partition}:s3:::{}", scope.s3_bucket)],
            Target::KmsKeys => vec![scope.kms_key.clone()],
            Target::BackupVaults => vec![regional("backup", "backup-vault:Default")],
            Target::BackupPlans => vec![regional("backup", "backup-plan:sample-plan")],
            Target::RecoveryPoints => vec![
                regional("backup", "recovery-point:sample-recovery-point"),
                backup,
            ],
            Target::AwsBackupRole => vec![format!(
                "arn:{partition}:iam::{account}:role/{}",
                scope.aws_backup_role
            )],
            Target::DynamoDbLogGroups => vec![regional("logs", "log-group:/aws-dynamodb/imports")],
        }
    }

    fn missing_trust(&self, id: CapabilityId, trust: Option<&Document>) -> Vec<&'static str> {
        let own = self.scope.account.as_str();
        let trusted = trust.is_some_and(|trust| match id {
            CapabilityId::TrustAwsBackup => self.trusts_aws_backup,
            _ => trusts(trust, |kind, value| {
                kind == PrincipalKind::Aws && other_account(value, own)
            }),
        });
        if trusted {
            Vec::new()
        } else {
            vec!["sts:AssumeRole"]
        }
    }
}

/// Whether the trust policy lets a principal `fits` accepts assume the role: an `Allow` of
/// `sts:AssumeRole` that names it (or everyone), and no `Deny` of it that names it.
fn trusts(trust: &Document, fits: impl Fn(PrincipalKind, &str) -> bool) -> bool {
    let names = |principal: &Principal| match principal {
        Principal::Any => true,
        Principal::Map(entries) => entries
            .iter()
            .any(|(kind, values)| values.iter().any(|value| fits(kind.value, &value.value))),
    };
    let applies = |effect: Effect| {
        trust.statements().any(|statement| {
            statement.effect.value == effect
                && covers(&statement.action, "sts:AssumeRole")
                && statement
                    .principal
                    .as_ref()
                    .is_some_and(|clause| !clause.negated && names(&clause.principal))
        })
    };
    applies(Effect::Allow) && !applies(Effect::Deny)
}

/// An account id, or an IAM ARN, of an account other than `own`.
fn other_account(value: &str, own: &str) -> bool {
    let account = match crate::arn::segments(value) {
        Some([_, _, _, _, account, _]) => account,
        None => value,
    };
    account != own && account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit())
}

fn covers(clause: &ActionClause, action: &str) -> bool {
    clause
        .actions
        .iter()
        .any(|entry| Pattern::ignoring_case(&entry.value).matches(action))
        != clause.negated
}

/// The default key policy: the account's IAM policies decide (PITFALLS D16).
fn default_key_policy(scope: &SampleScope) -> Option<NamedPolicy> {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "EnableIamUserPermissions", "Effect": "Allow",
            "Principal": {{"AWS": "arn:{}:iam::{}:root"}}, "Action": "kms:*", "Resource": "*"}}]}}"#,
        scope.partition, scope.account
    );
    let document = crate::parse::parse(&text).document?;
    Some(NamedPolicy {
        name: "default-key-policy".to_owned(),
        document,
    })
}

fn outside_catalog(policies: &PolicySet) -> Vec<String> {
    let mut outside: Vec<String> = Vec::new();
    let entries = policies
        .identity
        .iter()
        .flat_map(|policy| policy.document.statements())
        .flat_map(|statement| {
            statement
                .action
                .actions
                .iter()
                .map(|entry| entry.value.as_str())
        });
    for entry in entries {
        let known = if entry.contains(['*', '?']) {
            let pattern = Pattern::ignoring_case(entry);
            catalog::actions()
                .iter()
                .any(|action| pattern.matches(&action.to_string()))
        } else {
            catalog::action(entry).is_ok()
        };
        if !known
            && !outside
                .iter()
                .any(|other| other.eq_ignore_ascii_case(entry))
        {
            outside.push(entry.to_owned());
        }
    }
    outside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn identity(texts: &[&str]) -> PolicySet {
        let identity = texts
            .iter()
            .enumerate()
            .map(|(index, text)| NamedPolicy {
                name: format!("p{index}"),
                document: parse(text).document.unwrap(),
            })
            .collect();
        PolicySet {
            identity,
            ..PolicySet::default()
        }
    }

    fn statuses(found: &Reverse) -> Vec<(String, GrantStatus)> {
        found
            .capabilities
            .iter()
            .filter(|grant| grant.status != GrantStatus::NotGranted)
            .map(|grant| (grant.id.to_string(), grant.status))
            .collect()
    }

    #[test]
    fn administrator_access_grants_every_permission_but_no_guardrail_or_trust() {
        let set = identity(&[
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        ]);
        let found = reverse(&set, None, &SampleScope::default());
        for grant in &found.capabilities {
            let expected = match grant.id.capability().kind {
                CapabilityKind::Permission => GrantStatus::Granted,
                CapabilityKind::Guardrail | CapabilityKind::Trust => GrantStatus::NotGranted,
            };
            assert_eq!(grant.status, expected, "{}", grant.id);
        }
        assert!(found.outside_catalog.is_empty());
    }

    #[test]
    fn a_deny_of_delete_backup_alone_partly_enforces_the_guardrail() {
        let set = identity(&[r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "arn:aws:dynamodb:*:*:table/*/backup/*"}]}"#]);
        let found = reverse(&set, None, &SampleScope::default());
        let guard = found.capability(CapabilityId::GuardNoBackupDelete).unwrap();
        assert_eq!(guard.status, GrantStatus::PartlyGranted);
        assert_eq!(
            guard.tables[0].missing,
            [
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
                "backup:DeleteBackupVaultAccessPolicy",
                "backup:PutBackupVaultAccessPolicy",
            ]
        );
    }

    #[test]
    fn list_backups_scoped_to_a_table_grants_nothing() {
        let set = identity(&[r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:ListBackups", "dynamodb:DescribeBackup"], "Resource": "arn:aws:dynamodb:*:*:table/Orders*"}]}"#]);
        let found = reverse(&set, None, &SampleScope::default());
        let view = found.capability(CapabilityId::BackupView).unwrap();
        assert_eq!(view.status, GrantStatus::PartlyGranted);
        assert_eq!(view.tables[0].missing, ["dynamodb:ListBackups"]);
    }

    #[test]
    fn a_service_role_counts_what_aws_backup_does_with_it() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "dynamodb:CreateBackup", "dynamodb:DescribeTable", "dynamodb:ListTagsOfResource", "dynamodb:StartAwsBackupJob",
            "dynamodb:DescribeBackup"], "Resource": "*"}]}"#;
        let caller = SampleScope::default();
        let service = SampleScope {
            principal_kind: IdentityKind::ServiceRole,
            ..SampleScope::default()
        };
        let set = identity(&[text]);
        assert_eq!(
            reverse(&set, None, &service)
                .capability(CapabilityId::AwsBackupBackup)
                .unwrap()
                .status,
            GrantStatus::Granted
        );
        assert_eq!(
            reverse(&set, None, &caller)
                .capability(CapabilityId::AwsBackupBackup)
                .unwrap()
                .status,
            GrantStatus::NotGranted
        );
    }

    #[test]
    fn trust_policies_grant_the_trust_capabilities() {
        let trust = parse(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "sts:AssumeRole"}]}"#,
        )
        .document
        .unwrap();
        let found = reverse(&PolicySet::default(), Some(&trust), &SampleScope::default());
        assert_eq!(
            statuses(&found),
            [
                ("trust.aws-backup".to_owned(), GrantStatus::Granted),
                ("trust.account".to_owned(), GrantStatus::Granted)
            ]
        );
    }

    #[test]
    fn restore_targets_are_checked_on_the_sample_target() {
        let set = identity(&[
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "dynamodb:RestoreTableFromBackup", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem"],
            "Resource": ["arn:aws:dynamodb:*:*:table/Orders/backup/*", "arn:aws:dynamodb:*:*:table/Orders-restored"]}]}"#,
        ]);
        let same = SampleScope::default();
        let other = SampleScope {
            restore_target: Some("Orders-restored".to_owned()),
            ..SampleScope::default()
        };
        assert_eq!(
            reverse(&set, None, &same)
                .capability(CapabilityId::RestoreBackup)
                .unwrap()
                .status,
            GrantStatus::NotGranted
        );
        assert_eq!(
            reverse(&set, None, &other)
                .capability(CapabilityId::RestoreBackup)
                .unwrap()
                .status,
            GrantStatus::Granted
        );
    }

    #[test]
    fn outside_catalog_lists_unknown_names_once() {
        let set = identity(&[
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "ec2:DescribeRegions", "EC2:describeregions", "dynamodb:Teleport", "dynamodb:Describe*", "sns:*", "iam:PassRole"], "Resource": "*"}]}"#,
        ]);
        let found = reverse(&set, None, &SampleScope::default());
        assert_eq!(
            found.outside_catalog,
            ["ec2:DescribeRegions", "dynamodb:Teleport", "sns:*"]
        );
    }
}
