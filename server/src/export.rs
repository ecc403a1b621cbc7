//! Exports: finished policies as files administrators deploy, in three formats: the policy
//! documents as JSON, a Terraform configuration, and a CloudFormation template.
//!
//! Every format renders one [`Bundle`]: per principal its managed policies, permission boundary,
//! trust policy, pasted inline policies and group memberships; or, for policy documents sent as
//! they are, the documents alone.

mod cloudformation;
mod terraform;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::input::{self, InputError};
use policy::build::Built;
use policy::scope::IamName;
use policy::spec::{IdentityKind, Spec};

/// The file formats of `backstop export` and `POST /api/v1/export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum Format {
    /// The policy documents, exactly as IAM takes them, grouped by principal.
    Json,
    /// `aws_iam_policy`, `aws_iam_role` and attachment resources.
    Terraform,
    /// A template of `AWS::IAM::ManagedPolicy`, `AWS::IAM::Role` and related resources.
    Cloudformation,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Json, Format::Terraform, Format::Cloudformation];

    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Terraform => "terraform",
            Format::Cloudformation => "cloudformation",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
    }

    const fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Terraform => "tf",
            Format::Cloudformation => "template.json",
        }
    }

    pub const fn media_type(self) -> &'static str {
        match self {
            Format::Json | Format::Cloudformation => "application/json",
            Format::Terraform => "text/plain; charset=utf-8",
        }
    }
}

/// Everything one export contains.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bundle {
    /// From a spec, in the spec's order.
    pub principals: Vec<PrincipalPolicies>,
    /// Policy documents sent as they are, attached to nobody.
    pub policies: Vec<NamedPolicy>,
}

/// The policies of one role, user or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalPolicies {
    pub kind: IdentityKind,
    pub name: String,
    pub managed: Vec<NamedPolicy>,
    pub boundary: Option<NamedPolicy>,
    pub trust: Option<NamedPolicy>,
    /// The pasted policies, attached inline as written.
    pub inline: Vec<NamedPolicy>,
    /// The groups a user joins.
    pub groups: Vec<String>,
    /// Why attaching all of `managed` may fail, and what to do (see
    /// [`policy::build::BuiltPrincipal::over_attachment_quota`]).
    pub attachment_warning: Option<String>,
}

/// A policy document and the name IAM gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedPolicy {
    pub name: String,
    pub document: Value,
}

