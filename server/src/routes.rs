//! The router: the JSON API under `/api/v1`, the page everywhere else, and the layers every
//! response passes through.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::any;
use axum::{Router, middleware};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::problem::{self, Problem};
use crate::{api, static_files};

/// Limits that protect the server from oversized or slow requests.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_body: usize,
    pub request_timeout: Duration,
    pub concurrency: usize,
}

/// What every handler may read. Nothing in it changes after start-up, so any number of instances
/// behind a load balancer answer alike.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Config>,
}

#[derive(Debug, Clone)]
struct Config {
    dist: PathBuf,
    limits: Limits,
    cors_origins: Vec<HeaderValue>,
}

impl AppState {
    pub fn new(dist: PathBuf, limits: Limits) -> Self {
        Self {
            inner: Arc::new(Config {
                dist,
                limits,
                cors_origins: Vec::new(),
            }),
        }
    }

    /// Lets pages from `origins` call the API from their browsers; without any, browsers allow the
    /// page's own origin only.
    #[must_use]
    pub fn with_cors_origins(self, origins: Vec<HeaderValue>) -> Self {
        let mut config = Config::clone(&self.inner);
        config.cors_origins = origins;
        Self {
            inner: Arc::new(config),
        }
    }

    pub fn max_body(&self) -> usize {
        self.inner.limits.max_body
    }
}

/// The page may run its own script and WebAssembly and nothing else; it is never framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub fn app(state: AppState) -> Router {
    let limits = state.inner.limits.clone();
    let dist = state.inner.dist.clone();
    let cors = cors(&state.inner.cors_origins);
    let page = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));

    let (api, _) = api::router().split_for_parts();
    let api = api
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limits.max_body))
        .with_state(state);
    // Layered before the page is added, so that CORS covers the API only.
    let api = match cors {
        Some(cors) => api.layer(cors),
        None => api,
    };

    api.fallback_service(
        ServiceBuilder::new()
            .layer(middleware::from_fn(static_files::cache_control))
            .service(page),
    )
    .layer(
        ServiceBuilder::new()
            // Method, path and status at info; bodies, which hold policies, are never logged.
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CONTENT_SECURITY_POLICY),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ))
            .layer(CompressionLayer::new())
            .layer(middleware::from_fn(problem::problems_only))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                limits.request_timeout,
            ))
            .layer(tower::limit::ConcurrencyLimitLayer::new(limits.concurrency)),
    )
}

/// CORS for the configured origins only.
fn cors(origins: &[HeaderValue]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            .expose_headers([header::CONTENT_DISPOSITION])
            .max_age(Duration::from_secs(600)),
    )
}

async fn api_not_found(uri: Uri) -> Problem {
    Problem::not_found(uri.path())
}

async fn method_not_allowed(uri: Uri) -> impl IntoResponse {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        format!("`{}` does not accept this method", uri.path()),
    )
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;

    use super::*;

    fn test_app() -> Router {
        let dist = std::env::temp_dir().join("backstop-test-dist-absent");
        app(AppState::new(
            dist,
            Limits {
                max_body: 1024,
                request_timeout: Duration::from_secs(5),
                concurrency: 8,
            },
        ))
    }

    async fn send(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let response = test_app().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn health_answers_ok_as_json() {
        let (status, headers, body) =
            send(Request::get("/api/v1/health").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["status"], "ok");
    }

    #[tokio::test]
    async fn unknown_api_route_is_a_json_404() {
        let (status, headers, body) =
            send(Request::get("/api/v1/nope").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["code"], "not-found");
        assert_eq!(json["detail"], "no API route at `/api/v1/nope`");
    }

    #[tokio::test]
    async fn wrong_method_is_a_json_405() {
        let (status, headers, _) =
            send(Request::post("/api/v1/health").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    }

    #[tokio::test]
    async fn every_response_carries_the_security_headers() {
        let (_, headers, _) =
            send(Request::get("/api/v1/health").body(Body::empty()).unwrap()).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("base-uri 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
    }
}
