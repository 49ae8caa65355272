//! The browser's own book: records in IndexedDB (`idb.rs`), one transaction per change, or
//! in memory only (`?storage=memory`, or where IndexedDB is unavailable).
//!
//! A write loads the records the change touches into a small book, applies the change with
//! `Book::apply`, and writes back only the delta, its log entries and the revision, in one
//! transaction. Each record carries the revision that wrote it; a write refuses to overwrite
//! a record that changed since this tab read it (another tab's edit), so no edit is lost.
//! Each commit is announced to the other tabs (`tabs.rs`), which refresh those records.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::book::{decode_stored, Book, Change, DecodeError, RemovedCustomer};
use clientele_domain::delta::Delta;
use clientele_domain::model::{Customer, CustomerId, Subscription, SubscriptionId};
use clientele_domain::settings::Settings;
use clientele_domain::time::iso_from_unix_ms;
use futures::future::{join_all, FutureExt, LocalBoxFuture, Shared};
use idb::{Database, TransactionMode};
use wasm_bindgen::JsCast;

use super::idb::{self as db, Rec, Tx};
use super::tabs::{with_lock, Channel, Committed};
use super::{CustomerStore, Listener, StoreError, StoreEvent, StoreWarning, Stored};

mod migrate;
mod replica;
mod store_impl;
mod write;

pub use replica::{BucketCache, FeedCursor, Merge, Merged};

use crate::keys;
use crate::lazy_pages::{chunk_entry, ChunkMissing};
use write::{find, load_buckets, write_delta};

/// Where the browser's book is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// IndexedDB: survives reloads and holds 100,000 customers and more.
    IndexedDb,
    /// Held in memory only, for trying things out.
    Memory,
}

#[derive(Clone)]
pub struct BrowserStore {
    inner: Rc<Inner>,
}

struct Inner {
    name: String,
    wanted: Persistence,
    backend: RefCell<Backend>,
    ready: RefCell<Option<Shared<LocalBoxFuture<'static, ()>>>>,
    /// The revision of each record as this tab last read or wrote it.
    seen: RefCell<Seen>,
    warnings: RefCell<Vec<StoreWarning>>,
    /// Why writes are refused (a book in localStorage that a newer version wrote).
    read_only: RefCell<Option<StoreWarning>>,
    channel: RefCell<Option<Channel>>,
    listeners: RefCell<Vec<Listener>>,
    asked_persistence: Cell<bool>,
    fail_next_write: Cell<bool>,
    /// The replica of a server's book (`replica.rs`), not a book of this browser's own.
    replica: bool,
}

enum Backend {
    Closed,
    Idb(Rc<Database>),
    Memory(Box<(Book, Settings)>),
}

#[derive(Default)]
struct Seen {
    customers: HashMap<CustomerId, u64>,
    subscriptions: HashMap<SubscriptionId, u64>,
    settings: Option<u64>,
}

impl BrowserStore {
    /// The book in IndexedDB database `name` (or in memory): opened on first use.
    pub fn new(name: &str, persistence: Persistence) -> Self {
        Self::open_as(name, persistence, false)
    }

    /// The replica of a server's book in IndexedDB database `name`.
    pub fn replica(name: &str) -> Self {
        Self::open_as(name, Persistence::IndexedDb, true)
    }

    fn open_as(name: &str, persistence: Persistence, replica: bool) -> Self {
        Self {
            inner: Rc::new(Inner {
                name: name.to_string(),
                wanted: persistence,
                backend: RefCell::new(Backend::Closed),
                ready: RefCell::new(None),
                seen: RefCell::new(Seen::default()),
                warnings: RefCell::new(Vec::new()),
                read_only: RefCell::new(None),
                channel: RefCell::new(None),
                listeners: RefCell::new(Vec::new()),
                asked_persistence: Cell::new(false),
                fail_next_write: Cell::new(false),
                replica,
            }),
        }
    }

    /// This browser's book.
    pub fn local(persistence: Persistence) -> Self {
        Self::new(keys::DATABASE, persistence)
    }

    /// Opens the database (once; later calls wait for the first), moving a book found in
    /// localStorage into it.
    pub async fn ready(&self) {
        let opening = self
            .inner
            .ready
            .borrow_mut()
            .get_or_insert_with(|| {
                let me = self.clone();
                async move { me.open_now().await }.boxed_local().shared()
            })
            .clone();
        opening.await
    }

    pub fn warnings(&self) -> Vec<StoreWarning> {
        self.inner.warnings.borrow().clone()
    }

    /// Where the book actually is: in memory when IndexedDB could not be opened.
    pub fn persistence(&self) -> Persistence {
        match &*self.inner.backend.borrow() {
            Backend::Idb(_) => Persistence::IndexedDb,
            _ => Persistence::Memory,
        }
    }

    pub fn watch(&self, on_event: Listener) {
        self.inner.listeners.borrow_mut().push(on_event);
    }

    /// Makes the next write fail after its records are written and before it commits, the
    /// way a full disk would: for the test that nothing of it is kept.
    #[doc(hidden)]
    pub fn fail_next_write(&self) {
        self.inner.fail_next_write.set(true);
    }

