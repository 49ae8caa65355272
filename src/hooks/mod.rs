//! Reactive helpers that several pages use, one per file (leptos-use style).

pub mod spawn_busy;
pub mod use_local_draft;
pub mod use_settings_loaded;

pub use spawn_busy::spawn_busy;
pub use use_local_draft::{
    kept_draft, use_local_draft, use_local_draft_with_options, Keep, UseLocalDraftOptions,
    UseLocalDraftReturn,
};
pub use use_settings_loaded::use_settings_loaded;
