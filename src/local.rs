//! Small values kept in this browser's localStorage (drafts, the language, the storage
//! choice). A leaf: it words nothing, so `i18n` and `browser` can both use it.

/// Why a value could not be kept or forgotten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalError {
    /// The browser refused the write: its storage for this site is full.
    Full,
    /// This browser has no localStorage for the page (disabled, blocked by policy...).
    Unavailable,
}

/// This site's localStorage, if the browser gives one.
pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The value kept under `key`, if any.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) -> Result<(), LocalError> {
    storage()
        .ok_or(LocalError::Unavailable)?
        .set_item(key, value)
        .map_err(|_| LocalError::Full)
}

pub fn remove(key: &str) -> Result<(), LocalError> {
    storage()
        .ok_or(LocalError::Unavailable)?
        .remove_item(key)
        .map_err(|_| LocalError::Unavailable)
}
