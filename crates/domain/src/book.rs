//! The in-memory customer book and its stored form. Every store applies writes here first,
//! so the rules (no duplicate IDs, unknown IDs reported) are the same for every backend.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::activity::{Action, Entry, Stamp};
use crate::catalogue;
use crate::company_name::{check_company_name, tidy_company_name};
use crate::i18n::Message;
use crate::model::{
    Customer, CustomerId, ImportId, Subscription, SubscriptionId, SubscriptionStatus,
};
use crate::settings::Settings;
use crate::tags::{check_tags, joined, TagEdit};

/// The version of the stored layout. Bump it when the layout changes and teach
/// [`decode_stored`] to read the older one.
///
/// 2 added the removed customers and the activity log. Version 1 reads as a book with
/// neither; a version-1 app refuses a version-2 book instead of dropping its log.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
    /// Customers whose relationship was removed, kept unchanged so they can be reinstated.
    #[serde(default)]
    pub removed: Vec<RemovedCustomer>,
    /// Oldest first; appended to, never trimmed.
    #[serde(default)]
    pub activity: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedCustomer {
    pub customer: Customer,
    pub removed_at_ms: i64,
    pub removed_by: String,
}

/// Every write to a book. Each is applied whole or not at all, together with its log entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Customers added one by one (the wizard): an entry per customer and per subscription.
    AddCustomers {
        customers: Vec<Customer>,
        subscriptions: Vec<Subscription>,
    },
    /// A bulk load (sample data): one entry for the lot, so the log stays readable.
    ImportCustomers {
        customers: Vec<Customer>,
        subscriptions: Vec<Subscription>,
    },
    /// A customer file imported (Customers → Import customers): its new customers and its
    /// updates to existing ones, all or nothing, logged as one "Customers imported" entry
    /// with the counts and the file name.
    ImportFile {
        /// The import's ID: a server sends it in batches under it, and undoes it by it.
        id: ImportId,
        file_name: String,
        customers: Vec<Customer>,
        /// Customers of the book (as previewed, as the file leaves them): one that is no
        /// longer as previewed (another tab or a teammate changed it since) refuses the
        /// import, so nobody's change is overwritten unseen.
        updates: Vec<(Customer, Customer)>,
        /// Rows left out, for the log: already in the book, or in error.
        skipped: usize,
        errors: usize,
    },
    /// One batch of a [`Change::ImportFile`] sent to a server: its records, checked by the
    /// same rules, without its log entry, which [`Change::ImportClosed`] writes once for
    /// the whole file.
    ImportBatch {
        customers: Vec<Customer>,
        /// (as previewed, as the file leaves them)
        updates: Vec<(Customer, Customer)>,
    },
    /// The end of an import sent in batches: its one "Customers imported" entry, with the
    /// file's name and the totals.
    ImportClosed {
        file_name: String,
        added: usize,
        updated: usize,
        skipped: usize,
        errors: usize,
    },
    /// An import taken back out: the customers it added leave the book, those it updated
    /// are as they were, as long as nothing else has changed them since.
    UndoImport {
        id: ImportId,
        file_name: String,
        added: Vec<Customer>,
        /// (before the import, as the import left it)
        updated: Vec<(Customer, Customer)>,
    },
    /// The whole book replaced by a backup's (Settings → Storage), in one transaction.
    RestoreBackup(Box<Restore>),
    RenameCustomer {
        id: CustomerId,
        name: String,
    },
    SetQuantity {
        id: SubscriptionId,
        quantity: u32,
    },
    SetStatus {
        id: SubscriptionId,
        status: SubscriptionStatus,
    },
    RemoveRelationship {
        id: CustomerId,
    },
    ReinstateRelationship {
        id: CustomerId,
    },
    /// A tag added to or removed from these customers (one, from its account page, or a
    /// selection in the list): all or none of them, an entry per customer changed.
    EditTags {
        ids: Vec<CustomerId>,
        edit: TagEdit,
    },
    /// The relationships of these customers removed at once (a selection in the list): none
    /// is removed if any has an active subscription. A customer already removed is left as
    /// it is, so a batch sent again after a lost answer does nothing more.
    RemoveRelationships {
        ids: Vec<CustomerId>,
    },
    /// An action that changes no record but belongs in the log (an invitation drafted, an
    /// export). `details` goes in the entry's Details column.
    Record {
        action: Action,
        customer_id: Option<CustomerId>,
        details: String,
    },
}

/// What [`Change::RestoreBackup`] writes: made by [`crate::backup::restore_change`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    /// The book as the backup has it; its `activity` holds only the backup's entries that
    /// the log lacks: the log loses nothing, and gains one "Book restored" entry.
    pub book: Book,
    /// Every customer the book has now, active or removed, so a store that loads only what
    /// a change touches loads them all, with their subscriptions, and takes out those the
    /// backup lacks.
    pub replaced: Vec<CustomerId>,
    pub written_at_ms: i64,
    /// The settings to store with the records, in the same write (`None`: keep them). The
    /// book holds no settings: the store writes them beside what [`Book::apply`] changed.
    pub settings: Option<Settings>,
}

/// The records a change reads or writes, named by ID. A store that keeps the book elsewhere
/// (a database) loads these customers (active or removed), these subscriptions, every
/// subscription of these customers and the customer of each of these subscriptions into a
/// [`Book`], applies the change to it with [`Book::apply`], and writes back what changed:
/// the rules and log entries are then exactly those of the whole book.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touches {
    pub customers: Vec<CustomerId>,
    pub subscriptions: Vec<SubscriptionId>,
    /// False when the change never reads these customers' subscriptions (tagging), so a
    /// store may skip loading them; a store that loads them anyway gets the same result.
    pub skip_customer_subscriptions: bool,
}

