//! The CloudFormation export: one JSON template of `AWS::IAM::*` resources.
//!
//! As in the Terraform export, a role with a trust policy is created and a role without one is taken
//! to exist, its policies attached by name. The template names its IAM resources, so deploying it
//! needs `CAPABILITY_NAMED_IAM`.

use serde_json::{Map, Value, json};

use super::{Bundle, NamedPolicy, UniqueNames};
use policy::spec::IdentityKind;

pub fn render(bundle: &Bundle) -> String {
    let mut names = UniqueNames::default();
    let mut resources = Map::new();
    let mut outputs = Map::new();

    // Principals get their logical ids first, so that users can refer to groups of the bundle.
    let ids: Vec<String> = bundle
        .principals
        .iter()
        .map(|principal| {
            let suffix = match principal.kind {
                IdentityKind::Role | IdentityKind::ServiceRole => "Role",
                IdentityKind::User => "User",
                IdentityKind::Group => "Group",
            };
            names.claim(logical_id(&principal.name, suffix), "")
        })
        .collect();

    for (principal, id) in bundle.principals.iter().zip(&ids) {
        let boundary_id = principal.boundary.as_ref().map(|boundary| {
            let boundary_id = names.claim(logical_id(&boundary.name, "Policy"), "");
            resources.insert(boundary_id.clone(), managed_policy(boundary, None));
            boundary_id
        });
        let created = !principal.kind.is_role() || principal.trust.is_some();
        // `Ref` of a role, user or group is its name.
        let reference = if created {
            json!({"Ref": id})
        } else {
            Value::from(principal.name.as_str())
        };
        let (list, name_property, inline_type) = match principal.kind {
            IdentityKind::Role | IdentityKind::ServiceRole => {
                ("Roles", "RoleName", "AWS::IAM::RolePolicy")
            }
            IdentityKind::User => ("Users", "UserName", "AWS::IAM::UserPolicy"),
            IdentityKind::Group => ("Groups", "GroupName", "AWS::IAM::GroupPolicy"),
        };

        if created {
            let mut properties = Map::new();
            properties.insert(
                name_property.to_owned(),
                Value::from(principal.name.as_str()),
            );
            if let Some(trust) = &principal.trust {
                properties.insert(
                    "AssumeRolePolicyDocument".to_owned(),
                    trust.document.clone(),
                );
            }
            if !principal.groups.is_empty() {
                let groups = principal
                    .groups
                    .iter()
                    .map(|group| {
                        bundle
                            .principals
                            .iter()
                            .zip(&ids)
                            .find(|(other, _)| {
                                other.kind == IdentityKind::Group && &other.name == group
                            })
                            .map_or_else(
                                || Value::from(group.as_str()),
                                |(_, group_id)| json!({"Ref": group_id}),
                            )
                    })
                    .collect();
                properties.insert("Groups".to_owned(), Value::Array(groups));
            }
            // IAM groups have no permission boundary.
            if let (Some(boundary_id), false) =
                (&boundary_id, principal.kind == IdentityKind::Group)
            {
                properties.insert(
                    "PermissionsBoundary".to_owned(),
                    json!({"Ref": boundary_id}),
                );
            }
            let resource_type = match principal.kind {
                IdentityKind::Role | IdentityKind::ServiceRole => "AWS::IAM::Role",
                IdentityKind::User => "AWS::IAM::User",
                IdentityKind::Group => "AWS::IAM::Group",
            };
            resources.insert(
                id.clone(),
                json!({"Type": resource_type, "Properties": properties}),
            );
            outputs.insert(
                format!("{id}Arn"),
                json!({"Description": format!("The ARN of {} `{}`", principal.kind, principal.name),
                       "Value": {"Fn::GetAtt": [id, "Arn"]}}),
            );
        }

        for policy in &principal.managed {
            let policy_id = names.claim(logical_id(&policy.name, "Policy"), "");
            resources.insert(
                policy_id,
                managed_policy(policy, Some((list, reference.clone()))),
            );
        }
        for policy in &principal.inline {
            let policy_id = names.claim(
                logical_id(
                    &format!("{} {}", principal.name, policy.name),
                    "InlinePolicy",
                ),
                "",
            );
            resources.insert(
                policy_id,
                json!({"Type": inline_type, "Properties": {
                    "PolicyName": policy.name,
                    name_property: reference,
                    "PolicyDocument": policy.document,
                }}),
            );
        }
    }
    for policy in &bundle.policies {
        let policy_id = names.claim(logical_id(&policy.name, "Policy"), "");
        resources.insert(policy_id, managed_policy(policy, None));
    }

    let mut template = Map::new();
    template.insert(
        "AWSTemplateFormatVersion".to_owned(),
        Value::from("2010-09-09"),
    );
    template.insert(
        "Description".to_owned(),
        Value::from(format!(
            "IAM policies for Amazon DynamoDB backup and restore, generated by Backstop {}. Deploy with CAPABILITY_NAMED_IAM.",
            env!("CARGO_PKG_VERSION")
        )),
    );
    // Read by people and tools before deploying: CloudFormation itself ignores it.
    let warnings: Vec<Value> = bundle
        .principals
        .iter()
        .filter_map(|principal| principal.attachment_warning.as_deref().map(Value::from))
        .collect();
    if !warnings.is_empty() {
        template.insert(
            "Metadata".to_owned(),
            json!({"Backstop": {"Warnings": warnings}}),
        );
    }
    template.insert("Resources".to_owned(), Value::Object(resources));
    if !outputs.is_empty() {
        template.insert("Outputs".to_owned(), Value::Object(outputs));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(template)).unwrap_or_default();
    text.push('\n');
    text
}

