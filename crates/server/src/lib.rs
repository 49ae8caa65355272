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
//!   who may call what is [`clientele_domain::roles`], and the JSON bodies are the types of
//!   [`clientele_domain::api`], which the web app's HTTP store (`src/store/http.rs`) reads
//!   and writes too.
//!
//! Why sqlx with its Any driver: it is async on tokio (axum's runtime), well maintained,
//! speaks both SQLite and PostgreSQL from one code path with runtime-checked queries (no
//! database is needed to compile, unlike its macros), and pools connections. Diesel is
//! synchronous and needs a backend per type; SeaORM adds an ORM we don't need.
//! Migrations are a short runner of our own ([`db`]) rather than sqlx's, whose embedding
//! macro needs the macros feature and whose runtime form reads files from disk.

//!
//! # Design notes
//!
//! - **One write path.** [`store::apply`] loads the records a change touches
//!   ([`Change::touches`](clientele_domain::book::Change::touches)), applies the change to
//!   that partial book with `Book::apply`, and writes back the difference and the new log
//!   entries in the request's transaction. A new kind of write is a new `Change` in the
//!   domain plus an endpoint; no rule is written twice.
//! - **Versions.** Every customer, subscription and the settings row has a `version`, bumped
//!   by every write, sent as a strong ETag (`"3"`). Writes need `If-Match` (428 without, 412
//!   when stale; `*` is refused), and every UPDATE says `WHERE version = <read>`, so two
//!   requests side by side on PostgreSQL can't both win (the loser gets 412).
//! - **Creates.** `POST /api/customers` takes the records the browser's wizard builds and
//!   checks them with the wizard's own rules (`wizard::check_new`); the server sets
//!   `created_at`. An `Idempotency-Key` is claimed in the create's transaction, so a retry,
//!   even one sent while the first is still running, gets the first response.
//! - **Stamps.** The activity log's time and author are the server's clock and the
//!   authenticated user's name, never the client's.
//! - **Search and order** are the web app's: `search_key` and `sort_key` columns hold the
//!   domain's folded text, compared byte by byte (`COLLATE "C"` on PostgreSQL).
//! - **SQLite** uses one connection (requests take turns); PostgreSQL a pool of 10 per
//!   instance.
//! - **Migrations** are numbered SQL files in `migrations/`, applied once each at start, on
//!   PostgreSQL under an advisory lock; a server refuses a database migrated by a newer one.
//!
//! - **The change feed** (`GET /api/changes`, [`store::feed`]): every record and log entry
//!   written takes a revision from one server-wide counter in the write's transaction. The counter's row
//!   stays locked until the write commits, so writes commit in revision order and a reader
//!   that has everything up to revision R misses nothing by asking for what is above R,
//!   across instances too. Removals are tombstones; a database ID and a retention floor
//!   tell a replica to read everything again. [`store::feed`] explains why, and the
//!   alternative it was weighed against.
//! - **First full sync.** JSON is gzipped when the client accepts it, and the list pages by
//!   cursor (`after`, keyset on the sort's columns) as well as by number (`page`, OFFSET,
//!   which the web app uses), up to 5,000 a page.
//!
//! - **Races on PostgreSQL** are settled by the version checks above, by the idempotency
//!   key's claim, and by an advisory lock per primary domain while a customer is created
//!   (two new customers with one domain can't both find it free).
//!
//! Known gaps: idempotency keys are kept forever (purge old ones when it matters); a token
//! can't be rotated (remove the user and add them again); writes that change records take
//! turns on the feed's counter row (see [`store::feed`] for the trade-off).

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
