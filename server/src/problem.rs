//! API errors as `application/problem+json` (RFC 9457): a stable code, a message, and where the
//! input was at fault.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::input::InputError;

pub const CONTENT_TYPE: &str = "application/problem+json";

/// One problem document. Client mistakes are shown, not logged; server faults are logged, not shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; its last segment is `code`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status text, such as `Bad Request`.
    pub title: String,
    pub status: u16,
    /// Stable kebab-case identifier such as `malformed-json`; clients match on it.
    #[schema(value_type = String, example = "malformed-json")]
    pub code: &'static str,
    /// What is wrong, in one lowercase clause.
    pub detail: String,
    /// How to fix it, when there is something specific to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// 1-based line in the request body where the fault is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) in the request body where the fault is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// JSON pointer (RFC 6901) to the value at fault, such as `/scope/accounts/0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("https://backstop.invalid/problems/{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            code,
            detail: detail.into(),
            help: None,
            line: None,
            column: None,
            pointer: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("no API route at `{path}`"),
        )
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            format!("the request body is larger than {limit} bytes"),
        )
        .with_help("send a smaller body, or start the server with a larger `--max-body`")
    }

    /// A client mistake in the body: 400 with the code, message and place the input reader found.
    pub fn bad_input(error: InputError) -> Self {
        Self {
            help: error.help,
            line: error.line,
            column: error.column,
            pointer: error.pointer,
            ..Self::new(StatusCode::BAD_REQUEST, error.code, error.message)
        }
    }
}

impl From<InputError> for Problem {
    fn from(error: InputError) -> Self {
        Self::bad_input(error)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response()
    }
}

/// Turns the plain-text errors of layers (the timeout's 408, a 413 or 415 from outside our
/// extractors) into problem documents, so that every error a client sees has the same shape. The
/// page's own responses are left alone.
pub async fn problems_only(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api");
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response.headers().get(header::CONTENT_TYPE)
        == Some(&HeaderValue::from_static(CONTENT_TYPE));
    if is_problem || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if !api
        && !matches!(
            status,
            StatusCode::REQUEST_TIMEOUT | StatusCode::PAYLOAD_TOO_LARGE
        )
    {
        return response;
    }
    let code = match status {
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "body-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        _ if status.is_server_error() => "internal",
        _ => "bad-request",
    };
    let detail = match status {
        StatusCode::REQUEST_TIMEOUT => "the request took too long".to_owned(),
        _ => format!(
            "`{path}` could not be answered: {}",
            status.canonical_reason().unwrap_or("error").to_lowercase()
        ),
    };
    let mut problem = Problem::new(status, code, detail).into_response();
    // Keep headers such as `Allow` that the layer set.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    problem
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::Router;
    use axum::body::Body;
    use axum::http::Request;
    use axum::middleware;
    use axum::routing::get;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    use tower_http::timeout::TimeoutLayer;

    use super::*;

    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(60)).await;
        "late"
    }

    /// The order of `routes::app`: the timeout inside `problems_only`.
    async fn send(path: &str) -> (StatusCode, String, String) {
        let app = Router::new()
            .route("/api/v1/slow", get(slow))
            .route("/slow", get(slow))
            .route(
                "/missing",
                get(|| async { (StatusCode::NOT_FOUND, "not here") }),
            )
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_millis(10),
            ))
            .layer(middleware::from_fn(problems_only));
        let response = app
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            content_type,
            String::from_utf8(body.to_vec()).unwrap(),
        )
    }

    #[tokio::test(start_paused = true)]
    async fn a_timeout_is_a_problem_on_the_api_and_the_page() {
        for path in ["/api/v1/slow", "/slow"] {
            let (status, content_type, body) = send(path).await;
            assert_eq!(
                (status, content_type.as_str()),
                (StatusCode::REQUEST_TIMEOUT, CONTENT_TYPE)
            );
            let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(problem["code"], "timeout");
            assert_eq!(problem["detail"], "the request took too long");
        }
    }

    #[tokio::test]
    async fn the_page_keeps_its_own_errors() {
        assert_eq!(
            send("/missing").await,
            (
                StatusCode::NOT_FOUND,
                "text/plain; charset=utf-8".to_owned(),
                "not here".to_owned()
            )
        );
    }
}
