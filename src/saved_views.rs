//! The customer list's saved views as this browser keeps them (localStorage), shared by the
//! list, which saves and opens them, and the backup, which writes and restores them.

use clientele_domain::views::SavedView;

use crate::browser::{local_get, local_set};
use crate::keys::SAVED_VIEWS;

/// The views kept; none when there are none or they can't be read.
pub fn stored() -> Vec<SavedView> {
    local_get(SAVED_VIEWS)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps `views` in place of the ones kept; the error says why the browser refused.
pub fn keep(views: &[SavedView]) -> Result<(), String> {
    local_set(
        SAVED_VIEWS,
        &serde_json::to_string(views).unwrap_or_default(),
    )
}
