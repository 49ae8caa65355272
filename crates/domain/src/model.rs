//! The records of a customer book: customers, resellers, subscriptions.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::guid::{Guid, GuidError};
use crate::i18n::Message;

/// A customer's tenant ID: a GUID, stored lowercase and hyphenated.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CustomerId(Guid);

/// An indirect reseller's (or provider's) tenant ID.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResellerId(Guid);

/// A subscription's ID.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SubscriptionId(Guid);

/// A file's import: a server keeps its batches, its log entry and its undo under it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ImportId(Guid);

macro_rules! guid_newtype {
    ($name:ident) => {
        impl $name {
            pub fn parse(text: &str) -> Result<Self, GuidError> {
                Guid::parse(text).map(Self)
            }
            pub fn from_u128(value: u128) -> Self {
                Self(Guid::from_u128(value))
            }
            /// A random-looking version-4 ID made from 128 bits of the caller's entropy.
            pub fn v4_from_bits(bits: u128) -> Self {
                Self(Guid::v4_from_bits(bits))
            }
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
            pub fn guid(&self) -> &Guid {
                &self.0
            }
            pub fn from_guid(guid: Guid) -> Self {
                Self(guid)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl TryFrom<String> for $name {
            type Error = GuidError;
            fn try_from(text: String) -> Result<Self, GuidError> {
                Guid::parse_owned(text).map(Self)
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.into()
            }
        }
    };
}
guid_newtype!(CustomerId);
guid_newtype!(ResellerId);
guid_newtype!(SubscriptionId);
guid_newtype!(ImportId);

/// How the partner is related to the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Relationship {
    /// The partner bills the customer; no admin rights in the customer's tenant.
    Reseller,
    /// The partner bills the customer and holds delegated admin privileges.
    ResellerWithDelegatedAdmin,
}

impl Relationship {
    pub const ALL: [Relationship; 2] = [Self::Reseller, Self::ResellerWithDelegatedAdmin];

    /// The label shown in the list and written to CSV.
    pub fn label(self) -> &'static str {
        match self {
            Self::Reseller => "Reseller",
            Self::ResellerWithDelegatedAdmin => "Reseller, delegated admin",
        }
    }

    /// [`label`](Self::label) in any language (CSV files keep the English label).
    pub fn name(self) -> Message {
        match self {
            Self::Reseller => Message::new("account.relationship.reseller"),
            Self::ResellerWithDelegatedAdmin => Message::new("account.relationship.delegated"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    #[serde(default)]
    pub state: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 code, e.g. "FR".
    pub country: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    pub company_name: String,
    pub primary_domain: String,
    pub relationship: Relationship,
    /// The indirect reseller that serves this customer; `None` for a direct customer.
    #[serde(default)]
    pub reseller_id: Option<ResellerId>,
    pub billing_address: Address,
    pub primary_contact: Contact,
    /// RFC 3339 UTC, e.g. "2026-11-21T17:08:56Z".
    pub created_at: String,
    /// What the add-customer wizard records besides; empty for imported customers.
    #[serde(default, skip_serializing_if = "AccountDetails::is_empty")]
    pub details: AccountDetails,
    /// The partner's labels for this customer (see [`crate::tags`] for their rules). Books
    /// stored before tags existed read with none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountDetails {
    /// A culture code such as "fr-FR".
    pub culture: String,
    /// The company registration ID, required in some countries.
    pub registration_id: String,
    pub agreement: Agreement,
}

impl AccountDetails {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How the customer's acceptance of the Microsoft Customer Agreement was recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Agreement {
    /// Nothing recorded (customers imported or created before the wizard recorded it).
    #[default]
    NotRecorded,
    /// The partner attests that this person accepted it on this date ("YYYY-MM-DD").
    Attested {
        first_name: String,
        last_name: String,
        email: String,
        date: String,
    },
    /// The customer is to accept it in their admin centre.
    AskInAdminCentre,
}

impl Agreement {
    /// One line for the account page.
    pub fn describe(&self) -> Message {
        match self {
            Self::NotRecorded => Message::new("account.agreement.not_recorded"),
            Self::Attested {
                first_name,
                last_name,
                email,
                date: day,
            } => Message::new("account.agreement.accepted")
                .arg("first", first_name)
                .arg("last", last_name)
                .arg("email", email)
                .date("date", day),
            Self::AskInAdminCentre => Message::new("account.agreement.in_admin_centre"),
        }
    }
}

impl Customer {
    /// A direct reseller customer with only the fields the list shows; the address and
    /// contact are left empty for the caller to fill in.
    pub fn new(
        id: CustomerId,
        company_name: impl Into<String>,
        primary_domain: impl Into<String>,
        created_at: impl Into<String>,
    ) -> Customer {
        Customer {
            id,
            company_name: company_name.into(),
            primary_domain: primary_domain.into(),
            relationship: Relationship::Reseller,
            reseller_id: None,
            billing_address: Address::default(),
            primary_contact: Contact::default(),
            created_at: created_at.into(),
            details: AccountDetails::default(),
            tags: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reseller {
    pub id: ResellerId,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Cancelled,
    Pending,
}

impl SubscriptionStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Suspended => "Suspended",
            Self::Cancelled => "Cancelled",
            Self::Pending => "Pending",
        }
    }

    /// [`label`](Self::label) in any language (CSV files keep the English label).
    pub fn name(self) -> Message {
        match self {
            Self::Active => Message::new("subscriptions.status.active"),
            Self::Suspended => Message::new("subscriptions.status.suspended"),
            Self::Cancelled => Message::new("subscriptions.status.cancelled"),
            Self::Pending => Message::new("subscriptions.status.pending"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: SubscriptionId,
    pub customer_id: CustomerId,
    /// The offer's product name, e.g. "Microsoft 365 Business Premium".
    pub offer_name: String,
    #[serde(deserialize_with = "whole::u32")]
    pub quantity: u32,
    pub status: SubscriptionStatus,
    #[serde(default)]
    pub reseller_id: Option<ResellerId>,
}

/// Whole numbers read from JSON, where `3` and `3.0` are the same number (a client that
/// writes every number as a float still sends a valid count).
pub mod whole {
    use serde::de::{Deserializer, Error, Unexpected, Visitor};
    use std::fmt;

    struct Whole;

    impl Visitor<'_> for Whole {
        type Value = u32;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a whole number from 0 to 4294967295")
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                Ok(v as u32)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }
    }

    pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        d.deserialize_any(Whole)
    }

    /// For an optional field (with `#[serde(default)]`).
    pub fn option_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        u32(d).map(Some)
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Deserialize)]
        struct Q {
            #[serde(deserialize_with = "super::u32")]
            n: u32,
        }

        #[test]
        fn integral_floats_are_whole_numbers_and_the_rest_is_refused() {
            let n = |text: &str| serde_json::from_str::<Q>(text).map(|q| q.n).ok();
            assert_eq!(n(r#"{"n":3}"#), Some(3));
            assert_eq!(n(r#"{"n":3.0}"#), Some(3));
            assert_eq!(n(r#"{"n":4294967295}"#), Some(u32::MAX));
            for bad in ["3.5", "-1", "4294967296", "1e400", "\"3\"", "null"] {
                assert_eq!(n(&format!(r#"{{"n":{bad}}}"#)), None, "{bad}");
            }
        }
    }
}

/// Finds a reseller's name by ID: empty for direct customers and unknown IDs.
pub fn reseller_name<'a>(resellers: &'a [Reseller], id: Option<&ResellerId>) -> &'a str {
    id.and_then(|id| resellers.iter().find(|r| &r.id == id))
        .map_or("", |r| r.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_ids_serialize_as_plain_guid_strings() {
        let id = CustomerId::parse("7A1C2E3F-0000-4000-8000-00000000ABCD").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"7a1c2e3f-0000-4000-8000-00000000abcd\""
        );
    }

    #[test]
    fn a_customer_stored_before_tags_reads_with_none_and_untagged_ones_write_no_tags() {
        let text = r#"{"id":"00000000-0000-4000-8000-000000000001","company_name":"Contoso",
            "primary_domain":"contoso.com","relationship":"Reseller",
            "billing_address":{"line1":"","city":"","postal_code":"","country":"FR"},
            "primary_contact":{"first_name":"","last_name":"","email":""},"created_at":""}"#;
        let c: Customer = serde_json::from_str(text).unwrap();
        assert!(c.tags.is_empty());
        assert!(!serde_json::to_string(&c).unwrap().contains("tags"));
        let tagged = Customer {
            tags: vec!["EMEA".into()],
            ..c
        };
        let back: Customer =
            serde_json::from_str(&serde_json::to_string(&tagged).unwrap()).unwrap();
        assert_eq!(back, tagged);
    }

    #[test]
    fn a_stored_id_that_is_not_a_guid_is_rejected() {
        assert!(serde_json::from_str::<CustomerId>("\"not-a-guid\"").is_err());
    }

    #[test]
    fn reseller_name_is_empty_for_direct_and_unknown() {
        let r = Reseller {
            id: ResellerId::from_u128(1),
            name: "Contoso Reseller".into(),
        };
        let list = [r.clone()];
        assert_eq!(reseller_name(&list, Some(&r.id)), "Contoso Reseller");
        assert_eq!(reseller_name(&list, None), "");
        assert_eq!(reseller_name(&list, Some(&ResellerId::from_u128(2))), "");
    }
}
