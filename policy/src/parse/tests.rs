//! One test per parsing rule. Each renders every finding as
//! `line:col pointer `spanned text` code: message` plus its help, so a test pins the whole answer.

use expect_test::{Expect, expect};

use super::*;
use crate::document::{BaseOperator, SetOperator};

fn render(text: &str, parsed: &Parsed) -> String {
    let mut out = format!(
        "document: {}\n",
        if parsed.document.is_some() {
            "read"
        } else {
            "none"
        }
    );
    for finding in &parsed.findings {
        out.push_str(&format!(
            "{} {} `{}` {}: {}\n",
            finding.line_col(text),
            finding.pointer,
            finding.spanned(text),
            finding.code,
            finding.message
        ));
        if let Some(help) = &finding.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    out
}

/// Parses `text` both ways: from text (checked against `expect`) and as a serde_json value, which
/// must give the same document and the same findings but for spans.
#[track_caller]
fn check(text: &str, expect: Expect) {
    let parsed = parse(text);
    expect.assert_eq(&render(text, &parsed));
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let from_value = parse_value(&value);
        assert_eq!(
            from_value.document, parsed.document,
            "parse_value reads another document"
        );
        let strip = |findings: &[Finding]| -> Vec<(&str, String, Option<String>, String)> {
            findings
                .iter()
                .map(|f| (f.code, f.message.clone(), f.help.clone(), f.pointer.clone()))
                .collect()
        };
        // Repeated keys are only visible in text: serde_json has already merged them.
        let from_text: Vec<_> = strip(&parsed.findings)
            .into_iter()
            .filter(|f| f.0 != "duplicate-key")
            .collect();
        assert_eq!(
            strip(&from_value.findings),
            from_text,
            "parse_value finds other problems"
        );
        assert!(
            from_value
                .findings
                .iter()
                .all(|f| f.span.start == 0 && f.span.end == 0)
        );
    }
}

fn document(text: &str) -> Document {
    let parsed = parse(text);
    assert_eq!(parsed.findings, [], "{text}");
    parsed.document.unwrap()
}

#[test]
fn clean_policy_has_no_findings() {
    check(
        r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListBackups",
            "Effect": "Allow",
            "Action": "dynamodb:ListBackups",
            "Resource": "*"
        }
    ]
}"#,
        expect![[r#"
            document: read
        "#]],
    );
}

#[test]
fn invalid_json_stops_at_serde_jsons_first_error() {
    check(
        r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow" "Action": "*", "Resource": ""}
    ]
}"#,
        expect![[r#"
            document: none
            4:28  `"` invalid-json: invalid JSON: expected `,` or `}`
                help: look just before this point for a missing `"`, `,` or bracket
        "#]],
    );
}

