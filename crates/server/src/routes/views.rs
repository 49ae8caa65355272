//! The caller's saved views of the customer list (`/api/views`): each user sees and changes
//! only their own, whatever their role. The rules (name, size, how many) are the domain's,
//! as in a browser that keeps them itself.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::roles::Permission;
use clientele_domain::views::{save, SavedView};

use super::{body, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::views;
use crate::AppState;

/// `GET /api/views`: the caller's views, in the order first saved.
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(views::list(&mut conn, caller.id).await?).into_response())
}

/// `PUT /api/views`: saves a view (replacing the caller's view of the same name, in any
/// case); answers with all of the caller's views. Sent twice, it changes nothing more.
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    json: Result<Json<SavedView>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let asked = body(json)?;
    let mut tx = state.db.pool.begin().await?;
    let now = views::list(&mut tx, caller.id).await?;
    let kept = save(&now, &asked.name, &asked.params).map_err(|why| {
        let field = match why.key.as_str() {
            "customers.views.params_invalid" => "params",
            _ => "name",
        };
        ApiError::invalid(field, why.to_string())
    })?;
    let name = asked.name.trim();
    let view = kept
        .iter()
        .find(|v| v.name == name)
        .expect("a saved view is in the list it was saved to");
    views::put(&mut tx, caller.id, view).await?;
    tx.commit().await?;
    Ok(Json(kept).into_response())
}

/// `DELETE /api/views/{name}`: forgets the caller's view of that name (in any case); 404 if
/// there is none.
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let mut conn = state.db.pool.acquire().await?;
    if views::delete(&mut conn, caller.id, &name).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!(
            "You have no view named “{name}”."
        )))
    }
}
