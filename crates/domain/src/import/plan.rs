//! What importing a file's rows would do: each row checked (with its line number and the
//! reason when it is refused), matched against the book and the rows before it by
//! Microsoft ID and by primary domain, and sorted into new customers, updates, skipped
//! rows and rows in error. Nothing is written until the plan becomes a [`Change`].

use std::collections::HashMap;

use super::mapping::{normal, Field, Mapping};
use super::read::RawRow;
use crate::book::Change;
use crate::company_name::{tidied_name_error, tidy_company_name, NameError};
use crate::export::{write_csv, Cell};
use crate::i18n::{tr, Language, Message};
use crate::model::{Customer, CustomerId, ImportId, Relationship, Reseller, ResellerId};
use crate::validate::is_domain;

/// What to do with a row whose customer is already in the book.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Existing {
    /// "Skip existing customers": the book's record is kept as it is.
    #[default]
    Skip,
    /// "Update existing customers": the columns the file has replace the book's values.
    Update,
}

/// Why a row can't be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowError {
    BadGuid(String),
    EmptyName,
    /// A name the company-name rules refuse (other than empty).
    NameRefused(NameError),
    EmptyDomain,
    NotADomain(String),
    UnknownRelationship(String),
    UnknownReseller(String),
    /// The same Microsoft ID or primary domain as an earlier row of the file.
    DuplicateInFile {
        line: usize,
    },
    /// The ID or the domain of a customer whose relationship was removed.
    RemovedCustomer,
    /// The ID is one customer's and the domain another's.
    IdAndDomainDisagree,
    /// A tag the tag rules refuse (too long, a control character, a case-only duplicate...).
    BadTags(crate::tags::TagError),
}

impl RowError {
    pub fn message(&self) -> Message {
        match self {
            Self::BadGuid(id) => Message::new("import.error.bad_guid").arg("id", id),
            Self::EmptyName => Message::new("import.error.empty_name"),
            Self::NameRefused(why) => why.message(),
            Self::EmptyDomain => Message::new("import.error.empty_domain"),
            Self::NotADomain(d) => Message::new("import.error.not_a_domain").arg("domain", d),
            Self::UnknownRelationship(r) => {
                Message::new("import.error.relationship").arg("text", r)
            }
            Self::UnknownReseller(r) => Message::new("import.error.reseller").arg("name", r),
            Self::DuplicateInFile { line } => {
                Message::new("import.error.duplicate").arg("line", line)
            }
            Self::RemovedCustomer => Message::new("import.error.removed"),
            Self::IdAndDomainDisagree => Message::new("import.error.id_and_domain"),
            Self::BadTags(why) => why.message(),
        }
    }
}

/// A row in error: where, what it held, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub cells: Vec<String>,
    pub error: RowError,
}

/// What a row will do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    New,
    Update,
    Skipped,
    Error,
}

/// A row as it will be imported, for the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub line: usize,
    pub kind: RowKind,
    /// The customer as it will be (for an error, what could be read of it).
    pub customer: Customer,
    pub tags: Vec<String>,
    pub error: Option<RowError>,
}

/// How many preview rows are kept.
pub const PREVIEW_ROWS: usize = 20;

/// What an import would do; built row by row by [`Planner::add`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub new: Vec<Customer>,
    /// (as in the book, as the file makes it)
    pub updates: Vec<(Customer, Customer)>,
    /// Rows of customers already in the book that are left as they are (skipped, or
    /// already as the file says).
    pub skipped: usize,
    pub errors: Vec<RowProblem>,
    pub preview: Vec<PreviewRow>,
    /// Partner Center's tags per customer imported or updated, for when customers have tags.
    pub tags: Vec<(CustomerId, Vec<String>)>,
}

impl Plan {
    /// The one write that imports it, all or nothing, as import `id` (made once per plan:
    /// a server resumes an import sent again under the same ID).
    pub fn change(&self, id: &ImportId, file_name: &str) -> Change {
        Change::ImportFile {
            id: id.clone(),
            file_name: file_name.to_owned(),
            customers: self.new.clone(),
            updates: self.updates.clone(),
            skipped: self.skipped,
            errors: self.errors.len(),
        }
    }

