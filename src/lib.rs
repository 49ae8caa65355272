//! Clientele's web app: wires the domain crate to the DOM. `App` is exported so browser
//! tests can mount it.

pub mod app;
pub mod backend_status;
pub mod browser;
pub mod components;
pub mod header;
pub mod hooks;
pub mod i18n;
pub mod keys;
pub mod lazy_pages;
pub mod list_code;
pub mod local;
pub mod pages;
pub mod saved_views;
pub mod shortcuts;
pub mod state;
pub mod store;

pub use app::App;
