//! The builder: from a [`Spec`] to finished policies, per principal its identity policies (split to
//! fit the managed-policy quota), its permission boundary and its trust policy.
//!
//! The output is deterministic and minimal: capabilities in table order, one statement per effect,
//! condition and resource set, sorted actions and resources, `"*"`-only actions in their own
//! statement, no resource another resource of the statement already covers, descriptive `Sid`s.
//!
//! ```
//! use policy::build::build;
//! use policy::spec::Spec;
//!
//! let spec = Spec::from_json(r#"{"version": 1,
//!     "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Movies"]}},
//!     "principals": [{"kind": "role", "name": "Backups", "capabilities": ["backup.create"]}]}"#).unwrap();
//! let built = build(&spec).unwrap();
//! let policy = &built.principals[0].identity_policies[0];
//! assert_eq!(policy.name, "Backups-backstop");
//! assert_eq!(policy.document.to_json(), serde_json::json!({
//!     "Version": "2012-10-17",
//!     "Statement": [{
//!         "Sid": "CreateOnDemandBackups",
//!         "Effect": "Allow",
//!         "Action": "dynamodb:CreateBackup",
//!         "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Movies"
//!     }]
//! }));
//! ```

mod resolve;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use resolve::DEFAULT_AWS_BACKUP_ROLE;
use resolve::{Resolver, without_redundant};

use crate::capability::{Audience, CapabilityId, CapabilityKind, GrantCondition, Target};
use crate::document::{
    ActionClause, BaseOperator, Condition, ConditionValue, Document, Effect, OneOrMany, Operator,
    Principal, PrincipalClause, PrincipalKind, ResourceClause, Spanned, Statement, Version,
};
use crate::finding::Finding;
use crate::parse::parse;
use crate::quota::{self, Quota};
use crate::scope::IamName;
use crate::span::Span;
use crate::spec::{ExtraPolicy, IdentityKind, PrincipalSpec, Scope, Spec};

/// The service principal of AWS Backup, which assumes roles and receives passed roles.
pub const AWS_BACKUP_SERVICE: &str = "backup.amazonaws.com";

/// Everything the builder made from a spec.
#[derive(Debug, Clone)]
#[must_use]
pub struct Built {
    /// In the spec's order. Shared, so that [`build_reusing`] keeps an unchanged principal without
    /// copying it and comparing builds compares it by address.
    pub principals: Vec<Arc<BuiltPrincipal>>,
    /// The spec's SCPs, parsed: one level each, root first.
    pub scps: Vec<BuiltScp>,
    /// What each part was built from, for [`build_reusing`].
    inputs: Inputs,
}

/// Two builds are equal when what they made is: the inputs only say where it came from.
impl PartialEq for Built {
    fn eq(&self, other: &Self) -> bool {
        self.principals == other.principals && self.scps == other.scps
    }
}

impl Eq for Built {}

/// Everything [`build_principal`] and the SCPs read, by value.
// INVARIANT: `principals[i]` is what `Built::principals[i]` was built from, and the scope a
// principal without its own was built with is `scope`.
#[derive(Debug, Clone)]
struct Inputs {
    scope: Scope,
    principals: Vec<PrincipalSpec>,
    scps: Vec<ExtraPolicy>,
}

/// A pasted service control policy, parsed; it applies to every principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltScp {
    pub name: String,
    pub document: Document,
}

/// The policies of one principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltPrincipal {
    pub kind: IdentityKind,
    pub name: IamName,
    /// Customer-managed policies, several when the statements do not fit one; empty when nothing
    /// is ticked but trust.
    pub identity_policies: Vec<BuiltPolicy>,
    /// The boundary built from capabilities, the pasted one, or both as one policy (see
    /// [`PrincipalSpec::pasted_boundary`]).
    pub boundary: Option<BuiltPolicy>,
    /// Roles only, when a trust capability is ticked.
    pub trust_policy: Option<BuiltPolicy>,
    /// The pasted policies, attached inline, with their sizes.
    pub inline_policies: Vec<InlineSize>,
    /// The inline quota the pasted policies share.
    pub inline_quota: Quota,
}

impl BuiltPrincipal {
    /// The size of all inline policies together, as counted against [`BuiltPrincipal::inline_quota`].
    pub fn inline_size(&self) -> usize {
        self.inline_policies.iter().map(|policy| policy.size).sum()
    }

    /// `Some` when the principal's identity policies are more than IAM attaches to one user,
    /// group or role unless the account's quota was raised.
    pub fn over_attachment_quota(&self) -> Option<OverAttachmentQuota> {
        let count = self.identity_policies.len();
        (count > quota::ATTACHED_MANAGED_POLICIES).then(|| OverAttachmentQuota {
            kind: self.kind,
            name: self.name.to_string(),
            count,
            limit: quota::ATTACHED_MANAGED_POLICIES,
        })
    }
}

/// A principal whose statements fill more managed policies than IAM attaches to it by default.
/// Each policy is right, and the preview shows what all of them together allow; but in an account
/// with the default quota, attaching them fails (`LimitExceeded`) from the eleventh on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{kind} `{name}` needs {count} managed policies, more than the {limit} IAM attaches to one \
     {kind} unless the account's quota was raised"
)]
pub struct OverAttachmentQuota {
    pub kind: IdentityKind,
    pub name: String,
    pub count: usize,
    pub limit: usize,
}

impl OverAttachmentQuota {
    pub fn help(&self) -> &'static str {
        "name the tables by prefix (`orders-*`) or choose all tables, so that one ARN covers many; \
         or tick fewer capabilities; or ask AWS (Service Quotas, IAM) to raise the quota first"
    }
}

/// One finished policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltPolicy {
    pub name: String,
    pub document: Document,
    /// Characters besides whitespace, as IAM counts them.
    pub size: usize,
    pub quota: Quota,
}

impl BuiltPolicy {
    fn new(name: String, statements: Vec<Statement>, quota: Quota) -> Self {
        let size = document_size(statements.iter().map(quota::statement_size));
        Self::sized(name, statements, size, quota)
    }

    fn sized(name: String, statements: Vec<Statement>, size: usize, quota: Quota) -> Self {
        Self {
            name,
            document: document(statements),
            size,
            quota,
        }
    }

    /// Whether the policy is larger than IAM allows; only a single statement too large to split
    /// (thousands of table names) gets there.
    pub fn is_over_quota(&self) -> bool {
        self.size > self.quota.limit()
    }
}

/// A pasted policy and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineSize {
    pub name: String,
    pub size: usize,
}

