//! A team's book on a server, read from a replica in this browser's IndexedDB and kept up to
//! date by the server's change feed (`GET /api/changes`).
//!
//! - **Opening** reads the replica at once; only a replica that never finished its first full
//!   read waits for the server (and goes on where it stopped: each batch is committed with its
//!   feed position).
//! - **Reads** all come from the replica, so the list, search, account pages, subscriptions,
//!   the log and exports work with the server down.
//! - **Writes** still go to the server (with If-Match from the versions the replica holds, and
//!   Idempotency-Key), then their answer is written to the replica and shown, and the feed is
//!   read once for the log entry and anything a teammate changed: two requests for a rename.
//! - **Teammates' changes** come by polling the feed while the page is visible: every
//!   [`POLL_MS`], at once when the window gets focus or the connection comes back.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::api::{FeedChange, FeedItem, Versioned};
use clientele_domain::book::{Change, RemovedCustomer};
use clientele_domain::delta::Delta;
use clientele_domain::model::{Customer, CustomerId, Subscription};
use clientele_domain::settings::Settings;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::{
    BrowserStore, BucketCache, CustomerStore, FeedCursor, HttpStore, Listener, Merge, Merged,
    Persistence, StoreError, StoreEvent,
};

/// How long opening waits for the server's changes since the last visit before showing
/// the replica as it is.
const CATCH_UP_MS: i32 = 300;
/// How often the feed is read while the page is visible: a teammate's change shows within
/// 10 s even when a read takes a moment.
pub const POLL_MS: i32 = 8_000;
/// Changes per feed request: the server's maximum.
const FEED_PAGE: u32 = 5000;
/// During a first full read, changes committed to the replica at once. Each commit rewrites
/// every bucket it touches (nearly all, in a large book), so batches are large; the first is
/// small, so an interrupted read keeps something early on.
const FIRST_BATCH: usize = 10_000;
const LATER_BATCHES: usize = 50_000;

/// How the replica stands with the server, for the offline banner and the header.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SyncStatus {
    /// When the server last answered: the replica is the book as of then.
    pub synced_at_ms: Option<i64>,
    /// The last request found the server unreachable.
    pub offline: bool,
    /// A first full read under way: how far, in percent.
    pub first_read: Option<u8>,
}

#[derive(Clone)]
pub struct ReplicaStore {
    http: HttpStore,
    local: BrowserStore,
    sync: Rc<Sync>,
}

type Opening = Shared<LocalBoxFuture<'static, Result<(), StoreError>>>;

struct Sync {
    /// Opening: the replica, and its first full read if it never finished one. Every read
    /// waits for it, so a page opened first (an account page by its link) finds its record.
    opened: RefCell<Option<Opening>>,
    /// Reopening's catch-up with the server, waited for at most [`CATCH_UP_MS`].
    caught_up: RefCell<Option<Opening>>,
    /// Opening is over: a first full read that ends later (the server was down at opening)
    /// asks the app to read the list again.
    open_done: Cell<bool>,
    /// The customers a first full read just wrote, for the list to take instead of reading
    /// them back from the replica.
    just_read: RefCell<Option<Vec<Customer>>>,
    running: Cell<bool>,
    /// Asked again while running: one more round once this one ends.
    again: Cell<bool>,
    listeners: RefCell<Vec<Listener>>,
    status: RwSignal<SyncStatus>,
}

impl ReplicaStore {
    /// `status`: the shell's signal for how the replica stands (made before this chunk's
    /// code arrives, see `server.rs`).
    pub fn new(http: HttpStore, status: RwSignal<SyncStatus>) -> Self {
        let name = crate::keys::replica(&http.config().base(), &http.config().token);
        Self {
            http,
            local: BrowserStore::replica(&name),
            sync: Rc::new(Sync {
                opened: RefCell::new(None),
                caught_up: RefCell::new(None),
                open_done: Cell::new(false),
                just_read: RefCell::new(None),
                running: Cell::new(false),
                again: Cell::new(false),
                listeners: RefCell::new(Vec::new()),
                status,
            }),
        }
    }

    pub fn http(&self) -> &HttpStore {
        &self.http
    }

    pub fn status(&self) -> RwSignal<SyncStatus> {
        self.sync.status
    }

    /// The IndexedDB name of this replica (for tests and the storage page).
    pub fn database(&self) -> String {
        crate::keys::replica(&self.http.config().base(), &self.http.config().token)
    }

    pub async fn open(&self) -> Vec<super::StoreWarning> {
        let _ = self.opened().await;
        self.local.warnings()
    }

