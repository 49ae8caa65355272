//! The endpoints. Each handler authenticates ([`Caller`]), checks the role's permission
//! (403), then does its work in one transaction.

mod activity;
mod batch;
mod changes;
mod customers;
mod idempotent;
mod imports;
mod meta;
mod settings;
mod subscriptions;
mod users;
mod views;

use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use clientele_domain::activity::Stamp;
use clientele_domain::book::Change;
use clientele_domain::roles::{allows, Permission};
use clientele_domain::settings::Role;
use serde::de::DeserializeOwned;
use sqlx::{Any, Transaction};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::error::{ApiError, ApiResult};
use crate::store::apply::{self, Loaded};
use crate::store::users as stored_users;
use crate::AppState;

pub fn router(state: AppState) -> Router {
    let body_limit = state.body_limit;
    let cors = (!state.origins.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(state.origins.clone()))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::PUT,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_MATCH,
                HeaderName::from_static(IDEMPOTENCY_KEY),
            ])
            .expose_headers([header::ETAG, header::LOCATION])
    });
    let router = Router::new()
        .route("/openapi.json", get(meta::openapi))
        .route("/api/health", get(meta::health))
        .route("/api/me", get(meta::me))
        .route(
            "/api/customers",
            get(customers::list).post(customers::create),
        )
        .route("/api/customers/import", post(customers::import))
        .route("/api/customers/tags", post(batch::tags))
        .route("/api/customers/remove", post(batch::remove))
        .route("/api/customers/removed", get(customers::removed))
        .route(
            "/api/customers/{id}",
            get(customers::get).patch(customers::rename),
        )
        .route("/api/customers/{id}/remove", post(customers::remove))
        .route("/api/customers/{id}/reinstate", post(customers::reinstate))
        .route(
            "/api/customers/{id}/subscriptions",
            get(subscriptions::of_customer),
        )
        .route(
            "/api/subscriptions/{id}",
            get(subscriptions::get).patch(subscriptions::update),
        )
        .route("/api/imports/{id}/batches", post(imports::batch))
        .route("/api/imports/{id}/close", post(imports::close))
        .route("/api/imports/{id}/undo", post(imports::undo))
        .route("/api/changes", get(changes::list))
        .route("/api/activity", get(activity::list).post(activity::record))
        .route("/api/settings", get(settings::get).put(settings::put))
        .route("/api/users", get(users::list).post(users::create))
        .route("/api/users/{id}", delete(users::remove))
        .route("/api/views", get(views::list).put(views::put))
        .route("/api/views/{name}", delete(views::delete))
        .fallback(|| async { ApiError::not_found("No such endpoint.") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "This endpoint does not take that method.",
            )
        })
        .layer(DefaultBodyLimit::max(body_limit))
        // gzip for a client that accepts it (every browser): the JSON of a page of the list or
        // the feed shrinks about tenfold, which is what a first full sync is made of.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        // No handler panics on input by design; if one ever does, the client still gets JSON.
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal().into_response()
        }))
        .layer(TraceLayer::new_for_http());
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router.with_state(state)
}

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The authenticated user: `Authorization: Bearer <token>`, else 401.
#[derive(Clone, Debug)]
pub struct Caller {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl Caller {
    /// 403 unless the caller's role has `p`.
    pub fn require(&self, p: Permission) -> ApiResult<()> {
        if allows(self.role, p) {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                p.denied_message(self.role),
            ))
        }
    }

    /// Who did it and when, for the log: the server's clock and the user's name, never
    /// what the client says.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            at_ms: crate::now_ms(),
            by: self.name.clone(),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, m);
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("Sign in: send Authorization: Bearer <token>."))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorized("The Authorization header must be Bearer <token>."))?;
        let mut conn = state.db.pool.acquire().await?;
        let user = stored_users::by_token(&mut conn, token)
            .await?
            .ok_or_else(|| unauthorized("That token is not valid (revoked or mistyped)."))?;
        Ok(Caller {
            id: user.id,
            name: user.name,
            role: user.role,
        })
    }
}