impl Change {
    pub fn touches(&self) -> Touches {
        fn customers_of<T: OfCustomer>(customers: &[Customer], others: &[T]) -> Vec<CustomerId> {
            // New customers must be looked up (a duplicate is refused), and so must the
            // customers their subscriptions name (or, for an import, the customers updated).
            let mut ids: Vec<CustomerId> = customers.iter().map(|c| c.id.clone()).collect();
            ids.extend(others.iter().map(|s| s.customer_id().clone()));
            ids.sort();
            ids.dedup();
            ids
        }
        match self {
            Change::AddCustomers {
                customers,
                subscriptions,
            }
            | Change::ImportCustomers {
                customers,
                subscriptions,
            } => Touches {
                customers: customers_of(customers, subscriptions),
                subscriptions: vec![],
                skip_customer_subscriptions: false,
            },
            Change::ImportFile {
                customers, updates, ..
            }
            | Change::ImportBatch { customers, updates } => {
                let afters: Vec<&Customer> = updates.iter().map(|(_, after)| after).collect();
                Touches {
                    customers: customers_of(customers, &afters),
                    subscriptions: vec![],
                    skip_customer_subscriptions: false,
                }
            }
            Change::ImportClosed { .. } => Touches::default(),
            Change::UndoImport { added, updated, .. } => {
                let mut ids: Vec<CustomerId> = added.iter().map(|c| c.id.clone()).collect();
                ids.extend(updated.iter().map(|(before, _)| before.id.clone()));
                Touches {
                    customers: ids,
                    subscriptions: vec![],
                    skip_customer_subscriptions: false,
                }
            }
            Change::RestoreBackup(r) => {
                let mut ids = r.replaced.clone();
                ids.extend(r.book.customers.iter().map(|c| c.id.clone()));
                ids.extend(r.book.removed.iter().map(|x| x.customer.id.clone()));
                ids.extend(r.book.subscriptions.iter().map(|s| s.customer_id.clone()));
                ids.sort();
                ids.dedup();
                Touches {
                    customers: ids,
                    subscriptions: vec![],
                    skip_customer_subscriptions: false,
                }
            }
            Change::RenameCustomer { id, .. }
            | Change::RemoveRelationship { id }
            | Change::ReinstateRelationship { id } => Touches {
                customers: vec![id.clone()],
                subscriptions: vec![],
                skip_customer_subscriptions: false,
            },
            Change::EditTags { ids, .. } => Touches {
                customers: ids.clone(),
                subscriptions: vec![],
                skip_customer_subscriptions: true,
            },
            Change::RemoveRelationships { ids } => Touches {
                customers: ids.clone(),
                subscriptions: vec![],
                skip_customer_subscriptions: false,
            },
            Change::SetQuantity { id, .. } | Change::SetStatus { id, .. } => Touches {
                customers: vec![],
                subscriptions: vec![id.clone()],
                skip_customer_subscriptions: false,
            },
            Change::Record { customer_id, .. } => Touches {
                customers: customer_id.iter().cloned().collect(),
                subscriptions: vec![],
                skip_customer_subscriptions: false,
            },
        }
    }
}

/// A record that belongs to a customer: what [`Change::touches`] looks up.
trait OfCustomer {
    fn customer_id(&self) -> &CustomerId;
}

impl OfCustomer for Subscription {
    fn customer_id(&self) -> &CustomerId {
        &self.customer_id
    }
}

impl OfCustomer for Customer {
    fn customer_id(&self) -> &CustomerId {
        &self.id
    }
}

