//! The JSON API under `/api/v1`: each handler extracts, calls `policy`, and wraps the answer.
//! The OpenAPI document is generated from these handlers and their types, so it lists exactly the
//! routes the router serves.

use std::sync::LazyLock;

use axum::Json;
use axum::extract::RawQuery;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use utoipa::openapi::OpenApi;
use utoipa::{OpenApi as _, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::body::{ApiJson, JsonText};
use crate::export::{Bundle, Format};
use crate::input::{self, InputError};
use crate::problem::Problem;
use crate::report::{BuildReport, CaseResult, LintKind, LintReport};
use crate::routes::AppState;

#[cfg(test)]
mod tests;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Backstop",
        description = "Build, check and export IAM policies for Amazon DynamoDB backup and restore. \
            Errors are `application/problem+json` (RFC 9457) with a stable `code`, a `detail`, and, \
            where the body was at fault, its `line`, `column` and JSON `pointer`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    components(schemas(Problem, Format))
)]
struct ApiDoc;

/// The API routes with their OpenAPI description; `routes::app` mounts the router.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(openapi))
        .routes(routes!(catalog))
        .routes(routes!(build))
        .routes(routes!(export))
        .routes(routes!(lint))
        .routes(routes!(evaluate))
}

/// The OpenAPI document, made once.
pub fn document() -> &'static OpenApi {
    static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(|| router().into_openapi());
    &DOCUMENT
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    status: &'static str,
    /// The version of the server and of the policy engine in it.
    version: &'static str,
}

/// Whether the server is up.
#[utoipa::path(get, path = "/api/v1/health", tag = "service",
    responses((status = 200, description = "The server is up", body = Health)))]
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json")))]
async fn openapi() -> Response {
    static TEXT: LazyLock<String> =
        LazyLock::new(|| document().to_pretty_json().unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], TEXT.as_str()).into_response()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Catalog {
    /// What can be ticked, in the order the page shows them.
    capabilities: Vec<CapabilityEntry>,
    /// Every action the catalog knows.
    actions: Vec<ActionEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CapabilityEntry {
    /// Stable id, as written in specs: `restore.backup`.
    id: &'static str,
    /// The checkbox label.
    title: &'static str,
    description: &'static str,
    /// The id's first part, which the page groups by: `restore`, `guard`, `trust`, …
    group: &'static str,
    /// `permission` (allows), `guardrail` (denies) or `trust` (who may assume the role).
    kind: &'static str,
    /// Every action the capability names, companions included.
    actions: Vec<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionEntry {
    /// As written in policies: `dynamodb:RestoreTableFromBackup`.
    name: String,
    /// AWS's access levels, such as `Write`.
    access_levels: Vec<&'static str>,
    /// The resource types it applies to; empty when it applies to `"*"` only.
    resource_types: Vec<ResourceTypeEntry>,
    condition_keys: Vec<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeEntry {
    name: &'static str,
    required: bool,
    /// The ARN with `${…}` placeholders.
    #[serde(skip_serializing_if = "Option::is_none")]
    arn_format: Option<&'static str>,
}

/// The capabilities and the actions they are made of.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "policies",
    responses((status = 200, description = "The capability table and the action catalog", body = Catalog)))]
async fn catalog() -> Response {
    static TEXT: LazyLock<String> =
        LazyLock::new(|| serde_json::to_string(&make_catalog()).unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], TEXT.as_str()).into_response()
}

fn make_catalog() -> Catalog {
    use policy::capability::CapabilityKind;
    let capabilities = policy::capability::all()
        .map(|capability| {
            let id = capability.id.as_str();
            CapabilityEntry {
                id,
                title: capability.title,
                description: capability.description,
                group: id.split('.').next().unwrap_or(id),
                kind: match capability.kind {
                    CapabilityKind::Permission => "permission",
                    CapabilityKind::Guardrail => "guardrail",
                    CapabilityKind::Trust => "trust",
                },
                actions: capability.actions(),
            }
        })
        .collect();
    let actions = policy::catalog::actions()
        .iter()
        .map(|action| {
            let definitions: Vec<_> = action.resource_type_defs().collect();
            ActionEntry {
                name: action.to_string(),
                access_levels: action
                    .access_levels
                    .iter()
                    .map(|level| level.as_str())
                    .collect(),
                resource_types: action
                    .resource_types
                    .iter()
                    .map(|usage| ResourceTypeEntry {
                        name: usage.name,
                        required: usage.required,
                        arn_format: definitions
                            .iter()
                            .find(|(definition, _)| definition.name == usage.name)
                            .map(|(definition, _)| definition.arn_format),
                    })
                    .collect(),
                condition_keys: action.condition_keys.to_vec(),
            }
        })
        .collect();
    Catalog {
        capabilities,
        actions,
    }
}

/// Request bodies whose shape `policy` defines and documents; the document describes them by
/// example rather than copy their types into the server.
macro_rules! documented_body {
    ($name:ident, $array:expr, $description:expr, $example:expr) => {
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, Type};
                let kind = if $array { Type::Array } else { Type::Object };
                ObjectBuilder::new()
                    .schema_type(kind)
                    .description(Some($description))
                    .examples([$example])
                    .into()
            }
        }

        impl ToSchema for $name {}
    };
}

