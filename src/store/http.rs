//! The REST backend (crates/server/openapi.json) behind the same store interface, so every
//! page works unchanged against a shared book.
//!
//! Records are versioned: every read remembers each record's version, and every write sends
//! it back as `If-Match`, so a write based on a stale read is refused (412) instead of
//! silently undoing someone else's. Creates carry an `Idempotency-Key` derived from the new
//! customer's ID, so a retried add never makes a second customer.
//!
//! Reads belong to the page that asked for them: [`HttpStore::left_page`] aborts them when
//! the page is left. Writes are never aborted: one sent must be seen through.

use std::cell::{Cell, RefCell};
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
use crate::i18n::tf;

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

/// Customers per page when the whole list is read: the server's maximum.
const LIST_PAGE: u32 = 500;
/// List pages requested at once: browsers allow six connections per host, and the page's
/// own requests need some.
const PAGES_IN_FLIGHT: usize = 4;
/// Customers per request when a local book is copied to the server.
pub const COPY_BATCH: usize = 200;

#[derive(Clone)]
pub struct HttpStore {
    config: Rc<HttpConfig>,
    /// Record versions from the last read: "c:{id}" for customers, "s:{id}" for
    /// subscriptions, "settings".
    versions: Rc<RefCell<HashMap<String, i64>>>,
    /// The reads in flight, aborted when the page that asked is left.
    reads: Rc<RefCell<Vec<Read>>>,
    next_read: Rc<Cell<u64>>,
    /// The path of the page shown: a change of path is a page left.
    shown_path: Rc<RefCell<String>>,
    /// Requests in flight, for the header's "Working…" indicator.
    pub pending: RwSignal<u32>,
    /// While the customer list is read page by page: (read, total).
    pub progress: RwSignal<Option<(u64, u64)>>,
}

/// A read in flight.
struct Read {
    id: u64,
    started_ms: f64,
    controller: web_sys::AbortController,
}

/// How long before a page change a read may have started and still be the new page's.
const NEW_PAGE_GRACE_MS: f64 = 50.0;

/// What "Test connection" found.
#[derive(Clone, Debug, PartialEq)]
pub enum Connection {
    Connected { health: Health, me: Me },
    Unreachable(String),
    NotAServer,
    Incompatible { server_api: u32 },
    Unauthorized(String),
}

