//! The CSV writer under every export: RFC 4180 with the BOM and the formula-injection guard
//! (the module docs of [`crate::export`] say why), knowing nothing of customers.

use std::borrow::Cow;

use super::preferences::CsvFormat;

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
pub(super) const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

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

pub(super) struct Sheet(csv::Writer<Vec<u8>>);

impl Sheet {
    pub(super) fn new(rows: usize, row_bytes: usize, format: CsvFormat) -> Self {
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

    pub(super) fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        self.0
            .write_record(cells.into_iter().map(Guarded::from))
            .expect("rows of equal length write to memory");
    }

    pub(super) fn finish(self) -> Vec<u8> {
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
