//! One module per page.

pub mod account;
mod account_tags;
pub mod activity;
pub mod customer_links;
pub mod customers;
pub mod import;
pub mod invite;
pub mod removed;
pub mod settings;
pub mod wizard;
