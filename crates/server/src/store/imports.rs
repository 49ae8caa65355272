//! Customer files imported in batches: each import's row and the customers it wrote
//! (migration 0005), so closing it logs the totals once and undoing it takes out exactly
//! what it added and puts back what it updated.

use clientele_domain::api::ImportSummary;
use clientele_domain::model::{Customer, CustomerId, ImportId};
use sqlx::Row;

use super::rows::{json_from, json_text};
use crate::db::Conn;

/// An import as stored.
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: ImportId,
    pub file_name: String,
    pub skipped: i64,
    pub errors: i64,
    pub closed: bool,
    pub undone: bool,
}

/// A customer an import wrote: as it was (`None`: the import added it) and the version the
/// import left it at.
#[derive(Clone, Debug)]
pub struct Item {
    pub customer_id: CustomerId,
    pub before: Option<Customer>,
    pub version: i64,
}

pub async fn find(conn: &mut Conn, id: &ImportId) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, file_name, skipped, errors, closed_at_ms, undone_at_ms FROM imports \
         WHERE id = $1",
    )
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Stored {
        id: id.clone(),
        file_name: row.try_get("file_name")?,
        skipped: row.try_get("skipped")?,
        errors: row.try_get("errors")?,
        closed: row.try_get::<Option<i64>, _>("closed_at_ms")?.is_some(),
        undone: row.try_get::<Option<i64>, _>("undone_at_ms")?.is_some(),
    }))
}

/// Starts an import (its first batch).
pub async fn start(
    conn: &mut Conn,
    id: &ImportId,
    file_name: &str,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO imports (id, file_name, skipped, errors, closed_at_ms, undone_at_ms, \
         created_by, created_at_ms) VALUES ($1, $2, 0, 0, NULL, NULL, $3, $4)",
    )
    .bind(id.as_str())
    .bind(file_name)
    .bind(by)
    .bind(crate::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps a customer a batch wrote.
pub async fn add_item(
    conn: &mut Conn,
    id: &ImportId,
    customer: &CustomerId,
    before: Option<&Customer>,
    version: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO import_items (import_id, customer_id, before_json, version) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id.as_str())
    .bind(customer.as_str())
    .bind(before.map(json_text))
    .bind(version)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn items(conn: &mut Conn, id: &ImportId) -> Result<Vec<Item>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT customer_id, before_json, version FROM import_items WHERE import_id = $1 \
         ORDER BY customer_id",
    )
    .bind(id.as_str())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let customer: String = row.try_get("customer_id")?;
            let before: Option<String> = row.try_get("before_json")?;
            Ok(Item {
                customer_id: CustomerId::parse(&customer)
                    .map_err(|e| sqlx::Error::Decode(e.to_string().into()))?,
                before: before.map(|b| json_from(&b, "customer")).transpose()?,
                version: row.try_get("version")?,
            })
        })
        .collect()
}

/// How many customers the import added and updated.
pub async fn counts(conn: &mut Conn, id: &ImportId) -> Result<(usize, usize), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, COUNT(before_json) AS updated FROM import_items \
         WHERE import_id = $1",
    )
    .bind(id.as_str())
    .fetch_one(conn)
    .await?;
    let all: i64 = row.try_get("n")?;
    let updated: i64 = row.try_get("updated")?;
    Ok(((all - updated) as usize, updated as usize))
}

pub async fn close(
    conn: &mut Conn,
    id: &ImportId,
    skipped: usize,
    errors: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET closed_at_ms = $1, skipped = $2, errors = $3 WHERE id = $4")
        .bind(crate::now_ms())
        .bind(i64::try_from(skipped).unwrap_or(i64::MAX))
        .bind(i64::try_from(errors).unwrap_or(i64::MAX))
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_undone(conn: &mut Conn, id: &ImportId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET undone_at_ms = $1 WHERE id = $2")
        .bind(crate::now_ms())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// The import as the API shows it.
pub async fn summary(conn: &mut Conn, stored: &Stored) -> Result<ImportSummary, sqlx::Error> {
    let (added, updated) = counts(conn, &stored.id).await?;
    Ok(ImportSummary {
        id: stored.id.clone(),
        file_name: stored.file_name.clone(),
        added,
        updated,
        skipped: stored.skipped.max(0) as usize,
        errors: stored.errors.max(0) as usize,
        closed: stored.closed,
        undone: stored.undone,
    })
}
