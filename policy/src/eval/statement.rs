//! One statement compiled for evaluation: patterns built once, conditions typed once.

use super::{PRINCIPAL_ARN, PrincipalType, Request, Target, TargetResource};
use crate::arn::Arn;
use crate::condition::CompiledCondition;
use crate::context::ContextValue;
use crate::document::{Effect, Principal, PrincipalKind, ResourceClause, Statement};
use crate::pattern::{ArnPattern, Keyed, Pattern, matches_folded_text};
use crate::span::Span;
use crate::variables::Template;
use std::borrow::Cow;
// Faster than std's SipHash on the short ARN keys a request looks up in every statement that
// names many tables, and still seeded per process, so crafted policies cannot force collisions.
use foldhash::HashSet;
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
    resources: Option<Resources>,
    /// Whether the resources cover every request (`"*"` among them, or no `Resource` at all).
    any_resource: bool,
    conditions: Vec<CompiledCondition>,
}

#[derive(Debug, Clone)]
struct Matcher<T> {
    negated: bool,
    entries: Vec<T>,
}

/// A `Resource` or `NotResource` element.
#[derive(Debug, Clone)]
struct Resources {
    negated: bool,
    /// Wildcard-free ARNs by [`ArnPattern::folded_key`], when there are more than
    /// [`LOOKUP_ABOVE`] of them: a statement naming hundreds of tables then answers with one
    /// lookup instead of a pattern per table.
    plain: Option<HashSet<Box<str>>>,
    /// ARNs whose only wildcard is a final `*` (`…:table/Orders/backup/*`), by the length and
    /// text of their [`ArnPattern::folded_key`], when there are more than [`LOOKUP_ABOVE`] of
    /// them and few lengths: each length costs one lookup. Empty otherwise.
    prefixes: Vec<(usize, HashSet<Box<str>>)>,
    /// The entries in neither table.
    entries: Vec<ResourceEntry>,
}

/// How many wildcard-free ARNs (or ARNs ending in their only `*`) a statement holds before they
/// are looked up rather than tried in turn: below this, hashing the request's ARN costs about as
/// much as comparing it to each.
const LOOKUP_ABOVE: usize = 8;

