//! Printing a [`Document`] as JSON, in the order and the forms it was written: a parsed policy prints
//! as the same policy, and a built one in the canonical order.
//!
//! ```
//! use policy::parse::parse;
//!
//! let text = r#"{"Statement": {"Resource": "*", "Effect": "Deny", "NotAction": "dynamodb:Get*"}, "Version": "2012-10-17"}"#;
//! let document = parse(text).document.unwrap();
//! assert_eq!(document.to_json().to_string(), text.replace(": ", ":").replace(", ", ","));
//! assert_eq!(document.to_pretty_string(), r#"{
//!     "Statement": {
//!         "Resource": "*",
//!         "Effect": "Deny",
//!         "NotAction": "dynamodb:Get*"
//!     },
//!     "Version": "2012-10-17"
//! }"#);
//! ```

use serde_json::{Map, Value};

use crate::span::Span;

use crate::document::{
    Condition, ConditionValue, Document, DocumentElement, OneOrMany, Principal, Spanned, Statement,
    StatementElement,
};

impl DocumentElement {
    /// The order of a document whose `order` is empty, and of elements `order` leaves out.
    pub const CANONICAL: [DocumentElement; 3] = [
        DocumentElement::Version,
        DocumentElement::Id,
        DocumentElement::Statement,
    ];
}

impl StatementElement {
    /// The order of a statement whose `order` is empty, and of elements `order` leaves out.
    pub const CANONICAL: [StatementElement; 6] = [
        StatementElement::Sid,
        StatementElement::Effect,
        StatementElement::Principal,
        StatementElement::Action,
        StatementElement::Resource,
        StatementElement::Condition,
    ];
}

impl Document {
    /// The policy as a JSON value, elements in the order written (serde_json keeps insertion order).
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        for element in print_order(&self.order, &DocumentElement::CANONICAL) {
            match element {
                DocumentElement::Version => {
                    if let Some(version) = &self.version {
                        map.insert("Version".to_owned(), Value::from(version.value.as_str()));
                    }
                }
                DocumentElement::Id => {
                    if let Some(id) = &self.id {
                        map.insert("Id".to_owned(), Value::from(id.value.as_str()));
                    }
                }
                DocumentElement::Statement => {
                    let statement = match &self.statement {
                        OneOrMany::One(statement) => statement.to_json(),
                        OneOrMany::Many(statements) => {
                            statements.iter().map(Statement::to_json).collect()
                        }
                    };
                    map.insert("Statement".to_owned(), statement);
                }
            }
        }
        Value::Object(map)
    }

    /// The policy as text indented by four spaces, as AWS's documentation and console show policies.
    pub fn to_pretty_string(&self) -> String {
        pretty(&self.to_json())
    }

    /// [`Document::to_pretty_string`], and where each statement lies in that text, in order: the
    /// spans parsing the text gives its statements, found without parsing it.
    pub fn to_pretty_string_with_statement_spans(&self) -> (String, Vec<Span>) {
        let mut out = String::new();
        let mut spans = Vec::new();
        match self.to_json() {
            Value::Object(map) if !map.is_empty() => {
                out.push('{');
                for (index, (key, item)) in map.iter().enumerate() {
                    out.push_str(if index == 0 { "\n" } else { ",\n" });
                    push_indent(&mut out, 1);
                    write_string(&mut out, key);
                    out.push_str(": ");
                    match item {
                        Value::Array(statements)
                            if key == "Statement" && !statements.is_empty() =>
                        {
                            out.push('[');
                            for (index, statement) in statements.iter().enumerate() {
                                out.push_str(if index == 0 { "\n" } else { ",\n" });
                                push_indent(&mut out, 2);
                                let start = out.len();
                                write_value(&mut out, statement, 2);
                                spans.push(Span::new(start, out.len()));
                            }
                            out.push('\n');
                            push_indent(&mut out, 1);
                            out.push(']');
                        }
                        _ => {
                            let start = out.len();
                            write_value(&mut out, item, 1);
                            if key == "Statement" && item.is_object() {
                                spans.push(Span::new(start, out.len()));
                            }
                        }
                    }
                }
                out.push_str("\n}");
            }
            other => write_value(&mut out, &other, 0),
        }
        (out, spans)
    }
}

