//! Subscriptions: a customer's list, one subscription, and changing its licences or status.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api::SubscriptionUpdate;
use clientele_domain::book::Change;
use clientele_domain::model::SubscriptionId;
use clientele_domain::roles::Permission;

use super::customers::parse_id;
use super::{apply_checked, body, with_etag, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::apply::Loaded;
use crate::store::read;
use crate::AppState;

fn parse_subscription_id(text: &str) -> ApiResult<SubscriptionId> {
    SubscriptionId::parse(text).map_err(|_| {
        ApiError::bad_request(format!("“{text}” is not a subscription ID (a GUID)."))
            .with_field("id")
    })
}

fn not_found(id: &SubscriptionId) -> ApiError {
    ApiError::not_found(format!("No subscription has ID {id}."))
}

/// A customer's subscriptions, in the order they were added; a removed customer's too.
pub async fn of_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let id = parse_id(&id)?;
    let mut conn = state.db.pool.acquire().await?;
    if read::customer(&mut conn, &id).await?.is_none() {
        return Err(ApiError::not_found(format!("No customer has ID {id}.")));
    }
    let subs = read::subscriptions_of(&mut conn, &id).await?;
    Ok(Json(subs).into_response())
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let id = parse_subscription_id(&id)?;
    let mut conn = state.db.pool.acquire().await?;
    let s = read::subscription(&mut conn, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    Ok(with_etag(StatusCode::OK, s.version, s))
}

/// Sets the status, then the licences (so a suspended subscription can be reactivated and
/// resized at once); both or neither are saved.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    json: Result<Json<SubscriptionUpdate>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ManageSubscriptions)?;
    let id = parse_subscription_id(&id)?;
    let update = body(json)?;
    let mut changes = Vec::new();
    if let Some(status) = update.status {
        changes.push(Change::SetStatus {
            id: id.clone(),
            status,
        });
    }
    if let Some(quantity) = update.quantity {
        changes.push(Change::SetQuantity {
            id: id.clone(),
            quantity,
        });
    }
    if changes.is_empty() {
        return Err(ApiError::invalid(
            "quantity",
            "Give a quantity, a status or both.",
        ));
    }
    let version = |l: &Loaded| l.subscription_versions.get(&id).copied();
    let mut tx = apply_checked(&state, &caller, &headers, changes, version, not_found(&id)).await?;
    let s = read::subscription(&mut tx, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    tx.commit().await?;
    Ok(with_etag(StatusCode::OK, s.version, s))
}
