//! The change feed: each kind of change, tombstones, cursor paging, resync, and concurrent
//! writers against a reader that polls.

use axum::http::StatusCode;
use clientele_domain::activity::Stamp;
use clientele_domain::book::Change;
use clientele_domain::settings::Role;
use clientele_server::db::Backend;
use clientele_server::store::{apply, feed};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::common::{setup, str_of, Reply, TestApp, SAMPLE};

async fn page(t: &TestApp, query: &str) -> Value {
    let r = t
        .get(&format!("/api/changes?{query}"), Role::HelpdeskAgent)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.json);
    r.json
}

/// Every change after `since`, page by page; returns them and the revision reached.
async fn read_from(t: &TestApp, since: i64, limit: usize) -> (Vec<Value>, i64) {
    let mut all = Vec::new();
    let mut since = since;
    loop {
        let p = page(t, &format!("since={since}&limit={limit}")).await;
        assert!(p.get("resync").is_none(), "{p}");
        let items = p["changes"].as_array().unwrap();
        assert!(items.len() <= limit);
        for i in items {
            assert!(i["revision"].as_i64().unwrap() > since, "{i}");
        }
        all.extend(items.iter().cloned());
        since = p["next"].as_i64().unwrap();
        if !p["more"].as_bool().unwrap() {
            return (all, since);
        }
    }
}

/// What a replica keeps: one entry per record, the latest item for it.
fn key(item: &Value) -> (String, String) {
    let kind = str_of(item, "kind");
    let record = &item["record"];
    match kind {
        "customer" => ("customer".into(), str_of(record, "id").into()),
        "removed" => ("customer".into(), str_of(&record["customer"], "id").into()),
        "subscription" => ("subscription".into(), str_of(record, "id").into()),
        // Entries never change: each is its own.
        "entry" => ("entry".into(), item["revision"].to_string()),
        _ => (kind.into(), String::new()),
    }
}

fn apply(replica: &mut BTreeMap<(String, String), Value>, items: &[Value]) {
    for i in items {
        let mut record = i.clone();
        record.as_object_mut().unwrap().remove("revision");
        replica.insert(key(i), record);
    }
}

