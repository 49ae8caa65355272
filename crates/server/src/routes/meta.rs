//! What the API says about itself: health and version, the OpenAPI document, the caller.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::roles::{allows, Permission};
use clientele_domain::settings::Role;
use serde::Serialize;

use super::Caller;
use crate::AppState;

/// The API's version: a client that knows another one says the server is incompatible.
pub const API_VERSION: u32 = 1;

const OPENAPI: &str = include_str!("../../openapi.json");

#[derive(Serialize)]
struct Health {
    status: &'static str,
    server: &'static str,
    version: &'static str,
    api_version: u32,
    database: &'static str,
}

/// No sign-in needed, so a load balancer and the web app's "incompatible version" check can
/// call it. 503 when the database does not answer, so a load balancer stops sending requests
/// to an instance that can't serve them.
pub async fn health(State(state): State<AppState>) -> Response {
    let reachable = sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&state.db.pool)
        .await
        .is_ok();
    let health = Health {
        status: if reachable { "ok" } else { "unavailable" },
        server: "clientele-server",
        version: env!("CARGO_PKG_VERSION"),
        api_version: API_VERSION,
        database: state.db.backend.name(),
    };
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health)).into_response()
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[derive(Serialize)]
struct Me {
    name: String,
    role: Role,
    /// What the role allows, so the UI can hide or disable the rest.
    permissions: Vec<Permission>,
}

pub async fn me(caller: Caller) -> Json<impl Serialize> {
    Json(Me {
        permissions: Permission::ALL
            .into_iter()
            .filter(|&p| allows(caller.role, p))
            .collect(),
        name: caller.name,
        role: caller.role,
    })
}
