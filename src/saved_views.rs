//! The customer list's saved views as this browser keeps them (localStorage), shared by the
//! list, which saves and opens them, and the backup, which writes and restores them; and the
//! copy of a server's views, kept for while it can't be reached.

use clientele_domain::views::SavedView;

use crate::browser::{local_get, local_set};
use crate::keys::SAVED_VIEWS;

/// The views kept; none when there are none or they can't be read.
pub fn stored() -> Vec<SavedView> {
    stored_at(SAVED_VIEWS)
}

/// Keeps `views` in place of the ones kept; the error says why the browser refused.
pub fn keep(views: &[SavedView]) -> Result<(), String> {
    keep_at(SAVED_VIEWS, views)
}

/// The views kept under `key` (this browser's own, or a copy of a server's).
pub fn stored_at(key: &str) -> Vec<SavedView> {
    local_get(key)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn keep_at(key: &str, views: &[SavedView]) -> Result<(), String> {
    local_set(key, &serde_json::to_string(views).unwrap_or_default())
}