async fn revision(t: &TestApp) -> i64 {
    page(t, "since=0&limit=1").await["revision"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_full_read_has_every_record_once_in_revision_order_page_by_page() {
    let t = setup().await;
    let (all, reached) = read_from(&t, 0, 7).await;
    let subscriptions = t.sample.subscriptions.len();
    // The records, and the seed's one log entry for its import.
    assert_eq!(all.len(), SAMPLE + subscriptions + 1 + 1);
    let revisions: Vec<i64> = all
        .iter()
        .map(|i| i["revision"].as_i64().unwrap())
        .collect();
    assert!(revisions.windows(2).all(|w| w[0] < w[1]), "{revisions:?}");
    assert_eq!(reached, revision(&t).await);
    let kinds = |k: &str| all.iter().filter(|i| i["kind"] == k).count();
    assert_eq!(
        (
            kinds("customer"),
            kinds("subscription"),
            kinds("settings"),
            kinds("entry")
        ),
        (SAMPLE, subscriptions, 1, 1)
    );
    let entry = all.iter().find(|i| i["kind"] == "entry").unwrap();
    assert_eq!(entry["record"]["action"], "CustomersImported");
    let settings = all.iter().find(|i| i["kind"] == "settings").unwrap();
    assert_eq!(
        settings["record"]["resellers"].as_array().unwrap().len(),
        t.sample.settings.resellers.len()
    );
    // Caught up: nothing more, and the cursor stays.
    let p = page(&t, &format!("since={reached}")).await;
    assert_eq!(
        (p["changes"].clone(), p["next"].clone()),
        (json!([]), json!(reached))
    );
    // The same answer with one page of everything.
    let (one, _) = read_from(&t, 0, 5000).await;
    assert_eq!(one, all);
}

/// A write by an admin agent with the current ETag of `record` (a URI), which must succeed.
async fn edit(t: &TestApp, method: &str, record: &str, uri: &str, body: Option<Value>) -> Reply {
    let etag = t.etag_of(record).await;
    let r = t.write(method, uri, Role::AdminAgent, &etag, body).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
    r
}

/// The changes after `since`, which must be of these kinds; moves `since` past them.
async fn next(t: &TestApp, since: &mut i64, kinds: &[&str]) -> Vec<Value> {
    let (items, reached) = read_from(t, *since, 100).await;
    let got: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(got, kinds, "{items:?}");
    *since = reached;
    items
}

#[tokio::test]
async fn each_kind_of_change_shows_once_after_the_revision_it_was_made_at() {
    let t = setup().await;
    let id = t.removable().await;
    let mut since = revision(&t).await;
    // A rename.
    let uri = format!("/api/customers/{id}");
    let r = edit(
        &t,
        "PATCH",
        &uri,
        &uri,
        Some(json!({"company_name": "Renamed SA"})),
    )
    .await;
    let items = next(&t, &mut since, &["customer", "entry"]).await;
    assert_eq!(items[0]["record"]["company_name"], "Renamed SA");
    assert_eq!(items[0]["record"]["version"], r.json["version"]);
    // A removal: the tombstone carries the record and who removed it.
    let r = edit(&t, "POST", &uri, &format!("{uri}/remove"), None).await;
    let items = next(&t, &mut since, &["removed", "entry"]).await;
    assert_eq!(items[0]["record"]["customer"]["id"], json!(id.to_string()));
    assert_eq!(items[0]["record"]["removed_by"], r.json["removed_by"]);
    // A reinstatement.
    let r = t
        .write(
            "POST",
            &format!("{uri}/reinstate"),
            Role::AdminAgent,
            &r.etag(),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let items = next(&t, &mut since, &["customer", "entry"]).await;
    assert_eq!(items[0]["record"]["company_name"], "Renamed SA");
    // A subscription's licences.
    let (_, sub) = t.blocked();
    let uri = format!("/api/subscriptions/{}", sub.id);
    edit(&t, "PATCH", &uri, &uri, Some(json!({"quantity": 77}))).await;
    let items = next(&t, &mut since, &["subscription", "entry"]).await;
    assert_eq!(items[0]["record"]["quantity"], 77);
    // The settings.
    let r = t.get("/api/settings", Role::GlobalAdmin).await;
    let mut form = json!({ "partner": r.json["partner"], "resellers": r.json["resellers"] });
    form["partner"]["display_name"] = json!("Partner renamed");
    let r = t
        .write(
            "PUT",
            "/api/settings",
            Role::GlobalAdmin,
            &r.etag(),
            Some(form),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let items = next(&t, &mut since, &["settings"]).await;
    assert_eq!(
        items[0]["record"]["partner"]["display_name"],
        "Partner renamed"
    );
    assert_eq!(format!("\"{}\"", items[0]["record"]["version"]), r.etag());
    // A new customer with its two subscriptions.
    let r = t
        .call(
            "POST",
            "/api/customers",
            Some(Role::AdminAgent),
            &[],
            Some(t.new_customer(9001, "feed-new.example")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    next(
        &t,
        &mut since,
        &[
            "customer",
            "subscription",
            "subscription",
            "entry",
            "entry",
            "entry",
        ],
    )
    .await;
    // The log, offline too: an action that changes no record is an entry of its own.
    let r = t
        .call(
            "POST",
            "/api/activity",
            Some(Role::AdminAgent),
            &[],
            Some(json!({"action": "customers-exported", "details": "CSV"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let items = next(&t, &mut since, &["entry"]).await;
    assert_eq!(items[0]["record"]["action"], "CustomersExported");
    // A refused write (stale If-Match) takes no revision.
    let before = revision(&t).await;
    let r = t
        .write(
            "PATCH",
            &format!("/api/customers/{id}"),
            Role::AdminAgent,
            "\"1\"",
            Some(json!({"company_name": "No"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(revision(&t).await, before);
}

#[tokio::test]
async fn a_replica_from_another_database_ahead_or_below_the_floor_is_told_to_resync() {
    let t = setup().await;
    let first = page(&t, "since=0&limit=1").await;
    let database = str_of(&first, "database_id").to_string();
    assert_eq!(database.len(), 36);
    let now = first["revision"].as_i64().unwrap();
    // The same database (any case) is fine.
    let p = page(&t, &format!("since=1&database={}", database.to_uppercase())).await;
    assert!(p.get("resync").is_none(), "{p}");
    let other = "6f1c1f0e-8d9a-4b43-9a53-6a0d1e7d2c11";
    let p = page(&t, &format!("since=1&database={other}")).await;
    assert_eq!(
        (p["resync"].clone(), p["changes"].clone()),
        (json!("other_database"), json!([]))
    );
    let p = page(&t, &format!("since={}", now + 1)).await;
    assert_eq!(p["resync"], "ahead");
    // A purge of long-removed customers leaves no tombstone: older replicas start over.
    let id = t.removable().await;
    let uri = format!("/api/customers/{id}");
    edit(&t, "POST", &uri, &format!("{uri}/remove"), None).await;
    let behind = revision(&t).await;
    let purged = feed::purge_removed(&t.db, clientele_server::now_ms() + 1)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let p = page(&t, &format!("since={behind}")).await;
    assert_eq!(p["resync"], "below_floor");
    assert!(p["floor"].as_i64().unwrap() > behind);
    // Starting over works, and the purged customer is not in it.
    let (all, reached) = read_from(&t, 0, 1000).await;
    assert!(all.iter().all(|i| key(i).1 != id.to_string()));
    assert_eq!(
        all.iter().filter(|i| i["kind"] == "customer").count(),
        SAMPLE - 1
    );
    assert!(page(&t, &format!("since={reached}"))
        .await
        .get("resync")
        .is_none());
    // The database's ID stays across restarts.
    let again = clientele_server::Db::connect(&t.url).await.unwrap();
    let mut conn = again.pool.acquire().await.unwrap();
    assert_eq!(feed::state(&mut conn).await.unwrap().database_id, database);
}

#[tokio::test]
async fn bad_parameters_are_400_with_the_field() {
    let t = setup().await;
    for (query, field) in [
        ("since=-1", "since"),
        ("since=x", "since"),
        ("limit=0", "limit"),
        ("limit=5001", "limit"),
        ("database=nope", "database"),
    ] {
        let r = t
            .get(&format!("/api/changes?{query}"), Role::SalesAgent)
            .await;
        assert_eq!(
            (r.status, r.field()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{query}"
        );
    }
    let r = t.call("GET", "/api/changes", None, &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

/// Writers rename customers side by side while a reader polls the feed: the reader's
/// replica, built only from what each poll returned, ends equal to a full read. A revision
/// that committed after a higher one was read would be skipped, and the replica would keep
/// an old name.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_leave_a_gap_a_polling_reader_skips() {
    let t = Arc::new(setup().await);
    let (start, since) = read_from(&t, 0, 1000).await;
    let mut replica = BTreeMap::new();
    apply(&mut replica, &start);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let t = t.clone();
            tokio::spawn(async move {
                for round in 0..8 {
                    let id = t.customer(w * 5 + round % 5).id.clone();
                    let uri = format!("/api/customers/{id}");
                    loop {
                        let etag = t.etag_of(&uri).await;
                        let name = format!("Writer {w} round {round}");
                        let r = t
                            .write(
                                "PATCH",
                                &uri,
                                Role::AdminAgent,
                                &etag,
                                Some(json!({"company_name": name})),
                            )
                            .await;
                        match r.status {
                            StatusCode::OK => break,
                            StatusCode::PRECONDITION_FAILED => continue,
                            s => panic!("{s}: {}", r.json),
                        }
                    }
                }
            })
        })
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let t = t.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let (mut since, mut replica, mut polls) = (since, replica, 0);
            loop {
                // Read whether the writers were done before polling: the last poll then
                // starts after every write has committed.
                let last = done.load(Ordering::SeqCst);
                let (items, reached) = read_from(&t, since, 3).await;
                apply(&mut replica, &items);
                since = reached;
                polls += 1;
                if last {
                    return (replica, since, polls);
                }
                tokio::task::yield_now().await;
            }
        })
    };
    for w in writers {
        w.await.unwrap();
    }
    done.store(true, Ordering::SeqCst);
    let (replica, reached, polls) = reader.await.unwrap();
    assert!(polls > 1);
    let (full, full_reached) = read_from(&t, 0, 1000).await;
    let mut want = BTreeMap::new();
    apply(&mut want, &full);
    assert_eq!(reached, full_reached);
    assert_eq!(replica, want);
}

/// Out of order, made to happen: a write holds its revision open while a second one starts.
/// The second can't commit first (it waits for the feed's row), and a reader meanwhile sees
/// neither, so nothing it reads later can be below what it has. PostgreSQL only: on SQLite
/// the one connection makes writes take turns by construction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_commits_late_holds_back_those_after_it() {
    let t = Arc::new(setup().await);
    if t.db.backend != Backend::Postgres {
        return;
    }
    let since = revision(&t).await;
    let mut slow = t.db.pool.begin().await.unwrap();
    let change = Change::RenameCustomer {
        id: t.customer(0).id.clone(),
        name: "Slow SA".into(),
    };
    let loaded = apply::load(&mut slow, &change).await.unwrap();
    let stamp = Stamp {
        at_ms: clientele_server::now_ms(),
        by: "Test".into(),
    };
    apply::apply(&mut slow, &loaded, vec![change], &stamp)
        .await
        .unwrap();
    let fast = {
        let t = t.clone();
        tokio::spawn(async move {
            let uri = format!("/api/customers/{}", t.customer(1).id);
            let etag = t.etag_of(&uri).await;
            let body = json!({"company_name": "Fast SA"});
            t.write("PATCH", &uri, Role::AdminAgent, &etag, Some(body))
                .await
                .status
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(!fast.is_finished(), "the second write waits for the first");
    let p = page(&t, &format!("since={since}")).await;
    assert_eq!(
        (p["changes"].clone(), p["next"].clone()),
        (json!([]), json!(since))
    );
    slow.commit().await.unwrap();
    assert_eq!(fast.await.unwrap(), StatusCode::OK);
    let (items, _) = read_from(&t, since, 100).await;
    let names: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "customer")
        .map(|i| str_of(&i["record"], "company_name"))
        .collect();
    assert_eq!(names, ["Slow SA", "Fast SA"]);
    assert_eq!(items[0]["revision"], since + 1);
}
