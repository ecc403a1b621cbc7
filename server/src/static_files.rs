//! The built page: `dist/` served with the cache lifetimes its file names allow.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Trunk names assets `name-<hash>.ext`, the hash a 64-bit number in hex without leading zeros; such a file never changes, so browsers may keep it
/// for a year. Everything else, `index.html` above all, must be revalidated so a deploy shows at once.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn trunk_hashed_names_are_immutable_and_the_page_is_not() {
        assert!(is_hashed_asset("/app-3f2a9c0d1b2e4f56_bg.wasm"));
        assert!(is_hashed_asset("/app-3f2a9c0d1b2e4f56.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(is_hashed_asset("/app-a7db07e830d2bc1_bg.wasm"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/screenshot.png"));
        assert!(!is_hashed_asset("/app-notahash.js"));
    }
}
