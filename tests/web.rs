//! Component tests in headless Chromium: the browser store on real IndexedDB and
//! localStorage, and the app mounted for real. Run with
//! `cargo test --target wasm32-unknown-unknown -p clientele`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use clientele::store::{
    BrowserStore, CustomerStore, FeedCursor, HttpConfig, Merge, Merged, Persistence, StorageChoice,
    StoreError, StoreEvent,
};
use clientele_domain::activity::{Action, Entry, Stamp};
use clientele_domain::api::{FeedChange, FeedItem, Removed, Versioned};
use clientele_domain::book::{encode_stored, Book, Change, RemovedCustomer};
use clientele_domain::model::{Customer, Subscription};
use clientele_domain::sample::{generate, SampleBook};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn stamp() -> Stamp {
    Stamp {
        at_ms: 1_795_281_336_000,
        by: "Test".into(),
    }
}

/// Adds customers the way the wizard does, one log entry each.
async fn add(
    store: &BrowserStore,
    customers: Vec<Customer>,
    subscriptions: Vec<Subscription>,
) -> Result<(), StoreError> {
    let change = Change::AddCustomers {
        customers,
        subscriptions,
    };
    store.apply(change, stamp()).await.map(|_| ())
}

async fn rename(store: &BrowserStore, c: &Customer, name: &str) -> Result<(), StoreError> {
    let change = Change::RenameCustomer {
        id: c.id.clone(),
        name: name.into(),
    };
    store.apply(change, stamp()).await.map(|_| ())
}

/// A database of its own for each test (each also clears localStorage: tests share it).
fn unique(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random())
}

fn by_id(mut list: Vec<Customer>) -> Vec<Customer> {
    list.sort_by(|a, b| a.id.cmp(&b.id));
    list
}

fn local_keys(prefix: &str) -> Vec<String> {
    let s = storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// A store of its own (localStorage cleared) holding the sample of `n` customers, added
/// as the wizard adds them.
async fn stored_sample(test: &str, seed: u64, n: usize) -> (String, BrowserStore, SampleBook) {
    storage().clear().unwrap();
    let name = unique(test);
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    let sample = generate(seed, n);
    add(
        &store,
        sample.customers.clone(),
        sample.subscriptions.clone(),
    )
    .await
    .unwrap();
    (name, store, sample)
}

/// Settings → Storage saves the choice with the enum's derived writer; the app reads it
/// back with a reader of its own (a smaller one, `StorageChoice::load`): the same choice
/// comes back, and anything else is this browser.
#[wasm_bindgen_test]
fn the_storage_choice_reads_back_as_saved() {
    storage().clear().unwrap();
    assert_eq!(StorageChoice::load(), StorageChoice::Browser);
    let server = StorageChoice::Server(HttpConfig {
        url: "https://clientele.example.org".into(),
        token: "t0ken \"quoted\" é".into(),
    });
    server.save().unwrap();
    assert_eq!(StorageChoice::load(), server);
    StorageChoice::Browser.save().unwrap();
    assert_eq!(StorageChoice::load(), StorageChoice::Browser);
    for unreadable in [
        "not json",
        r#"{"kind":"server","url":"https://a.example"}"#,
        r#"{"kind":"cloud","url":"https://a.example","token":"x"}"#,
    ] {
        storage()
            .set_item(clientele::keys::STORAGE_CHOICE, unreadable)
            .unwrap();
        assert_eq!(
            StorageChoice::load(),
            StorageChoice::Browser,
            "{unreadable}"
        );
    }
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn customers_survive_reopening_the_store() {
    let (name, _store, sample) = stored_sample("reopen", 3, 25).await;
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(
        reopened.customers().await.unwrap(),
        by_id(sample.customers.clone())
    );
    let log = reopened.activity().await.unwrap();
    let added = log.iter().filter(|e| e.action == Action::CustomerAdded);
    assert_eq!(added.count(), 25);
    let id = &sample.customers[0].id;
    let mut theirs: Vec<Subscription> = sample
        .subscriptions
        .iter()
        .filter(|s| &s.customer_id == id)
        .cloned()
        .collect();
    let mut read = reopened.subscriptions(id).await.unwrap();
    theirs.sort_by(|a, b| a.id.cmp(&b.id));
    read.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, theirs);
    assert_eq!(reopened.customer_count().await.unwrap(), 25);
}

/// Runs `body` (a JS function's body over `args`) and awaits the promise it returns.
async fn js(args: &str, body: &str, values: &[&str]) -> wasm_bindgen::JsValue {
    let f = js_sys::Function::new_with_args(args, body);
    let values: js_sys::Array = values
        .iter()
        .map(|v| wasm_bindgen::JsValue::from_str(v))
        .collect();
    let promise: js_sys::Promise = f
        .apply(&wasm_bindgen::JsValue::NULL, &values)
        .unwrap()
        .into();
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap()
}

/// What `ask` (a JS expression over `store`, an object store of database `name`, and `key`)
/// requests, once it has succeeded.
async fn stored(name: &str, store: &str, ask: &str, key: &str) -> wasm_bindgen::JsValue {
    js(
        "name, which, key",
        &format!(
            "return new Promise((resolve, reject) => {{
               const open = indexedDB.open(name);
               open.onsuccess = () => {{
                 const store = open.result.transaction(which).objectStore(which);
                 const asked = {ask};
                 asked.onsuccess = () => {{ open.result.close(); resolve(asked.result); }};
               }};
               open.onerror = () => reject(open.error);
             }});"
        ),
        &[name, store, key],
    )
    .await
}

