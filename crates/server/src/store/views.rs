//! Each user's saved views of the customer list, in the order first saved.

use clientele_domain::views::{name_key, SavedView};
use sqlx::Row;

use crate::db::Conn;

/// The user's views, oldest first.
pub async fn list(conn: &mut Conn, user_id: i64) -> Result<Vec<SavedView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT name, params FROM saved_views WHERE user_id = $1 ORDER BY position, name_key",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SavedView {
                name: r.try_get("name")?,
                params: r.try_get("params")?,
            })
        })
        .collect()
}

/// Keeps `view` (already checked by the domain's `views::save`): a view of the same name,
/// in any case, is replaced in its place; a new one goes last.
pub async fn put(conn: &mut Conn, user_id: i64, view: &SavedView) -> Result<(), sqlx::Error> {
    let key = name_key(&view.name);
    let replaced = sqlx::query(
        "UPDATE saved_views SET name = $1, params = $2 WHERE user_id = $3 AND name_key = $4",
    )
    .bind(&view.name)
    .bind(&view.params)
    .bind(user_id)
    .bind(&key)
    .execute(&mut *conn)
    .await?;
    if replaced.rows_affected() > 0 {
        return Ok(());
    }
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(position) FROM saved_views WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO saved_views (user_id, name_key, name, params, position) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(&key)
    .bind(&view.name)
    .bind(&view.params)
    .bind(last.map_or(0, |p| p + 1))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets the view named `name` (in any case). Says whether there was one.
pub async fn delete(conn: &mut Conn, user_id: i64, name: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM saved_views WHERE user_id = $1 AND name_key = $2")
        .bind(user_id)
        .bind(name_key(name))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
