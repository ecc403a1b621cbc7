//! AWS's evaluation rules, one test each, over cases in the reference simulator's format.
//! Each test asserts the decision and every reason, rendered as `layer kind policy#statement`.

#![cfg(test)]

mod common;

use common::{case, evaluate, policy, render};
use policy::case::CaseLoader;
use serde_json::{Value, json};

const ROLE: &str = "arn:aws:iam::111122223333:role/BackupAdmin";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/BackupAdmin/s1";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const PARTNER: &str = "arn:aws:iam::444455556666:role/Partner";
const ACCOUNT_ROOT: &str = "arn:aws:iam::111122223333:root";
const MOVIES: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Movies";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn allow(action: &str, resource: &str) -> Value {
    json!({"Effect": "Allow", "Action": action, "Resource": resource})
}

fn deny(action: &str, resource: &str) -> Value {
    json!({"Effect": "Deny", "Action": action, "Resource": resource})
}

fn grant(effect: &str, principal: Value, action: &str) -> Value {
    json!({"Effect": effect, "Principal": principal, "Action": action, "Resource": "*"})
}

#[track_caller]
fn check(case: Value, decision: &str, reasons: &[&str]) {
    let evaluation = evaluate(&case);
    let got: Vec<String> = evaluation.reasons.iter().map(render).collect();
    assert_eq!(
        (
            evaluation.decision.as_str(),
            got.iter().map(String::as_str).collect::<Vec<_>>()
        ),
        (decision, reasons.to_vec())
    );
}

#[test]
fn identity_allow_grants_same_account_access() {
    let case = case(
        ROLE,
        "dynamodb:CreateBackup",
        MOVIES,
        json!({"identityPolicies": [policy(json!([allow("dynamodb:CreateBackup", "*")]))]}),
    );
    check(case, "Allowed", &["identity allows identity-0#0"]);
}

#[test]
fn no_matching_allow_is_an_implicit_deny() {
    let case = case(
        ROLE,
        "dynamodb:DeleteBackup",
        MOVIES,
        json!({"identityPolicies": [policy(json!([allow("dynamodb:CreateBackup", "*")]))]}),
    );
    check(case, "ImplicitlyDenied", &["identity no-allow"]);
}

#[test]
fn explicit_deny_in_any_policy_wins() {
    let everything = policy(json!([allow("*", "*")]));
    let denial = policy(json!([deny("dynamodb:CreateBackup", "*")]));
    let kinds = [
        (
            "identityPolicies",
            json!([everything.clone(), denial.clone()]),
            "identity denies identity-1#0",
        ),
        (
            "permissionBoundaries",
            json!([everything.clone(), denial.clone()]),
            "boundary denies pb-1#0",
        ),
        (
            "scps",
            json!([[everything.clone(), denial.clone()]]),
            "scp0 denies scp-0-1#0",
        ),
        ("rcps", json!([denial.clone()]), "rcp0 denies rcp-0-0#0"),
    ];
    for (field, value, reason) in kinds {
        let mut extra = json!({"identityPolicies": [everything.clone()]});
        extra[field] = value;
        check(
            case(SESSION, "dynamodb:CreateBackup", MOVIES, extra),
            "ExplicitlyDenied",
            &[reason],
        );
    }
    let extra = json!({"identityPolicies": [everything.clone()], "sessionPolicy": policy(json!([allow("*", "*"), deny("dynamodb:CreateBackup", "*")]))});
    check(
        case(SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "ExplicitlyDenied",
        &["session denies session#1"],
    );
    let extra = json!({"identityPolicies": [everything], "resourcePolicy": policy(json!([grant("Deny", json!("*"), "dynamodb:*")]))});
    check(
        case(SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "ExplicitlyDenied",
        &["resource denies resourcePolicy#0"],
    );
}

#[test]
fn every_scp_level_must_allow() {
    let full = policy(json!([allow("*", "*")]));
    let s3_only = policy(json!([allow("s3:*", "*")]));
    let extra = json!({"identityPolicies": [full.clone()], "scps": [full.clone(), [s3_only, full.clone()], full.clone()]});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, extra),
        "Allowed",
        &[
            "scp0 allows scp-0-0#0",
            "scp1 allows scp-1-1#0",
            "scp2 allows scp-2-0#0",
            "identity allows identity-0#0",
        ],
    );
    let extra = json!({"identityPolicies": [full.clone()], "scps": [full.clone(), policy(json!([allow("s3:*", "*")]))]});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, extra),
        "ImplicitlyDenied",
        &["scp1 no-allow"],
    );
}

