//! Reading policy JSON into a [`Document`], collecting every problem on the way.
//!
//! Text that is not JSON stops at serde_json's first error, at serde_json's position. Everything
//! else is gathered in one pass: unknown elements (with "did you mean"), wrong value types, both
//! halves of a pair (`Action` and `NotAction`), missing `Effect`, `Action` or `Resource`, empty
//! values, an invalid `Version`, unknown condition operators. The rules are AWS's: element names and
//! operators are case-sensitive, action names are not (the parser keeps them as written).
//!
//! ```
//! use policy::parse::parse;
//!
//! let text = r#"{"Version": "2012-10-17", "Statement": [{"effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
//! let parsed = parse(text);
//! assert!(parsed.document.is_none());
//! let messages: Vec<_> = parsed.findings.iter().map(|f| (f.code, f.message.as_str(), f.help.as_deref())).collect();
//! assert_eq!(messages, [
//!     ("unknown-element", "unknown element `effect`", Some("did you mean `Effect`?")),
//!     ("missing-effect", "statement has no `Effect`", Some(r#"add "Effect": "Allow" or "Effect": "Deny""#)),
//! ]);
//! ```

use std::borrow::Cow;

mod json;
mod operator;
pub(crate) mod suggest;
#[cfg(test)]
mod tests;

use crate::document::{
    ActionClause, Condition, ConditionValue, Document, DocumentElement, Effect, OneOrMany,
    Operator, Principal, PrincipalClause, PrincipalKind, ResourceClause, Spanned, Statement,
    StatementElement, Version,
};
use crate::finding::{Finding, Severity};
use crate::span::Span;
pub use json::BorrowedValue;
use json::{Entry, Json, View};
pub use operator::UnknownOperatorError;

/// What the parser read: the document, if it could be read, and every problem found.
///
/// `document` is `Some` whenever every part that evaluation reads could be represented as written,
/// even if there are findings: unknown elements (ignored), an invalid `Version` (read as absent),
/// empty strings and malformed action names or ARNs (kept as written; they match nothing), both
/// halves of a pair (the first one written is kept), a missing `Resource` (kept absent). It is
/// `None` when the text is not JSON, when `Statement` or a statement is missing or not an object,
/// when a statement has no valid `Effect` or no `Action`/`NotAction`, or when a `Principal`,
/// `Resource` or `Condition` could not be read (wrong type, unknown principal type or condition
/// operator): dropping such a part would change what the statement means. The linter shows findings
/// either way; callers that evaluate should refuse a policy with any error finding, as AWS does.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub document: Option<Document>,
    pub findings: Vec<Finding>,
}

impl Parsed {
    /// Whether AWS would reject the policy.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// Parses policy text, with spans of every element and value.
///
/// A document whose elements come in the canonical order (`Version`, `Id`, `Statement`; `Sid`,
/// `Effect`, `Principal`, `Action`, `Resource`, `Condition`) gets an empty `order`, so that it equals
/// the same document built in code.
///
/// Spaces that are not JSON whitespace, such as the non-breaking spaces a policy copied from a web
/// page brings along, are reported once and then read as spaces, so that the findings behind them
/// (a missing quote, say) show too.
pub fn parse(text: &str) -> Parsed {
    let (read, lookalike) = replace_lookalike_spaces(text);
    let mut parsed = parse_json(&read);
    if let Some(finding) = lookalike {
        // One of the spaces a lookalike became may be all a finding covers (serde_json stops at
        // it); in `text` the finding covers the whole character.
        for finding in &mut parsed.findings {
            finding.span = whole_characters(text, finding.span);
        }
        parsed.findings.insert(0, finding);
    }
    parsed
}

/// `span` widened to the characters of `text` it starts and ends in.
fn whole_characters(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

fn parse_json(text: &str) -> Parsed {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Parsed {
                document: None,
                findings: vec![invalid_json(text, &error)],
            };
        }
    };
    match json::parse_tree(text) {
        Some(tree) => read(&tree),
        // jsonc-parser in strict mode accepts all that serde_json does; should it ever refuse, the
        // policy is still read, only without spans.
        None => parse_value(&value),
    }
}