/// A bucket's stored bytes as text.
async fn stored_bucket(name: &str, key: &str) -> String {
    let bytes: js_sys::Uint8Array = stored(name, "customers", "store.get(key)", key)
        .await
        .into();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[wasm_bindgen_test]
async fn a_book_that_version_1_stored_as_objects_reads_and_packs_only_what_a_write_touches() {
    use clientele_domain::bucket::Rec;
    use std::collections::BTreeMap;
    storage().clear().unwrap();
    let name = unique("objects");
    let sample = generate(21, 40);
    let mut buckets: BTreeMap<String, Vec<Rec<Customer>>> = BTreeMap::new();
    for c in &sample.customers {
        let key = c.id.as_str()[..3].to_string();
        buckets
            .entry(key)
            .or_default()
            .push(Rec { r: 1, v: c.clone() });
    }
    // What version 1 of the database held: each bucket a JSON array of `{"r", "v"}` objects.
    for (key, records) in &buckets {
        let text = serde_json::to_string(records).unwrap();
        js(
            "name, key, text",
            "return new Promise((resolve, reject) => {
               const open = indexedDB.open(name, 1);
               open.onupgradeneeded = () => open.result.createObjectStore('customers');
               open.onsuccess = () => {
                 const tx = open.result.transaction('customers', 'readwrite');
                 tx.objectStore('customers').put(new TextEncoder().encode(text), key);
                 tx.oncomplete = () => { open.result.close(); resolve(); };
                 tx.onerror = () => reject(tx.error);
               };
               open.onerror = () => reject(open.error);
             });",
            &[&name, key, &text],
        )
        .await;
    }
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(
        store.customers().await.unwrap(),
        by_id(sample.customers.clone())
    );
    let renamed = &sample.customers[0];
    rename(&store, renamed, "Packed Ltd").await.unwrap();
    let touched = renamed.id.as_str()[..3].to_string();
    let other = buckets.keys().find(|k| **k != touched).unwrap();
    assert!(stored_bucket(&name, &touched).await.starts_with("[["));
    assert!(stored_bucket(&name, other).await.starts_with("[{"));
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    let mut now = sample.customers.clone();
    now[0].company_name = "Packed Ltd".into();
    assert_eq!(reopened.customers().await.unwrap(), by_id(now));
}

