//! A customer's account page: account info, the bill-to name (editable), recent activity,
//! and removing or reinstating the relationship.

use clientele_domain::activity::{filter, Entry, LogFilter};
use clientele_domain::book::{removal_blockers, Change, RemovedCustomer};
use clientele_domain::company_name::{check_company_name, NameCheck};
use clientele_domain::model::{reseller_name, Customer, CustomerId, Subscription};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::browser::{self, app_href};
use crate::components::field::TextField;
use crate::pages::activity::LogTable;
use crate::state::{use_app_state, AppState, NoticeKind};
use crate::store::{CustomerStore, StoreError};

/// A customer as the account pages show it.
#[derive(Clone)]
pub struct Account {
    pub customer: Customer,
    /// Set when the relationship was removed.
    pub removed: Option<RemovedCustomer>,
    pub subscriptions: Vec<Subscription>,
    /// This customer's log entries, newest first.
    pub log: Vec<Entry>,
}

/// Loads the customer named in the route, removed or not; again after every write.
pub fn use_account() -> LocalResource<Result<Option<Account>, StoreError>> {
    let state = use_app_state();
    let params = use_params_map();
    LocalResource::new(move || {
        state.version.track();
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let store = state.store();
        async move {
            let Ok(id) = CustomerId::parse(&id) else {
                return Ok(None);
            };
            let (customer, removed) = match store.customer(&id).await? {
                Some(c) => (c, None),
                None => match store
                    .removed_customers()
                    .await?
                    .into_iter()
                    .find(|r| r.customer.id == id)
                {
                    Some(r) => (r.customer.clone(), Some(r)),
                    None => return Ok(None),
                },
            };
            let subscriptions = store.subscriptions(&id).await?;
            let all = store.activity().await?;
            let mine = LogFilter {
                customer: Some(id),
                ..LogFilter::default()
            };
            let log = filter(&all, &mine).into_iter().cloned().collect();
            Ok(Some(Account {
                customer,
                removed,
                subscriptions,
                log,
            }))
        }
    })
}

/// Renders `page` once the account has loaded, or what stands in the way.
pub fn with_account<V: IntoView + 'static>(
    account: LocalResource<Result<Option<Account>, StoreError>>,
    page: impl Fn(Account) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_app_state();
    move || {
        match account.get() {
        None => view! { <p role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(None)) => view! {
            <h1>"Customer not found"</h1>
            <p>"No customer in this book has that ID. " <A href=app_href("/customers")>"Back to customers"</A></p>
        }
        .into_any(),
        Some(Ok(Some(a))) => {
            let view = page(a).into_any();
            state.restore_focus();
            view
        }
    }
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = use_account();
    with_account(account, |a| {
        let state = use_app_state();
        let c = a.customer.clone();
        let reseller = c.reseller_id.as_ref().map(|id| {
            let name = state.settings.with_untracked(|s| match s {
                Some(Ok(s)) => reseller_name(&s.resellers, Some(id)).to_string(),
                _ => String::new(),
            });
            if name.is_empty() {
                id.to_string()
            } else {
                format!("{name} ({id})")
            }
        });
        let address = address_lines(&c);
        let contact = &c.primary_contact;
        let contact_name = format!("{} {}", contact.first_name, contact.last_name);
        let subs_href = format!("/customers/{}/subscriptions", c.id);
        let log_href = format!("/activity?customer={}", c.id);
        let count = a.subscriptions.len();
        view! {
            <p class="breadcrumb"><A href=app_href("/customers")>"Customers"</A></p>
            <h1>{c.company_name.clone()}</h1>
            {a.removed.clone().map(|r| view! { <RemovedBanner removed=r /> })}
            <div class="account-grid">
                <section aria-labelledby="account-info">
                    <h2 id="account-info">"Account info"</h2>
                    <dl class="facts">
                        <dt>"Customer ID"</dt><dd class="mono">{c.id.to_string()}</dd>
                        <dt>"Company name"</dt><dd>{c.company_name.clone()}</dd>
                        <dt>"Primary domain"</dt><dd>{c.primary_domain.clone()}</dd>
                        <dt>"Relationship"</dt><dd>{c.relationship.label()}</dd>
                        <dt>"Indirect reseller"</dt><dd>{reseller.unwrap_or_else(|| "None (direct customer)".into())}</dd>
                        <dt>"Created at"</dt><dd>{browser::local_from_iso(&c.created_at)}</dd>
                        {(!c.details.is_empty()).then(|| view! {
                            <dt>"Language and culture"</dt><dd>{c.details.culture.clone()}</dd>
                            <dt>"Company registration ID"</dt><dd>{c.details.registration_id.clone()}</dd>
                            <dt>"Customer agreement"</dt><dd>{c.details.agreement.describe()}</dd>
                        })}
                    </dl>
                </section>
                <section aria-labelledby="bill-to">
                    <h2 id="bill-to">"Bill-to"</h2>
                    <CompanyName customer=c.clone() editable=a.removed.is_none() />
                    <dl class="facts">
                        <dt>"Address"</dt>
                        <dd>{address.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}</dd>
                        <dt>"Primary contact"</dt>
                        <dd>
                            <span class="line">{contact_name}</span>
                            <span class="line">{contact.email.clone()}</span>
                            <span class="line">{contact.phone.clone()}</span>
                        </dd>
                    </dl>
                </section>
            </div>
            <section aria-labelledby="subs-heading">
                <h2 id="subs-heading">"Subscriptions"</h2>
                <p>
                    {format!("{count} subscription{}. ", if count == 1 { "" } else { "s" })}
                    <A href=app_href(&subs_href)>"View subscriptions"</A>
                </p>
            </section>
            <section aria-labelledby="activity-heading">
                <h2 id="activity-heading">"Activity"</h2>
                <LogTable entries=a.log.iter().take(20).cloned().collect() empty="Nothing has been recorded for this customer yet." />
                <p><A href=app_href(&log_href)>"Full activity log for this customer"</A></p>
            </section>
            {a.removed.is_none().then(|| view! { <RemoveRelationship customer=c.clone() subscriptions=a.subscriptions.clone() /> })}
        }
    })
}

