//! The answers of build, lint and evaluate as JSON, one shape for the API and the CLI, so that a
//! pipeline gets the same result from either.

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use policy::build::{Built, BuiltPolicy};
use policy::case::CaseLoader;
use policy::finding::{Finding, Severity};
use policy::lint::PolicyKind;
use policy::quota::Quota;
use policy::spec::IdentityKind;

/// What `POST /api/v1/build` and `backstop build` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct BuildReport {
    pub principals: Vec<PrincipalReport>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalReport {
    /// `role`, `user`, `group` or `service-role`.
    #[schema(value_type = String, example = "role")]
    pub kind: IdentityKind,
    pub name: String,
    /// Customer-managed policies, several when the statements do not fit one.
    pub identity_policies: Vec<PolicyReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary: Option<PolicyReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<PolicyReport>,
    /// The pasted policies, attached inline, and the size they count against the inline quota.
    pub inline_policies: Vec<InlineReport>,
    pub inline_quota: QuotaReport,
    /// Present when `identityPolicies` are more than IAM attaches to one principal by default:
    /// attaching them all fails unless the account's quota was raised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment_warning: Option<WarningReport>,
}

/// Something IAM may refuse although every policy is valid, and what to do about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningReport {
    pub message: String,
    pub help: String,
}

/// A finished policy document, its size as IAM counts it (whitespace excluded) and its quota.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyReport {
    pub name: String,
    /// The policy document, exactly as IAM takes it.
    #[schema(value_type = Object)]
    pub document: Value,
    pub size: usize,
    pub quota: QuotaReport,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InlineReport {
    pub name: String,
    pub size: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaReport {
    /// Such as `managed policy`.
    pub name: &'static str,
    /// The most characters besides whitespace.
    pub limit: usize,
}

impl From<Quota> for QuotaReport {
    fn from(quota: Quota) -> Self {
        Self {
            name: quota.describe(),
            limit: quota.limit(),
        }
    }
}

impl From<&BuiltPolicy> for PolicyReport {
    fn from(policy: &BuiltPolicy) -> Self {
        Self {
            name: policy.name.clone(),
            document: policy.document.to_json(),
            size: policy.size,
            quota: policy.quota.into(),
        }
    }
}

impl From<&Built> for BuildReport {
    fn from(built: &Built) -> Self {
        let principals = built
            .principals
            .iter()
            .map(|principal| PrincipalReport {
                kind: principal.kind,
                name: principal.name.to_string(),
                identity_policies: principal
                    .identity_policies
                    .iter()
                    .map(PolicyReport::from)
                    .collect(),
                boundary: principal.boundary.as_ref().map(PolicyReport::from),
                trust_policy: principal.trust_policy.as_ref().map(PolicyReport::from),
                inline_policies: principal
                    .inline_policies
                    .iter()
                    .map(|inline| InlineReport {
                        name: inline.name.clone(),
                        size: inline.size,
                    })
                    .collect(),
                inline_quota: principal.inline_quota.into(),
                attachment_warning: principal.over_attachment_quota().map(|over| WarningReport {
                    message: over.to_string(),
                    help: over.help().to_owned(),
                }),
            })
            .collect();
        Self { principals }
    }
}

/// Where a linted policy is attached, which decides what it may contain and its size quota.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, clap::ValueEnum, ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum LintKind {
    /// A trust policy when every statement with a `Principal` only lets it assume the role, a
    /// resource-based policy when statements name a `Principal` otherwise, a managed policy when
    /// none does.
    #[default]
    Auto,
    Managed,
    InlineUser,
    InlineGroup,
    InlineRole,
    Trust,
    Resource,
    Boundary,
    Scp,
}

impl LintKind {
    fn resolve(self, text: &str) -> PolicyKind {
        match self {
            LintKind::Auto => detect(text),
            LintKind::Managed => PolicyKind::Managed,
            LintKind::InlineUser => PolicyKind::Inline(IdentityKind::User),
            LintKind::InlineGroup => PolicyKind::Inline(IdentityKind::Group),
            LintKind::InlineRole => PolicyKind::Inline(IdentityKind::Role),
            LintKind::Trust => PolicyKind::Trust,
            LintKind::Resource => PolicyKind::Resource,
            LintKind::Boundary => PolicyKind::Boundary,
            LintKind::Scp => PolicyKind::Scp,
        }
    }
}

