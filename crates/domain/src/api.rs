//! The REST API's JSON bodies (`crates/server/openapi.json`), shared by the reference server
//! and the web app's HTTP store, so both ends read and write the same shapes.
//!
//! Records travel as the domain's own types with their `version` beside their fields
//! ([`Versioned`]); the version is also the `ETag` of a single record.
//!
//! ```
//! use clientele_domain::api::Versioned;
//! use clientele_domain::model::{Customer, CustomerId};
//! let c = Versioned {
//!     record: Customer::new(CustomerId::from_u128(1), "Contoso", "contoso.com", "2026-11-21T00:00:00Z"),
//!     version: 3,
//! };
//! let json = serde_json::to_value(&c).unwrap();
//! assert_eq!(json["company_name"], "Contoso");
//! assert_eq!(json["version"], 3);
//! assert_eq!(serde_json::from_value::<Versioned<Customer>>(json).unwrap(), c);
//! ```

use serde::{Deserialize, Serialize};

use crate::activity::Entry;
use crate::model::{Customer, CustomerId, Subscription, SubscriptionStatus};
use crate::roles::Permission;
use crate::settings::{PartnerProfile, ResellerDraft, Role};

/// The API's version, in `GET /api/health`: a client made for another one should say the
/// server is incompatible rather than misread it.
pub const API_VERSION: u32 = 1;

/// A record with its version: the record's fields and `"version": n` side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    #[serde(flatten)]
    pub record: T,
    pub version: i64,
}

/// One page of a list, and how many items match in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    /// From 1.
    pub page: i64,
    pub limit: i64,
}

/// `POST /api/customers`: a customer as the wizard builds it, with its subscriptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub customer: Customer,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
}

/// The answer to `POST /api/customers`: the records as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    pub customer: Versioned<Customer>,
    pub subscriptions: Vec<Versioned<Subscription>>,
}

/// `POST /api/customers/import`: a bulk load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub customers: usize,
    pub subscriptions: usize,
}

/// `PATCH /api/customers/{id}`: only the name can change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    pub company_name: String,
}

/// A customer whose relationship was removed (`GET /api/customers/removed`, and the answer
/// to `POST /api/customers/{id}/remove`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub customer: Versioned<Customer>,
    pub removed_at_ms: i64,
    pub removed_by: String,
}

/// `PATCH /api/subscriptions/{id}`: the status is set first, then the quantity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SubscriptionStatus>,
}

/// `POST /api/activity`: an action that changes no record. `action` is an
/// [`Action::key`](crate::activity::Action::key), e.g. "invitation-drafted".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    #[serde(default)]
    pub details: String,
}

/// A page of the activity log.
pub type EntryPage = Page<Entry>;

/// `PUT /api/settings`: the Settings form; the current user is the caller, not sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub partner: PartnerProfile,
    #[serde(default)]
    pub resellers: Vec<ResellerDraft>,
}

/// `POST /api/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub name: String,
    pub role: Role,
}

/// A user; `token` only in the answer to a create, the one time it is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `GET /api/me`: who the token belongs to and what their role allows, so the UI can hide
/// or disable the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub role: Role,
    pub permissions: Vec<Permission>,
}

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// "ok", or "unavailable" when the database does not answer (503).
    pub status: String,
    pub server: String,
    pub version: String,
    pub api_version: u32,
    /// "sqlite" or "postgres".
    pub database: String,
}

/// Every error: a message for people, and the field at fault when there is one (a dotted
/// name such as "company_name" or "resellers.2.id"); a form may get `errors` for every field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldErrorBody>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorBody {
    pub field: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn versioned_records_round_trip_with_their_version_beside_their_fields() {
        let s = sample::generate(3, 5);
        for c in &s.customers {
            let v = Versioned {
                record: c.clone(),
                version: 7,
            };
            let text = serde_json::to_string(&v).unwrap();
            assert_eq!(
                serde_json::from_str::<Versioned<Customer>>(&text).unwrap(),
                v
            );
        }
        let created = Created {
            customer: Versioned {
                record: s.customers[0].clone(),
                version: 1,
            },
            subscriptions: s
                .subscriptions
                .iter()
                .map(|sub| Versioned {
                    record: sub.clone(),
                    version: 2,
                })
                .collect(),
        };
        let text = serde_json::to_string(&created).unwrap();
        assert_eq!(serde_json::from_str::<Created>(&text).unwrap(), created);
    }

    #[test]
    fn bodies_refuse_fields_they_do_not_have() {
        assert!(serde_json::from_str::<Rename>(r#"{"company_name":"A","x":1}"#).is_err());
        assert!(serde_json::from_str::<SubscriptionUpdate>(r#"{"quantity":-1}"#).is_err());
        let empty: SubscriptionUpdate = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, SubscriptionUpdate::default());
    }

    #[test]
    fn errors_leave_out_what_they_do_not_have() {
        let e = ErrorBody {
            message: "No.".into(),
            ..ErrorBody::default()
        };
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"message":"No."}"#);
    }
}
