//! Every route and every error path of the API, through the whole router as a client sees it:
//! status, content type and body.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::export::tests::FULL_SPEC;
use crate::routes::{AppState, Limits, app};

const MIB: usize = 1024 * 1024;

const SPEC: &str = r#"{"version": 1,
  "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Movies"]}},
  "principals": [{"kind": "role", "name": "Backups", "capabilities": ["backup.create"]}]}"#;

fn state() -> AppState {
    AppState::new(
        std::env::temp_dir().join("backstop-test-dist-absent"),
        Limits {
            max_body: MIB,
            request_timeout: Duration::from_secs(5),
            concurrency: 8,
        },
    )
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    #[track_caller]
    fn content_type(&self) -> &str {
        self.headers[header::CONTENT_TYPE].to_str().unwrap()
    }
}

async fn send(request: Request<Body>) -> Answer {
    let response = app(state()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

async fn post(path: &str, body: impl Into<Body>) -> Answer {
    send(
        Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap(),
    )
    .await
}

async fn get(path: &str) -> Answer {
    send(Request::get(path).body(Body::empty()).unwrap()).await
}

/// Asserts a problem answer: status, content type, and the problem's fields (those in `expect`).
#[track_caller]
fn check_problem(answer: &Answer, status: StatusCode, expect: Value) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.content_type(), "application/problem+json");
    let problem = answer.json();
    assert_eq!(problem["status"], status.as_u16());
    assert_eq!(problem["title"], status.canonical_reason().unwrap());
    assert_eq!(
        problem["type"],
        format!(
            "https://backstop.invalid/problems/{}",
            problem["code"].as_str().unwrap()
        )
    );
    for (key, value) in expect.as_object().unwrap() {
        assert_eq!(&problem[key], value, "problem field `{key}` in {problem}");
    }
}

#[tokio::test]
async fn health_answers_ok() {
    let answer = get("/api/v1/health").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    assert_eq!(
        answer.json(),
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
}

#[tokio::test]
async fn catalog_lists_capabilities_and_actions() {
    let answer = get("/api/v1/catalog").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    let catalog = answer.json();
    let capabilities = catalog["capabilities"].as_array().unwrap();
    assert_eq!(
        capabilities.len(),
        policy::capability::CapabilityId::ALL.len()
    );
    let restore = capabilities
        .iter()
        .find(|capability| capability["id"] == "restore.backup")
        .unwrap();
    assert_eq!(restore["title"], "Restore tables from backups");
    assert_eq!(restore["group"], "restore");
    assert_eq!(restore["kind"], "permission");
    assert!(
        restore["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("dynamodb:RestoreTableFromBackup"))
    );
    let list_backups = catalog["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["name"] == "dynamodb:ListBackups")
        .unwrap();
    assert_eq!(list_backups["resourceTypes"], json!([]));
    let create_backup = catalog["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["name"] == "dynamodb:CreateBackup")
        .unwrap();
    assert_eq!(create_backup["resourceTypes"][0]["name"], "table");
    assert_eq!(
        create_backup["resourceTypes"][0]["arnFormat"],
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"
    );
}

#[tokio::test]
async fn build_answers_the_policies_of_each_principal() {
    let answer = post("/api/v1/build", SPEC).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.content_type(), "application/json");
    assert_eq!(
        answer.json(),
        json!({"principals": [{
            "kind": "role",
            "name": "Backups",
            "identityPolicies": [{
                "name": "Backups-backstop",
                "document": {"Version": "2012-10-17", "Statement": [{
                    "Sid": "CreateOnDemandBackups", "Effect": "Allow", "Action": "dynamodb:CreateBackup",
                    "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Movies"}]},
                "size": answer.json()["principals"][0]["identityPolicies"][0]["size"],
                "quota": {"name": "managed policy", "limit": 6144}
            }],
            "inlinePolicies": [],
            "inlineQuota": {"name": "inline policies of a role", "limit": 10240}
        }]})
    );
    let size = answer.json()["principals"][0]["identityPolicies"][0]["size"]
        .as_u64()
        .unwrap();
    assert!(size > 100 && size < 300, "{size}");
}

#[tokio::test]
async fn export_sends_each_format_as_a_named_attachment() {
    for (format, content_type, file) in [
        ("json", "application/json", "backstop-Backups.json"),
        (
            "terraform",
            "text/plain; charset=utf-8",
            "backstop-Backups.tf",
        ),
        (
            "cloudformation",
            "application/json",
            "backstop-Backups.template.json",
        ),
    ] {
        let answer = post(&format!("/api/v1/export?format={format}"), SPEC).await;
        assert_eq!(answer.status, StatusCode::OK, "{format}: {}", answer.body);
        assert_eq!(answer.content_type(), content_type);
        assert_eq!(
            answer.headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"{file}\"")
        );
        assert!(
            answer
                .body
                .contains("arn:aws:dynamodb:us-east-1:123456789012:table/Movies"),
            "{format}"
        );
    }
    // Without a format, JSON.
    let answer = post("/api/v1/export", SPEC).await;
    assert_eq!(
        answer.json()["principals"][0]["managedPolicies"][0]["name"],
        "Backups-backstop"
    );
}

#[tokio::test]
async fn export_of_several_principals_is_named_policies() {
    let answer = post("/api/v1/export?format=cloudformation", FULL_SPEC).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"backstop-policies.template.json\""
    );
}

#[tokio::test]
async fn export_takes_policy_documents() {
    let document = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:ListBackups", "Resource": "*"}]}"#;
    let answer = post("/api/v1/export?format=terraform", document).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"backstop-policies.tf\""
    );
    assert!(answer.body.contains(
        "resource \"aws_iam_policy\" \"backstop-policy\" {\n  name = \"backstop-policy\"\n"
    ));

    let array = format!(r#"[{{"name": "ListAll", "document": {document}}}, {document}]"#);
    let answer = post("/api/v1/export?format=json", array).await;
    let policies = answer.json()["policies"].clone();
    let names: Vec<&str> = policies
        .as_array()
        .unwrap()
        .iter()
        .map(|policy| policy["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ListAll", "backstop-policy-2"]);
}

#[tokio::test]
async fn export_refuses_an_invalid_policy_document_with_its_place() {
    let document = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"\"}]}";
    let answer = post("/api/v1/export", document).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "empty-resource", "detail": "`Resource` is empty", "pointer": "/Statement/0/Resource", "line": 2, "column": 74}),
    );
    let answer = post("/api/v1/export", format!("[{{\"document\": {document}}}]")).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "empty-resource", "pointer": "/0/document/Statement/0/Resource"}),
    );
}

