//! Tags and bulk actions through the API: the domain's rules, all or nothing, one log entry
//! per customer, and the same batch sent twice changing nothing more.

use axum::http::StatusCode;
use clientele_domain::settings::Role;
use serde_json::{json, Value};

use crate::common::{setup, str_of, Reply, TestApp};

async fn post(t: &TestApp, uri: &str, role: Role, body: Value) -> Reply {
    t.call("POST", uri, Some(role), &[], Some(body)).await
}

async fn tag(t: &TestApp, ids: &[String], edit: Value) -> Reply {
    let mut body = json!({ "ids": ids });
    body.as_object_mut()
        .unwrap()
        .extend(edit.as_object().unwrap().clone());
    post(t, "/api/customers/tags", Role::SalesAgent, body).await
}

fn ids(t: &TestApp, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| t.customer(i).id.to_string()).collect()
}

async fn log_of(t: &TestApp, action: &str) -> Vec<Value> {
    let r = t
        .get(
            &format!("/api/activity?action={action}&limit=100"),
            Role::GlobalAdmin,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    r.json["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_batch_tags_every_customer_once_and_logs_each() {
    let t = setup().await;
    let three = ids(&t, 0..3);
    let r = tag(&t, &three, json!({ "add": " EMEA " })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let answered = r.json.as_array().unwrap();
    assert_eq!(answered.len(), 3);
    assert!(answered.iter().all(|c| c["tags"] == json!(["EMEA"])));
    let one = t
        .get(&format!("/api/customers/{}", three[1]), Role::HelpdeskAgent)
        .await;
    assert_eq!(one.json["tags"], json!(["EMEA"]));
    assert_eq!(log_of(&t, "tags-changed").await.len(), 3);
    // Sent again (a retry after a lost answer): nothing more changes or is logged.
    let again = tag(&t, &three, json!({ "add": "EMEA" })).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(log_of(&t, "tags-changed").await.len(), 3);
    // And removed, in any case.
    let r = tag(&t, &three[..1], json!({ "remove": "emea" })).await;
    assert_eq!(
        r.json[0].get("tags"),
        None,
        "no tags are left out: {}",
        r.json
    );
    let entries = log_of(&t, "tags-changed").await;
    assert_eq!(entries.len(), 4);
    assert_eq!(str_of(&entries[0], "before"), "EMEA");
}

#[tokio::test]
async fn a_refused_tag_for_one_customer_tags_none() {
    let t = setup().await;
    let three = ids(&t, 0..3);
    tag(&t, &three[1..2], json!({ "add": "emea" })).await;
    let r = tag(&t, &three, json!({ "add": "EMEA" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.field(), Some("tags"));
    assert!(str_of(&r.json, "message").contains("letter case"));
    for bad in ["a,b", "  ", "tab\there", &"x".repeat(51)] {
        let r = tag(&t, &three, json!({ "add": bad })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    let first = t
        .get(&format!("/api/customers/{}", three[0]), Role::GlobalAdmin)
        .await;
    assert_eq!(first.json.get("tags"), None);
    let unknown = tag(
        &t,
        &["00000000-0000-4000-8000-00000000dead".to_string()],
        json!({ "add": "x" }),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let empty = tag(&t, &[], json!({ "add": "x" })).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_new_customer_keeps_its_tags_and_bad_ones_are_refused() {
    let t = setup().await;
    let mut body = t.new_customer(9100, "tagged.fr");
    body["customer"]["tags"] = json!(["EMEA", "Retail"]);
    let r = post(&t, "/api/customers", Role::GlobalAdmin, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["customer"]["tags"], json!(["EMEA", "Retail"]));
    let mut bad = t.new_customer(9101, "tagged-twice.fr");
    bad["customer"]["tags"] = json!(["EMEA", "emea"]);
    let r = post(&t, "/api/customers", Role::GlobalAdmin, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
}

#[tokio::test]
async fn bulk_removal_is_refused_whole_while_one_has_active_subscriptions() {
    let t = setup().await;
    let free = t.removable().await;
    let (blocked, _) = t.blocked();
    let both = json!({ "ids": [free.to_string(), blocked.to_string()] });
    let r = post(&t, "/api/customers/remove", Role::AdminAgent, both).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json);
    let still = t
        .get(&format!("/api/customers/{free}"), Role::GlobalAdmin)
        .await;
    assert_eq!(still.status, StatusCode::OK);
    let one = json!({ "ids": [free.to_string()] });
    for _ in 0..2 {
        let r = post(&t, "/api/customers/remove", Role::AdminAgent, one.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
        assert_eq!(r.json[0]["customer"]["id"], free.to_string());
    }
    assert_eq!(log_of(&t, "relationship-removed").await.len(), 1);
}
