//! Instant search over the customer list: case- and accent-insensitive, CJK-aware.
//!
//! Text and query are both [`fold`]ed, so "José" is found by "jose" and "Straße" by
//! "strasse". Every customer's searchable fields are folded once into a [`SearchIndex`],
//! and a query is then a single substring scan over one buffer.
//!
//! ```
//! use clientele_domain::search::{fold, highlight};
//! assert_eq!(fold("Société Générale"), "societe generale");
//! assert_eq!(
//!     highlight("Société Générale", "generale"),
//!     [("Société ", false), ("Générale", true)]
//! );
//! ```

use memchr::memmem::Finder;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::model::Customer;

/// Folds text for matching: Unicode canonical decomposition (NFD), combining marks dropped,
/// lowercased, and the letters NFD doesn't decompose spelled out: ß→ss, ẞ→ss, æ→ae, œ→oe,
/// ø→o, đ→d, ł→l, ı→i, þ→th, ð→d (and Greek final ς→σ, so that a word typed in capitals
/// finds itself). Full-width Latin letters and digits (as typed by CJK input methods) become
/// ASCII and the ideographic space a space. CJK is left as is.
///
/// Why NFD plus a few rules rather than NFKD: NFKD's compatibility table costs some 50 KB of
/// wasm, and the only compatibility forms a person types into a customer search are the
/// full-width ones that CJK keyboards produce, handled by [`width_fold`].
///
/// Each character is folded on its own, so the folded text can be mapped back to the
/// original one character at a time (see [`highlight`]). Folding twice changes nothing.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// What the list's display order compares first: the company name folded as search folds
/// it, so the order can be read off the search index's keys (see [`SearchIndex::folded_name`]).
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_searchable(name, &mut out);
    out
}

fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        return push_ascii_lowercase(text, out);
    }
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// What search compares: the folded text with control characters dropped, except that tabs
/// and line breaks count as spaces (a name split over two lines shows as two words, and
/// "GmbH Bremen" should find "…GmbH\nBremen"). So no searchable text contains a control
/// character, and [`SEPARATOR`] can end the fields of the index.
fn fold_searchable(text: &str, out: &mut String) {
    // Every domain and ID, and most names: printable ASCII, folded as one run of bytes
    // (char by char, this was most of opening a list of 100,000).
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_control()) {
        return push_ascii_lowercase(text, out);
    }
    for c in text.chars() {
        fold_searchable_char(c, out);
    }
}

/// ASCII text folded as one run of bytes: what [`fold_char`] does to each of its chars.
fn push_ascii_lowercase(text: &str, out: &mut String) {
    let start = out.len();
    out.push_str(text);
    out[start..].make_ascii_lowercase();
}

fn fold_searchable_char(c: char, out: &mut String) {
    if !c.is_control() {
        fold_char(c, out);
    } else if c.is_whitespace() {
        out.push(' ');
    }
}

fn fold_char(c: char, out: &mut String) {
    // Most names and every domain and ID are ASCII: skip the Unicode tables for them.
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(narrow) = width_fold(c) {
        out.push(narrow.to_ascii_lowercase());
        return;
    }
    decompose_canonical(c, |part| {
        if is_combining_mark(part) {
            return;
        }
        for lower in part.to_lowercase() {
            match lower {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'þ' => out.push_str("th"),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                'ı' => out.push('i'),
                'ς' => out.push('σ'),
                // Lowercasing can itself yield a mark (İ → i + dot above).
                mark if is_combining_mark(mark) => {}
                other => out.push(other),
            }
        }
    });
}

