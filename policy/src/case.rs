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
//! array of them. [`CaseLoader::read`] borrows each policy as raw JSON text, which the loader
//! compiles once per distinct text and can point into; [`CaseLoader::read_values`] reads the
//! policies in the same pass as the case, for bulk evaluation that wants decisions only.

use crate::context::{Context, ContextValue};
use crate::eval::{
    ActionName, CompiledPolicy, CompiledPolicySet, Request, RequestError, RequestResource,
};
use crate::parse::{BorrowedValue, parse, parse_borrowed};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;

/// One case as written. Fields other than these (`expect`, `note`, …) are ignored.
///
/// `P` is how each policy is held: raw JSON text (the default), or a [`BorrowedValue`] read in the
/// same pass as the case.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "P: Deserialize<'de>"))]
pub struct Case<'a, P = &'a RawValue> {
    #[serde(borrow, default)]
    pub id: Option<&'a RawValue>,
    #[serde(default)]
    pub identity_policies: Option<Vec<P>>,
    #[serde(default)]
    pub permission_boundaries: Option<Vec<P>>,
    #[serde(default)]
    pub session_policy: Option<P>,
    #[serde(default)]
    pub scps: Option<Vec<P>>,
    #[serde(default)]
    pub rcps: Option<Vec<P>>,
    #[serde(default)]
    pub resource_policy: Option<P>,
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
                // Room for the keys a case usually gives and the few `Request::new` adds.
                let mut context = Context::with_capacity(8);
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

    /// The prefix of the name a policy gets when the case gives none.
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

    /// Reads one case from JSON text, each policy kept as its raw text.
    pub fn read(text: &str) -> Result<Case<'_>, CaseError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Reads one case from JSON text with its policies read in the same pass: the fast way to
    /// evaluate many cases. Policies read this way are not cached, their reasons carry no spans
    /// whatever the loader, and [`CaseLoader::load`] compiles them for the case's action alone
    /// (see [`CompiledPolicy::for_action`]): the set answers the case's own request only.
    pub fn read_values(text: &str) -> Result<Case<'_, BorrowedValue<'_>>, CaseError> {
        Ok(serde_json::from_str(text)?)
    }

    /// The request and the compiled policies of a case.
    pub fn load<P: CasePolicy>(
        &mut self,
        case: Case<'_, P>,
    ) -> Result<(Request, CompiledPolicySet), CaseError> {
        // Read first so that policies may be compiled for it; its error, if any, comes after
        // the policies' errors and the principal's.
        let action = ActionName::parse(&case.request.action);
        let for_action = action.as_ref().ok();
        let mut set = CompiledPolicySet::default();
        for (index, policy) in case.identity_policies.into_iter().flatten().enumerate() {
            set.identity
                .push(policy.compile(self, PolicyKind::Identity, index, for_action)?);
        }
        for (index, policy) in case.permission_boundaries.into_iter().flatten().enumerate() {
            set.boundary.push(policy.compile(
                self,
                PolicyKind::PermissionBoundary,
                index,
                for_action,
            )?);
        }
        if let Some(policy) = case.session_policy {
            set.session = Some(policy.compile(self, PolicyKind::Session, 0, for_action)?);
        }
        for (kind, levels, out) in [
            (PolicyKind::Scp, case.scps, &mut set.scps),
            (PolicyKind::Rcp, case.rcps, &mut set.rcps),
        ] {
            for (level_index, level) in levels.into_iter().flatten().enumerate() {
                let members = level.level_members()?;
                let mut compiled = Vec::with_capacity(members.len());
                for (index, policy) in members.into_iter().enumerate() {
                    let name_index = level_index * 1000 + index;
                    compiled.push(policy.compile(self, kind, name_index, for_action)?);
                }
                out.push(compiled);
            }
        }
        if let Some(policy) = case.resource_policy {
            set.resource = Some(policy.compile(self, PolicyKind::Resource, 0, for_action)?);
        }
        let request = case.request;
        let context = request
            .context
            .map_or_else(|| Context::with_capacity(4), |context| context.0);
        let request = Request::new(
            crate::arn::Arn::parse(&request.principal).map_err(RequestError::from)?,
            action?,
            RequestResource::parse(&request.resource)?,
            request.resource_account.map(Cow::into_owned),
            context,
        );
        Ok((request, set))
    }