impl OfCustomer for &Customer {
    fn customer_id(&self) -> &CustomerId {
        &self.id
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookError {
    DuplicateCustomer(CustomerId),
    CustomerNotFound(CustomerId),
    SubscriptionNotFound(SubscriptionId),
    /// A company name the rules reject; the message says why.
    InvalidName(Message),
    /// A quantity outside the offer's bounds, or on a subscription that is not active.
    InvalidQuantity(Message),
    StatusChange {
        from: SubscriptionStatus,
        to: SubscriptionStatus,
    },
    /// The relationship can't be removed while these subscriptions are active.
    ActiveSubscriptions(Vec<SubscriptionId>),
    NotRemoved(CustomerId),
    /// [`Change::Record`] was given an action that changes records.
    NotARecord(Action),
    /// A tag the rules refuse (see [`crate::tags`]); the message says why.
    InvalidTag(Message),
    /// An import can't be undone: this customer has changed since.
    ChangedSinceImport(CustomerId),
    /// An import would update this customer, which has changed since the preview.
    ChangedSincePreview(CustomerId),
}

impl BookError {
    /// What went wrong, in any language.
    pub fn message(&self) -> Message {
        match self {
            Self::DuplicateCustomer(id) => Message::new("rules.book.duplicate").arg("id", id),
            Self::CustomerNotFound(id) => {
                Message::new("rules.book.customer_not_found").arg("id", id)
            }
            Self::SubscriptionNotFound(id) => {
                Message::new("rules.book.subscription_not_found").arg("id", id)
            }
            Self::InvalidName(why) | Self::InvalidQuantity(why) | Self::InvalidTag(why) => {
                why.clone()
            }
            Self::StatusChange { from, to } => Message::new("rules.book.status_change")
                .term("from", from.name())
                .term("to", to.name()),
            Self::ActiveSubscriptions(ids) if ids.len() == 1 => {
                Message::new("rules.book.active_subscriptions.one")
            }
            Self::ActiveSubscriptions(ids) => {
                Message::new("rules.book.active_subscriptions.other").count("n", ids.len() as u64)
            }
            Self::NotRemoved(id) => Message::new("rules.book.not_removed").arg("id", id),
            Self::NotARecord(a) => Message::new("rules.book.not_a_record").arg("action", a.label()),
            Self::ChangedSinceImport(id) => {
                Message::new("rules.book.changed_since_import").arg("id", id)
            }
            Self::ChangedSincePreview(id) => {
                Message::new("rules.book.changed_since_preview").arg("id", id)
            }
        }
    }
}

/// In English; [`BookError::message`] for the user's language.
impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for BookError {}

impl SubscriptionStatus {
    /// The changes a partner can make: suspend and reactivate, and cancel (for good).
    pub fn can_become(self, to: SubscriptionStatus) -> bool {
        use SubscriptionStatus::*;
        matches!(
            (self, to),
            (Active, Suspended) | (Suspended, Active) | (Active | Suspended | Pending, Cancelled)
        )
    }
}

impl Book {
    pub fn customer(&self, id: &CustomerId) -> Option<&Customer> {
        self.customers.iter().find(|c| &c.id == id)
    }

    pub fn removed_customer(&self, id: &CustomerId) -> Option<&RemovedCustomer> {
        self.removed.iter().find(|r| &r.customer.id == id)
    }

    pub fn subscriptions_of(&self, id: &CustomerId) -> Vec<Subscription> {
        self.subscriptions
            .iter()
            .filter(|s| &s.customer_id == id)
            .cloned()
            .collect()
    }

    /// What stands in the way of removing the relationship: its active subscriptions (as in
    /// Partner Center, they must be cancelled or suspended first). Empty when it can go.
    pub fn removal_blockers(&self, id: &CustomerId) -> Vec<&Subscription> {
        self.subscriptions
            .iter()
            .filter(|s| &s.customer_id == id && blocks_removal(s))
            .collect()
    }

    /// Applies a change and appends its log entries, or changes nothing and says why.
    pub fn apply(&mut self, change: Change, stamp: &Stamp) -> Result<(), BookError> {
        let mut log = Vec::new();
        self.apply_records(change, stamp, &mut log)?;
        self.activity.extend(log);
        Ok(())
    }

    fn apply_records(
        &mut self,
        change: Change,
        stamp: &Stamp,
        log: &mut Vec<Entry>,
    ) -> Result<(), BookError> {
        let entry = |customer: &Customer, action: Action| Entry {
            at_ms: stamp.at_ms,
            customer_id: Some(customer.id.clone()),
            customer_name: customer.company_name.clone(),
            action,
            subject: String::new(),
            before: String::new(),
            after: String::new(),
            by: stamp.by.clone(),
        };
        match change {
            Change::AddCustomers {
                mut customers,
                subscriptions,
            } => {
                tidy_tags(&mut customers)?;
                self.check_new(&customers, &subscriptions)?;
                for c in &customers {
                    log.push(Entry {
                        after: c.primary_domain.clone(),
                        ..entry(c, Action::CustomerAdded)
                    });
                    for s in subscriptions.iter().filter(|s| s.customer_id == c.id) {
                        log.push(Entry {
                            subject: s.offer_name.clone(),
                            after: licences(s.quantity),
                            ..entry(c, Action::SubscriptionBought)
                        });
                    }
                }
                self.customers.extend(customers);
                self.subscriptions.extend(subscriptions);
            }
            Change::ImportCustomers {
                mut customers,
                subscriptions,
            } => {
                tidy_tags(&mut customers)?;
                self.check_new(&customers, &subscriptions)?;
                log.push(Entry {
                    at_ms: stamp.at_ms,
                    customer_id: None,
                    customer_name: String::new(),
                    action: Action::CustomersImported,
                    subject: String::new(),
                    before: String::new(),
                    after: format!(
                        "{} customers, {} subscriptions",
                        crate::list::with_commas(customers.len()),
                        crate::list::with_commas(subscriptions.len())
                    ),
                    by: stamp.by.clone(),
                });
                self.customers.extend(customers);
                self.subscriptions.extend(subscriptions);
            }
            Change::ImportFile {
                id: _,
                file_name,
                customers,
                updates,
                skipped,
                errors,
            } => {
                let (added, updated) = (customers.len(), updates.len());
                self.import_records(customers, updates)?;
                log.push(imported_entry(
                    stamp, file_name, added, updated, skipped, errors,
                ));
            }
            Change::ImportBatch { customers, updates } => {
                self.import_records(customers, updates)?;
            }
            Change::ImportClosed {
                file_name,
                added,
                updated,
                skipped,
                errors,
            } => {
                log.push(imported_entry(
                    stamp, file_name, added, updated, skipped, errors,
                ));
            }
            Change::UndoImport {
                id: _,
                file_name,
                added,
                updated,
            } => {
                // Maps, not a scan per customer: an import may have written 100,000.
                let now: HashMap<&CustomerId, &Customer> =
                    self.customers.iter().map(|c| (&c.id, c)).collect();
                let with_subscriptions: HashSet<&CustomerId> =
                    self.subscriptions.iter().map(|s| &s.customer_id).collect();
                for c in added.iter().chain(updated.iter().map(|(_, after)| after)) {
                    if now.get(&c.id) != Some(&c) {
                        return Err(BookError::ChangedSinceImport(c.id.clone()));
                    }
                }
                // A customer the import added has no subscription unless one was bought
                // since; an updated one may have had them all along (putting its fields
                // back leaves them as they are).
                if let Some(c) = added.iter().find(|c| with_subscriptions.contains(&c.id)) {
                    return Err(BookError::ChangedSinceImport(c.id.clone()));
                }
                let gone: HashSet<&CustomerId> = added.iter().map(|c| &c.id).collect();
                let restored: HashMap<&CustomerId, &Customer> = updated
                    .iter()
                    .map(|(before, _)| (&before.id, before))
                    .collect();
                self.customers.retain(|c| !gone.contains(&c.id));
                for c in &mut self.customers {
                    if let Some(before) = restored.get(&c.id) {
                        *c = (*before).clone();
                    }
                }
                log.push(Entry {
                    at_ms: stamp.at_ms,
                    customer_id: None,
                    customer_name: String::new(),
                    action: Action::ImportUndone,
                    subject: file_name,
                    before: String::new(),
                    after: format!(
                        "{} taken out, {} restored",
                        crate::list::with_commas(added.len()),
                        crate::list::with_commas(updated.len())
                    ),
                    by: stamp.by.clone(),
                });
            }
            Change::RestoreBackup(restore) => {
                let Restore {
                    book,
                    written_at_ms,
                    ..
                } = *restore;
                let n = crate::list::with_commas;
                let summary = format!(
                    "{} customers, {} subscriptions, {} removed customers",
                    n(book.customers.len()),
                    n(book.subscriptions.len()),
                    n(book.removed.len())
                );
                self.customers = book.customers;
                self.subscriptions = book.subscriptions;
                self.removed = book.removed;
                log.extend(book.activity);
                log.push(Entry {
                    at_ms: stamp.at_ms,
                    customer_id: None,
                    customer_name: String::new(),
                    action: Action::BookRestored,
                    subject: format!(
                        "Backup of {}",
                        crate::time::date_from_unix_ms(written_at_ms)
                    ),
                    before: String::new(),
                    after: summary,
                    by: stamp.by.clone(),
                });
            }
            Change::RenameCustomer { id, name } => {
                let name = tidy_company_name(&name);
                if let Some(e) = check_company_name(&name).error {
                    return Err(BookError::InvalidName(e.message()));
                }
                let c = self
                    .customers
                    .iter_mut()
                    .find(|c| c.id == id)
                    .ok_or(BookError::CustomerNotFound(id))?;
                if c.company_name != name {
                    log.push(Entry {
                        before: c.company_name.clone(),
                        after: name.clone(),
                        ..entry(c, Action::CompanyNameUpdated)
                    });
                    c.company_name = name;
                }
            }
            Change::SetQuantity { id, quantity } => {
                let s = self.subscription_mut(&id)?;
                if s.status != SubscriptionStatus::Active {
                    return Err(BookError::InvalidQuantity(
                        Message::new("rules.book.quantity_not_active")
                            .term("status", s.status.name()),
                    ));
                }
                if let Some(offer) = catalogue::offer_named(&s.offer_name) {
                    catalogue::parse_licences(&quantity.to_string(), offer)
                        .map_err(|e| BookError::InvalidQuantity(e.message()))?;
                } else if quantity == 0 {
                    return Err(BookError::InvalidQuantity(Message::new(
                        "rules.licences.below_one",
                    )));
                }
                let before = std::mem::replace(&mut s.quantity, quantity);
                if before != quantity {
                    let (subject, cid) = (s.offer_name.clone(), s.customer_id.clone());
                    let c = self.customer_or_removed(&cid);
                    log.push(Entry {
                        subject,
                        before: licences(before),
                        after: licences(quantity),
                        ..entry(&c, Action::QuantityChanged)
                    });
                }
            }
            Change::SetStatus { id, status } => {
                let s = self.subscription_mut(&id)?;
                if s.status == status {
                    return Ok(());
                }
                if !s.status.can_become(status) {
                    return Err(BookError::StatusChange {
                        from: s.status,
                        to: status,
                    });
                }
                let before = std::mem::replace(&mut s.status, status);
                let (subject, cid) = (s.offer_name.clone(), s.customer_id.clone());
                let c = self.customer_or_removed(&cid);
                log.push(Entry {
                    subject,
                    before: before.label().into(),
                    after: status.label().into(),
                    ..entry(&c, Action::StatusChanged)
                });
            }
            Change::RemoveRelationship { id } => {
                let blockers: Vec<SubscriptionId> = self
                    .removal_blockers(&id)
                    .iter()
                    .map(|s| s.id.clone())
                    .collect();
                if !blockers.is_empty() {
                    return Err(BookError::ActiveSubscriptions(blockers));
                }
                let at = self
                    .customers
                    .iter()
                    .position(|c| c.id == id)
                    .ok_or(BookError::CustomerNotFound(id))?;
                let customer = self.customers.remove(at);
                log.push(entry(&customer, Action::RelationshipRemoved));
                self.removed.push(RemovedCustomer {
                    customer,
                    removed_at_ms: stamp.at_ms,
                    removed_by: stamp.by.clone(),
                });
            }
            Change::EditTags { ids, edit } => {
                // A selection may be large: customers are found through a map, not a scan.
                let at: std::collections::HashMap<CustomerId, usize> = self
                    .customers
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.id.clone(), i))
                    .collect();
                // Every customer's new tags first, so a refusal leaves all of them as they were.
                let mut now = Vec::new();
                for id in ids {
                    let &i = at.get(&id).ok_or(BookError::CustomerNotFound(id))?;
                    let c = &self.customers[i];
                    if let Some(tags) = edit.applied(&c.tags).map_err(|e| tag_error(c, e))? {
                        now.push((i, tags));
                    }
                }
                for (i, tags) in now {
                    let c = &mut self.customers[i];
                    if c.tags == tags {
                        continue; // the same customer named twice
                    }
                    log.push(Entry {
                        before: joined(&c.tags),
                        after: joined(&tags),
                        ..entry(c, Action::TagsChanged)
                    });
                    c.tags = tags;
                }
            }
            Change::RemoveRelationships { ids } => {
                let active: HashSet<&CustomerId> = self.customers.iter().map(|c| &c.id).collect();
                let removed: HashSet<&CustomerId> =
                    self.removed.iter().map(|r| &r.customer.id).collect();
                let mut leaving = HashSet::new();
                for id in &ids {
                    if removed.contains(id) {
                        continue;
                    }
                    if !active.contains(id) {
                        return Err(BookError::CustomerNotFound(id.clone()));
                    }
                    leaving.insert(id.clone());
                }
                let blockers: Vec<SubscriptionId> = self
                    .subscriptions
                    .iter()
                    .filter(|s| leaving.contains(&s.customer_id) && blocks_removal(s))
                    .map(|s| s.id.clone())
                    .collect();
                if !blockers.is_empty() {
                    return Err(BookError::ActiveSubscriptions(blockers));
                }
                let (gone, kept): (Vec<Customer>, Vec<Customer>) =
                    std::mem::take(&mut self.customers)
                        .into_iter()
                        .partition(|c| leaving.contains(&c.id));
                self.customers = kept;
                // In the order asked, so the log reads as the selection did.
                let mut gone: std::collections::HashMap<CustomerId, Customer> =
                    gone.into_iter().map(|c| (c.id.clone(), c)).collect();
                for id in ids {
                    if let Some(customer) = gone.remove(&id) {
                        log.push(entry(&customer, Action::RelationshipRemoved));
                        self.removed.push(RemovedCustomer {
                            customer,
                            removed_at_ms: stamp.at_ms,
                            removed_by: stamp.by.clone(),
                        });
                    }
                }
            }
            Change::ReinstateRelationship { id } => {
                let at = self
                    .removed
                    .iter()
                    .position(|r| r.customer.id == id)
                    .ok_or(BookError::NotRemoved(id))?;
                let customer = self.removed.remove(at).customer;
                log.push(entry(&customer, Action::RelationshipReinstated));
                self.customers.push(customer);
            }
            Change::Record {
                action,
                customer_id,
                details,
            } => {
                if !matches!(
                    action,
                    Action::InvitationDrafted
                        | Action::CustomersExported
                        | Action::SubscriptionsExported
                ) {
                    return Err(BookError::NotARecord(action));
                }
                let name = customer_id
                    .as_ref()
                    .map(|id| self.customer_or_removed(id).company_name)
                    .unwrap_or_default();
                log.push(Entry {
                    at_ms: stamp.at_ms,
                    customer_id,
                    customer_name: name,
                    action,
                    subject: String::new(),
                    before: String::new(),
                    after: details,
                    by: stamp.by.clone(),
                });
            }
        }
        Ok(())
    }

