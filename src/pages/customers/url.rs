//! The list's search and filter in the address, so a reload or a shared link keeps them.

use clientele_domain::list::ResellerFilter;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::browser::app_href;

/// Writes the search and filter into the URL, so a reload or a shared link keeps them.
/// Debounced: browsers throttle history updates (Safari refuses more than 100 in 30 s).
pub(super) fn sync_url(query: RwSignal<String>, filter: RwSignal<ResellerFilter>) {
    let navigate = use_navigate();
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    // The URL waiting for the timer, so a click that leaves the page can write it first.
    let pending_url = StoredValue::new_local(None::<String>);
    Effect::new(move |first: Option<()>| {
        let q = query.get();
        let f = filter.get();
        if first.is_none() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending_url.set_value(Some(list_url(&q, &f)));
        let navigate = navigate.clone();
        let handle = set_timeout_with_handle(
            move || {
                if let Some(url) = pending_url.try_update_value(Option::take).flatten() {
                    navigate(
                        &url,
                        NavigateOptions {
                            replace: true,
                            scroll: false,
                            ..Default::default()
                        },
                    );
                }
            },
            Duration::from_millis(300),
        )
        .ok();
        pending.set_value(handle);
    });
    // A click on a link within the debounce would leave a history entry without the search,
    // so Back would lose it. Clicks are seen here first (capture phase, before the router's
    // handler) and the pending URL is written to the current entry at once.
    let flush = Closure::<dyn Fn()>::new(move || {
        if let Some(url) = pending_url.try_update_value(Option::take).flatten() {
            if let Some(h) = pending.try_get_value().flatten() {
                h.clear();
            }
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
                let _ = history.replace_state_with_url(&state, "", Some(&app_href(&url)));
            }
        }
    });
    let window = web_sys::window().expect("a window");
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        flush.as_ref().unchecked_ref(),
        true,
    );
    let flush = StoredValue::new_local(Some(flush));
    // Leaving the page cancels a pending update, which would otherwise navigate back here.
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
        if let Some(f) = flush.try_update_value(Option::take).flatten() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                f.as_ref().unchecked_ref(),
                true,
            );
        }
    });
}

/// "/customers?q=…&reseller=…" for a search and filter.
fn list_url(q: &str, f: &ResellerFilter) -> String {
    let mut params = Vec::new();
    if !q.is_empty() {
        params.push(format!("q={}", encode(q)));
    }
    if let Some(r) = f.to_param() {
        params.push(format!("reseller={}", encode(&r)));
    }
    if params.is_empty() {
        "/customers".to_string()
    } else {
        format!("/customers?{}", params.join("&"))
    }
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
