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
pub(crate) enum View<'a, N: Json + 'a> {
    Null,
    Bool(bool),
    /// The number's text.
    Number(Cow<'a, str>),
    String(&'a str),
    Array(&'a [N]),
    /// The properties in the order written, read off the tree as they are asked for: bulk
    /// evaluation views millions of objects, so a view allocates nothing.
    Object(N::Entries<'a>),
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

    /// The properties of an object.
    type Entries<'a>: ExactSizeIterator<Item = Entry<'a, Self>>
    where
        Self: 'a;

    fn span(&self) -> Span;
    fn view(&self) -> View<'_, Self>;
}

impl<N: Json> View<'_, N> {
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

/// The properties of a serde_json object.
pub(crate) struct ValueEntries<'a>(serde_json::map::Iter<'a>);

impl<'a> Iterator for ValueEntries<'a> {
    type Item = Entry<'a, serde_json::Value>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| Entry {
            key,
            key_span: Span::NONE,
            value,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for ValueEntries<'_> {}

impl Json for serde_json::Value {
    const UNIQUE_KEYS: bool = true;
    type Entries<'a> = ValueEntries<'a>;

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
            serde_json::Value::Object(map) => View::Object(ValueEntries(map.iter())),
        }
    }
}

/// The properties of a jsonc-parser object, with the spans of their names.
pub(crate) struct AstEntries<'a, 'text>(std::slice::Iter<'a, ast::ObjectProp<'text>>);

impl<'a, 'text> Iterator for AstEntries<'a, 'text> {
    type Item = Entry<'a, ast::Value<'text>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|property| {
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
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for AstEntries<'_, '_> {}

impl<'text> Json for ast::Value<'text> {
    const UNIQUE_KEYS: bool = false;
    type Entries<'a>
        = AstEntries<'a, 'text>
    where
        Self: 'a;

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
            ast::Value::Object(node) => View::Object(AstEntries(node.properties.iter())),
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

/// A JSON value read by serde straight from text, borrowing every key and string that has no
/// escapes: reading a policy this way costs a fraction of building a `serde_json::Value`, whose
/// keys and strings are each a fresh allocation.
///
/// It reads exactly as a `serde_json::Value` does, so [`crate::parse::parse_borrowed`] gives the
/// same [`crate::parse::Parsed`] as [`crate::parse::parse_value`]: a repeated key keeps the place
/// of its first occurrence and the value of its last (serde_json's order-preserving map does the
/// same), and a number keeps serde_json's reading of it (`1e2` is the float `100.0`).
#[derive(Debug, Clone, PartialEq)]
pub enum BorrowedValue<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<BorrowedValue<'a>>),
    // INVARIANT: keys are distinct.
    Object(Vec<(Cow<'a, str>, BorrowedValue<'a>)>),
}

impl BorrowedValue<'_> {
    /// The same value as serde_json's `Value`, for the rare caller that needs one.
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            BorrowedValue::Null => serde_json::Value::Null,
            BorrowedValue::Bool(flag) => serde_json::Value::Bool(*flag),
            BorrowedValue::Number(number) => serde_json::Value::Number(number.clone()),
            BorrowedValue::String(text) => serde_json::Value::String(text.as_ref().to_owned()),
            BorrowedValue::Array(items) => {
                serde_json::Value::Array(items.iter().map(BorrowedValue::to_value).collect())
            }
            BorrowedValue::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.as_ref().to_owned(), value.to_value()))
                    .collect(),
            ),
        }
    }
}

/// Objects with more keys than this find repeated keys through a hash map, so that a hostile
/// object with many keys costs linear time, not quadratic.
const LINEAR_KEY_SEARCH: usize = 16;

