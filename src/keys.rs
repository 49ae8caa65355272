//! Every name this app keeps data under in the browser: localStorage keys, the IndexedDB
//! database and its object stores, the tab channel and the Web Locks. One list, so a new
//! key cannot collide with an old one and a reader finds them all.

/// localStorage: the whole book, as versions before IndexedDB kept it (read once, to
/// migrate; then renamed to `clientele.book.migrated-<time>`).
pub const LEGACY_BOOK: &str = "clientele.book";
/// localStorage: the settings, as versions before IndexedDB kept them (migrated likewise).
pub const LEGACY_SETTINGS: &str = "clientele.settings";
/// localStorage: where the book is kept (this browser or a server), see `StorageChoice`.
pub const STORAGE_CHOICE: &str = "clientele.storage";
/// localStorage: export preferences, each user's own even on a shared server.
pub const EXPORTS: &str = "clientele.exports";
/// localStorage: the customer list's saved views (`clientele_domain::views`), this
/// browser's own.
pub const SAVED_VIEWS: &str = "clientele.views";
/// localStorage: the customer list's hidden columns (`clientele_domain::columns`).
pub const LIST_COLUMNS: &str = "clientele.columns";
/// localStorage: "1" once this browser has shown the customer list, so the loader fetches the
/// list's chunk beside the main module (scripts/postbuild.mjs, `ON_USE_CHUNKS`).
pub const LIST_SHOWN: &str = "clientele.list";
/// localStorage: the UI language.
pub const LANGUAGE: &str = "clientele.lang";
/// localStorage: drafts, kept as typed so a reload loses nothing.
pub const DRAFT_CUSTOMER: &str = "clientele.draft.customer";
pub const DRAFT_CUSTOMER_SUBMIT: &str = "clientele.draft.customer.submit";
pub const DRAFT_INVITE: &str = "clientele.draft.invite";
pub const DRAFT_SETTINGS: &str = "clientele.draft.settings";
pub const DRAFT_STORAGE: &str = "clientele.draft.storage";
/// localStorage: when this browser's book was last downloaded as a backup (Unix ms).
pub const LAST_BACKUP: &str = "clientele.backup.last";
/// localStorage: when the book first changed after its last backup (Unix ms).
pub const CHANGED_SINCE_BACKUP: &str = "clientele.backup.changed";
/// localStorage: when the reminder to back up was last dismissed (Unix ms).
pub const BACKUP_REMINDER_DISMISSED: &str = "clientele.backup.dismissed";
/// localStorage: a company-name draft on a customer's account page.
pub fn draft_company_name(id: &impl std::fmt::Display) -> String {
    format!("clientele.draft.company-name.{id}")
}

/// IndexedDB: this browser's book.
pub const DATABASE: &str = "clientele";
/// Object stores of [`DATABASE`]: customers with a relationship, by ID.
pub const CUSTOMERS: &str = "customers";
/// Customers whose relationship was removed, by ID.
pub const REMOVED: &str = "removed";
/// Subscriptions by ID, with an index on their customer.
pub const SUBSCRIPTIONS: &str = "subscriptions";
/// The activity log, append-only, in the order written, with an index on the customer.
pub const ACTIVITY: &str = "activity";
/// The book's revision and its settings.
pub const META: &str = "meta";
/// The index on `c` (a customer ID) in [`SUBSCRIPTIONS`] and [`ACTIVITY`].
pub const BY_CUSTOMER: &str = "by_customer";
/// Keys in [`META`].
pub const META_REVISION: &str = "revision";
pub const META_SETTINGS: &str = "settings";

/// BroadcastChannel on which each commit is announced to the other tabs.
pub fn channel(database: &str) -> String {
    format!("{database}.changes")
}
/// Web Lock held while a book is migrated from localStorage or loaded in bulk.
pub fn bulk_lock(database: &str) -> String {
    format!("{database}.bulk")
}

/// IndexedDB: the replica of a team's book on a server, one database per server address and
/// access token (a token is one user), so switching servers or users never mixes two books.
/// The token itself is not in the name (names show in the browser's tools): a hash of it is.
pub fn replica(base_url: &str, token: &str) -> String {
    // FNV-1a, 64 bits: stable across builds and browsers, which a name must be.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in base_url.bytes().chain([0]).chain(token.trim().bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("clientele.replica.{hash:016x}")
}
/// localStorage: a copy of the user's saved views on a server (`/api/views`), for one server
/// address and user, named as their replica is.
pub fn server_views(base_url: &str, token: &str) -> String {
    format!("{}.views", replica(base_url, token))
}
/// Keys in [`META`] of a replica: where it is in the server's change feed, and the settings
/// the server last gave (shown while it can't be reached).
pub const META_FEED: &str = "feed";
pub const META_SERVER_SETTINGS: &str = "server_settings";
