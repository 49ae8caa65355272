//! What reads and changes the loaded customer list: the records read from the store, their
//! sort, the search index, and each write's or another tab's records. It is code of the
//! list's wasm chunk (issue 17), like the list's view, so a first visit, whose book is
//! empty, never fetches it (the records' readers and the Unicode tables that search folds
//! names with are most of it); the app reaches it through [`get`].

use std::rc::Rc;

use clientele_domain::delta::Delta;
use clientele_domain::listing::Listing;
use clientele_domain::model::{Customer, CustomerId, Subscription};
use futures::future::LocalBoxFuture;

use crate::lazy_pages::{chunk_entry, ChunkMissing};
use crate::store::{CustomerStore, Store, StoreError};

/// Customers as stored now, by ID: `None` for one without a relationship.
pub type Records = Vec<(CustomerId, Option<Customer>)>;

type Read<T> = LocalBoxFuture<'static, Result<T, StoreError>>;
/// Gets a first page of customers, where a book comes in pages.
pub type FirstPage = Rc<dyn Fn(&[Customer])>;

/// The list's operations, as functions of its chunk.
pub struct ListCode {
    /// Every customer (`first` gets a first page, where the book comes in pages).
    pub read: fn(Store, FirstPage) -> Read<Vec<Customer>>,
    /// Every subscription, for the active counts (`None`: the book has no such read).
    pub all_subscriptions: fn(Store) -> Read<Option<Vec<Subscription>>>,
    pub subscriptions: fn(Store, CustomerId) -> Read<Vec<Subscription>>,
    pub customer: fn(Store, CustomerId) -> Read<Option<Customer>>,
    pub new: fn(Vec<Customer>) -> Listing,
    pub apply: fn(&mut Listing, &Delta),
    pub replace: fn(&mut Listing, Records),
    pub index: fn(&Listing),
}

static LIST_CODE: ListCode = ListCode {
    read: |store, first| Box::pin(async move { store.all_customers(|page| first(page)).await }),
    all_subscriptions: |store| Box::pin(async move { store.all_subscriptions().await }),
    subscriptions: |store, id| Box::pin(async move { store.subscriptions(&id).await }),
    customer: |store, id| Box::pin(async move { store.customer(&id).await }),
    new: Listing::new,
    apply: Listing::apply,
    replace: Listing::replace,
    index: |list| {
        list.index();
    },
};

// In the list's chunk (the one `pages::customers` shows the list from): fetched once, then
// at hand.
chunk_entry!(
    customer_list,
    fn list_code() -> &'static ListCode {
        &LIST_CODE
    }
);

/// The list's operations, its chunk fetched first.
pub async fn get() -> Result<&'static ListCode, ChunkMissing> {
    list_code().await
}
