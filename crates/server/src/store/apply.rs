//! Writes: a change is applied by the domain's own [`Book::apply`] to a book holding only
//! the records it touches ([`Change::touches`]), and what changed is written back, with the
//! log entries, in the caller's transaction. The rules and the log are therefore exactly the
//! browser's.
//!
//! Every updated row is written with `WHERE version = <the version read>`: if another
//! request changed it in between (possible on PostgreSQL, where requests run side by side),
//! nothing is written and the request fails with 412, so no update is ever lost.

use clientele_domain::activity::{Entry, Stamp};
use clientele_domain::book::{Book, Change, RemovedCustomer};
use clientele_domain::model::{Customer, CustomerId, Subscription, SubscriptionId};
use clientele_domain::search::{fold, search_key};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

use super::feed;
use super::rows::{
    customer_row, enum_text, json_text, placeholders, subscription_row, CUSTOMER_COLUMNS,
    SUBSCRIPTION_COLUMNS,
};
use crate::db::Conn;
use crate::error::{ApiError, ApiResult};

/// The records a change touches, as read, with their versions.
#[derive(Debug, Default)]
pub struct Loaded {
    pub book: Book,
    pub customer_versions: HashMap<CustomerId, i64>,
    pub subscription_versions: HashMap<SubscriptionId, i64>,
}

/// IN lists are split so no statement has more parameters than a database allows.
const CHUNK: usize = 500;

