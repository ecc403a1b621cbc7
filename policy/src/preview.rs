//! The preview: for every principal and capability, whether the principal may do what the
//! capability names, decided by [`crate::eval`] over the policies the builder made.
//!
//! Each policy is printed and parsed back before it is evaluated, so the spans in every
//! [`Reason`](crate::eval::Reason) point into the text the page shows.
//!
//! ```
//! use policy::build::build;
//! use policy::capability::CapabilityId;
//! use policy::eval::Decision;
//! use policy::preview::preview;
//! use policy::spec::Spec;
//!
//! let spec = Spec::from_json(r#"{"version": 1, "principals": [
//!     {"kind": "role", "name": "Operator", "capabilities": ["backup.delete", "guard.no-backup-delete"]}]}"#).unwrap();
//! let preview = preview(&spec, &build(&spec).unwrap());
//! let row = &preview.rows[0];
//! assert_eq!(row.cell(CapabilityId::BackupCreate).unwrap().decision, Decision::ImplicitlyDenied);
//! assert_eq!(row.cell(CapabilityId::BackupDelete).unwrap().decision, Decision::ExplicitlyDenied);
//! ```
//!
//! A tick changes one principal, so [`preview_reusing`] keeps every earlier row whose inputs are
//! equal and evaluates only the others.
//!
//! A pasted policy (an inline policy, a boundary or an SCP) with an error-level finding is never in
//! force: AWS refuses to attach it. The preview leaves it out of every decision and says so in
//! [`Preview::left_out`], so a page can tell the administrator rather than show grants that cannot
//! happen.
//!
//! A user's identity policies are its own and every policy of each group it is in, built or
//! pasted, as in IAM. A group's pasted policy counts for its members under the name
//! `group/policy`, so an explanation says whose it is.

mod deciding;
mod left_out;

use std::sync::Arc;

use crate::arn::Arn;
use crate::build::{Built, BuiltPolicy, BuiltPrincipal, BuiltScp, DEFAULT_AWS_BACKUP_ROLE};
use crate::capability::{Audience, CapabilityId, CapabilityKind, Grant, GrantCondition, Target};
use crate::context::{Context, ContextValue};
use crate::document::Document;
use crate::eval::{
    ActionName, CompiledPolicy, CompiledPolicySet, Decision, Evaluation, NamedPolicy, Request,
    RequestResource,
};
use crate::lint::PolicyKind;
use crate::scope::{RestoreTargets, TableSelection};
use crate::spec::{ExtraPolicy, IdentityKind, PrincipalSpec, Scope, Spec};

pub use deciding::{Change, Deciding, Source};
pub use left_out::{Attachment, LeftOut};
use left_out::{PastedScps, errors, pasted_inline};

/// The account and region requests are made in when the scope leaves them open.
const SAMPLE_ACCOUNT: &str = "123456789012";
const SAMPLE_REGION: &str = "us-east-1";

/// The whole matrix: one row per principal, in the spec's order. Rows are shared, so a preview
/// made from an earlier one holds the unchanged rows without copying them.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub rows: Vec<Arc<PreviewRow>>,
    scps: Arc<PastedScps>,
}

impl Preview {
    /// Every pasted policy left out of the decisions: each principal's, in the spec's order, then
    /// the SCPs'.
    pub fn left_out(&self) -> impl Iterator<Item = &LeftOut> {
        self.rows
            .iter()
            .flat_map(|row| row.left_out.iter())
            .chain(&self.scps.left_out)
    }
}

/// One principal's decisions, one cell per capability that a principal exercises (not trust).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRow {
    pub kind: IdentityKind,
    pub name: String,
    /// The ARN the requests are made as; for a group, a user that belongs to it only.
    pub principal: String,
    pub cells: Vec<PreviewCell>,
    /// The principal's pasted policies that no cell counts: its inline policies and boundary with
    /// error-level findings.
    pub left_out: Vec<LeftOut>,
    /// For a user, the pasted policies of its groups that no cell counts, as each group's own row
    /// reports them; [`Preview::left_out`] lists each once, with the group's row.
    pub groups_left_out: Vec<LeftOut>,
    inputs: RowInputs,
    compiled: CompiledOwn,
}

/// The principal's own built policies as compiled for its row, in the order of
/// `inputs.own.identity_policies`, and its boundary: kept so that the next row of the principal
/// compiles again only the policies an edit changed, the costly part of a tick when a principal
/// has many.
#[derive(Debug, Clone, Default)]
struct CompiledOwn {
    identity: Vec<CompiledPolicy>,
    boundary: Option<CompiledPolicy>,
}

/// What was compiled follows from `inputs.own`, which rows compare.
impl PartialEq for CompiledOwn {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for CompiledOwn {}

impl CompiledOwn {
    /// `policy` compiled as it was for the principal's earlier row, when among `earlier`'s built
    /// policies (`built`, compiled as `compiled`, in the same order) one has its name and
    /// document, wherever it was in the list; else compiled from its printed text.
    fn reuse_or_compile(
        (built, compiled): (&[BuiltPolicy], &[CompiledPolicy]),
        position: usize,
        policy: &BuiltPolicy,
    ) -> CompiledPolicy {
        let same =
            |built: &BuiltPolicy| built.name == policy.name && built.document == policy.document;
        let at = if built.get(position).is_some_and(same) {
            Some(position)
        } else {
            built.iter().position(same)
        };
        at.and_then(|at| compiled.get(at))
            .cloned()
            .unwrap_or_else(|| compile_printed(&policy.name, &policy.document))
    }
}

/// A document compiled as the page prints it, so that spans index into that text.
fn compile_printed(name: &str, document: &Document) -> CompiledPolicy {
    let (_, spans) = document.to_pretty_string_with_statement_spans();
    CompiledPolicy::with_statement_spans(name, document, &spans)
}

/// Everything a row is computed from. Built documents carry no spans and equal documents print
/// the same text, so equal inputs give an equal row, spans included.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RowInputs {
    principal: PrincipalSpec,
    scope: Scope,
    own: Arc<BuiltPrincipal>,
    /// For a user, each group it is in, in the spec's order: its built policies and its pasted
    /// ones, which count for its members too.
    groups: Vec<(Arc<BuiltPrincipal>, Vec<ExtraPolicy>)>,
    /// The SCPs, which apply to every principal.
    scps: Vec<BuiltScp>,
    /// Which SCPs are in force: text with an error can read as the same document as text without.
    scps_in_force: Vec<bool>,
}

impl RowInputs {
    fn matches(
        &self,
        principal: &PrincipalSpec,
        scope: &Scope,
        own: &Arc<BuiltPrincipal>,
        (spec, built, scps): (&Spec, &Built, &PastedScps),
    ) -> bool {
        self.principal == *principal
            && self.scope == *scope
            && self.own == *own
            && self
                .groups
                .iter()
                .map(|(built, pasted)| (built, pasted.as_slice()))
                .eq(groups(spec, principal, built)
                    .map(|(group, built)| (built, group.extra_policies.as_slice())))
            && self.scps == built.scps
            && self.scps_in_force == scps.in_force
    }
}

impl PreviewRow {
    pub fn cell(&self, capability: CapabilityId) -> Option<&PreviewCell> {
        self.cells.iter().find(|cell| cell.capability == capability)
    }
}

/// Whether a principal may do a capability's own actions (not its companions); for the role AWS
/// Backup assumes, which has no own actions of AWS Backup capabilities, the grants meant for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewCell {
    pub capability: CapabilityId,
    /// Explicitly denied if any check is, allowed if every check is, implicitly denied otherwise.
    pub decision: Decision,
    pub checks: Vec<Check>,
}

/// One request and the evaluator's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub action: &'static str,
    /// Shared by the checks of every action asked of it.
    pub resource: Arc<str>,
    pub evaluation: Evaluation,
}

/// The sample resources of each target on the tables a row asks about (the first table stands
/// for targets about no table), each with its parsed form: made once per row, as most
/// capabilities ask about the same targets.
struct Samples<'t> {
    tables: &'t [String],
    made: Vec<(Target, Vec<Sample>)>,
}

/// A resource as the preview shows it, and as a request names it when it parses.
type Sample = (Arc<str>, Option<RequestResource>);

impl<'t> Samples<'t> {
    fn on(tables: &'t [String]) -> Self {
        Self {
            tables,
            made: Vec::new(),
        }
    }

    fn of(&mut self, target: Target, scope: &Scope, principal: &PrincipalSpec) -> &[Sample] {
        let at = match self.made.iter().position(|(made, _)| *made == target) {
            Some(at) => at,
            None => {
                let make = |table: &str| {
                    let resource = sample(target, scope, principal, table);
                    let parsed = RequestResource::parse(&resource).ok();
                    (Arc::from(resource), parsed)
                };
                let resources = if names_tables(target) {
                    self.tables.iter().map(|table| make(table)).collect()
                } else {
                    vec![make(self.tables.first().map_or("Orders", String::as_str))]
                };
                self.made.push((target, resources));
                self.made.len() - 1
            }
        };
        self.made
            .get(at)
            .map_or(&[][..], |(_, resources)| resources.as_slice())
    }
}

/// The capabilities that have a column: every one but trust, which no request exercises.
pub fn columns() -> impl Iterator<Item = CapabilityId> {
    CapabilityId::ALL
        .into_iter()
        .filter(|id| id.capability().kind != CapabilityKind::Trust)
}

