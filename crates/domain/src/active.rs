//! Each customer's count of active subscriptions, for the list's "Subscriptions (active
//! count)" column: counted once from the book's subscriptions, then kept up to date from each
//! change's [`Delta`], so no row reads the store to show its count.
//!
//! ```
//! use clientele_domain::active::ActiveCounts;
//! use clientele_domain::delta::Delta;
//! use clientele_domain::model::SubscriptionStatus;
//! let book = clientele_domain::sample::generate(3, 20);
//! let mut counts = ActiveCounts::new(&book.subscriptions);
//! let mut s = book.subscriptions[0].clone();
//! let before = counts.of(&s.customer_id);
//! s.status = if s.status == SubscriptionStatus::Active { SubscriptionStatus::Suspended } else { SubscriptionStatus::Active };
//! let up = s.status == SubscriptionStatus::Active;
//! counts.apply(&Delta { subscriptions: vec![s.clone()], ..Delta::default() });
//! assert_eq!(counts.of(&s.customer_id), if up { before + 1 } else { before - 1 });
//! ```

use std::collections::HashMap;

use crate::delta::Delta;
use crate::model::{CustomerId, Subscription, SubscriptionId, SubscriptionStatus};

/// The active subscriptions of every customer of a book. Equal when they count the same.
#[derive(Clone, Debug, Default)]
pub struct ActiveCounts {
    /// Each subscription's customer, and whether it counts: a changed subscription says what
    /// it is now, not what it was, so what it was is kept here.
    subscriptions: HashMap<SubscriptionId, (CustomerId, bool)>,
    counts: HashMap<CustomerId, u32>,
}

/// What counts: an active subscription (the same that blocks removing a relationship).
fn counts(s: &Subscription) -> bool {
    s.status == SubscriptionStatus::Active
}

impl ActiveCounts {
    pub fn new(subscriptions: &[Subscription]) -> Self {
        let mut out = Self {
            subscriptions: HashMap::with_capacity(subscriptions.len()),
            counts: HashMap::with_capacity(subscriptions.len() / 2),
        };
        for s in subscriptions {
            out.put(s);
        }
        out
    }

    /// How many active subscriptions `customer` has.
    pub fn of(&self, customer: &CustomerId) -> u32 {
        self.counts.get(customer).copied().unwrap_or(0)
    }

    /// Counts what a change did to subscriptions. Says whether any count changed.
    pub fn apply(&mut self, delta: &Delta) -> bool {
        // Each customer a subscription of the delta belonged to or belongs to, with its
        // count before.
        let mut before: HashMap<CustomerId, u32> = HashMap::new();
        let ids = delta
            .subscriptions_gone
            .iter()
            .chain(delta.subscriptions.iter().map(|s| &s.id));
        for id in ids {
            if let Some((c, _)) = self.subscriptions.get(id) {
                before.entry(c.clone()).or_insert(self.of(c));
            }
        }
        for s in &delta.subscriptions {
            before
                .entry(s.customer_id.clone())
                .or_insert(self.of(&s.customer_id));
        }
        for id in &delta.subscriptions_gone {
            self.take(id);
        }
        for s in &delta.subscriptions {
            self.put(s);
        }
        before.iter().any(|(c, n)| self.of(c) != *n)
    }

    /// Sets one customer's subscriptions to what they are now (read again after another tab
    /// or a teammate changed them). Says whether its count changed.
    pub fn replace_customer(&mut self, customer: &CustomerId, now: &[Subscription]) -> bool {
        let before = self.of(customer);
        let old: Vec<SubscriptionId> = self
            .subscriptions
            .iter()
            .filter(|(_, (c, _))| c == customer)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &old {
            self.take(id);
        }
        for s in now {
            self.put(s);
        }
        self.of(customer) != before
    }

    fn put(&mut self, s: &Subscription) {
        let active = counts(s);
        let was = self
            .subscriptions
            .insert(s.id.clone(), (s.customer_id.clone(), active));
        if let Some((customer, true)) = was {
            self.uncount(&customer);
        }
        if active {
            match self.counts.get_mut(&s.customer_id) {
                Some(n) => *n += 1,
                None => {
                    self.counts.insert(s.customer_id.clone(), 1);
                }
            }
        }
    }

    fn take(&mut self, id: &SubscriptionId) {
        if let Some((customer, true)) = self.subscriptions.remove(id) {
            self.uncount(&customer);
        }
    }

    fn uncount(&mut self, customer: &CustomerId) {
        if let Some(n) = self.counts.get_mut(customer) {
            *n -= 1;
            if *n == 0 {
                self.counts.remove(customer);
            }
        }
    }
}

impl PartialEq for ActiveCounts {
    fn eq(&self, other: &Self) -> bool {
        self.counts == other.counts
    }
}

impl Eq for ActiveCounts {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(n: u128, customer: u128, status: SubscriptionStatus) -> Subscription {
        Subscription {
            id: SubscriptionId::from_u128(n),
            customer_id: CustomerId::from_u128(customer),
            offer_name: "Office".into(),
            quantity: 1,
            status,
            reseller_id: None,
        }
    }

    #[test]
    fn only_active_subscriptions_count() {
        use SubscriptionStatus::*;
        let c = ActiveCounts::new(&[
            sub(1, 1, Active),
            sub(2, 1, Active),
            sub(3, 1, Suspended),
            sub(4, 2, Cancelled),
            sub(5, 2, Pending),
        ]);
        assert_eq!(c.of(&CustomerId::from_u128(1)), 2);
        assert_eq!(c.of(&CustomerId::from_u128(2)), 0);
        assert_eq!(c.of(&CustomerId::from_u128(3)), 0);
    }

    #[test]
    fn a_delta_says_whether_a_count_changed() {
        use SubscriptionStatus::*;
        let mut c = ActiveCounts::new(&[sub(1, 1, Active), sub(2, 2, Suspended)]);
        let mut more = sub(1, 1, Active);
        more.quantity = 9;
        let only_quantity = Delta {
            subscriptions: vec![more],
            ..Delta::default()
        };
        assert!(!c.apply(&only_quantity));
        let resumed = Delta {
            subscriptions: vec![sub(2, 2, Active)],
            ..Delta::default()
        };
        assert!(c.apply(&resumed));
        assert_eq!(c.of(&CustomerId::from_u128(2)), 1);
        let gone = Delta {
            subscriptions_gone: vec![SubscriptionId::from_u128(1)],
            ..Delta::default()
        };
        assert!(c.apply(&gone));
        assert_eq!(c.of(&CustomerId::from_u128(1)), 0);
    }

    #[test]
    fn a_customer_read_again_replaces_its_subscriptions() {
        use SubscriptionStatus::*;
        let mut c = ActiveCounts::new(&[sub(1, 1, Active), sub(2, 1, Active), sub(3, 2, Active)]);
        let one = CustomerId::from_u128(1);
        assert!(c.replace_customer(&one, &[sub(2, 1, Active)]));
        assert_eq!(c.of(&one), 1);
        assert!(!c.replace_customer(&one, &[sub(4, 1, Active)]));
        assert_eq!(
            c,
            ActiveCounts::new(&[sub(4, 1, Active), sub(3, 2, Active)])
        );
    }
}
