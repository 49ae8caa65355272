//! A write: the records a change touches loaded, the change applied to them, checked against
//! what this tab read, and only its delta written, in one transaction.

use super::*;
use crate::lazy_pages::{chunk_entry, ChunkMissing};

/// The revisions of the records a write loaded, as stored.
#[derive(Default)]
pub(super) struct Loaded {
    customers: HashMap<CustomerId, u64>,
    /// The buckets holding the customers loaded, to write back changed.
    buckets: HashMap<String, db::Bucket>,
    subscriptions: HashMap<SubscriptionId, u64>,
}

/// Past this many customers, a write reads every bucket and every removed key (two requests)
/// rather than asking for each customer's bucket (a bulk load of new customers).
const LOOKUPS_ABOVE: usize = 64;

/// A write, its code fetched first: it is a wasm chunk of its own (issue 17), which a first
/// visit that only reads never needs and the service worker precaches for later ones.
pub(super) async fn in_chunk(
    store: BrowserStore,
    change: Change,
    stamp: Stamp,
) -> Result<Delta, StoreError> {
    match write_code(store, change, stamp).await {
        Ok(write) => write.await,
        Err(ChunkMissing) => Err(StoreError::WriteCodeMissing),
    }
}

chunk_entry!(
    browser_write,
    fn write_code(
        store: BrowserStore,
        change: Change,
        stamp: Stamp,
    ) -> LocalBoxFuture<'static, Result<Delta, StoreError>> {
        Box::pin(async move { store.write(change, stamp).await })
    }
);

