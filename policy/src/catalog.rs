//! What Backstop knows about AWS actions: every action a DynamoDB backup and restore policy can
//! involve, with its access levels, resource types, ARN formats and condition keys.
//!
//! The table is the project's own data (in `catalog/data.rs`), compiled into the binary. DynamoDB,
//! AWS Backup, `backup-storage` and KMS are listed in full, so an action of theirs that is not here
//! does not exist; for IAM, STS, S3 and CloudWatch Logs only the actions these tasks need are listed.
//!
//! ```
//! use policy::catalog::{self, AccessLevel};
//!
//! let list = catalog::action("dynamodb:listbackups").unwrap();
//! assert_eq!(list.to_string(), "dynamodb:ListBackups");
//! assert!(list.is_wildcard_only());
//! assert_eq!(list.access_levels, &[AccessLevel::List]);
//!
//! let error = catalog::action("dynamodb:RestoreTableFromBakup").unwrap_err();
//! assert_eq!(error.help().as_deref(), Some("did you mean `dynamodb:RestoreTableFromBackup`?"));
//! ```

mod data;

use std::cmp::Ordering;
use std::fmt;

/// A service prefix the catalog knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    DynamoDb,
    Backup,
    BackupStorage,
    Iam,
    Kms,
    Logs,
    S3,
    Sts,
}

/// Whether the catalog lists every action of a service or only those backup and restore need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coverage {
    /// Every action of the service: a name that is not listed does not exist.
    Complete,
    /// Only the actions backup and restore tasks need: other names may exist in AWS.
    Selected,
}

impl Service {
    pub const ALL: [Service; 8] = [
        Service::DynamoDb,
        Service::Backup,
        Service::BackupStorage,
        Service::Iam,
        Service::Kms,
        Service::Logs,
        Service::S3,
        Service::Sts,
    ];

    /// The prefix written in policies, such as `dynamodb`.
    pub const fn prefix(self) -> &'static str {
        match self {
            Service::DynamoDb => "dynamodb",
            Service::Backup => "backup",
            Service::BackupStorage => "backup-storage",
            Service::Iam => "iam",
            Service::Kms => "kms",
            Service::Logs => "logs",
            Service::S3 => "s3",
            Service::Sts => "sts",
        }
    }

    /// The service with this prefix, ignoring case as IAM does.
    pub fn from_prefix(prefix: &str) -> Option<Service> {
        Service::ALL
            .into_iter()
            .find(|service| service.prefix().eq_ignore_ascii_case(prefix))
    }

    pub const fn coverage(self) -> Coverage {
        match self {
            Service::DynamoDb | Service::Backup | Service::BackupStorage | Service::Kms => {
                Coverage::Complete
            }
            Service::Iam | Service::Logs | Service::S3 | Service::Sts => Coverage::Selected,
        }
    }

    /// Every catalog action of this service, sorted by name ignoring case.
    pub fn actions(self) -> impl Iterator<Item = &'static ActionDef> {
        data::ACTIONS
            .iter()
            .filter(move |action| action.service == self)
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// How AWS classifies what an action does; an action may have several (for example
/// `dynamodb:PutResourcePolicy` is both `Permissions management` and `Write`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    /// The name AWS prints, such as `Permissions management`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }
}

/// The type of a condition key's value, which decides the operators that fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionKeyType {
    String,
    ArrayOfString,
    Arn,
    ArrayOfArn,
    Bool,
    Date,
    Numeric,
    IpAddress,
}

impl ConditionKeyType {
    /// Whether a request can carry several values for the key, which is when `ForAllValues` and
    /// `ForAnyValue` apply.
    pub const fn is_multivalued(self) -> bool {
        matches!(
            self,
            ConditionKeyType::ArrayOfString | ConditionKeyType::ArrayOfArn
        )
    }
}

