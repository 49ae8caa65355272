use axum::http::StatusCode;
use clientele_domain::catalogue::offer_named;
use clientele_domain::settings::Role;
use serde_json::{json, Value};

use crate::common::{items, setup, str_of, Reply, TestApp};

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// Sends each PATCH to `uri` in turn, with its If-Match (none if `None`), and checks the
/// status, and the field at fault when one is given; returns the replies.
async fn patches(
    t: &TestApp,
    uri: &str,
    role: Role,
    steps: &[(Option<&str>, Value, StatusCode, Option<&str>)],
) -> Vec<Reply> {
    let mut replies = Vec::new();
    for (if_match, body, status, field) in steps {
        let headers: Vec<(&str, &str)> = if_match.iter().map(|e| ("if-match", *e)).collect();
        let r = t
            .call("PATCH", uri, Some(role), &headers, Some(body.clone()))
            .await;
        assert_eq!(r.status, *status, "{body}: {}", r.json);
        if field.is_some() {
            assert_eq!(r.field(), *field, "{body}");
        }
        replies.push(r);
    }
    replies
}

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
    let new = if s.quantity == 2 { 3 } else { 2 };
    let replies = patches(
        &t,
        &uri,
        Role::HelpdeskAgent,
        &[
            // Outside the offer's bounds, not a count.
            (
                Some("\"1\""),
                json!({ "quantity": 0 }),
                UNPROCESSABLE,
                Some("quantity"),
            ),
            (
                Some("\"1\""),
                json!({ "quantity": max + 1 }),
                UNPROCESSABLE,
                Some("quantity"),
            ),
            (
                Some("\"1\""),
                json!({ "quantity": -3 }),
                UNPROCESSABLE,
                None,
            ),
            (
                Some("\"1\""),
                json!({ "quantity": new }),
                StatusCode::OK,
                None,
            ),
            // Stale, and without If-Match.
            (
                Some("\"1\""),
                json!({ "quantity": 5 }),
                StatusCode::PRECONDITION_FAILED,
                None,
            ),
            (
                None,
                json!({ "quantity": 5 }),
                StatusCode::PRECONDITION_REQUIRED,
                None,
            ),
        ],
    )
    .await;
    assert_eq!(replies[3].json["quantity"], new);
    assert_eq!(replies[3].etag(), "\"2\"");
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
    let replies = patches(
        &t,
        &uri,
        Role::SalesAgent,
        &[
            (
                Some("\"1\""),
                json!({ "status": "Suspended" }),
                StatusCode::OK,
                None,
            ),
            // Reactivated and resized at once.
            (
                Some("\"2\""),
                json!({ "status": "Active", "quantity": 4 }),
                StatusCode::OK,
                None,
            ),
            (
                Some("\"3\""),
                json!({ "status": "Cancelled" }),
                StatusCode::OK,
                None,
            ),
            (
                Some("\"4\""),
                json!({ "status": "Active" }),
                StatusCode::CONFLICT,
                Some("status"),
            ),
            // A cancelled subscription's licences can't change; both fail together.
            (Some("\"4\""), json!({ "quantity": 9 }), UNPROCESSABLE, None),
            (
                Some("\"4\""),
                json!({ "status": "Gone" }),
                UNPROCESSABLE,
                None,
            ),
            (Some("\"4\""), json!({}), UNPROCESSABLE, None),
        ],
    )
    .await;
    assert_eq!(
        (
            replies[1].json["status"].clone(),
            replies[1].json["quantity"].clone()
        ),
        (json!("Active"), json!(4))
    );
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
