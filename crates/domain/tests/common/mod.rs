//! What the book property tests share: a sample book, and a change of any kind picked by
//! numbers.
#![allow(dead_code)]

use clientele_domain::book::{Book, Change};
use clientele_domain::model::{Customer, CustomerId, ImportId, SubscriptionStatus};
use clientele_domain::sample;
use clientele_domain::tags::TagEdit;

/// A sample book of `n` customers with their subscriptions.
pub fn book(n: usize) -> Book {
    let s = sample::generate(11, n);
    Book {
        customers: s.customers,
        subscriptions: s.subscriptions,
        ..Book::default()
    }
}

pub const STATUSES: [SubscriptionStatus; 4] = [
    SubscriptionStatus::Active,
    SubscriptionStatus::Suspended,
    SubscriptionStatus::Cancelled,
    SubscriptionStatus::Pending,
];

/// A change picked by numbers, of every kind (new customers come from another sample).
pub fn change(b: &Book, kind: u8, who: usize, value: u32, name: &str) -> Change {
    let customer = b
        .customers
        .get(who % b.customers.len().max(1))
        .map(|c| c.id.clone());
    let removed = b
        .removed
        .get(who % b.removed.len().max(1))
        .map(|r| r.customer.id.clone());
    let sub = b.subscriptions[who % b.subscriptions.len()].id.clone();
    let any = customer.clone().or(removed.clone()).expect("a customer");
    let fresh = || {
        let s = sample::generate(1000 + value as u64, 1 + who % 3);
        (s.customers, s.subscriptions)
    };
    // A selection: up to five customers from `who` on (removed ones too, now and then).
    let selection = || {
        let mut ids: Vec<_> = (0..1 + value as usize % 5)
            .filter_map(|i| b.customers.get((who + i * 7) % b.customers.len().max(1)))
            .map(|c| c.id.clone())
            .collect();
        if value.is_multiple_of(4) {
            ids.extend(removed.clone());
        }
        ids
    };
    match kind % 16 {
        0 => Change::RenameCustomer {
            id: customer.unwrap_or(any),
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
            id: customer.unwrap_or(any),
        },
        4 => Change::ReinstateRelationship {
            id: removed.unwrap_or(any),
        },
        5 => {
            let (customers, subscriptions) = fresh();
            Change::AddCustomers {
                customers,
                subscriptions,
            }
        }
        6 => {
            let (customers, subscriptions) = fresh();
            Change::ImportCustomers {
                customers,
                subscriptions,
            }
        }
        7 => {
            // New customers, and an update of one in the book (or of a stranger: refused).
            let (customers, _) = fresh();
            Change::ImportFile {
                id: ImportId::from_u128(u128::from(value)),
                file_name: "Customers.csv".into(),
                updates: vec![file_update(b, &any, &customers[0], value, name)],
                customers,
                skipped: who,
                errors: value as usize,
            }
        }
        8 => {
            // Taking out a customer as the book has it (refused once it has subscriptions),
            // and putting one back as it was before a rename.
            let now = b.customer(&any).cloned();
            let mut before = now.clone().unwrap_or_else(|| fresh().0[0].clone());
            before.company_name = name.into();
            Change::UndoImport {
                id: ImportId::from_u128(u128::from(value)),
                file_name: "Customers.csv".into(),
                added: if value.is_multiple_of(2) {
                    now.iter().cloned().collect()
                } else {
                    vec![]
                },
                updated: now.into_iter().map(|n| (before.clone(), n)).collect(),
            }
        }
        9 => {
            // The book replaced by another (a backup of a fresh sample).
            let (customers, subscriptions) = fresh();
            let backup = Book {
                customers,
                subscriptions,
                ..Book::default()
            };
            let mut replaced: Vec<_> = b.customers.iter().map(|c| c.id.clone()).collect();
            replaced.extend(b.removed.iter().map(|r| r.customer.id.clone()));
            Change::RestoreBackup(Box::new(clientele_domain::book::Restore {
                book: backup,
                replaced,
                written_at_ms: i64::from(value),
                settings: None,
            }))
        }
        10 => Change::EditTags {
            ids: selection(),
            edit: TagEdit::Add(name.into()),
        },
        11 => Change::EditTags {
            ids: selection(),
            edit: TagEdit::Remove(name.into()),
        },
        12 => Change::RemoveRelationships { ids: selection() },
        13 => {
            // A batch of an import sent to a server: the same records, no log entry.
            let (customers, _) = fresh();
            Change::ImportBatch {
                updates: vec![file_update(b, &any, &customers[0], value, name)],
                customers,
            }
        }
        14 => Change::ImportClosed {
            file_name: name.into(),
            added: who,
            updated: value as usize,
            skipped: who / 2,
            errors: 0,
        },
        _ => Change::Record {
            action: clientele_domain::activity::Action::CustomersExported,
            customer_id: Some(any),
            details: name.into(),
        },
    }
}

/// An import's update of a customer in the book (or of a stranger: refused), renamed;
/// now and then previewed as it no longer is (changed since the preview: refused).
fn file_update(
    b: &Book,
    id: &CustomerId,
    stranger: &Customer,
    value: u32,
    name: &str,
) -> (Customer, Customer) {
    let mut before = b.customer(id).cloned().unwrap_or_else(|| stranger.clone());
    let mut after = before.clone();
    after.company_name = name.into();
    if value % 3 == 1 {
        before.company_name.push_str(" (as previewed)");
    }
    (before, after)
}
