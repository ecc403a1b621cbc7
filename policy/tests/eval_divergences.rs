//! Where the reference simulator and AWS's documentation disagree, the evaluator follows the
//! documentation. One test per entry of `DIVERGENCES.md`, named after it.

#![cfg(test)]

use policy::case::CaseLoader;
use serde_json::{Value, json};

const ROLE: &str = "arn:aws:iam::123456789012:role/BackupAdmin";
const MOVIES: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/Movies";

fn outcome(case: Value) -> String {
    let text = case.to_string();
    let mut loader = CaseLoader::new();
    match CaseLoader::read(&text).and_then(|case| loader.load(case)) {
        Ok((request, set)) => set.evaluate(&request).decision.as_str().to_owned(),
        Err(error) => format!("error: {error}"),
    }
}

fn one(statement: Value, version: Option<&str>, request: Value) -> Value {
    let mut policy = json!({"Statement": [statement]});
    if let Some(version) = version {
        policy["Version"] = json!(version);
    }
    json!({"id": 1, "identityPolicies": [policy], "request": request})
}

fn request(context: Value) -> Value {
    json!({"principal": ROLE, "action": "dynamodb:CreateBackup", "resource": MOVIES, "context": context})
}

#[test]
fn resource_type_wildcard() {
    for resource in [
        "arn:aws:dynamodb:us-east-1:123456789012:*/Movies",
        "arn:aws:dynamodb:us-east-1:123456789012:tab?e/Movies",
    ] {
        let statement =
            json!({"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": resource});
        assert_eq!(
            outcome(one(statement, Some("2012-10-17"), request(json!({})))),
            "Allowed",
            "{resource}"
        );
    }
}

#[test]
fn epoch_seconds() {
    let after_2020 = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}});
    assert_eq!(
        outcome(one(
            after_2020,
            Some("2012-10-17"),
            request(json!({"aws:CurrentTime": "1700000000"}))
        )),
        "Allowed"
    );
    let before_2030 = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:EpochTime": "1893456000"}}});
    assert_eq!(
        outcome(one(
            before_2030,
            Some("2012-10-17"),
            request(json!({"aws:EpochTime": "2026-01-01T00:00:00Z"}))
        )),
        "Allowed"
    );
}

#[test]
fn principal_arn() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/Backup*"}}});
    assert_eq!(
        outcome(one(
            statement.clone(),
            Some("2012-10-17"),
            request(json!({}))
        )),
        "Allowed"
    );
    // A role session's aws:PrincipalArn is the role's ARN, not the session's.
    let session = json!({"principal": "arn:aws:sts::123456789012:assumed-role/BackupAdmin/s1", "action": "dynamodb:CreateBackup", "resource": MOVIES});
    assert_eq!(
        outcome(one(statement, Some("2012-10-17"), session)),
        "Allowed"
    );
    let role_session = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalType": "AssumedRole"}}});
    assert_eq!(
        outcome(one(role_session, Some("2012-10-17"), request(json!({})))),
        "Allowed"
    );
}

#[test]
fn version_variables() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/${aws:PrincipalTag/team}-*"});
    let request = json!({"principal": ROLE, "action": "dynamodb:CreateBackup", "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/data-orders", "context": {"aws:PrincipalTag/team": "data"}});
    assert_eq!(
        outcome(one(statement.clone(), Some("2012-10-17"), request.clone())),
        "Allowed"
    );
    assert_eq!(
        outcome(one(statement.clone(), Some("2008-10-17"), request.clone())),
        "ImplicitlyDenied"
    );
    assert_eq!(outcome(one(statement, None, request)), "ImplicitlyDenied");
}

#[test]
fn unknown_operator() {
    for operator in ["StringEqualz", "StringNotEqualz"] {
        let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {operator: {"aws:PrincipalTag/team": "data"}}});
        assert!(
            outcome(one(statement, Some("2012-10-17"), request(json!({})))).starts_with("error: "),
            "{operator}"
        );
    }
}

#[test]
fn session_policy_resource_grant() {
    let session = "arn:aws:sts::123456789012:assumed-role/BackupAdmin/s1";
    let case = |principal: &str| {
        json!({"id": 1, "identityPolicies": [],
            "sessionPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]},
            "resourcePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "*", "Resource": "*"}]},
            "request": {"principal": session, "action": "dynamodb:CreateBackup", "resource": MOVIES}})
    };
    assert_eq!(outcome(case(session)), "Allowed");
    assert_eq!(outcome(case(ROLE)), "ImplicitlyDenied");
}

#[test]
fn set_operator_if_exists() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "env"}}});
    assert_eq!(
        outcome(one(
            statement.clone(),
            Some("2012-10-17"),
            request(json!({}))
        )),
        "Allowed"
    );
    assert_eq!(
        outcome(one(
            statement,
            Some("2012-10-17"),
            request(json!({"aws:TagKeys": ["team"]}))
        )),
        "ImplicitlyDenied"
    );
}

