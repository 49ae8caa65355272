use axum::http::StatusCode;
use clientele_domain::settings::Role;
use serde_json::json;

use crate::common::{items, setup, str_of, user_name};

#[tokio::test]
async fn the_log_filters_by_date_customer_and_action_newest_first() {
    let t = setup().await;
    let c = t.customer(3).id.to_string();
    let invite = json!({ "action": "invitation-drafted", "customer_id": c, "details": "DAP: on" });
    for _ in 0..3 {
        let r = t
            .call(
                "POST",
                "/api/activity",
                Some(Role::SalesAgent),
                &[],
                Some(invite.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
        assert_eq!(str_of(&r.json, "by"), user_name(Role::SalesAgent));
        assert_eq!(str_of(&r.json, "customer_name"), t.customer(3).company_name);
    }
    let all = t.get("/api/activity", Role::AdminAgent).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        all.json["total"], 4,
        "the seed's import and three invitations"
    );
    let times: Vec<i64> = items(&all.json)
        .iter()
        .map(|e| e["at_ms"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let theirs = t
        .get(&format!("/api/activity?customer={c}"), Role::AdminAgent)
        .await;
    assert_eq!(theirs.json["total"], 3);
    let imports = t
        .get("/api/activity?action=customers-imported", Role::AdminAgent)
        .await;
    assert_eq!(imports.json["total"], 1);
    // The seed import is stamped 1_700_000_000_000; the invitations now.
    let old = t
        .get("/api/activity?to=1700000000001", Role::AdminAgent)
        .await;
    assert_eq!(old.json["total"], 1);
    let new = t
        .get("/api/activity?from=1700000000001", Role::AdminAgent)
        .await;
    assert_eq!(new.json["total"], 3);
    let page = t
        .get("/api/activity?limit=2&page=2", Role::AdminAgent)
        .await;
    assert_eq!(items(&page.json).len(), 2);
    for (uri, field) in [
        ("/api/activity?action=nope", "action"),
        ("/api/activity?customer=nope", "customer"),
        ("/api/activity?from=yesterday", "from"),
        ("/api/activity?limit=1001", "limit"),
    ] {
        let r = t.get(uri, Role::AdminAgent).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(r.field(), Some(field), "{uri}");
    }
}

#[tokio::test]
async fn only_actions_that_change_no_record_can_be_recorded() {
    let t = setup().await;
    let post = |body| {
        t.call(
            "POST",
            "/api/activity",
            Some(Role::GlobalAdmin),
            &[],
            Some(body),
        )
    };
    let r = post(json!({ "action": "customers-exported", "details": "30 customers" })).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(str_of(&r.json, "after"), "30 customers");
    let r = post(json!({ "action": "customer-added" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("action"));
    let r = post(json!({ "action": "made-up" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The author and time are the server's: a client can't send them.
    let r = post(json!({ "action": "customers-exported", "by": "Someone else" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ghost = "00000000-0000-4000-8000-000000000001";
    let r = post(json!({ "action": "invitation-drafted", "customer_id": ghost })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
