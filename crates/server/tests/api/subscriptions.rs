use axum::http::StatusCode;
use clientele_domain::catalogue::offer_named;
use clientele_domain::settings::Role;
use serde_json::json;

use crate::common::{items, setup, str_of};

#[tokio::test]
async fn a_customer_s_subscriptions_are_listed_with_versions() {
    let t = setup().await;
    let c = t.customer(0);
    let want: Vec<String> = t
        .sample
        .subscriptions
        .iter()
        .filter(|s| s.customer_id == c.id)
        .map(|s| s.id.to_string())
        .collect();
    let r = t
        .get(
            &format!("/api/customers/{}/subscriptions", c.id),
            Role::HelpdeskAgent,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let got: Vec<&str> = items(&r.json).iter().map(|s| str_of(s, "id")).collect();
    assert_eq!(got, want);
    assert!(items(&r.json).iter().all(|s| s["version"] == 1));
    let ghost = "/api/customers/00000000-0000-4000-8000-000000000001/subscriptions";
    assert_eq!(
        t.get(ghost, Role::HelpdeskAgent).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn licences_change_within_the_offer_s_bounds() {
    let t = setup().await;
    let (_, s) = t.blocked();
    let uri = format!("/api/subscriptions/{}", s.id);
    let r = t.get(&uri, Role::HelpdeskAgent).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.etag(), "\"1\"");
    let max = offer_named(&s.offer_name).unwrap().max_licences;
    for bad in [0, max + 1] {
        let r = t
            .write(
                "PATCH",
                &uri,
                Role::HelpdeskAgent,
                "\"1\"",
                Some(json!({ "quantity": bad })),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(r.field(), Some("quantity"));
    }
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::HelpdeskAgent,
            "\"1\"",
            Some(json!({ "quantity": -3 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = if s.quantity == 2 { 3 } else { 2 };
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::HelpdeskAgent,
            "\"1\"",
            Some(json!({ "quantity": new })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["quantity"], new);
    assert_eq!(r.etag(), "\"2\"");
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::HelpdeskAgent,
            "\"1\"",
            Some(json!({ "quantity": 5 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = t
        .call(
            "PATCH",
            &uri,
            Some(Role::HelpdeskAgent),
            &[],
            Some(json!({ "quantity": 5 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let log = t
        .get("/api/activity?action=quantity-changed", Role::AdminAgent)
        .await;
    assert_eq!(log.json["total"], 1);
    assert_eq!(
        str_of(&items(&log.json)[0], "by"),
        crate::common::user_name(Role::HelpdeskAgent)
    );
}

#[tokio::test]
async fn status_changes_follow_the_allowed_paths() {
    let t = setup().await;
    let (_, s) = t.blocked();
    let uri = format!("/api/subscriptions/{}", s.id);
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            "\"1\"",
            Some(json!({ "status": "Suspended" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    // Reactivated and resized at once.
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            "\"2\"",
            Some(json!({ "status": "Active", "quantity": 4 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        (r.json["status"].clone(), r.json["quantity"].clone()),
        (json!("Active"), json!(4))
    );
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            "\"3\"",
            Some(json!({ "status": "Cancelled" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            "\"4\"",
            Some(json!({ "status": "Active" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.field(), Some("status"));
    // A cancelled subscription's licences can't change; both fail together.
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            "\"4\"",
            Some(json!({ "quantity": 9 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = t
        .write(
            "PATCH",
            &uri,
            Role::SalesAgent,
            "\"4\"",
            Some(json!({ "status": "Gone" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = t
        .write("PATCH", &uri, Role::SalesAgent, "\"4\"", Some(json!({})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ghost = "/api/subscriptions/00000000-0000-4000-8000-000000000001";
    let r = t
        .write(
            "PATCH",
            ghost,
            Role::SalesAgent,
            "\"1\"",
            Some(json!({ "quantity": 2 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        t.get(ghost, Role::SalesAgent).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.get("/api/subscriptions/zzz", Role::SalesAgent)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let log = t
        .get("/api/activity?action=status-changed", Role::AdminAgent)
        .await;
    assert_eq!(log.json["total"], 3);
}
