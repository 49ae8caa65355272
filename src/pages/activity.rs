//! The activity log: every transaction and management action, filtered by date, customer
//! and action, and exported as CSV.

use clientele_domain::activity::{filter, log_csv, log_file_name, Action, Entry, LogFilter};
use clientele_domain::model::CustomerId;
use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::browser;
use crate::components::allowed::page_denied;
use crate::components::log_table::LogTable;
use crate::i18n::{lang, num, t, tf, tn};
use crate::state::{use_app_state, NoticeKind};
use crate::store::CustomerStore;

/// Rows rendered at a time; the export always has every matching entry.
const PAGE: usize = 200;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let state = use_app_state();
    if !state.can(Permission::ViewActivityLog) {
        return page_denied(t("activity.title"), Permission::ViewActivityLog);
    }
    let query = use_query_map();
    let initial_customer = query.with_untracked(|m| m.get("customer").unwrap_or_default());
    let from = RwSignal::new(browser::local_date_days_ago(30));
    let to = RwSignal::new(browser::local_date());
    let customer = RwSignal::new(initial_customer);
    let action = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let status = RwSignal::new(String::new());

    let log = LocalResource::new(move || {
        state.version.track();
        let store = state.store();
        async move { store.activity().await.map(Arc::new) }
    });
    let entries = move || match log.get() {
        Some(Ok(list)) => list,
        _ => Arc::new(Vec::new()),
    };
    let current = move || LogFilter {
        from_ms: browser::local_day_start_ms(&from.get(), 0),
        to_ms: browser::local_day_start_ms(&to.get(), 1),
        customer: CustomerId::parse(&customer.get()).ok(),
        action: Action::from_key(&action.get()),
    };
    let matching = Memo::new(move |_| {
        let all = entries();
        let f = current();
        filter(&all, &f)
            .into_iter()
            .cloned()
            .collect::<Vec<Entry>>()
    });
    let range_error = Signal::derive(move || {
        let (start, end) = (from.get(), to.get());
        (!start.is_empty() && !end.is_empty() && end < start)
            .then(|| t("activity.range_error").to_string())
    });

    let export = move |_| {
        let rows = matching.get_untracked();
        let refs: Vec<&Entry> = rows.iter().collect();
        // The file keeps the sortable "YYYY-MM-DD HH:MM" that tools read as a date.
        let bytes = log_csv(
            &refs,
            browser::local_date_time,
            state.current_settings().exports.for_language(lang()),
        );
        let name = log_file_name(&browser::local_date());
        match browser::download(&name, "text/csv;charset=utf-8", &bytes) {
            Ok(()) => status.set(tf(
                "activity.exported",
                &[("count", &entries_text(rows.len())), ("file", &name)],
            )),
            Err(_) => state.notify(NoticeKind::Error, t("activity.export_failed")),
        }
    };

    view! {
        <h1>{t("activity.title")}</h1>
        <p class="lede">
            {move || tf("activity.recorded", &[("count", &entries_text(entries().len()))])}
            " "
            {t("activity.kept")}
        </p>
        {move || match log.get() {
            Some(Err(e)) => Some(view! { <p role="alert">{e.to_string()}</p> }),
            _ => None,
        }}
        <div class="toolbar filters">
            <div class="field inline">
                <label for="log-from">{t("activity.from")}</label>
                <input id="log-from" type="date" prop:value=move || from.get()
                    on:input=move |ev| { from.set(event_target_value(&ev)); limit.set(PAGE) } />
            </div>
            <div class="field inline" class:invalid=move || range_error.with(Option::is_some)>
                <label for="log-to">{t("activity.to")}</label>
                <input id="log-to" type="date" prop:value=move || to.get()
                    aria-invalid=move || range_error.with(Option::is_some).then_some("true")
                    aria-describedby="log-to-error"
                    on:input=move |ev| { to.set(event_target_value(&ev)); limit.set(PAGE) } />
                <p class="error" id="log-to-error">{move || range_error.get()}</p>
            </div>
            <div class="field inline">
                <label for="log-customer">{t("activity.customer")}</label>
                <select id="log-customer" on:change=move |ev| { customer.set(event_target_value(&ev)); limit.set(PAGE) }>
                    <option value="" prop:selected=move || customer.with(String::is_empty)>{t("activity.all_customers")}</option>
                    {move || customers_in(&entries())
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = id.clone();
                            view! { <option value=id prop:selected=move || customer.get() == selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field inline">
                <label for="log-action">{t("activity.action")}</label>
                <select id="log-action" on:change=move |ev| { action.set(event_target_value(&ev)); limit.set(PAGE) }>
                    <option value="">{t("activity.all_actions")}</option>
                    {Action::ALL
                        .into_iter()
                        .map(|a| view! { <option value=a.key() prop:selected=move || action.get() == a.key()>{a.label_in(lang())}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="button" on:click=export disabled=move || matching.with(Vec::is_empty)>{t("activity.export")}</button>
        </div>
        <p role="status">{move || tf("activity.showing", &[("shown", &num(matching.with(Vec::len) as i64)), ("count", &entries_text(entries().len()))])}</p>
        <p class="visually-hidden" role="status">{move || status.get()}</p>
        {move || {
            let rows = matching.get();
            let total = rows.len();
            let shown: Vec<Entry> = rows.into_iter().take(limit.get()).collect();
            view! {
                <LogTable entries=shown />
                {(total > limit.get()).then(|| view! {
                    <button type="button" on:click=move |_| limit.update(|l| *l += PAGE)>
                        {tf("activity.more", &[("n", &num(((total - limit.get_untracked()).min(PAGE)) as i64))])}
                    </button>
                })}
            }
        }}
    }
    .into_any()
}

/// The customers named in the log, by ID, with the latest name each had, sorted by name.
fn customers_in(entries: &[Entry]) -> Vec<(String, String)> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for e in entries {
        if let Some(id) = &e.customer_id {
            names.insert(id.to_string(), e.customer_name.clone());
        }
    }
    let mut list: Vec<(String, String)> = names.into_iter().collect();
    list.sort_by_key(|a| a.1.to_lowercase());
    list
}

fn entries_text(n: usize) -> String {
    tn("activity.entries", n as u64, &[])
}
