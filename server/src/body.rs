//! Request bodies: JSON only, within the size limit, UTF-8, and read with errors that say where
//! the body is at fault. Every refusal is a [`Problem`], never axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use crate::input::{self, InputError};
use crate::problem::Problem;
use crate::routes::AppState;

/// A JSON body read into `T`: malformed JSON is a 400 with line and column, a value of the wrong
/// type a 400 with its JSON pointer, another content type a 415, a body over the limit a 413.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// A JSON body as text, for inputs read in more than one way (a spec or policy documents) or whose
/// errors need the text for their place.
#[derive(Debug)]
pub struct JsonText(pub String);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Problem> {
        let JsonText(text) = JsonText::from_request(request, state).await?;
        Ok(Self(input::read_json(&text)?))
    }
}

impl FromRequest<AppState> for JsonText {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Problem> {
        require_json(request.headers())?;
        let limit = state.max_body();
        // A declared length over the limit is refused before anything is read.
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if declared.is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX)) {
            return Err(Problem::payload_too_large(limit));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    Problem::payload_too_large(limit)
                } else {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        "unreadable-body",
                        "the request body could not be read",
                    )
                }
            })?;
        let text = input::utf8(&bytes)?;
        if text.trim().is_empty() {
            return Err(InputError::new("empty-body", "the request body is empty")
                .with_help("send a JSON document")
                .into());
        }
        Ok(Self(text.to_owned()))
    }
}

#[expect(
    clippy::result_large_err,
    reason = "a problem is made once, on the error path, and answered at once"
)]
fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let is_json = essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"));
    if is_json {
        Ok(())
    } else {
        let shown = if content_type.is_empty() {
            "no content type".to_owned()
        } else {
            format!("content type `{content_type}`")
        };
        Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            format!("{shown} is not JSON"),
        )
        .with_help("send the body with `Content-Type: application/json`"))
    }
}
