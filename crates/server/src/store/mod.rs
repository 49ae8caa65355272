//! The customer book in the database: reads, writes through the domain's book, settings,
//! users, their saved views and idempotency keys. Functions take a connection, which may be a transaction's.

pub mod apply;
pub mod feed;
pub mod imports;
pub mod keys;
pub mod read;
pub mod rows;
pub mod settings;
pub mod users;
pub mod views;
