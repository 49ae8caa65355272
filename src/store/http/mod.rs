//! The REST backend (crates/server/openapi.json) behind the same store interface, so every
//! page works unchanged against a shared book.
//!
//! Records are versioned: every read remembers each record's version, and every write sends
//! it back as `If-Match`, so a write based on a stale read is refused (412) instead of
//! silently undoing someone else's. Creates carry an `Idempotency-Key` derived from the new
//! customer's ID, so a retried add never makes a second customer.
//!
//! Reads belong to the page that asked for them: each is aborted when the reactive owner that
//! started it (the page, or the resource it reads through) is cleaned up. Writes are never aborted: one sent must be seen through.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::api::{
    Created, EntryPage, ErrorBody, Health, Import, Me, NewCustomer, Page, Record, Removed, Rename,
    SettingsForm, SubscriptionUpdate, Versioned, API_VERSION,
};
use clientele_domain::book::{Change, RemovedCustomer};
use clientele_domain::delta::Delta;
use clientele_domain::model::{Customer, CustomerId, Subscription, SubscriptionId};
use clientele_domain::settings::{Settings, SettingsDraft};
use futures::stream::{self, StreamExt};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{CustomerStore, StoreError};
use crate::browser::{local_get, local_set};

/// Where the backend is and who we are to it: kept in localStorage under [`CONFIG_KEY`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpConfig {
    /// The server's address, e.g. "https://clientele.example.org" (no trailing slash needed).
    pub url: String,
    pub token: String,
}

impl HttpConfig {
    /// The address without a trailing slash, so paths can be appended.
    pub fn base(&self) -> String {
        self.url.trim().trim_end_matches('/').to_string()
    }
}

/// Export preferences are the user's own (their spreadsheet's locale), not the team's: with a
/// backend they stay in this browser.
const EXPORTS_KEY: &str = crate::keys::EXPORTS;

/// The export preferences kept in this browser.
pub fn local_exports() -> clientele_domain::export::ExportSettings {
    local_get(EXPORTS_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Customers per page when the whole list is read: the server's maximum.
const LIST_PAGE: u32 = 500;
/// List pages requested at once: browsers allow six connections per host, and the page's
/// own requests need some.
const PAGES_IN_FLIGHT: usize = 4;
/// Customers per request when a local book is copied to the server.
pub const COPY_BATCH: usize = 200;

/// Customers per request of a bulk action (tag, remove): well under the server's
/// `MAX_BATCH`, so a large selection shows its progress batch by batch.
pub const BULK_BATCH: usize = 1_000;
const _: () = assert!(BULK_BATCH <= clientele_domain::api::MAX_BATCH);

#[derive(Clone)]
pub struct HttpStore {
    config: Rc<HttpConfig>,
    /// Record versions from the last read: "c:{id}" for customers, "s:{id}" for
    /// subscriptions, "settings".
    versions: Rc<RefCell<HashMap<String, i64>>>,
    /// Requests in flight, for the header's "Working…" indicator.
    pub pending: RwSignal<u32>,
    /// While the customer list is read page by page: (read, total).
    pub progress: RwSignal<Option<(u64, u64)>>,
    /// While an import or a bulk action goes to the server in batches: (customers done, in
    /// all).
    pub batches: RwSignal<Option<(u64, u64)>>,
    /// Imports that stopped part way, by ID: what got through, so sending one again resumes.
    imports: Rc<RefCell<HashMap<clientele_domain::model::ImportId, imports::Sent>>>,
}

/// What "Test connection" found.
#[derive(Clone, Debug, PartialEq)]
pub enum Connection {
    Connected { health: Health, me: Me },
    Unreachable(String),
    NotAServer,
    Incompatible { server_api: u32 },
    Unauthorized(String),
}

mod feed;
mod imports;
mod paging;
mod reads;
mod store_impl;
mod transport;
mod versions;
mod views;

use transport::{body, etag, etag_of, network_error};

impl HttpStore {
    pub fn new(config: HttpConfig) -> Self {
        Self {
            config: Rc::new(config),
            versions: Rc::default(),
            pending: RwSignal::new(0),
            progress: RwSignal::new(None),
            batches: RwSignal::new(None),
            imports: Rc::default(),
        }
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base())
    }

    /// Health (no token needed), then who the token is.
    pub async fn test_connection(&self) -> Connection {
        let base = self.config.base();
        let resp = match Request::get(&self.url("/api/health")).send().await {
            Ok(r) => r,
            Err(e) => return Connection::Unreachable(network_error(&e, &base).to_string()),
        };
        let Ok(health) = resp.json::<Health>().await else {
            return Connection::NotAServer;
        };
        if health.api_version != API_VERSION {
            return Connection::Incompatible {
                server_api: health.api_version,
            };
        }
        match self.get::<Me>("/api/me").await {
            Ok(me) => Connection::Connected { health, me },
            Err(StoreError::Unauthorized(why)) => Connection::Unauthorized(why),
            Err(e) => Connection::Unreachable(e.to_string()),
        }
    }
}