/// Why a spec does not build. Each names the principal (`kind` and `name`) it is about, but for
/// an SCP, which is about every principal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{kind} `{name}` appears twice")]
    DuplicatePrincipal { kind: IdentityKind, name: String },
    #[error("{kind} name `{name}` is longer than {max} characters")]
    NameTooLong {
        kind: IdentityKind,
        name: String,
        max: usize,
    },
    #[error("{kind} `{name}` cannot belong to groups")]
    GroupsOnNonUser { kind: IdentityKind, name: String },
    /// IAM has no permissions boundary for groups: a group's members each have their own.
    #[error("{kind} `{name}` cannot have a permission boundary")]
    BoundaryOnGroup { kind: IdentityKind, name: String },
    #[error("{kind} `{name}` cannot have `{capability}`, which only a role can have")]
    TrustOnNonRole {
        kind: IdentityKind,
        name: String,
        capability: CapabilityId,
    },
    #[error("`{capability}` of {kind} `{name}` needs an S3 location")]
    MissingS3 {
        kind: IdentityKind,
        name: String,
        capability: CapabilityId,
    },
    #[error("`kms.customer-keys` of {kind} `{name}` needs at least one KMS key")]
    MissingKmsKeys { kind: IdentityKind, name: String },
    #[error("`trust.account` of {kind} `{name}` needs at least one trusted account")]
    MissingTrustedAccounts { kind: IdentityKind, name: String },
    #[error("the scope of {kind} `{name}` selects no table")]
    NoTables { kind: IdentityKind, name: String },
    #[error("the permission boundary of {kind} `{name}` cannot hold `{capability}`")]
    BoundaryCapability {
        kind: IdentityKind,
        name: String,
        capability: CapabilityId,
    },
    #[error(
        "the permission boundary of {kind} `{name}` is {size} characters, over the {limit} of a managed policy"
    )]
    BoundaryTooLarge {
        kind: IdentityKind,
        name: String,
        size: usize,
        limit: usize,
    },
    #[error("extra policy `{policy}` of {kind} `{name}` is not JSON: {message}")]
    ExtraPolicyNotJson {
        kind: IdentityKind,
        name: String,
        policy: String,
        message: String,
    },
    #[error("pasted boundary `{policy}` of {kind} `{name}` is not a policy: {message}")]
    PastedBoundaryNotPolicy {
        kind: IdentityKind,
        name: String,
        policy: String,
        message: String,
    },
    #[error("SCP `{policy}` is not a policy: {message}")]
    ScpNotPolicy { policy: String, message: String },
}

impl BuildError {
    /// How to fix the spec.
    pub fn help(&self) -> &'static str {
        match self {
            BuildError::DuplicatePrincipal { .. } => "give each principal of a kind its own name",
            BuildError::NameTooLong { .. } => {
                "IAM allows 64 characters for roles and users, 128 for groups"
            }
            BuildError::GroupsOnNonUser { .. } => "only users belong to groups; remove the groups",
            BuildError::BoundaryOnGroup { .. } => {
                "IAM sets permission boundaries on users and roles only; remove the group's boundary, or set it on each member user"
            }
            BuildError::TrustOnNonRole { .. } => {
                "make the principal a role, or untick the trust capability"
            }
            BuildError::MissingS3 { .. } => "set the scope's S3 bucket (and optionally a prefix)",
            BuildError::MissingKmsKeys { .. } => "add the key ARNs to the scope's KMS keys",
            BuildError::MissingTrustedAccounts { .. } => {
                "add the 12-digit ids of the accounts to trust"
            }
            BuildError::NoTables { .. } => {
                "name at least one table or prefix, or choose all tables"
            }
            BuildError::BoundaryCapability { .. } => {
                "a boundary only limits what is allowed; put guardrails and trust capabilities on the principal"
            }
            BuildError::BoundaryTooLarge { .. } => {
                "IAM attaches one boundary, and it cannot be split; take capabilities out of it, or choose tables by prefix and fewer accounts or regions"
            }
            BuildError::ExtraPolicyNotJson { .. }
            | BuildError::PastedBoundaryNotPolicy { .. }
            | BuildError::ScpNotPolicy { .. } => "paste the whole policy document, from `{` to `}`",
        }
    }
}

/// Builds every principal's policies.
pub fn build(spec: &Spec) -> Result<Built, BuildError> {
    build_reusing(spec, None)
}

/// The same as [`build`], taking from `previous` every principal whose spec and effective scope
/// are unchanged, wherever it was, and the SCPs when they are unchanged; a tick of one principal
/// builds that one alone.
///
/// A principal's policies depend on nothing else: groups, break-glass ARNs and trusted accounts
/// are its own spec's, and the only check across principals, that no name appears twice, is made
/// again for all of them. `previous` is trusted to be what a build returned, unchanged.
pub fn build_reusing(spec: &Spec, previous: Option<&Built>) -> Result<Built, BuildError> {
    let earlier: Vec<(&PrincipalSpec, &Arc<BuiltPrincipal>)> = previous
        .map(|previous| {
            // Built without a scope of their own, principals reuse only while the spec's holds.
            let same_scope = previous.inputs.scope == spec.scope;
            previous
                .inputs
                .principals
                .iter()
                .zip(&previous.principals)
                .filter(|(principal, _)| same_scope || principal.scope.is_some())
                .collect()
        })
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    let mut principals = Vec::with_capacity(spec.principals.len());
    for (index, principal) in spec.principals.iter().enumerate() {
        // Roles and service roles share one namespace in IAM.
        let namespace = if principal.kind.is_role() {
            IdentityKind::Role
        } else {
            principal.kind
        };
        if !seen.insert((namespace, principal.name.as_str())) {
            return Err(BuildError::DuplicatePrincipal {
                kind: principal.kind,
                name: principal.name.to_string(),
            });
        }
        let same = |(earlier, _): &&(&PrincipalSpec, &Arc<BuiltPrincipal>)| *earlier == principal;
        // The principal at the same place first: edits rarely move principals.
        let reused = earlier
            .get(index)
            .filter(same)
            .or_else(|| earlier.iter().find(same));
        principals.push(match reused {
            Some((_, built)) => Arc::clone(built),
            None => Arc::new(build_principal(principal, principal.effective_scope(spec))?),
        });
    }
    let scps = match previous.filter(|previous| previous.inputs.scps == spec.scps) {
        Some(previous) => previous.scps.clone(),
        None => build_scps(&spec.scps)?,
    };
    Ok(Built {
        principals,
        scps,
        inputs: Inputs {
            scope: spec.scope.clone(),
            principals: spec.principals.clone(),
            scps: spec.scps.clone(),
        },
    })
}

