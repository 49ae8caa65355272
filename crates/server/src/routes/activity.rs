//! The activity log: read with filters, and actions that change no record (an invitation
//! drafted, an export) recorded.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::activity::{Action, LogFilter};
use clientele_domain::api::{EntryPage, Record};
use clientele_domain::book::Change;
use clientele_domain::model::CustomerId;
use clientele_domain::roles::{for_action, Permission};
use serde::Deserialize;

use super::{body, paging, query, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::{apply, read};
use crate::AppState;

#[derive(Deserialize)]
pub struct LogParams {
    from: Option<String>,
    to: Option<String>,
    customer: Option<String>,
    action: Option<String>,
    page: Option<String>,
    limit: Option<String>,
}

fn millis(text: Option<&str>, field: &str) -> ApiResult<Option<i64>> {
    text.map(|t| {
        t.parse::<i64>().map_err(|_| {
            ApiError::bad_request(format!("{field} is a time in Unix milliseconds."))
                .with_field(field)
        })
    })
    .transpose()
}

fn action(text: &str) -> ApiResult<Action> {
    Action::from_key(text).ok_or_else(|| {
        let keys: Vec<&str> = Action::ALL.iter().map(|a| a.key()).collect();
        ApiError::bad_request(format!("action is one of {}.", keys.join(", "))).with_field("action")
    })
}

/// Newest first. `from` and `to` are Unix milliseconds, `to` exclusive (the web app sends
/// the start of the day after the "To" date in the user's time zone).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<LogParams>, QueryRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewActivityLog)?;
    let p = query(params)?;
    let filter = LogFilter {
        from_ms: millis(p.from.as_deref(), "from")?,
        to_ms: millis(p.to.as_deref(), "to")?,
        customer: p
            .customer
            .as_deref()
            .map(|c| {
                CustomerId::parse(c).map_err(|_| {
                    ApiError::bad_request("customer is a customer ID (a GUID).")
                        .with_field("customer")
                })
            })
            .transpose()?,
        action: p.action.as_deref().map(action).transpose()?,
    };
    let (page, offset, limit) = paging(p.page.as_deref(), p.limit.as_deref(), 100, 1000)?;
    let mut conn = state.db.pool.acquire().await?;
    let (items, total) = read::activity(&mut conn, &filter, offset, limit).await?;
    Ok(Json(EntryPage {
        items,
        total,
        page,
        limit,
        next: None,
    })
    .into_response())
}

/// Records an action that changes no record. Only invitation-drafted, customers-exported and
/// subscriptions-exported are accepted; the entry's time and author are the server's.
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    json: Result<Json<Record>, JsonRejection>,
) -> ApiResult<Response> {
    let record = body(json)?;
    let action = Action::from_key(&record.action).ok_or_else(|| {
        ApiError::invalid("action", format!("“{}” is not an action.", record.action))
    })?;
    caller.require(for_action(action))?;
    let change = Change::Record {
        action,
        customer_id: record.customer_id.clone(),
        details: record.details,
    };
    let mut tx = state.db.pool.begin().await?;
    let loaded = apply::load(&mut tx, &change).await?;
    if let Some(id) = &record.customer_id {
        if !loaded.customer_versions.contains_key(id) {
            return Err(ApiError::not_found(format!("No customer has ID {id}.")));
        }
    }
    let entries = apply::apply(&mut tx, &loaded, vec![change], &caller.stamp()).await?;
    tx.commit().await?;
    let entry = entries.into_iter().next().ok_or_else(ApiError::internal)?;
    Ok((StatusCode::CREATED, Json(entry)).into_response())
}