/// How many records the activity store holds.
async fn activity_records(name: &str) -> f64 {
    stored(name, "activity", "store.count()", "")
        .await
        .as_f64()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_change_s_log_entries_are_one_record_and_each_customer_finds_its_own() {
    use clientele_domain::tags::TagEdit;
    storage().clear().unwrap();
    let name = unique("log-records");
    let sample = generate(23, 30);
    // A log entry as version 1 kept it: one record `{c, j}`, in a store whose index on `c`
    // was not multiEntry.
    let mut old = Book::default();
    old.apply(
        Change::AddCustomers {
            customers: vec![sample.customers[0].clone()],
            subscriptions: vec![],
        },
        &stamp(),
    )
    .unwrap();
    let entry = serde_json::to_string(&old.activity[0]).unwrap();
    js(
        "name, id, entry",
        "return new Promise((resolve, reject) => {
           const open = indexedDB.open(name, 1);
           open.onupgradeneeded = () => open.result
             .createObjectStore('activity', { autoIncrement: true })
             .createIndex('by_customer', 'c');
           open.onsuccess = () => {
             const tx = open.result.transaction('activity', 'readwrite');
             tx.objectStore('activity').add({ c: id, j: entry });
             tx.oncomplete = () => { open.result.close(); resolve(); };
             tx.onerror = () => reject(tx.error);
           };
           open.onerror = () => reject(open.error);
         });",
        &[&name, sample.customers[0].id.as_str(), &entry],
    )
    .await;
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    add(&store, sample.customers.clone(), vec![]).await.unwrap();
    let records = activity_records(&name).await;
    let tagged: Vec<_> = sample.customers[..10]
        .iter()
        .map(|c| c.id.clone())
        .collect();
    store
        .apply(
            Change::EditTags {
                ids: tagged.clone(),
                edit: TagEdit::Add("EMEA".into()),
            },
            stamp(),
        )
        .await
        .unwrap();
    // Ten entries, one record.
    assert_eq!(activity_records(&name).await, records + 1.0);
    let log = store.activity().await.unwrap();
    assert_eq!(log.len(), 1 + 30 + 10);
    assert_eq!(log[0].action, Action::CustomerAdded);
    let tags: Vec<_> = log[31..]
        .iter()
        .map(|e| e.customer_id.clone().unwrap())
        .collect();
    assert_eq!(tags, tagged);
    // The first customer: its version 1 entry, its entry of the add, its tag, and no one
    // else's.
    let first = store
        .customer_activity(&sample.customers[0].id, 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 3);
    assert!(first
        .iter()
        .all(|e| e.customer_id.as_ref() == Some(&sample.customers[0].id)));
    let untagged = store
        .customer_activity(&sample.customers[20].id, 10)
        .await
        .unwrap();
    assert_eq!(untagged.len(), 1);
}

#[wasm_bindgen_test]
async fn a_customer_s_latest_log_is_newest_first_with_one_change_s_entries_as_written() {
    storage().clear().unwrap();
    let store = BrowserStore::new(&unique("recent"), Persistence::IndexedDb);
    let sample = generate(15, 1);
    let c = sample.customers[0].clone();
    let theirs: Vec<Subscription> = sample
        .subscriptions
        .iter()
        .filter(|s| s.customer_id == c.id)
        .cloned()
        .collect();
    assert!(!theirs.is_empty());
    add(&store, vec![c.clone()], theirs).await.unwrap();
    let later = Stamp {
        at_ms: stamp().at_ms + 1,
        ..stamp()
    };
    let rename = Change::RenameCustomer {
        id: c.id.clone(),
        name: "Renamed Later Ltd".into(),
    };
    store.apply(rename, later).await.unwrap();
    let recent = store.customer_activity(&c.id, 3).await.unwrap();
    let actions: Vec<Action> = recent.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            Action::CompanyNameUpdated,
            Action::CustomerAdded,
            Action::SubscriptionBought
        ]
    );
}

#[wasm_bindgen_test]
async fn a_write_and_its_log_entries_commit_together_or_not_at_all() {
    storage().clear().unwrap();
    let name = unique("atomic");
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    let sample = generate(4, 10);
    add(&store, sample.customers.clone(), vec![]).await.unwrap();
    store.fail_next_write();
    let failed = rename(&store, &sample.customers[3], "Renamed Then Lost Ltd").await;
    assert!(
        matches!(failed, Err(StoreError::Unavailable(_))),
        "{failed:?}"
    );
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(
        reopened.customers().await.unwrap(),
        by_id(sample.customers.clone())
    );
    assert_eq!(reopened.activity().await.unwrap().len(), 10);
    // The next write goes through whole: record and entry.
    rename(&store, &sample.customers[3], "Renamed Ltd")
        .await
        .unwrap();
    let now = reopened
        .customer(&sample.customers[3].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.company_name, "Renamed Ltd");
    let log = reopened.activity().await.unwrap();
    assert_eq!(log.len(), 11);
    assert_eq!(log[10].action, Action::CompanyNameUpdated);
}

/// A book as the localStorage version wrote it: customers, subscriptions, a removed
/// customer and the log.
fn legacy_book() -> Book {
    let s = generate(9, 30);
    let mut book = Book {
        customers: s.customers,
        subscriptions: s.subscriptions,
        ..Book::default()
    };
    let gone = book.customers.pop().unwrap();
    book.subscriptions.retain(|x| x.customer_id != gone.id);
    book.removed.push(RemovedCustomer {
        customer: gone,
        removed_at_ms: 1,
        removed_by: "Old".into(),
    });
    let c = book.customers[0].id.clone();
    book.apply(
        Change::RenameCustomer {
            id: c,
            name: "Migrated Name SA".into(),
        },
        &stamp(),
    )
    .unwrap();
    book
}