#[test]
fn rcp_levels_only_deny() {
    let extra = json!({"identityPolicies": [policy(json!([allow("*", "*")]))], "rcps": [policy(json!([deny("s3:*", "*")]))]});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, extra),
        "Allowed",
        &["identity allows identity-0#0"],
    );
}

#[test]
fn same_account_resource_policy_alone_allows() {
    let extra = json!({"resourcePolicy": policy(json!([grant("Allow", json!({"AWS": ROLE}), "dynamodb:CreateBackup")]))});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, extra),
        "Allowed",
        &["resource allows resourcePolicy#0"],
    );
}

#[test]
fn resource_policy_naming_the_role_covers_its_sessions() {
    let extra = json!({"resourcePolicy": policy(json!([grant("Allow", json!({"AWS": "arn:aws:iam::111122223333:role/ops/BackupAdmin"}), "dynamodb:*")]))});
    check(
        case(SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "Allowed",
        &["resource allows resourcePolicy#0"],
    );
}

#[test]
fn same_account_grant_to_account_delegates_to_identity_policies() {
    for principal in [
        json!({"AWS": "111122223333"}),
        json!({"AWS": "arn:aws:iam::111122223333:root"}),
    ] {
        let extra = json!({"resourcePolicy": policy(json!([grant("Allow", principal.clone(), "dynamodb:*")]))});
        check(
            case(ROLE, "dynamodb:CreateBackup", MOVIES, extra),
            "ImplicitlyDenied",
            &["identity no-allow"],
        );
    }
}

#[test]
fn cross_account_needs_identity_and_resource_policy() {
    let identity = json!([policy(json!([allow("dynamodb:*", "*")]))]);
    let resource = policy(json!([grant(
        "Allow",
        json!({"AWS": PARTNER}),
        "dynamodb:CreateBackup"
    )]));
    check(
        case(
            PARTNER,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"identityPolicies": identity, "resourcePolicy": resource}),
        ),
        "Allowed",
        &[
            "identity allows identity-0#0",
            "resource allows resourcePolicy#0",
        ],
    );
    check(
        case(
            PARTNER,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"resourcePolicy": resource}),
        ),
        "ImplicitlyDenied",
        &["identity no-allow"],
    );
    check(
        case(
            PARTNER,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"identityPolicies": identity}),
        ),
        "ImplicitlyDenied",
        &["resource no-allow"],
    );
}

#[test]
fn cross_account_grant_to_the_account_counts_as_resource_side() {
    let identity = json!([policy(json!([allow("dynamodb:*", "*")]))]);
    let resource = policy(json!([grant(
        "Allow",
        json!({"AWS": "444455556666"}),
        "dynamodb:CreateBackup"
    )]));
    check(
        case(
            PARTNER,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"identityPolicies": identity, "resourcePolicy": resource}),
        ),
        "Allowed",
        &[
            "identity allows identity-0#0",
            "resource allows resourcePolicy#0",
        ],
    );
}

#[test]
fn permission_boundary_limits_identity_policies() {
    let extra = json!({"identityPolicies": [policy(json!([allow("dynamodb:*", "*")]))], "permissionBoundaries": [policy(json!([allow("dynamodb:Describe*", "*")]))]});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, extra.clone()),
        "ImplicitlyDenied",
        &["boundary no-allow"],
    );
    check(
        case(ROLE, "dynamodb:DescribeBackup", MOVIES, extra),
        "Allowed",
        &["identity allows identity-0#0", "boundary allows pb-0#0"],
    );
}

#[test]
fn boundary_does_not_limit_a_grant_to_the_user_or_session_itself() {
    let boundary = json!([policy(json!([allow("s3:*", "*")]))]);
    for caller in [USER, SESSION] {
        let extra = json!({"permissionBoundaries": boundary, "resourcePolicy": policy(json!([grant("Allow", json!({"AWS": caller}), "dynamodb:*")]))});
        check(
            case(caller, "dynamodb:CreateBackup", MOVIES, extra),
            "Allowed",
            &["resource allows resourcePolicy#0"],
        );
    }
}

