use axum::http::StatusCode;
use clientele_domain::settings::Role;
use serde_json::json;

use crate::common::{setup, str_of, user_name};

#[tokio::test]
async fn settings_show_the_caller_as_the_current_user() {
    let t = setup().await;
    for role in Role::ALL {
        let r = t.get("/api/settings", role).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(str_of(&r.json["user"], "display_name"), user_name(role));
        assert_eq!(r.json["user"]["role"], serde_json::to_value(role).unwrap());
        assert_eq!(
            str_of(&r.json["partner"], "display_name"),
            t.sample.settings.partner.display_name
        );
        assert_eq!(r.etag(), "\"2\"", "saved once by the set-up");
    }
}

#[tokio::test]
async fn saving_settings_validates_every_field_and_needs_the_version() {
    let t = setup().await;
    let current = t.get("/api/settings", Role::GlobalAdmin).await;
    let mut form = current.json.clone();
    form["partner"]["display_name"] = json!("  Fabrikam Europe  ");
    form["resellers"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "not-a-guid", "name": "" }));
    let r = t
        .write(
            "PUT",
            "/api/settings",
            Role::GlobalAdmin,
            &current.etag(),
            Some(form.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let n = t.sample.settings.resellers.len();
    let fields: Vec<&str> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| str_of(e, "field"))
        .collect();
    assert_eq!(
        fields,
        [format!("resellers.{n}.name"), format!("resellers.{n}.id")]
    );
    form["resellers"].as_array_mut().unwrap().pop();
    let r = t
        .call(
            "PUT",
            "/api/settings",
            Some(Role::GlobalAdmin),
            &[],
            Some(form.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = t
        .write(
            "PUT",
            "/api/settings",
            Role::GlobalAdmin,
            "\"1\"",
            Some(form.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = t
        .write(
            "PUT",
            "/api/settings",
            Role::GlobalAdmin,
            &current.etag(),
            Some(form),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        str_of(&r.json["partner"], "display_name"),
        "Fabrikam Europe"
    );
    assert_eq!(r.etag(), "\"3\"");
}

#[tokio::test]
async fn users_are_created_with_a_token_that_works_once_shown() {
    let t = setup().await;
    let r = t
        .call(
            "POST",
            "/api/users",
            Some(Role::UserManagementAdmin),
            &[],
            Some(json!({ "name": "Noor", "role": "SalesAgent" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let token = str_of(&r.json, "token").to_string();
    assert!(token.starts_with("clt_") && token.len() == 68);
    let me = t
        .call(
            "GET",
            "/api/me",
            None,
            &[("authorization", &format!("Bearer {token}"))],
            None,
        )
        .await;
    assert_eq!(str_of(&me.json, "name"), "Noor");
    assert_eq!(me.json["role"], "SalesAgent");
    let list = t.get("/api/users", Role::UserManagementAdmin).await;
    let listed = list.json.as_array().unwrap();
    assert_eq!(listed.len(), 6);
    assert!(
        listed.iter().all(|u| u.get("token").is_none()),
        "tokens are never listed"
    );
    let r = t
        .call(
            "POST",
            "/api/users",
            Some(Role::UserManagementAdmin),
            &[],
            Some(json!({ "name": "Noor", "role": "SalesAgent" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = t
        .call(
            "POST",
            "/api/users",
            Some(Role::UserManagementAdmin),
            &[],
            Some(json!({ "name": "Eve", "role": "GlobalAdmin" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t
        .call(
            "POST",
            "/api/users",
            Some(Role::GlobalAdmin),
            &[],
            Some(json!({ "name": " ", "role": "GlobalAdmin" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("name"));
}

#[tokio::test]
async fn tokens_are_stored_only_as_hashes() {
    let t = setup().await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM users")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    for token in t.tokens.values() {
        assert!(!stored.contains(token));
        assert!(stored.contains(&clientele_server::store::users::hash_token(token)));
    }
}

#[tokio::test]
async fn a_removed_user_s_token_stops_working() {
    let t = setup().await;
    let r = t
        .call(
            "POST",
            "/api/users",
            Some(Role::GlobalAdmin),
            &[],
            Some(json!({ "name": "Leaver", "role": "AdminAgent" })),
        )
        .await;
    let id = r.json["id"].as_i64().unwrap();
    let token = format!("Bearer {}", str_of(&r.json, "token"));
    let auth = [("authorization", token.as_str())];
    let as_leaver = || t.call("GET", "/api/me", None, &auth, None);
    assert_eq!(as_leaver().await.status, StatusCode::OK);
    let uri = format!("/api/users/{id}");
    let r = t
        .call("DELETE", &uri, Some(Role::UserManagementAdmin), &[], None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(as_leaver().await.status, StatusCode::UNAUTHORIZED);
    let r = t
        .call("DELETE", &uri, Some(Role::UserManagementAdmin), &[], None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let users = t.get("/api/users", Role::GlobalAdmin).await;
    let id_of = |role: Role| {
        users
            .json
            .as_array()
            .unwrap()
            .iter()
            .find(|u| str_of(u, "name") == user_name(role))
            .and_then(|u| u["id"].as_i64())
            .unwrap()
    };
    let admin = format!("/api/users/{}", id_of(Role::GlobalAdmin));
    let r = t
        .call("DELETE", &admin, Some(Role::UserManagementAdmin), &[], None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t
        .call("DELETE", &admin, Some(Role::GlobalAdmin), &[], None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "nobody removes themselves");
    let r = t
        .call("DELETE", "/api/users/x", Some(Role::GlobalAdmin), &[], None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