impl Statement {
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        for element in print_order(&self.order, &StatementElement::CANONICAL) {
            match element {
                StatementElement::Sid => {
                    if let Some(sid) = &self.sid {
                        map.insert("Sid".to_owned(), Value::from(sid.value.as_str()));
                    }
                }
                StatementElement::Effect => {
                    map.insert("Effect".to_owned(), Value::from(self.effect.value.as_str()));
                }
                StatementElement::Principal => {
                    if let Some(clause) = &self.principal {
                        let name = if clause.negated {
                            "NotPrincipal"
                        } else {
                            "Principal"
                        };
                        let principal = match &clause.principal {
                            Principal::Any => Value::from("*"),
                            Principal::Map(entries) => Value::Object(
                                entries
                                    .iter()
                                    .map(|(kind, values)| {
                                        (kind.value.as_str().to_owned(), strings(values))
                                    })
                                    .collect(),
                            ),
                        };
                        map.insert(name.to_owned(), principal);
                    }
                }
                StatementElement::Action => {
                    let name = if self.action.negated {
                        "NotAction"
                    } else {
                        "Action"
                    };
                    map.insert(name.to_owned(), strings(&self.action.actions));
                }
                StatementElement::Resource => {
                    if let Some(clause) = &self.resource {
                        let name = if clause.negated {
                            "NotResource"
                        } else {
                            "Resource"
                        };
                        map.insert(name.to_owned(), strings(&clause.resources));
                    }
                }
                StatementElement::Condition => {
                    if let Some(conditions) = &self.condition {
                        map.insert("Condition".to_owned(), condition(&conditions.value));
                    }
                }
            }
        }
        Value::Object(map)
    }
}

/// The elements of `order` first, then those it leaves out, each once.
fn print_order<E: Copy + PartialEq>(order: &[E], canonical: &[E]) -> Vec<E> {
    let mut elements = Vec::with_capacity(canonical.len());
    for element in order.iter().chain(canonical) {
        if !elements.contains(element) {
            elements.push(*element);
        }
    }
    elements
}

fn strings(values: &OneOrMany<Spanned<String>>) -> Value {
    match values {
        OneOrMany::One(value) => Value::from(value.value.as_str()),
        OneOrMany::Many(values) => values
            .iter()
            .map(|value| Value::from(value.value.as_str()))
            .collect(),
    }
}

