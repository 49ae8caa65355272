//! A book kept on a server, out of the first download (issue 17). Most people keep their
//! book in this browser, so the HTTP backend and the replica ([`ReplicaStore`], its feed
//! types and their deserializers) live in a wasm chunk of their own, `server_store`,
//! fetched the first time a store of this kind is used. The main module holds only
//! [`ServerStore`], which forwards every operation to the chunk through [`ServerBackend`]
//! (a trait object the chunk builds), and the signals the shell shows.
//!
//! The store's operations are async already, so waiting for the chunk is one more await.
//! A chunk that cannot be fetched (offline before the service worker had it) fails the
//! operation with [`StoreError::CodeMissing`], which the page shows like any failed read;
//! the next operation asks for the chunk again.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::book::{Change, RemovedCustomer};
use clientele_domain::delta::Delta;
use clientele_domain::model::{Customer, CustomerId, ImportId, Subscription};
use clientele_domain::settings::Settings;
use clientele_domain::views::SavedView;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;

use super::{
    CustomerStore, HttpConfig, HttpStore, Listener, ReplicaStore, StoreError, StoreWarning,
    SyncStatus,
};
use crate::lazy_pages::{chunk_entry, ChunkMissing};

type Boxed<'a, T> = LocalBoxFuture<'a, Result<T, StoreError>>;
/// `all_customers`' first part, handed over as it comes.
type First<'a> = Box<dyn FnOnce(&[Customer]) + 'a>;

/// The server store as the main module calls it: [`CustomerStore`] and the replica's own
/// operations, with boxed futures so it can be a trait object built in the chunk.
pub trait ServerBackend {
    fn open(&self) -> LocalBoxFuture<'_, Vec<StoreWarning>>;
    fn watch(&self, on_event: Listener);
    fn keep_in_sync(&self);
    fn all_subscriptions(&self) -> Boxed<'_, Option<Vec<Subscription>>>;
    fn all_customers<'a>(&'a self, first: First<'a>) -> Boxed<'a, Vec<Customer>>;
    fn customer<'a>(&'a self, id: &'a CustomerId) -> Boxed<'a, Option<Customer>>;
    fn removed_customers(&self) -> Boxed<'_, Vec<RemovedCustomer>>;
    fn subscriptions<'a>(&'a self, id: &'a CustomerId) -> Boxed<'a, Vec<Subscription>>;
    fn activity(&self) -> Boxed<'_, Vec<Entry>>;
    fn customer_activity<'a>(&'a self, id: &'a CustomerId, limit: usize) -> Boxed<'a, Vec<Entry>>;
    fn apply(&self, change: Change, stamp: Stamp) -> Boxed<'_, Delta>;
    fn refresh_versions<'a>(&'a self, change: &'a Change) -> Boxed<'a, ()>;
    fn settings(&self) -> Boxed<'_, Settings>;
    fn save_settings(&self, settings: Settings) -> Boxed<'_, ()>;
    fn views(&self) -> Boxed<'_, Vec<SavedView>>;
    fn save_view<'a>(&'a self, view: &'a SavedView) -> Boxed<'a, Vec<SavedView>>;
    fn delete_view<'a>(&'a self, name: &'a str) -> Boxed<'a, ()>;
    /// How far an import sent from this page got before it stopped (see
    /// [`HttpStore::import_sent`]).
    fn import_sent(&self, id: &ImportId) -> Option<usize>;
}

