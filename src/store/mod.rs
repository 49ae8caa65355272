//! Where the customer book is kept. One narrow async interface, one implementation per
//! backend, chosen at run time: the UI never assumes storage is synchronous.

mod browser;
mod http;
mod idb;
mod replica;
mod server;
pub mod space;
mod tabs;

pub use browser::{BrowserStore, BucketCache, FeedCursor, Merge, Merged, Persistence};
pub use http::{Connection, HttpConfig, HttpStore, BULK_BATCH, COPY_BATCH};
pub use replica::{ReplicaStore, SyncStatus};
pub use server::{ServerBackend, ServerSignals, ServerStore};

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::book::{BookError, Change, RemovedCustomer};
use clientele_domain::delta::Delta;
use clientele_domain::model::{Customer, CustomerId, Subscription};
use clientele_domain::settings::Settings;

/// Every failure carries what the UI needs to say something useful.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser refused the write: its storage for this site is full.
    QuotaExceeded,
    /// Storage is unavailable (disabled, private mode, blocked by policy...).
    Unavailable(String),
    /// Stored data could not be read and was left in place; writes are refused so they
    /// never overwrite it. Says which data and why.
    ReadOnly(StoreWarning),
    /// A rule of the book was broken (an unknown customer, a bad name, active subscriptions...).
    Rejected(BookError),
    /// The backend server could not be reached (offline, or the server is down).
    Offline(String),
    /// The server did not accept the access token (401).
    Unauthorized(String),
    /// The user's role does not allow this (403).
    Forbidden(String),
    /// The record changed on the server since it was read (412): someone else's edit.
    Conflict(String),
    /// No customer with this ID (or the server's own message for another record).
    NotFound(String),
    /// No customer with this ID (when its version was looked for).
    NoCustomer(String),
    /// The server's answer (with this status) could not be read.
    UnreadableAnswer { status: u16, why: String },
    /// A newer version of Clientele took over the database in another tab.
    Outdated,
    /// The server refused the input (400, 409, 422), naming the field when it can.
    Invalid {
        field: Option<String>,
        message: String,
    },
    /// Any other failure of the server (5xx) or of its answer.
    Server { status: u16, message: String },
    /// The page that asked left before the answer came; nobody is waiting for it.
    Cancelled,
    /// The code that works with a server (a wasm chunk, `server.rs`) could not be
    /// downloaded; asked for again by the next operation.
    CodeMissing,
    /// The code that writes to this browser's book (a wasm chunk, `browser/write.rs`) could
    /// not be downloaded: nothing was written; asked for again by the next write.
    WriteCodeMissing,
    /// The code that sorts and updates the customer list (the list's chunk, `list_code.rs`)
    /// could not be downloaded.
    ListCodeMissing,
}

impl From<BookError> for StoreError {
    fn from(e: BookError) -> Self {
        Self::Rejected(e)
    }
}

/// Told of what changes without being asked.
pub type Listener = std::rc::Rc<dyn Fn(StoreEvent)>;

/// What a store tells the app without being asked.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreEvent {
    /// Another tab (or a teammate) changed these customers: each as it is now, `None` for
    /// one no longer in the list. `settings`: the settings changed too.
    Changed {
        customers: Vec<(CustomerId, Option<Customer>)>,
        settings: bool,
    },
    /// Reading another tab's change failed.
    Failed(StoreError),
    /// A newer version of Clientele opened the book in another tab: this tab must reload.
    Outdated,
    /// The book was read again from nothing (a replica the server told to start over): the
    /// list must be read again.
    Reload,
}

/// Something the store found when it opened, which the user should know about (worded by
/// `i18n`, in the UI's language).
#[derive(Clone, Debug, PartialEq)]
pub enum StoreWarning {
    /// The browser's database could not be opened: the book is kept in memory only.
    Unavailable { why: String },
    /// Stored data written by a newer version: left untouched.
    Newer { what: Stored, why: String },
    /// Stored data that could not be read, copied aside under `aside`.
    KeptAside {
        what: Stored,
        why: String,
        aside: String,
    },
    /// Stored data that could not be read, with no room to copy it aside: left in place.
    NoRoom { what: Stored, why: String },
    /// The book in localStorage could not be moved into the database; tried again next time.
    NotMigrated { why: String },
}

