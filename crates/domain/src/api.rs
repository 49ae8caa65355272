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
use crate::model::{Customer, CustomerId, ImportId, Reseller, Subscription, SubscriptionStatus};
use crate::roles::Permission;
use crate::settings::{PartnerProfile, ResellerDraft, Role};

/// The API's version, in `GET /api/health`: a client made for another one should say the
/// server is incompatible rather than misread it. Version 2: the change feed carries
/// `deleted` items (an undone import), which a version 1 client cannot read.
pub const API_VERSION: u32 = 2;

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
    /// From 1; 0 when the page was asked for by cursor (`after`).
    pub page: i64,
    pub limit: i64,
    /// The customer list only: the cursor of the page after this one (pass it as `after`),
    /// absent on the last page. Keyset paging: each page costs the same wherever it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
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

/// `POST /api/customers/tags`: a tag added to or removed from these customers, all or none,
/// in one request (`{"ids": […], "add": "EMEA"}` or `{"ids": […], "remove": "EMEA"}`).
/// Sent again, it changes nothing more: a customer that has the tag (or lacks it) is left
/// as it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagBatch {
    pub ids: Vec<CustomerId>,
    #[serde(flatten)]
    pub edit: crate::tags::TagEdit,
}

/// `POST /api/customers/remove`: these customers' relationships removed, all or none. A
/// customer already removed is left as it is, so the batch can be sent again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveBatch {
    pub ids: Vec<CustomerId>,
}

/// The most customers one batch may name; a larger selection is sent in several.
pub const MAX_BATCH: usize = 10_000;

/// `POST /api/imports/{id}/batches`: one batch of a customer file's import, all or nothing.
/// The batches of one import are sent under its ID and logged once, when it is closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportBatch {
    pub file_name: String,
    #[serde(default)]
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub updates: Vec<ImportUpdate>,
}

/// A customer the file updates: as previewed, with the version it was read at (the
/// `If-Match` of this one record), and as the file leaves it. A customer changed since is
/// refused (412), never overwritten.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportUpdate {
    pub before: Customer,
    pub after: Customer,
    pub version: i64,
}

/// The most customers (new and updated) one import batch may hold.
pub const MAX_IMPORT_BATCH: usize = 1_000;

/// The most rows a file's import may say it left out (skipped, or in error).
pub const MAX_IMPORT_ROWS: usize = 100_000_000;

/// `POST /api/imports/{id}/close`: the rows the file had that the import left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportClose {
    pub skipped: usize,
    pub errors: usize,
}

/// An import as the server keeps it: what its batches wrote, and whether it was closed
/// (logged) or undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: ImportId,
    pub file_name: String,
    pub added: usize,
    pub updated: usize,
    pub skipped: usize,
    pub errors: usize,
    pub closed: bool,
    pub undone: bool,
}

/// The answer to `POST /api/imports/{id}/undo`: the customers taken out (deleted, as if
/// never imported) and those put back as they were.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportUndone {
    pub deleted: Vec<CustomerId>,
    pub restored: Vec<Versioned<Customer>>,
}

/// A customer deleted for good (an import undone): a replica drops it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub id: CustomerId,
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::whole::option_u32"
    )]
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

/// The team's settings as the change feed carries them: what `PUT /api/settings` saves (the
/// current user and the export preferences are not the team's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSettings {
    pub partner: PartnerProfile,
    pub resellers: Vec<Reseller>,
}

