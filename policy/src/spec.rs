//! The spec: everything the page edits, share links carry, and the API and CLI take, as one
//! versioned JSON document. The builder turns it into policies.
//!
//! ```json
//! {
//!   "version": 1,
//!   "scope": {
//!     "partition": "aws",
//!     "accounts": ["123456789012"],
//!     "regions": ["us-east-1"],
//!     "tables": {"prefixes": ["orders-"]},
//!     "restore_targets": {"pattern": "orders-restore-*"}
//!   },
//!   "principals": [
//!     {"kind": "role", "name": "BackupOperator",
//!      "capabilities": ["backup.create", "restore.backup", "guard.no-backup-delete"],
//!      "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"]}
//!   ]
//! }
//! ```
//!
//! Every field but `version` and `principals[].kind`/`name` may be left out. [`Spec::from_json`]
//! reads any version this build knows and migrates it to the current one, so a saved spec or an old
//! share link keeps working.

use serde::{Deserialize, Serialize};

use crate::capability::CapabilityId;
use crate::scope::{
    AccountId, ExternalId, IamName, KmsKeyArn, Partition, PrincipalArn, Region, RestoreTargets,
    RoleName, S3Location, TableSelection,
};

/// The spec layout this build writes. Older layouts are migrated on load by [`migrate`].
pub const CURRENT_VERSION: u64 = 1;

/// The whole state of the builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The layout version: [`CURRENT_VERSION`] in a spec this build made.
    pub version: u64,
    /// What the policies are about, unless a principal has its own scope.
    #[serde(default)]
    pub scope: Scope,
    /// The roles, users and groups to make policies for, in the order shown.
    #[serde(default)]
    pub principals: Vec<PrincipalSpec>,
    /// Organization service control policies, pasted: one level each, root first. They apply to
    /// every principal, so each level must allow a request for it to be allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scps: Vec<ExtraPolicy>,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            version: CURRENT_VERSION,
            scope: Scope::default(),
            principals: Vec::new(),
            scps: Vec::new(),
        }
    }
}

/// Where the permissions apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// `aws` (the default), `aws-cn` or `aws-us-gov`.
    #[serde(default)]
    pub partition: Partition,
    /// The accounts that own the tables; empty means any account (`*` in ARNs).
    #[serde(default)]
    pub accounts: Vec<AccountId>,
    /// The regions of the tables; empty means any region (`*` in ARNs).
    #[serde(default)]
    pub regions: Vec<Region>,
    /// `"all"` (the default), `{"names": [...]}` or `{"prefixes": [...]}`.
    #[serde(default)]
    pub tables: TableSelection,
    /// The tables restores and imports may create: `"same"` (the default) or `{"pattern": "..."}`.
    #[serde(default)]
    pub restore_targets: RestoreTargets,
    /// Where exports go and imports come from; needed by `export.s3` and `import.s3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Location>,
    /// The customer-managed keys of the tables and backups; needed by `kms.customer-keys`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kms_keys: Vec<KmsKeyArn>,
}

/// What kind of IAM identity a principal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityKind {
    Role,
    User,
    Group,
    /// A role that an AWS service (AWS Backup) assumes; nobody starts jobs with it.
    ServiceRole,
}

impl IdentityKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            IdentityKind::Role => "role",
            IdentityKind::User => "user",
            IdentityKind::Group => "group",
            IdentityKind::ServiceRole => "service-role",
        }
    }

    pub const fn is_role(self) -> bool {
        matches!(self, IdentityKind::Role | IdentityKind::ServiceRole)
    }

    /// The longest name IAM accepts for this kind.
    pub const fn max_name_length(self) -> usize {
        match self {
            IdentityKind::Group => 128,
            IdentityKind::Role | IdentityKind::User | IdentityKind::ServiceRole => 64,
        }
    }
}

