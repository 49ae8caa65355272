//! Users: listed and created by those who manage users. A new user's token is in the
//! answer, once.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api;
use clientele_domain::roles::Permission;
use clientele_domain::settings::Role;

use super::{body, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::users::{self, AddError};
use crate::AppState;

fn view(u: &users::User, token: Option<String>) -> api::User {
    api::User {
        id: u.id,
        name: u.name.clone(),
        role: u.role,
        token,
    }
}

pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    caller.require(Permission::ManageUsers)?;
    let mut conn = state.db.pool.acquire().await?;
    let all = users::list(&mut conn).await?;
    let items: Vec<api::User> = all.iter().map(|u| view(u, None)).collect();
    Ok(Json(items).into_response())
}

/// Only a global admin can make another global admin: a user management admin manages
/// users, but can't hand out more than they hold themselves by that route.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    json: Result<Json<api::NewUser>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ManageUsers)?;
    let new = body(json)?;
    if new.role == Role::GlobalAdmin && caller.role != Role::GlobalAdmin {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Only a global admin can make another global admin.",
        ));
    }
    let mut tx = state.db.pool.begin().await?;
    let (user, token) = users::add(&mut tx, &new.name, new.role)
        .await
        .map_err(|e| match e {
            AddError::EmptyName => ApiError::invalid("name", e.to_string()),
            AddError::NameTaken => ApiError::conflict(e.to_string()).with_field("name"),
            AddError::Db(e) => ApiError::from(e),
            AddError::Random(_) => ApiError::internal(),
        })?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(view(&user, Some(token)))).into_response())
}

/// Removes a user (their token stops working). The same limit as for creating applies: only
/// a global admin removes a global admin. Nobody removes themselves, so a team can't lock
/// itself out by mistake.
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    caller.require(Permission::ManageUsers)?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request("A user ID is a number.").with_field("id"))?;
    let mut tx = state.db.pool.begin().await?;
    let user = users::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No user has ID {id}.")))?;
    if user.role == Role::GlobalAdmin && caller.role != Role::GlobalAdmin {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Only a global admin can remove a global admin.",
        ));
    }
    if user.id == caller.id {
        return Err(ApiError::conflict("You can't remove yourself."));
    }
    users::remove(&mut tx, id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