#[test]
fn invalid_json_with_an_unclosed_string_points_at_the_end_of_its_line() {
    check(
        "{\n    \"Action\": [\n        \"ec2:DescribeRegions\",\n        \"ec2:DescribeAvailabilityZones,\n        \"events:DeleteRule\"\n    ]\n}",
        expect![[r#"
            document: none
            4:40  `
            ` invalid-json: invalid JSON: control character (\u0000-\u001F) found while parsing a string
                help: a string runs to the end of the line: add its closing `"`
        "#]],
    );
}

#[test]
fn invalid_json_that_ends_early_points_at_the_end() {
    check(
        "{\"Version\": \"2012-10-17\",\n \"Statement\": [",
        expect![[r#"
            document: none
            2:16  `` invalid-json: invalid JSON: EOF while parsing a list
                help: the text ends inside the policy: close every string, `[` and `{`
        "#]],
    );
    check(
        "",
        expect![[r#"
            document: none
            1:1  `` invalid-json: invalid JSON: EOF while parsing a value
                help: the text ends inside the policy: close every string, `[` and `{`
        "#]],
    );
}

#[test]
fn invalid_json_escape_as_markdown_prints_it() {
    check(
        r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "\*"}}"#,
        expect![[r#"
            document: none
            1:64  `*` invalid-json: invalid JSON: invalid escape
                help: a backslash in a string starts an escape such as `\n`: remove it, or write `\\` for a backslash
        "#]],
    );
}

#[test]
fn policy_must_be_an_object() {
    check(
        r#"["Allow"]"#,
        expect![[r#"
            document: none
            1:1  `["Allow"]` wrong-type: a policy must be a JSON object, not an array
                help: write the policy as {"Version": "2012-10-17", "Statement": [ … ]}
        "#]],
    );
}

#[test]
fn unknown_element_suggests_the_element_meant() {
    check(
        r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resources": "*", "Conditions": {}}]
}"#,
        expect![[r#"
            document: read
            3:65 /Statement/0/Resources `"Resources"` unknown-element: unknown element `Resources`
                help: did you mean `Resource`?
            3:83 /Statement/0/Conditions `"Conditions"` unknown-element: unknown element `Conditions`
                help: did you mean `Condition`?
            3:19 /Statement/0 `{"Effect": "Allow", "Action": "s3:GetObject", "Resources": "*", "Conditions": {}}` missing-resource: statement has no `Resource` or `NotResource`
                help: add "Resource": "*" or the ARNs it applies to, such as "arn:aws:dynamodb:us-east-1:123456789012:table/Music"; only trust policies, which name a `Principal`, go without
        "#]],
    );
}

#[test]
fn element_names_are_case_sensitive() {
    check(
        r#"{"version": "2012-10-17", "Statement": {"Effect": "Allow", "action": "*", "Resource": "*"}}"#,
        expect![[r#"
            document: none
            1:2 /version `"version"` unknown-element: unknown element `version`
                help: did you mean `Version`?
            1:60 /Statement/action `"action"` unknown-element: unknown element `action`
                help: did you mean `Action`?
            1:40 /Statement `{"Effect": "Allow", "action": "*", "Resource": "*"}` missing-action: statement has no `Action` or `NotAction`
                help: add "Action" with the actions it applies to, such as "dynamodb:CreateBackup"
        "#]],
    );
}

#[test]
fn unknown_element_without_a_near_miss_lists_the_elements() {
    check(
        r#"{"Statement": [], "Comment": "x"}"#,
        expect![[r#"
            document: read
            1:19 /Comment `"Comment"` unknown-element: unknown element `Comment`
                help: a policy may contain `Version`, `Id`, `Statement`
        "#]],
    );
}

#[test]
fn element_at_the_wrong_level_says_where_it_belongs() {
    check(
        r#"{"Effect": "Allow", "Statement": [{"Version": "2012-10-17", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        expect![[r#"
            document: read
            1:2 /Effect `"Effect"` unknown-element: unknown element `Effect`
                help: `Effect` belongs inside a statement in `Statement`
            1:36 /Statement/0/Version `"Version"` unknown-element: unknown element `Version`
                help: `Version` belongs at the top of the policy, outside `Statement`
        "#]],
    );
}

#[test]
fn both_action_and_not_action_is_an_error() {
    let text = r#"{"Statement": {"Effect": "Deny", "Action": "dynamodb:DeleteBackup", "NotAction": "dynamodb:Get*", "Resource": "*"}}"#;
    check(
        text,
        expect![[r#"
            document: read
            1:69 /Statement/NotAction `"NotAction"` action-and-not-action: a statement cannot have both `Action` and `NotAction`
                help: remove one of them: `NotAction` applies the statement to every action except those it lists
        "#]],
    );
    // The first one written is kept.
    let kept = parse(text).document.unwrap();
    assert!(!kept.statements().next().unwrap().action.negated);
}

#[test]
fn both_resource_and_not_resource_is_an_error() {
    check(
        r#"{"Statement": {"Effect": "Allow", "Action": "*", "NotResource": "*", "Resource": "*"}}"#,
        expect![[r#"
            document: read
            1:70 /Statement/Resource `"Resource"` resource-and-not-resource: a statement cannot have both `NotResource` and `Resource`
                help: remove one of them: `NotResource` applies the statement to every resource except those it lists
        "#]],
    );
}

#[test]
fn both_principal_and_not_principal_is_an_error() {
    check(
        r#"{"Statement": {"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "*", "Resource": "*"}}"#,
        expect![[r#"
            document: read
            1:52 /Statement/NotPrincipal `"NotPrincipal"` principal-and-not-principal: a statement cannot have both `Principal` and `NotPrincipal`
                help: remove one of them: `NotPrincipal` applies the statement to every principal except those it lists
        "#]],
    );
}

#[test]
fn missing_effect_is_an_error_and_leaves_no_document() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [
  {"Action": "dynamodb:ListBackups", "Resource": "*"}
]}"#,
        expect![[r#"
            document: none
            2:3 /Statement/0 `{"Action": "dynamodb:ListBackups", "Resource": "*"}` missing-effect: statement has no `Effect`
                help: add "Effect": "Allow" or "Effect": "Deny"
        "#]],
    );
}

#[test]
fn missing_action_is_an_error_and_leaves_no_document() {
    check(
        r#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
        expect![[r#"
            document: none
            1:16 /Statement/0 `{"Effect": "Allow", "Resource": "*"}` missing-action: statement has no `Action` or `NotAction`
                help: add "Action" with the actions it applies to, such as "dynamodb:CreateBackup"
        "#]],
    );
}

#[test]
fn missing_resource_is_an_error_but_the_document_is_read() {
    check(
        r#"{"Statement": [{"Effect": "Allow", "Action": "dynamodb:ListBackups"}]}"#,
        expect![[r#"
            document: read
            1:16 /Statement/0 `{"Effect": "Allow", "Action": "dynamodb:ListBackups"}` missing-resource: statement has no `Resource` or `NotResource`
                help: add "Resource": "*" or the ARNs it applies to, such as "arn:aws:dynamodb:us-east-1:123456789012:table/Music"; only trust policies, which name a `Principal`, go without
        "#]],
    );
}

#[test]
fn trust_policy_needs_no_resource() {
    let document = document(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "backup.amazonaws.com"}}]}"#,
    );
    let statement = document.statements().next().unwrap();
    assert_eq!(statement.resource, None);
    let principal = statement.principal.as_ref().unwrap();
    let Principal::Map(entries) = &principal.principal else {
        panic!("a map of principals")
    };
    assert_eq!(entries[0].0.value, PrincipalKind::Service);
    assert_eq!(
        entries[0].1,
        OneOrMany::One(Spanned::new("backup.amazonaws.com".to_owned()))
    );
}

#[test]
fn empty_resource_is_an_error() {
    // Seed 000, examples 2 to 4, as AWS's guide prints them.
    check(
        r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["dynamodb:ListBackups"],
            "Resource": ""
        },
        {
            "Effect": "Deny",
            "Action": ["dynamodb:DeleteBackup"],
            "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/*", ""]
        }
]

}"#,
        expect![[r#"
            document: read
            7:25 /Statement/0/Resource `""` empty-resource: `Resource` is empty
                help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
            12:90 /Statement/1/Resource/1 `""` empty-resource: `Resource` contains an empty string
                help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        "#]],
    );
}

#[test]
fn empty_action_and_empty_effect_are_errors() {
    check(
        r#"{"Statement": [{"Effect": "", "Action": "", "Resource": "*"}]}"#,
        expect![[r#"
            document: none
            1:27 /Statement/0/Effect `""` empty-effect: `Effect` is empty
                help: use `Allow` or `Deny`
            1:41 /Statement/0/Action `""` empty-action: `Action` is empty
                help: name an action such as `dynamodb:CreateBackup`, or `*` for every action
        "#]],
    );
}

#[test]
fn empty_principal_is_an_error() {
    check(
        r#"{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": ["", "arn:aws:iam::123456789012:root"]}}]}"#,
        expect![[r#"
            document: read
            1:86 /Statement/0/Principal/AWS/0 `""` empty-principal: `AWS` contains an empty string
                help: name a principal such as `arn:aws:iam::123456789012:root`
        "#]],
    );
}

#[test]
fn action_names_need_a_service_prefix() {
    check(
        r#"{"Statement": [{"Effect": "Allow", "Action": ["CreateBackup", "dynamodb:", "*", "DynamoDB:createbackup"], "Resource": "*"}]}"#,
        expect![[r#"
            document: read
            1:47 /Statement/0/Action/0 `"CreateBackup"` invalid-action: `CreateBackup` is not an action name
                help: write the service prefix and the action, such as `dynamodb:CreateBackup`
            1:63 /Statement/0/Action/1 `"dynamodb:"` invalid-action: `dynamodb:` is not an action name
                help: write the service prefix and the action, such as `dynamodb:CreateBackup`
        "#]],
    );
}

#[test]
fn resources_must_be_arns_or_a_wildcard() {
    check(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["table/Movies", "*", "arn:aws:dynamodb:*:*:table/*"]}]}"#,
        expect![[r#"
            document: read
            1:64 /Statement/0/Resource/0 `"table/Movies"` invalid-resource: `table/Movies` is not an ARN
                help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        "#]],
    );
}

#[test]
fn invalid_version_is_an_error() {
    check(
        r#"{"Version": "2012-10-18", "Statement": []}"#,
        expect![[r#"
            document: read
            1:13 /Version `"2012-10-18"` invalid-version: `2012-10-18` is not a policy language version
                help: use `2012-10-17`, the current version; policy variables need it
        "#]],
    );
    check(
        r#"{"Version": 2012, "Statement": []}"#,
        expect![[r#"
            document: read
            1:13 /Version `2012` wrong-type: `Version` must be a string, not a number
                help: use `2012-10-17`, the current version; policy variables need it
        "#]],
    );
}

#[test]
fn both_versions_are_read() {
    let new = document(r#"{"Version": "2012-10-17", "Statement": []}"#);
    assert_eq!(
        new.version.map(|version| version.value),
        Some(Version::V2012_10_17)
    );
    let old = document(r#"{"Version": "2008-10-17", "Statement": []}"#);
    assert_eq!(
        old.version.map(|version| version.value),
        Some(Version::V2008_10_17)
    );
    let none = document(r#"{"Statement": []}"#);
    assert_eq!(none.version, None);
}

#[test]
fn effect_must_be_allow_or_deny() {
    check(
        r#"{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}, {"Effect": "Permit", "Action": "*", "Resource": "*"}]}"#,
        expect![[r#"
            document: none
            1:27 /Statement/0/Effect `"allow"` invalid-effect: `Effect` must be `Allow` or `Deny`, not `allow`
                help: did you mean `Allow`?
            1:80 /Statement/1/Effect `"Permit"` invalid-effect: `Effect` must be `Allow` or `Deny`, not `Permit`
                help: use `Allow` or `Deny`
        "#]],
    );
}

#[test]
fn unknown_operator_is_a_parse_error_with_a_suggestion() {
    check(
        r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
    "StringEqual": {"aws:PrincipalTag/team": "backup"},
    "stringequals": {"aws:username": "alice"},
    "ForAnyValues:StringLike": {"aws:TagKeys": "team*"},
    "NullIfExists": {"aws:TagKeys": "true"},
    "Sometimes": {"aws:username": "bob"}
}}}"#,
        expect![[r#"
            document: none
            2:5 /Statement/Condition/StringEqual `"StringEqual"` unknown-operator: unknown condition operator `StringEqual`
                help: did you mean `StringEquals`?
            3:5 /Statement/Condition/stringequals `"stringequals"` unknown-operator: unknown condition operator `stringequals`
                help: did you mean `StringEquals`?
            4:5 /Statement/Condition/ForAnyValues:StringLike `"ForAnyValues:StringLike"` unknown-operator: unknown condition operator `ForAnyValues:StringLike`
                help: did you mean `ForAnyValue:StringLike`?
            5:5 /Statement/Condition/NullIfExists `"NullIfExists"` unknown-operator: unknown condition operator `NullIfExists`
                help: `Null` already tests whether the key exists: remove `IfExists`
            6:5 /Statement/Condition/Sometimes `"Sometimes"` unknown-operator: unknown condition operator `Sometimes`
                help: use an operator such as `StringEquals`, `StringLike`, `ArnLike`, `Bool` or `IpAddress`
        "#]],
    );
}

#[test]
fn wrong_value_types_are_errors() {
    check(
        r#"{"Id": 7, "Statement": [{"Sid": ["a"], "Effect": "Allow", "Action": ["s3:GetObject", 42], "Resource": {"arn": "x"}, "Condition": {"Bool": {"aws:SecureTransport": null, "aws:MultiFactorAuthPresent": [true, [false]]}}}]}"#,
        expect![[r#"
            document: none
            1:8 /Id `7` wrong-type: `Id` must be a string, not a number
                help: write "Id": "…" with the value in quotes
            1:33 /Statement/0/Sid `["a"]` wrong-type: `Sid` must be a string, not an array
                help: write "Sid": "…" with the value in quotes
            1:86 /Statement/0/Action/1 `42` wrong-type: each entry of `Action` must be a string, not a number
                help: write "Action": ["dynamodb:CreateBackup"]
            1:103 /Statement/0/Resource `{"arn": "x"}` wrong-type: `Resource` must be a string or an array of strings, not an object
                help: write "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/Music"]
            1:163 /Statement/0/Condition/Bool/aws:SecureTransport `null` wrong-type: `aws:SecureTransport` must be a string, number, boolean or an array of them, not null
                help: write "aws:SecureTransport": "value" or "aws:SecureTransport": ["value", "other value"]
            1:206 /Statement/0/Condition/Bool/aws:MultiFactorAuthPresent/1 `[false]` wrong-type: each value of `aws:MultiFactorAuthPresent` must be a string, number or boolean, not an array
                help: write "aws:MultiFactorAuthPresent": "value" or "aws:MultiFactorAuthPresent": ["value", "other value"]
        "#]],
    );
}

#[test]
fn statement_must_be_an_object_or_an_array_of_objects() {
    check(
        r#"{"Statement": "Allow everything"}"#,
        expect![[r#"
            document: none
            1:15 /Statement `"Allow everything"` wrong-type: `Statement` must be an object or an array of objects, not a string
                help: write "Statement": [{"Effect": …, "Action": …, "Resource": …}]
        "#]],
    );
    check(
        r#"{"Statement": [["Allow"]]}"#,
        expect![[r#"
            document: none
            1:16 /Statement/0 `["Allow"]` wrong-type: a statement must be an object, not an array
                help: write each statement as {"Effect": …, "Action": …, "Resource": …}
        "#]],
    );
}

#[test]
fn missing_statement_is_an_error() {
    check(
        r#"{"Version": "2012-10-17"}"#,
        expect![[r#"
            document: none
            1:1  `{"Version": "2012-10-17"}` missing-statement: policy has no `Statement`
                help: add "Statement": [ … ] with at least one statement
        "#]],
    );
}

#[test]
fn principal_forms_are_checked() {
    check(
        r#"{"Statement": [
  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "arn:aws:iam::123456789012:root"},
  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"service": "backup.amazonaws.com"}},
  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": ["*"]}
]}"#,
        expect![[r#"
            document: none
            2:64 /Statement/0/Principal `"arn:aws:iam::123456789012:root"` invalid-principal: `arn:aws:iam::123456789012:root` is not a principal
                help: write "*" for everyone, or an object such as {"AWS": "arn:aws:iam::123456789012:root"} or {"Service": "backup.amazonaws.com"}
            3:65 /Statement/1/Principal/service `"service"` unknown-principal-type: unknown principal type `service`
                help: did you mean `Service`?
            4:64 /Statement/2/Principal `["*"]` wrong-type: `Principal` must be `"*"` or an object, not an array
                help: write "*" for everyone, or an object such as {"AWS": "arn:aws:iam::123456789012:root"} or {"Service": "backup.amazonaws.com"}
        "#]],
    );
}

#[test]
fn repeated_keys_are_reported_and_the_last_one_counts() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Action": "s3:PutObject"}}"#;
    check(
        text,
        expect![[r#"
            document: read
            1:78 /Statement/Action `"Action"` duplicate-key: `Action` appears more than once
                help: only the last `Action` counts: merge them into one
        "#]],
    );
    let statement = parse(text)
        .document
        .unwrap()
        .statements()
        .next()
        .unwrap()
        .clone();
    assert_eq!(
        statement.action.actions,
        OneOrMany::One(Spanned::new("s3:PutObject".to_owned()))
    );
    // A warning only: text and already-parsed JSON must lead to the same decision, and serde_json
    // cannot see the repetition at all.
    assert!(!parse(text).has_errors());
}

#[test]
fn pointers_escape_slash_and_tilde() {
    check(
        r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team~x": {}}}}}"#,
        expect![[r#"
            document: none
            1:125 /Statement/Condition/StringEquals/aws:PrincipalTag~1team~0x `{}` wrong-type: `aws:PrincipalTag/team~x` must be a string, number, boolean or an array of them, not an object
                help: write "aws:PrincipalTag/team~x": "value" or "aws:PrincipalTag/team~x": ["value", "other value"]
        "#]],
    );
}

#[test]
fn every_problem_is_collected_in_one_pass() {
    check(
        r#"{
  "Version": "2012-10-18",
  "Statement": [
    {"Effect": "Allow", "Action": "", "Resource": ""},
    {"Effect": "Deny", "Action": "*", "NotAction": "s3:*", "Resource": "*", "Resources": "*"}
  ]
}"#,
        expect![[r#"
            document: read
            2:14 /Version `"2012-10-18"` invalid-version: `2012-10-18` is not a policy language version
                help: use `2012-10-17`, the current version; policy variables need it
            4:35 /Statement/0/Action `""` empty-action: `Action` is empty
                help: name an action such as `dynamodb:CreateBackup`, or `*` for every action
            4:51 /Statement/0/Resource `""` empty-resource: `Resource` is empty
                help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
            5:39 /Statement/1/NotAction `"NotAction"` action-and-not-action: a statement cannot have both `Action` and `NotAction`
                help: remove one of them: `NotAction` applies the statement to every action except those it lists
            5:77 /Statement/1/Resources `"Resources"` unknown-element: unknown element `Resources`
                help: did you mean `Resource`?
        "#]],
    );
}

// What AWS's own managed policies contain must read cleanly.

#[test]
fn action_names_in_any_case_are_kept_as_written() {
    let document = document(
        r#"{"Statement": {"Effect": "Allow", "Action": ["DynamoDB:createBACKUP", "s3:get*"], "Resource": "*"}}"#,
    );
    let actions: Vec<&str> = document
        .statements()
        .next()
        .unwrap()
        .action
        .actions
        .iter()
        .map(|action| action.value.as_str())
        .collect();
    assert_eq!(actions, ["DynamoDB:createBACKUP", "s3:get*"]);
}

#[test]
fn condition_values_may_be_empty_strings_booleans_and_numbers() {
    let text = r#"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {
        "StringEquals": {"aws:ResourceTag/team": ""},
        "Bool": {"aws:SecureTransport": false, "aws:MultiFactorAuthPresent": [true, "true"]},
        "NumericLessThan": {"s3:max-keys": 10.50}}}}"#;
    let document = document(text);
    let conditions = &document
        .statements()
        .next()
        .unwrap()
        .condition
        .as_ref()
        .unwrap()
        .value;
    let values: Vec<(String, &str, Vec<&ConditionValue>)> = conditions
        .iter()
        .map(|condition| {
            (
                condition.operator.value.to_string(),
                condition.key.value.as_str(),
                condition.values.iter().map(|v| &v.value).collect(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            (
                "StringEquals".to_owned(),
                "aws:ResourceTag/team",
                vec![&ConditionValue::String(String::new())]
            ),
            (
                "Bool".to_owned(),
                "aws:SecureTransport",
                vec![&ConditionValue::Bool(false)]
            ),
            (
                "Bool".to_owned(),
                "aws:MultiFactorAuthPresent",
                vec![
                    &ConditionValue::Bool(true),
                    &ConditionValue::String("true".to_owned())
                ]
            ),
            (
                "NumericLessThan".to_owned(),
                "s3:max-keys",
                vec![&ConditionValue::Number("10.50".to_owned())]
            ),
        ]
    );
    // The number's text is kept as written; printing gives a JSON number back.
    let printed = document.to_json();
    assert_eq!(
        printed["Statement"]["Condition"]["Bool"]["aws:SecureTransport"],
        serde_json::json!(false)
    );
    assert_eq!(
        printed["Statement"]["Condition"]["NumericLessThan"]["s3:max-keys"],
        serde_json::json!(10.5)
    );
}

#[test]
fn operators_are_read_with_set_qualifiers_and_if_exists() {
    let document = document(
        r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringLikeIfExists": {"aws:TagKeys": ["team", "env*"]}}}}"#,
    );
    let condition = &document
        .statements()
        .next()
        .unwrap()
        .condition
        .as_ref()
        .unwrap()
        .value[0];
    assert_eq!(
        condition.operator.value,
        Operator {
            set: Some(SetOperator::ForAllValues),
            base: BaseOperator::StringLike,
            if_exists: true
        }
    );
}

#[test]
fn a_single_statement_object_is_kept_as_one() {
    let document =
        document(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#);
    assert!(matches!(document.statement, OneOrMany::One(_)));
}

#[test]
fn empty_arrays_parse_and_match_nothing() {
    let document =
        document(r#"{"Statement": [{"Effect": "Allow", "Action": [], "Resource": []}]}"#);
    let statement = document.statements().next().unwrap();
    assert_eq!(statement.action.actions, OneOrMany::Many(vec![]));
    assert_eq!(
        statement.resource.as_ref().unwrap().resources,
        OneOrMany::Many(vec![])
    );
}

#[test]
fn hundreds_of_not_action_entries_parse() {
    let actions: Vec<String> = (0..800)
        .map(|index| format!("\"service{index}:Action{index}\""))
        .collect();
    let text = format!(
        r#"{{"Statement": {{"Effect": "Deny", "NotAction": [{}], "Resource": "*"}}}}"#,
        actions.join(", ")
    );
    let document = document(&text);
    let clause = &document.statements().next().unwrap().action;
    assert!(clause.negated);
    assert_eq!(clause.actions.len(), 800);
    assert_eq!(
        clause
            .actions
            .iter()
            .last()
            .map(|action| action.value.as_str()),
        Some("service799:Action799")
    );
}

#[test]
fn huge_documents_parse() {
    let statement = r#"{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/T"}"#;
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        vec![statement; 5_000].join(",\n")
    );
    assert!(text.len() > 500_000);
    let document = document(&text);
    assert_eq!(document.statement.len(), 5_000);
}

#[test]
fn spans_cover_keys_and_values() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "S1", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*", "Principal": {"AWS": "*"}, "Condition": {"Bool": {"aws:SecureTransport": true}}}]}"#;
    let document = document(text);
    let at = |span: Span| text.get(span.start..span.end).unwrap();
    assert_eq!(at(document.span), text);
    assert_eq!(
        at(document.version.as_ref().unwrap().span),
        r#""2012-10-17""#
    );
    let statement = document.statements().next().unwrap();
    assert!(at(statement.span).starts_with(r#"{"Sid""#));
    assert_eq!(at(statement.sid.as_ref().unwrap().span), r#""S1""#);
    assert_eq!(at(statement.effect.span), r#""Allow""#);
    assert_eq!(at(statement.action.span), r#"["s3:GetObject"]"#);
    assert_eq!(
        at(statement.action.actions.iter().next().unwrap().span),
        r#""s3:GetObject""#
    );
    assert_eq!(
        at(statement.resource.as_ref().unwrap().span),
        r#""arn:aws:s3:::b/*""#
    );
    let principal = statement.principal.as_ref().unwrap();
    assert_eq!(at(principal.span), r#"{"AWS": "*"}"#);
    let Principal::Map(entries) = &principal.principal else {
        panic!("a map of principals")
    };
    assert_eq!(at(entries[0].0.span), r#""AWS""#);
    let conditions = statement.condition.as_ref().unwrap();
    assert_eq!(
        at(conditions.span),
        r#"{"Bool": {"aws:SecureTransport": true}}"#
    );
    assert_eq!(at(conditions.value[0].operator.span), r#""Bool""#);
    assert_eq!(at(conditions.value[0].key.span), r#""aws:SecureTransport""#);
    assert_eq!(
        at(conditions.value[0].values.iter().next().unwrap().span),
        "true"
    );
}

#[test]
fn canonical_order_reads_as_an_empty_order() {
    let canonical = document(
        r#"{"Version": "2012-10-17", "Statement": {"Sid": "a", "Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
    );
    assert_eq!(canonical.order, []);
    assert_eq!(canonical.statements().next().unwrap().order, []);
    let written = document(
        r#"{"Statement": {"Resource": "*", "Action": "*", "Effect": "Allow"}, "Version": "2012-10-17"}"#,
    );
    assert_eq!(
        written.order,
        [DocumentElement::Statement, DocumentElement::Version]
    );
    assert_eq!(
        written.statements().next().unwrap().order,
        [
            StatementElement::Resource,
            StatementElement::Action,
            StatementElement::Effect
        ]
    );
}

#[test]
fn lookalike_spaces_are_reported_once_and_read_as_spaces() {
    let text = "{\u{a0}\"Statement\": {\"Effect\": \"Allow\",\u{a0}\"Action\": \"*\", \"Resource\": \"*\"}}";
    let parsed = parse(text);
    expect![[r#"
        document: read
        1:2  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 1 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]]
    .assert_eq(&render(text, &parsed));
    // Spans still point into the original text.
    let statement = parsed.document.unwrap().statement;
    let OneOrMany::One(statement) = statement else {
        panic!("one statement")
    };
    assert_eq!(
        text.get(statement.action.span.start..statement.action.span.end)
            .unwrap(),
        r#""*""#
    );
}

#[test]
fn a_finding_at_a_lookalike_space_covers_the_whole_character() {
    // serde_json stops at the space after `-`, which the text has as a two-byte U+00A0.
    let text = "{\"Version\": -\u{a0}\u{a0}}";
    let parsed = parse(text);
    let invalid = parsed
        .findings
        .iter()
        .find(|finding| finding.code == "invalid-json")
        .unwrap();
    assert_eq!(
        text.get(invalid.span.start..invalid.span.end),
        Some("\u{a0}"),
        "{:?}",
        invalid.span
    );
}

#[test]
fn lookalike_spaces_inside_strings_are_text() {
    let document = document(
        "{\"Statement\": {\"Sid\": \"a\u{a0}b \\\"\u{a0}\\\"\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}",
    );
    assert_eq!(
        document
            .statements()
            .next()
            .unwrap()
            .sid
            .as_ref()
            .unwrap()
            .value,
        "a\u{a0}b \"\u{a0}\""
    );
}

#[test]
fn a_byte_order_mark_is_reported() {
    let text = "\u{feff}{\"Statement\": []}";
    expect![[r#"
        document: read
        1:1  `﻿` invalid-whitespace: byte order mark (U+FEFF) outside a string
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]]
    .assert_eq(&render(text, &parse(text)));
}

#[test]
fn a_resource_of_only_stars_matches_everything_and_is_accepted() {
    check(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:ListBackups", "Resource": "**"}}"#,
        expect![[r#"
            document: read
        "#]],
    );
}

#[test]
fn a_wildcard_in_the_service_prefix_is_an_error() {
    check(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamo*:CreateBackup", "Resource": "*"}}"#,
        expect![[r#"
            document: read
            1:70 /Statement/Action `"dynamo*:CreateBackup"` invalid-action: `dynamo*:CreateBackup` is not an action name
                help: write the service prefix and the action, such as `dynamodb:CreateBackup`
        "#]],
    );
}
