//! Every preset, built from its spec, decides as its source policy does (the corrected one where the
//! original is broken) over every catalog action on sample resources of every resource type,
//! except the actions the preset lists as deliberate differences.

#![cfg(test)]

use policy::arn::Arn;
use policy::build::build;
use policy::catalog;
use policy::context::Context;
use policy::document::Document;
use policy::eval::{
    ActionName, CompiledPolicySet, Decision, NamedPolicy, PolicySet, Request, RequestResource,
};
use policy::parse::parse;
use policy::preset;

const ACCOUNT: &str = "123456789012";
const CALLER: &str = "arn:aws:iam::123456789012:role/Preset";

fn document(text: &str) -> Document {
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{text}\n{:?}", parsed.findings);
    parsed.document.unwrap()
}

/// Sample ARNs for a resource type's ARN format: two tables (one with the backup AWS's example 5
/// names), everything else one value.
fn samples(arn_format: &str) -> Vec<String> {
    ["Movies", "Music"]
        .iter()
        .map(|table| {
            arn_format
                .replace("${Partition}", "aws")
                .replace("${Region}", "us-east-1")
                .replace("${Account}", ACCOUNT)
                .replace(":*:${ResourceType}", &format!(":{ACCOUNT}:recovery-point"))
                .replace("${Vendor}", "backup")
                .replace("${TableName}", table)
                .replace("${BackupName}", "01489173575360-b308cd7d")
                .replace(
                    "${RoleNameWithPath}",
                    "service-role/AWSBackupDefaultServiceRole",
                )
                .replace("${LogGroupName}", "/aws-dynamodb/imports")
                .replace("${ObjectName}", "exports/part-0001.json")
                .replace("${BucketName}", "ddb-exports")
        })
        .map(|arn| {
            // Any placeholder left is a name part: fill it with a plain value.
            let mut arn = arn;
            while let (Some(start), Some(end)) = (arn.find("${"), arn.find('}')) {
                arn.replace_range(start..=end, "sample1");
            }
            arn
        })
        .collect()
}

/// The default key policy, which lets IAM policies grant KMS use (PITFALLS D16).
fn key_policy() -> NamedPolicy {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
            "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}}, "Action": "kms:*", "Resource": "*"}}]}}"#
    );
    NamedPolicy {
        name: "key-policy".to_owned(),
        document: document(&text),
    }
}

fn allowed(policies: &[Document], action: &str, resource: &str) -> bool {
    let mut set = PolicySet {
        identity: policies
            .iter()
            .enumerate()
            .map(|(index, document)| NamedPolicy {
                name: format!("policy-{index}"),
                document: document.clone(),
            })
            .collect(),
        ..PolicySet::default()
    };
    if action.starts_with("kms:") {
        set.resource = Some(key_policy());
    }
    let resource_account =
        (resource == "*" || resource.starts_with("arn:aws:s3:")).then(|| ACCOUNT.to_owned());
    let request = Request::new(
        Arn::parse(CALLER).unwrap(),
        ActionName::parse(action).unwrap(),
        RequestResource::parse(resource).unwrap(),
        resource_account,
        Context::new(),
    );
    CompiledPolicySet::new(&set).evaluate(&request).decision == Decision::Allowed
}

#[test]
fn presets_decide_as_their_source_policies() {
    let mut compared = 0;
    for preset in preset::all() {
        let reference = document(preset.reference());
        if reference
            .statements()
            .any(|statement| statement.principal.is_some())
        {
            continue;
        }
        let spec = preset.spec().unwrap();
        let built = build(&spec).unwrap();
        let principal = &built.principals[0];
        let mut policies: Vec<Document> = principal
            .identity_policies
            .iter()
            .map(|policy| policy.document.clone())
            .collect();
        let extras = &spec.principals[0].extra_policies;
        policies.extend(extras.iter().map(|extra| document(&extra.json)));

        let mut mismatches = Vec::new();
        for action in catalog::actions() {
            let name = action.to_string();
            if preset.differences.contains(&name.as_str()) {
                continue;
            }
            let resources: Vec<String> = if action.is_wildcard_only() {
                vec!["*".to_owned()]
            } else {
                action
                    .resource_type_defs()
                    .flat_map(|(definition, _)| samples(definition.arn_format))
                    .collect()
            };
            for resource in resources {
                let expected = allowed(std::slice::from_ref(&reference), &name, &resource);
                if allowed(&policies, &name, &resource) != expected {
                    mismatches.push(format!("{name} on {resource}: original allows: {expected}"));
                }
                compared += 1;
            }
        }
        assert!(
            mismatches.is_empty(),
            "{}:\n{}",
            preset.id,
            mismatches.join("\n")
        );
        // Every listed difference is a real one, so the list cannot rot.
        for difference in preset.differences {
            let action = catalog::action(difference).unwrap();
            let resources: Vec<String> = if action.is_wildcard_only() {
                vec!["*".to_owned()]
            } else {
                action
                    .resource_type_defs()
                    .flat_map(|(definition, _)| samples(definition.arn_format))
                    .collect()
            };
            let differs = resources.iter().any(|resource| {
                allowed(std::slice::from_ref(&reference), difference, resource)
                    != allowed(&policies, difference, resource)
            });
            assert!(
                differs,
                "{}: `{difference}` is listed as a difference but decides the same",
                preset.id
            );
        }
    }
    assert!(compared > 1_000, "{compared}");
}

/// Trust presets: the built trust policy says what the source says (Sids aside).
#[test]
fn trust_presets_match_their_source_policies() {
    for preset in preset::all() {
        let reference = document(preset.reference());
        if !reference
            .statements()
            .any(|statement| statement.principal.is_some())
        {
            continue;
        }
        let built = build(&preset.spec().unwrap()).unwrap();
        let trust = built.principals[0].trust_policy.as_ref().unwrap();
        let strip = |document: &Document| {
            document
                .statements()
                .map(|statement| {
                    let mut statement = statement.clone();
                    statement.sid = None;
                    statement.order.clear();
                    statement
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&trust.document), strip(&reference), "{}", preset.id);
    }
}

/// An original that does not even parse (seeds 000, 001, 003, 004) has a corrected policy; the
/// workshop's parse but name a 9-digit account, which the linter reports.
#[test]
fn unparsable_originals_have_a_corrected_policy() {
    for preset in preset::all() {
        if parse(preset.original).has_errors() {
            assert!(preset.corrected.is_some(), "{}", preset.id);
        }
    }
    let unparsable = preset::all()
        .iter()
        .filter(|preset| parse(preset.original).has_errors())
        .count();
    assert_eq!(unparsable, 9);
}
