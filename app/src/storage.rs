//! The page's ties to the browser: the spec saved in local storage, and the share link in the URL
//! fragment.

use policy::share::{self, ShareError};
use policy::spec::Spec;

/// The local storage key of the spec being edited.
const SPEC_KEY: &str = "backstop.spec";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The spec saved by an earlier visit, if any and still readable.
pub fn load_saved() -> Option<Spec> {
    let text = local_storage()?.get_item(SPEC_KEY).ok().flatten()?;
    Spec::from_json(&text).ok()
}

/// Saves the spec; a full or disabled storage only means the next visit starts fresh.
pub fn save(spec: &Spec) {
    if let Some(storage) = local_storage() {
        let _ignored = storage.set_item(SPEC_KEY, &spec.to_json().to_string());
    }
}

/// The URL fragment without its `#`, if there is one.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash).to_owned();
    (!fragment.is_empty()).then_some(fragment)
}

/// Reads a spec from the URL fragment: `None` without one.
pub fn spec_from_fragment() -> Option<Result<Spec, ShareError>> {
    fragment().map(|fragment| share::decode(&fragment))
}

/// Removes the fragment from the address bar without reloading, so later edits are not
/// mistaken for the shared state.
pub fn clear_fragment() {
    if let Some(window) = web_sys::window()
        && let Ok(history) = window.history()
        && let Ok(path) = window.location().pathname()
    {
        let _ignored =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// The full link that opens this spec.
pub fn share_link(spec: &Spec) -> String {
    let origin = web_sys::window()
        .and_then(|window| {
            let location = window.location();
            Some(format!(
                "{}{}",
                location.origin().ok()?,
                location.pathname().ok()?
            ))
        })
        .unwrap_or_default();
    format!("{origin}#{}", share::encode(spec))
}

/// Puts text on the clipboard; the promise is left to settle on its own.
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _promise = window.navigator().clipboard().write_text(text);
    }
}
