//! The browser-storage backend: the book in memory, written to localStorage after each change.
//!
//! A write is applied to a copy of the book, the copy is stored, and only then does it replace
//! the book in memory: a refused write (storage full) leaves memory equal to what is stored.

use clientele_domain::activity::{filter, Entry, LogFilter, Stamp};
use clientele_domain::book::{
    decode_stored, encode_stored, Book, Change, DecodeError, RemovedCustomer,
};
use clientele_domain::model::{Customer, CustomerId, Subscription};
use clientele_domain::settings::Settings;
use clientele_domain::time::iso_from_unix_ms;
use gloo_storage::Storage as _;
use serde::{de::DeserializeOwned, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

use super::{CustomerStore, StoreError, StoreWarning};
use crate::i18n::{t, tf};

pub const BOOK_KEY: &str = "clientele.book";
pub const SETTINGS_KEY: &str = "clientele.settings";

/// Whether the book outlives the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// localStorage: survives reloads, about 5 MB per site.
    LocalStorage,
    /// Held in memory only, for trying things out and for benchmarks with books larger
    /// than localStorage can hold.
    Memory,
}

#[derive(Clone)]
pub struct BrowserStore {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    storage: Option<web_sys::Storage>,
    book: Slot<Book>,
    settings: Slot<Settings>,
    warnings: Vec<StoreWarning>,
}

/// A stored value and, when its stored form could not be read and had to be left in place,
/// why writes to it are refused (so they never overwrite the user's data).
struct Slot<T> {
    value: T,
    read_only: Option<String>,
}

impl BrowserStore {
    pub fn open(persistence: Persistence) -> Self {
        let mut warnings = Vec::new();
        let storage = match persistence {
            Persistence::Memory => None,
            Persistence::LocalStorage => match local_storage() {
                Ok(s) => Some(s),
                Err(why) => {
                    warnings.push(StoreWarning(tf(
                        "errors.storage.unavailable",
                        &[("why", &why)],
                    )));
                    None
                }
            },
        };
        let book = load_slot(
            storage.as_ref(),
            BOOK_KEY,
            t("errors.what.book"),
            &mut warnings,
        );
        let settings = load_slot(
            storage.as_ref(),
            SETTINGS_KEY,
            t("errors.what.settings"),
            &mut warnings,
        );
        Self {
            inner: Rc::new(RefCell::new(Inner {
                storage,
                book,
                settings,
                warnings,
            })),
        }
    }

    pub fn warnings(&self) -> Vec<StoreWarning> {
        self.inner.borrow().warnings.clone()
    }

    /// localStorage holds about 5 MB per site, and a customer with its subscriptions takes
    /// about 1 KB as stored (measured on sample data): some 4,500 customers.
    pub fn capacity_hint(&self) -> Option<usize> {
        self.inner.borrow().storage.as_ref().map(|_| 4_500)
    }

    /// How many customers (with a relationship) this browser holds.
    pub fn customer_count(&self) -> usize {
        self.inner.borrow().book.value.customers.len()
    }

    /// Every subscription in this browser's book, for a copy to a server.
    pub fn all_subscriptions(&self) -> Vec<Subscription> {
        self.inner.borrow().book.value.subscriptions.clone()
    }

    fn read_book<R>(&self, read: impl FnOnce(&Book) -> R) -> Result<R, StoreError> {
        Ok(read(&self.inner.borrow().book.value))
    }
}

/// This site's localStorage, or why it can't be had.
pub(crate) fn local_storage() -> Result<web_sys::Storage, String> {
    // `LocalStorage::raw` throws when storage is disabled, so ask the window first.
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(gloo_storage::LocalStorage::raw()),
        Ok(None) => Err("this browser has none".into()),
        Err(e) => Err(js_error_text(&e)),
    }
}

