//! Evaluation cases in the reference simulator's format, shared by `backstop evaluate` and the
//! conformance corpus: one JSON object per case naming the policies and the request.
//!
//! ```json
//! {"id": "c1",
//!  "identityPolicies": [{"Version": "2012-10-17", "Statement": [...]}],
//!  "permissionBoundaries": [...], "sessionPolicy": {...}, "scps": [<level>, ...],
//!  "rcps": [<level>, ...], "resourcePolicy": {...},
//!  "request": {"principal": "arn:aws:iam::123456789012:role/X", "action": "dynamodb:CreateBackup",
//!              "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Movies",
//!              "resourceAccount": "123456789012", "context": {"aws:SourceIp": "1.2.3.4"}}}
//! ```
//!
//! A policy may also be written `{"name": "...", "policy": {...}}`; a level is one policy or an
//! array of them. Policies are borrowed as raw JSON text and compiled once per distinct text.

use crate::context::{Context, ContextValue};
use crate::eval::{
    ActionName, CompiledPolicy, CompiledPolicySet, Request, RequestError, RequestResource,
};
use crate::parse::parse;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;

/// One case as written. Fields other than these (`expect`, `note`, …) are ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case<'a> {
    #[serde(borrow, default)]
    pub id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub identity_policies: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    pub permission_boundaries: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    pub session_policy: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub scps: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    pub rcps: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    pub resource_policy: Option<&'a RawValue>,
    #[serde(borrow)]
    pub request: CaseRequest<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRequest<'a> {
    #[serde(borrow)]
    pub principal: Cow<'a, str>,
    #[serde(borrow)]
    pub action: Cow<'a, str>,
    #[serde(borrow)]
    pub resource: Cow<'a, str>,
    #[serde(borrow, default)]
    pub resource_account: Option<Cow<'a, str>>,
    #[serde(default)]
    pub context: Option<CaseContext>,
}

/// Request context values: strings, numbers, booleans, or arrays of them; `null` means absent.
#[derive(Debug, Default)]
pub struct CaseContext(pub Context);

/// A context value as JSON gives it; read by hand rather than as an untagged enum, which would
/// buffer every value and try each variant in turn.
enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<JsonValue>),
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = JsonValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number, boolean, null or array")
            }
            fn visit_unit<E>(self) -> Result<JsonValue, E> {
                Ok(JsonValue::Null)
            }
            fn visit_none<E>(self) -> Result<JsonValue, E> {
                Ok(JsonValue::Null)
            }
            fn visit_bool<E>(self, value: bool) -> Result<JsonValue, E> {
                Ok(JsonValue::Bool(value))
            }
            fn visit_i64<E>(self, value: i64) -> Result<JsonValue, E> {
                Ok(JsonValue::Number(value as f64))
            }
            fn visit_u64<E>(self, value: u64) -> Result<JsonValue, E> {
                Ok(JsonValue::Number(value as f64))
            }
            fn visit_f64<E>(self, value: f64) -> Result<JsonValue, E> {
                Ok(JsonValue::Number(value))
            }
            fn visit_str<E>(self, value: &str) -> Result<JsonValue, E> {
                Ok(JsonValue::String(value.to_owned()))
            }
            fn visit_string<E>(self, value: String) -> Result<JsonValue, E> {
                Ok(JsonValue::String(value))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(JsonValue::List(items))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonValue {
    fn into_context(self) -> Option<ContextValue> {
        Some(match self {
            JsonValue::Null => return None,
            JsonValue::Bool(flag) => ContextValue::Bool(flag),
            JsonValue::Number(number) => ContextValue::Number(number),
            JsonValue::String(text) => ContextValue::String(text),
            JsonValue::List(items) => ContextValue::List(
                items
                    .into_iter()
                    .filter_map(JsonValue::into_context)
                    .collect(),
            ),
        })
    }
}

impl<'de> Deserialize<'de> for CaseContext {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = CaseContext;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of context keys")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<CaseContext, A::Error> {
                let mut context = Context::new();
                while let Some((key, value)) = map.next_entry::<String, JsonValue>()? {
                    if let Some(value) = value.into_context() {
                        context.insert(key, value);
                    }
                }
                Ok(CaseContext(context))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The role a policy plays in a case, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    Identity,
    PermissionBoundary,
    Session,
    Scp,
    Rcp,
    Resource,
}

impl PolicyKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::PermissionBoundary => "permission boundary",
            PolicyKind::Session => "session",
            PolicyKind::Scp => "service control",
            PolicyKind::Rcp => "resource control",
            PolicyKind::Resource => "resource-based",
        }
    }

    /// The name a policy gets when the case gives none, as the reference simulator names them.
    const fn prefix(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::PermissionBoundary => "pb",
            PolicyKind::Session => "session",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
            PolicyKind::Resource => "resourcePolicy",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("invalid case: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{kind} policy `{name}`: {message}")]
    Policy {
        kind: &'static str,
        name: String,
        message: String,
    },
    #[error(transparent)]
    Request(#[from] RequestError),
}

/// Turns cases into requests and compiled policy sets, compiling each distinct policy text once.
#[derive(Debug)]
pub struct CaseLoader {
    cache: HashMap<(PolicyKind, Box<str>), Result<CompiledPolicy, String>>,
    /// Whether reasons get spans into the policy text, which costs a second reading of it.
    spans: bool,
}

impl Default for CaseLoader {
    fn default() -> Self {
        Self {
            cache: HashMap::new(),
            spans: true,
        }
    }
}

/// Distinct policy texts kept compiled; past this the cache starts over, bounding memory on
/// streams of millions of cases.
const CACHE_LIMIT: usize = 1024;

