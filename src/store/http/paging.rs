//! Whole-list reads, a few pages in flight at once, and the bulk import behind copies.

use super::*;

impl HttpStore {
    /// Every page of the customer list, with progress while it comes, each customer's version
    /// remembered. `first` gets the first page as soon as it arrives, so a large book shows
    /// rows at once while the rest loads.
    pub async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let result = self.read_all_customers(first).await;
        self.progress.set(None);
        result
    }

    pub(super) async fn read_all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        let page = |n: u64| async move {
            let path = format!("/api/customers?sort=name&limit={LIST_PAGE}&page={n}");
            self.get_kept::<Page<Versioned<Customer>>>(&path).await
        };
        let mut all = Vec::new();
        let keep = |all: &mut Vec<Customer>, items: Vec<Versioned<Customer>>| {
            for c in items {
                self.remember_customer(&c);
                all.push(c.record);
            }
        };
        let head = page(1).await?;
        let total = head.total.max(0) as u64;
        let pages = total.div_ceil(LIST_PAGE as u64).max(1);
        keep(&mut all, head.items);
        if pages == 1 {
            return Ok(all);
        }
        first(&all);
        self.progress.set(Some((all.len() as u64, total)));
        // A few requests in flight at once, answered in order.
        let mut rest = stream::iter(2..=pages).map(page).buffered(PAGES_IN_FLIGHT);
        while let Some(next) = rest.next().await {
            keep(&mut all, next?.items);
            self.progress.set(Some((all.len() as u64, total)));
        }
        Ok(all)
    }

    pub(super) async fn removed_list(&self) -> Result<Vec<Removed>, StoreError> {
        let list: Vec<Removed> = self.get("/api/customers/removed").await?;
        for r in &list {
            self.remember_customer(&r.customer);
        }
        Ok(list)
    }

    /// Imports customers with their subscriptions in one request (the bulk load, and the
    /// copy of a local book).
    pub async fn import(
        &self,
        customers: Vec<Customer>,
        subscriptions: Vec<Subscription>,
    ) -> Result<(), StoreError> {
        let req = Request::post(&self.url("/api/customers/import"));
        let import = Import {
            customers,
            subscriptions,
        };
        self.send_json(req, Some(&import), false).await.map(|_| ())
    }

    /// Every customer ID the server has, active or removed: what a copy must skip.
    pub async fn known_ids(&self) -> Result<HashSet<CustomerId>, StoreError> {
        let mut ids: HashSet<CustomerId> = self
            .all_customers(|_| {})
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.extend(
            self.removed_list()
                .await?
                .into_iter()
                .map(|r| r.customer.record.id),
        );
        Ok(ids)
    }
}
