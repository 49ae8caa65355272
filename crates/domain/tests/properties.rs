//! Properties of CSV export, search and folding that must hold for any input.

use clientele_domain::export::{
    neutralize, write_csv, write_csv_as, Cell, CsvFormat, Separator, BOM,
};
use clientele_domain::model::{Customer, CustomerId};
use clientele_domain::search::{fold, normalize_query, SearchIndex};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn customer(n: u128, name: &str, domain: &str) -> Customer {
    Customer::new(
        CustomerId::from_u128(n),
        name,
        domain,
        "2026-01-01T00:00:00Z",
    )
}

/// Text that exercises the CSV writer: separators, quotes, line ends, formula starts,
/// accents, CJK, and anything else.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[=+@\\-\t\r\n]?[a-zA-Z0-9 ,\"\r\n'éßü台灣=+@\\-]{0,12}",
        any::<String>(),
    ]
}

/// Parses a file written by `write_csv`, BOM removed, header included.
fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes
        .strip_prefix(BOM.as_bytes())
        .expect("the file starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(String::from).collect())
        .collect()
}

proptest! {
    #[test]
    fn export_parses_back_to_the_guarded_cells(
        header in prop::collection::vec(cell_text(), 1..5),
        texts in prop::collection::vec(prop::collection::vec(cell_text(), 5), 0..8),
        numbers in prop::collection::vec(any::<i64>(), 8),
    ) {
        let width = header.len();
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        // The last column holds a number, the others text.
        let rows: Vec<Vec<Cell>> = texts
            .iter()
            .zip(&numbers)
            .map(|(row, &n)| {
                let mut cells: Vec<Cell> = row[..width - 1].iter().map(|t| Cell::Text(t)).collect();
                cells.push(Cell::Number(n));
                cells
            })
            .collect();
        let expected: Vec<Vec<String>> = std::iter::once(
            header.iter().map(|h| neutralize(h).into_owned()).collect(),
        )
        .chain(texts.iter().zip(&numbers).map(|(row, n)| {
            let mut cells: Vec<String> =
                row[..width - 1].iter().map(|t| neutralize(t).into_owned()).collect();
            cells.push(n.to_string());
            cells
        }))
        .collect();
        prop_assert_eq!(parse(&write_csv(&header_refs, rows)), expected);
    }

    #[test]
    fn every_format_parses_back_with_its_separator(
        texts in prop::collection::vec(prop::collection::vec("[a-z;,\"\r\n é台=]{0,8}", 3), 0..6),
        semicolon in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let separator = if semicolon { Separator::Semicolon } else { Separator::Comma };
        let format = CsvFormat { separator, bom };
        let rows: Vec<Vec<Cell>> =
            texts.iter().map(|r| r.iter().map(|t| Cell::Text(t)).collect()).collect();
        let bytes = write_csv_as(format, &["a", "b", "c"], rows);
        prop_assert_eq!(bytes.starts_with(BOM.as_bytes()), bom);
        let body = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(&bytes);
        let parsed: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(true)
            .delimiter(separator.byte())
            .from_reader(body)
            .records()
            .map(|r| r.expect("valid CSV").iter().map(String::from).collect())
            .collect();
        let expected: Vec<Vec<String>> = texts
            .iter()
            .map(|r| r.iter().map(|t| neutralize(t).into_owned()).collect())
            .collect();
        prop_assert_eq!(parsed, expected);
    }

    #[test]
    fn search_results_are_unique_ascending_indices(
        names in prop::collection::vec("[a-cé ]{0,6}", 0..20),
        query in "[a-cé ]{0,3}",
    ) {
        let customers: Vec<Customer> = names
            .iter()
            .enumerate()
            .map(|(i, n)| customer(i as u128, n, "x.example"))
            .collect();
        let hits = SearchIndex::new(&customers).search(&query);
        prop_assert!(hits.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(hits.iter().all(|&i| (i as usize) < customers.len()));
    }

    #[test]
    fn empty_query_returns_everyone(names in prop::collection::vec(any::<String>(), 0..20)) {
        let customers: Vec<Customer> = names
            .iter()
            .enumerate()
            .map(|(i, n)| customer(i as u128, n, "x.example"))
            .collect();
        let all: Vec<u32> = (0..customers.len() as u32).collect();
        prop_assert_eq!(SearchIndex::new(&customers).search(""), all);
    }

    #[test]
    fn exact_name_or_id_finds_the_customer(
        names in prop::collection::vec(any::<String>(), 1..20),
        pick in any::<prop::sample::Index>(),
        ids in prop::collection::vec(any::<u128>(), 20),
    ) {
        let customers: Vec<Customer> = names
            .iter()
            .zip(&ids)
            .map(|(n, &id)| customer(id, n, "x.example"))
            .collect();
        let index = SearchIndex::new(&customers);
        let i = pick.index(customers.len());
        let wanted = &customers[i];
        prop_assert!(index.search(&wanted.company_name).contains(&(i as u32)));
        prop_assert!(index.search(&wanted.id.as_str().to_uppercase()).contains(&(i as u32)));
    }

    #[test]
    fn search_within_agrees_with_search(
        names in prop::collection::vec("[a-cé ]{0,6}", 0..20),
        first in "[a-c]{1,2}",
        more in "[a-cé]{0,2}",
    ) {
        let customers: Vec<Customer> = names
            .iter()
            .enumerate()
            .map(|(i, n)| customer(i as u128, n, ""))
            .collect();
        let index = SearchIndex::new(&customers);
        let longer = format!("{first}{more}");
        prop_assert_eq!(
            index.search_within(&longer, &index.search(&first)),
            index.search(&longer)
        );
    }

    #[test]
    fn folding_ignores_case(s in "[aeiouAEIOUéèêÉÈçÇüÜöÖßàÀ ]{0,12}") {
        prop_assert_eq!(fold(&s.to_uppercase()), fold(&s));
        prop_assert_eq!(fold(&s.to_lowercase()), fold(&s));
    }

    #[test]
    fn composed_and_decomposed_fold_alike(s in "[a-zA-ZéèêÉÈçÇüÜöÖßàÀñÑåÅ ]{0,12}") {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(fold(&nfc), fold(&nfd));
    }

    #[test]
    fn folding_twice_changes_nothing(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn normalising_twice_changes_nothing(s in any::<String>()) {
        let once = normalize_query(&s);
        prop_assert_eq!(normalize_query(&once), once);
    }

    #[test]
    fn search_finds_exactly_the_names_whose_fold_contains_the_query(
        names in prop::collection::vec("[aeiouAEIOUéèêÉÈçÇüÜöÖßàÀ ]{0,8}", 0..12),
        query in "[aeiouAEIOUéèêÉÈçÇüÜöÖßàÀ ]{0,3}",
    ) {
        // An empty domain and an all-zero ID, which no query of vowels can match.
        let customers: Vec<Customer> = names.iter().map(|n| customer(0, n, "")).collect();
        let q = normalize_query(&query);
        let expected: Vec<u32> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| fold(n).contains(&q))
            .map(|(i, _)| i as u32)
            .collect();
        prop_assert_eq!(SearchIndex::new(&customers).search(&query), expected);
    }
}
