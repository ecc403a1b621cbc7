//! Policy sizes as IAM counts them, and the quotas they count against.
//!
//! IAM does not count whitespace: a managed policy may hold 6,144 characters besides whitespace, a
//! role's trust policy 2,048, and a principal's inline policies together 2,048 (user), 5,120 (group)
//! or 10,240 (role).
//!
//! ```
//! use policy::quota::{self, Quota};
//!
//! assert_eq!(quota::text_size("{ \"Version\": \"2012-10-17\" }"), 24);
//! assert_eq!(Quota::ManagedPolicy.limit(), 6_144);
//! ```

use crate::document::{
    Condition, ConditionValue, Document, OneOrMany, Operator, Principal, Spanned, Statement,
};
use crate::spec::IdentityKind;

/// Managed policies IAM attaches to one user, group or role unless the account's quota was raised
/// (IAM User Guide, *IAM and AWS STS quotas*: "Managed policies attached to an IAM role", "… IAM
/// user", "… IAM group"). A permissions boundary is set, not attached, and does not count.
pub const ATTACHED_MANAGED_POLICIES: usize = 10;

/// A size limit of IAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quota {
    /// One customer-managed policy (also a permission boundary).
    ManagedPolicy,
    /// A role's trust policy, at its default limit (AWS can raise it to 4,096 on request).
    TrustPolicy,
    /// All inline policies of a user together.
    InlineUser,
    /// All inline policies of a group together.
    InlineGroup,
    /// All inline policies of a role together.
    InlineRole,
}

impl Quota {
    /// The most characters, whitespace not counted.
    pub const fn limit(self) -> usize {
        match self {
            Quota::ManagedPolicy => 6_144,
            Quota::TrustPolicy | Quota::InlineUser => 2_048,
            Quota::InlineGroup => 5_120,
            Quota::InlineRole => 10_240,
        }
    }

    /// The inline quota of a kind of principal.
    pub const fn inline_for(kind: IdentityKind) -> Quota {
        match kind {
            IdentityKind::User => Quota::InlineUser,
            IdentityKind::Group => Quota::InlineGroup,
            IdentityKind::Role | IdentityKind::ServiceRole => Quota::InlineRole,
        }
    }

    /// How the quota is named in messages.
    pub const fn describe(self) -> &'static str {
        match self {
            Quota::ManagedPolicy => "managed policy",
            Quota::TrustPolicy => "trust policy",
            Quota::InlineUser => "inline policies of a user",
            Quota::InlineGroup => "inline policies of a group",
            Quota::InlineRole => "inline policies of a role",
        }
    }
}

/// The size IAM counts for a document: its JSON without whitespace.
pub fn size(document: &Document) -> usize {
    let statements = match &document.statement {
        OneOrMany::One(statement) => statement_size(statement),
        OneOrMany::Many(statements) => list_size(statements.iter().map(statement_size)),
    };
    let version = document
        .version
        .as_ref()
        .map(|version| entry_size("Version", string_size(version.value.as_str())));
    let id = document
        .id
        .as_ref()
        .map(|id| entry_size("Id", string_size(&id.value)));
    let statement = Some(entry_size("Statement", statements));
    list_size([version, id, statement].into_iter().flatten())
}

/// The size of one statement's JSON, counted from the statement rather than printed: the builder
/// sizes every statement it packs into policies. Statements whose JSON merges or rewrites what they
/// hold (a principal type or a condition key given twice, numbers) are printed and counted instead.
pub(crate) fn statement_size(statement: &Statement) -> usize {
    counted_statement_size(statement).unwrap_or_else(|| json_size(&statement.to_json()))
}