fn managed_policy(policy: &NamedPolicy, attached_to: Option<(&str, Value)>) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "ManagedPolicyName".to_owned(),
        Value::from(policy.name.as_str()),
    );
    properties.insert("PolicyDocument".to_owned(), policy.document.clone());
    if let Some((list, reference)) = attached_to {
        properties.insert(list.to_owned(), Value::Array(vec![reference]));
    }
    json!({"Type": "AWS::IAM::ManagedPolicy", "Properties": properties})
}

/// A logical id, which CloudFormation allows only letters and digits in: the words of `name`
/// capitalized and joined, then `suffix`: `BackupOperator-backstop` gives `BackupOperatorBackstopPolicy`.
fn logical_id(name: &str, suffix: &str) -> String {
    let mut id = String::new();
    for word in name
        .split(|character: char| !character.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let mut characters = word.chars();
        if let Some(first) = characters.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(characters);
        }
    }
    id.push_str(suffix);
    // CloudFormation allows 255 characters; the suffix a clash adds needs a few.
    id.chars().take(240).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::full_bundle;

    #[test]
    fn logical_ids_are_alphanumeric() {
        assert_eq!(
            logical_id("BackupOperator-backstop", "Policy"),
            "BackupOperatorBackstopPolicy"
        );
        assert_eq!(
            logical_id("alice@example.com", "User"),
            "AliceExampleComUser"
        );
        assert_eq!(logical_id("+=,", "Role"), "Role");
    }

    #[test]
    fn cloudformation_export_is_a_template_of_iam_resources() {
        let bundle = full_bundle();
        let template: Value = serde_json::from_str(&render(&bundle)).unwrap();
        assert_eq!(template["AWSTemplateFormatVersion"], "2010-09-09");
        let resources = template["Resources"].as_object().unwrap();
        let summary: Vec<(&str, &str)> = resources
            .iter()
            .map(|(id, resource)| (id.as_str(), resource["Type"].as_str().unwrap()))
            .collect();
        assert_eq!(
            summary,
            [
                ("BackupOperatorBoundaryPolicy", "AWS::IAM::ManagedPolicy"),
                ("BackupOperatorRole", "AWS::IAM::Role"),
                ("BackupOperatorBackstopPolicy", "AWS::IAM::ManagedPolicy"),
                ("BackupOperatorOwnTagsInlinePolicy", "AWS::IAM::RolePolicy"),
                ("AliceExampleComUser", "AWS::IAM::User"),
                ("AliceExampleComBackstopPolicy", "AWS::IAM::ManagedPolicy"),
                ("DbaTeamGroup", "AWS::IAM::Group"),
                ("DbaTeamBackstopPolicy", "AWS::IAM::ManagedPolicy"),
                ("ExistingBackstopPolicy", "AWS::IAM::ManagedPolicy"),
            ]
        );
        let role = &resources["BackupOperatorRole"]["Properties"];
        assert_eq!(
            role["AssumeRolePolicyDocument"],
            bundle.principals[0].trust.as_ref().unwrap().document
        );
        assert_eq!(
            role["PermissionsBoundary"],
            json!({"Ref": "BackupOperatorBoundaryPolicy"})
        );
        assert_eq!(
            resources["BackupOperatorBackstopPolicy"]["Properties"]["Roles"],
            json!([{"Ref": "BackupOperatorRole"}])
        );
        assert_eq!(
            resources["AliceExampleComUser"]["Properties"]["Groups"],
            json!([{"Ref": "DbaTeamGroup"}])
        );
        // A role without trust is not created; its policy names it.
        assert_eq!(
            resources["ExistingBackstopPolicy"]["Properties"]["Roles"],
            json!(["Existing"])
        );
        assert_eq!(
            template["Outputs"]["BackupOperatorRoleArn"]["Value"],
            json!({"Fn::GetAtt": ["BackupOperatorRole", "Arn"]})
        );
    }
}