    /// Opens the replica (once; later calls wait for the first) and, if it never finished a
    /// first full read, reads the book from the server now.
    async fn opened(&self) -> Result<(), StoreError> {
        let opening = self
            .sync
            .opened
            .borrow_mut()
            .get_or_insert_with(|| {
                let me = self.clone();
                async move {
                    let result = me.open_now().await;
                    me.sync.open_done.set(true);
                    result
                }
                .boxed_local()
                .shared()
            })
            .clone();
        opening.await
    }

    async fn open_now(&self) -> Result<(), StoreError> {
        self.local.ready().await;
        if self.direct() {
            return Ok(());
        }
        let cursor = self.local.feed_cursor().await?;
        let at = (cursor.synced_at_ms > 0).then_some(cursor.synced_at_ms);
        self.sync.status.update(|s| s.synced_at_ms = at);
        if !cursor.complete {
            return self.sync().await;
        }
        // Reopening: what changed since, when the server answers at once, so pages open on
        // the current book; a slow or unreachable server does not hold the replica back
        // (the read goes on, and what it brings is shown when it comes).
        // The list is read from the replica meanwhile: changes merged after that read are
        // announced and shown; single records wait (see `caught_up`).
        let me = self.clone();
        let catch_up = async move {
            let _ = me.sync().await;
        }
        .boxed_local()
        .shared();
        wasm_bindgen_futures::spawn_local(catch_up.clone());
        let waited = async move {
            futures::future::select(catch_up, Box::pin(sleep(CATCH_UP_MS))).await;
            Ok(())
        };
        *self.sync.caught_up.borrow_mut() = Some(waited.boxed_local().shared());
        Ok(())
    }

    /// Opened, and the changes since the last visit read if the server answered within
    /// [`CATCH_UP_MS`]: what the pages reading single records wait for, so an account page
    /// opened by its link shows a teammate's rename made meanwhile.
    async fn caught_up(&self) -> Result<(), StoreError> {
        self.opened().await?;
        let waiting = self.sync.caught_up.borrow().clone();
        match waiting {
            Some(w) => w.await,
            None => Ok(()),
        }
    }

    /// Without IndexedDB (some private modes) there is no replica: every read goes to the
    /// server, as before replicas.
    fn direct(&self) -> bool {
        self.local.persistence() == Persistence::Memory
    }

    pub fn watch(&self, on_event: Listener) {
        // Another tab's merge into the same replica, and this tab's own feed reads.
        self.local.watch(on_event.clone());
        self.sync.listeners.borrow_mut().push(on_event);
    }

    fn emit(&self, event: StoreEvent) {
        let listeners: Vec<_> = self.sync.listeners.borrow().clone();
        for l in listeners {
            l(event.clone());
        }
    }

