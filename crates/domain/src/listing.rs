//! The customer list as the app holds it: customers in display order with their search
//! index, kept up to date from each change's [`Delta`] instead of being read and indexed
//! again after every write.

use std::ops::Deref;
use std::sync::OnceLock;

use crate::active::ActiveCounts;
use crate::delta::Delta;
use crate::model::{Customer, CustomerId, Subscription};
use crate::search::{name_key, normalize_query, NameKeys, SearchIndex};

/// Customers in display order (see [`sort_for_display`](crate::list::sort_for_display))
/// and their [`SearchIndex`], whose positions are the same. The index is made when a search
/// first needs it, not when the list opens: the rows can show first (at 100,000 customers,
/// indexing was a third of making the list).
///
/// ```
/// use clientele_domain::{delta::Delta, listing::Listing, sample};
/// let book = sample::generate(1, 50);
/// let mut list = Listing::new(book.customers.clone());
/// let mut renamed = book.customers[7].clone();
/// renamed.company_name = "0000 First".into();
/// list.apply(&Delta { customers: vec![renamed.clone()], ..Delta::default() });
/// let at = list.position(&renamed.id).unwrap();
/// assert_eq!(list.index().search("0000 first"), vec![at as u32]);
/// // A change that wrote no customer is no new version of the list.
/// let version = list.generation();
/// list.apply(&Delta::default());
/// assert_eq!(list.generation(), version);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Listing {
    customers: Vec<Customer>,
    index: OnceLock<SearchIndex>,
    /// Bumped by every change, so a search result is known to be of this version.
    generation: u64,
    /// Each customer's active subscriptions; `None` until they are read.
    active: Option<ActiveCounts>,
}

/// Past this many rows changed at once, sorting and indexing everything again is cheaper
/// than moving rows one by one.
const REBUILD_ABOVE: usize = 256;

impl Listing {
    /// The same order as [`sort_for_display`](crate::list::sort_for_display), with the
    /// names folded into one buffer rather than one `String` each.
    pub fn new(customers: Vec<Customer>) -> Self {
        let names = NameKeys::new(&customers);
        // Each key once, side by side: the sort compares them without looking anything up.
        let mut keyed: Vec<(&str, &CustomerId, u32)> = customers
            .iter()
            .enumerate()
            .map(|(i, c)| (names.get(i), &c.id, i as u32))
            .collect();
        keyed.sort_unstable();
        let order: Vec<u32> = keyed.into_iter().map(|(_, _, i)| i).collect();
        drop(names);
        let mut slots: Vec<Option<Customer>> = customers.into_iter().map(Some).collect();
        let customers = order
            .iter()
            .filter_map(|&i| slots[i as usize].take())
            .collect();
        Self {
            customers,
            index: OnceLock::new(),
            generation: 0,
            active: None,
        }
    }

    /// Each customer's active subscriptions, once [`Self::count_subscriptions`] has had
    /// them.
    pub fn active(&self) -> Option<&ActiveCounts> {
        self.active.as_ref()
    }

    /// Counts the book's subscriptions (read after the customers, so rows show first): a
    /// new version of the list, as the rows show the counts.
    pub fn count_subscriptions(&mut self, subscriptions: &[Subscription]) {
        self.active = Some(ActiveCounts::new(subscriptions));
        self.generation += 1;
    }

    /// Sets these customers' subscriptions to what they are now (another tab's or a
    /// teammate's change): a new version only if a count changed.
    pub fn recount(&mut self, now: &[(CustomerId, Vec<Subscription>)]) {
        let Some(active) = &mut self.active else {
            return;
        };
        let mut changed = false;
        for (id, subscriptions) in now {
            changed |= active.replace_customer(id, subscriptions);
        }
        if changed {
            self.generation += 1;
        }
    }

    /// The search index, made now if no search has needed it yet.
    pub fn index(&self) -> &SearchIndex {
        self.index.get_or_init(|| SearchIndex::new(&self.customers))
    }