#[wasm_bindgen_test]
async fn a_schema_2_local_storage_book_migrates_whole_and_stays_aside() {
    storage().clear().unwrap();
    let book = legacy_book();
    let text = encode_stored(&book);
    let settings = generate(9, 1).settings;
    let settings_text = encode_stored(&settings);
    storage().set_item("clientele.book", &text).unwrap();
    storage()
        .set_item("clientele.settings", &settings_text)
        .unwrap();
    let name = unique("migrate");
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(
        store.customers().await.unwrap(),
        by_id(book.customers.clone())
    );
    assert_eq!(store.removed_customers().await.unwrap(), book.removed);
    assert_eq!(store.activity().await.unwrap(), book.activity);
    assert_eq!(store.settings().await.unwrap(), settings);
    let id = &book.customers[1].id;
    assert_eq!(
        store.subscriptions(id).await.unwrap().len(),
        book.subscriptions_of(id).len()
    );
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    // The old copy is renamed aside, not deleted, and not migrated a second time.
    assert_eq!(storage().get_item("clientele.book").unwrap(), None);
    let aside = local_keys("clientele.book.migrated-");
    assert_eq!(aside.len(), 1);
    assert_eq!(storage().get_item(&aside[0]).unwrap().unwrap(), text);
    assert_eq!(local_keys("clientele.settings.migrated-").len(), 1);
    let again = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(again.activity().await.unwrap(), book.activity);
}

/// A server's replica never takes in this browser's own older book.
#[wasm_bindgen_test]
async fn a_replica_leaves_a_local_storage_book_alone() {
    storage().clear().unwrap();
    let text = encode_stored(&legacy_book());
    storage().set_item("clientele.book", &text).unwrap();
    let replica = BrowserStore::replica(&unique("replica-legacy"));
    assert!(replica.customers().await.unwrap().is_empty());
    assert_eq!(storage().get_item("clientele.book").unwrap().unwrap(), text);
}