    /// Reads the feed now, in the background.
    pub fn sync_soon(&self) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = me.sync().await;
        });
    }

    /// Reads the feed until the replica has everything the server has. One read at a time:
    /// asked while one runs, it runs once more after.
    pub async fn sync(&self) -> Result<(), StoreError> {
        if self.direct() {
            return Ok(());
        }
        if self.sync.running.replace(true) {
            self.sync.again.set(true);
            return Ok(());
        }
        let result = loop {
            let round = self.sync_round().await;
            if round.is_err() || !self.sync.again.replace(false) {
                break round;
            }
        };
        self.sync.running.set(false);
        self.sync.status.update(|s| {
            s.first_read = None;
            match &result {
                Ok(()) => {
                    crate::browser::mark("clientele:synced");
                    s.offline = false;
                    s.synced_at_ms = Some(js_sys::Date::now() as i64);
                }
                Err(StoreError::Offline(_)) => s.offline = true,
                Err(_) => {}
            }
        });
        if let Err(e) = &result {
            if !matches!(e, StoreError::Offline(_)) {
                self.emit(StoreEvent::Failed(e.clone()));
            }
        }
        result
    }

    async fn sync_round(&self) -> Result<(), StoreError> {
        let cursor = self.local.feed_cursor().await?;
        if !cursor.complete {
            self.first_read(cursor).await?;
            if self.sync.open_done.get() {
                // The first full read ended after opening (the server was down then): the
                // list shown is of nothing, or of part of the book.
                self.emit(StoreEvent::Reload);
            }
            return Ok(());
        }
        let mut cursor = cursor;
        loop {
            let page = self
                .http
                .changes(cursor.next, FEED_PAGE, &cursor.database)
                .await?;
            if page.resync.is_some() {
                // Another database, or purged past our position: start over from nothing,
                // then show all of it (the list on screen is of what was cleared).
                self.local.clear_replica().await?;
                self.first_read(FeedCursor::default()).await?;
                self.emit(StoreEvent::Reload);
                return Ok(());
            }
            cursor = FeedCursor {
                database: page.database_id,
                next: page.next,
                complete: true,
                synced_at_ms: js_sys::Date::now() as i64,
            };
            let merged = self
                .local
                .merge(Merge {
                    items: page.changes,
                    left: Vec::new(),
                    cursor: Some(cursor.clone()),
                })
                .await?;
            self.announce(merged);
            if !page.more {
                return Ok(());
            }
        }
    }

    /// Reads the whole book (or the rest of it, from `cursor`) into the replica. The pages
    /// are fetched one after another while the batches already here are written, so the
    /// server's time and the browser's overlap; each batch is committed with its feed
    /// position, so an interrupted read goes on from there.
    async fn first_read(&self, cursor: FeedCursor) -> Result<(), StoreError> {
        // One tab at a time: a second one opened meanwhile waits, then finds it done.
        let me = self.clone();
        let lock = crate::keys::bulk_lock(&self.database());
        super::tabs::with_lock(&lock, async move {
            let now = me.local.feed_cursor().await?;
            if now.complete && !cursor.complete && now.database == cursor.database {
                return Ok(());
            }
            me.first_read_locked(cursor).await
        })
        .await
    }

    async fn first_read_locked(&self, mut cursor: FeedCursor) -> Result<(), StoreError> {
        use futures::channel::mpsc;
        use futures::StreamExt;
        // From nothing, the replica is empty: no bucket to read before the first batch.
        let mut buckets = if cursor.next == 0 {
            BucketCache::empty()
        } else {
            BucketCache::all()
        };
        loop {
            let (send, mut pages) = mpsc::unbounded();
            let from = cursor.clone();
            let fetch = async move {
                let mut since = from.next;
                loop {
                    let page = self.http.changes(since, FEED_PAGE, &from.database).await;
                    crate::browser::mark("clientele:feed-page");
                    let more = matches!(&page, Ok(p) if p.more && p.resync.is_none());
                    if let Ok(p) = &page {
                        since = p.next;
                    }
                    if send.unbounded_send(page).is_err() || !more {
                        return;
                    }
                }
            };
            let write = async {
                let mut batch = Merge::default();
                let mut committed = false;
                while let Some(page) = pages.next().await {
                    let page = page?;
                    if page.resync.is_some() {
                        return Ok(true);
                    }
                    cursor = FeedCursor {
                        database: page.database_id,
                        next: page.next,
                        complete: !page.more,
                        synced_at_ms: js_sys::Date::now() as i64,
                    };
                    let percent = (page.next.max(0) * 100) / page.revision.max(1);
                    self.sync
                        .status
                        .update(|s| s.first_read = Some(percent.min(100) as u8));
                    batch.items.extend(page.changes);
                    batch.cursor = Some(cursor.clone());
                    let size = if committed {
                        LATER_BATCHES
                    } else {
                        FIRST_BATCH
                    };
                    if !page.more || batch.items.len() >= size {
                        committed = true;
                        let batch = std::mem::take(&mut batch);
                        self.local.merge_cached(batch, &mut buckets).await?;
                        crate::browser::mark("clientele:feed-merged");
                    }
                }
                Ok::<bool, StoreError>(false)
            };
            let ((), restart) = futures::join!(fetch, write);
            if !restart? {
                *self.sync.just_read.borrow_mut() = buckets.into_customers();
                return Ok(());
            }
            // Another database, or purged past our position: start over from nothing.
            self.local.clear_replica().await?;
            cursor = FeedCursor::default();
            buckets = BucketCache::empty();
        }
    }

    fn announce(&self, merged: Merged) {
        if !merged.customers.is_empty() || merged.settings {
            self.emit(StoreEvent::Changed {
                customers: merged.customers,
                settings: merged.settings,
            });
        }
    }

    /// Polls the feed while the page is visible, and at once on focus or reconnection.
    pub fn keep_in_sync(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let visible = || {
            web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| !d.hidden())
        };
        let me = self.clone();
        let tick = Closure::<dyn FnMut()>::new(move || {
            if visible() {
                me.sync_soon();
            }
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            POLL_MS,
        );
        for event in ["focus", "online"] {
            let _ = window.add_event_listener_with_callback(event, tick.as_ref().unchecked_ref());
        }
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                tick.as_ref().unchecked_ref(),
            );
        }
        // The app's lifetime: never removed.
        tick.forget();
    }

    /// A write's answer as the replica keeps it: each record with the version the server
    /// gave it (a record whose version is not known yet comes with the feed instead).
    fn merge_of(&self, delta: &Delta) -> Merge {
        let mut items = Vec::new();
        for c in &delta.customers {
            if let Some(version) = self.http.known_version(&format!("c:{}", c.id)) {
                items.push(FeedItem {
                    revision: 0,
                    change: FeedChange::Customer(Versioned {
                        record: c.clone(),
                        version,
                    }),
                });
            }
        }
        for s in &delta.subscriptions {
            if let Some(version) = self.http.known_version(&format!("s:{}", s.id)) {
                items.push(FeedItem {
                    revision: 0,
                    change: FeedChange::Subscription(Versioned {
                        record: s.clone(),
                        version,
                    }),
                });
            }
        }
        Merge {
            items,
            left: delta.left.clone(),
            cursor: None,
        }
    }

    fn offline(&self) {
        self.sync.status.update(|s| s.offline = true);
    }
}