/// The rows of `{select} IN (…) {tail}` for every value of `values`, a chunk of them per
/// statement, in the order of the chunks.
async fn rows_in(
    conn: &mut Conn,
    select: &str,
    values: &[String],
    tail: &str,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in values.chunks(CHUNK) {
        let sql = format!("{select} IN ({}) {tail}", placeholders(1, chunk.len()));
        let mut query = sqlx::query(&sql);
        for value in chunk {
            query = query.bind(value.as_str());
        }
        rows.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// Reads the records `change` touches: the customers it names (active or removed) and those
/// of the subscriptions it names, with all their subscriptions.
pub async fn load(conn: &mut Conn, change: &Change) -> ApiResult<Loaded> {
    load_touches(conn, &change.touches()).await
}

/// Reads these customers (active or removed) with all their subscriptions.
pub async fn load_customers(conn: &mut Conn, ids: &[CustomerId]) -> ApiResult<Loaded> {
    let touches = clientele_domain::book::Touches {
        customers: ids.to_vec(),
        ..Default::default()
    };
    load_touches(conn, &touches).await
}

async fn load_touches(
    conn: &mut Conn,
    touches: &clientele_domain::book::Touches,
) -> ApiResult<Loaded> {
    let mut loaded = Loaded::default();
    let mut customer_ids: Vec<String> = touches.customers.iter().map(|id| id.to_string()).collect();
    let subscription_ids: Vec<String> = touches
        .subscriptions
        .iter()
        .map(|id| id.to_string())
        .collect();
    let select = "SELECT customer_id FROM subscriptions WHERE id";
    for row in rows_in(conn, select, &subscription_ids, "").await? {
        customer_ids.push(row.try_get("customer_id")?);
    }
    customer_ids.sort();
    customer_ids.dedup();
    let select = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id");
    for row in rows_in(conn, &select, &customer_ids, "").await? {
        let row = customer_row(&row)?;
        loaded
            .customer_versions
            .insert(row.customer.id.clone(), row.version);
        match row.removed {
            None => loaded.book.customers.push(row.customer),
            Some((removed_at_ms, removed_by)) => loaded.book.removed.push(RemovedCustomer {
                customer: row.customer,
                removed_at_ms,
                removed_by,
            }),
        }
    }
    let select = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE customer_id");
    let order = "ORDER BY added_at_ms, position, id";
    for row in rows_in(conn, &select, &customer_ids, order).await? {
        let s = subscription_row(&row)?;
        loaded
            .subscription_versions
            .insert(s.record.id.clone(), s.version);
        loaded.book.subscriptions.push(s.record);
    }
    Ok(loaded)
}

/// Applies the changes, in order, to the loaded records and writes back what changed: all or
/// nothing. Returns the log entries written.
pub async fn apply(
    conn: &mut Conn,
    loaded: &Loaded,
    changes: Vec<Change>,
    stamp: &Stamp,
) -> ApiResult<Vec<Entry>> {
    let mut after = loaded.book.clone();
    for change in changes {
        after.apply(change, stamp)?;
    }
    write_back(conn, loaded, &after, stamp).await?;
    Ok(after.activity)
}

/// A row to write back, planned before any is written so the revisions can be reserved at
/// once.
enum Write<'a> {
    InsertCustomer(&'a Customer),
    /// The customer, when (and by whom) it was removed, and the version read.
    UpdateCustomer(&'a Customer, Option<(i64, &'a str)>, i64),
    /// The subscription and its position in the book (the order it was added in).
    InsertSubscription(&'a Subscription, usize),
    UpdateSubscription(&'a Subscription, i64),
    /// A customer the change took out of the book for good (an import undone), and the
    /// version read: deleted, with a tombstone for the feed.
    DeleteCustomer(&'a CustomerId, i64),
}

async fn write_back(
    conn: &mut Conn,
    before: &Loaded,
    after: &Book,
    stamp: &Stamp,
) -> ApiResult<()> {
    let writes = plan(before, after);
    refuse_twice(&writes)?;
    let rows = writes.len() + after.activity.len();
    if rows == 0 {
        return Ok(());
    }
    // The feed's revisions, one per row (records, then log entries), reserved last: see
    // store::feed for why this keeps the feed gap-free across instances.
    let first = feed::reserve(conn, rows).await?;
    let mut revisions = first..;
    // The writes first in the zip: it then takes no revision past the last write.
    for (write, revision) in writes.into_iter().zip(revisions.by_ref()) {
        match write {
            Write::InsertCustomer(c) => insert_customer(conn, c, revision).await?,
            Write::UpdateCustomer(c, removed, version) => {
                update_customer(conn, c, removed, version, revision).await?
            }
            Write::InsertSubscription(s, position) => {
                insert_subscription(conn, s, stamp.at_ms, position, revision).await?
            }
            Write::UpdateSubscription(s, version) => {
                update_subscription(conn, s, version, revision).await?
            }
            Write::DeleteCustomer(id, version) => {
                delete_customer(conn, id, version, stamp.at_ms, revision).await?
            }
        }
    }
    // In order: the sequence number keeps one change's entries in the order written.
    for (e, revision) in after.activity.iter().zip(revisions) {
        insert_entry(conn, e, revision).await?;
    }
    Ok(())
}

/// A request that names one record twice (an import with a subscription ID given twice, in
/// any case or spacing) would write it twice: 409, before anything is written.
fn refuse_twice(writes: &[Write]) -> ApiResult<()> {
    let mut seen = std::collections::HashSet::new();
    for w in writes {
        let (customer, id) = match w {
            Write::InsertCustomer(c) | Write::UpdateCustomer(c, ..) => (true, c.id.as_str()),
            Write::DeleteCustomer(id, _) => (true, id.as_str()),
            Write::InsertSubscription(s, _) | Write::UpdateSubscription(s, _) => {
                (false, s.id.as_str())
            }
        };
        if !seen.insert((customer, id)) {
            return Err(ApiError::conflict(format!(
                "The request gives the record with ID {id} twice."
            )));
        }
    }
    Ok(())
}

/// What differs between the records loaded and the book after the change.
fn plan<'a>(before: &'a Loaded, after: &'a Book) -> Vec<Write<'a>> {
    let mut writes = Vec::new();
    let was_active: HashMap<&CustomerId, &Customer> =
        before.book.customers.iter().map(|c| (&c.id, c)).collect();
    let was_removed: HashMap<&CustomerId, &RemovedCustomer> = before
        .book
        .removed
        .iter()
        .map(|r| (&r.customer.id, r))
        .collect();
    for c in &after.customers {
        match (was_active.get(&c.id), was_removed.get(&c.id)) {
            (None, None) => writes.push(Write::InsertCustomer(c)),
            (Some(old), _) if *old == c => {}
            _ => writes.push(Write::UpdateCustomer(
                c,
                None,
                version_of(&before.customer_versions, &c.id),
            )),
        }
    }
    for r in &after.removed {
        if was_removed.get(&r.customer.id) != Some(&r) {
            let removed = Some((r.removed_at_ms, r.removed_by.as_str()));
            let version = version_of(&before.customer_versions, &r.customer.id);
            writes.push(Write::UpdateCustomer(&r.customer, removed, version));
        }
    }
    let now: std::collections::HashSet<&CustomerId> = after
        .customers
        .iter()
        .map(|c| &c.id)
        .chain(after.removed.iter().map(|r| &r.customer.id))
        .collect();
    for id in was_active.keys().chain(was_removed.keys()) {
        if !now.contains(id) {
            let version = version_of(&before.customer_versions, id);
            writes.push(Write::DeleteCustomer(id, version));
        }
    }
    let subscriptions: HashMap<&SubscriptionId, &Subscription> = before
        .book
        .subscriptions
        .iter()
        .map(|s| (&s.id, s))
        .collect();
    for (position, s) in after.subscriptions.iter().enumerate() {
        match subscriptions.get(&s.id) {
            None => writes.push(Write::InsertSubscription(s, position)),
            Some(old) if *old == s => {}
            Some(_) => writes.push(Write::UpdateSubscription(
                s,
                version_of(&before.subscription_versions, &s.id),
            )),
        }
    }
    writes
}

/// A loaded record's version. Every record written back was loaded, so it is there; if it
/// were not, version 0 matches no row and the write fails as stale instead of panicking.
fn version_of<K: std::hash::Hash + Eq>(versions: &HashMap<K, i64>, id: &K) -> i64 {
    versions.get(id).copied().unwrap_or(0)
}

fn stale() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::PRECONDITION_FAILED,
        "Someone else changed this record at the same time; reload it and try again.",
    )
}

async fn insert_customer(conn: &mut Conn, c: &Customer, revision: i64) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO customers (id, company_name, sort_key, search_key, primary_domain, \
         domain_key, relationship, reseller_id, billing_address, primary_contact, details, \
         created_at, removed_at_ms, removed_by, version, revision, tags) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, 1, $13, $14)",
    )
    .bind(c.id.to_string())
    .bind(c.company_name.as_str())
    .bind(fold(&c.company_name))
    .bind(search_key(c))
    .bind(c.primary_domain.as_str())
    .bind(c.primary_domain.to_ascii_lowercase())
    .bind(enum_text(&c.relationship))
    .bind(c.reseller_id.as_ref().map(|r| r.to_string()))
    .bind(json_text(&c.billing_address))
    .bind(json_text(&c.primary_contact))
    .bind(json_text(&c.details))
    .bind(c.created_at.as_str())
    .bind(revision)
    .bind(json_text(&c.tags))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes every field of the customer (the book may change any of them), bumping the version
