//! Clientele's reference REST server: the customer book behind an HTTP API, for teams.
//!
//! - [`app`] builds the axum router for an [`AppState`]; `main.rs` serves it and has the
//!   `user add` subcommand that makes bearer tokens.
//! - [`db`] connects to SQLite (the default, one file) or PostgreSQL (`DATABASE_URL`) and
//!   runs the schema migrations at start.
//! - [`store`] reads records and applies writes. A write is a domain
//!   [`Change`](clientele_domain::book::Change), applied by the domain's own
//!   [`Book::apply`](clientele_domain::book::Book::apply) to the records it touches, so the
//!   server and the browser share every rule and every activity-log entry.
//! - [`routes`] are the endpoints, documented in `openapi.json` (served at `/openapi.json`);
//!   who may call what is [`clientele_domain::roles`].
//!
//! Why sqlx with its Any driver: it is async on tokio (axum's runtime), well maintained,
//! speaks both SQLite and PostgreSQL from one code path with runtime-checked queries (no
//! database is needed to compile, unlike its macros), and pools connections. Diesel is
//! synchronous and needs a backend per type; SeaORM adds an ORM we don't need.
//! Migrations are a short runner of our own ([`db`]) rather than sqlx's, whose embedding
//! macro needs the macros feature and whose runtime form reads files from disk.

pub mod db;
pub mod error;
pub mod routes;
pub mod store;

use axum::http::HeaderValue;
use axum::Router;

pub use db::Db;

/// What every request handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    /// Origins allowed to call the API from a browser (CORS); none means same-origin only.
    pub origins: Vec<HeaderValue>,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
}

/// The default largest request body: a customer with its subscriptions is a few KB; a bulk
/// import of sample data is the largest request the app makes.
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;

impl AppState {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            origins: Vec::new(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

/// The whole API as a router, ready to serve or to call with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