impl HttpStore {
    pub fn new(config: HttpConfig) -> Self {
        Self {
            config: Rc::new(config),
            versions: Rc::default(),
            reads: Rc::default(),
            next_read: Rc::default(),
            shown_path: Rc::new(RefCell::new(location_path())),
            pending: RwSignal::new(0),
            progress: RwSignal::new(None),
        }
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base())
    }

    /// Cancels the reads of a page as soon as the address changes, through the browser's
    /// Navigation API (`currententrychange` fires for every same-document navigation,
    /// pushState and replaceState included). Called once, when the store is opened.
    pub fn watch_navigation(&self) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(navigation) = js_sys::Reflect::get(&window, &"navigation".into()) else {
            return;
        };
        let Some(target) = navigation.dyn_ref::<web_sys::EventTarget>() else {
            return;
        };
        let store = self.clone();
        let on_change = Closure::<dyn Fn()>::new(move || store.left_page());
        if target
            .add_event_listener_with_callback(
                "currententrychange",
                on_change.as_ref().unchecked_ref(),
            )
            .is_ok()
        {
            // The store lives as long as the page.
            on_change.forget();
        }
    }

    /// The address has changed: if to another page, the reads the page left had started are
    /// aborted. A read begun in the last moments before is kept: the new page starts its
    /// reads as it renders, which can come just before the address changes.
    pub fn left_page(&self) {
        let path = location_path();
        if *self.shown_path.borrow() == path {
            // Only the query changed (a filter, a search): the same page, still waiting.
            return;
        }
        *self.shown_path.borrow_mut() = path;
        let before = js_sys::Date::now() - NEW_PAGE_GRACE_MS;
        self.reads.borrow_mut().retain(|read| {
            if read.started_ms < before {
                read.controller.abort();
                false
            } else {
                true
            }
        });
    }

    /// A new read: its abort signal, and its number to forget it by once answered.
    fn start_read(&self) -> Option<(u64, web_sys::AbortSignal)> {
        let controller = web_sys::AbortController::new().ok()?;
        let signal = controller.signal();
        let id = self.next_read.get() + 1;
        self.next_read.set(id);
        self.reads.borrow_mut().push(Read {
            id,
            started_ms: js_sys::Date::now(),
            controller,
        });
        Some((id, signal))
    }

    fn end_read(&self, id: u64) {
        self.reads.borrow_mut().retain(|r| r.id != id);
    }

    async fn send(&self, req: RequestBuilder, read: bool) -> Result<Response, StoreError> {
        self.send_json(req, None::<&()>, read).await
    }

    /// Sends `req` with the token, and `json` as its body if given.
    async fn send_json(
        &self,
        req: RequestBuilder,
        json: Option<&impl Serialize>,
        read: bool,
    ) -> Result<Response, StoreError> {
        let started = if read { self.start_read() } else { None };
        let signal = started.as_ref().map(|(_, signal)| signal.clone());
        let req = req
            .header(
                "Authorization",
                &format!("Bearer {}", self.config.token.trim()),
            )
            .abort_signal(signal.as_ref());
        let req = match json {
            Some(value) => req.json(value),
            None => req.build(),
        }
        .map_err(client_error)?;
        self.pending.update(|n| *n += 1);
        let sent = req.send().await;
        self.pending.update(|n| *n = n.saturating_sub(1));
        if let Some((id, _)) = started {
            self.end_read(id);
        }
        let resp = sent.map_err(|e| network_error(&e, &self.config.base()))?;
        if resp.ok() {
            Ok(resp)
        } else {
            Err(error_of(resp).await)
        }
    }

    /// A read for the page on screen: cancelled if the page is left.
    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, StoreError> {
        let resp = self.send(Request::get(&self.url(path)), true).await?;
        body(resp).await
    }

    /// A read for the whole app (the customer list every page shares): never cancelled.
    async fn get_kept<T: DeserializeOwned>(&self, path: &str) -> Result<T, StoreError> {
        let resp = self.send(Request::get(&self.url(path)), false).await?;
        body(resp).await
    }

    fn remember(&self, key: String, version: i64) {
        self.versions.borrow_mut().insert(key, version);
    }

    fn version(&self, key: &str) -> Option<i64> {
        self.versions.borrow().get(key).copied()
    }

    fn remember_customer(&self, c: &Versioned<Customer>) {
        self.remember(format!("c:{}", c.record.id), c.version);
    }

    fn remember_subscription(&self, s: &Versioned<Subscription>) {
        self.remember(format!("s:{}", s.record.id), s.version);
    }

    /// Every page of the customer list, with progress while it comes, each customer's version
    /// remembered. `first` gets the first page as soon as it arrives, so a large book shows
    /// rows at once while the rest loads.
    pub async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let result = self.read_all_customers(first).await;
        self.progress.set(None);
        result
    }

    async fn read_all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let page = |n: u64| async move {
            let path = format!("/api/customers?sort=name&limit={LIST_PAGE}&page={n}");
            self.get_kept::<Page<Versioned<Customer>>>(&path).await
        };
        let mut all = Vec::new();
        let keep = |all: &mut Vec<Customer>, items: Vec<Versioned<Customer>>| {
            for c in items {
                self.remember_customer(&c);
                all.push(c.record);
            }
        };
        let head = page(1).await?;
        let total = head.total.max(0) as u64;
        let pages = total.div_ceil(LIST_PAGE as u64).max(1);
        keep(&mut all, head.items);
        if pages == 1 {
            return Ok(all);
        }
        first(&all);
        self.progress.set(Some((all.len() as u64, total)));
        // A few requests in flight at once, answered in order.
        let mut rest = stream::iter(2..=pages).map(page).buffered(PAGES_IN_FLIGHT);
        while let Some(next) = rest.next().await {
            keep(&mut all, next?.items);
            self.progress.set(Some((all.len() as u64, total)));
        }
        Ok(all)
    }

    /// The version of a customer as the server has it now, active or removed.
    async fn fetch_customer_version(&self, id: &CustomerId) -> Result<(), StoreError> {
        match self
            .get::<Versioned<Customer>>(&format!("/api/customers/{id}"))
            .await
        {
            Ok(c) => {
                self.remember_customer(&c);
                Ok(())
            }
            // Removed: the list of removed customers remembers their versions.
            Err(StoreError::NotFound(_)) => self.removed_list().await.map(drop),
            Err(e) => Err(e),
        }
    }

    async fn removed_list(&self) -> Result<Vec<Removed>, StoreError> {
        let list: Vec<Removed> = self.get("/api/customers/removed").await?;
        for r in &list {
            self.remember_customer(&r.customer);
        }
        Ok(list)
    }

    /// Reads again the versions of what `change` writes: after a conflict, applying the
    /// same change once more then overwrites the newer version knowingly.
    pub async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        let touches = change.touches();
        for id in &touches.customers {
            self.fetch_customer_version(id).await?;
        }
        for id in &touches.subscriptions {
            self.fetch_subscription_version(id).await?;
        }
        Ok(())
    }

    async fn fetch_subscription_version(&self, id: &SubscriptionId) -> Result<(), StoreError> {
        let s: Versioned<Subscription> = self.get(&format!("/api/subscriptions/{id}")).await?;
        self.remember_subscription(&s);
        Ok(())
    }

    async fn customer_if_match(&self, id: &CustomerId) -> Result<String, StoreError> {
        let key = format!("c:{id}");
        if self.version(&key).is_none() {
            self.fetch_customer_version(id).await?;
        }
        self.version(&key).map(etag).ok_or_else(|| {
            StoreError::NotFound(tf("errors.no_customer", &[("id", &id.to_string())]))
        })
    }

    async fn write_customer(
        &self,
        req: RequestBuilder,
        json: Option<&impl Serialize>,
        id: &CustomerId,
    ) -> Result<Response, StoreError> {
        let tag = self.customer_if_match(id).await?;
        let resp = self
            .send_json(req.header("If-Match", &tag), json, false)
            .await?;
        if let Some(v) = etag_of(&resp) {
            self.remember(format!("c:{id}"), v);
        }
        Ok(resp)
    }

    async fn update_subscription(
        &self,
        id: &SubscriptionId,
        update: &SubscriptionUpdate,
    ) -> Result<Delta, StoreError> {
        let key = format!("s:{id}");
        if self.version(&key).is_none() {
            self.fetch_subscription_version(id).await?;
        }
        let tag = self.version(&key).map(etag).unwrap_or_default();
        let req =
            Request::patch(&self.url(&format!("/api/subscriptions/{id}"))).header("If-Match", &tag);
        let resp = self.send_json(req, Some(update), false).await?;
        if let Some(v) = etag_of(&resp) {
            self.remember(key, v);
        }
        let now: Versioned<Subscription> = body(resp).await?;
        Ok(Delta {
            subscriptions: vec![now.record],
            ..Delta::default()
        })
    }

    /// Imports customers with their subscriptions in one request (the bulk load, and the
    /// copy of a local book).
    pub async fn import(
        &self,
        customers: Vec<Customer>,
        subscriptions: Vec<Subscription>,
    ) -> Result<(), StoreError> {
        let req = Request::post(&self.url("/api/customers/import"));
        let import = Import {
            customers,
            subscriptions,
        };
        self.send_json(req, Some(&import), false).await.map(|_| ())
    }

    /// Every customer ID the server has, active or removed: what a copy must skip.
    pub async fn known_ids(&self) -> Result<HashSet<CustomerId>, StoreError> {
        let mut ids: HashSet<CustomerId> = self
            .all_customers(|_| {})
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.extend(
            self.removed_list()
                .await?
                .into_iter()
                .map(|r| r.customer.record.id),
        );
        Ok(ids)
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

/// The path in the address bar now.
pub fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

fn etag_of(resp: &Response) -> Option<i64> {
    resp.headers()
        .get("etag")?
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .ok()
}

fn network_error(e: &gloo_net::Error, base: &str) -> StoreError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => StoreError::Cancelled,
        _ => StoreError::Offline(base.to_string()),
    }
}

