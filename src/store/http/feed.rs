//! The change feed (`GET /api/changes`), read by a replica, and the version cache as a
//! replica fills it.

use clientele_domain::api::Changes;

use super::*;

impl HttpStore {
    /// What changed after `since` (0: everything). `database` is the replica's origin: the
    /// server answers `resync` when it is another database's. A background read: it never
    /// shows "Working…" and is never cancelled by a page.
    pub async fn changes(
        &self,
        since: i64,
        limit: u32,
        database: &str,
    ) -> Result<Changes, StoreError> {
        let mut path = format!("/api/changes?since={since}&limit={limit}");
        if !database.is_empty() {
            path.push_str(&format!("&database={database}"));
        }
        let req = Request::get(&self.url(&path))
            .header(
                "Authorization",
                &format!("Bearer {}", self.config.token.trim()),
            )
            .build()
            .map_err(transport::client_error)?;
        let resp = req
            .send()
            .await
            .map_err(|e| network_error(&e, &self.config.base()))?;
        if !resp.ok() {
            return Err(transport::error_of(resp).await);
        }
        body(resp).await
    }

    /// A record's version as a replica holds it, when this store has not seen a newer one.
    pub fn know_version(&self, key: String, version: i64) {
        let mut versions = self.versions.borrow_mut();
        let v = versions.entry(key).or_insert(version);
        *v = (*v).max(version);
    }

    /// The version the server gave a record last (its answer to a write, or a read).
    pub fn known_version(&self, key: &str) -> Option<i64> {
        self.version(key)
    }
}
