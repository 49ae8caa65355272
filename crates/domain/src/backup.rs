//! A backup of the whole book in one JSON file: customers, subscriptions, removed
//! customers, the full activity log, the settings and the saved views, with the schema
//! version it was written in, the app's version and a SHA-256 of its content, so a file
//! that was cut short or edited is refused rather than restored.
//!
//! ```
//! use clientele_domain::backup::{read_backup, write_backup, BackupContent};
//! let content = BackupContent::default();
//! let file = write_backup(&content, "0.1.0", 1_795_281_336_000);
//! assert_eq!(read_backup(&file).unwrap().content, content);
//! ```

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use std::collections::HashSet;

use crate::activity::Entry;
use crate::book::{Book, Change, Restore};
use crate::i18n::Message;
use crate::model::CustomerId;
use crate::settings::Settings;
use crate::views::SavedView;

/// The version of the backup's layout. A newer one is refused: reading it could lose what
/// this version doesn't know of. An older one is read: 1 had no saved views.
pub const BACKUP_SCHEMA: u32 = 2;

/// What names a file as a Clientele backup.
const FORMAT: &str = "clientele-backup";

/// What a backup holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupContent {
    pub book: Book,
    pub settings: Settings,
    /// The customer list's saved views (schema 2). Left out when there are none, so that a
    /// schema 1 file, which has none, is hashed again exactly as it was written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<SavedView>,
}

/// A backup file as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub schema: u32,
    pub app_version: String,
    /// When it was written, in milliseconds since 1970 (UTC).
    pub written_at_ms: i64,
    /// Lowercase hex SHA-256 of `content` as written (compact JSON).
    pub sha256: String,
    pub content: BackupContent,
}

/// What a backup holds, for "Restore from backup" to show before anything is replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupCounts {
    pub customers: usize,
    pub subscriptions: usize,
    pub removed: usize,
    pub entries: usize,
    pub views: usize,
}

impl Backup {
    pub fn counts(&self) -> BackupCounts {
        let b = &self.content.book;
        BackupCounts {
            customers: b.customers.len(),
            subscriptions: b.subscriptions.len(),
            removed: b.removed.len(),
            entries: b.activity.len(),
            views: self.content.views.len(),
        }
    }
}

/// Why a file can't be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Not JSON, or JSON that is not a Clientele backup.
    NotABackup,
    /// Written by a newer Clientele (its schema).
    NewerSchema(u32),
    /// The content does not match its checksum: cut short, or edited.
    Corrupt,
}

impl BackupError {
    pub fn message(&self) -> Message {
        match self {
            Self::NotABackup => Message::new("backup.error.not_a_backup"),
            Self::NewerSchema(v) => Message::new("backup.error.newer")
                .arg("schema", v)
                .arg("ours", BACKUP_SCHEMA),
            Self::Corrupt => Message::new("backup.error.corrupt"),
        }
    }
}

/// The one write that replaces `current` (its customers, removed customers and log; its
/// subscriptions are not needed) with the backup's book and settings. The log keeps its
/// entries and gains the backup's that it lacks (all of them, in a cleared browser).
pub fn restore_change(backup: &Backup, current: &Book) -> Change {
    let have: HashSet<&Entry> = current.activity.iter().collect();
    let mut book = backup.content.book.clone();
    book.activity.retain(|e| !have.contains(e));
    let mut replaced: Vec<CustomerId> = current.customers.iter().map(|c| c.id.clone()).collect();
    replaced.extend(current.removed.iter().map(|r| r.customer.id.clone()));
    Change::RestoreBackup(Box::new(Restore {
        book,
        replaced,
        written_at_ms: backup.written_at_ms,
        settings: Some(backup.content.settings.clone()),
    }))
}

/// How old the last backup may get, with changes since, before a reminder; and how long a
/// dismissed reminder stays away.
pub const REMIND_AFTER_MS: i64 = 7 * 86_400_000;

/// Whether to remind the user to back up. `first_change_ms`: the first change since the
/// last backup (none: nothing changed since). A book never backed up is reminded about once
/// its first change is over 7 days old; a dismissal holds for 7 days.
pub fn reminder_due(
    last_backup_ms: Option<i64>,
    first_change_ms: Option<i64>,
    dismissed_ms: Option<i64>,
    now_ms: i64,
) -> bool {
    let Some(changed) = first_change_ms else {
        return false;
    };
    if last_backup_ms.is_some_and(|b| changed <= b) {
        return false;
    }
    let since = last_backup_ms.unwrap_or(changed);
    let dismissed_lately = dismissed_ms.is_some_and(|d| now_ms - d < REMIND_AFTER_MS);
    now_ms - since > REMIND_AFTER_MS && !dismissed_lately
}

/// "clientele-backup-2026-12-01.json" for date "2026-12-01".
pub fn backup_file_name(date: &str) -> String {
    format!("clientele-backup-{date}.json")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn content_json(content: &BackupContent) -> String {
    serde_json::to_string(content).expect("records serialize to JSON")
}

/// The backup file for `content`.
pub fn write_backup(content: &BackupContent, app_version: &str, written_at_ms: i64) -> String {
    #[derive(Serialize)]
    struct Head<'a> {
        format: &'a str,
        schema: u32,
        app_version: &'a str,
        written_at_ms: i64,
        sha256: String,
    }
    let body = content_json(content);
    let head = serde_json::to_string(&Head {
        format: FORMAT,
        schema: BACKUP_SCHEMA,
        app_version,
        written_at_ms,
        sha256: sha256_hex(body.as_bytes()),
    })
    .expect("a head serializes");
    // The content is written exactly as it was hashed.
    format!("{},\"content\":{body}}}", head.trim_end_matches('}'))
}

