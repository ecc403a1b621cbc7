//! AWS's policy evaluation logic: who may do what, and why.
//!
//! The flow follows IAM's documented evaluation logic:
//! 1. An explicit `Deny` in any applicable policy wins.
//! 2. Every SCP level (root first) must hold an `Allow` that applies. RCPs only deny: AWS attaches
//!    `RCPFullAWSAccess` to every level and it cannot be detached.
//! 3. In the resource's own account the identity side (identity policies, limited by the permissions
//!    boundary and the session policy) or the resource-based policy may allow. A resource-based
//!    grant to the exact user or role session is not limited by the boundary or session policy; a
//!    grant to the account delegates to IAM policies and allows nothing by itself.
//! 4. Across accounts both the identity side and the resource-based policy must allow.
//! 5. KMS keys need their key policy even within the account (see `PITFALLS.md` D16).
//! 6. The account root user has no identity policies, permissions boundary or session policy and
//!    needs none: its identity side always allows, so within its account only an explicit Deny or
//!    a missing SCP Allow stops it, and across accounts the resource-based policy must allow it.
//!
//! Compile a [`PolicySet`] once into a [`CompiledPolicySet`], then evaluate many [`Request`]s.

mod index;
mod statement;

use crate::arn::Arn;
use crate::context::{Context, ContextValue};
use crate::document::{Document, Effect};
use crate::span::Span;
use index::{ActionIndex, LazyPrefixHashes, each_reached};
use serde::Serialize;
use statement::{CompiledStatement, Grant, role_name};
use std::sync::Arc;

/// An action as `service:Name`, for example `dynamodb:CreateBackup`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActionName {
    // INVARIANT: holds a `:` with text on both sides.
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("action `{0}` is not of the form `service:Action`")]
    Action(String),
    #[error(transparent)]
    Arn(#[from] crate::arn::ArnError),
}

impl ActionName {
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        match text.split_once(':') {
            Some((service, name)) if !service.is_empty() && !name.is_empty() => Ok(Self {
                text: text.to_owned(),
            }),
            _ => Err(RequestError::Action(text.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn service(&self) -> &str {
        self.text.split_once(':').map_or("", |(service, _)| service)
    }

    pub fn name(&self) -> &str {
        self.text.split_once(':').map_or("", |(_, name)| name)
    }
}

/// The resource a request acts on: an ARN, or `*` for actions without resource types
/// (`dynamodb:ListBackups`).
#[derive(Debug, PartialEq, Eq, Hash)]
pub enum RequestResource {
    Arn(Arn),
    Any,
}

impl Clone for RequestResource {
    fn clone(&self) -> Self {
        match self {
            Self::Arn(arn) => Self::Arn(arn.clone()),
            Self::Any => Self::Any,
        }
    }

    /// Copies an ARN into this one's buffer.
    fn clone_from(&mut self, source: &Self) {
        match (self, source) {
            (Self::Arn(arn), Self::Arn(source)) => arn.clone_from(source),
            (this, source) => *this = source.clone(),
        }
    }
}

impl RequestResource {
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        if text == "*" {
            Ok(Self::Any)
        } else {
            Ok(Self::Arn(Arn::parse(text)?))
        }
    }
}

/// What kind of identity makes the request, read from its ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalType {
    User,
    Role,
    AssumedRole,
    FederatedUser,
    Root,
    Other,
}

impl PrincipalType {
    pub fn of(arn: &Arn) -> Self {
        let resource = arn.resource();
        match arn.service() {
            "iam" if resource == "root" => Self::Root,
            "iam" if resource.starts_with("user/") => Self::User,
            "iam" if resource.starts_with("role/") => Self::Role,
            "sts" if resource.starts_with("assumed-role/") => Self::AssumedRole,
            "sts" if resource.starts_with("federated-user/") => Self::FederatedUser,
            _ => Self::Other,
        }
    }
}

/// The global condition key holding the ARN of the caller's user or role.
pub(crate) const PRINCIPAL_ARN: &str = "aws:PrincipalArn";

/// One authorization request.
///
/// [`Request::new`] adds the keys AWS puts in every signed request when the context lacks them:
/// `aws:PrincipalArn` (for a role session, the role's ARN), `aws:PrincipalAccount`,
/// `aws:PrincipalType` (`Account` for the root user), and `aws:username` for IAM users. A session
/// ARN does not carry its role's path, so the role ARN is a guess (`role/NAME` for what may be
/// `role/aws-reserved/sso.amazonaws.com/NAME`): decisions use
/// it, and [`CompiledPolicySet::evaluate`] lists `aws:PrincipalArn` in `missing_context` when a
/// policy it consults reads the key, so that the caller knows to pass the real one.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    principal: Arn,
    principal_type: PrincipalType,
    /// Whether `aws:PrincipalArn` is the role ARN guessed from a session ARN.
    principal_arn_guessed: bool,
    action: ActionName,
    resource: RequestResource,
    resource_account: String,
    // INVARIANT: holds the derived principal keys described above.
    context: Context,
    // INVARIANT: `action` in ASCII lowercase.
    action_folded: String,
    // INVARIANT: the hashes of `action_folded`.
    action_hashes: LazyPrefixHashes,
    // INVARIANT: the resource ARN with partition, service, region and account in ASCII lowercase.
    resource_folded: Option<Arn>,
}

