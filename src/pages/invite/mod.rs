//! "Request a reseller relationship": the invitation email, drafted in the customer's
//! language, edited by the user, then opened in their mail app or copied. The wording, the
//! link, the link guard and the encodings are the domain's (`clientele_domain::invite`).

mod form;
mod state;

use clientele_domain::guid::Guid;
use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::app_href;
use crate::components::allowed::page_denied;
use crate::hooks::use_settings_loaded;
use crate::i18n::{load_all, t, tf};
use crate::state::use_app_state;

use form::InviteForm;

#[component]
pub fn InvitePage() -> impl IntoView {
    if !use_app_state().can(Permission::SendInvitations) {
        return page_denied(t("invite.title"), Permission::SendInvitations);
    }
    view! { <InvitePageAllowed /> }.into_any()
}

#[component]
fn InvitePageAllowed() -> impl IntoView {
    let state = use_app_state();
    // Only whether settings have loaded: the form must not be rebuilt by a reload of them.
    let loaded = use_settings_loaded();
    // The email is drafted in any of the three languages, whichever the UI's: their texts
    // first (fetched once; precached for offline). Without them it is drafted in English.
    let languages = LocalResource::new(load_all);
    view! {
        <p class="breadcrumb"><A href=app_href("/customers")>{t("invite.breadcrumb")}</A></p>
        <h1>{t("invite.title")}</h1>
        {move || languages.get().and_then(Result::err).map(|why| view! { <p role="alert">{why}</p> })}
        {move || match loaded.get().filter(|_| languages.with(Option::is_some)) {
            None => view! { <p role="status">{t("invite.loading")}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert">{tf("invite.settings_failed", &[("why", &e.to_string())])}</p> }.into_any(),
            Some(Ok(())) => {
                let settings = untrack(|| state.current_settings());
                match Guid::parse(&settings.partner.tenant_id) {
                    Ok(tenant) if settings.is_configured() => view! { <InviteForm settings=settings tenant=tenant /> }.into_any(),
                    _ => view! {
                        <p class="notice-inline" role="status">
                            {t("invite.not_set_up")} " "
                            <A href=app_href("/settings")>{t("invite.set_up")}</A>
                        </p>
                    }
                    .into_any(),
                }
            }
        }}
    }
}
