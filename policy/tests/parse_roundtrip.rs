//! Printing and parsing undo each other: parse(print(document)) == document for generated valid
//! documents, and print(parse(text)) == text for the text the printer writes.

use policy::document::{
    ActionClause, Condition, ConditionValue, Document, DocumentElement, Effect, OneOrMany,
    Operator, Principal, PrincipalClause, PrincipalKind, ResourceClause, Spanned, Statement,
    StatementElement, Version,
};
use policy::parse::{parse, parse_value};
use policy::span::Span;
use proptest::prelude::*;

/// Any text, quotes, backslashes, control characters and non-ASCII included.
fn text() -> impl Strategy<Value = String> + Clone {
    "(?s).{0,12}"
}

fn one_or_many<T: std::fmt::Debug + Clone>(
    item: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = OneOrMany<T>> {
    prop_oneof![
        item.clone().prop_map(OneOrMany::One),
        prop::collection::vec(item, 0..4).prop_map(OneOrMany::Many)
    ]
}

fn spanned_strings(
    item: impl Strategy<Value = String> + Clone,
) -> impl Strategy<Value = OneOrMany<Spanned<String>>> {
    one_or_many(item.prop_map(Spanned::new))
}

fn action() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        Just("*".to_owned()),
        "[a-zA-Z0-9-]{1,10}:[a-zA-Z0-9*?]{1,12}"
    ]
}

fn resource() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        Just("*".to_owned()),
        text().prop_map(|rest| format!("arn:{rest}"))
    ]
}

fn condition_value() -> impl Strategy<Value = ConditionValue> + Clone {
    prop_oneof![
        text().prop_map(ConditionValue::String),
        any::<bool>().prop_map(ConditionValue::Bool),
        any::<i64>().prop_map(|number| ConditionValue::Number(number.to_string())),
        // Numbers as serde_json writes them, which is how they print.
        any::<f64>()
            .prop_filter_map("finite", serde_json::Number::from_f64)
            .prop_map(|number| ConditionValue::Number(number.to_string())),
    ]
}

/// Conditions as JSON can hold them: grouped by operator, each operator and each key within it once.
fn conditions() -> impl Strategy<Value = Vec<Condition>> {
    let operators: Vec<Operator> = Operator::all().collect();
    let key_values = prop::collection::vec(
        (
            text(),
            one_or_many(condition_value().prop_map(Spanned::new)),
        ),
        1..3,
    );
    prop::collection::vec((prop::sample::select(operators), key_values), 0..4).prop_map(|blocks| {
        let mut seen_operators = Vec::new();
        let mut conditions = Vec::new();
        for (operator, entries) in blocks {
            if seen_operators.contains(&operator) {
                continue;
            }
            seen_operators.push(operator);
            let mut seen_keys = Vec::new();
            for (key, values) in entries {
                if seen_keys.contains(&key) {
                    continue;
                }
                seen_keys.push(key.clone());
                conditions.push(Condition {
                    operator: Spanned::new(operator),
                    key: Spanned::new(key),
                    values,
                });
            }
        }
        conditions
    })
}

fn principal() -> impl Strategy<Value = PrincipalClause> {
    let kinds = [
        PrincipalKind::Aws,
        PrincipalKind::Service,
        PrincipalKind::Federated,
        PrincipalKind::CanonicalUser,
    ];
    let map = prop::sample::subsequence(kinds.to_vec(), 0..=4)
        .prop_shuffle()
        .prop_flat_map(|kinds| {
            let values: Vec<_> = kinds
                .iter()
                .map(|_| spanned_strings("[a-z0-9:/.*-]{1,20}"))
                .collect();
            (Just(kinds), values)
        })
        .prop_map(|(kinds, values)| {
            Principal::Map(kinds.into_iter().map(Spanned::new).zip(values).collect())
        });
    (any::<bool>(), prop_oneof![Just(Principal::Any), map]).prop_map(|(negated, principal)| {
        PrincipalClause {
            negated,
            principal,
            span: Span::NONE,
        }
    })
}

/// The written order: the present elements shuffled, empty when that is the canonical order.
fn order<E: Copy + PartialEq + std::fmt::Debug>(
    present: Vec<E>,
    canonical: &'static [E],
) -> impl Strategy<Value = Vec<E>> {
    Just(present).prop_shuffle().prop_map(move |order| {
        let rank = |element: &E| canonical.iter().position(|other| other == element);
        if order.is_sorted_by_key(rank) {
            Vec::new()
        } else {
            order
        }
    })
}

