//! What a policy is about, as validated values: partition, accounts, regions, DynamoDB tables,
//! restore targets, the S3 location of exports and imports, KMS keys, and IAM names.
//!
//! Each value is checked once, when it is made (by `new` or by deserializing), so code that holds a
//! [`TableName`] knows it follows DynamoDB's naming rules.
//!
//! ```
//! use policy::scope::{AccountId, TableName};
//!
//! assert!(TableName::new("Orders").is_ok());
//! let error = AccountId::new("12345").unwrap_err();
//! assert_eq!(error.to_string(), "account id `12345` is not 12 digits");
//! assert_eq!(error.help(), "an account id is exactly 12 digits, such as `123456789012`");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// An input that does not fit the value it is meant for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("partition `{0}` is not known")]
    Partition(String),
    #[error("account id `{0}` is not 12 digits")]
    AccountId(String),
    #[error("region `{0}` is not a region name")]
    Region(String),
    #[error("table name `{0}` does not follow DynamoDB's naming rules")]
    TableName(String),
    #[error("table name prefix `{0}` does not follow DynamoDB's naming rules")]
    TablePrefix(String),
    #[error("table name pattern `{0}` does not follow DynamoDB's naming rules")]
    TablePattern(String),
    #[error("bucket name `{0}` does not follow S3's naming rules")]
    BucketName(String),
    #[error("object key prefix `{0}` is not allowed")]
    ObjectPrefix(String),
    #[error("`{0}` is not a KMS key ARN")]
    KmsKeyArn(String),
    #[error("`{0}` is not an IAM user or role ARN")]
    PrincipalArn(String),
    #[error("`{0}` is not a valid IAM name")]
    IamName(String),
    #[error("`{0}` is not a valid role name")]
    RoleName(String),
    #[error("external id `{0}` is not allowed")]
    ExternalId(String),
}

impl ScopeError {
    /// What would be accepted.
    pub fn help(&self) -> &'static str {
        match self {
            ScopeError::Partition(_) => "use `aws`, `aws-cn` or `aws-us-gov`",
            ScopeError::AccountId(_) => {
                "an account id is exactly 12 digits, such as `123456789012`"
            }
            ScopeError::Region(_) => "use a region name such as `us-east-1` or `eu-west-2`",
            ScopeError::TableName(_) => {
                "a table name is 3 to 255 characters among `A-Z`, `a-z`, `0-9`, `_`, `.` and `-`"
            }
            ScopeError::TablePrefix(_) => {
                "a prefix is 1 to 254 characters among `A-Z`, `a-z`, `0-9`, `_`, `.` and `-`"
            }
            ScopeError::TablePattern(_) => {
                "a pattern is 1 to 255 characters among `A-Z`, `a-z`, `0-9`, `_`, `.`, `-` and the wildcards `*` and `?`, such as `orders-restore-*`"
            }
            ScopeError::BucketName(_) => {
                "a bucket name is 3 to 63 characters among `a-z`, `0-9`, `.` and `-`, starting and ending with a letter or digit"
            }
            ScopeError::ObjectPrefix(_) => {
                "a prefix is 1 to 1024 characters without `*`, `?` or a leading `/`, such as `exports/`"
            }
            ScopeError::KmsKeyArn(_) => {
                "use a key ARN such as `arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`"
            }
            ScopeError::PrincipalArn(_) => {
                "use an ARN such as `arn:aws:iam::123456789012:role/BreakGlass`; `*` may stand for part of the name"
            }
            ScopeError::IamName(_) => {
                "an IAM name is 1 to 64 characters (128 for groups) among `A-Z`, `a-z`, `0-9` and `+=,.@_-`"
            }
            ScopeError::RoleName(_) => {
                "use a role name, optionally after a path, such as `service-role/AWSBackupDefaultServiceRole`"
            }
            ScopeError::ExternalId(_) => {
                "an external id is 2 to 1224 characters among `A-Z`, `a-z`, `0-9` and `+=,.@:/-_`"
            }
        }
    }
}

/// Declares a string newtype that is valid by construction and (de)serializes as a string.
macro_rules! validated_string {
    ($(#[$meta:meta])* $name:ident, $variant:ident, $check:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn new(text: impl Into<String>) -> Result<Self, ScopeError> {
                let text = text.into();
                let check: fn(&str) -> bool = $check;
                if check(&text) { Ok(Self(text)) } else { Err(ScopeError::$variant(text)) }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ScopeError;
            fn try_from(text: String) -> Result<Self, ScopeError> {
                Self::new(text)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ScopeError;
            fn from_str(text: &str) -> Result<Self, ScopeError> {
                Self::new(text)
            }
        }
    };
}

fn is_table_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || matches!(character, '_' | '.' | '-')
}

