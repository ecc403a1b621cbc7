//! One statement compiled for evaluation: patterns built once, conditions typed once.

use super::{PRINCIPAL_ARN, PrincipalType, Request, Target, TargetResource};
use crate::arn::Arn;
use crate::condition::CompiledCondition;
use crate::context::ContextValue;
use crate::document::{Effect, Principal, PrincipalKind, Statement};
use crate::pattern::{ArnPattern, Pattern, matches_folded_text};
use crate::span::Span;
use crate::variables::Template;
use std::borrow::Cow;
use std::sync::Arc;

/// How a resource-based policy's `Principal` covers the caller; the order is from weakest to
/// strongest, as it decides what the grant can do on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grant {
    /// The caller's account (`"123456789012"`, `…:root`): the account delegates to its own IAM
    /// policies, so the grant does not allow anything by itself within the account.
    Account,
    /// No `Principal` element (identity-side policies), `"*"`, or a `NotPrincipal` that excludes
    /// someone else.
    Everyone,
    /// The role of the caller's session.
    Role,
    /// The caller itself: its IAM user ARN, or its role session or federated-user ARN.
    Direct,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledStatement {
    pub index: usize,
    pub sid: Option<Arc<str>>,
    pub span: Span,
    pub effect: Effect,
    principal: Option<PrincipalMatcher>,
    actions: Matcher<Pattern>,
    resources: Option<Matcher<ResourceEntry>>,
    /// Whether the resources cover every request (`"*"` among them, or no `Resource` at all).
    any_resource: bool,
    conditions: Vec<CompiledCondition>,
}

#[derive(Debug, Clone)]
struct Matcher<T> {
    negated: bool,
    entries: Vec<T>,
}

#[derive(Debug, Clone)]
enum ResourceEntry {
    Fixed(ArnPattern),
    Template(Template),
}

#[derive(Debug, Clone)]
struct PrincipalMatcher {
    negated: bool,
    values: Vec<PrincipalValue>,
}

#[derive(Debug, Clone)]
enum PrincipalValue {
    Everyone,
    Account(String),
    Role { account: String, name: String },
    Exact(String),
}

impl CompiledStatement {
    pub fn compile(index: usize, statement: &Statement, variables: bool) -> Self {
        Self::with_actions(index, statement, variables, compile_actions(statement))
    }

    /// The statement compiled for requests whose action is `folded` (ASCII lowercase), or `None`
    /// when its `Action` or `NotAction` leaves that action out, so that it can never apply to
    /// them: the rest of it is then not compiled at all.
    pub fn compile_for_action(
        index: usize,
        statement: &Statement,
        variables: bool,
        folded: &str,
    ) -> Option<Self> {
        let clause = &statement.action;
        let named = clause
            .actions
            .iter()
            .any(|action| matches_folded_text(&action.value, folded));
        // Requests with another action are not asked of this statement, so its actions need no
        // patterns: an empty `NotAction` covers every action.
        let every_action = Matcher {
            negated: true,
            entries: Vec::new(),
        };
        (named != clause.negated)
            .then(|| Self::with_actions(index, statement, variables, every_action))
    }

    fn with_actions(
        index: usize,
        statement: &Statement,
        variables: bool,
        actions: Matcher<Pattern>,
    ) -> Self {
        let resources = statement.resource.as_ref().map(|clause| Matcher {
            negated: clause.negated,
            entries: clause
                .resources
                .iter()
                .map(|resource| resource_entry(&resource.value, variables))
                .collect(),
        });
        let principal = statement.principal.as_ref().map(|clause| PrincipalMatcher {
            negated: clause.negated,
            values: match &clause.principal {
                Principal::Any => vec![PrincipalValue::Everyone],
                Principal::Map(entries) => entries
                    .iter()
                    .flat_map(|(kind, values)| {
                        values
                            .iter()
                            .map(move |value| principal_value(kind.value, &value.value))
                    })
                    .collect(),
            },
        });
        let conditions = statement
            .condition
            .as_ref()
            .map(|block| {
                block
                    .value
                    .iter()
                    .map(|condition| CompiledCondition::compile(condition, variables))
                    .collect()
            })
            .unwrap_or_default();
        let any_resource = resources.as_ref().is_none_or(|matcher| {
            !matcher.negated
                && matcher.entries.iter().any(|entry| {
                    matches!(entry, ResourceEntry::Fixed(pattern) if pattern.matches_everything())
                })
        });
        Self {
            index,
            sid: statement
                .sid
                .as_ref()
                .map(|sid| Arc::from(sid.value.as_str())),
            span: statement.span,
            effect: statement.effect.value,
            principal,
            actions,
            resources,
            any_resource,
            conditions,
        }
    }

