//! What every export does once its file is downloaded: log it.

use clientele_domain::activity::Action;
use clientele_domain::book::Change;
use clientele_domain::model::CustomerId;
use leptos::task::spawn_local;

use crate::i18n::tf;
use crate::state::{AppState, NoticeKind};

/// Logs an export that has been downloaded. The file is already saved, so a log that can't
/// be written is reported, not treated as a failed export.
pub fn record_export(
    state: AppState,
    action: Action,
    customer_id: Option<CustomerId>,
    details: String,
) {
    spawn_local(async move {
        let change = Change::Record {
            action,
            customer_id,
            details,
        };
        if let Err(e) = state.apply(change).await {
            state.notify(
                NoticeKind::Error,
                tf("customers.export_not_logged", &[("error", &e.to_string())]),
            );
        }
    });
}
