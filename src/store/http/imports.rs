//! "Import customers" on a server: the file's customers go in batches under the import's
//! ID, each batch all or nothing and sent with an `Idempotency-Key`; then the import is
//! closed, which logs its one "Customers imported" entry. Undo goes by the same ID.
//!
//! Resuming: the batches an import got through are remembered (in this page, by import ID),
//! so "Import" pressed again after a failure sends only the rest, under the same ID, and the
//! one entry counts them all. A batch whose answer was lost is sent again with the same key
//! and body, and the server answers it as the first time instead of writing it twice.

use clientele_domain::api::{ImportBatch, ImportClose, ImportUndone, ImportUpdate};
use clientele_domain::model::ImportId;

use super::*;

/// How far an import got: the batches the server took, and what they wrote.
#[derive(Clone, Debug, Default)]
pub struct Sent {
    batches: usize,
    customers: usize,
    delta: Delta,
}

impl HttpStore {
    /// Sends the import in batches of [`COPY_BATCH`] customers (new ones, then updates),
    /// `batches` saying how far it got, then closes it. Each update carries the version
    /// of the customer this store read: a customer changed since is refused by the server
    /// (412), reported here, never overwritten.
    pub async fn import_file(&self, change: Change) -> Result<Delta, StoreError> {
        let Change::ImportFile {
            id,
            file_name,
            customers,
            updates,
            skipped,
            errors,
        } = &change
        else {
            return Err(StoreError::Unavailable("not a file's import".into()));
        };
        let result = self
            .send_import(id, file_name, customers, updates, (*skipped, *errors))
            .await;
        self.batches.set(None);
        if result.is_ok() {
            self.imports.borrow_mut().remove(id);
        }
        result
    }

    /// The batches not sent yet, then the close; `left_out` is (skipped, in error).
    async fn send_import(
        &self,
        id: &ImportId,
        file_name: &str,
        customers: &[Customer],
        updates: &[(Customer, Customer)],
        left_out: (usize, usize),
    ) -> Result<Delta, StoreError> {
        let total = customers.len() + updates.len();
        let mut sent = self.imports.borrow().get(id).cloned().unwrap_or_default();
        self.batches
            .set(Some((sent.customers as u64, total as u64)));
        let new = customers.chunks(COPY_BATCH).map(|c| (c, &[][..]));
        let updated = updates.chunks(COPY_BATCH).map(|u| (&[][..], u));
        for (n, (customers, updates)) in new.chain(updated).enumerate().skip(sent.batches) {
            let mut versioned = Vec::with_capacity(updates.len());
            for (before, after) in updates {
                versioned.push(ImportUpdate {
                    before: before.clone(),
                    after: after.clone(),
                    version: self.customer_version(&before.id).await?,
                });
            }
            let batch = ImportBatch {
                file_name: file_name.to_owned(),
                customers: customers.to_vec(),
                updates: versioned,
            };
            let req = Request::post(&self.url(&format!("/api/imports/{id}/batches")))
                .header("Idempotency-Key", &format!("import-{id}-{n}"));
            let written: Vec<Versioned<Customer>> =
                match self.send_json(req, Some(&batch), false).await {
                    Ok(resp) => body(resp).await?,
                    // Someone else's change since the preview: said, not offered to overwrite
                    // (the import's records are the file's, and the page plans it again).
                    // The batches that went before it are closed first, so the log says
                    // what this import wrote: resending the same plan can't finish it.
                    Err(StoreError::Conflict(message)) => {
                        if sent.batches > 0 {
                            self.close_import(id, left_out).await?;
                        }
                        return Err(StoreError::Invalid {
                            field: None,
                            message,
                        });
                    }
                    Err(e) => return Err(e),
                };
            for c in written {
                self.remember_customer(&c);
                sent.delta.customers.push(c.record);
            }
            sent.batches += 1;
            sent.customers += customers.len() + updates.len();
            self.imports.borrow_mut().insert(id.clone(), sent.clone());
            self.batches
                .set(Some((sent.customers as u64, total as u64)));
        }
        self.close_import(id, left_out).await?;
        Ok(sent.delta)
    }

    /// Ends import `id`: the server logs its one "Customers imported" entry, with what its
    /// batches wrote and `left_out` (skipped, in error).
    async fn close_import(
        &self,
        id: &ImportId,
        left_out: (usize, usize),
    ) -> Result<(), StoreError> {
        let req = Request::post(&self.url(&format!("/api/imports/{id}/close")));
        let close = ImportClose {
            skipped: left_out.0,
            errors: left_out.1,
        };
        self.send_json(req, Some(&close), false).await?;
        Ok(())
    }

    /// How far an import sent from this page got before it stopped: (customers the server
    /// has, in all), or `None` if none of it went.
    pub fn import_sent(&self, id: &ImportId) -> Option<usize> {
        self.imports
            .borrow()
            .get(id)
            .map(|s| s.customers)
            .filter(|&n| n > 0)
    }

    /// Takes import `id` back out: the server deletes the customers it added and puts back
    /// those it updated, or refuses (409) once any has changed since.
    pub async fn undo_import(&self, id: &ImportId) -> Result<Delta, StoreError> {
        let req = Request::post(&self.url(&format!("/api/imports/{id}/undo")));
        let resp = self.send_json(req, None::<&()>, false).await?;
        let undone: ImportUndone = body(resp).await?;
        let mut delta = Delta {
            left: undone.deleted,
            ..Delta::default()
        };
        for c in undone.restored {
            self.remember_customer(&c);
            delta.customers.push(c.record);
        }
        Ok(delta)
    }

    /// The version of a customer as this store read it (a replica's, or the server's).
    async fn customer_version(&self, id: &CustomerId) -> Result<i64, StoreError> {
        let key = format!("c:{id}");
        if self.version(&key).is_none() {
            self.fetch_customer_version(id).await?;
        }
        self.version(&key)
            .ok_or_else(|| StoreError::NoCustomer(id.to_string()))
    }
}
