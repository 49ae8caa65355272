//! Small bridges to browser APIs that the pages share: the clock, downloads, the clipboard,
//! focus, and localStorage with its failures worded for people.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::t;
use crate::local::{self, LocalError};

/// Where the app is served from, without a trailing slash: "" at a host's root,
/// "/tools/clientele" under a sub-path. Read once from the document's base URL, which the
/// boot script in index.html sets from the page's address (docs/HOSTING.md), so one build
/// works under any path. The router prefixes it to every route and `navigate` call.
pub fn app_base() -> String {
    thread_local! {
        static BASE: String = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|url| url.pathname().trim_end_matches('/').to_string())
            .unwrap_or_default();
    }
    BASE.with(Clone::clone)
}

/// An app path such as "/customers/new" as an href for a plain `<a>` (which the router does
/// not resolve): prefixed with the base path. `<A>` and `navigate` prefix it themselves.
pub fn app_href(path: &str) -> String {
    format!("{}{path}", app_base())
}

/// The page's query string, e.g. "?q=contoso".
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// A value kept in this browser's localStorage (drafts), if any.
pub fn local_get(key: &str) -> Option<String> {
    local::get(key)
}

/// Keeps `value` under `key`; says, in the UI's language, why it could not.
pub fn local_set(key: &str, value: &str) -> Result<(), String> {
    local::set(key, value).map_err(local_error_text)
}

pub fn local_remove(key: &str) -> Result<(), String> {
    local::remove(key).map_err(local_error_text)
}

/// Why a value could not be kept, in the UI's language.
pub fn local_error_text(e: LocalError) -> String {
    match e {
        LocalError::Full => t("app.storage.full"),
        LocalError::Unavailable => t("app.storage.unavailable"),
    }
    .to_string()
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

/// A moment in the user's time zone, "YYYY-MM-DD HH:MM" (sortable, and read as a date by
/// spreadsheets).
pub fn local_date_time(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Local midnight at the start of "YYYY-MM-DD", `days` later, in Unix ms. The browser does
/// the calendar and daylight-saving arithmetic.
pub fn local_day_start_ms(date: &str, days: i32) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let start = js_sys::Date::new_with_year_month_day(y as u32, m - 1, d + days);
    let ms = start.get_time();
    (!ms.is_nan()).then_some(ms as i64)
}

/// The local date `days` before today, "YYYY-MM-DD".
pub fn local_date_days_ago(days: u32) -> String {
    let now = js_sys::Date::new_0();
    let d = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 - days as i32,
    );
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
    // Through the CSSOM, which the Content-Security-Policy allows (a style attribute is not).
    let style = area.style();
    style.set_property("position", "fixed")?;
    style.set_property("opacity", "0")?;
    document.body().ok_or("no body")?.append_child(&area)?;
    area.select();
    let html: web_sys::HtmlDocument = document.unchecked_into();
    let copied = html.exec_command("copy")?;
    area.remove();
    Ok(copied)
}

/// Focuses the element with this id, if there is one.
pub fn focus_by_id(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// A User Timing mark (`performance.mark`), for benchmarks to read where time goes
/// (`bench/idb.mjs`): costs a few microseconds, so it stays in release builds.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Bytes of wasm linear memory in use by the app, for the memory benchmark.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Focuses an element that the current update is about to render.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    leptos::prelude::request_animation_frame(move || focus_by_id(&id));
}

/// Runs `f` once the current update has painted: a zero timeout set from the next animation
/// frame runs after that frame.
pub fn after_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO)
    });
}

/// Waits for the browser's next task (a zero timeout), so long work done in chunks lets the
/// page paint and answer input between them.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// 128 bits from the browser's cryptographic generator, for new IDs.
pub fn random_bits() -> u128 {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    u128::from_le_bytes(bytes)
}

/// The first file of a file input's change event, or of a drop.
pub fn first_file(files: Option<web_sys::FileList>) -> Option<web_sys::File> {
    files.and_then(|list| list.get(0))
}

pub fn input_files(ev: &leptos::ev::Event) -> Option<web_sys::FileList> {
    ev.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        .and_then(|input| input.files())
}
