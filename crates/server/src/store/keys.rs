//! Idempotency keys: a create sent again with the same `Idempotency-Key` gets the first
//! response again instead of making a second record. Keys belong to the user who sent them.

use sqlx::Row;

use crate::db::Conn;

/// A response kept for replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
    pub etag: Option<String>,
    pub location: Option<String>,
}

pub async fn find(conn: &mut Conn, user_id: i64, key: &str) -> Result<Option<Kept>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT request_hash, status, body, etag, location FROM idempotency_keys \
         WHERE user_id = $1 AND idem_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: i64 = row.try_get("status")?;
    Ok(Some(Kept {
        request_hash: row.try_get("request_hash")?,
        status: u16::try_from(status).unwrap_or(200),
        body: row.try_get("body")?,
        etag: row.try_get("etag")?,
        location: row.try_get("location")?,
    }))
}

/// Claims the key at the start of the transaction that makes the record. A second request
/// with the same key, sent at the same time, waits here (on the primary key) until the first
/// commits, then fails as a duplicate and is answered with the kept response; if the first
/// fails, its claim is rolled back with it and the key is free again (only successes are kept).
pub async fn claim(
    conn: &mut Conn,
    user_id: i64,
    key: &str,
    request_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status, body, etag, \
         location, created_at_ms) VALUES ($1, $2, $3, 0, '', NULL, NULL, $4)",
    )
    .bind(user_id)
    .bind(key)
    .bind(request_hash)
    .bind(crate::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps the response for the claimed key, in the same transaction as the record.
pub async fn keep(
    conn: &mut Conn,
    user_id: i64,
    key: &str,
    kept: &Kept,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $1, body = $2, etag = $3, location = $4 \
         WHERE user_id = $5 AND idem_key = $6",
    )
    .bind(i64::from(kept.status))
    .bind(kept.body.as_str())
    .bind(kept.etag.clone())
    .bind(kept.location.clone())
    .bind(user_id)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}
