//! The browser's database as the replica of a team's book on a server (`store/replica.rs`):
//! records are written as the server sent them, each with the server's version as its `r`, so
//! a write from the replica sends that version as If-Match and a stale copy is refused by the
//! server, not silently overwritten.
//!
//! Merging is idempotent: a record is written only when it is newer than the stored one, and
//! a log entry only when its feed revision is past the replica's position. Two tabs merging
//! the same page, or a write's answer and then the feed bringing the same record, write it
//! once.

use clientele_domain::api::{Deleted, FeedChange, FeedItem, Removed, TeamSettings, Versioned};
use clientele_domain::book::Touches;

use super::*;
use crate::keys::{META_FEED, META_SERVER_SETTINGS};

/// Where a replica is in the server's change feed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeedCursor {
    /// The server database the replica was made from.
    pub database: String,
    /// The feed's `next`: every change up to it is in the replica.
    pub next: i64,
    /// The first full read got to the end (until then, opening goes on with it).
    pub complete: bool,
    /// When the server last answered, for "showing the book as of".
    pub synced_at_ms: i64,
}

/// Records to write as the server has them.
#[derive(Default)]
pub struct Merge {
    pub items: Vec<FeedItem>,
    /// Customers that left the list by this tab's own write: taken out now, their tombstone
    /// comes with the feed.
    pub left: Vec<CustomerId>,
    /// The feed position once these are in (none for a write's answer).
    pub cursor: Option<FeedCursor>,
}

/// What a merge changed that the app shows.
#[derive(Default)]
pub struct Merged {
    /// Each customer as it is now; `None` for one that left the list.
    pub customers: Vec<(CustomerId, Option<Customer>)>,
    pub settings: bool,
}

/// Past this many records, a merge reads whole stores (one request each) instead of one
/// record at a time: a first full read of a large book.
const LOOKUPS_ABOVE: usize = 1024;

/// Every customer bucket as the last merge of a first full read left it, so the next merge
/// of that read need not read and parse them all again. Valid only while no one else writes
/// the replica: the first read holds the replica's lock.
#[derive(Default)]
pub struct BucketCache {
    wanted: bool,
    buckets: Option<HashMap<String, db::Bucket>>,
}

impl BucketCache {
    /// For a replica known to be empty: no bucket to read.
    pub fn empty() -> Self {
        Self {
            wanted: true,
            buckets: Some(HashMap::new()),
        }
    }

    /// The customers in the cached buckets, as last written, taking them out of the cache.
    pub fn into_customers(self) -> Option<Vec<Customer>> {
        let buckets = self.buckets?;
        Some(buckets.into_values().flatten().map(|r| r.v).collect())
    }

    /// Every bucket, read at the first merge and kept.
    pub fn all() -> Self {
        Self {
            wanted: true,
            buckets: None,
        }
    }
}

impl BrowserStore {
    /// The replica's feed position (the default, at 0, when it was never synced).
    pub async fn feed_cursor(&self) -> Result<FeedCursor, StoreError> {
        let d = self.replica_db()?;
        let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
        Ok(tx.meta_json(META_FEED).await?.unwrap_or_default())
    }

    /// Empties the replica (it is from another database, or too far behind).
    pub async fn clear_replica(&self) -> Result<(), StoreError> {
        let d = self.replica_db()?;
        let tx = Tx::new(&d, TransactionMode::ReadWrite)?;
        tx.clear()?;
        tx.commit().await
    }

    /// The settings the server last gave.
    pub async fn server_settings(&self) -> Result<Option<Settings>, StoreError> {
        let d = self.replica_db()?;
        let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
        tx.meta_json(META_SERVER_SETTINGS).await
    }