fn load_slot<T: DeserializeOwned + Default>(
    storage: Option<&web_sys::Storage>,
    key: &str,
    what: &str,
    warnings: &mut Vec<StoreWarning>,
) -> Slot<T> {
    let empty = |read_only| Slot {
        value: T::default(),
        read_only,
    };
    let Some(storage) = storage else {
        return empty(None);
    };
    let text = match storage.get_item(key) {
        Ok(Some(text)) => text,
        Ok(None) => return empty(None),
        Err(e) => {
            let why = js_error_text(&e);
            warnings.push(StoreWarning(tf(
                "errors.storage.unreadable",
                &[("what", what), ("why", &why)],
            )));
            return empty(Some(why));
        }
    };
    match decode_stored::<T>(&text) {
        Ok(value) => Slot {
            value,
            read_only: None,
        },
        Err(e @ DecodeError::NewerSchema(_)) => {
            let why = format!("the stored {what} was left untouched because {e}.");
            warnings.push(StoreWarning(tf(
                "errors.storage.newer",
                &[("what", what), ("why", &e.to_string())],
            )));
            empty(Some(why))
        }
        Err(e) => {
            let aside = format!(
                "{key}.unreadable-{}",
                iso_from_unix_ms(js_sys::Date::now() as i64)
            );
            if storage.set_item(&aside, &text).is_ok() && storage.remove_item(key).is_ok() {
                warnings.push(StoreWarning(tf(
                    "errors.storage.kept_aside",
                    &[("what", what), ("why", &e.to_string()), ("aside", &aside)],
                )));
                empty(None)
            } else {
                let why = format!("the stored {what} could not be read and there was no room to keep a copy aside, so it was left untouched.");
                warnings.push(StoreWarning(tf(
                    "errors.storage.no_room",
                    &[("what", what), ("why", &e.to_string())],
                )));
                empty(Some(why))
            }
        }
    }
}

/// Applies `change` to a copy, stores the copy, then keeps it: all or nothing.
fn write_slot<T: Clone + Serialize, R>(
    storage: Option<&web_sys::Storage>,
    key: &str,
    slot: &mut Slot<T>,
    change: impl FnOnce(&mut T) -> Result<R, StoreError>,
) -> Result<R, StoreError> {
    if let Some(why) = &slot.read_only {
        return Err(StoreError::ReadOnly(why.clone()));
    }
    let mut next = slot.value.clone();
    let out = change(&mut next)?;
    if let Some(storage) = storage {
        storage
            .set_item(key, &encode_stored(&next))
            .map_err(|e| storage_error(&e))?;
    }
    slot.value = next;
    Ok(out)
}

fn storage_error(e: &wasm_bindgen::JsValue) -> StoreError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if d.name() == "QuotaExceededError" || d.code() == 22 => StoreError::QuotaExceeded,
        _ => StoreError::Unavailable(js_error_text(e)),
    }
}

fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

impl CustomerStore for BrowserStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        self.read_book(|b| b.customers.clone())
    }

    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.read_book(|b| b.customer(id).cloned())
    }

    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        self.read_book(|b| b.removed.clone())
    }

    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        self.read_book(|b| b.subscriptions_of(id))
    }

    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        self.read_book(|b| b.activity.clone())
    }

    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        let mine = LogFilter {
            customer: Some(id.clone()),
            ..LogFilter::default()
        };
        self.read_book(|b| {
            filter(&b.activity, &mine)
                .into_iter()
                .take(limit)
                .cloned()
                .collect()
        })
    }

    async fn apply(&self, change: Change, stamp: Stamp) -> Result<(), StoreError> {
        let mut inner = self.inner.borrow_mut();
        let Inner { storage, book, .. } = &mut *inner;
        write_slot(storage.as_ref(), BOOK_KEY, book, |b| {
            b.apply(change, &stamp).map_err(StoreError::from)
        })
    }

    async fn settings(&self) -> Result<Settings, StoreError> {
        Ok(self.inner.borrow().settings.value.clone())
    }

    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        let mut inner = self.inner.borrow_mut();
        let Inner {
            storage,
            settings: slot,
            ..
        } = &mut *inner;
        write_slot(storage.as_ref(), SETTINGS_KEY, slot, |s| {
            *s = settings;
            Ok(())
        })
    }
}
