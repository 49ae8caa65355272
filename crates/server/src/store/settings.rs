//! The partner profile and resellers: one row, versioned like every record.

use clientele_domain::settings::PartnerProfile;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::rows::{json_from, json_text, Versioned};
use crate::db::Conn;

/// What the server keeps of the settings (the team's); the current user comes from the
/// bearer token.
pub use clientele_domain::api::TeamSettings as Stored;

pub async fn get(conn: &mut Conn) -> Result<Versioned<Stored>, sqlx::Error> {
    let row = sqlx::query("SELECT partner, resellers, version FROM settings WHERE id = 1")
        .fetch_one(conn)
        .await?;
    settings_row(&row)
}

/// The settings from a row with `partner`, `resellers` and `version`.
pub fn settings_row(row: &AnyRow) -> Result<Versioned<Stored>, sqlx::Error> {
    let partner: String = row.try_get("partner")?;
    Ok(Versioned {
        record: Stored {
            // Empty until first saved.
            partner: if partner.is_empty() {
                PartnerProfile::default()
            } else {
                json_from(&partner, "partner profile")?
            },
            resellers: json_from(&row.try_get::<String, _>("resellers")?, "resellers")?,
        },
        version: row.try_get("version")?,
    })
}

/// Saves if the stored version is still `version`, at a new revision of the feed; returns
/// the new version, or `None` when someone saved in between.
pub async fn save(conn: &mut Conn, s: &Stored, version: i64) -> Result<Option<i64>, sqlx::Error> {
    let revision = super::feed::reserve(conn, 1).await?;
    let done = sqlx::query(
        "UPDATE settings SET partner = $1, resellers = $2, version = version + 1, \
         revision = $3 WHERE id = 1 AND version = $4",
    )
    .bind(json_text(&s.partner))
    .bind(json_text(&s.resellers))
    .bind(revision)
    .bind(version)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(version + 1))
}
