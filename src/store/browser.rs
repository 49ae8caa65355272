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
use gloo_storage::Storage as _;
use idb::{Database, TransactionMode};
use wasm_bindgen::JsCast;

use super::idb::{self as db, Rec, Tx};
use super::tabs::{with_lock, Channel, Committed};
use super::{CustomerStore, StoreError, StoreEvent, StoreWarning};
use crate::i18n::{t, tf};
use crate::keys;

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
    read_only: RefCell<Option<String>>,
    channel: RefCell<Option<Channel>>,
    listeners: RefCell<Vec<Listener>>,
    asked_persistence: Cell<bool>,
    fail_next_write: Cell<bool>,
}

/// Told of what changes without being asked (see `StoreEvent`).
type Listener = Rc<dyn Fn(StoreEvent)>;

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

/// The revisions of the records a write loaded, as stored.
#[derive(Default)]
struct Loaded {
    customers: HashMap<CustomerId, u64>,
    /// The buckets holding the customers loaded, to write back changed.
    buckets: HashMap<String, db::Bucket>,
    subscriptions: HashMap<SubscriptionId, u64>,
}

/// Past this many customers, a write finds which exist from the keys of the whole store
/// (two requests) rather than asking for each (a bulk load of new customers).
const LOOKUPS_ABOVE: usize = 64;

