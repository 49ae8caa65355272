//! Clientele's domain: what can be said about a customer book without a browser.
//!
//! Records ([`model`]), the partner's [`settings`], the in-memory [`book`] every store
//! applies writes to, [`search`] and [`list`] for the customer list, [`export`] for
//! Excel-compatible CSV, deterministic [`sample`] data, the virtual-scroll [`window`], and
//! the [`invite`] email that asks a customer to accept a reseller relationship.
//!
//! ```
//! use clientele_domain::{sample, search::SearchIndex};
//! let book = sample::generate(1, 50);
//! let index = SearchIndex::new(&book.customers);
//! assert_eq!(index.search("").len(), 50);
//! ```

pub mod book;
pub mod export;
pub mod guid;
pub mod invite;
pub mod list;
pub mod model;
pub mod sample;
pub mod search;
pub mod settings;
pub mod time;
pub mod validate;
pub mod window;
