//! What the API says about itself: health and version, the OpenAPI document, the caller.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api::{Health, Me, API_VERSION};
use clientele_domain::roles::{allows, Permission};

use super::Caller;
use crate::AppState;

const OPENAPI: &str = include_str!("../../openapi.json");

/// No sign-in needed, so a load balancer and the web app's "incompatible version" check can
/// call it. 503 when the database does not answer, so a load balancer stops sending requests
/// to an instance that can't serve them.
pub async fn health(State(state): State<AppState>) -> Response {
    let reachable = sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&state.db.pool)
        .await
        .is_ok();
    let health = Health {
        status: if reachable { "ok" } else { "unavailable" }.into(),
        server: "clientele-server".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        api_version: API_VERSION,
        database: state.db.backend.name().into(),
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

pub async fn me(caller: Caller) -> Json<Me> {
    Json(Me {
        permissions: Permission::ALL
            .into_iter()
            .filter(|&p| allows(caller.role, p))
            .collect(),
        name: caller.name,
        role: caller.role,
    })
}