/// Reads a backup file, refusing one of a newer schema or whose content doesn't match its
/// checksum.
pub fn read_backup(text: &str) -> Result<Backup, BackupError> {
    #[derive(Deserialize)]
    struct Head {
        format: String,
        schema: u32,
    }
    let head: Head = serde_json::from_str(text).map_err(|_| BackupError::NotABackup)?;
    if head.format != FORMAT {
        return Err(BackupError::NotABackup);
    }
    if head.schema > BACKUP_SCHEMA {
        return Err(BackupError::NewerSchema(head.schema));
    }
    let backup: Backup = serde_json::from_str(text).map_err(|_| BackupError::Corrupt)?;
    if sha256_hex(content_json(&backup.content).as_bytes()) != backup.sha256 {
        return Err(BackupError::Corrupt);
    }
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn content() -> BackupContent {
        let s = sample::generate(3, 40);
        BackupContent {
            book: Book {
                customers: s.customers,
                subscriptions: s.subscriptions,
                ..Book::default()
            },
            settings: s.settings,
            views: vec![SavedView {
                name: "EMEA renewals".into(),
                params: "tag=EMEA&sort=-created".into(),
            }],
        }
    }

    #[test]
    fn a_backup_reads_back_with_its_counts_and_date() {
        let file = write_backup(&content(), "0.1.0", 1_795_281_336_000);
        let b = read_backup(&file).unwrap();
        assert_eq!(b.content, content());
        assert_eq!(b.written_at_ms, 1_795_281_336_000);
        assert_eq!(b.app_version, "0.1.0");
        assert_eq!(b.counts().customers, 40);
        assert_eq!(
            backup_file_name("2026-12-01"),
            "clientele-backup-2026-12-01.json"
        );
    }

    #[test]
    fn a_schema_1_backup_without_saved_views_still_restores() {
        // Written by the version before saved views joined the backup.
        let file = include_str!("../tests/files/backup-schema-1.json");
        let b = read_backup(file).unwrap();
        assert_eq!(b.schema, 1);
        assert_eq!(b.counts().customers, 1);
        assert!(b.content.views.is_empty());
        assert_eq!(
            b.content.book.customers[0].company_name,
            "Walker & Johnson Logistics"
        );
        // And its settings go with the records in the restore's one write.
        let Change::RestoreBackup(restore) = restore_change(&b, &Book::default()) else {
            panic!("a restore");
        };
        assert_eq!(restore.settings.as_ref(), Some(&b.content.settings));
    }

    #[test]
    fn an_edited_or_cut_backup_is_corrupt() {
        let file = write_backup(&content(), "0.1.0", 0);
        let name = &content().book.customers[0].company_name;
        let edited = file.replacen(name.as_str(), "Someone Else", 1);
        assert_eq!(read_backup(&edited), Err(BackupError::Corrupt));
        let cut = &file[..file.len() - 10];
        assert!(matches!(
            read_backup(cut),
            Err(BackupError::Corrupt | BackupError::NotABackup)
        ));
    }

    #[test]
    fn a_reminder_comes_after_7_days_with_changes_since_and_stays_away_once_dismissed() {
        const DAY: i64 = 86_400_000;
        let now = 100 * DAY;
        // Backed up 8 days ago, changed since.
        assert!(reminder_due(
            Some(now - 8 * DAY),
            Some(now - DAY),
            None,
            now
        ));
        // Nothing changed since the backup, or the backup is recent.
        assert!(!reminder_due(Some(now - 8 * DAY), None, None, now));
        assert!(!reminder_due(
            Some(now - 8 * DAY),
            Some(now - 9 * DAY),
            None,
            now
        ));
        assert!(!reminder_due(
            Some(now - 6 * DAY),
            Some(now - DAY),
            None,
            now
        ));
        // Never backed up: once the first change is over 7 days old.
        assert!(reminder_due(None, Some(now - 8 * DAY), None, now));
        assert!(!reminder_due(None, Some(now - 6 * DAY), None, now));
        // Dismissed: away for 7 days, then back.
        assert!(!reminder_due(
            None,
            Some(now - 8 * DAY),
            Some(now - DAY),
            now
        ));
        assert!(reminder_due(
            None,
            Some(now - 30 * DAY),
            Some(now - 8 * DAY),
            now
        ));
    }

    #[test]
    fn a_newer_schema_and_other_files_are_refused() {
        let file = write_backup(&content(), "0.1.0", 0).replacen(
            &format!("\"schema\":{BACKUP_SCHEMA}"),
            "\"schema\":9",
            1,
        );
        assert_eq!(read_backup(&file), Err(BackupError::NewerSchema(9)));
        assert_eq!(
            read_backup("{\"customers\":[]}"),
            Err(BackupError::NotABackup)
        );
        assert_eq!(
            read_backup("Company name,Domain"),
            Err(BackupError::NotABackup)
        );
    }
}
