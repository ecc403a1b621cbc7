//! The answers of build, lint and evaluate as JSON, one shape for the API and the CLI, so that a
//! pipeline gets the same result from either.

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use policy::build::{Built, BuiltPolicy};
use policy::case::CaseLoader;
use policy::finding::{Finding, Severity};
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
            })
            .collect();
        Self { principals }
    }
}

/// Every finding about one policy text: the parser's, and the linter's once the parse succeeds.
pub fn lint(text: &str) -> Vec<Finding> {
    policy::parse::parse(text).findings
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
    pub fn of(text: &str) -> Self {
        let findings = lint(text);
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

/// One case's answer, in the reference simulator's output format plus the reasons.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseResult {
    /// The case's `id`, as given.
    #[schema(value_type = Object)]
    pub id: Value,
    /// `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`; `null` when the case is invalid.
    #[schema(value_type = Option<String>, example = "Allowed")]
    pub decision: Option<&'static str>,
    /// The statements (or layers without a matching statement) that decided.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub reasons: Vec<Value>,
    /// Context keys the policies asked for but the request lacked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_context: Vec<String>,
    /// Why the case could not be evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Evaluates each case on its own: an invalid case gets an `error` and the others still run.
pub fn evaluate(cases: &[&RawValue]) -> Vec<CaseResult> {
    let mut loader = CaseLoader::new();
    cases
        .iter()
        .map(|raw| {
            let id = serde_json::from_str::<IdOnly>(raw.get())
                .ok()
                .and_then(|only| only.id)
                .unwrap_or(Value::Null);
            let answer = CaseLoader::read(raw.get()).and_then(|case| loader.load(case));
            match answer {
                Ok((request, policies)) => {
                    let evaluation = policies.evaluate(&request);
                    CaseResult {
                        id,
                        decision: Some(evaluation.decision.as_str()),
                        reasons: evaluation
                            .reasons
                            .iter()
                            .map(|reason| serde_json::to_value(reason).unwrap_or(Value::Null))
                            .collect(),
                        missing_context: evaluation.missing_context,
                        error: None,
                    }
                }
                Err(error) => CaseResult {
                    id,
                    decision: None,
                    reasons: Vec::new(),
                    missing_context: Vec::new(),
                    error: Some(error.to_string()),
                },
            }
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: Option<Value>,
}
