//! Policy sizes as IAM counts them, and the quotas they count against.
//!
//! IAM does not count whitespace: a managed policy may hold 6,144 characters besides whitespace, a
//! role's trust policy 2,048, and a principal's inline policies together 2,048 (user), 5,120 (group)
//! or 10,240 (role).
//!
//! ```
//! use policy::quota::{self, Quota};
//!
//! assert_eq!(quota::text_size("{ \"Version\": \"2012-10-17\" }"), 24);
//! assert_eq!(Quota::ManagedPolicy.limit(), 6_144);
//! ```

use crate::document::Document;
use crate::spec::IdentityKind;

/// A size limit of IAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quota {
    /// One customer-managed policy (also a permission boundary).
    ManagedPolicy,
    /// A role's trust policy, at its default limit (AWS can raise it to 4,096 on request).
    TrustPolicy,
    /// All inline policies of a user together.
    InlineUser,
    /// All inline policies of a group together.
    InlineGroup,
    /// All inline policies of a role together.
    InlineRole,
}

impl Quota {
    /// The most characters, whitespace not counted.
    pub const fn limit(self) -> usize {
        match self {
            Quota::ManagedPolicy => 6_144,
            Quota::TrustPolicy | Quota::InlineUser => 2_048,
            Quota::InlineGroup => 5_120,
            Quota::InlineRole => 10_240,
        }
    }

    /// The inline quota of a kind of principal.
    pub const fn inline_for(kind: IdentityKind) -> Quota {
        match kind {
            IdentityKind::User => Quota::InlineUser,
            IdentityKind::Group => Quota::InlineGroup,
            IdentityKind::Role | IdentityKind::ServiceRole => Quota::InlineRole,
        }
    }

    /// How the quota is named in messages.
    pub const fn describe(self) -> &'static str {
        match self {
            Quota::ManagedPolicy => "managed policy",
            Quota::TrustPolicy => "trust policy",
            Quota::InlineUser => "inline policies of a user",
            Quota::InlineGroup => "inline policies of a group",
            Quota::InlineRole => "inline policies of a role",
        }
    }
}

/// The size IAM counts for a document: its JSON without whitespace.
pub fn size(document: &Document) -> usize {
    text_size(&document.to_json().to_string())
}

/// The size IAM counts for policy text: every character but whitespace.
pub fn text_size(text: &str) -> usize {
    text.chars()
        .filter(|character| !character.is_whitespace())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_ignores_whitespace() {
        assert_eq!(text_size("{\n  \"Effect\": \"Allow\"\n}"), 18);
        assert_eq!(text_size(""), 0);
    }

    #[test]
    fn inline_quotas_depend_on_the_kind() {
        assert_eq!(Quota::inline_for(IdentityKind::User).limit(), 2_048);
        assert_eq!(Quota::inline_for(IdentityKind::Group).limit(), 5_120);
        assert_eq!(Quota::inline_for(IdentityKind::Role).limit(), 10_240);
        assert_eq!(Quota::inline_for(IdentityKind::ServiceRole).limit(), 10_240);
        assert_eq!(Quota::TrustPolicy.limit(), 2_048);
    }
}