    /// New customers must not repeat an ID, and their subscriptions must belong to a
    /// customer of the book or of the change.
    /// A file's new customers and its updates, all or none: refused if a new one is already
    /// here, a name is refused, or an updated customer is missing or no longer as
    /// previewed.
    fn import_records(
        &mut self,
        customers: Vec<Customer>,
        updates: Vec<(Customer, Customer)>,
    ) -> Result<(), BookError> {
        self.check_new(&customers, &[])?;
        for c in customers
            .iter()
            .chain(updates.iter().map(|(_, after)| after))
        {
            // Only the error (not the warnings): an import may hold 100,000 names.
            if let Some(e) = crate::company_name::tidied_name_error(&c.company_name) {
                return Err(BookError::InvalidName(e.message()));
            }
        }
        // By ID, not a scan per update: a file may update 100,000 customers.
        let at: HashMap<CustomerId, usize> = self
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        for (before, after) in &updates {
            let Some(&i) = at.get(&after.id) else {
                return Err(BookError::CustomerNotFound(after.id.clone()));
            };
            if self.customers[i] != *before {
                return Err(BookError::ChangedSincePreview(after.id.clone()));
            }
        }
        for (_, after) in updates {
            let i = at[&after.id];
            self.customers[i] = after;
        }
        self.customers.extend(customers);
        Ok(())
    }