impl Request {
    /// `resource_account` defaults to the resource ARN's account, then to the principal's.
    pub fn new(
        principal: Arn,
        action: ActionName,
        resource: RequestResource,
        resource_account: Option<String>,
        mut context: Context,
    ) -> Self {
        let principal_type = PrincipalType::of(&principal);
        let resource_account = resource_account
            .unwrap_or_else(|| Self::default_account(&principal, &resource).to_owned());
        // Each key below is added only where absent, so added without a second search.
        let has_principal_arn = context.contains(PRINCIPAL_ARN);
        let principal_arn_guessed =
            principal_type == PrincipalType::AssumedRole && !has_principal_arn;
        if !has_principal_arn {
            let value = match principal_type {
                PrincipalType::AssumedRole => {
                    role_name(principal.resource(), "assumed-role/").map(|name| {
                        Arn::new(
                            principal.partition(),
                            "iam",
                            "",
                            principal.account(),
                            &["role/", name].concat(),
                        )
                    })
                }
                _ => None,
            };
            context.insert_absent(
                PRINCIPAL_ARN,
                ContextValue::Arn(value.unwrap_or_else(|| principal.clone())),
            );
        }
        if !context.contains("aws:PrincipalAccount") {
            context.insert_absent(
                "aws:PrincipalAccount",
                ContextValue::String(principal.account().to_owned()),
            );
        }
        // IAM User Guide, *Policy variables*, "Principal key values". A role stands for its
        // sessions, as in `aws:PrincipalArn`.
        let type_value = match principal_type {
            PrincipalType::Root => Some("Account"),
            PrincipalType::User => Some("User"),
            PrincipalType::Role | PrincipalType::AssumedRole => Some("AssumedRole"),
            PrincipalType::FederatedUser => Some("FederatedUser"),
            PrincipalType::Other => None,
        };
        if let Some(type_value) = type_value
            && !context.contains("aws:PrincipalType")
        {
            context.insert_absent(
                "aws:PrincipalType",
                ContextValue::String(type_value.to_owned()),
            );
        }
        if principal_type == PrincipalType::User
            && !context.contains("aws:username")
            && let Some(name) = principal.resource().rsplit('/').next()
        {
            context.insert_absent("aws:username", ContextValue::String(name.to_owned()));
        }
        let action_folded = action.as_str().to_ascii_lowercase();
        let resource_folded = match &resource {
            RequestResource::Arn(arn) => Some(arn.with_head_folded()),
            RequestResource::Any => None,
        };
        Self {
            principal,
            principal_type,
            principal_arn_guessed,
            action,
            resource,
            resource_account,
            context,
            action_folded,
            action_hashes: LazyPrefixHashes::default(),
            resource_folded,
        }
    }

