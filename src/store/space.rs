//! How safe and how large this browser's storage is: persistence (`navigator.storage.persist`)
//! and the space used and available (`navigator.storage.estimate`).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What Settings → Storage says about this browser's storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Space {
    /// Whether the browser promised to keep the data when space runs low.
    pub persisted: bool,
    /// Bytes this site uses and may use, when the browser says.
    pub usage: Option<f64>,
    pub quota: Option<f64>,
}

fn storage_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let storage = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    (!storage.is_undefined()).then_some(storage)
}

async fn call(manager: &JsValue, method: &str) -> Option<JsValue> {
    let f = js_sys::Reflect::get(manager, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = f.call0(manager).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Asks the browser to keep this site's data when space is low. Chromium decides from how
/// the site is used (installed, bookmarked...), Firefox asks the user; either way it is
/// only asked once there is something worth keeping.
pub async fn request_persistence() -> bool {
    match storage_manager() {
        Some(m) => call(&m, "persist").await.is_some_and(|v| v.is_truthy()),
        None => false,
    }
}

pub async fn space() -> Space {
    let Some(m) = storage_manager() else {
        return Space::default();
    };
    let persisted = call(&m, "persisted").await.is_some_and(|v| v.is_truthy());
    let estimate = call(&m, "estimate").await;
    let field = |name: &str| {
        estimate
            .as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &name.into()).ok())
            .and_then(|v| v.as_f64())
    };
    Space {
        persisted,
        usage: field("usage"),
        quota: field("quota"),
    }
}
