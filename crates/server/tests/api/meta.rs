use axum::http::StatusCode;
use clientele_domain::roles::{allows, Permission};
use clientele_domain::settings::Role;
use serde_json::Value;

use crate::common::{setup, str_of, user_name};

#[tokio::test]
async fn health_needs_no_token_and_names_the_api_version() {
    let t = setup().await;
    let r = t.call("GET", "/api/health", None, &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["api_version"], 2);
    assert_eq!(str_of(&r.json, "status"), "ok");
    let backend = if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(str_of(&r.json, "database"), backend);
}

#[tokio::test]
async fn the_openapi_document_is_served_and_covers_every_route() {
    let t = setup().await;
    let r = t.call("GET", "/openapi.json", None, &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(str_of(&r.json, "openapi").starts_with("3."));
    let paths = r.json["paths"].as_object().expect("paths");
    let documented =
        |path: &str, method: &str| paths.get(path).and_then(|p| p.get(method)).is_some();
    for (path, methods) in [
        ("/api/health", &["get"][..]),
        ("/api/me", &["get"]),
        ("/api/customers", &["get", "post"]),
        ("/api/customers/import", &["post"]),
        ("/api/customers/tags", &["post"]),
        ("/api/customers/remove", &["post"]),
        ("/api/customers/removed", &["get"]),
        ("/api/customers/{id}", &["get", "patch"]),
        ("/api/customers/{id}/remove", &["post"]),
        ("/api/customers/{id}/reinstate", &["post"]),
        ("/api/customers/{id}/subscriptions", &["get"]),
        ("/api/subscriptions/{id}", &["get", "patch"]),
        ("/api/activity", &["get", "post"]),
        ("/api/settings", &["get", "put"]),
        ("/api/users", &["get", "post"]),
        ("/api/users/{id}", &["delete"]),
        ("/api/views", &["get", "put"]),
        ("/api/views/{name}", &["delete"]),
    ] {
        for m in methods {
            assert!(documented(path, m), "{m} {path} is not in openapi.json");
        }
    }
}

#[tokio::test]
async fn requests_without_a_valid_token_are_401() {
    let t = setup().await;
    for auth in [
        None,
        Some("Basic abc"),
        Some("Bearer "),
        Some("Bearer clt_nope"),
    ] {
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", *a)).collect();
        let r = t.call("GET", "/api/customers", None, &headers, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(!str_of(&r.json, "message").is_empty());
        assert!(r.headers.contains_key("www-authenticate"));
    }
}

#[tokio::test]
async fn unknown_endpoints_and_methods_answer_in_json() {
    let t = setup().await;
    let r = t.get("/api/nothing", Role::GlobalAdmin).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!str_of(&r.json, "message").is_empty());
    let r = t
        .call(
            "DELETE",
            "/api/customers",
            Some(Role::GlobalAdmin),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(!str_of(&r.json, "message").is_empty());
}

#[tokio::test]
async fn me_lists_the_role_s_permissions() {
    let t = setup().await;
    for role in Role::ALL {
        let r = t.get("/api/me", role).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(str_of(&r.json, "name"), user_name(role));
        let listed: Vec<Value> = r.json["permissions"].as_array().unwrap().clone();
        let want: Vec<Value> = Permission::ALL
            .into_iter()
            .filter(|&p| allows(role, p))
            .map(|p| serde_json::to_value(p).unwrap())
            .collect();
        assert_eq!(listed, want, "{role:?}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_in_json() {
    let mut t = setup().await;
    let mut state = clientele_server::AppState::new(t.db.clone());
    state.body_limit = 1024;
    t.app = clientele_server::app(state);
    let big = serde_json::json!({ "company_name": "x".repeat(4096) });
    let id = t.customer(0).id.to_string();
    let r = t
        .write(
            "PATCH",
            &format!("/api/customers/{id}"),
            Role::GlobalAdmin,
            "\"1\"",
            Some(big),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!str_of(&r.json, "message").is_empty());
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let mut t = setup().await;
    let mut state = clientele_server::AppState::new(t.db.clone());
    state.origins = vec!["http://app.example".parse().unwrap()];
    t.app = clientele_server::app(state);
    let preflight = |origin: &'static str| {
        axum::http::Request::builder()
            .method("OPTIONS")
            .uri("/api/customers")
            .header("origin", origin)
            .header("access-control-request-method", "PATCH")
            .header("access-control-request-headers", "authorization, if-match")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let ok = t.send(preflight("http://app.example")).await;
    assert_eq!(
        ok.headers.get("access-control-allow-origin").unwrap(),
        "http://app.example"
    );
    let other = t.send(preflight("http://evil.example")).await;
    assert!(other.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_restarted_or_second_server_finds_the_schema_and_the_data() {
    let mut t = setup().await;
    let again = clientele_server::Db::connect(&t.url)
        .await
        .expect("migrations run again");
    t.app = clientele_server::app(clientele_server::AppState::new(again));
    let r = t.get("/api/customers", Role::GlobalAdmin).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["total"], crate::common::SAMPLE);
}

#[tokio::test]
async fn health_is_503_when_the_database_is_gone() {
    let mut t = setup().await;
    let db = t.db.clone();
    db.pool.close().await;
    t.app = clientele_server::app(clientele_server::AppState::new(db));
    let r = t.call("GET", "/api/health", None, &[], None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(str_of(&r.json, "status"), "unavailable");
    // Any other request is a JSON 5xx, not a dropped connection.
    let r = t.get("/api/customers", Role::GlobalAdmin).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!str_of(&r.json, "message").is_empty());
}

/// The web app's HTTP store will read answers with the domain's `api` types: every kind of
/// answer reads as its type.
#[tokio::test]
async fn answers_read_as_the_shared_api_types() {
    use clientele_domain::api::*;
    use clientele_domain::model::{Customer, Subscription};
    use serde::de::DeserializeOwned;
    fn read<T: DeserializeOwned>(json: &Value) -> T {
        serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}: {json}"))
    }
    let t = setup().await;
    let g = Role::GlobalAdmin;
    let _: Health = read(&t.call("GET", "/api/health", None, &[], None).await.json);
    let _: Me = read(&t.get("/api/me", g).await.json);
    let page: Page<Versioned<Customer>> = read(&t.get("/api/customers", g).await.json);
    assert_eq!(page.items[0].version, 1);
    let c = &page.items[0].record;
    let _: Versioned<Customer> = read(&t.get(&format!("/api/customers/{}", c.id), g).await.json);
    let subs: Vec<Versioned<Subscription>> = read(
        &t.get(&format!("/api/customers/{}/subscriptions", c.id), g)
            .await
            .json,
    );
    if let Some(s) = subs.first() {
        let _: Versioned<Subscription> = read(
            &t.get(&format!("/api/subscriptions/{}", s.record.id), g)
                .await
                .json,
        );
    }
    let body =
        serde_json::to_value(read::<NewCustomer>(&t.new_customer(8000, "typed.fr"))).unwrap();
    let created: Created = read(
        &t.call("POST", "/api/customers", Some(g), &[], Some(body))
            .await
            .json,
    );
    assert_eq!(created.subscriptions.len(), 2);
    let _: Vec<Removed> = read(&t.get("/api/customers/removed", g).await.json);
    let _: EntryPage = read(&t.get("/api/activity", g).await.json);
    let _: clientele_domain::settings::Settings = read(&t.get("/api/settings", g).await.json);
    let _: Vec<User> = read(&t.get("/api/users", g).await.json);
    let error: ErrorBody = read(&t.get("/api/customers/nope", g).await.json);
    assert_eq!(error.field.as_deref(), Some("id"));
}

#[tokio::test]
async fn an_older_server_refuses_a_newer_schema() {
    let t = setup().await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    sqlx::query("INSERT INTO schema_migrations (version, applied_at_ms) VALUES (99, 0)")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let refused = clientele_server::Db::connect(&t.url).await;
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("newer"), "{message}");
}

/// No input makes the server fail: garbage bodies, paths and parameters are all answered
/// with a 4xx and a JSON message.
#[tokio::test]
async fn bad_input_is_refused_in_json_and_never_fails_the_server() {
    let t = setup().await;
    let c = t.customer(0).id.to_string();
    let (_, s) = t.blocked();
    let writes = [
        ("POST", "/api/customers".to_string()),
        ("POST", "/api/customers/import".to_string()),
        ("PATCH", format!("/api/customers/{c}")),
        ("POST", format!("/api/customers/{c}/remove")),
        ("POST", format!("/api/customers/{c}/reinstate")),
        ("PATCH", format!("/api/subscriptions/{}", s.id)),
        ("POST", "/api/activity".to_string()),
        ("PUT", "/api/settings".to_string()),
        ("POST", "/api/users".to_string()),
    ];
    let bodies: [&[u8]; 10] = [
        b"",
        b"null",
        b"[]",
        b"{}",
        b"\"x\"",
        b"{\"a\":",
        b"\xff\xfe\x00garbage",
        b"{\"quantity\": 1e400, \"company_name\": 7}",
        b"{\"customer\": {\"id\": \"00000000-0000-4000-8000-00000000000g\"}}",
        b"{\"partner\": null, \"resellers\": [{}]}",
    ];
    for (method, uri) in &writes {
        for body in bodies {
            for if_match in ["\"1\"", "garbage", "W/\"1\", *"] {
                let request = axum::http::Request::builder()
                    .method(*method)
                    .uri(uri.as_str())
                    .header(
                        "authorization",
                        format!("Bearer {}", t.tokens[&Role::GlobalAdmin]),
                    )
                    .header("content-type", "application/json")
                    .header("if-match", if_match)
                    .body(axum::body::Body::from(body.to_vec()))
                    .unwrap();
                let r = t.send(request).await;
                assert!(
                    r.status.is_client_error() || r.status.is_success(),
                    "{method} {uri} {body:?}: {} {}",
                    r.status,
                    r.json
                );
                if r.status.is_client_error() {
                    assert!(!str_of(&r.json, "message").is_empty(), "{method} {uri}");
                }
            }
        }
    }
    for uri in [
        "/api/customers?page=-1",
        "/api/customers?limit=99999999999999999999",
        "/api/customers?q=%FF%FE",
        "/api/customers/%00",
        "/api/subscriptions/..%2F..",
        "/api/activity?from=1e3",
        "/api/activity?to=-",
        "/api/users/99999999999999999999",
    ] {
        let method = if uri.starts_with("/api/users/") {
            "DELETE"
        } else {
            "GET"
        };
        let r = t
            .call(method, uri, Some(Role::GlobalAdmin), &[], None)
            .await;
        // Undecodable search text is read leniently (it finds nothing); the rest is refused.
        assert!(
            r.status.is_client_error() || uri.contains("q="),
            "{uri}: {} {}",
            r.status,
            r.json
        );
        assert!(!r.status.is_server_error(), "{uri}");
        if r.status.is_client_error() {
            assert!(!str_of(&r.json, "message").is_empty(), "{uri}");
        }
    }
}

#[tokio::test]
async fn json_is_gzipped_for_a_client_that_accepts_it() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let t = setup().await;
    let token = format!("Bearer {}", t.tokens[&Role::SalesAgent]);
    let mut sizes = Vec::new();
    for accept in ["gzip, deflate, br", "identity"] {
        let request = axum::http::Request::get("/api/customers?limit=500")
            .header("authorization", &token)
            .header("accept-encoding", accept)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = t.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let encoding = response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            encoding.as_deref(),
            (accept != "identity").then_some("gzip")
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        sizes.push(body.len());
    }
    assert!(sizes[0] * 3 < sizes[1], "{sizes:?}");
}
