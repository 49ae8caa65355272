//! `clientele-server`: serves the API, or manages users.
//!
//! ```text
//! clientele-server [serve]                          serve on CLIENTELE_ADDR (127.0.0.1:8787)
//! clientele-server user add --name NAME --role ROLE  create a user; prints its token once
//! clientele-server user list                         list users and roles
//! clientele-server user remove --name NAME           remove a user; their token stops working
//! clientele-server purge --removed-days DAYS         delete customers removed over DAYS ago
//! ```
//!
//! A purge leaves no tombstone in the change feed, so it raises the feed's retention floor:
//! every replica that read before it reads the book again in full.
//!
//! Environment: `DATABASE_URL` (default `sqlite://clientele.sqlite3`; `postgres://…` for
//! PostgreSQL), `CLIENTELE_ADDR`, `CLIENTELE_ORIGINS` (comma-separated origins allowed by
//! CORS, e.g. `http://127.0.0.1:8080`), `CLIENTELE_BODY_LIMIT` (bytes), `RUST_LOG`.

use axum::http::HeaderValue;
use clientele_server::store::users;
use clientele_server::{app, AppState, Db, DEFAULT_BODY_LIMIT};
use std::process::ExitCode;

const DEFAULT_DATABASE: &str = "sqlite://clientele.sqlite3";
const DEFAULT_ADDR: &str = "127.0.0.1:8787";

const USAGE: &str = "usage:
  clientele-server [serve]
  clientele-server user add --name NAME --role ROLE
  clientele-server user list
  clientele-server user remove --name NAME
  clientele-server purge --removed-days DAYS
roles: global-admin, admin-agent, sales-agent, helpdesk-agent, user-management-admin";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["serve"] => serve().await,
        ["user", "add", rest @ ..] => user_add(rest).await,
        ["user", "list"] => user_list().await,
        ["user", "remove", "--name", name] => user_remove(name).await,
        ["purge", "--removed-days", days] => purge(days).await,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

async fn connect() -> Result<Db, String> {
    let url = env_or("DATABASE_URL", DEFAULT_DATABASE);
    Db::connect(&url)
        .await
        .map_err(|e| format!("Can't open the database: {e}"))
}

async fn serve() -> Result<(), String> {
    let db = connect().await?;
    let origins = env_or("CLIENTELE_ORIGINS", "")
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| HeaderValue::from_str(o).map_err(|_| format!("Not an origin: {o:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    let body_limit = match std::env::var("CLIENTELE_BODY_LIMIT") {
        Ok(v) => v
            .parse()
            .map_err(|_| format!("CLIENTELE_BODY_LIMIT must be a number of bytes, not {v:?}"))?,
        Err(_) => DEFAULT_BODY_LIMIT,
    };
    let addr = env_or("CLIENTELE_ADDR", DEFAULT_ADDR);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("Can't listen on {addr}: {e}"))?;
    tracing::info!(%addr, database = db.backend.name(), "serving");
    let state = AppState {
        db,
        origins,
        body_limit,
    };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| format!("Server error: {e}"))
}

async fn user_add(args: &[&str]) -> Result<(), String> {
    let (mut name, mut role) = (None, None);
    let mut rest = args.iter();
    while let Some(&flag) = rest.next() {
        match (flag, rest.next()) {
            ("--name", Some(&v)) => name = Some(v),
            ("--role", Some(&v)) => role = Some(v),
            _ => return Err(USAGE.to_string()),
        }
    }
    let (Some(name), Some(role)) = (name, role) else {
        return Err(USAGE.to_string());
    };
    let role = users::parse_role(role).ok_or_else(|| format!("Unknown role {role:?}.\n{USAGE}"))?;
    let db = connect().await?;
    let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
    let (user, token) = users::add(&mut conn, name, role)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!(
        "Created {} ({}). Its token, shown only now:",
        user.name,
        user.role.label()
    );
    println!("{token}");
    Ok(())
}

async fn user_list() -> Result<(), String> {
    let db = connect().await?;
    let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
    for u in users::list(&mut conn).await.map_err(|e| e.to_string())? {
        println!("{}\t{}", u.name, u.role.label());
    }
    Ok(())
}

async fn user_remove(name: &str) -> Result<(), String> {
    let db = connect().await?;
    let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
    let user = users::by_name(&mut conn, name)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("No user is named {name:?}."))?;
    users::remove(&mut conn, user.id)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!("Removed {}; their token no longer works.", user.name);
    Ok(())
}

async fn purge(days: &str) -> Result<(), String> {
    let days: i64 = days
        .parse()
        .ok()
        .filter(|d| *d >= 0)
        .ok_or_else(|| format!("--removed-days takes a whole number of days, not {days:?}"))?;
    let db = connect().await?;
    let before = clientele_server::now_ms() - days * 86_400_000;
    let purged = clientele_server::store::feed::purge_removed(&db, before)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!("Purged {purged} customers removed over {days} days ago; replicas will resync.");
    Ok(())
}

/// Ctrl-C, or SIGTERM (what a container runtime or systemd sends): requests in flight finish
/// before the server exits.
async fn shutdown() {
    let terminate = async {
        #[cfg(unix)]
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            term.recv().await;
            return;
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}
