//! The UI's language: chosen with the "Language" select in the header, remembered in
//! localStorage, and by default the browser's. The texts are the domain's catalogue
//! ([`clientele_domain::i18n`]); this module only knows which language is current.
//!
//! Lookups are plain function calls, not reactive: switching the language renders the
//! whole app again (see `App`), so a page never shows two languages at once.

use std::cell::Cell;

use clientele_domain::countries::country;
use clientele_domain::i18n::{self, Arg, Language, Message};
use clientele_domain::validate::FieldError;
use leptos::prelude::*;

use crate::local;

const KEY: &str = crate::keys::LANGUAGE;

thread_local! {
    static CURRENT: Cell<Language> = Cell::new(initial());
}

/// The remembered language, else the browser's first one we have.
fn initial() -> Language {
    if let Some(lang) = local::get(KEY).and_then(|c| Language::from_code(&c)) {
        return lang;
    }
    let languages: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    Language::from_browser(languages.iter().map(String::as_str))
}

/// Shows the UI in `lang` for this visit without remembering it (a language that could
/// not be fetched falls back to English this way).
pub fn use_for_now(lang: Language) {
    CURRENT.with(|c| c.set(lang));
    mark_document(lang);
}

/// Makes `lang`'s texts available: English and a language fetched before are at hand;
/// another is fetched from the file the build wrote for it, named (with its hash, so a new
/// build's texts are never an old cache's) in the page's `clientele-locales` meta. The
/// service worker precaches these files, so this works offline after one visit.
pub async fn load(lang: Language) -> Result<(), String> {
    if i18n::is_available(lang) {
        return Ok(());
    }
    let path =
        locale_file(lang).ok_or_else(|| format!("this build has no file for {}", lang.code()))?;
    let response = gloo_net::http::Request::get(&path)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {} for {path}", response.status()));
    }
    let text = response.text().await.map_err(|e| e.to_string())?;
    i18n::install(lang, text)
}

/// The English texts of the first download, which the page carries rather than the main
/// module (scripts/postbuild.mjs writes them into a `<script type="text/plain"
/// id="clientele-english">`): a phone's first visit gets them in the page's own round trips,
/// before the main module arrives (issue 17). Installed before anything is shown.
#[cfg(feature = "english-in-page")]
pub fn install_page_english() {
    let text = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("clientele-english"))
        .and_then(|e| e.text_content());
    let installed = match text {
        Some(text) => i18n::install(Language::English, text),
        None => Err("the page has no clientele-english texts".to_string()),
    };
    if let Err(why) = installed {
        // The texts' keys show instead, which the e2e specs would not find.
        web_sys::console::error_2(&"Clientele: no English texts:".into(), &why.into());
    }
}

/// Every language's texts, for a page that writes in any of them whatever the UI's (the
/// invitation email); the error is worded for the user.
pub async fn load_all() -> Result<(), String> {
    for lang in Language::ALL {
        if let Err(why) = load(lang).await {
            return Err(tf(
                "app.lang.not_loaded",
                &[("lang", lang.label()), ("why", &why)],
            ));
        }
    }
    Ok(())
}

/// `<meta name="clientele-locales" content="fr=locales/fr-….txt zh-TW=…">`, written by
/// scripts/postbuild.mjs; the path is relative to the page's `<base href>`.
fn locale_file(lang: Language) -> Option<String> {
    let meta = web_sys::window()?
        .document()?
        .query_selector(r#"meta[name="clientele-locales"]"#)
        .ok()??;
    let content = meta.get_attribute("content")?;
    content.split_whitespace().find_map(|entry| {
        let (code, path) = entry.split_once('=')?;
        (code == lang.code()).then(|| path.to_string())
    })
}

/// The language the UI is in now.
pub fn lang() -> Language {
    CURRENT.with(Cell::get)
}

/// Makes `next` the UI's language and remembers it; says why it could not be remembered.
pub fn set_lang(next: Language) -> Result<(), local::LocalError> {
    CURRENT.with(|c| c.set(next));
    mark_document(next);
    local::set(KEY, next.code())
}

/// `<html lang>`, so screen readers pronounce the page in its language.
pub fn mark_document(lang: Language) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The text of `key` in the current language.
pub fn t(key: &str) -> &'static str {
    i18n::tr(lang(), key)
}

/// [`t`] with `{name}` arguments filled in.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    i18n::trf(lang(), key, args)
}

/// A count: `key.one` / `key.other` with `{n}` written per locale.
pub fn tn(key: &str, n: u64, args: &[(&str, &str)]) -> String {
    i18n::tr_count(lang(), key, n, args)
}

/// A domain [`i18n::Message`] in the current language, a country named as the browser
/// names it (its arguments are typed: the domain formats counts and terms itself).
pub fn msg(m: &Message) -> String {
    m.text_with(lang(), |arg| match arg {
        Arg::Country(code) => Some(country_name(code)),
        _ => None,
    })
}

/// A field's error or warning in the UI's language: its rule's message, else its text.
pub fn field_text(e: &FieldError) -> String {
    match &e.text {
        Some(m) => msg(m),
        None => e.message.clone(),
    }
}