/// The kind a policy's own text suggests; text that does not parse is linted as a managed policy,
/// which reports the parse errors all the same.
fn detect(text: &str) -> PolicyKind {
    let Some(document) = policy::parse::parse(text).document else {
        return PolicyKind::Managed;
    };
    let mut with_principal = document
        .statements()
        .filter(|statement| statement.principal.is_some())
        .peekable();
    if with_principal.peek().is_none() {
        return PolicyKind::Managed;
    }
    let assumes_only = with_principal.all(|statement| {
        !statement.action.negated
            && statement.action.actions.iter().all(|action| {
                let action = action.value.to_ascii_lowercase();
                action.starts_with("sts:assumerole")
                    || action == "sts:tagsession"
                    || action == "sts:setsourceidentity"
            })
    });
    if assumes_only {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    }
}

/// Every finding about one policy text, sorted by position.
pub fn lint(text: &str, kind: LintKind) -> Vec<Finding> {
    policy::lint::lint(text, kind.resolve(text))
}

/// One finding with its place resolved against the text it was found in.
#[derive(Debug, Serialize, ToSchema)]
pub struct LintFinding {
    /// Stable kebab-case identifier such as `empty-resource`.
    pub code: &'static str,
    #[schema(value_type = String, example = "error")]
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// JSON pointer to the offending element; empty for the whole document.
    pub pointer: String,
    /// 1-based line and column (in characters) where the finding starts.
    pub line: usize,
    pub column: usize,
    /// The byte range `[start, end)` of the offending text.
    pub span: [usize; 2],
}

impl LintFinding {
    pub fn new(finding: &Finding, text: &str) -> Self {
        let place = finding.line_col(text);
        Self {
            code: finding.code,
            severity: finding.severity,
            message: finding.message.clone(),
            help: finding.help.clone(),
            pointer: finding.pointer.clone(),
            line: place.line,
            column: place.column,
            span: [finding.span.start, finding.span.end],
        }
    }
}

/// What `POST /api/v1/lint` answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct LintReport {
    pub findings: Vec<LintFinding>,
    /// How many findings are errors, which make AWS refuse the policy.
    pub errors: usize,
}

impl LintReport {
    pub fn of(text: &str, kind: LintKind) -> Self {
        let findings = lint(text, kind);
        let errors = findings.iter().filter(|finding| finding.is_error()).count();
        Self {
            findings: findings
                .iter()
                .map(|finding| LintFinding::new(finding, text))
                .collect(),
            errors,
        }
    }
}

/// One case's answer: the line `backstop evaluate --explain` prints for it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseResult {
    /// The case's `id`, or its 0-based index when it has none.
    #[schema(value_type = Object)]
    pub id: Value,
    /// `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`; `null` when the case is invalid.
    #[schema(value_type = Option<String>, example = "Allowed")]
    pub decision: Option<&'static str>,
    /// Why the case could not be evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The statements (or layers without a matching statement) that decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub reasons: Option<Vec<Value>>,
    /// Context keys the policies asked for but the request lacked, or had only as a guess (a role
    /// session's `aws:PrincipalArn`, whose path the session ARN does not carry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_context: Option<Vec<String>>,
}

/// Evaluates each case on its own: an invalid case gets an `error` and the others still run.
pub fn evaluate(cases: &[&RawValue]) -> Vec<CaseResult> {
    let mut loader = CaseLoader::new();
    cases
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            let id = serde_json::from_str::<IdOnly>(raw.get())
                .ok()
                .and_then(|only| only.id)
                .unwrap_or_else(|| Value::from(index));
            let failed = |error: String| CaseResult {
                id: id.clone(),
                decision: None,
                error: Some(error),
                reasons: None,
                missing_context: None,
            };
            let case = match CaseLoader::read(raw.get()) {
                Ok(case) => case,
                Err(error) => return failed(error.to_string()),
            };
            match loader.load(case) {
                Ok((request, policies)) => {
                    let evaluation = policies.evaluate(&request);
                    CaseResult {
                        id,
                        decision: Some(evaluation.decision.as_str()),
                        error: None,
                        reasons: Some(
                            evaluation
                                .reasons
                                .iter()
                                .map(|reason| serde_json::to_value(reason).unwrap_or(Value::Null))
                                .collect(),
                        ),
                        missing_context: Some(evaluation.missing_context),
                    }
                }
                Err(error) => failed(error.to_string()),
            }
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_detect(text: &str, expect: PolicyKind) {
        assert_eq!(detect(text), expect);
    }

    #[test]
    fn auto_kind_tells_trust_resource_and_identity_policies_apart() {
        check_detect(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#,
            PolicyKind::Trust,
        );
        check_detect(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem", "Resource": "*"}]}"#,
            PolicyKind::Resource,
        );
        check_detect(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
            PolicyKind::Managed,
        );
        check_detect("not json", PolicyKind::Managed);
    }

    #[test]
    fn a_trust_policy_linted_as_such_has_no_principal_error() {
        let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
        assert_eq!(lint(trust, LintKind::Auto), []);
        assert!(lint(trust, LintKind::Managed).iter().any(Finding::is_error));
    }
}