fn is_iam_name_char(character: char) -> bool {
    character.is_ascii_alphanumeric()
        || matches!(character, '+' | '=' | ',' | '.' | '@' | '_' | '-')
}

fn length_between(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.chars().count())
}

validated_string!(
    /// An AWS account id: exactly 12 digits.
    AccountId,
    AccountId,
    |text| text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit())
);

validated_string!(
    /// A region name such as `us-east-1`: lowercase words joined by `-`, ending in a number.
    Region,
    Region,
    is_region
);

fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    words.len() >= 2
        && words
            .iter()
            .all(|word| !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|byte| byte.is_ascii_digit())
        && text.len() <= 32
}

validated_string!(
    /// A DynamoDB table name: 3 to 255 characters among `A-Z a-z 0-9 _ . -`.
    TableName,
    TableName,
    |text| length_between(text, 3, 255) && text.chars().all(is_table_char)
);

validated_string!(
    /// The start of table names, such as `orders-`: 1 to 254 table-name characters, so at least one
    /// more character makes a name.
    TablePrefix,
    TablePrefix,
    |text| length_between(text, 1, 254) && text.chars().all(is_table_char)
);

validated_string!(
    /// Table names given by IAM wildcards, such as `orders-restore-*`.
    TablePattern,
    TablePattern,
    |text| length_between(text, 1, 255) && text.chars().all(|c| is_table_char(c) || c == '*' || c == '?')
);

validated_string!(
    /// An S3 bucket name (the rules for buckets created since 2018).
    BucketName,
    BucketName,
    is_bucket_name
);

fn is_bucket_name(text: &str) -> bool {
    let edges_ok = text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && text.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    length_between(text, 3, 63)
        && edges_ok
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && !text.contains("..")
}

validated_string!(
    /// The start of the object keys an export writes or an import reads, such as `exports/orders/`.
    ObjectPrefix,
    ObjectPrefix,
    |text| {
        length_between(text, 1, 1024)
            && !text.starts_with('/')
            && !text.contains(['*', '?'])
            && !text.chars().any(char::is_control)
    }
);

validated_string!(
    /// The ARN of a KMS key: `arn:aws:kms:us-east-1:123456789012:key/…`.
    KmsKeyArn,
    KmsKeyArn,
    is_kms_key_arn
);

fn is_kms_key_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    let key_id = resource.strip_prefix("key/").unwrap_or_default();
    *arn == "arn"
        && Partition::from_name(partition).is_some()
        && *service == "kms"
        && is_region(region)
        && AccountId::new(*account).is_ok()
        && !key_id.is_empty()
        && key_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

validated_string!(
    /// The ARN of IAM users or roles, where `*` and `?` may stand for part of the name:
    /// `arn:aws:iam::123456789012:role/BreakGlass*`. Guardrails except these principals.
    PrincipalArn,
    PrincipalArn,
    is_principal_arn
);

fn is_principal_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    let name = resource
        .strip_prefix("role/")
        .or_else(|| resource.strip_prefix("user/"))
        .unwrap_or_default();
    *arn == "arn"
        && Partition::from_name(partition).is_some()
        && *service == "iam"
        && region.is_empty()
        && AccountId::new(*account).is_ok()
        && !name.is_empty()
        && name
            .chars()
            .all(|c| is_iam_name_char(c) || matches!(c, '/' | '*' | '?'))
}

validated_string!(
    /// The name of an IAM role, user or group: 1 to 128 characters among `A-Z a-z 0-9 +=,.@_-`
    /// (roles and users: at most 64, checked where the kind is known).
    IamName,
    IamName,
    |text| length_between(text, 1, 128) && text.chars().all(is_iam_name_char)
);

validated_string!(
    /// A role name with an optional path, as in a role ARN: `service-role/AWSBackupDefaultServiceRole`.
    RoleName,
    RoleName,
    |text| {
        let mut segments = text.split('/').peekable();
        segments.peek().is_some()
            && segments.all(|segment| length_between(segment, 1, 64) && segment.chars().all(is_iam_name_char))
            && text.len() <= 512
    }
);

validated_string!(
    /// The `sts:ExternalId` a third party must send to assume a role.
    ExternalId,
    ExternalId,
    |text| {
        length_between(text, 2, 1224)
            && text.chars().all(|c| is_iam_name_char(c) || matches!(c, ':' | '/'))
    }
);

/// An AWS partition: the first field of every ARN.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Partition {
    #[default]
    #[serde(rename = "aws")]
    Aws,
    #[serde(rename = "aws-cn")]
    AwsCn,
    #[serde(rename = "aws-us-gov")]
    AwsUsGov,
}

impl Partition {
    pub const fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    fn from_name(name: &str) -> Option<Partition> {
        [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov]
            .into_iter()
            .find(|partition| partition.as_str() == name)
    }
}