impl std::fmt::Display for IdentityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One role, user or group and what it may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalSpec {
    /// `role`, `user`, `group` or `service-role`.
    pub kind: IdentityKind,
    /// The IAM name; policy names are made from it.
    pub name: IamName,
    /// The ticked capabilities by id, such as `restore.backup`.
    #[serde(default)]
    pub capabilities: Vec<CapabilityId>,
    /// This principal's own scope, instead of the spec's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Policies pasted from elsewhere, kept as written and attached as inline policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_policies: Vec<ExtraPolicy>,
    /// Capabilities the permission boundary allows; the builder makes the boundary policy from them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_boundary: Option<PermissionBoundary>,
    /// A permission boundary pasted from elsewhere. With [`PrincipalSpec::permission_boundary`]
    /// also set, the two become one boundary policy holding the built statements and then the
    /// pasted ones, as IAM attaches a single boundary: a request is within it when any of those
    /// statements allows it and none denies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pasted_boundary: Option<ExtraPolicy>,
    /// The groups a user belongs to (users only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<IamName>,
    /// Principals the guardrails do not apply to, matched with `ArnNotLike` on `aws:PrincipalArn`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub break_glass: Vec<PrincipalArn>,
    /// The accounts `trust.account` lets assume this role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_accounts: Vec<AccountId>,
    /// The `sts:ExternalId` that `trust.account` requires, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<ExternalId>,
    /// The role AWS Backup works with, which callers pass; by default
    /// `service-role/AWSBackupDefaultServiceRole`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_backup_role: Option<RoleName>,
}

impl PrincipalSpec {
    /// A principal with no capabilities and nothing else set.
    pub fn new(kind: IdentityKind, name: IamName) -> Self {
        Self {
            kind,
            name,
            capabilities: Vec::new(),
            scope: None,
            extra_policies: Vec::new(),
            permission_boundary: None,
            pasted_boundary: None,
            groups: Vec::new(),
            break_glass: Vec::new(),
            trusted_accounts: Vec::new(),
            external_id: None,
            aws_backup_role: None,
        }
    }

    /// The scope that applies: the principal's own, or the spec's.
    pub fn effective_scope<'a>(&'a self, spec: &'a Spec) -> &'a Scope {
        self.scope.as_ref().unwrap_or(&spec.scope)
    }
}

/// A policy pasted as text: an inline policy, a permission boundary or an SCP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraPolicy {
    pub name: String,
    /// The policy JSON exactly as pasted.
    pub json: String,
}

/// The permission boundary, as the capabilities it allows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionBoundary {
    pub capabilities: Vec<CapabilityId>,
}

/// Why a spec could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Not JSON, or a field with a wrong or invalid value; the message is serde's, which carries
    /// ours for invalid values (an account id that is not 12 digits, an unknown capability).
    #[error("{message}")]
    Invalid {
        message: String,
        line: usize,
        column: usize,
    },
    #[error("the spec has no `version`")]
    MissingVersion,
    #[error("spec version `{0}` is newer than this build")]
    UnsupportedVersion(serde_json::Value),
}

impl SpecError {
    pub fn help(&self) -> Option<String> {
        match self {
            SpecError::Invalid { .. } => None,
            SpecError::MissingVersion => Some(format!("add `\"version\": {CURRENT_VERSION}`")),
            SpecError::UnsupportedVersion(_) => Some(format!(
                "this build reads spec versions 1 to {CURRENT_VERSION}; use a newer build"
            )),
        }
    }

    fn invalid(error: &serde_json::Error) -> Self {
        SpecError::Invalid {
            message: error.to_string(),
            line: error.line(),
            column: error.column(),
        }
    }
}

impl Spec {
    /// Reads a spec of any known version, migrating it to [`CURRENT_VERSION`].
    pub fn from_json(text: &str) -> Result<Spec, SpecError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| SpecError::invalid(&error))?;
        let version = spec_version(&value)?;
        if version == CURRENT_VERSION {
            // Read from the text rather than the value, so errors carry a line and column.
            serde_json::from_str(text).map_err(|error| SpecError::invalid(&error))
        } else {
            serde_json::from_value(migrate(value, version)?)
                .map_err(|error| SpecError::invalid(&error))
        }
    }

    /// The spec as JSON, as saved and shared.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

fn spec_version(value: &serde_json::Value) -> Result<u64, SpecError> {
    match value.get("version") {
        None => Err(SpecError::MissingVersion),
        Some(version) => match version.as_u64() {
            Some(number) if (1..=CURRENT_VERSION).contains(&number) => Ok(number),
            _ => Err(SpecError::UnsupportedVersion(version.clone())),
        },
    }
}