/// A JSON body, or the JSON error saying what is wrong with it (400 malformed, 413 too
/// large, 415 not JSON, 422 the wrong shape).
pub fn body<T>(json: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    json.map(|Json(t)| t)
        .map_err(|r| ApiError::new(r.status(), r.body_text()))
}

/// Query parameters, or a 400 saying which is wrong.
pub fn query<T>(q: Result<axum::extract::Query<T>, QueryRejection>) -> ApiResult<T> {
    q.map(|axum::extract::Query(t)| t)
        .map_err(|r| ApiError::bad_request(r.body_text()))
}

/// A raw body (for a create that hashes it for its idempotency key), parsed as JSON.
pub fn parse_bytes<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(bytes).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::new(status, format!("The request body is not valid: {e}"))
    })
}

pub fn bytes(b: Result<axum::body::Bytes, BytesRejection>) -> ApiResult<axum::body::Bytes> {
    b.map_err(|r| ApiError::new(r.status(), r.body_text()))
}

/// The ETag of a record's version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Writes need `If-Match` with the version read (428 without it, 412 when it is not the
/// current one), so two users' edits can't silently overwrite each other. `*` is not
/// accepted: it would skip exactly that check.
pub fn check_if_match(headers: &HeaderMap, current: i64) -> ApiResult<()> {
    let given = if_match(headers)?;
    let current_tag = etag(current);
    let matches = given
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == current_tag);
    if matches {
        Ok(())
    } else {
        Err(ApiError {
            etag: Some(current_tag),
            ..ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "This record has changed since you read it; reload it and try again.",
            )
        })
    }
}

/// A write of records in a transaction: loads what the first change touches, checks
/// If-Match against the version `version` picks from what was loaded (428, 412; `missing`
/// when it finds none), and applies the changes. Returns the transaction, to read the
/// records back and commit.
pub async fn apply_checked(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    changes: Vec<Change>,
    version: impl Fn(&Loaded) -> Option<i64>,
    missing: ApiError,
) -> ApiResult<Transaction<'static, Any>> {
    if_match(headers)?;
    let first = changes.first().ok_or_else(ApiError::internal)?;
    let mut tx = state.db.pool.begin().await?;
    let loaded = apply::load(&mut tx, first).await?;
    let current = version(&loaded).ok_or(missing)?;
    check_if_match(headers, current)?;
    apply::apply(&mut tx, &loaded, changes, &caller.stamp()).await?;
    Ok(tx)
}

/// The If-Match header, or 428.
pub fn if_match(headers: &HeaderMap) -> ApiResult<&str> {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "Send If-Match with the ETag of the version you read.",
            )
        })
}

/// A JSON response with the record's ETag.
pub fn with_etag(status: StatusCode, version: i64, body: impl serde::Serialize) -> Response {
    let mut r = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// A whole-number query parameter from `min` to `max`, `default` when absent, or a 400.
pub fn whole_number(
    text: Option<&str>,
    name: &str,
    default: i64,
    min: i64,
    max: i64,
) -> ApiResult<i64> {
    match text {
        None => Ok(default),
        Some(t) => t
            .parse::<i64>()
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{name} must be a whole number from {min} to {max}."
                ))
                .with_field(name)
            }),
    }
}

/// Paging: `page` from 1, `limit` from 1 to `max` (default `default`). Returns (offset, limit).
pub fn paging(
    page: Option<&str>,
    limit: Option<&str>,
    default: i64,
    max: i64,
) -> ApiResult<(i64, i64, i64)> {
    let page = match page {
        None => 1,
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|&p| (1..=1_000_000).contains(&p))
            .ok_or_else(|| {
                ApiError::bad_request("page must be a whole number from 1.").with_field("page")
            })?,
    };
    let limit = match limit {
        None => default,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|&l| (1..=max).contains(&l))
            .ok_or_else(|| {
                ApiError::bad_request(format!("limit must be a whole number from 1 to {max}."))
                    .with_field("limit")
            })?,
    };
    Ok((page, (page - 1) * limit, limit))
}