#[tokio::test]
async fn export_refuses_what_is_neither_spec_nor_policy() {
    let answer = post("/api/v1/export", r#"{"hello": 1}"#).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "unknown-input", "detail": "the input is neither a spec nor policy documents", "pointer": ""}),
    );
}

#[tokio::test]
async fn unknown_export_format_is_a_400() {
    let answer = post("/api/v1/export?format=xml", SPEC).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "unknown-format", "detail": "unknown format `xml`", "help": "use `json`, `terraform` or `cloudformation`"}),
    );
    let answer = post("/api/v1/export?fmt=json", SPEC).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "unknown-parameter", "detail": "unknown query parameter `fmt`"}),
    );
}

#[tokio::test]
async fn lint_reports_findings_with_line_and_column() {
    let policy = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"\"}]}";
    let answer = post("/api/v1/lint", json!({"policy": policy}).to_string()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    let report = answer.json();
    assert_eq!(report["errors"], 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "empty-resource");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "`Resource` is empty");
    assert_eq!(finding["pointer"], "/Statement/0/Resource");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(2), Some(74))
    );
}

#[tokio::test]
async fn lint_runs_the_linter_rules_for_the_kind_of_policy() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:ListBackups",
        "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Music"}]}"#;
    let answer = post("/api/v1/lint", json!({"policy": policy}).to_string()).await;
    let report = answer.json();
    assert_eq!(report["findings"][0]["code"], "wildcard-only-action");
    assert_eq!(
        report["findings"][0]["message"],
        "`dynamodb:ListBackups` works only with `\"Resource\": \"*\"`"
    );

    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    let answer = post("/api/v1/lint", json!({"policy": trust}).to_string()).await;
    assert_eq!(answer.json(), json!({"findings": [], "errors": 0}));
    let answer = post(
        "/api/v1/lint",
        json!({"policy": trust, "kind": "managed"}).to_string(),
    )
    .await;
    assert!(
        answer.json()["errors"].as_u64().unwrap() > 0,
        "{}",
        answer.body
    );
    let answer = post(
        "/api/v1/lint",
        json!({"policy": trust, "kind": "nope"}).to_string(),
    )
    .await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "invalid-value", "pointer": "/kind"}),
    );
}