    fn cached(
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

/// A policy as a case holds it, which decides how the loader splits, names and compiles it.
pub trait CasePolicy: Sized {
    /// The policies of an SCP or RCP level: the items of an array, or the policy alone.
    fn level_members(self) -> Result<Vec<Self>, CaseError>;

    /// The policy compiled under its name: the one the case gives, or `kind`'s default. With
    /// `action`, the compiled policy may answer requests with that action alone.
    fn compile(
        self,
        loader: &mut CaseLoader,
        kind: PolicyKind,
        index: usize,
        action: Option<&ActionName>,
    ) -> Result<CompiledPolicy, CaseError>;
}

impl CasePolicy for &RawValue {
    fn level_members(self) -> Result<Vec<Self>, CaseError> {
        if self.get().trim_start().starts_with('[') {
            Ok(serde_json::from_str(self.get())?)
        } else {
            Ok(vec![self])
        }
    }

    fn compile(
        self,
        loader: &mut CaseLoader,
        kind: PolicyKind,
        index: usize,
        _action: Option<&ActionName>,
    ) -> Result<CompiledPolicy, CaseError> {
        // Cached policies serve cases with any action, so they are compiled whole.
        loader.cached(kind, index, self)
    }
}

impl CasePolicy for BorrowedValue<'_> {
    fn level_members(self) -> Result<Vec<Self>, CaseError> {
        match self {
            BorrowedValue::Array(items) => Ok(items),
            policy => Ok(vec![policy]),
        }
    }

    fn compile(
        self,
        _loader: &mut CaseLoader,
        kind: PolicyKind,
        index: usize,
        action: Option<&ActionName>,
    ) -> Result<CompiledPolicy, CaseError> {
        let (name, policy) = named_value(kind, index, self);
        let parsed = parse_borrowed(&policy);
        let document = checked(kind, &parsed).map_err(|message| CaseError::Policy {
            kind: kind.as_str(),
            name: name.clone(),
            message,
        })?;
        Ok(match action {
            Some(action) => CompiledPolicy::for_action(&name, document, action),
            None => CompiledPolicy::new(&name, document),
        })
    }
}

/// The name a policy gets when the case gives none, as the reference simulator names them.
/// Written without `format!`, which costs more than the rest of naming a policy.
fn default_name(kind: PolicyKind, index: usize) -> String {
    let mut name = String::with_capacity(24);
    name.push_str(kind.prefix());
    match kind {
        PolicyKind::Scp | PolicyKind::Rcp => {
            push_number(&mut name, index / 1000);
            push_number(&mut name, index % 1000);
        }
        PolicyKind::Session | PolicyKind::Resource => {}
        _ => push_number(&mut name, index),
    }
    name
}

/// Appends `-` and the decimal digits of `number`.
fn push_number(name: &mut String, number: usize) {
    name.push('-');
    let start = name.len();
    let mut rest = number;
    loop {
        let digit = u8::try_from(rest % 10).unwrap_or_default();
        name.insert(start, char::from(b'0' + digit));
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
}

/// A name given as another JSON value than a string is named by its JSON text.
fn given_name(name: Option<serde_json::Value>, kind: PolicyKind, index: usize) -> String {
    match name {
        Some(serde_json::Value::String(name)) => name,
        Some(serde_json::Value::Null) | None => default_name(kind, index),
        Some(other) => other.to_string(),
    }
}

fn named(kind: PolicyKind, index: usize, raw: &RawValue) -> Result<(String, &str), CaseError> {
    let text = raw.get();
    if text.contains("\"policy\"")
        && let Ok(form) = serde_json::from_str::<NamedForm<'_>>(text)
    {
        return Ok((given_name(form.name, kind, index), form.policy.get()));
    }
    Ok((default_name(kind, index), text))
}

/// The `{"name": …, "policy": …}` form read from a value: an object with a `policy` and at most
/// a `name` besides. Keys are compared unescaped and a repeated key counts once (the last), as the
/// reference simulator's `JSON.parse` reads them; the raw-text reading refuses both.
fn named_value(
    kind: PolicyKind,
    index: usize,
    value: BorrowedValue<'_>,
) -> (String, BorrowedValue<'_>) {
    let is_form = |entries: &[(Cow<'_, str>, BorrowedValue<'_>)]| {
        entries.iter().any(|(key, _)| key == "policy")
            && entries
                .iter()
                .all(|(key, _)| key == "policy" || key == "name")
    };
    match value {
        BorrowedValue::Object(entries) if is_form(&entries) => {
            let mut name = None;
            let mut policy = BorrowedValue::Null;
            for (key, value) in entries {
                if key == "name" {
                    name = Some(value);
                } else {
                    policy = value;
                }
            }
            let name = match name {
                Some(BorrowedValue::String(name)) => name.into_owned(),
                other => given_name(other.as_ref().map(BorrowedValue::to_value), kind, index),
            };
            (name, policy)
        }
        policy => (default_name(kind, index), policy),
    }
}

fn compile(kind: PolicyKind, text: &str, spans: bool) -> Result<CompiledPolicy, String> {
    let parsed = if spans {
        parse(text)
    } else {
        match serde_json::from_str::<BorrowedValue<'_>>(text) {
            Ok(value) => parse_borrowed(&value),
            // The raw text came out of a case that was valid JSON, so this cannot happen; the
            // full parser gives the precise finding if it ever does.
            Err(_) => parse(text),
        }
    };
    checked(kind, &parsed).map(|document| CompiledPolicy::new("", document))
}

/// The document, if it has no error finding and fits the role it plays. Borrowed, because
/// moving a document out of its `Parsed` copies it, which shows in bulk evaluation.
fn checked(
    kind: PolicyKind,
    parsed: &crate::parse::Parsed,
) -> Result<&crate::document::Document, String> {
    if let Some(finding) = parsed.findings.iter().find(|finding| finding.is_error()) {
        return Err(format!("{} at `{}`", finding.message, finding.pointer));
    }
    let Some(document) = &parsed.document else {
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
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    /// A case's answer in one line: its decision, or its error message.
    fn answer<P: CasePolicy>(
        loader: &mut CaseLoader,
        case: Result<Case<'_, P>, CaseError>,
    ) -> String {
        match case.and_then(|case| loader.load(case)) {
            Ok((request, set)) => {
                let evaluation = set.evaluate(&request);
                assert_eq!(set.decide(&request), evaluation.decision);
                format!("{:?} {:?}", evaluation.decision, evaluation.missing_context)
            }
            Err(error) => error.to_string(),
        }
    }

    /// Every case of the conformance corpus: the documentation cases and the generated ones.
    fn corpus() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let doc = std::fs::read_to_string(root.join("doc/doc_cases.json")).unwrap();
        let doc: Vec<&RawValue> = serde_json::from_str(&doc).unwrap();
        let mut cases: Vec<String> = doc.iter().map(|case| case.get().to_owned()).collect();
        let mut files: Vec<_> = std::fs::read_dir(root.join("generated"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(
                std::fs::File::open(file).unwrap(),
            ));
            cases.extend(reader.lines().map(Result::unwrap));
        }
        cases
    }

    #[test]
    fn read_values_answers_as_read_does_on_the_whole_corpus() {
        let cases = corpus();
        assert!(cases.len() > 20_000, "the corpus shrank to {}", cases.len());
        let mut raw_loader = CaseLoader::without_spans();
        let mut value_loader = CaseLoader::without_spans();
        for text in &cases {
            assert_eq!(
                answer(&mut value_loader, CaseLoader::read_values(text)),
                answer(&mut raw_loader, CaseLoader::read(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn default_names_follow_the_reference_simulator() {
        let names = [
            default_name(PolicyKind::Identity, 0),
            default_name(PolicyKind::Identity, 120),
            default_name(PolicyKind::PermissionBoundary, 3),
            default_name(PolicyKind::Scp, 2005),
            default_name(PolicyKind::Rcp, 10),
            default_name(PolicyKind::Session, 0),
            default_name(PolicyKind::Resource, 0),
        ];
        assert_eq!(
            names,
            [
                "identity-0",
                "identity-120",
                "pb-3",
                "scp-2-5",
                "rcp-0-10",
                "session",
                "resourcePolicy"
            ]
        );
    }

    #[test]
    fn read_values_reports_errors_in_statements_for_other_actions() {
        let case = r#"{"identityPolicies": [{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""},
                {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*"}]}],
            "request": {"principal": "arn:aws:iam::111122223333:role/A", "action": "dynamodb:CreateBackup", "resource": "*"}}"#;
        let expected =
            "identity policy `identity-0`: `Resource` is empty at `/Statement/1/Resource`";
        let mut loader = CaseLoader::without_spans();
        assert_eq!(answer(&mut loader, CaseLoader::read(case)), expected);
        assert_eq!(answer(&mut loader, CaseLoader::read_values(case)), expected);
        let principal_only = case.replace(r#""Resource": """#, r#""Resource": "*""#);
        let expected = "identity policy `identity-0`: statement 2 has a `Principal`, which only resource-based policies have";
        assert_eq!(
            answer(&mut loader, CaseLoader::read(&principal_only)),
            expected
        );
        assert_eq!(
            answer(&mut loader, CaseLoader::read_values(&principal_only)),
            expected
        );
    }

    #[test]
    fn read_values_names_policies_as_read_does() {
        let case = r#"{"identityPolicies": [{"name": {"b": 1, "a": [2]}, "policy": {"Statement": {"Effect": "Allow", "Action": "*"}}},
            {"name": null, "policy": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}],
            "scps": [[{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}, {"name": "Guard", "policy": {"Statement": []}}]],
            "request": {"principal": "arn:aws:iam::111122223333:role/A", "action": "dynamodb:CreateBackup", "resource": "*"}}"#;
        let expected = r#"identity policy `{"b":1,"a":[2]}`: statement has no `Resource` or `NotResource` at `/Statement`"#;
        let mut loader = CaseLoader::without_spans();
        assert_eq!(answer(&mut loader, CaseLoader::read(case)), expected);
        assert_eq!(answer(&mut loader, CaseLoader::read_values(case)), expected);
        let fixed = case.replace(
            r#""Action": "*"}}}"#,
            r#""Action": "*", "Resource": "*"}}}"#,
        );
        let (_, set) = loader
            .load(CaseLoader::read_values(&fixed).unwrap())
            .unwrap();
        let names: Vec<&str> = set
            .identity
            .iter()
            .chain(set.scps.iter().flatten())
            .map(CompiledPolicy::name)
            .collect();
        assert_eq!(
            names,
            [r#"{"b":1,"a":[2]}"#, "identity-1", "scp-0-0", "Guard"]
        );
    }
}
