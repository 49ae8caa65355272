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
}
