//! The activity log's entries as a table: the log page's and a customer's recent activity.

use clientele_domain::activity::Entry;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::app_href;
use crate::i18n::{date_time, lang, t};

/// Log entries as a table, newest first as given.
#[component]
pub fn LogTable(
    entries: Vec<Entry>,
    /// What to say when there is nothing to show.
    #[prop(optional)]
    empty: Option<&'static str>,
) -> impl IntoView {
    if entries.is_empty() {
        let text = empty.unwrap_or(t("activity.none"));
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    view! {
        <table class="plain log" aria-label=t("activity.table_label")>
            <thead>
                <tr>
                    <th scope="col">{t("activity.column.at")}</th>
                    <th scope="col">{t("activity.column.customer")}</th>
                    <th scope="col">{t("activity.column.action")}</th>
                    <th scope="col">{t("activity.column.details")}</th>
                    <th scope="col">{t("activity.column.by")}</th>
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
                                <td class="nowrap">{date_time(e.at_ms)}</td>
                                <td>{customer}</td>
                                <td>{e.action.label_in(lang())}</td>
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
