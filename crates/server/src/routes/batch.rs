//! Bulk actions on a selection of customers: tag or untag them, or remove their
//! relationships. Each batch is one change, applied all or nothing in one transaction, and
//! can be sent again after a lost answer without changing anything more.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api::{RemoveBatch, Removed, TagBatch, Versioned, MAX_BATCH};
use clientele_domain::book::Change;
use clientele_domain::model::{Customer, CustomerId};
use clientele_domain::roles::required;

use super::{body, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::apply;
use crate::AppState;

/// `POST /api/customers/tags`: the named customers as they are afterwards.
pub async fn tags(
    State(state): State<AppState>,
    caller: Caller,
    json: Result<Json<TagBatch>, JsonRejection>,
) -> ApiResult<Response> {
    let batch = body(json)?;
    let ids = checked(batch.ids)?;
    let change = Change::EditTags {
        ids: ids.clone(),
        edit: batch.edit,
    };
    let now = run(&state, &caller, change).await?;
    let customers: Vec<Versioned<Customer>> = now
        .book
        .customers
        .iter()
        .map(|c| Versioned {
            version: now.customer_versions.get(&c.id).copied().unwrap_or(0),
            record: c.clone(),
        })
        .collect();
    Ok(Json(customers).into_response())
}

/// `POST /api/customers/remove`: the named customers, removed.
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    json: Result<Json<RemoveBatch>, JsonRejection>,
) -> ApiResult<Response> {
    let ids = checked(body(json)?.ids)?;
    let now = run(&state, &caller, Change::RemoveRelationships { ids }).await?;
    let removed: Vec<Removed> = now
        .book
        .removed
        .iter()
        .map(|r| Removed {
            customer: Versioned {
                version: now
                    .customer_versions
                    .get(&r.customer.id)
                    .copied()
                    .unwrap_or(0),
                record: r.customer.clone(),
            },
            removed_at_ms: r.removed_at_ms,
            removed_by: r.removed_by.clone(),
        })
        .collect();
    Ok(Json(removed).into_response())
}

/// 1 to [`MAX_BATCH`] customers.
fn checked(ids: Vec<CustomerId>) -> ApiResult<Vec<CustomerId>> {
    if ids.is_empty() || ids.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "ids",
            format!("Name from 1 to {MAX_BATCH} customers in one batch."),
        ));
    }
    Ok(ids)
}

/// Applies the change in its own transaction and reads its customers back as they are then.
async fn run(state: &AppState, caller: &Caller, change: Change) -> ApiResult<apply::Loaded> {
    caller.require(required(&change))?;
    let mut tx = state.db.pool.begin().await?;
    let loaded = apply::load(&mut tx, &change).await?;
    apply::apply(&mut tx, &loaded, vec![change.clone()], &caller.stamp()).await?;
    let now = apply::load(&mut tx, &change).await?;
    tx.commit().await?;
    Ok(now)
}
