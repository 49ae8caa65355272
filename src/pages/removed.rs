//! Customers whose relationship was removed, each with "Reinstate relationship".

use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::app_href;
use crate::components::account::reinstate;
use crate::components::allowed::denied_reason;
use crate::i18n::{date_time, t, tf};
use crate::state::use_app_state;
use crate::store::CustomerStore;

#[component]
pub fn RemovedCustomersPage() -> impl IntoView {
    let state = use_app_state();
    let failure = RwSignal::new(String::new());
    let may_reinstate = state.can(Permission::RemoveRelationships);
    let removed = LocalResource::new(move || {
        state.version.track();
        let store = state.store();
        async move { store.removed_customers().await }
    });
    view! {
        <p class="breadcrumb"><A href=app_href("/customers")>{t("customers.title")}</A></p>
        <h1>{t("removed.title")}</h1>
        <p class="lede">{t("removed.lede")}</p>
        {(!may_reinstate).then(|| view! { <p class="hint" id="reinstate-denied">{denied_reason(Permission::RemoveRelationships)}</p> })}
        <p class="error" role="alert">{move || failure.get()}</p>
        {move || match removed.get() {
            None => view! { <p role="status">{t("removed.loading")}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{t("removed.empty")}</p> }.into_any(),
            Some(Ok(mut list)) => {
                list.sort_by_key(|r| std::cmp::Reverse(r.removed_at_ms));
                view! {
                    <table class="plain" aria-label=t("removed.title")>
                        <thead>
                            <tr>
                                <th scope="col">{t("removed.column.company_name")}</th>
                                <th scope="col">{t("removed.column.domain")}</th>
                                <th scope="col">{t("removed.column.removed")}</th>
                                <th scope="col">{t("removed.column.removed_by")}</th>
                                <th scope="col"><span class="visually-hidden">{t("removed.column.actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|r| {
                                let c = r.customer;
                                let again = c.clone();
                                let (name, label) = (c.company_name.clone(), tf("removed.reinstate_label", &[("name", &c.company_name)]));
                                view! {
                                    <tr>
                                        <td><A href=app_href(&format!("/customers/{}", c.id))>{name}</A></td>
                                        <td>{c.primary_domain.clone()}</td>
                                        <td class="nowrap">{date_time(r.removed_at_ms)}</td>
                                        <td>{r.removed_by}</td>
                                        <td>
                                            <button type="button" on:click=move |_| reinstate(state, &again, failure)
                                                aria-label=label disabled=!may_reinstate
                                                aria-describedby=(!may_reinstate).then_some("reinstate-denied")>
                                                {t("removed.reinstate")}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}
