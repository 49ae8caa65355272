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

    /// A bulk action on a selection, [`BULK_BATCH`] customers per request, `batches` saying
    /// how far it got. The server applies each batch all or nothing, and a batch sent again
    /// changes nothing more (a tag already there, a relationship already removed), so after a
    /// failure the whole action is simply sent again.
    pub(super) async fn in_batches<'a, T, F, Fut>(
        &self,
        ids: &'a [CustomerId],
        mut send: F,
    ) -> Result<Vec<T>, StoreError>
    where
        F: FnMut(&'a [CustomerId]) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<T>, StoreError>>,
    {
        let total = ids.len() as u64;
        let mut out = Vec::new();
        let mut done = 0;
        self.batches.set(Some((0, total)));
        let mut result = Ok(());
        for chunk in ids.chunks(BULK_BATCH) {
            match send(chunk).await {
                Ok(answer) => out.extend(answer),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            done += chunk.len() as u64;
            self.batches.set(Some((done, total)));
        }
        self.batches.set(None);
        result.map(|()| out)
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

    /// Sends customers (with their subscriptions) a batch of [`COPY_BATCH`] at a time,
    /// skipping those the server already has: a copy or import that stopped halfway is
    /// resumed by starting it again, and nothing is ever made twice. `progress` hears
    /// (customers there, customers in all) after each batch. Returns how many were sent,
    /// or how many were there when it failed, and why.
    pub async fn import_in_batches(
        &self,
        customers: Vec<Customer>,
        subscriptions: &[Subscription],
        progress: impl Fn(usize, usize),
    ) -> Result<usize, (usize, StoreError)> {
        let total = customers.len();
        let known = self.known_ids().await.map_err(|e| (0, e))?;
        let (already, todo): (Vec<Customer>, Vec<Customer>) =
            customers.into_iter().partition(|c| known.contains(&c.id));
        let mut done = already.len();
        progress(done, total);
        for batch in todo.chunks(COPY_BATCH) {
            let ids: HashSet<&CustomerId> = batch.iter().map(|c| &c.id).collect();
            let subs: Vec<Subscription> = subscriptions
                .iter()
                .filter(|s| ids.contains(&s.customer_id))
                .cloned()
                .collect();
            self.import(batch.to_vec(), subs)
                .await
                .map_err(|e| (done, e))?;
            done += batch.len();
            progress(done, total);
        }
        Ok(todo.len())
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
