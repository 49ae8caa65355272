//! Settings: the partner profile, the current user and the indirect resellers (or providers).

use clientele_domain::export::{CsvFormat, Separator};
use clientele_domain::model::ResellerId;
use clientele_domain::settings::{
    fields, CurrentUser, PartnerKind, PartnerProfile, ResellerDraft, Role, Settings, SettingsDraft,
};
use clientele_domain::validate::{message_for, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::components::field::TextField;
use crate::state::{use_app_state, AppState};
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
        <crate::pages::storage::StorageSettings />
    }
}

/// One editable reseller row; `key` keeps the row (and its focus) stable while others change.
#[derive(Clone, Copy)]
struct ResellerRow {
    key: u64,
    id: RwSignal<String>,
    name: RwSignal<String>,
}

/// Where the form as typed is kept between reloads (this browser only, whatever the store).
const DRAFT_KEY: &str = "clientele.draft.settings";

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct Form {
    display_name: RwSignal<String>,
    tenant_id: RwSignal<String>,
    partner_id: RwSignal<String>,
    email_domain: RwSignal<String>,
    kind: RwSignal<PartnerKind>,
    user_name: RwSignal<String>,
    role: RwSignal<Role>,
    rows: RwSignal<Vec<ResellerRow>>,
    exports: RwSignal<CsvFormat>,
    next_key: StoredValue<u64>,
}

impl Form {
    fn new(draft: &SettingsDraft) -> Self {
        let form = Self {
            display_name: RwSignal::new(String::new()),
            tenant_id: RwSignal::new(String::new()),
            partner_id: RwSignal::new(String::new()),
            email_domain: RwSignal::new(String::new()),
            kind: RwSignal::new(PartnerKind::default()),
            user_name: RwSignal::new(String::new()),
            role: RwSignal::new(Role::default()),
            rows: RwSignal::new(Vec::new()),
            exports: RwSignal::new(CsvFormat::default()),
            next_key: StoredValue::new(0),
        };
        form.fill(draft);
        form
    }

    fn fill(&self, d: &SettingsDraft) {
        self.display_name.set(d.partner.display_name.clone());
        self.tenant_id.set(d.partner.tenant_id.clone());
        self.partner_id.set(d.partner.partner_id.clone());
        self.email_domain.set(d.partner.email_domain.clone());
        self.kind.set(d.partner.kind);
        self.user_name.set(d.user.display_name.clone());
        self.role.set(d.user.role);
        self.exports.set(d.exports);
        let rows = d
            .resellers
            .iter()
            .map(|r| self.new_row(r.id.clone(), r.name.clone()))
            .collect();
        self.rows.set(rows);
    }

    fn new_row(&self, id: String, name: String) -> ResellerRow {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        ResellerRow {
            key,
            id: RwSignal::new(id),
            name: RwSignal::new(name),
        }
    }

    /// The form as typed; tracked, so an effect re-runs on every change.
    fn draft(&self) -> SettingsDraft {
        SettingsDraft {
            partner: PartnerProfile {
                display_name: self.display_name.get(),
                tenant_id: self.tenant_id.get(),
                partner_id: self.partner_id.get(),
                email_domain: self.email_domain.get(),
                kind: self.kind.get(),
            },
            user: CurrentUser {
                display_name: self.user_name.get(),
                role: self.role.get(),
            },
            resellers: self.rows.with(|rows| {
                rows.iter()
                    .map(|r| ResellerDraft {
                        id: r.id.get(),
                        name: r.name.get(),
                    })
                    .collect()
            }),
            exports: self.exports.get(),
        }
    }
}

