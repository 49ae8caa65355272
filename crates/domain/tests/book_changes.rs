//! Properties of writes to a book: each change is all or nothing, and the log only grows.

use clientele_domain::activity::Stamp;
use clientele_domain::book::{decode_stored, encode_stored, Book};
use proptest::prelude::*;

mod common;
use common::{book, change};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_refused_change_changes_nothing_and_the_log_only_grows(
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u32>(), "[a-zA-Zé台 .]{0,12}"), 1..40)
    ) {
        let mut b = book(12);
        for (i, (kind, who, value, name)) in steps.into_iter().enumerate() {
            let before = b.clone();
            // The five kinds that move records (the shared picker also adds and records).
            let c = change(&b, kind % 5, who, value, &name);
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

    /// A bulk change (tags added or removed, relationships removed, over a selection) is
    /// one change: refused, it leaves the book exactly as it was; accepted, it logs one
    /// entry per customer it changed.
    #[test]
    fn a_refused_bulk_change_leaves_the_book_equal(
        steps in prop::collection::vec((0u8..3, any::<usize>(), any::<u32>(), "[a-zA-Z ,é台]{0,12}|[a-z]{51}"), 1..30)
    ) {
        let mut b = book(20);
        // Some tags there already, so removals and case-only duplicates happen.
        for (i, c) in b.customers.iter_mut().enumerate() {
            c.tags = ["emea", "Retail", "a"][..i % 4].iter().map(|t| t.to_string()).collect();
        }
        for (i, (kind, who, value, name)) in steps.into_iter().enumerate() {
            let before = b.clone();
            let c = change(&b, 10 + kind, who, value, &name);
            let stamp = Stamp { at_ms: i as i64, by: "P".into() };
            match b.apply(c, &stamp) {
                Err(_) => prop_assert_eq!(&b, &before),
                Ok(()) => {
                    let new = &b.activity[before.activity.len()..];
                    let changed = b.customers.iter().filter(|c| before.customer(&c.id) != Some(c)).count()
                        + b.removed.len() - before.removed.len();
                    prop_assert_eq!(new.len(), changed);
                    let mut named: Vec<_> = new.iter().map(|e| e.customer_id.clone()).collect();
                    named.dedup();
                    prop_assert_eq!(named.len(), new.len());
                }
            }
        }
    }
}
