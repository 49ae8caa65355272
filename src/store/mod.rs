//! Where the customer book is kept. One narrow async interface, one implementation per
//! backend, chosen at run time: the UI never assumes storage is synchronous.

mod browser;

pub(crate) use browser::local_storage;
pub use browser::{BrowserStore, Persistence};

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::book::{BookError, Change, RemovedCustomer};
use clientele_domain::model::{Customer, CustomerId, Subscription};
use clientele_domain::settings::Settings;
use std::fmt;

/// Every failure carries what the UI needs to say something useful.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser refused the write: its storage for this site is full.
    QuotaExceeded,
    /// Storage is unavailable (disabled, private mode, blocked by policy...).
    Unavailable(String),
    /// Stored data could not be read and was kept aside; writes are refused until resolved.
    ReadOnly(String),
    /// A rule of the book was broken (an unknown customer, a bad name, active subscriptions...).
    Rejected(BookError),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QuotaExceeded => f.write_str(
                "This browser's storage for Clientele is full (browsers allow about 5 MB), so the change was not saved. Nothing was lost: the list shows what is stored.",
            ),
            Self::Unavailable(why) => write!(f, "Browser storage is unavailable: {why}. Nothing was saved."),
            Self::ReadOnly(why) => write!(f, "Changes are not being saved: {why}"),
            Self::Rejected(why) => write!(f, "{why}"),
        }
    }
}

impl From<BookError> for StoreError {
    fn from(e: BookError) -> Self {
        Self::Rejected(e)
    }
}

/// Something the store found when it opened, which the user should know about.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreWarning(pub String);

/// The store interface every backend implements. Single-threaded (wasm), so the futures
/// need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait CustomerStore {
    /// The customers with a relationship, in no particular order.
    async fn customers(&self) -> Result<Vec<Customer>, StoreError>;
    /// A customer with a relationship; removed customers are in [`Self::removed_customers`].
    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError>;
    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError>;
    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError>;
    /// The whole activity log, oldest first.
    async fn activity(&self) -> Result<Vec<Entry>, StoreError>;
    /// Applies one change with its log entries, all or nothing.
    async fn apply(&self, change: Change, stamp: Stamp) -> Result<(), StoreError>;
    async fn settings(&self) -> Result<Settings, StoreError>;
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError>;
}

/// The backend in use. A REST backend joins as another variant.
#[derive(Clone)]
pub enum Store {
    Browser(BrowserStore),
}

impl Store {
    /// What the store found when it opened (unreadable data kept aside, for instance).
    pub fn warnings(&self) -> Vec<StoreWarning> {
        match self {
            Self::Browser(s) => s.warnings(),
        }
    }

    /// Roughly how many customers (with their subscriptions) this store can hold, if limited.
    pub fn capacity_hint(&self) -> Option<usize> {
        match self {
            Self::Browser(s) => s.capacity_hint(),
        }
    }
}

macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Store::Browser($s) => $call.await,
        }
    };
}

impl CustomerStore for Store {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        delegate!(self, s => s.customers())
    }
    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        delegate!(self, s => s.customer(id))
    }
    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        delegate!(self, s => s.removed_customers())
    }
    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        delegate!(self, s => s.subscriptions(id))
    }
    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        delegate!(self, s => s.activity())
    }
    async fn apply(&self, change: Change, stamp: Stamp) -> Result<(), StoreError> {
        delegate!(self, s => s.apply(change, stamp))
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        delegate!(self, s => s.settings())
    }
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        delegate!(self, s => s.save_settings(settings))
    }
}