fn build_scps(scps: &[ExtraPolicy]) -> Result<Vec<BuiltScp>, BuildError> {
    scps.iter()
        .map(|scp| {
            pasted_document(&scp.json)
                .map(|document| BuiltScp {
                    name: scp.name.clone(),
                    document,
                })
                .map_err(|message| BuildError::ScpNotPolicy {
                    policy: scp.name.clone(),
                    message,
                })
        })
        .collect()
}

/// A pasted policy's document, or the first error that keeps the text from being one.
fn pasted_document(json: &str) -> Result<Document, String> {
    let parsed = parse(json);
    parsed.document.ok_or_else(|| {
        parsed
            .findings
            .into_iter()
            .find(Finding::is_error)
            .map_or_else(
                || "it holds no policy".to_owned(),
                |finding| finding.message,
            )
    })
}

fn build_principal(principal: &PrincipalSpec, scope: &Scope) -> Result<BuiltPrincipal, BuildError> {
    let kind = principal.kind;
    let name = principal.name.to_string();
    let capabilities = sorted(&principal.capabilities);
    check(principal, scope, &capabilities)?;

    let resolver = Resolver::new(scope, principal);
    let identity_statements = statements(&resolver, &capabilities);
    let identity_policies = split(identity_statements, &format!("{name}-backstop"));

    let built_boundary = match &principal.permission_boundary {
        None => None,
        Some(boundary) => {
            let boundary_capabilities = sorted(&boundary.capabilities);
            for capability in &boundary_capabilities {
                if capability.capability().kind != CapabilityKind::Permission {
                    return Err(BuildError::BoundaryCapability {
                        kind,
                        name: name.clone(),
                        capability: *capability,
                    });
                }
            }
            check(principal, scope, &boundary_capabilities)?;
            Some(statements(&resolver, &boundary_capabilities))
        }
    };
    let pasted_boundary = match &principal.pasted_boundary {
        None => None,
        Some(pasted) => match pasted_document(&pasted.json) {
            Ok(document) => Some((pasted, document)),
            Err(message) => {
                return Err(BuildError::PastedBoundaryNotPolicy {
                    kind,
                    name,
                    policy: pasted.name.clone(),
                    message,
                });
            }
        },
    };
    let written = built_boundary.is_some();
    let boundary = match (built_boundary, pasted_boundary) {
        (None, None) => None,
        (Some(statements), None) => Some(BuiltPolicy::new(
            format!("{name}-boundary"),
            statements,
            Quota::ManagedPolicy,
        )),
        // Kept as pasted, so its `Version` and `Id` stay.
        (None, Some((pasted, document))) => Some(BuiltPolicy {
            name: pasted.name.clone(),
            document,
            size: quota::text_size(&pasted.json),
            quota: Quota::ManagedPolicy,
        }),
        // IAM attaches one boundary, so both become one policy.
        (Some(mut statements), Some((_, document))) => {
            statements.extend(document.statements().cloned());
            Some(BuiltPolicy::new(
                format!("{name}-boundary"),
                statements,
                Quota::ManagedPolicy,
            ))
        }
    };

    // A boundary kept as pasted is checked where it is pasted: the linter flags its size and the
    // preview leaves it out. One the builder writes must fit, since IAM cannot split it.
    if let Some(built) = boundary
        .as_ref()
        .filter(|built| written && built.size > built.quota.limit())
    {
        return Err(BuildError::BoundaryTooLarge {
            kind,
            name,
            size: built.size,
            limit: built.quota.limit(),
        });
    }

    let trust = trust_statements(principal, scope, &capabilities);
    let trust_policy = (!trust.is_empty())
        .then(|| BuiltPolicy::new(format!("{name}-trust"), trust, Quota::TrustPolicy));

    let mut inline_policies = Vec::with_capacity(principal.extra_policies.len());
    for extra in &principal.extra_policies {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&extra.json) {
            return Err(BuildError::ExtraPolicyNotJson {
                kind,
                name,
                policy: extra.name.clone(),
                message: error.to_string(),
            });
        }
        inline_policies.push(InlineSize {
            name: extra.name.clone(),
            size: quota::text_size(&extra.json),
        });
    }

    Ok(BuiltPrincipal {
        kind,
        name: principal.name.clone(),
        identity_policies,
        boundary,
        trust_policy,
        inline_policies,
        inline_quota: Quota::inline_for(kind),
    })
}

/// The capabilities in table order, each once.
fn sorted(capabilities: &[CapabilityId]) -> Vec<CapabilityId> {
    let set: BTreeSet<CapabilityId> = capabilities.iter().copied().collect();
    set.into_iter().collect()
}

