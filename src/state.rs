//! App-wide state: the store, the loaded customers and settings, and notices for the user.

use clientele_domain::activity::Stamp;
use clientele_domain::book::Change;
use clientele_domain::listing::Listing;
use clientele_domain::model::{Customer, CustomerId};
use clientele_domain::settings::Settings;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::sync::Arc;

use clientele_domain::roles::{allows, Permission};

use crate::lazy_pages::{chunk_entry, ChunkMissing};
use crate::list_code::{self, ListCode, Records};
use crate::store::{
    BrowserStore, CustomerStore, Persistence, ServerStore, StorageChoice, Store, StoreError,
    StoreEvent,
};
use futures::future::LocalBoxFuture;

/// Something to tell the user, shown in the banner area until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Error,
    Info,
}

/// Loaded customers in display order with their search index, shared cheaply with every
/// reader, and updated in place from each write's delta (readers hold it only briefly, so
/// `Arc::make_mut` rarely has to copy).
pub type Customers = Arc<Listing>;

#[derive(Clone, Copy)]
pub struct AppState {
    store: StoredValue<Store, LocalStorage>,
    /// `None` while loading.
    pub customers: RwSignal<Option<Result<Customers, StoreError>>>,
    pub settings: RwSignal<Option<Result<Settings, StoreError>>>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Bumped after every write, so pages that read the store load again.
    pub version: RwSignal<u64>,
    /// The element to focus once a page has rendered again after a write (the page is
    /// rebuilt from the store, so the element focused before is gone).
    focus_after_load: StoredValue<Option<String>>,
    /// A write the server refused because the record changed meanwhile (412), kept so the
    /// user can apply it to the latest version.
    pub conflict: RwSignal<Option<Change>>,
}