/// One action: `dynamodb:RestoreTableFromBackup` and what it applies to.
#[derive(Debug, PartialEq, Eq)]
pub struct ActionDef {
    pub service: Service,
    /// The name in AWS's spelling, such as `RestoreTableFromBackup`.
    pub name: &'static str,
    pub access_levels: &'static [AccessLevel],
    /// Empty when the action applies to `"Resource": "*"` only.
    pub resource_types: &'static [ResourceUse],
    /// Action-specific condition keys, such as `dynamodb:LeadingKeys`. Keys of the resource types
    /// are on [`ResourceTypeDef`]; global `aws:` keys apply everywhere.
    pub condition_keys: &'static [&'static str],
}

impl ActionDef {
    const fn new(
        service: Service,
        name: &'static str,
        access_levels: &'static [AccessLevel],
        resource_types: &'static [ResourceUse],
        condition_keys: &'static [&'static str],
    ) -> Self {
        Self {
            service,
            name,
            access_levels,
            resource_types,
            condition_keys,
        }
    }

    /// Whether the action grants anything only with `"Resource": "*"`, as `dynamodb:ListBackups`:
    /// scoped to an ARN it grants nothing, silently.
    pub const fn is_wildcard_only(&self) -> bool {
        self.resource_types.is_empty()
    }

    /// The definitions of the resource types this action applies to, in catalog order.
    pub fn resource_type_defs(&self) -> impl Iterator<Item = (&'static ResourceTypeDef, bool)> {
        let service = self.service;
        self.resource_types.iter().filter_map(move |usage| {
            resource_type(service, usage.name).map(|definition| (definition, usage.required))
        })
    }
}

impl fmt::Display for ActionDef {
    /// The name as written in policies: `dynamodb:ListBackups`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix(), self.name)
    }
}

/// A resource type an action applies to, by its name in the action's service.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceUse {
    pub name: &'static str,
    /// Whether the request always names a resource of this type; an optional type is named only
    /// in some requests (`dynamodb:Query` on an index).
    pub required: bool,
}

impl ResourceUse {
    const fn required(name: &'static str) -> Self {
        Self {
            name,
            required: true,
        }
    }

    const fn optional(name: &'static str) -> Self {
        Self {
            name,
            required: false,
        }
    }
}

/// A kind of resource and the shape of its ARNs.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceTypeDef {
    pub service: Service,
    pub name: &'static str,
    /// The ARN with `${…}` placeholders, as AWS documents it:
    /// `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
    pub arn_format: &'static str,
    pub condition_keys: &'static [&'static str],
}

impl ResourceTypeDef {
    const fn new(
        service: Service,
        name: &'static str,
        arn_format: &'static str,
        condition_keys: &'static [&'static str],
    ) -> Self {
        Self {
            service,
            name,
            arn_format,
            condition_keys,
        }
    }
}

/// A service-specific condition key and its type.
#[derive(Debug, PartialEq, Eq)]
pub struct ConditionKeyDef {
    pub service: Service,
    /// The key with placeholders as AWS documents it, such as `kms:EncryptionContext:${EncryptionContextKey}`.
    pub name: &'static str,
    pub key_type: ConditionKeyType,
}

impl ConditionKeyDef {
    const fn new(service: Service, name: &'static str, key_type: ConditionKeyType) -> Self {
        Self {
            service,
            name,
            key_type,
        }
    }
}

/// Every action in the catalog, sorted by service prefix and then by name ignoring case.
pub fn actions() -> &'static [ActionDef] {
    data::ACTIONS
}

/// Every resource type in the catalog.
pub fn resource_types() -> &'static [ResourceTypeDef] {
    data::RESOURCE_TYPES
}

/// The resource type `name` of `service`, such as `table` of `dynamodb`.
pub fn resource_type(service: Service, name: &str) -> Option<&'static ResourceTypeDef> {
    data::RESOURCE_TYPES
        .iter()
        .find(|definition| definition.service == service && definition.name == name)
}

