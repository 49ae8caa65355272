//! What one change did, record by record: so a store writes only those records and a list
//! updates only those rows.
//!
//! A store that keeps records one by one (IndexedDB, a database) loads the records a change
//! touches into a small [`Book`] ([`Book::subset`]), applies the change to a copy with
//! [`Book::apply`], and writes the [`Delta`] between the two. [`Book::merge`] does the same to
//! a whole book in memory; `tests/delta.rs` checks that this equals applying the change to
//! the whole book.

use std::collections::{HashMap, HashSet};

use crate::activity::Entry;
use crate::book::{Book, Change, RemovedCustomer};
use crate::model::{Customer, CustomerId, Subscription, SubscriptionId};

/// The records a change wrote, as they are after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    /// Customers with a relationship that were added, changed or reinstated.
    pub customers: Vec<Customer>,
    /// Customers that left the list (their relationship was removed).
    pub left: Vec<CustomerId>,
    /// Removed customers that were added or changed.
    pub removed: Vec<RemovedCustomer>,
    /// Removed customers that are removed no more (reinstated).
    pub unremoved: Vec<CustomerId>,
    /// Subscriptions added or changed.
    pub subscriptions: Vec<Subscription>,
    /// Subscriptions taken out (a book restored from a backup that lacks them).
    pub subscriptions_gone: Vec<SubscriptionId>,
    /// The log entries the change appended, oldest first.
    pub entries: Vec<Entry>,
}

impl Delta {
    /// What turned `before` into `after`, where `after` is `before` with changes applied.
    pub fn between(before: &Book, after: &Book) -> Delta {
        let old_customers: HashMap<&CustomerId, &Customer> =
            before.customers.iter().map(|c| (&c.id, c)).collect();
        let new_customers: HashSet<&CustomerId> = after.customers.iter().map(|c| &c.id).collect();
        let old_removed: HashMap<&CustomerId, &RemovedCustomer> =
            before.removed.iter().map(|r| (&r.customer.id, r)).collect();
        let new_removed: HashSet<&CustomerId> =
            after.removed.iter().map(|r| &r.customer.id).collect();
        let old_subscriptions: HashMap<&SubscriptionId, &Subscription> =
            before.subscriptions.iter().map(|s| (&s.id, s)).collect();
        let new_subscriptions: HashSet<&SubscriptionId> =
            after.subscriptions.iter().map(|s| &s.id).collect();
        Delta {
            customers: after
                .customers
                .iter()
                .filter(|c| old_customers.get(&c.id) != Some(c))
                .cloned()
                .collect(),
            left: before
                .customers
                .iter()
                .filter(|c| !new_customers.contains(&c.id))
                .map(|c| c.id.clone())
                .collect(),
            removed: after
                .removed
                .iter()
                .filter(|r| old_removed.get(&r.customer.id) != Some(r))
                .cloned()
                .collect(),
            unremoved: before
                .removed
                .iter()
                .filter(|r| !new_removed.contains(&r.customer.id))
                .map(|r| r.customer.id.clone())
                .collect(),
            subscriptions: after
                .subscriptions
                .iter()
                .filter(|s| old_subscriptions.get(&s.id) != Some(s))
                .cloned()
                .collect(),
            subscriptions_gone: before
                .subscriptions
                .iter()
                .filter(|s| !new_subscriptions.contains(&s.id))
                .map(|s| s.id.clone())
                .collect(),
            entries: after.activity[before.activity.len().min(after.activity.len())..].to_vec(),
        }
    }

    /// The customers whose own records this wrote: added, changed, removed or reinstated
    /// (not those whose subscriptions alone changed).
    pub fn written_customers(&self) -> impl Iterator<Item = &CustomerId> {
        self.customers
            .iter()
            .map(|c| &c.id)
            .chain(&self.left)
            .chain(self.removed.iter().map(|r| &r.customer.id))
            .chain(&self.unremoved)
    }

    /// The customers whose records (or whose place in the list) this changed.
    pub fn customer_ids(&self) -> Vec<CustomerId> {
        let mut ids: Vec<CustomerId> = self
            .customers
            .iter()
            .map(|c| c.id.clone())
            .chain(self.left.iter().cloned())
            .chain(self.removed.iter().map(|r| r.customer.id.clone()))
            .chain(self.unremoved.iter().cloned())
            .chain(self.subscriptions.iter().map(|s| s.customer_id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    pub fn is_empty(&self) -> bool {
        *self == Delta::default()
    }
}

impl Book {
    /// The records `change` reads or writes (see [`Change::touches`]): these customers,
    /// active or removed; these subscriptions, with their customers; and every subscription
    /// of these customers. Applying the change to this subset gives the same result, and
    /// the same log entries, as applying it to the whole book.
    pub fn subset(&self, change: &Change) -> Book {
        let touches = change.touches();
        let mut customers: HashSet<&CustomerId> = touches.customers.iter().collect();
        let subscription_ids: HashSet<&SubscriptionId> = touches.subscriptions.iter().collect();
        customers.extend(
            self.subscriptions
                .iter()
                .filter(|s| subscription_ids.contains(&s.id))
                .map(|s| &s.customer_id),
        );
        Book {
            customers: self
                .customers
                .iter()
                .filter(|c| customers.contains(&c.id))
                .cloned()
                .collect(),
            subscriptions: self
                .subscriptions
                .iter()
                .filter(|s| subscription_ids.contains(&s.id) || customers.contains(&s.customer_id))
                .cloned()
                .collect(),
            removed: self
                .removed
                .iter()
                .filter(|r| customers.contains(&r.customer.id))
                .cloned()
                .collect(),
            activity: Vec::new(),
        }
    }

    /// Writes a delta into this book: records replaced in place or appended, the ones that
    /// left taken out, the entries appended.
    pub fn merge(&mut self, delta: &Delta) {
        let left: HashSet<&CustomerId> = delta.left.iter().collect();
        self.customers.retain(|c| !left.contains(&c.id));
        upsert(&mut self.customers, &delta.customers, |c| c.id.clone());
        let unremoved: HashSet<&CustomerId> = delta.unremoved.iter().collect();
        self.removed.retain(|r| !unremoved.contains(&r.customer.id));
        upsert(&mut self.removed, &delta.removed, |r| r.customer.id.clone());
        if !delta.subscriptions_gone.is_empty() {
            let gone: HashSet<&SubscriptionId> = delta.subscriptions_gone.iter().collect();
            self.subscriptions.retain(|s| !gone.contains(&s.id));
        }
        upsert(&mut self.subscriptions, &delta.subscriptions, |s| {
            s.id.clone()
        });
        self.activity.extend(delta.entries.iter().cloned());
    }
}

fn upsert<T: Clone, K: std::hash::Hash + Eq>(list: &mut Vec<T>, new: &[T], key: impl Fn(&T) -> K) {
    if new.is_empty() {
        return;
    }
    let mut at: HashMap<K, usize> = list.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    for item in new {
        match at.get(&key(item)) {
            Some(&i) => list[i] = item.clone(),
            None => {
                at.insert(key(item), list.len());
                list.push(item.clone());
            }
        }
    }
}
