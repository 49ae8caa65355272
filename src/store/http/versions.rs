//! The version cache: every read remembers each record's version, every write sends it as
//! If-Match, and writes go through it.

use super::*;

impl HttpStore {
    pub(super) fn remember(&self, key: String, version: i64) {
        self.versions.borrow_mut().insert(key, version);
    }

    pub(super) fn version(&self, key: &str) -> Option<i64> {
        self.versions.borrow().get(key).copied()
    }

    pub(super) fn remember_customer(&self, c: &Versioned<Customer>) {
        self.remember(format!("c:{}", c.record.id), c.version);
    }

    pub(super) fn remember_subscription(&self, s: &Versioned<Subscription>) {
        self.remember(format!("s:{}", s.record.id), s.version);
    }

    /// The version of a customer as the server has it now, active or removed.
    pub(super) async fn fetch_customer_version(&self, id: &CustomerId) -> Result<(), StoreError> {
        match self
            .get::<Versioned<Customer>>(&format!("/api/customers/{id}"))
            .await
        {
            Ok(c) => {
                self.remember_customer(&c);
                Ok(())
            }
            // Removed: the list of removed customers remembers their versions.
            Err(StoreError::NotFound(_)) => self.removed_list().await.map(drop),
            Err(e) => Err(e),
        }
    }

    /// Reads again the versions of what `change` writes: after a conflict, applying the
    /// same change once more then overwrites the newer version knowingly.
    pub async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        let touches = change.touches();
        for id in &touches.customers {
            self.fetch_customer_version(id).await?;
        }
        for id in &touches.subscriptions {
            self.fetch_subscription_version(id).await?;
        }
        Ok(())
    }

    pub(super) async fn fetch_subscription_version(
        &self,
        id: &SubscriptionId,
    ) -> Result<(), StoreError> {
        let s: Versioned<Subscription> = self.get(&format!("/api/subscriptions/{id}")).await?;
        self.remember_subscription(&s);
        Ok(())
    }

    pub(super) async fn customer_if_match(&self, id: &CustomerId) -> Result<String, StoreError> {
        let key = format!("c:{id}");
        if self.version(&key).is_none() {
            self.fetch_customer_version(id).await?;
        }
        self.version(&key)
            .map(etag)
            .ok_or_else(|| StoreError::NoCustomer(id.to_string()))
    }

    pub(super) async fn write_customer(
        &self,
        req: RequestBuilder,
        json: Option<&impl Serialize>,
        id: &CustomerId,
    ) -> Result<Response, StoreError> {
        let tag = self.customer_if_match(id).await?;
        let resp = self
            .send_json(req.header("If-Match", &tag), json, false)
            .await?;
        if let Some(v) = etag_of(&resp) {
            self.remember(format!("c:{id}"), v);
        }
        Ok(resp)
    }

    pub(super) async fn update_subscription(
        &self,
        id: &SubscriptionId,
        update: &SubscriptionUpdate,
    ) -> Result<Delta, StoreError> {
        let key = format!("s:{id}");
        if self.version(&key).is_none() {
            self.fetch_subscription_version(id).await?;
        }
        let tag = self.version(&key).map(etag).unwrap_or_default();
        let req =
            Request::patch(&self.url(&format!("/api/subscriptions/{id}"))).header("If-Match", &tag);
        let resp = self.send_json(req, Some(update), false).await?;
        if let Some(v) = etag_of(&resp) {
            self.remember(key, v);
        }
        let now: Versioned<Subscription> = body(resp).await?;
        Ok(Delta {
            subscriptions: vec![now.record],
            ..Delta::default()
        })
    }
}
