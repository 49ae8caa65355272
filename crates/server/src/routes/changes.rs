//! /api/changes: the change feed for a replica of the book (see [`crate::store::feed`]).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::guid::Guid;
use clientele_domain::roles::Permission;
use serde::Deserialize;

use super::{query, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::feed::{self, Since};
use crate::AppState;

/// The default and the largest page of the feed.
pub const DEFAULT_LIMIT: i64 = 1000;
pub const MAX_LIMIT: i64 = 5000;

#[derive(Deserialize)]
pub struct Params {
    since: Option<String>,
    limit: Option<String>,
    database: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<Params>, QueryRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let p = query(params)?;
    let revision = match p.since.as_deref() {
        None => 0,
        Some(s) => s.parse::<i64>().ok().filter(|&r| r >= 0).ok_or_else(|| {
            ApiError::bad_request("since must be a revision: a whole number from 0.")
                .with_field("since")
        })?,
    };
    let limit = super::whole_number(p.limit.as_deref(), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let database = p
        .database
        .map(|d| {
            Guid::parse(&d)
                .map(|g| g.as_str().to_string())
                .map_err(|_| {
                    ApiError::bad_request("database must be a database ID (a GUID).")
                        .with_field("database")
                })
        })
        .transpose()?;
    let since = Since {
        revision,
        database,
        limit,
    };
    Ok(Json(feed::changes(&state.db, &since).await?).into_response())
}
