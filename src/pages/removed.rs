//! Customers whose relationship was removed, each with "Reinstate relationship".

use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::{self, app_href};
use crate::pages::account::reinstate;
use crate::state::use_app_state;
use crate::store::CustomerStore;

#[component]
pub fn RemovedCustomersPage() -> impl IntoView {
    let state = use_app_state();
    let failure = RwSignal::new(String::new());
    let removed = LocalResource::new(move || {
        state.version.track();
        let store = state.store();
        async move { store.removed_customers().await }
    });
    view! {
        <p class="breadcrumb"><A href=app_href("/customers")>"Customers"</A></p>
        <h1>"Removed customers"</h1>
        <p class="lede">"Customers whose relationship was removed. They are not in the customer list or its export; reinstating brings one back unchanged."</p>
        <p class="error" role="alert">{move || failure.get()}</p>
        {move || match removed.get() {
            None => view! { <p role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No customer relationship has been removed."</p> }.into_any(),
            Some(Ok(mut list)) => {
                list.sort_by_key(|r| std::cmp::Reverse(r.removed_at_ms));
                view! {
                    <table class="plain" aria-label="Removed customers">
                        <thead>
                            <tr>
                                <th scope="col">"Company name"</th>
                                <th scope="col">"Primary domain"</th>
                                <th scope="col">"Removed"</th>
                                <th scope="col">"Removed by"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|r| {
                                let c = r.customer;
                                let again = c.clone();
                                let (name, label) = (c.company_name.clone(), format!("Reinstate relationship with {}", c.company_name));
                                view! {
                                    <tr>
                                        <td><A href=app_href(&format!("/customers/{}", c.id))>{name}</A></td>
                                        <td>{c.primary_domain.clone()}</td>
                                        <td class="nowrap">{browser::local_date_time(r.removed_at_ms)}</td>
                                        <td>{r.removed_by}</td>
                                        <td>
                                            <button type="button" on:click=move |_| reinstate(state, &again, failure)
                                                aria-label=label>
                                                "Reinstate relationship"
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