fn client_error(e: gloo_net::Error) -> StoreError {
    StoreError::Server {
        status: 0,
        message: e.to_string(),
    }
}

async fn body<T: DeserializeOwned>(resp: Response) -> Result<T, StoreError> {
    resp.json::<T>().await.map_err(|e| StoreError::Server {
        status: resp.status(),
        message: tf("errors.unreadable_answer", &[("why", &e.to_string())]),
    })
}

/// The server's JSON error as a store error the UI knows how to explain.
async fn error_of(resp: Response) -> StoreError {
    let status = resp.status();
    let body: ErrorBody = resp.json().await.unwrap_or_else(|_| ErrorBody {
        message: resp.status_text(),
        ..ErrorBody::default()
    });
    let message = body.message;
    match status {
        401 => StoreError::Unauthorized(message),
        403 => StoreError::Forbidden(message),
        404 => StoreError::NotFound(message),
        412 | 428 => StoreError::Conflict(message),
        400 | 409 | 413 | 422 => {
            let field = body
                .field
                .or_else(|| body.errors.first().map(|e| e.field.clone()));
            let message = match body.errors.first() {
                Some(e) if body.errors.len() == 1 => e.message.clone(),
                _ => message,
            };
            StoreError::Invalid { field, message }
        }
        _ => StoreError::Server { status, message },
    }
}

