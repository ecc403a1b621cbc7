//! Rules that depend on who calls: the account root user, the `aws:PrincipalType` of each kind of
//! caller, and the `aws:PrincipalArn` a role session's ARN only lets the evaluator guess. Each test
//! asserts the decision, every reason (rendered as `layer kind policy#statement`) and the missing
//! context keys, on both paths.

#![cfg(test)]

mod common;

use common::{case, evaluate, policy, render};
use serde_json::{Value, json};

const SSO_SESSION: &str =
    "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice";
const SSO_ROLE: &str = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef";
const ROLE: &str = "arn:aws:iam::111122223333:role/BackupAdmin";
const ROOT: &str = "arn:aws:iam::111122223333:root";
const PARTNER_ROOT: &str = "arn:aws:iam::444455556666:root";
const MOVIES: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Movies";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn allow_all() -> Value {
    policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))
}

fn deny(action: &str) -> Value {
    policy(json!([{"Effect": "Deny", "Action": action, "Resource": "*"}]))
}

#[track_caller]
fn check(case: Value, decision: &str, reasons: &[&str], missing: &[&str]) {
    let evaluation = evaluate(&case);
    let got: Vec<String> = evaluation.reasons.iter().map(render).collect();
    assert_eq!(
        (
            evaluation.decision.as_str(),
            got.iter().map(String::as_str).collect::<Vec<_>>(),
            evaluation
                .missing_context
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
        (decision, reasons.to_vec(), missing.to_vec())
    );
}

/// One SCP level: full access, and an SCP that lets only Identity Center roles delete backups, as
/// organisations write it.
fn sso_only_scp(operator: &str, value: &str) -> Value {
    let guard = json!({"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*",
        "Condition": {operator: {"aws:PrincipalArn": value}}});
    json!([[allow_all(), policy(json!([guard]))]])
}

#[test]
fn derived_principal_arn_of_a_role_session_is_reported_as_missing_when_a_condition_reads_it() {
    // The session ARN drops the role's path, so the guess `role/AWSReservedSSO_…` fails the SCP's
    // path test although the real role passes it: the answer rests on the guess, and says so.
    for (operator, value) in [
        (
            "ArnNotLike",
            "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
        ),
        ("StringNotLike", "arn:aws:iam::*:role/aws-reserved/*"),
    ] {
        let extra =
            json!({"identityPolicies": [allow_all()], "scps": sso_only_scp(operator, value)});
        check(
            case(SSO_SESSION, "dynamodb:DeleteBackup", MOVIES, extra),
            "ExplicitlyDenied",
            &["scp0 denies scp-0-1#0"],
            &["aws:PrincipalArn"],
        );
    }
    // A condition that reads the key but does not hold, in a statement that does not decide, is
    // reported all the same: its answer rests on the guess too.
    let unmet = json!({"Effect": "Allow", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:principalarn": SSO_ROLE}}});
    let extra = json!({"identityPolicies": [policy(json!([unmet]))]});
    check(
        case(SSO_SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "ImplicitlyDenied",
        &["identity no-allow"],
        &["aws:PrincipalArn"],
    );
}

#[test]
fn derived_principal_arn_of_a_role_session_is_reported_as_missing_when_a_policy_variable_reads_it()
{
    let in_condition = json!({"Effect": "Allow", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:ResourceTag/owner": "${aws:PrincipalArn}"}}});
    let extra = json!({"identityPolicies": [policy(json!([in_condition]))],
        "context": {"aws:ResourceTag/owner": "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef"}});
    check(
        case(SSO_SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "Allowed",
        &["identity allows identity-0#0"],
        &["aws:PrincipalArn"],
    );
    // In `Resource`, the variable is read even when the resource then does not match.
    let in_resource = json!({"Effect": "Allow", "Action": "*",
        "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/${aws:PrincipalArn}"});
    let extra = json!({"identityPolicies": [policy(json!([in_resource]))]});
    check(
        case(SSO_SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "ImplicitlyDenied",
        &["identity no-allow"],
        &["aws:PrincipalArn"],
    );
}

#[test]
fn given_principal_arn_of_a_role_session_is_not_reported_as_missing() {
    let extra = json!({"identityPolicies": [allow_all()],
        "scps": sso_only_scp("ArnNotLike", "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*"),
        "context": {"aws:PrincipalArn": SSO_ROLE}});
    check(
        case(SSO_SESSION, "dynamodb:DeleteBackup", MOVIES, extra),
        "Allowed",
        &["scp0 allows scp-0-0#0", "identity allows identity-0#0"],
        &[],
    );
}

#[test]
fn principal_arn_of_a_role_or_user_is_not_reported_as_missing() {
    // The caller's own ARN is its aws:PrincipalArn, path and all: nothing is guessed.
    let extra = json!({"identityPolicies": [allow_all()],
        "scps": sso_only_scp("ArnNotLike", "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*")});
    check(
        case(ROLE, "dynamodb:DeleteBackup", MOVIES, extra),
        "ExplicitlyDenied",
        &["scp0 denies scp-0-1#0"],
        &[],
    );
}

#[test]
fn derived_principal_arn_is_not_reported_when_no_consulted_statement_reads_it() {
    // The SCP's Deny names another action, and the Allow that reads the key another resource:
    // neither statement's conditions are consulted for this request.
    let other_resource = json!({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Other",
        "Condition": {"ArnLike": {"aws:PrincipalArn": SSO_ROLE}}});
    let extra = json!({"identityPolicies": [allow_all(), policy(json!([other_resource]))],
        "scps": sso_only_scp("ArnNotLike", "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*")});
    check(
        case(SSO_SESSION, "dynamodb:CreateBackup", MOVIES, extra),
        "Allowed",
        &["scp0 allows scp-0-0#0", "identity allows identity-0#0"],
        &[],
    );
    check(
        case(
            SSO_SESSION,
            "dynamodb:CreateBackup",
            MOVIES,
            json!({"identityPolicies": [allow_all()]}),
        ),
        "Allowed",
        &["identity allows identity-0#0"],
        &[],
    );
}

#[test]
fn root_user_needs_no_identity_policy_in_its_own_account() {
    check(
        case(ROOT, "dynamodb:DeleteBackup", MOVIES, json!({})),
        "Allowed",
        &["identity root-user"],
        &[],
    );
    // A resource-based policy that grants someone else takes nothing away.
    let other = policy(
        json!([{"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "*", "Resource": "*"}]),
    );
    check(
        case(
            ROOT,
            "dynamodb:DeleteBackup",
            MOVIES,
            json!({"resourcePolicy": other, "scps": [allow_all()]}),
        ),
        "Allowed",
        &["scp0 allows scp-0-0#0", "identity root-user"],
        &[],
    );
}

#[test]
fn root_user_is_stopped_by_an_explicit_deny_in_an_scp_rcp_or_resource_policy() {
    let resource_deny = policy(
        json!([{"Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteBackup", "Resource": "*"}]),
    );
    for (extra, reason) in [
        (
            json!({"scps": [[allow_all(), deny("dynamodb:DeleteBackup")]]}),
            "scp0 denies scp-0-1#0",
        ),
        (
            json!({"rcps": [deny("dynamodb:DeleteBackup")]}),
            "rcp0 denies rcp-0-0#0",
        ),
        (
            json!({"resourcePolicy": resource_deny}),
            "resource denies resourcePolicy#0",
        ),
    ] {
        check(
            case(ROOT, "dynamodb:DeleteBackup", MOVIES, extra),
            "ExplicitlyDenied",
            &[reason],
            &[],
        );
    }
}

#[test]
fn root_user_is_stopped_by_an_scp_level_without_an_allow() {
    let s3_only = policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]));
    check(
        case(
            ROOT,
            "dynamodb:DeleteBackup",
            MOVIES,
            json!({"scps": [allow_all(), s3_only]}),
        ),
        "ImplicitlyDenied",
        &["scp1 no-allow"],
        &[],
    );
}

#[test]
fn root_user_of_another_account_needs_the_resource_policy() {
    check(
        case(PARTNER_ROOT, "dynamodb:DescribeBackup", MOVIES, json!({})),
        "ImplicitlyDenied",
        &["resource no-allow"],
        &[],
    );
    for principal in [json!({"AWS": "444455556666"}), json!({"AWS": PARTNER_ROOT})] {
        let grant = policy(
            json!([{"Effect": "Allow", "Principal": principal, "Action": "dynamodb:Describe*", "Resource": "*"}]),
        );
        check(
            case(
                PARTNER_ROOT,
                "dynamodb:DescribeBackup",
                MOVIES,
                json!({"resourcePolicy": grant}),
            ),
            "Allowed",
            &["identity root-user", "resource allows resourcePolicy#0"],
            &[],
        );
    }
    // A grant to one of the other account's roles is not a grant to its root user.
    let to_role = policy(
        json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Partner"}, "Action": "*", "Resource": "*"}]),
    );
    check(
        case(
            PARTNER_ROOT,
            "dynamodb:DescribeBackup",
            MOVIES,
            json!({"resourcePolicy": to_role}),
        ),
        "ImplicitlyDenied",
        &["resource no-allow"],
        &[],
    );
}

#[test]
fn root_user_needs_the_key_policy_of_a_kms_key() {
    check(
        case(ROOT, "kms:Decrypt", KEY, json!({})),
        "ImplicitlyDenied",
        &["resource no-allow"],
        &[],
    );
    let delegating = policy(
        json!([{"Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}]),
    );
    check(
        case(
            ROOT,
            "kms:Decrypt",
            KEY,
            json!({"resourcePolicy": delegating}),
        ),
        "Allowed",
        &["identity root-user", "resource allows resourcePolicy#0"],
        &[],
    );
}

#[test]
fn policies_given_with_a_root_caller_only_deny() {
    // AWS attaches none of these to the root user. Given anyway, their Allows add nothing and their
    // lack of one limits nothing, but a Deny in them still wins.
    let describe_only =
        policy(json!([{"Effect": "Allow", "Action": "dynamodb:Describe*", "Resource": "*"}]));
    let extra = json!({"identityPolicies": [allow_all()], "permissionBoundaries": [describe_only.clone()], "sessionPolicy": describe_only});
    check(
        case(ROOT, "dynamodb:DeleteBackup", MOVIES, extra),
        "Allowed",
        &["identity root-user"],
        &[],
    );
    for field in ["identityPolicies", "permissionBoundaries"] {
        let mut extra = json!({});
        extra[field] = json!([deny("dynamodb:DeleteBackup")]);
        let layer = if field == "identityPolicies" {
            "identity denies identity-0#0"
        } else {
            "boundary denies pb-0#0"
        };
        check(
            case(ROOT, "dynamodb:DeleteBackup", MOVIES, extra),
            "ExplicitlyDenied",
            &[layer],
            &[],
        );
    }
}

#[test]
fn root_user_reason_serialises_without_policy_or_statement() {
    let evaluation = evaluate(&case(ROOT, "dynamodb:DeleteBackup", MOVIES, json!({})));
    assert_eq!(
        serde_json::to_value(&evaluation).unwrap(),
        json!({"decision": "Allowed", "reasons": [{"layer": {"kind": "identity"}, "kind": "RootUser", "policy": null, "statement": null, "sid": null, "span": null}], "missingContext": []})
    );
}

#[test]
fn root_user_is_stopped_by_an_scp_that_denies_the_root_user() {
    // The two ways AWS documents to single out the root user: aws:PrincipalType `Account`, and
    // aws:PrincipalArn `arn:aws:iam::*:root`; both keys are in every request.
    for condition in [
        json!({"StringEquals": {"aws:PrincipalType": "Account"}}),
        json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}),
    ] {
        let deny_root = policy(
            json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition}]),
        );
        let extra = json!({"scps": [[allow_all(), deny_root]]});
        check(
            case(ROOT, "dynamodb:DeleteBackup", MOVIES, extra.clone()),
            "ExplicitlyDenied",
            &["scp0 denies scp-0-1#0"],
            &[],
        );
        let extra = json!({"scps": extra["scps"], "identityPolicies": [allow_all()]});
        check(
            case(ROLE, "dynamodb:DeleteBackup", MOVIES, extra),
            "Allowed",
            &["scp0 allows scp-0-0#0", "identity allows identity-0#0"],
            &[],
        );
    }
}

#[test]
fn principal_type_is_derived_from_the_caller_unless_given() {
    let only = |principal_type: &str| {
        policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalType": principal_type}}}]))
    };
    for (caller, principal_type) in [
        ("arn:aws:iam::111122223333:user/alice", "User"),
        (ROLE, "AssumedRole"),
        (SSO_SESSION, "AssumedRole"),
        (
            "arn:aws:sts::111122223333:federated-user/bob",
            "FederatedUser",
        ),
    ] {
        check(
            case(
                caller,
                "dynamodb:CreateBackup",
                MOVIES,
                json!({"identityPolicies": [only(principal_type)]}),
            ),
            "Allowed",
            &["identity allows identity-0#0"],
            &[],
        );
    }
    let given = json!({"identityPolicies": [only("AssumedRole")], "context": {"aws:PrincipalType": "User"}});
    check(
        case(ROLE, "dynamodb:CreateBackup", MOVIES, given),
        "ImplicitlyDenied",
        &["identity no-allow"],
        &[],
    );
}