fn counted_statement_size(statement: &Statement) -> Option<usize> {
    let sid = statement
        .sid
        .as_ref()
        .map(|sid| entry_size("Sid", string_size(&sid.value)));
    let effect = Some(entry_size(
        "Effect",
        string_size(statement.effect.value.as_str()),
    ));
    let principal = match &statement.principal {
        None => None,
        Some(clause) => {
            let name = if clause.negated {
                "NotPrincipal"
            } else {
                "Principal"
            };
            let value = match &clause.principal {
                Principal::Any => string_size("*"),
                Principal::Map(entries) => {
                    for (index, (kind, _)) in entries.iter().enumerate() {
                        if entries
                            .iter()
                            .take(index)
                            .any(|(other, _)| other.value == kind.value)
                        {
                            return None;
                        }
                    }
                    list_size(entries.iter().map(|(kind, values)| {
                        entry_size(kind.value.as_str(), strings_size(values))
                    }))
                }
            };
            Some(entry_size(name, value))
        }
    };
    let action_name = if statement.action.negated {
        "NotAction"
    } else {
        "Action"
    };
    let action = Some(entry_size(
        action_name,
        strings_size(&statement.action.actions),
    ));
    let resource = statement.resource.as_ref().map(|clause| {
        let name = if clause.negated {
            "NotResource"
        } else {
            "Resource"
        };
        entry_size(name, strings_size(&clause.resources))
    });
    let condition = match &statement.condition {
        None => None,
        Some(conditions) => Some(entry_size("Condition", conditions_size(&conditions.value)?)),
    };
    Some(list_size(
        [sid, effect, principal, action, resource, condition]
            .into_iter()
            .flatten(),
    ))
}

/// Conditions as printed: grouped by operator, each key once.
fn conditions_size(conditions: &[Condition]) -> Option<usize> {
    let mut operators: Vec<(Operator, usize, usize)> = Vec::new();
    for (index, condition) in conditions.iter().enumerate() {
        let operator = condition.operator.value;
        if conditions
            .iter()
            .take(index)
            .any(|other| other.operator.value == operator && other.key.value == condition.key.value)
        {
            return None;
        }
        let values = match &condition.values {
            OneOrMany::One(value) => condition_value_size(&value.value)?,
            OneOrMany::Many(values) => list_size(
                values
                    .iter()
                    .map(|value| condition_value_size(&value.value))
                    .collect::<Option<Vec<usize>>>()?
                    .into_iter(),
            ),
        };
        let entry = string_size(&condition.key.value) + 1 + values;
        match operators
            .iter_mut()
            .find(|(other, _, _)| *other == operator)
        {
            Some((_, count, size)) => {
                *count += 1;
                *size += entry;
            }
            None => operators.push((operator, 1, entry)),
        }
    }
    Some(list_size(operators.iter().map(
        |(operator, count, size)| {
            // `"Operator":{`, the entries and the commas between them, `}`.
            string_size(&operator.to_string()) + 1 + 2 + size + count.saturating_sub(1)
        },
    )))
}

fn condition_value_size(value: &ConditionValue) -> Option<usize> {
    match value {
        ConditionValue::String(text) => Some(string_size(text)),
        ConditionValue::Bool(true) => Some("true".len()),
        ConditionValue::Bool(false) => Some("false".len()),
        ConditionValue::Number(_) => None,
    }
}

fn strings_size(values: &OneOrMany<Spanned<String>>) -> usize {
    match values {
        OneOrMany::One(value) => string_size(&value.value),
        OneOrMany::Many(values) => list_size(values.iter().map(|value| string_size(&value.value))),
    }
}

/// `"name":` and the value.
fn entry_size(name: &str, value: usize) -> usize {
    string_size(name) + 1 + value
}

/// An array or object of items of these sizes: brackets, the items, commas between them.
fn list_size(items: impl Iterator<Item = usize>) -> usize {
    let (count, size) = items.fold((0_usize, 0), |(count, size), item| (count + 1, size + item));
    2 + size + count.saturating_sub(1)
}

/// A JSON string literal as serde_json escapes it, whitespace not counted.
pub(crate) fn string_size(text: &str) -> usize {
    // Folding every byte rather than stopping at the first special one lets the loop run on whole
    // vectors.
    let plain = text.bytes().fold(true, |plain, byte| {
        plain & (byte > b' ') & (byte < 0x7f) & (byte != b'"') & (byte != b'\\')
    });
    if plain {
        return text.len() + 2;
    }
    let characters: usize = text
        .chars()
        .map(|character| match character {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            control if control < ' ' => 6,
            space if space.is_whitespace() => 0,
            _ => 1,
        })
        .sum();
    characters + 2
}

