//! Reading a customer file: its encoding, its separator and its header row, then its rows a
//! chunk at a time (so a page can read 100,000 rows without holding the main thread).

use encoding_rs::{DecoderResult, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::io::Cursor;
use std::sync::Arc;

use crate::i18n::Message;

/// How the file's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark (our exports, Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark: Excel's "Unicode text".
    Utf16Le,
    Utf16Be,
    /// Bytes that are not UTF-8: Excel's plain "CSV" on Windows in western Europe.
    Windows1252,
}

/// The file's text, whatever it was written in. Never fails: Windows-1252 maps every byte.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let mut decoding = Decoding::new(bytes);
    while !decoding.step(usize::MAX) {}
    decoding.finish()
}

/// A file's bytes being decoded a chunk at a time (see [`decode`]), so a page can decode
/// megabytes without holding the main thread: call [`Decoding::step`] until it says done.
///
/// ```
/// use clientele_domain::import::{decode, Decoding};
/// let bytes = "Société,Café\r\n".repeat(1000).into_bytes();
/// let mut decoding = Decoding::new(&bytes);
/// while !decoding.step(7) {}
/// assert_eq!(decoding.finish(), decode(&bytes));
/// ```
pub struct Decoding<'a> {
    bytes: &'a [u8],
    /// How far into `bytes` (after any byte-order mark) has been decoded.
    at: usize,
    text: String,
    encoding: Encoding,
    decoder: encoding_rs::Decoder,
}

impl<'a> Decoding<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let (encoding, bom, decoder) = if bytes.starts_with(b"\xEF\xBB\xBF") {
            (
                Encoding::Utf8Bom,
                3,
                UTF_8.new_decoder_without_bom_handling(),
            )
        } else if bytes.starts_with(b"\xFF\xFE") {
            (
                Encoding::Utf16Le,
                2,
                UTF_16LE.new_decoder_without_bom_handling(),
            )
        } else if bytes.starts_with(b"\xFE\xFF") {
            (
                Encoding::Utf16Be,
                2,
                UTF_16BE.new_decoder_without_bom_handling(),
            )
        } else {
            // UTF-8 until a byte says otherwise (then Windows-1252 from the start).
            (Encoding::Utf8, 0, UTF_8.new_decoder_without_bom_handling())
        };
        Self {
            bytes: &bytes[bom..],
            at: 0,
            text: String::with_capacity(bytes.len()),
            encoding,
            decoder,
        }
    }

    /// Decodes up to `max_bytes` more of the file; true once all of it is decoded.
    pub fn step(&mut self, max_bytes: usize) -> bool {
        let end = self
            .at
            .saturating_add(max_bytes.max(1))
            .min(self.bytes.len());
        let last = end == self.bytes.len();
        let chunk = &self.bytes[self.at..end];
        if self.encoding == Encoding::Utf8 {
            self.text.reserve(
                self.decoder
                    .max_utf8_buffer_length_without_replacement(chunk.len())
                    .unwrap_or(chunk.len() * 3),
            );
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(chunk, &mut self.text, last);
            if let DecoderResult::Malformed(..) = result {
                // Not UTF-8 after all: Excel's plain "CSV", read again from the start.
                self.encoding = Encoding::Windows1252;
                self.decoder = WINDOWS_1252.new_decoder_without_bom_handling();
                self.text.clear();
                self.at = 0;
                return false;
            }
            self.at += read;
        } else {
            self.text.reserve(
                self.decoder
                    .max_utf8_buffer_length(chunk.len())
                    .unwrap_or(chunk.len() * 3),
            );
            let (_, read, _) = self.decoder.decode_to_string(chunk, &mut self.text, last);
            self.at += read;
        }
        last && self.at == self.bytes.len()
    }

    /// How far through the file, as (bytes decoded, bytes in all): for a `<progress>`.
    pub fn progress(&self) -> (usize, usize) {
        (self.at, self.bytes.len())
    }

    /// The text and how it was read (once [`Decoding::step`] has said done).
    pub fn finish(self) -> (String, Encoding) {
        (self.text, self.encoding)
    }
}

/// The separator of the first lines: of `,` `;` and tab, the one that appears the same
/// number of times (outside quotes) on most lines; a comma when none does.
pub fn detect_separator(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFFED_LINES)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for sep in [b'\t', b';', b','] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, sep)).collect();
        // The most common non-zero count, and on how many lines it is found.
        let mut agreeing = (0usize, 0usize);
        for &n in counts.iter().filter(|&&n| n > 0) {
            let lines_with_n = counts.iter().filter(|&&m| m == n).count();
            if (lines_with_n, n) > (agreeing.0, agreeing.1) {
                agreeing = (lines_with_n, n);
            }
        }
        if (agreeing.0, agreeing.1) > (best.1, best.2) {
            best = (sep, agreeing.0, agreeing.1);
        }
    }
    best.0
}

const SNIFFED_LINES: usize = 20;

fn count_outside_quotes(line: &str, sep: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == sep && !quoted
        })
        .count()
}

/// Why a file can't be read at all (as opposed to a row in error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// No row with two or more cells.
    NoHeader,
}

