//! The change feed: a server-wide revision for every record and log entry written, and what
//! was written after a revision (`GET /api/changes`): customers, tombstones of removed
//! ones, subscriptions, the settings and the activity log's new entries.
//!
//! # How the feed stays correct across instances
//!
//! One row (`feed`, id 1) holds the last revision given out. A write reserves the revisions
//! it needs with `UPDATE feed SET revision = revision + n` ([`reserve`]) in its own
//! transaction, just before it writes its records, and stores one in each record's (and
//! each new log entry's) `revision` column. That UPDATE locks the row until the transaction ends (PostgreSQL's row
//! lock; SQLite's single writer), so writes that take revisions commit one after another, in
//! revision order: a write with a higher revision can only reserve it once every write with
//! a lower one has committed or rolled back (a rollback gives its revisions back; nothing
//! was visible). Hence, at any moment, the committed revisions are exactly those up to the
//! counter's committed value, with no in-flight write below it. A reader that has every
//! record up to revision R and asks for `revision > R` can't miss a change that commits
//! later: it will have a higher revision. [`changes`] reads the counter and the records in
//! one snapshot (REPEATABLE READ on PostgreSQL), so `next` never passes a revision the
//! snapshot did not see.
//!
//! Each record written gets its own revision (an import of 1,000 customers reserves 1,000),
//! so `since` alone is the cursor: a page ends after any item, never inside a write.
//!
//! The price: writes that change records are serialized on that row between their
//! reservation and their commit (reads are not). The reservation comes after the write's
//! reads and checks, just before its INSERTs and UPDATEs, so the row is held only for those,
//! the log entries, reading back the answer and the commit. It is taken after the write's
//! other locks (the idempotency key's claim, a create's domain lock) and before any record
//! row is locked, always in that order, so it adds no deadlock. The alternative, a feed that only shows revisions
//! below the oldest transaction still in flight, lets writes run side by side but needs
//! the in-flight set (PostgreSQL's `pg_snapshot_xmin` and a transaction-ID column) and has
//! no SQLite equivalent; a reseller's book is written at human speed, so one counter is
//! the simpler correct choice.
//!
//! # Tombstones, the floor and the database ID
//!
//! A customer whose relationship is removed stays a row, so its removal is a feed item
//! (`removed`, the tombstone of the active list) and its reinstatement another
//! (`customer`). A customer an import added and its undo took out is deleted for good (so
//! its ID, often a Partner Center tenant's, can be imported again), leaving a row in
//! `deletions` at the undo's revision: the feed sends it as `deleted`, and a replica drops
//! the customer. Why a tombstone table and not the alternatives: keeping the row as
//! "removed" would list an import undone among removed relationships, to be reinstated,
//! which the browser's book never does; raising the floor instead would make every
//! replica read the whole book again for one undo. Besides those, only [`purge_removed`]
//! deletes records: it raises the `floor` to the
//! current revision, and a replica that read before it (revision above 0 and below the
//! floor) is told to read again in full, since the purged records left no trace. The
//! `database_id`, a random GUID set at first start, tells a replica it is talking to
//! another database (a replica whose revision is above the server's is told the same).

use clientele_domain::api::{Changes, Deleted, FeedChange, FeedItem, Removed, Resync};
use clientele_domain::guid::Guid;
use clientele_domain::model::CustomerId;
use sqlx::Row;

use super::rows::{customer_row, entry_row, subscription_row, CustomerRow, Versioned};
use super::rows::{ACTIVITY_COLUMNS, CUSTOMER_COLUMNS, SUBSCRIPTION_COLUMNS};
use super::settings::settings_row;
use crate::db::{Backend, Conn, Db};

/// The feed's row: the last revision given out, the floor, the database's ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub revision: i64,
    pub floor: i64,
    pub database_id: String,
}

pub async fn state(conn: &mut Conn) -> Result<State, sqlx::Error> {
    let row = sqlx::query("SELECT revision, floor, database_id FROM feed WHERE id = 1")
        .fetch_one(conn)
        .await?;
    Ok(State {
        revision: row.try_get("revision")?,
        floor: row.try_get("floor")?,
        database_id: row.try_get("database_id")?,
    })
}