#[wasm_bindgen_test]
async fn a_schema_1_book_migrates_too() {
    storage().clear().unwrap();
    let s = generate(10, 5);
    let v1 = serde_json::json!({
        "schema": 1,
        "data": { "customers": s.customers, "subscriptions": s.subscriptions }
    });
    storage()
        .set_item("clientele.book", &v1.to_string())
        .unwrap();
    let store = BrowserStore::new(&unique("v1"), Persistence::IndexedDb);
    assert_eq!(store.customers().await.unwrap(), by_id(s.customers));
    assert!(store.activity().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn two_tabs_writing_different_customers_keep_both_writes() {
    storage().clear().unwrap();
    let name = unique("tabs");
    let a = BrowserStore::new(&name, Persistence::IndexedDb);
    let sample = generate(11, 8);
    add(&a, sample.customers.clone(), vec![]).await.unwrap();
    let b = BrowserStore::new(&name, Persistence::IndexedDb);
    a.customers().await.unwrap();
    b.customers().await.unwrap();
    rename(&a, &sample.customers[0], "First Tab Ltd")
        .await
        .unwrap();
    rename(&b, &sample.customers[1], "Second Tab Ltd")
        .await
        .unwrap();
    let c = BrowserStore::new(&name, Persistence::IndexedDb);
    let name_of = |list: &[Customer], i: usize| {
        list.iter()
            .find(|c| c.id == sample.customers[i].id)
            .unwrap()
            .company_name
            .clone()
    };
    let all = c.customers().await.unwrap();
    assert_eq!(name_of(&all, 0), "First Tab Ltd");
    assert_eq!(name_of(&all, 1), "Second Tab Ltd");
}

#[wasm_bindgen_test]
async fn writing_a_customer_another_tab_changed_since_is_a_conflict() {
    storage().clear().unwrap();
    let name = unique("conflict");
    let a = BrowserStore::new(&name, Persistence::IndexedDb);
    let sample = generate(12, 4);
    add(&a, sample.customers.clone(), vec![]).await.unwrap();
    let b = BrowserStore::new(&name, Persistence::IndexedDb);
    let x = &sample.customers[2];
    b.customer(&x.id).await.unwrap();
    rename(&a, x, "Tab A Was First").await.unwrap();
    let second = rename(&b, x, "Tab B Too Late").await;
    assert!(matches!(second, Err(StoreError::Conflict(_))), "{second:?}");
    let now = a.customer(&x.id).await.unwrap().unwrap();
    assert_eq!(now.company_name, "Tab A Was First");
    // "Reload and apply my change": read again, then it applies on top.
    let change = Change::RenameCustomer {
        id: x.id.clone(),
        name: "Tab B Too Late".into(),
    };
    b.refresh_versions(&change).await.unwrap();
    b.apply(change, stamp()).await.unwrap();
    assert_eq!(
        a.customer(&x.id).await.unwrap().unwrap().company_name,
        "Tab B Too Late"
    );
}

#[wasm_bindgen_test]
async fn a_tab_renames_a_customer_after_changing_its_subscription_without_a_conflict() {
    storage().clear().unwrap();
    let store = BrowserStore::new(&unique("own-writes"), Persistence::IndexedDb);
    let sample = generate(16, 3);
    add(
        &store,
        sample.customers.clone(),
        sample.subscriptions.clone(),
    )
    .await
    .unwrap();
    let s = sample.subscriptions[0].clone();
    let c = sample
        .customers
        .iter()
        .find(|c| c.id == s.customer_id)
        .unwrap();
    store.customer(&c.id).await.unwrap();
    store.subscriptions(&c.id).await.unwrap();
    let status = Change::SetStatus {
        id: s.id.clone(),
        status: clientele_domain::model::SubscriptionStatus::Suspended,
    };
    store.apply(status, stamp()).await.unwrap();
    rename(&store, c, "Still Mine Ltd").await.unwrap();
}

#[wasm_bindgen_test]
async fn another_tab_is_told_which_customers_changed() {
    storage().clear().unwrap();
    let name = unique("broadcast");
    let a = BrowserStore::new(&name, Persistence::IndexedDb);
    let sample = generate(13, 3);
    add(&a, sample.customers.clone(), vec![]).await.unwrap();
    let b = BrowserStore::new(&name, Persistence::IndexedDb);
    b.ready().await;
    let heard: Rc<RefCell<Vec<StoreEvent>>> = Rc::default();
    let sink = heard.clone();
    b.watch(Rc::new(move |e| sink.borrow_mut().push(e)));
    rename(&a, &sample.customers[1], "Heard Elsewhere Inc")
        .await
        .unwrap();
    settled(|| !heard.borrow().is_empty()).await;
    let events = heard.borrow();
    let Some(StoreEvent::Changed { customers, .. }) = events.first() else {
        panic!("no change heard: {events:?}");
    };
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0].0, sample.customers[1].id);
    assert_eq!(
        customers[0].1.as_ref().unwrap().company_name,
        "Heard Elsewhere Inc"
    );
}

fn feed_customer(revision: i64, c: &Customer, version: i64) -> FeedItem {
    FeedItem {
        revision,
        change: FeedChange::Customer(Versioned {
            record: c.clone(),
            version,
        }),
    }
}

fn feed_entry(revision: i64, c: &Customer, after: &str) -> FeedItem {
    FeedItem {
        revision,
        change: FeedChange::Entry(Entry {
            at_ms: 1_795_281_336_000,
            customer_id: Some(c.id.clone()),
            customer_name: c.company_name.clone(),
            action: Action::CompanyNameUpdated,
            subject: String::new(),
            before: String::new(),
            after: after.into(),
            by: "Teammate".into(),
        }),
    }
}

fn at(next: i64) -> Option<FeedCursor> {
    Some(FeedCursor {
        database: "6f1c1f0e-8d9a-4b43-9a53-6a0d1e7d2c11".into(),
        next,
        complete: true,
        synced_at_ms: 1,
    })
}

/// Merges feed items into a replica with its position at `next`.
async fn merge_at(replica: &BrowserStore, items: Vec<FeedItem>, next: i64) -> Merged {
    replica
        .merge(Merge {
            items,
            left: vec![],
            cursor: at(next),
        })
        .await
        .unwrap()
}

