//! The activity log: every transaction and management action, filtered by date, customer
//! and action, and exported as CSV.

use clientele_domain::activity::{filter, log_csv, log_file_name, Action, Entry, LogFilter};
use clientele_domain::model::CustomerId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::browser::{self, app_href};
use crate::state::{use_app_state, NoticeKind};
use crate::store::CustomerStore;

/// Rows rendered at a time; the export always has every matching entry.
const PAGE: usize = 200;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let state = use_app_state();
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
        let (f, t) = (from.get(), to.get());
        (!f.is_empty() && !t.is_empty() && t < f)
            .then(|| "“To” is before “From”, so no entry can match.".to_string())
    });

    let export = move |_| {
        let rows = matching.get_untracked();
        let refs: Vec<&Entry> = rows.iter().collect();
        let bytes = log_csv(
            &refs,
            browser::local_date_time,
            state.current_settings().exports,
        );
        let name = log_file_name(&browser::local_date());
        match browser::download(&name, "text/csv;charset=utf-8", &bytes) {
            Ok(()) => status.set(format!("Exported {} to {name}.", entries_text(rows.len()))),
            Err(_) => state.notify(NoticeKind::Error, "The log could not be downloaded."),
        }
    };

    view! {
        <h1>"Activity log"</h1>
        <p class="lede">
            {move || format!("{} recorded in this book. ", entries_text(entries().len()))}
            "Every entry is kept: none is ever dropped or archived."
        </p>
        {move || match log.get() {
            Some(Err(e)) => Some(view! { <p role="alert">{e.to_string()}</p> }),
            _ => None,
        }}
        <div class="toolbar filters">
            <div class="field inline">
                <label for="log-from">"From"</label>
                <input id="log-from" type="date" prop:value=move || from.get()
                    on:input=move |ev| { from.set(event_target_value(&ev)); limit.set(PAGE) } />
            </div>
            <div class="field inline" class:invalid=move || range_error.with(Option::is_some)>
                <label for="log-to">"To"</label>
                <input id="log-to" type="date" prop:value=move || to.get()
                    aria-invalid=move || range_error.with(Option::is_some).then_some("true")
                    aria-describedby="log-to-error"
                    on:input=move |ev| { to.set(event_target_value(&ev)); limit.set(PAGE) } />
                <p class="error" id="log-to-error">{move || range_error.get()}</p>
            </div>
            <div class="field inline">
                <label for="log-customer">"Customer"</label>
                <select id="log-customer" on:change=move |ev| { customer.set(event_target_value(&ev)); limit.set(PAGE) }>
                    <option value="" prop:selected=move || customer.with(String::is_empty)>"All customers"</option>
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
                <label for="log-action">"Action"</label>
                <select id="log-action" on:change=move |ev| { action.set(event_target_value(&ev)); limit.set(PAGE) }>
                    <option value="">"All actions"</option>
                    {Action::ALL
                        .into_iter()
                        .map(|a| view! { <option value=a.key() prop:selected=move || action.get() == a.key()>{a.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="button" on:click=export disabled=move || matching.with(Vec::is_empty)>"Export log"</button>
        </div>
        <p role="status">{move || format!("Showing {} of {}.", matching.with(Vec::len), entries_text(entries().len()))}</p>
        <p class="visually-hidden" role="status">{move || status.get()}</p>
        {move || {
            let rows = matching.get();
            let total = rows.len();
            let shown: Vec<Entry> = rows.into_iter().take(limit.get()).collect();
            view! {
                <LogTable entries=shown />
                {(total > limit.get()).then(|| view! {
                    <button type="button" on:click=move |_| limit.update(|l| *l += PAGE)>
                        {format!("Show {} more", (total - limit.get_untracked()).min(PAGE))}
                    </button>
                })}
            }
        }}
    }
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
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{} entries", clientele_domain::list::with_commas(n))
    }
}

/// Log entries as a table, newest first as given.
#[component]
pub fn LogTable(
    entries: Vec<Entry>,
    /// What to say when there is nothing to show.
    #[prop(optional)]
    empty: Option<&'static str>,
) -> impl IntoView {
    if entries.is_empty() {
        let text = empty.unwrap_or("No activity matches.");
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    view! {
        <table class="plain log" aria-label="Activity log entries">
            <thead>
                <tr>
                    <th scope="col">"Date-time"</th>
                    <th scope="col">"Affected customer"</th>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Details"</th>
                    <th scope="col">"Performed by"</th>
                </tr>
            </thead>
            <tbody>
                {entries
                    .into_iter()
                    .map(|e| {
                        let details = e.details();
                        let name = e.customer_name.clone();
                        let customer = e.customer_id.as_ref().map(|id| {
                            view! { <A href=app_href(&format!("/customers/{id}"))>{name}</A> }
                        });
                        view! {
                            <tr>
                                <td class="nowrap">{browser::local_date_time(e.at_ms)}</td>
                                <td>{customer}</td>
                                <td>{e.action.label()}</td>
                                <td>{details}</td>
                                <td>{e.by}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