/// Rewrites a spec of layout `from` into the current layout, one version step at a time.
///
/// Version 1 is the first layout, so there is nothing to rewrite yet; when version 2 comes, its
/// step (`1 => rewrite fields, set "version": 2`) goes here and [`CURRENT_VERSION`] moves on.
pub fn migrate(value: serde_json::Value, from: u64) -> Result<serde_json::Value, SpecError> {
    match from {
        CURRENT_VERSION => Ok(value),
        _ => Err(SpecError::UnsupportedVersion(serde_json::Value::from(from))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_error(text: &str, message: &str) {
        let error = Spec::from_json(text).unwrap_err();
        assert_eq!(error.to_string(), message);
    }

    #[test]
    fn spec_reads_the_documented_example() {
        let text = r#"{
          "version": 1,
          "scope": {
            "partition": "aws",
            "accounts": ["123456789012"],
            "regions": ["us-east-1"],
            "tables": {"prefixes": ["orders-"]},
            "restore_targets": {"pattern": "orders-restore-*"}
          },
          "principals": [
            {"kind": "role", "name": "BackupOperator",
             "capabilities": ["backup.create", "restore.backup", "guard.no-backup-delete"],
             "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"]}
          ]
        }"#;
        let spec = Spec::from_json(text).unwrap();
        assert_eq!(
            spec.principals[0].capabilities[2],
            CapabilityId::GuardNoBackupDelete
        );
        let again = Spec::from_json(&spec.to_json().to_string()).unwrap();
        assert_eq!(again, spec);
    }

    #[test]
    fn spec_defaults_everything_but_version() {
        let spec = Spec::from_json(r#"{"version": 1}"#).unwrap();
        assert_eq!(spec, Spec::default());
    }

    #[test]
    fn spec_without_version_is_rejected() {
        check_error(r#"{"scope": {}}"#, "the spec has no `version`");
        assert_eq!(
            SpecError::MissingVersion.help().as_deref(),
            Some("add `\"version\": 1`")
        );
    }

    #[test]
    fn spec_from_the_future_is_rejected() {
        check_error(
            r#"{"version": 2}"#,
            "spec version `2` is newer than this build",
        );
        check_error(
            r#"{"version": "one"}"#,
            "spec version `\"one\"` is newer than this build",
        );
    }

    #[test]
    fn spec_with_invalid_account_id_says_what_is_allowed() {
        let error =
            Spec::from_json(r#"{"version": 1, "scope": {"accounts": ["123456789"]}}"#).unwrap_err();
        let SpecError::Invalid {
            message,
            line,
            column,
        } = error
        else {
            panic!("{error:?}")
        };
        assert!(
            message.starts_with("account id `123456789` is not 12 digits"),
            "{message}"
        );
        assert_eq!((line, column), (1, 50));
    }

    #[test]
    fn spec_with_unknown_capability_names_the_near_miss() {
        let text = r#"{"version": 1, "principals": [{"kind": "user", "name": "ana", "capabilities": ["restore.pitr", "backup.veiw"]}]}"#;
        let error = Spec::from_json(text).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown capability `backup.veiw`, did you mean `backup.view`?"),
            "{error}"
        );
    }

    #[test]
    fn spec_with_unknown_field_is_rejected() {
        let error = Spec::from_json(r#"{"version": 1, "principal": []}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown field `principal`, expected one of"),
            "{error}"
        );
    }

    #[test]
    fn spec_without_pasted_boundary_or_scps_writes_neither() {
        let text = r#"{"version": 1, "principals": [{"kind": "role", "name": "Ops"}]}"#;
        let spec = Spec::from_json(text).unwrap();
        assert_eq!(spec.scps, []);
        assert_eq!(spec.principals[0].pasted_boundary, None);
        let json = spec.to_json();
        assert_eq!(json.get("scps"), None);
        assert_eq!(json["principals"][0].get("pasted_boundary"), None);
        assert_eq!(Spec::from_json(&json.to_string()).unwrap(), spec);
    }

    #[test]
    fn spec_keeps_pasted_boundary_and_scps() {
        let text = r#"{"version": 1,
          "scps": [{"name": "Root", "json": "{}"}, {"name": "Prod", "json": "{}"}],
          "principals": [{"kind": "role", "name": "Ops",
                          "pasted_boundary": {"name": "Limit", "json": "{}"}}]}"#;
        let spec = Spec::from_json(text).unwrap();
        let names: Vec<&str> = spec.scps.iter().map(|scp| scp.name.as_str()).collect();
        assert_eq!(names, ["Root", "Prod"]);
        assert_eq!(
            spec.principals[0]
                .pasted_boundary
                .as_ref()
                .map(|boundary| boundary.name.as_str()),
            Some("Limit")
        );
        assert_eq!(Spec::from_json(&spec.to_json().to_string()).unwrap(), spec);
    }

    #[test]
    fn migrate_keeps_a_current_spec() {
        let value = serde_json::json!({"version": 1});
        assert_eq!(migrate(value.clone(), 1), Ok(value));
    }
}
