use axum::http::StatusCode;
use clientele_domain::list::sort_for_display;
use clientele_domain::search::SearchIndex;
use clientele_domain::settings::Role;
use serde_json::{json, Value};

use crate::common::{items, setup, str_of, SAMPLE};

fn ids(json: &Value) -> Vec<String> {
    items(json)
        .iter()
        .map(|c| str_of(c, "id").to_string())
        .collect()
}

#[tokio::test]
async fn the_list_is_in_the_web_app_s_order_and_pages() {
    let t = setup().await;
    let r = t.get("/api/customers?limit=500", Role::SalesAgent).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["total"], SAMPLE);
    let mut want = t.sample.customers.clone();
    sort_for_display(&mut want);
    let want: Vec<String> = want.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids(&r.json), want);
    // Every item carries its version.
    assert!(items(&r.json).iter().all(|c| c["version"] == 1));
    let page2 = t
        .get("/api/customers?page=2&limit=7", Role::SalesAgent)
        .await;
    assert_eq!(ids(&page2.json), want[7..14]);
    assert_eq!(
        (page2.json["page"].clone(), page2.json["limit"].clone()),
        (json!(2), json!(7))
    );
    let reversed = t
        .get("/api/customers?sort=-name&limit=500", Role::SalesAgent)
        .await;
    let mut back = ids(&reversed.json);
    back.reverse();
    assert_eq!(back, want);
    let by_created = t
        .get("/api/customers?sort=created&limit=500", Role::SalesAgent)
        .await;
    let created: Vec<&str> = items(&by_created.json)
        .iter()
        .map(|c| str_of(c, "created_at"))
        .collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]));
}

#[tokio::test]
async fn search_finds_what_the_browser_finds() {
    let t = setup().await;
    let mut customers = t.sample.customers.clone();
    sort_for_display(&mut customers);
    let index = SearchIndex::new(&customers);
    let name = &customers[3].company_name;
    let word: String = name.split_whitespace().next().unwrap().to_string();
    let domain = customers[5].primary_domain.to_uppercase();
    let id_part = customers[8].id.as_str()[..8].to_string();
    for q in [
        word.as_str(),
        domain.as_str(),
        id_part.as_str(),
        "gmbh",
        "%",
        "a_b",
        "ü",
    ] {
        let want: Vec<String> = index
            .search(q)
            .into_iter()
            .map(|i| customers[i as usize].id.to_string())
            .collect();
        let uri = format!("/api/customers?limit=500&q={}", encode(q));
        let r = t.get(&uri, Role::HelpdeskAgent).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(ids(&r.json), want, "{q:?}");
        assert_eq!(r.json["total"], want.len(), "{q:?}");
    }
}

/// Percent-encodes a query parameter value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_reseller_filter_matches_the_web_app_s() {
    let t = setup().await;
    let direct = t
        .get("/api/customers?reseller=direct&limit=500", Role::SalesAgent)
        .await;
    let want_direct = t
        .sample
        .customers
        .iter()
        .filter(|c| c.reseller_id.is_none())
        .count();
    assert_eq!(direct.json["total"], want_direct);
    assert!(items(&direct.json)
        .iter()
        .all(|c| c["reseller_id"].is_null()));
    let reseller = t.reseller(0);
    let uri = format!("/api/customers?reseller={reseller}&limit=500");
    let theirs = t.get(&uri, Role::SalesAgent).await;
    let want = t
        .sample
        .customers
        .iter()
        .filter(|c| c.reseller_id.as_ref() == Some(&reseller))
        .count();
    assert_eq!(theirs.json["total"], want);
    // As in the web app, a filter that isn't one means all.
    let all = t
        .get("/api/customers?reseller=nonsense", Role::SalesAgent)
        .await;
    assert_eq!(all.json["total"], SAMPLE);
}

#[tokio::test]
async fn bad_list_parameters_are_400_with_the_field() {
    let t = setup().await;
    for (uri, field) in [
        ("/api/customers?limit=0", "limit"),
        ("/api/customers?limit=5001", "limit"),
        ("/api/customers?limit=ten", "limit"),
        ("/api/customers?page=0", "page"),
        ("/api/customers?sort=size", "sort"),
    ] {
        let r = t.get(uri, Role::GlobalAdmin).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(r.field(), Some(field), "{uri}");
    }
}