    /// The write that takes import `id` back out, once it is done.
    pub fn undo(&self, id: &ImportId, file_name: &str) -> Change {
        Change::UndoImport {
            id: id.clone(),
            file_name: file_name.to_owned(),
            added: self.new.clone(),
            updated: self.updates.clone(),
        }
    }

    /// Whether "Undo import" can still be offered: every customer the import wrote is in
    /// `book` exactly as the import left it. One pass over the book, whatever its size.
    pub fn undo_possible(&self, book: &[Customer]) -> bool {
        let written: HashMap<&CustomerId, &Customer> = self
            .new
            .iter()
            .chain(self.updates.iter().map(|(_, after)| after))
            .map(|c| (&c.id, c))
            .collect();
        let as_left = book
            .iter()
            .filter(|c| written.get(&c.id).is_some_and(|w| *w == *c))
            .count();
        as_left == written.len()
    }

    /// How many customers the import writes.
    pub fn writes(&self) -> usize {
        self.new.len() + self.updates.len()
    }
}

/// Sorts a file's rows into a [`Plan`], a chunk at a time.
pub struct Planner {
    mapping: Mapping,
    existing: Existing,
    created_at: String,
    book: Vec<Customer>,
    by_id: HashMap<CustomerId, usize>,
    by_domain: HashMap<String, usize>,
    removed_ids: HashMap<CustomerId, ()>,
    removed_domains: HashMap<String, ()>,
    resellers: HashMap<String, ResellerId>,
    seen_ids: HashMap<CustomerId, usize>,
    seen_domains: HashMap<String, usize>,
    new_id: Box<dyn FnMut() -> CustomerId>,
    pub plan: Plan,
}

/// A row's fields as read, before they are matched with the book. `None`: no column.
struct Read {
    id: Option<CustomerId>,
    name: Option<String>,
    domain: Option<String>,
    relationship: Option<Relationship>,
    reseller: Option<Option<ResellerId>>,
    /// `None` when the file has no Tags column (an update then keeps the customer's).
    tags: Option<Vec<String>>,
}

impl Planner {
    /// `book` and `removed`: the customers the book has, with and without a relationship.
    /// `created_at` is the creation time given to new customers; `new_id` makes their IDs
    /// when the file has none.
    pub fn new(
        mapping: Mapping,
        existing: Existing,
        book: Vec<Customer>,
        removed: &[Customer],
        resellers: &[Reseller],
        created_at: impl Into<String>,
        new_id: impl FnMut() -> CustomerId + 'static,
    ) -> Planner {
        let by_id = book
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let by_domain = book
            .iter()
            .enumerate()
            .map(|(i, c)| (c.primary_domain.to_lowercase(), i))
            .collect();
        Planner {
            mapping,
            existing,
            created_at: created_at.into(),
            by_id,
            by_domain,
            book,
            removed_ids: removed.iter().map(|c| (c.id.clone(), ())).collect(),
            removed_domains: removed
                .iter()
                .map(|c| (c.primary_domain.to_lowercase(), ()))
                .collect(),
            resellers: resellers
                .iter()
                .map(|r| (normal(&r.name), r.id.clone()))
                .collect(),
            seen_ids: HashMap::new(),
            seen_domains: HashMap::new(),
            new_id: Box::new(new_id),
            plan: Plan::default(),
        }
    }

    /// Sorts these rows into the plan.
    pub fn add(&mut self, rows: Vec<RawRow>) {
        for row in rows {
            self.add_row(row);
        }
    }

    pub fn finish(self) -> Plan {
        self.plan
    }