    /// The positions of the customers `query` finds, ascending; every position for a blank
    /// query, without making the index.
    pub fn search(&self, query: &str) -> Vec<u32> {
        if normalize_query(query).is_empty() {
            return (0..self.customers.len() as u32).collect();
        }
        self.index().search(query)
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn position(&self, id: &CustomerId) -> Option<usize> {
        self.customers.iter().position(|c| &c.id == id)
    }

    /// Shows what a change did: its added, changed and reinstated customers in their
    /// places, the ones that left taken out.
    pub fn apply(&mut self, delta: &Delta) {
        // A count shown in a row changed: the rows are of a new version even if no customer
        // record changed.
        if self.active.as_mut().is_some_and(|a| a.apply(delta))
            && delta.customers.is_empty()
            && delta.left.is_empty()
        {
            self.generation += 1;
        }
        let removals = delta.left.iter().map(|id| (id.clone(), None));
        let upserts = delta
            .customers
            .iter()
            .map(|c| (c.id.clone(), Some(c.clone())));
        self.replace(removals.chain(upserts).collect());
    }

    /// Sets each customer to what it is now: `Some` for one in the list, `None` for one that
    /// is not (any more).
    pub fn replace(&mut self, records: Vec<(CustomerId, Option<Customer>)>) {
        // A change that wrote no customer (an export logged, a subscription's quantity
        // changed) leaves the list as it is: same version, so no row is rebuilt and focus
        // stays put.
        if records.is_empty() {
            return;
        }
        self.generation += 1;
        if records.len() > REBUILD_ABOVE {
            return self.rebuild(records);
        }
        for (id, record) in records {
            let old = self.position(&id);
            let Some(customer) = record else {
                if let Some(at) = old {
                    self.customers.remove(at);
                    if let Some(index) = self.index.get_mut() {
                        index.remove(at);
                    }
                }
                continue;
            };
            let key = sort_key(&customer);
            // Where it goes among the others: the list is sorted with the old record in it,
            // so the old one is counted when it sorts before the new one.
            let before = self.customers.partition_point(|c| sort_key(c) < key);
            let to = match old {
                Some(at) if at < before => before - 1,
                _ => before,
            };
            if let Some(index) = self.index.get_mut() {
                if let Some(at) = old {
                    index.remove(at);
                }
                index.insert(to, &customer);
            }
            // A changed record moves only across the rows between its two places (a
            // remove and an insert each moved every row after them).
            match old {
                Some(at) if at <= to => self.customers[at..=to].rotate_left(1),
                Some(at) => self.customers[to..=at].rotate_right(1),
                None => {
                    self.customers.insert(to, customer);
                    continue;
                }
            }
            self.customers[to] = customer;
        }
    }

    fn rebuild(&mut self, records: Vec<(CustomerId, Option<Customer>)>) {
        let (generation, active) = (self.generation, self.active.take());
        let mut changed: std::collections::HashMap<CustomerId, Option<Customer>> =
            records.into_iter().collect();
        let mut customers: Vec<Customer> = std::mem::take(&mut self.customers)
            .into_iter()
            .filter_map(|c| match changed.remove(&c.id) {
                Some(now) => now,
                None => Some(c),
            })
            .collect();
        customers.extend(changed.into_values().flatten());
        *self = Self::new(customers);
        self.generation = generation;
        self.active = active;
    }
}

impl Deref for Listing {
    type Target = [Customer];
    fn deref(&self) -> &[Customer] {
        &self.customers
    }
}

fn sort_key(c: &Customer) -> (String, &CustomerId) {
    (name_key(&c.company_name), &c.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::sort_for_display;
    use crate::sample;
    use proptest::prelude::*;

    proptest! {
        /// Opening a list sorts on the index's folded names: the same order and the same
        /// search answers as sorting the customers first and indexing them after, for any
        /// names (control characters, combining marks, CJK, equal names and IDs' tiebreak).
        #[test]
        fn new_orders_and_indexes_as_sorting_then_indexing(
            names in proptest::collection::vec(
                r"[ \t\na-zA-Z0-9.éÉüÜß台灣株会社\x{0}\x{1}\x{301}\x{3000}-]{0,12}", 0..40),
            query in r"[a-zé台 ]{0,3}",
        ) {
            let mut customers = sample::generate(7, names.len()).customers;
            for (c, name) in customers.iter_mut().zip(&names) {
                c.company_name = name.clone();
            }
            let mut sorted = customers.clone();
            sort_for_display(&mut sorted);
            let list = Listing::new(customers);
            prop_assert_eq!(&list[..], &sorted[..]);
            prop_assert_eq!(list.index().search(&query), SearchIndex::new(&sorted).search(&query));
            for (i, c) in sorted.iter().enumerate() {
                prop_assert_eq!(list.index().folded_name(i), name_key(&c.company_name));
            }
        }
    }
}
