//! Saved views through the API: each user's own, whatever the role; the domain's rules with
//! the field at fault; a name saved again in another case replaces its view in place; a
//! removed user's views go with them.

use axum::http::StatusCode;
use clientele_domain::settings::Role;
use serde_json::json;

use crate::common::{setup, str_of, Reply, TestApp};

async fn put(t: &TestApp, role: Role, name: &str, params: &str) -> Reply {
    let body = json!({ "name": name, "params": params });
    t.call("PUT", "/api/views", Some(role), &[], Some(body))
        .await
}

async fn names(t: &TestApp, role: Role) -> Vec<String> {
    let r = t.get("/api/views", role).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    r.json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| str_of(v, "name").to_string())
        .collect()
}

async fn delete(t: &TestApp, role: Role, name: &str) -> Reply {
    let uri = format!("/api/views/{}", name.replace(' ', "%20"));
    t.call("DELETE", &uri, Some(role), &[], None).await
}

#[tokio::test]
async fn each_user_keeps_their_own_views_in_the_order_first_saved() {
    let t = setup().await;
    assert!(names(&t, Role::HelpdeskAgent).await.is_empty());
    let r = put(
        &t,
        Role::HelpdeskAgent,
        "  EMEA renewals ",
        "?tag=EMEA&sort=-created",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        r.json,
        json!([{ "name": "EMEA renewals", "params": "tag=EMEA&sort=-created" }])
    );
    put(&t, Role::HelpdeskAgent, "Key accounts", "tag=Key").await;
    // Another user, even an admin, sees none of them and keeps their own.
    assert!(names(&t, Role::GlobalAdmin).await.is_empty());
    put(&t, Role::GlobalAdmin, "Mine", "q=contoso").await;
    assert_eq!(names(&t, Role::GlobalAdmin).await, ["Mine"]);
    assert_eq!(
        delete(&t, Role::GlobalAdmin, "EMEA renewals").await.status,
        StatusCode::NOT_FOUND
    );

    // Saved again in another case: replaced in its place, and the same request twice
    // changes nothing more.
    for _ in 0..2 {
        let r = put(&t, Role::HelpdeskAgent, "emea RENEWALS", "tag=EMEA").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    }
    let r = t.get("/api/views", Role::HelpdeskAgent).await;
    assert_eq!(
        r.json,
        json!([
            { "name": "emea RENEWALS", "params": "tag=EMEA" },
            { "name": "Key accounts", "params": "tag=Key" },
        ])
    );

    let r = delete(&t, Role::HelpdeskAgent, "EMEA Renewals").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(names(&t, Role::HelpdeskAgent).await, ["Key accounts"]);
    assert_eq!(
        delete(&t, Role::HelpdeskAgent, "EMEA Renewals")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_domain_s_rules_apply_with_the_field_at_fault() {
    let t = setup().await;
    for (name, params, field) in [
        ("   ", "", "name"),
        (&*"x".repeat(61), "", "name"),
        ("a\u{7}b", "", "name"),
        ("ok", "q=a\nb", "params"),
        ("ok", &*"q".repeat(2_001), "params"),
    ] {
        let r = put(&t, Role::SalesAgent, name, params).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?} {}",
            r.json
        );
        assert_eq!(r.field(), Some(field), "{name:?}");
    }
    let r = t
        .call(
            "PUT",
            "/api/views",
            Some(Role::SalesAgent),
            &[],
            Some(json!({ "name": 3 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    for i in 0..100 {
        let r = put(&t, Role::SalesAgent, &format!("v{i}"), "").await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = put(&t, Role::SalesAgent, "one more", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(str_of(&r.json, "message").contains("100"));
    assert!(names(&t, Role::SalesAgent).await.len() == 100);
    let unauthenticated = t.call("GET", "/api/views", None, &[], None).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_removed_user_s_views_go_with_them() {
    let t = setup().await;
    let (id, token) = t.new_user("Leaver", "SalesAgent").await;
    let auth = [("authorization", token.as_str())];
    let body = json!({ "name": "Mine", "params": "" });
    let r = t.call("PUT", "/api/views", None, &auth, Some(body)).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = t
        .call(
            "DELETE",
            &format!("/api/users/{id}"),
            Some(Role::GlobalAdmin),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saved_views")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}
