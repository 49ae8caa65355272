//! Writes that can be sent again: with an `Idempotency-Key`, a request sent again (after a
//! lost answer, or while the first still runs) gets the first one's response and changes
//! nothing more; the same key with another body is 422. Used by the customer create and by
//! an import's batches.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

use super::{Caller, IDEMPOTENCY_KEY};
use crate::error::{ApiError, ApiResult};
use crate::store::keys::{self, Kept};
use crate::store::users::hex;
use crate::AppState;

/// The `Idempotency-Key` header: 1 to 255 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .map(|k| Some(k.to_string()))
        .ok_or_else(|| {
            ApiError::bad_request("Idempotency-Key must be 1 to 255 visible ASCII characters.")
                .with_field(IDEMPOTENCY_KEY)
        })
}

/// What a request is compared by when its key comes again: its path and its body.
pub fn request_hash(path: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(path.as_bytes());
    hash.update([0]);
    hash.update(body);
    hex(&hash.finalize())
}

pub fn replay(kept: Kept) -> Response {
    let status = StatusCode::from_u16(kept.status).unwrap_or(StatusCode::OK);
    let mut r = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        kept.body,
    )
        .into_response();
    for (name, value) in [(header::ETAG, kept.etag), (header::LOCATION, kept.location)] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            r.headers_mut().insert(name, v);
        }
    }
    r
}

/// Starts the write's transaction with its key claimed, or gives the kept response of the
/// request that had the key first (422 if that was another request).
pub async fn begin(
    state: &AppState,
    caller: &Caller,
    key: Option<&str>,
    request_hash: &str,
) -> ApiResult<Result<Transaction<'static, Any>, Response>> {
    let mut tx = state.db.pool.begin().await?;
    if let Some(key) = key {
        if let Some(kept) = keys::find(&mut tx, caller.id, key).await? {
            if kept.request_hash != request_hash {
                return Err(ApiError::invalid(
                    IDEMPOTENCY_KEY,
                    "This Idempotency-Key was used for a different request; use a new key.",
                ));
            }
            return Ok(Err(replay(kept)));
        }
        keys::claim(&mut tx, caller.id, key, request_hash).await?;
    }
    Ok(Ok(tx))
}

/// Keeps the response for the key (in the write's transaction), commits, and answers it.
pub async fn commit(
    mut tx: Transaction<'static, Any>,
    caller: &Caller,
    key: Option<&str>,
    kept: Kept,
) -> ApiResult<Response> {
    if let Some(key) = key {
        keys::keep(&mut tx, caller.id, key, &kept).await?;
    }
    tx.commit().await?;
    Ok(replay(kept))
}

/// A write that failed: if another request with the same key made it first (requests side
/// by side on PostgreSQL wait for each other on the key's claim, then the second fails as a
/// duplicate), the answer is the first's; else the failure.
pub async fn after_failure(
    state: &AppState,
    caller: &Caller,
    key: Option<&str>,
    request_hash: &str,
    result: ApiResult<Response>,
) -> ApiResult<Response> {
    match (result, key) {
        (Err(e), Some(key)) => {
            let mut conn = state.db.pool.acquire().await?;
            match keys::find(&mut conn, caller.id, key).await? {
                Some(kept) if kept.request_hash == request_hash => Ok(replay(kept)),
                _ => Err(e),
            }
        }
        (result, _) => result,
    }
}