    /// Whether the statement applies to the request and, if so, how its principal covers the
    /// caller. Keys that conditions asked for and the request lacks go to `missing`, when given.
    pub fn applies(
        &self,
        target: &Target<'_>,
        has_boundary: bool,
        missing: Option<&mut Vec<String>>,
    ) -> Option<Grant> {
        if !self.matches_action(target.action) {
            return None;
        }
        self.applies_to_action(target, has_boundary, missing)
    }

    /// [`CompiledStatement::applies`] for a request whose action the caller already knows the
    /// statement's `Action` or `NotAction` covers.
    pub fn applies_to_action(
        &self,
        target: &Target<'_>,
        has_boundary: bool,
        missing: Option<&mut Vec<String>>,
    ) -> Option<Grant> {
        let request = target.request;
        let grant = match &self.principal {
            None => Grant::Everyone,
            Some(matcher) if !matcher.negated => matcher
                .values
                .iter()
                .filter_map(|value| value.covers(request))
                .max()?,
            // AWS: a Deny with NotPrincipal always applies to a principal that has a permissions
            // boundary, whatever NotPrincipal names.
            Some(_) if self.effect == Effect::Deny && has_boundary => Grant::Everyone,
            Some(matcher) if names_whole_chain(&matcher.values, request) => return None,
            Some(_) => Grant::Everyone,
        };
        let context = request.context();
        let Some(missing) = missing else {
            if !self.any_resource && !self.matches_resource(target) {
                return None;
            }
            return self
                .conditions
                .iter()
                .all(|condition| condition.evaluate(context))
                .then_some(grant);
        };
        // A role session's `aws:PrincipalArn` is a guess without the role's path: a statement
        // that reads it asks the caller for the real one, whether or not the guess matched.
        let guessed = request.principal_arn_guessed();
        if !self.any_resource {
            if guessed && self.resource_reads(PRINCIPAL_ARN) {
                note_missing(missing, PRINCIPAL_ARN);
            }
            if !self.matches_resource(target) {
                return None;
            }
        }
        // Every condition's key is noted when missing, also after one condition fails, so the
        // caller learns all the keys this statement asks for.
        let mut holds = true;
        for condition in &self.conditions {
            let present = if holds {
                let check = condition.check(context);
                holds = check.holds;
                check.key_present
            } else {
                context.contains(condition.key())
            };
            if !present {
                note_missing(missing, condition.key());
            }
            if guessed && condition.reads(PRINCIPAL_ARN) {
                note_missing(missing, PRINCIPAL_ARN);
            }
        }
        holds.then_some(grant)
    }

    /// Whether a `Resource` or `NotResource` entry reads context key `key` through a variable.
    fn resource_reads(&self, key: &str) -> bool {
        self.resources.as_ref().is_some_and(|matcher| {
            matcher.entries.iter().any(|entry| {
                matches!(entry, ResourceEntry::Template(template)
                    if template.variables().any(|variable| variable.key.eq_ignore_ascii_case(key)))
            })
        })
    }

    pub fn matches_action(&self, folded: &str) -> bool {
        self.actions.matches_folded(folded)
    }

    /// The statement's action patterns, and whether they are a `NotAction`.
    pub fn action_patterns(&self) -> (&[Pattern], bool) {
        (&self.actions.entries, self.actions.negated)
    }

    fn matches_resource(&self, target: &Target<'_>) -> bool {
        let Some(matcher) = &self.resources else {
            return true;
        };
        let mut any = false;
        for entry in &matcher.entries {
            match entry.matches(target) {
                // A variable without value: the entry matches nothing, and a `NotResource` that
                // holds it cannot be sure what it excludes, so the statement does not apply.
                None => {
                    if matcher.negated {
                        return false;
                    }
                }
                Some(true) => any = true,
                Some(false) => {}
            }
        }
        any != matcher.negated
    }
}

fn compile_actions(statement: &Statement) -> Matcher<Pattern> {
    Matcher {
        negated: statement.action.negated,
        entries: statement
            .action
            .actions
            .iter()
            .map(|action| Pattern::ignoring_case(&action.value))
            .collect(),
    }
}

impl Matcher<Pattern> {
    /// Whether an `Action` (or `NotAction`) covers an action given in ASCII lowercase.
    fn matches_folded(&self, folded: &str) -> bool {
        self.entries
            .iter()
            .any(|pattern| pattern.matches_folded(folded))
            != self.negated
    }
}

fn resource_entry(text: &str, variables: bool) -> ResourceEntry {
    if variables && text.contains("${") {
        return ResourceEntry::Template(Template::parse(text, true));
    }
    ResourceEntry::Fixed(ArnPattern::new(text, true))
}