/// Replaces each space-like character outside strings that JSON does not allow by as many ASCII
/// spaces as it has bytes, so that every span into the result is a span into `text` (which
/// [`parse`] widens to whole characters where it ends inside one).
fn replace_lookalike_spaces(text: &str) -> (Cow<'_, str>, Option<Finding>) {
    let mut found: Vec<(usize, char)> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (index, character) in text.char_indices() {
        if in_string {
            match character {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if character == '"' {
            in_string = true;
        } else if lookalike_space_name(character).is_some() {
            found.push((index, character));
        }
    }
    let Some(&(first, character)) = found.first() else {
        return (Cow::Borrowed(text), None);
    };
    let mut replaced = String::with_capacity(text.len());
    let mut copied = 0;
    for &(index, character) in &found {
        replaced.push_str(text.get(copied..index).unwrap_or_default());
        replaced.extend(std::iter::repeat_n(' ', character.len_utf8()));
        copied = index + character.len_utf8();
    }
    replaced.push_str(text.get(copied..).unwrap_or_default());
    let name = lookalike_space_name(character).unwrap_or("space");
    let code_point = u32::from(character);
    let message = match found.len() {
        1 => format!("{name} (U+{code_point:04X}) outside a string"),
        count => format!(
            "{name} (U+{code_point:04X}) outside a string, and {} more like it",
            count - 1
        ),
    };
    let help = "AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; \
                copying a policy from a web page often brings these in";
    let span = Span::new(first, first + character.len_utf8());
    (
        Cow::Owned(replaced),
        Some(Finding::error("invalid-whitespace", message, span, "").with_help(help)),
    )
}

fn lookalike_space_name(character: char) -> Option<&'static str> {
    match character {
        '\u{a0}' => Some("non-breaking space"),
        '\u{202f}' => Some("narrow non-breaking space"),
        '\u{200b}' => Some("zero-width space"),
        '\u{feff}' => Some("byte order mark"),
        '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' => Some("typographic space"),
        _ => None,
    }
}

/// Parses a policy that is already JSON, such as one embedded in an evaluation case. Spans are
/// [`Span::NONE`]; findings still carry JSON pointers.
pub fn parse_value(value: &serde_json::Value) -> Parsed {
    read(value)
}

/// Parses a policy that serde read into a [`BorrowedValue`], as a bulk evaluation of cases does:
/// the same [`Parsed`] as [`parse_value`] gives for the same text, with fewer allocations.
pub fn parse_borrowed(value: &BorrowedValue<'_>) -> Parsed {
    read(value)
}

fn read<N: Json>(root: &N) -> Parsed {
    let mut reader = Reader {
        findings: Vec::new(),
        complete: true,
    };
    let document = reader.document(root);
    Parsed {
        document: document.filter(|_| reader.complete),
        findings: reader.findings,
    }
}

const DOCUMENT_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const PRINCIPAL_KINDS: [PrincipalKind; 4] = [
    PrincipalKind::Aws,
    PrincipalKind::Service,
    PrincipalKind::Federated,
    PrincipalKind::CanonicalUser,
];

const ACTION_EXAMPLE: &str = "dynamodb:CreateBackup";
const ARN_EXAMPLE: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";

/// Where a value sits, as a chain back to the root; rendered as a JSON pointer only when a finding
/// needs it, so that clean policies cost no string building.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// RFC 6901: `~` is written `~0` and `/` is written `~1`.
    fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut path = Some(self);
        while let Some(current) = path {
            segments.push(current.segment);
            path = current.parent;
        }
        let mut pointer = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) => {
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Segment::Index(index) => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
            }
        }
        pointer
    }
}

/// Element names in the order written. Most policies write them in the canonical order, which a
/// document records as an empty list, so the names stay on the stack until the end.
struct WrittenOrder<T: Copy + PartialEq + 'static> {
    canonical: &'static [T],
    // INVARIANT: holds each element at most once, so nine slots hold every element of a
    // statement (six kinds) or a document (three).
    written: [Option<T>; 9],
    count: usize,
}