    fn add_row(&mut self, row: RawRow) {
        let read = match self.read(&row) {
            Ok(read) => read,
            Err(error) => return self.refuse(row, error),
        };
        let found_by_id = read.id.as_ref().and_then(|id| self.by_id.get(id).copied());
        let domain_key = read.domain.as_ref().map(|d| d.to_lowercase());
        let found_by_domain = domain_key
            .as_ref()
            .and_then(|d| self.by_domain.get(d).copied());
        let earlier = read
            .id
            .as_ref()
            .and_then(|id| self.seen_ids.get(id))
            .or_else(|| domain_key.as_ref().and_then(|d| self.seen_domains.get(d)));
        if let Some(&line) = earlier {
            return self.refuse(row, RowError::DuplicateInFile { line });
        }
        let removed = read
            .id
            .as_ref()
            .is_some_and(|id| self.removed_ids.contains_key(id))
            || domain_key
                .as_ref()
                .is_some_and(|d| self.removed_domains.contains_key(d));
        if removed {
            return self.refuse(row, RowError::RemovedCustomer);
        }
        let matched = match (&read.id, found_by_id, found_by_domain) {
            (_, Some(a), Some(b)) if a != b => {
                return self.refuse(row, RowError::IdAndDomainDisagree)
            }
            // An ID the book lacks with a domain the book has: two customers, one domain.
            (Some(_), None, Some(_)) => return self.refuse(row, RowError::IdAndDomainDisagree),
            (_, Some(i), _) | (None, None, Some(i)) => Some(i),
            (_, None, None) => None,
        };
        let (kind, customer) = match matched {
            Some(i) => {
                let before = self.book[i].clone();
                let after = updated(&before, &read);
                if self.existing == Existing::Update && after != before {
                    self.plan.updates.push((before, after.clone()));
                    (RowKind::Update, after)
                } else {
                    self.plan.skipped += 1;
                    (RowKind::Skipped, before)
                }
            }
            None => {
                let id = read.id.clone().unwrap_or_else(|| (self.new_id)());
                let mut c = Customer::new(
                    id,
                    read.name.clone().unwrap_or_default(),
                    read.domain.clone().unwrap_or_default(),
                    self.created_at.clone(),
                );
                c.relationship = read.relationship.unwrap_or(Relationship::Reseller);
                c.reseller_id = read.reseller.clone().flatten();
                c.tags = read.tags.clone().unwrap_or_default();
                self.plan.new.push(c.clone());
                (RowKind::New, c)
            }
        };
        self.seen_ids.insert(customer.id.clone(), row.line);
        self.seen_domains
            .insert(customer.primary_domain.to_lowercase(), row.line);
        let tags = read.tags.clone().unwrap_or_default();
        if !tags.is_empty() && kind != RowKind::Skipped {
            self.plan.tags.push((customer.id.clone(), tags.clone()));
        }
        self.preview(row.line, kind, customer, tags, None);
    }

    fn refuse(&mut self, row: RawRow, error: RowError) {
        let cell = |f: Field| {
            self.mapping
                .column(f)
                .and_then(|i| row.cells.get(i))
                .map_or("", |c| c.trim())
                .to_owned()
        };
        let shown = Customer::new(
            CustomerId::from_u128(0),
            cell(Field::CompanyName),
            cell(Field::Domain),
            "",
        );
        self.preview(row.line, RowKind::Error, shown, vec![], Some(error.clone()));
        self.plan.errors.push(RowProblem {
            line: row.line,
            cells: row.cells,
            error,
        });
    }

    fn preview(
        &mut self,
        line: usize,
        kind: RowKind,
        customer: Customer,
        tags: Vec<String>,
        error: Option<RowError>,
    ) {
        if self.plan.preview.len() < PREVIEW_ROWS {
            self.plan.preview.push(PreviewRow {
                line,
                kind,
                customer,
                tags,
                error,
            });
        }
    }

