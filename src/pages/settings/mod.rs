//! Settings: the partner profile, the current user and the indirect resellers (or providers),
//! and where the book is kept (`storage`).

mod backup;
mod storage;

use clientele_domain::export::{ExportSettings, HeaderLanguage, SeparatorChoice};
use clientele_domain::i18n::Language;
use clientele_domain::model::ResellerId;
use clientele_domain::roles::Permission;
use clientele_domain::settings::{
    fields, PartnerKind, ResellerDraft, Role, Settings, SettingsDraft,
};
use clientele_domain::validate::FieldError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::allowed::denied_reason;
use crate::components::field::{bind, Binding, TextField};
use crate::hooks::{kept_draft, use_local_draft, use_settings_loaded, Keep};
use crate::i18n::{field_text_for, lang, t, tf, tn};
use crate::state::{use_app_state, AppState};
use crate::store::CustomerStore;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app_state();
    // Only whether settings have loaded: a save reloads them, and must not rebuild the form
    // (it would drop the "Settings saved." status and the user's place).
    let loaded = use_settings_loaded();
    view! {
        <h1>{t("settings.title")}</h1>
        {move || match loaded.get() {
            None => view! { <p role="status">{t("settings.loading")}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert">{tf("settings.load_failed", &[("error", &e.to_string())])}</p> }.into_any(),
            Some(Ok(())) => view! { <SettingsForm initial=untrack(|| state.current_settings()) /> }.into_any(),
        }}
        <storage::StorageSettings />
        <backup::BackupSection />
    }
}

/// Where the form as typed is kept between reloads (this browser only, whatever the store).
const DRAFT_KEY: &str = crate::keys::DRAFT_SETTINGS;

/// The form: the settings as typed, in one draft; each reseller row also has a key, which
/// keeps the row (and its focus) stable while others are added or removed.
#[derive(Clone, Copy)]
struct Form {
    draft: RwSignal<SettingsDraft>,
    /// One key per row of `draft.resellers`, in the same order.
    row_keys: RwSignal<Vec<u64>>,
    next_key: StoredValue<u64>,
}

impl Form {
    fn new(draft: &SettingsDraft) -> Self {
        let form = Self {
            draft: RwSignal::new(SettingsDraft::default()),
            row_keys: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        };
        form.fill(draft);
        form
    }

    fn fill(&self, d: &SettingsDraft) {
        let keys = d.resellers.iter().map(|_| self.new_key()).collect();
        self.draft.set(d.clone());
        self.row_keys.set(keys);
    }

    fn new_key(&self) -> u64 {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        key
    }

    fn add_row(&self) {
        let key = self.new_key();
        self.draft
            .update(|d| d.resellers.push(ResellerDraft::default()));
        self.row_keys.update(|keys| keys.push(key));
    }

    fn remove_row(&self, key: u64) {
        let Some(at) = self
            .row_keys
            .with_untracked(|keys| keys.iter().position(|k| *k == key))
        else {
            return;
        };
        self.draft.update(|d| {
            d.resellers.remove(at);
        });
        self.row_keys.update(|keys| {
            keys.remove(at);
        });
    }

    /// Row `i`'s name or tenant ID.
    fn row_field(&self, i: usize, field: fn(&mut ResellerDraft) -> &mut String) -> Binding {
        let draft = self.draft;
        Binding {
            value: Signal::derive(move || {
                draft.with(|d| {
                    let mut row = d.resellers.get(i).cloned().unwrap_or_default();
                    field(&mut row).clone()
                })
            }),
            set: Callback::new(move |v| {
                draft.update(|d| {
                    if let Some(row) = d.resellers.get_mut(i) {
                        *field(row) = v;
                    }
                })
            }),
        }
    }
}

