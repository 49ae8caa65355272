//! Times the domain's heavy operations on 100,000 sample customers (figures for BENCHMARKS.md).
//!
//! Run with `cargo run --release --example bench -p clientele-domain`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use clientele_domain::activity::{filter, log_csv, Action, Entry, LogFilter};
use clientele_domain::delta::Delta;
use clientele_domain::export::customers_csv;
use clientele_domain::import::{suggest, Existing, FileReader, Planner};
use clientele_domain::list::{sort_for_display, visible_rows, ResellerFilter};
use clientele_domain::listing::Listing;
use clientele_domain::model::{Customer, CustomerId};
use clientele_domain::sample::{generate, SampleBook, SAMPLE_SEED};
use clientele_domain::search::{fold, SearchIndex};
use clientele_domain::sort::{rank_by, sort_rows, Direction, SortColumn};

const CUSTOMERS: usize = 100_000;
const RUNS: usize = 7;

/// The median of `RUNS` timings of `f`, and its last result.
fn median<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = black_box(f());
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    (times[RUNS / 2], last.expect("RUNS > 0"))
}

fn report(what: &str, time: Duration, note: &str) {
    println!(
        "| {what:<44} | {:>9.2} ms | {note}",
        time.as_secs_f64() * 1e3
    );
}

fn main() {
    println!("Median of {RUNS} runs, {CUSTOMERS} customers (seed {SAMPLE_SEED}).\n");
    println!("| {:<44} | {:>12} | note", "operation", "time");
    println!("|{}|{}|------", "-".repeat(46), "-".repeat(14));

    let (t, book) = median(|| generate(SAMPLE_SEED, CUSTOMERS));
    report(
        "sample::generate(_, 100_000)",
        t,
        &format!("{} subscriptions", book.subscriptions.len()),
    );

    let mut customers = book.customers.clone();
    let (t, _) = median(|| {
        let mut c = customers.clone();
        sort_for_display(&mut c);
        c
    });
    report("list::sort_for_display (incl. a clone)", t, "");
    sort_for_display(&mut customers);

    let (t, index) = median(|| SearchIndex::new(&customers));
    report("SearchIndex::new", t, "");

    for query in ["société", "gmbh", "台灣", "https://www.zzzz.example", "e"] {
        let (t, hits) = median(|| index.search(query));
        report(
            &format!("SearchIndex::search({query:?})"),
            t,
            &format!("{} hits", hits.len()),
        );
    }

    let previous = index.search("s");
    let (t, hits) = median(|| index.search_within("so", &previous));
    report(
        "SearchIndex::search_within(\"so\", hits of \"s\")",
        t,
        &format!("{} of {} rechecked", hits.len(), previous.len()),
    );

    let direct = ResellerFilter::Direct;
    let no_tags = Default::default();
    let (t, rows) = median(|| visible_rows(&customers, index.search("conseil"), &direct, &no_tags));
    report(
        "list::visible_rows(\"conseil\", Direct)",
        t,
        &format!("{} rows", rows.len()),
    );

    let resellers = &book.settings.resellers;
    let (t, csv) = median(|| customers_csv(&customers, resellers, Default::default()));
    report(
        "export::customers_csv (all)",
        t,
        &format!("{:.1} MB", csv.len() as f64 / 1e6),
    );

    let active = clientele_domain::active::ActiveCounts::new(&book.subscriptions);
    sorting(&mut customers, resellers, &active);
    import_file(&csv, &book);
    listing_updates(&book);
    subscription_counts(&book, &customers);
    activity_log(&book.customers);
}

/// Sorting the list by each column: the sort keys (each column's texts ranked once, here
/// with folding as the collation; the browser uses Intl.Collator), then the rows by them.
fn sorting(
    customers: &mut [clientele_domain::model::Customer],
    resellers: &[clientele_domain::model::Reseller],
    active: &clientele_domain::active::ActiveCounts,
) {
    // One customer in three with tags, so the Tags column has something to sort.
    for (i, c) in customers.iter_mut().enumerate() {
        c.tags = match i % 3 {
            0 => vec!["EMEA".into(), format!("renewal {}", i % 12)],
            1 => vec![format!("segment {}", i % 40)],
            _ => vec![],
        };
    }
    let lang = clientele_domain::i18n::Language::French;
    for column in SortColumn::ALL {
        let texts = column.texts(customers, lang, resellers, Some(active));
        let (keys_time, keys) = median(|| rank_by(&texts, |a, b| fold(a).cmp(&fold(b))));
        let all: Vec<u32> = (0..customers.len() as u32).collect();
        let (sort_time, _) = median(|| {
            let mut rows = all.clone();
            sort_rows(&mut rows, &keys, Direction::Descending);
            rows
        });
        report(
            &format!("sort::sort_rows by {} (desc)", column.key()),
            sort_time,
            &format!(
                "keys once per book: {:.1} ms",
                keys_time.as_secs_f64() * 1e3
            ),
        );
    }
}

