//! Pieces shared by several pages.

pub mod account;
pub mod allowed;
pub mod backup_reminder;
pub mod device_space;
pub mod export;
pub mod field;
pub mod highlight;
pub mod language;
pub mod log_table;
pub mod notices;
pub mod update;
