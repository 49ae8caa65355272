//! Offline support: registers the service worker (sw.js, generated at build time by
//! scripts/postbuild.mjs) and links the web app manifest; when a new build's worker is
//! installed and waiting, shows an "Update available" banner whose Reload button activates
//! it and reloads the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;

use crate::i18n::t;
use crate::lazy_pages::{chunk_entry, LazyPart};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

thread_local! {
    /// The new build's worker, waiting for the user to reload.
    static WAITING: RefCell<Option<ServiceWorker>> = const { RefCell::new(None) };
    /// Set when the user chose Reload: the page reloads once the new worker takes control.
    static RELOADING: Cell<bool> = const { Cell::new(false) };
}

#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let available = RwSignal::new(false);
    // Once the first page is in (the customers read, and whatever chunk it shows with them
    // fetched), so the precache finds the app's files in the HTTP cache, none in flight.
    let state = crate::state::use_app_state();
    let registered = Cell::new(false);
    Effect::new(move || {
        if state.customers.with(Option::is_some) && !registered.replace(true) {
            crate::browser::after_paint(move || {
                crate::lazy_pages::when_chunks_in(move || register(available))
            });
        }
    });
    // A live region that is always in the DOM, so the banner is announced when it appears.
    // The banner is a chunk (issue 17): only a new deployment shows it. The registration
    // stays in the main module: as a chunk it would bring shared code a first visit has no
    // other use for.
    view! {
        <div class="update-prompt" role="status">
            <Show when=move || available.get()>
                <LazyPart part=Rc::new(|| Box::pin(update_banner())) />
            </Show>
        </div>
    }
}

chunk_entry!(
    update_banner,
    fn update_banner() -> AnyView {
        view! { <UpdateBanner /> }.into_any()
    }
);

/// "Update available", and Reload, which activates the waiting worker and reloads.
#[component]
fn UpdateBanner() -> impl IntoView {
    let reload = move |_| {
        RELOADING.with(|r| r.set(true));
        match WAITING.with(|w| w.borrow().clone()) {
            Some(worker) => {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
                // The worker activates, claims this page, and `controllerchange` reloads it.
                let _ = worker.post_message(&message);
            }
            None => reload_page(),
        }
    };
    view! {
        <div class="notice">
            <p>{t("app.update.available")}</p>
            <button type="button" class="primary" on:click=reload>{t("app.update.reload")}</button>
        </div>
    }
}

fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let navigator = window.navigator();
    // Absent on insecure origins and in some private modes.
    let present = window.is_secure_context()
        && js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
            .map(|v| !v.is_undefined())
            .unwrap_or(false);
    present.then(|| navigator.service_worker())
}

fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

fn has_controller() -> bool {
    container().and_then(|c| c.controller()).is_some()
}

fn offer(worker: ServiceWorker, available: RwSignal<bool>) {
    WAITING.with(|w| *w.borrow_mut() = Some(worker));
    available.set(true);
}

/// Only installing the app needs the manifest, so index.html leaves it out: linked there,
/// the browser fetches it at once, and on a phone's first visit it shares the bandwidth with
/// the main module's download (BENCHMARKS.md, issue 17). It is linked once the service
/// worker is active: the app is installable once it works offline.
fn link_manifest() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(link), Ok(Some(head))) = (
        document.create_element("link"),
        document.query_selector("head"),
    ) else {
        return;
    };
    let _ = link.set_attribute("rel", "manifest");
    let _ = link.set_attribute("href", &crate::browser::app_href("/manifest.webmanifest"));
    let _ = head.append_child(&link);
}

fn register(available: RwSignal<bool>) {
    let Some(container) = container() else {
        link_manifest();
        return;
    };
    let on_controller_change = Closure::<dyn Fn()>::new(|| {
        if RELOADING.with(Cell::get) {
            reload_page();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    // Beside index.html, wherever the app is served from: its scope is the app's base path.
    let script = crate::browser::app_href("/sw.js");
    let promise = container.register(&script);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(registration) if !registration.is_undefined() => {
                watch(registration.unchecked_into(), available);
                if let Ok(ready) = container.ready() {
                    let _ = wasm_bindgen_futures::JsFuture::from(ready).await;
                }
            }
            // No registration, and no error (a test harness that blocks workers).
            Ok(_) => {}
            Err(e) => web_sys::console::warn_2(&"Clientele: no offline support:".into(), &e),
        }
        link_manifest();
    });
}

fn watch(registration: ServiceWorkerRegistration, available: RwSignal<bool>) {
    // A worker from an earlier visit may already be waiting. Without a controller this is
    // the first install, which activates by itself: nothing to offer.
    if let Some(waiting) = registration.waiting() {
        if has_controller() {
            offer(waiting, available);
        }
    }
    let on_update_found = {
        let registration = registration.clone();
        Closure::<dyn Fn()>::new(move || {
            let Some(installing) = registration.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    offer(worker.clone(), available);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        })
    };
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();

    // A tab left open learns of a new deployment when it is shown again.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let doc = document.clone();
        let on_visible = Closure::<dyn Fn()>::new(move || {
            if doc.visibility_state() == web_sys::VisibilityState::Visible {
                let _ = registration.update();
            }
        });
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
        on_visible.forget();
    }
}