impl ServerBackend for ReplicaStore {
    fn open(&self) -> LocalBoxFuture<'_, Vec<StoreWarning>> {
        Box::pin(ReplicaStore::open(self))
    }
    fn watch(&self, on_event: Listener) {
        ReplicaStore::watch(self, on_event)
    }
    fn keep_in_sync(&self) {
        ReplicaStore::keep_in_sync(self)
    }
    fn all_subscriptions(&self) -> Boxed<'_, Option<Vec<Subscription>>> {
        Box::pin(ReplicaStore::all_subscriptions(self))
    }
    fn all_customers<'a>(&'a self, first: First<'a>) -> Boxed<'a, Vec<Customer>> {
        Box::pin(CustomerStore::all_customers(self, first))
    }
    fn customer<'a>(&'a self, id: &'a CustomerId) -> Boxed<'a, Option<Customer>> {
        Box::pin(CustomerStore::customer(self, id))
    }
    fn removed_customers(&self) -> Boxed<'_, Vec<RemovedCustomer>> {
        Box::pin(CustomerStore::removed_customers(self))
    }
    fn subscriptions<'a>(&'a self, id: &'a CustomerId) -> Boxed<'a, Vec<Subscription>> {
        Box::pin(CustomerStore::subscriptions(self, id))
    }
    fn activity(&self) -> Boxed<'_, Vec<Entry>> {
        Box::pin(CustomerStore::activity(self))
    }
    fn customer_activity<'a>(&'a self, id: &'a CustomerId, limit: usize) -> Boxed<'a, Vec<Entry>> {
        Box::pin(CustomerStore::customer_activity(self, id, limit))
    }
    fn apply(&self, change: Change, stamp: Stamp) -> Boxed<'_, Delta> {
        Box::pin(CustomerStore::apply(self, change, stamp))
    }
    fn refresh_versions<'a>(&'a self, change: &'a Change) -> Boxed<'a, ()> {
        Box::pin(CustomerStore::refresh_versions(self, change))
    }
    fn settings(&self) -> Boxed<'_, Settings> {
        Box::pin(CustomerStore::settings(self))
    }
    fn save_settings(&self, settings: Settings) -> Boxed<'_, ()> {
        Box::pin(CustomerStore::save_settings(self, settings))
    }
    fn views(&self) -> Boxed<'_, Vec<SavedView>> {
        Box::pin(self.http().views())
    }
    fn save_view<'a>(&'a self, view: &'a SavedView) -> Boxed<'a, Vec<SavedView>> {
        Box::pin(self.http().save_view(view))
    }
    fn delete_view<'a>(&'a self, name: &'a str) -> Boxed<'a, ()> {
        Box::pin(self.http().delete_view(name))
    }
    fn import_sent(&self, id: &ImportId) -> Option<usize> {
        self.http().import_sent(id)
    }
}

/// What the shell shows of a server store (requests in flight, loading and batch progress,
/// the replica's state): made here, before the chunk arrives, and handed to it.
#[derive(Clone, Copy)]
pub struct ServerSignals {
    /// Requests in flight, for the header's "Working…".
    pub pending: RwSignal<u32>,
    /// While the customer list is read page by page: (read, total).
    pub progress: RwSignal<Option<(u64, u64)>>,
    /// While an import or a bulk action goes to the server in batches: (done, in all).
    pub batches: RwSignal<Option<(u64, u64)>>,
    pub status: RwSignal<SyncStatus>,
}

// Builds the server store; the code it reaches (and only it) is the `server_store` chunk.
chunk_entry!(
    server_store,
    fn build_backend(config: HttpConfig, signals: ServerSignals) -> Rc<dyn ServerBackend> {
        backend(config, signals)
    }
);

fn backend(config: HttpConfig, signals: ServerSignals) -> Rc<dyn ServerBackend> {
    let mut http = HttpStore::new(config);
    http.pending = signals.pending;
    http.progress = signals.progress;
    http.batches = signals.batches;
    Rc::new(ReplicaStore::new(http, signals.status))
}

/// A team's book on a server, read through a replica in this browser (see the module's
/// comment): forwards to the chunk's store once it has been fetched.
#[derive(Clone)]
pub struct ServerStore {
    config: HttpConfig,
    signals: ServerSignals,
    inner: Rc<Inner>,
}

/// The chunk's store being built (the chunk fetched first).
type Loading = Shared<LocalBoxFuture<'static, Result<Rc<dyn ServerBackend>, ()>>>;

#[derive(Default)]
struct Inner {
    backend: RefCell<Option<Rc<dyn ServerBackend>>>,
    loading: RefCell<Option<Loading>>,
    /// Listeners told to watch before the chunk came: handed to its store when it comes.
    listeners: RefCell<Vec<Listener>>,
    /// `keep_in_sync` was asked for: started as soon as the store is there.
    keep_in_sync: Cell<bool>,
}

impl ServerStore {
    pub fn new(config: HttpConfig) -> Self {
        Self {
            config,
            signals: ServerSignals {
                pending: RwSignal::new(0),
                progress: RwSignal::new(None),
                batches: RwSignal::new(None),
                status: RwSignal::new(SyncStatus::default()),
            },
            inner: Rc::default(),
        }
    }

