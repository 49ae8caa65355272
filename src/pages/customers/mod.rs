//! The customer list page: the book's customers, searched, filtered, exported and shown in
//! a virtualised table; a sample book to start with when it is empty.

mod bulk;
mod cards;
mod export;
mod keys;
mod list;
mod rows;
mod sample;
mod sort;
mod table;
mod url;
mod views;

use std::rc::Rc;

use clientele_domain::list::ResellerFilter;
use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::browser::app_href;
use crate::components::allowed::NotAllowed;
use crate::i18n::{t, tf};
use crate::lazy_pages::{chunk_entry, LazyPart};
use crate::state::use_app_state;

use sample::EmptyBook;
use table::CustomerList;

/// What the page shows; the list itself reads the customers, so a reload of the book
/// (after a write) updates the list in place instead of rebuilding it, search box and all.
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Failed(String),
    Empty,
    List,
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = use_app_state();
    let shown = Memo::new(move |_| {
        state.customers.with(|c| match c {
            None => Shown::Loading,
            Some(Err(e)) => Shown::Failed(e.to_string()),
            Some(Ok(list)) if list.is_empty() => Shown::Empty,
            Some(Ok(_)) => Shown::List,
        })
    });
    // Adding a customer while the list shows one reseller's customers preselects it.
    let query = use_query_map();
    let add_href =
        move || match query.with(|q| ResellerFilter::from_param(q.get("reseller").as_deref())) {
            ResellerFilter::Reseller(id) => format!("/customers/new?reseller={id}"),
            _ => "/customers/new".to_string(),
        };
    view! {
        <div class="page-head">
            <h1>{t("customers.title")}</h1>
            <div class="page-actions">
                {move || if state.can(Permission::SendInvitations) {
                    view! { <A href=app_href("/customers/invite") attr:class="button">{t("customers.invite")}</A> }.into_any()
                } else {
                    view! { <NotAllowed permission=Permission::SendInvitations label=t("customers.invite") id="invite-denied" /> }.into_any()
                }}
                // As for the sample data: a book in this browser is the user's own to fill.
                {move || if state.can(Permission::ImportCustomers) || !state.store().is_shared() {
                    view! { <A href=app_href("/customers/import") attr:class="button">{t("customers.import")}</A> }.into_any()
                } else {
                    view! { <NotAllowed permission=Permission::ImportCustomers label=t("customers.import") id="import-denied" /> }.into_any()
                }}
                {move || if state.can(Permission::AddCustomers) {
                    view! { <A href=move || app_href(&add_href()) attr:class="button primary">{t("customers.add")}</A> }.into_any()
                } else {
                    view! { <NotAllowed permission=Permission::AddCustomers label=t("customers.add") id="add-denied" /> }.into_any()
                }}
            </div>
        </div>
        {move || match shown.get() {
            Shown::Loading => view! { <p role="status">{t("customers.loading")}</p> }.into_any(),
            // Whatever failed (storage, the network, the list's code) may work a moment later.
            Shown::Failed(e) => view! {
                <p role="alert">{tf("customers.load_failed", &[("error", &e)])}</p>
                <button type="button" on:click=move |_| state.reload_customers()>{t("app.chunk.retry")}</button>
            }.into_any(),
            Shown::Empty => view! { <EmptyBook /> }.into_any(),
            Shown::List => view! { <LazyPart part=Rc::new(|| Box::pin(customer_list())) /> }.into_any(),
        }}
    }
}

// The list itself (table or cards, search, filters, sorting, views, selection) is a wasm chunk
// of its own (issue 17): a first visit, whose book is empty, never needs it; a later one has
// it from the service worker's cache.
chunk_entry!(
    customer_list,
    fn customer_list() -> AnyView {
        // A hint, not a record: losing it costs a later start one round trip.
        let _ = crate::browser::local_set(crate::keys::LIST_SHOWN, "1");
        view! { <CustomerList /> }.into_any()
    }
);
