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
    // Without If-Match, with a stale one, with the current one.
    let mut r = None;
    for (if_match, status) in [
        (None, StatusCode::PRECONDITION_REQUIRED),
        (Some("\"1\"".to_string()), StatusCode::PRECONDITION_FAILED),
        (Some(current.etag()), StatusCode::OK),
    ] {
        let headers: Vec<(&str, &str)> =
            if_match.iter().map(|e| ("if-match", e.as_str())).collect();
        let reply = t
            .call(
                "PUT",
                "/api/settings",
                Some(Role::GlobalAdmin),
                &headers,
                Some(form.clone()),
            )
            .await;
        assert_eq!(reply.status, status, "{if_match:?}: {}", reply.json);
        r = Some(reply);
    }
    let r = r.unwrap();
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
    // Refused: a name taken, a role above the caller's, a blank name.
    for (role, body, status, field) in [
        (
            Role::UserManagementAdmin,
            json!({ "name": "Noor", "role": "SalesAgent" }),
            StatusCode::CONFLICT,
            None,
        ),
        (
            Role::UserManagementAdmin,
            json!({ "name": "Eve", "role": "GlobalAdmin" }),
            StatusCode::FORBIDDEN,
            None,
        ),
        (
            Role::GlobalAdmin,
            json!({ "name": " ", "role": "GlobalAdmin" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("name"),
        ),
    ] {
        let r = t
            .call("POST", "/api/users", Some(role), &[], Some(body.clone()))
            .await;
        assert_eq!(r.status, status, "{body}");
        if field.is_some() {
            assert_eq!(r.field(), field);
        }
    }
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
    let (id, token) = t.new_user("Leaver", "AdminAgent").await;
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
    for (uri, role, status, why) in [
        (
            &admin,
            Role::UserManagementAdmin,
            StatusCode::FORBIDDEN,
            "only a global admin removes one",
        ),
        (
            &admin,
            Role::GlobalAdmin,
            StatusCode::CONFLICT,
            "nobody removes themselves",
        ),
        (
            &"/api/users/x".to_string(),
            Role::GlobalAdmin,
            StatusCode::BAD_REQUEST,
            "not an ID",
        ),
    ] {
        let r = t.call("DELETE", uri, Some(role), &[], None).await;
        assert_eq!(r.status, status, "{why}");
    }
}
