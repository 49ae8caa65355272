//! The API end to end, through `app(state).oneshot(..)` on a real database: SQLite by
//! default, PostgreSQL when TEST_DATABASE_URL is set (see scripts/pg).

mod activity;
mod changes;
mod common;
mod customers;
mod imports;
mod meta;
mod roles;
mod settings_users;
mod subscriptions;
mod tags;
mod views;
