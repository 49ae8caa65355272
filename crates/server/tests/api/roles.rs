//! Every role × every action: allowed (the action succeeds) or 403, as the domain's role
//! matrix says. Each role gets a fresh database so every allowed action can succeed.

use axum::http::StatusCode;
use clientele_domain::book::Change;
use clientele_domain::roles::{allows, Permission};
use clientele_domain::settings::Role;
use serde_json::{json, Value};

use crate::common::{setup, TestApp};

/// One action: what it needs, and how to make the request as `role`.
struct Action {
    name: &'static str,
    needs: Permission,
    success: StatusCode,
}

const ACTIONS: &[Action] = &[
    Action {
        name: "list customers",
        needs: Permission::ViewCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "get a customer",
        needs: Permission::ViewCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "list removed customers",
        needs: Permission::ViewCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "list a customer's subscriptions",
        needs: Permission::ViewCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "get a subscription",
        needs: Permission::ViewCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "get settings",
        needs: Permission::ViewCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "add a customer",
        needs: Permission::AddCustomers,
        success: StatusCode::CREATED,
    },
    Action {
        name: "import customers",
        needs: Permission::ImportCustomers,
        success: StatusCode::CREATED,
    },
    Action {
        name: "send an import's batch",
        needs: Permission::ImportCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "close an import",
        needs: Permission::ImportCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "undo an import",
        needs: Permission::ImportCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "rename a customer",
        needs: Permission::EditCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "tag customers",
        needs: Permission::EditCustomers,
        success: StatusCode::OK,
    },
    Action {
        name: "remove relationships in bulk",
        needs: Permission::RemoveRelationships,
        success: StatusCode::OK,
    },
    Action {
        name: "change licences",
        needs: Permission::ManageSubscriptions,
        success: StatusCode::OK,
    },
    Action {
        name: "suspend a subscription",
        needs: Permission::ManageSubscriptions,
        success: StatusCode::OK,
    },
    Action {
        name: "remove a relationship",
        needs: Permission::RemoveRelationships,
        success: StatusCode::OK,
    },
    Action {
        name: "reinstate a relationship",
        needs: Permission::RemoveRelationships,
        success: StatusCode::OK,
    },
    Action {
        name: "record an invitation",
        needs: Permission::SendInvitations,
        success: StatusCode::CREATED,
    },
    Action {
        name: "record an export",
        needs: Permission::ExportData,
        success: StatusCode::CREATED,
    },
    Action {
        name: "read the activity log",
        needs: Permission::ViewActivityLog,
        success: StatusCode::OK,
    },
    Action {
        name: "save settings",
        needs: Permission::ManageSettings,
        success: StatusCode::OK,
    },
    Action {
        name: "list users",
        needs: Permission::ManageUsers,
        success: StatusCode::OK,
    },
    Action {
        name: "remove a user",
        needs: Permission::ManageUsers,
        success: StatusCode::NO_CONTENT,
    },
    Action {
        name: "create a user",
        needs: Permission::ManageUsers,
        success: StatusCode::CREATED,
    },
];