#[test]
fn boundary_limits_a_grant_to_the_role() {
    let extra = json!({"permissionBoundaries": [policy(json!([allow("s3:*", "*")]))], "resourcePolicy": policy(json!([grant("Allow", json!({"AWS": ROLE}), "dynamodb:*")]))});
    check(
        case(SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "ImplicitlyDenied",
        &["identity no-allow", "boundary no-allow"],
    );
}

#[test]
fn session_policy_limits_identity_policies() {
    let extra = json!({"identityPolicies": [policy(json!([allow("dynamodb:*", "*")]))], "sessionPolicy": policy(json!([allow("dynamodb:DescribeBackup", "*")]))});
    check(
        case(SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "ImplicitlyDenied",
        &["session no-allow"],
    );
}

#[test]
fn not_principal_deny_always_applies_to_a_principal_with_a_boundary() {
    let resource = policy(
        json!([grant("Allow", json!({"AWS": SESSION}), "dynamodb:*"), {"Effect": "Deny", "NotPrincipal": {"AWS": [ACCOUNT_ROOT, ROLE, SESSION]}, "Action": "*", "Resource": "*"}]),
    );
    let everything = json!([policy(json!([allow("*", "*")]))]);
    check(
        case(
            SESSION,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"resourcePolicy": resource}),
        ),
        "Allowed",
        &["resource allows resourcePolicy#0"],
    );
    check(
        case(
            SESSION,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"resourcePolicy": resource, "permissionBoundaries": everything}),
        ),
        "ExplicitlyDenied",
        &["resource denies resourcePolicy#1"],
    );
}

#[test]
fn kms_key_needs_its_key_policy() {
    let admin = json!([policy(json!([allow("*", "*")]))]);
    check(
        case(ROLE, "kms:Decrypt", KEY, json!({"identityPolicies": admin})),
        "ImplicitlyDenied",
        &["resource no-allow"],
    );
    let delegating = policy(json!([grant(
        "Allow",
        json!({"AWS": "arn:aws:iam::111122223333:root"}),
        "kms:*"
    )]));
    check(
        case(
            ROLE,
            "kms:Decrypt",
            KEY,
            json!({"identityPolicies": admin, "resourcePolicy": delegating}),
        ),
        "Allowed",
        &[
            "identity allows identity-0#0",
            "resource allows resourcePolicy#0",
        ],
    );
    check(
        case(
            ROLE,
            "kms:Decrypt",
            KEY,
            json!({"resourcePolicy": delegating}),
        ),
        "ImplicitlyDenied",
        &["identity no-allow"],
    );
    check(
        case(
            ROLE,
            "kms:ListKeys",
            "*",
            json!({"identityPolicies": admin}),
        ),
        "Allowed",
        &["identity allows identity-0#0"],
    );
    let direct = policy(json!([grant("Allow", json!({"AWS": ROLE}), "kms:Decrypt")]));
    check(
        case(ROLE, "kms:Decrypt", KEY, json!({"resourcePolicy": direct})),
        "Allowed",
        &["resource allows resourcePolicy#0"],
    );
}

#[test]
fn action_without_resource_types_needs_a_star_resource() {
    let scoped = json!({"identityPolicies": [policy(json!([allow("dynamodb:ListBackups", "arn:aws:dynamodb:*:*:table/*")]))]});
    check(
        case(ROLE, "dynamodb:ListBackups", "*", scoped),
        "ImplicitlyDenied",
        &["identity no-allow"],
    );
    let star = json!({"identityPolicies": [policy(json!([allow("dynamodb:ListBackups", "*")]))]});
    check(
        case(ROLE, "dynamodb:ListBackups", "*", star),
        "Allowed",
        &["identity allows identity-0#0"],
    );
}

#[test]
fn not_action_and_not_resource_apply_to_everything_else() {
    let statement = json!({"Effect": "Allow", "NotAction": "dynamodb:Delete*", "NotResource": "arn:aws:dynamodb:*:*:table/Prod*"});
    let extra = json!({"identityPolicies": [policy(json!([statement]))]});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, extra.clone()),
        "Allowed",
        &["identity allows identity-0#0"],
    );
    check(
        case(ROLE, "dynamodb:DeleteBackup", MOVIES, extra.clone()),
        "ImplicitlyDenied",
        &["identity no-allow"],
    );
    check(
        case(
            ROLE,
            "dynamodb:CreateBackup",
            "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-Orders",
            extra,
        ),
        "ImplicitlyDenied",
        &["identity no-allow"],
    );
}