/// What a principal needs before its capabilities can be built.
fn check(
    principal: &PrincipalSpec,
    scope: &Scope,
    capabilities: &[CapabilityId],
) -> Result<(), BuildError> {
    let kind = principal.kind;
    let name = || principal.name.to_string();
    if principal.name.as_str().chars().count() > kind.max_name_length() {
        return Err(BuildError::NameTooLong {
            kind,
            name: name(),
            max: kind.max_name_length(),
        });
    }
    if kind != IdentityKind::User && !principal.groups.is_empty() {
        return Err(BuildError::GroupsOnNonUser { kind, name: name() });
    }
    if kind == IdentityKind::Group
        && (principal.permission_boundary.is_some() || principal.pasted_boundary.is_some())
    {
        return Err(BuildError::BoundaryOnGroup { kind, name: name() });
    }
    if scope.tables.is_empty() {
        return Err(BuildError::NoTables { kind, name: name() });
    }
    for &capability in capabilities {
        match capability {
            CapabilityId::TrustAwsBackup | CapabilityId::TrustAccount if !kind.is_role() => {
                return Err(BuildError::TrustOnNonRole {
                    kind,
                    name: name(),
                    capability,
                });
            }
            CapabilityId::TrustAccount if principal.trusted_accounts.is_empty() => {
                return Err(BuildError::MissingTrustedAccounts { kind, name: name() });
            }
            CapabilityId::ExportS3 | CapabilityId::ImportS3 if scope.s3.is_none() => {
                return Err(BuildError::MissingS3 {
                    kind,
                    name: name(),
                    capability,
                });
            }
            CapabilityId::KmsCustomerKeys if scope.kms_keys.is_empty() => {
                return Err(BuildError::MissingKmsKeys { kind, name: name() });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether a grant applies to this principal: callers start AWS Backup jobs, the role AWS Backup
/// assumes does the work.
fn applies(audience: Audience, principal: &PrincipalSpec) -> bool {
    let assumed_by_aws_backup = principal.kind == IdentityKind::ServiceRole
        || principal
            .capabilities
            .contains(&CapabilityId::TrustAwsBackup);
    match audience {
        Audience::Everyone => true,
        Audience::Caller => principal.kind != IdentityKind::ServiceRole,
        Audience::AwsBackupRole => assumed_by_aws_backup,
    }
}

/// What besides effect and resources sets statements apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum StatementCondition {
    None,
    PassedToAwsBackup,
    GrantIsForAwsResource,
    /// Guardrails: everyone but the break-glass principals.
    ExceptBreakGlass,
}

/// The actions of one statement in the making, and where they came from.
struct Group {
    actions: BTreeSet<&'static str>,
    /// Grant labels in table order, each once.
    labels: Vec<&'static str>,
    targets: BTreeSet<Target>,
    /// The position of the first grant, which orders statements.
    first: usize,
}

impl Group {
    fn new(first: usize) -> Self {
        Self {
            actions: BTreeSet::new(),
            labels: Vec::new(),
            targets: BTreeSet::new(),
            first,
        }
    }

    fn add_label(&mut self, label: &'static str) {
        if !self.labels.contains(&label) {
            self.labels.push(label);
        }
    }

    fn merge(&mut self, other: Group) {
        self.actions.extend(other.actions);
        self.targets.extend(other.targets);
        self.first = self.first.min(other.first);
        for label in other.labels {
            self.add_label(label);
        }
    }
}

/// The identity statements of some capabilities: allows, then guardrail denies.
fn statements(resolver: &Resolver<'_>, capabilities: &[CapabilityId]) -> Vec<Statement> {
    type ActionKey = (Effect, StatementCondition, &'static str);
    type StatementKey<'a> = (Effect, StatementCondition, Vec<&'a str>);
    let grants = || {
        capabilities
            .iter()
            .map(|id| id.capability())
            .filter_map(|capability| match capability.kind {
                CapabilityKind::Permission => Some((capability, Effect::Allow)),
                CapabilityKind::Guardrail => Some((capability, Effect::Deny)),
                CapabilityKind::Trust => None,
            })
            .flat_map(|(capability, effect)| {
                capability
                    .grants
                    .iter()
                    .map(move |grant| (capability.kind, effect, grant))
            })
            .filter(|(_, _, grant)| applies(grant.audience, resolver.principal))
    };
    // Grants share targets, so each is resolved once and its ARNs borrowed from here.
    let mut resolved: BTreeMap<Target, Vec<String>> = BTreeMap::new();
    for (_, _, grant) in grants() {
        for &target in grant.targets {
            resolved
                .entry(target)
                .or_insert_with(|| resolver.arns(target));
        }
    }
    let arns_of = |target: &Target| resolved.get(target).map(Vec::as_slice).unwrap_or_default();

    // Per action: its resources, and the grants naming it.
    let mut per_action: BTreeMap<ActionKey, (Vec<&str>, Group)> = BTreeMap::new();
    for (position, (kind, effect, grant)) in (1..).zip(grants()) {
        let condition = match (kind, grant.condition) {
            (CapabilityKind::Guardrail, _) if !resolver.principal.break_glass.is_empty() => {
                StatementCondition::ExceptBreakGlass
            }
            (_, GrantCondition::None) => StatementCondition::None,
            (_, GrantCondition::PassedToAwsBackup) => StatementCondition::PassedToAwsBackup,
            (_, GrantCondition::GrantIsForAwsResource) => StatementCondition::GrantIsForAwsResource,
        };
        for action in grant.actions {
            let (resources, group) = per_action
                .entry((effect, condition, action))
                .or_insert_with(|| (Vec::new(), Group::new(position)));
            for target in grant.targets {
                resources.extend(arns_of(target).iter().map(String::as_str));
            }
            group.actions.insert(action);
            group.add_label(grant.label);
            group.targets.extend(grant.targets.iter().copied());
        }
    }

    // Actions of one grant share their resources, so each list is pruned once.
    let mut pruned: BTreeMap<Vec<&str>, Vec<&str>> = BTreeMap::new();
    let mut groups: BTreeMap<StatementKey<'_>, Group> = BTreeMap::new();
    for ((effect, condition, _), (arns, from)) in per_action {
        let resources = match pruned.get(&arns) {
            Some(resources) => resources.clone(),
            None => {
                let resources = without_redundant(arns.clone());
                pruned.insert(arns, resources.clone());
                resources
            }
        };
        let group = groups
            .entry((effect, condition, resources))
            .or_insert_with(|| Group::new(from.first));
        group.merge(from);
    }

    let mut ordered: Vec<(StatementKey<'_>, Group)> = groups.into_iter().collect();
    ordered.sort_by(
        |((effect, _, resources), group), ((other_effect, _, other_resources), other)| {
            (effect, group.first, resources).cmp(&(other_effect, other.first, other_resources))
        },
    );
    let mut used_sids = BTreeSet::new();
    ordered
        .into_iter()
        .map(|((effect, condition, resources), group)| {
            let sid = unique_sid(sid(effect, &group), &mut used_sids);
            statement(
                sid,
                effect,
                group.actions.into_iter().map(str::to_owned).collect(),
                resources.into_iter().map(str::to_owned).collect(),
            )
            .with_condition(conditions(condition, resolver.principal))
        })
        .collect()
}

/// A name for a statement: its grants' labels when there are one or two, else what it acts on.
fn sid(effect: Effect, group: &Group) -> String {
    if let [label] = group.labels.as_slice() {
        return (*label).to_owned();
    }
    if let [first, second] = group.labels.as_slice() {
        return format!("{first}And{second}");
    }
    let nouns: Vec<&str> = group.targets.iter().map(|target| noun(*target)).collect();
    format!("{}On{}", effect.as_str(), nouns.join("And"))
}

fn noun(target: Target) -> &'static str {
    match target {
        Target::Any => "AnyResource",
        Target::Tables => "ChosenTables",
        Target::AllTables => "AllTables",
        Target::Backups => "Backups",
        Target::RestoreTargets => "RestoreTargets",
        Target::Exports => "Exports",
        Target::Imports => "Imports",
        Target::S3Objects => "S3Objects",
        Target::S3Bucket => "S3Bucket",
        Target::KmsKeys => "KmsKeys",
        Target::BackupVaults => "BackupVaults",
        Target::BackupPlans => "BackupPlans",
        Target::RecoveryPoints => "RecoveryPoints",
        Target::AwsBackupRole => "AwsBackupRole",
        Target::DynamoDbLogGroups => "DynamoDbLogGroups",
    }
}

/// `sid`, or `sid2`, `sid3`… when it is taken.
fn unique_sid(sid: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = sid.clone();
    let mut number = 1;
    while used.contains(&candidate) {
        number += 1;
        candidate = format!("{sid}{number}");
    }
    used.insert(candidate.clone());
    candidate
}

fn conditions(condition: StatementCondition, principal: &PrincipalSpec) -> Vec<Condition> {
    match condition {
        StatementCondition::None => Vec::new(),
        StatementCondition::PassedToAwsBackup => {
            vec![condition_of(
                BaseOperator::StringEquals,
                "iam:PassedToService",
                vec![AWS_BACKUP_SERVICE.to_owned()],
            )]
        }
        StatementCondition::GrantIsForAwsResource => {
            vec![condition_of(
                BaseOperator::Bool,
                "kms:GrantIsForAWSResource",
                vec!["true".to_owned()],
            )]
        }
        StatementCondition::ExceptBreakGlass => {
            let arns = principal
                .break_glass
                .iter()
                .map(|arn| arn.as_str().to_owned())
                .collect();
            vec![condition_of(
                BaseOperator::ArnNotLike,
                "aws:PrincipalArn",
                arns,
            )]
        }
    }
}

fn condition_of(base: BaseOperator, key: &str, values: Vec<String>) -> Condition {
    Condition {
        operator: Spanned::new(Operator {
            set: None,
            base,
            if_exists: false,
        }),
        key: Spanned::new(key.to_owned()),
        values: one_or_many(values.into_iter().map(ConditionValue::String).collect()),
    }
}

/// A single value as itself, several as an array, as people write them.
fn one_or_many<T>(mut values: Vec<T>) -> OneOrMany<Spanned<T>> {
    if values.len() == 1
        && let Some(value) = values.pop()
    {
        return OneOrMany::One(Spanned::new(value));
    }
    OneOrMany::Many(values.into_iter().map(Spanned::new).collect())
}

fn statement(
    sid: String,
    effect: Effect,
    actions: Vec<String>,
    resources: Vec<String>,
) -> Statement {
    Statement {
        sid: Some(Spanned::new(sid)),
        effect: Spanned::new(effect),
        principal: None,
        action: ActionClause {
            negated: false,
            actions: one_or_many(actions),
            span: Span::NONE,
        },
        resource: Some(ResourceClause {
            negated: false,
            resources: one_or_many(resources),
            span: Span::NONE,
        }),
        condition: None,
        order: Vec::new(),
        span: Span::NONE,
    }
}

trait WithCondition {
    fn with_condition(self, conditions: Vec<Condition>) -> Self;
}

impl WithCondition for Statement {
    fn with_condition(mut self, conditions: Vec<Condition>) -> Self {
        self.condition = (!conditions.is_empty()).then(|| Spanned::new(conditions));
        self
    }
}

fn document(statements: Vec<Statement>) -> Document {
    Document {
        version: Some(Spanned::new(Version::V2012_10_17)),
        id: None,
        statement: OneOrMany::Many(statements),
        order: Vec::new(),
        span: Span::NONE,
    }
}

/// The role's trust statements, one per trust capability.
fn trust_statements(
    principal: &PrincipalSpec,
    scope: &Scope,
    capabilities: &[CapabilityId],
) -> Vec<Statement> {
    let assume = |sid: &str, kind: PrincipalKind, principals: Vec<String>| Statement {
        sid: Some(Spanned::new(sid.to_owned())),
        effect: Spanned::new(Effect::Allow),
        principal: Some(PrincipalClause {
            negated: false,
            principal: Principal::Map(vec![(Spanned::new(kind), one_or_many(principals))]),
            span: Span::NONE,
        }),
        action: ActionClause {
            negated: false,
            actions: OneOrMany::One(Spanned::new("sts:AssumeRole".to_owned())),
            span: Span::NONE,
        },
        resource: None,
        condition: None,
        order: Vec::new(),
        span: Span::NONE,
    };
    let mut statements = Vec::new();
    if capabilities.contains(&CapabilityId::TrustAwsBackup) {
        statements.push(assume(
            "AwsBackupAssumesRole",
            PrincipalKind::Service,
            vec![AWS_BACKUP_SERVICE.to_owned()],
        ));
    }
    if capabilities.contains(&CapabilityId::TrustAccount) {
        let mut accounts: Vec<String> = principal
            .trusted_accounts
            .iter()
            .map(|account| format!("arn:{}:iam::{account}:root", scope.partition))
            .collect();
        accounts.sort();
        accounts.dedup();
        let conditions = principal
            .external_id
            .iter()
            .map(|id| {
                condition_of(
                    BaseOperator::StringEquals,
                    "sts:ExternalId",
                    vec![id.as_str().to_owned()],
                )
            })
            .collect();
        statements.push(
            assume("TrustedAccountsAssumeRole", PrincipalKind::Aws, accounts)
                .with_condition(conditions),
        );
    }
    statements
}

/// The size of `{"Version":"2012-10-17","Statement":[]}`, to which each statement adds its own
/// size and, after the first, a comma.
const EMPTY_DOCUMENT_SIZE: usize = 39;

/// The size of a built document of statements of these sizes: compact JSON prints the statements one
/// after another, so sizing them once spares serializing every candidate document while packing.
fn document_size(statement_sizes: impl Iterator<Item = usize>) -> usize {
    let (count, sum) =
        statement_sizes.fold((0_usize, 0), |(count, sum), size| (count + 1, sum + size));
    EMPTY_DOCUMENT_SIZE + sum + count.saturating_sub(1)
}

/// Packs statements into as few managed policies as fit the quota, in order.
fn split(statements: Vec<Statement>, base_name: &str) -> Vec<BuiltPolicy> {
    let limit = Quota::ManagedPolicy.limit();
    let mut documents: Vec<(Vec<Statement>, usize)> = Vec::new();
    let mut current: Vec<Statement> = Vec::new();
    let mut current_size = EMPTY_DOCUMENT_SIZE;
    for (statement, size) in statements
        .into_iter()
        .flat_map(|statement| fitting_parts(statement, limit))
    {
        if current.is_empty() {
            current_size += size;
        } else if current_size + 1 + size > limit {
            documents.push((std::mem::take(&mut current), current_size));
            current_size = EMPTY_DOCUMENT_SIZE + size;
        } else {
            current_size += 1 + size;
        }
        current.push(statement);
    }
    if !current.is_empty() {
        documents.push((current, current_size));
    }
    let count = documents.len();
    documents
        .into_iter()
        .enumerate()
        .map(|(index, (statements, size))| {
            let name = if count == 1 {
                base_name.to_owned()
            } else {
                format!("{base_name}-{}", index + 1)
            };
            BuiltPolicy::sized(name, statements, size, Quota::ManagedPolicy)
        })
        .collect()
}

/// A statement, or the halves it splits into (by actions, then by resources) until each fits a
/// policy on its own, with their sizes. Parts are named `Sid`, `SidPart2`…
fn fitting_parts(statement: Statement, limit: usize) -> Vec<(Statement, usize)> {
    let mut parts = Vec::new();
    halve(statement, limit, &mut parts);
    if parts.len() > 1 {
        for (index, (part, size)) in parts.iter_mut().enumerate().skip(1) {
            if let Some(sid) = part.sid.as_mut() {
                sid.value = format!("{}Part{}", sid.value, index + 1);
                *size = quota::statement_size(part);
            }
        }
    }
    parts
}

/// Splits a statement in halves, by actions and then by resources, until each part fits. Each part
/// is sized by arithmetic on its lists rather than made and counted, so only the parts kept are
/// made and the lists are not copied at every split (at 384 tables that copying was quadratic).
fn halve(mut statement: Statement, limit: usize, parts: &mut Vec<(Statement, usize)>) {
    let actions =
        match std::mem::replace(&mut statement.action.actions, OneOrMany::Many(Vec::new())) {
            OneOrMany::One(action) => vec![action],
            OneOrMany::Many(actions) => actions,
        };
    let resources = match statement
        .resource
        .as_mut()
        .map(|clause| std::mem::replace(&mut clause.resources, OneOrMany::Many(Vec::new())))
    {
        None => Vec::new(),
        Some(OneOrMany::One(resource)) => vec![resource],
        Some(OneOrMany::Many(resources)) => resources,
    };
    let has_resource = statement.resource.is_some();
    // `statement` is now the template every part is made from, its lists empty (`[]`, 2 each).
    let template_size = quota::statement_size(&statement);
    let lists = Lists {
        action_sizes: prefix_sums(&actions),
        resource_sizes: if has_resource {
            prefix_sums(&resources)
        } else {
            Vec::new()
        },
        base: template_size - 2 - if has_resource { 2 } else { 0 },
        has_resource,
    };
    let whole = Part {
        actions: 0..actions.len(),
        resources: 0..resources.len(),
    };
    let mut kept = Vec::new();
    lists.halve(whole, limit, &mut kept);
    for (part, size) in kept {
        let mut made = statement.clone();
        made.action.actions = relist(actions.get(part.actions).unwrap_or_default().to_vec());
        if let Some(clause) = made.resource.as_mut() {
            clause.resources = relist(resources.get(part.resources).unwrap_or_default().to_vec());
        }
        parts.push((made, size));
    }
}

/// `sums[i]`: the size of the first `i` values as JSON strings, as a statement counts each: a
/// string alone in a list in place of the empty list's `[]` adds its own size less 2, and `[`, `]`
/// and the commas of longer lists are counted by [`Lists::size`].
fn prefix_sums(values: &[Spanned<String>]) -> Vec<usize> {
    std::iter::once(0)
        .chain(values.iter().scan(0, |sum, value| {
            *sum += quota::string_size(&value.value);
            Some(*sum)
        }))
        .collect()
}

/// A part of a statement: ranges of its actions and resources.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    actions: std::ops::Range<usize>,
    resources: std::ops::Range<usize>,
}

/// What sizes a part: its statement's size is `base` plus the size of each list, as JSON adds them
/// up, a list being one string alone or `[`, strings, commas, `]`.
struct Lists {
    action_sizes: Vec<usize>,
    resource_sizes: Vec<usize>,
    base: usize,
    has_resource: bool,
}

impl Lists {
    fn size(&self, part: &Part) -> usize {
        let list = |sums: &[usize], range: &std::ops::Range<usize>| {
            let strings = sums.get(range.end).copied().unwrap_or_default()
                - sums.get(range.start).copied().unwrap_or_default();
            if range.len() == 1 {
                strings
            } else {
                2 + strings + range.len().saturating_sub(1)
            }
        };
        let resources = if self.has_resource {
            list(&self.resource_sizes, &part.resources)
        } else {
            0
        };
        self.base + list(&self.action_sizes, &part.actions) + resources
    }

    fn halve(&self, part: Part, limit: usize, kept: &mut Vec<(Part, usize)>) {
        let size = self.size(&part);
        if document_size(std::iter::once(size)) <= limit {
            kept.push((part, size));
        } else if part.actions.len() > 1 {
            let middle = part.actions.start + part.actions.len() / 2;
            for actions in [part.actions.start..middle, middle..part.actions.end] {
                let half = Part {
                    actions,
                    resources: part.resources.clone(),
                };
                self.halve(half, limit, kept);
            }
        } else if part.resources.len() > 1 {
            let middle = part.resources.start + part.resources.len() / 2;
            for resources in [part.resources.start..middle, middle..part.resources.end] {
                let half = Part {
                    actions: part.actions.clone(),
                    resources,
                };
                self.halve(half, limit, kept);
            }
        } else {
            kept.push((part, size));
        }
    }
}

fn relist(mut values: Vec<Spanned<String>>) -> OneOrMany<Spanned<String>> {
    if values.len() == 1
        && let Some(value) = values.pop()
    {
        return OneOrMany::One(value);
    }
    OneOrMany::Many(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DENY_DELETE: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"dynamodb:DeleteBackup\", \"Resource\": \"*\"}}"#;

    #[test]
    fn pasted_boundary_is_the_boundary_as_pasted() {
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1, "principals": [{{"kind": "role", "name": "Ops",
                "pasted_boundary": {{"name": "Limit", "json": "{DENY_DELETE}"}}}}]}}"#
        ))
        .unwrap();
        let boundary = build(&spec).unwrap().principals[0]
            .boundary
            .clone()
            .unwrap();
        assert_eq!(boundary.name, "Limit");
        assert_eq!(boundary.document.statements().count(), 1);
        assert_eq!(boundary.quota, Quota::ManagedPolicy);
    }

    #[test]
    fn pasted_boundary_joins_the_built_boundary_as_one_policy() {
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1, "principals": [{{"kind": "role", "name": "Ops",
                "permission_boundary": {{"capabilities": ["backup.create"]}},
                "pasted_boundary": {{"name": "Limit", "json": "{DENY_DELETE}"}}}}]}}"#
        ))
        .unwrap();
        let boundary = build(&spec).unwrap().principals[0]
            .boundary
            .clone()
            .unwrap();
        assert_eq!(boundary.name, "Ops-boundary");
        let effects: Vec<Effect> = boundary
            .document
            .statements()
            .map(|statement| statement.effect.value)
            .collect();
        assert_eq!(effects, [Effect::Allow, Effect::Deny]);
        assert_eq!(
            boundary.size,
            quota::text_size(&boundary.document.to_json().to_string())
        );
    }

    #[test]
    fn more_managed_policies_than_iam_attaches_by_default_are_reported() {
        let spec_of = |tables: usize| {
            let names: Vec<String> = (0..tables)
                .map(|index| format!("\"orders-{index:03}\""))
                .collect();
            Spec::from_json(&format!(
                r#"{{"version": 1, "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1"],
                    "tables": {{"names": [{}]}}}},
                    "principals": [{{"kind": "role", "name": "Ops", "capabilities": ["backup.create",
                        "backup.view", "restore.backup", "pitr.view", "restore.pitr",
                        "guard.no-backup-delete"]}}]}}"#,
                names.join(", ")
            ))
            .unwrap()
        };
        let few = build(&spec_of(20)).unwrap();
        assert_eq!(few.principals[0].over_attachment_quota(), None);
        let many = build(&spec_of(100)).unwrap();
        let principal = &many.principals[0];
        let over = principal.over_attachment_quota().unwrap();
        assert_eq!(over.count, principal.identity_policies.len());
        assert!(over.count > quota::ATTACHED_MANAGED_POLICIES);
        assert_eq!(
            over.to_string(),
            format!(
                "role `Ops` needs {} managed policies, more than the 10 IAM attaches to one role \
                 unless the account's quota was raised",
                over.count
            )
        );
        // The same tables by prefix fit one policy.
        let prefixed = Spec::from_json(
            r#"{"version": 1, "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"],
                "tables": {"prefixes": ["orders-"]}},
                "principals": [{"kind": "role", "name": "Ops", "capabilities": ["backup.create",
                    "backup.view", "restore.backup", "pitr.view", "restore.pitr",
                    "guard.no-backup-delete"]}]}"#,
        )
        .unwrap();
        assert_eq!(
            build(&prefixed).unwrap().principals[0].over_attachment_quota(),
            None
        );
    }

    #[test]
    fn built_boundary_over_the_managed_policy_quota_does_not_build() {
        let boundary = |tables: &str| {
            Spec::from_json(&format!(
                r#"{{"version": 1,
                    "scope": {{"accounts": ["123456789012", "210987654321"],
                              "regions": ["us-east-1", "eu-west-1"], "tables": {tables},
                              "s3": {{"bucket": "orders-exports"}}}},
                    "principals": [{{"kind": "role", "name": "Ops", "capabilities": ["trust.aws-backup"],
                        "permission_boundary": {{"capabilities": ["export.s3", "import.s3", "awsbackup.restore"]}}}}]}}"#
            ))
            .unwrap()
        };
        let named = boundary(r#"{"names": ["Orders", "Invoices", "Customers", "Payments"]}"#);
        match build(&named) {
            Err(BuildError::BoundaryTooLarge {
                name, size, limit, ..
            }) => {
                assert_eq!(name, "Ops");
                assert_eq!(limit, Quota::ManagedPolicy.limit());
                assert!(size > limit, "{size}");
            }
            other => panic!("{other:?}"),
        }
        // The help's way out: a prefix instead of names.
        let prefixed = boundary(r#"{"prefixes": ["orders-"]}"#);
        let built = build(&prefixed).unwrap();
        let boundary = built.principals[0].boundary.as_ref().unwrap();
        assert!(
            boundary.size <= Quota::ManagedPolicy.limit(),
            "{}",
            boundary.size
        );
    }

    #[test]
    fn pasted_boundary_that_is_not_a_policy_does_not_build() {
        let spec = Spec::from_json(
            r#"{"version": 1, "principals": [{"kind": "role", "name": "Ops",
                "pasted_boundary": {"name": "Limit", "json": "{\"Version\": "}}]}"#,
        )
        .unwrap();
        let error = build(&spec).unwrap_err();
        assert!(
            matches!(&error, BuildError::PastedBoundaryNotPolicy { name, policy, .. } if name == "Ops" && policy == "Limit"),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("pasted boundary `Limit` of role `Ops` is not a policy: "),
            "{error}"
        );
    }

    #[test]
    fn boundary_on_group_does_not_build() {
        for boundary in [
            r#""permission_boundary": {"capabilities": ["backup.create"]}"#.to_owned(),
            format!(r#""pasted_boundary": {{"name": "Limit", "json": "{DENY_DELETE}"}}"#),
        ] {
            // A saved spec with one still loads; only building it fails, saying why.
            let spec = Spec::from_json(&format!(
                r#"{{"version": 1, "principals": [{{"kind": "group", "name": "Admins", {boundary}}}]}}"#
            ))
            .unwrap();
            let error = build(&spec).unwrap_err();
            assert_eq!(
                (error.to_string(), error.help()),
                (
                    "group `Admins` cannot have a permission boundary".to_owned(),
                    "IAM sets permission boundaries on users and roles only; remove the group's boundary, or set it on each member user"
                ),
                "{boundary}"
            );
        }
        let user = Spec::from_json(&format!(
            r#"{{"version": 1, "principals": [{{"kind": "user", "name": "ana",
                "pasted_boundary": {{"name": "Limit", "json": "{DENY_DELETE}"}}}}]}}"#
        ))
        .unwrap();
        assert!(build(&user).unwrap().principals[0].boundary.is_some());
    }

    #[test]
    fn scps_are_built_in_order_and_checked() {
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1, "scps": [{{"name": "Root", "json": "{DENY_DELETE}"}}, {{"name": "Prod", "json": "{DENY_DELETE}"}}]}}"#
        ))
        .unwrap();
        let names: Vec<String> = build(&spec)
            .unwrap()
            .scps
            .into_iter()
            .map(|scp| scp.name)
            .collect();
        assert_eq!(names, ["Root", "Prod"]);

        let spec =
            Spec::from_json(r#"{"version": 1, "scps": [{"name": "Root", "json": "[1, 2]"}]}"#)
                .unwrap();
        let error = build(&spec).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("SCP `Root` is not a policy: "),
            "{error}"
        );
    }

    /// Reuse shows by a mark left on the earlier build: a kept principal keeps it, one built again
    /// does not.
    #[test]
    fn build_reusing_builds_only_changed_principals() {
        let mut spec = Spec::from_json(
            r#"{"version": 1, "scope": {"tables": {"names": ["Orders"]}}, "principals": [
                {"kind": "role", "name": "Ops", "capabilities": ["backup.create"]},
                {"kind": "role", "name": "Audit", "capabilities": ["backup.view"]},
                {"kind": "user", "name": "ana", "capabilities": ["backup.view"], "scope": {"tables": {"names": ["Invoices"]}}}]}"#,
        )
        .unwrap();
        let mut marked = build(&spec).unwrap();
        for principal in &mut marked.principals {
            Arc::make_mut(principal).identity_policies[0]
                .name
                .push_str("-earlier");
        }
        let names = |built: &Built| -> Vec<String> {
            built
                .principals
                .iter()
                .map(|principal| principal.identity_policies[0].name.clone())
                .collect()
        };

        spec.principals[0]
            .capabilities
            .push(CapabilityId::BackupDelete);
        spec.principals.swap(1, 2);
        let ticked = build_reusing(&spec, Some(&marked)).unwrap();
        assert_eq!(
            names(&ticked),
            [
                "Ops-backstop",
                "ana-backstop-earlier",
                "Audit-backstop-earlier"
            ]
        );

        // The spec's scope changed: only the principal with a scope of its own is kept.
        spec.scope = spec.principals[1].scope.clone().unwrap();
        let rescoped = build_reusing(&spec, Some(&marked)).unwrap();
        assert_eq!(
            names(&rescoped),
            ["Ops-backstop", "ana-backstop-earlier", "Audit-backstop"]
        );
    }

    #[test]
    fn build_reusing_shares_unchanged_principals() {
        let mut spec = Spec::from_json(
            r#"{"version": 1, "scope": {"tables": {"names": ["Orders"]}}, "principals": [
                {"kind": "role", "name": "Ops", "capabilities": ["backup.create"]},
                {"kind": "role", "name": "Audit", "capabilities": ["backup.view"]}]}"#,
        )
        .unwrap();
        let before = build(&spec).unwrap();
        spec.principals[0]
            .capabilities
            .push(CapabilityId::BackupDelete);
        let after = build_reusing(&spec, Some(&before)).unwrap();
        assert!(!Arc::ptr_eq(&before.principals[0], &after.principals[0]));
        assert!(Arc::ptr_eq(&before.principals[1], &after.principals[1]));
        assert_eq!(after, build(&spec).unwrap());
    }

    /// `halve` as it was: every part made, by copying the statement, and sized by counting it.
    fn halve_by_copying(statement: Statement, limit: usize, parts: &mut Vec<(Statement, usize)>) {
        let size = quota::statement_size(&statement);
        if document_size(std::iter::once(size)) <= limit {
            parts.push((statement, size));
            return;
        }
        let actions: Vec<Spanned<String>> = statement.action.actions.iter().cloned().collect();
        let resources: Vec<Spanned<String>> = statement
            .resource
            .as_ref()
            .map(|clause| clause.resources.iter().cloned().collect())
            .unwrap_or_default();
        if actions.len() > 1 {
            let (first, second) = actions.split_at(actions.len() / 2);
            for half in [first, second] {
                let mut part = statement.clone();
                part.action.actions = relist(half.to_vec());
                halve_by_copying(part, limit, parts);
            }
        } else if resources.len() > 1 {
            let (first, second) = resources.split_at(resources.len() / 2);
            for half in [first, second] {
                let mut part = statement.clone();
                if let Some(clause) = part.resource.as_mut() {
                    clause.resources = relist(half.to_vec());
                }
                halve_by_copying(part, limit, parts);
            }
        } else {
            parts.push((statement, size));
        }
    }

    /// Every statement of a principal with every capability on 400 tables, split at several limits
    /// (the managed-policy quota and smaller ones, which split more), in parts equal to the old
    /// ones, `Sid`, sizes and order included.
    #[test]
    fn halve_equals_halving_by_copying_at_400_tables() {
        let names: Vec<String> = (0..400)
            .map(|index| format!("\"orders-{index:03}\""))
            .collect();
        let capabilities: Vec<String> = CapabilityId::ALL
            .iter()
            .map(|id| format!("\"{}\"", id.as_str()))
            .collect();
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1,
                "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1", "eu-west-1"],
                          "tables": {{"names": [{}]}}, "s3": {{"bucket": "orders-exports"}},
                          "kms_keys": ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}},
                "principals": [{{"kind": "role", "name": "Ops", "capabilities": [{}],
                                "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"]}}]}}"#,
            names.join(", "),
            capabilities.join(", ")
        ))
        .unwrap();
        let principal = &spec.principals[0];
        let resolver = Resolver::new(&spec.scope, principal);
        let all = statements(&resolver, &sorted(&principal.capabilities));
        assert!(all.len() > 5, "{}", all.len());
        for limit in [Quota::ManagedPolicy.limit(), 2_000, 300] {
            for statement in &all {
                let mut expected = Vec::new();
                halve_by_copying(statement.clone(), limit, &mut expected);
                let mut parts = Vec::new();
                halve(statement.clone(), limit, &mut parts);
                assert_eq!(parts, expected, "{limit}");
                // `Statement` equality ignores spans only; the printed text must be the same too.
                let printed = |parts: &[(Statement, usize)]| -> Vec<String> {
                    parts
                        .iter()
                        .map(|(part, _)| part.to_json().to_string())
                        .collect()
                };
                assert_eq!(printed(&parts), printed(&expected));
            }
        }
        // The 400 tables force splitting into several managed policies at the quota.
        assert!(split(all, "Ops-backstop").len() > 1);
    }

    #[test]
    fn empty_document_size_is_what_iam_counts() {
        assert_eq!(EMPTY_DOCUMENT_SIZE, quota::size(&document(Vec::new())));
    }

    #[test]
    fn document_size_adds_up_its_statements() {
        let spec = Spec::from_json(
            r#"{"version": 1,
                "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Orders"]},
                          "s3": {"bucket": "ddb-exports", "prefix": "orders/"}},
                "principals": [{"kind": "role", "name": "Mover", "external_id": "ops-2024",
                                "capabilities": ["export.s3", "backup.view", "guard.no-restore", "trust.account"],
                                "trusted_accounts": ["210987654321", "123456789012"],
                                "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"]}]}"#,
        )
        .unwrap();
        let built = build(&spec).unwrap();
        let principal = &built.principals[0];
        let policies: Vec<&BuiltPolicy> = principal
            .identity_policies
            .iter()
            .chain(&principal.trust_policy)
            .collect();
        assert_eq!(policies.len(), 2);
        for policy in policies {
            assert_eq!(
                policy.size,
                quota::text_size(&policy.document.to_json().to_string())
            );
        }
    }
}
