//! The user's saved views of the customer list, kept on the server for them (`/api/views`).
//! A copy of them as last read is kept in this browser, for this server and user, so they
//! still open while the server can't be reached (as the book does, from its replica).

use clientele_domain::views::SavedView;

use super::*;
use crate::saved_views::{keep_at, stored_at};

impl HttpStore {
    /// The user's views, in the order first saved.
    pub async fn views(&self) -> Result<Vec<SavedView>, StoreError> {
        let views: Vec<SavedView> = self.get_kept("/api/views").await?;
        self.keep_views(&views);
        Ok(views)
    }

    /// Saves `view` (replacing the user's view of the same name); the user's views now.
    pub async fn save_view(&self, view: &SavedView) -> Result<Vec<SavedView>, StoreError> {
        let req = Request::put(&self.url("/api/views"));
        let views: Vec<SavedView> = body(self.send_json(req, Some(view), false).await?).await?;
        self.keep_views(&views);
        Ok(views)
    }

    pub async fn delete_view(&self, name: &str) -> Result<(), StoreError> {
        let encoded = String::from(js_sys::encode_uri_component(name));
        let req = Request::delete(&self.url(&format!("/api/views/{encoded}")));
        self.send(req, false).await?;
        let mut views = stored_at(&self.views_key());
        views.retain(|v| v.name != name);
        self.keep_views(&views);
        Ok(())
    }

    /// A copy only: the server holds the views, so a browser that can't keep it loses
    /// nothing but the offline copy.
    fn keep_views(&self, views: &[SavedView]) {
        let _ = keep_at(&self.views_key(), views);
    }

    fn views_key(&self) -> String {
        crate::keys::server_views(&self.config.base(), &self.config.token)
    }
}