#[component]
fn SettingsForm(initial: Settings) -> impl IntoView {
    let state = use_app_state();
    // The partner profile and resellers are the global admin's; the server says who you are.
    let may_manage = state.can(Permission::ManageSettings);
    let on_server = state.store().is_shared();
    let saved = StoredValue::new(SettingsDraft::of(&initial));
    let restored = kept_draft::<SettingsDraft>(DRAFT_KEY).filter(|d| saved.with_value(|s| d != s));
    let form = Form::new(restored.as_ref().unwrap_or(&saved.get_value()));
    let Form {
        draft, row_keys, ..
    } = form;
    let kind = Memo::new(move |_| draft.with(|d| d.partner.kind));
    let role = Memo::new(move |_| draft.with(|d| d.user.role));
    let exports = Memo::new(move |_| draft.with(|d| d.exports));
    let separator = Memo::new(move |_| exports.with(|e| e.separator));
    let headers = Memo::new(move |_| exports.with(|e| e.headers));
    let has_restored = RwSignal::new(restored.is_some());
    // Keep what is typed, so a reload or a closed tab loses nothing; forget it once saved.
    let kept = use_local_draft(DRAFT_KEY, move || {
        let draft = draft.get();
        if saved.with_value(|s| s == &draft) {
            Keep::Forget
        } else {
            Keep::Write(draft)
        }
    });
    let draft_problem = move || {
        kept.error
            .get()
            .map(|why| tf("settings.draft_problem", &[("why", &why)]))
    };
    let discard = move |_| {
        form.fill(&saved.get_value());
        has_restored.set(false);
    };
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let status = RwSignal::new(String::new());
    let error_for =
        move |field: String| Signal::derive(move || errors.with(|e| field_text_for(e, &field)));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(String::new());
        let form = draft.with_untracked(SettingsDraft::validate);
        match form {
            Err(list) => {
                status.set(tn("settings.not_saved", list.len() as u64, &[]));
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
                            let _ = kept.forget.run(());
                            has_restored.set(false);
                            status.set(t("settings.saved").into());
                            state.reload_settings();
                        }
                        Err(e) => {
                            status.set(tf("settings.save_failed", &[("error", &e.to_string())]))
                        }
                    }
                });
            }
        }
    };

    let partners_label = move || kind.get().partners_label_in(lang());
    let numbered_rows = move || row_keys.get().into_iter().enumerate().collect::<Vec<_>>();

    view! {
        <form class="settings" on:submit=save novalidate>
            <Show when=move || has_restored.get()>
                <div class="notice-inline" role="status">
                    <p>{t("settings.restored")}</p>
                    <button type="button" on:click=discard>{t("settings.discard")}</button>
                </div>
            </Show>
            <p class="error" role="alert">{draft_problem}</p>
            {(!may_manage).then(|| view! { <p class="hint" id="settings-denied">{denied_reason(Permission::ManageSettings)}</p> })}
            <fieldset disabled=!may_manage aria-describedby=(!may_manage).then_some("settings-denied")>
                <legend>{t("settings.partner.legend")}</legend>
                <TextField id="partner-name" label=t("settings.partner.name") value=bind!(draft, partner.display_name) error=error_for(fields::DISPLAY_NAME.into()) autocomplete="organization" />
                <TextField id="partner-tenant-id" label=t("settings.partner.tenant_id") value=bind!(draft, partner.tenant_id) error=error_for(fields::TENANT_ID.into())
                    hint=t("settings.partner.tenant_id.hint") />
                <TextField id="partner-id" label=t("settings.partner.id") value=bind!(draft, partner.partner_id) error=error_for(fields::PARTNER_ID.into())
                    hint=t("settings.partner.id.hint") />
                <TextField id="partner-email-domain" label=t("settings.partner.email_domain") value=bind!(draft, partner.email_domain) error=error_for(fields::EMAIL_DOMAIN.into())
                    hint=t("settings.partner.email_domain.hint") />
                <div class="field">
                    <label for="partner-kind">{t("settings.partner.kind")}</label>
                    {choice_select("partner-kind", kind, move |k| draft.update(|d| d.partner.kind = k), PartnerKind::ALL, PartnerKind::key, PartnerKind::from_key, PartnerKind::label_in)}
                </div>
            </fieldset>
            <fieldset disabled=on_server aria-describedby=on_server.then_some("settings-you-server")>
                <legend>{t("settings.you.legend")}</legend>
                {on_server.then(|| view! { <p class="hint" id="settings-you-server">{t("settings.you.server")}</p> })}
                <TextField id="user-name" label=t("settings.you.name") value=bind!(draft, user.display_name) error=error_for(fields::USER_NAME.into())
                    hint=t("settings.you.name.hint") autocomplete="name" />
                <div class="field">
                    <label for="user-role">{t("settings.you.role")}</label>
                    {choice_select("user-role", role, move |r| draft.update(|d| d.user.role = r), Role::ALL, Role::key, Role::from_key, Role::label_in)}
                </div>
            </fieldset>
            <fieldset disabled=!may_manage aria-describedby=(!may_manage).then_some("settings-denied")>
                <legend>{partners_label}</legend>
                <For
                    each=numbered_rows
                    key=|(i, key)| (*i, *key)
                    let:item
                >
                    {
                        let (i, key) = item;
                        let (name, id) = (form.row_field(i, |r| &mut r.name), form.row_field(i, |r| &mut r.id));
                        let n = (i + 1).to_string();
                        let (group_n, remove_n) = (n.clone(), n);
                        view! {
                            <div class="reseller-row" role="group" aria-label=move || if kind.get().lists_providers() {
                                tf("settings.provider.row", &[("n", &group_n)])
                            } else {
                                tf("settings.reseller.row", &[("n", &group_n)])
                            }>
                                <TextField id=format!("reseller-{key}-name") label=t("settings.partner_row.name") value=name error=error_for(fields::reseller_name(i)) />
                                <TextField id=format!("reseller-{key}-id") label=t("settings.partner_row.tenant_id") value=id error=error_for(fields::reseller_id(i)) />
                                <button type="button" class="link" aria-label=move || if kind.get().lists_providers() {
                                        tf("settings.provider.remove_label", &[("n", &remove_n)])
                                    } else {
                                        tf("settings.reseller.remove_label", &[("n", &remove_n)])
                                    }
                                    on:click=move |_| form.remove_row(key)>
                                    {t("settings.partner_row.remove")}
                                </button>
                                {move || invite_link(state, &id.value.get())}
                            </div>
                        }
                    }
                </For>
                <button type="button" on:click=move |_| form.add_row()>
                    {move || if kind.get().lists_providers() { t("settings.provider.add") } else { t("settings.reseller.add") }}
                </button>
            </fieldset>
            <fieldset>
                <legend>{t("settings.exports.legend")}</legend>
                <div class="field">
                    <label for="csv-separator">{t("settings.exports.separator")}</label>
                    <p class="hint" id="csv-separator-hint">{t("settings.exports.separator.hint")}</p>
                    {choice_select(
                        "csv-separator", separator, move |sep| draft.update(|d| d.exports.separator = sep),
                        SeparatorChoice::ALL, SeparatorChoice::key, SeparatorChoice::from_key, SeparatorChoice::label,
                    ).attr("aria-describedby", "csv-separator-hint")}
                </div>
                {export_flag(exports, move |on| draft.update(|d| d.exports.bom = on), |e| e.bom, "csv-bom-hint", "settings.exports.bom")}
                {export_flag(exports, move |on| draft.update(|d| d.exports.all_columns = on), |e| e.all_columns, "csv-all-columns-hint", "settings.exports.all_columns")}
                <div class="field">
                    <label for="csv-headers">{t("settings.exports.headers")}</label>
                    <p class="hint" id="csv-headers-hint">{t("settings.exports.headers.hint")}</p>
                    {choice_select(
                        "csv-headers", headers, move |h| draft.update(|d| d.exports.headers = h),
                        HeaderLanguage::ALL, HeaderLanguage::key, HeaderLanguage::from_key, HeaderLanguage::label,
                    ).attr("aria-describedby", "csv-headers-hint")}
                </div>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{t("settings.save")}</button>
                <p class="status" role="status">{move || status.get()}</p>
            </div>
        </form>
    }
}

