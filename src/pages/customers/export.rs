//! "Export": the rows the search and filter leave, as a CSV file, and the log entry for it.

use clientele_domain::activity::Action;
use clientele_domain::export::{customers_csv, customers_file_name};
use leptos::prelude::*;

use super::list::List;
use crate::browser;
use crate::components::export::record_export;
use crate::i18n::{lang, t, tf, tn};
use crate::state::{AppState, NoticeKind};

/// Downloads the list's rows; says so in `status`, and logs it.
pub(super) fn export_rows(state: AppState, list: List, status: RwSignal<String>) {
    let r = list.rows.get_untracked();
    let options = state.current_settings().exports.for_language(lang());
    let bytes = list.indexed.with_untracked(|ix| {
        list.resellers.with_untracked(|res| {
            customers_csv(r.rows.iter().map(|&i| &ix[i as usize]), res, options)
        })
    });
    let name = customers_file_name(&browser::local_date());
    match browser::download(&name, "text/csv;charset=utf-8", &bytes) {
        Ok(()) => {
            let count = tn("app.count.customers", r.rows.len() as u64, &[]);
            status.set(tf(
                "customers.exported",
                &[("count", &count), ("file", &name)],
            ));
            let filtered = r.rows.len() < list.indexed.with_untracked(|ix| ix.len());
            // The log's details are data, written in English whatever the UI's language.
            let what = plural(r.rows.len(), "customer", "customers");
            let details = if filtered {
                format!("{what} (filtered) to {name}")
            } else {
                format!("{what} to {name}")
            };
            record_export(state, Action::CustomersExported, None, details);
        }
        Err(_) => state.notify(NoticeKind::Error, t("customers.export_failed")),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