impl std::str::FromStr for Partition {
    type Err = ScopeError;
    fn from_str(text: &str) -> Result<Self, ScopeError> {
        Partition::from_name(text).ok_or_else(|| ScopeError::Partition(text.to_owned()))
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which tables a principal works on.
///
/// JSON: `"all"`, `{"names": ["Orders", "Invoices"]}` or `{"prefixes": ["orders-"]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableSelection {
    #[default]
    All,
    Names(Vec<TableName>),
    Prefixes(Vec<TablePrefix>),
}

impl TableSelection {
    /// The `table/…` resource parts that select these tables, sorted and without duplicates.
    pub fn table_patterns(&self) -> Vec<String> {
        let mut patterns: Vec<String> = match self {
            TableSelection::All => vec!["*".to_owned()],
            TableSelection::Names(names) => {
                names.iter().map(|name| name.as_str().to_owned()).collect()
            }
            TableSelection::Prefixes(prefixes) => {
                prefixes.iter().map(|prefix| format!("{prefix}*")).collect()
            }
        };
        patterns.sort();
        patterns.dedup();
        patterns
    }

    /// Whether no table is selected: an empty list of names or prefixes.
    pub fn is_empty(&self) -> bool {
        match self {
            TableSelection::All => false,
            TableSelection::Names(names) => names.is_empty(),
            TableSelection::Prefixes(prefixes) => prefixes.is_empty(),
        }
    }
}

/// The tables a restore or an import may create.
///
/// A restore always creates a new table, so restoring "the same tables" works only once the
/// original is deleted; a pattern such as `orders-restore-*` lets restores run beside it.
///
/// JSON: `"same"` or `{"pattern": "orders-restore-*"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RestoreTargets {
    #[default]
    Same,
    Pattern(TablePattern),
}

/// Where exports go and imports come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Location {
    pub bucket: BucketName,
    /// Object keys start with this prefix; `None` means the whole bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<ObjectPrefix>,
}

impl S3Location {
    /// `arn:{partition}:s3:::{bucket}/{prefix}*`, the objects the location holds.
    pub fn objects_arn(&self, partition: Partition) -> String {
        let prefix = self.prefix.as_ref().map_or("", ObjectPrefix::as_str);
        format!("arn:{partition}:s3:::{}/{prefix}*", self.bucket)
    }