#[tokio::test]
async fn lint_reports_a_policy_that_is_not_json_as_a_finding() {
    let answer = post(
        "/api/v1/lint",
        json!({"policy": "{\"Version\": "}).to_string(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let report = answer.json();
    assert_eq!(report["errors"], 1);
    assert_eq!(report["findings"][0]["line"], 1);
}

#[tokio::test]
async fn lint_of_a_deeply_nested_policy_is_a_finding_not_a_crash() {
    let policy = "[".repeat(10_000) + &"]".repeat(10_000);
    let answer = post("/api/v1/lint", json!({"policy": policy}).to_string()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["errors"], 1);
}

#[tokio::test]
async fn evaluate_answers_each_case() {
    let cases = json!([
        {"id": "allowed",
         "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}]}],
         "request": {"principal": "arn:aws:iam::123456789012:role/X", "action": "dynamodb:CreateBackup",
                     "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Movies"}},
        {"id": "denied",
         "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}]}],
         "request": {"principal": "arn:aws:iam::123456789012:role/X", "action": "dynamodb:DeleteBackup",
                     "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Movies/backup/01234567890123-abcdefgh"}},
        {"id": "broken", "request": {"principal": "nope", "action": "dynamodb:CreateBackup", "resource": "*"}}
    ]);
    let answer = post("/api/v1/evaluate", cases.to_string()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let results = answer.json();
    assert_eq!(results[0]["id"], "allowed");
    assert_eq!(results[0]["decision"], "Allowed");
    assert_eq!(results[0]["reasons"][0]["policy"], "identity-0");
    assert_eq!(results[1]["decision"], "ImplicitlyDenied");
    assert_eq!(results[2]["id"], "broken");
    assert_eq!(results[2]["decision"], Value::Null);
    assert!(
        results[2]["error"].as_str().unwrap().contains("nope"),
        "{}",
        results[2]
    );
}

#[tokio::test]
async fn evaluate_refuses_a_body_that_is_not_an_array() {
    let answer = post("/api/v1/evaluate", r#"{"request": {}}"#).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "invalid-value", "detail": "the body is not an array of cases"}),
    );
}

// The error paths of the issue, on the spec routes.

#[tokio::test]
async fn malformed_json_is_a_400_with_line_and_column() {
    for path in [
        "/api/v1/build",
        "/api/v1/export",
        "/api/v1/lint",
        "/api/v1/evaluate",
    ] {
        let answer = post(path, "{\n  version: 1}").await;
        check_problem(
            &answer,
            StatusCode::BAD_REQUEST,
            json!({"code": "malformed-json", "detail": "key must be a string", "line": 2, "column": 3}),
        );
    }
}

#[tokio::test]
async fn wrong_types_are_a_400_with_the_pointer() {
    let answer = post("/api/v1/build", r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": "backup.create"}]}"#).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "invalid-spec", "detail": "invalid type: string \"backup.create\", expected a sequence",
               "pointer": "/principals/0/capabilities", "line": 1, "column": 91}),
    );
    let answer = post("/api/v1/lint", r#"{"policy": 42}"#).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "invalid-value", "detail": "invalid type: integer `42`, expected a string", "pointer": "/policy"}),
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let body = format!("[\"{}\"]", "x".repeat(2 * MIB));
    for path in [
        "/api/v1/build",
        "/api/v1/export",
        "/api/v1/lint",
        "/api/v1/evaluate",
    ] {
        let answer = post(path, body.clone()).await;
        check_problem(
            &answer,
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"code": "body-too-large", "detail": "the request body is larger than 1048576 bytes"}),
        );
    }
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_a_413() {
    // No Content-Length: the limit applies while the body is read.
    let chunks = (0..3).map(|_| Ok::<_, std::io::Error>(vec![b' '; MIB]));
    let body = Body::from_stream(futures_lite_stream(chunks));
    let answer = send(
        Request::post("/api/v1/build")
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
            .unwrap(),
    )
    .await;
    check_problem(
        &answer,
        StatusCode::PAYLOAD_TOO_LARGE,
        json!({"code": "body-too-large"}),
    );
}

/// A stream over an iterator, without a stream crate.
fn futures_lite_stream<I: Iterator + Unpin + Send + 'static>(
    items: I,
) -> impl futures_core::Stream<Item = I::Item> + Send {
    struct Iter<I>(I);
    impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<I::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items)
}