/// Evaluates every principal against every column capability.
pub fn preview(spec: &Spec, built: &Built) -> Preview {
    preview_reusing(spec, built, None)
}

/// The same as [`preview`], taking from `previous` every row whose principal, scope, built
/// and pasted policies (its own and its groups') and SCPs are unchanged, wherever that row was.
pub fn preview_reusing(spec: &Spec, built: &Built, previous: Option<&Preview>) -> Preview {
    let earlier = previous.map_or(&[][..], |previous| previous.rows.as_slice());
    let scps = previous
        .map(|previous| &previous.scps)
        .filter(|scps| scps.pasted == spec.scps)
        .map_or_else(|| Arc::new(PastedScps::new(&spec.scps)), Arc::clone);
    let rows = spec
        .principals
        .iter()
        .zip(&built.principals)
        .enumerate()
        .map(|(index, (principal, own))| {
            let scope = principal.effective_scope(spec);
            let reusable = |row: &&Arc<PreviewRow>| {
                row.inputs
                    .matches(principal, scope, own, (spec, built, &scps))
            };
            // The row at the same place first: edits rarely move principals.
            earlier
                .get(index)
                .filter(reusable)
                .or_else(|| earlier.iter().find(reusable))
                .map_or_else(
                    || {
                        // The principal's earlier row, whose compiled policies an edit mostly
                        // leaves as they were.
                        let same_principal = |row: &&Arc<PreviewRow>| {
                            row.kind == principal.kind && row.name == principal.name.as_str()
                        };
                        let earlier_row = earlier
                            .get(index)
                            .filter(same_principal)
                            .or_else(|| earlier.iter().find(same_principal));
                        Arc::new(row(
                            spec,
                            principal,
                            own,
                            (built, &scps),
                            earlier_row.map(|row| &**row),
                        ))
                    },
                    Arc::clone,
                )
        })
        .collect();
    Preview { rows, scps }
}

/// The row of the principal at `index`, or `None` past the end.
pub fn preview_row(spec: &Spec, index: usize, built: &Built) -> Option<PreviewRow> {
    let principal = spec.principals.get(index)?;
    let own = built.principals.get(index)?;
    Some(row(
        spec,
        principal,
        own,
        (built, &PastedScps::new(&spec.scps)),
        None,
    ))
}

/// The groups a user is in, each with its built policies; nothing for other kinds.
fn groups<'a>(
    spec: &'a Spec,
    principal: &'a PrincipalSpec,
    built: &'a Built,
) -> impl Iterator<Item = (&'a PrincipalSpec, &'a Arc<BuiltPrincipal>)> {
    spec.principals
        .iter()
        .zip(&built.principals)
        .filter(move |(group, _)| {
            principal.kind == IdentityKind::User
                && group.kind == IdentityKind::Group
                && principal.groups.contains(&group.name)
        })
}

/// What every cell of a principal's row shares: who asks, in which scope, under which policies.
struct Asker<'a> {
    principal: &'a PrincipalSpec,
    scope: &'a Scope,
    principal_arn: Arn,
    policies: CompiledPolicySet,
    /// The pasted policies that `policies` leaves out.
    left_out: LeftOutOf,
    /// The principal's own policies within `policies`, for the next row to reuse.
    compiled_own: CompiledOwn,
    assumed_by_aws_backup: bool,
}

impl<'a> Asker<'a> {
    fn new(
        spec: &'a Spec,
        principal: &'a PrincipalSpec,
        own: &BuiltPrincipal,
        (built, scps): (&Built, &PastedScps),
        earlier: Option<&PreviewRow>,
    ) -> Self {
        let scope = principal.effective_scope(spec);
        let account = scope
            .accounts
            .first()
            .map_or(SAMPLE_ACCOUNT, |account| account.as_str());
        let partition = scope.partition.as_str();
        let principal_arn = match principal.kind {
            IdentityKind::Role | IdentityKind::ServiceRole => format!("role/{}", principal.name),
            IdentityKind::User => format!("user/{}", principal.name),
            IdentityKind::Group => format!("user/member-of-{}", principal.name),
        };
        let (policies, left_out, compiled_own) =
            compiled(spec, principal, own, (built, scps), earlier);
        Self {
            principal,
            scope,
            principal_arn: Arn::new(partition, "iam", "", account, &principal_arn),
            policies,
            left_out,
            compiled_own,
            assumed_by_aws_backup: principal.kind == IdentityKind::ServiceRole
                || principal
                    .capabilities
                    .contains(&CapabilityId::TrustAwsBackup),
        }
    }

    /// The principal at `index` asking on its own, as a drill-down does: no earlier row to reuse.
    fn at(spec: &'a Spec, index: usize, built: &Built) -> Option<Self> {
        let principal = spec.principals.get(index)?;
        let own = built.principals.get(index)?;
        Some(Self::new(
            spec,
            principal,
            own,
            (built, &PastedScps::new(&spec.scps)),
            None,
        ))
    }

    /// The capability's requests on the tables of `samples` (the first stands for targets about
    /// no table).
    fn cell(&self, capability: CapabilityId, samples: &mut Samples<'_>) -> PreviewCell {
        let principal = self.principal;
        let applies = |grant: &&Grant| match grant.audience {
            Audience::Everyone => true,
            Audience::Caller => principal.kind != IdentityKind::ServiceRole,
            Audience::AwsBackupRole => self.assumed_by_aws_backup,
        };
        let grants = capability.capability().grants;
        // A capability's own actions, or for the role AWS Backup assumes (whose share is
        // all companions) what it needs for AWS Backup's part.
        let own: Vec<&Grant> = grants
            .iter()
            .filter(applies)
            .filter(|grant| grant.companion.is_none())
            .collect();
        let chosen = if own.is_empty() {
            grants.iter().filter(applies).collect()
        } else {
            own
        };
        let mut checks = Vec::new();
        for grant in chosen {
            let target = grant.targets.first().copied().unwrap_or(Target::Any);
            let resources = samples.of(target, self.scope, principal);
            let mut context = Context::new();
            match grant.condition {
                GrantCondition::None => {}
                GrantCondition::PassedToAwsBackup => context.insert(
                    "iam:PassedToService",
                    ContextValue::from(crate::build::AWS_BACKUP_SERVICE),
                ),
                GrantCondition::GrantIsForAwsResource => {
                    context.insert("kms:GrantIsForAWSResource", ContextValue::Bool(true));
                }
            }
            checks.reserve(grant.actions.len() * resources.len());
            for action in grant.actions {
                let Ok(action_name) = ActionName::parse(action) else {
                    // The capability table only names well-formed actions.
                    checks.extend(resources.iter().map(|(resource, _)| Check {
                        action,
                        resource: resource.clone(),
                        evaluation: not_asked(),
                    }));
                    continue;
                };
                // Most policies say nothing of one action: asked of every table, only the
                // statements that do are looked at, by one request moved from table to table.
                let policies = self.policies.for_action(&action_name);
                let mut request: Option<Request> = None;
                for (resource, parsed) in resources {
                    let evaluation = match parsed {
                        Some(parsed) => {
                            let request = match &mut request {
                                Some(request) => {
                                    request.set_resource(parsed);
                                    request
                                }
                                None => request.insert(Request::new(
                                    self.principal_arn.clone(),
                                    action_name.clone(),
                                    parsed.clone(),
                                    None,
                                    context.clone(),
                                )),
                            };
                            policies.evaluate(request)
                        }
                        None => not_asked(),
                    };
                    checks.push(Check {
                        action,
                        resource: resource.clone(),
                        evaluation,
                    });
                }
            }
        }
        PreviewCell {
            capability,
            decision: combine(&checks),
            checks,
        }
    }
}

fn row(
    spec: &Spec,
    principal: &PrincipalSpec,
    own: &Arc<BuiltPrincipal>,
    (built, scps): (&Built, &PastedScps),
    earlier: Option<&PreviewRow>,
) -> PreviewRow {
    let mut asker = Asker::new(spec, principal, own, (built, scps), earlier);
    let left_out = std::mem::take(&mut asker.left_out);
    let tables = sample_tables(asker.scope);
    let mut samples = Samples::on(&tables);
    let cells = columns()
        .map(|capability| asker.cell(capability, &mut samples))
        .collect();
    PreviewRow {
        kind: principal.kind,
        name: principal.name.to_string(),
        principal: asker.principal_arn.as_str().to_owned(),
        cells,
        left_out: left_out.own,
        groups_left_out: left_out.groups,
        inputs: RowInputs {
            principal: principal.clone(),
            scope: asker.scope.clone(),
            own: Arc::clone(own),
            groups: groups(spec, principal, built)
                .map(|(group, built)| (Arc::clone(built), group.extra_policies.clone()))
                .collect(),
            scps: built.scps.clone(),
            scps_in_force: scps.in_force.clone(),
        },
        compiled: asker.compiled_own,
    }
}

/// One principal's decisions table by table: the drill-down of a preview row.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePreview {
    /// The sample tables of the principal's scope, one per name or prefix (see the columns).
    pub tables: Vec<String>,
    /// One row per column capability, one cell per table, in the order of `tables`.
    pub rows: Vec<(CapabilityId, Vec<PreviewCell>)>,
}