/// A read of single records, once the replica is open and caught up: from it, or from the
/// server where there is none.
macro_rules! read {
    ($self:ident, $s:ident => $call:expr) => {{
        let _ = $self.caught_up().await;
        if $self.direct() {
            let $s = &$self.http;
            $call.await
        } else {
            let $s = &$self.local;
            $call.await
        }
    }};
}

impl ReplicaStore {
    /// Every subscription in the replica; `None` without one (reads go to the server).
    pub async fn all_subscriptions(&self) -> Result<Option<Vec<Subscription>>, StoreError> {
        let _ = self.caught_up().await;
        if self.direct() {
            return Ok(None);
        }
        self.local.all_subscriptions().await.map(Some)
    }
}

impl CustomerStore for ReplicaStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        self.all_customers(|_| {}).await
    }

    async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let opened = self.opened().await;
        if self.direct() {
            return self.http.all_customers(first).await;
        }
        if let Err(e) = opened {
            // With nothing read yet there is no book to show; a part read before is shown.
            if self.local.feed_cursor().await?.next == 0 {
                return Err(e);
            }
        }
        if let Some(all) = self.sync.just_read.take() {
            return Ok(all);
        }
        self.local.all_customers(first).await
    }

    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        read!(self, s => s.customer(id))
    }

    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        read!(self, s => s.removed_customers())
    }

    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        read!(self, s => s.subscriptions(id))
    }

    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        read!(self, s => s.activity())
    }

    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        read!(self, s => s.customer_activity(id, limit))
    }

    async fn apply(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError> {
        let _ = self.caught_up().await;
        if self.direct() {
            return self.http.apply(change, stamp).await;
        }
        // If-Match: the version this tab read (or wrote since, which the HTTP store knows).
        for (key, version) in self.local.read_versions(&change.touches()).await? {
            self.http.know_version(key, version);
        }
        let result = self.http.apply(change, stamp).await;
        match &result {
            Ok(delta) => {
                if let Err(e) = self.local.merge(self.merge_of(delta)).await {
                    // Saved on the server; only this copy lags, until the next feed read.
                    self.emit(StoreEvent::Failed(e));
                }
                // The write's log entry (and whatever else changed) before the pages read
                // the replica again. Saved already: a failure here only delays them.
                let _ = self.sync().await;
            }
            Err(StoreError::Offline(_)) => self.offline(),
            // Someone else's version: into the replica, so "Show their version" shows it.
            Err(StoreError::Conflict(_)) => {
                let _ = self.sync().await;
            }
            Err(_) => {}
        }
        result
    }

    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        self.http.refresh_versions(change).await
    }

    async fn settings(&self) -> Result<Settings, StoreError> {
        if self.direct() {
            return self.http.settings().await;
        }
        match self.http.settings().await {
            Ok(settings) => {
                // Kept for the times the server can't be reached. Not awaited: that write
                // waits for any read of the whole replica to end (an open's), and the pages,
                // which wait for the settings, would show only after it.
                let local = self.local.clone();
                let kept = settings.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = local.keep_server_settings(&kept).await;
                });
                Ok(settings)
            }
            Err(StoreError::Offline(why)) => {
                self.offline();
                match self.local.server_settings().await {
                    Ok(Some(mut settings)) => {
                        settings.exports = super::http::local_exports();
                        Ok(settings)
                    }
                    _ => Err(StoreError::Offline(why)),
                }
            }
            Err(e) => Err(e),
        }
    }

    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        let result = self.http.save_settings(settings).await;
        if matches!(result, Err(StoreError::Offline(_))) {
            self.offline();
        }
        result
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
