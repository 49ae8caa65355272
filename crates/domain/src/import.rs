//! Importing customers from a CSV file: a Partner Center export (Customers.csv), one of our
//! own exports in any language, or any spreadsheet.
//!
//! Three layers, each usable alone: [`FileReader`] finds the encoding, the separator and
//! the header row and gives out rows a chunk at a time; [`suggest`] maps columns to
//! fields; a [`Planner`] checks each row and matches it with the book, building a [`Plan`]
//! whose [`Plan::change`] is the one write that imports it.
//!
//! ```
//! use clientele_domain::import::{suggest, Existing, FileReader, Planner};
//! use clientele_domain::model::CustomerId;
//! let file = "Microsoft ID,Company name,Primary domain name,Relationship\r\n\
//!             ,Contoso Ltd,contoso.com,Cloud Reseller\r\n";
//! let mut reader = FileReader::open(file.as_bytes()).unwrap();
//! let (mapping, _) = suggest(&reader.headers);
//! let mut next = 0u128;
//! let mut planner = Planner::new(mapping, Existing::Skip, vec![], &[], &[], "2026-12-01T00:00:00Z",
//!     move || { next += 1; CustomerId::from_u128(next) });
//! planner.add(reader.all_rows());
//! let plan = planner.finish();
//! assert_eq!(plan.new[0].company_name, "Contoso Ltd");
//! ```

mod mapping;
mod plan;
mod read;

pub use mapping::{known_headers, suggest, Field, Mapping, Recognised};
pub use plan::{
    errors_csv, relationship, Existing, Plan, Planner, PreviewRow, RowError, RowKind, RowProblem,
    PREVIEW_ROWS,
};
pub use read::{decode, detect_separator, Decoding, Encoding, FileError, FileReader, RawRow};

/// The name of the "Download the rows in error" file for an imported file's name:
/// "Customers.csv" gives "Customers-errors.csv".
pub fn errors_file_name(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    format!("{stem}-errors.csv")
}

#[cfg(test)]
mod tests;