/// `GET /api/changes?since=<revision>`: what changed after a revision, in revision order.
///
/// Every record written takes the next value of one server-wide sequence, its `revision`;
/// a replica keeps the highest it has applied and asks for what is above it. A record
/// changed twice is sent once, as it is now. Read `next` as the new `since`; while `more`,
/// ask again at once.
///
/// ```
/// use clientele_domain::api::{Changes, FeedChange, FeedItem, TeamSettings, Versioned};
/// let page = Changes {
///     database_id: "6f1c1f0e-8d9a-4b43-9a53-6a0d1e7d2c11".into(),
///     floor: 0,
///     revision: 9,
///     next: 9,
///     more: false,
///     resync: None,
///     changes: vec![FeedItem {
///         revision: 9,
///         change: FeedChange::Settings(Versioned { record: TeamSettings::default(), version: 2 }),
///     }],
/// };
/// let json = serde_json::to_value(&page).unwrap();
/// assert_eq!(json["changes"][0]["kind"], "settings");
/// assert_eq!(json["changes"][0]["record"]["version"], 2);
/// assert!(json.get("resync").is_none());
/// assert_eq!(serde_json::from_value::<Changes>(json).unwrap(), page);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// This database's ID, made when it was created: a replica made from another database
    /// (another server, or this one reset) must read the book again in full.
    pub database_id: String,
    /// The retention floor: a replica whose revision is above 0 but below it must read the
    /// book again in full (records were purged after it read them; no tombstone is left).
    pub floor: i64,
    /// The server's latest revision when this page was read.
    pub revision: i64,
    /// The `since` for the next request; the replica's revision once these are applied.
    pub next: i64,
    /// More changes wait after `next`: ask again at once.
    pub more: bool,
    /// Set instead of changes when the replica must start over: clear it, then read from
    /// `since=0` (which is always valid: it returns every record there is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resync: Option<Resync>,
    pub changes: Vec<FeedItem>,
}

/// Why a replica must read the book again in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resync {
    /// The `database` asked about is not this server's database.
    OtherDatabase,
    /// `since` is below the retention floor.
    BelowFloor,
    /// `since` is above the server's revision: the replica is from another database (or a
    /// restored backup of this one).
    Ahead,
}

/// One record as it is now, with the revision it was last written at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    pub revision: i64,
    #[serde(flatten)]
    pub change: FeedChange,
}

/// What a feed item carries: `"kind"` and the `"record"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum FeedChange {
    /// An active customer, new, changed or reinstated.
    Customer(Versioned<Customer>),
    /// The tombstone of a customer that left the list: its relationship was removed. The
    /// record is kept (the Removed page lists it, and it can be reinstated).
    Removed(Removed),
    /// A subscription, new or changed (a removed customer's too).
    Subscription(Versioned<Subscription>),
    Settings(Versioned<TeamSettings>),
    /// A new entry of the activity log (entries never change), so a replica shows the log
    /// offline too.
    Entry(Entry),
    /// A customer deleted for good: an import undone takes out the customers it added, as
    /// if never imported (their IDs may be imported again). Unlike [`FeedChange::Removed`],
    /// nothing is kept to reinstate.
    Deleted(Deleted),
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
    fn feed_items_carry_their_kind_and_revision_beside_the_record() {
        let s = sample::generate(3, 1);
        let item = FeedItem {
            revision: 12,
            change: FeedChange::Removed(Removed {
                customer: Versioned {
                    record: s.customers[0].clone(),
                    version: 4,
                },
                removed_at_ms: 5,
                removed_by: "Ana".into(),
            }),
        };
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["kind"], "removed");
        assert_eq!(json["revision"], 12);
        assert_eq!(json["record"]["customer"]["version"], 4);
        assert_eq!(serde_json::from_value::<FeedItem>(json).unwrap(), item);
        let resync = serde_json::to_value(Resync::BelowFloor).unwrap();
        assert_eq!(resync, "below_floor");
    }

    #[test]
    fn a_tag_batch_names_its_edit_beside_the_ids() {
        let batch = TagBatch {
            ids: vec![CustomerId::from_u128(1)],
            edit: crate::tags::TagEdit::Add("EMEA".into()),
        };
        let json = serde_json::to_value(&batch).unwrap();
        assert_eq!(json["add"], "EMEA");
        assert_eq!(serde_json::from_value::<TagBatch>(json).unwrap(), batch);
        let remove: TagBatch = serde_json::from_str(
            r#"{"ids":["00000000-0000-0000-0000-000000000001"],"remove":"x"}"#,
        )
        .unwrap();
        assert_eq!(remove.edit, crate::tags::TagEdit::Remove("x".into()));
        assert!(serde_json::from_str::<TagBatch>(r#"{"ids":[],"rename":"x"}"#).is_err());
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
