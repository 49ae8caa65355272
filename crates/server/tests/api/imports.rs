//! A customer file imported in batches (`/api/imports/{id}/…`): one log entry for the whole
//! file, batches that are idempotent and refuse a customer changed since the preview, and
//! an undo that takes out exactly what the import wrote, carried by the change feed.

use axum::http::StatusCode;
use clientele_domain::model::{Customer, CustomerId};
use clientele_domain::sample;
use clientele_domain::settings::Role;
use serde_json::{json, Value};

use crate::common::{setup, str_of, Reply, TestApp, SAMPLE};

pub const IMPORT: &str = "7d4f1c2a-0b6e-4f3a-9c1d-2e5f6a7b8c9d";

/// New customers no test book has (their own IDs and domains).
pub fn fresh(seed: u64, n: usize) -> Vec<Customer> {
    let mut customers = sample::generate(seed, n).customers;
    for c in &mut customers {
        c.primary_domain = format!("import-{}.example", c.id);
    }
    customers
}

/// The customer as the server has it now, and its version.
async fn current(t: &TestApp, id: &CustomerId) -> (Customer, i64) {
    let r = t
        .get(&format!("/api/customers/{id}"), Role::GlobalAdmin)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let version = r.json["version"].as_i64().unwrap();
    (serde_json::from_value(r.json).unwrap(), version)
}

/// An update of sample customer `i`: renamed, as previewed now, with its version.
pub async fn update_of(t: &TestApp, i: usize, name: &str) -> Value {
    let (before, version) = current(t, &t.customer(i).id).await;
    let after = Customer {
        company_name: name.into(),
        ..before.clone()
    };
    json!({ "before": before, "after": after, "version": version })
}

pub async fn send_batch(
    t: &TestApp,
    import: &str,
    role: Role,
    key: Option<&str>,
    body: Value,
) -> Reply {
    let headers: Vec<(&str, &str)> = key.map(|k| ("idempotency-key", k)).into_iter().collect();
    let uri = format!("/api/imports/{import}/batches");
    t.call("POST", &uri, Some(role), &headers, Some(body)).await
}

async fn close(t: &TestApp, import: &str, skipped: usize, errors: usize) -> Reply {
    let uri = format!("/api/imports/{import}/close");
    let body = json!({ "skipped": skipped, "errors": errors });
    t.call("POST", &uri, Some(Role::GlobalAdmin), &[], Some(body))
        .await
}

async fn undo(t: &TestApp, import: &str) -> Reply {
    let uri = format!("/api/imports/{import}/undo");
    t.call("POST", &uri, Some(Role::GlobalAdmin), &[], None)
        .await
}

/// The log's entries of an action, newest first.
async fn entries(t: &TestApp, action: &str) -> Vec<Value> {
    let r = t
        .get(&format!("/api/activity?action={action}"), Role::GlobalAdmin)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    r.json["items"].as_array().unwrap().clone()
}

async fn total(t: &TestApp) -> i64 {
    t.get("/api/customers?limit=1", Role::GlobalAdmin)
        .await
        .json["total"]
        .as_i64()
        .unwrap()
}

async fn revision(t: &TestApp) -> i64 {
    t.get("/api/changes?since=0&limit=1", Role::GlobalAdmin)
        .await
        .json["revision"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn batches_then_close_log_one_entry_with_the_file_name_and_the_totals() {
    let t = setup().await;
    let new = fresh(500, 5);
    let first = json!({ "file_name": "Customers.csv", "customers": new[..3] });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("b-1"), first).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json.as_array().unwrap().len(), 3);
    assert_eq!(r.json[0]["version"], 1);
    let update = update_of(&t, 2, "Renamed By File").await;
    let second = json!({
        "file_name": "Customers.csv",
        "customers": new[3..],
        "updates": [update],
    });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("b-2"), second).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json[2]["company_name"], "Renamed By File");
    assert!(
        entries(&t, "customers-imported").await.len() == 1,
        "only the seed's load is logged before the close"
    );
    assert_eq!(total(&t).await, SAMPLE as i64 + 5);

    let r = close(&t, IMPORT, 4, 2).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["added"], 5);
    assert_eq!(r.json["updated"], 1);
    assert_eq!(r.json["closed"], true);
    let logged = entries(&t, "customers-imported").await;
    assert_eq!(logged.len(), 2, "one entry for the whole file");
    assert_eq!(str_of(&logged[0], "subject"), "Customers.csv");
    assert_eq!(
        str_of(&logged[0], "after"),
        "5 new, 1 updated, 4 skipped, 2 in error"
    );
    assert_eq!(str_of(&logged[0], "by"), "Global admin user");
    // Closing again (a lost answer) logs nothing more; a batch after it is refused.
    assert_eq!(close(&t, IMPORT, 4, 2).await.status, StatusCode::OK);
    assert_eq!(entries(&t, "customers-imported").await.len(), 2);
    let late = json!({ "file_name": "Customers.csv", "customers": fresh(501, 1) });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, None, late).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json);
}