impl<T: Copy + PartialEq + 'static> WrittenOrder<T> {
    fn new(canonical: &'static [T]) -> Self {
        Self {
            canonical,
            written: [None; 9],
            count: 0,
        }
    }

    fn push(&mut self, element: T) {
        if let Some(slot) = self.written.get_mut(self.count) {
            *slot = Some(element);
            self.count += 1;
        }
    }

    fn contains(&self, element: T) -> bool {
        self.written
            .iter()
            .flatten()
            .any(|written| *written == element)
    }

    /// The order as a document keeps it: empty when canonical.
    fn into_vec(self) -> Vec<T> {
        let elements = self.written.iter().flatten().copied();
        let rank = |element: T| self.canonical.iter().position(|other| *other == element);
        if elements.clone().is_sorted_by_key(rank) {
            Vec::new()
        } else {
            elements.collect()
        }
    }
}

/// The properties of an object each key once: as the tree gives them when its keys are known to
/// be distinct, else merged.
enum Unique<'n, N: Json + 'n> {
    Distinct(N::Entries<'n>),
    Merged(std::vec::IntoIter<Entry<'n, N>>),
}

impl<'n, N: Json + 'n> Iterator for Unique<'n, N> {
    type Item = Entry<'n, N>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Unique::Distinct(entries) => entries.next(),
            Unique::Merged(entries) => entries.next(),
        }
    }
}

struct Reader {
    findings: Vec<Finding>,
    /// False once a part that evaluation needs could not be read.
    complete: bool,
}

impl Reader {
    fn report(
        &mut self,
        code: &'static str,
        message: String,
        help: Option<String>,
        span: Span,
        path: &Path<'_>,
    ) {
        let mut finding = Finding::error(code, message, span, path.pointer());
        finding.help = help;
        self.findings.push(finding);
    }