impl BrowserStore {
    /// The book in IndexedDB database `name` (or in memory): opened on first use.
    pub fn new(name: &str, persistence: Persistence) -> Self {
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

    /// How many customers (with a relationship) this browser holds.
    pub async fn customer_count(&self) -> Result<usize, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                Ok(db::all_customers(&tx.customers).await?.len())
            }
            BackendRef::Memory(m) => Ok(m.with_memory(|m| m.0.customers.len()).unwrap_or(0)),
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
            BackendRef::Memory(m) => Ok(m
                .with_memory(|m| m.0.subscriptions.clone())
                .unwrap_or_default()),
            BackendRef::Closed => Ok(Vec::new()),
        }
    }

    fn backend(&self) -> BackendRef {
        match &*self.inner.backend.borrow() {
            Backend::Idb(d) => BackendRef::Idb(d.clone()),
            Backend::Memory(_) => BackendRef::Memory(self.clone()),
            Backend::Closed => BackendRef::Closed,
        }
    }

    fn with_memory<R>(&self, f: impl FnOnce(&mut (Book, Settings)) -> R) -> Option<R> {
        match &mut *self.inner.backend.borrow_mut() {
            Backend::Memory(m) => Some(f(m)),
            _ => None,
        }
    }

    fn warn(&self, text: String) {
        self.inner.warnings.borrow_mut().push(StoreWarning(text));
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
                self.warn(tf("errors.storage.unavailable", &[("why", &why)]));
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
        with_lock(&lock, async move { me.migrate(&database).await }).await;
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
                match me.current(&committed.customers).await {
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

    /// Moves a book that an earlier version kept in localStorage into IndexedDB, in one
    /// transaction. The localStorage copy stays in place until that commits, then is renamed
    /// aside (`clientele.book.migrated-<time>`), never deleted here.
    async fn migrate(&self, database: &Database) {
        let Ok(storage) = local_storage() else { return };
        let book_text = storage.get_item(keys::LEGACY_BOOK).ok().flatten();
        let settings_text = storage.get_item(keys::LEGACY_SETTINGS).ok().flatten();
        if book_text.is_none() && settings_text.is_none() {
            return;
        }
        let book = book_text.as_deref().and_then(|text| {
            self.decode_legacy::<Book>(&storage, keys::LEGACY_BOOK, text, t("errors.what.book"))
        });
        let settings = settings_text.as_deref().and_then(|text| {
            self.decode_legacy::<Settings>(
                &storage,
                keys::LEGACY_SETTINGS,
                text,
                t("errors.what.settings"),
            )
        });
        if book.is_none() && settings.is_none() {
            return;
        }
        let written = async {
            let tx = Tx::new(database, TransactionMode::ReadWrite)?;
            let revision = tx.revision().await? + 1;
            if let Some(book) = &book {
                write_book(&tx, book, revision).await?;
            }
            if let Some(settings) = &settings {
                tx.put_settings(&Rec {
                    r: revision,
                    v: settings,
                })?;
            }
            tx.put_revision(revision)?;
            tx.commit().await
        }
        .await;
        if let Err(e) = written {
            self.warn(tf(
                "errors.storage.not_migrated",
                &[("why", &e.to_string())],
            ));
            return;
        }
        let at = iso_from_unix_ms(js_sys::Date::now() as i64);
        for (key, text, moved) in [
            (keys::LEGACY_BOOK, &book_text, book.is_some()),
            (keys::LEGACY_SETTINGS, &settings_text, settings.is_some()),
        ] {
            if let (Some(text), true) = (text, moved) {
                rename_aside(&storage, key, &format!("{key}.migrated-{at}"), text, true);
            }
        }
    }

    /// Today's rules for what a stored value that cannot be read becomes: kept aside and
    /// reported, or (newer schema) left untouched with writes refused.
    fn decode_legacy<T: serde::de::DeserializeOwned>(
        &self,
        storage: &web_sys::Storage,
        key: &str,
        text: &str,
        what: &str,
    ) -> Option<T> {
        match decode_stored::<T>(text) {
            Ok(value) => Some(value),
            Err(e @ DecodeError::NewerSchema(_)) => {
                self.warn(tf(
                    "errors.storage.newer",
                    &[("what", what), ("why", &e.to_string())],
                ));
                *self.inner.read_only.borrow_mut() =
                    Some(format!("the stored {what} was left untouched because {e}."));
                None
            }
            Err(e) => {
                let aside = format!(
                    "{key}.unreadable-{}",
                    iso_from_unix_ms(js_sys::Date::now() as i64)
                );
                if rename_aside(storage, key, &aside, text, false) {
                    self.warn(tf(
                        "errors.storage.kept_aside",
                        &[("what", what), ("why", &e.to_string()), ("aside", &aside)],
                    ));
                } else {
                    self.warn(tf(
                        "errors.storage.no_room",
                        &[("what", what), ("why", &e.to_string())],
                    ));
                    *self.inner.read_only.borrow_mut() = Some(format!(
                        "the stored {what} could not be read and there was no room to keep a copy aside, so it was left untouched."
                    ));
                }
                None
            }
        }
    }

    fn check_writable(&self) -> Result<(), StoreError> {
        match &*self.inner.read_only.borrow() {
            Some(why) => Err(StoreError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    async fn apply_idb(
        &self,
        database: &Database,
        change: Change,
        stamp: Stamp,
    ) -> Result<Delta, StoreError> {
        let tx = Tx::new(database, TransactionMode::ReadWrite)?;
        let written = self.write_in(&tx, change, stamp).await;
        let (delta, revision) = match written {
            Ok(done) => done,
            Err(e) => {
                tx.abort();
                return Err(e);
            }
        };
        tx.commit().await?;
        self.saw(&delta, revision);
        if let Some(channel) = &*self.inner.channel.borrow() {
            channel.post(&Committed {
                revision,
                customers: delta.customer_ids(),
                subscriptions: delta.subscriptions.iter().map(|s| s.id.clone()).collect(),
                settings: false,
            });
        }
        self.ask_persistence_once();
        Ok(delta)
    }

    /// Everything a write does inside its transaction; only IndexedDB is awaited.
    async fn write_in(
        &self,
        tx: &Tx,
        change: Change,
        stamp: Stamp,
    ) -> Result<(Delta, u64), StoreError> {
        let (subset, mut loaded) = load_subset(tx, &change).await?;
        let mut after = subset.clone();
        after.apply(change, &stamp)?;
        let delta = Delta::between(&subset, &after);
        self.check_unchanged(&delta, &loaded)?;
        let revision = tx.revision().await? + 1;
        write_delta(tx, &delta, revision, &mut loaded.buckets)?;
        if self.inner.fail_next_write.take() {
            if let Some(e) = delta.entries.first() {
                // The same key twice: the second add fails when the transaction runs.
                db::add_entry_at(&tx.activity, -1.0, e)?;
                db::add_entry_at(&tx.activity, -1.0, e)?;
            }
        }
        tx.put_revision(revision)?;
        Ok((delta, revision))
    }

    /// Refuses a write over a record that another tab wrote since this tab read it.
    fn check_unchanged(&self, delta: &Delta, loaded: &Loaded) -> Result<(), StoreError> {
        let seen = self.inner.seen.borrow();
        let customers = delta
            .customers
            .iter()
            .map(|c| &c.id)
            .chain(&delta.left)
            .chain(delta.removed.iter().map(|r| &r.customer.id))
            .chain(&delta.unremoved);
        for id in customers {
            if let Some(read) = seen.customers.get(id) {
                if loaded.customers.get(id) != Some(read) {
                    return Err(StoreError::Conflict(id.to_string()));
                }
            }
        }
        for s in &delta.subscriptions {
            if let Some(read) = seen.subscriptions.get(&s.id) {
                if loaded.subscriptions.get(&s.id) != Some(read) {
                    return Err(StoreError::Conflict(s.id.to_string()));
                }
            }
        }
        Ok(())
    }

    fn saw(&self, delta: &Delta, revision: u64) {
        let mut seen = self.inner.seen.borrow_mut();
        for id in delta.customer_ids() {
            seen.customers.insert(id, revision);
        }
        for s in &delta.subscriptions {
            seen.subscriptions.insert(s.id.clone(), revision);
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

/// A handle on the backend that does not keep it borrowed across an await.
enum BackendRef {
    Closed,
    Idb(Rc<Database>),
    Memory(BrowserStore),
}

/// Loads the records `change` touches (see `Book::subset`) and the revisions they carry.
async fn load_subset(tx: &Tx, change: &Change) -> Result<(Book, Loaded), StoreError> {
    let touches = change.touches();
    let mut loaded = Loaded::default();
    let by_id = join_all(
        touches
            .subscriptions
            .iter()
            .map(|id| db::get_object::<Rec<Subscription>>(&tx.subscriptions, id.as_str())),
    )
    .await;
    let mut subscriptions: HashMap<SubscriptionId, Subscription> = HashMap::new();
    for r in by_id {
        if let Some(r) = r? {
            loaded.subscriptions.insert(r.v.id.clone(), r.r);
            subscriptions.insert(r.v.id.clone(), r.v);
        }
    }
    let mut ids: Vec<CustomerId> = touches.customers;
    ids.extend(subscriptions.values().map(|s| s.customer_id.clone()));
    ids.sort();
    ids.dedup();
    let buckets = if ids.len() > LOOKUPS_ABOVE {
        // A bulk load: which of these exist, from every bucket and every removed key.
        let buckets = db::all_buckets(&tx.customers).await?;
        let removed: HashSet<String> = db::all_keys(&tx.removed).await?.into_iter().collect();
        ids.retain(|id| find(&buckets, id).is_some() || removed.contains(id.as_str()));
        buckets
    } else {
        load_buckets(tx, &ids).await?
    };
    let removed = join_all(
        ids.iter()
            .map(|id| db::get::<RemovedCustomer>(&tx.removed, id.as_str())),
    );
    let theirs = join_all(
        ids.iter()
            .map(|id| db::get_all_objects::<Rec<Subscription>>(&tx.subscriptions, Some(id))),
    );
    let (removed, theirs) = futures::join!(removed, theirs);
    let mut book = Book::default();
    for r in ids.iter().filter_map(|id| find(&buckets, id)) {
        loaded.customers.insert(r.v.id.clone(), r.r);
        book.customers.push(r.v.clone());
    }
    for r in removed
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
    {
        loaded.customers.insert(r.v.customer.id.clone(), r.r);
        book.removed.push(r.v);
    }
    for list in theirs {
        for r in list? {
            loaded.subscriptions.insert(r.v.id.clone(), r.r);
            subscriptions.insert(r.v.id.clone(), r.v);
        }
    }
    book.subscriptions = subscriptions.into_values().collect();
    loaded.buckets = buckets;
    Ok((book, loaded))
}

/// The buckets holding these customers.
async fn load_buckets(
    tx: &Tx,
    ids: &[CustomerId],
) -> Result<HashMap<String, db::Bucket>, StoreError> {
    let mut keys: Vec<String> = ids.iter().map(db::bucket_of).collect();
    keys.sort();
    keys.dedup();
    let found = join_all(keys.iter().map(|k| db::get_bucket(&tx.customers, k))).await;
    keys.into_iter()
        .zip(found)
        .map(|(k, b)| Ok((k, b?)))
        .collect()
}

fn find<'a>(
    buckets: &'a HashMap<String, db::Bucket>,
    id: &CustomerId,
) -> Option<&'a Rec<Customer>> {
    buckets
        .get(&db::bucket_of(id))?
        .iter()
        .find(|r| &r.v.id == id)
}

/// Writes a delta: the buckets it changes (as loaded, with its customers put in or taken
/// out), the removed customers and subscriptions it names, its log entries.
fn write_delta(
    tx: &Tx,
    delta: &Delta,
    revision: u64,
    buckets: &mut HashMap<String, db::Bucket>,
) -> Result<(), StoreError> {
    let r = revision;
    let mut changed = HashSet::new();
    for id in &delta.left {
        let key = db::bucket_of(id);
        buckets
            .entry(key.clone())
            .or_default()
            .retain(|x| &x.v.id != id);
        changed.insert(key);
    }
    for c in &delta.customers {
        let key = db::bucket_of(&c.id);
        let bucket = buckets.entry(key.clone()).or_default();
        let rec = Rec { r, v: c.clone() };
        match bucket.iter_mut().find(|x| x.v.id == c.id) {
            Some(x) => *x = rec,
            None => bucket.push(rec),
        }
        changed.insert(key);
    }
    for key in changed {
        db::put_bucket(&tx.customers, &key, &buckets[&key])?;
    }
    for rc in &delta.removed {
        db::put(&tx.removed, rc.customer.id.as_str(), &Rec { r, v: rc })?;
    }
    for id in &delta.unremoved {
        db::delete(&tx.removed, id.as_str())?;
    }
    for s in &delta.subscriptions {
        db::put_subscription(&tx.subscriptions, &Rec { r, v: s.clone() })?;
    }
    for e in &delta.entries {
        db::add_entry(&tx.activity, e)?;
    }
    Ok(())
}

/// A whole book (a migration): every record, and the log in order.
async fn write_book(tx: &Tx, book: &Book, revision: u64) -> Result<(), StoreError> {
    let mut buckets = db::all_buckets(&tx.customers).await?;
    write_delta(
        tx,
        &Delta {
            customers: book.customers.clone(),
            removed: book.removed.clone(),
            subscriptions: book.subscriptions.clone(),
            entries: book.activity.clone(),
            ..Delta::default()
        },
        revision,
        &mut buckets,
    )
}

/// Renames a localStorage value: a copy under `aside`, then the original removed. When there
/// is no room for the copy and `safe_elsewhere` (it was just committed to IndexedDB), the
/// original goes first to make room; otherwise it stays where it is.
fn rename_aside(
    storage: &web_sys::Storage,
    key: &str,
    aside: &str,
    text: &str,
    safe_elsewhere: bool,
) -> bool {
    if storage.set_item(aside, text).is_ok() {
        return storage.remove_item(key).is_ok();
    }
    safe_elsewhere && storage.remove_item(key).is_ok() && storage.set_item(aside, text).is_ok()
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

fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

impl CustomerStore for BrowserStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                crate::browser::mark("clientele:idb-read");
                let recs = db::all_customers(&tx.customers).await?;
                crate::browser::mark("clientele:idb-parsed");
                let mut seen = self.inner.seen.borrow_mut();
                seen.customers.reserve(recs.len());
                Ok(recs
                    .into_iter()
                    .map(|r| {
                        seen.customers.insert(r.v.id.clone(), r.r);
                        r.v
                    })
                    .collect())
            }
            BackendRef::Memory(m) => {
                Ok(m.with_memory(|m| m.0.customers.clone()).unwrap_or_default())
            }
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let bucket = db::get_bucket(&tx.customers, &db::bucket_of(id)).await?;
                let rec = bucket.into_iter().find(|r| &r.v.id == id);
                Ok(rec.map(|r| {
                    self.inner
                        .seen
                        .borrow_mut()
                        .customers
                        .insert(id.clone(), r.r);
                    r.v
                }))
            }
            BackendRef::Memory(m) => Ok(m.with_memory(|m| m.0.customer(id).cloned()).flatten()),
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let recs: Vec<Rec<RemovedCustomer>> = db::get_all(&tx.removed).await?;
                let mut seen = self.inner.seen.borrow_mut();
                Ok(recs
                    .into_iter()
                    .map(|r| {
                        seen.customers.insert(r.v.customer.id.clone(), r.r);
                        r.v
                    })
                    .collect())
            }
            BackendRef::Memory(m) => Ok(m.with_memory(|m| m.0.removed.clone()).unwrap_or_default()),
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let recs: Vec<Rec<Subscription>> =
                    db::get_all_objects(&tx.subscriptions, Some(id)).await?;
                let mut seen = self.inner.seen.borrow_mut();
                Ok(recs
                    .into_iter()
                    .map(|r| {
                        seen.subscriptions.insert(r.v.id.clone(), r.r);
                        r.v
                    })
                    .collect())
            }
            BackendRef::Memory(m) => Ok(m
                .with_memory(|m| m.0.subscriptions_of(id))
                .unwrap_or_default()),
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                db::get_all_objects(&tx.activity, None).await
            }
            BackendRef::Memory(m) => {
                Ok(m.with_memory(|m| m.0.activity.clone()).unwrap_or_default())
            }
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        self.ready().await;
        let mut entries: Vec<Entry> = match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                db::get_all_objects(&tx.activity, Some(id)).await?
            }
            BackendRef::Memory(m) => m
                .with_memory(|m| {
                    m.0.activity
                        .iter()
                        .filter(|e| e.customer_id.as_ref() == Some(id))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
            BackendRef::Closed => return Err(outdated()),
        };
        // Oldest first as stored; the newest `limit`, newest first, as the page shows them.
        entries.reverse();
        entries.truncate(limit);
        Ok(entries)
    }

    async fn apply(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError> {
        self.ready().await;
        self.check_writable()?;
        match self.backend() {
            BackendRef::Idb(d) => {
                if matches!(change, Change::ImportCustomers { .. }) {
                    // A bulk load: one tab at a time, so two tabs loading at once never
                    // interleave (the second then finds the customers there).
                    let me = self.clone();
                    let lock = keys::bulk_lock(&self.inner.name);
                    with_lock(&lock, async move { me.apply_idb(&d, change, stamp).await }).await
                } else {
                    self.apply_idb(&d, change, stamp).await
                }
            }
            BackendRef::Memory(m) => m
                .with_memory(|(book, _)| {
                    let subset = book.subset(&change);
                    let mut after = subset.clone();
                    after.apply(change, &stamp)?;
                    let delta = Delta::between(&subset, &after);
                    book.merge(&delta);
                    Ok(delta)
                })
                .unwrap_or(Err(outdated())),
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn settings(&self) -> Result<Settings, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let rec = tx.settings::<Settings>().await?;
                self.inner.seen.borrow_mut().settings = Some(rec.as_ref().map_or(0, |r| r.r));
                Ok(rec.map(|r| r.v).unwrap_or_default())
            }
            BackendRef::Memory(m) => Ok(m.with_memory(|m| m.1.clone()).unwrap_or_default()),
            BackendRef::Closed => Err(outdated()),
        }
    }

    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        self.ready().await;
        self.check_writable()?;
        let d = match self.backend() {
            BackendRef::Idb(d) => d,
            BackendRef::Memory(m) => {
                m.with_memory(|m| m.1 = settings);
                return Ok(());
            }
            BackendRef::Closed => return Err(outdated()),
        };
        let tx = Tx::new(&d, TransactionMode::ReadWrite)?;
        let written = async {
            let stored = tx.settings::<Settings>().await?.map_or(0, |r| r.r);
            let read = self.inner.seen.borrow().settings;
            if read.is_some_and(|r| r != stored) {
                return Err(StoreError::Conflict("settings".into()));
            }
            let revision = tx.revision().await? + 1;
            tx.put_settings(&Rec {
                r: revision,
                v: &settings,
            })?;
            tx.put_revision(revision)?;
            Ok(revision)
        }
        .await;
        let revision = match written {
            Ok(r) => r,
            Err(e) => {
                tx.abort();
                return Err(e);
            }
        };
        tx.commit().await?;
        self.inner.seen.borrow_mut().settings = Some(revision);
        if let Some(channel) = &*self.inner.channel.borrow() {
            channel.post(&Committed {
                revision,
                settings: true,
                ..Committed::default()
            });
        }
        Ok(())
    }

    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        // Reading the records again is what makes this tab's next write build on them.
        let touches = change.touches();
        for id in &touches.customers {
            if self.customer(id).await?.is_none() {
                let _ = self.removed_customers().await?;
            }
        }
        if let BackendRef::Idb(d) = self.backend() {
            let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
            let found = join_all(
                touches
                    .subscriptions
                    .iter()
                    .map(|id| db::get_object::<Rec<Subscription>>(&tx.subscriptions, id.as_str())),
            )
            .await;
            let mut seen = self.inner.seen.borrow_mut();
            for r in found
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
            {
                seen.subscriptions.insert(r.v.id.clone(), r.r);
            }
        }
        Ok(())
    }
}

fn outdated() -> StoreError {
    StoreError::Unavailable(t("errors.storage.outdated").to_string())
}
