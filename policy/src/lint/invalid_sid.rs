//! `invalid-sid`: a `Sid` with characters other than ASCII letters and digits, which IAM refuses in
//! identity, trust and boundary policies and SCPs (resource-based policies of other services allow
//! more, so they are not checked).

use super::{Lint, PolicyKind};
use crate::finding::{Finding, Severity};

pub(super) fn check(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    if lint.kind == PolicyKind::Resource {
        return;
    }
    for located in lint.statements() {
        let Some(sid) = &located.statement.sid else {
            continue;
        };
        if sid
            .value
            .chars()
            .all(|character| character.is_ascii_alphanumeric())
        {
            continue;
        }
        let cleaned: String = sid
            .value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let help = if cleaned.is_empty() {
            "use only letters and digits, such as `AllowBackups`".to_owned()
        } else {
            format!("use only letters and digits, such as `{cleaned}`")
        };
        findings.push(
            Finding::new(
                "invalid-sid",
                Severity::Error,
                format!("`Sid` `{}` has characters IAM does not accept", sid.value),
                sid.span,
                located.element("Sid"),
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::PolicyKind;
    use crate::lint::test_support::{policy, render};

    fn text(sid: &str) -> String {
        policy(&format!(
            r#"{{"Sid": "{sid}", "Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}}"#
        ))
    }

    #[test]
    fn invalid_sid_with_spaces_and_dashes() {
        assert_eq!(
            render(&text("allow backups-1"), PolicyKind::Managed, "invalid-sid"),
            [
                "/Statement/0/Sid `\"allow backups-1\"` error: `Sid` `allow backups-1` has characters IAM does not accept (help: use only letters and digits, such as `allowbackups1`)"
            ]
        );
    }

    #[test]
    fn invalid_sid_allowed_in_resource_policies_and_alphanumerics_everywhere() {
        assert!(render(&text("allow-backups"), PolicyKind::Resource, "invalid-sid").is_empty());
        assert!(render(&text("VisualEditor0"), PolicyKind::Managed, "invalid-sid").is_empty());
    }
}