    fn check_new(
        &self,
        customers: &[Customer],
        subscriptions: &[Subscription],
    ) -> Result<(), BookError> {
        let mut seen: HashSet<&CustomerId> = self.customers.iter().map(|c| &c.id).collect();
        seen.extend(self.removed.iter().map(|r| &r.customer.id));
        for c in customers {
            if !seen.insert(&c.id) {
                return Err(BookError::DuplicateCustomer(c.id.clone()));
            }
        }
        match subscriptions
            .iter()
            .find(|s| !seen.contains(&s.customer_id))
        {
            Some(s) => Err(BookError::CustomerNotFound(s.customer_id.clone())),
            None => Ok(()),
        }
    }

    fn subscription_mut(&mut self, id: &SubscriptionId) -> Result<&mut Subscription, BookError> {
        self.subscriptions
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or_else(|| BookError::SubscriptionNotFound(id.clone()))
    }

    /// The customer a subscription belongs to, removed or not (a copy, for a log entry).
    fn customer_or_removed(&self, id: &CustomerId) -> Customer {
        self.customer(id)
            .or_else(|| self.removed_customer(id).map(|r| &r.customer))
            .cloned()
            .unwrap_or_else(|| Customer::new(id.clone(), "", "", ""))
    }
}

/// Of one customer's subscriptions, those that keep its relationship from being removed.
pub fn removal_blockers(subscriptions: &[Subscription]) -> Vec<&Subscription> {
    subscriptions.iter().filter(|s| blocks_removal(s)).collect()
}

/// New customers' tags, trimmed; refused as a tag is on the account page.
fn tidy_tags(customers: &mut [Customer]) -> Result<(), BookError> {
    for c in customers.iter_mut().filter(|c| !c.tags.is_empty()) {
        c.tags = check_tags(&c.tags).map_err(|e| tag_error(c, e))?;
    }
    Ok(())
}

/// A refused tag, naming the customer (a selection may hold many).
fn tag_error(c: &Customer, e: crate::tags::TagError) -> BookError {
    BookError::InvalidTag(
        Message::new("rules.tag.of_customer")
            .arg("name", &c.company_name)
            .term("why", e.message()),
    )
}

fn blocks_removal(s: &Subscription) -> bool {
    s.status == SubscriptionStatus::Active
}

/// The Details of a "Customers imported" entry for a file.
/// An import's one "Customers imported" entry: the file's name and what was done.
fn imported_entry(
    stamp: &Stamp,
    file_name: String,
    added: usize,
    updated: usize,
    skipped: usize,
    errors: usize,
) -> Entry {
    Entry {
        at_ms: stamp.at_ms,
        customer_id: None,
        customer_name: String::new(),
        action: Action::CustomersImported,
        subject: file_name,
        before: String::new(),
        after: import_counts(added, updated, skipped, errors),
        by: stamp.by.clone(),
    }
}

fn import_counts(new: usize, updated: usize, skipped: usize, errors: usize) -> String {
    let n = crate::list::with_commas;
    format!(
        "{} new, {} updated, {} skipped, {} in error",
        n(new),
        n(updated),
        n(skipped),
        n(errors)
    )
}

fn licences(n: u32) -> String {
    format!("{n} licence{}", if n == 1 { "" } else { "s" })
}

/// What is written to storage: the data with the schema version it was written in.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    schema: u32,
    data: T,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Written by a newer Clientele: reading it could lose fields, so it is left alone.
    NewerSchema(u32),
    /// Not JSON of the expected shape (edited by hand, truncated, another app's key...).
    Malformed(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NewerSchema(v) => write!(
                f,
                "it was saved by a newer version of Clientele (schema {v}; this one reads {SCHEMA_VERSION})"
            ),
            Self::Malformed(why) => write!(f, "it is not readable ({why})"),
        }
    }
}

impl std::error::Error for DecodeError {}

pub fn encode_stored<T: Serialize>(data: &T) -> String {
    serde_json::to_string(&Envelope {
        schema: SCHEMA_VERSION,
        data,
    })
    .expect("records serialize to JSON")
}