impl Bundle {
    /// The builder's policies, with what the spec adds: the text of pasted policies and users' groups.
    pub fn from_built(spec: &Spec, built: &Built) -> Self {
        let principals = built
            .principals
            .iter()
            .map(|principal| {
                let source = spec
                    .principals
                    .iter()
                    .find(|source| source.kind == principal.kind && source.name == principal.name);
                let named = |policy: &policy::build::BuiltPolicy| NamedPolicy {
                    name: policy.name.clone(),
                    document: policy.document.to_json(),
                };
                PrincipalPolicies {
                    attachment_warning: principal
                        .over_attachment_quota()
                        .map(|over| format!("{over}: {}", over.help())),
                    kind: principal.kind,
                    name: principal.name.to_string(),
                    managed: principal.identity_policies.iter().map(named).collect(),
                    boundary: principal.boundary.as_ref().map(named),
                    trust: principal.trust_policy.as_ref().map(named),
                    inline: source
                        .map(|source| {
                            source
                                .extra_policies
                                .iter()
                                .map(|extra| NamedPolicy {
                                    name: extra.name.clone(),
                                    // The builder refuses a pasted policy that is not JSON.
                                    document: serde_json::from_str(&extra.json)
                                        .unwrap_or(Value::Null),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    groups: source
                        .map(|source| source.groups.iter().map(ToString::to_string).collect())
                        .unwrap_or_default(),
                }
            })
            .collect();
        Self {
            principals,
            policies: Vec::new(),
        }
    }

    /// Reads what an export starts from: a spec (it has `version`), one policy document (it has
    /// `Statement`), or an array of documents, each bare or as `{"name": ..., "document": ...}`.
    pub fn read(text: &str) -> Result<Self, InputError> {
        let value: Value = input::read_json(text)?;
        match &value {
            Value::Object(map) if map.contains_key("version") => {
                let spec = input::read_spec(text)?;
                let built = policy::build::build(&spec).map_err(|error| input::build_error(&spec, &error))?;
                Ok(Self::from_built(&spec, &built))
            }
            Value::Object(map) if map.contains_key("Statement") => {
                let parsed = policy::parse::parse(text);
                if let Some(finding) = parsed.findings.iter().find(|finding| finding.is_error()) {
                    return Err(InputError::from_finding(finding, Some(text), ""));
                }
                let document = parsed.document.map(|document| document.to_json()).unwrap_or(value);
                Ok(Self { principals: Vec::new(), policies: vec![NamedPolicy { name: "backstop-policy".to_owned(), document }] })
            }
            Value::Array(items) if !items.is_empty() => {
                let mut policies = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    policies.push(named_document(item, index)?);
                }
                Ok(Self { principals: Vec::new(), policies })
            }
            _ => Err(InputError::new("unknown-input", "the input is neither a spec nor policy documents")
                .with_help("send a spec (with `version`), a policy document (with `Statement`), or an array of policy documents")
                .with_pointer("")),
        }
    }

    /// `backstop-<principal>.<ext>` for one principal, `backstop-policies.<ext>` otherwise. IAM
    /// names hold no character that needs quoting in a header.
    pub fn file_name(&self, format: Format) -> String {
        let stem = match (self.principals.as_slice(), self.policies.is_empty()) {
            ([principal], true) => principal.name.as_str(),
            _ => "policies",
        };
        format!("backstop-{stem}.{}", format.extension())
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => json(self),
            Format::Terraform => terraform::render(self),
            Format::Cloudformation => cloudformation::render(self),
        }
    }
}

/// The JSON export: each document as IAM takes it, under its principal.
fn json(bundle: &Bundle) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Principal<'a> {
        kind: IdentityKind,
        name: &'a str,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        managed_policies: &'a [NamedPolicy],
        #[serde(skip_serializing_if = "Option::is_none")]
        permission_boundary: Option<&'a NamedPolicy>,
        #[serde(skip_serializing_if = "Option::is_none")]
        trust_policy: Option<&'a NamedPolicy>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        inline_policies: &'a [NamedPolicy],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        groups: &'a [String],
    }
    #[derive(Serialize)]
    struct File<'a> {
        #[serde(skip_serializing_if = "Vec::is_empty")]
        principals: Vec<Principal<'a>>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        policies: &'a [NamedPolicy],
    }
    let file = File {
        principals: bundle
            .principals
            .iter()
            .map(|principal| Principal {
                kind: principal.kind,
                name: &principal.name,
                managed_policies: &principal.managed,
                permission_boundary: principal.boundary.as_ref(),
                trust_policy: principal.trust.as_ref(),
                inline_policies: &principal.inline,
                groups: &principal.groups,
            })
            .collect(),
        policies: &bundle.policies,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// One element of an array of documents: a document, or `{"name": ..., "document": ...}`.
fn named_document(item: &Value, index: usize) -> Result<NamedPolicy, InputError> {
    let (name, document, prefix) = match item.get("document") {
        Some(document) => {
            let name = match item.get("name") {
                None => None,
                Some(Value::String(name)) if IamName::new(name.as_str()).is_ok() => {
                    Some(name.clone())
                }
                Some(other) => {
                    return Err(InputError::new("invalid-policy-name", format!("`{other}` is not a valid policy name"))
                        .with_help("a policy name is 1 to 128 characters among `A-Z`, `a-z`, `0-9` and `+=,.@_-`")
                        .with_pointer(format!("/{index}/name")));
                }
            };
            (name, document, format!("/{index}/document"))
        }
        None => (None, item, format!("/{index}")),
    };
    let parsed = policy::parse::parse_value(document);
    if let Some(finding) = parsed.findings.iter().find(|finding| finding.is_error()) {
        return Err(InputError::from_finding(finding, None, &prefix));
    }
    let document = parsed
        .document
        .map_or_else(|| document.clone(), |document| document.to_json());
    Ok(NamedPolicy {
        name: name.unwrap_or_else(|| format!("backstop-policy-{}", index + 1)),
        document,
    })
}

/// Names unique within one export, made from IAM names by `make`; a clash gets `2`, `3`, … added.
#[derive(Debug, Default)]
struct UniqueNames {
    taken: std::collections::BTreeSet<String>,
}

impl UniqueNames {
    fn claim(&mut self, wanted: String, separator: &str) -> String {
        let mut name = wanted.clone();
        let mut counter = 1;
        while !self.taken.insert(name.clone()) {
            counter += 1;
            name = format!("{wanted}{separator}{counter}");
        }
        name
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A spec touching every part of an export: a role with trust, boundary and a pasted policy
    /// whose text uses a policy variable; a user in a group of the same spec; the group; and a
    /// role without trust, whose policies attach to an existing role.
    pub const FULL_SPEC: &str = include_str!("../tests/data/full-spec.json");

    pub fn full_bundle() -> Bundle {
        bundle_of(FULL_SPEC)
    }

    /// A role whose 100 named tables fill more managed policies than IAM attaches by default, and
    /// a group that needs one.
    pub const MANY_TABLES_SPEC: &str = include_str!("../tests/data/many-tables-spec.json");

    pub fn bundle_of(spec: &str) -> Bundle {
        let spec = crate::input::read_spec(spec).unwrap();
        Bundle::from_built(&spec, &policy::build::build(&spec).unwrap())
    }

    #[test]
    fn exports_warn_of_more_managed_policies_than_iam_attaches_by_default() {
        let bundle = bundle_of(MANY_TABLES_SPEC);
        let [role, group] = bundle.principals.as_slice() else {
            panic!("two principals");
        };
        assert!(role.managed.len() > policy::quota::ATTACHED_MANAGED_POLICIES);
        let warning = role.attachment_warning.clone().unwrap();
        assert!(
            warning.starts_with(&format!(
                "role `BackupOperator` needs {} managed policies",
                role.managed.len()
            )),
            "{warning}"
        );
        assert_eq!(group.attachment_warning, None);

        let terraform = bundle.render(Format::Terraform);
        assert_eq!(terraform.matches("# Warning: ").count(), 1);
        assert!(terraform.contains(&format!("\n# Warning: {warning}.\n")));
        let template: Value = serde_json::from_str(&bundle.render(Format::Cloudformation)).unwrap();
        assert_eq!(
            template["Metadata"]["Backstop"]["Warnings"],
            serde_json::json!([warning])
        );
        let full: Value =
            serde_json::from_str(&full_bundle().render(Format::Cloudformation)).unwrap();
        assert!(full.get("Metadata").is_none());
    }

    #[test]
    fn json_export_holds_each_document_as_iam_takes_it() {
        let bundle = full_bundle();
        let value: Value = serde_json::from_str(&bundle.render(Format::Json)).unwrap();
        let role = &value["principals"][0];
        assert_eq!(role["kind"], "role");
        assert_eq!(
            role["managedPolicies"][0]["name"],
            "BackupOperator-backstop"
        );
        assert_eq!(
            role["managedPolicies"][0]["document"]["Version"],
            "2012-10-17"
        );
        assert_eq!(
            role["trustPolicy"]["document"]["Statement"][0]["Action"],
            "sts:AssumeRole"
        );
        assert_eq!(
            role["permissionBoundary"]["name"],
            "BackupOperator-boundary"
        );
        assert_eq!(
            role["inlinePolicies"][0]["document"]["Statement"][0]["Resource"],
            "arn:aws:iam::123456789012:user/${aws:username}"
        );
        assert_eq!(
            value["principals"][1]["groups"],
            serde_json::json!(["dba-team"])
        );
        // Each document reads back as a valid policy.
        for principal in value["principals"].as_array().unwrap() {
            for policy in principal["managedPolicies"].as_array().unwrap() {
                assert!(!policy::parse::parse_value(&policy["document"]).has_errors());
            }
        }
    }

    #[test]
    fn file_names_name_the_only_principal() {
        let bundle = full_bundle();
        assert_eq!(bundle.file_name(Format::Json), "backstop-policies.json");
        let one = Bundle {
            principals: bundle.principals.into_iter().take(1).collect(),
            policies: Vec::new(),
        };
        assert_eq!(
            one.file_name(Format::Terraform),
            "backstop-BackupOperator.tf"
        );
        assert_eq!(
            one.file_name(Format::Cloudformation),
            "backstop-BackupOperator.template.json"
        );
    }
}