/// The narrow form of a full-width ASCII character (U+FF01..U+FF5E) or the ideographic space.
fn width_fold(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// Normalises what the user typed: trims, folds, strips one leading "http://" or "https://" and
/// then one leading "www." (so "https://www.contoso.com" finds contoso.com), drops control
/// characters (a tab or line break counts as a space, as it does in the names searched).
///
/// The stripping is repeated until nothing more comes off, so that normalising an already
/// normalised query changes nothing (the web app normalises before it searches, and the
/// search normalises again).
pub fn normalize_query(query: &str) -> String {
    let mut folded = String::with_capacity(query.len());
    fold_searchable(query, &mut folded);
    let mut q = folded.trim();
    loop {
        let before = q.len();
        q = q
            .strip_prefix("https://")
            .or_else(|| q.strip_prefix("http://"))
            .unwrap_or(q);
        q = q.strip_prefix("www.").unwrap_or(q).trim_start();
        if q.len() == before {
            return q.to_string();
        }
    }
}

/// A customer's searchable text for a store that searches in SQL: the same folded fields
/// as [`SearchIndex`] (company name, primary domain, ID, each tag), each ended by a line break instead
/// of NUL (PostgreSQL text can't hold NUL). No folded field or normalised query contains a
/// line break, so `search_key(c).contains(&normalize_query(q))` is exactly whether the index
/// finds `c` for `q`.
pub fn search_key(customer: &Customer) -> String {
    let mut key = String::with_capacity(96);
    for field in [
        &customer.company_name,
        &customer.primary_domain,
        customer.id.as_str(),
    ] {
        fold_searchable(field, &mut key);
        key.push('\n');
    }
    for tag in &customer.tags {
        fold_searchable(tag, &mut key);
        key.push('\n');
    }
    key
}

/// Every customer's company name folded as [`name_key`] folds it, in one buffer: what the
/// list's display order sorts on when it opens, before (and without) the whole search index.
pub struct NameKeys {
    text: String,
    /// Where name `i` starts; one more entry than names, the last being `text.len()`.
    starts: Vec<usize>,
}

/// One text per customer, written by `push`, laid end to end: the buffer and where each
/// starts (one more entry than customers, the last being the buffer's length). `per` is
/// roughly how many bytes a customer takes; growing is fine if it's more.
fn end_to_end(
    customers: &[Customer],
    per: usize,
    push: impl Fn(&Customer, &mut String),
) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(customers.len() * per);
    let mut starts = Vec::with_capacity(customers.len() + 1);
    for c in customers {
        starts.push(text.len());
        push(c, &mut text);
    }
    starts.push(text.len());
    (text, starts)
}

impl NameKeys {
    pub fn new(customers: &[Customer]) -> Self {
        let (text, starts) = end_to_end(customers, 32, |c, text| {
            fold_searchable(&c.company_name, text)
        });
        Self { text, starts }
    }

    pub fn get(&self, i: usize) -> &str {
        &self.text[self.starts[i]..self.starts[i + 1]]
    }
}

/// Ends every field in the index. A control character: no searchable text contains one (see
/// [`fold_searchable`]), so no match can run from one field (or customer) into the next.
const SEPARATOR: char = '\0';

/// One precomputed folded key per customer (folded company name, folded primary domain, tags,
/// lowercase ID) laid end to end in one buffer, each field ended by a separator that no folded
/// query can contain, so a query is one substring scan over the buffer. Match positions map
/// back to customers through the table of key start offsets.
///
/// ```
/// use clientele_domain::{sample, search::SearchIndex};
/// let book = sample::generate(1, 300);
/// let index = SearchIndex::new(&book.customers);
/// let id = book.customers[42].id.as_str().to_uppercase();
/// assert!(index.search(&id[..13]).contains(&42));
/// ```
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    keys: String,
    /// Where customer `i`'s key starts; one more entry than customers, the last being
    /// `keys.len()`, so customer `i`'s key is `starts[i]..starts[i + 1]`.
    starts: Vec<usize>,
}

impl SearchIndex {
    pub fn new(customers: &[Customer]) -> Self {
        // Roughly a name, a domain and an ID per customer.
        let (keys, starts) = end_to_end(customers, 96, push_key);
        Self { keys, starts }
    }