fn statement() -> impl Strategy<Value = Statement> {
    let effect = prop_oneof![Just(Effect::Allow), Just(Effect::Deny)];
    let action =
        (any::<bool>(), spanned_strings(action())).prop_map(|(negated, actions)| ActionClause {
            negated,
            actions,
            span: Span::NONE,
        });
    let resource = (any::<bool>(), spanned_strings(resource())).prop_map(|(negated, resources)| {
        ResourceClause {
            negated,
            resources,
            span: Span::NONE,
        }
    });
    (
        prop::option::of(text()),
        effect,
        prop::option::of(principal()),
        action,
        prop::option::of(resource),
        prop::option::of(conditions()),
    )
        // Only statements naming a principal may go without a resource.
        .prop_filter(
            "resource or principal",
            |(_, _, principal, _, resource, _)| principal.is_some() || resource.is_some(),
        )
        .prop_flat_map(|(sid, effect, principal, action, resource, condition)| {
            let mut present = vec![StatementElement::Effect, StatementElement::Action];
            for (element, is_present) in [
                (StatementElement::Sid, sid.is_some()),
                (StatementElement::Principal, principal.is_some()),
                (StatementElement::Resource, resource.is_some()),
                (StatementElement::Condition, condition.is_some()),
            ] {
                if is_present {
                    present.push(element);
                }
            }
            order(present, &StatementElement::CANONICAL).prop_map(move |order| Statement {
                sid: sid.clone().map(Spanned::new),
                effect: Spanned::new(effect),
                principal: principal.clone(),
                action: action.clone(),
                resource: resource.clone(),
                condition: condition.clone().map(Spanned::new),
                order,
                span: Span::NONE,
            })
        })
}

fn document() -> impl Strategy<Value = Document> {
    let version = prop::option::of(prop_oneof![
        Just(Version::V2012_10_17),
        Just(Version::V2008_10_17)
    ]);
    let statements = prop_oneof![
        statement().prop_map(OneOrMany::One),
        prop::collection::vec(statement(), 0..4).prop_map(OneOrMany::Many),
    ];
    (version, prop::option::of(text()), statements).prop_flat_map(|(version, id, statement)| {
        let mut present = vec![DocumentElement::Statement];
        if version.is_some() {
            present.push(DocumentElement::Version);
        }
        if id.is_some() {
            present.push(DocumentElement::Id);
        }
        order(present, &DocumentElement::CANONICAL).prop_map(move |order| Document {
            version: version.map(Spanned::new),
            id: id.clone().map(Spanned::new),
            statement: statement.clone(),
            order,
            span: Span::NONE,
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_of_print_is_the_document(document in document()) {
        let parsed = parse(&document.to_pretty_string());
        prop_assert_eq!(parsed.findings, vec![]);
        prop_assert_eq!(parsed.document.as_ref(), Some(&document));
        let compact = parse(&document.to_json().to_string());
        prop_assert_eq!(compact.document.as_ref(), Some(&document));
        let from_value = parse_value(&document.to_json());
        prop_assert_eq!(from_value.findings, vec![]);
        prop_assert_eq!(from_value.document, Some(document));
    }

    #[test]
    fn print_of_parse_is_the_text(document in document()) {
        let text = document.to_pretty_string();
        let reparsed = parse(&text).document.unwrap();
        prop_assert_eq!(reparsed.to_pretty_string(), text);
        let compact = document.to_json().to_string();
        prop_assert_eq!(parse(&compact).document.unwrap().to_json().to_string(), compact);
    }

    #[test]
    fn printed_statement_spans_are_the_parsed_ones(document in document()) {
        let (text, spans) = document.to_pretty_string_with_statement_spans();
        prop_assert_eq!(&text, &document.to_pretty_string());
        let reparsed = parse(&text).document.unwrap();
        let parsed: Vec<_> = reparsed.statements().map(|statement| statement.span).collect();
        prop_assert_eq!(spans, parsed);
    }

    #[test]
    fn parse_never_panics_on_any_text(text in "(?s).{0,200}") {
        let parsed = parse(&text);
        prop_assert!(parsed.document.is_some() || !parsed.findings.is_empty());
    }

    #[test]
    fn spans_of_findings_lie_within_the_text(document in document(), cut in 0usize..400) {
        // Damage a valid policy by cutting it short: the one finding must point into the text.
        let text = document.to_pretty_string();
        let end = (0..=cut.min(text.len())).rev().find(|index| text.is_char_boundary(*index)).unwrap();
        let damaged = text.get(..end).unwrap();
        for finding in parse(damaged).findings {
            prop_assert!(finding.span.start <= finding.span.end && finding.span.end <= damaged.len());
        }
    }
}