/// A feed page read twice (two tabs, or a retry) writes its records and log entries once;
/// an older version never overwrites a newer one.
#[wasm_bindgen_test]
async fn a_replica_merges_each_feed_change_once_and_never_goes_back_a_version() {
    let replica = BrowserStore::replica(&unique("replica-once"));
    replica.ready().await;
    let sample = generate(21, 3);
    let (a, b) = (&sample.customers[0], &sample.customers[1]);
    let page = || Merge {
        items: vec![
            feed_customer(1, a, 1),
            feed_customer(2, b, 1),
            feed_entry(3, a, "first"),
        ],
        left: vec![],
        cursor: at(3),
    };
    let merged = replica.merge(page()).await.unwrap();
    assert_eq!(merged.customers.len(), 2);
    let again = replica.merge(page()).await.unwrap();
    assert!(again.customers.is_empty(), "nothing is new the second time");
    assert_eq!(replica.activity().await.unwrap().len(), 1);
    assert_eq!(replica.feed_cursor().await.unwrap().next, 3);

    let mut renamed = a.clone();
    renamed.company_name = "Renamed On The Server".into();
    merge_at(&replica, vec![feed_customer(4, &renamed, 2)], 4).await;
    // A write's answer that arrives late, with the version before: skipped.
    let stale = replica
        .merge(Merge {
            items: vec![feed_customer(0, a, 1)],
            ..Merge::default()
        })
        .await
        .unwrap();
    assert!(stale.customers.is_empty());
    let now = replica.customer(&a.id).await.unwrap().unwrap();
    assert_eq!(now.company_name, "Renamed On The Server");
    assert_eq!(replica.customers().await.unwrap().len(), 2);
}

/// A teammate's change to a subscription alone is said to the app as its customer's row
/// (as the replica holds it), so the list's active count follows it without a reload.
#[wasm_bindgen_test]
async fn a_replica_says_whose_subscription_changed() {
    let replica = BrowserStore::replica(&unique("replica-subscription"));
    replica.ready().await;
    let sample = generate(23, 40);
    let subscription = sample.subscriptions[0].clone();
    let owner = sample
        .customers
        .iter()
        .find(|c| c.id == subscription.customer_id)
        .unwrap();
    merge_at(&replica, vec![feed_customer(1, owner, 1)], 1).await;
    let item = |revision, version| FeedItem {
        revision,
        change: FeedChange::Subscription(Versioned {
            record: subscription.clone(),
            version,
        }),
    };
    let merged = merge_at(&replica, vec![item(2, 1)], 2).await;
    assert_eq!(merged.customers.len(), 1);
    assert_eq!(merged.customers[0].0, owner.id);
    assert_eq!(merged.customers[0].1.as_ref(), Some(owner));
    // The same version again changes nothing, so nothing is said.
    let again = merge_at(&replica, vec![item(3, 1)], 3).await;
    assert!(again.customers.is_empty());
}

/// A tombstone takes a customer out of the list into the removed ones, and a later version
/// of the customer puts it back; both are said to the app.
#[wasm_bindgen_test]
async fn a_replica_follows_removals_and_reinstatements() {
    let replica = BrowserStore::replica(&unique("replica-tombstone"));
    replica.ready().await;
    let sample = generate(22, 2);
    let c = &sample.customers[0];
    merge_at(&replica, vec![feed_customer(1, c, 1)], 1).await;
    let tombstone = FeedItem {
        revision: 2,
        change: FeedChange::Removed(Removed {
            customer: Versioned {
                record: c.clone(),
                version: 2,
            },
            removed_at_ms: 5,
            removed_by: "Teammate".into(),
        }),
    };
    let gone = merge_at(&replica, vec![tombstone], 2).await;
    assert_eq!(gone.customers, vec![(c.id.clone(), None)]);
    assert!(replica.customers().await.unwrap().is_empty());
    assert_eq!(replica.removed_customers().await.unwrap().len(), 1);

    let back = merge_at(&replica, vec![feed_customer(3, c, 3)], 3).await;
    assert_eq!(back.customers.len(), 1);
    assert!(replica.removed_customers().await.unwrap().is_empty());
    assert_eq!(replica.customers().await.unwrap().len(), 1);
}

/// Starting over (another database) leaves nothing of the old replica.
#[wasm_bindgen_test]
async fn clearing_a_replica_leaves_nothing() {
    let replica = BrowserStore::replica(&unique("replica-clear"));
    replica.ready().await;
    let sample = generate(23, 2);
    let c = &sample.customers[0];
    merge_at(
        &replica,
        vec![feed_customer(1, c, 1), feed_entry(2, c, "x")],
        2,
    )
    .await;
    replica.clear_replica().await.unwrap();
    assert!(replica.customers().await.unwrap().is_empty());
    assert!(replica.activity().await.unwrap().is_empty());
    assert_eq!(replica.feed_cursor().await.unwrap(), FeedCursor::default());
}

