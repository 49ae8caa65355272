//! The book's records in IndexedDB (through the `idb` crate): how each record is kept, and
//! reading and writing them inside a transaction.
//!
//! Layout (database [`keys::DATABASE`], version 2):
//! - `customers`: customers with a relationship in buckets keyed by the first three hex digits
//!   of their ID (4,096 buckets: about 25 customers each at 100,000), each the UTF-8 bytes of
//!   a JSON array of records, each packed as an array with its revision first
//!   ([`clientele_domain::bucket`]; version 1 wrote `{"r": revision, "v": record}` objects,
//!   which still read). A write rewrites one small bucket; the whole list is 4,096 values to
//!   read, copied into wasm memory as they are;
//! - `removed`: by customer ID, a JSON string `{"r": revision, "v": record}`;
//! - `subscriptions`: by subscription ID, `{c: customer ID, j: same JSON}`, indexed on `c`;
//! - `activity`: append-only with generated keys (so in the order written), `{c?, j: entry}`
//!   for a change of one entry, `{c: [ID or "", …], j: [entry, …]}` for a change of more
//!   (version 1 wrote one record per entry), indexed on each `c`;
//! - `meta`: `revision` (the book's, bumped by every commit) and `settings` (JSON as above).
//!
//! `r` is the revision that last wrote the record: a write checks it against the revision the
//! tab read, so an edit based on another tab's older copy is refused, not lost.

use clientele_domain::activity::Entry;
use std::collections::HashMap;

