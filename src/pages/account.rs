//! A customer's account page: account info, the bill-to name (editable), recent activity,
//! and removing or reinstating the relationship.

use clientele_domain::book::{removal_blockers, Change, RemovedCustomer};
use clientele_domain::company_name::{check_company_name, NameCheck};
use clientele_domain::model::{reseller_name, Customer, CustomerId, Subscription};
use clientele_domain::roles::Permission;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::browser::{app_href, focus_by_id, focus_soon};
use crate::components::account::{reinstate, use_account, with_account};
use crate::components::allowed::{denied_reason, NotAllowed};
use crate::components::field::TextField;
use crate::components::log_table::LogTable;
use crate::hooks::{
    kept_draft, spawn_busy, use_local_draft_with_options, Keep, UseLocalDraftOptions,
};
use crate::i18n::{date_time, date_time_from_iso, msg, num, t, tf, tn};
use crate::state::{use_app_state, NoticeKind};

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
                tf(
                    "account.reseller.named",
                    &[("name", &name), ("id", &id.to_string())],
                )
            }
        });
        let address = address_lines(&c);
        let contact = &c.primary_contact;
        let contact_name = format!("{} {}", contact.first_name, contact.last_name);
        let subs_href = format!("/customers/{}/subscriptions", c.id);
        let log_href = format!("/activity?customer={}", c.id);
        let count = a.subscriptions.len();
        view! {
            <p class="breadcrumb"><A href=app_href("/customers")>{t("account.breadcrumb")}</A></p>
            <h1>{c.company_name.clone()}</h1>
            {a.removed.clone().map(|r| view! { <RemovedBanner removed=r /> })}
            <div class="account-grid">
                <section aria-labelledby="account-info">
                    <h2 id="account-info">{t("account.info.heading")}</h2>
                    <dl class="facts">
                        <dt>{t("account.info.id")}</dt><dd class="mono">{c.id.to_string()}</dd>
                        <dt>{t("account.info.company_name")}</dt><dd>{c.company_name.clone()}</dd>
                        <dt>{t("account.info.domain")}</dt><dd>{c.primary_domain.clone()}</dd>
                        <dt>{t("account.info.relationship")}</dt><dd>{msg(&c.relationship.name())}</dd>
                        <dt>{t("account.info.reseller")}</dt><dd>{reseller.unwrap_or_else(|| t("account.info.no_reseller").into())}</dd>
                        <dt>{t("account.info.created_at")}</dt><dd>{date_time_from_iso(&c.created_at)}</dd>
                        {(!c.details.is_empty()).then(|| view! {
                            <dt>{t("account.info.culture")}</dt><dd>{c.details.culture.clone()}</dd>
                            <dt>{t("account.info.registration_id")}</dt><dd>{c.details.registration_id.clone()}</dd>
                            <dt>{t("account.info.agreement")}</dt><dd>{msg(&c.details.agreement.describe())}</dd>
                        })}
                    </dl>
                </section>
                <section aria-labelledby="bill-to">
                    <h2 id="bill-to">{t("account.bill_to.heading")}</h2>
                    <CompanyName customer=c.clone() editable=a.removed.is_none() && state.can(Permission::EditCustomers) />
                    {(a.removed.is_none() && !state.can(Permission::EditCustomers)).then(|| view! {
                        <NotAllowed permission=Permission::EditCustomers label=t("account.name.update") id="rename-denied" />
                    })}
                    <dl class="facts">
                        <dt>{t("account.bill_to.address")}</dt>
                        <dd>{address.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}</dd>
                        <dt>{t("account.bill_to.contact")}</dt>
                        <dd>
                            <span class="line">{contact_name}</span>
                            <span class="line">{contact.email.clone()}</span>
                            <span class="line">{contact.phone.clone()}</span>
                        </dd>
                    </dl>
                </section>
            </div>
            <super::account_tags::AccountTags customer=c.clone() editable=a.removed.is_none() />
            <section aria-labelledby="subs-heading">
                <h2 id="subs-heading">{t("account.subscriptions.heading")}</h2>
                <p>
                    {tn("account.subscriptions.count", count as u64, &[])} " "
                    <A href=app_href(&subs_href)>{t("account.subscriptions.view")}</A>
                </p>
            </section>
            <section aria-labelledby="activity-heading">
                <h2 id="activity-heading">{t("account.activity.heading")}</h2>
                {if state.can(Permission::ViewActivityLog) {
                    view! {
                        <LogTable entries=a.log.clone() empty=t("account.activity.empty") />
                        <p><A href=app_href(&log_href)>{t("account.activity.full_log")}</A></p>
                    }.into_any()
                } else {
                    view! { <p class="hint">{denied_reason(Permission::ViewActivityLog)}</p> }.into_any()
                }}
            </section>
            {(a.removed.is_none() && state.can(Permission::RemoveRelationships)).then(|| view! { <RemoveRelationship customer=c.clone() subscriptions=a.subscriptions.clone() /> })}
            {(a.removed.is_none() && !state.can(Permission::RemoveRelationships)).then(|| view! {
                <section aria-labelledby="relationship-heading" class="danger-zone">
                    <h2 id="relationship-heading">{t("account.remove.heading")}</h2>
                    <NotAllowed permission=Permission::RemoveRelationships label=t("account.remove.button") id="remove-denied" />
                </section>
            })}
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
    let country = crate::i18n::country_name(&a.country);
    [a.line1.clone(), a.line2.clone(), city, country]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

fn draft_key(id: &CustomerId) -> String {
    crate::keys::draft_company_name(id)
}

/// The bill-to company name with "Update company name": an inline edit, validated by the
/// shared name rules, kept as a draft until saved or cancelled.
#[component]
fn CompanyName(customer: Customer, editable: bool) -> impl IntoView {
    let state = use_app_state();
    let key = draft_key(&customer.id);
    let saved_draft = kept_draft::<String>(&key);
    let editing = RwSignal::new(saved_draft.is_some());
    let name = RwSignal::new(saved_draft.unwrap_or_else(|| customer.company_name.clone()));
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let open_button = NodeRef::<html::Button>::new();
    let check = Memo::new(move |_| check_company_name(&name.get()));
    // Keeps the name as it is typed while the edit is open.
    let kept = use_local_draft_with_options(
        key,
        move || {
            let text = name.get();
            if editing.get_untracked() {
                Keep::Write(text)
            } else {
                Keep::Leave
            }
        },
        UseLocalDraftOptions::default().skip_first(true),
    );
    let error = Signal::derive(move || {
        if let Some(f) = failure.get() {
            return Some(f);
        }
        if let Some(why) = kept.error.get() {
            return Some(tf("account.name.not_kept", &[("why", &why)]));
        }
        tried
            .get()
            .then(|| check.with(|c: &NameCheck| c.error.as_ref().map(|e| msg(&e.message()))))
            .flatten()
    });
    let warning = Signal::derive(move || {
        check.with(|c| {
            (!c.warnings.is_empty()).then(|| {
                c.warnings
                    .iter()
                    .map(|w| msg(&w.message()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
    });
    let original = customer.company_name.clone();
    let id = customer.id.clone();
    let close = move || {
        editing.set(false);
        tried.set(false);
        failure.set(None);
        let _ = kept.forget.run(());
        if let Some(b) = open_button.get_untracked() {
            let _ = b.focus();
        }
    };
    let cancel = {
        let original = original.clone();
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
        spawn_busy(
            busy,
            async move { state.apply(change).await },
            move |result| match result {
                Ok(()) => {
                    state.focus_after_load("update-company-name");
                    state.notify(NoticeKind::Info, t("account.name.updated"));
                    close();
                }
                Err(e) => {
                    failure.set(Some(tf(
                        "account.name.not_saved",
                        &[("why", &e.to_string())],
                    )));
                    focus_by_id("company-name");
                }
            },
        );
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
                            <TextField id="company-name" label=t("account.info.company_name") value=name error=error warning=warning
                                hint=msg(&clientele_domain::company_name::legal_name_hint()) autocomplete="organization" />
                            <div class="actions">
                                <button type="submit" class="primary" disabled=move || busy.get()>{t("account.save")}</button>
                                <button type="button" on:click=cancel.clone()>{t("account.cancel")}</button>
                            </div>
                        </form>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="name-line">
                            <strong>{original.clone()}</strong>
                            {editable.then(|| view! {
                                <button type="button" class="link" id="update-company-name" node_ref=open_button on:click=open>{t("account.name.update")}</button>
                            })}
                        </p>
                    }
                    .into_any()
                }
            }}
        </div>
    }
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
        spawn_busy(
            busy,
            async move { state.apply(change).await },
            move |result| match result {
                Ok(()) => {
                    close();
                    state.notify(
                        NoticeKind::Info,
                        tf("account.remove.done", &[("name", &name)]),
                    );
                    navigate("/customers", Default::default());
                }
                Err(e) => failure.set(tf("account.remove.failed", &[("why", &e.to_string())])),
            },
        );
    };
    let subs_href = format!("/customers/{}/subscriptions", customer.id);
    let company = customer.company_name.clone();
    view! {
        <section aria-labelledby="relationship-heading" class="danger-zone">
            <h2 id="relationship-heading">{t("account.remove.heading")}</h2>
            <button type="button" class="danger" on:click=start>{t("account.remove.button")}</button>
            <Show when=move || blocked.get()>
                <div class="blocked" id="removal-blocked" tabindex="-1" role="alert">
                    <p><strong>{t("account.remove.blocked")}</strong></p>
                    <p>{t("account.remove.blocked_why")}</p>
                    <ol>
                        {blockers
                            .iter()
                            .map(|s| view! {
                                <li>{tf("account.remove.blocker", &[("offer", &s.offer_name), ("n", &num(s.quantity)), ("status", &msg(&s.status.name()))])}</li>
                            })
                            .collect_view()}
                    </ol>
                    <p><A href=app_href(&subs_href)>{t("account.remove.go_to_subscriptions")}</A></p>
                </div>
            </Show>
            <dialog node_ref=dialog aria-labelledby="remove-title" class="confirm">
                <h2 id="remove-title">{tf("account.remove.confirm_title", &[("company", &company)])}</h2>
                <p>{tf("account.remove.confirm_text", &[("company", &company)])}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || acknowledged.get()
                        on:change=move |ev| acknowledged.set(event_target_checked(&ev)) />
                    " " {t("account.remove.acknowledge")}
                </label>
                <p class="error" role="alert">{move || failure.get()}</p>
                <div class="actions">
                    <button type="button" class="danger" on:click=remove disabled=move || !acknowledged.get() || busy.get()>{t("account.remove.confirm")}</button>
                    <button type="button" on:click=move |_| close()>{t("account.cancel")}</button>
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
            <p>{tf(
                "account.removed.banner",
                &[("when", &date_time(removed.removed_at_ms)), ("by", &removed.removed_by)],
            )}</p>
            {if state.can(Permission::RemoveRelationships) {
                view! { <button type="button" class="primary" on:click=reinstate>{t("account.removed.reinstate")}</button> }.into_any()
            } else {
                view! { <NotAllowed permission=Permission::RemoveRelationships label=t("account.removed.reinstate") id="reinstate-denied" /> }.into_any()
            }}
            <p class="error" role="alert">{move || failure.get()}</p>
        </div>
    }
}