impl AppState {
    /// Opens the store chosen by the URL (`?storage=memory` keeps everything in memory, for
    /// trying things out and for benchmarks) and starts loading.
    pub fn start() -> Self {
        let memory = crate::browser::location_query()
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair == "storage=memory");
        let persistence = if memory {
            Persistence::Memory
        } else {
            Persistence::IndexedDb
        };
        let store = match StorageChoice::load() {
            StorageChoice::Server(config) if !memory => Store::Server(ServerStore::new(config)),
            _ => Store::Browser(BrowserStore::local(persistence)),
        };
        let state = Self {
            store: StoredValue::new_local(store.clone()),
            customers: RwSignal::new(None),
            settings: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            version: RwSignal::new(0),
            focus_after_load: StoredValue::new(None),
            conflict: RwSignal::new(None),
        };
        store.watch(move |event| state.on_store_event(event));
        spawn_local(async move {
            let warnings = store.open().await;
            crate::browser::mark("clientele:opened");
            for warning in warnings {
                state.notify(NoticeKind::Error, warning.to_string());
            }
            if store.in_memory() {
                state.notify(NoticeKind::Info, crate::i18n::t("errors.storage.memory"));
            }
            // The settings first: the pages wait for them (they hold the user's role), so they
            // are ready while the customers are still being read, and the rows show as soon
            // as those are in (asked after, the settings came after every customer).
            state.reload_settings();
            state.reload_customers();
            if let Some(server) = store.server() {
                server.keep_in_sync();
            }
        });
        state
    }

    /// Another tab's commit: those customers are shown as they are now, nothing else is
    /// read again. Pages keep what they show (and what is typed in them): a write based on
    /// an older copy gets the conflict dialog instead of overwriting.
    fn on_store_event(self, event: StoreEvent) {
        match event {
            StoreEvent::Changed {
                customers,
                settings,
            } => {
                if !customers.is_empty() {
                    self.replace_customers(customers);
                }
                if settings {
                    self.reload_settings();
                }
            }
            StoreEvent::Failed(e) => self.notify(NoticeKind::Error, e.to_string()),
            StoreEvent::Outdated => {
                self.notify(NoticeKind::Error, crate::i18n::t("errors.storage.outdated"))
            }
            StoreEvent::Reload => self.reload_customers(),
        }
    }

    /// The list's code, or `None` once the user has been told it could not be fetched.
    async fn list_code_or_say(self) -> Option<&'static ListCode> {
        let code = list_code::get().await.ok();
        if code.is_none() {
            self.notify(NoticeKind::Error, StoreError::ListCodeMissing.to_string());
        }
        code
    }

    /// These customers as they are now, in the list (the list's code fetched first).
    fn replace_customers(self, customers: Records) {
        spawn_local(async move {
            let Some(code) = self.list_code_or_say().await else {
                return;
            };
            let ids = customers.iter().map(|(id, _)| id.clone()).collect();
            self.customers.update(|c| {
                if let Some(Ok(list)) = c {
                    (code.replace)(Arc::make_mut(list), customers);
                }
            });
            self.recount_subscriptions(code, ids);
        });
    }

    pub fn store(&self) -> Store {
        self.store.get_value()
    }

    pub fn reload_customers(self) {
        let store = self.store();
        spawn_local(async move {
            // An empty book needs none of the list's code: a first visit never fetches it. A
            // browser that has shown a list gets the code ready while the book is counted.
            let (empty, early) = if crate::browser::local_get(crate::keys::LIST_SHOWN).is_some() {
                let (empty, code) = futures::future::join(store.is_empty(), list_code::get()).await;
                (empty, Some(code))
            } else {
                (store.is_empty().await, None)
            };
            let code = match empty {
                Ok(true) => {
                    // No subscriptions either: counted (none), so each write's delta keeps
                    // the counts from here.
                    let mut empty = Listing::default();
                    empty.count_subscriptions(&[]);
                    self.customers.set(Some(Ok(Arc::new(empty))));
                    crate::browser::mark("clientele:listed-all");
                    return;
                }
                Ok(false) => match early {
                    Some(code) => code,
                    None => list_code::get().await,
                },
                Err(e) => return self.customers.set(Some(Err(e))),
            };
            let Ok(code) = code else {
                return self.customers.set(Some(Err(StoreError::ListCodeMissing)));
            };
            // A large book over the network: the first page shows while the rest comes
            // (the header says how far it got).
            let first = Rc::new(move |page: &[Customer]| {
                let listed = Arc::new((code.new)(page.to_vec()));
                self.customers.set(Some(Ok(listed)));
            });
            let loaded = (code.read)(store, first).await;
            crate::browser::mark("clientele:read");
            self.customers
                .set(Some(loaded.map(|list| Arc::new((code.new)(list)))));
            crate::browser::mark("clientele:listed-all");
            // The search index is made once the rows have painted, so they need not wait for
            // it and the first search finds it made.
            crate::browser::after_paint(move || {
                self.customers.with_untracked(|c| {
                    if let Some(Ok(list)) = c {
                        (code.index)(list);
                    }
                });
                crate::browser::mark("clientele:indexed");
            });
            self.count_subscriptions(code).await;
        });
    }

    /// Counts each customer's active subscriptions for the list once per load, after its
    /// rows show; writes keep the counts up to date from their deltas (`Listing::apply`).
    async fn count_subscriptions(self, code: &ListCode) {
        match (code.all_subscriptions)(self.store()).await {
            Ok(Some(all)) => self.customers.update(|c| {
                if let Some(Ok(list)) = c {
                    Arc::make_mut(list).count_subscriptions(&all);
                }
            }),
            // Read from the server alone: the column stays empty.
            Ok(None) => {}
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }

    /// Another tab's or a teammate's change to these customers: their subscriptions are read
    /// again, one customer at a time for a few, all at once for many.
    fn recount_subscriptions(self, code: &'static ListCode, ids: Vec<CustomerId>) {
        const ONE_BY_ONE: usize = 64;
        let counted = self
            .customers
            .with_untracked(|c| matches!(c, Some(Ok(list)) if list.active().is_some()));
        if !counted {
            return;
        }
        let store = self.store();
        spawn_local(async move {
            if ids.len() > ONE_BY_ONE {
                return self.count_subscriptions(code).await;
            }
            let mut now = Vec::with_capacity(ids.len());
            for id in ids {
                match (code.subscriptions)(store.clone(), id.clone()).await {
                    Ok(subscriptions) => now.push((id, subscriptions)),
                    Err(e) => return self.notify(NoticeKind::Error, e.to_string()),
                }
            }
            self.customers.update(|c| {
                if let Some(Ok(list)) = c {
                    Arc::make_mut(list).recount(&now);
                }
            });
        });
    }

    pub fn reload_settings(self) {
        let store = self.store();
        spawn_local(async move {
            let loaded = store.settings().await;
            crate::browser::mark("clientele:settings");
            self.settings.set(Some(loaded));
        });
    }

    /// Applies a change stamped with now and the current user, then refreshes what shows it.
    pub async fn apply(self, change: Change) -> Result<(), StoreError> {
        let stamp = Stamp {
            at_ms: js_sys::Date::now() as i64,
            by: self.user_name(),
        };
        crate::browser::mark("clientele:apply");
        let result = self.store().apply(change.clone(), stamp).await;
        match result {
            Ok(delta) => {
                crate::browser::mark("clientele:committed");
                // The list shows what the write did; nothing is read again.
                // (The write is committed: without the list's code, only the list is stale.)
                let Some(code) = self.list_code_or_say().await else {
                    self.version.update(|v| *v += 1);
                    return Ok(());
                };
                self.customers.update(|c| {
                    if let Some(Ok(list)) = c {
                        (code.apply)(Arc::make_mut(list), &delta);
                    }
                });
                crate::browser::mark("clientele:listed");
                self.version.update(|v| *v += 1);
                Ok(())
            }
            Err(e) => {
                if matches!(e, StoreError::Conflict(_)) {
                    self.conflict.set(Some(change));
                }
                Err(e)
            }
        }
    }

    /// After a conflict: reads the latest versions of what the change writes, and applies
    /// it again on top of them.
    pub async fn reapply(self, change: Change) -> Result<(), StoreError> {
        match reapply_code(self, change).await {
            Ok(reapply) => reapply.await,
            Err(ChunkMissing) => Err(StoreError::WriteCodeMissing),
        }
    }

    /// After a conflict, "Show their version": the records the change would have written
    /// are read again and shown; pages read theirs again too. The rest of the list stays.
    pub fn show_latest(self, change: Change) {
        let store = self.store();
        spawn_local(async move {
            let Some(code) = self.list_code_or_say().await else {
                return;
            };
            let mut now = Vec::new();
            for id in change.touches().customers {
                match (code.customer)(store.clone(), id.clone()).await {
                    Ok(c) => now.push((id, c)),
                    Err(e) => return self.notify(NoticeKind::Error, e.to_string()),
                }
            }
            if !now.is_empty() {
                self.replace_customers(now);
            }
            self.version.update(|v| *v += 1);
        });
    }

    /// Whether the current user's role allows `p` (the server enforces it as well).
    pub fn can(&self, p: Permission) -> bool {
        allows(self.current_settings().user.role, p)
    }

    pub fn focus_after_load(&self, id: impl Into<String>) {
        self.focus_after_load.set_value(Some(id.into()));
    }

    /// Moves focus where a write asked for it, once the new render is in the document.
    pub fn restore_focus(&self) {
        if let Some(id) = self
            .focus_after_load
            .try_update_value(Option::take)
            .flatten()
        {
            request_animation_frame(move || crate::browser::focus_by_id(&id));
        }
    }

    /// Who the activity log names: the display name from settings.
    pub fn user_name(&self) -> String {
        let name = self.current_settings().user.display_name;
        if name.trim().is_empty() {
            crate::i18n::t("errors.unnamed_user").into()
        } else {
            name
        }
    }

    /// The settings once loaded, or the defaults.
    pub fn current_settings(&self) -> Settings {
        self.settings
            .with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    }

    pub fn partner_name(&self) -> String {
        self.settings.with(|s| match s {
            Some(Ok(s)) => s.partner.display_name.clone(),
            _ => String::new(),
        })
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|list| {
            let id = list.last().map_or(1, |n| n.id + 1);
            list.push(Notice { id, kind, text });
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|list| list.retain(|n| n.id != id));
    }
}

// Reading the records again is part of writing: in the writes' chunk (issue 17).
chunk_entry!(
    browser_write,
    fn reapply_code(
        state: AppState,
        change: Change,
    ) -> LocalBoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move {
            state.store().refresh_versions(&change).await?;
            state.apply(change).await
        })
    }
);

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
