//! Small bridges to browser APIs that the pages share: the clock, downloads, the clipboard.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::store::local_storage;

/// The page's query string, e.g. "?q=contoso".
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// A value kept in this browser's localStorage (drafts), if any.
pub fn local_get(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

pub fn local_set(key: &str, value: &str) -> Result<(), String> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_| "browser storage is full or unavailable".to_string())
}

pub fn local_remove(key: &str) -> Result<(), String> {
    local_storage()?
        .remove_item(key)
        .map_err(|_| "browser storage is unavailable".to_string())
}

/// Today's date in the user's time zone, "YYYY-MM-DD".
pub fn local_date() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Offers `bytes` as a file download named `file_name`.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// Copies `text` to the clipboard: the async Clipboard API where the page may use it, else
/// the older `execCommand("copy")` on a hidden text area (insecure contexts, old browsers).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if window.is_secure_context() {
        let promise = window.navigator().clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    copy_with_exec_command(&window, text).unwrap_or(false)
}

fn copy_with_exec_command(window: &web_sys::Window, text: &str) -> Result<bool, JsValue> {
    let document = window.document().ok_or("no document")?;
    let area: web_sys::HtmlTextAreaElement = document.create_element("textarea")?.unchecked_into();
    area.set_value(text);
    area.set_attribute("readonly", "")?;
    area.set_attribute("style", "position:fixed;opacity:0")?;
    document.body().ok_or("no body")?.append_child(&area)?;
    area.select();
    let html: web_sys::HtmlDocument = document.unchecked_into();
    let copied = html.exec_command("copy")?;
    area.remove();
    Ok(copied)
}