/// Conditions are kept flat, one per operator and key; JSON groups them by operator, each operator
/// where it first appears.
fn condition(conditions: &[Condition]) -> Value {
    let mut operators = Map::new();
    for condition in conditions {
        let block = operators
            .entry(condition.operator.value.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(keys) = block {
            let values = match &condition.values {
                OneOrMany::One(value) => condition_value(&value.value),
                OneOrMany::Many(values) => values
                    .iter()
                    .map(|value| condition_value(&value.value))
                    .collect(),
            };
            keys.insert(condition.key.value.clone(), values);
        }
    }
    Value::Object(operators)
}

fn condition_value(value: &ConditionValue) -> Value {
    match value {
        ConditionValue::String(text) => Value::from(text.as_str()),
        ConditionValue::Bool(value) => Value::Bool(*value),
        // A number built in code from text that is not a number stays text rather than vanish.
        ConditionValue::Number(text) => {
            number(text).map_or_else(|| Value::from(text.as_str()), Value::Number)
        }
    }
}

/// Without serde_json's `float_roundtrip` feature its float parsing may miss the last digit; Rust's
/// is exact, so a number prints as the shortest text that reads back as the same value.
fn number(text: &str) -> Option<serde_json::Number> {
    if let Ok(integer) = text.parse::<i64>() {
        return Some(integer.into());
    }
    if let Ok(integer) = text.parse::<u64>() {
        return Some(integer.into());
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
}

const INDENT: &str = "    ";

fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => write_string(out, text),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                out.push_str(if index == 0 { "\n" } else { ",\n" });
                push_indent(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            out.push('\n');
            push_indent(out, depth);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                out.push_str(if index == 0 { "\n" } else { ",\n" });
                push_indent(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            out.push('\n');
            push_indent(out, depth);
            out.push('}');
        }
    }
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// A JSON string literal, escaped as serde_json escapes.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    // Text between characters to escape is copied whole; those characters are all ASCII, so no
    // byte of a longer UTF-8 character is taken for one.
    let mut plain_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let named = match byte {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            control if control < b' ' => None,
            _ => continue,
        };
        out.push_str(text.get(plain_from..at).unwrap_or_default());
        match named {
            Some(escape) => out.push_str(escape),
            None => out.push_str(&format!("\\u{byte:04x}")),
        }
        plain_from = at + 1;
    }
    out.push_str(text.get(plain_from..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_spans_are_the_spans_parsing_gives() {
        for text in [
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}, {"Sid": "No", "Effect": "Deny", "Action": ["a:b", "c:d"], "Resource": ["x", "y"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
            r#"{"Statement": {"Effect": "Deny", "NotAction": "dynamodb:Get*", "Resource": "*"}, "Version": "2012-10-17"}"#,
            r#"{"Version": "2012-10-17", "Statement": []}"#,
        ] {
            let document = crate::parse::parse(text).document.unwrap();
            let (printed, spans) = document.to_pretty_string_with_statement_spans();
            assert_eq!(printed, document.to_pretty_string());
            let reparsed = crate::parse::parse(&printed).document.unwrap();
            let parsed: Vec<Span> = reparsed
                .statements()
                .map(|statement| statement.span)
                .collect();
            assert_eq!(spans, parsed, "{printed}");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let text = "q\" b\\ n\n r\r t\t b\u{8} f\u{c} nul\u{0} us\u{1f} é / \u{7f}";
        let mut out = String::new();
        write_string(&mut out, text);
        assert_eq!(out, serde_json::to_string(text).unwrap());
    }

    #[test]
    fn pretty_printing_matches_serde_json_but_for_the_indent() {
        let value = serde_json::json!({"a": [], "b": {}, "c": [1, true, null, "x", {"d": [2.5]}]});
        let mut expected = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut expected, formatter);
        serde::Serialize::serialize(&value, &mut serializer).unwrap();
        assert_eq!(pretty(&value), String::from_utf8(expected).unwrap());
    }

    #[test]
    fn a_document_built_in_code_prints_in_canonical_order() {
        use crate::document::{ActionClause, Effect, ResourceClause, Version};
        let document = Document {
            version: Some(Spanned::new(Version::V2012_10_17)),
            id: None,
            statement: OneOrMany::Many(vec![Statement {
                sid: Some(Spanned::new("ListBackups".to_owned())),
                effect: Spanned::new(Effect::Allow),
                principal: None,
                action: ActionClause {
                    negated: false,
                    actions: vec![Spanned::new("dynamodb:ListBackups".to_owned())].into(),
                    span: crate::span::Span::NONE,
                },
                resource: Some(ResourceClause {
                    negated: false,
                    resources: OneOrMany::One(Spanned::new("*".to_owned())),
                    span: crate::span::Span::NONE,
                }),
                condition: None,
                order: vec![],
                span: crate::span::Span::NONE,
            }]),
            order: vec![],
            span: crate::span::Span::NONE,
        };
        assert_eq!(
            document.to_pretty_string(),
            r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListBackups",
            "Effect": "Allow",
            "Action": [
                "dynamodb:ListBackups"
            ],
            "Resource": "*"
        }
    ]
}"#
        );
    }

    #[test]
    fn elements_missing_from_order_follow_in_canonical_order() {
        use DocumentElement::{Id, Statement, Version};
        assert_eq!(
            print_order(&[Statement], &DocumentElement::CANONICAL),
            [Statement, Version, Id]
        );
        assert_eq!(
            print_order(&[Id, Id], &DocumentElement::CANONICAL),
            [Id, Version, Statement]
        );
    }
}
