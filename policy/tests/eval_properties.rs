//! Properties of evaluation that hold for every policy set: adding a Deny never grants, statement
//! order never matters, broadening an Allow never takes access away, and a set narrowed to the
//! request's action answers as the whole set does.

#![cfg(test)]

use policy::case::CaseLoader;
use policy::eval::{CompiledPolicySet, Decision, Request};
use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] = &[
    "dynamodb:CreateBackup",
    "dynamodb:DeleteBackup",
    "dynamodb:RestoreTableFromBackup",
    "dynamodb:ListBackups",
    "dynamodb:PutItem",
];
const ACTION_PATTERNS: &[&str] = &[
    "dynamodb:*",
    "dynamodb:*Backup",
    "dynamodb:Restore*",
    "dynamodb:?reateBackup",
    "*",
    "dynamodb:createbackup",
    "s3:*",
];
const RESOURCES: &[&str] = &[
    "arn:aws:dynamodb:us-east-1:111122223333:table/Movies",
    "arn:aws:dynamodb:us-east-1:111122223333:table/Movies/backup/01489173575360-b308cd7d",
    "arn:aws:dynamodb:eu-west-1:111122223333:table/Prod-Orders",
    "arn:aws:dynamodb:us-east-1:444455556666:table/Music",
];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:dynamodb:*:111122223333:table/*",
    "arn:aws:dynamodb:us-east-1:*:table/Movies",
    "arn:aws:dynamodb:*:*:table/Prod*",
    "arn:aws:dynamodb:us-*",
    "arn:aws:dynamodb:us-east-1:111122223333:table/${aws:PrincipalTag/team}*",
];
const CONDITIONS: &[&str] = &[
    r#"{"StringEquals": {"aws:PrincipalTag/team": "Movies"}}"#,
    r#"{"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}"#,
    r#"{"Bool": {"aws:SecureTransport": "true"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}"#,
    r#"{"ForAnyValue:StringLike": {"aws:TagKeys": "e*"}}"#,
    r#"{"Null": {"aws:PrincipalTag/team": "true"}}"#,
];

fn statement() -> impl Strategy<Value = Value> {
    let action = prop_oneof![
        prop::sample::select(ACTIONS),
        prop::sample::select(ACTION_PATTERNS)
    ];
    let resource = prop_oneof![
        prop::sample::select(RESOURCES),
        prop::sample::select(RESOURCE_PATTERNS)
    ];
    (
        prop::bool::weighted(0.7),
        prop::collection::vec(action, 1..3),
        prop::bool::weighted(0.15),
        prop::collection::vec(resource, 1..3),
        prop::bool::weighted(0.15),
        prop::option::weighted(0.3, prop::sample::select(CONDITIONS)),
    )
        .prop_map(
            |(allow, actions, not_action, resources, not_resource, condition)| {
                let mut statement = json!({"Effect": if allow { "Allow" } else { "Deny" }});
                statement[if not_action { "NotAction" } else { "Action" }] = json!(actions);
                statement[if not_resource {
                    "NotResource"
                } else {
                    "Resource"
                }] = json!(resources);
                if let Some(condition) = condition {
                    statement["Condition"] = serde_json::from_str(condition).unwrap();
                }
                statement
            },
        )
}

fn policy_of(statements: &[Value]) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[derive(Debug, Clone)]
struct Scenario {
    identity: Vec<Vec<Value>>,
    boundary: Option<Vec<Value>>,
    scp: Option<Vec<Value>>,
    action: &'static str,
    resource: &'static str,
    context: Value,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let policy = || prop::collection::vec(statement(), 1..5);
    (
        prop::collection::vec(policy(), 1..3),
        prop::option::weighted(0.3, policy()),
        prop::option::weighted(0.3, policy()),
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        (prop::option::of(prop::sample::select(&["Movies", "data"][..])), any::<bool>(), prop::option::of(prop::sample::subsequence(vec!["env", "team", "owner"], 0..3))),
    )
        .prop_map(|(identity, boundary, scp, action, resource, (team, secure, tags))| {
            let mut context = json!({"aws:SecureTransport": secure, "aws:SourceIp": "203.0.113.7", "aws:RequestedRegion": "us-east-1"});
            if let Some(team) = team {
                context["aws:PrincipalTag/team"] = json!(team);
            }
            if let Some(tags) = tags {
                context["aws:TagKeys"] = json!(tags);
            }
            let resource = if action == "dynamodb:ListBackups" { "*" } else { resource };
            Scenario { identity, boundary, scp, action, resource, context }
        })
}

fn decide(scenario: &Scenario) -> Decision {
    let (request, set) = loaded(scenario);
    set.evaluate(&request).decision
}

fn loaded(scenario: &Scenario) -> (Request, CompiledPolicySet) {
    let mut case = json!({
        "identityPolicies": scenario.identity.iter().map(|statements| policy_of(statements)).collect::<Vec<_>>(),
        "request": {"principal": "arn:aws:iam::111122223333:role/BackupAdmin", "action": scenario.action,
                    "resource": scenario.resource, "resourceAccount": "111122223333", "context": scenario.context},
    });
    if let Some(boundary) = &scenario.boundary {
        case["permissionBoundaries"] = json!([policy_of(boundary)]);
    }
    if let Some(scp) = &scenario.scp {
        case["scps"] = json!([policy_of(scp)]);
    }
    let text = case.to_string();
    let mut loader = CaseLoader::new();
    loader.load(CaseLoader::read(&text).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_deny_never_grants(scenario in scenario(), extra in statement(), policy_index in any::<prop::sample::Index>()) {
        let before = decide(&scenario);
        let mut denied = scenario.clone();
        let mut deny = extra;
        deny["Effect"] = json!("Deny");
        let index = policy_index.index(denied.identity.len());
        denied.identity[index].push(deny);
        let after = decide(&denied);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed, "{before:?} became {after:?}");
        if before == Decision::ExplicitlyDenied {
            prop_assert_eq!(after, Decision::ExplicitlyDenied);
        }
    }

    #[test]
    fn narrowing_to_the_action_changes_no_evaluation(scenario in scenario()) {
        let (request, set) = loaded(&scenario);
        let narrowed = set.for_action(request.action());
        prop_assert_eq!(narrowed.evaluate(&request), set.evaluate(&request));
    }

    #[test]
    fn statement_order_never_matters(scenario in scenario(), seed in any::<u64>()) {
        let before = decide(&scenario);
        let mut shuffled = scenario.clone();
        for (offset, statements) in shuffled.identity.iter_mut().enumerate() {
            let len = statements.len();
            statements.rotate_left((seed as usize + offset) % len);
            statements.reverse();
        }
        shuffled.identity.reverse();
        if let Some(boundary) = &mut shuffled.boundary {
            boundary.reverse();
        }
        prop_assert_eq!(decide(&shuffled), before);
    }

    #[test]
    fn broader_wildcard_never_allows_less(scenario in scenario(), which in any::<prop::sample::Index>(), widen_action in any::<bool>()) {
        let before = decide(&scenario);
        let mut wider = scenario.clone();
        let statements: Vec<&mut Value> = wider.identity.iter_mut().flatten().collect();
        let count = statements.len();
        if let Some(statement) = statements.into_iter().nth(which.index(count))
            && statement["Effect"] == "Allow"
        {
            if widen_action && statement.get("Action").is_some() {
                statement["Action"] = json!("dynamodb:*");
            } else if statement.get("Resource").is_some() {
                statement["Resource"] = json!("*");
            }
        }
        if before == Decision::Allowed {
            prop_assert_eq!(decide(&wider), Decision::Allowed);
        }
    }
}
