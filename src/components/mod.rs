//! Pieces shared by several pages.

pub mod allowed;
pub mod field;
pub mod highlight;
pub mod language;
pub mod notices;
pub mod update;