/// Reading and checking a 100,000-row file, as the import page does it (in chunks of
/// 2,000 rows), into an empty book and into the book that has them all.
fn import_file(csv: &[u8], book: &SampleBook) {
    let plan = |existing: &[Customer]| {
        let mut reader = FileReader::open(csv).expect("a header row");
        let (mapping, _) = suggest(&reader.headers);
        let mut next = 0u128;
        let mut planner = Planner::new(
            mapping,
            Existing::Update,
            existing.to_vec(),
            &[],
            &book.settings.resellers,
            "2026-12-01T00:00:00Z",
            move || {
                next += 1;
                CustomerId::v4_from_bits(next)
            },
        );
        while !reader.is_done() {
            planner.add(reader.next_rows(2_000));
        }
        planner.finish()
    };
    let (t, p) = median(|| plan(&[]));
    report(
        "import: read + check 100,000 rows, empty book",
        t,
        &format!("{} new, {} errors", p.new.len(), p.errors.len()),
    );
    let (t, p) = median(|| plan(&book.customers));
    report(
        "import: read + check 100,000 rows, all in book",
        t,
        &format!("{} skipped, {} errors", p.skipped, p.errors.len()),
    );
}

/// What the app does to its list after a write: the delta applied in place (rows moved,
/// index keys inserted and removed) instead of sorting and indexing 100,000 customers again.
fn listing_updates(book: &clientele_domain::sample::SampleBook) {
    let (t, list) = median(|| Listing::new(book.customers.clone()));
    report("Listing::new (clone, sort, index: a reload)", t, "");
    let mut renamed = book.customers[CUSTOMERS / 2].clone();
    renamed.company_name = "Zeta Renamed Holdings".into();
    let rename = Delta {
        customers: vec![renamed],
        ..Delta::default()
    };
    // Each run on its own copy, so every run moves the row; making and dropping the copies
    // is not timed.
    let mut copies: Vec<Listing> = (0..RUNS).map(|_| list.clone()).collect();
    let mut next = copies.iter_mut();
    let (t, _) = median(|| next.next().expect("a copy per run").apply(&rename));
    report("Listing::apply (one rename: row moved)", t, "");
    let left = Delta {
        left: vec![book.customers[7].id.clone()],
        ..Delta::default()
    };
    let mut copies: Vec<Listing> = (0..RUNS).map(|_| list.clone()).collect();
    let mut next = copies.iter_mut();
    let (t, _) = median(|| next.next().expect("a copy per run").apply(&left));
    report("Listing::apply (one relationship removed)", t, "");
}

/// The list's "Subscriptions (active count)": counted once per load, then kept from each
/// delta; and the export with that column (every column).
fn subscription_counts(
    book: &clientele_domain::sample::SampleBook,
    customers: &[clientele_domain::model::Customer],
) {
    use clientele_domain::active::ActiveCounts;
    use clientele_domain::model::SubscriptionStatus;
    let (t, active) = median(|| ActiveCounts::new(&book.subscriptions));
    report(
        "ActiveCounts::new (once per load)",
        t,
        &format!("{} subscriptions", book.subscriptions.len()),
    );
    let mut suspended = book.subscriptions[0].clone();
    suspended.status = SubscriptionStatus::Suspended;
    let change = Delta {
        subscriptions: vec![suspended],
        ..Delta::default()
    };
    let mut copies: Vec<ActiveCounts> = (0..RUNS).map(|_| active.clone()).collect();
    let mut next = copies.iter_mut();
    let (t, _) = median(|| next.next().expect("a copy per run").apply(&change));
    report("ActiveCounts::apply (one status changed)", t, "");
    let all = clientele_domain::columns::Columns::all();
    let resellers = &book.settings.resellers;
    let (t, csv) = median(|| {
        clientele_domain::export::customers_csv_of(
            customers,
            resellers,
            Default::default(),
            &all,
            Some(&active),
        )
    });
    report(
        "export::customers_csv_of (all, with the counts)",
        t,
        &format!("{:.1} MB", csv.len() as f64 / 1e6),
    );
}

/// A log of 100,000 entries (a busy partner's several years): the whole-log scan that the
/// log page does on every filter change, and its export.
fn activity_log(customers: &[clientele_domain::model::Customer]) {
    let entries: &Vec<Entry> = &customers
        .iter()
        .enumerate()
        .map(|(i, c)| Entry {
            at_ms: 1_700_000_000_000 + i as i64 * 60_000,
            customer_id: Some(c.id.clone()),
            customer_name: c.company_name.clone(),
            action: Action::CompanyNameUpdated,
            subject: String::new(),
            before: c.company_name.clone(),
            after: format!("{} Renamed", c.company_name),
            by: "Bench".into(),
        })
        .collect();
    let month = LogFilter {
        from_ms: Some(1_700_000_000_000 + 70_000 * 60_000),
        to_ms: Some(1_700_000_000_000 + 100_000 * 60_000),
        action: Some(Action::CompanyNameUpdated),
        ..LogFilter::default()
    };
    let (t, hits) = median(|| filter(entries, &month).len());
    report(
        "activity::filter (100k entries, 30k match)",
        t,
        &format!("{hits} entries"),
    );
    let all = filter(entries, &LogFilter::default());
    let (t, csv) = median(|| log_csv(&all, |ms| ms.to_string(), Default::default()));
    report(
        "activity::log_csv (100k entries)",
        t,
        &format!("{:.1} MB", csv.len() as f64 / 1e6),
    );
}
