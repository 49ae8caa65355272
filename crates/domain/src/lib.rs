//! Clientele's domain: what can be said about a customer book without a browser.
//!
//! Records ([`model`]), the partner's [`settings`], the in-memory [`book`] every store
//! applies writes to, [`search`] and [`list`] for the customer list, [`export`] for
//! Excel-compatible CSV, deterministic [`sample`] data, and the virtual-scroll [`window`].
//! The rules for a customer's legal name are in [`company_name`], and the offers that can
//! be sold, with their licence bounds, in [`catalogue`]; [`countries`] lists the countries
//! and cultures a customer can have, and where a registration ID is required. The
//! add-customer [`wizard`] puts them together: a draft as typed, its steps and their rules.
//! Every write is a [`book::Change`], recorded in the [`activity`] log.
//! The [`invite`] email asks a customer to accept a reseller relationship. Who may do what
//! is in [`roles`]. The REST API's JSON bodies are in [`api`]. A customer's [`tags`] and
//! the list's [`sort`] orders are rules of their own.
//!
//! ```
//! use clientele_domain::{sample, search::SearchIndex};
//! let book = sample::generate(1, 50);
//! let index = SearchIndex::new(&book.customers);
//! assert_eq!(index.search("").len(), 50);
//! ```

pub mod active;
pub mod activity;
pub mod api;
pub mod backup;
pub mod book;
pub mod bucket;
pub mod catalogue;
pub mod columns;
pub mod company_name;
pub mod countries;
pub mod delta;
pub mod export;
pub mod guid;
pub mod i18n;
pub mod import;
pub mod invite;
pub mod list;
pub mod listing;
pub mod model;
pub mod roles;
pub mod sample;
pub mod search;
pub mod settings;
pub mod sort;
pub mod tags;
pub mod time;
pub mod validate;
pub mod views;
pub mod window;
pub mod wizard;