    /// The same request about another resource, without preparing the rest again and reusing
    /// the buffers of the last resource: for asking one action of many resources. The resource's
    /// account is the ARN's, else the principal's, as in [`Request::new`] without one given.
    pub fn set_resource(&mut self, resource: &RequestResource) {
        self.resource.clone_from(resource);
        match (&mut self.resource_folded, resource) {
            (Some(folded), RequestResource::Arn(arn)) => folded.set_to_head_folded(arn),
            (folded, RequestResource::Arn(arn)) => *folded = Some(arn.with_head_folded()),
            (folded, RequestResource::Any) => *folded = None,
        }
        self.resource_account.clear();
        self.resource_account
            .push_str(Self::default_account(&self.principal, resource));
    }

    /// The account of a resource no account was given for: its ARN's, else the principal's.
    fn default_account<'a>(principal: &'a Arn, resource: &'a RequestResource) -> &'a str {
        match resource {
            RequestResource::Arn(arn) if !arn.account().is_empty() => arn.account(),
            _ => principal.account(),
        }
    }

    /// The parts of the request every statement looks at, prepared once per evaluation.
    fn target(&self) -> Target<'_> {
        let resource = match (&self.resource, &self.resource_folded) {
            (RequestResource::Arn(arn), Some(folded)) => TargetResource::Arn {
                text: arn.as_str(),
                folded,
            },
            _ => TargetResource::Any,
        };
        Target {
            request: self,
            action: &self.action_folded,
            action_hashes: &self.action_hashes,
            resource,
        }
    }

    pub fn principal(&self) -> &Arn {
        &self.principal
    }

    pub fn principal_type(&self) -> PrincipalType {
        self.principal_type
    }

    pub fn action(&self) -> &ActionName {
        &self.action
    }

    pub fn resource(&self) -> &RequestResource {
        &self.resource
    }

    pub fn resource_account(&self) -> &str {
        &self.resource_account
    }

    pub fn context(&self) -> &Context {
        &self.context
    }

    /// Whether `aws:PrincipalArn` is the role ARN guessed from the session ARN, which the caller
    /// should pass to be sure.
    pub(crate) fn principal_arn_guessed(&self) -> bool {
        self.principal_arn_guessed
    }
}

/// A request as statements match it: action and ARN segments case-folded once.
pub(crate) struct Target<'a> {
    pub request: &'a Request,
    pub action: &'a str,
    /// The hash of each prefix of `action`, by length, for [`ActionIndex::reached`].
    action_hashes: &'a LazyPrefixHashes,
    pub resource: TargetResource<'a>,
}

pub(crate) enum TargetResource<'a> {
    /// `"*"`, for actions without resource types.
    Any,
    /// The ARN as written, and with all but the resource part lowercased.
    Arn { text: &'a str, folded: &'a Arn },
}

/// A policy document with the name reasons refer to it by.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPolicy {
    pub name: String,
    pub document: Document,
}

/// Every policy that takes part in a decision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySet {
    /// The principal's own policies and its groups' policies.
    pub identity: Vec<NamedPolicy>,
    /// Permissions boundary; several documents act as one boundary made of all their statements.
    pub boundary: Vec<NamedPolicy>,
    pub session: Option<NamedPolicy>,
    /// SCP levels, root first; each level is the policies attached there.
    pub scps: Vec<Vec<NamedPolicy>>,
    /// RCP levels, root first.
    pub rcps: Vec<Vec<NamedPolicy>>,
    /// The resource-based policy (a table policy, a key policy, a trust policy).
    pub resource: Option<NamedPolicy>,
}

/// A policy compiled for evaluation. Cloning shares the compiled statements.
#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    name: Arc<str>,
    statements: Arc<[CompiledStatement]>,
    reach: Reach,
}

/// How a request finds the statements of a policy whose `Action` or `NotAction` covers its action.
#[derive(Debug, Clone)]
enum Reach {
    /// Through the policy's index.
    Indexed(Arc<ActionIndex>),
    /// Every statement covers it: the policy was compiled or narrowed for one action, and
    /// evaluating a request for another gives wrong answers.
    Every,
    /// Each statement's actions are tried: the policy is too large to index.
    Scan,
}

impl CompiledPolicy {
    pub fn new(name: &str, document: &Document) -> Self {
        Self::with_statement_spans(name, document, &[])
    }