/// Counts the characters of compact JSON as serde_json writes them, without keeping the text.
fn json_size(value: &serde_json::Value) -> usize {
    let mut counter = NonWhitespace(0);
    match serde_json::to_writer(&mut counter, value) {
        Ok(()) => counter.0,
        // serde_json writes whole characters at a time, so this only guards against a change of it.
        Err(_) => text_size(&value.to_string()),
    }
}

/// Characters besides whitespace written to it so far.
struct NonWhitespace(usize);

impl std::io::Write for NonWhitespace {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(bytes).map_err(std::io::Error::other)?;
        self.0 += text_size(text);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The size IAM counts for policy text: every character but whitespace.
pub fn text_size(text: &str) -> usize {
    text.chars()
        .filter(|character| !character.is_whitespace())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_ignores_whitespace() {
        assert_eq!(text_size("{\n  \"Effect\": \"Allow\"\n}"), 18);
        assert_eq!(text_size(""), 0);
    }

    /// The size as IAM counts it by definition: the printed JSON, whitespace dropped.
    #[track_caller]
    fn check_size(text: &str) {
        let document = crate::parse::parse(text)
            .document
            .unwrap_or_else(|| panic!("no document in {text}"));
        assert_eq!(
            size(&document),
            text_size(&document.to_json().to_string()),
            "{text}"
        );
    }

    #[test]
    fn size_is_the_size_of_the_printed_document() {
        check_size(r#"{"Statement": []}"#);
        check_size(
            r#"{"Version": "2008-10-17", "Id": "a b", "Statement": {"Effect": "Deny", "NotAction": [], "NotResource": []}}"#,
        );
        check_size(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "q\" b\\ n\n r\r t\t b\b f\f nul\u0000 vt\u000b us\u001f nbsp\u00a0 ls\u2028 ideo\u3000 é \u007f",
                 "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ["a b", "*"]},
                {"Effect": "Allow", "NotPrincipal": {"AWS": ["arn:aws:iam::123456789012:root", "210987654321"], "Service": "backup.amazonaws.com"},
                 "Action": ["sts:AssumeRole"],
                 "Condition": {"StringEquals": {"sts:ExternalId": "x", "aws:PrincipalTag/team": ["a", "b"]},
                               "Bool": {"aws:SecureTransport": true, "aws:ViaAWSService": "false"},
                               "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": []}}}]}"#,
        );
    }

    #[test]
    fn size_counts_what_printing_merges_or_rewrites() {
        check_size(
            r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "a", "Service": "s", "AWS": ["b", "c"]}, "Action": "*"}}"#,
        );
        check_size(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"StringEquals": {"k": "short", "k": ["much", "longer"]}}}}"#,
        );
        check_size(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"NumericLessThan": {"s3:max-keys": [10, 1.50, 1e3, -0]}}}}"#,
        );
    }

    #[test]
    fn size_of_corpus_documents_is_the_size_of_the_printed_document() {
        let mut count = 0;
        for area in ["parse", "lint"] {
            let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/corpus")
                .join(area);
            for entry in std::fs::read_dir(directory).unwrap() {
                let path = entry.unwrap().path();
                if path
                    .extension()
                    .is_some_and(|extension| extension == "json")
                    && let Some(document) =
                        crate::parse::parse(&std::fs::read_to_string(&path).unwrap()).document
                {
                    let expected = text_size(&document.to_json().to_string());
                    assert_eq!(size(&document), expected, "{}", path.display());
                    count += 1;
                }
            }
        }
        assert!(count > 20, "only {count} corpus documents");
    }

    #[test]
    fn inline_quotas_depend_on_the_kind() {
        assert_eq!(Quota::inline_for(IdentityKind::User).limit(), 2_048);
        assert_eq!(Quota::inline_for(IdentityKind::Group).limit(), 5_120);
        assert_eq!(Quota::inline_for(IdentityKind::Role).limit(), 10_240);
        assert_eq!(Quota::inline_for(IdentityKind::ServiceRole).limit(), 10_240);
        assert_eq!(Quota::TrustPolicy.limit(), 2_048);
    }
}