#[wasm_bindgen_test]
async fn a_newer_version_opening_the_database_asks_this_tab_to_reload() {
    storage().clear().unwrap();
    let name = unique("upgrade");
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    store.ready().await;
    let heard: Rc<RefCell<Vec<StoreEvent>>> = Rc::default();
    let sink = heard.clone();
    store.watch(Rc::new(move |e| sink.borrow_mut().push(e)));
    // What a newer Clientele does: open the database at a higher version.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let upgrade = factory.open_with_u32(&name, 3).unwrap();
    settled(|| !heard.borrow().is_empty()).await;
    assert_eq!(heard.borrow().first(), Some(&StoreEvent::Outdated));
    // This tab closed its connection, so the upgrade went through, and it writes no more.
    settled(|| upgrade.ready_state() == web_sys::IdbRequestReadyState::Done).await;
    assert!(upgrade.result().is_ok());
    let sample = generate(14, 1);
    assert!(add(&store, sample.customers, vec![]).await.is_err());
}

#[wasm_bindgen_test]
async fn unreadable_data_is_kept_aside_and_reported() {
    storage().clear().unwrap();
    storage().set_item("clientele.book", "{not json").unwrap();
    let store = BrowserStore::new(&unique("unreadable"), Persistence::IndexedDb);
    assert!(store.customers().await.unwrap().is_empty());
    assert_eq!(store.warnings().len(), 1);
    let aside = local_keys("clientele.book.unreadable-");
    assert_eq!(aside.len(), 1);
    assert_eq!(storage().get_item(&aside[0]).unwrap().unwrap(), "{not json");
    // The warning names where the data was kept.
    assert!(
        store.warnings()[0].to_string().contains(&aside[0]),
        "{:?}",
        store.warnings()
    );
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_left_untouched_and_not_overwritten() {
    storage().clear().unwrap();
    let newer = r#"{"schema":99,"data":{"customers":[]}}"#;
    storage().set_item("clientele.book", newer).unwrap();
    let store = BrowserStore::new(&unique("newer"), Persistence::IndexedDb);
    store.ready().await;
    assert_eq!(store.warnings().len(), 1);
    let sample = generate(6, 2);
    let err = add(&store, sample.customers, vec![]).await.unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly(_)));
    assert_eq!(
        storage().get_item("clientele.book").unwrap().unwrap(),
        newer
    );
}