    /// Puts `customer` at position `at`, moving the later ones up by one (a list that
    /// changed one row keeps its index without building it again).
    pub fn insert(&mut self, at: usize, customer: &Customer) {
        let mut key = String::with_capacity(96);
        push_key(customer, &mut key);
        let from = self.starts[at];
        self.keys.insert_str(from, &key);
        self.starts.insert(at, from);
        for s in &mut self.starts[at + 1..] {
            *s += key.len();
        }
    }

    /// Takes out the customer at position `at`, moving the later ones down by one.
    pub fn remove(&mut self, at: usize) {
        let (from, to) = (self.starts[at], self.starts[at + 1]);
        self.keys.drain(from..to);
        self.starts.remove(at + 1);
        for s in &mut self.starts[at + 1..] {
            *s -= to - from;
        }
    }

    /// Customer `i`'s company name as [`name_key`] folds it: its key's first field.
    pub fn folded_name(&self, i: usize) -> &str {
        let key = &self.keys[self.starts[i]..self.starts[i + 1]];
        key.find(SEPARATOR).map_or(key, |end| &key[..end])
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indices into the slice given to `new`, ascending. A blank query (after
    /// [`normalize_query`]) returns all.
    pub fn search(&self, query: &str) -> Vec<u32> {
        let q = normalize_query(query);
        if q.is_empty() {
            return (0..self.len() as u32).collect();
        }
        let finder = Finder::new(q.as_bytes());
        let keys = self.keys.as_bytes();
        let mut hits = Vec::new();
        let mut from = 0;
        let mut customer = 0;
        while let Some(found) = finder.find(&keys[from..]) {
            // Hits come in buffer order, so the customer holding this one is found by walking
            // on from the last: all the walks of one query add up to one pass over `starts`
            // (a binary search per hit cost twice as much when most customers match).
            let at = from + found;
            while self.starts[customer + 1] <= at {
                customer += 1;
            }
            hits.push(customer as u32);
            // One hit is enough for a customer: go on with the next one's key.
            customer += 1;
            from = self.starts[customer];
        }
        hits
    }

    /// The same, but only among `within` (ascending indices); used when a new query extends
    /// the previous one (typing another letter), so only the previous hits are re-checked.
    /// Indices beyond the index's length are dropped.
    pub fn search_within(&self, query: &str, within: &[u32]) -> Vec<u32> {
        let q = normalize_query(query);
        let in_range = |&&i: &&u32| (i as usize) < self.len();
        if q.is_empty() {
            return within.iter().filter(in_range).copied().collect();
        }
        let finder = Finder::new(q.as_bytes());
        within
            .iter()
            .filter(in_range)
            .copied()
            .filter(|&i| finder.find(self.key(i as usize)).is_some())
            .collect()
    }

    fn key(&self, customer: usize) -> &[u8] {
        &self.keys.as_bytes()[self.starts[customer]..self.starts[customer + 1]]
    }
}

/// A customer's key: folded company name, folded primary domain, ID and each tag, each ended by the
/// separator.
fn push_key(c: &Customer, keys: &mut String) {
    // IDs are stored lowercase; folding them costs nothing and keeps that a non-issue.
    // Tags are searched too, each as a field of its own.
    for field in [&c.company_name, &c.primary_domain, c.id.as_str()]
        .into_iter()
        .chain(c.tags.iter().map(String::as_str))
    {
        fold_searchable(field, keys);
        keys.push(SEPARATOR);
    }
}

/// Where one character of the original text went in the folded text.
struct Folded {
    text_start: usize,
    text_end: usize,
    fold_start: usize,
    fold_end: usize,
}

/// Splits `text` into (segment, is_match) pieces for highlighting every non-overlapping
/// occurrence of the (normalised, folded) query in the folded text, mapped back to the
/// ORIGINAL text's char boundaries (e.g. highlight("Société Générale", "generale") marks
/// "Générale"; highlight("Straße", "strasse") marks "Straße"). Concatenating the segments gives
/// back `text` exactly. Blank query → one unmatched segment.
///
/// A match that ends inside a character's folded form (the first "s" of "ß") marks the whole
/// character; combining marks after a marked character are marked with it; touching matches
/// are joined into one segment.
pub fn highlight<'a>(text: &'a str, query: &str) -> Vec<(&'a str, bool)> {
    let q = normalize_query(query);
    if q.is_empty() {
        return vec![(text, false)];
    }
    let mut folded = String::with_capacity(text.len());
    let mut chars = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let fold_start = folded.len();
        fold_searchable_char(c, &mut folded);
        chars.push(Folded {
            text_start: at,
            text_end: at + c.len_utf8(),
            fold_start,
            fold_end: folded.len(),
        });
    }
    let mut marked: Vec<(usize, usize)> = Vec::new();
    for (start, found) in folded.match_indices(q.as_str()) {
        let end = start + found.len();
        let first = chars.partition_point(|c| c.fold_end <= start);
        let mut last = chars.partition_point(|c| c.fold_start < end) - 1;
        while chars
            .get(last + 1)
            .is_some_and(|c| c.fold_start == c.fold_end)
        {
            last += 1;
        }
        let (from, to) = (chars[first].text_start, chars[last].text_end);
        match marked.last_mut() {
            Some(previous) if from <= previous.1 => previous.1 = previous.1.max(to),
            _ => marked.push((from, to)),
        }
    }
    let mut segments = Vec::with_capacity(marked.len() * 2 + 1);
    let mut at = 0;
    for (from, to) in marked {
        if from > at {
            segments.push((&text[at..from], false));
        }
        segments.push((&text[from..to], true));
        at = to;
    }
    if at < text.len() || segments.is_empty() {
        segments.push((&text[at..], false));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    fn customer(n: u128, name: &str, domain: &str) -> Customer {
        Customer::new(
            CustomerId::from_u128(n),
            name,
            domain,
            "2026-01-01T00:00:00Z",
        )
    }

    fn index(names: &[(&str, &str)]) -> SearchIndex {
        let customers: Vec<Customer> = names
            .iter()
            .enumerate()
            .map(|(i, (name, domain))| customer(0xabc0 + i as u128, name, domain))
            .collect();
        SearchIndex::new(&customers)
    }

    fn finds(name: &str, query: &str) -> bool {
        index(&[(name, "example.com")]).search(query) == [0]
    }

    #[test]
    fn the_sql_search_key_finds_what_the_index_finds() {
        let book = crate::sample::generate(5, 200);
        let index = SearchIndex::new(&book.customers);
        let keys: Vec<String> = book.customers.iter().map(search_key).collect();
        for q in [
            "",
            "a",
            "GmbH",
            "contoso",
            "Straße",
            ".com",
            "e\tb",
            "https://www.x",
            "00",
            "\u{FF21}",
        ] {
            let want = index.search(q);
            let got: Vec<u32> = (0..keys.len() as u32)
                .filter(|&i| keys[i as usize].contains(&normalize_query(q)))
                .collect();
            assert_eq!(got, want, "{q:?}");
        }
    }

    #[test]
    fn jose_finds_jose_with_an_accent() {
        assert!(finds("José Services", "jose"));
    }

    #[test]
    fn societe_finds_societe_with_accents() {
        assert!(finds("Société Générale de Façades", "societe"));
    }

    #[test]
    fn accented_query_finds_plain_name() {
        assert!(finds("Societe Generale", "Société"));
    }

    #[test]
    fn strasse_finds_strasse_with_sharp_s() {
        assert!(finds("Straße Bau GmbH", "strasse"));
    }

    #[test]
    fn sharp_s_query_finds_strasse() {
        assert!(finds("Strasse Bau GmbH", "STRAßE"));
    }

    #[test]
    fn capitals_with_accents_find_lowercase() {
        assert!(finds("école Jeanne d'Arc", "ÉCOLE"));
    }

    #[test]
    fn lowercase_finds_capitals_with_accents() {
        assert!(finds("ÉCOLE Jeanne d'Arc", "école"));
    }

    #[test]
    fn cjk_prefix_finds_cjk_name() {
        assert!(finds("台灣微軟顧問有限公司", "台灣"));
    }

    #[test]
    fn cjk_query_does_not_find_other_cjk() {
        assert!(!finds("台北雲端整合股份有限公司", "台灣"));
    }

    #[test]
    fn full_width_query_finds_ascii() {
        assert!(finds("Contoso Ltd", "ＣＯＮＴＯＳＯ"));
    }

    #[test]
    fn www_query_finds_primary_domain() {
        let ix = index(&[("Other", "fabrikam.com"), ("Contoso", "contoso.com")]);
        assert_eq!(ix.search("www.contoso.com"), [1]);
    }

    #[test]
    fn https_query_finds_primary_domain() {
        let ix = index(&[("Other", "fabrikam.com"), ("Contoso", "contoso.com")]);
        assert_eq!(ix.search("https://contoso.com"), [1]);
    }

    #[test]
    fn https_www_query_finds_primary_domain() {
        let ix = index(&[("Other", "fabrikam.com"), ("Contoso", "contoso.com")]);
        assert_eq!(ix.search("  HTTPS://WWW.Contoso.com "), [1]);
    }

    #[test]
    fn part_of_the_id_in_capitals_finds_the_customer() {
        let ix = index(&[("A", "a.com"), ("B", "b.com")]);
        // Customer 1's ID is 00000000-0000-0000-0000-00000000abc1.
        assert_eq!(ix.search("0000-00000000ABC1"), [1]);
    }

    #[test]
    fn no_match_across_name_and_domain() {
        assert!(!finds("Contoso", "contosoexample"));
    }

    #[test]
    fn no_match_across_domain_and_id() {
        // The domain ends in "m" and the ID starts with "0".
        assert!(!finds("Contoso", "com0"));
    }

    #[test]
    fn no_match_across_two_customers() {
        let ix = index(&[("Alpha", "alpha.com"), ("Beta", "beta.com")]);
        let boundary = format!("{}beta", &CustomerId::from_u128(0xabc0).as_str()[30..]);
        assert!(ix.search(&boundary).is_empty());
    }

    #[test]
    fn no_match_across_a_line_break_in_a_name() {
        assert!(!finds("Nordlicht GmbH\nZweigniederlassung", "gmbhzweig"));
    }

    #[test]
    fn a_line_break_in_a_name_counts_as_a_space() {
        assert!(finds("Nordlicht GmbH\nZweigniederlassung", "gmbh zweig"));
    }

    #[test]
    fn a_name_with_a_line_break_finds_itself() {
        assert!(finds("A\r\nB", "A\r\nB"));
    }

    #[test]
    fn blank_query_returns_everyone() {
        let ix = index(&[("A", "a.com"), ("B", "b.com"), ("C", "c.com")]);
        assert_eq!(ix.search(" \t "), [0, 1, 2]);
    }

    #[test]
    fn results_are_ascending_and_listed_once() {
        let ix = index(&[("Zz", "zz.com"), ("Y", "y.com"), ("Zzz", "zzz.com")]);
        assert_eq!(ix.search("z"), [0, 2]);
    }

    #[test]
    fn search_within_rechecks_only_the_given_rows() {
        let ix = index(&[
            ("Contoso", "c.com"),
            ("Contour", "d.com"),
            ("Contoso 2", "e.com"),
        ]);
        assert_eq!(ix.search_within("contos", &[0, 1]), [0]);
    }

    #[test]
    fn search_within_blank_keeps_the_given_rows() {
        let ix = index(&[("A", "a.com"), ("B", "b.com")]);
        assert_eq!(ix.search_within("", &[1, 7]), [1]);
    }

    #[test]
    fn empty_index_finds_nothing() {
        assert!(SearchIndex::new(&[]).search("a").is_empty());
    }

    #[test]
    fn empty_index_is_empty() {
        assert!(SearchIndex::new(&[]).is_empty());
    }

    #[test]
    fn full_width_letters_and_digits_fold_to_ascii() {
        assert_eq!(fold("ＣＯＮＴＯＳＯ　２０２６"), "contoso 2026");
    }

    #[test]
    fn fold_spells_out_letters_nfd_keeps() {
        assert_eq!(fold("ẞÆŒØĐŁıÞÐ"), "ssaeoeodlithd");
    }

    #[test]
    fn fold_is_stable() {
        let once = fold("İstanbul Ǆemal ﬁn Ωhm ΣΟΦΟΣ ｶﾀｶﾅ");
        assert_eq!(fold(&once), once);
    }

    #[test]
    fn final_sigma_folds_like_sigma() {
        assert_eq!(fold("ΣΟΦΟΣ"), fold("σοφος"));
    }

    #[test]
    fn normalize_query_drops_control_characters() {
        assert_eq!(normalize_query("con\u{7}toso\u{0}"), "contoso");
    }

    #[test]
    fn normalize_query_reads_a_tab_as_a_space() {
        assert_eq!(normalize_query("contoso\tltd\n"), "contoso ltd");
    }

    #[test]
    fn normalize_query_strips_scheme_then_www() {
        assert_eq!(normalize_query("http://www.Contoso.com/"), "contoso.com/");
    }

    #[test]
    fn normalize_query_twice_changes_nothing() {
        let once = normalize_query("https://www.https:// www.x");
        assert_eq!(normalize_query(&once), once);
    }

    #[test]
    fn highlight_marks_the_accented_word() {
        assert_eq!(
            highlight("Société Générale", "generale"),
            [("Société ", false), ("Générale", true)]
        );
    }

    #[test]
    fn highlight_marks_sharp_s() {
        assert_eq!(highlight("Straße", "strasse"), [("Straße", true)]);
    }

    #[test]
    fn highlight_half_of_sharp_s_marks_all_of_it() {
        assert_eq!(
            highlight("Straße", "stras"),
            [("Straß", true), ("e", false)]
        );
    }

    #[test]
    fn highlight_keeps_combining_marks_with_their_letter() {
        assert_eq!(
            highlight("Cafe\u{301} Lumie\u{300}re", "cafe"),
            [("Cafe\u{301}", true), (" Lumie\u{300}re", false)]
        );
    }

    #[test]
    fn highlight_marks_every_occurrence() {
        assert_eq!(
            highlight("Ana, Ána y ANA", "ana"),
            [
                ("Ana", true),
                (", ", false),
                ("Ána", true),
                (" y ", false),
                ("ANA", true)
            ]
        );
    }

    #[test]
    fn highlight_joins_touching_matches() {
        assert_eq!(highlight("abab!", "ab"), [("abab", true), ("!", false)]);
    }

    #[test]
    fn highlight_cjk() {
        assert_eq!(
            highlight("台灣微軟顧問有限公司", "微軟"),
            [("台灣", false), ("微軟", true), ("顧問有限公司", false)]
        );
    }

    #[test]
    fn highlight_domain_for_www_query() {
        assert_eq!(
            highlight("contoso.com", "www.contoso"),
            [("contoso", true), (".com", false)]
        );
    }

    #[test]
    fn highlight_blank_query_is_one_plain_segment() {
        assert_eq!(highlight("Contoso", "  "), [("Contoso", false)]);
    }

    #[test]
    fn highlight_without_a_match_is_one_plain_segment() {
        assert_eq!(highlight("Contoso", "xyz"), [("Contoso", false)]);
    }

    proptest::proptest! {
        /// The ASCII fast paths fold exactly as folding char by char does.
        #[test]
        fn ascii_runs_fold_as_each_char_does(text in r"[ -~\t\n\x{0}\x{7f}éß台]{0,24}") {
            let (mut by_char, mut searchable) = (String::new(), String::new());
            for c in text.chars() {
                fold_char(c, &mut by_char);
                fold_searchable_char(c, &mut searchable);
            }
            proptest::prop_assert_eq!(fold(&text), by_char);
            proptest::prop_assert_eq!(name_key(&text), searchable);
        }
    }
}
