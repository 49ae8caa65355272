//! The partner profile and indirect resellers. The current user in the answer is the
//! caller, from the token: the web app learns its name and role here.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use clientele_domain::api::SettingsForm;
use clientele_domain::roles::Permission;
use clientele_domain::settings::{CurrentUser, Settings};

use super::{body, check_if_match, if_match, with_etag, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::settings::{self, Stored};
use crate::AppState;

fn of(stored: Stored, caller: &Caller) -> Settings {
    Settings {
        partner: stored.partner,
        user: CurrentUser {
            display_name: caller.name.clone(),
            role: caller.role,
        },
        resellers: stored.resellers,
        // How CSV files are written is each user's own preference (their spreadsheet's
        // locale), kept in their browser by the web app, not the team's: not stored here.
        exports: Default::default(),
    }
}

pub async fn get(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let mut conn = state.db.pool.acquire().await?;
    let s = settings::get(&mut conn).await?;
    Ok(with_etag(StatusCode::OK, s.version, of(s.record, &caller)))
}

pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    json: Result<Json<SettingsForm>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ManageSettings)?;
    // `user`, if sent, is ignored: users are managed at /api/users.
    let form = body(json)?;
    if_match(&headers)?;
    let user = CurrentUser {
        display_name: caller.name.clone(),
        role: caller.role,
    };
    let valid =
        Settings::from_form(form.partner, user, &form.resellers).map_err(ApiError::fields)?;
    let mut tx = state.db.pool.begin().await?;
    let current = settings::get(&mut tx).await?;
    check_if_match(&headers, current.version)?;
    let stored = Stored {
        partner: valid.partner,
        resellers: valid.resellers,
    };
    let version = settings::save(&mut tx, &stored, current.version)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "Someone else saved the settings at the same time; reload and try again.",
            )
        })?;
    tx.commit().await?;
    Ok(with_etag(StatusCode::OK, version, of(stored, &caller)))
}