#[test]
fn statement_reasons_carry_sid_and_span() {
    let text = r#"{"id": 1, "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Sid": "Backups", "Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}]}],
        "request": {"principal": "arn:aws:iam::111122223333:role/BackupAdmin", "action": "dynamodb:CreateBackup", "resource": "*"}}"#;
    let mut loader = CaseLoader::new();
    let (request, set) = loader.load(CaseLoader::read(text).unwrap()).unwrap();
    let evaluation = set.evaluate(&request);
    let reason = &evaluation.reasons[0];
    assert_eq!(reason.sid.as_deref(), Some("Backups"));
    let policy_text = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Backups", "Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}]}"#;
    let span = reason.span.unwrap();
    assert_eq!(
        policy_text.get(span.start..span.end).unwrap(),
        r#"{"Sid": "Backups", "Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}"#
    );
    assert_eq!(
        serde_json::to_value(&evaluation).unwrap(),
        json!({"decision": "Allowed", "reasons": [{"layer": {"kind": "identity"}, "kind": "Allows", "policy": "identity-0", "statement": 0, "sid": "Backups", "span": [40, 129]}], "missingContext": []})
    );
}

#[test]
fn missing_context_lists_keys_conditions_asked_for() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "data"}, "Bool": {"aws:SecureTransport": "true"}}});
    let extra = json!({"identityPolicies": [policy(json!([statement]))], "context": {"aws:SecureTransport": true}});
    let evaluation = evaluate(&case(ROLE, "dynamodb:CreateBackup", MOVIES, extra));
    assert_eq!(evaluation.missing_context, ["aws:PrincipalTag/team"]);
}

#[test]
fn invalid_policy_is_an_error_not_a_deny() {
    let bad = json!({"id": 1, "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*", "Condition": {"StringEqualz": {"k": "v"}}}]}],
        "request": {"principal": ROLE, "action": "dynamodb:CreateBackup", "resource": MOVIES}});
    let text = bad.to_string();
    let error = CaseLoader::new()
        .load(CaseLoader::read(&text).unwrap())
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("identity policy `identity-0`: "),
        "{error}"
    );
}

#[test]
fn principal_in_identity_policy_is_an_error() {
    let bad = case(
        ROLE,
        "dynamodb:CreateBackup",
        MOVIES,
        json!({"identityPolicies": [policy(json!([grant("Allow", json!("*"), "*")]))]}),
    );
    let text = bad.to_string();
    let error = CaseLoader::new()
        .load(CaseLoader::read(&text).unwrap())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "identity policy `identity-0`: statement 0 has a `Principal`, which only resource-based policies have"
    );
}

#[test]
fn not_principal_deny_exempts_only_a_caller_whose_whole_chain_is_named() {
    // AWS may check the account, then the role, then the session: naming only some of them leaves
    // the caller denied (IAM User Guide, "Specifying NotPrincipal with Deny").
    let allow_all = json!([policy(json!([allow("*", "*")]))]);
    let deny_except = |names: serde_json::Value| {
        policy(
            json!([{"Effect": "Deny", "NotPrincipal": {"AWS": names}, "Action": "*", "Resource": "*"}]),
        )
    };
    for (caller, names, expected) in [
        (USER, json!(ACCOUNT_ROOT), "ExplicitlyDenied"),
        (USER, json!(USER), "ExplicitlyDenied"),
        (USER, json!([ACCOUNT_ROOT, USER]), "Allowed"),
        (SESSION, json!([ACCOUNT_ROOT, ROLE]), "ExplicitlyDenied"),
        (SESSION, json!([ACCOUNT_ROOT, SESSION]), "ExplicitlyDenied"),
        (SESSION, json!([ACCOUNT_ROOT, ROLE, SESSION]), "Allowed"),
        (ROLE, json!([ACCOUNT_ROOT, ROLE]), "Allowed"),
        (ROLE, json!(ROLE), "ExplicitlyDenied"),
    ] {
        let decision = evaluate(&case(
            caller,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"identityPolicies": allow_all, "resourcePolicy": deny_except(names.clone())}),
        ));
        assert_eq!(
            decision.decision.as_str(),
            expected,
            "caller {caller}, NotPrincipal {names}"
        );
    }
}
