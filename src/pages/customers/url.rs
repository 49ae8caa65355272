//! The list's search, filters and sort in the address, so a reload or a shared link keeps
//! them.

use clientele_domain::list::ResellerFilter;
use clientele_domain::sort::Sort;
use clientele_domain::tags::TagFilter;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::browser::app_href;

/// Writes the search, filters and sort into the URL, so a reload or a shared link keeps
/// them. Debounced: browsers throttle history updates (Safari refuses more than 100 in 30 s).
pub(super) fn sync_url(
    query: RwSignal<String>,
    filter: RwSignal<ResellerFilter>,
    tags: RwSignal<TagFilter>,
    sort: RwSignal<Option<Sort>>,
) {
    let navigate = use_navigate();
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    // The URL waiting for the timer, so a click that leaves the page can write it first.
    let pending_url = StoredValue::new_local(None::<String>);
    Effect::new(move |first: Option<()>| {
        let view = ListView {
            query: query.get(),
            filter: filter.get(),
            tags: tags.get(),
            sort: sort.get(),
        };
        if first.is_none() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending_url.set_value(Some(view.url()));
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

/// What the address says of the list.
pub(super) struct ListView {
    pub query: String,
    pub filter: ResellerFilter,
    pub tags: TagFilter,
    pub sort: Option<Sort>,
}

impl ListView {
    /// The list as its parts are now.
    pub fn of(list: &super::list::List) -> Self {
        Self {
            query: list.query.get_untracked(),
            filter: list.filter.get_untracked(),
            tags: list.tags.get_untracked(),
            sort: list.sort.get_untracked(),
        }
    }

    /// The view URL parameters `params` ("q=…&tag=…") name; what they leave out is the
    /// default.
    pub fn from_params(params: &str) -> Self {
        let get = |key| {
            clientele_domain::views::param(params, key).map(|v| {
                js_sys::decode_uri_component(v)
                    .map(String::from)
                    .unwrap_or_else(|_| v.to_string())
            })
        };
        Self {
            query: get("q").unwrap_or_default(),
            filter: ResellerFilter::from_param(get("reseller").as_deref()),
            tags: TagFilter::from_param(get("tag").as_deref()),
            sort: Sort::from_param(get("sort").as_deref()),
        }
    }

    /// Shows this view in the list.
    pub fn show(self, list: &super::list::List) {
        list.query.set(self.query);
        list.filter.set(self.filter);
        list.tags.set(self.tags);
        list.sort.set(self.sort);
        list.scroll_to_top();
    }

    /// "q=…&reseller=…&tag=…&sort=…"; the parameters left at their default are left out.
    pub fn params(&self) -> String {
        [
            ("q", (!self.query.is_empty()).then(|| self.query.clone())),
            ("reseller", self.filter.to_param()),
            ("tag", self.tags.to_param()),
            ("sort", self.sort.map(Sort::to_param)),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| format!("{name}={}", encode(&v))))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// "/customers?…" for [`params`](Self::params).
    pub fn url(&self) -> String {
        match self.params() {
            p if p.is_empty() => "/customers".to_string(),
            p => format!("/customers?{p}"),
        }
    }
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