impl ResourceEntry {
    /// Whether the entry matches the request's resource; `None` when a variable without value
    /// leaves that open.
    fn matches(&self, target: &Target<'_>) -> Option<bool> {
        let pattern = match self {
            ResourceEntry::Fixed(pattern) => {
                return Some(matches_resource(pattern, &target.resource));
            }
            ResourceEntry::Template(template) => template,
        };
        let context = target.request.context();
        if let Some(pieces) = pattern.pieces(|key| variable_text(context.get(key))) {
            return Some(matches_resource(
                &ArnPattern::from_pieces(pieces, true),
                &target.resource,
            ));
        }
        // A variable without value matches nothing. When it sits in the partition, service,
        // region or account, or another of those segments differs, the entry cannot match
        // whatever the value; only a variable in the resource part leaves the answer open.
        // The marker (NUL) never occurs in an ARN, so a segment holding it matches nothing.
        let marked =
            pattern.pieces(|key| variable_text(context.get(key)).or(Some(Cow::Borrowed("\0"))))?;
        let marked = ArnPattern::from_pieces(marked, true);
        match &target.resource {
            TargetResource::Arn { folded, .. }
                if marked.matches_leading_segments(&folded.segments()) =>
            {
                None
            }
            _ => Some(false),
        }
    }
}

fn matches_resource(pattern: &ArnPattern, resource: &TargetResource<'_>) -> bool {
    match resource {
        // A `"*"` request (actions without resource types) needs a statement for all resources.
        TargetResource::Any => pattern.matches_everything(),
        TargetResource::Arn { text, folded } => pattern.matches_folded_arn(text, folded),
    }
}

fn principal_value(kind: PrincipalKind, text: &str) -> PrincipalValue {
    if kind != PrincipalKind::Aws {
        return PrincipalValue::Exact(text.to_owned());
    }
    if text == "*" {
        return PrincipalValue::Everyone;
    }
    if text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return PrincipalValue::Account(text.to_owned());
    }
    let Ok(arn) = Arn::parse(text) else {
        return PrincipalValue::Exact(text.to_owned());
    };
    if arn.service() == "iam" && arn.resource() == "root" {
        return PrincipalValue::Account(arn.account().to_owned());
    }
    if arn.service() == "iam"
        && let Some(path) = arn.resource().strip_prefix("role/")
    {
        let name = path.rsplit('/').next().unwrap_or(path);
        return PrincipalValue::Role {
            account: arn.account().to_owned(),
            name: name.to_owned(),
        };
    }
    PrincipalValue::Exact(text.to_owned())
}

impl PrincipalValue {
    fn covers(&self, request: &Request) -> Option<Grant> {
        let caller = request.principal();
        match self {
            PrincipalValue::Everyone => Some(Grant::Everyone),
            PrincipalValue::Account(account) => {
                (caller.account() == account).then_some(Grant::Account)
            }
            PrincipalValue::Role { account, name } => {
                let same = caller.account() == account
                    && match request.principal_type() {
                        PrincipalType::Role => {
                            role_name(caller.resource(), "role/") == Some(name.as_str())
                        }
                        PrincipalType::AssumedRole => {
                            role_name(caller.resource(), "assumed-role/") == Some(name.as_str())
                        }
                        _ => false,
                    };
                same.then_some(Grant::Role)
            }
            PrincipalValue::Exact(text) => (caller.as_str() == text).then_some(Grant::Direct),
        }
    }
}

/// Adds `key` to the keys the caller should pass, once whatever its case.
fn note_missing(missing: &mut Vec<String>, key: &str) {
    if !missing.iter().any(|noted| noted.eq_ignore_ascii_case(key)) {
        missing.push(key.to_owned());
    }
}

/// Whether `NotPrincipal` exempts the caller. AWS may check the caller level by level — its
/// account, then its role, then its session — so a caller is exempt only when every level is
/// named: the account alone does not exempt its users, nor a role its sessions, nor a user ARN
/// without its account (IAM User Guide, "AWS JSON policy elements: NotPrincipal", "Specifying
/// NotPrincipal with Deny").
fn names_whole_chain(values: &[PrincipalValue], request: &Request) -> bool {
    let named = |level: Grant| {
        values.iter().any(|value| {
            matches!(value, PrincipalValue::Everyone) || value.covers(request) == Some(level)
        })
    };
    let account = named(Grant::Account);
    match request.principal_type() {
        PrincipalType::Root => account,
        PrincipalType::AssumedRole => account && named(Grant::Role) && named(Grant::Direct),
        PrincipalType::Role => account && (named(Grant::Role) || named(Grant::Direct)),
        PrincipalType::User | PrincipalType::FederatedUser => account && named(Grant::Direct),
        PrincipalType::Other => named(Grant::Direct),
    }
}

/// The role name in `role/path/Name` or `assumed-role/Name/session`.
pub(crate) fn role_name<'a>(resource: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = resource.strip_prefix(prefix)?;
    if prefix == "role/" {
        rest.rsplit('/').next()
    } else {
        rest.split('/').next()
    }
}

/// A context value as the text a policy variable stands for; multivalued keys have none.
fn variable_text<'a>(value: Option<&'a ContextValue>) -> Option<Cow<'a, str>> {
    match value {
        Some(ContextValue::List(_)) | None => None,
        Some(value) => Some(value.text()),
    }
}