/// A select of one of `all`, bound to `value`: options valued by `key`, named by `label` in
/// the UI's language.
/// An on/off export setting: a checkbox labelled by `key`, described by the hint at
/// `key` + ".hint".
fn export_flag(
    exports: Memo<ExportSettings>,
    set: impl Fn(bool) + 'static,
    get: fn(&ExportSettings) -> bool,
    hint_id: &'static str,
    key: &'static str,
) -> impl IntoView {
    let hint = format!("{key}.hint");
    view! {
        <label class="check">
            <input type="checkbox" aria-describedby=hint_id prop:checked=move || exports.with(get)
                on:change=move |ev| set(event_target_checked(&ev)) />
            {t(key)}
        </label>
        <p class="hint" id=hint_id>{t(&hint)}</p>
    }
}

fn choice_select<T: Copy + PartialEq + Send + Sync + 'static, const N: usize>(
    id: &'static str,
    value: Memo<T>,
    set: impl Fn(T) + Copy + 'static,
    all: [T; N],
    key: fn(T) -> &'static str,
    from_key: fn(&str) -> Option<T>,
    label: fn(T, Language) -> &'static str,
) -> impl IntoView {
    view! {
        <select id=id on:change=move |ev| {
            if let Some(v) = from_key(&event_target_value(&ev)) {
                set(v);
            }
        }>
            {all.into_iter().map(|v| view! {
                <option value=key(v) prop:selected=move || value.get() == v>{label(v, lang())}</option>
            }).collect_view()}
        </select>
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
        <a class="nowrap" href=crate::browser::app_href(&format!("/customers/invite?provider={id}")) aria-label=tf("settings.partner_row.invite_label", &[("name", &name)])>
            {t("settings.partner_row.invite")}
        </a>
    })
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