impl CustomerStore for HttpStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        HttpStore::all_customers(self, |_| {}).await
    }

    async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        HttpStore::all_customers(self, first).await
    }

    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        HttpStore::refresh_versions(self, change).await
    }

    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        match self
            .get::<Versioned<Customer>>(&format!("/api/customers/{id}"))
            .await
        {
            Ok(c) => {
                self.remember_customer(&c);
                Ok(Some(c.record))
            }
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        Ok(self
            .removed_list()
            .await?
            .into_iter()
            .map(|r| RemovedCustomer {
                customer: r.customer.record,
                removed_at_ms: r.removed_at_ms,
                removed_by: r.removed_by,
            })
            .collect())
    }

    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        let subs: Vec<Versioned<Subscription>> = self
            .get(&format!("/api/customers/{id}/subscriptions"))
            .await?;
        for s in &subs {
            self.remember_subscription(s);
        }
        Ok(subs.into_iter().map(|s| s.record).collect())
    }

    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        let mut all = Vec::new();
        let mut page = 1;
        loop {
            let p: EntryPage = self
                .get(&format!("/api/activity?limit=1000&page={page}"))
                .await?;
            let last = p.items.len() < 1000;
            all.extend(p.items);
            if last || all.len() as i64 >= p.total {
                break;
            }
            page += 1;
        }
        // The server answers newest first; the interface gives the log oldest first.
        all.reverse();
        Ok(all)
    }

    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        let page: EntryPage = self
            .get(&format!("/api/activity?customer={id}&limit={limit}"))
            .await?;
        Ok(page.items)
    }

    /// The server stamps each entry with its own clock and the token's user: `_stamp` is
    /// what this browser would have said, and is not sent.
    async fn apply(&self, change: Change, _stamp: Stamp) -> Result<Delta, StoreError> {
        match change {
            Change::AddCustomers {
                customers,
                subscriptions,
            } => {
                let mut delta = Delta::default();
                for customer in customers {
                    let subs: Vec<Subscription> = subscriptions
                        .iter()
                        .filter(|s| s.customer_id == customer.id)
                        .cloned()
                        .collect();
                    let key = format!("add-customer-{}", customer.id);
                    let req =
                        Request::post(&self.url("/api/customers")).header("Idempotency-Key", &key);
                    let new = NewCustomer {
                        customer,
                        subscriptions: subs,
                    };
                    let resp = self.send_json(req, Some(&new), false).await?;
                    let created: Created = body(resp).await?;
                    self.remember_customer(&created.customer);
                    for s in created.subscriptions {
                        self.remember_subscription(&s);
                        delta.subscriptions.push(s.record);
                    }
                    delta.customers.push(created.customer.record);
                }
                Ok(delta)
            }
            Change::ImportCustomers {
                customers,
                subscriptions,
            } => {
                self.import(customers.clone(), subscriptions.clone())
                    .await?;
                Ok(Delta {
                    customers,
                    subscriptions,
                    ..Delta::default()
                })
            }
            Change::RenameCustomer { id, name } => {
                let req = Request::patch(&self.url(&format!("/api/customers/{id}")));
                let rename = Rename { company_name: name };
                let resp = self.write_customer(req, Some(&rename), &id).await?;
                let now: Versioned<Customer> = body(resp).await?;
                Ok(Delta {
                    customers: vec![now.record],
                    ..Delta::default()
                })
            }
            Change::RemoveRelationship { id } => {
                let req = Request::post(&self.url(&format!("/api/customers/{id}/remove")));
                self.write_customer(req, None::<&()>, &id).await?;
                Ok(Delta {
                    left: vec![id],
                    ..Delta::default()
                })
            }
            Change::ReinstateRelationship { id } => {
                let req = Request::post(&self.url(&format!("/api/customers/{id}/reinstate")));
                let resp = self.write_customer(req, None::<&()>, &id).await?;
                let now: Versioned<Customer> = body(resp).await?;
                Ok(Delta {
                    customers: vec![now.record],
                    unremoved: vec![id],
                    ..Delta::default()
                })
            }
            Change::SetQuantity { id, quantity } => {
                let update = SubscriptionUpdate {
                    quantity: Some(quantity),
                    status: None,
                };
                self.update_subscription(&id, &update).await
            }
            Change::SetStatus { id, status } => {
                let update = SubscriptionUpdate {
                    quantity: None,
                    status: Some(status),
                };
                self.update_subscription(&id, &update).await
            }
            Change::Record {
                action,
                customer_id,
                details,
            } => {
                let req = Request::post(&self.url("/api/activity"));
                let record = Record {
                    action: action.key().to_string(),
                    customer_id,
                    details,
                };
                self.send_json(req, Some(&record), false).await?;
                Ok(Delta::default())
            }
        }
    }

    async fn settings(&self) -> Result<Settings, StoreError> {
        let resp = self
            .send(Request::get(&self.url("/api/settings")), false)
            .await?;
        if let Some(v) = etag_of(&resp) {
            self.remember("settings".into(), v);
        }
        let mut settings: Settings = body(resp).await?;
        settings.exports = local_get(EXPORTS_KEY)
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Ok(settings)
    }

    /// The partner profile and resellers go to the server (when they changed: a user who
    /// may not manage settings can still keep their export preferences); the export
    /// preferences stay in this browser.
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        let current: Option<Settings> = {
            let resp = self
                .send(Request::get(&self.url("/api/settings")), false)
                .await?;
            if let Some(v) = etag_of(&resp) {
                // Only when we had none: a newer version than the one edited must give 412.
                self.versions
                    .borrow_mut()
                    .entry("settings".into())
                    .or_insert(v);
            }
            body(resp).await.ok()
        };
        let shared_changed = current
            .as_ref()
            .is_none_or(|c| c.partner != settings.partner || c.resellers != settings.resellers);
        if shared_changed {
            let form = SettingsForm {
                partner: settings.partner.clone(),
                resellers: SettingsDraft::of(&settings).resellers,
            };
            let tag = self.version("settings").map(etag).unwrap_or_default();
            let req = Request::put(&self.url("/api/settings")).header("If-Match", &tag);
            let resp = self.send_json(req, Some(&form), false).await?;
            if let Some(v) = etag_of(&resp) {
                self.remember("settings".into(), v);
            }
        }
        let exports = serde_json::to_string(&settings.exports).unwrap_or_default();
        local_set(EXPORTS_KEY, &exports).map_err(StoreError::Unavailable)
    }
}
