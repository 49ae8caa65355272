//! "Export customers" (the rows the search and filters leave, in the order shown) and
//! "Export selected", as a CSV file, and the log entry for each.

use clientele_domain::active::ActiveCounts;
use clientele_domain::activity::Action;
use clientele_domain::columns::{Columns, ListColumn};
use clientele_domain::export::{customers_csv_of, customers_file_name};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashSet;

use super::list::List;
use crate::browser;
use crate::components::export::record_export;
use crate::i18n::{lang, t, tf, tn};
use crate::lazy_pages::{chunk_entry, ChunkMissing};
use crate::state::{AppState, NoticeKind};

/// Which rows an export writes, and how the log names them.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Scope {
    Shown,
    Selected,
}

/// Downloads the rows of `scope`; says so in `status`, and logs it. The export's code (the
/// CSV writer) is a wasm chunk of its own, fetched on the first export (issue 17); when it
/// cannot be fetched, a notice says so and the next export asks again.
pub(super) fn export_rows(state: AppState, list: List, status: RwSignal<String>, scope: Scope) {
    spawn_local(async move {
        if let Err(ChunkMissing) = export_in_chunk(state, list, status, scope).await {
            state.notify(NoticeKind::Error, t("customers.export_code_missing"));
        }
    });
}

chunk_entry!(
    list_export,
    fn export_in_chunk(state: AppState, list: List, status: RwSignal<String>, scope: Scope) -> () {
        export_now(state, list, status, scope)
    }
);

fn export_now(state: AppState, list: List, status: RwSignal<String>, scope: Scope) {
    let exports = state.current_settings().exports;
    // The columns the list shows, unless the export settings ask for all of them.
    let columns = if exports.all_columns {
        Columns::all()
    } else {
        list.columns.get_untracked()
    };
    let counted = list.indexed.with_untracked(|ix| ix.active().is_some());
    if counted || !columns.shows(ListColumn::Subscriptions) {
        return write(state, list, status, scope, &columns, None);
    }
    // Asked for before the list has counted the subscriptions (a large book just opened):
    // counted here, so the file has the column the list shows.
    spawn_local(async move {
        match state.store().all_subscriptions().await {
            Ok(all) => {
                let active = all.map(|all| ActiveCounts::new(&all));
                write(state, list, status, scope, &columns, active.as_ref());
            }
            Err(e) => state.notify(NoticeKind::Error, e.to_string()),
        }
    });
}

/// Writes the file, with the list's counts or those given.
fn write(
    state: AppState,
    list: List,
    status: RwSignal<String>,
    scope: Scope,
    columns: &Columns,
    active: Option<&ActiveCounts>,
) {
    let rows = rows_of(list, scope);
    let options = state.current_settings().exports.for_language(lang());
    let bytes = list.indexed.with_untracked(|ix| {
        list.resellers.with_untracked(|res| {
            let customers = rows.iter().map(|&i| &ix[i as usize]);
            customers_csv_of(customers, res, options, columns, active.or(ix.active()))
        })
    });
    let name = customers_file_name(&browser::local_date());
    match browser::download(&name, "text/csv;charset=utf-8", &bytes) {
        Ok(()) => {
            let count = tn("app.count.customers", rows.len() as u64, &[]);
            status.set(tf(
                "customers.exported",
                &[("count", &count), ("file", &name)],
            ));
            let filtered = rows.len() < list.indexed.with_untracked(|ix| ix.len());
            // The log's details are data, written in English whatever the UI's language.
            let what = plural(rows.len(), "customer", "customers");
            let details = match (scope, filtered) {
                (Scope::Selected, _) => format!("{what} (selected) to {name}"),
                (Scope::Shown, true) => format!("{what} (filtered) to {name}"),
                (Scope::Shown, false) => format!("{what} to {name}"),
            };
            record_export(state, Action::CustomersExported, None, details);
        }
        Err(_) => state.notify(NoticeKind::Error, t("customers.export_failed")),
    }
}

/// The rows shown, in the order shown; or the selected ones: those shown in that order,
/// then any the search hides now, in the list's order.
fn rows_of(list: List, scope: Scope) -> Vec<u32> {
    let shown = list.rows.get_untracked().rows;
    if scope == Scope::Shown {
        return shown.to_vec();
    }
    list.selected.with_untracked(|chosen| {
        list.indexed.with_untracked(|ix| {
            let is_chosen = |i: &u32| chosen.contains(&ix[*i as usize].id);
            let mut rows: Vec<u32> = shown.iter().copied().filter(is_chosen).collect();
            if rows.len() < chosen.len() {
                let seen: HashSet<u32> = rows.iter().copied().collect();
                rows.extend((0..ix.len() as u32).filter(|i| !seen.contains(i) && is_chosen(i)));
            }
            rows
        })
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
