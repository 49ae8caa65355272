//! A store that writes records one by one (IndexedDB) applies a change to the records it
//! touches and writes their delta; the app shows it by updating its list. Both must equal
//! applying the change to the whole book and reading it again.

use clientele_domain::active::ActiveCounts;
use clientele_domain::activity::Stamp;
use clientele_domain::book::Change;
use clientele_domain::delta::Delta;
use clientele_domain::list::sort_for_display;
use clientele_domain::listing::Listing;
use clientele_domain::model::Customer;
use proptest::prelude::*;

mod common;
use common::{book, change};

fn sorted(mut customers: Vec<Customer>) -> Vec<Customer> {
    sort_for_display(&mut customers);
    customers
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_change_to_its_subset_merged_back_equals_the_change_to_the_whole_book(
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u32>(), "[a-zA-Zé台 .]{0,12}"), 1..30)
    ) {
        let mut whole = book(40);
        let mut merged = whole.clone();
        let mut list = Listing::new(whole.customers.clone());
        list.count_subscriptions(&whole.subscriptions);
        // A list no search has asked yet has no index to keep: it is made at the end, from
        // the rows as they are then.
        let mut unsearched = Listing::new(whole.customers.clone());
        for (i, (kind, who, value, name)) in steps.into_iter().enumerate() {
            let c = change(&whole, kind, who, value, &name);
            let stamp = Stamp { at_ms: i as i64, by: "P".into() };

            let subset = merged.subset(&c);
            let mut after = subset.clone();
            let by_subset = after.apply(c.clone(), &stamp);
            let by_whole = whole.apply(c, &stamp);
            prop_assert_eq!(&by_subset, &by_whole);
            if by_subset.is_err() {
                continue;
            }
            let delta = Delta::between(&subset, &after);
            merged.merge(&delta);
            list.apply(&delta);
            unsearched.apply(&delta);

            // The same records and log (customers in any order: a store has no order).
            prop_assert_eq!(sorted(merged.customers.clone()), sorted(whole.customers.clone()));
            prop_assert_eq!(&merged.activity, &whole.activity);
            let mut a = merged.subscriptions.clone();
            let mut b = whole.subscriptions.clone();
            a.sort_by(|x, y| x.id.cmp(&y.id));
            b.sort_by(|x, y| x.id.cmp(&y.id));
            prop_assert_eq!(a, b);
            let mut a = merged.removed.clone();
            let mut b = whole.removed.clone();
            a.sort_by(|x, y| x.customer.id.cmp(&y.customer.id));
            b.sort_by(|x, y| x.customer.id.cmp(&y.customer.id));
            prop_assert_eq!(a, b);

            // The list updated from the delta is the list read again: same rows, same order,
            // and its index finds what a new index finds.
            let reread = Listing::new(whole.customers.clone());
            prop_assert_eq!(&list[..], &reread[..]);
            prop_assert_eq!(&unsearched[..], &reread[..]);
            for q in ["", "a", "co", &name.to_lowercase()] {
                prop_assert_eq!(list.index().search(q), reread.index().search(q));
                prop_assert_eq!(list.search(q), reread.index().search(q));
            }
            // Its active-subscription counts, kept from the deltas, are those counted again.
            prop_assert_eq!(list.active(), Some(&ActiveCounts::new(&whole.subscriptions)));
        }
        let reread = Listing::new(whole.customers.clone());
        for q in ["", "a", "co", "é"] {
            prop_assert_eq!(unsearched.search(q), reread.index().search(q));
        }
    }

    #[test]
    fn a_refused_change_has_no_delta(kind in any::<u8>(), who in any::<usize>()) {
        let b = book(40);
        // Renaming to an empty name is always refused.
        let c = match kind % 2 {
            0 => Change::RenameCustomer { id: b.customers[who % b.customers.len()].id.clone(), name: String::new() },
            _ => Change::AddCustomers { customers: vec![b.customers[who % b.customers.len()].clone()], subscriptions: vec![] },
        };
        let subset = b.subset(&c);
        let mut after = subset.clone();
        let stamp = Stamp { at_ms: 0, by: "P".into() };
        prop_assert!(after.apply(c, &stamp).is_err());
        prop_assert!(Delta::between(&subset, &after).is_empty());
    }
}