#[tokio::test]
async fn deep_nesting_is_a_400_not_a_stack_overflow() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let deep_object = "{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000);
    for path in [
        "/api/v1/build",
        "/api/v1/export",
        "/api/v1/lint",
        "/api/v1/evaluate",
    ] {
        for body in [&deep, &deep_object] {
            let answer = post(path, body.clone()).await;
            check_problem(
                &answer,
                StatusCode::BAD_REQUEST,
                json!({"code": "nesting-too-deep", "detail": "the JSON nests deeper than 128 levels", "line": 1}),
            );
        }
    }
}

#[tokio::test]
async fn invalid_utf8_is_a_400() {
    for path in [
        "/api/v1/build",
        "/api/v1/export",
        "/api/v1/lint",
        "/api/v1/evaluate",
    ] {
        let answer = post(path, &b"{\"version\": \"\xc3\x28\"}"[..]).await;
        check_problem(
            &answer,
            StatusCode::BAD_REQUEST,
            json!({"code": "invalid-utf8", "detail": "the input is not UTF-8 after byte 13", "line": 1, "column": 14}),
        );
    }
}

#[tokio::test]
async fn unknown_capability_is_a_400_pointing_at_it() {
    let spec = r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": ["backup.create", "restore.bakup"]}]}"#;
    for path in ["/api/v1/build", "/api/v1/export"] {
        let answer = post(path, spec).await;
        check_problem(
            &answer,
            StatusCode::BAD_REQUEST,
            json!({"code": "invalid-spec", "detail": "unknown capability `restore.bakup`, did you mean `restore.backup`?",
                   "pointer": "/principals/0/capabilities/1", "line": 1}),
        );
    }
}

#[tokio::test]
async fn invalid_account_id_is_a_400_pointing_at_it() {
    let spec =
        r#"{"version": 1, "scope": {"accounts": ["123456789012", "1234"]}, "principals": []}"#;
    for path in ["/api/v1/build", "/api/v1/export"] {
        let answer = post(path, spec).await;
        check_problem(
            &answer,
            StatusCode::BAD_REQUEST,
            json!({"code": "invalid-spec", "detail": "account id `1234` is not 12 digits", "pointer": "/scope/accounts/1"}),
        );
    }
}

#[tokio::test]
async fn a_spec_that_cannot_be_built_is_a_400_pointing_at_the_principal() {
    let spec = r#"{"version": 1, "principals": [{"kind": "role", "name": "R"}, {"kind": "role", "name": "R"}]}"#;
    let answer = post("/api/v1/build", spec).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "unbuildable-spec", "detail": "role `R` appears twice", "pointer": "/principals/1",
               "help": "give each principal of a kind its own name"}),
    );
}

#[tokio::test]
async fn an_scp_that_is_not_a_policy_is_a_400_pointing_at_it() {
    let spec = r#"{"version": 1, "scps": [{"name": "Root", "json": "[]"}], "principals": []}"#;
    let answer = post("/api/v1/build", spec).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let problem = answer.json();
    assert_eq!(problem["code"], "unbuildable-spec");
    assert_eq!(problem["pointer"], "/scps/0");
}

#[tokio::test]
async fn a_spec_without_version_is_a_400() {
    let answer = post("/api/v1/build", r#"{"principals": []}"#).await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "missing-version", "detail": "the spec has no `version`", "help": "add `\"version\": 1`"}),
    );
}

