//! Reads belong to whoever asked for them: a read started under a reactive owner (a page,
//! or a resource of it) is aborted when that owner is cleaned up, as when the page is left.
//! Reads the app itself makes (the customer list) have the root as owner and run to the end.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::{on_cleanup, Owner};

use super::*;

thread_local! {
    /// The reads in flight, by number. Kept here, not in the store, so the cleanup that
    /// aborts one holds only its number (cleanups must be `Send`).
    static READS: RefCell<HashMap<u64, web_sys::AbortController>> = RefCell::default();
    static NEXT_READ: Cell<u64> = const { Cell::new(0) };
}

fn abort_read(id: u64) {
    if let Some(controller) = READS.with(|r| r.borrow_mut().remove(&id)) {
        controller.abort();
    }
}

impl HttpStore {
    /// A new read: its abort signal, and its number to forget it by once answered.
    pub(super) fn start_read(&self) -> Option<(u64, web_sys::AbortSignal)> {
        let controller = web_sys::AbortController::new().ok()?;
        let signal = controller.signal();
        let id = NEXT_READ.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        READS.with(|r| r.borrow_mut().insert(id, controller));
        if Owner::current().is_some() {
            on_cleanup(move || abort_read(id));
        }
        Some((id, signal))
    }

    pub(super) fn end_read(&self, id: u64) {
        READS.with(|r| r.borrow_mut().remove(&id));
    }
}