/// The capabilities × tables matrix of the principal at `index`, or `None` past the end.
pub fn preview_tables(spec: &Spec, index: usize, built: &Built) -> Option<TablePreview> {
    let asker = Asker::at(spec, index, built)?;
    let tables = sample_tables(asker.scope);
    let mut samples: Vec<Samples<'_>> = tables
        .iter()
        .map(|table| Samples::on(std::slice::from_ref(table)))
        .collect();
    let rows = columns()
        .map(|capability| {
            let cells = samples
                .iter_mut()
                .map(|samples| asker.cell(capability, samples))
                .collect();
            (capability, cells)
        })
        .collect();
    Some(TablePreview { tables, rows })
}

/// One principal's decisions action by action on its first sample table: the other drill-down of
/// a preview row.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPreview {
    /// The sample table the actions about tables are asked on.
    pub table: String,
    /// One row per column capability: one check per action the preview cell asks about, whose
    /// resource is `*` for actions that name no resource.
    pub rows: Vec<(CapabilityId, Vec<Check>)>,
}

/// The capabilities × actions list of the principal at `index`, or `None` past the end.
pub fn preview_actions(spec: &Spec, index: usize, built: &Built) -> Option<ActionPreview> {
    let asker = Asker::at(spec, index, built)?;
    let mut tables = sample_tables(asker.scope);
    // On one table every action is asked exactly once.
    tables.truncate(1);
    let mut samples = Samples::on(&tables);
    let rows = columns()
        .map(|capability| (capability, asker.cell(capability, &mut samples).checks))
        .collect();
    let table = tables.pop().unwrap_or_default();
    Some(ActionPreview { table, rows })
}

/// The pasted policies a principal's decisions leave out: its own, and for a user its groups'.
#[derive(Default)]
struct LeftOutOf {
    own: Vec<LeftOut>,
    groups: Vec<LeftOut>,
}

/// The principal's identity policies and, for a user, every policy of its groups, built or
/// pasted; its boundary; the SCPs, each its own level, whose spans index into the pasted text as
/// the extra policies' do. Pasted policies with errors are left out, and returned with their
/// errors.
fn compiled(
    spec: &Spec,
    principal: &PrincipalSpec,
    own: &BuiltPrincipal,
    (built, scps): (&Built, &PastedScps),
    earlier: Option<&PreviewRow>,
) -> (CompiledPolicySet, LeftOutOf, CompiledOwn) {
    let earlier_identity = earlier.map_or((&[][..], &[][..]), |row| {
        (
            row.inputs.own.identity_policies.as_slice(),
            row.compiled.identity.as_slice(),
        )
    });
    let earlier_boundary = earlier.map_or((&[][..], &[][..]), |row| {
        (
            row.inputs.own.boundary.as_slice(),
            row.compiled.boundary.as_slice(),
        )
    });
    let compiled_own = CompiledOwn {
        identity: own
            .identity_policies
            .iter()
            .enumerate()
            .map(|(position, policy)| {
                CompiledOwn::reuse_or_compile(earlier_identity, position, policy)
            })
            .collect(),
        boundary: own
            .boundary
            .as_ref()
            .map(|policy| CompiledOwn::reuse_or_compile(earlier_boundary, 0, policy)),
    };
    let compile = |policy: NamedPolicy| CompiledPolicy::new(&policy.name, &policy.document);
    let mut left_out = Vec::new();
    let mut identity = compiled_own.identity.clone();
    let mut pasted = Vec::new();
    pasted_inline(
        principal,
        |extra| extra.name.clone(),
        &mut pasted,
        &mut left_out,
    );
    identity.extend(pasted.drain(..).map(compile));
    let mut groups_left_out = Vec::new();
    for (group, group_built) in groups(spec, principal, built) {
        identity.extend(
            group_built
                .identity_policies
                .iter()
                .map(|policy| compile_printed(&policy.name, &policy.document)),
        );
        // Named after the group too: a member's own pasted policy may share the name.
        pasted_inline(
            group,
            |extra| format!("{}/{}", group.name, extra.name),
            &mut pasted,
            &mut groups_left_out,
        );
        identity.extend(pasted.drain(..).map(compile));
    }
    let pasted_boundary_errors = principal
        .pasted_boundary
        .as_ref()
        .map(|pasted| (pasted, errors(&pasted.json, PolicyKind::Boundary)))
        .filter(|(_, errors)| !errors.is_empty());
    let boundary = match pasted_boundary_errors {
        None => compiled_own.boundary.iter().cloned().collect(),
        Some((pasted, errors)) => {
            left_out.push(LeftOut {
                policy: pasted.name.clone(),
                attachment: Attachment::Boundary {
                    kind: principal.kind,
                    principal: principal.name.to_string(),
                    // A boundary built from capabilities holds the pasted statements too.
                    merged_into: principal
                        .permission_boundary
                        .is_some()
                        .then(|| own.boundary.as_ref().map(|policy| policy.name.clone()))
                        .flatten(),
                },
                errors,
            });
            Vec::new()
        }
    };
    let scps = built
        .scps
        .iter()
        .zip(&scps.in_force)
        .filter(|(_, in_force)| **in_force)
        .map(|(scp, _)| vec![CompiledPolicy::new(&scp.name, &scp.document)])
        .collect();
    let policies = CompiledPolicySet {
        identity,
        boundary,
        scps,
        ..CompiledPolicySet::default()
    };
    (
        policies,
        LeftOutOf {
            own: left_out,
            groups: groups_left_out,
        },
        compiled_own,
    )
}

/// The answer to a request the preview could not make: the samples below only make well-formed
/// ones.
fn not_asked() -> Evaluation {
    Evaluation {
        decision: Decision::ImplicitlyDenied,
        reasons: Vec::new(),
        missing_context: Vec::new(),
    }
}

/// Explicitly denied if any check is, allowed if every check is, implicitly denied otherwise.
pub fn combine(checks: &[Check]) -> Decision {
    let decisions = || checks.iter().map(|check| check.evaluation.decision);
    if decisions().any(|decision| decision == Decision::ExplicitlyDenied) {
        Decision::ExplicitlyDenied
    } else if checks.is_empty() || decisions().any(|decision| decision != Decision::Allowed) {
        Decision::ImplicitlyDenied
    } else {
        Decision::Allowed
    }
}

/// One table per name or prefix of the scope (a prefix gets `sample` appended); `Orders` for all.
fn sample_tables(scope: &Scope) -> Vec<String> {
    let tables: Vec<String> = match &scope.tables {
        TableSelection::All => Vec::new(),
        TableSelection::Names(names) => names.iter().map(|name| name.as_str().to_owned()).collect(),
        TableSelection::Prefixes(prefixes) => prefixes
            .iter()
            .map(|prefix| format!("{prefix}sample"))
            .collect(),
    };
    if tables.is_empty() {
        vec!["Orders".to_owned()]
    } else {
        tables
    }
}

/// Whether a target's resources follow the chosen tables.
fn names_tables(target: Target) -> bool {
    matches!(
        target,
        Target::Tables
            | Target::AllTables
            | Target::Backups
            | Target::RestoreTargets
            | Target::Exports
            | Target::Imports
    )
}