    /// Whether no customer (with a relationship) is stored: no bucket of them at all.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                Ok(db::count(&tx.customers).await? == 0)
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| m.0.customers.is_empty())
                .unwrap_or(true)),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    /// How many customers (with a relationship) this browser holds.
    pub async fn customer_count(&self) -> Result<usize, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                Ok(db::all_customers(&tx.customers, |_, _| {}).await?.len())
            }
            BackendRef::Memory => Ok(self.with_memory(|m| m.0.customers.len()).unwrap_or(0)),
            BackendRef::Closed => Ok(0),
        }
    }

    /// Every subscription in this browser's book, for a copy to a server.
    pub async fn all_subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let recs: Vec<Rec<Subscription>> =
                    db::get_all_objects(&tx.subscriptions, None).await?;
                Ok(recs.into_iter().map(|r| r.v).collect())
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| m.0.subscriptions.clone())
                .unwrap_or_default()),
            BackendRef::Closed => Ok(Vec::new()),
        }
    }

    fn backend(&self) -> BackendRef {
        match &*self.inner.backend.borrow() {
            Backend::Idb(d) => BackendRef::Idb(d.clone()),
            Backend::Memory(_) => BackendRef::Memory,
            Backend::Closed => BackendRef::Closed,
        }
    }

    fn with_memory<R>(&self, f: impl FnOnce(&mut (Book, Settings)) -> R) -> Option<R> {
        match &mut *self.inner.backend.borrow_mut() {
            Backend::Memory(m) => Some(f(m)),
            _ => None,
        }
    }

    fn warn(&self, warning: StoreWarning) {
        self.inner.warnings.borrow_mut().push(warning);
    }

    fn emit(&self, event: StoreEvent) {
        let listeners: Vec<_> = self.inner.listeners.borrow().clone();
        for l in listeners {
            l(event.clone());
        }
    }

    async fn open_now(&self) {
        if self.inner.wanted == Persistence::Memory {
            *self.inner.backend.borrow_mut() = Backend::Memory(Box::default());
            return;
        }
        let mut database = match db::open(&self.inner.name).await {
            Ok(d) => d,
            Err(why) => {
                // Some private modes and policies: say so and keep going in memory.
                self.warn(StoreWarning::Unavailable { why });
                *self.inner.backend.borrow_mut() = Backend::Memory(Box::default());
                return;
            }
        };
        let weak = Rc::downgrade(&self.inner);
        database.on_version_change(move |event| {
            // A newer Clientele wants to upgrade the database: let it, and ask for a reload.
            if let Some(d) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok())
            {
                d.close();
            }
            if let Some(inner) = weak.upgrade() {
                *inner.backend.borrow_mut() = Backend::Closed;
                BrowserStore { inner }.emit(StoreEvent::Outdated);
            }
        });
        let database = Rc::new(database);
        *self.inner.backend.borrow_mut() = Backend::Idb(database.clone());
        let me = self.clone();
        let lock = keys::bulk_lock(&self.inner.name);
        // Only this browser's own book was ever kept in localStorage; a replica of a server's
        // book never takes it in.
        if !self.inner.replica && migrate::pending() {
            with_lock(&lock, migrate::in_chunk(me, database)).await;
        }
        self.listen();
    }

    /// Other tabs' commits: read those records again and tell the app.
    fn listen(&self) {
        let Some(mut channel) = Channel::open(&keys::channel(&self.inner.name)) else {
            return;
        };
        let weak = Rc::downgrade(&self.inner);
        channel.on_message(move |committed| {
            let Some(inner) = weak.upgrade() else { return };
            let me = BrowserStore { inner };
            wasm_bindgen_futures::spawn_local(async move {
                let current = match current_code(me.clone(), committed.customers).await {
                    Ok(read) => read.await,
                    Err(ChunkMissing) => Err(StoreError::ListCodeMissing),
                };
                match current {
                    Ok(customers) => me.emit(StoreEvent::Changed {
                        customers,
                        settings: committed.settings,
                    }),
                    Err(e) => me.emit(StoreEvent::Failed(e)),
                }
            });
        });
        *self.inner.channel.borrow_mut() = Some(channel);
    }

    /// These customers as stored now: `None` for one without a relationship.
    ///
    /// Read with the list's code (issue 17; `list_code.rs`): what reads a customer record
    /// is in the list's chunk, which a first visit never needs.
    async fn current(
        &self,
        ids: &[CustomerId],
    ) -> Result<Vec<(CustomerId, Option<Customer>)>, StoreError> {
        let BackendRef::Idb(d) = self.backend() else {
            return Ok(Vec::new());
        };
        let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
        let buckets = load_buckets(&tx, ids).await?;
        Ok(ids
            .iter()
            .map(|id| (id.clone(), find(&buckets, id).map(|r| r.v.clone())))
            .collect())
    }

    fn check_writable(&self) -> Result<(), StoreError> {
        match &*self.inner.read_only.borrow() {
            Some(why) => Err(StoreError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    fn ask_persistence_once(&self) {
        if !self.inner.asked_persistence.replace(true) {
            wasm_bindgen_futures::spawn_local(async {
                super::space::request_persistence().await;
            });
        }
    }
}

chunk_entry!(
    customer_list,
    fn current_code(
        store: BrowserStore,
        ids: Vec<CustomerId>,
    ) -> LocalBoxFuture<'static, Result<Vec<(CustomerId, Option<Customer>)>, StoreError>> {
        Box::pin(async move { store.current(&ids).await })
    }
);

/// A handle on the backend that does not keep it borrowed across an await.
enum BackendRef {
    Closed,
    Idb(Rc<Database>),
    Memory,
}