/// The `{"name": …, "policy": …}` form of a policy entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedForm<'a> {
    #[serde(default)]
    name: Option<serde_json::Value>,
    #[serde(borrow)]
    policy: &'a RawValue,
}

impl CaseLoader {
    pub fn new() -> Self {
        Self::default()
    }

    /// A loader whose reasons carry no spans ([`crate::span::Span::NONE`]): it reads each policy
    /// once instead of twice, for bulk evaluation that wants decisions only.
    pub fn without_spans() -> Self {
        Self {
            spans: false,
            ..Self::default()
        }
    }

    /// Reads one case from JSON text.
    pub fn read(text: &str) -> Result<Case<'_>, CaseError> {
        Ok(serde_json::from_str(text)?)
    }

    /// The request and the compiled policies of a case.
    pub fn load(&mut self, case: Case<'_>) -> Result<(Request, CompiledPolicySet), CaseError> {
        let mut set = CompiledPolicySet::default();
        for (index, raw) in case.identity_policies.iter().flatten().enumerate() {
            set.identity
                .push(self.policy(PolicyKind::Identity, index, raw)?);
        }
        for (index, raw) in case.permission_boundaries.iter().flatten().enumerate() {
            set.boundary
                .push(self.policy(PolicyKind::PermissionBoundary, index, raw)?);
        }
        if let Some(raw) = case.session_policy.filter(|raw| raw.get() != "null") {
            set.session = Some(self.policy(PolicyKind::Session, 0, raw)?);
        }
        for (kind, levels, out) in [
            (PolicyKind::Scp, &case.scps, &mut set.scps),
            (PolicyKind::Rcp, &case.rcps, &mut set.rcps),
        ] {
            for (level_index, level) in levels.iter().flatten().enumerate() {
                let members: Vec<&RawValue> = if level.get().trim_start().starts_with('[') {
                    serde_json::from_str(level.get())?
                } else {
                    vec![*level]
                };
                let mut compiled = Vec::with_capacity(members.len());
                for (index, raw) in members.into_iter().enumerate() {
                    let name_index = level_index * 1000 + index;
                    compiled.push(self.policy(kind, name_index, raw)?);
                }
                out.push(compiled);
            }
        }
        if let Some(raw) = case.resource_policy.filter(|raw| raw.get() != "null") {
            set.resource = Some(self.policy(PolicyKind::Resource, 0, raw)?);
        }
        let request = case.request;
        let context = request.context.map(|context| context.0).unwrap_or_default();
        let request = Request::new(
            crate::arn::Arn::parse(&request.principal).map_err(RequestError::from)?,
            ActionName::parse(&request.action)?,
            RequestResource::parse(&request.resource)?,
            request.resource_account.map(Cow::into_owned),
            context,
        );
        Ok((request, set))
    }

    fn policy(
        &mut self,
        kind: PolicyKind,
        index: usize,
        raw: &RawValue,
    ) -> Result<CompiledPolicy, CaseError> {
        let (name, text) = named(kind, index, raw)?;
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        let compiled = self
            .cache
            .entry((kind, text.into()))
            .or_insert_with(|| compile(kind, text, self.spans))
            .as_ref()
            .map_err(|message| CaseError::Policy {
                kind: kind.as_str(),
                name: name.clone(),
                message: message.clone(),
            })?;
        Ok(compiled.renamed(&name))
    }
}

fn named(kind: PolicyKind, index: usize, raw: &RawValue) -> Result<(String, &str), CaseError> {
    let default_name = || match kind {
        PolicyKind::Scp | PolicyKind::Rcp => {
            format!("{}-{}-{}", kind.prefix(), index / 1000, index % 1000)
        }
        PolicyKind::Session | PolicyKind::Resource => kind.prefix().to_owned(),
        _ => format!("{}-{index}", kind.prefix()),
    };
    let text = raw.get();
    if text.contains("\"policy\"")
        && let Ok(form) = serde_json::from_str::<NamedForm<'_>>(text)
    {
        let name = match form.name {
            Some(serde_json::Value::String(name)) => name,
            Some(serde_json::Value::Null) | None => default_name(),
            Some(other) => other.to_string(),
        };
        return Ok((name, form.policy.get()));
    }
    Ok((default_name(), text))
}

fn compile(kind: PolicyKind, text: &str, spans: bool) -> Result<CompiledPolicy, String> {
    let parsed = if spans {
        parse(text)
    } else {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => crate::parse::parse_value(&value),
            // The raw text came out of a case that was valid JSON, so this cannot happen; the
            // full parser gives the precise finding if it ever does.
            Err(_) => parse(text),
        }
    };
    if let Some(finding) = parsed.findings.iter().find(|finding| finding.is_error()) {
        return Err(format!("{} at `{}`", finding.message, finding.pointer));
    }
    let Some(document) = parsed.document else {
        return Err("the policy could not be read".to_owned());
    };
    for (index, statement) in document.statements().enumerate() {
        match (kind, &statement.principal) {
            (PolicyKind::Resource, None) => {
                return Err(format!(
                    "statement {index} has no `Principal`, which a resource-based policy needs"
                ));
            }
            (
                PolicyKind::Identity
                | PolicyKind::PermissionBoundary
                | PolicyKind::Session
                | PolicyKind::Scp,
                Some(_),
            ) => {
                return Err(format!(
                    "statement {index} has a `Principal`, which only resource-based policies have"
                ));
            }
            _ => {}
        }
    }
    Ok(CompiledPolicy::new("", &document))
}
