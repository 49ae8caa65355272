//! Settings: the partner profile, the current user and the indirect resellers (or providers).

use clientele_domain::settings::{
    fields, CurrentUser, PartnerKind, PartnerProfile, ResellerDraft, Role, Settings,
};
use clientele_domain::validate::{message_for, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::TextField;
use crate::state::use_app_state;
use crate::store::CustomerStore;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app_state();
    // Only whether settings have loaded: a save reloads them, and must not rebuild the form
    // (it would drop the "Settings saved." status and the user's place).
    let loaded = Memo::new(move |_| {
        state.settings.with(|s| {
            s.as_ref()
                .map(|r| r.as_ref().map(drop).map_err(Clone::clone))
        })
    });
    view! {
        <h1>"Settings"</h1>
        {move || match loaded.get() {
            None => view! { <p role="status">"Loading settings…"</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert">"Settings could not be loaded: " {e.to_string()}</p> }.into_any(),
            Some(Ok(())) => view! { <SettingsForm initial=untrack(|| state.current_settings()) /> }.into_any(),
        }}
    }
}

/// One editable reseller row; `key` keeps the row (and its focus) stable while others change.
#[derive(Clone, Copy)]
struct ResellerRow {
    key: u64,
    id: RwSignal<String>,
    name: RwSignal<String>,
}

#[component]
fn SettingsForm(initial: Settings) -> impl IntoView {
    let state = use_app_state();
    let p = initial.partner;
    let display_name = RwSignal::new(p.display_name);
    let tenant_id = RwSignal::new(p.tenant_id);
    let partner_id = RwSignal::new(p.partner_id);
    let email_domain = RwSignal::new(p.email_domain);
    let kind = RwSignal::new(p.kind);
    let user_name = RwSignal::new(initial.user.display_name);
    let role = RwSignal::new(initial.user.role);
    let next_key = StoredValue::new(0u64);
    let new_row = move |id: String, name: String| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        ResellerRow {
            key,
            id: RwSignal::new(id),
            name: RwSignal::new(name),
        }
    };
    let rows = RwSignal::new(
        initial
            .resellers
            .into_iter()
            .map(|r| new_row(r.id.to_string(), r.name))
            .collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let status = RwSignal::new(String::new());
    let error_for = move |field: String| {
        Signal::derive(move || errors.with(|e| message_for(e, &field).map(str::to_string)))
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(String::new());
        let drafts: Vec<ResellerDraft> = rows.with_untracked(|rows| {
            rows.iter()
                .map(|r| ResellerDraft {
                    id: r.id.get_untracked(),
                    name: r.name.get_untracked(),
                })
                .collect()
        });
        let form = Settings::from_form(
            PartnerProfile {
                display_name: display_name.get_untracked(),
                tenant_id: tenant_id.get_untracked(),
                partner_id: partner_id.get_untracked(),
                email_domain: email_domain.get_untracked(),
                kind: kind.get_untracked(),
            },
            CurrentUser {
                display_name: user_name.get_untracked(),
                role: role.get_untracked(),
            },
            &drafts,
        );
        match form {
            Err(list) => {
                status.set(format!(
                    "Settings not saved: {} to correct.",
                    if list.len() == 1 {
                        "1 field".to_string()
                    } else {
                        format!("{} fields", list.len())
                    }
                ));
                errors.set(list);
                focus_first_invalid();
            }
            Ok(settings) => {
                errors.set(Vec::new());
                let store = state.store();
                spawn_local(async move {
                    match store.save_settings(settings).await {
                        Ok(()) => {
                            status.set("Settings saved.".into());
                            state.reload_settings();
                        }
                        Err(e) => status.set(format!("Settings not saved. {e}")),
                    }
                });
            }
        }
    };

    let partners_label = move || kind.get().partners_label();
    let numbered_rows = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();

    view! {
        <form class="settings" on:submit=save novalidate>
            <fieldset>
                <legend>"Partner profile"</legend>
                <TextField id="partner-name" label="Partner name" value=display_name error=error_for(fields::DISPLAY_NAME.into()) autocomplete="organization" />
                <TextField id="partner-tenant-id" label="Partner tenant ID" value=tenant_id error=error_for(fields::TENANT_ID.into())
                    hint="Your Microsoft Entra tenant ID, a GUID." />
                <TextField id="partner-id" label="Partner ID" value=partner_id error=error_for(fields::PARTNER_ID.into())
                    hint="Your Partner Network ID (digits). Optional." />
                <TextField id="partner-email-domain" label="Partner email domain" value=email_domain error=error_for(fields::EMAIL_DOMAIN.into())
                    hint="Your own email domain, e.g. contoso-partner.com." />
                <div class="field">
                    <label for="partner-kind">"Partner type"</label>
                    <select id="partner-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = PartnerKind::ALL.into_iter().find(|k| k.label() == v) {
                            kind.set(k);
                        }
                    }>
                        {PartnerKind::ALL.into_iter().map(|k| view! {
                            <option value=k.label() selected=move || kind.get() == k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </fieldset>
            <fieldset>
                <legend>"You"</legend>
                <TextField id="user-name" label="Your name" value=user_name error=error_for(fields::USER_NAME.into())
                    hint="Recorded with every action you take." autocomplete="name" />
                <div class="field">
                    <label for="user-role">"Role"</label>
                    <select id="user-role" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(r) = Role::ALL.into_iter().find(|r| r.label() == v) {
                            role.set(r);
                        }
                    }>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.label() selected=move || role.get() == r>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </fieldset>
            <fieldset>
                <legend>{partners_label}</legend>
                <For
                    each=numbered_rows
                    key=|(i, r)| (*i, r.key)
                    let:item
                >
                    {
                        let (i, row) = item;
                        view! {
                            <div class="reseller-row" role="group" aria-label=move || format!("{} {}", capitalized(kind.get().partner_noun()), i + 1)>
                                <TextField id=format!("reseller-{}-name", row.key) label="Name" value=row.name error=error_for(fields::reseller_name(i)) />
                                <TextField id=format!("reseller-{}-id", row.key) label="Tenant ID" value=row.id error=error_for(fields::reseller_id(i)) />
                                <button type="button" class="link" aria-label=move || format!("Remove {} {}", kind.get().partner_noun(), i + 1)
                                    on:click=move |_| rows.update(|rs| rs.retain(|r| r.key != row.key))>
                                    "Remove"
                                </button>
                            </div>
                        }
                    }
                </For>
                <button type="button" on:click=move |_| rows.update(|rs| rs.push(new_row(String::new(), String::new())))>
                    {move || format!("Add {}", kind.get().partner_noun())}
                </button>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">"Save settings"</button>
                <p class="status" role="status">{move || status.get()}</p>
            </div>
        </form>
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn focus_first_invalid() {
    // After the errors render, so the field is marked invalid when it takes focus.
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid='true']").ok().flatten())
        {
            use wasm_bindgen::JsCast;
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}