/// Which stored data a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    Book,
    Settings,
}

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
    /// A customer's latest `limit` log entries, newest first.
    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError>;
    /// Applies one change with its log entries, all or nothing, and says which records it
    /// wrote, so the app shows them without reading everything again.
    async fn apply(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError>;
    async fn settings(&self) -> Result<Settings, StoreError>;
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError>;

    /// Every customer, `first` getting a first part as soon as there is one, so a large
    /// book that arrives in pages shows rows at once.
    async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let _ = first;
        self.customers().await
    }

    /// After a conflict: reads again the records `change` writes, so applying it again
    /// builds on their latest versions.
    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        let _ = change;
        Ok(())
    }
}

/// Where the book is kept, as chosen in Settings → Storage (localStorage [`CONFIG_KEY`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StorageChoice {
    #[default]
    Browser,
    Server(HttpConfig),
}

impl StorageChoice {
    /// What was saved; anything unreadable is this browser. Read through a plain struct: the
    /// enum's derived (internally tagged) reader buffers the value first and is 6 KB of the
    /// first download's code (issue 17); the text is the same.
    pub fn load() -> Self {
        #[derive(serde::Deserialize)]
        struct Saved {
            kind: String,
            url: Option<String>,
            token: Option<String>,
        }
        let saved = crate::local::get(crate::keys::STORAGE_CHOICE)
            .and_then(|t| serde_json::from_str::<Saved>(&t).ok());
        match saved {
            Some(Saved {
                kind,
                url: Some(url),
                token: Some(token),
            }) if kind == "server" => Self::Server(HttpConfig { url, token }),
            _ => Self::Browser,
        }
    }

    pub fn save(&self) -> Result<(), String> {
        let text = serde_json::to_string(self).map_err(|e| e.to_string())?;
        crate::browser::local_set(crate::keys::STORAGE_CHOICE, &text)
    }
}

/// The backend in use: this browser, or a server shared by a team.
#[derive(Clone)]
pub enum Store {
    Browser(BrowserStore),
    /// A team's book on a server, read from its replica in this browser (the code in a
    /// chunk of its own).
    Server(ServerStore),
}

impl Store {
    /// Opens the store (the browser's database; a server needs nothing) and says what it
    /// found that the user should know.
    pub async fn open(&self) -> Vec<StoreWarning> {
        match self {
            Self::Browser(s) => {
                s.ready().await;
                s.warnings()
            }
            Self::Server(s) => s.open().await,
        }
    }

    /// Whether nothing is saved: the book lives in this page's memory only.
    pub fn in_memory(&self) -> bool {
        matches!(self, Self::Browser(s) if s.persistence() == Persistence::Memory)
    }

    /// Calls `on_event` for what changes without this tab asking: other tabs' commits, and
    /// a newer version taking over the database.
    pub fn watch(&self, on_event: impl Fn(StoreEvent) + 'static) {
        match self {
            Self::Browser(s) => s.watch(std::rc::Rc::new(on_event)),
            Self::Server(s) => s.watch(std::rc::Rc::new(on_event)),
        }
    }

    /// Whether this browser's book surely holds no customer, found without reading any
    /// (a first visit's start reads nothing more); a server's book is read to know.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        match self {
            Self::Browser(s) => s.is_empty().await,
            Self::Server(_) => Ok(false),
        }
    }

    /// Whether the book is a team's, on a server (so a trial load would touch others' data).
    pub fn is_shared(&self) -> bool {
        matches!(self, Self::Server(_))
    }

    /// Every subscription in the book, read at once (to count each customer's active ones
    /// once, not per row); `None` where the book is read from the server alone (no replica),
    /// which has no such read.
    pub async fn all_subscriptions(&self) -> Result<Option<Vec<Subscription>>, StoreError> {
        match self {
            Self::Browser(s) => s.all_subscriptions().await.map(Some),
            Self::Server(s) => s.all_subscriptions().await,
        }
    }

    pub fn server(&self) -> Option<&ServerStore> {
        match self {
            Self::Server(s) => Some(s),
            Self::Browser(_) => None,
        }
    }
}

macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Store::Browser($s) => $call.await,
            Store::Server($s) => $call.await,
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
    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        delegate!(self, s => s.customer_activity(id, limit))
    }
    async fn apply(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError> {
        delegate!(self, s => s.apply(change, stamp))
    }
    async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        delegate!(self, s => s.all_customers(first))
    }
    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        delegate!(self, s => CustomerStore::refresh_versions(s, change))
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        delegate!(self, s => s.settings())
    }
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        delegate!(self, s => s.save_settings(settings))
    }
}