    pub fn signals(&self) -> ServerSignals {
        self.signals
    }

    /// The chunk's store, fetched the first time (and again after a failed fetch). Built
    /// once: the operations that wait for the chunk together share one build, so there is
    /// one replica (one database connection, one feed reader).
    async fn backend(&self) -> Result<Rc<dyn ServerBackend>, StoreError> {
        if let Some(b) = self.inner.backend.borrow().clone() {
            return Ok(b);
        }
        let loading = self
            .inner
            .loading
            .borrow_mut()
            .get_or_insert_with(|| {
                build_backend(self.config.clone(), self.signals)
                    .map(|built| built.map_err(|ChunkMissing| ()))
                    .boxed_local()
                    .shared()
            })
            .clone();
        match loading.clone().await {
            Ok(built) => {
                if self.inner.backend.borrow().is_none() {
                    *self.inner.backend.borrow_mut() = Some(built.clone());
                    for listener in self.inner.listeners.take() {
                        built.watch(listener);
                    }
                    if self.inner.keep_in_sync.get() {
                        built.keep_in_sync();
                    }
                }
                Ok(built)
            }
            Err(()) => {
                // Not remembered: the next operation asks for the chunk again.
                let mut current = self.inner.loading.borrow_mut();
                if current.as_ref().is_some_and(|l| l.ptr_eq(&loading)) {
                    *current = None;
                }
                Err(StoreError::CodeMissing)
            }
        }
    }

    /// Opens the replica; a chunk that cannot be fetched is said by the reads that follow.
    pub async fn open(&self) -> Vec<StoreWarning> {
        match self.backend().await {
            Ok(b) => b.open().await,
            Err(_) => Vec::new(),
        }
    }

    pub fn watch(&self, on_event: Listener) {
        match self.inner.backend.borrow().as_ref() {
            Some(b) => b.watch(on_event),
            None => self.inner.listeners.borrow_mut().push(on_event),
        }
    }

    /// Polls the server's feed from now on (once the chunk is there, if it is not yet).
    pub fn keep_in_sync(&self) {
        if self.inner.keep_in_sync.replace(true) {
            return;
        }
        if let Some(b) = self.inner.backend.borrow().as_ref() {
            b.keep_in_sync();
        }
    }

    pub async fn all_subscriptions(&self) -> Result<Option<Vec<Subscription>>, StoreError> {
        self.backend().await?.all_subscriptions().await
    }

    /// The user's saved views, kept on the server.
    pub async fn views(&self) -> Result<Vec<SavedView>, StoreError> {
        self.backend().await?.views().await
    }

    pub async fn save_view(&self, view: &SavedView) -> Result<Vec<SavedView>, StoreError> {
        self.backend().await?.save_view(view).await
    }

    pub async fn delete_view(&self, name: &str) -> Result<(), StoreError> {
        self.backend().await?.delete_view(name).await
    }

    /// The views as the server last gave them to this browser (a copy kept for while it
    /// can't be reached); none if it never did. Read here, without the chunk.
    pub fn views_as_read(&self) -> Vec<SavedView> {
        crate::saved_views::stored_at(&crate::keys::server_views(
            &self.config.base(),
            &self.config.token,
        ))
    }

    /// How far an import sent from this page got before it stopped: the customers the
    /// server has, or `None` if none went (or the chunk never came).
    pub fn import_sent(&self, id: &ImportId) -> Option<usize> {
        self.inner.backend.borrow().as_ref()?.import_sent(id)
    }
}

impl CustomerStore for ServerStore {
    async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let b = self.backend().await?;
        b.all_customers(Box::new(first)).await
    }
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        let b = self.backend().await?;
        b.all_customers(Box::new(|_| {})).await
    }
    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.backend().await?.customer(id).await
    }
    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        self.backend().await?.removed_customers().await
    }
    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        self.backend().await?.subscriptions(id).await
    }
    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        self.backend().await?.activity().await
    }
    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        self.backend().await?.customer_activity(id, limit).await
    }
    async fn apply(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError> {
        self.backend().await?.apply(change, stamp).await
    }
    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        self.backend().await?.refresh_versions(change).await
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        self.backend().await?.settings().await
    }
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        self.backend().await?.save_settings(settings).await
    }
}
