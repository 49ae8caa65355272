//! Component tests in headless Chromium: the browser store on real localStorage, and the
//! app mounted for real. Run with `cargo test --target wasm32-unknown-unknown -p clientele`.
#![cfg(target_arch = "wasm32")]

use clientele::store::{BrowserStore, CustomerStore, Persistence, StoreError};
use clientele_domain::activity::{Action, Stamp};
use clientele_domain::book::Change;
use clientele_domain::model::{Customer, Subscription};
use clientele_domain::sample::generate;
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
    store.apply(change, stamp()).await
}

fn fresh() -> BrowserStore {
    storage().clear().unwrap();
    BrowserStore::open(Persistence::LocalStorage)
}

#[wasm_bindgen_test]
async fn customers_survive_reopening_the_store() {
    let store = fresh();
    let sample = generate(3, 25);
    add(
        &store,
        sample.customers.clone(),
        sample.subscriptions.clone(),
    )
    .await
    .unwrap();
    let reopened = BrowserStore::open(Persistence::LocalStorage);
    assert_eq!(reopened.customers().await.unwrap(), sample.customers);
    let log = reopened.activity().await.unwrap();
    let added = log.iter().filter(|e| e.action == Action::CustomerAdded);
    assert_eq!(added.count(), 25);
    let id = &sample.customers[0].id;
    assert_eq!(
        reopened.subscriptions(id).await.unwrap(),
        sample
            .subscriptions
            .iter()
            .filter(|s| &s.customer_id == id)
            .cloned()
            .collect::<Vec<_>>()
    );
}

#[wasm_bindgen_test]
async fn a_write_too_large_for_storage_is_refused_and_memory_stays_as_stored() {
    let store = fresh();
    let small = generate(4, 10);
    add(&store, small.customers.clone(), vec![]).await.unwrap();
    let huge = generate(5, 60_000);
    // Imported as one entry, as the sample loader does: a log entry per customer would only
    // make the debug build slower to reach the same refusal.
    let import = Change::ImportCustomers {
        customers: huge.customers,
        subscriptions: huge.subscriptions,
    };
    let err = store.apply(import, stamp()).await.unwrap_err();
    assert_eq!(err, StoreError::QuotaExceeded);
    assert_eq!(store.customers().await.unwrap(), small.customers);
    // The log of the refused write was not kept either.
    assert_eq!(store.activity().await.unwrap().len(), 10);
    let reopened = BrowserStore::open(Persistence::LocalStorage);
    assert_eq!(reopened.customers().await.unwrap(), small.customers);
}

#[wasm_bindgen_test]
async fn unreadable_data_is_kept_aside_and_reported() {
    storage().clear().unwrap();
    storage().set_item("clientele.book", "{not json").unwrap();
    let store = BrowserStore::open(Persistence::LocalStorage);
    assert!(store.customers().await.unwrap().is_empty());
    // Reported once (what it says is the UI's wording, in the UI's language)...
    let warnings = store.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(!warnings[0].0.is_empty());
    // ...and kept aside, as it was.
    let s = storage();
    let aside: Vec<String> = (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with("clientele.book.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(s.get_item(&aside[0]).unwrap().unwrap(), "{not json");
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_left_untouched_and_not_overwritten() {
    storage().clear().unwrap();
    let newer = r#"{"schema":99,"data":{"customers":[]}}"#;
    storage().set_item("clientele.book", newer).unwrap();
    let store = BrowserStore::open(Persistence::LocalStorage);
    assert_eq!(store.warnings().len(), 1, "reported once");
    let sample = generate(6, 2);
    let err = add(&store, sample.customers, vec![]).await.unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly(_)));
    assert_eq!(
        storage().get_item("clientele.book").unwrap().unwrap(),
        newer
    );
}

#[wasm_bindgen_test]
async fn memory_storage_writes_nothing_to_local_storage() {
    storage().clear().unwrap();
    let store = BrowserStore::open(Persistence::Memory);
    let sample = generate(7, 5);
    add(&store, sample.customers.clone(), vec![]).await.unwrap();
    assert_eq!(store.customers().await.unwrap().len(), 5);
    assert_eq!(storage().length().unwrap(), 0);
}

#[wasm_bindgen_test]
async fn the_app_lists_stored_customers_in_a_windowed_table() {
    let store = fresh();
    let sample = generate(8, 500);
    add(&store, sample.customers, sample.subscriptions)
        .await
        .unwrap();
    leptos::mount::mount_to_body(clientele::App);
    let document = web_sys::window().unwrap().document().unwrap();
    let mut rows = 0;
    for _ in 0..50 {
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
    let count = document.query_selector(".count").unwrap().unwrap();
    assert_eq!(
        count.text_content().unwrap(),
        "Showing 500 of 500 customers"
    );
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