/// Makes the request for action `name`, set up so that it succeeds when allowed.
async fn perform(t: &TestApp, name: &str, role: Role) -> (StatusCode, Value) {
    let c = t.customer(1).id.clone();
    let (_, sub) = t.blocked();
    let r = match name {
        "list customers" => t.get("/api/customers", role).await,
        "get a customer" => t.get(&format!("/api/customers/{c}"), role).await,
        "list removed customers" => t.get("/api/customers/removed", role).await,
        "list a customer's subscriptions" => {
            t.get(&format!("/api/customers/{c}/subscriptions"), role)
                .await
        }
        "get a subscription" => t.get(&format!("/api/subscriptions/{}", sub.id), role).await,
        "get settings" => t.get("/api/settings", role).await,
        "add a customer" => {
            let body = t.new_customer(7000, "role-matrix.fr");
            t.call("POST", "/api/customers", Some(role), &[], Some(body))
                .await
        }
        "import customers" => {
            let more = clientele_domain::sample::generate(77, 2);
            let body = json!({ "customers": more.customers, "subscriptions": more.subscriptions });
            t.call("POST", "/api/customers/import", Some(role), &[], Some(body))
                .await
        }
        "send an import's batch" => {
            let update = crate::imports::update_of(t, 3, "Renamed By File").await;
            let customers = crate::imports::fresh(4100, 2);
            let body = json!({ "file_name": "Customers.csv", "customers": customers, "updates": [update] });
            crate::imports::send_batch(t, crate::imports::IMPORT, role, Some("matrix"), body).await
        }
        "close an import" | "undo an import" => {
            // An import of the global admin's, for this role to close or undo.
            let id = if name == "close an import" {
                "5a0c7e3e-8f4e-4d41-9a52-0d6a1c2b3e01"
            } else {
                "5a0c7e3e-8f4e-4d41-9a52-0d6a1c2b3e02"
            };
            let seed = if name == "close an import" {
                4200
            } else {
                4300
            };
            let body = json!({ "file_name": "Customers.csv", "customers": crate::imports::fresh(seed, 1) });
            let r = crate::imports::send_batch(t, id, Role::GlobalAdmin, None, body).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.json);
            let (uri, body) = if name == "close an import" {
                (
                    format!("/api/imports/{id}/close"),
                    Some(json!({ "skipped": 0, "errors": 0 })),
                )
            } else {
                (format!("/api/imports/{id}/undo"), None)
            };
            t.call("POST", &uri, Some(role), &[], body).await
        }
        "rename a customer" => {
            let uri = format!("/api/customers/{c}");
            let etag = t.etag_of(&uri).await;
            t.write(
                "PATCH",
                &uri,
                role,
                &etag,
                Some(json!({ "company_name": "Renamed Ltd" })),
            )
            .await
        }
        "tag customers" => {
            let ids = [t.customer(1).id.to_string(), t.customer(2).id.to_string()];
            let body = json!({ "ids": ids, "add": "EMEA" });
            t.call("POST", "/api/customers/tags", Some(role), &[], Some(body))
                .await
        }
        "remove relationships in bulk" => {
            // Customers of their own, with no subscriptions, so any role's turn can remove them.
            let mut fresh = clientele_domain::sample::generate(4000, 2).customers;
            for c in &mut fresh {
                c.primary_domain = format!("bulk-{}.example", c.id);
            }
            let ids: Vec<String> = fresh.iter().map(|c| c.id.to_string()).collect();
            t.seed(Change::ImportCustomers {
                customers: fresh,
                subscriptions: vec![],
            })
            .await;
            let body = json!({ "ids": ids });
            t.call("POST", "/api/customers/remove", Some(role), &[], Some(body))
                .await
        }
        "change licences" | "suspend a subscription" => {
            let uri = format!("/api/subscriptions/{}", sub.id);
            let etag = t.etag_of(&uri).await;
            let body = if name == "change licences" {
                json!({ "quantity": if sub.quantity == 2 { 3 } else { 2 } })
            } else {
                json!({ "status": "Suspended" })
            };
            t.write("PATCH", &uri, role, &etag, Some(body)).await
        }
        "remove a relationship" => {
            let id = t.removable().await;
            let etag = t.etag_of(&format!("/api/customers/{id}")).await;
            t.write(
                "POST",
                &format!("/api/customers/{id}/remove"),
                role,
                &etag,
                None,
            )
            .await
        }
        "reinstate a relationship" => {
            // A customer removed beforehand by the set-up, other than the one above.
            let id = t
                .sample
                .customers
                .iter()
                .rev()
                .find(|c| {
                    t.sample.subscriptions.iter().all(|s| {
                        s.customer_id != c.id
                            || s.status != clientele_domain::model::SubscriptionStatus::Active
                    })
                })
                .map(|c| c.id.clone())
                .unwrap_or_else(|| t.customer(SAMPLE_LAST).id.clone());
            let removed = t.get("/api/customers/removed", Role::GlobalAdmin).await;
            let listed = removed
                .json
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["customer"]["id"] == id.to_string());
            if !listed {
                for s in t
                    .sample
                    .subscriptions
                    .iter()
                    .filter(|s| s.customer_id == id)
                {
                    if s.status == clientele_domain::model::SubscriptionStatus::Active {
                        t.seed(Change::SetStatus {
                            id: s.id.clone(),
                            status: clientele_domain::model::SubscriptionStatus::Suspended,
                        })
                        .await;
                    }
                }
                t.seed(Change::RemoveRelationship { id: id.clone() }).await;
            }
            let removed = t.get("/api/customers/removed", Role::GlobalAdmin).await;
            let version = removed
                .json
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["customer"]["id"] == id.to_string())
                .map(|r| r["customer"]["version"].clone())
                .unwrap();
            let etag = format!("\"{version}\"");
            t.write(
                "POST",
                &format!("/api/customers/{id}/reinstate"),
                role,
                &etag,
                None,
            )
            .await
        }
        "record an invitation" => {
            let body = json!({ "action": "invitation-drafted", "customer_id": c.to_string() });
            t.call("POST", "/api/activity", Some(role), &[], Some(body))
                .await
        }
        "record an export" => {
            let body = json!({ "action": "subscriptions-exported", "details": "12 subscriptions" });
            t.call("POST", "/api/activity", Some(role), &[], Some(body))
                .await
        }
        "read the activity log" => t.get("/api/activity", role).await,
        "save settings" => {
            let current = t.get("/api/settings", Role::GlobalAdmin).await;
            t.write(
                "PUT",
                "/api/settings",
                role,
                &current.etag(),
                Some(current.json.clone()),
            )
            .await
        }
        "list users" => t.get("/api/users", role).await,
        "remove a user" => {
            let mut conn = t.db.pool.acquire().await.unwrap();
            let (target, _) = clientele_server::store::users::add(
                &mut conn,
                "Removal target",
                Role::HelpdeskAgent,
            )
            .await
            .unwrap();
            drop(conn);
            let uri = format!("/api/users/{}", target.id);
            t.call("DELETE", &uri, Some(role), &[], None).await
        }
        "create a user" => {
            let body = json!({ "name": "Matrix user", "role": "HelpdeskAgent" });
            t.call("POST", "/api/users", Some(role), &[], Some(body))
                .await
        }
        other => panic!("no action {other}"),
    };
    (r.status, r.json)
}

const SAMPLE_LAST: usize = crate::common::SAMPLE - 1;

#[tokio::test]
async fn every_role_can_do_exactly_what_the_matrix_allows() {
    let mut checked = 0;
    for role in Role::ALL {
        let t = setup().await;
        for action in ACTIONS {
            let (status, json) = perform(&t, action.name, role).await;
            if allows(role, action.needs) {
                assert_eq!(
                    status, action.success,
                    "{role:?} may {}: {json}",
                    action.name
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role:?} may not {}: {json}",
                    action.name
                );
                let message = json["message"].as_str().unwrap_or_default();
                assert!(message.contains(&role.label().to_lowercase()), "{message}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, Role::ALL.len() * ACTIONS.len());
    // Every permission is exercised by some action.
    for p in Permission::ALL {
        assert!(ACTIONS.iter().any(|a| a.needs == p), "{p:?} has no action");
    }
}