/// if it is still `version`.
async fn update_customer(
    conn: &mut Conn,
    c: &Customer,
    removed: Option<(i64, &str)>,
    version: i64,
    revision: i64,
) -> ApiResult<()> {
    let done = sqlx::query(
        "UPDATE customers SET company_name = $1, sort_key = $2, search_key = $3, \
         primary_domain = $4, domain_key = $5, relationship = $6, reseller_id = $7, \
         billing_address = $8, primary_contact = $9, details = $10, removed_at_ms = $11, \
         removed_by = $12, version = version + 1, revision = $13, tags = $16 \
         WHERE id = $14 AND version = $15",
    )
    .bind(c.company_name.as_str())
    .bind(fold(&c.company_name))
    .bind(search_key(c))
    .bind(c.primary_domain.as_str())
    .bind(c.primary_domain.to_ascii_lowercase())
    .bind(enum_text(&c.relationship))
    .bind(c.reseller_id.as_ref().map(|r| r.to_string()))
    .bind(json_text(&c.billing_address))
    .bind(json_text(&c.primary_contact))
    .bind(json_text(&c.details))
    .bind(removed.map(|(at, _)| at))
    .bind(removed.map(|(_, by)| by.to_string()))
    .bind(revision)
    .bind(c.id.to_string())
    .bind(version)
    .bind(json_text(&c.tags))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(stale())
    }
}

/// Deletes a customer if it is still at `version` (the book refuses to take out one with
/// subscriptions), leaving a tombstone at `revision` for the feed.
async fn delete_customer(
    conn: &mut Conn,
    id: &CustomerId,
    version: i64,
    at_ms: i64,
    revision: i64,
) -> ApiResult<()> {
    let done = sqlx::query("DELETE FROM customers WHERE id = $1 AND version = $2")
        .bind(id.to_string())
        .bind(version)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Err(stale());
    }
    sqlx::query("INSERT INTO deletions (customer_id, deleted_at_ms, revision) VALUES ($1, $2, $3)")
        .bind(id.to_string())
        .bind(at_ms)
        .bind(revision)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn insert_subscription(
    conn: &mut Conn,
    s: &Subscription,
    at_ms: i64,
    position: usize,
    revision: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO subscriptions (id, customer_id, offer_name, quantity, status, reseller_id, \
         added_at_ms, position, version, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)",
    )
    .bind(s.id.to_string())
    .bind(s.customer_id.to_string())
    .bind(s.offer_name.as_str())
    .bind(i64::from(s.quantity))
    .bind(enum_text(&s.status))
    .bind(s.reseller_id.as_ref().map(|r| r.to_string()))
    .bind(at_ms)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(revision)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn update_subscription(
    conn: &mut Conn,
    s: &Subscription,
    version: i64,
    revision: i64,
) -> ApiResult<()> {
    let done = sqlx::query(
        "UPDATE subscriptions SET offer_name = $1, quantity = $2, status = $3, reseller_id = $4, \
         version = version + 1, revision = $5 WHERE id = $6 AND version = $7",
    )
    .bind(s.offer_name.as_str())
    .bind(i64::from(s.quantity))
    .bind(enum_text(&s.status))
    .bind(s.reseller_id.as_ref().map(|r| r.to_string()))
    .bind(revision)
    .bind(s.id.to_string())
    .bind(version)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(stale())
    }
}

async fn insert_entry(conn: &mut Conn, e: &Entry, revision: i64) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO activity (at_ms, customer_id, customer_name, action, subject, before_text, \
         after_text, performed_by, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(e.at_ms)
    .bind(e.customer_id.as_ref().map(|id| id.to_string()))
    .bind(e.customer_name.as_str())
    .bind(e.action.key())
    .bind(e.subject.as_str())
    .bind(e.before.as_str())
    .bind(e.after.as_str())
    .bind(e.by.as_str())
    .bind(revision)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