#[wasm_bindgen_test]
async fn memory_storage_writes_nothing() {
    let name = unique("memory");
    storage().clear().unwrap();
    let store = BrowserStore::new(&name, Persistence::Memory);
    let sample = generate(7, 5);
    add(&store, sample.customers.clone(), vec![]).await.unwrap();
    assert_eq!(store.customers().await.unwrap().len(), 5);
    assert_eq!(storage().length().unwrap(), 0);
    let on_disk = BrowserStore::new(&name, Persistence::IndexedDb);
    assert!(on_disk.customers().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn the_app_lists_stored_customers_in_a_windowed_table() {
    storage().clear().unwrap();
    let store = BrowserStore::local(Persistence::IndexedDb);
    let sample = generate(8, 500);
    add(&store, sample.customers, sample.subscriptions)
        .await
        .unwrap();
    leptos::mount::mount_to_body(clientele::App);
    let document = web_sys::window().unwrap().document().unwrap();
    let mut rows = 0;
    for _ in 0..100 {
        next_frame().await;
        rows = document
            .query_selector_all("table.customers tr.row")
            .unwrap()
            .length();
        if rows > 0 {
            break;
        }
    }
    assert!(rows > 0 && rows <= 100, "{rows} rows rendered");
    // The count says all 500 are there (its wording is the UI language's).
    let count = document.query_selector(".count").unwrap().unwrap();
    assert!(count.text_content().unwrap().contains("500"));
}

/// Waits (a second at most) until `done` says so: what another tab or the browser does comes
/// in its own time.
async fn settled(done: impl Fn() -> bool) {
    for _ in 0..50 {
        if done() {
            return;
        }
        next_frame().await;
    }
}

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Issue 16: a selection tagged in one change on real IndexedDB (past the bulk read of
/// 64 customers), kept across reopening, one log entry per customer; a refused tag for one
/// of them writes nothing at all.
#[wasm_bindgen_test]
async fn a_large_selection_is_tagged_all_or_nothing() {
    use clientele_domain::tags::TagEdit;
    let (name, store, sample) = stored_sample("bulk-tags", 16, 120).await;
    let ids: Vec<_> = sample.customers[..100]
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let tag = |edit| Change::EditTags {
        ids: ids.clone(),
        edit,
    };
    let delta = store
        .apply(tag(TagEdit::Add("EMEA".into())), stamp())
        .await
        .unwrap();
    assert_eq!((delta.customers.len(), delta.entries.len()), (100, 100));
    assert!(delta.subscriptions.is_empty());
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    let now = reopened.customers().await.unwrap();
    assert_eq!(now.iter().filter(|c| c.tags == ["EMEA"]).count(), 100);
    // "emea" for all: a case-only duplicate for every one, so none is changed.
    let before_log = reopened.activity().await.unwrap().len();
    assert!(reopened
        .apply(tag(TagEdit::Add("emea".into())), stamp())
        .await
        .is_err());
    assert_eq!(reopened.customers().await.unwrap(), now);
    assert_eq!(reopened.activity().await.unwrap().len(), before_log);
}

#[wasm_bindgen_test]
async fn a_restored_backup_s_records_and_settings_commit_together_or_not_at_all() {
    use clientele_domain::backup::{read_backup, restore_change, write_backup, BackupContent};
    let (name, store, sample) = stored_sample("restore-one-write", 12, 8).await;
    let kept = store.settings().await.unwrap();
    let other = generate(13, 5);
    let mut settings = other.settings.clone();
    settings.partner.display_name = "Restored Partner Ltd".into();
    let content = BackupContent {
        book: Book {
            customers: other.customers.clone(),
            subscriptions: other.subscriptions.clone(),
            ..Book::default()
        },
        settings: settings.clone(),
        views: vec![],
    };
    let backup = read_backup(&write_backup(&content, "0.1.0", 86_400_000)).unwrap();
    let current = Book {
        customers: store.customers().await.unwrap(),
        ..Book::default()
    };
    let restore = restore_change(&backup, &current);
    // A failed restore writes neither the records nor the settings.
    store.fail_next_write();
    assert!(store.apply(restore.clone(), stamp()).await.is_err());
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(reopened.customers().await.unwrap(), by_id(sample.customers));
    assert_eq!(reopened.settings().await.unwrap(), kept);
    // One write restores both.
    store.apply(restore, stamp()).await.unwrap();
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(reopened.customers().await.unwrap(), by_id(other.customers));
    assert_eq!(reopened.settings().await.unwrap(), settings);
    // This tab wrote those settings itself: saving them again is no conflict.
    store.save_settings(settings).await.unwrap();
}

#[wasm_bindgen_test]
async fn customers_whose_ids_share_a_bucket_are_added_and_updated_in_one_write() {
    use clientele_domain::model::CustomerId;
    storage().clear().unwrap();
    let name = unique("one-bucket");
    let store = BrowserStore::new(&name, Persistence::IndexedDb);
    // IDs with the same first digits: all in one bucket of the store.
    let mut customers = generate(14, 300).customers;
    for (i, c) in customers.iter_mut().enumerate() {
        c.id = CustomerId::from_u128(0xabc0_0000_0000_4000_8000_0000_0000_0000 | i as u128);
        // Names an import takes (the sample has some on purpose that it refuses).
        c.company_name = format!("Bucket Customer {i} Ltd");
    }
    let (first, rest) = customers.split_at(200);
    add(&store, first.to_vec(), vec![]).await.unwrap();
    // One file: 100 new customers, and 50 of the first 200 renamed.
    let updates: Vec<Customer> = first[..50]
        .iter()
        .map(|c| Customer {
            company_name: format!("{} Renamed", c.company_name),
            ..c.clone()
        })
        .collect();
    let change = Change::ImportFile {
        id: clientele_domain::model::ImportId::from_u128(1),
        file_name: "one-bucket.csv".into(),
        customers: rest.to_vec(),
        updates: first[..50].iter().cloned().zip(updates.clone()).collect(),
        skipped: 0,
        errors: 0,
    };
    store.apply(change, stamp()).await.unwrap();
    let mut expected: Vec<Customer> = updates;
    expected.extend_from_slice(&first[50..]);
    expected.extend_from_slice(rest);
    let reopened = BrowserStore::new(&name, Persistence::IndexedDb);
    assert_eq!(reopened.customers().await.unwrap(), by_id(expected));
}