/// Reserves `n` revisions (n ≥ 1) for a write and returns the first; the feed's row stays
/// locked until the caller's transaction ends (see the module's docs).
pub async fn reserve(conn: &mut Conn, n: usize) -> Result<i64, sqlx::Error> {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    sqlx::query("UPDATE feed SET revision = revision + $1 WHERE id = 1")
        .bind(n)
        .execute(&mut *conn)
        .await?;
    let last: i64 = sqlx::query_scalar("SELECT revision FROM feed WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok(last - n + 1)
}

/// Gives the database its ID on first start (instances starting together agree: the first
/// to write wins).
pub async fn ensure_database_id(db: &Db) -> Result<(), sqlx::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let id = Guid::v4_from_bits(u128::from_le_bytes(bytes))
        .as_str()
        .to_string();
    sqlx::query("UPDATE feed SET database_id = $1 WHERE id = 1 AND database_id = ''")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What a replica asks for.
#[derive(Clone, Debug)]
pub struct Since {
    pub revision: i64,
    /// The database the replica was made from, if it says.
    pub database: Option<String>,
    pub limit: i64,
}

/// The changes after `since.revision`, at most `limit`, in revision order, or a resync.
pub async fn changes(db: &Db, since: &Since) -> Result<Changes, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    if db.backend == Backend::Postgres {
        // One snapshot for the counter and the records.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    let feed = state(&mut tx).await?;
    let resync = if since
        .database
        .as_ref()
        .is_some_and(|d| *d != feed.database_id)
    {
        Some(Resync::OtherDatabase)
    } else if since.revision > feed.revision {
        Some(Resync::Ahead)
    } else if since.revision > 0 && since.revision < feed.floor {
        Some(Resync::BelowFloor)
    } else {
        None
    };
    let mut items = Vec::new();
    if resync.is_none() {
        items = read_after(&mut tx, since.revision, since.limit).await?;
    }
    tx.commit().await?;
    let limit = usize::try_from(since.limit).unwrap_or(usize::MAX);
    let more = items.len() > limit;
    items.truncate(limit);
    let next = match (resync, more, items.last()) {
        (Some(_), _, _) => 0,
        (None, true, Some(last)) => last.revision,
        // Everything up to the counter was in this snapshot.
        (None, _, _) => feed.revision.max(since.revision),
    };
    Ok(Changes {
        database_id: feed.database_id,
        floor: feed.floor,
        revision: feed.revision,
        next,
        more,
        resync,
        changes: items,
    })
}

/// Up to `limit + 1` records written after `since`, in revision order (`limit + 1` from
/// each table, so that more than `limit` in all means there are more).
async fn read_after(conn: &mut Conn, since: i64, limit: i64) -> Result<Vec<FeedItem>, sqlx::Error> {
    let mut items = Vec::new();
    for (table, columns) in [
        ("customers", CUSTOMER_COLUMNS),
        ("subscriptions", SUBSCRIPTION_COLUMNS),
        ("settings", "partner, resellers, version"),
        ("activity", ACTIVITY_COLUMNS),
        ("deletions", "customer_id"),
    ] {
        let sql = format!(
            "SELECT {columns}, revision FROM {table} WHERE revision > $1 \
             ORDER BY revision LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(since)
            .bind(limit + 1)
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            let change = match table {
                "customers" => customer_change(customer_row(&row)?),
                "subscriptions" => FeedChange::Subscription(subscription_row(&row)?),
                "settings" => FeedChange::Settings(settings_row(&row)?),
                "deletions" => FeedChange::Deleted(Deleted {
                    id: CustomerId::parse(&row.try_get::<String, _>("customer_id")?)
                        .map_err(|e| sqlx::Error::Decode(e.to_string().into()))?,
                }),
                _ => FeedChange::Entry(entry_row(&row)?),
            };
            items.push(FeedItem {
                revision: row.try_get("revision")?,
                change,
            });
        }
    }
    items.sort_by_key(|i| i.revision);
    Ok(items)
}

/// An active customer, or the tombstone of a removed one.
fn customer_change(c: CustomerRow) -> FeedChange {
    let customer = Versioned {
        record: c.customer,
        version: c.version,
    };
    match c.removed {
        None => FeedChange::Customer(customer),
        Some((removed_at_ms, removed_by)) => FeedChange::Removed(Removed {
            customer,
            removed_at_ms,
            removed_by,
        }),
    }
}

/// Deletes for good the customers removed before `before_ms`, with their subscriptions,
/// and raises the floor to the current revision: replicas that read before the purge must
/// read again in full. Returns how many customers were purged.
pub async fn purge_removed(db: &Db, before_ms: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let first = reserve(&mut tx, 1).await?;
    sqlx::query(
        "DELETE FROM subscriptions WHERE customer_id IN \
         (SELECT id FROM customers WHERE removed_at_ms IS NOT NULL AND removed_at_ms < $1)",
    )
    .bind(before_ms)
    .execute(&mut *tx)
    .await?;
    let done =
        sqlx::query("DELETE FROM customers WHERE removed_at_ms IS NOT NULL AND removed_at_ms < $1")
            .bind(before_ms)
            .execute(&mut *tx)
            .await?;
    // Tombstones of customers deleted before then go too: the floor covers them.
    sqlx::query("DELETE FROM deletions WHERE deleted_at_ms < $1")
        .bind(before_ms)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE feed SET floor = $1 WHERE id = 1")
        .bind(first)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