impl FileError {
    pub fn message(&self) -> Message {
        match self {
            Self::NoHeader => Message::new("import.file.no_header"),
        }
    }
}

/// A row as read: its line number in the file (1 = the first line) and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A customer file being read: its header row found, its other rows given out in chunks.
pub struct FileReader {
    pub encoding: Encoding,
    pub separator: u8,
    /// The header row's cells, trimmed.
    pub headers: Vec<String>,
    pub header_line: usize,
    /// Rows read while looking for the header, after it: given out first.
    pending: Vec<RawRow>,
    csv: Csv,
    done: bool,
    total_bytes: usize,
}

/// How many of the first rows may sit above the header (a title, a date, a blank row).
const HEADER_SEARCH_ROWS: usize = 20;

impl FileReader {
    /// Reads the file's start and finds its header row: the first of the first rows that
    /// names two or more of the known columns, or else the first with two or more cells.
    pub fn open(bytes: &[u8]) -> Result<Self, FileError> {
        let (text, encoding) = decode(bytes);
        Self::from_text(text.into(), encoding)
    }

    /// As [`FileReader::open`], for a file already decoded (a page decodes it a chunk at a
    /// time, once, and reads it again from the same text whenever the mapping changes).
    pub fn from_text(text: Arc<str>, encoding: Encoding) -> Result<Self, FileError> {
        let separator = detect_separator(&text);
        let total_bytes = text.len();
        let mut csv = Csv {
            reader: csv::ReaderBuilder::new()
                .delimiter(separator)
                .has_headers(false)
                .flexible(true)
                .from_reader(Cursor::new(Text(text))),
            counted: (0, 1),
        };
        let mut first = Vec::new();
        let mut done = false;
        while first.len() < HEADER_SEARCH_ROWS {
            match csv.next_row() {
                Some(row) => first.push(row),
                None => {
                    done = true;
                    break;
                }
            }
        }
        let filled = |r: &RawRow| r.cells.iter().filter(|c| !c.trim().is_empty()).count();
        let at = first
            .iter()
            .position(|r| super::mapping::known_headers(&r.cells) >= 2)
            .or_else(|| first.iter().position(|r| filled(r) >= 2))
            .ok_or(FileError::NoHeader)?;
        let mut pending = first.split_off(at);
        let header = pending.remove(0);
        Ok(FileReader {
            encoding,
            separator,
            headers: header.cells.iter().map(|c| c.trim().to_owned()).collect(),
            header_line: header.line,
            pending,
            csv,
            done,
            total_bytes,
        })
    }

    /// Up to `max` more rows (blank rows left out); empty once the file is read.
    pub fn next_rows(&mut self, max: usize) -> Vec<RawRow> {
        let mut out: Vec<RawRow> = Vec::with_capacity(max.min(4096));
        let from_pending = self.pending.len().min(max);
        out.extend(self.pending.drain(..from_pending));
        while out.len() < max && !self.done {
            match self.csv.next_row() {
                Some(row) => out.push(row),
                None => self.done = true,
            }
        }
        out.retain(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        out
    }

    /// Every remaining row (for tests and tools; a page reads in chunks).
    pub fn all_rows(&mut self) -> Vec<RawRow> {
        let mut all = Vec::new();
        loop {
            let chunk = self.next_rows(10_000);
            if chunk.is_empty() && self.is_done() {
                return all;
            }
            all.extend(chunk);
        }
    }

    pub fn is_done(&self) -> bool {
        self.done && self.pending.is_empty()
    }

    /// How far through the file, as (bytes read, bytes in all): for a `<progress>`.
    pub fn progress(&self) -> (usize, usize) {
        let read = if self.is_done() {
            self.total_bytes
        } else {
            self.csv.reader.position().byte() as usize
        };
        (read.min(self.total_bytes), self.total_bytes)
    }
}

/// A decoded file shared between its readers, as the bytes the csv crate reads.
struct Text(Arc<str>);

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The csv reader, and the line number of a byte offset counted so far: the csv crate's own
/// line numbers leave out blank lines, and a user looks for the line their editor shows.
struct Csv {
    reader: csv::Reader<Cursor<Text>>,
    /// (byte offset, line number at it)
    counted: (usize, usize),
}

impl Csv {
    /// The next record, or `None` at the end. A record the csv crate can't read (invalid
    /// UTF-8 cannot happen: the text was decoded) ends the file there.
    fn next_row(&mut self) -> Option<RawRow> {
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(true) => {
                let start = record.position().map_or(0, |p| p.byte() as usize);
                Some(RawRow {
                    line: self.line_at(start),
                    cells: record.iter().map(str::to_owned).collect(),
                })
            }
            _ => None,
        }
    }

    /// The line of the first character at or after `byte` that is not a line break.
    fn line_at(&mut self, byte: usize) -> usize {
        let bytes = self.reader.get_ref().get_ref().as_ref();
        let mut at = byte.min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        let (from, line) = self.counted;
        let line = line + memchr::memchr_iter(b'\n', &bytes[from.min(at)..at]).count();
        self.counted = (at, line);
        line
    }
}
