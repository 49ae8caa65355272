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

/// Keeps the response, in the transaction that made the record: both are kept or neither.
pub async fn keep(
    conn: &mut Conn,
    user_id: i64,
    key: &str,
    kept: &Kept,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status, body, etag, \
         location, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user_id)
    .bind(key)
    .bind(kept.request_hash.as_str())
    .bind(i64::from(kept.status))
    .bind(kept.body.as_str())
    .bind(kept.etag.clone())
    .bind(kept.location.clone())
    .bind(crate::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}
