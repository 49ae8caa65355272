//! The store interface for the browser's book: reads from IndexedDB (or memory), and each
//! write in one transaction.

use clientele_domain::activity::{filter, LogFilter};

use super::*;

impl CustomerStore for BrowserStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                crate::browser::mark("clientele:idb-read");
                let mut seen = HashMap::new();
                let customers = db::all_customers(&tx.customers, |id, r| {
                    seen.insert(id.clone(), r);
                })
                .await?;
                crate::browser::mark("clientele:idb-parsed");
                // Kept as read: the versions a write's If-Match (and conflict check) start from.
                let mut known = self.inner.seen.borrow_mut();
                if known.customers.is_empty() {
                    known.customers = seen;
                } else {
                    known.customers.extend(seen);
                }
                Ok(customers)
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| m.0.customers.clone())
                .unwrap_or_default()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let bucket = db::get_bucket(&tx.customers, &db::bucket_of(id)).await?;
                let rec = bucket.into_iter().find(|r| &r.v.id == id);
                Ok(rec.map(|r| {
                    self.inner
                        .seen
                        .borrow_mut()
                        .customers
                        .insert(id.clone(), r.r);
                    r.v
                }))
            }
            BackendRef::Memory => Ok(self.with_memory(|m| m.0.customer(id).cloned()).flatten()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn removed_customers(&self) -> Result<Vec<RemovedCustomer>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let recs: Vec<Rec<RemovedCustomer>> = db::get_all(&tx.removed).await?;
                let mut seen = self.inner.seen.borrow_mut();
                Ok(recs
                    .into_iter()
                    .map(|r| {
                        seen.customers.insert(r.v.customer.id.clone(), r.r);
                        r.v
                    })
                    .collect())
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| m.0.removed.clone())
                .unwrap_or_default()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn subscriptions(&self, id: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let recs: Vec<Rec<Subscription>> =
                    db::get_all_objects(&tx.subscriptions, Some(id)).await?;
                let mut seen = self.inner.seen.borrow_mut();
                Ok(recs
                    .into_iter()
                    .map(|r| {
                        seen.subscriptions.insert(r.v.id.clone(), r.r);
                        r.v
                    })
                    .collect())
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| m.0.subscriptions_of(id))
                .unwrap_or_default()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn activity(&self) -> Result<Vec<Entry>, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                db::entries(&tx.activity, None).await
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| m.0.activity.clone())
                .unwrap_or_default()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn customer_activity(
        &self,
        id: &CustomerId,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        self.ready().await;
        let mine = LogFilter {
            customer: Some(id.clone()),
            ..LogFilter::default()
        };
        // The log's own order (newest first, one change's entries as written), as the
        // activity page and the server give it.
        let latest = |entries: &[Entry]| -> Vec<Entry> {
            filter(entries, &mine)
                .into_iter()
                .take(limit)
                .cloned()
                .collect()
        };
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let theirs = db::entries(&tx.activity, Some(id)).await?;
                Ok(latest(&theirs))
            }
            BackendRef::Memory => Ok(self
                .with_memory(|m| latest(&m.0.activity))
                .unwrap_or_default()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn apply(&self, change: Change, stamp: Stamp) -> Result<Delta, StoreError> {
        self.ready().await;
        self.check_writable()?;
        write::in_chunk(self.clone(), change, stamp).await
    }

    async fn settings(&self) -> Result<Settings, StoreError> {
        self.ready().await;
        match self.backend() {
            BackendRef::Idb(d) => {
                let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
                let rec = tx.settings::<Settings>().await?;
                self.inner.seen.borrow_mut().settings = Some(rec.as_ref().map_or(0, |r| r.r));
                Ok(rec.map(|r| r.v).unwrap_or_default())
            }
            BackendRef::Memory => Ok(self.with_memory(|m| m.1.clone()).unwrap_or_default()),
            BackendRef::Closed => Err(StoreError::Outdated),
        }
    }

    async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        self.ready().await;
        self.check_writable()?;
        let d = match self.backend() {
            BackendRef::Idb(d) => d,
            BackendRef::Memory => {
                self.with_memory(|m| m.1 = settings);
                return Ok(());
            }
            BackendRef::Closed => return Err(StoreError::Outdated),
        };
        let tx = Tx::new(&d, TransactionMode::ReadWrite)?;
        let written = async {
            let stored = tx.settings::<Settings>().await?.map_or(0, |r| r.r);
            let read = self.inner.seen.borrow().settings;
            if read.is_some_and(|r| r != stored) {
                return Err(StoreError::Conflict("settings".into()));
            }
            let revision = tx.revision().await? + 1;
            tx.put_settings(&Rec {
                r: revision,
                v: &settings,
            })?;
            tx.put_revision(revision)?;
            Ok(revision)
        }
        .await;
        let revision = match written {
            Ok(r) => r,
            Err(e) => {
                tx.abort();
                return Err(e);
            }
        };
        tx.commit().await?;
        self.inner.seen.borrow_mut().settings = Some(revision);
        if let Some(channel) = &*self.inner.channel.borrow() {
            channel.post(&Committed {
                revision,
                settings: true,
                ..Committed::default()
            });
        }
        Ok(())
    }

    async fn refresh_versions(&self, change: &Change) -> Result<(), StoreError> {
        // Reading the records again is what makes this tab's next write build on them.
        let touches = change.touches();
        for id in &touches.customers {
            if self.customer(id).await?.is_none() {
                let _ = self.removed_customers().await?;
            }
        }
        if let BackendRef::Idb(d) = self.backend() {
            let tx = Tx::new(&d, TransactionMode::ReadOnly)?;
            let found = join_all(
                touches
                    .subscriptions
                    .iter()
                    .map(|id| db::get_object::<Rec<Subscription>>(&tx.subscriptions, id.as_str())),
            )
            .await;
            let mut seen = self.inner.seen.borrow_mut();
            for r in found
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
            {
                seen.subscriptions.insert(r.v.id.clone(), r.r);
            }
        }
        Ok(())
    }
}
