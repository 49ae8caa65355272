//! What changes the loaded customer list: its sort, its search index and each write's or
//! another tab's records. It is code of the list's wasm chunk (issue 17), like the list's
//! view, so a first visit, whose book is empty, never fetches it (the Unicode tables that
//! search folds names with are most of it); the app reaches it through [`list_code`].

use clientele_domain::delta::Delta;
use clientele_domain::listing::Listing;
use clientele_domain::model::{Customer, CustomerId};

use crate::lazy_pages::{chunk_entry, ChunkMissing};

/// Customers as stored now, by ID: `None` for one without a relationship.
pub type Records = Vec<(CustomerId, Option<Customer>)>;

/// The list's operations, as functions of its chunk.
pub struct ListCode {
    pub new: fn(Vec<Customer>) -> Listing,
    pub apply: fn(&mut Listing, &Delta),
    pub replace: fn(&mut Listing, Records),
    pub index: fn(&Listing),
}

static LIST_CODE: ListCode = ListCode {
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