    pub async fn keep_server_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let d = self.replica_db()?;
        let tx = Tx::new(&d, TransactionMode::ReadWrite)?;
        tx.put_meta_json(META_SERVER_SETTINGS, settings)?;
        tx.commit().await
    }

    /// The server versions of what a change writes, as this tab read them (what the user
    /// saw: a teammate's newer version, merged since, must meet If-Match and be refused),
    /// or as stored for a record this tab never read. `("c:{id}", v)` for customers (active
    /// or removed), `("s:{id}", v)` for subscriptions.
    pub async fn read_versions(&self, touches: &Touches) -> Result<Vec<(String, i64)>, StoreError> {
        let (mut customers, mut unread_customers) = (Vec::new(), Vec::new());
        let (mut subscriptions, mut unread_subscriptions) = (Vec::new(), Vec::new());
        {
            let seen = self.inner.seen.borrow();
            for id in &touches.customers {
                match seen.customers.get(id) {
                    Some(&r) => customers.push((id.clone(), r)),
                    None => unread_customers.push(id.clone()),
                }
            }
            for id in &touches.subscriptions {
                match seen.subscriptions.get(id) {
                    Some(&r) => subscriptions.push((id.clone(), r)),
                    None => unread_subscriptions.push(id.clone()),
                }
            }
        }
        if !unread_customers.is_empty() || !unread_subscriptions.is_empty() {
            // Every record this tab never read, in one transaction, its reads in flight
            // together (a bulk change over a list handed over by a first read: thousands).
            let d = self.replica_db()?;
            let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
            let buckets = load_buckets(&tx, &unread_customers).await?;
            let not_listed: Vec<&CustomerId> = unread_customers
                .iter()
                .filter(|id| find(&buckets, id).is_none())
                .collect();
            customers.extend(
                unread_customers
                    .iter()
                    .filter_map(|id| find(&buckets, id).map(|rec| (id.clone(), rec.r))),
            );
            let removed = join_all(
                not_listed
                    .iter()
                    .map(|id| db::get::<RemovedCustomer>(&tx.removed, id.as_str())),
            )
            .await;
            for rec in removed {
                customers.extend(rec?.map(|rec| (rec.v.customer.id, rec.r)));
            }
            let found = join_all(
                unread_subscriptions
                    .iter()
                    .map(|id| db::get_object::<Rec<Subscription>>(&tx.subscriptions, id.as_str())),
            )
            .await;
            for rec in found {
                subscriptions.extend(rec?.map(|rec| (rec.v.id, rec.r)));
            }
        }
        Ok(customers
            .into_iter()
            .map(|(id, r)| (format!("c:{id}"), r as i64))
            .chain(
                subscriptions
                    .into_iter()
                    .map(|(id, r)| (format!("s:{id}"), r as i64)),
            )
            .collect())
    }

    /// Writes what the server sent, in one transaction, and tells the other tabs.
    pub async fn merge(&self, merge: Merge) -> Result<Merged, StoreError> {
        self.merge_cached(merge, &mut BucketCache::default()).await
    }

    /// [`Self::merge`], reading the customer buckets from `cache` when it holds them, and
    /// leaving them there as written.
    pub async fn merge_cached(
        &self,
        merge: Merge,
        cache: &mut BucketCache,
    ) -> Result<Merged, StoreError> {
        let d = self.replica_db()?;
        let tx = Tx::new(&d, TransactionMode::ReadWrite)?;
        let written = merge_in(&tx, merge, cache.wanted, cache.buckets.take()).await;
        let (merged, buckets) = match written {
            Ok(m) => m,
            Err(e) => {
                tx.abort();
                return Err(e);
            }
        };
        tx.commit().await?;
        if cache.wanted {
            cache.buckets = Some(buckets);
        }
        if let Some(channel) = &*self.inner.channel.borrow() {
            if !merged.customers.is_empty() || merged.settings {
                channel.post(&Committed {
                    customers: merged.customers.iter().map(|(id, _)| id.clone()).collect(),
                    settings: merged.settings,
                    ..Committed::default()
                });
            }
        }
        Ok(merged)
    }

    fn replica_db(&self) -> Result<Rc<Database>, StoreError> {
        match self.backend() {
            BackendRef::Idb(d) => Ok(d),
            BackendRef::Closed => Err(StoreError::Outdated),
            BackendRef::Memory => Err(StoreError::Unavailable("no IndexedDB".into())),
        }
    }
}

/// What a customer record is stored as, with its server version.
enum Held {
    Listed(u64),
    Removed(u64),
}

