//! Properties of writes to a book: each change is all or nothing, and the log only grows.

use clientele_domain::activity::Stamp;
use clientele_domain::book::{decode_stored, encode_stored, Book, Change};
use clientele_domain::model::SubscriptionStatus;
use clientele_domain::sample;
use proptest::prelude::*;

fn book() -> Book {
    let s = sample::generate(11, 12);
    Book {
        customers: s.customers,
        subscriptions: s.subscriptions,
        ..Book::default()
    }
}

const STATUSES: [SubscriptionStatus; 4] = [
    SubscriptionStatus::Active,
    SubscriptionStatus::Suspended,
    SubscriptionStatus::Cancelled,
    SubscriptionStatus::Pending,
];

/// A change picked by numbers: which kind, which customer or subscription, what value.
fn change(b: &Book, kind: u8, who: usize, value: u32, name: &str) -> Change {
    let customer = b
        .customers
        .get(who % b.customers.len().max(1))
        .map(|c| c.id.clone());
    let removed = b
        .removed
        .get(who % b.removed.len().max(1))
        .map(|r| r.customer.id.clone());
    let sub = b.subscriptions[who % b.subscriptions.len()].id.clone();
    let any_customer = customer.clone().or(removed.clone()).expect("a customer");
    match kind % 5 {
        0 => Change::RenameCustomer {
            id: customer.unwrap_or(any_customer),
            name: name.into(),
        },
        1 => Change::SetQuantity {
            id: sub,
            quantity: value % 400,
        },
        2 => Change::SetStatus {
            id: sub,
            status: STATUSES[value as usize % 4],
        },
        3 => Change::RemoveRelationship {
            id: customer.unwrap_or(any_customer),
        },
        _ => Change::ReinstateRelationship {
            id: removed.unwrap_or(any_customer),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_refused_change_changes_nothing_and_the_log_only_grows(
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u32>(), "[a-zA-Zé台 .]{0,12}"), 1..40)
    ) {
        let mut b = book();
        for (i, (kind, who, value, name)) in steps.into_iter().enumerate() {
            let before = b.clone();
            let c = change(&b, kind, who, value, &name);
            let stamp = Stamp { at_ms: i as i64, by: "P".into() };
            match b.apply(c, &stamp) {
                Err(_) => prop_assert_eq!(&b, &before),
                Ok(()) => {
                    prop_assert!(b.activity.len() >= before.activity.len());
                    prop_assert_eq!(&b.activity[..before.activity.len()], &before.activity[..]);
                    // Customers are moved, never lost or duplicated.
                    prop_assert_eq!(
                        b.customers.len() + b.removed.len(),
                        before.customers.len() + before.removed.len()
                    );
                }
            }
        }
        let stored: Book = decode_stored(&encode_stored(&b)).unwrap();
        prop_assert_eq!(stored, b);
    }
}
