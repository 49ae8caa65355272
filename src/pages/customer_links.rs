//! The pages a customer row's quick links lead to: subscriptions and service management.

use clientele_domain::activity::Action;
use clientele_domain::book::Change;
use clientele_domain::catalogue::{offer_named, parse_licences, LicenceError, Offer};
use clientele_domain::export::{subscriptions_csv, subscriptions_file_name};
use clientele_domain::model::{Subscription, SubscriptionStatus};
use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::{self, app_href, focus_by_id, focus_soon};
use crate::components::account::{use_account, with_account, Account};
use crate::components::allowed::denied_reason;
use crate::components::export::record_export;
use crate::components::field::TextField;
use crate::hooks::spawn_busy;
use crate::i18n::{msg, num, t, tf, tn};
use crate::state::{use_app_state, NoticeKind};

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let may_manage = use_app_state().can(Permission::ManageSubscriptions);
    let account = use_account();
    with_account(account, move |a: Account| {
        let state = use_app_state();
        let c = a.customer.clone();
        let subs = a.subscriptions.clone();
        let status = RwSignal::new(String::new());
        let export = {
            let (c, subs) = (c.clone(), subs.clone());
            move |_| {
                let bytes = subscriptions_csv(
                    &subs,
                    state
                        .current_settings()
                        .exports
                        .for_language(crate::i18n::lang()),
                );
                let name = subscriptions_file_name(&c.company_name, &browser::local_date());
                match browser::download(&name, "text/csv;charset=utf-8", &bytes) {
                    Ok(()) => {
                        status.set(tn(
                            "subscriptions.export.done",
                            subs.len() as u64,
                            &[("file", &name)],
                        ));
                        record_export(
                            state,
                            Action::SubscriptionsExported,
                            Some(c.id.clone()),
                            format!("{} to {name}", subs.len()),
                        );
                    }
                    Err(_) => state.notify(NoticeKind::Error, t("subscriptions.export.failed")),
                }
            }
        };
        let removed = a.removed.is_some();
        let account_href = format!("/customers/{}", c.id);
        let company = c.company_name.clone();
        view! {
            <p class="breadcrumb"><A href=app_href("/customers")>{t("subscriptions.breadcrumb")}</A> " / " <A href=app_href(&account_href)>{company}</A></p>
            <h1 id="page-title" tabindex="-1">{tf("subscriptions.title", &[("company", &c.company_name)])}</h1>
            <div class="toolbar">
                <button type="button" on:click=export disabled=subs.is_empty()>{t("subscriptions.export.button")}</button>
                <p class="visually-hidden" role="status">{move || status.get()}</p>
            </div>
            {removed.then(|| view! { <p class="note">{t("subscriptions.removed_note")}</p> })}
            {(!removed && !may_manage).then(|| view! { <p class="hint">{denied_reason(Permission::ManageSubscriptions)}</p> })}
            <SubscriptionTable subscriptions=subs editable=!removed && may_manage />
        }
    })
}