use clientele_domain::model::{Customer, CustomerId, Subscription};
use idb::{Database, KeyPath, ObjectStore, Query, Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::StoreError;
use crate::keys::{
    ACTIVITY, BY_CUSTOMER, CUSTOMERS, META, META_REVISION, META_SETTINGS, REMOVED, SUBSCRIPTIONS,
};

pub const ALL_STORES: [&str; 5] = [CUSTOMERS, REMOVED, SUBSCRIPTIONS, ACTIVITY, META];

pub use clientele_domain::bucket::{Bucket, Rec};

pub async fn open(name: &str) -> Result<Database, String> {
    use idb::builder::{DatabaseBuilder, IndexBuilder, ObjectStoreBuilder};
    let by_customer = || IndexBuilder::new(BY_CUSTOMER.into(), KeyPath::new_single("c"));
    // Version 2 packs the customers' records, and keeps a change's log entries in one record
    // (the activity's index is made again, `multiEntry`). It is a new version so that a tab
    // still running the app that wrote version 1, which can read neither, is told to reload
    // (`versionchange`) instead of failing on them.
    DatabaseBuilder::new(name)
        .version(2)
        .add_object_store(ObjectStoreBuilder::new(CUSTOMERS))
        .add_object_store(ObjectStoreBuilder::new(REMOVED))
        .add_object_store(ObjectStoreBuilder::new(SUBSCRIPTIONS).add_index(by_customer()))
        .add_object_store(
            ObjectStoreBuilder::new(ACTIVITY)
                .auto_increment(true)
                // Entry by entry of a change's record (`add_entries`); a record of one entry
                // has one ID, indexed as before.
                .add_index(by_customer().multi_entry(true)),
        )
        .add_object_store(ObjectStoreBuilder::new(META))
        .build()
        .await
        .map_err(|e| e.to_string())
}

/// One transaction over every object store, with its stores at hand.
pub struct Tx {
    pub tx: Transaction,
    pub customers: ObjectStore,
    pub removed: ObjectStore,
    pub subscriptions: ObjectStore,
    pub activity: ObjectStore,
    pub meta: ObjectStore,
}

/// How many records `store` holds.
pub async fn count(store: &ObjectStore) -> Result<u32, StoreError> {
    store
        .count(None)
        .map_err(idb_error)?
        .await
        .map_err(idb_error)
}

impl Tx {
    pub fn new(db: &Database, mode: TransactionMode) -> Result<Tx, StoreError> {
        let tx = db.transaction(&ALL_STORES, mode).map_err(idb_error)?;
        let store = |name| tx.object_store(name).map_err(idb_error);
        Ok(Tx {
            customers: store(CUSTOMERS)?,
            removed: store(REMOVED)?,
            subscriptions: store(SUBSCRIPTIONS)?,
            activity: store(ACTIVITY)?,
            meta: store(META)?,
            tx,
        })
    }

    /// Commits, and says why not if the browser refused (storage full, for one).
    pub async fn commit(self) -> Result<(), StoreError> {
        // A second handle on the same transaction, to read its error once it has ended.
        let raw: web_sys::IdbTransaction = self.meta.transaction().into();
        let done = self.tx.commit().map_err(idb_error)?.await;
        match done {
            Ok(r) if r.is_committed() => Ok(()),
            other => Err(match raw.error() {
                Some(e) => dom_error(&e),
                None => match other {
                    Err(e) => idb_error(e),
                    Ok(_) => StoreError::Unavailable("the browser aborted the write".into()),
                },
            }),
        }
    }

    /// Gives up: nothing this transaction wrote is kept.
    pub fn abort(self) {
        let _ = self.tx.abort();
    }

    pub async fn revision(&self) -> Result<u64, StoreError> {
        let v = self
            .meta
            .get(Query::Key(META_REVISION.into()))
            .map_err(idb_error)?
            .await
            .map_err(idb_error)?;
        Ok(v.and_then(|v| v.as_f64()).unwrap_or(0.0) as u64)
    }

    pub fn put_revision(&self, revision: u64) -> Result<(), StoreError> {
        self.meta
            .put(
                &JsValue::from_f64(revision as f64),
                Some(&META_REVISION.into()),
            )
            .map_err(idb_error)?;
        Ok(())
    }

    pub async fn settings<T: DeserializeOwned>(&self) -> Result<Option<Rec<T>>, StoreError> {
        self.meta_json(META_SETTINGS).await
    }

    /// A JSON value kept in `meta` under `key` (a replica's feed position, say).
    pub async fn meta_json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let v = self
            .meta
            .get(Query::Key(key.into()))
            .map_err(idb_error)?
            .await
            .map_err(idb_error)?;
        v.and_then(|v| v.as_string()).map(|t| parse(&t)).transpose()
    }

    pub fn put_meta_json<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        self.meta
            .put(&json(value).into(), Some(&key.into()))
            .map_err(idb_error)?;
        Ok(())
    }

    /// Empties every store: a replica that must be read again in full.
    pub fn clear(&self) -> Result<(), StoreError> {
        for store in [
            &self.customers,
            &self.removed,
            &self.subscriptions,
            &self.activity,
            &self.meta,
        ] {
            store.clear().map_err(idb_error)?;
        }
        Ok(())
    }

    pub fn put_settings<T: Serialize>(&self, rec: &Rec<T>) -> Result<(), StoreError> {
        self.put_meta_json(META_SETTINGS, rec)
    }
}

/// How many hex digits of a customer ID name its bucket in `customers`.
const BUCKET_DIGITS: usize = 3;

pub fn bucket_of(id: &CustomerId) -> String {
    id.as_str().chars().take(BUCKET_DIGITS).collect()
}

pub async fn get_bucket(store: &ObjectStore, key: &str) -> Result<Bucket, StoreError> {
    let v = store
        .get(Query::Key(key.into()))
        .map_err(idb_error)?
        .await
        .map_err(idb_error)?;
    match v {
        Some(bytes) => parse_bucket(&bytes_of(&bytes)),
        None => Ok(Vec::new()),
    }
}