    fn wrong_type<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        what: &str,
        expected: &str,
        help: String,
    ) {
        let found = node.view().kind();
        self.report(
            "wrong-type",
            format!("{what} must be {expected}, not {found}"),
            Some(help),
            node.span(),
            path,
        );
    }

    /// The properties of an object, each key once. serde_json keeps the last of repeated keys at
    /// the place of the first; the same is done here so both sources read alike, and said.
    fn entries<'n, N: Json>(&mut self, entries: N::Entries<'n>, path: &Path<'_>) -> Unique<'n, N> {
        if N::UNIQUE_KEYS || entries.len() < 2 {
            return Unique::Distinct(entries);
        }
        let mut unique: Vec<Entry<'n, N>> = Vec::with_capacity(entries.len());
        let mut index_of = std::collections::HashMap::with_capacity(entries.len());
        for entry in entries {
            match index_of
                .get(entry.key)
                .and_then(|index: &usize| unique.get_mut(*index))
            {
                Some(first) => {
                    // A warning, not an error: the document still means one thing (the last key
                    // wins, as in serde_json), so reading it from text or from an already-parsed
                    // value must give the same decision.
                    let mut finding = Finding::new(
                        "duplicate-key",
                        Severity::Warning,
                        format!("`{}` appears more than once", entry.key),
                        entry.key_span,
                        path.key(entry.key).pointer(),
                    );
                    finding.help = Some(format!(
                        "only the last `{}` counts: merge them into one",
                        entry.key
                    ));
                    self.findings.push(finding);
                    *first = entry;
                }
                None => {
                    index_of.insert(entry.key, unique.len());
                    unique.push(entry);
                }
            }
        }
        Unique::Merged(unique.into_iter())
    }

    fn unknown_element(&mut self, key: &str, span: Span, path: &Path<'_>, in_statement: bool) {
        let (here, elsewhere, place): (&[&str], &[&str], &str) = if in_statement {
            (
                &STATEMENT_ELEMENTS,
                &DOCUMENT_ELEMENTS,
                "at the top of the policy, outside `Statement`",
            )
        } else {
            (
                &DOCUMENT_ELEMENTS,
                &STATEMENT_ELEMENTS,
                "inside a statement in `Statement`",
            )
        };
        let help = if elsewhere.contains(&key) {
            format!("`{key}` belongs {place}")
        } else if let Some(help) = suggest::help(key, here.iter().copied()) {
            help
        } else {
            let names: Vec<String> = here.iter().map(|name| format!("`{name}`")).collect();
            let container = if in_statement {
                "a statement"
            } else {
                "a policy"
            };
            format!("{container} may contain {}", names.join(", "))
        };
        self.report(
            "unknown-element",
            format!("unknown element `{key}`"),
            Some(help),
            span,
            path,
        );
    }

    fn document<N: Json>(&mut self, root: &N) -> Option<Document> {
        let path = Path::ROOT;
        let View::Object(entries) = root.view() else {
            self.complete = false;
            self.wrong_type(
                root,
                &path,
                "a policy",
                "a JSON object",
                r#"write the policy as {"Version": "2012-10-17", "Statement": [ … ]}"#.to_owned(),
            );
            return None;
        };
        let mut version = None;
        let mut id = None;
        let mut statement = None;
        let mut statement_written = false;
        let mut order = WrittenOrder::new(&DocumentElement::CANONICAL);
        for entry in self.entries::<N>(entries, &path) {
            let child = path.key(entry.key);
            let element = match entry.key {
                "Version" => {
                    version = self.version(entry.value, &child);
                    DocumentElement::Version
                }
                "Id" => {
                    id = self.string(entry.value, &child, "Id");
                    DocumentElement::Id
                }
                "Statement" => {
                    statement_written = true;
                    statement = self.statements(entry.value, &child);
                    DocumentElement::Statement
                }
                other => {
                    self.unknown_element(other, entry.key_span, &child, false);
                    continue;
                }
            };
            order.push(element);
        }
        if !statement_written {
            self.complete = false;
            self.report(
                "missing-statement",
                "policy has no `Statement`".to_owned(),
                Some(r#"add "Statement": [ … ] with at least one statement"#.to_owned()),
                root.span(),
                &path,
            );
        }
        Some(Document {
            version,
            id,
            statement: statement?,
            order: order.into_vec(),
            span: root.span(),
        })
    }

    fn version<N: Json>(&mut self, node: &N, path: &Path<'_>) -> Option<Spanned<Version>> {
        let help = "use `2012-10-17`, the current version; policy variables need it".to_owned();
        match node.view() {
            View::String("2012-10-17") => Some(Spanned::at(Version::V2012_10_17, node.span())),
            View::String("2008-10-17") => Some(Spanned::at(Version::V2008_10_17, node.span())),
            View::String(other) => {
                let message = format!("`{other}` is not a policy language version");
                self.report("invalid-version", message, Some(help), node.span(), path);
                None
            }
            _ => {
                self.wrong_type(node, path, "`Version`", "a string", help);
                None
            }
        }
    }

    fn string<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        name: &str,
    ) -> Option<Spanned<String>> {
        match node.view() {
            View::String(text) => Some(Spanned::at(text.to_owned(), node.span())),
            _ => {
                let help = format!(r#"write "{name}": "…" with the value in quotes"#);
                self.wrong_type(node, path, &format!("`{name}`"), "a string", help);
                None
            }
        }
    }

    fn statements<N: Json>(&mut self, node: &N, path: &Path<'_>) -> Option<OneOrMany<Statement>> {
        match node.view() {
            View::Object(_) => Some(OneOrMany::One(self.statement(node, path)?)),
            View::Array(nodes) => {
                // Every statement is read, also after one that cannot be, for its findings.
                let mut statements = Vec::with_capacity(nodes.len());
                let mut readable = true;
                for (index, node) in nodes.iter().enumerate() {
                    match self.statement(node, &path.index(index)) {
                        Some(statement) => statements.push(statement),
                        None => readable = false,
                    }
                }
                readable.then_some(OneOrMany::Many(statements))
            }
            _ => {
                self.complete = false;
                let help =
                    r#"write "Statement": [{"Effect": …, "Action": …, "Resource": …}]"#.to_owned();
                self.wrong_type(
                    node,
                    path,
                    "`Statement`",
                    "an object or an array of objects",
                    help,
                );
                None
            }
        }
    }

    fn statement<N: Json>(&mut self, node: &N, path: &Path<'_>) -> Option<Statement> {
        let View::Object(entries) = node.view() else {
            self.complete = false;
            let help =
                r#"write each statement as {"Effect": …, "Action": …, "Resource": …}"#.to_owned();
            self.wrong_type(node, path, "a statement", "an object", help);
            return None;
        };
        let mut sid = None;
        let mut effect = None;
        let mut principal = None;
        let mut action = None;
        let mut resource = None;
        let mut condition = None;
        let mut order = WrittenOrder::new(&StatementElement::CANONICAL);
        for entry in self.entries::<N>(entries, path) {
            let child = path.key(entry.key);
            let Some(element) = statement_element(entry.key) else {
                self.unknown_element(entry.key, entry.key_span, &child, true);
                continue;
            };
            // Keys are distinct, so an element already written under a key with a partner was
            // written under the partner.
            if let Some(partner) = partner(entry.key).filter(|_| order.contains(element)) {
                let message = format!(
                    "a statement cannot have both `{partner}` and `{}`",
                    entry.key
                );
                let (code, noun) = match element {
                    StatementElement::Principal => ("principal-and-not-principal", "principal"),
                    StatementElement::Action => ("action-and-not-action", "action"),
                    _ => ("resource-and-not-resource", "resource"),
                };
                let negative = if entry.key.starts_with("Not") {
                    entry.key
                } else {
                    partner
                };
                let help = format!(
                    "remove one of them: `{negative}` applies the statement to every {noun} except those it lists"
                );
                self.report(code, message, Some(help), entry.key_span, &child);
                continue;
            }
            order.push(element);
            let negated = entry.key.starts_with("Not");
            match element {
                StatementElement::Sid => sid = self.string(entry.value, &child, "Sid"),
                StatementElement::Effect => effect = self.effect(entry.value, &child),
                StatementElement::Principal => {
                    principal = self.principal(entry.value, &child, entry.key, negated);
                    self.complete &= principal.is_some();
                }
                StatementElement::Action => {
                    action = self.actions(entry.value, &child, entry.key, negated);
                }
                StatementElement::Resource => {
                    resource = self.resources(entry.value, &child, entry.key, negated);
                    self.complete &= resource.is_some();
                }
                StatementElement::Condition => {
                    condition = self.condition(entry.value, &child);
                    self.complete &= condition.is_some();
                }
            }
        }
        let has = |element| order.contains(element);
        if !has(StatementElement::Effect) {
            let help = r#"add "Effect": "Allow" or "Effect": "Deny""#.to_owned();
            self.report(
                "missing-effect",
                "statement has no `Effect`".to_owned(),
                Some(help),
                node.span(),
                path,
            );
        }
        if !has(StatementElement::Action) {
            let help = format!(
                r#"add "Action" with the actions it applies to, such as "{ACTION_EXAMPLE}""#
            );
            let message = "statement has no `Action` or `NotAction`".to_owned();
            self.report("missing-action", message, Some(help), node.span(), path);
        }
        if !has(StatementElement::Resource) && !has(StatementElement::Principal) {
            let help = format!(
                r#"add "Resource": "*" or the ARNs it applies to, such as "{ARN_EXAMPLE}"; only trust policies, which name a `Principal`, go without"#
            );
            let message = "statement has no `Resource` or `NotResource`".to_owned();
            self.report("missing-resource", message, Some(help), node.span(), path);
        }
        let (Some(effect), Some(action)) = (effect, action) else {
            self.complete = false;
            return None;
        };
        Some(Statement {
            sid,
            effect,
            principal,
            action,
            resource,
            condition,
            order: order.into_vec(),
            span: node.span(),
        })
    }

    fn effect<N: Json>(&mut self, node: &N, path: &Path<'_>) -> Option<Spanned<Effect>> {
        let span = node.span();
        let help = "use `Allow` or `Deny`".to_owned();
        match node.view() {
            View::String("Allow") => return Some(Spanned::at(Effect::Allow, span)),
            View::String("Deny") => return Some(Spanned::at(Effect::Deny, span)),
            View::String("") => self.report(
                "empty-effect",
                "`Effect` is empty".to_owned(),
                Some(help),
                span,
                path,
            ),
            View::String(other) => {
                let message = format!("`Effect` must be `Allow` or `Deny`, not `{other}`");
                let help = suggest::help(other, [Effect::Allow.as_str(), Effect::Deny.as_str()])
                    .unwrap_or(help);
                self.report("invalid-effect", message, Some(help), span, path);
            }
            _ => self.wrong_type(node, path, "`Effect`", "a string", help),
        }
        None
    }

    /// A string or an array of strings, as `Action`, `Resource` and principal values are written.
    fn strings<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        name: &str,
        example: &str,
    ) -> Option<OneOrMany<Spanned<String>>> {
        let help = || format!(r#"write "{name}": ["{example}"]"#);
        match node.view() {
            View::String(text) => Some(OneOrMany::One(Spanned::at(text.to_owned(), node.span()))),
            View::Array(nodes) => {
                let mut values = Vec::with_capacity(nodes.len());
                let mut readable = true;
                for (index, item) in nodes.iter().enumerate() {
                    match item.view() {
                        View::String(text) => {
                            values.push(Spanned::at(text.to_owned(), item.span()))
                        }
                        _ => {
                            readable = false;
                            let what = format!("each entry of `{name}`");
                            self.wrong_type(item, &path.index(index), &what, "a string", help());
                        }
                    }
                }
                readable.then_some(OneOrMany::Many(values))
            }
            _ => {
                self.wrong_type(
                    node,
                    path,
                    &format!("`{name}`"),
                    "a string or an array of strings",
                    help(),
                );
                None
            }
        }
    }

    /// Reports each empty entry of `values`, and each entry `valid` refuses.
    fn check_entries(
        &mut self,
        values: &OneOrMany<Spanned<String>>,
        path: &Path<'_>,
        name: &str,
        // The help is made only when a finding needs it: this runs for every action and resource
        // of every statement, and findings are rare.
        empty: (&'static str, &dyn Fn() -> String),
        valid: impl Fn(&str) -> Result<(), (&'static str, String, String)>,
    ) {
        let (empty_code, empty_help) = empty;
        for (index, value) in values.iter().enumerate() {
            let many = matches!(values, OneOrMany::Many(_));
            let at = if many { path.index(index) } else { *path };
            if value.value.is_empty() {
                let message = if many {
                    format!("`{name}` contains an empty string")
                } else {
                    format!("`{name}` is empty")
                };
                self.report(empty_code, message, Some(empty_help()), value.span, &at);
            } else if let Err((code, message, help)) = valid(&value.value) {
                self.report(code, message, Some(help), value.span, &at);
            }
        }
    }

    fn actions<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        name: &str,
        negated: bool,
    ) -> Option<ActionClause> {
        let actions = self.strings(node, path, name, ACTION_EXAMPLE)?;
        let empty_help =
            || format!("name an action such as `{ACTION_EXAMPLE}`, or `*` for every action");
        self.check_entries(
            &actions,
            path,
            name,
            ("empty-action", &empty_help),
            |action| {
                // IAM allows wildcards in the action name only: a service prefix is letters, digits
                // and hyphens (`dynamo*:CreateBackup` is refused).
                // One pass over the service prefix rather than `split_once`, whose `memchr` costs
                // more on names this short; this runs for every action of every policy read.
                let service = action
                    .bytes()
                    .take_while(
                        |byte| matches!(byte, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-'),
                    )
                    .count();
                let qualified = service > 0
                    && action.as_bytes().get(service) == Some(&b':')
                    && service + 1 < action.len();
                if action == "*" || qualified {
                    Ok(())
                } else {
                    Err((
                        "invalid-action",
                        format!("`{action}` is not an action name"),
                        format!(
                            "write the service prefix and the action, such as `{ACTION_EXAMPLE}`"
                        ),
                    ))
                }
            },
        );
        Some(ActionClause {
            negated,
            actions,
            span: node.span(),
        })
    }

    fn resources<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        name: &str,
        negated: bool,
    ) -> Option<ResourceClause> {
        let resources = self.strings(node, path, name, ARN_EXAMPLE)?;
        let help = || format!("use `*` or an ARN such as `{ARN_EXAMPLE}`");
        self.check_entries(
            &resources,
            path,
            name,
            ("empty-resource", &help),
            |resource| {
                // `**` and longer runs of `*` match everything, as `*` does.
                if resource.bytes().all(|byte| byte == b'*') || resource.starts_with("arn:") {
                    Ok(())
                } else {
                    Err((
                        "invalid-resource",
                        format!("`{resource}` is not an ARN"),
                        help(),
                    ))
                }
            },
        );
        Some(ResourceClause {
            negated,
            resources,
            span: node.span(),
        })
    }

    fn principal<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        name: &str,
        negated: bool,
    ) -> Option<PrincipalClause> {
        let help = || {
            r#"write "*" for everyone, or an object such as {"AWS": "arn:aws:iam::123456789012:root"} or {"Service": "backup.amazonaws.com"}"#
                .to_owned()
        };
        let principal = match node.view() {
            View::String("*") => Principal::Any,
            View::String(other) => {
                let message = format!("`{other}` is not a principal");
                self.report(
                    "invalid-principal",
                    message,
                    Some(help()),
                    node.span(),
                    path,
                );
                return None;
            }
            View::Object(entries) => {
                let mut map = Vec::with_capacity(entries.len());
                let mut readable = true;
                for entry in self.entries::<N>(entries, path) {
                    let child = path.key(entry.key);
                    let Some(kind) = PRINCIPAL_KINDS
                        .into_iter()
                        .find(|kind| kind.as_str() == entry.key)
                    else {
                        readable = false;
                        let help =
                            suggest::help(entry.key, PRINCIPAL_KINDS.map(PrincipalKind::as_str))
                                .unwrap_or_else(|| {
                                    "use `AWS`, `Service`, `Federated` or `CanonicalUser`"
                                        .to_owned()
                                });
                        let message = format!("unknown principal type `{}`", entry.key);
                        self.report(
                            "unknown-principal-type",
                            message,
                            Some(help),
                            entry.key_span,
                            &child,
                        );
                        continue;
                    };
                    let example = match kind {
                        PrincipalKind::Aws => "arn:aws:iam::123456789012:root",
                        PrincipalKind::Service => "backup.amazonaws.com",
                        PrincipalKind::Federated => "cognito-identity.amazonaws.com",
                        PrincipalKind::CanonicalUser => {
                            "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
                        }
                    };
                    let Some(values) = self.strings(entry.value, &child, entry.key, example) else {
                        readable = false;
                        continue;
                    };
                    let empty_help = || format!("name a principal such as `{example}`");
                    self.check_entries(
                        &values,
                        &child,
                        entry.key,
                        ("empty-principal", &empty_help),
                        |_| Ok(()),
                    );
                    map.push((Spanned::at(kind, entry.key_span), values));
                }
                if !readable {
                    return None;
                }
                Principal::Map(map)
            }
            _ => {
                self.wrong_type(
                    node,
                    path,
                    &format!("`{name}`"),
                    r#"`"*"` or an object"#,
                    help(),
                );
                return None;
            }
        };
        Some(PrincipalClause {
            negated,
            principal,
            span: node.span(),
        })
    }

    fn condition<N: Json>(&mut self, node: &N, path: &Path<'_>) -> Option<Spanned<Vec<Condition>>> {
        let View::Object(entries) = node.view() else {
            let help =
                r#"write "Condition": {"StringEquals": {"aws:PrincipalTag/team": "backup"}}"#
                    .to_owned();
            self.wrong_type(node, path, "`Condition`", "an object", help);
            return None;
        };
        let mut conditions = Vec::new();
        let mut readable = true;
        for entry in self.entries::<N>(entries, path) {
            let child = path.key(entry.key);
            let operator = entry.key.parse::<Operator>();
            if let Err(error) = &operator {
                readable = false;
                let help = if entry
                    .key
                    .strip_suffix("IfExists")
                    .is_some_and(|base| base.parse::<Operator>().is_ok())
                {
                    "`Null` already tests whether the key exists: remove `IfExists`".to_owned()
                } else {
                    let names: Vec<String> = Operator::all()
                        .map(|operator| operator.to_string())
                        .collect();
                    suggest::help(entry.key, names.iter().map(String::as_str)).unwrap_or_else(|| {
                        "use an operator such as `StringEquals`, `StringLike`, `ArnLike`, `Bool` or `IpAddress`".to_owned()
                    })
                };
                self.report(
                    "unknown-operator",
                    error.to_string(),
                    Some(help),
                    entry.key_span,
                    &child,
                );
            }
            let View::Object(keys) = entry.value.view() else {
                readable = false;
                let help = format!(
                    r#"write "{}": {{"aws:PrincipalTag/team": "backup"}}"#,
                    entry.key
                );
                self.wrong_type(
                    entry.value,
                    &child,
                    &format!("`{}`", entry.key),
                    "an object of condition keys",
                    help,
                );
                continue;
            };
            for key in self.entries::<N>(keys, &child) {
                let key_path = child.key(key.key);
                let Some(values) = self.condition_values(key.value, &key_path, key.key) else {
                    readable = false;
                    continue;
                };
                if let Ok(operator) = operator {
                    conditions.push(Condition {
                        operator: Spanned::at(operator, entry.key_span),
                        key: Spanned::at(key.key.to_owned(), key.key_span),
                        values,
                    });
                }
            }
        }
        readable.then(|| Spanned::at(conditions, node.span()))
    }

    fn condition_values<N: Json>(
        &mut self,
        node: &N,
        path: &Path<'_>,
        key: &str,
    ) -> Option<OneOrMany<Spanned<ConditionValue>>> {
        let help = || format!(r#"write "{key}": "value" or "{key}": ["value", "other value"]"#);
        if let Some(value) = condition_value(node) {
            return Some(OneOrMany::One(Spanned::at(value, node.span())));
        }
        let View::Array(nodes) = node.view() else {
            let expected = "a string, number, boolean or an array of them";
            self.wrong_type(node, path, &format!("`{key}`"), expected, help());
            return None;
        };
        let mut values = Vec::with_capacity(nodes.len());
        let mut readable = true;
        for (index, item) in nodes.iter().enumerate() {
            match condition_value(item) {
                Some(value) => values.push(Spanned::at(value, item.span())),
                None => {
                    readable = false;
                    let what = format!("each value of `{key}`");
                    self.wrong_type(
                        item,
                        &path.index(index),
                        &what,
                        "a string, number or boolean",
                        help(),
                    );
                }
            }
        }
        readable.then_some(OneOrMany::Many(values))
    }
}

fn condition_value<N: Json>(node: &N) -> Option<ConditionValue> {
    match node.view() {
        View::String(text) => Some(ConditionValue::String(text.to_owned())),
        View::Bool(value) => Some(ConditionValue::Bool(value)),
        View::Number(text) => Some(ConditionValue::Number(text.into_owned())),
        View::Null | View::Array(_) | View::Object(_) => None,
    }
}

fn statement_element(key: &str) -> Option<StatementElement> {
    Some(match key {
        "Sid" => StatementElement::Sid,
        "Effect" => StatementElement::Effect,
        "Principal" | "NotPrincipal" => StatementElement::Principal,
        "Action" | "NotAction" => StatementElement::Action,
        "Resource" | "NotResource" => StatementElement::Resource,
        "Condition" => StatementElement::Condition,
        _ => return None,
    })
}

/// The other half of a pair that a statement may hold only one of.
fn partner(key: &str) -> Option<&'static str> {
    match key {
        "Principal" => Some("NotPrincipal"),
        "NotPrincipal" => Some("Principal"),
        "Action" => Some("NotAction"),
        "NotAction" => Some("Action"),
        "Resource" => Some("NotResource"),
        "NotResource" => Some("Resource"),
        _ => None,
    }
}

