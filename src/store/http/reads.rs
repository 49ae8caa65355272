//! Reads belong to the page that asked for them: aborted when it is left (the Navigation
//! API, or the router's path where that is missing).

use super::*;

impl HttpStore {
    /// Cancels the reads of a page as soon as the address changes, through the browser's
    /// Navigation API (`currententrychange` fires for every same-document navigation,
    /// pushState and replaceState included). Called once, when the store is opened.
    pub fn watch_navigation(&self) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(navigation) = js_sys::Reflect::get(&window, &"navigation".into()) else {
            return;
        };
        let Some(target) = navigation.dyn_ref::<web_sys::EventTarget>() else {
            return;
        };
        let store = self.clone();
        let on_change = Closure::<dyn Fn()>::new(move || store.left_page());
        if target
            .add_event_listener_with_callback(
                "currententrychange",
                on_change.as_ref().unchecked_ref(),
            )
            .is_ok()
        {
            // The store lives as long as the page.
            on_change.forget();
        }
    }

    /// The address has changed: if to another page, the reads the page left had started are
    /// aborted. A read begun in the last moments before is kept: the new page starts its
    /// reads as it renders, which can come just before the address changes.
    pub fn left_page(&self) {
        let path = location_path();
        if *self.shown_path.borrow() == path {
            // Only the query changed (a filter, a search): the same page, still waiting.
            return;
        }
        *self.shown_path.borrow_mut() = path;
        let before = js_sys::Date::now() - NEW_PAGE_GRACE_MS;
        self.reads.borrow_mut().retain(|read| {
            if read.started_ms < before {
                read.controller.abort();
                false
            } else {
                true
            }
        });
    }

    /// A new read: its abort signal, and its number to forget it by once answered.
    pub(super) fn start_read(&self) -> Option<(u64, web_sys::AbortSignal)> {
        let controller = web_sys::AbortController::new().ok()?;
        let signal = controller.signal();
        let id = self.next_read.get() + 1;
        self.next_read.set(id);
        self.reads.borrow_mut().push(Read {
            id,
            started_ms: js_sys::Date::now(),
            controller,
        });
        Some((id, signal))
    }

    pub(super) fn end_read(&self, id: u64) {
        self.reads.borrow_mut().retain(|r| r.id != id);
    }
}

/// The path in the address bar now.
pub fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}
