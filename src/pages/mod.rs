//! One module per page.

pub mod customer_links;
pub mod customers;
pub mod settings;
