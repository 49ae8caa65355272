//! Pieces shared by several pages.

pub mod field;
pub mod highlight;
pub mod notices;
pub mod update;