fn address_lines(c: &Customer) -> Vec<String> {
    let a = &c.billing_address;
    let city = [a.postal_code.as_str(), a.city.as_str(), a.state.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    [a.line1.clone(), a.line2.clone(), city, a.country.clone()]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

fn draft_key(id: &CustomerId) -> String {
    format!("clientele.draft.company-name.{id}")
}

/// The bill-to company name with "Update company name": an inline edit, validated by the
/// shared name rules, kept as a draft until saved or cancelled.
#[component]
fn CompanyName(customer: Customer, editable: bool) -> impl IntoView {
    let state = use_app_state();
    let key = draft_key(&customer.id);
    let saved_draft = browser::local_get(&key);
    let editing = RwSignal::new(saved_draft.is_some());
    let name = RwSignal::new(saved_draft.unwrap_or_else(|| customer.company_name.clone()));
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let open_button = NodeRef::<html::Button>::new();
    let check = Memo::new(move |_| check_company_name(&name.get()));
    let error = Signal::derive(move || {
        if let Some(f) = failure.get() {
            return Some(f);
        }
        tried
            .get()
            .then(|| check.with(|c: &NameCheck| c.error.as_ref().map(|e| e.message())))
            .flatten()
    });
    let warning = Signal::derive(move || {
        check.with(|c| {
            (!c.warnings.is_empty()).then(|| {
                c.warnings
                    .iter()
                    .map(|w| w.message())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
    });
    let key_for_input = key.clone();
    Effect::new(move |first: Option<()>| {
        let text = name.get();
        if first.is_some() && editing.get_untracked() {
            if let Err(why) = browser::local_set(&key_for_input, &text) {
                failure.set(Some(format!(
                    "Your edit can't be kept if the page closes: {why}."
                )));
            }
        }
    });
    let original = customer.company_name.clone();
    let id = customer.id.clone();
    let close = {
        let key = key.clone();
        move || {
            editing.set(false);
            tried.set(false);
            failure.set(None);
            let _ = browser::local_remove(&key);
            if let Some(b) = open_button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let cancel = {
        let (close, original) = (close.clone(), original.clone());
        move |_| {
            name.set(original.clone());
            close();
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        failure.set(None);
        if check.with_untracked(|c| c.error.is_some()) {
            focus_by_id("company-name");
            return;
        }
        let change = Change::RenameCustomer {
            id: id.clone(),
            name: name.get_untracked(),
        };
        let close = close.clone();
        busy.set(true);
        spawn_local(async move {
            let result = state.apply(change).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    state.focus_after_load("update-company-name");
                    state.notify(NoticeKind::Info, "Company name updated.");
                    close();
                }
                Err(e) => {
                    failure.set(Some(format!("Not saved. {e}")));
                    focus_by_id("company-name");
                }
            }
        });
    };
    let open = move |_| {
        editing.set(true);
        focus_soon("company-name");
    };
    view! {
        <div class="company-name">
            {move || {
                if editing.get() {
                    view! {
                        <form class="inline-edit" on:submit=save.clone() novalidate>
                            <TextField id="company-name" label="Company name" value=name error=error warning=warning
                                hint=clientele_domain::company_name::LEGAL_NAME_HINT autocomplete="organization" />
                            <div class="actions">
                                <button type="submit" class="primary" disabled=move || busy.get()>"Save"</button>
                                <button type="button" on:click=cancel.clone()>"Cancel"</button>
                            </div>
                        </form>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="name-line">
                            <strong>{original.clone()}</strong>
                            {editable.then(|| view! {
                                <button type="button" class="link" id="update-company-name" node_ref=open_button on:click=open>"Update company name"</button>
                            })}
                        </p>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

pub use crate::browser::focus_by_id;

/// Focuses an element that the current update is about to render.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || focus_by_id(&id));
}

/// "Remove customer relationship": a pre-flight that lists what must be done first, or a
/// confirmation that the user must acknowledge before "Remove" is enabled.
#[component]
fn RemoveRelationship(customer: Customer, subscriptions: Vec<Subscription>) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let blocked = RwSignal::new(false);
    let acknowledged = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(String::new());
    let dialog = NodeRef::<html::Dialog>::new();
    let blockers: Vec<Subscription> = removal_blockers(&subscriptions)
        .into_iter()
        .cloned()
        .collect();
    let has_blockers = !blockers.is_empty();
    let start = move |_| {
        if has_blockers {
            blocked.set(true);
            focus_soon("removal-blocked");
        } else if let Some(d) = dialog.get_untracked() {
            acknowledged.set(false);
            failure.set(String::new());
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let id = customer.id.clone();
    let name = customer.company_name.clone();
    let remove = move |_| {
        let change = Change::RemoveRelationship { id: id.clone() };
        let (navigate, name) = (navigate.clone(), name.clone());
        busy.set(true);
        spawn_local(async move {
            let result = state.apply(change).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    close();
                    state.notify(
                        NoticeKind::Info,
                        format!("The relationship with {name} was removed. It is listed under Removed customers, where you can reinstate it."),
                    );
                    navigate("/customers", Default::default());
                }
                Err(e) => failure.set(format!("Not removed. {e}")),
            }
        });
    };
    let subs_href = format!("/customers/{}/subscriptions", customer.id);
    let company = customer.company_name.clone();
    view! {
        <section aria-labelledby="relationship-heading" class="danger-zone">
            <h2 id="relationship-heading">"Relationship"</h2>
            <button type="button" class="danger" on:click=start>"Remove customer relationship"</button>
            <Show when=move || blocked.get()>
                <div class="blocked" id="removal-blocked" tabindex="-1" role="alert">
                    <p><strong>"This relationship can't be removed yet."</strong></p>
                    <p>"The customer still has active subscriptions. Do this first:"</p>
                    <ol>
                        {blockers
                            .iter()
                            .map(|s| view! {
                                <li>{format!("Cancel or suspend {} ({} licences, Active)", s.offer_name, s.quantity)}</li>
                            })
                            .collect_view()}
                    </ol>
                    <p><A href=app_href(&subs_href)>"Go to subscriptions"</A></p>
                </div>
            </Show>
            <dialog node_ref=dialog aria-labelledby="remove-title" class="confirm">
                <h2 id="remove-title">{format!("Remove the relationship with {company}?")}</h2>
                <p>{format!("{company} will no longer appear in the customer list or its export. Its subscriptions and history are kept, and you can reinstate the relationship from Removed customers.")}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || acknowledged.get()
                        on:change=move |ev| acknowledged.set(event_target_checked(&ev)) />
                    " I confirm this decision was made in good faith for legitimate business purposes. I understand that Clientele sends no notice to the customer."
                </label>
                <p class="error" role="alert">{move || failure.get()}</p>
                <div class="actions">
                    <button type="button" class="danger" on:click=remove disabled=move || !acknowledged.get() || busy.get()>"Remove"</button>
                    <button type="button" on:click=move |_| close()>"Cancel"</button>
                </div>
            </dialog>
        </section>
    }
}

/// Shown on a removed customer's page, with the way back.
#[component]
fn RemovedBanner(removed: RemovedCustomer) -> impl IntoView {
    let state = use_app_state();
    let failure = RwSignal::new(String::new());
    let customer = removed.customer.clone();
    let reinstate = move |_| reinstate(state, &customer, failure);
    view! {
        <div class="removed-banner">
            <p>{format!(
                "This customer relationship was removed on {} by {}. The customer is not in the customer list or its export.",
                browser::local_date_time(removed.removed_at_ms),
                removed.removed_by
            )}</p>
            <button type="button" class="primary" on:click=reinstate>"Reinstate relationship"</button>
            <p class="error" role="alert">{move || failure.get()}</p>
        </div>
    }
}

/// Reinstates a removed customer, reporting a failure in `failure`.
pub fn reinstate(state: AppState, customer: &Customer, failure: RwSignal<String>) {
    let id = customer.id.clone();
    let name = customer.company_name.clone();
    spawn_local(async move {
        match state.apply(Change::ReinstateRelationship { id }).await {
            Ok(()) => {
                failure.set(String::new());
                state.notify(
                    NoticeKind::Info,
                    format!("The relationship with {name} was reinstated: it is back in the customer list."),
                );
            }
            Err(e) => failure.set(format!("Not reinstated. {e}")),
        }
    });
}
