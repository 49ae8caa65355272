//! The database: one pool of the sqlx Any driver, on SQLite or PostgreSQL, chosen by URL,
//! and the schema migrations run at start.
//!
//! Queries are plain SQL that both databases accept, with `$1`-style parameters (which
//! SQLite reads as numbered parameters too). What differs is confined to [`Backend`].

use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use sqlx::{AnyPool, Connection, Executor};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// Each migration's SQL, in order. Never edit one that has shipped: add another.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_schema.sql")),
    (2, include_str!("../migrations/0002_feed.sql")),
    (3, include_str!("../migrations/0003_tags.sql")),
    (4, include_str!("../migrations/0004_views.sql")),
    (5, include_str!("../migrations/0005_imports.sql")),
];

impl Db {
    /// Connects and brings the schema up to date. `url` is `sqlite://path` (the file is
    /// created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                format!("unsupported database URL {url:?}: use sqlite://… or postgres://…").into(),
            ));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let options = match backend {
            // SQLite has one writer at a time anyway; one connection makes every request's
            // transaction run alone, so a deferred transaction never fails to upgrade to a
            // write lock (SQLITE_BUSY) under load. PostgreSQL is the backend for scale.
            Backend::Sqlite => options.max_connections(1).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options.max_connections(10),
        };
        let pool = options.connect(&url).await?;
        let db = Db { pool, backend };
        db.migrate().await?;
        crate::store::feed::ensure_database_id(&db).await?;
        Ok(db)
    }

    /// Applies the migrations not yet applied, each in its own transaction. On PostgreSQL an
    /// advisory lock makes instances that start together take turns.
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        for &(version, sql) in MIGRATIONS {
            let mut tx = conn.begin().await?;
            if self.backend == Backend::Postgres {
                tx.execute("SELECT pg_advisory_xact_lock(4242001)").await?;
            }
            tx.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations \
                 (version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)",
            )
            .await?;
            // Like the browser's book, an older server refuses a newer schema rather than
            // misread it (several instances are upgraded one by one behind a load balancer).
            let newest: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
                    .fetch_one(&mut *tx)
                    .await?;
            let known = MIGRATIONS.last().map_or(0, |m| m.0);
            if let Some(newest) = newest.filter(|&n| n > known) {
                return Err(sqlx::Error::Configuration(
                    format!(
                        "the database's schema is version {newest}, newer than this server's \
                         ({known}): run a newer clientele-server"
                    )
                    .into(),
                ));
            }
            let done: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_none() {
                for statement in statements(self.backend, sql) {
                    tx.execute(statement.as_str()).await?;
                }
                sqlx::query(
                    "INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, $2)",
                )
                .bind(version)
                .bind(crate::now_ms())
                .execute(&mut *tx)
                .await?;
                tracing::info!(version, "applied migration");
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// A migration's statements with this backend's types filled in.
fn statements(backend: Backend, sql: &str) -> Vec<String> {
    let (id_text, serial) = match backend {
        Backend::Sqlite => ("TEXT", "INTEGER PRIMARY KEY AUTOINCREMENT"),
        Backend::Postgres => (
            "TEXT COLLATE \"C\"",
            "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        ),
    };
    sql.split("\n--;\n")
        .map(|s| {
            s.replace("{{id_text}}", id_text)
                .replace("{{serial}}", serial)
        })
        .filter(|s| {
            s.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        })
        .collect()
}

/// A connection from the pool, or a transaction's, for the store's functions.
pub type Conn = AnyConnection;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_fill_in_each_backend_s_types() {
        let sqlite = statements(Backend::Sqlite, MIGRATIONS[0].1);
        let postgres = statements(Backend::Postgres, MIGRATIONS[0].1);
        assert_eq!(sqlite.len(), postgres.len());
        assert!(sqlite.len() > 10);
        for s in sqlite.iter().chain(&postgres) {
            assert!(!s.contains("{{"), "{s}");
        }
        assert!(postgres[0].contains("id TEXT COLLATE \"C\" PRIMARY KEY"));
        assert!(sqlite
            .iter()
            .any(|s| s.contains("INTEGER PRIMARY KEY AUTOINCREMENT")));
        assert!(postgres
            .iter()
            .any(|s| s.contains("GENERATED ALWAYS AS IDENTITY")));
    }
}