documented_body!(
    SpecBody,
    false,
    "A spec: the scope and the principals with their capabilities (see `policy::spec` and README.md).",
    serde_json::json!({
        "version": 1,
        "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"prefixes": ["orders-"]}},
        "principals": [{"kind": "role", "name": "BackupOperator", "capabilities": ["backup.create", "restore.backup"]}]
    })
);

/// Builds the policies of a spec.
#[utoipa::path(post, path = "/api/v1/build", tag = "policies",
    request_body(content = SpecBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Per principal: identity policies, boundary, trust policy", body = BuildReport),
        (status = 400, description = "Malformed JSON, a wrong value (with its pointer), or a spec that cannot be built", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over the limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
    ))]
async fn build(JsonText(text): JsonText) -> Result<Json<BuildReport>, Problem> {
    let spec = input::read_spec(&text)?;
    let built = policy::build::build(&spec).map_err(|error| input::build_error(&spec, &error))?;
    tracing::debug!(principals = built.principals.len(), "built");
    Ok(Json(BuildReport::from(&built)))
}

documented_body!(
    ExportBody,
    false,
    "A spec, one policy document, or an array of policy documents, each bare or as `{\"name\": ..., \"document\": ...}`.",
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:ListBackups", "Resource": "*"}]})
);

/// The query of `POST /api/v1/export`, read by hand in [`export_format`] for errors in our words.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the OpenAPI document only"
)]
pub struct ExportQuery {
    /// `json` (the default), `terraform` or `cloudformation`.
    #[param(value_type = Option<Format>)]
    format: Option<String>,
}

/// The policies of a spec, or policy documents, as a file to deploy.
#[utoipa::path(post, path = "/api/v1/export", tag = "policies",
    params(ExportQuery),
    request_body(content = ExportBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The file, as an attachment named `backstop-<principal or policies>.json|.tf|.template.json`",
         content(("application/json"), ("text/plain"))),
        (status = 400, description = "Malformed JSON, a wrong value, an unknown format, or an invalid policy", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over the limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
    ))]
async fn export(RawQuery(query): RawQuery, JsonText(text): JsonText) -> Result<Response, Problem> {
    let format = export_format(query.as_deref())?;
    let bundle = Bundle::read(&text)?;
    let file = bundle.render(format);
    let disposition = format!("attachment; filename=\"{}\"", bundle.file_name(format));
    let mut response = ([(header::CONTENT_TYPE, format.media_type())], file).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    tracing::debug!(format = format.as_str(), "exported");
    Ok(response)
}

#[expect(
    clippy::result_large_err,
    reason = "a problem is made once, on the error path, and answered at once"
)]
fn export_format(query: Option<&str>) -> Result<Format, Problem> {
    let mut format = Format::Json;
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key != "format" {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "unknown-parameter",
                format!("unknown query parameter `{key}`"),
            )
            .with_help("the only parameter is `format`"));
        }
        format = Format::from_name(value).ok_or_else(|| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "unknown-format",
                format!("unknown format `{value}`"),
            )
            .with_help("use `json`, `terraform` or `cloudformation`")
        })?;
    }
    Ok(format)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LintRequest {
    /// The policy text; findings' lines and columns count in it.
    policy: String,
    /// Where the policy is attached: `auto` (the default) tells trust, resource-based and
    /// identity policies apart by their statements.
    #[serde(default)]
    kind: LintKind,
}

/// Checks a policy: every finding with its severity, code, message, help and place.
#[utoipa::path(post, path = "/api/v1/lint", tag = "policies",
    request_body(content = LintRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The findings, errors first among equals in place", body = LintReport),
        (status = 400, description = "The request is malformed (not the policy: its faults are findings)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over the limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
    ))]
async fn lint(ApiJson(request): ApiJson<LintRequest>) -> Json<LintReport> {
    let report = LintReport::of(&request.policy, request.kind);
    tracing::debug!(
        findings = report.findings.len(),
        errors = report.errors,
        "linted"
    );
    Json(report)
}

documented_body!(
    EvaluateBody,
    true,
    "Cases in the reference simulator's format (see `policy::case`): per case the policies of each layer and the request.",
    serde_json::json!([{
        "id": "c1",
        "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}]}],
        "request": {"principal": "arn:aws:iam::123456789012:role/X", "action": "dynamodb:CreateBackup",
                    "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Movies"}
    }])
);

/// Evaluates requests against policies, as AWS would decide them.
#[utoipa::path(post, path = "/api/v1/evaluate", tag = "policies",
    request_body(content = EvaluateBody, content_type = "application/json"),
    responses(
        (status = 200, description = "One result per case, in order; an invalid case has `decision: null` and an `error`", body = Vec<CaseResult>),
        (status = 400, description = "The body is not an array of cases", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over the limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
    ))]
async fn evaluate(JsonText(text): JsonText) -> Result<Json<Vec<CaseResult>>, Problem> {
    // Depth and syntax are checked on the whole body first; cases are then read one by one.
    let _: serde::de::IgnoredAny = input::read_json(&text)?;
    let cases: Vec<&RawValue> = serde_json::from_str(&text).map_err(|_| {
        InputError::new("invalid-value", "the body is not an array of cases")
            .with_help("send `[{\"identityPolicies\": [...], \"request\": {...}}, ...]`")
            .with_pointer("")
    })?;
    let results = crate::report::evaluate(&cases);
    tracing::debug!(cases = results.len(), "evaluated");
    Ok(Json(results))
}