impl BrowserStore {
    async fn write(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError> {
        match self.backend() {
            BackendRef::Idb(d) => {
                if matches!(
                    change,
                    Change::ImportCustomers { .. } | Change::ImportFile { .. }
                ) {
                    // A bulk load: one tab at a time, so two tabs loading at once never
                    // interleave (the second then finds the customers there).
                    let me = self.clone();
                    let lock = keys::bulk_lock(&self.inner.name);
                    with_lock(&lock, async move { me.apply_idb(&d, change, stamp).await }).await
                } else {
                    self.apply_idb(&d, change, stamp).await
                }
            }
            BackendRef::Memory => self
                .with_memory(|(book, settings)| {
                    let restored = restored_settings(&change);
                    let subset = book.subset(&change);
                    let mut after = subset.clone();
                    after.apply(change, &stamp)?;
                    let delta = Delta::between(&subset, &after);
                    book.merge(&delta);
                    if let Some(restored) = restored {
                        *settings = restored;
                    }
                    Ok(delta)
                })
                .unwrap_or(Err(StoreError::Outdated)),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    pub(super) async fn apply_idb(
        &self,
        database: &Database,
        change: Change,
        stamp: Stamp,
    ) -> Result<Delta, StoreError> {
        let tx = Tx::new(database, TransactionMode::ReadWrite)?;
        let written = self.write_in(&tx, change, stamp).await;
        let (delta, revision, settings) = match written {
            Ok(done) => done,
            Err(e) => {
                tx.abort();
                return Err(e);
            }
        };
        tx.commit().await?;
        self.saw(&delta, revision);
        if settings {
            self.inner.seen.borrow_mut().settings = Some(revision);
        }
        if let Some(channel) = &*self.inner.channel.borrow() {
            channel.post(&Committed {
                revision,
                customers: delta.customer_ids(),
                subscriptions: delta.subscriptions.iter().map(|s| s.id.clone()).collect(),
                settings,
            });
        }
        self.ask_persistence_once();
        Ok(delta)
    }

    /// Everything a write does inside its transaction; only IndexedDB is awaited. Also says
    /// whether it wrote the settings (a restored backup's, with its records).
    async fn write_in(
        &self,
        tx: &Tx,
        change: Change,
        stamp: Stamp,
    ) -> Result<(Delta, u64, bool), StoreError> {
        let settings = restored_settings(&change);
        let (subset, mut loaded) = load_subset(tx, &change).await?;
        let mut after = subset.clone();
        after.apply(change, &stamp)?;
        let delta = Delta::between(&subset, &after);
        self.check_unchanged(&delta, &loaded)?;
        let revision = tx.revision().await? + 1;
        write_delta(tx, &delta, revision, &mut loaded.buckets)?;
        if self.inner.fail_next_write.take() {
            if let Some(e) = delta.entries.first() {
                // The same key twice: the second add fails when the transaction runs.
                db::add_entry_at(&tx.activity, -1.0, e)?;
                db::add_entry_at(&tx.activity, -1.0, e)?;
            }
        }
        if let Some(settings) = &settings {
            tx.put_settings(&Rec {
                r: revision,
                v: settings,
            })?;
        }
        tx.put_revision(revision)?;
        Ok((delta, revision, settings.is_some()))
    }

    /// Refuses a write over a record that another tab wrote since this tab read it.
    fn check_unchanged(&self, delta: &Delta, loaded: &Loaded) -> Result<(), StoreError> {
        let seen = self.inner.seen.borrow();
        for id in delta.written_customers() {
            if let Some(read) = seen.customers.get(id) {
                if loaded.customers.get(id) != Some(read) {
                    return Err(StoreError::Conflict(id.to_string()));
                }
            }
        }
        for s in &delta.subscriptions {
            if let Some(read) = seen.subscriptions.get(&s.id) {
                if loaded.subscriptions.get(&s.id) != Some(read) {
                    return Err(StoreError::Conflict(s.id.to_string()));
                }
            }
        }
        Ok(())
    }

    fn saw(&self, delta: &Delta, revision: u64) {
        let mut seen = self.inner.seen.borrow_mut();
        // Only the records written carry the new revision; a customer whose subscription
        // alone changed keeps the one it had.
        for id in delta.written_customers() {
            seen.customers.insert(id.clone(), revision);
        }
        for s in &delta.subscriptions {
            seen.subscriptions.insert(s.id.clone(), revision);
        }
    }
}

/// The settings a change stores beside its records: a restored backup's.
pub(super) fn restored_settings(change: &Change) -> Option<Settings> {
    match change {
        Change::RestoreBackup(r) => r.settings.clone(),
        _ => None,
    }
}

/// Loads the records `change` touches (see `Book::subset`) and the revisions they carry.
async fn load_subset(tx: &Tx, change: &Change) -> Result<(Book, Loaded), StoreError> {
    let touches = change.touches();
    let mut loaded = Loaded::default();
    let by_id = join_all(
        touches
            .subscriptions
            .iter()
            .map(|id| db::get_object::<Rec<Subscription>>(&tx.subscriptions, id.as_str())),
    )
    .await;
    let mut subscriptions: HashMap<SubscriptionId, Subscription> = HashMap::new();
    for r in by_id {
        if let Some(r) = r? {
            loaded.subscriptions.insert(r.v.id.clone(), r.r);
            subscriptions.insert(r.v.id.clone(), r.v);
        }
    }
    let mut ids: Vec<CustomerId> = touches.customers;
    ids.extend(subscriptions.values().map(|s| s.customer_id.clone()));
    ids.sort();
    ids.dedup();
    // The removed customers to read: all of `ids`, or (in bulk) those whose key is there.
    let mut removed_ids: Vec<&CustomerId> = Vec::new();
    let buckets = if ids.len() > LOOKUPS_ABOVE {
        // A bulk load or a large selection: which of these exist, from every bucket and
        // every removed key (two requests, not two per customer).
        let buckets = db::all_buckets(&tx.customers).await?;
        let removed: HashSet<String> = db::all_keys(&tx.removed).await?.into_iter().collect();
        let stored: HashSet<&CustomerId> = buckets.values().flatten().map(|r| &r.v.id).collect();
        ids.retain(|id| stored.contains(id) || removed.contains(id.as_str()));
        removed_ids.extend(ids.iter().filter(|id| removed.contains(id.as_str())));
        buckets
    } else {
        removed_ids.extend(ids.iter());
        load_buckets(tx, &ids).await?
    };
    let removed = join_all(
        removed_ids
            .iter()
            .map(|id| db::get::<RemovedCustomer>(&tx.removed, id.as_str())),
    );
    // Tagging reads no subscription: one index query per customer saved.
    let with_subscriptions: &[CustomerId] = if touches.skip_customer_subscriptions {
        &[]
    } else {
        &ids
    };
    let theirs = join_all(
        with_subscriptions
            .iter()
            .map(|id| db::get_all_objects::<Rec<Subscription>>(&tx.subscriptions, Some(id))),
    );
    let (removed, theirs) = futures::join!(removed, theirs);
    let mut book = Book::default();
    // By ID, not a scan of its bucket per customer: many IDs that share their first digits
    // fill one bucket.
    let stored: HashMap<&CustomerId, &Rec<Customer>> =
        buckets.values().flatten().map(|r| (&r.v.id, r)).collect();
    for r in ids.iter().filter_map(|id| stored.get(id).copied()) {
        loaded.customers.insert(r.v.id.clone(), r.r);
        book.customers.push(r.v.clone());
    }
    for r in removed
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
    {
        loaded.customers.insert(r.v.customer.id.clone(), r.r);
        book.removed.push(r.v);
    }
    for list in theirs {
        for r in list? {
            loaded.subscriptions.insert(r.v.id.clone(), r.r);
            subscriptions.insert(r.v.id.clone(), r.v);
        }
    }
    book.subscriptions = subscriptions.into_values().collect();
    loaded.buckets = buckets;
    Ok((book, loaded))
}

/// The buckets holding these customers.
pub(super) async fn load_buckets(
    tx: &Tx,
    ids: &[CustomerId],
) -> Result<HashMap<String, db::Bucket>, StoreError> {
    let mut keys: Vec<String> = ids.iter().map(db::bucket_of).collect();
    keys.sort();
    keys.dedup();
    let found = join_all(keys.iter().map(|k| db::get_bucket(&tx.customers, k))).await;
    keys.into_iter()
        .zip(found)
        .map(|(k, b)| Ok((k, b?)))
        .collect()
}

pub(super) fn find<'a>(
    buckets: &'a HashMap<String, db::Bucket>,
    id: &CustomerId,
) -> Option<&'a Rec<Customer>> {
    buckets
        .get(&db::bucket_of(id))?
        .iter()
        .find(|r| &r.v.id == id)
}

/// Writes a delta: the buckets it changes (as loaded, with its customers put in or taken
/// out), the removed customers and subscriptions it names, its log entries.
pub(super) fn write_delta(
    tx: &Tx,
    delta: &Delta,
    revision: u64,
    buckets: &mut HashMap<String, db::Bucket>,
) -> Result<(), StoreError> {
    let r = revision;
    let mut changed = HashSet::new();
    for id in &delta.left {
        let key = db::bucket_of(id);
        buckets
            .entry(key.clone())
            .or_default()
            .retain(|x| &x.v.id != id);
        changed.insert(key);
    }
    // Each bucket's customers by ID, once per bucket written: a scan of the bucket per
    // customer was quadratic when many land in one bucket (IDs that share their first digits:
    // 100,000 of them took 147 s in one task).
    let mut by_bucket: HashMap<String, Vec<&Customer>> = HashMap::new();
    for c in &delta.customers {
        by_bucket.entry(db::bucket_of(&c.id)).or_default().push(c);
    }
    for (key, customers) in by_bucket {
        let bucket = buckets.entry(key.clone()).or_default();
        let mut at: HashMap<CustomerId, usize> = bucket
            .iter()
            .enumerate()
            .map(|(i, x)| (x.v.id.clone(), i))
            .collect();
        for c in customers {
            let rec = Rec { r, v: c.clone() };
            match at.get(&c.id) {
                Some(&i) => bucket[i] = rec,
                None => {
                    at.insert(c.id.clone(), bucket.len());
                    bucket.push(rec);
                }
            }
        }
        changed.insert(key);
    }
    for key in changed {
        db::put_bucket(&tx.customers, &key, &buckets[&key])?;
    }
    for rc in &delta.removed {
        db::put(&tx.removed, rc.customer.id.as_str(), &Rec { r, v: rc })?;
    }
    for id in &delta.unremoved {
        db::delete(&tx.removed, id.as_str())?;
    }
    for id in &delta.subscriptions_gone {
        db::delete(&tx.subscriptions, id.as_str())?;
    }
    for s in &delta.subscriptions {
        db::put_subscription(&tx.subscriptions, &Rec { r, v: s.clone() })?;
    }
    db::add_entries(&tx.activity, &delta.entries)?;
    Ok(())
}