#[tokio::test]
async fn an_empty_body_is_a_400() {
    let answer = post("/api/v1/build", "").await;
    check_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        json!({"code": "empty-body", "detail": "the request body is empty"}),
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_by_content_type_is_a_415() {
    let answer = send(
        Request::post("/api/v1/build")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(SPEC))
            .unwrap(),
    )
    .await;
    check_problem(
        &answer,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        json!({"code": "unsupported-media-type", "detail": "content type `text/plain` is not JSON",
               "help": "send the body with `Content-Type: application/json`"}),
    );
    let answer = send(
        Request::post("/api/v1/lint")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    check_problem(
        &answer,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        json!({"detail": "no content type is not JSON"}),
    );
    // Parameters and `+json` types are JSON.
    let answer = send(
        Request::post("/api/v1/build")
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(Body::from(SPEC))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_api_routes_are_a_json_404() {
    for (method, path) in [
        (Method::GET, "/api/v1/nope"),
        (Method::POST, "/api/v2/build"),
        (Method::DELETE, "/api"),
        (Method::PUT, "/api/x"),
    ] {
        let answer = send(
            Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        check_problem(
            &answer,
            StatusCode::NOT_FOUND,
            json!({"code": "not-found", "detail": format!("no API route at `{path}`")}),
        );
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    for (method, path) in [
        (Method::POST, "/api/v1/health"),
        (Method::GET, "/api/v1/build"),
        (Method::DELETE, "/api/v1/export"),
    ] {
        let answer = send(
            Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        check_problem(
            &answer,
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"code": "method-not-allowed", "detail": format!("`{path}` does not accept this method")}),
        );
    }
}

#[tokio::test]
async fn no_cors_headers_without_an_allow_list() {
    let request = Request::get("/api/v1/health")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let answer = send(request).await;
    assert!(
        answer
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

#[tokio::test]
async fn cors_answers_listed_origins_only() {
    let state = state().with_cors_origins(vec!["https://tools.example".parse().unwrap()]);
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/export")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let response = app(state.clone())
        .oneshot(preflight("https://tools.example"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://tools.example"
    );
    let response = app(state)
        .oneshot(preflight("https://evil.example"))
        .await
        .unwrap();
    assert!(
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

// The OpenAPI document.

#[tokio::test]
async fn openapi_document_is_openapi_3_1() {
    let answer = get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    let document = oas3::from_json(&answer.body).unwrap();
    assert!(document.openapi.starts_with("3.1"), "{}", document.openapi);
    document.validate_version().unwrap();
    assert_eq!(document.info.title, "Backstop");
}

/// The document lists exactly the routes the router serves: every operation it names answers
/// (neither 404 nor 405), every other method on its paths is a 405, and its paths are the API.
#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let document = oas3::from_json(&get("/api/v1/openapi.json").await.body).unwrap();
    let operations: Vec<(String, String)> = document
        .operations()
        .map(|(path, method, _)| (method.as_str().to_owned(), path))
        .collect();
    let mut sorted = operations.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            ("GET", "/api/v1/catalog"),
            ("GET", "/api/v1/health"),
            ("GET", "/api/v1/openapi.json"),
            ("POST", "/api/v1/build"),
            ("POST", "/api/v1/evaluate"),
            ("POST", "/api/v1/export"),
            ("POST", "/api/v1/lint"),
        ]
        .map(|(method, path)| (method.to_owned(), path.to_owned()))
    );
    for path in document.paths.as_ref().unwrap().keys() {
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            let documented = operations.contains(&(method.as_str().to_owned(), path.clone()));
            let request = Request::builder()
                .method(method.clone())
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let answer = send(request).await;
            if documented {
                assert!(
                    answer.status != StatusCode::NOT_FOUND
                        && answer.status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}: {}",
                    answer.status
                );
            } else {
                assert_eq!(
                    answer.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is served but not documented"
                );
            }
        }
    }
}

#[test]
fn openapi_document_describes_errors_as_problems() {
    let document = serde_json::to_value(super::document()).unwrap();
    let build = &document["paths"]["/api/v1/build"]["post"];
    for status in ["400", "413", "415"] {
        assert_eq!(
            build["responses"][status]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
    }
    assert_eq!(
        document["paths"]["/api/v1/export"]["post"]["parameters"][0]["name"],
        "format"
    );
}

#[test]
fn openapi_document_has_no_dangling_references() {
    let text = serde_json::to_string(super::document()).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(
            schemas.contains_key(name),
            "`{name}` is referred to but not defined"
        );
    }
    assert_eq!(
        schemas["Format"]["enum"],
        json!(["json", "terraform", "cloudformation"])
    );
}
