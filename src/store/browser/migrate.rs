//! Moving a book that an earlier version kept in localStorage into IndexedDB, once.

use super::*;
use crate::lazy_pages::{chunk_entry, ChunkMissing};

/// Whether an earlier version's book or settings wait in localStorage to be moved.
pub(super) fn pending() -> bool {
    crate::local::storage().is_some_and(|storage| {
        [keys::LEGACY_BOOK, keys::LEGACY_SETTINGS]
            .iter()
            .any(|key| storage.get_item(key).ok().flatten().is_some())
    })
}

/// The move, its code fetched first: a wasm chunk of its own (issue 17), which only a book
/// from before IndexedDB needs.
/// Without it the book stays in localStorage, as it was, and the next start tries again.
pub(super) async fn in_chunk(store: BrowserStore, database: Rc<Database>) {
    match migrate_code(store.clone(), database).await {
        Ok(migration) => migration.await,
        Err(ChunkMissing) => store.warn(StoreWarning::NotMigrated {
            why: StoreError::WriteCodeMissing.to_string(),
        }),
    }
}

chunk_entry!(
    browser_migrate,
    fn migrate_code(store: BrowserStore, database: Rc<Database>) -> LocalBoxFuture<'static, ()> {
        Box::pin(async move { store.migrate(&database).await })
    }
);

impl BrowserStore {
    /// Moves a book that an earlier version kept in localStorage into IndexedDB, in one
    /// transaction. The localStorage copy stays in place until that commits, then is renamed
    /// aside (`clientele.book.migrated-<time>`), never deleted here.
    async fn migrate(&self, database: &Database) {
        let Some(storage) = crate::local::storage() else {
            return;
        };
        let book_text = storage.get_item(keys::LEGACY_BOOK).ok().flatten();
        let settings_text = storage.get_item(keys::LEGACY_SETTINGS).ok().flatten();
        if book_text.is_none() && settings_text.is_none() {
            return;
        }
        let book = book_text.as_deref().and_then(|text| {
            self.decode_legacy::<Book>(&storage, keys::LEGACY_BOOK, text, Stored::Book)
        });
        let settings = settings_text.as_deref().and_then(|text| {
            self.decode_legacy::<Settings>(&storage, keys::LEGACY_SETTINGS, text, Stored::Settings)
        });
        if book.is_none() && settings.is_none() {
            return;
        }
        let written = async {
            let tx = Tx::new(database, TransactionMode::ReadWrite)?;
            let revision = tx.revision().await? + 1;
            if let Some(book) = &book {
                write_book(&tx, book, revision).await?;
            }
            if let Some(settings) = &settings {
                tx.put_settings(&Rec {
                    r: revision,
                    v: settings,
                })?;
            }
            tx.put_revision(revision)?;
            tx.commit().await
        }
        .await;
        if let Err(e) = written {
            self.warn(StoreWarning::NotMigrated { why: e.to_string() });
            return;
        }
        let at = iso_from_unix_ms(js_sys::Date::now() as i64);
        for (key, text, moved) in [
            (keys::LEGACY_BOOK, &book_text, book.is_some()),
            (keys::LEGACY_SETTINGS, &settings_text, settings.is_some()),
        ] {
            if let (Some(text), true) = (text, moved) {
                rename_aside(&storage, key, &format!("{key}.migrated-{at}"), text, true);
            }
        }
    }

    /// Today's rules for what a stored value that cannot be read becomes: kept aside and
    /// reported, or (newer schema) left untouched with writes refused.
    fn decode_legacy<T: serde::de::DeserializeOwned>(
        &self,
        storage: &web_sys::Storage,
        key: &str,
        text: &str,
        what: Stored,
    ) -> Option<T> {
        match decode_stored::<T>(text) {
            Ok(value) => Some(value),
            Err(e @ DecodeError::NewerSchema(_)) => {
                let warning = StoreWarning::Newer {
                    what,
                    why: e.to_string(),
                };
                self.warn(warning.clone());
                *self.inner.read_only.borrow_mut() = Some(warning);
                None
            }
            Err(e) => {
                let aside = format!(
                    "{key}.unreadable-{}",
                    iso_from_unix_ms(js_sys::Date::now() as i64)
                );
                if rename_aside(storage, key, &aside, text, false) {
                    self.warn(StoreWarning::KeptAside {
                        what,
                        why: e.to_string(),
                        aside,
                    });
                } else {
                    let warning = StoreWarning::NoRoom {
                        what,
                        why: e.to_string(),
                    };
                    self.warn(warning.clone());
                    *self.inner.read_only.borrow_mut() = Some(warning);
                }
                None
            }
        }
    }
}

/// A whole book (a migration): every record, and the log in order.
async fn write_book(tx: &Tx, book: &Book, revision: u64) -> Result<(), StoreError> {
    let mut buckets = db::all_buckets(&tx.customers).await?;
    write_delta(
        tx,
        &Delta {
            customers: book.customers.clone(),
            removed: book.removed.clone(),
            subscriptions: book.subscriptions.clone(),
            entries: book.activity.clone(),
            ..Delta::default()
        },
        revision,
        &mut buckets,
    )
}

/// Renames a localStorage value: a copy under `aside`, then the original removed. When there
/// is no room for the copy and `safe_elsewhere` (it was just committed to IndexedDB), the
/// original goes first to make room; otherwise it stays where it is.
fn rename_aside(
    storage: &web_sys::Storage,
    key: &str,
    aside: &str,
    text: &str,
    safe_elsewhere: bool,
) -> bool {
    if storage.set_item(aside, text).is_ok() {
        return storage.remove_item(key).is_ok();
    }
    safe_elsewhere && storage.remove_item(key).is_ok() && storage.set_item(aside, text).is_ok()
}
