//! Which statements of a policy an action can reach, found without trying every pattern.
//!
//! Most action patterns are literal names (`dynamodb:CreateBackup`) or prefixes
//! (`dynamodb:Describe*`). A request hashes every prefix of its folded action once; a policy keeps
//! its literal names in one table sorted by hash, found with one binary search, and checks each
//! prefix pattern by comparing one hash before any text. Only other wildcard patterns are tried
//! as patterns, and only while some statement they belong to is not already reached. The answer
//! is a mask of statement indices, walked in statement order, so reasons come out as a plain scan
//! gives them.

use super::statement::CompiledStatement;
use crate::pattern::Pattern;
use std::sync::OnceLock;

/// The statements of one policy by action; built for policies of at most 64 statements, whose
/// indices fit one mask.
#[derive(Debug, Clone)]
pub(crate) struct ActionIndex {
    /// Every statement of the policy.
    every: u64,
    /// Statements with `NotAction`: they apply where none of their patterns match.
    negated: u64,
    /// Statements with a pattern that matches every action (`*`).
    always: u64,
    // INVARIANT: sorted by `hash`; one entry per distinct text.
    literals: Box<[Keyed]>,
    // INVARIANT: one entry per distinct prefix.
    prefixes: Box<[Keyed]>,
    // INVARIANT: one entry per distinct pattern; none is a literal, a prefix or `*`.
    wildcards: Box<[(Pattern, u64)]>,
}

/// Folded text with its [`prefix_hashes`] hash and the statements that hold it.
#[derive(Debug, Clone)]
struct Keyed {
    hash: u64,
    text: Box<str>,
    statements: u64,
}

impl ActionIndex {
    /// The index of `statements`, or `None` when they are too many for a mask.
    pub fn new(statements: &[CompiledStatement]) -> Option<Self> {
        if statements.len() > 64 {
            return None;
        }
        let (mut every, mut negated, mut always) = (0, 0, 0);
        let mut literals: Vec<Keyed> = Vec::new();
        let mut prefixes: Vec<Keyed> = Vec::new();
        let mut wildcards: Vec<(Pattern, u64)> = Vec::new();
        for (position, statement) in statements.iter().enumerate() {
            let bit = 1u64 << position;
            every |= bit;
            let (patterns, is_negated) = statement.action_patterns();
            if is_negated {
                negated |= bit;
            }
            for pattern in patterns {
                if pattern.matches_everything() {
                    always |= bit;
                } else if let Some(text) = pattern.literal() {
                    add_keyed(&mut literals, text, bit);
                } else if let Some(text) = pattern.prefix() {
                    add_keyed(&mut prefixes, text, bit);
                } else {
                    match wildcards.iter_mut().find(|(known, _)| known == pattern) {
                        Some((_, statements)) => *statements |= bit,
                        None => wildcards.push((pattern.clone(), bit)),
                    }
                }
            }
        }
        literals.sort_by_key(|entry| entry.hash);
        Some(Self {
            every,
            negated,
            always,
            literals: literals.into_boxed_slice(),
            prefixes: prefixes.into_boxed_slice(),
            wildcards: wildcards.into_boxed_slice(),
        })
    }

    /// Every statement of the policy, as a mask.
    pub fn every(&self) -> u64 {
        self.every
    }

    /// The statements whose `Action` or `NotAction` covers the action `folded` (ASCII lowercase),
    /// as a mask of their indices; `hashes` is [`prefix_hashes`] of `folded`.
    #[inline]
    pub fn reached(&self, folded: &str, hashes: &[u64]) -> u64 {
        let mut matched = self.always;
        if let Some(&hash) = hashes.last() {
            let start = self.literals.partition_point(|entry| entry.hash < hash);
            for entry in self.literals.iter().skip(start) {
                if entry.hash != hash {
                    break;
                }
                if &*entry.text == folded {
                    matched |= entry.statements;
                }
            }
        }
        for entry in self.prefixes.iter() {
            if hashes.get(entry.text.len()) == Some(&entry.hash)
                && folded.as_bytes().starts_with(entry.text.as_bytes())
            {
                matched |= entry.statements;
            }
        }
        for (pattern, statements) in self.wildcards.iter() {
            if statements & !matched != 0 && pattern.matches_folded(folded) {
                matched |= statements;
            }
        }
        (matched ^ self.negated) & self.every
    }
}