    /// The policy compiled as if parsed from a text where its statements lie at `spans`, in order
    /// (see [`Document::to_pretty_string_with_statement_spans`]): reasons then point into that
    /// text without it being parsed again. Statements past the end of `spans` keep their own.
    pub fn with_statement_spans(name: &str, document: &Document, spans: &[Span]) -> Self {
        let variables = document.has_variables();
        let statements: Arc<[CompiledStatement]> = document
            .statements()
            .enumerate()
            .map(|(index, statement)| {
                let mut compiled = CompiledStatement::compile(index, statement, variables);
                if let Some(span) = spans.get(index) {
                    compiled.span = *span;
                }
                compiled
            })
            .collect();
        Self {
            name: name.into(),
            reach: ActionIndex::new(&statements)
                .map_or(Reach::Scan, |index| Reach::Indexed(Arc::new(index))),
            statements,
        }
    }

    /// The policy compiled for requests with one action alone: a statement whose `Action` or
    /// `NotAction` leaves that action out could never apply to them, so it is left out, and the
    /// cost of compiling its resources and conditions with it. For one-off evaluation, as of
    /// each case in a stream; evaluating a request with another action gives wrong answers.
    pub fn for_action(name: &str, document: &Document, action: &ActionName) -> Self {
        let variables = document.has_variables();
        let folded = action.as_str().to_ascii_lowercase();
        let statements = document
            .statements()
            .enumerate()
            .filter_map(|(index, statement)| {
                CompiledStatement::compile_for_action(index, statement, variables, &folded)
            })
            .collect();
        Self {
            name: name.into(),
            statements,
            reach: Reach::Every,
        }
    }

    /// This policy with only the statements whose `Action` or `NotAction` covers `folded` (an
    /// action in ASCII lowercase, with its [`LazyPrefixHashes`]); it keeps its name even when no
    /// statement is left, so that a layer it alone makes up stays a layer.
    fn narrowed(&self, folded: &str, hashes: &LazyPrefixHashes) -> Self {
        let statements = match &self.reach {
            Reach::Every => Arc::clone(&self.statements),
            Reach::Scan => self
                .statements
                .iter()
                .filter(|statement| statement.matches_action(folded))
                .cloned()
                .collect(),
            Reach::Indexed(index) => {
                let reached = index.reached(folded, hashes.get(folded));
                if reached == index.every() {
                    Arc::clone(&self.statements)
                } else {
                    each_reached(&self.statements, reached).cloned().collect()
                }
            }
        };
        Self {
            name: Arc::clone(&self.name),
            statements,
            reach: Reach::Every,
        }
    }

    /// The same compiled statements under another name.
    pub fn renamed(&self, name: &str) -> Self {
        Self {
            name: name.into(),
            statements: Arc::clone(&self.statements),
            reach: self.reach.clone(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A [`PolicySet`] compiled once for many evaluations.
#[derive(Debug, Clone, Default)]
pub struct CompiledPolicySet {
    pub identity: Vec<CompiledPolicy>,
    pub boundary: Vec<CompiledPolicy>,
    pub session: Option<CompiledPolicy>,
    pub scps: Vec<Vec<CompiledPolicy>>,
    pub rcps: Vec<Vec<CompiledPolicy>>,
    pub resource: Option<CompiledPolicy>,
}

/// The answer, in the reference simulator's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    Allowed,
    ExplicitlyDenied,
    ImplicitlyDenied,
}

impl Decision {
    pub const fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitlyDenied => "ExplicitlyDenied",
            Decision::ImplicitlyDenied => "ImplicitlyDenied",
        }
    }
}

/// Which kind of policy a reason comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Layer {
    Identity,
    PermissionBoundary,
    Session,
    Resource,
    Scp { level: usize },
    Rcp { level: usize },
}

/// What a reason says about its layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ReasonKind {
    /// This statement allows the request.
    Allows,
    /// This statement denies the request.
    Denies,
    /// No statement of this layer allows the request.
    NoAllow,
    /// The caller is the account root user, which needs no identity policy: it may do whatever
    /// its account's SCPs and the resource's policies do not stop (IAM User Guide, *Policy
    /// evaluation logic*). Its layer is [`Layer::Identity`].
    RootUser,
}