#[tokio::test]
async fn a_customer_has_an_etag_and_unknown_ones_are_404() {
    let t = setup().await;
    let c = t.customer(2);
    let r = t
        .get(&format!("/api/customers/{}", c.id), Role::HelpdeskAgent)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.etag(), "\"1\"");
    assert_eq!(str_of(&r.json, "company_name"), c.company_name);
    assert_eq!(r.json["version"], 1);
    let ghost = "00000000-0000-4000-8000-000000000001";
    let r = t
        .get(&format!("/api/customers/{ghost}"), Role::GlobalAdmin)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = t.get("/api/customers/not-a-guid", Role::GlobalAdmin).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.field(), Some("id"));
}

#[tokio::test]
async fn create_checks_with_the_wizard_s_rules_and_logs_who_did_it() {
    let t = setup().await;
    let body = t.new_customer(9001, "nouvelle-societe.fr");
    let r = create(&t, Role::SalesAgent, &[], body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let id = str_of(&r.json["customer"], "id").to_string();
    assert_eq!(r.headers["location"], format!("/api/customers/{id}"));
    assert_eq!(r.etag(), "\"1\"");
    // Tidied as the wizard tidies, stamped with the server's clock.
    assert_eq!(
        str_of(&r.json["customer"], "company_name"),
        "Nouvelle Société 9001 SA"
    );
    assert_ne!(
        str_of(&r.json["customer"], "created_at"),
        "2000-01-01T00:00:00Z"
    );
    let subs = r.json["subscriptions"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    assert!(subs
        .iter()
        .all(|s| s["status"] == "Active" && s["version"] == 1));
    let got = t
        .get(&format!("/api/customers/{id}"), Role::SalesAgent)
        .await;
    assert_eq!(got.status, StatusCode::OK);
    let log = t
        .get(&format!("/api/activity?customer={id}"), Role::AdminAgent)
        .await;
    let actions: Vec<&str> = items(&log.json)
        .iter()
        .map(|e| str_of(e, "action"))
        .collect();
    assert_eq!(
        actions,
        ["CustomerAdded", "SubscriptionBought", "SubscriptionBought"]
    );
    assert!(items(&log.json)
        .iter()
        .all(|e| str_of(e, "by") == crate::common::user_name(Role::SalesAgent)));
}

#[tokio::test]
async fn create_refuses_what_the_wizard_refuses() {
    let t = setup().await;
    let post = |body: Value| {
        t.call(
            "POST",
            "/api/customers",
            Some(Role::GlobalAdmin),
            &[],
            Some(body),
        )
    };
    let mut bad_name = t.new_customer(9002, "bad-name.fr");
    bad_name["customer"]["company_name"] = json!("Inc.");
    let r = post(bad_name).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("company_name"));
    let mut no_agreement = t.new_customer(9003, "no-agreement.fr");
    no_agreement["customer"]["details"]["agreement"] = json!("NotRecorded");
    let r = post(no_agreement).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("agreement.first_name"));
    assert!(r.json["errors"].as_array().unwrap().len() >= 4);
    let taken = t.customer(0).primary_domain.to_uppercase();
    let r = post(t.new_customer(9004, &taken)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("domain"));
    let mut too_many = t.new_customer(9005, "too-many.fr");
    too_many["subscriptions"][0]["quantity"] = json!(1_000_000);
    let r = post(too_many).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("lines.CFQ7TTC0LCHC"));
    let mut duplicate = t.new_customer(9006, "duplicate.fr");
    duplicate["customer"]["id"] = json!(t.customer(1).id.to_string());
    for s in duplicate["subscriptions"].as_array_mut().unwrap() {
        s["customer_id"] = json!(t.customer(1).id.to_string());
    }
    assert_eq!(post(duplicate).await.status, StatusCode::CONFLICT);
    let r = t
        .call("POST", "/api/customers", Some(Role::GlobalAdmin), &[], None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = post(json!({ "customer": { "id": "x" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let total = t.get("/api/customers", Role::GlobalAdmin).await.json["total"].clone();
    assert_eq!(total, SAMPLE, "nothing was created");
}

#[tokio::test]
async fn a_retried_create_with_its_idempotency_key_makes_one_customer() {
    let t = setup().await;
    let body = t.new_customer(9100, "retry.fr");
    let key = [("idempotency-key", "create-9100-attempt")];
    let first = create(&t, Role::SalesAgent, &key, body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = create(&t, Role::SalesAgent, &key, body.clone()).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json, first.json);
    assert_eq!(again.etag(), first.etag());
    assert_eq!(again.headers["location"], first.headers["location"]);
    let total = t.get("/api/customers", Role::SalesAgent).await.json["total"].clone();
    assert_eq!(total, SAMPLE + 1);
    let added = t
        .get("/api/activity?action=customer-added", Role::GlobalAdmin)
        .await;
    assert_eq!(added.json["total"], 1);
    // The same key for another request is refused; without a key, the duplicate is a 409.
    let other = t.new_customer(9101, "other.fr");
    let r = create(&t, Role::SalesAgent, &key, other).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("idempotency-key"));
    let r = create(&t, Role::SalesAgent, &[], body).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let bad = [("idempotency-key", "has space")];
    let r = create(&t, Role::SalesAgent, &bad, t.new_customer(9102, "x9102.fr")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_same_create_sent_twice_at_once_makes_one_customer() {
    let t = setup().await;
    let body = t.new_customer(9200, "at-once.fr");
    let key = [("idempotency-key", "at-once")];
    let send = || {
        t.call(
            "POST",
            "/api/customers",
            Some(Role::SalesAgent),
            &key,
            Some(body.clone()),
        )
    };
    let (a, b) = tokio::join!(send(), send());
    assert_eq!(
        (a.status, b.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(a.json, b.json);
    let total = t.get("/api/customers", Role::SalesAgent).await.json["total"].clone();
    assert_eq!(total, SAMPLE + 1);
}

#[tokio::test]
async fn two_customers_with_one_domain_at_once_make_one() {
    let t = setup().await;
    let a = t.new_customer(9300, "same-domain.fr");
    let b = t.new_customer(9301, "same-domain.fr");
    let post = |body: Value| {
        t.call(
            "POST",
            "/api/customers",
            Some(Role::SalesAgent),
            &[],
            Some(body),
        )
    };
    let (a, b) = tokio::join!(post(a), post(b));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY]
    );
    let refused = if a.status == StatusCode::CREATED {
        b
    } else {
        a
    };
    assert_eq!(refused.field(), Some("domain"));
}

#[tokio::test]
async fn rename_needs_the_current_version() {
    let t = setup().await;
    let c = t.customer(4).clone();
    let uri = format!("/api/customers/{}", c.id);
    let name = json!({ "company_name": "  Tailspin   Toys Ltd " });
    let r = t
        .call(
            "PATCH",
            &uri,
            Some(Role::AdminAgent),
            &[],
            Some(name.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = t
        .write("PATCH", &uri, Role::AdminAgent, "\"7\"", Some(name.clone()))
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(r.etag(), "\"1\"");
    let r = t
        .write("PATCH", &uri, Role::AdminAgent, "\"1\"", Some(name.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(str_of(&r.json, "company_name"), "Tailspin Toys Ltd");
    assert_eq!(r.etag(), "\"2\"");
    let log = t
        .get(
            "/api/activity?action=company-name-updated",
            Role::AdminAgent,
        )
        .await;
    let e = &items(&log.json)[0];
    assert_eq!(str_of(e, "before"), c.company_name);
    assert_eq!(str_of(e, "after"), "Tailspin Toys Ltd");
    // The name rules, an unknown field, an unknown customer.
    let ghost = "/api/customers/00000000-0000-4000-8000-000000000001";
    for (uri, etag, body, status, field) in [
        (
            uri.as_str(),
            "\"2\"",
            json!({ "company_name": "GmbH" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("company_name"),
        ),
        (
            uri.as_str(),
            "\"2\"",
            json!({ "primary_domain": "x.com" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        ),
        (ghost, "\"1\"", name, StatusCode::NOT_FOUND, None),
    ] {
        let r = t
            .write("PATCH", uri, Role::AdminAgent, etag, Some(body.clone()))
            .await;
        assert_eq!(r.status, status, "{uri} {body}");
        if field.is_some() {
            assert_eq!(r.field(), field);
        }
    }
}

#[tokio::test]
async fn two_users_editing_at_once_can_t_lose_an_update() {
    let t = setup().await;
    let uri = format!("/api/customers/{}", t.customer(6).id);
    let etag = t.etag_of(&uri).await;
    let a = t.write(
        "PATCH",
        &uri,
        Role::AdminAgent,
        &etag,
        Some(json!({ "company_name": "Alpha Works Ltd" })),
    );
    let b = t.write(
        "PATCH",
        &uri,
        Role::SalesAgent,
        &etag,
        Some(json!({ "company_name": "Beta Works Ltd" })),
    );
    let (a, b) = tokio::join!(a, b);
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let winner = if a.status == StatusCode::OK { a } else { b };
    let now = t.get(&uri, Role::AdminAgent).await;
    assert_eq!(now.json["company_name"], winner.json["company_name"]);
    assert_eq!(now.etag(), "\"2\"");
}

#[tokio::test]
async fn remove_and_reinstate_a_relationship() {
    let t = setup().await;
    let (blocked, _) = t.blocked();
    let uri = format!("/api/customers/{blocked}/remove");
    let etag = t.etag_of(&format!("/api/customers/{blocked}")).await;
    let r = t.write("POST", &uri, Role::SalesAgent, &etag, None).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(str_of(&r.json, "message").contains("active subscription"));

    let id = t.removable().await;
    let etag = t.etag_of(&format!("/api/customers/{id}")).await;
    let remove = format!("/api/customers/{id}/remove");
    assert_eq!(
        t.call("POST", &remove, Some(Role::SalesAgent), &[], None)
            .await
            .status,
        StatusCode::PRECONDITION_REQUIRED
    );
    let r = t
        .write("POST", &remove, Role::SalesAgent, &etag, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        str_of(&r.json, "removed_by"),
        crate::common::user_name(Role::SalesAgent)
    );
    let removed_etag = r.etag();
    assert_eq!(
        t.get(&format!("/api/customers/{id}"), Role::SalesAgent)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let list = t.get("/api/customers/removed", Role::HelpdeskAgent).await;
    let listed: Vec<&str> = list
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| str_of(&r["customer"], "id"))
        .collect();
    assert_eq!(listed, [id.as_str()]);
    assert_eq!(
        t.get("/api/customers", Role::SalesAgent).await.json["total"],
        SAMPLE - 1
    );
    // Its subscriptions can still be read.
    let subs = t
        .get(
            &format!("/api/customers/{id}/subscriptions"),
            Role::SalesAgent,
        )
        .await;
    assert_eq!(subs.status, StatusCode::OK);

    let reinstate = format!("/api/customers/{id}/reinstate");
    let r = t
        .write("POST", &reinstate, Role::SalesAgent, &etag, None)
        .await;
    assert_eq!(
        r.status,
        StatusCode::PRECONDITION_FAILED,
        "the version read before removal is stale"
    );
    let r = t
        .write("POST", &reinstate, Role::SalesAgent, &removed_etag, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let again = t
        .write("POST", &reinstate, Role::SalesAgent, &r.etag(), None)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let ghost = "/api/customers/00000000-0000-4000-8000-000000000001/reinstate";
    assert_eq!(
        t.write("POST", ghost, Role::SalesAgent, "\"1\"", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let log = t
        .get(&format!("/api/activity?customer={id}"), Role::AdminAgent)
        .await;
    let actions: Vec<&str> = items(&log.json)
        .iter()
        .map(|e| str_of(e, "action"))
        .collect();
    assert_eq!(
        &actions[..2],
        ["RelationshipReinstated", "RelationshipRemoved"]
    );
}

/// A create, as the wizard sends it.
async fn create(
    t: &crate::common::TestApp,
    role: Role,
    headers: &[(&str, &str)],
    body: Value,
) -> crate::common::Reply {
    t.call("POST", "/api/customers", Some(role), headers, Some(body))
        .await
}

/// A bulk load by the global admin.
async fn import(t: &crate::common::TestApp, body: Value) -> crate::common::Reply {
    t.call(
        "POST",
        "/api/customers/import",
        Some(Role::GlobalAdmin),
        &[],
        Some(body),
    )
    .await
}

#[tokio::test]
async fn import_adds_the_lot_with_one_entry() {
    let t = setup().await;
    let more = clientele_domain::sample::generate(99, 5);
    let body = json!({ "customers": more.customers, "subscriptions": more.subscriptions });
    let r = import(&t, body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["customers"], 5);
    assert_eq!(
        t.get("/api/customers", Role::GlobalAdmin).await.json["total"],
        SAMPLE + 5
    );
    let log = t
        .get("/api/activity?action=customers-imported", Role::GlobalAdmin)
        .await;
    assert_eq!(log.json["total"], 2, "the seed's import and this one");
    let r = import(&t, body).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let stray = clientele_domain::sample::generate(98, 2);
    let body = json!({ "customers": [], "subscriptions": stray.subscriptions });
    let r = import(&t, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field(), Some("subscriptions"));
    // One subscription given twice (its ID in another case): refused, nothing written.
    let mut twice = clientele_domain::sample::generate(96, 1);
    let mut again = twice.subscriptions[0].clone();
    again.quantity += 1;
    let mut body = json!({ "customers": twice.customers, "subscriptions": [twice.subscriptions.remove(0), again] });
    body["subscriptions"][1]["id"] = json!(str_of(&body["subscriptions"][0], "id").to_uppercase());
    let r = import(&t, body).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json);
    assert_eq!(
        t.get("/api/customers", Role::GlobalAdmin).await.json["total"],
        SAMPLE + 5
    );
    // Names are taken as given, as the browser's book takes them: the sample data has one
    // that starts with "=" on purpose.
    let mut odd = clientele_domain::sample::generate(97, 1);
    odd.customers[0].company_name = "=HYPERLINK(\"x\")".into();
    let body = json!({ "customers": odd.customers, "subscriptions": odd.subscriptions });
    let r = import(&t, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
}

/// Every page of a list by cursor (`after`), `limit` at a time.
async fn by_cursor(t: &crate::common::TestApp, query: &str, limit: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let cursor = after.map(|a| format!("&after={a}")).unwrap_or_default();
        let uri = format!("/api/customers?{query}&limit={limit}{cursor}");
        let r = t.get(&uri, Role::SalesAgent).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
        assert!(items(&r.json).len() <= limit);
        all.extend(ids(&r.json));
        match r.json.get("next").and_then(Value::as_str) {
            Some(next) => after = Some(next.to_string()),
            None => return all,
        }
    }
}

#[tokio::test]
async fn cursor_pages_read_the_same_list_as_one_page() {
    let t = setup().await;
    let reseller = t.reseller(0);
    for query in [
        "sort=name".to_string(),
        "sort=-name".into(),
        "sort=created".into(),
        "sort=-created".into(),
        "sort=name&q=a".into(),
        format!("sort=name&reseller={reseller}"),
    ] {
        let whole = t
            .get(
                &format!("/api/customers?{query}&limit=500"),
                Role::SalesAgent,
            )
            .await;
        assert!(whole.json.get("next").is_none(), "{query}");
        for limit in [1, 4, 7] {
            assert_eq!(
                by_cursor(&t, &query, limit).await,
                ids(&whole.json),
                "{query}"
            );
        }
    }
    // A page asked for by number gives the cursor of the page after it too.
    let r = t
        .get("/api/customers?page=2&limit=7", Role::SalesAgent)
        .await;
    let next = str_of(&r.json, "next");
    let r2 = t
        .get(
            &format!("/api/customers?limit=7&after={next}"),
            Role::SalesAgent,
        )
        .await;
    let page3 = t
        .get("/api/customers?page=3&limit=7", Role::SalesAgent)
        .await;
    assert_eq!(ids(&r2.json), ids(&page3.json));
    assert_eq!(
        (r2.json["page"].clone(), r2.json["total"].clone()),
        (json!(0), json!(SAMPLE))
    );
    // A cursor from another sort, not a cursor, or with a page number: 400.
    let name_cursor = next.to_string();
    for uri in [
        format!("/api/customers?sort=-name&after={name_cursor}"),
        "/api/customers?after=zz".into(),
        "/api/customers?after=5b5d".into(),
        format!("/api/customers?page=2&after={name_cursor}"),
    ] {
        let r = t.get(&uri, Role::SalesAgent).await;
        assert_eq!(
            (r.status, r.field()),
            (StatusCode::BAD_REQUEST, Some("after")),
            "{uri}"
        );
    }
}