/// serde_json's first error, at serde_json's position. serde_json counts lines from 1 and columns
/// in bytes from 1; column 0 means just after a newline, which is where an unclosed string is
/// caught, so the finding points at the end of the line before, where the quote is missing.
fn invalid_json(text: &str, error: &serde_json::Error) -> Finding {
    let line_start = if error.line() <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(error.line() - 2)
            .map_or(text.len(), |(index, _)| index + 1)
    };
    let offset = match error.column() {
        0 => line_start.saturating_sub(1),
        column => line_start + column - 1,
    };
    // At the end of the text serde_json's column is that of the last character read; the problem
    // is what does not follow it.
    let mut start = if error.is_eof() {
        text.len()
    } else {
        offset.min(text.len())
    };
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(start, |next| start + next.len_utf8());
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let detail = full.strip_suffix(&position).unwrap_or(&full);
    let help = if error.is_eof() {
        "the text ends inside the policy: close every string, `[` and `{`"
    } else if detail.starts_with("control character") {
        "a string runs to the end of the line: add its closing `\"`"
    } else if detail.starts_with("invalid escape") {
        r"a backslash in a string starts an escape such as `\n`: remove it, or write `\\` for a backslash"
    } else if detail.starts_with("trailing comma") {
        "remove the comma after the last entry"
    } else if detail.starts_with("key must be a string") {
        "put element names in double quotes"
    } else if detail.starts_with("trailing characters") {
        "remove what follows the policy's closing `}`"
    } else {
        "look just before this point for a missing `\"`, `,` or bracket"
    };
    Finding::error(
        "invalid-json",
        format!("invalid JSON: {detail}"),
        Span::new(start, end),
        "",
    )
    .with_help(help)
}