/// How many prefixes of one length a lookup must stand for, on average, to pay for hashing.
const PREFIXES_PER_LOOKUP: usize = 4;

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
        let resources = statement
            .resource
            .as_ref()
            .map(|clause| Resources::compile(clause, variables));
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
        let any_resource = resources.as_ref().is_none_or(|resources| {
            !resources.negated
                && resources.entries.iter().any(|entry| {
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
        self.resources.as_ref().is_some_and(|resources| {
            resources.entries.iter().any(|entry| {
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
        self.resources
            .as_ref()
            .is_none_or(|resources| resources.matches(target))
    }
}

impl Resources {
    fn compile(clause: &ResourceClause, variables: bool) -> Self {
        let mut entries: Vec<ResourceEntry> = clause
            .resources
            .iter()
            .map(|resource| resource_entry(&resource.value, variables))
            .collect();
        let count = |kind: Keyed| {
            entries
                .iter()
                .filter(|entry| entry.keyed() == Some(kind))
                .count()
        };
        let take_plain = count(Keyed::Exact) > LOOKUP_ABOVE;
        let prefix_count = count(Keyed::Prefix);
        let mut prefixes: Vec<(usize, HashSet<Box<str>>)> = Vec::new();
        if prefix_count > LOOKUP_ABOVE {
            for (_, key) in entries
                .iter()
                .filter_map(ResourceEntry::folded_key)
                .filter(|(kind, _)| *kind == Keyed::Prefix)
            {
                let length = key.len();
                let group = match prefixes.iter().position(|(known, _)| *known == length) {
                    Some(index) => prefixes.get_mut(index),
                    None => {
                        prefixes.push((length, HashSet::default()));
                        prefixes.last_mut()
                    }
                };
                if let Some((_, keys)) = group {
                    keys.insert(key.into_boxed_str());
                }
            }
            if prefixes.len() * PREFIXES_PER_LOOKUP > prefix_count {
                prefixes = Vec::new();
            }
        }
        let take_prefixes = !prefixes.is_empty();
        let mut plain = take_plain.then(HashSet::default);
        if take_plain || take_prefixes {
            entries.retain(|entry| match (entry.keyed(), &mut plain) {
                (Some(Keyed::Exact), Some(plain)) => entry
                    .folded_key()
                    .map(|(_, key)| plain.insert(key.into_boxed_str()))
                    .is_none(),
                (Some(Keyed::Prefix), _) => !take_prefixes,
                _ => true,
            });
        }
        Self {
            negated: clause.negated,
            plain,
            prefixes,
            entries,
        }
    }

    /// Whether the element covers the request's resource: for `NotResource`, whether no entry
    /// matches it and no entry is left open by a variable without value.
    fn matches(&self, target: &Target<'_>) -> bool {
        // A keyed ARN pattern matches only an ARN, and then exactly when the ARN's folded text
        // is its key or, for a prefix, starts with it.
        if let TargetResource::Arn { folded, .. } = &target.resource {
            let text = folded.as_str();
            let listed = self
                .plain
                .as_ref()
                .is_some_and(|plain| plain.contains(text))
                || self.prefixes.iter().any(|(length, keys)| {
                    text.get(..*length).is_some_and(|head| keys.contains(head))
                });
            if listed {
                return !self.negated;
            }
        }
        for entry in &self.entries {
            match entry.matches(target) {
                // A variable without value: the entry matches nothing, and a `NotResource` that
                // holds it cannot be sure what it excludes, so the statement does not apply.
                None if self.negated => return false,
                None | Some(false) => {}
                // For `NotResource` a match excludes the request whatever the other entries say.
                Some(true) => return !self.negated,
            }
        }
        self.negated
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
    /// Whether [`Resources`] may look the entry up, and how.
    fn keyed(&self) -> Option<Keyed> {
        match self {
            ResourceEntry::Fixed(pattern) => pattern.keyed(),
            ResourceEntry::Template(_) => None,
        }
    }

    fn folded_key(&self) -> Option<(Keyed, String)> {
        match self {
            ResourceEntry::Fixed(pattern) => pattern.folded_key(),
            ResourceEntry::Template(_) => None,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{ActionName, RequestResource};
    use proptest::prelude::*;

    fn statement(resources: &[String], negated: bool) -> Statement {
        let element = if negated { "NotResource" } else { "Resource" };
        let text = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": "dynamodb:*", element: resources},
        })
        .to_string();
        let document = crate::parse::parse(&text).document.unwrap();
        document.statement.iter().next().unwrap().clone()
    }

    fn request(resource: Option<&str>, team: Option<&str>) -> Request {
        let context = team
            .map(|team| ("aws:PrincipalTag/team", ContextValue::from(team)))
            .into_iter()
            .collect();
        Request::new(
            Arn::parse("arn:aws:iam::123456789012:role/Ops").unwrap(),
            ActionName::parse("dynamodb:CreateBackup").unwrap(),
            resource.map_or(RequestResource::Any, |arn| {
                RequestResource::Arn(Arn::parse(arn).unwrap())
            }),
            None,
            context,
        )
    }

    /// The reference: every entry tried in turn, as statements matched before plain ARNs were
    /// looked up.
    fn scan(statement: &Statement, variables: bool, target: &Target<'_>) -> bool {
        let Some(clause) = &statement.resource else {
            return true;
        };
        let mut any = false;
        for resource in clause.resources.iter() {
            match resource_entry(&resource.value, variables).matches(target) {
                None if clause.negated => return false,
                None | Some(false) => {}
                Some(true) => any = true,
            }
        }
        any != clause.negated
    }

    #[track_caller]
    fn check_as_scan(resources: &[String], negated: bool, variables: bool, request: &Request) {
        let statement = statement(resources, negated);
        let compiled = CompiledStatement::compile(0, &statement, variables);
        let target = request.target();
        assert_eq!(
            compiled.matches_resource(&target),
            scan(&statement, variables, &target),
            "{resources:?} negated {negated} variables {variables} vs {:?}",
            request.resource()
        );
    }

    fn table_arn(name: &str) -> String {
        format!("arn:aws:dynamodb:us-east-1:123456789012:table/{name}")
    }

    #[test]
    fn many_literal_resources_match_by_lookup_as_by_scan() {
        let tables: Vec<String> = (0..400)
            .map(|index| table_arn(&format!("orders-{index:03}")))
            .collect();
        let compiled = CompiledStatement::compile(0, &statement(&tables, false), true);
        assert_eq!(
            compiled
                .resources
                .as_ref()
                .and_then(|resources| resources.plain.as_ref())
                .map(HashSet::len),
            Some(400),
            "the tables are looked up, not scanned"
        );
        let requests = [
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-000",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-399",
            "arn:AWS:DynamoDB:US-EAST-1:123456789012:table/orders-250",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-400",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders-001",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-001/backup/1",
            "arn:aws:dynamodb:us-east-2:123456789012:table/orders-001",
            "arn:aws:dynamodb:us-east-1:210987654321:table/orders-001",
        ];
        for negated in [false, true] {
            for arn in requests.iter().copied().map(Some).chain([None]) {
                check_as_scan(&tables, negated, true, &request(arn, None));
            }
        }
        let target = request(Some(requests[2]), None);
        assert!(compiled.matches_resource(&target.target()));
        let target = request(Some(requests[4]), None);
        assert!(!compiled.matches_resource(&target.target()));
    }

    #[test]
    fn many_prefix_resources_match_by_lookup_as_by_scan() {
        let backups: Vec<String> = (0..48)
            .map(|index| table_arn(&format!("orders-{index:03}/backup/*")))
            .chain(["arn:aws:backup:us-east-1:123456789012:*".to_owned()])
            .collect();
        let compiled = CompiledStatement::compile(0, &statement(&backups, false), true);
        let resources = compiled.resources.as_ref().unwrap();
        assert_eq!(resources.prefixes.len(), 2, "one lookup per length");
        assert!(resources.entries.is_empty());
        let requests = [
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-000/backup/01",
            "arn:AWS:DynamoDB:US-EAST-1:123456789012:table/orders-047/backup/",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-048/backup/01",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders-001",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders-001/backup/01",
            "arn:aws:backup:us-east-1:123456789012:recovery-point:x",
            "arn:aws:backup:us-east-1:123456789013:recovery-point:x",
        ];
        for negated in [false, true] {
            for arn in requests.iter().copied().map(Some).chain([None]) {
                check_as_scan(&backups, negated, true, &request(arn, None));
            }
        }
        for (arn, expect) in requests
            .iter()
            .zip([true, true, false, false, false, true, false])
        {
            let request = request(Some(arn), None);
            assert_eq!(
                compiled.matches_resource(&request.target()),
                expect,
                "{arn}"
            );
        }
    }

    #[test]
    fn prefixes_of_many_lengths_are_tried_in_turn() {
        let tables: Vec<String> = (0..16)
            .map(|index| table_arn(&format!("{}*", "t".repeat(index + 1))))
            .collect();
        let compiled = CompiledStatement::compile(0, &statement(&tables, false), true);
        let resources = compiled.resources.unwrap();
        assert!(resources.prefixes.is_empty());
        assert_eq!(resources.entries.len(), 16);
    }

    #[test]
    fn not_resource_with_a_variable_without_value_does_not_apply_beside_looked_up_arns() {
        let resources: Vec<String> = (0..400)
            .map(|index| table_arn(&format!("orders-{index:03}")))
            .chain([table_arn("${aws:PrincipalTag/team}")])
            .collect();
        let compiled = CompiledStatement::compile(0, &statement(&resources, true), true);
        let unlisted = Some("arn:aws:dynamodb:us-east-1:123456789012:table/other");
        for (team, expect) in [(None, false), (Some("team"), true), (Some("other"), false)] {
            let request = request(unlisted, team);
            assert_eq!(
                compiled.matches_resource(&request.target()),
                expect,
                "{team:?}"
            );
            check_as_scan(&resources, true, true, &request);
        }
    }

    #[test]
    fn few_literal_resources_are_tried_in_turn() {
        let tables: Vec<String> = (0..LOOKUP_ABOVE)
            .map(|index| table_arn(&index.to_string()))
            .collect();
        let compiled = CompiledStatement::compile(0, &statement(&tables, false), true);
        let resources = compiled.resources.unwrap();
        assert!(resources.plain.is_none());
        assert_eq!(resources.entries.len(), LOOKUP_ABOVE);
    }

    /// The entries of a `Resource`: plain table ARNs and ARNs ending in their only `*`, with
    /// heads in any case, often enough to be looked up; a few other wildcards, policy
    /// variables, and text that is no ARN.
    fn resources() -> impl Strategy<Value = Vec<String>> {
        let head = (
            "arn|ARN|Arn",
            "aws|AWS",
            "dynamodb|DynamoDB",
            "us-east-1|US-East-1",
        )
            .prop_map(|(arn, partition, service, region)| {
                format!("{arn}:{partition}:{service}:{region}:123456789012")
            });
        let with_head = |resource: &'static str| {
            (head.clone(), resource).prop_map(|(head, resource)| format!("{head}:{resource}"))
        };
        let plain = with_head("table/(t[0-5]|T1)(/backup/b)?");
        // Two key lengths, so that a dozen prefixes are enough for a table.
        let prefix = with_head("table/t[0-5]\\*|table/(t[0-5]|T1)/backup/\\*");
        let other = prop_oneof![
            1 => with_head("\\*|table/\\*"),
            1 => "arn:aws:dynamodb:(\\*|us-\\*|us-east-\\?):123456789012:table/t[0-5*?]\\*?",
            1 => Just("*".to_owned()),
            1 => Just("arn:aws:dynamodb:us-east-1:*".to_owned()),
            4 => with_head(
                "table/(t[0-5]|\\$\\{aws:PrincipalTag/team\\}|\\$\\{aws:PrincipalTag/team, 't2'\\}|\\$\\{\\*\\})"
            ),
            2 => "arn:aws:dynamodb:\\$\\{aws:PrincipalTag/team\\}:123456789012:table/t[0-5]",
            1 => "table/t[0-5]",
        ];
        (
            proptest::collection::vec(plain, 0..20),
            proptest::collection::vec(prefix, 0..20),
            proptest::collection::vec(other, 0..6),
        )
            .prop_flat_map(|(plain, prefix, other)| {
                Just([plain, prefix, other].concat()).prop_shuffle()
            })
    }

    proptest! {
        #[test]
        fn resource_lookup_matches_as_a_scan_of_the_same_entries(
            resources in resources(),
            negated: bool,
            variables: bool,
            arn in proptest::option::weighted(
                0.9,
                "arn:(aws|AWS):(dynamodb|DYNAMODB):(us-east-1|US-EAST-1|us-east-2):123456789012:table/(t[0-9]|T1)(/backup/b)?",
            ),
            team in proptest::option::of("t[0-5]|us-east-1"),
        ) {
            check_as_scan(&resources, negated, variables, &request(arn.as_deref(), team.as_deref()));
        }
    }
}
