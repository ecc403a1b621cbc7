//! Condition operators as IAM evaluates them: typed comparisons, `…IfExists`, `Null`, the set
//! qualifiers `ForAnyValue:`/`ForAllValues:`, and the rules for keys missing from the request.
//!
//! Within one operator–key pair the policy values are alternatives (OR); the caller ANDs the
//! pairs of a `Condition` block. A negated operator (`StringNotEquals`, `NotIpAddress`, …) holds
//! when no policy value matches, so it also holds when the key is missing. A policy value that
//! cannot be read in the operator's type, or whose variable has no value, matches nothing, not even
//! under a negated operator.

use crate::context::{Context, ContextValue, Timestamp};
use crate::document::{BaseOperator, Condition, Operator, SetOperator};
use crate::pattern::{ArnPattern, Pattern};
use crate::span::Span;
use crate::variables::Template;
use std::borrow::Cow;
use std::net::IpAddr;

/// One operator–key pair of a `Condition` block, compiled for repeated evaluation.
#[derive(Debug, Clone)]
pub struct CompiledCondition {
    operator: Operator,
    key: String,
    values: Vec<Expected>,
    span: Span,
}

/// The outcome of a condition for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub holds: bool,
    pub key_present: bool,
}

/// A policy value read in its operator's type.
#[derive(Debug, Clone)]
enum Expected {
    Text(String),
    Like(Pattern),
    Arn(ArnPattern),
    /// Text with policy variables, resolved per request.
    Template(Template),
    Number(f64),
    Date(Timestamp),
    Bool(bool),
    Binary(Vec<u8>),
    Network(IpAddr, u8),
    /// A value that is not valid for the operator; it matches nothing.
    Invalid,
}

/// The operator with `Not` removed, and whether it was there.
fn positive(base: BaseOperator) -> (BaseOperator, bool) {
    use BaseOperator as B;
    match base {
        B::StringNotEquals => (B::StringEquals, true),
        B::StringNotEqualsIgnoreCase => (B::StringEqualsIgnoreCase, true),
        B::StringNotLike => (B::StringLike, true),
        B::NumericNotEquals => (B::NumericEquals, true),
        B::DateNotEquals => (B::DateEquals, true),
        B::NotIpAddress => (B::IpAddress, true),
        B::ArnNotEquals => (B::ArnEquals, true),
        B::ArnNotLike => (B::ArnLike, true),
        other => (other, false),
    }
}

/// Whether policy variables are substituted in this operator's values (string, ARN and Bool
/// comparisons, per IAM's documentation of policy variables).
fn takes_variables(base: BaseOperator) -> bool {
    use BaseOperator as B;
    matches!(
        positive(base).0,
        B::StringEquals
            | B::StringEqualsIgnoreCase
            | B::StringLike
            | B::ArnEquals
            | B::ArnLike
            | B::Bool
    )
}