/// The type of a condition key, global (`aws:SourceIp`) or service-specific (`dynamodb:LeadingKeys`),
/// ignoring case as IAM does. Keys with a placeholder match any suffix: `aws:ResourceTag/team`.
pub fn condition_key_type(key: &str) -> Option<ConditionKeyType> {
    let global = data::GLOBAL_CONDITION_KEYS
        .iter()
        .map(|(name, key_type)| (*name, *key_type));
    let specific = data::CONDITION_KEYS
        .iter()
        .map(|definition| (definition.name, definition.key_type));
    global
        .chain(specific)
        .find(|(name, _)| key_matches(name, key))
        .map(|(_, key_type)| key_type)
}

/// Whether `key` is an instance of the documented key `name`, whose placeholder (`${TagKey}`,
/// `tag-key`, `<key>`) stands for any non-empty suffix.
fn key_matches(name: &str, key: &str) -> bool {
    let placeholder = ["${", "tag-key", "<"]
        .iter()
        .filter_map(|marker| name.find(marker))
        .min();
    match placeholder {
        None => name.eq_ignore_ascii_case(key),
        Some(at) => {
            let (fixed, _) = name.split_at(at);
            key.len() > fixed.len()
                && key
                    .get(..fixed.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(fixed))
        }
    }
}

/// Looks up an action by its policy name, ignoring case: `dynamodb:listbackups` finds
/// `dynamodb:ListBackups`. Wildcards are not expanded here.
pub fn action(name: &str) -> Result<&'static ActionDef, ActionLookupError> {
    let Some((prefix, action_name)) = name.split_once(':') else {
        return Err(ActionLookupError::Malformed {
            text: name.to_owned(),
        });
    };
    let Some(service) = Service::from_prefix(prefix) else {
        let suggestion = closest(prefix, Service::ALL.iter().map(|service| service.prefix()))
            .map(|prefix| format!("{prefix}:{action_name}"));
        return Err(ActionLookupError::UnknownService {
            service: prefix.to_owned(),
            suggestion,
        });
    };
    let found = data::ACTIONS
        .binary_search_by(|candidate| {
            candidate
                .service
                .prefix()
                .cmp(service.prefix())
                .then_with(|| compare_ignoring_case(candidate.name, action_name))
        })
        .ok()
        .and_then(|index| data::ACTIONS.get(index));
    found.ok_or_else(|| {
        let suggestion = closest(
            action_name,
            service.actions().map(|candidate| candidate.name),
        )
        .map(|candidate| format!("{service}:{candidate}"));
        ActionLookupError::UnknownAction {
            action: name.to_owned(),
            coverage: service.coverage(),
            suggestion,
        }
    })
}

fn compare_ignoring_case(left: &str, right: &str) -> Ordering {
    left.bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .cmp(right.bytes().map(|byte| byte.to_ascii_lowercase()))
}

/// The candidate nearest to `input` by edit distance ignoring case, if it is near enough to be a
/// likely typo: at most a third of the input's length, and never the input itself.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    crate::parse::suggest::nearest(input, candidates, str::to_ascii_lowercase, |input, _| {
        (input / 3).max(1)
    })
}

/// Why an action name was not found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionLookupError {
    #[error("`{text}` is not an action name")]
    Malformed { text: String },
    #[error("service `{service}` is not in the catalog")]
    UnknownService {
        service: String,
        suggestion: Option<String>,
    },
    #[error("{}", match coverage {
        Coverage::Complete => format!("unknown action `{action}`"),
        Coverage::Selected => format!("action `{action}` is not in the backup and restore catalog"),
    })]
    UnknownAction {
        action: String,
        coverage: Coverage,
        suggestion: Option<String>,
    },
}