#[component]
fn SubscriptionTable(subscriptions: Vec<Subscription>, editable: bool) -> impl IntoView {
    if subscriptions.is_empty() {
        return view! { <p class="empty">{t("subscriptions.empty")}</p> }.into_any();
    }
    view! {
        <table class="plain subscriptions" aria-label=t("subscriptions.table.label")>
            <thead>
                <tr>
                    <th scope="col">{t("subscriptions.col.id")}</th>
                    <th scope="col">{t("subscriptions.col.subscription")}</th>
                    <th scope="col" class="num">{t("subscriptions.col.quantity")}</th>
                    <th scope="col">{t("subscriptions.col.status")}</th>
                    <th scope="col">{t("subscriptions.col.reseller")}</th>
                    {editable.then(|| view! { <th scope="col">{t("subscriptions.col.actions")}</th> })}
                </tr>
            </thead>
            <tbody>
                {subscriptions
                    .into_iter()
                    .map(|s| view! { <SubscriptionRow subscription=s editable=editable /> })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// What a row is doing: showing, editing its quantity, or asking before a cancellation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowMode {
    Show,
    Quantity,
    ConfirmCancel,
}

#[component]
fn SubscriptionRow(subscription: Subscription, editable: bool) -> impl IntoView {
    let state = use_app_state();
    let s = subscription;
    let mode = RwSignal::new(RowMode::Show);
    let quantity = RwSignal::new(s.quantity.to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let offer: Option<&'static Offer> = offer_named(&s.offer_name);
    let field_id = format!("quantity-{}", s.id);
    // After a change the page is rebuilt from the store; `focus` names what to focus then.
    let apply = move |change: Change, focus: String| {
        let task = async move {
            state.focus_after_load(focus);
            state.apply(change).await
        };
        spawn_busy(busy, task, move |result| match result {
            Ok(()) => mode.set(RowMode::Show),
            Err(e) => {
                state.restore_focus();
                error.set(Some(tf(
                    "subscriptions.not_saved",
                    &[("why", &e.to_string())],
                )))
            }
        });
    };
    let save_quantity = {
        let (id, field_id) = (s.id.clone(), field_id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let parsed = match offer {
                Some(o) => {
                    parse_licences(&quantity.get_untracked(), o).map_err(|e| msg(&e.message()))
                }
                None => whole_number(&quantity.get_untracked()),
            };
            match parsed {
                Ok(n) => {
                    error.set(None);
                    apply(
                        Change::SetQuantity {
                            id: id.clone(),
                            quantity: n,
                        },
                        format!("change-quantity-{id}"),
                    );
                }
                Err(message) => {
                    error.set(Some(message));
                    focus_by_id(&field_id);
                }
            }
        }
    };
    let set_status = {
        let id = s.id.clone();
        move |status: SubscriptionStatus| {
            let focus = match status {
                SubscriptionStatus::Suspended => format!("reactivate-{id}"),
                SubscriptionStatus::Active => format!("suspend-{id}"),
                _ => "page-title".to_string(),
            };
            apply(
                Change::SetStatus {
                    id: id.clone(),
                    status,
                },
                focus,
            )
        }
    };
    let bounds = offer.map(|o| {
        tf(
            "subscriptions.bounds",
            &[("min", &num(o.min_licences)), ("max", &num(o.max_licences))],
        )
    });
    let name = s.offer_name.clone();
    let (status, current, id) = (s.status, s.quantity, s.id.clone());
    let actions = move || {
        let name = name.clone();
        let (change_id, suspend_id, reactivate_id, field) = (
            format!("change-quantity-{id}"),
            format!("suspend-{id}"),
            format!("reactivate-{id}"),
            format!("quantity-{id}"),
        );
        let (cancel_id, keep_id) = (format!("cancel-{id}"), format!("keep-{id}"));
        let cancel_again = cancel_id.clone();
        let back_to = change_id.clone();
        let set_status = set_status.clone();
        match mode.get() {
            RowMode::Show => {
                let (suspend, reactivate, cancel) = (set_status.clone(), set_status.clone(), name.clone());
                view! {
                    <div class="row-actions">
                        {(status == SubscriptionStatus::Active).then(|| view! {
                            <button type="button" id=change_id on:click=move |_| { quantity.set(current.to_string()); error.set(None); mode.set(RowMode::Quantity); focus_soon(field.clone()) }
                                aria-label=tf("subscriptions.action.change_quantity_of", &[("name", &name)])>{t("subscriptions.action.change_quantity")}</button>
                            <button type="button" id=suspend_id on:click=move |_| suspend(SubscriptionStatus::Suspended) disabled=move || busy.get()
                                aria-label=tf("subscriptions.action.suspend_of", &[("name", &name)])>{t("subscriptions.action.suspend")}</button>
                        })}
                        {(status == SubscriptionStatus::Suspended).then(|| view! {
                            <button type="button" id=reactivate_id on:click=move |_| reactivate(SubscriptionStatus::Active) disabled=move || busy.get()
                                aria-label=tf("subscriptions.action.reactivate_of", &[("name", &name)])>{t("subscriptions.action.reactivate")}</button>
                        })}
                        {status.can_become(SubscriptionStatus::Cancelled).then(|| view! {
                            <button type="button" class="danger" id=cancel_id on:click=move |_| { error.set(None); mode.set(RowMode::ConfirmCancel); focus_soon(keep_id.clone()) }
                                aria-label=tf("subscriptions.action.cancel_of", &[("name", &cancel)])>{t("subscriptions.action.cancel")}</button>
                        })}
                    </div>
                }
                .into_any()
            }
            RowMode::Quantity => view! {
                <form class="inline-edit" on:submit=save_quantity.clone() novalidate>
                    <TextField id=field_id.clone() label=tf("subscriptions.licences_for", &[("name", &name)]) value=quantity
                        error=Signal::derive(move || error.get()) hint=bounds.clone().unwrap_or_default() />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>{t("subscriptions.save")}</button>
                        <button type="button" on:click=move |_| { error.set(None); mode.set(RowMode::Show); focus_soon(back_to.clone()) }>{t("subscriptions.cancel")}</button>
                    </div>
                </form>
            }
            .into_any(),
            RowMode::ConfirmCancel => view! {
                <div class="confirm-inline" role="group" aria-label=tf("subscriptions.confirm_cancel.label", &[("name", &name)])>
                    <p>{tf("subscriptions.confirm_cancel.text", &[("name", &name)])}</p>
                    <button type="button" class="danger" on:click=move |_| set_status(SubscriptionStatus::Cancelled) disabled=move || busy.get()>{t("subscriptions.confirm_cancel.yes")}</button>
                    <button type="button" id=format!("keep-{id}") on:click=move |_| { mode.set(RowMode::Show); focus_soon(cancel_again.clone()) }>{t("subscriptions.confirm_cancel.keep")}</button>
                    <p class="error" role="alert">{move || error.get()}</p>
                </div>
            }
            .into_any(),
        }
    };
    view! {
        <tr>
            <td class="mono">{s.id.to_string()}</td>
            <td>{s.offer_name.clone()}</td>
            <td class="num">{num(s.quantity)}</td>
            <td>{msg(&s.status.name())}</td>
            <td class="mono">{s.reseller_id.as_ref().map(|r| r.to_string()).unwrap_or_default()}</td>
            {editable.then(|| view! { <td>{actions}</td> })}
        </tr>
    }
}

/// For an offer the catalogue doesn't know: a whole number of at least one.
fn whole_number(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        Ok(_) => Err(msg(&LicenceError::BelowMinimum { min: 1 }.message())),
        Err(_) => Err(msg(&LicenceError::NotWhole.message())),
    }
}

#[component]
pub fn ServiceManagementPage() -> impl IntoView {
    let account = use_account();
    with_account(account, move |a: Account| {
        let c = a.customer;
        // Partner Center's delegated-admin entry points, opened in the customer's tenant.
        let session = |dest: &str| {
            format!(
                "https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID={}&CSDEST={dest}",
                c.id
            )
        };
        view! {
            <p class="breadcrumb"><A href=app_href("/customers")>{t("subscriptions.breadcrumb")}</A></p>
            <h1>{tf("subscriptions.services.title", &[("company", &c.company_name)])}</h1>
            <p>{t("subscriptions.services.intro")}</p>
            <ul class="links">
                <li><a href=session("o365admincenter") target="_blank" rel="noopener">{t("subscriptions.services.m365")}</a></li>
                <li><a href=session("MicrosoftCommerceExchange") target="_blank" rel="noopener">{t("subscriptions.services.exchange")}</a></li>
                <li><a href=format!("https://entra.microsoft.com/{}", c.primary_domain) target="_blank" rel="noopener">{t("subscriptions.services.entra")}</a></li>
                <li><a href=format!("https://portal.azure.com/{}", c.primary_domain) target="_blank" rel="noopener">{t("subscriptions.services.azure")}</a></li>
            </ul>
        }
    })
}