#[tokio::test]
async fn a_batch_sent_again_with_its_key_gets_the_first_answer_and_writes_nothing_more() {
    let t = setup().await;
    let body = json!({ "file_name": "Customers.csv", "customers": fresh(600, 2) });
    let first = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("again"), body.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.json);
    let again = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("again"), body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json);
    assert_eq!(again.json, first.json);
    assert_eq!(total(&t).await, SAMPLE as i64 + 2);
    // The same key for another batch is a mistake, said as such.
    let other = json!({ "file_name": "Customers.csv", "customers": fresh(601, 1) });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("again"), other).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.field(), Some("idempotency-key"));
    // Without a key, the customers already there are refused (no duplicate either way).
    let body = json!({ "file_name": "Customers.csv", "customers": fresh(600, 2) });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, None, body).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json);
    assert_eq!(total(&t).await, SAMPLE as i64 + 2);
}

#[tokio::test]
async fn an_update_of_a_customer_changed_since_the_preview_is_refused_with_its_batch() {
    let t = setup().await;
    let update = update_of(&t, 4, "From The File").await;
    let id = t.customer(4).id.clone();
    // A teammate renames it after the preview.
    let uri = format!("/api/customers/{id}");
    let etag = t.etag_of(&uri).await;
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            &etag,
            Some(json!({ "company_name": "Teammate's Name" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let new = fresh(700, 2);
    let body = json!({ "file_name": "Customers.csv", "customers": new, "updates": [update] });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("k"), body).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.json);
    assert!(
        str_of(&r.json, "message").contains(id.as_str()),
        "{}",
        r.json
    );
    assert_eq!(current(&t, &id).await.0.company_name, "Teammate's Name");
    assert_eq!(total(&t).await, SAMPLE as i64, "nothing of the batch");
    // The right version with a preview that is not the stored record: refused too.
    let (mut before, version) = current(&t, &id).await;
    before.company_name = "Not What Is Stored".into();
    let after = Customer {
        company_name: "From The File".into(),
        ..before.clone()
    };
    let body = json!({ "file_name": "Customers.csv",
        "updates": [{ "before": before, "after": after, "version": version }] });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, None, body).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.json);
}

#[tokio::test]
async fn undo_deletes_what_it_added_restores_what_it_updated_and_the_feed_says_so() {
    let t = setup().await;
    let new = fresh(800, 3);
    let renamed = t.customer(5).clone();
    let (before, _) = current(&t, &renamed.id).await;
    let update = update_of(&t, 5, "Renamed By File").await;
    let body = json!({ "file_name": "Customers.csv", "customers": new, "updates": [update] });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, Some("u-1"), body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(close(&t, IMPORT, 0, 0).await.status, StatusCode::OK);
    let since = revision(&t).await;

    let r = undo(&t, IMPORT).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["deleted"].as_array().unwrap().len(), 3);
    assert_eq!(r.json["restored"][0]["company_name"], before.company_name);
    for c in &new {
        let gone = t
            .get(&format!("/api/customers/{}", c.id), Role::GlobalAdmin)
            .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
    }
    let removed = t.get("/api/customers/removed", Role::GlobalAdmin).await;
    assert!(
        removed
            .json
            .as_array()
            .unwrap()
            .iter()
            .all(|r| new.iter().all(|c| r["customer"]["id"] != c.id.to_string())),
        "an import undone is not a removed relationship"
    );
    let (now, _) = current(&t, &renamed.id).await;
    assert_eq!(now, before);
    assert_eq!(total(&t).await, SAMPLE as i64);
    let undone = entries(&t, "import-undone").await;
    assert_eq!(undone.len(), 1);
    assert_eq!(
        clientele_domain::activity::Entry::details(
            &serde_json::from_value(undone[0].clone()).unwrap()
        ),
        "Customers.csv: 3 taken out, 1 restored"
    );

    // A replica reading the feed after the import drops the three and has the restored one.
    let feed = t
        .get(&format!("/api/changes?since={since}"), Role::HelpdeskAgent)
        .await;
    let items = feed.json["changes"].as_array().unwrap();
    let deleted: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "deleted")
        .map(|i| str_of(&i["record"], "id"))
        .collect();
    assert_eq!(deleted.len(), 3, "{}", feed.json);
    for c in &new {
        assert!(deleted.contains(&c.id.as_str()));
    }
    assert!(items.iter().any(|i| i["kind"] == "customer"
        && i["record"]["id"] == renamed.id.to_string()
        && i["record"]["company_name"] == before.company_name));

    // Undone once; and the same IDs can be imported again, under another import.
    assert_eq!(undo(&t, IMPORT).await.status, StatusCode::CONFLICT);
    let again = json!({ "file_name": "Customers.csv", "customers": fresh(800, 3) });
    let other = "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00";
    let r = send_batch(&t, other, Role::GlobalAdmin, None, again).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(total(&t).await, SAMPLE as i64 + 3);
}

#[tokio::test]
async fn undo_is_refused_once_an_imported_customer_has_changed() {
    let t = setup().await;
    let new = fresh(900, 2);
    let body = json!({ "file_name": "Customers.csv", "customers": new });
    let r = send_batch(&t, IMPORT, Role::GlobalAdmin, None, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let uri = format!("/api/customers/{}", new[1].id);
    let etag = t.etag_of(&uri).await;
    let body = Some(json!({ "company_name": "Changed Since" }));
    let r = t.write("PATCH", &uri, Role::SalesAgent, &etag, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let r = undo(&t, IMPORT).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json);
    assert!(str_of(&r.json, "message").contains(new[1].id.as_str()));
    assert_eq!(total(&t).await, SAMPLE as i64 + 2, "nothing taken out");
    assert_eq!(entries(&t, "import-undone").await.len(), 0);
    let unknown = undo(&t, "11111111-2222-4333-8444-555555555555").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
