//! Downloads through the server's export API: the spec goes to `POST /api/v1/export`, the answer
//! is saved as a file under the name the server gives it.

use policy::spec::Spec;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The export formats the server offers, with the button labels the page shows.
pub const FORMATS: [(&str, &str); 3] = [
    ("json", "Download JSON"),
    ("terraform", "Terraform"),
    ("cloudformation", "CloudFormation"),
];

/// Why a download failed, in words for the page.
fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|error| String::from(error.message()))
        })
        .unwrap_or_else(|| "the server could not be reached".to_owned())
}

/// Asks the server for the spec's policies in `format` and saves the file.
pub async fn download(spec: &Spec, format: &str) -> Result<String, String> {
    fetch_and_save(spec, format)
        .await
        .map_err(|error| describe(&error))
}

async fn fetch_and_save(spec: &Spec, format: &str) -> Result<String, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&spec.to_json().to_string()));
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    init.set_headers(&headers);
    let request =
        web_sys::Request::new_with_str_and_init(&format!("/api/v1/export?format={format}"), &init)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    if !response.ok() {
        let text = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        let detail = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|problem| problem.get("detail")?.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("the server answered {}", response.status()));
        return Err(JsValue::from_str(&detail));
    }
    let file_name = response
        .headers()
        .get("Content-Disposition")?
        .and_then(|disposition| {
            let name = disposition.split("filename=").nth(1)?;
            Some(name.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| format!("backstop.{format}"));
    let blob: web_sys::Blob = JsFuture::from(response.blob()?).await?.dyn_into()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(&file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(file_name)
}
