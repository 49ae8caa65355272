//! What tabs of one browser share about the book: each commit is announced on a
//! BroadcastChannel, and migrations and bulk loads run under a Web Lock so two tabs never
//! run them twice.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use clientele_domain::model::{CustomerId, SubscriptionId};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What one commit changed, as posted to the other tabs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committed {
    pub revision: u64,
    pub customers: Vec<CustomerId>,
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionId>,
    #[serde(default)]
    pub settings: bool,
}

/// One tab's end of the channel. Messages a tab posts are not delivered to itself.
pub struct Channel {
    channel: web_sys::BroadcastChannel,
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl Channel {
    pub fn open(name: &str) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        Some(Self {
            channel,
            _on_message: None,
        })
    }

    pub fn post(&self, committed: &Committed) {
        if let Ok(text) = serde_json::to_string(committed) {
            // Another tab missing one message only shows a record late; never fail a write.
            let _ = self.channel.post_message(&JsValue::from_str(&text));
        }
    }

    pub fn on_message(&mut self, mut f: impl FnMut(Committed) + 'static) {
        let closure =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(c) = e
                    .data()
                    .as_string()
                    .and_then(|t| serde_json::from_str::<Committed>(&t).ok())
                {
                    f(c);
                }
            });
        self.channel
            .set_onmessage(Some(closure.as_ref().unchecked_ref()));
        self._on_message = Some(closure);
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.close();
    }
}

#[wasm_bindgen]
extern "C" {
    // navigator.locks.request(name, callback): web-sys has LockManager only behind its
    // unstable-API flag, so the one call is bound here.
    #[wasm_bindgen(js_namespace = ["navigator", "locks"], js_name = request, catch)]
    fn lock_request(
        name: &str,
        callback: &Closure<dyn FnMut(JsValue) -> js_sys::Promise>,
    ) -> Result<js_sys::Promise, JsValue>;
}

fn has_locks() -> bool {
    web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .is_some_and(|l| !l.is_undefined())
}

/// Runs `task` while holding the Web Lock `name`: a second tab asking for it waits until the
/// first is done. Without Web Locks (an old browser, or the request refused), `task` just runs.
pub async fn with_lock<T: 'static, F>(name: &str, task: F) -> T
where
    F: Future<Output = T> + 'static,
{
    if !has_locks() {
        return task.await;
    }
    let task: Rc<RefCell<Option<F>>> = Rc::new(RefCell::new(Some(task)));
    let out: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let (pending, slot) = (task.clone(), out.clone());
    let callback = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |_lock| {
        let slot = slot.clone();
        let task = pending.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(task) = task {
                *slot.borrow_mut() = Some(task.await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    if let Ok(promise) = lock_request(name, &callback) {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    drop(callback);
    let done = out.borrow_mut().take();
    if let Some(v) = done {
        return v;
    }
    let not_run = task.borrow_mut().take();
    match not_run {
        Some(task) => task.await,
        // Taken by the callback but not finished: cannot happen, since the lock's promise
        // settles only after the task's own promise has.
        None => panic!("the locked task did not finish"),
    }
}
