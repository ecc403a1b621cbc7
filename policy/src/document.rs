//! The IAM policy language as data: what a policy document says, and where in its text it says it.
//!
//! A [`Document`] keeps the shape it was written in (one statement or an array, a string or an
//! array of actions, the order of elements), so that printing a parsed document gives back the same
//! policy. Spans point into the source text; documents built in code carry [`Span::NONE`].

use crate::span::Span;

/// A value together with the place in the source text it came from.
///
/// Equality and hashing look at the value only, so a parsed document equals the same document built
/// in code.
#[derive(Debug, Clone, Eq, PartialOrd, Ord)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value that was not read from text.
    pub const fn new(value: T) -> Self {
        Self {
            value,
            span: Span::NONE,
        }
    }

    pub const fn at(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

/// IAM accepts a single value or an array wherever a list is allowed; which one was written is kept
/// so that printing gives the same text back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(value).iter(),
            OneOrMany::Many(values) => values.iter(),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            OneOrMany::One(_) => 1,
            OneOrMany::Many(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    /// Builds the array form, which is how generated policies are printed.
    fn from(values: Vec<T>) -> Self {
        OneOrMany::Many(values)
    }
}

/// The policy language version. Only `2012-10-17` knows policy variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    V2012_10_17,
    V2008_10_17,
}

impl Version {
    pub const fn as_str(self) -> &'static str {
        match self {
            Version::V2012_10_17 => "2012-10-17",
            Version::V2008_10_17 => "2008-10-17",
        }
    }
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    /// `None` when the document has no `Version`, which IAM treats as `2008-10-17`.
    pub version: Option<Spanned<Version>>,
    pub id: Option<Spanned<String>>,
    pub statement: OneOrMany<Statement>,
    /// Top-level element names in the order written; empty means the canonical order
    /// `Version`, `Id`, `Statement`.
    pub order: Vec<DocumentElement>,
    pub span: Span,
}

impl Document {
    pub fn statements(&self) -> std::slice::Iter<'_, Statement> {
        self.statement.iter()
    }

    /// Whether policy variables such as `${aws:username}` are substituted: only under `2012-10-17`.
    pub fn has_variables(&self) -> bool {
        matches!(
            self.version.as_ref().map(|v| v.value),
            Some(Version::V2012_10_17)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentElement {
    Version,
    Id,
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub const fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// One statement. `Action`/`NotAction` and the other pairs are each one field with a `negated` flag,
/// so a statement cannot hold both halves of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statement {
    pub sid: Option<Spanned<String>>,
    pub effect: Spanned<Effect>,
    /// Present in resource-based and trust policies only.
    pub principal: Option<PrincipalClause>,
    pub action: ActionClause,
    /// Absent in trust policies, which apply to the role they are attached to.
    pub resource: Option<ResourceClause>,
    /// Conditions in the order written; all must hold.
    pub condition: Option<Spanned<Vec<Condition>>>,
    /// Element names in the order written; empty means the canonical order
    /// `Sid`, `Effect`, `Principal`, `Action`, `Resource`, `Condition`.
    pub order: Vec<StatementElement>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatementElement {
    Sid,
    Effect,
    Principal,
    Action,
    Resource,
    Condition,
}

/// `Action` or, when `negated`, `NotAction`. Entries are the text as written, for example
/// `dynamodb:Describe*`; the evaluator compiles them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActionClause {
    pub negated: bool,
    pub actions: OneOrMany<Spanned<String>>,
    pub span: Span,
}

/// `Resource` or, when `negated`, `NotResource`. Entries are ARN patterns or `*` as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceClause {
    pub negated: bool,
    pub resources: OneOrMany<Spanned<String>>,
    pub span: Span,
}

/// `Principal` or, when `negated`, `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PrincipalClause {
    pub negated: bool,
    pub principal: Principal,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    Any,
    /// `"Principal": {"AWS": …, "Service": …}` in the order written.
    Map(Vec<(Spanned<PrincipalKind>, OneOrMany<Spanned<String>>)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One operator–key pair of a `Condition` block, with its values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    pub operator: Spanned<Operator>,
    /// The condition key as written; keys compare case-insensitively.
    pub key: Spanned<String>,
    pub values: OneOrMany<Spanned<ConditionValue>>,
}

/// A condition value as written in JSON. AWS's own policies use booleans and numbers as well as
/// strings; all are compared as their string form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConditionValue {
    String(String),
    Bool(bool),
    /// The number's JSON text, kept exactly as written.
    Number(String),
}

impl ConditionValue {
    /// The text IAM compares: `true`, `42`, or the string itself.
    pub fn as_text(&self) -> &str {
        match self {
            ConditionValue::String(text) | ConditionValue::Number(text) => text,
            ConditionValue::Bool(true) => "true",
            ConditionValue::Bool(false) => "false",
        }
    }
}

/// A condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    pub set: Option<SetOperator>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

/// The set qualifiers for multi-valued keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOperator {
    ForAllValues,
    ForAnyValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnNotEquals,
    ArnLike,
    ArnNotLike,
    Null,
}
