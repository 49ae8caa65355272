//! Records to rows and back. Enums are stored as their serde names ("Active", "Reseller"),
//! the same words the JSON API uses; nested value objects as JSON text.

use clientele_domain::activity::{Action, Entry};
use clientele_domain::model::{Customer, CustomerId, ResellerId, Subscription, SubscriptionId};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A record read from the database with its version (the ETag).
pub use clientele_domain::api::Versioned;

/// A customer row: the record, its version, and when (if) its relationship was removed.
#[derive(Clone, Debug)]
pub struct CustomerRow {
    pub customer: Customer,
    pub version: i64,
    pub removed: Option<(i64, String)>,
}

pub const CUSTOMER_COLUMNS: &str = "id, company_name, primary_domain, relationship, \
    reseller_id, billing_address, primary_contact, details, created_at, removed_at_ms, \
    removed_by, version, tags";

pub const SUBSCRIPTION_COLUMNS: &str =
    "id, customer_id, offer_name, quantity, status, reseller_id, version";

pub const ACTIVITY_COLUMNS: &str = "at_ms, customer_id, customer_name, action, subject, \
    before_text, after_text, performed_by";

/// A stored value the code can't read: only a hand-edited or corrupt database has one.
fn corrupt(what: &str, e: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {what} is not readable: {e}").into())
}

/// The serde name of a unit enum variant, e.g. "Active".
pub fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

pub fn enum_from<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|e| corrupt(what, e))
}

pub fn json_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub fn json_from<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

fn customer_id(text: &str) -> Result<CustomerId, sqlx::Error> {
    CustomerId::parse(text).map_err(|e| corrupt("customer ID", e))
}

fn reseller_id(text: Option<String>) -> Result<Option<ResellerId>, sqlx::Error> {
    text.map(|t| ResellerId::parse(&t).map_err(|e| corrupt("reseller ID", e)))
        .transpose()
}

pub fn customer_row(row: &AnyRow) -> Result<CustomerRow, sqlx::Error> {
    let customer = Customer {
        id: customer_id(&row.try_get::<String, _>("id")?)?,
        company_name: row.try_get("company_name")?,
        primary_domain: row.try_get("primary_domain")?,
        relationship: enum_from(&row.try_get::<String, _>("relationship")?, "relationship")?,
        reseller_id: reseller_id(row.try_get("reseller_id")?)?,
        billing_address: json_from(&row.try_get::<String, _>("billing_address")?, "address")?,
        primary_contact: json_from(&row.try_get::<String, _>("primary_contact")?, "contact")?,
        details: json_from(&row.try_get::<String, _>("details")?, "details")?,
        created_at: row.try_get("created_at")?,
        tags: json_from(&row.try_get::<String, _>("tags")?, "tags")?,
    };
    let removed_at: Option<i64> = row.try_get("removed_at_ms")?;
    let removed_by: Option<String> = row.try_get("removed_by")?;
    Ok(CustomerRow {
        customer,
        version: row.try_get("version")?,
        removed: removed_at.map(|at| (at, removed_by.unwrap_or_default())),
    })
}

pub fn subscription_row(row: &AnyRow) -> Result<Versioned<Subscription>, sqlx::Error> {
    let quantity: i64 = row.try_get("quantity")?;
    Ok(Versioned {
        record: Subscription {
            id: SubscriptionId::parse(&row.try_get::<String, _>("id")?)
                .map_err(|e| corrupt("subscription ID", e))?,
            customer_id: customer_id(&row.try_get::<String, _>("customer_id")?)?,
            offer_name: row.try_get("offer_name")?,
            quantity: u32::try_from(quantity).map_err(|e| corrupt("quantity", e))?,
            status: enum_from(&row.try_get::<String, _>("status")?, "status")?,
            reseller_id: reseller_id(row.try_get("reseller_id")?)?,
        },
        version: row.try_get("version")?,
    })
}

pub fn entry_row(row: &AnyRow) -> Result<Entry, sqlx::Error> {
    let action: String = row.try_get("action")?;
    Ok(Entry {
        at_ms: row.try_get("at_ms")?,
        customer_id: row
            .try_get::<Option<String>, _>("customer_id")?
            .map(|t| customer_id(&t))
            .transpose()?,
        customer_name: row.try_get("customer_name")?,
        action: Action::from_key(&action).ok_or_else(|| corrupt("action", &action))?,
        subject: row.try_get("subject")?,
        before: row.try_get("before_text")?,
        after: row.try_get("after_text")?,
        by: row.try_get("performed_by")?,
    })
}

/// `$from, $from+1, …` for an IN list of `n` values.
pub fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