/// The error or warning for `field` in `list`, in the UI's language: the one way every
/// form words what is wrong beside a field.
pub fn field_text_for(list: &[FieldError], field: &str) -> Option<String> {
    list.iter().find(|e| e.field == field).map(field_text)
}

/// A country's name in the UI's language: the browser's own names (`Intl.DisplayNames`)
/// in French and Chinese; in English, and when the browser has none, the domain's.
pub fn country_name(code: &str) -> String {
    let english = || country(code).map_or(code.to_string(), |c| c.name.to_string());
    if lang() == Language::English || code.is_empty() {
        return english();
    }
    region_names()
        .and_then(|names| names.of(code))
        .map(String::from)
        .filter(|name| name != code)
        .unwrap_or_else(english)
}

fn region_names() -> Option<js_sys::Intl::DisplayNames> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let has_display_names =
        js_sys::Reflect::get(&intl, &"DisplayNames".into()).is_ok_and(|v| v.is_function());
    if !has_display_names {
        return None;
    }
    let options = js_sys::Intl::DisplayNamesOptions::new();
    options.set_type(js_sys::Intl::DisplayNamesType::Region);
    let locales = js_sys::Array::of1(&lang().code().into());
    Some(js_sys::Intl::DisplayNames::new(&locales, &options))
}

/// A whole number as the current language writes it.
pub fn num(n: impl Into<i64>) -> String {
    i18n::format_number(lang(), n.into())
}

/// A moment (Unix ms) in the user's time zone, as the current language writes it.
pub fn date_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    i18n::format_date_time(
        lang(),
        d.get_full_year() as i32,
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    )
}

/// An RFC 3339 time (as stored) in the user's time zone, or the text as it is.
pub fn date_time_from_iso(iso: &str) -> String {
    let ms = js_sys::Date::parse(iso);
    if ms.is_nan() {
        iso.to_string()
    } else {
        date_time(ms as i64)
    }
}

/// A "YYYY-MM-DD" date as the current language writes it.
pub fn date(iso: &str) -> String {
    i18n::format_iso_date(lang(), iso)
}

/// Bumped when the language changes; `App` renders everything again when it does.
#[derive(Clone, Copy)]
pub struct LangSignal(pub RwSignal<Language>);

/// A store's errors in the UI's language: the store says what happened, this says it.
impl std::fmt::Display for crate::store::StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::store::StoreError::*;
        match self {
            QuotaExceeded => f.write_str(t("errors.quota")),
            Unavailable(why) => f.write_str(&tf("errors.unavailable", &[("why", why)])),
            ReadOnly(why) => f.write_str(&tf("errors.read_only", &[("why", &why.to_string())])),
            Rejected(why) => f.write_str(&msg(&why.message())),
            Offline(url) => f.write_str(&tf("errors.offline", &[("url", url)])),
            Unauthorized(why) => f.write_str(&tf("errors.unauthorized", &[("why", why)])),
            Forbidden(why) => f.write_str(&tf("errors.forbidden", &[("why", why)])),
            Conflict(_) => f.write_str(t("errors.conflict")),
            NotFound(why) => f.write_str(why),
            NoCustomer(id) => f.write_str(&tf("errors.no_customer", &[("id", id)])),
            UnreadableAnswer { status, why } => f.write_str(&tf(
                "errors.server",
                &[
                    ("status", &status.to_string()),
                    ("why", &tf("errors.unreadable_answer", &[("why", why)])),
                ],
            )),
            Outdated => f.write_str(t("errors.storage.outdated")),
            Invalid { message, .. } => f.write_str(message),
            Server { status, message } => f.write_str(&tf(
                "errors.server",
                &[("status", &status.to_string()), ("why", message)],
            )),
            Cancelled => f.write_str(t("errors.cancelled")),
            CodeMissing => f.write_str(t("errors.code_missing")),
            WriteCodeMissing => f.write_str(t("errors.write_code_missing")),
            ListCodeMissing => f.write_str(t("errors.list_code_missing")),
        }
    }
}

/// What the store found when it opened, in the UI's language.
impl std::fmt::Display for crate::store::StoreWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::store::{StoreWarning::*, Stored};
        let what = |w: &Stored| match w {
            Stored::Book => t("errors.what.book"),
            Stored::Settings => t("errors.what.settings"),
        };
        f.write_str(&match self {
            Unavailable { why } => tf("errors.storage.unavailable", &[("why", why)]),
            Newer { what: w, why } => {
                tf("errors.storage.newer", &[("what", what(w)), ("why", why)])
            }
            KeptAside {
                what: w,
                why,
                aside,
            } => tf(
                "errors.storage.kept_aside",
                &[("what", what(w)), ("why", why), ("aside", aside)],
            ),
            NoRoom { what: w, why } => {
                tf("errors.storage.no_room", &[("what", what(w)), ("why", why)])
            }
            NotMigrated { why } => tf("errors.storage.not_migrated", &[("why", why)]),
        })
    }
}
