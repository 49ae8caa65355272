//! The in-memory customer book and its stored form. Every store applies writes here first,
//! so the rules (no duplicate IDs, unknown IDs reported) are the same for every backend.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::fmt;

use crate::model::{Customer, CustomerId, Subscription};

/// The version of the stored layout. Bump it when the layout changes and teach
/// [`decode_stored`] to read the older one.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookError {
    DuplicateCustomer(CustomerId),
    CustomerNotFound(CustomerId),
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateCustomer(id) => write!(f, "A customer with ID {id} already exists."),
            Self::CustomerNotFound(id) => write!(f, "No customer has ID {id}."),
        }
    }
}

impl std::error::Error for BookError {}

impl Book {
    pub fn customer(&self, id: &CustomerId) -> Option<&Customer> {
        self.customers.iter().find(|c| &c.id == id)
    }

    /// Adds customers and their subscriptions as one write: all or nothing.
    pub fn add(
        &mut self,
        customers: Vec<Customer>,
        subscriptions: Vec<Subscription>,
    ) -> Result<(), BookError> {
        let mut seen: std::collections::HashSet<&CustomerId> =
            self.customers.iter().map(|c| &c.id).collect();
        for c in &customers {
            if !seen.insert(&c.id) {
                return Err(BookError::DuplicateCustomer(c.id.clone()));
            }
        }
        self.customers.extend(customers);
        self.subscriptions.extend(subscriptions);
        Ok(())
    }

    pub fn update_customer(&mut self, customer: Customer) -> Result<(), BookError> {
        match self.customers.iter_mut().find(|c| c.id == customer.id) {
            Some(slot) => {
                *slot = customer;
                Ok(())
            }
            None => Err(BookError::CustomerNotFound(customer.id)),
        }
    }

    pub fn remove_customer(&mut self, id: &CustomerId) -> Result<Customer, BookError> {
        let at = self
            .customers
            .iter()
            .position(|c| &c.id == id)
            .ok_or_else(|| BookError::CustomerNotFound(id.clone()))?;
        Ok(self.customers.remove(at))
    }

    pub fn subscriptions_of(&self, id: &CustomerId) -> Vec<Subscription> {
        self.subscriptions
            .iter()
            .filter(|s| &s.customer_id == id)
            .cloned()
            .collect()
    }
}

/// What is written to storage: the data with the schema version it was written in.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    schema: u32,
    data: T,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Written by a newer Clientele: reading it could lose fields, so it is left alone.
    NewerSchema(u32),
    /// Not JSON of the expected shape (edited by hand, truncated, another app's key...).
    Malformed(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NewerSchema(v) => write!(
                f,
                "it was saved by a newer version of Clientele (schema {v}; this one reads {SCHEMA_VERSION})"
            ),
            Self::Malformed(why) => write!(f, "it is not readable ({why})"),
        }
    }
}

impl std::error::Error for DecodeError {}

pub fn encode_stored<T: Serialize>(data: &T) -> String {
    serde_json::to_string(&Envelope {
        schema: SCHEMA_VERSION,
        data,
    })
    .expect("records serialize to JSON")
}

pub fn decode_stored<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    #[derive(Deserialize)]
    struct Version {
        schema: u32,
    }
    let version: Version =
        serde_json::from_str(text).map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if version.schema > SCHEMA_VERSION {
        return Err(DecodeError::NewerSchema(version.schema));
    }
    serde_json::from_str::<Envelope<T>>(text)
        .map(|e| e.data)
        .map_err(|e| DecodeError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn book() -> Book {
        let s = sample::generate(7, 20);
        Book {
            customers: s.customers,
            subscriptions: s.subscriptions,
        }
    }

    #[test]
    fn stored_book_round_trips() {
        let b = book();
        assert_eq!(decode_stored::<Book>(&encode_stored(&b)).unwrap(), b);
    }

    #[test]
    fn a_newer_schema_is_refused_not_misread() {
        let text = r#"{"schema":99,"data":{"customers":[]}}"#;
        assert_eq!(
            decode_stored::<Book>(text),
            Err(DecodeError::NewerSchema(99))
        );
    }

    #[test]
    fn garbage_is_malformed() {
        for text in [
            "",
            "{",
            "[1,2]",
            r#"{"schema":1,"data":{"customers":[{"id":"x"}]}}"#,
        ] {
            assert!(matches!(
                decode_stored::<Book>(text),
                Err(DecodeError::Malformed(_))
            ));
        }
    }

    #[test]
    fn adding_a_duplicate_changes_nothing() {
        let mut b = book();
        let before = b.clone();
        let mut again = vec![b.customers[3].clone()];
        again[0].company_name = "Other".into();
        assert_eq!(
            b.add(again, vec![]),
            Err(BookError::DuplicateCustomer(before.customers[3].id.clone()))
        );
        assert_eq!(b, before);
    }

    #[test]
    fn update_and_remove_report_unknown_ids() {
        let mut b = book();
        let mut ghost = b.customers[0].clone();
        ghost.id = CustomerId::from_u128(42);
        assert!(matches!(
            b.update_customer(ghost.clone()),
            Err(BookError::CustomerNotFound(_))
        ));
        assert!(b.remove_customer(&ghost.id).is_err());
        let id = b.customers[0].id.clone();
        assert_eq!(b.remove_customer(&id).unwrap().id, id);
        assert!(b.customer(&id).is_none());
    }
}