pub fn decode_stored<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    #[derive(Deserialize)]
    struct Version {
        schema: u32,
    }
    let version: Version =
        serde_json::from_str(text).map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if version.schema > SCHEMA_VERSION {
        return Err(DecodeError::NewerSchema(version.schema));
    }
    serde_json::from_str::<Envelope<T>>(text)
        .map(|e| e.data)
        .map_err(|e| DecodeError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn errors_read_in_english_by_default_and_in_the_user_s_language_on_demand() {
        use crate::i18n::Language;
        let one = BookError::ActiveSubscriptions(vec![SubscriptionId::from_u128(1)]);
        let two = BookError::ActiveSubscriptions(vec![
            SubscriptionId::from_u128(1),
            SubscriptionId::from_u128(2),
        ]);
        assert_eq!(
            one.to_string(),
            "The customer still has 1 active subscription: cancel or suspend it first."
        );
        assert_eq!(
            two.to_string(),
            "The customer still has 2 active subscriptions: cancel or suspend them first."
        );
        assert_eq!(
            two.message().text(Language::French),
            "Le client a encore 2 abonnements actifs : annulez-les ou suspendez-les d’abord."
        );
        let name = BookError::InvalidName(crate::company_name::NameError::Empty.message());
        assert_eq!(name.to_string(), "Enter the company's legal name.");
        assert_eq!(
            name.message().text(Language::TraditionalChinese),
            "請輸入公司的法定名稱。"
        );
    }

    fn book() -> Book {
        let s = sample::generate(7, 20);
        Book {
            customers: s.customers,
            subscriptions: s.subscriptions,
            ..Book::default()
        }
    }

    #[test]
    fn stored_book_round_trips() {
        let b = book();
        assert_eq!(decode_stored::<Book>(&encode_stored(&b)).unwrap(), b);
    }

    #[test]
    fn a_newer_schema_is_refused_not_misread() {
        let text = r#"{"schema":99,"data":{"customers":[]}}"#;
        assert_eq!(
            decode_stored::<Book>(text),
            Err(DecodeError::NewerSchema(99))
        );
    }

    #[test]
    fn garbage_is_malformed() {
        for text in [
            "",
            "{",
            "[1,2]",
            r#"{"schema":1,"data":{"customers":[{"id":"x"}]}}"#,
        ] {
            assert!(matches!(
                decode_stored::<Book>(text),
                Err(DecodeError::Malformed(_))
            ));
        }
    }

    fn stamp() -> Stamp {
        Stamp {
            at_ms: 1_795_281_336_000,
            by: "Ada Admin".into(),
        }
    }

    fn last(b: &Book) -> &Entry {
        b.activity.last().expect("an entry was written")
    }

    #[test]
    fn a_version_1_book_reads_with_no_log_and_no_removed() {
        let text = r#"{"schema":1,"data":{"customers":[],"subscriptions":[]}}"#;
        let b: Book = decode_stored(text).unwrap();
        assert!(b.activity.is_empty() && b.removed.is_empty());
    }

    #[test]
    fn adding_a_duplicate_changes_nothing() {
        let mut b = book();
        let before = b.clone();
        let mut again = vec![b.customers[3].clone()];
        again[0].company_name = "Other".into();
        let change = Change::AddCustomers {
            customers: again,
            subscriptions: vec![],
        };
        assert_eq!(
            b.apply(change, &stamp()),
            Err(BookError::DuplicateCustomer(before.customers[3].id.clone()))
        );
        assert_eq!(b, before);
    }

    #[test]
    fn adding_logs_each_customer_and_subscription() {
        let mut b = Book::default();
        let s = sample::generate(3, 2);
        let change = Change::AddCustomers {
            customers: s.customers.clone(),
            subscriptions: s.subscriptions.clone(),
        };
        b.apply(change, &stamp()).unwrap();
        let added = b
            .activity
            .iter()
            .filter(|e| e.action == Action::CustomerAdded)
            .count();
        let bought = b
            .activity
            .iter()
            .filter(|e| e.action == Action::SubscriptionBought)
            .count();
        assert_eq!((added, bought), (2, s.subscriptions.len()));
        assert!(b.activity.iter().all(|e| e.by == "Ada Admin"));
    }

    #[test]
    fn an_import_is_one_entry() {
        let mut b = Book::default();
        let s = sample::generate(3, 30);
        let change = Change::ImportCustomers {
            customers: s.customers,
            subscriptions: s.subscriptions,
        };
        b.apply(change, &stamp()).unwrap();
        assert_eq!(b.activity.len(), 1);
        assert!(last(&b).details().starts_with("30 customers"));
    }

    #[test]
    fn a_subscription_of_an_unknown_customer_is_refused() {
        let mut b = book();
        let mut stray = b.subscriptions[0].clone();
        stray.customer_id = CustomerId::from_u128(99);
        let change = Change::AddCustomers {
            customers: vec![],
            subscriptions: vec![stray],
        };
        assert!(matches!(
            b.apply(change, &stamp()),
            Err(BookError::CustomerNotFound(_))
        ));
    }

    #[test]
    fn rename_changes_only_the_name_and_logs_old_and_new() {
        let mut b = book();
        let old = b.customers[0].clone();
        let change = Change::RenameCustomer {
            id: old.id.clone(),
            name: "  Contoso   Pharmaceuticals Ltd ".into(),
        };
        b.apply(change, &stamp()).unwrap();
        let new = b.customer(&old.id).unwrap();
        assert_eq!(new.company_name, "Contoso Pharmaceuticals Ltd");
        assert_eq!(
            Customer {
                company_name: old.company_name.clone(),
                ..new.clone()
            },
            old
        );
        let e = last(&b);
        assert_eq!(e.action, Action::CompanyNameUpdated);
        assert_eq!(
            e.details(),
            format!("{} → Contoso Pharmaceuticals Ltd", old.company_name)
        );
    }

    #[test]
    fn a_rejected_or_unchanged_name_writes_nothing() {
        let mut b = book();
        let before = b.clone();
        let id = b.customers[0].id.clone();
        for name in ["", "x", "GmbH", " ... "] {
            let change = Change::RenameCustomer {
                id: id.clone(),
                name: name.into(),
            };
            assert!(
                matches!(b.apply(change, &stamp()), Err(BookError::InvalidName(_))),
                "{name}"
            );
        }
        let same = Change::RenameCustomer {
            id,
            name: before.customers[0].company_name.clone(),
        };
        b.apply(same, &stamp()).unwrap();
        assert_eq!(b, before);
    }

    fn active_subscription(b: &Book) -> Subscription {
        b.subscriptions
            .iter()
            .find(|s| s.status == SubscriptionStatus::Active && s.offer_name != "Azure plan")
            .cloned()
            .unwrap()
    }

    #[test]
    fn quantity_is_bounded_by_the_offer_and_logged() {
        let mut b = book();
        let s = active_subscription(&b);
        let max = catalogue::offer_named(&s.offer_name).unwrap().max_licences;
        let before = b.clone();
        for bad in [0, max + 1] {
            let change = Change::SetQuantity {
                id: s.id.clone(),
                quantity: bad,
            };
            assert!(matches!(
                b.apply(change, &stamp()),
                Err(BookError::InvalidQuantity(_))
            ));
        }
        assert_eq!(b, before);
        let change = Change::SetQuantity {
            id: s.id.clone(),
            quantity: max,
        };
        b.apply(change, &stamp()).unwrap();
        let e = last(&b);
        assert_eq!(e.action, Action::QuantityChanged);
        assert_eq!(
            e.details(),
            format!(
                "{}: {} → {max} licences",
                s.offer_name,
                licences(s.quantity)
            )
        );
    }

    #[test]
    fn status_changes_follow_the_allowed_paths() {
        use SubscriptionStatus::*;
        assert!(Active.can_become(Suspended) && Suspended.can_become(Active));
        assert!(Active.can_become(Cancelled) && Pending.can_become(Cancelled));
        assert!(!Cancelled.can_become(Active) && !Cancelled.can_become(Suspended));
        let mut b = book();
        let s = active_subscription(&b);
        let set = |status| Change::SetStatus {
            id: s.id.clone(),
            status,
        };
        b.apply(set(Cancelled), &stamp()).unwrap();
        assert_eq!(
            last(&b).details(),
            format!("{}: Active → Cancelled", s.offer_name)
        );
        assert_eq!(
            b.apply(set(Active), &stamp()),
            Err(BookError::StatusChange {
                from: Cancelled,
                to: Active
            })
        );
        let quantity = Change::SetQuantity {
            id: s.id.clone(),
            quantity: 2,
        };
        assert!(matches!(
            b.apply(quantity, &stamp()),
            Err(BookError::InvalidQuantity(_))
        ));
    }

    #[test]
    fn removal_is_blocked_by_active_subscriptions_only() {
        let mut b = book();
        let c = b
            .customers
            .iter()
            .find(|c| !b.removal_blockers(&c.id).is_empty())
            .unwrap()
            .clone();
        let blockers: Vec<SubscriptionId> = b
            .removal_blockers(&c.id)
            .iter()
            .map(|s| s.id.clone())
            .collect();
        let before = b.clone();
        let remove = || Change::RemoveRelationship { id: c.id.clone() };
        assert_eq!(
            b.apply(remove(), &stamp()),
            Err(BookError::ActiveSubscriptions(blockers.clone()))
        );
        assert_eq!(b, before);
        for (i, id) in blockers.into_iter().enumerate() {
            // Suspended subscriptions don't block; cancelled ones don't either.
            let status = if i % 2 == 0 {
                SubscriptionStatus::Suspended
            } else {
                SubscriptionStatus::Cancelled
            };
            b.apply(Change::SetStatus { id, status }, &stamp()).unwrap();
        }
        b.apply(remove(), &stamp()).unwrap();
        assert!(b.customer(&c.id).is_none());
        assert_eq!(b.removed_customer(&c.id).unwrap().customer, c);
        assert_eq!(last(&b).action, Action::RelationshipRemoved);
    }

    #[test]
    fn reinstating_brings_the_customer_back_unchanged() {
        let mut b = book();
        let c = b
            .customers
            .iter()
            .find(|c| b.removal_blockers(&c.id).is_empty())
            .unwrap()
            .clone();
        b.apply(Change::RemoveRelationship { id: c.id.clone() }, &stamp())
            .unwrap();
        b.apply(Change::ReinstateRelationship { id: c.id.clone() }, &stamp())
            .unwrap();
        assert_eq!(b.customer(&c.id), Some(&c));
        assert!(b.removed.is_empty());
        assert_eq!(last(&b).action, Action::RelationshipReinstated);
        assert_eq!(
            b.apply(Change::ReinstateRelationship { id: c.id.clone() }, &stamp()),
            Err(BookError::NotRemoved(c.id))
        );
    }

    #[test]
    fn record_logs_only_actions_that_change_no_record() {
        let mut b = book();
        let id = b.customers[1].id.clone();
        let draft = Change::Record {
            action: Action::InvitationDrafted,
            customer_id: Some(id),
            details: "DAP: on".into(),
        };
        b.apply(draft, &stamp()).unwrap();
        assert_eq!(last(&b).customer_name, b.customers[1].company_name);
        let fake = Change::Record {
            action: Action::CustomerAdded,
            customer_id: None,
            details: String::new(),
        };
        assert_eq!(
            b.apply(fake, &stamp()),
            Err(BookError::NotARecord(Action::CustomerAdded))
        );
    }

    /// What [`Touches`] promises: a book holding only the touched records applies a change
    /// exactly as the whole book does.
    #[test]
    fn a_book_of_the_touched_records_applies_a_change_as_the_whole_book_does() {
        let mut whole = book();
        let removable = whole
            .customers
            .iter()
            .find(|c| whole.removal_blockers(&c.id).is_empty())
            .unwrap()
            .id
            .clone();
        whole
            .apply(
                Change::RemoveRelationship {
                    id: removable.clone(),
                },
                &stamp(),
            )
            .unwrap();
        whole.activity.clear();
        let s = active_subscription(&whole);
        let blocked = whole
            .customers
            .iter()
            .find(|c| !whole.removal_blockers(&c.id).is_empty())
            .unwrap()
            .id
            .clone();
        let fresh = sample::generate(99, 2);
        let mut dup = fresh.customers.clone();
        dup.push(whole.customers[2].clone());
        let changes = [
            Change::AddCustomers {
                customers: fresh.customers.clone(),
                subscriptions: fresh.subscriptions.clone(),
            },
            Change::AddCustomers {
                customers: dup,
                subscriptions: vec![],
            },
            Change::RenameCustomer {
                id: whole.customers[0].id.clone(),
                name: "Tailspin Toys".into(),
            },
            Change::RenameCustomer {
                id: removable.clone(),
                name: "Tailspin Toys".into(),
            },
            Change::SetQuantity {
                id: s.id.clone(),
                quantity: 3,
            },
            Change::SetStatus {
                id: s.id.clone(),
                status: SubscriptionStatus::Suspended,
            },
            Change::RemoveRelationship { id: blocked },
            Change::ReinstateRelationship {
                id: removable.clone(),
            },
            Change::ReinstateRelationship {
                id: whole.customers[0].id.clone(),
            },
            Change::Record {
                action: Action::InvitationDrafted,
                customer_id: Some(removable),
                details: "x".into(),
            },
        ];
        for change in changes {
            let t = change.touches();
            let mut part = Book::default();
            let wanted = |id: &CustomerId| {
                t.customers.contains(id)
                    || whole
                        .subscriptions
                        .iter()
                        .any(|s| t.subscriptions.contains(&s.id) && &s.customer_id == id)
            };
            part.customers = whole
                .customers
                .iter()
                .filter(|c| wanted(&c.id))
                .cloned()
                .collect();
            part.removed = whole
                .removed
                .iter()
                .filter(|r| wanted(&r.customer.id))
                .cloned()
                .collect();
            part.subscriptions = whole
                .subscriptions
                .iter()
                .filter(|s| t.subscriptions.contains(&s.id) || wanted(&s.customer_id))
                .cloned()
                .collect();
            let (mut w, mut p) = (whole.clone(), part.clone());
            let (rw, rp) = (
                w.apply(change.clone(), &stamp()),
                p.apply(change.clone(), &stamp()),
            );
            assert_eq!(rw, rp, "{change:?}");
            assert_eq!(w.activity, p.activity, "{change:?}");
            for c in &p.customers {
                assert_eq!(w.customer(&c.id), Some(c));
            }
            for r in &p.removed {
                assert_eq!(w.removed_customer(&r.customer.id), Some(r));
            }
            for s in &p.subscriptions {
                assert!(w.subscriptions.contains(s));
            }
        }
    }

    #[test]
    fn unknown_ids_are_reported() {
        let mut b = book();
        let ghost = CustomerId::from_u128(42);
        let rename = Change::RenameCustomer {
            id: ghost.clone(),
            name: "Fabrikam".into(),
        };
        assert!(matches!(
            b.apply(rename, &stamp()),
            Err(BookError::CustomerNotFound(_))
        ));
        assert!(b
            .apply(Change::RemoveRelationship { id: ghost }, &stamp())
            .is_err());
        let status = Change::SetStatus {
            id: SubscriptionId::from_u128(7),
            status: SubscriptionStatus::Suspended,
        };
        assert!(matches!(
            b.apply(status, &stamp()),
            Err(BookError::SubscriptionNotFound(_))
        ));
    }

    #[test]
    fn tagging_logs_each_customer_changed_as_tags_before_and_after() {
        let mut b = book();
        let ids: Vec<CustomerId> = b.customers[..3].iter().map(|c| c.id.clone()).collect();
        b.customers[1].tags = vec!["EMEA".into()];
        let add = |tag: &str| Change::EditTags {
            ids: ids.clone(),
            edit: TagEdit::Add(tag.into()),
        };
        b.apply(add(" Retail "), &stamp()).unwrap();
        assert_eq!(b.customers[1].tags, ["EMEA", "Retail"]);
        assert_eq!(b.activity.len(), 3);
        assert_eq!(b.activity[1].action, Action::TagsChanged);
        assert_eq!(b.activity[1].details(), "EMEA → EMEA, Retail");
        assert_eq!(b.activity[0].details(), "Retail");
        // Again: nothing changes, nothing is logged.
        b.apply(add("Retail"), &stamp()).unwrap();
        assert_eq!(b.activity.len(), 3);
        let remove = Change::EditTags {
            ids: ids.clone(),
            edit: TagEdit::Remove("retail".into()),
        };
        b.apply(remove, &stamp()).unwrap();
        assert_eq!(b.customers[1].tags, ["EMEA"]);
        let entries = &b.activity[b.activity.len() - 3..];
        assert_eq!(entries[0].details(), "Retail");
        assert_eq!(entries[1].details(), "EMEA, Retail → EMEA");
    }

    #[test]
    fn a_refused_tag_for_one_customer_tags_none() {
        let mut b = book();
        b.customers[2].tags = vec!["emea".into()];
        let before = b.clone();
        let ids: Vec<CustomerId> = b.customers[..4].iter().map(|c| c.id.clone()).collect();
        let change = Change::EditTags {
            ids,
            edit: TagEdit::Add("EMEA".into()),
        };
        let e = b.apply(change, &stamp()).unwrap_err();
        assert!(matches!(e, BookError::InvalidTag(_)));
        assert!(e.to_string().starts_with(&before.customers[2].company_name));
        assert_eq!(b, before);
        for bad in ["a,b", "", "x\ty"] {
            let change = Change::EditTags {
                ids: vec![b.customers[0].id.clone()],
                edit: TagEdit::Add(bad.into()),
            };
            assert!(b.apply(change, &stamp()).is_err(), "{bad:?}");
        }
        assert_eq!(b, before);
    }

    #[test]
    fn new_customers_tags_are_trimmed_and_checked() {
        let mut b = Book::default();
        let mut s = sample::generate(3, 2);
        s.customers[0].tags = vec![" EMEA ".into()];
        s.customers[1].tags = vec!["a".into(), "A".into()];
        let add = |customers: Vec<Customer>| Change::AddCustomers {
            customers,
            subscriptions: vec![],
        };
        assert!(matches!(
            b.apply(add(s.customers.clone()), &stamp()),
            Err(BookError::InvalidTag(_))
        ));
        assert!(b.customers.is_empty());
        b.apply(add(s.customers[..1].to_vec()), &stamp()).unwrap();
        assert_eq!(b.customers[0].tags, ["EMEA"]);
    }

    #[test]
    fn bulk_removal_is_all_or_nothing_and_idempotent() {
        let mut b = book();
        let free: Vec<CustomerId> = b.customers[..2].iter().map(|c| c.id.clone()).collect();
        for s in b
            .subscriptions
            .iter_mut()
            .filter(|s| free.contains(&s.customer_id))
        {
            s.status = SubscriptionStatus::Suspended;
        }
        let blocked = b
            .customers
            .iter()
            .find(|c| !b.removal_blockers(&c.id).is_empty())
            .unwrap()
            .id
            .clone();
        let before = b.clone();
        let mut with_blocked = free.clone();
        with_blocked.push(blocked);
        assert!(matches!(
            b.apply(Change::RemoveRelationships { ids: with_blocked }, &stamp()),
            Err(BookError::ActiveSubscriptions(_))
        ));
        assert_eq!(b, before);
        let remove = || Change::RemoveRelationships { ids: free.clone() };
        b.apply(remove(), &stamp()).unwrap();
        assert_eq!(b.removed.len(), 2);
        assert_eq!(b.activity.len(), 2);
        assert!(b
            .activity
            .iter()
            .all(|e| e.action == Action::RelationshipRemoved));
        let after = b.clone();
        b.apply(remove(), &stamp()).unwrap();
        assert_eq!(b, after);
    }
}