impl<'de> serde::Deserialize<'de> for BorrowedValue<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = BorrowedValue<'de>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(BorrowedValue::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(BorrowedValue::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(BorrowedValue::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(BorrowedValue::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(BorrowedValue::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        // serde_json's `Value` reads a float it cannot hold as a number as null.
        Ok(serde_json::Number::from_f64(value).map_or(BorrowedValue::Null, BorrowedValue::Number))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(BorrowedValue::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(BorrowedValue::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(BorrowedValue::String(Cow::Owned(value)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no length; most arrays in policies are short lists of names.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(BorrowedValue::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Room for the elements of a statement, the largest object most policies hold.
        let mut entries: Vec<(Cow<'de, str>, BorrowedValue<'de>)> = Vec::with_capacity(6);
        let mut index_of: Option<std::collections::HashMap<Cow<'de, str>, usize>> = None;
        while let Some(Key(key)) = map.next_key()? {
            let value: BorrowedValue<'de> = map.next_value()?;
            let existing = match &mut index_of {
                Some(index_of) => index_of.get(&key).copied(),
                None => entries.iter().position(|(other, _)| *other == key),
            };
            if let Some(slot) = existing.and_then(|index| entries.get_mut(index)) {
                slot.1 = value;
                continue;
            }
            if let Some(index_of) = &mut index_of {
                index_of.insert(key.clone(), entries.len());
            } else if entries.len() == LINEAR_KEY_SEARCH {
                let mut map: std::collections::HashMap<Cow<'de, str>, usize> = entries
                    .iter()
                    .enumerate()
                    .map(|(index, (key, _))| (key.clone(), index))
                    .collect();
                map.insert(key.clone(), entries.len());
                index_of = Some(map);
            }
            entries.push((key, value));
        }
        Ok(BorrowedValue::Object(entries))
    }
}

/// An object key, borrowed from the text when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The properties of a [`BorrowedValue`] object.
pub(crate) struct BorrowedEntries<'a, 'text>(
    std::slice::Iter<'a, (Cow<'text, str>, BorrowedValue<'text>)>,
);

impl<'a, 'text> Iterator for BorrowedEntries<'a, 'text> {
    type Item = Entry<'a, BorrowedValue<'text>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| Entry {
            key,
            key_span: Span::NONE,
            value,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for BorrowedEntries<'_, '_> {}

impl<'text> Json for BorrowedValue<'text> {
    const UNIQUE_KEYS: bool = true;
    type Entries<'a>
        = BorrowedEntries<'a, 'text>
    where
        Self: 'a;

    fn span(&self) -> Span {
        Span::NONE
    }

    fn view(&self) -> View<'_, Self> {
        match self {
            BorrowedValue::Null => View::Null,
            BorrowedValue::Bool(value) => View::Bool(*value),
            BorrowedValue::Number(number) => View::Number(Cow::Owned(number.to_string())),
            BorrowedValue::String(text) => View::String(text),
            BorrowedValue::Array(values) => View::Array(values),
            BorrowedValue::Object(entries) => View::Object(BorrowedEntries(entries.iter())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_borrowed, parse_value};
    use proptest::prelude::*;

    /// Reads `text` both ways and asserts the same `Parsed`.
    #[track_caller]
    fn check_same_as_value(text: &str) {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let borrowed: BorrowedValue<'_> = serde_json::from_str(text).unwrap();
        assert_eq!(borrowed.to_value(), value, "{text}");
        assert_eq!(parse_borrowed(&borrowed), parse_value(&value), "{text}");
    }

    #[test]
    fn borrowed_value_borrows_strings_without_escapes() {
        let value: BorrowedValue<'_> =
            serde_json::from_str(r#"{"Effect": "Allow", "Sid": "a\"b"}"#).unwrap();
        let BorrowedValue::Object(entries) = value else {
            panic!("not an object: {value:?}");
        };
        assert!(matches!(
            entries.first(),
            Some((
                Cow::Borrowed("Effect"),
                BorrowedValue::String(Cow::Borrowed("Allow"))
            ))
        ));
        assert!(
            matches!(entries.get(1), Some((Cow::Borrowed("Sid"), BorrowedValue::String(Cow::Owned(text)))) if text == "a\"b")
        );
    }

    #[test]
    fn borrowed_value_keeps_first_place_and_last_value_of_a_repeated_key() {
        check_same_as_value(
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*", "Effect": "Allow"}, "Version": "2008-10-17"}"#,
        );
        let many: Vec<String> = (0..40)
            .map(|index| format!(r#""k{}": {index}"#, index % 23))
            .collect();
        check_same_as_value(&format!("{{{}}}", many.join(", ")));
    }

    #[test]
    fn borrowed_value_reads_numbers_as_serde_json_does() {
        check_same_as_value(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"NumericEquals": {"a": [1, -0, 1.0, 1e2, 1.5E-3, 18446744073709551615, -9223372036854775808, 123456789012345678901234567890]}}}]}"#,
        );
    }

    /// Keys a policy has, a few it should not, and the same with escapes.
    const KEYS: &[&str] = &[
        "Version",
        "Id",
        "Statement",
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
        "effect",
        "Actions",
        "AWS",
        "Service",
        "Federated",
        "CanonicalUser",
        "StringEquals",
        "StringLikeIfExists",
        "ForAnyValue:StringLike",
        "NumericLessThan",
        "Bool",
        "Null",
        "IpAddress",
        "NullIfExists",
        "StringEqualz",
        "aws:PrincipalTag/team",
        "aws:SourceIp",
        "Eff\\u0065ct",
        "Act\\u0069on",
        "a/b~c",
    ];

    const STRINGS: &[&str] = &[
        "",
        "*",
        "Allow",
        "Deny",
        "allow",
        "2012-10-17",
        "2008-10-17",
        "dynamodb:CreateBackup",
        "dynamodb:Describe*",
        "dynamo*:Get",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Music",
        "arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}",
        "arn:aws:iam::123456789012:root",
        "123456789012",
        "backup.amazonaws.com",
        "10.0.0.0/8",
        "true",
        "Music",
        "\\u0041llow",
        "tab\\there",
        "\\\"quoted\\\"",
        "\u{e9}t\u{e9}",
    ];

    const NUMBERS: &[&str] = &[
        "0",
        "-0",
        "1",
        "1.0",
        "1e2",
        "-2.5E-3",
        "18446744073709551616",
        "-9223372036854775809",
    ];

    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            4 => proptest::sample::select(STRINGS).prop_map(|text| format!("\"{text}\"")),
            1 => proptest::sample::select(NUMBERS).prop_map(str::to_owned),
            1 => proptest::sample::select(&["true", "false", "null"][..]).prop_map(str::to_owned),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..7).prop_map(
                    |entries| {
                        let entries: Vec<String> = entries
                            .into_iter()
                            .map(|(key, value)| format!("\"{key}\": {value}"))
                            .collect();
                        format!("{{{}}}", entries.join(", "))
                    }
                ),
            ]
        })
    }

    /// Policies that mostly have the right shape, so that the reader goes deep: a valid statement
    /// with some elements replaced or added at random.
    fn policy_text() -> impl Strategy<Value = String> {
        let strings = || {
            prop_oneof![
                proptest::sample::select(STRINGS).prop_map(|text| format!("\"{text}\"")),
                proptest::collection::vec(proptest::sample::select(STRINGS), 0..4).prop_map(
                    |items| {
                        let items: Vec<String> =
                            items.iter().map(|text| format!("\"{text}\"")).collect();
                        format!("[{}]", items.join(","))
                    }
                ),
            ]
        };
        let condition = (
            proptest::sample::select(KEYS),
            proptest::sample::select(KEYS),
            prop_oneof![
                strings(),
                proptest::sample::select(NUMBERS).prop_map(str::to_owned)
            ],
        )
            .prop_map(|(operator, key, values)| {
                format!(r#"{{"{operator}": {{"{key}": {values}}}}}"#)
            });
        let statement = (
            proptest::sample::select(&[r#""Allow""#, r#""Deny""#, r#""allow""#, "1"][..]),
            strings(),
            strings(),
            proptest::option::of(condition),
            proptest::option::of(strings()),
            proptest::collection::vec((proptest::sample::select(KEYS), json_text()), 0..3),
        )
            .prop_map(|(effect, action, resource, condition, principal, extra)| {
                let mut entries = vec![
                    format!(r#""Effect": {effect}"#),
                    format!(r#""Action": {action}"#),
                    format!(r#""Resource": {resource}"#),
                ];
                entries.extend(condition.map(|condition| format!(r#""Condition": {condition}"#)));
                entries.extend(
                    principal.map(|principal| format!(r#""Principal": {{"AWS": {principal}}}"#)),
                );
                entries.extend(
                    extra
                        .into_iter()
                        .map(|(key, value)| format!("\"{key}\": {value}")),
                );
                format!("{{{}}}", entries.join(", "))
            });
        (
            proptest::collection::vec(statement, 0..4),
            prop_oneof![Just(r#""2012-10-17""#.to_owned()), json_text()],
        )
            .prop_map(|(statements, version)| {
                format!(
                    r#"{{"Version": {version}, "Statement": [{}]}}"#,
                    statements.join(", ")
                )
            })
    }

    proptest! {
        #[test]
        fn parse_borrowed_gives_the_same_parsed_as_parse_value(text in prop_oneof![json_text(), policy_text()]) {
            check_same_as_value(&text);
        }
    }
}