/// One statement (or one layer without a matching statement) that decided the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub layer: Layer,
    pub kind: ReasonKind,
    /// The policy's name; `None` for a layer-wide [`ReasonKind::NoAllow`].
    pub policy: Option<Arc<str>>,
    /// The statement's 0-based index in its policy.
    pub statement: Option<usize>,
    pub sid: Option<Arc<str>>,
    #[serde(serialize_with = "serialize_span")]
    pub span: Option<Span>,
}

fn serialize_span<S: serde::Serializer>(
    span: &Option<Span>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match span {
        Some(span) => [span.start, span.end].serialize(serializer),
        None => serializer.serialize_none(),
    }
}

impl Reason {
    fn statement(layer: Layer, policy: &CompiledPolicy, statement: &CompiledStatement) -> Self {
        Self {
            layer,
            kind: if statement.effect == Effect::Deny {
                ReasonKind::Denies
            } else {
                ReasonKind::Allows
            },
            policy: Some(Arc::clone(&policy.name)),
            statement: Some(statement.index),
            sid: statement.sid.clone(),
            span: Some(statement.span),
        }
    }

    fn no_allow(layer: Layer) -> Self {
        Self::layer_wide(layer, ReasonKind::NoAllow)
    }

    fn layer_wide(layer: Layer, kind: ReasonKind) -> Self {
        Self {
            layer,
            kind,
            policy: None,
            statement: None,
            sid: None,
            span: None,
        }
    }
}

/// The decision with its reasons and the context keys the policies asked for but the request
/// lacked, or had only as a guess (a role session's `aws:PrincipalArn`, see [`Request`]).
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub decision: Decision,
    pub reasons: Vec<Reason>,
    pub missing_context: Vec<String>,
}

/// What one layer said: whether it allows, its best resource-policy grant, and its reasons.
struct Scan {
    /// Whether to collect reasons and missing keys, or only decide.
    explain: bool,
    denied: bool,
    denies: Vec<Reason>,
    allows: Vec<Reason>,
    missing: Vec<String>,
    has_boundary: bool,
}

impl Scan {
    /// Scans the policies of one layer; returns the strongest grant among its applying Allows.
    fn layer(
        &mut self,
        layer: Layer,
        policies: &[CompiledPolicy],
        target: &Target<'_>,
    ) -> Option<Grant> {
        let mut best = None;
        for policy in policies {
            match &policy.reach {
                Reach::Indexed(index) => {
                    let reached =
                        index.reached(target.action, target.action_hashes.get(target.action));
                    for statement in each_reached(&policy.statements, reached) {
                        let grant =
                            statement.applies_to_action(target, self.has_boundary, self.missing());
                        self.note(layer, policy, statement, grant, &mut best);
                    }
                }
                Reach::Every => {
                    for statement in policy.statements.iter() {
                        let grant =
                            statement.applies_to_action(target, self.has_boundary, self.missing());
                        self.note(layer, policy, statement, grant, &mut best);
                    }
                }
                Reach::Scan => {
                    for statement in policy.statements.iter() {
                        let grant = statement.applies(target, self.has_boundary, self.missing());
                        self.note(layer, policy, statement, grant, &mut best);
                    }
                }
            }
        }
        best
    }

    fn missing(&mut self) -> Option<&mut Vec<String>> {
        self.explain.then_some(&mut self.missing)
    }

    /// Records what one statement said: `grant` is `None` when it does not apply.
    #[inline]
    fn note(
        &mut self,
        layer: Layer,
        policy: &CompiledPolicy,
        statement: &CompiledStatement,
        grant: Option<Grant>,
        best: &mut Option<Grant>,
    ) {
        let Some(grant) = grant else {
            return;
        };
        if statement.effect == Effect::Deny {
            self.denied = true;
            if self.explain {
                self.denies
                    .push(Reason::statement(layer, policy, statement));
            }
        } else {
            if self.explain {
                self.allows
                    .push(Reason::statement(layer, policy, statement));
            }
            *best = (*best).max(Some(grant));
        }
    }
}