    /// `arn:{partition}:s3:::{bucket}`, the bucket itself.
    pub fn bucket_arn(&self, partition: Partition) -> String {
        format!("arn:{partition}:s3:::{}", self.bucket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn rejects<T: std::fmt::Debug>(result: Result<T, ScopeError>, message: &str) {
        assert_eq!(result.unwrap_err().to_string(), message);
    }

    #[test]
    fn account_id_is_exactly_12_digits() {
        assert!(AccountId::new("123456789012").is_ok());
        // The workshop's policies (seed 002) use a 9-digit account.
        rejects(
            AccountId::new("123456789"),
            "account id `123456789` is not 12 digits",
        );
        rejects(
            AccountId::new("12345678901a"),
            "account id `12345678901a` is not 12 digits",
        );
        rejects(
            AccountId::new("1234567890123"),
            "account id `1234567890123` is not 12 digits",
        );
    }

    #[test]
    fn table_name_follows_dynamodb_naming_rules() {
        assert!(TableName::new("abc").is_ok());
        assert!(TableName::new("Orders_2024.v1-eu").is_ok());
        assert!(TableName::new("a".repeat(255)).is_ok());
        rejects(
            TableName::new("ab"),
            "table name `ab` does not follow DynamoDB's naming rules",
        );
        rejects(
            TableName::new("a".repeat(256)),
            &format!(
                "table name `{}` does not follow DynamoDB's naming rules",
                "a".repeat(256)
            ),
        );
        rejects(
            TableName::new("orders/1"),
            "table name `orders/1` does not follow DynamoDB's naming rules",
        );
        rejects(
            TableName::new("orders*"),
            "table name `orders*` does not follow DynamoDB's naming rules",
        );
        rejects(
            TableName::new("tablé"),
            "table name `tablé` does not follow DynamoDB's naming rules",
        );
    }

    #[test]
    fn table_prefix_may_be_short_but_not_empty() {
        assert!(TablePrefix::new("o").is_ok());
        rejects(
            TablePrefix::new(""),
            "table name prefix `` does not follow DynamoDB's naming rules",
        );
        rejects(
            TablePrefix::new("a".repeat(255)),
            &format!(
                "table name prefix `{}` does not follow DynamoDB's naming rules",
                "a".repeat(255)
            ),
        );
    }

    #[test]
    fn table_pattern_allows_wildcards() {
        assert!(TablePattern::new("orders-restore-*").is_ok());
        assert!(TablePattern::new("orders-2024-0?").is_ok());
        rejects(
            TablePattern::new("orders/*"),
            "table name pattern `orders/*` does not follow DynamoDB's naming rules",
        );
    }

    #[test]
    fn region_is_words_and_a_number() {
        for region in [
            "us-east-1",
            "eu-west-2",
            "ap-southeast-3",
            "us-gov-west-1",
            "cn-north-1",
        ] {
            assert!(Region::new(region).is_ok(), "{region}");
        }
        for region in [
            "us-east",
            "US-EAST-1",
            "useast1",
            "us--1",
            "*",
            "us-east-1a",
        ] {
            rejects(
                Region::new(region),
                &format!("region `{region}` is not a region name"),
            );
        }
    }

    #[test]
    fn bucket_name_follows_s3_naming_rules() {
        assert!(BucketName::new("my-exports.2024").is_ok());
        for bucket in [
            "ab",
            "My-Bucket",
            "-bucket",
            "bucket-",
            "my..bucket",
            "my_bucket",
        ] {
            rejects(
                BucketName::new(bucket),
                &format!("bucket name `{bucket}` does not follow S3's naming rules"),
            );
        }
    }

    #[test]
    fn object_prefix_has_no_wildcards_or_leading_slash() {
        assert!(ObjectPrefix::new("exports/orders/").is_ok());
        rejects(
            ObjectPrefix::new("/exports"),
            "object key prefix `/exports` is not allowed",
        );
        rejects(
            ObjectPrefix::new("exports/*"),
            "object key prefix `exports/*` is not allowed",
        );
    }

    #[test]
    fn kms_key_arn_names_a_key() {
        assert!(
            KmsKeyArn::new(
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            )
            .is_ok()
        );
        assert!(
            KmsKeyArn::new(
                "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
            )
            .is_ok()
        );
        for arn in [
            "arn:aws:kms:us-east-1:123456789012:alias/backups",
            "arn:aws:kms:us-east-1:123456789:key/abc",
            "arn:aws:kms:*:123456789012:key/abc",
            "arn:aws:kms:us-east-1:123456789012:key/",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
        ] {
            rejects(
                KmsKeyArn::new(arn),
                &format!("`{arn}` is not a KMS key ARN"),
            );
        }
    }

    #[test]
    fn principal_arn_names_users_or_roles_with_wildcards() {
        assert!(PrincipalArn::new("arn:aws:iam::123456789012:role/BreakGlass").is_ok());
        assert!(PrincipalArn::new("arn:aws:iam::123456789012:role/admins/BreakGlass*").is_ok());
        assert!(PrincipalArn::new("arn:aws:iam::123456789012:user/alice").is_ok());
        for arn in [
            "arn:aws:iam::123456789012:group/admins",
            "arn:aws:iam:us-east-1:123456789012:role/x",
            "BreakGlass",
        ] {
            rejects(
                PrincipalArn::new(arn),
                &format!("`{arn}` is not an IAM user or role ARN"),
            );
        }
    }

    #[test]
    fn iam_names_and_role_paths() {
        assert!(IamName::new("backup-operators@example.com").is_ok());
        rejects(
            IamName::new("has space"),
            "`has space` is not a valid IAM name",
        );
        assert!(RoleName::new("service-role/AWSBackupDefaultServiceRole").is_ok());
        rejects(
            RoleName::new("service-role//x"),
            "`service-role//x` is not a valid role name",
        );
    }

    #[test]
    fn external_id_length_and_characters() {
        assert!(ExternalId::new("veeam-4f2a:prod/1").is_ok());
        rejects(ExternalId::new("x"), "external id `x` is not allowed");
    }

    #[test]
    fn table_selection_reads_all_names_and_prefixes() {
        let all: TableSelection = serde_json::from_str(r#""all""#).unwrap();
        assert_eq!(all.table_patterns(), ["*"]);
        let names: TableSelection =
            serde_json::from_str(r#"{"names": ["Orders", "Invoices", "Orders"]}"#).unwrap();
        assert_eq!(names.table_patterns(), ["Invoices", "Orders"]);
        let prefixes: TableSelection =
            serde_json::from_str(r#"{"prefixes": ["orders-"]}"#).unwrap();
        assert_eq!(prefixes.table_patterns(), ["orders-*"]);
        let error = serde_json::from_str::<TableSelection>(r#"{"names": ["ab"]}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("table name `ab` does not follow DynamoDB's naming rules"),
            "{error}"
        );
    }

    #[test]
    fn s3_location_arns() {
        let location = S3Location {
            bucket: BucketName::new("exports").unwrap(),
            prefix: Some(ObjectPrefix::new("ddb/").unwrap()),
        };
        assert_eq!(
            location.objects_arn(Partition::Aws),
            "arn:aws:s3:::exports/ddb/*"
        );
        assert_eq!(
            location.bucket_arn(Partition::AwsCn),
            "arn:aws-cn:s3:::exports"
        );
    }
}
