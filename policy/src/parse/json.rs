//! One view of a JSON tree over two sources: serde_json's `Value` (no positions) and jsonc-parser's
//! syntax tree (byte ranges of every key and value), so that one reader builds documents from both.
//!
//! Why jsonc-parser: serde_json reports the position of its first error but has no spans for values.
//! Of the crates that add them, `serde_spanned` needs a deserializer that supports it (toml's, not
//! serde_json's); `json-spanned-value` recovers positions by snooping on an `io::Read`, last released
//! in 2021 on indexmap 1. jsonc-parser (dprint's, maintained) gives byte ranges for property names and
//! values, keeps properties in order, has no required dependencies and builds for wasm32. It is a
//! lenient parser, so it runs with every extension turned off and only on text serde_json accepted:
//! serde_json stays the judge of what is JSON and where it breaks.

use std::borrow::Cow;

use jsonc_parser::ast;

use crate::span::Span;

/// A JSON value seen through its kind, with its children borrowed from the tree.
pub(crate) enum View<'a, N> {
    Null,
    Bool(bool),
    /// The number's text.
    Number(Cow<'a, str>),
    String(&'a str),
    Array(&'a [N]),
    Object(Vec<Entry<'a, N>>),
}

/// One property of an object.
pub(crate) struct Entry<'a, N> {
    pub key: &'a str,
    pub key_span: Span,
    pub value: &'a N,
}

pub(crate) trait Json: Sized {
    /// Whether an object's keys are known to be distinct, as in a serde_json map.
    const UNIQUE_KEYS: bool;

    fn span(&self) -> Span;
    fn view(&self) -> View<'_, Self>;
}

impl<N> View<'_, N> {
    /// The kind's name as an error message says it: "not a number".
    pub fn kind(&self) -> &'static str {
        match self {
            View::Null => "null",
            View::Bool(_) => "a boolean",
            View::Number(_) => "a number",
            View::String(_) => "a string",
            View::Array(_) => "an array",
            View::Object(_) => "an object",
        }
    }
}

impl Json for serde_json::Value {
    const UNIQUE_KEYS: bool = true;

    fn span(&self) -> Span {
        Span::NONE
    }

    fn view(&self) -> View<'_, Self> {
        match self {
            serde_json::Value::Null => View::Null,
            serde_json::Value::Bool(value) => View::Bool(*value),
            serde_json::Value::Number(number) => View::Number(Cow::Owned(number.to_string())),
            serde_json::Value::String(text) => View::String(text),
            serde_json::Value::Array(values) => View::Array(values),
            serde_json::Value::Object(map) => View::Object(
                map.iter()
                    .map(|(key, value)| Entry {
                        key,
                        key_span: Span::NONE,
                        value,
                    })
                    .collect(),
            ),
        }
    }
}

impl Json for ast::Value<'_> {
    const UNIQUE_KEYS: bool = false;

    fn span(&self) -> Span {
        let range = match self {
            ast::Value::StringLit(node) => node.range,
            ast::Value::NumberLit(node) => node.range,
            ast::Value::BooleanLit(node) => node.range,
            ast::Value::Object(node) => node.range,
            ast::Value::Array(node) => node.range,
            ast::Value::NullKeyword(node) => node.range,
        };
        Span::new(range.start, range.end)
    }

    fn view(&self) -> View<'_, Self> {
        match self {
            ast::Value::StringLit(node) => View::String(&node.value),
            ast::Value::NumberLit(node) => View::Number(Cow::Borrowed(node.value)),
            ast::Value::BooleanLit(node) => View::Bool(node.value),
            ast::Value::NullKeyword(_) => View::Null,
            ast::Value::Array(node) => View::Array(&node.elements),
            ast::Value::Object(node) => View::Object(
                node.properties
                    .iter()
                    .map(|property| {
                        let (key, range) = match &property.name {
                            ast::ObjectPropName::String(name) => (name.value.as_ref(), name.range),
                            ast::ObjectPropName::Word(name) => (name.value, name.range),
                        };
                        Entry {
                            key,
                            key_span: Span::new(range.start, range.end),
                            value: &property.value,
                        }
                    })
                    .collect(),
            ),
        }
    }
}

/// Strict JSON: every jsonc extension off, so the tree is exactly what serde_json read.
pub(crate) fn parse_tree(text: &str) -> Option<ast::Value<'_>> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &options)
        .ok()?
        .value
}