impl CompiledPolicySet {
    pub fn new(set: &PolicySet) -> Self {
        let compile = |policies: &[crate::eval::NamedPolicy]| {
            policies
                .iter()
                .map(|policy| CompiledPolicy::new(&policy.name, &policy.document))
                .collect::<Vec<_>>()
        };
        Self {
            identity: compile(&set.identity),
            boundary: compile(&set.boundary),
            session: set
                .session
                .as_ref()
                .map(|policy| CompiledPolicy::new(&policy.name, &policy.document)),
            scps: set.scps.iter().map(|level| compile(level)).collect(),
            rcps: set.rcps.iter().map(|level| compile(level)).collect(),
            resource: set
                .resource
                .as_ref()
                .map(|policy| CompiledPolicy::new(&policy.name, &policy.document)),
        }
    }

    /// The set narrowed to requests for `action` alone, for asking it of many resources: each
    /// policy keeps only the statements whose `Action` or `NotAction` covers it, so that no request
    /// looks at the others. Every layer keeps its meaning: a boundary that allows nothing of
    /// `action` still bounds, an SCP level that allows nothing still fails. Evaluating a request
    /// for another action gives wrong answers.
    pub fn for_action(&self, action: &ActionName) -> Self {
        let folded = action.as_str().to_ascii_lowercase();
        let hashes = LazyPrefixHashes::default();
        // Policies left without statements are dropped: a layer with policies but no applying
        // statement means what an empty one means, except that a boundary with none is no
        // boundary, so a boundary keeps one.
        let narrow = |policies: &[CompiledPolicy]| {
            policies
                .iter()
                .map(|policy| policy.narrowed(&folded, &hashes))
                .filter(|policy| !policy.statements.is_empty())
                .collect::<Vec<_>>()
        };
        let mut boundary = narrow(&self.boundary);
        if boundary.is_empty()
            && let Some(first) = self.boundary.first()
        {
            boundary.push(first.narrowed(&folded, &hashes));
        }
        Self {
            identity: narrow(&self.identity),
            boundary,
            session: self
                .session
                .as_ref()
                .map(|policy| policy.narrowed(&folded, &hashes)),
            scps: self.scps.iter().map(|level| narrow(level)).collect(),
            rcps: self.rcps.iter().map(|level| narrow(level)).collect(),
            resource: self
                .resource
                .as_ref()
                .map(|policy| policy.narrowed(&folded, &hashes)),
        }
    }

    /// The decision with its reasons and the context keys the policies lacked.
    pub fn evaluate(&self, request: &Request) -> Evaluation {
        self.run(request, true)
    }

    /// The decision alone, without collecting reasons: the fast path for bulk evaluation.
    pub fn decide(&self, request: &Request) -> Decision {
        self.run(request, false).decision
    }

