//! `use_settings_loaded`: whether the settings have loaded, and not their content, for a form
//! that must not be rebuilt when a save reloads them.

use leptos::prelude::*;

use crate::state::use_app_state;
use crate::store::StoreError;

/// `None` while the settings load, then whether they could be. Changes only when that does:
/// a reload after a save leaves it as it is, so a form built on it keeps the user's place.
pub fn use_settings_loaded() -> Memo<Option<Result<(), StoreError>>> {
    let state = use_app_state();
    Memo::new(move |_| {
        state.settings.with(|s| {
            s.as_ref()
                .map(|r| r.as_ref().map(drop).map_err(Clone::clone))
        })
    })
}