impl CompiledCondition {
    /// Compiles one condition; `variables` is whether the document's Version has policy variables.
    pub fn compile(condition: &Condition, variables: bool) -> Self {
        let operator = condition.operator.value;
        let variables = variables && takes_variables(operator.base);
        let values = condition
            .values
            .iter()
            .map(|value| {
                let text = value.value.as_text();
                // Text with variables or escapes such as `${*}` is kept as a template, so escaped
                // characters stay literal when the value is resolved per request.
                if variables && text.contains("${") {
                    return Expected::Template(Template::parse(text, true));
                }
                expected(operator.base, text)
            })
            .collect();
        Self {
            operator,
            key: condition.key.value.clone(),
            values,
            span: condition.key.span,
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn operator(&self) -> Operator {
        self.operator
    }

    pub fn span(&self) -> Span {
        self.span
    }

    /// Whether the condition reads context key `key` (ignoring ASCII case): as its key, or through
    /// a policy variable in its values.
    pub fn reads(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
            || self.values.iter().any(|expected| {
                matches!(expected, Expected::Template(template)
                    if template.variables().any(|variable| variable.key.eq_ignore_ascii_case(key)))
            })
    }

    /// Whether the condition holds for the request context.
    pub fn evaluate(&self, context: &Context) -> bool {
        self.check(context).holds
    }

    /// Whether the condition holds, and whether the request has its key.
    pub fn check(&self, context: &Context) -> Check {
        let value = context.get(&self.key);
        Check {
            holds: self.holds(value, context),
            key_present: value.is_some(),
        }
    }

    fn holds(&self, value: Option<&ContextValue>, context: &Context) -> bool {
        if self.operator.base == BaseOperator::Null {
            let absent = value.is_none();
            return self
                .values
                .iter()
                .any(|expected| matches!(expected, Expected::Bool(want) if *want == absent));
        }
        let (_, negated) = positive(self.operator.base);
        match value {
            None => {
                self.operator.if_exists
                    || match self.operator.set {
                        Some(SetOperator::ForAllValues) => true,
                        Some(SetOperator::ForAnyValue) => false,
                        None => negated,
                    }
            }
            Some(ContextValue::List(items)) => match self.operator.set {
                Some(SetOperator::ForAnyValue) => {
                    items.iter().any(|item| self.single(item, context))
                }
                Some(SetOperator::ForAllValues) => {
                    items.iter().all(|item| self.single(item, context))
                }
                // A multivalued key needs a set operator; without one nothing matches, whichever
                // way the operator points (as the reference simulator does; AWS documents no answer).
                None => false,
            },
            Some(scalar) => self.single(scalar, context),
        }
    }

    /// One context value against all policy values: any may match; a negated operator needs
    /// every value to be readable and to differ.
    fn single(&self, value: &ContextValue, context: &Context) -> bool {
        let (base, negated) = positive(self.operator.base);
        if negated {
            self.values
                .iter()
                .all(|expected| compare(base, expected, value, context) == Some(false))
        } else {
            self.values
                .iter()
                .any(|expected| compare(base, expected, value, context) == Some(true))
        }
    }
}

fn expected(base: BaseOperator, text: &str) -> Expected {
    use BaseOperator as B;
    let parsed = match positive(base).0 {
        B::StringEquals | B::StringEqualsIgnoreCase => Some(Expected::Text(text.to_owned())),
        B::StringLike => Some(Expected::Like(Pattern::new(text))),
        B::ArnEquals | B::ArnLike => Some(Expected::Arn(ArnPattern::new(text, false))),
        B::NumericEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => number(text).map(Expected::Number),
        B::DateEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => Timestamp::parse(text).map(Expected::Date),
        B::Bool | B::Null => boolean(text).map(Expected::Bool),
        B::BinaryEquals => base64_decode(text).map(Expected::Binary),
        B::IpAddress => network(text).map(|(address, bits)| Expected::Network(address, bits)),
        _ => None,
    };
    parsed.unwrap_or(Expected::Invalid)
}

fn number(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|number| number.is_finite())
}

fn boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn network(text: &str) -> Option<(IpAddr, u8)> {
    let (address, bits) = match text.trim().split_once('/') {
        Some((address, bits)) => (address.parse::<IpAddr>().ok()?, bits.parse::<u8>().ok()?),
        None => {
            let address = text.trim().parse::<IpAddr>().ok()?;
            (address, if address.is_ipv4() { 32 } else { 128 })
        }
    };
    let limit = if address.is_ipv4() { 32 } else { 128 };
    (bits <= limit).then_some((address, bits))
}

fn in_network(address: IpAddr, network: IpAddr, bits: u8) -> bool {
    match (address, network) {
        (IpAddr::V4(address), IpAddr::V4(network)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(address) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(address), IpAddr::V6(network)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(address) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

fn variable_lookup<'a>(context: &'a Context) -> impl FnMut(&str) -> Option<Cow<'a, str>> + 'a {
    |key| match context.get(key) {
        Some(ContextValue::List(_)) | None => None,
        Some(value) => Some(value.text()),
    }
}

/// Compares one context value with one policy value under a positive operator. `None` when the
/// policy value cannot be used (invalid, or a variable without value) or the context value
/// cannot be read in the operator's type.
fn compare(
    base: BaseOperator,
    policy_value: &Expected,
    value: &ContextValue,
    context: &Context,
) -> Option<bool> {
    use BaseOperator as B;
    if let Expected::Template(template) = policy_value {
        // The common `"${aws:PrincipalTag/team}"` compares the tag's text without building a value.
        if let (B::StringEquals | B::StringEqualsIgnoreCase, Some(variable)) =
            (base, template.single_variable())
        {
            let want = variable_lookup(context)(&variable.key)
                .or_else(|| variable.default.as_deref().map(Cow::Borrowed))?;
            let have = value.text();
            return Some(if base == B::StringEquals {
                have == want
            } else {
                equal_ignoring_case(&have, &want)
            });
        }
        let resolved = match base {
            B::StringLike => Expected::Like(Pattern::from_pieces(
                template.pieces(variable_lookup(context))?,
                false,
            )),
            B::ArnEquals | B::ArnLike => Expected::Arn(ArnPattern::from_pieces(
                template.pieces(variable_lookup(context))?,
                false,
            )),
            _ => expected(base, &template.text(variable_lookup(context))?),
        };
        return compare(base, &resolved, value, context);
    }
    match (base, policy_value) {
        (_, Expected::Invalid) => None,
        (B::StringEquals, Expected::Text(text)) => Some(value.text() == text.as_str()),
        (B::StringEqualsIgnoreCase, Expected::Text(text)) => {
            Some(equal_ignoring_case(&value.text(), text))
        }
        (B::StringLike, Expected::Like(pattern)) => Some(pattern.matches(&value.text())),
        (B::ArnEquals | B::ArnLike, Expected::Arn(pattern)) => Some(match value {
            ContextValue::Arn(arn) => pattern.matches_segments(&arn.segments()),
            other => pattern.matches(&other.text()),
        }),
        (_, Expected::Number(want)) => {
            let have = match value {
                ContextValue::Number(number) => *number,
                other => number(&other.text())?,
            };
            Some(match base {
                B::NumericEquals => have == *want,
                B::NumericLessThan => have < *want,
                B::NumericLessThanEquals => have <= *want,
                B::NumericGreaterThan => have > *want,
                B::NumericGreaterThanEquals => have >= *want,
                _ => return None,
            })
        }
        (_, Expected::Date(want)) => {
            let have = match value {
                ContextValue::Date(timestamp) => *timestamp,
                ContextValue::Number(seconds) => Timestamp {
                    millis: (seconds * 1000.0) as i64,
                },
                other => Timestamp::parse(&other.text())?,
            };
            Some(match base {
                B::DateEquals => have == *want,
                B::DateLessThan => have < *want,
                B::DateLessThanEquals => have <= *want,
                B::DateGreaterThan => have > *want,
                B::DateGreaterThanEquals => have >= *want,
                _ => return None,
            })
        }
        (B::Bool, Expected::Bool(want)) => {
            let have = match value {
                ContextValue::Bool(flag) => *flag,
                other => boolean(&other.text())?,
            };
            Some(have == *want)
        }
        (B::BinaryEquals, Expected::Binary(want)) => Some(match value {
            ContextValue::Binary(bytes) => bytes == want,
            other => base64_decode(&other.text())? == *want,
        }),
        (B::IpAddress, Expected::Network(network, bits)) => {
            let address = match value {
                ContextValue::Ip(address) => *address,
                other => other.text().trim().parse::<IpAddr>().ok()?,
            };
            Some(in_network(address, *network, *bits))
        }
        _ => None,
    }
}

fn equal_ignoring_case(left: &str, right: &str) -> bool {
    left.eq_ignore_ascii_case(right)
        || (!(left.is_ascii() && right.is_ascii()) && left.to_lowercase() == right.to_lowercase())
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as `BinaryEquals` values are written.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] =
            [chunk.first(), chunk.get(1), chunk.get(2)].map(|byte| byte.copied().unwrap_or(0));
        let group = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
        for (index, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                let sextet = usize::try_from((group >> shift) & 63).unwrap_or(0);
                out.push(char::from(BASE64.get(sextet).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let sextet = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xFF).unwrap_or(0));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ConditionValue, OneOrMany, Spanned};

    fn condition(operator: &str, key: &str, values: &[&str]) -> CompiledCondition {
        let (set, rest) = match operator.split_once(':') {
            Some(("ForAnyValue", rest)) => (Some(SetOperator::ForAnyValue), rest),
            Some(("ForAllValues", rest)) => (Some(SetOperator::ForAllValues), rest),
            _ => (None, operator),
        };
        let (name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(name) => (name, true),
            None => (rest, false),
        };
        let base = ALL
            .iter()
            .find(|(text, _)| *text == name)
            .map(|(_, base)| *base)
            .unwrap();
        let condition = Condition {
            operator: Spanned::new(Operator {
                set,
                base,
                if_exists,
            }),
            key: Spanned::new(key.to_owned()),
            values: OneOrMany::Many(
                values
                    .iter()
                    .map(|v| Spanned::new(ConditionValue::String((*v).to_owned())))
                    .collect(),
            ),
        };
        CompiledCondition::compile(&condition, true)
    }

    const ALL: &[(&str, BaseOperator)] = &[
        ("StringEquals", BaseOperator::StringEquals),
        ("StringNotEquals", BaseOperator::StringNotEquals),
        (
            "StringEqualsIgnoreCase",
            BaseOperator::StringEqualsIgnoreCase,
        ),
        (
            "StringNotEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase,
        ),
        ("StringLike", BaseOperator::StringLike),
        ("StringNotLike", BaseOperator::StringNotLike),
        ("NumericEquals", BaseOperator::NumericEquals),
        ("NumericNotEquals", BaseOperator::NumericNotEquals),
        ("NumericLessThan", BaseOperator::NumericLessThan),
        ("NumericLessThanEquals", BaseOperator::NumericLessThanEquals),
        ("NumericGreaterThan", BaseOperator::NumericGreaterThan),
        (
            "NumericGreaterThanEquals",
            BaseOperator::NumericGreaterThanEquals,
        ),
        ("DateEquals", BaseOperator::DateEquals),
        ("DateNotEquals", BaseOperator::DateNotEquals),
        ("DateLessThan", BaseOperator::DateLessThan),
        ("DateLessThanEquals", BaseOperator::DateLessThanEquals),
        ("DateGreaterThan", BaseOperator::DateGreaterThan),
        ("DateGreaterThanEquals", BaseOperator::DateGreaterThanEquals),
        ("Bool", BaseOperator::Bool),
        ("BinaryEquals", BaseOperator::BinaryEquals),
        ("IpAddress", BaseOperator::IpAddress),
        ("NotIpAddress", BaseOperator::NotIpAddress),
        ("ArnEquals", BaseOperator::ArnEquals),
        ("ArnNotEquals", BaseOperator::ArnNotEquals),
        ("ArnLike", BaseOperator::ArnLike),
        ("ArnNotLike", BaseOperator::ArnNotLike),
        ("Null", BaseOperator::Null),
    ];

    fn context(entries: &[(&str, ContextValue)]) -> Context {
        entries.iter().cloned().collect()
    }

    fn text(value: &str) -> ContextValue {
        ContextValue::String(value.to_owned())
    }

    fn list(values: &[&str]) -> ContextValue {
        ContextValue::List(values.iter().map(|v| text(v)).collect())
    }

    #[track_caller]
    fn check(
        operator: &str,
        key: &str,
        values: &[&str],
        entries: &[(&str, ContextValue)],
        expect: bool,
    ) {
        let compiled = condition(operator, key, values);
        assert_eq!(
            compiled.evaluate(&context(entries)),
            expect,
            "{operator} {key} {values:?} {entries:?}"
        );
    }

    #[test]
    fn string_equals_is_case_sensitive_and_values_are_alternatives() {
        check(
            "StringEquals",
            "k",
            &["data", "web"],
            &[("k", text("web"))],
            true,
        );
        check(
            "StringEquals",
            "k",
            &["data"],
            &[("k", text("Data"))],
            false,
        );
        check(
            "StringEqualsIgnoreCase",
            "k",
            &["data"],
            &[("k", text("DATA"))],
            true,
        );
        check(
            "StringNotEqualsIgnoreCase",
            "k",
            &["data"],
            &[("k", text("DATA"))],
            false,
        );
    }

    #[test]
    fn condition_keys_compare_ignoring_case() {
        check(
            "StringEquals",
            "aws:PrincipalTag/team",
            &["data"],
            &[("AWS:principaltag/TEAM", text("data"))],
            true,
        );
    }

    #[test]
    fn string_like_uses_wildcards_and_string_equals_does_not() {
        check("StringLike", "k", &["d*"], &[("k", text("data"))], true);
        check("StringEquals", "k", &["d*"], &[("k", text("data"))], false);
        check("StringNotLike", "k", &["w?b"], &[("k", text("web"))], false);
    }

    #[test]
    fn negated_operator_on_missing_key_is_true() {
        for operator in [
            "StringNotEquals",
            "StringNotLike",
            "NumericNotEquals",
            "DateNotEquals",
            "NotIpAddress",
            "ArnNotLike",
            "ArnNotEquals",
            "StringNotEqualsIgnoreCase",
        ] {
            check(operator, "k", &["1"], &[], true);
        }
        for operator in [
            "StringEquals",
            "StringLike",
            "NumericEquals",
            "DateEquals",
            "IpAddress",
            "ArnLike",
            "Bool",
            "BinaryEquals",
        ] {
            check(operator, "k", &["1"], &[], false);
        }
    }

    #[test]
    fn if_exists_holds_when_key_is_missing() {
        check("StringEqualsIfExists", "k", &["x"], &[], true);
        check(
            "StringEqualsIfExists",
            "k",
            &["x"],
            &[("k", text("y"))],
            false,
        );
        check("BoolIfExists", "aws:SecureTransport", &["false"], &[], true);
        check("ForAnyValue:StringEqualsIfExists", "k", &["x"], &[], true);
    }

    #[test]
    fn null_checks_presence() {
        check("Null", "k", &["true"], &[], true);
        check("Null", "k", &["true"], &[("k", text("v"))], false);
        check("Null", "k", &["false"], &[("k", text("v"))], true);
        check("Null", "k", &["false"], &[("k", list(&[]))], true);
    }

    #[test]
    fn for_any_value_needs_one_match_and_is_false_on_empty_or_missing() {
        check(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[("aws:TagKeys", list(&["team", "env"]))],
            true,
        );
        check(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[("aws:TagKeys", list(&["team"]))],
            false,
        );
        check(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[("aws:TagKeys", list(&[]))],
            false,
        );
        check(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[],
            false,
        );
        check(
            "ForAnyValue:StringEquals",
            "k",
            &["env"],
            &[("k", text("env"))],
            true,
        );
    }

    #[test]
    fn for_all_values_needs_every_value_and_is_true_on_empty_or_missing() {
        check(
            "ForAllValues:StringLike",
            "aws:TagKeys",
            &["env", "t*"],
            &[("aws:TagKeys", list(&["team", "env"]))],
            true,
        );
        check(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[("aws:TagKeys", list(&["team", "env"]))],
            false,
        );
        check(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[("aws:TagKeys", list(&[]))],
            true,
        );
        check(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &[],
            true,
        );
    }

    #[test]
    fn single_valued_operator_on_a_list_never_matches() {
        check(
            "StringEquals",
            "aws:TagKeys",
            &["env"],
            &[("aws:TagKeys", list(&["env"]))],
            false,
        );
        check(
            "StringNotEquals",
            "aws:TagKeys",
            &["x"],
            &[("aws:TagKeys", list(&["env"]))],
            false,
        );
    }

    #[test]
    fn numeric_operators_compare_numbers() {
        check(
            "NumericLessThan",
            "n",
            &["3600"],
            &[("n", text("300"))],
            true,
        );
        check(
            "NumericLessThan",
            "n",
            &["3600"],
            &[("n", ContextValue::Number(3600.0))],
            false,
        );
        check(
            "NumericLessThanEquals",
            "n",
            &["3600"],
            &[("n", text("3600"))],
            true,
        );
        check(
            "NumericGreaterThan",
            "n",
            &["10"],
            &[("n", text("9.5"))],
            false,
        );
        check(
            "NumericGreaterThanEquals",
            "n",
            &["10"],
            &[("n", text("10.0"))],
            true,
        );
        check("NumericEquals", "n", &["10"], &[("n", text("ten"))], false);
        check("NumericNotEquals", "n", &["10"], &[("n", text("11"))], true);
        check("NumericEquals", "n", &["abc"], &[("n", text("1"))], false);
    }

    #[test]
    fn date_operators_read_iso_dates_and_epoch_seconds() {
        let now = [("aws:CurrentTime", text("2026-03-01T10:00:00Z"))];
        check(
            "DateGreaterThan",
            "aws:CurrentTime",
            &["2025-01-01T00:00:00Z"],
            &now,
            true,
        );
        check(
            "DateLessThan",
            "aws:CurrentTime",
            &["2025-01-01T00:00:00Z"],
            &now,
            false,
        );
        check(
            "DateLessThanEquals",
            "aws:CurrentTime",
            &["2026-03-01T10:00:00Z"],
            &now,
            true,
        );
        check(
            "DateGreaterThanEquals",
            "aws:CurrentTime",
            &["1893456000"],
            &now,
            false,
        );
        check("DateEquals", "aws:CurrentTime", &["1772359200"], &now, true);
        check(
            "DateNotEquals",
            "aws:CurrentTime",
            &["1772359200"],
            &now,
            false,
        );
        check(
            "DateGreaterThan",
            "aws:CurrentTime",
            &["2020-01-01T00:00:00Z"],
            &[("aws:CurrentTime", text("1700000000"))],
            true,
        );
    }

    #[test]
    fn bool_compares_ignoring_case() {
        check(
            "Bool",
            "aws:SecureTransport",
            &["false"],
            &[("aws:SecureTransport", text("FALSE"))],
            true,
        );
        check(
            "Bool",
            "aws:SecureTransport",
            &["true"],
            &[("aws:SecureTransport", ContextValue::Bool(true))],
            true,
        );
        check(
            "Bool",
            "aws:SecureTransport",
            &["true"],
            &[("aws:SecureTransport", text("yes"))],
            false,
        );
    }

    #[test]
    fn binary_equals_compares_base64_bytes() {
        check(
            "BinaryEquals",
            "b",
            &["QmFja3N0b3A="],
            &[("b", ContextValue::Binary(b"Backstop".to_vec()))],
            true,
        );
        check(
            "BinaryEquals",
            "b",
            &["QmFja3N0b3A="],
            &[("b", text("QmFja3N0b3A="))],
            true,
        );
        check(
            "BinaryEquals",
            "b",
            &["QmFja3N0b3A="],
            &[("b", ContextValue::Binary(b"other".to_vec()))],
            false,
        );
        assert_eq!(base64_encode(b"Backstop"), "QmFja3N0b3A=");
        assert_eq!(base64_decode(&base64_encode(b"ab")), Some(b"ab".to_vec()));
    }

    #[test]
    fn ip_address_matches_ipv4_and_ipv6_networks() {
        check(
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &[("aws:SourceIp", text("203.0.113.7"))],
            true,
        );
        check(
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &[("aws:SourceIp", text("198.51.100.1"))],
            false,
        );
        check(
            "IpAddress",
            "aws:SourceIp",
            &["2001:db8::/32"],
            &[("aws:SourceIp", text("2001:db8::1"))],
            true,
        );
        check(
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &[("aws:SourceIp", text("2001:db8::1"))],
            false,
        );
        check(
            "NotIpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &[("aws:SourceIp", text("2001:db8::1"))],
            true,
        );
        check(
            "IpAddress",
            "aws:SourceIp",
            &["10.1.2.3"],
            &[("aws:SourceIp", text("10.1.2.3"))],
            true,
        );
        check(
            "IpAddress",
            "aws:SourceIp",
            &["0.0.0.0/0"],
            &[("aws:SourceIp", text("10.1.2.3"))],
            true,
        );
    }

    #[test]
    fn arn_operators_match_segments_case_sensitively() {
        let principal = [(
            "aws:PrincipalArn",
            text("arn:aws:iam::111122223333:role/BackupAdmin"),
        )];
        check(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/Backup*"],
            &principal,
            true,
        );
        check(
            "ArnEquals",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/*"],
            &principal,
            true,
        );
        check(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:IAM::*:role/*"],
            &principal,
            false,
        );
        check(
            "ArnNotLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/Dev*"],
            &principal,
            true,
        );
        check(
            "ArnNotEquals",
            "aws:PrincipalArn",
            &["arn:aws:iam::111122223333:role/BackupAdmin"],
            &principal,
            false,
        );
    }

    #[test]
    fn variables_in_condition_values_are_resolved() {
        let entries = [
            ("aws:PrincipalTag/team", text("data")),
            ("aws:ResourceTag/team", text("data")),
        ];
        check(
            "StringEquals",
            "aws:ResourceTag/team",
            &["${aws:PrincipalTag/team}"],
            &entries,
            true,
        );
        check(
            "StringNotEquals",
            "aws:ResourceTag/team",
            &["${aws:PrincipalTag/team}"],
            &entries,
            false,
        );
    }

    #[test]
    fn variable_without_value_matches_nothing_even_negated() {
        let entries = [("aws:ResourceTag/env", text("prod"))];
        check(
            "StringEquals",
            "aws:ResourceTag/env",
            &["${aws:PrincipalTag/env}", "prod"],
            &entries,
            true,
        );
        check(
            "StringNotEquals",
            "aws:ResourceTag/env",
            &["${aws:PrincipalTag/env}"],
            &entries,
            false,
        );
        check(
            "StringNotEquals",
            "aws:ResourceTag/env",
            &["${aws:PrincipalTag/env}", "dev"],
            &entries,
            false,
        );
    }

    #[test]
    fn variable_values_are_literal_in_string_like() {
        let entries = [
            ("aws:ResourceTag/env", text("prod")),
            ("aws:PrincipalTag/env", text("p*")),
        ];
        check(
            "StringLike",
            "aws:ResourceTag/env",
            &["${aws:PrincipalTag/env}"],
            &entries,
            false,
        );
        check("StringLike", "k", &["a${*}"], &[("k", text("a*"))], true);
        check("StringLike", "k", &["a${*}"], &[("k", text("ab"))], false);
    }
}
