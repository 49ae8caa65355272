//! The customer named in the route, loaded for the pages about one customer (account,
//! subscriptions, services), and the writes those pages and the removed list share.

use clientele_domain::activity::Entry;
use clientele_domain::book::{Change, RemovedCustomer};
use clientele_domain::model::{Customer, CustomerId, Subscription};
use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::browser::app_href;
use crate::i18n::{t, tf};
use crate::state::{use_app_state, AppState, NoticeKind};
use crate::store::{CustomerStore, StoreError};

/// A customer as the account pages show it.
#[derive(Clone)]
pub struct Account {
    pub customer: Customer,
    /// Set when the relationship was removed.
    pub removed: Option<RemovedCustomer>,
    pub subscriptions: Vec<Subscription>,
    /// This customer's log entries, newest first.
    pub log: Vec<Entry>,
}

/// Loads the customer named in the route, removed or not; again after every write.
pub fn use_account() -> LocalResource<Result<Option<Account>, StoreError>> {
    let state = use_app_state();
    let params = use_params_map();
    LocalResource::new(move || {
        state.version.track();
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let store = state.store();
        let may_read_log = state.can(Permission::ViewActivityLog);
        async move {
            let Ok(id) = CustomerId::parse(&id) else {
                return Ok(None);
            };
            let (customer, removed) = match store.customer(&id).await? {
                Some(c) => (c, None),
                None => match store
                    .removed_customers()
                    .await?
                    .into_iter()
                    .find(|r| r.customer.id == id)
                {
                    Some(r) => (r.customer.clone(), Some(r)),
                    None => return Ok(None),
                },
            };
            let subscriptions = store.subscriptions(&id).await?;
            // The log is not every role's to read: the page shows why instead.
            let log = if may_read_log {
                store.customer_activity(&id, 20).await?
            } else {
                Vec::new()
            };
            Ok(Some(Account {
                customer,
                removed,
                subscriptions,
                log,
            }))
        }
    })
}

/// Renders `page` once the account has loaded, or what stands in the way.
pub fn with_account<V: IntoView + 'static>(
    account: LocalResource<Result<Option<Account>, StoreError>>,
    page: impl Fn(Account) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_app_state();
    move || {
        match account.get() {
        None => view! { <p role="status">{t("account.loading")}</p> }.into_any(),
        Some(Err(e)) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(None)) => view! {
            <h1>{t("account.not_found.title")}</h1>
            <p>{t("account.not_found.text")} " " <A href=app_href("/customers")>{t("account.not_found.back")}</A></p>
        }
        .into_any(),
        Some(Ok(Some(a))) => {
            let view = page(a).into_any();
            state.restore_focus();
            view
        }
    }
    }
}

/// Reinstates a removed customer, reporting a failure in `failure`.
pub fn reinstate(state: AppState, customer: &Customer, failure: RwSignal<String>) {
    let id = customer.id.clone();
    let name = customer.company_name.clone();
    spawn_local(async move {
        match state.apply(Change::ReinstateRelationship { id }).await {
            Ok(()) => {
                failure.set(String::new());
                state.notify(
                    NoticeKind::Info,
                    tf("account.reinstate.done", &[("name", &name)]),
                );
            }
            Err(e) => failure.set(tf("account.reinstate.failed", &[("why", &e.to_string())])),
        }
    });
}
