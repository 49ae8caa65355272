//! Backup → restore: the book comes back equal, through the same path a store takes (the
//! touched records loaded, the change applied, its delta merged).

use clientele_domain::activity::{Action, Stamp};
use clientele_domain::backup::{read_backup, restore_change, write_backup, BackupContent};
use clientele_domain::book::{Book, Change};
use clientele_domain::delta::Delta;
use clientele_domain::model::SubscriptionStatus;
use clientele_domain::sample;
use clientele_domain::views::SavedView;
use proptest::prelude::*;

mod common;

fn stamp(at_ms: i64) -> Stamp {
    Stamp {
        at_ms,
        by: "Ada Admin".into(),
    }
}

/// Applies a change as a store does: to the records it touches, then merged.
fn apply_as_a_store(book: &mut Book, change: Change, at_ms: i64) -> bool {
    let subset = book.subset(&change);
    let mut after = subset.clone();
    if after.apply(change, &stamp(at_ms)).is_err() {
        return false;
    }
    book.merge(&Delta::between(&subset, &after));
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A book with changes of every kind behind it, backed up, then changed again: restoring
    /// the backup gives the backed-up book back, with its log kept and one entry more.
    #[test]
    fn backup_then_restore_gives_an_equal_book(
        n in 3usize..30,
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u32>(), "[A-Za-z ]{2,12}"), 0..12),
        views in prop::collection::vec(("[A-Za-z ]{1,20}", "(q=[a-z]{1,8}&)?sort=-?(name|created)"), 0..4),
        later in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u32>(), "[A-Za-z ]{2,12}"), 1..6),
    ) {
        let mut book = common::book(n);
        let mut clock = 1_795_281_336_000;
        for (kind, who, value, name) in steps {
            clock += 1000;
            let c = common::change(&book, kind, who, value, &name);
            apply_as_a_store(&mut book, c, clock);
        }
        let s = sample::generate(2, 1);
        let views = views
            .into_iter()
            .map(|(name, params)| SavedView { name, params })
            .collect();
        let content = BackupContent { book: book.clone(), settings: s.settings, views };
        let file = write_backup(&content, "0.1.0", clock);
        for (kind, who, value, name) in later {
            clock += 1000;
            if book.customers.is_empty() { break; }
            let c = common::change(&book, kind, who, value, &name);
            apply_as_a_store(&mut book, c, clock);
        }
        let log_before = book.activity.clone();
        let backup = read_backup(&file).unwrap();
        prop_assert_eq!(&backup.content, &content);
        let restore = restore_change(&backup, &book);
        // The settings are written in the same change as the records.
        let Change::RestoreBackup(r) = &restore else { unreachable!() };
        prop_assert_eq!(r.settings.as_ref(), Some(&content.settings));
        prop_assert!(apply_as_a_store(&mut book, restore, clock + 1000));
        let sorted = |b: &Book| {
            let mut c = b.customers.clone();
            c.sort_by(|x, y| x.id.cmp(&y.id));
            let mut s = b.subscriptions.clone();
            s.sort_by(|x, y| x.id.cmp(&y.id));
            let mut r = b.removed.clone();
            r.sort_by(|x, y| x.customer.id.cmp(&y.customer.id));
            (c, s, r)
        };
        prop_assert_eq!(sorted(&book), sorted(&content.book));
        // The log lost nothing, and every entry of the backup is in it.
        prop_assert_eq!(&book.activity[..log_before.len()], &log_before[..]);
        prop_assert!(content.book.activity.iter().all(|e| book.activity.contains(e)));
        prop_assert_eq!(book.activity.last().unwrap().action, Action::BookRestored);
    }
}

#[test]
fn restoring_into_a_cleared_browser_brings_the_log_back() {
    let mut book = common::book(5);
    let id = book.subscriptions[0].id.clone();
    book.apply(
        Change::SetStatus {
            id,
            status: SubscriptionStatus::Cancelled,
        },
        &stamp(1),
    )
    .unwrap();
    let content = BackupContent {
        book: book.clone(),
        ..BackupContent::default()
    };
    let backup = read_backup(&write_backup(&content, "0.1.0", 86_400_000 * 3)).unwrap();
    let mut empty = Book::default();
    assert!(apply_as_a_store(
        &mut empty,
        restore_change(&backup, &Book::default()),
        5
    ));
    assert_eq!(empty.customers, book.customers);
    assert_eq!(&empty.activity[..book.activity.len()], &book.activity[..]);
    let last = empty.activity.last().unwrap();
    assert_eq!(
        last.details(),
        "Backup of 1970-01-04: 5 customers, 11 subscriptions, 0 removed customers"
            .replace("11", &book.subscriptions.len().to_string())
    );
}