async fn merge_in(
    tx: &Tx,
    merge: Merge,
    all: bool,
    cached: Option<HashMap<String, db::Bucket>>,
) -> Result<(Merged, HashMap<String, db::Bucket>), StoreError> {
    let stored: FeedCursor = tx.meta_json(META_FEED).await?.unwrap_or_default();
    let mut ids: Vec<CustomerId> = merge.left.clone();
    let mut subscription_ids = Vec::new();
    for item in &merge.items {
        match &item.change {
            FeedChange::Customer(c) => ids.push(c.record.id.clone()),
            FeedChange::Removed(r) => ids.push(r.customer.record.id.clone()),
            FeedChange::Deleted(d) => ids.push(d.id.clone()),
            FeedChange::Subscription(s) => subscription_ids.push(s.record.id.clone()),
            FeedChange::Settings(_) | FeedChange::Entry(_) => {}
        }
    }
    ids.sort();
    ids.dedup();
    let many = ids.len() > LOOKUPS_ABOVE;
    let mut buckets = match cached {
        Some(all) => all,
        None if many || all => db::all_buckets(&tx.customers).await?,
        None => load_buckets(tx, &ids).await?,
    };
    let mut held: HashMap<CustomerId, Held> = HashMap::new();
    for id in &ids {
        if let Some(rec) = find(&buckets, id) {
            held.insert(id.clone(), Held::Listed(rec.r));
        }
    }
    let removed_ids: Vec<&CustomerId> = if many {
        let keys: HashSet<String> = db::all_keys(&tx.removed).await?.into_iter().collect();
        ids.iter().filter(|id| keys.contains(id.as_str())).collect()
    } else {
        ids.iter().filter(|id| !held.contains_key(*id)).collect()
    };
    for (id, rec) in removed_ids.iter().zip(
        join_all(
            removed_ids
                .iter()
                .map(|id| db::get::<RemovedCustomer>(&tx.removed, id.as_str())),
        )
        .await,
    ) {
        if let Some(rec) = rec? {
            held.insert((*id).clone(), Held::Removed(rec.r));
        }
    }
    let subscription_versions: HashMap<SubscriptionId, u64> =
        if subscription_ids.len() > LOOKUPS_ABOVE {
            db::get_all_objects::<Rec<Subscription>>(&tx.subscriptions, None)
                .await?
                .into_iter()
                .map(|r| (r.v.id, r.r))
                .collect()
        } else {
            join_all(
                subscription_ids
                    .iter()
                    .map(|id| db::get_object::<Rec<Subscription>>(&tx.subscriptions, id.as_str())),
            )
            .await
            .into_iter()
            .filter_map(|r| r.transpose())
            .map(|r| r.map(|r| (r.v.id, r.r)))
            .collect::<Result<_, _>>()?
        };

    let mut out = Merged::default();
    let mut changed_buckets = HashSet::new();
    let mut subscription_customers = HashSet::new();
    let take_out = |buckets: &mut HashMap<String, db::Bucket>,
                    changed: &mut HashSet<String>,
                    id: &CustomerId| {
        let key = db::bucket_of(id);
        if let Some(b) = buckets.get_mut(&key) {
            b.retain(|x| &x.v.id != id);
        }
        changed.insert(key);
    };
    for id in &merge.left {
        if matches!(held.remove(id), Some(Held::Listed(_))) {
            take_out(&mut buckets, &mut changed_buckets, id);
        }
    }
    for item in merge.items {
        match item.change {
            FeedChange::Customer(Versioned { record, version }) => {
                let v = version as u64;
                match held.get(&record.id) {
                    Some(Held::Listed(r)) if *r >= v => continue,
                    Some(Held::Removed(_)) => db::delete(&tx.removed, record.id.as_str())?,
                    _ => {}
                }
                held.insert(record.id.clone(), Held::Listed(v));
                let key = db::bucket_of(&record.id);
                let bucket = buckets.entry(key.clone()).or_default();
                let rec = Rec {
                    r: v,
                    v: record.clone(),
                };
                match bucket.iter_mut().find(|x| x.v.id == record.id) {
                    Some(x) => *x = rec,
                    None => bucket.push(rec),
                }
                changed_buckets.insert(key);
                out.customers.push((record.id.clone(), Some(record)));
            }
            FeedChange::Removed(Removed {
                customer: Versioned { record, version },
                removed_at_ms,
                removed_by,
            }) => {
                let v = version as u64;
                match held.get(&record.id) {
                    Some(Held::Removed(r)) if *r >= v => continue,
                    Some(Held::Listed(_)) => {
                        take_out(&mut buckets, &mut changed_buckets, &record.id);
                        out.customers.push((record.id.clone(), None));
                    }
                    _ => {}
                }
                held.insert(record.id.clone(), Held::Removed(v));
                let id = record.id.clone();
                let rc = RemovedCustomer {
                    customer: record,
                    removed_at_ms,
                    removed_by,
                };
                db::put(&tx.removed, id.as_str(), &Rec { r: v, v: rc })?;
            }
            // An import undone: the customer is gone for good, listed or removed. Forgotten
            // here too, so the same ID imported again later is taken as new.
            FeedChange::Deleted(Deleted { id }) => match held.remove(&id) {
                Some(Held::Listed(_)) => {
                    take_out(&mut buckets, &mut changed_buckets, &id);
                    out.customers.push((id, None));
                }
                Some(Held::Removed(_)) => db::delete(&tx.removed, id.as_str())?,
                None => {}
            },
            FeedChange::Subscription(Versioned { record, version }) => {
                let v = version as u64;
                if subscription_versions
                    .get(&record.id)
                    .is_some_and(|r| *r >= v)
                {
                    continue;
                }
                subscription_customers.insert(record.customer_id.clone());
                db::put_subscription(&tx.subscriptions, &Rec { r: v, v: record })?;
            }
            FeedChange::Settings(Versioned { record, .. }) => {
                let TeamSettings { partner, resellers } = record;
                let mut settings: Settings = tx
                    .meta_json(META_SERVER_SETTINGS)
                    .await?
                    .unwrap_or_default();
                if settings.partner != partner || settings.resellers != resellers {
                    settings.partner = partner;
                    settings.resellers = resellers;
                    tx.put_meta_json(META_SERVER_SETTINGS, &settings)?;
                    out.settings = true;
                }
            }
            FeedChange::Entry(entry) => {
                if item.revision > stored.next {
                    db::add_entry(&tx.activity, &entry)?;
                }
            }
        }
    }
    if !all {
        announce_subscriptions(tx, &mut out, &mut buckets, subscription_customers).await?;
    }
    for key in changed_buckets {
        if let Some(bucket) = buckets.get(&key) {
            db::put_bucket(&tx.customers, &key, bucket)?;
        }
    }
    if let Some(cursor) = merge.cursor {
        if cursor.next >= stored.next || cursor.database != stored.database {
            tx.put_meta_json(META_FEED, &cursor)?;
        }
    }
    Ok((out, buckets))
}

/// A subscription's change shows in its customer's row (the active count), so each listed
/// customer whose subscriptions changed goes with what the merge changed, as it is now. Not
/// in a first full read, which hands the whole list over.
async fn announce_subscriptions(
    tx: &Tx,
    out: &mut Merged,
    buckets: &mut HashMap<String, db::Bucket>,
    mut customers: HashSet<CustomerId>,
) -> Result<(), StoreError> {
    for (id, _) in &out.customers {
        customers.remove(id);
    }
    let mut missing: Vec<String> = customers
        .iter()
        .map(db::bucket_of)
        .filter(|key| !buckets.contains_key(key))
        .collect();
    missing.sort();
    missing.dedup();
    let read = join_all(missing.iter().map(|key| db::get_bucket(&tx.customers, key))).await;
    for (key, bucket) in missing.into_iter().zip(read) {
        buckets.insert(key, bucket?);
    }
    for id in customers {
        let now = buckets
            .get(&db::bucket_of(&id))
            .and_then(|b| b.iter().find(|r| r.v.id == id));
        if let Some(rec) = now {
            out.customers.push((id, Some(rec.v.clone())));
        }
    }
    Ok(())
}