/// Every bucket, by key.
pub async fn all_buckets(store: &ObjectStore) -> Result<HashMap<String, Bucket>, StoreError> {
    let mut out = HashMap::with_capacity(4096);
    each_bucket(store, |bytes| {
        let bucket = parse_bucket(bytes)?;
        if let Some(first) = bucket.first() {
            out.insert(bucket_of(&first.v.id), bucket);
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

/// Every customer with a relationship, each handed with its revision to `revision` on the way.
pub async fn all_customers(
    store: &ObjectStore,
    mut revision: impl FnMut(&CustomerId, u64),
) -> Result<Vec<Customer>, StoreError> {
    let mut out = Vec::new();
    each_bucket(store, |bytes| {
        for r in parse_bucket(bytes)? {
            revision(&r.v.id, r.r);
            out.push(r.v);
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

/// Where the bucket keys are split for reading: by their first hex digit.
const SPLITS: [&str; 15] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
];

/// Hands each bucket's bytes to `f`. The buckets are asked for in 16 key ranges at once, and
/// each range is parsed as it arrives: the browser reads the later ranges from disk while
/// wasm parses the earlier ones (at 100,000 customers, one `getAll` of everything took
/// about as long as parsing it, one after the other).
async fn each_bucket(
    store: &ObjectStore,
    mut f: impl FnMut(&[u8]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let range = |lower: Option<&str>, upper: Option<&str>| {
        let key = |k: &str| JsValue::from_str(k);
        let range = match (lower, upper) {
            (None, Some(u)) => idb::KeyRange::upper_bound(&key(u), Some(true)),
            (Some(l), Some(u)) => idb::KeyRange::bound(&key(l), &key(u), Some(false), Some(true)),
            (Some(l), None) => idb::KeyRange::lower_bound(&key(l), Some(false)),
            (None, None) => unreachable!("every range has a bound"),
        };
        range.map(Query::KeyRange).map_err(idb_error)
    };
    let mut bounds = vec![(None, Some(SPLITS[0]))];
    bounds.extend(SPLITS.windows(2).map(|w| (Some(w[0]), Some(w[1]))));
    bounds.push((Some(SPLITS[SPLITS.len() - 1]), None));
    // Every request is made before the first is awaited, so they are all in flight.
    let requests = bounds
        .into_iter()
        .map(|(l, u)| store.get_all(Some(range(l, u)?), None).map_err(idb_error))
        .collect::<Result<Vec<_>, _>>()?;
    // One buffer for every bucket's bytes: a copy into wasm memory, then parsed in place.
    let mut buffer = Vec::new();
    for request in requests {
        for v in &request.await.map_err(idb_error)? {
            let bytes = stored_bytes(v);
            buffer.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut buffer);
            f(&buffer)?;
        }
    }
    Ok(())
}

/// Writes a bucket back (as UTF-8 JSON bytes: stored and read back faster than a string,
/// which the browser keeps in UTF-16 as soon as one name has a character beyond Latin-1),
/// or deletes it once empty.
pub fn put_bucket(store: &ObjectStore, key: &str, bucket: &Bucket) -> Result<(), StoreError> {
    if bucket.is_empty() {
        return delete(store, key);
    }
    let bytes = clientele_domain::bucket::encode(bucket);
    store
        .put(
            &js_sys::Uint8Array::from(bytes.as_slice()).into(),
            Some(&key.into()),
        )
        .map_err(idb_error)?;
    Ok(())
}

/// A stored bucket's array as it is: `Uint8Array::new` would copy it before it is copied
/// into wasm memory.
fn stored_bytes(v: &JsValue) -> &js_sys::Uint8Array {
    v.unchecked_ref()
}

fn bytes_of(v: &JsValue) -> Vec<u8> {
    stored_bytes(v).to_vec()
}

fn parse_bucket(bytes: &[u8]) -> Result<Bucket, StoreError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        StoreError::Unavailable(format!("a stored record is not readable ({e})"))
    };
    // The bytes checked as UTF-8 once, then parsed as text: `from_slice` checks each string
    // on its own, which at 100,000 customers was an eighth of reading them.
    let text = std::str::from_utf8(bytes).map_err(|e| unreadable(&e))?;
    clientele_domain::bucket::decode(text).map_err(|e| unreadable(&e))
}

/// A record by key from a store of JSON strings.
pub async fn get<T: DeserializeOwned>(
    store: &ObjectStore,
    key: &str,
) -> Result<Option<Rec<T>>, StoreError> {
    let v = store
        .get(Query::Key(key.into()))
        .map_err(idb_error)?
        .await
        .map_err(idb_error)?;
    v.map(|v| parse(&text_of(&v))).transpose()
}

/// Every record of a store of JSON strings.
pub async fn get_all<T: DeserializeOwned>(store: &ObjectStore) -> Result<Vec<Rec<T>>, StoreError> {
    let values = store
        .get_all(None, None)
        .map_err(idb_error)?
        .await
        .map_err(idb_error)?;
    parse_list(values.into_iter().collect())
}

pub async fn all_keys(store: &ObjectStore) -> Result<Vec<String>, StoreError> {
    let keys = store
        .get_all_keys(None, None)
        .map_err(idb_error)?
        .await
        .map_err(idb_error)?;
    Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
}

/// The `j` of a `{c, j}` record by key.
pub async fn get_object<T: DeserializeOwned>(
    store: &ObjectStore,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let v = store
        .get(Query::Key(key.into()))
        .map_err(idb_error)?
        .await
        .map_err(idb_error)?;
    v.and_then(|v| js_sys::Reflect::get(&v, &"j".into()).ok())
        .and_then(|j| j.as_string())
        .map(|t| parse(&t))
        .transpose()
}

/// Every record of an object store of `{c, j}` records, or those of one customer.
async fn records(
    store: &ObjectStore,
    customer: Option<&CustomerId>,
) -> Result<Vec<JsValue>, StoreError> {
    match customer {
        Some(id) => store
            .index(BY_CUSTOMER)
            .map_err(idb_error)?
            .get_all(Some(Query::Key(id.as_str().into())), None),
        None => store.get_all(None, None),
    }
    .map_err(idb_error)?
    .await
    .map_err(idb_error)
}

/// The `j` of every record of an object store of `{c, j}` records (all of them, or those
/// of one customer).
pub async fn get_all_objects<T: DeserializeOwned>(
    store: &ObjectStore,
    customer: Option<&CustomerId>,
) -> Result<Vec<T>, StoreError> {
    let values = records(store, customer).await?;
    let texts: js_sys::Array = values
        .iter()
        .map(|v| js_sys::Reflect::get(v, &"j".into()).unwrap_or(JsValue::NULL))
        .collect();
    parse_list(texts)
}

pub fn put<T: Serialize>(store: &ObjectStore, key: &str, rec: &Rec<T>) -> Result<(), StoreError> {
    store
        .put(&json(rec).into(), Some(&key.into()))
        .map_err(idb_error)?;
    Ok(())
}

pub fn delete(store: &ObjectStore, key: &str) -> Result<(), StoreError> {
    store.delete(Query::Key(key.into())).map_err(idb_error)?;
    Ok(())
}

pub fn put_subscription(store: &ObjectStore, rec: &Rec<Subscription>) -> Result<(), StoreError> {
    let value = object(Some(rec.v.customer_id.as_str()), &json(rec));
    store
        .put(&value, Some(&rec.v.id.as_str().into()))
        .map_err(idb_error)?;
    Ok(())
}

/// A change's log entries: one record for all of them, `{c: [customer ID or "", …], j:
/// [entry JSON, …]}` (a single entry is `{c?, j}` as ever). `c` is indexed entry by entry
/// (`multiEntry`), so each customer still finds its own. At 10,000 customers tagged, adding
/// one record per entry was a quarter of the write on the main thread, and more in the
/// browser's own writing after it.
pub fn add_entries(store: &ObjectStore, entries: &[Entry]) -> Result<(), StoreError> {
    let [_, _, ..] = entries else {
        return entries.first().map_or(Ok(()), |e| add_entry(store, e));
    };
    // Each list crosses into JS as one string, split there: no JSON text holds a raw
    // control character, and no ID does.
    const SPLIT: char = '\u{1}';
    let mut ids = String::with_capacity(entries.len() * 37);
    let mut texts = String::with_capacity(entries.len() * 200);
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            ids.push(SPLIT);
            texts.push(SPLIT);
        }
        ids.push_str(e.customer_id.as_ref().map_or("", |c| c.as_str()));
        texts.push_str(&json(e));
    }
    let split = |text: &str| js_sys::JsString::from(text).split(&SPLIT.to_string());
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"c".into(), &split(&ids));
    let _ = js_sys::Reflect::set(&o, &"j".into(), &split(&texts));
    store.add(&o, None).map_err(idb_error)?;
    Ok(())
}

/// The log entries stored in `store` (the activity), in the order written: all of them, or
/// one customer's.
pub async fn entries(
    store: &ObjectStore,
    customer: Option<&CustomerId>,
) -> Result<Vec<Entry>, StoreError> {
    let values = records(store, customer).await?;
    let mut texts = js_sys::Array::new();
    for v in &values {
        let j = js_sys::Reflect::get(v, &"j".into()).unwrap_or(JsValue::NULL);
        if !js_sys::Array::is_array(&j) {
            texts.push(&j);
            continue;
        }
        let j: js_sys::Array = j.unchecked_into();
        let Some(id) = customer else {
            texts = texts.concat(&j);
            continue;
        };
        // A change's entries: only this customer's.
        let c: js_sys::Array = js_sys::Reflect::get(v, &"c".into())
            .unwrap_or(JsValue::NULL)
            .unchecked_into();
        for i in 0..j.length() {
            if c.get(i).as_string().as_deref() == Some(id.as_str()) {
                texts.push(&j.get(i));
            }
        }
    }
    parse_list(texts)
}

pub fn add_entry(store: &ObjectStore, entry: &Entry) -> Result<(), StoreError> {
    let value = object(entry.customer_id.as_ref().map(|c| c.as_str()), &json(entry));
    store.add(&value, None).map_err(idb_error)?;
    Ok(())
}

/// Adds a log entry under a key given by the caller: for a test that makes a write fail
/// half-way (a key used twice is refused when the transaction runs).
#[doc(hidden)]
pub fn add_entry_at(store: &ObjectStore, key: f64, entry: &Entry) -> Result<(), StoreError> {
    let value = object(entry.customer_id.as_ref().map(|c| c.as_str()), &json(entry));
    store
        .add(&value, Some(&JsValue::from_f64(key)))
        .map_err(idb_error)?;
    Ok(())
}

fn object(customer: Option<&str>, json: &str) -> JsValue {
    let o = js_sys::Object::new();
    if let Some(c) = customer {
        let _ = js_sys::Reflect::set(&o, &"c".into(), &c.into());
    }
    let _ = js_sys::Reflect::set(&o, &"j".into(), &json.into());
    o.into()
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("records serialize to JSON")
}

fn text_of(v: &JsValue) -> String {
    v.as_string().unwrap_or_default()
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Unavailable(format!("a stored record is not readable ({e})")))
}

/// Parses many JSON strings a slice at a time: each slice joined into one array in JS, so
/// text crosses into wasm once per slice instead of once per record (at 100,000 records the
/// difference is large), and only one slice's text is in memory at a time.
fn parse_list<T: DeserializeOwned>(texts: js_sys::Array) -> Result<Vec<T>, StoreError> {
    const SLICE: u32 = 4096;
    let total = texts.length();
    let mut out = Vec::with_capacity(total as usize);
    let mut start = 0;
    while start < total {
        let end = (start + SLICE).min(total);
        let joined = texts.slice(start, end).join(",");
        let text = String::from(
            js_sys::JsString::from("[")
                .concat(&joined)
                .concat(&"]".into()),
        );
        out.extend(parse::<Vec<T>>(&text)?);
        start = end;
    }
    Ok(out)
}

pub fn idb_error(e: idb::Error) -> StoreError {
    let text = e.to_string();
    if text.contains("QuotaExceeded") {
        StoreError::QuotaExceeded
    } else {
        StoreError::Unavailable(text)
    }
}

fn dom_error(e: &web_sys::DomException) -> StoreError {
    if e.name() == "QuotaExceededError" {
        StoreError::QuotaExceeded
    } else {
        StoreError::Unavailable(format!("{}: {}", e.name(), e.message()))
    }
}
