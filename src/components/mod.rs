//! Pieces shared by several pages.

pub mod allowed;
pub mod device_space;
pub mod field;
pub mod highlight;
pub mod notices;
pub mod update;