    fn run(&self, request: &Request, explain: bool) -> Evaluation {
        let target = request.target();
        let target = &target;
        let mut scan = Scan {
            explain,
            denied: false,
            denies: Vec::new(),
            allows: Vec::new(),
            missing: Vec::new(),
            has_boundary: !self.boundary.is_empty(),
        };
        // SCP levels without an applying Allow (no allocation while every level allows).
        let mut scp_failures: Vec<usize> = Vec::new();
        for (level, policies) in self.scps.iter().enumerate() {
            if scan.layer(Layer::Scp { level }, policies, target).is_none() {
                scp_failures.push(level);
            }
        }
        for (level, policies) in self.rcps.iter().enumerate() {
            // RCPs can only deny: their implicit `RCPFullAWSAccess` allows everything else.
            let _allowed = scan.layer(Layer::Rcp { level }, policies, target);
        }
        let identity = scan
            .layer(Layer::Identity, &self.identity, target)
            .is_some();
        let boundary = scan
            .layer(Layer::PermissionBoundary, &self.boundary, target)
            .is_some();
        let session = self.session.as_ref().map(|policy| {
            scan.layer(Layer::Session, std::slice::from_ref(policy), target)
                .is_some()
        });
        // AWS attaches no identity policy, permissions boundary or session policy to the root
        // user, and it needs none. Such policies given with a root caller are still scanned, so
        // that a Deny in them wins: the answer never grants more than the policies given say.
        let root = request.principal_type == PrincipalType::Root;
        if root && explain {
            scan.allows
                .push(Reason::layer_wide(Layer::Identity, ReasonKind::RootUser));
        }
        let grant = self
            .resource
            .as_ref()
            .and_then(|policy| scan.layer(Layer::Resource, std::slice::from_ref(policy), target));

        let Scan {
            denied,
            denies,
            allows,
            missing,
            has_boundary,
            ..
        } = scan;
        if denied {
            return Evaluation {
                decision: Decision::ExplicitlyDenied,
                reasons: denies,
                missing_context: missing,
            };
        }

        let boundary_ok = root || !has_boundary || boundary;
        let session_ok = root || session.unwrap_or(true);
        let identity = root || identity;
        let identity_side = identity && boundary_ok && session_ok;
        // A grant to the exact caller is not limited by the boundary or the session policy; a grant
        // to the account delegates to IAM policies and allows nothing on its own.
        let resource_alone = match grant {
            Some(Grant::Direct) => true,
            Some(Grant::Role | Grant::Everyone) => boundary_ok && session_ok,
            Some(Grant::Account) | None => false,
        };
        let same_account = request.principal.account() == request.resource_account;
        // A KMS key's policy must allow (or delegate to IAM) even within its account; actions on
        // `*` such as `kms:ListKeys` involve no key.
        let key_policy_required = matches!(&request.resource, RequestResource::Arn(arn)
            if arn.service() == "kms" && arn.resource().starts_with("key/"));
        let (principal_side, resource_needed) = if !same_account {
            (identity_side && grant.is_some(), true)
        } else if key_policy_required {
            (resource_alone || (identity_side && grant.is_some()), true)
        } else {
            (identity_side || resource_alone, false)
        };
        let scps_ok = scp_failures.is_empty();

        if principal_side && scps_ok {
            let uses_identity = identity_side;
            let uses_resource = resource_alone || (resource_needed && grant.is_some());
            let mut reasons = allows;
            reasons.retain(|reason| match reason.layer {
                // The root user's identity side is its own access, not the policies given with it.
                Layer::Identity | Layer::PermissionBoundary | Layer::Session => {
                    uses_identity && (!root || reason.kind == ReasonKind::RootUser)
                }
                Layer::Resource => uses_resource,
                Layer::Scp { .. } | Layer::Rcp { .. } => true,
            });
            return Evaluation {
                decision: Decision::Allowed,
                reasons,
                missing_context: missing,
            };
        }

        if !explain {
            return Evaluation {
                decision: Decision::ImplicitlyDenied,
                reasons: Vec::new(),
                missing_context: missing,
            };
        }
        let mut reasons: Vec<Reason> = scp_failures
            .into_iter()
            .map(|level| Reason::no_allow(Layer::Scp { level }))
            .collect();
        if !principal_side {
            if !identity && (resource_needed || !resource_alone) {
                reasons.push(Reason::no_allow(Layer::Identity));
            }
            if !boundary_ok {
                reasons.push(Reason::no_allow(Layer::PermissionBoundary));
            }
            if !session_ok {
                reasons.push(Reason::no_allow(Layer::Session));
            }
            if resource_needed && grant.is_none() {
                reasons.push(Reason::no_allow(Layer::Resource));
            }
        }
        Evaluation {
            decision: Decision::ImplicitlyDenied,
            reasons,
            missing_context: missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_moved_to_another_resource_is_the_request_made_for_it() {
        let principal: Arn = "arn:aws:iam::111122223333:user/ana".parse().unwrap();
        let action = ActionName::parse("dynamodb:CreateBackup").unwrap();
        let resources = [
            "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
            "arn:AWS:DynamoDB:eu-west-1:444455556666:table/LongerNameThanBefore",
            "*",
            "arn:aws:s3:::bucket/key",
            "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
        ];
        let parsed: Vec<RequestResource> = resources
            .iter()
            .map(|text| RequestResource::parse(text).unwrap())
            .collect();
        let made = |resource: &RequestResource| {
            Request::new(
                principal.clone(),
                action.clone(),
                resource.clone(),
                None,
                Context::new(),
            )
        };
        let mut moved = made(&parsed[0]);
        for resource in &parsed {
            moved.set_resource(resource);
            let fresh = made(resource);
            assert_eq!(moved, fresh);
            assert_eq!(moved.resource_folded, fresh.resource_folded);
            assert_eq!(moved.resource_account(), fresh.resource_account());
        }
    }
}
