//! The user's saved views of the customer list, kept on the server for them (`/api/views`).

use clientele_domain::views::SavedView;

use super::*;

impl HttpStore {
    /// The user's views, in the order first saved.
    pub async fn views(&self) -> Result<Vec<SavedView>, StoreError> {
        self.get_kept("/api/views").await
    }

    /// Saves `view` (replacing the user's view of the same name); the user's views now.
    pub async fn save_view(&self, view: &SavedView) -> Result<Vec<SavedView>, StoreError> {
        let req = Request::put(&self.url("/api/views"));
        body(self.send_json(req, Some(view), false).await?).await
    }

    pub async fn delete_view(&self, name: &str) -> Result<(), StoreError> {
        let name = String::from(js_sys::encode_uri_component(name));
        let req = Request::delete(&self.url(&format!("/api/views/{name}")));
        self.send(req, false).await.map(|_| ())
    }
}