#[test]
fn short_arn() {
    let exact = json!({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:123456789012"});
    assert_eq!(
        outcome(one(exact, Some("2012-10-17"), request(json!({})))),
        "ImplicitlyDenied"
    );
    let open = json!({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-*"});
    assert_eq!(
        outcome(one(open, Some("2012-10-17"), request(json!({})))),
        "Allowed"
    );
}

#[test]
fn empty_resource() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": [""]});
    assert!(outcome(one(statement, Some("2012-10-17"), request(json!({})))).starts_with("error: "));
}

#[test]
fn empty_variable_value() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "x${aws:PrincipalTag/team}"}}});
    let context = json!({"aws:PrincipalTag/team": "", "aws:ResourceTag/team": "x"});
    assert_eq!(
        outcome(one(statement, Some("2012-10-17"), request(context))),
        "Allowed"
    );
}

#[test]
fn strict_numbers() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}});
    assert_eq!(
        outcome(one(
            statement.clone(),
            Some("2012-10-17"),
            request(json!({"aws:MultiFactorAuthAge": "12abc"}))
        )),
        "ImplicitlyDenied"
    );
    assert_eq!(
        outcome(one(
            statement,
            Some("2012-10-17"),
            request(json!({"aws:MultiFactorAuthAge": "12"}))
        )),
        "Allowed"
    );
}

#[test]
fn unresolved_variable_in_resource() {
    // The variable sits in the resource part and the other segments match: the statement does not
    // apply, whichever of Resource or NotResource holds it.
    let not_resource = json!({"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:dynamodb:us-east-1:123456789012:tablex/${aws:PrincipalTag/team}"});
    assert_eq!(
        outcome(one(not_resource, Some("2012-10-17"), request(json!({})))),
        "ImplicitlyDenied"
    );
    // Another account: the entry cannot match whatever the value, so NotResource excludes nothing.
    let other_account = json!({"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:dynamodb:us-east-1:444455556666:table/${aws:PrincipalTag/team}"});
    assert_eq!(
        outcome(one(other_account, Some("2012-10-17"), request(json!({})))),
        "Allowed"
    );
}

#[test]
fn context_as_given() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["a"]}}});
    assert_eq!(
        outcome(one(
            statement,
            Some("2012-10-17"),
            request(json!({"dynamodb:Attributes": ["a"]}))
        )),
        "Allowed"
    );
}

#[test]
fn request_validation() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
    let unknown = json!({"principal": ROLE, "action": "dynamodb:MakeCoffee", "resource": MOVIES});
    assert_eq!(
        outcome(one(statement, Some("2012-10-17"), unknown)),
        "Allowed"
    );
}

#[test]
fn wildcard_request() {
    let statement = json!({"Effect": "Allow", "Action": "*", "Resource": MOVIES});
    let wildcard = json!({"principal": ROLE, "action": "dynamodb:CreateBackup", "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/*"});
    assert_eq!(
        outcome(one(statement, Some("2012-10-17"), wildcard)),
        "ImplicitlyDenied"
    );
}

#[test]
fn root_user() {
    let root = "arn:aws:iam::123456789012:root";
    let no_policies = json!({"id": 1, "request": {"principal": root, "action": "dynamodb:DeleteBackup", "resource": MOVIES}});
    assert_eq!(outcome(no_policies), "Allowed");
    let scp_denies = json!({"id": 1,
        "scps": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"}]}]],
        "request": {"principal": root, "action": "dynamodb:DeleteBackup", "resource": MOVIES}});
    assert_eq!(outcome(scp_denies), "ExplicitlyDenied");
    // Across accounts the resource-based policy must grant the root user's account.
    let partner = |resource_policy: Value| {
        json!({"id": 1, "resourcePolicy": resource_policy,
            "request": {"principal": "arn:aws:iam::444455556666:root", "action": "dynamodb:DeleteBackup", "resource": MOVIES}})
    };
    let grant = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "dynamodb:*", "Resource": "*"}]});
    assert_eq!(outcome(partner(grant)), "Allowed");
    let empty = json!({"Version": "2012-10-17", "Statement": []});
    assert_eq!(outcome(partner(empty)), "ImplicitlyDenied");
}

#[test]
fn root_user_given_policies() {
    let root = "arn:aws:iam::123456789012:root";
    let describe_only = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:Describe*", "Resource": "*"}]});
    let limited = json!({"id": 1, "permissionBoundaries": [describe_only], "sessionPolicy": describe_only,
        "request": {"principal": root, "action": "dynamodb:DeleteBackup", "resource": MOVIES}});
    assert_eq!(outcome(limited), "Allowed");
    let statement = json!({"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "Resource": "*"});
    let denied = one(
        statement,
        Some("2012-10-17"),
        json!({"principal": root, "action": "dynamodb:DeleteBackup", "resource": MOVIES}),
    );
    assert_eq!(outcome(denied), "ExplicitlyDenied");
}
