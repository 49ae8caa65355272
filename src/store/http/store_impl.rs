//! The store interface over the REST API: reads, and each change as its request.

use super::*;
use clientele_domain::api::{RemoveBatch, TagBatch};

impl CustomerStore for HttpStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        HttpStore::all_customers(self, |_| {}).await
    }

    async fn all_customers(
        &self,
        first: impl FnOnce(&[Customer]),
    ) -> Result<Vec<Customer>, StoreError> {
        HttpStore::all_customers(self, first).await
    }

    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        HttpStore::refresh_versions(self, change).await
    }

    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        match self
            .get::<Versioned<Customer>>(&format!("/api/customers/{id}"))
            .await
        {
            Ok(c) => {
                self.remember_customer(&c);
                Ok(Some(c.record))
            }
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        Ok(self
            .removed_list()
            .await?
            .into_iter()
            .map(|r| RemovedCustomer {
                customer: r.customer.record,
                removed_at_ms: r.removed_at_ms,
                removed_by: r.removed_by,
            })
            .collect())
    }

    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        let subs: Vec<Versioned<Subscription>> = self
            .get(&format!("/api/customers/{id}/subscriptions"))
            .await?;
        for s in &subs {
            self.remember_subscription(s);
        }
        Ok(subs.into_iter().map(|s| s.record).collect())
    }

    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        let mut all = Vec::new();
        let mut page = 1;
        loop {
            let p: EntryPage = self
                .get(&format!("/api/activity?limit=1000&page={page}"))
                .await?;
            let last = p.items.len() < 1000;
            all.extend(p.items);
            if last || all.len() as i64 >= p.total {
                break;
            }
            page += 1;
        }
        // The server answers newest first; the interface gives the log oldest first.
        all.reverse();
        Ok(all)
    }

    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        let page: EntryPage = self
            .get(&format!("/api/activity?customer={id}&limit={limit}"))
            .await?;
        Ok(page.items)
    }

    /// The server stamps each entry with its own clock and the token's user: `_stamp` is
    /// what this browser would have said, and is not sent.
    async fn apply(&self, change: Change, _stamp: Stamp) -> Result<Delta, StoreError> {
        match change {
            Change::AddCustomers {
                customers,
                subscriptions,
            } => {
                let mut delta = Delta::default();
                for customer in customers {
                    let subs: Vec<Subscription> = subscriptions
                        .iter()
                        .filter(|s| s.customer_id == customer.id)
                        .cloned()
                        .collect();
                    let key = format!("add-customer-{}", customer.id);
                    let req =
                        Request::post(&self.url("/api/customers")).header("Idempotency-Key", &key);
                    let new = NewCustomer {
                        customer,
                        subscriptions: subs,
                    };
                    let resp = self.send_json(req, Some(&new), false).await?;
                    let created: Created = body(resp).await?;
                    self.remember_customer(&created.customer);
                    for s in created.subscriptions {
                        self.remember_subscription(&s);
                        delta.subscriptions.push(s.record);
                    }
                    delta.customers.push(created.customer.record);
                }
                Ok(delta)
            }
            Change::ImportCustomers {
                customers,
                subscriptions,
            } => {
                self.import(customers.clone(), subscriptions.clone())
                    .await?;
                Ok(Delta {
                    customers,
                    subscriptions,
                    ..Delta::default()
                })
            }
            change @ Change::ImportFile { .. } => self.import_file(change).await,
            Change::UndoImport { id, .. } => self.undo_import(&id).await,
            // The server's own parts of an import: the web app sends the file's import whole.
            Change::ImportBatch { .. } | Change::ImportClosed { .. } => Err(
                StoreError::Unavailable("an import is sent whole, as ImportFile".into()),
            ),
            Change::RestoreBackup(_) => Err(StoreError::Unavailable(
                "restoring a backup is for a book in this browser".into(),
            )),
            Change::RenameCustomer { id, name } => {
                let req = Request::patch(&self.url(&format!("/api/customers/{id}")));
                let rename = Rename { company_name: name };
                let resp = self.write_customer(req, Some(&rename), &id).await?;
                let now: Versioned<Customer> = body(resp).await?;
                Ok(Delta {
                    customers: vec![now.record],
                    ..Delta::default()
                })
            }
            Change::RemoveRelationship { id } => {
                let req = Request::post(&self.url(&format!("/api/customers/{id}/remove")));
                self.write_customer(req, None::<&()>, &id).await?;
                Ok(Delta {
                    left: vec![id],
                    ..Delta::default()
                })
            }
            Change::EditTags { ids, edit } => {
                let now = self
                    .in_batches(&ids, |chunk| {
                        let req = Request::post(&self.url("/api/customers/tags"));
                        let batch = TagBatch {
                            ids: chunk.to_vec(),
                            edit: edit.clone(),
                        };
                        async move {
                            let resp = self.send_json(req, Some(&batch), false).await?;
                            body::<Vec<Versioned<Customer>>>(resp).await
                        }
                    })
                    .await?;
                let mut delta = Delta::default();
                for c in now {
                    self.remember_customer(&c);
                    delta.customers.push(c.record);
                }
                Ok(delta)
            }
            Change::RemoveRelationships { ids } => {
                let gone = self
                    .in_batches(&ids, |chunk| {
                        let req = Request::post(&self.url("/api/customers/remove"));
                        let batch = RemoveBatch {
                            ids: chunk.to_vec(),
                        };
                        async move {
                            let resp = self.send_json(req, Some(&batch), false).await?;
                            body::<Vec<Removed>>(resp).await
                        }
                    })
                    .await?;
                Ok(Delta {
                    left: gone.into_iter().map(|r| r.customer.record.id).collect(),
                    ..Delta::default()
                })
            }
            Change::ReinstateRelationship { id } => {
                let req = Request::post(&self.url(&format!("/api/customers/{id}/reinstate")));
                let resp = self.write_customer(req, None::<&()>, &id).await?;
                let now: Versioned<Customer> = body(resp).await?;
                Ok(Delta {
                    customers: vec![now.record],
                    unremoved: vec![id],
                    ..Delta::default()
                })
            }
            Change::SetQuantity { id, quantity } => {
                let update = SubscriptionUpdate {
                    quantity: Some(quantity),
                    status: None,
                };
                self.update_subscription(&id, &update).await
            }
            Change::SetStatus { id, status } => {
                let update = SubscriptionUpdate {
                    quantity: None,
                    status: Some(status),
                };
                self.update_subscription(&id, &update).await
            }
            Change::Record {
                action,
                customer_id,
                details,
            } => {
                let req = Request::post(&self.url("/api/activity"));
                let record = Record {
                    action: action.key().to_string(),
                    customer_id,
                    details,
                };
                self.send_json(req, Some(&record), false).await?;
                Ok(Delta::default())
            }
        }
    }

    async fn settings(&self) -> Result<Settings, StoreError> {
        let resp = self
            .send(Request::get(&self.url("/api/settings")), false)
            .await?;
        if let Some(v) = etag_of(&resp) {
            self.remember("settings".into(), v);
        }
        let mut settings: Settings = body(resp).await?;
        settings.exports = local_exports();
        Ok(settings)
    }

    /// The partner profile and resellers go to the server (when they changed: a user who
    /// may not manage settings can still keep their export preferences); the export
    /// preferences stay in this browser.
    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        let current: Option<Settings> = {
            let resp = self
                .send(Request::get(&self.url("/api/settings")), false)
                .await?;
            if let Some(v) = etag_of(&resp) {
                // Only when we had none: a newer version than the one edited must give 412.
                self.versions
                    .borrow_mut()
                    .entry("settings".into())
                    .or_insert(v);
            }
            body(resp).await.ok()
        };
        let shared_changed = current
            .as_ref()
            .is_none_or(|c| c.partner != settings.partner || c.resellers != settings.resellers);
        if shared_changed {
            let form = SettingsForm {
                partner: settings.partner.clone(),
                resellers: SettingsDraft::of(&settings).resellers,
            };
            let tag = self.version("settings").map(etag).unwrap_or_default();
            let req = Request::put(&self.url("/api/settings")).header("If-Match", &tag);
            let resp = self.send_json(req, Some(&form), false).await?;
            if let Some(v) = etag_of(&resp) {
                self.remember("settings".into(), v);
            }
        }
        let exports = serde_json::to_string(&settings.exports).unwrap_or_default();
        local_set(EXPORTS_KEY, &exports).map_err(StoreError::Unavailable)
    }
}
