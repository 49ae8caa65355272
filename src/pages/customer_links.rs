//! The pages a customer row's quick links lead to: subscriptions and service management.

use clientele_domain::model::{Customer, CustomerId, Subscription};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::state::use_app_state;
use crate::store::{CustomerStore, StoreError};

/// A customer with its subscriptions; `None` when no customer has the route's ID.
type Account = Option<(Customer, Vec<Subscription>)>;

/// Loads the customer named in the route, with its subscriptions.
fn use_customer() -> LocalResource<Result<Account, StoreError>> {
    let state = use_app_state();
    let params = use_params_map();
    LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let store = state.store();
        async move {
            let Ok(id) = CustomerId::parse(&id) else {
                return Ok(None);
            };
            let Some(customer) = store.customer(&id).await? else {
                return Ok(None);
            };
            let subscriptions = store.subscriptions(&id).await?;
            Ok(Some((customer, subscriptions)))
        }
    })
}

fn not_found() -> AnyView {
    view! {
        <h1>"Customer not found"</h1>
        <p>"No customer in this book has that ID. " <A href="/customers">"Back to customers"</A></p>
    }
    .into_any()
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let customer = use_customer();
    move || {
        match customer.get() {
        None => view! { <p role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(None)) => not_found(),
        Some(Ok(Some((c, subs)))) => view! {
            <p class="breadcrumb"><A href="/customers">"Customers"</A></p>
            <h1>"Subscriptions: " {c.company_name.clone()}</h1>
            <table class="plain">
                <thead>
                    <tr>
                        <th scope="col">"Subscription ID"</th>
                        <th scope="col">"Subscription"</th>
                        <th scope="col" class="num">"Quantity"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Reseller"</th>
                    </tr>
                </thead>
                <tbody>
                    {subs
                        .into_iter()
                        .map(|s| view! {
                            <tr>
                                <td class="mono">{s.id.to_string()}</td>
                                <td>{s.offer_name}</td>
                                <td class="num">{s.quantity}</td>
                                <td>{s.status.label()}</td>
                                <td class="mono">{s.reseller_id.map(|r| r.to_string()).unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
    }
}

#[component]
pub fn ServiceManagementPage() -> impl IntoView {
    let customer = use_customer();
    move || match customer.get() {
        None => view! { <p role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(None)) => not_found(),
        Some(Ok(Some((c, _)))) => {
            // Partner Center's delegated-admin entry points, opened in the customer's tenant.
            let session = |dest: &str| {
                format!("https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID={}&CSDEST={dest}", c.id)
            };
            view! {
                <p class="breadcrumb"><A href="/customers">"Customers"</A></p>
                <h1>"Service management: " {c.company_name.clone()}</h1>
                <p>"Admin centres for this customer's tenant (delegated admin privileges required):"</p>
                <ul class="links">
                    <li><a href=session("o365admincenter") target="_blank" rel="noopener">"Microsoft 365 admin center"</a></li>
                    <li><a href=session("MicrosoftCommerceExchange") target="_blank" rel="noopener">"Exchange admin center"</a></li>
                    <li><a href=format!("https://entra.microsoft.com/{}", c.primary_domain) target="_blank" rel="noopener">"Microsoft Entra admin center"</a></li>
                    <li><a href=format!("https://portal.azure.com/{}", c.primary_domain) target="_blank" rel="noopener">"Azure portal"</a></li>
                </ul>
            }
            .into_any()
        }
    }
}