/// A concrete resource of a target's kind inside the scope for one table, as a request would name it.
fn sample(target: Target, scope: &Scope, principal: &PrincipalSpec, table: &str) -> String {
    let partition = scope.partition.as_str();
    let account = scope
        .accounts
        .first()
        .map_or(SAMPLE_ACCOUNT, |account| account.as_str());
    let region = scope
        .regions
        .first()
        .map_or(SAMPLE_REGION, |region| region.as_str());
    let restore_target = match &scope.restore_targets {
        RestoreTargets::Same => table.to_owned(),
        RestoreTargets::Pattern(pattern) => {
            pattern.as_str().replace('*', "sample").replace('?', "x")
        }
    };
    let dynamodb =
        |resource: String| format!("arn:{partition}:dynamodb:{region}:{account}:{resource}");
    let regional = |service: &str, resource: &str| {
        format!("arn:{partition}:{service}:{region}:{account}:{resource}")
    };
    match target {
        Target::Any => "*".to_owned(),
        Target::Tables | Target::AllTables => dynamodb(format!("table/{table}")),
        Target::Backups => dynamodb(format!("table/{table}/backup/01700000000000-0a1b2c3d")),
        Target::RestoreTargets => dynamodb(format!("table/{restore_target}")),
        Target::Exports => dynamodb(format!("table/{table}/export/01700000000000-0a1b2c3d")),
        Target::Imports => dynamodb(format!(
            "table/{restore_target}/import/01700000000000-0a1b2c3d"
        )),
        Target::S3Objects => match &scope.s3 {
            Some(location) => location
                .objects_arn(scope.partition)
                .replace('*', "sample.json"),
            None => format!("arn:{partition}:s3:::sample-bucket/sample.json"),
        },
        Target::S3Bucket => match &scope.s3 {
            Some(location) => location.bucket_arn(scope.partition),
            None => format!("arn:{partition}:s3:::sample-bucket"),
        },
        Target::KmsKeys => scope.kms_keys.first().map_or_else(
            || regional("kms", "key/00000000-0000-0000-0000-000000000000"),
            |key| key.as_str().to_owned(),
        ),
        Target::BackupVaults => regional("backup", "backup-vault:Default"),
        Target::BackupPlans => regional("backup", "backup-plan:sample"),
        Target::RecoveryPoints => regional("backup", "recovery-point:sample"),
        Target::AwsBackupRole => {
            let role = principal
                .aws_backup_role
                .as_ref()
                .map_or(DEFAULT_AWS_BACKUP_ROLE, |role| role.as_str());
            format!("arn:{partition}:iam::{account}:role/{role}")
        }
        Target::DynamoDbLogGroups => regional("logs", "log-group:/aws-dynamodb/imports/sample"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::build;
    use crate::eval::{Layer, ReasonKind};
    use crate::scope::IamName;

    #[track_caller]
    fn check_decisions(spec: &str, expected: &[(&str, CapabilityId, Decision)]) {
        check_spec_decisions(&Spec::from_json(spec).unwrap(), expected);
    }

    #[track_caller]
    fn check_spec_decisions(spec: &Spec, expected: &[(&str, CapabilityId, Decision)]) {
        let preview = preview(spec, &build(spec).unwrap());
        for (name, capability, decision) in expected {
            let row = preview.rows.iter().find(|row| row.name == *name).unwrap();
            let cell = row.cell(*capability).unwrap();
            assert_eq!(
                cell.decision, *decision,
                "{name} {capability}: {:?}",
                cell.checks
            );
        }
    }

    #[test]
    fn preview_allows_what_is_ticked_and_nothing_else() {
        check_decisions(
            r#"{"version": 1, "scope": {"tables": {"names": ["Orders"]}}, "principals": [
                {"kind": "role", "name": "Ops", "capabilities": ["backup.create", "restore.backup"]}]}"#,
            &[
                ("Ops", CapabilityId::BackupCreate, Decision::Allowed),
                ("Ops", CapabilityId::RestoreBackup, Decision::Allowed),
                (
                    "Ops",
                    CapabilityId::BackupDelete,
                    Decision::ImplicitlyDenied,
                ),
            ],
        );
    }

    #[test]
    fn preview_applies_a_groups_guardrail_to_its_members() {
        check_decisions(
            r#"{"version": 1, "principals": [
                {"kind": "group", "name": "Everyone", "capabilities": ["guard.no-backup-delete"]},
                {"kind": "user", "name": "ana", "capabilities": ["backup.delete"], "groups": ["Everyone"]},
                {"kind": "user", "name": "bo", "capabilities": ["backup.delete"]}]}"#,
            &[
                (
                    "ana",
                    CapabilityId::BackupDelete,
                    Decision::ExplicitlyDenied,
                ),
                ("bo", CapabilityId::BackupDelete, Decision::Allowed),
                (
                    "Everyone",
                    CapabilityId::BackupDelete,
                    Decision::ExplicitlyDenied,
                ),
            ],
        );
    }

    #[test]
    fn preview_reasons_point_into_the_printed_text() {
        let spec = Spec::from_json(
            r#"{"version": 1, "principals": [{"kind": "role", "name": "Ops", "capabilities": ["backup.create"]}]}"#,
        )
        .unwrap();
        let built = build(&spec).unwrap();
        let preview = preview(&spec, &built);
        let cell = preview.rows[0].cell(CapabilityId::BackupCreate).unwrap();
        let reason = &cell.checks[0].evaluation.reasons[0];
        let printed = built.principals[0].identity_policies[0]
            .document
            .to_pretty_string();
        let span = reason.span.unwrap();
        let statement = printed.get(span.start..span.end).unwrap();
        assert!(
            statement.starts_with('{') && statement.contains("\"CreateOnDemandBackups\""),
            "{statement}"
        );
        assert_eq!(reason.policy.as_deref(), Some("Ops-backstop"));
    }

    #[test]
    fn preview_checks_a_service_roles_share_of_aws_backup() {
        check_decisions(
            r#"{"version": 1, "principals": [
                {"kind": "service-role", "name": "Vault", "capabilities": ["awsbackup.backup", "trust.aws-backup"]},
                {"kind": "service-role", "name": "Empty", "capabilities": ["trust.aws-backup"]}]}"#,
            &[
                ("Vault", CapabilityId::AwsBackupBackup, Decision::Allowed),
                (
                    "Empty",
                    CapabilityId::AwsBackupBackup,
                    Decision::ImplicitlyDenied,
                ),
            ],
        );
    }

    #[test]
    fn preview_checks_every_chosen_table() {
        let spec = Spec::from_json(
            r#"{"version": 1, "scope": {"tables": {"names": ["Orders", "Invoices"]}}, "principals": [
                {"kind": "role", "name": "Ops", "capabilities": ["backup.create"]}]}"#,
        )
        .unwrap();
        let preview = preview(&spec, &build(&spec).unwrap());
        let cell = preview.rows[0].cell(CapabilityId::BackupCreate).unwrap();
        let resources: Vec<&str> = cell.checks.iter().map(|check| &*check.resource).collect();
        assert_eq!(
            resources,
            [
                "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
                "arn:aws:dynamodb:us-east-1:123456789012:table/Invoices"
            ]
        );
        assert_eq!(cell.decision, Decision::Allowed);
    }

    /// A check's principal, request and decision, and where its reasons point.
    type Positioned = (String, String, Vec<Option<(usize, usize)>>);

    /// Every decision with the positions of its reasons, which `Span` equality ignores.
    fn decisions_and_spans(preview: &Preview) -> Vec<Positioned> {
        preview
            .rows
            .iter()
            .flat_map(|row| {
                row.cells
                    .iter()
                    .flat_map(|cell| cell.checks.iter())
                    .map(|check| {
                        (
                            row.name.clone(),
                            format!(
                                "{} {} {:?}",
                                check.action, check.resource, check.evaluation.decision
                            ),
                            check
                                .evaluation
                                .reasons
                                .iter()
                                .map(|reason| reason.span.map(|span| (span.start, span.end)))
                                .collect(),
                        )
                    })
            })
            .collect()
    }

    /// One edit of the page: tick or untick, join or leave the group, change or clear a
    /// principal's scope, move a principal, change the shared scope, change the group's pasted
    /// policy.
    fn apply(spec: &mut Spec, (edit, principal, choice): (u8, usize, usize)) {
        use crate::scope::TableName;
        let count = spec.principals.len();
        let ids: Vec<CapabilityId> = CapabilityId::ALL.to_vec();
        let Some(target) = spec.principals.get_mut(principal % count) else {
            return;
        };
        match edit % 6 {
            0 => {
                let id = ids[choice % ids.len()];
                if target.capabilities.contains(&id) {
                    target.capabilities.retain(|ticked| *ticked != id);
                } else if target.kind.is_role() || id.capability().kind != CapabilityKind::Trust {
                    target.capabilities.push(id);
                }
            }
            1 if target.kind == IdentityKind::User => {
                let group = IamName::new("Everyone").unwrap();
                if target.groups.is_empty() {
                    target.groups.push(group);
                } else {
                    target.groups.clear();
                }
            }
            2 => {
                target.scope = (choice % 2 == 0).then(|| Scope {
                    tables: TableSelection::Names(vec![TableName::new("Invoices").unwrap()]),
                    ..Scope::default()
                });
            }
            3 => spec.principals.swap(principal % count, choice % count),
            4 => {
                // None, or one of three texts of the same size, which the group's built policies
                // cannot tell apart: the last has an error.
                let pasted = [
                    None,
                    Some(ALLOW_CREATE_TEXT.to_owned()),
                    Some(ALLOW_CREATE_TEXT.replace("Create", "Delete")),
                    Some(ALLOW_CREATE_TEXT.replace("Version", "Versiom")),
                ];
                let group = spec
                    .principals
                    .iter_mut()
                    .find(|principal| principal.kind == IdentityKind::Group);
                if let Some(group) = group {
                    group.extra_policies = pasted[choice % pasted.len()]
                        .iter()
                        .map(|json| ExtraPolicy {
                            name: "CreateAnywhere".to_owned(),
                            json: json.clone(),
                        })
                        .collect();
                }
            }
            _ => {
                let names = ["Orders", "Invoices", "Payments"];
                spec.scope.tables = TableSelection::Names(
                    names
                        .iter()
                        .take(choice % names.len() + 1)
                        .map(|name| TableName::new(*name).unwrap())
                        .collect(),
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn preview_reusing_equals_preview_after_edits(
            edits in proptest::collection::vec((0u8..6, 0usize..8, 0usize..32), 1..12)
        ) {
            let mut spec = Spec::from_json(
                r#"{"version": 1, "principals": [
                    {"kind": "group", "name": "Everyone", "capabilities": ["guard.no-backup-delete"]},
                    {"kind": "user", "name": "ana", "capabilities": ["backup.delete"], "groups": ["Everyone"]},
                    {"kind": "role", "name": "Ops", "capabilities": ["backup.create", "restore.backup"]},
                    {"kind": "service-role", "name": "Vault", "capabilities": ["awsbackup.backup", "trust.aws-backup"]}]}"#,
            )
            .unwrap();
            let mut previous = preview(&spec, &build(&spec).unwrap());
            for edit in edits {
                apply(&mut spec, edit);
                let Ok(built) = build(&spec) else { continue };
                let reused = preview_reusing(&spec, &built, Some(&previous));
                let full = preview(&spec, &built);
                proptest::prop_assert_eq!(&reused, &full);
                proptest::prop_assert_eq!(decisions_and_spans(&reused), decisions_and_spans(&full));
                previous = reused;
            }
        }
    }

    #[test]
    fn preview_reusing_recomputes_only_the_changed_row() {
        let mut spec = Spec::from_json(
            r#"{"version": 1, "principals": [
                {"kind": "role", "name": "Ops", "capabilities": ["backup.create"]},
                {"kind": "role", "name": "Audit", "capabilities": ["backup.view"]}]}"#,
        )
        .unwrap();
        let before = preview(&spec, &build(&spec).unwrap());
        spec.principals[0]
            .capabilities
            .push(CapabilityId::BackupDelete);
        let after = preview_reusing(&spec, &build(&spec).unwrap(), Some(&before));
        assert!(!Arc::ptr_eq(&before.rows[0], &after.rows[0]));
        assert!(Arc::ptr_eq(&before.rows[1], &after.rows[1]));
        assert_eq!(
            after.rows[0]
                .cell(CapabilityId::BackupDelete)
                .unwrap()
                .decision,
            Decision::Allowed
        );
    }

    const DENY_DELETE: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"dynamodb:DeleteBackup\", \"Resource\": \"*\"}}"#;
    const ALLOW_ALL: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}"#;
    const ALLOW_CREATE: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"dynamodb:CreateBackup\", \"Resource\": \"*\"}}"#;

    fn with_scps(scps: &[&str]) -> String {
        let scps: Vec<String> = scps
            .iter()
            .enumerate()
            .map(|(level, json)| format!(r#"{{"name": "Level{level}", "json": "{json}"}}"#))
            .collect();
        format!(
            r#"{{"version": 1, "scps": [{}], "principals": [
                {{"kind": "role", "name": "Ops", "capabilities": ["backup.create", "backup.delete"]}}]}}"#,
            scps.join(", ")
        )
    }

    #[test]
    fn preview_scp_that_allows_everything_changes_nothing() {
        check_decisions(
            &with_scps(&[ALLOW_ALL]),
            &[
                ("Ops", CapabilityId::BackupCreate, Decision::Allowed),
                ("Ops", CapabilityId::BackupDelete, Decision::Allowed),
            ],
        );
    }

    #[test]
    fn preview_scp_without_allow_denies_implicitly() {
        check_decisions(
            &with_scps(&[ALLOW_ALL, ALLOW_CREATE]),
            &[
                ("Ops", CapabilityId::BackupCreate, Decision::Allowed),
                (
                    "Ops",
                    CapabilityId::BackupDelete,
                    Decision::ImplicitlyDenied,
                ),
            ],
        );
    }

    #[test]
    fn preview_scp_deny_denies_explicitly() {
        check_decisions(
            &with_scps(&[ALLOW_ALL, DENY_DELETE]),
            &[
                (
                    "Ops",
                    CapabilityId::BackupCreate,
                    Decision::ImplicitlyDenied,
                ),
                (
                    "Ops",
                    CapabilityId::BackupDelete,
                    Decision::ExplicitlyDenied,
                ),
            ],
        );
        check_decisions(
            &with_scps(&[DENY_DELETE]),
            &[(
                "Ops",
                CapabilityId::BackupDelete,
                Decision::ExplicitlyDenied,
            )],
        );
    }

    #[test]
    fn preview_pasted_boundary_limits_what_is_allowed() {
        check_decisions(
            &format!(
                r#"{{"version": 1, "principals": [
                    {{"kind": "role", "name": "Ops", "capabilities": ["backup.create", "backup.delete"],
                      "pasted_boundary": {{"name": "Limit", "json": "{ALLOW_CREATE}"}}}}]}}"#
            ),
            &[
                ("Ops", CapabilityId::BackupCreate, Decision::Allowed),
                (
                    "Ops",
                    CapabilityId::BackupDelete,
                    Decision::ImplicitlyDenied,
                ),
            ],
        );
    }

    #[test]
    fn preview_reusing_recomputes_rows_when_scps_change() {
        let spec = Spec::from_json(&with_scps(&[])).unwrap();
        let before = preview(&spec, &build(&spec).unwrap());
        let spec = Spec::from_json(&with_scps(&[DENY_DELETE])).unwrap();
        let after = preview_reusing(&spec, &build(&spec).unwrap(), Some(&before));
        assert!(!Arc::ptr_eq(&before.rows[0], &after.rows[0]));
        assert_eq!(
            after.rows[0]
                .cell(CapabilityId::BackupDelete)
                .unwrap()
                .decision,
            Decision::ExplicitlyDenied
        );
        let again = preview_reusing(&spec, &build(&spec).unwrap(), Some(&after));
        assert!(Arc::ptr_eq(&after.rows[0], &again.rows[0]));
    }

    #[test]
    fn preview_row_equals_the_row_of_preview() {
        let spec = Spec::from_json(
            r#"{"version": 1, "principals": [
                {"kind": "group", "name": "Everyone", "capabilities": ["guard.no-backup-delete"]},
                {"kind": "user", "name": "ana", "capabilities": ["backup.delete"], "groups": ["Everyone"]}]}"#,
        )
        .unwrap();
        let built = build(&spec).unwrap();
        let full = preview(&spec, &built);
        assert_eq!(preview_row(&spec, 1, &built).as_ref(), Some(&*full.rows[1]));
        assert_eq!(preview_row(&spec, 2, &built), None);
    }

    #[test]
    fn preview_tables_decides_each_table_on_its_own() {
        let deny = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"dynamodb:CreateBackup\", \"Resource\": \"arn:aws:dynamodb:*:*:table/Invoices\"}}"#;
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1, "scope": {{"tables": {{"names": ["Orders", "Invoices"]}}}}, "principals": [
                {{"kind": "role", "name": "Ops", "capabilities": ["backup.create"],
                  "extra_policies": [{{"name": "NoInvoices", "json": "{deny}"}}]}}]}}"#
        ))
        .unwrap();
        let built = build(&spec).unwrap();
        let tables = preview_tables(&spec, 0, &built).unwrap();
        assert_eq!(tables.tables, ["Orders", "Invoices"]);
        let (_, cells) = tables
            .rows
            .iter()
            .find(|(capability, _)| *capability == CapabilityId::BackupCreate)
            .unwrap();
        let decisions: Vec<Decision> = cells.iter().map(|cell| cell.decision).collect();
        assert_eq!(decisions, [Decision::Allowed, Decision::ExplicitlyDenied]);
        assert_eq!(
            &*cells[1].checks[0].resource,
            "arn:aws:dynamodb:us-east-1:123456789012:table/Invoices"
        );
        let (_, cells) = tables
            .rows
            .iter()
            .find(|(capability, _)| *capability == CapabilityId::BackupDelete)
            .unwrap();
        assert!(
            cells
                .iter()
                .all(|cell| cell.decision == Decision::ImplicitlyDenied)
        );
        assert_eq!(preview_tables(&spec, 1, &built), None);
    }

    #[test]
    fn preview_actions_decides_each_action_on_its_own() {
        let deny = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"dynamodb:DescribeBackup\", \"Resource\": \"*\"}}"#;
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1, "scope": {{"tables": {{"names": ["Orders", "Invoices"]}}}}, "principals": [
                {{"kind": "role", "name": "Ops", "capabilities": ["backup.view"],
                  "extra_policies": [{{"name": "NoDescribe", "json": "{deny}"}}]}}]}}"#
        ))
        .unwrap();
        let built = build(&spec).unwrap();
        let actions = preview_actions(&spec, 0, &built).unwrap();
        assert_eq!(actions.table, "Orders");
        let checks_of = |id: CapabilityId| {
            let (_, checks) = actions
                .rows
                .iter()
                .find(|(capability, _)| *capability == id)
                .unwrap();
            checks
                .iter()
                .map(|check| (check.action, &*check.resource, check.evaluation.decision))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            checks_of(CapabilityId::BackupView),
            [
                ("dynamodb:ListBackups", "*", Decision::Allowed),
                (
                    "dynamodb:DescribeBackup",
                    "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/01700000000000-0a1b2c3d",
                    Decision::ExplicitlyDenied
                ),
            ]
        );
        assert_eq!(
            checks_of(CapabilityId::BackupCreate),
            [(
                "dynamodb:CreateBackup",
                "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
                Decision::ImplicitlyDenied
            )]
        );
        assert_eq!(preview_actions(&spec, 1, &built), None);
    }

    /// Allows creating backups on any table; its second statement's `Resource` is empty, which
    /// AWS refuses.
    const CREATE_WITH_EMPTY_RESOURCE: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"dynamodb:CreateBackup\", \"Resource\": \"*\"}, {\"Effect\": \"Allow\", \"Action\": \"dynamodb:DeleteBackup\", \"Resource\": \"\"}]}"#;
    /// Denies deleting backups, with an element IAM does not know beside `Statement`: the document
    /// reads the same as [`DENY_DELETE`]'s.
    const DENY_DELETE_WITH_UNKNOWN_ELEMENT: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"dynamodb:DeleteBackup\", \"Resource\": \"*\"}, \"Comment\": \"no deletes\"}"#;

    /// Each left-out policy of the preview as its name, attachment and error codes.
    fn left_out(preview: &Preview) -> Vec<(&str, &Attachment, Vec<&'static str>)> {
        codes(preview.left_out())
    }

    /// Each left-out policy as its name, attachment and error codes.
    fn codes<'a>(
        left_out: impl IntoIterator<Item = &'a LeftOut>,
    ) -> Vec<(&'a str, &'a Attachment, Vec<&'static str>)> {
        left_out
            .into_iter()
            .map(|left_out| {
                (
                    left_out.policy.as_str(),
                    &left_out.attachment,
                    left_out.errors.iter().map(|error| error.code).collect(),
                )
            })
            .collect()
    }

    fn ops(capabilities: &str, extra: &str) -> String {
        format!(
            r#"{{"version": 1, "principals": [
                {{"kind": "role", "name": "Ops", "capabilities": [{capabilities}]{extra}}}]}}"#
        )
    }

    #[test]
    fn a_pasted_policy_with_errors_is_not_in_force_in_the_preview() {
        let spec = ops(
            "",
            &format!(
                r#", "extra_policies": [{{"name": "Broken", "json": "{CREATE_WITH_EMPTY_RESOURCE}"}}, {{"name": "Fine", "json": "{ALLOW_CREATE}"}}]"#
            ),
        );
        check_decisions(
            &spec,
            &[("Ops", CapabilityId::BackupCreate, Decision::Allowed)],
        );
        let spec = ops(
            "",
            &format!(
                r#", "extra_policies": [{{"name": "Broken", "json": "{CREATE_WITH_EMPTY_RESOURCE}"}}]"#
            ),
        );
        check_decisions(
            &spec,
            &[(
                "Ops",
                CapabilityId::BackupCreate,
                Decision::ImplicitlyDenied,
            )],
        );
        let spec = Spec::from_json(&spec).unwrap();
        let preview = preview(&spec, &build(&spec).unwrap());
        let inline = Attachment::Inline {
            kind: IdentityKind::Role,
            principal: "Ops".to_owned(),
        };
        assert_eq!(
            left_out(&preview),
            [("Broken", &inline, vec!["empty-resource"])]
        );
        let error = &preview.rows[0].left_out[0].errors[0];
        assert_eq!(error.message, "`Resource` is empty");
        assert_eq!(error.pointer, "/Statement/1/Resource");
        let pasted = &spec.principals[0].extra_policies[0].json;
        assert_eq!(error.spanned(pasted), r#""""#);
    }

    #[test]
    fn a_pasted_policy_with_a_lint_error_is_not_in_force_in_the_preview() {
        let invalid_sid = r#"{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"not ok\", \"Effect\": \"Allow\", \"Action\": \"dynamodb:CreateBackup\", \"Resource\": \"*\"}}"#;
        let spec = ops(
            "",
            &format!(r#", "extra_policies": [{{"name": "Spaced", "json": "{invalid_sid}"}}]"#),
        );
        check_decisions(
            &spec,
            &[(
                "Ops",
                CapabilityId::BackupCreate,
                Decision::ImplicitlyDenied,
            )],
        );
        let spec = Spec::from_json(&spec).unwrap();
        let preview = preview(&spec, &build(&spec).unwrap());
        let inline = Attachment::Inline {
            kind: IdentityKind::Role,
            principal: "Ops".to_owned(),
        };
        assert_eq!(
            left_out(&preview),
            [("Spaced", &inline, vec!["invalid-sid"])]
        );
    }

    #[test]
    fn a_pasted_policy_with_only_warnings_is_in_force_in_the_preview() {
        let no_version = r#"{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"dynamodb:CreateBackup\", \"Resource\": \"*\"}}"#;
        let spec = ops(
            "",
            &format!(r#", "extra_policies": [{{"name": "Old", "json": "{no_version}"}}]"#),
        );
        check_decisions(
            &spec,
            &[("Ops", CapabilityId::BackupCreate, Decision::Allowed)],
        );
        let spec = Spec::from_json(&spec).unwrap();
        assert_eq!(left_out(&preview(&spec, &build(&spec).unwrap())), []);
    }

    #[test]
    fn a_pasted_boundary_with_errors_is_not_in_force_in_the_preview() {
        let spec = ops(
            r#""backup.create", "backup.delete""#,
            &format!(
                r#", "pasted_boundary": {{"name": "Limit", "json": "{CREATE_WITH_EMPTY_RESOURCE}"}}"#
            ),
        );
        // Without a boundary in force, the identity policy alone decides.
        check_decisions(
            &spec,
            &[
                ("Ops", CapabilityId::BackupCreate, Decision::Allowed),
                ("Ops", CapabilityId::BackupDelete, Decision::Allowed),
            ],
        );
        let spec = Spec::from_json(&spec).unwrap();
        let boundary = Attachment::Boundary {
            kind: IdentityKind::Role,
            principal: "Ops".to_owned(),
            merged_into: None,
        };
        let preview = preview(&spec, &build(&spec).unwrap());
        assert_eq!(
            left_out(&preview),
            [("Limit", &boundary, vec!["empty-resource"])]
        );
        assert_eq!(preview.rows[0].left_out[0].refused(), "Limit");
    }

    #[test]
    fn a_pasted_boundary_with_errors_leaves_the_boundary_it_is_merged_into_out() {
        let spec = ops(
            r#""backup.create", "backup.delete""#,
            &format!(
                r#", "permission_boundary": {{"capabilities": ["backup.create"]}},
                   "pasted_boundary": {{"name": "Limit", "json": "{CREATE_WITH_EMPTY_RESOURCE}"}}"#
            ),
        );
        check_decisions(
            &spec,
            &[("Ops", CapabilityId::BackupDelete, Decision::Allowed)],
        );
        let spec = Spec::from_json(&spec).unwrap();
        let boundary = Attachment::Boundary {
            kind: IdentityKind::Role,
            principal: "Ops".to_owned(),
            merged_into: Some("Ops-boundary".to_owned()),
        };
        let preview = preview(&spec, &build(&spec).unwrap());
        assert_eq!(
            left_out(&preview),
            [("Limit", &boundary, vec!["empty-resource"])]
        );
        assert_eq!(preview.rows[0].left_out[0].refused(), "Ops-boundary");
    }

    #[test]
    fn a_pasted_scp_with_errors_is_not_in_force_in_the_preview() {
        let spec = with_scps(&[ALLOW_ALL, DENY_DELETE_WITH_UNKNOWN_ELEMENT]);
        check_decisions(
            &spec,
            &[
                ("Ops", CapabilityId::BackupCreate, Decision::Allowed),
                ("Ops", CapabilityId::BackupDelete, Decision::Allowed),
            ],
        );
        let spec = Spec::from_json(&spec).unwrap();
        let preview = preview(&spec, &build(&spec).unwrap());
        assert_eq!(
            left_out(&preview),
            [("Level1", &Attachment::Scp, vec!["unknown-element"])]
        );
        assert_eq!(preview.rows[0].left_out, []);
    }

    #[test]
    fn preview_reusing_recomputes_rows_when_an_scp_gains_an_error_but_reads_the_same() {
        let spec = Spec::from_json(&with_scps(&[DENY_DELETE])).unwrap();
        let before = preview(&spec, &build(&spec).unwrap());
        let spec = Spec::from_json(&with_scps(&[DENY_DELETE_WITH_UNKNOWN_ELEMENT])).unwrap();
        let built = build(&spec).unwrap();
        let after = preview_reusing(&spec, &built, Some(&before));
        assert_eq!(after, preview(&spec, &built));
        assert_eq!(
            after.rows[0]
                .cell(CapabilityId::BackupDelete)
                .unwrap()
                .decision,
            Decision::Allowed
        );
        assert_eq!(
            left_out(&after),
            [("Level0", &Attachment::Scp, vec!["unknown-element"])]
        );
    }

    #[test]
    fn preview_row_and_drill_downs_leave_out_what_preview_leaves_out() {
        let spec =
            Spec::from_json(&with_scps(&[ALLOW_ALL, DENY_DELETE_WITH_UNKNOWN_ELEMENT])).unwrap();
        let built = build(&spec).unwrap();
        assert_eq!(
            preview_row(&spec, 0, &built).as_ref(),
            Some(&*preview(&spec, &built).rows[0])
        );
        let (_, cells) = preview_tables(&spec, 0, &built)
            .unwrap()
            .rows
            .into_iter()
            .find(|(capability, _)| *capability == CapabilityId::BackupDelete)
            .unwrap();
        assert_eq!(cells[0].decision, Decision::Allowed);
        let (_, checks) = preview_actions(&spec, 0, &built)
            .unwrap()
            .rows
            .into_iter()
            .find(|(capability, _)| *capability == CapabilityId::BackupDelete)
            .unwrap();
        assert_eq!(checks[0].evaluation.decision, Decision::Allowed);
    }

    /// Group `Everyone` with `pasted` as its inline policies; user `ana` in it with `backup.delete`;
    /// user `bo` in no group with `backup.delete`.
    fn with_group_pasted(pasted: &[(&str, &str)]) -> Spec {
        let pasted: Vec<String> = pasted
            .iter()
            .map(|(name, json)| format!(r#"{{"name": "{name}", "json": "{json}"}}"#))
            .collect();
        Spec::from_json(&format!(
            r#"{{"version": 1, "principals": [
                {{"kind": "group", "name": "Everyone", "extra_policies": [{}]}},
                {{"kind": "user", "name": "ana", "capabilities": ["backup.delete"], "groups": ["Everyone"]}},
                {{"kind": "user", "name": "bo", "capabilities": ["backup.delete"]}}]}}"#,
            pasted.join(", ")
        ))
        .unwrap()
    }

    /// A check's decision and its reasons as kind, policy and the text their span points at.
    type Deciding = (Decision, Vec<(ReasonKind, Option<String>, Option<String>)>);

    /// Each check of the named principal's cell for `capability`, its reasons' spans read in
    /// `text`; every reason is of the identity layer.
    fn deciding(
        preview: &Preview,
        name: &str,
        capability: CapabilityId,
        text: &str,
    ) -> Vec<Deciding> {
        let row = preview.rows.iter().find(|row| row.name == name).unwrap();
        row.cell(capability)
            .unwrap()
            .checks
            .iter()
            .map(|check| {
                let reasons = check
                    .evaluation
                    .reasons
                    .iter()
                    .map(|reason| {
                        assert_eq!(reason.layer, crate::eval::Layer::Identity);
                        (
                            reason.kind,
                            reason.policy.as_deref().map(str::to_owned),
                            reason
                                .span
                                .and_then(|span| text.get(span.start..span.end))
                                .map(str::to_owned),
                        )
                    })
                    .collect();
                (check.evaluation.decision, reasons)
            })
            .collect()
    }

    const ALLOW_CREATE_TEXT: &str = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}}"#;
    const DENY_DELETE_TEXT: &str = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"}}"#;

    #[test]
    fn a_group_s_pasted_allow_grants_its_member_users() {
        let spec = with_group_pasted(&[("CreateAnywhere", ALLOW_CREATE)]);
        assert_eq!(spec.principals[0].extra_policies[0].json, ALLOW_CREATE_TEXT);
        let preview = preview(&spec, &build(&spec).unwrap());
        // The explanation names the group's policy, and its span points into the pasted text.
        let statement =
            r#"{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}"#;
        assert_eq!(
            deciding(
                &preview,
                "ana",
                CapabilityId::BackupCreate,
                ALLOW_CREATE_TEXT
            ),
            [(
                Decision::Allowed,
                vec![(
                    ReasonKind::Allows,
                    Some("Everyone/CreateAnywhere".to_owned()),
                    Some(statement.to_owned())
                )]
            )]
        );
        assert_eq!(
            deciding(
                &preview,
                "Everyone",
                CapabilityId::BackupCreate,
                ALLOW_CREATE_TEXT
            ),
            [(
                Decision::Allowed,
                vec![(
                    ReasonKind::Allows,
                    Some("CreateAnywhere".to_owned()),
                    Some(statement.to_owned())
                )]
            )]
        );
        assert_eq!(preview.left_out().count(), 0);
    }

    #[test]
    fn a_group_s_pasted_deny_denies_its_member_users() {
        let spec = with_group_pasted(&[("NoDelete", DENY_DELETE)]);
        assert_eq!(spec.principals[0].extra_policies[0].json, DENY_DELETE_TEXT);
        let preview = preview(&spec, &build(&spec).unwrap());
        assert_eq!(
            deciding(
                &preview,
                "ana",
                CapabilityId::BackupDelete,
                DENY_DELETE_TEXT
            ),
            [(
                Decision::ExplicitlyDenied,
                vec![(
                    ReasonKind::Denies,
                    Some("Everyone/NoDelete".to_owned()),
                    Some(
                        r#"{"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"}"#
                            .to_owned()
                    )
                )]
            )]
        );
    }

    #[test]
    fn a_user_outside_the_group_does_not_get_the_group_s_pasted_policy() {
        let spec =
            with_group_pasted(&[("NoDelete", DENY_DELETE), ("CreateAnywhere", ALLOW_CREATE)]);
        check_spec_decisions(
            &spec,
            &[
                (
                    "ana",
                    CapabilityId::BackupDelete,
                    Decision::ExplicitlyDenied,
                ),
                ("ana", CapabilityId::BackupCreate, Decision::Allowed),
                ("bo", CapabilityId::BackupDelete, Decision::Allowed),
                ("bo", CapabilityId::BackupCreate, Decision::ImplicitlyDenied),
            ],
        );
    }

    #[test]
    fn preview_row_and_drill_downs_count_a_group_s_pasted_policy() {
        let spec = with_group_pasted(&[("NoDelete", DENY_DELETE)]);
        let built = build(&spec).unwrap();
        let row = preview_row(&spec, 1, &built).unwrap();
        assert_eq!(row, *preview(&spec, &built).rows[1]);
        assert_eq!(
            row.cell(CapabilityId::BackupDelete).unwrap().decision,
            Decision::ExplicitlyDenied
        );
        let (_, cells) = preview_tables(&spec, 1, &built)
            .unwrap()
            .rows
            .into_iter()
            .find(|(capability, _)| *capability == CapabilityId::BackupDelete)
            .unwrap();
        assert_eq!(cells[0].decision, Decision::ExplicitlyDenied);
        let (_, checks) = preview_actions(&spec, 1, &built)
            .unwrap()
            .rows
            .into_iter()
            .find(|(capability, _)| *capability == CapabilityId::BackupDelete)
            .unwrap();
        assert_eq!(checks[0].evaluation.decision, Decision::ExplicitlyDenied);
        assert_eq!(
            checks[0].evaluation.reasons[0].policy.as_deref(),
            Some("Everyone/NoDelete")
        );
    }

    #[test]
    fn changing_a_group_s_pasted_policy_recomputes_its_members_rows() {
        let delete_of = |preview: &Preview, index: usize| {
            preview.rows[index]
                .cell(CapabilityId::BackupDelete)
                .unwrap()
                .decision
        };
        let spec = with_group_pasted(&[]);
        let before = preview(&spec, &build(&spec).unwrap());
        let spec = with_group_pasted(&[("NoDelete", DENY_DELETE)]);
        let built = build(&spec).unwrap();
        let after = preview_reusing(&spec, &built, Some(&before));
        assert_eq!(after, preview(&spec, &built));
        assert!(!Arc::ptr_eq(&before.rows[1], &after.rows[1]));
        assert!(Arc::ptr_eq(&before.rows[2], &after.rows[2]));
        assert_eq!(delete_of(&after, 1), Decision::ExplicitlyDenied);
        // Same name and size, so the group's built policies read the same: only the pasted text
        // tells, and its misspelt `Version` is an error that leaves it out.
        let misspelt = DENY_DELETE.replace("Version", "Versiom");
        let spec = with_group_pasted(&[("NoDelete", &misspelt)]);
        let rebuilt = build(&spec).unwrap();
        assert_eq!(rebuilt.principals, built.principals);
        let again = preview_reusing(&spec, &rebuilt, Some(&after));
        assert_eq!(again, preview(&spec, &rebuilt));
        assert_eq!(delete_of(&again, 1), Decision::Allowed);
        assert!(Arc::ptr_eq(&after.rows[2], &again.rows[2]));
    }

    #[test]
    fn a_group_s_pasted_policy_with_errors_is_left_out_for_its_members() {
        let spec = with_group_pasted(&[
            ("Broken", CREATE_WITH_EMPTY_RESOURCE),
            ("NoDelete", DENY_DELETE),
        ]);
        let preview = preview(&spec, &build(&spec).unwrap());
        check_spec_decisions(
            &spec,
            &[
                (
                    "ana",
                    CapabilityId::BackupCreate,
                    Decision::ImplicitlyDenied,
                ),
                (
                    "ana",
                    CapabilityId::BackupDelete,
                    Decision::ExplicitlyDenied,
                ),
            ],
        );
        let inline = Attachment::Inline {
            kind: IdentityKind::Group,
            principal: "Everyone".to_owned(),
        };
        assert_eq!(
            codes(&preview.rows[1].groups_left_out),
            [("Broken", &inline, vec!["empty-resource"])]
        );
        assert_eq!(preview.rows[1].left_out, []);
        assert_eq!(preview.rows[2].groups_left_out, []);
        // Listed once, with the group, however many members it has.
        assert_eq!(
            left_out(&preview),
            [("Broken", &inline, vec!["empty-resource"])]
        );
    }

    /// A reason's layer, the policy it names and the statement its span points at there.
    type Quoted = (Layer, Option<Source>, Option<String>);

    /// The deciding policy and quoted statement of each reason of the first check of `name`'s
    /// cell for `capability`, with the check's decision.
    fn quotes(spec: &Spec, name: &str, capability: CapabilityId) -> (Decision, Vec<Quoted>) {
        let built = build(spec).unwrap();
        let preview = preview(spec, &built);
        let index = preview
            .rows
            .iter()
            .position(|row| row.name == name)
            .unwrap();
        let check = &preview.rows[index].cell(capability).unwrap().checks[0];
        let reasons = check
            .evaluation
            .reasons
            .iter()
            .map(|reason| {
                let deciding = preview.deciding(spec, &built, index, reason);
                let statement = deciding.as_ref().and_then(|deciding| {
                    let span = reason.span?;
                    deciding.text.get(span.start..span.end).map(str::to_owned)
                });
                (
                    reason.layer,
                    deciding.map(|deciding| deciding.source),
                    statement,
                )
            })
            .collect();
        (check.evaluation.decision, reasons)
    }

    /// Each change for `name`'s cell for `capability`.
    fn changes_of(spec: &Spec, name: &str, capability: CapabilityId) -> Vec<Change> {
        let built = build(spec).unwrap();
        let preview = preview(spec, &built);
        let index = preview
            .rows
            .iter()
            .position(|row| row.name == name)
            .unwrap();
        let cell = preview.rows[index].cell(capability).unwrap();
        preview.changes(spec, &built, index, cell)
    }

    const DENY_DELETE_STATEMENT: &str =
        r#"{"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"}"#;

    #[test]
    fn deciding_finds_an_scp_by_name_not_by_its_level() {
        // `Level0` is left out, so `Level1` is evaluated as level 0.
        let spec = Spec::from_json(&with_scps(&[CREATE_WITH_EMPTY_RESOURCE, DENY_DELETE])).unwrap();
        assert_eq!(
            quotes(&spec, "Ops", CapabilityId::BackupDelete),
            (
                Decision::ExplicitlyDenied,
                vec![(
                    Layer::Scp { level: 0 },
                    Some(Source::Scp {
                        name: "Level1".to_owned()
                    }),
                    Some(DENY_DELETE_STATEMENT.to_owned())
                )]
            )
        );
        assert_eq!(
            changes_of(&spec, "Ops", CapabilityId::BackupDelete),
            [Change::Scp {
                name: "Level1".to_owned()
            }]
        );
    }

    #[test]
    fn deciding_quotes_a_principal_s_pasted_policy_from_the_pasted_text() {
        let spec = Spec::from_json(&ops(
            r#""backup.delete""#,
            &format!(r#", "extra_policies": [{{"name": "NoDelete", "json": "{DENY_DELETE}"}}]"#),
        ))
        .unwrap();
        assert_eq!(
            quotes(&spec, "Ops", CapabilityId::BackupDelete),
            (
                Decision::ExplicitlyDenied,
                vec![(
                    Layer::Identity,
                    Some(Source::Pasted {
                        group: None,
                        name: "NoDelete".to_owned()
                    }),
                    Some(DENY_DELETE_STATEMENT.to_owned())
                )]
            )
        );
        assert_eq!(
            changes_of(&spec, "Ops", CapabilityId::BackupDelete),
            [Change::PastedPolicy {
                name: "NoDelete".to_owned(),
                group: None
            }]
        );
    }

    #[test]
    fn deciding_quotes_a_group_s_pasted_policy_for_its_members() {
        let spec = with_group_pasted(&[("NoDelete", DENY_DELETE)]);
        let group = Source::Pasted {
            group: Some("Everyone".to_owned()),
            name: "NoDelete".to_owned(),
        };
        assert_eq!(
            quotes(&spec, "ana", CapabilityId::BackupDelete),
            (
                Decision::ExplicitlyDenied,
                vec![(
                    Layer::Identity,
                    Some(group),
                    Some(DENY_DELETE_STATEMENT.to_owned())
                )]
            )
        );
        assert_eq!(
            changes_of(&spec, "ana", CapabilityId::BackupDelete),
            [Change::PastedPolicy {
                name: "NoDelete".to_owned(),
                group: Some("Everyone".to_owned())
            }]
        );
    }

    /// Allows everything but deleting backups, which it denies.
    const ALL_BUT_DELETE: &str = r#"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}, {\"Effect\": \"Deny\", \"Action\": \"dynamodb:DeleteBackup\", \"Resource\": \"*\"}]}"#;

    #[test]
    fn deciding_quotes_a_pasted_boundary_alone_or_merged() {
        // The boundary is printed like the built policies, so the quote is the printed statement.
        let printed_deny = "{\n            \"Effect\": \"Deny\",\n            \"Action\": \"dynamodb:DeleteBackup\",\n            \"Resource\": \"*\"\n        }";
        for merged in [
            "",
            r#", "permission_boundary": {"capabilities": ["backup.create"]}"#,
        ] {
            let spec = Spec::from_json(&ops(
                r#""backup.delete""#,
                &format!(
                    r#"{merged}, "pasted_boundary": {{"name": "Limit", "json": "{ALL_BUT_DELETE}"}}"#
                ),
            ))
            .unwrap();
            assert_eq!(
                quotes(&spec, "Ops", CapabilityId::BackupDelete),
                (
                    Decision::ExplicitlyDenied,
                    vec![(
                        Layer::PermissionBoundary,
                        Some(Source::Boundary {
                            pasted: Some("Limit".to_owned())
                        }),
                        Some(printed_deny.to_owned())
                    )]
                ),
                "{merged}"
            );
            assert_eq!(
                changes_of(&spec, "Ops", CapabilityId::BackupDelete),
                [Change::PastedBoundary {
                    name: "Limit".to_owned()
                }]
            );
        }
    }

    #[test]
    fn deciding_looks_only_at_the_explained_principal_s_policies() {
        // A role and a user may share a name, so their built policies do; pasted names are free.
        let spec = Spec::from_json(&format!(
            r#"{{"version": 1, "principals": [
                {{"kind": "role", "name": "Ops", "capabilities": ["backup.view", "backup.create"],
                  "extra_policies": [{{"name": "Extra", "json": "{ALL_BUT_DELETE}"}}]}},
                {{"kind": "user", "name": "Ops", "capabilities": ["backup.create"],
                  "extra_policies": [{{"name": "Extra", "json": "{DENY_DELETE}"}}]}}]}}"#
        ))
        .unwrap();
        let built = build(&spec).unwrap();
        let preview = preview(&spec, &built);
        let quote = |capability: CapabilityId| {
            let reason = preview.rows[1].cell(capability).unwrap().checks[0]
                .evaluation
                .reasons[0]
                .clone();
            let deciding = preview.deciding(&spec, &built, 1, &reason).unwrap();
            let span = reason.span.unwrap();
            let statement = deciding.text.get(span.start..span.end).unwrap().to_owned();
            (deciding.source, deciding.text, statement)
        };
        let (source, text, statement) = quote(CapabilityId::BackupCreate);
        assert_eq!(source, Source::Built { group: None });
        let user_policy = &built.principals[1].identity_policies[0];
        assert_eq!(text, user_policy.document.to_pretty_string());
        assert!(
            statement.contains("\"CreateOnDemandBackups\""),
            "{statement}"
        );
        let (source, text, statement) = quote(CapabilityId::BackupDelete);
        assert_eq!(
            source,
            Source::Pasted {
                group: None,
                name: "Extra".to_owned()
            }
        );
        assert_eq!(
            (text.as_str(), statement.as_str()),
            (DENY_DELETE_TEXT, DENY_DELETE_STATEMENT)
        );
    }

    #[test]
    fn deciding_skips_a_left_out_pasted_policy_of_the_same_name() {
        let spec = Spec::from_json(&ops(
            r#""backup.delete""#,
            &format!(
                r#", "extra_policies": [{{"name": "NoDelete", "json": "{CREATE_WITH_EMPTY_RESOURCE}"}}, {{"name": "NoDelete", "json": "{DENY_DELETE}"}}]"#
            ),
        ))
        .unwrap();
        let (_, reasons) = quotes(&spec, "Ops", CapabilityId::BackupDelete);
        assert_eq!(reasons[0].2.as_deref(), Some(DENY_DELETE_STATEMENT));
    }

    #[test]
    fn changes_name_the_guardrail_and_whose_it_is() {
        let spec = Spec::from_json(
            r#"{"version": 1, "principals": [
                {"kind": "group", "name": "Everyone", "capabilities": ["backup.delete", "guard.no-backup-delete"]},
                {"kind": "user", "name": "ana", "capabilities": ["backup.delete"], "groups": ["Everyone"]},
                {"kind": "role", "name": "Ops", "capabilities": ["backup.delete", "guard.no-backup-delete"]}]}"#,
        )
        .unwrap();
        assert_eq!(
            changes_of(&spec, "Ops", CapabilityId::BackupDelete),
            [Change::Guardrail {
                guardrail: Some(CapabilityId::GuardNoBackupDelete),
                group: None,
                members: false,
            }]
        );
        assert_eq!(
            changes_of(&spec, "ana", CapabilityId::BackupDelete),
            [Change::Guardrail {
                guardrail: Some(CapabilityId::GuardNoBackupDelete),
                group: Some("Everyone".to_owned()),
                members: false,
            }]
        );
        // A group's own row asks as a member user, whom a break-glass list would have to name.
        assert_eq!(
            changes_of(&spec, "Everyone", CapabilityId::BackupDelete),
            [Change::Guardrail {
                guardrail: Some(CapabilityId::GuardNoBackupDelete),
                group: None,
                members: true,
            }]
        );
        // No guardrail stands in the way of what is not ticked.
        assert_eq!(
            changes_of(&spec, "Ops", CapabilityId::BackupCreate),
            [Change::IdentityAllowsNone {
                capability: CapabilityId::BackupCreate,
                ticked: false
            }]
        );
    }

    #[test]
    fn combine_with_no_checks_is_implicit_deny() {
        assert_eq!(combine(&[]), Decision::ImplicitlyDenied);
    }
}