    /// A row's fields, checked one by one; the first that is wrong refuses the row.
    fn read(&self, row: &RawRow) -> Result<Read, RowError> {
        let cell = |f: Field| {
            self.mapping
                .column(f)
                .map(|i| unguard(row.cells.get(i).map_or("", |c| c.trim())))
        };
        let id = match cell(Field::Id) {
            None | Some("") => None,
            Some(text) => {
                Some(CustomerId::parse(text).map_err(|_| RowError::BadGuid(text.to_owned()))?)
            }
        };
        let name = match cell(Field::CompanyName) {
            None => None,
            Some(text) => {
                let name = tidy_company_name(text);
                match tidied_name_error(&name) {
                    None => Some(name),
                    Some(NameError::Empty) => return Err(RowError::EmptyName),
                    Some(e) => return Err(RowError::NameRefused(e)),
                }
            }
        };
        let domain = match cell(Field::Domain) {
            None => None,
            Some("") => return Err(RowError::EmptyDomain),
            Some(text) => {
                let domain = text.to_lowercase();
                if !is_domain(&domain) {
                    return Err(RowError::NotADomain(text.to_owned()));
                }
                Some(domain)
            }
        };
        let relationship = match cell(Field::Relationship) {
            None | Some("") => None,
            Some(text) => {
                Some(relationship(text).ok_or_else(|| RowError::UnknownRelationship(text.into()))?)
            }
        };
        let reseller = match cell(Field::Reseller) {
            None => None,
            Some("") => Some(None),
            Some(text) => Some(Some(
                self.resellers
                    .get(&normal(text))
                    .cloned()
                    .ok_or_else(|| RowError::UnknownReseller(text.into()))?,
            )),
        };
        // Partner Center separates tags with ";" or ","; ours with ", ". The same rules as
        // tags typed in the app.
        let tags = match cell(Field::Tags) {
            Some(t) => {
                let pieces: Vec<String> = t
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
                Some(crate::tags::check_tags(&pieces).map_err(RowError::BadTags)?)
            }
            None => None,
        };
        Ok(Read {
            id,
            name,
            domain,
            relationship,
            reseller,
            tags,
        })
    }
}

/// A cell without the apostrophe our exports (and careful spreadsheets) put before a
/// formula's first character so it shows as text: "'=1+1" was the text "=1+1".
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) => rest,
        _ => cell,
    }
}

/// `before` with the fields the row has; the ID and creation time stay.
fn updated(before: &Customer, read: &Read) -> Customer {
    let mut after = before.clone();
    if let Some(name) = &read.name {
        after.company_name = name.clone();
    }
    if let Some(domain) = &read.domain {
        after.primary_domain = domain.clone();
    }
    if let Some(r) = read.relationship {
        after.relationship = r;
    }
    if let Some(r) = &read.reseller {
        after.reseller_id = r.clone();
    }
    if let Some(tags) = &read.tags {
        after.tags = tags.clone();
    }
    after
}

/// Our relationship for a file's text: our labels in any language, and Partner Center's
/// ("Cloud Reseller", "Reseller", with or without delegated admin).
pub fn relationship(text: &str) -> Option<Relationship> {
    let text = normal(text);
    for lang in Language::ALL {
        for r in Relationship::ALL {
            if normal(crate::export::relationship_label(lang, r)) == text {
                return Some(r);
            }
        }
    }
    let delegated = ["delegat", "admin", "gdap", "dap", "委派"];
    let reseller = ["reseller", "revendeur", "經銷商", "csp"];
    if delegated.iter().any(|d| text.contains(d)) {
        Some(Relationship::ResellerWithDelegatedAdmin)
    } else if reseller.iter().any(|r| text.contains(r)) {
        Some(Relationship::Reseller)
    } else {
        None
    }
}

/// "Download the rows in error": the file's own columns, then the line and the reason, so
/// the rows can be fixed in the spreadsheet and imported again.
pub fn errors_csv(headers: &[String], errors: &[RowProblem], lang: Language) -> Vec<u8> {
    let line_header = tr(lang, "import.errors.line");
    let reason_header = tr(lang, "import.errors.reason");
    let mut columns: Vec<&str> = headers.iter().map(String::as_str).collect();
    columns.extend([line_header, reason_header]);
    let reasons: Vec<(String, String)> = errors
        .iter()
        .map(|p| (p.line.to_string(), p.error.message().text(lang)))
        .collect();
    write_csv(
        &columns,
        errors.iter().zip(&reasons).map(|(p, (line, reason))| {
            let mut cells: Vec<Cell> = (0..headers.len())
                .map(|i| Cell::Text(p.cells.get(i).map_or("", String::as_str)))
                .collect();
            cells.push(Cell::Text(line));
            cells.push(Cell::Text(reason));
            cells
        }),
    )
}