fn add_keyed(entries: &mut Vec<Keyed>, text: &str, bit: u64) {
    match entries.iter_mut().find(|entry| &*entry.text == text) {
        Some(entry) => entry.statements |= bit,
        None => entries.push(Keyed {
            hash: text.bytes().fold(SEED, step),
            text: text.into(),
            statements: bit,
        }),
    }
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a.
fn step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a of every prefix of `folded`, by length (the empty prefix first, the whole text last):
/// computed once per request, so that each policy compares hashes rather than text.
fn prefix_hashes(folded: &str) -> Box<[u64]> {
    std::iter::once(SEED)
        .chain(folded.bytes().scan(SEED, |hash, byte| {
            *hash = step(*hash, byte);
            Some(*hash)
        }))
        .collect()
}

/// [`prefix_hashes`] of a request's folded action, computed the first time an indexed policy
/// asks: policies compiled for one action, as in bulk evaluation, have no index and never do.
/// Requests compare equal whether or not it was computed, since the action decides it.
#[derive(Debug, Clone, Default)]
pub(crate) struct LazyPrefixHashes(OnceLock<Box<[u64]>>);

impl LazyPrefixHashes {
    /// The hashes of `folded`, which must be the same text at every call.
    pub fn get(&self, folded: &str) -> &[u64] {
        self.0.get_or_init(|| prefix_hashes(folded))
    }
}

impl PartialEq for LazyPrefixHashes {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The statements a mask names, in index order.
pub(crate) fn each_reached(
    statements: &[CompiledStatement],
    mut mask: u64,
) -> impl Iterator<Item = &CompiledStatement> {
    std::iter::from_fn(move || {
        while mask != 0 {
            let position = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if let Some(statement) = statements.get(position) {
                return Some(statement);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{CompiledPolicy, Reach};
    use proptest::prelude::*;

    /// The statements a plain scan of every statement's patterns reaches.
    fn scanned(policy: &CompiledPolicy, folded: &str) -> Vec<usize> {
        policy
            .statements
            .iter()
            .filter(|statement| statement.matches_action(folded))
            .map(|statement| statement.index)
            .collect()
    }

    fn indexed(policy: &CompiledPolicy, folded: &str) -> Vec<usize> {
        let Reach::Indexed(index) = &policy.reach else {
            panic!("the policy has no index");
        };
        each_reached(
            &policy.statements,
            index.reached(folded, &prefix_hashes(folded)),
        )
        .map(|statement| statement.index)
        .collect()
    }

    fn policy(statements: &[(bool, Vec<String>)]) -> CompiledPolicy {
        let statements: Vec<serde_json::Value> = statements
            .iter()
            .map(|(negated, actions)| {
                let key = if *negated { "NotAction" } else { "Action" };
                serde_json::json!({"Effect": "Allow", key: actions, "Resource": "*"})
            })
            .collect();
        let text = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
        // A wildcard in the service prefix is a finding, yet the document keeps it and the
        // evaluator must match it as written.
        let parsed = crate::parse::parse(&text.to_string());
        CompiledPolicy::new("P", &parsed.document.unwrap())
    }

    fn action() -> impl Strategy<Value = String> {
        (
            "(s3|S3|dynamodb|DynamoDB|iam)",
            "(Get|get|List|Create|Delete)(Backup|Item|)",
        )
            .prop_map(|(service, name)| format!("{service}:{name}"))
    }

    fn pattern() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => action(),
            1 => Just("*".to_owned()),
            2 => "(s3|dynamodb|DYNAMODB|dynamo\\*|\\*db|i?m|iam):(\\*|Get\\*|\\*Backup|Li?t\\*|\\?etItem|\\*e\\*|Create)",
        ]
    }

    proptest! {
        #[test]
        fn index_reaches_the_statements_a_scan_reaches(
            statements in prop::collection::vec(
                (prop::bool::weighted(0.2), prop::collection::vec(pattern(), 1..4)),
                1..70,
            ),
            requests in prop::collection::vec(action(), 1..8),
        ) {
            let policy = policy(&statements);
            let indexed_policy = matches!(policy.reach, Reach::Indexed(_));
            prop_assert_eq!(indexed_policy, statements.len() <= 64);
            for request in &requests {
                let folded = request.to_ascii_lowercase();
                if indexed_policy {
                    prop_assert_eq!(indexed(&policy, &folded), scanned(&policy, &folded));
                }
            }
        }
    }

    /// A random statement as JSON: effect, actions, resources and maybe a condition.
    fn statement(principal: bool) -> impl Strategy<Value = serde_json::Value> {
        (
            prop::bool::ANY,
            prop::bool::weighted(0.2),
            prop::collection::vec(pattern(), 1..4),
            prop::bool::weighted(0.1),
            prop::collection::vec(
                "(\\*|arn:aws:dynamodb:us-east-1:111122223333:table/(Prod\\*|Orders|\\*))",
                1..3,
            ),
            prop::option::of("(prod|dev)"),
        )
            .prop_map(
                move |(allow, not_action, actions, not_resource, resources, tag)| {
                    let mut statement = serde_json::json!({
                        "Effect": if allow { "Allow" } else { "Deny" },
                        (if not_action { "NotAction" } else { "Action" }): actions,
                        (if not_resource { "NotResource" } else { "Resource" }): resources,
                    });
                    if let (Some(tag), Some(object)) = (tag, statement.as_object_mut()) {
                        object.insert(
                            "Condition".to_owned(),
                            serde_json::json!({"StringEquals": {"aws:PrincipalTag/env": tag}}),
                        );
                    }
                    if let (true, Some(object)) = (principal, statement.as_object_mut()) {
                        object.insert("Principal".to_owned(), serde_json::json!("*"));
                    }
                    statement
                },
            )
    }

    fn document(principal: bool) -> impl Strategy<Value = crate::eval::NamedPolicy> {
        prop::collection::vec(statement(principal), 1..6).prop_map(|statements| {
            let text = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
            crate::eval::NamedPolicy {
                name: "P".to_owned(),
                document: crate::parse::parse(&text.to_string()).document.unwrap(),
            }
        })
    }

    /// The set with every policy's index dropped, so that each statement is tried in turn.
    fn unindexed(set: &crate::eval::CompiledPolicySet) -> crate::eval::CompiledPolicySet {
        let strip = |policies: &[CompiledPolicy]| -> Vec<CompiledPolicy> {
            policies
                .iter()
                .map(|policy| CompiledPolicy {
                    reach: Reach::Scan,
                    ..policy.clone()
                })
                .collect()
        };
        crate::eval::CompiledPolicySet {
            identity: strip(&set.identity),
            boundary: strip(&set.boundary),
            session: set.session.as_ref().map(|policy| CompiledPolicy {
                reach: Reach::Scan,
                ..policy.clone()
            }),
            scps: set.scps.iter().map(|level| strip(level)).collect(),
            rcps: set.rcps.iter().map(|level| strip(level)).collect(),
            resource: set.resource.as_ref().map(|policy| CompiledPolicy {
                reach: Reach::Scan,
                ..policy.clone()
            }),
        }
    }

    proptest! {
        #[test]
        fn index_gives_the_answers_and_reasons_of_a_plain_scan(
            identity in prop::collection::vec(document(false), 0..3),
            boundary in prop::collection::vec(document(false), 0..2),
            scps in prop::collection::vec(prop::collection::vec(document(false), 1..3), 0..2),
            resource in prop::option::of(document(true)),
            action in action(),
            table in "(Prod-Orders|Orders|Dev)",
            tag in prop::option::of("(prod|dev)"),
        ) {
            use crate::context::{Context, ContextValue};
            use crate::eval::{ActionName, PolicySet, Request, RequestResource};
            let set = PolicySet { identity, boundary, session: None, scps, rcps: Vec::new(), resource };
            let indexed = crate::eval::CompiledPolicySet::new(&set);
            let scanned = unindexed(&indexed);
            let context: Context = tag
                .map(|tag| ("aws:PrincipalTag/env", ContextValue::from(tag.as_str())))
                .into_iter()
                .collect();
            let request = Request::new(
                crate::arn::Arn::parse("arn:aws:iam::111122223333:user/alice").unwrap(),
                ActionName::parse(&action).unwrap(),
                RequestResource::parse(&format!(
                    "arn:aws:dynamodb:us-east-1:111122223333:table/{table}"
                ))
                .unwrap(),
                None,
                context,
            );
            prop_assert_eq!(indexed.evaluate(&request), scanned.evaluate(&request));
            prop_assert_eq!(indexed.decide(&request), scanned.decide(&request));
        }
    }

    #[test]
    fn index_reaches_statements_in_order_for_shared_literals() {
        let policy = policy(&[
            (false, vec!["dynamodb:GetItem".to_owned()]),
            (true, vec!["dynamodb:Get*".to_owned()]),
            (
                false,
                vec!["DynamoDB:getitem".to_owned(), "s3:*".to_owned()],
            ),
            (false, vec!["*".to_owned()]),
            (true, vec!["s3:GetObject".to_owned()]),
        ]);
        assert_eq!(indexed(&policy, "dynamodb:getitem"), [0, 2, 3, 4]);
        assert_eq!(indexed(&policy, "s3:getobject"), [1, 2, 3]);
    }

    #[test]
    fn requests_compare_equal_whether_or_not_an_index_hashed_their_action() {
        use crate::arn::Arn;
        use crate::context::Context;
        use crate::eval::{ActionName, CompiledPolicySet, Decision, Request, RequestResource};
        let request = || {
            Request::new(
                Arn::parse("arn:aws:iam::111122223333:role/A").unwrap(),
                ActionName::parse("dynamodb:CreateBackup").unwrap(),
                RequestResource::Any,
                None,
                Context::new(),
            )
        };
        let set = CompiledPolicySet {
            identity: vec![policy(&[(false, vec!["dynamodb:createbackup".into()])])],
            ..CompiledPolicySet::default()
        };
        let evaluated = request();
        assert!(evaluated.action_hashes.0.get().is_none());
        assert_eq!(set.decide(&evaluated), Decision::Allowed);
        assert_eq!(
            evaluated.action_hashes.0.get().map(|hashes| hashes.len()),
            Some("dynamodb:createbackup".len() + 1)
        );
        assert_eq!(evaluated, request());
    }
}
