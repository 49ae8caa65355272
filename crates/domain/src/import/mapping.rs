//! Which column of a customer file holds which field: recognised for Partner Center's
//! Customers.csv and for our own exports (in any of the three header languages), otherwise
//! suggested by how much a header looks like a field's name.

use crate::i18n::{tr, Language, Message};
use crate::search::fold;

/// A field a customer file can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    CompanyName,
    Domain,
    Relationship,
    Reseller,
    /// Partner Center's optional "Tags": read and carried, not yet stored on a customer.
    Tags,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Self::Id,
        Self::CompanyName,
        Self::Domain,
        Self::Relationship,
        Self::Reseller,
        Self::Tags,
    ];

    /// A file can't be imported without a column for these.
    pub fn is_required(self) -> bool {
        matches!(self, Self::CompanyName | Self::Domain)
    }

    /// The field's name, as the "Column for {field}" selects say it.
    pub fn name(self) -> Message {
        Message::new(match self {
            Self::Id => "import.field.id",
            Self::CompanyName => "import.field.company_name",
            Self::Domain => "import.field.domain",
            Self::Relationship => "import.field.relationship",
            Self::Reseller => "import.field.reseller",
            Self::Tags => "import.field.tags",
        })
    }

    /// A stable name for element IDs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::CompanyName => "company-name",
            Self::Domain => "domain",
            Self::Relationship => "relationship",
            Self::Reseller => "reseller",
            Self::Tags => "tags",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|&f| f == self).expect("in ALL")
    }

    /// The headers this field is known by: Partner Center's, ours in every language, and
    /// the usual spreadsheet names.
    fn known_names(self) -> Vec<&'static str> {
        let ours = |key: &'static str| Language::ALL.into_iter().map(move |l| tr(l, key));
        let (mut names, others): (Vec<&'static str>, &[&'static str]) = match self {
            Self::Id => (
                ours("export.customers.id").collect(),
                &["Microsoft ID", "Tenant ID", "Customer tenant ID", "ID"],
            ),
            Self::CompanyName => (
                ours("export.customers.company_name").collect(),
                &[
                    "Customer name",
                    "Company",
                    "Organization",
                    "Organisation",
                    "Name",
                ],
            ),
            Self::Domain => (
                ours("export.customers.domain").collect(),
                &["Primary domain", "Domain name", "Domain"],
            ),
            Self::Relationship => (ours("export.customers.relationship").collect(), &[]),
            Self::Reseller => (ours("export.customers.reseller").collect(), &["Reseller"]),
            Self::Tags => (vec![], &["Tags", "Tag", "Étiquettes", "標籤"]),
        };
        names.extend_from_slice(others);
        names
    }
}

/// For each field, the column (0-based) that holds it, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping([Option<usize>; 6]);

impl Mapping {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.0[field.index()]
    }

    /// Sets a field's column; a column holds one field, so another field that had it loses it.
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        if column.is_some() {
            for c in self.0.iter_mut().filter(|c| **c == column) {
                *c = None;
            }
        }
        self.0[field.index()] = column;
    }

    /// The required fields that have no column.
    pub fn missing(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.is_required() && self.column(*f).is_none())
            .collect()
    }
}

/// What a file's headers were recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recognised {
    /// Every header is a field's known name (Partner Center's Customers.csv, our exports).
    Known,
    /// Some columns were matched by resemblance: check the selects.
    Suggested,
}

/// The columns for each field, by the best resemblance first (a column goes to one field).
pub fn suggest(headers: &[String]) -> (Mapping, Recognised) {
    let known: Vec<(Field, Vec<String>)> = Field::ALL
        .into_iter()
        .map(|f| (f, f.known_names().into_iter().map(normal).collect()))
        .collect();
    let mut scored: Vec<(u32, Field, usize)> = Vec::new();
    for (column, header) in headers.iter().enumerate() {
        let header = normal(header);
        if header.is_empty() {
            continue;
        }
        for (field, names) in &known {
            let score = names
                .iter()
                .map(|n| similarity(&header, n))
                .max()
                .unwrap_or(0);
            if score >= THRESHOLD {
                scored.push((score, *field, column));
            }
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut mapping = Mapping::default();
    let mut all_exact = true;
    for (score, field, column) in scored {
        let column_free = !mapping.0.contains(&Some(column));
        if mapping.column(field).is_none() && column_free {
            mapping.0[field.index()] = Some(column);
            all_exact &= score == EXACT;
        }
    }
    let recognised = if all_exact && mapping.missing().is_empty() {
        Recognised::Known
    } else {
        Recognised::Suggested
    };
    (mapping, recognised)
}

/// How many cells of a row are a field's known name: two or more make a header row.
pub fn known_headers(cells: &[String]) -> usize {
    let names: Vec<String> = Field::ALL
        .into_iter()
        .flat_map(Field::known_names)
        .map(normal)
        .collect();
    cells
        .iter()
        .filter(|c| {
            let c = normal(c);
            !c.is_empty() && names.contains(&c)
        })
        .count()
}

const EXACT: u32 = 100;
const THRESHOLD: u32 = 60;

/// Lowercase letters and digits of any script, without accents.
pub(super) fn normal(text: impl AsRef<str>) -> String {
    fold(text.as_ref())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// 100 for the same name; 80 when one holds the other ("Company" in "Company name");
/// else the Dice coefficient of their character pairs, in percent.
fn similarity(a: &str, b: &str) -> u32 {
    if a == b {
        return EXACT;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if short.chars().count() >= 4 && long.contains(short) {
        return 80;
    }
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (pa, mut pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return 0;
    }
    let total = pa.len() + pb.len();
    let mut shared = 0;
    for p in pa {
        if let Some(i) = pb.iter().position(|q| *q == p) {
            pb.swap_remove(i);
            shared += 1;
        }
    }
    (200 * shared / total) as u32
}