impl ActionLookupError {
    /// How to fix the name: a near miss, or the expected shape.
    pub fn help(&self) -> Option<String> {
        match self {
            ActionLookupError::Malformed { .. } => Some(
                "write the service prefix, a colon and the action, as in `dynamodb:CreateBackup`"
                    .to_owned(),
            ),
            ActionLookupError::UnknownService { suggestion, .. }
            | ActionLookupError::UnknownAction { suggestion, .. } => suggestion
                .as_ref()
                .map(|name| format!("did you mean `{name}`?")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_lookup_ignores_case() {
        let action = action("DYNAMODB:listBACKUPS").unwrap();
        assert_eq!(action.to_string(), "dynamodb:ListBackups");
    }

    #[test]
    fn action_lookup_suggests_near_misses() {
        let error = action("dynamodb:ListBackup").unwrap_err();
        assert_eq!(error.to_string(), "unknown action `dynamodb:ListBackup`");
        assert_eq!(
            error.help().as_deref(),
            Some("did you mean `dynamodb:ListBackups`?")
        );
    }

    #[test]
    fn action_lookup_suggests_a_service_for_a_misspelt_prefix() {
        let error = action("dynamdb:CreateBackup").unwrap_err();
        assert_eq!(error.to_string(), "service `dynamdb` is not in the catalog");
        assert_eq!(
            error.help().as_deref(),
            Some("did you mean `dynamodb:CreateBackup`?")
        );
    }

    #[test]
    fn action_lookup_gives_no_suggestion_for_a_distant_name() {
        let error = action("dynamodb:Teleport").unwrap_err();
        assert_eq!(error.help(), None);
    }

    #[test]
    fn action_lookup_says_a_selected_service_may_have_more_actions() {
        let error = action("s3:DeleteObject").unwrap_err();
        assert_eq!(
            error.to_string(),
            "action `s3:DeleteObject` is not in the backup and restore catalog"
        );
    }

    #[test]
    fn action_lookup_rejects_a_name_without_a_colon() {
        let error = action("CreateBackup").unwrap_err();
        assert_eq!(error.to_string(), "`CreateBackup` is not an action name");
        assert_eq!(
            error.help().as_deref(),
            Some("write the service prefix, a colon and the action, as in `dynamodb:CreateBackup`")
        );
    }

    #[test]
    fn wildcard_only_actions_have_no_resource_types() {
        for name in [
            "dynamodb:ListBackups",
            "dynamodb:ListTables",
            "backup:ListBackupVaults",
            "backup-storage:MountCapsule",
        ] {
            assert!(action(name).unwrap().is_wildcard_only(), "{name}");
        }
        assert!(!action("dynamodb:CreateBackup").unwrap().is_wildcard_only());
    }

    #[test]
    fn actions_are_sorted_for_binary_search() {
        for pair in data::ACTIONS.windows(2) {
            let (first, second) = (&pair[0], &pair[1]);
            let order = first
                .service
                .prefix()
                .cmp(second.service.prefix())
                .then_with(|| compare_ignoring_case(first.name, second.name));
            assert_eq!(order, Ordering::Less, "{first} before {second}");
        }
    }

    #[test]
    fn every_resource_use_names_a_catalog_resource_type() {
        for action in actions() {
            for usage in action.resource_types {
                assert!(
                    resource_type(action.service, usage.name).is_some(),
                    "{action}: {}",
                    usage.name
                );
            }
        }
    }

    #[test]
    fn condition_key_types_cover_global_and_tag_keys() {
        assert_eq!(
            condition_key_type("aws:PrincipalArn"),
            Some(ConditionKeyType::Arn)
        );
        assert_eq!(
            condition_key_type("aws:ResourceTag/team"),
            Some(ConditionKeyType::String)
        );
        assert_eq!(
            condition_key_type("dynamodb:LeadingKeys"),
            Some(ConditionKeyType::ArrayOfString)
        );
        assert_eq!(
            condition_key_type("sts:ExternalId"),
            Some(ConditionKeyType::String)
        );
        assert_eq!(condition_key_type("aws:ResourceTag/"), None);
        assert_eq!(condition_key_type("dynamodb:Nonsense"), None);
    }
}