#[component]
fn SettingsForm(initial: Settings) -> impl IntoView {
    let state = use_app_state();
    let saved = StoredValue::new(SettingsDraft::of(&initial));
    let restored = browser::local_get(DRAFT_KEY)
        .and_then(|text| serde_json::from_str::<SettingsDraft>(&text).ok())
        .filter(|d| saved.with_value(|s| d != s));
    let form = Form::new(restored.as_ref().unwrap_or(&saved.get_value()));
    let Form {
        display_name,
        tenant_id,
        partner_id,
        email_domain,
        kind,
        user_name,
        role,
        rows,
        exports,
        ..
    } = form;
    let has_restored = RwSignal::new(restored.is_some());
    let draft_problem = RwSignal::new(None::<String>);
    // Keep what is typed, so a reload or a closed tab loses nothing; forget it once saved.
    Effect::new(move |_| {
        let draft = form.draft();
        let result = if saved.with_value(|s| s == &draft) {
            browser::local_remove(DRAFT_KEY)
        } else {
            browser::local_set(
                DRAFT_KEY,
                &serde_json::to_string(&draft).unwrap_or_default(),
            )
        };
        draft_problem.set(result.err().map(|why| {
            format!(
                "Unsaved changes cannot be kept for a reload ({why}): save them before leaving."
            )
        }));
    });
    let discard = move |_| {
        form.fill(&saved.get_value());
        has_restored.set(false);
    };
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let status = RwSignal::new(String::new());
    let error_for = move |field: String| {
        Signal::derive(move || errors.with(|e| message_for(e, &field).map(str::to_string)))
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(String::new());
        let draft = untrack(|| form.draft());
        let form = draft.validate();
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
                    match store.save_settings(settings.clone()).await {
                        Ok(()) => {
                            saved.set_value(SettingsDraft::of(&settings));
                            // The saved form is no longer a draft.
                            let _ = browser::local_remove(DRAFT_KEY);
                            has_restored.set(false);
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
            <Show when=move || has_restored.get()>
                <div class="notice-inline" role="status">
                    <p>"Your unsaved changes from before were restored."</p>
                    <button type="button" on:click=discard>"Discard changes"</button>
                </div>
            </Show>
            <p class="error" role="alert">{move || draft_problem.get()}</p>
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
                                {move || invite_link(state, &row.id.get())}
                            </div>
                        }
                    }
                </For>
                <button type="button" on:click=move |_| rows.update(|rs| rs.push(form.new_row(String::new(), String::new())))>
                    {move || format!("Add {}", kind.get().partner_noun())}
                </button>
            </fieldset>
            <fieldset>
                <legend>"Exports"</legend>
                <div class="field">
                    <label for="csv-separator">"Separator"</label>
                    <p class="hint" id="csv-separator-hint">"Excel in French and other languages whose decimal mark is a comma expects a semicolon."</p>
                    <select id="csv-separator" aria-describedby="csv-separator-hint" on:change=move |ev| {
                        if let Some(sep) = Separator::from_key(&event_target_value(&ev)) {
                            exports.update(|e| e.separator = sep);
                        }
                    }>
                        {Separator::ALL
                            .into_iter()
                            .map(|sep| view! { <option value=sep.key() prop:selected=move || exports.with(|e| e.separator == sep)>{sep.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" aria-describedby="csv-bom-hint" prop:checked=move || exports.with(|e| e.bom)
                        on:change=move |ev| exports.update(|e| e.bom = event_target_checked(&ev)) />
                    "Start files with a byte-order mark (BOM)"
                </label>
                <p class="hint" id="csv-bom-hint">"Excel needs it to show accents and Chinese correctly. Turn it off for plain RFC 4180 files."</p>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">"Save settings"</button>
                <p class="status" role="status">{move || status.get()}</p>
            </div>
        </form>
    }
}

/// "Invite new customers" on a saved indirect provider's row (the partner is an indirect
/// reseller): the joint invitation with that provider.
fn invite_link(state: AppState, id: &str) -> Option<impl IntoView> {
    let id = ResellerId::parse(id).ok()?;
    let name = state.settings.with(|s| match s {
        Some(Ok(s)) if s.is_configured() && s.partner.kind == PartnerKind::IndirectReseller => s
            .resellers
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone()),
        _ => None,
    })?;
    Some(view! {
        <a class="nowrap" href=crate::browser::app_href(&format!("/customers/invite?provider={id}")) aria-label=format!("Invite new customers with {name}")>
            "Invite new customers"
        </a>
    })
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
