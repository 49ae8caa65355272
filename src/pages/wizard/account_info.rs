//! The wizard's first step: the company, its domain, address, contact, language and the
//! customer agreement.

use clientele_domain::countries::{requires_registration_id, COUNTRIES, CULTURES};
use clientele_domain::i18n::Language;
use clientele_domain::wizard::{
    fields, legal_name_hint, resolved_domain, AgreementMode, DomainMode,
};
use leptos::prelude::*;

use super::fields::{DraftSelect, DraftText};
use super::Wizard;
use crate::components::field::{bind, Binding};
use crate::i18n::{country_name, lang, msg, t, tf};

/// Every country as (code, name in the UI's language), sorted as that language sorts.
fn country_options() -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|c| (c.code.to_string(), country_name(c.code)))
        .collect();
    // The domain's list is already in English order.
    if lang() != Language::English {
        let locales = js_sys::Array::of1(&lang().code().into());
        let compare = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new()).compare();
        list.sort_by(|a, b| {
            let order = compare
                .call2(
                    &wasm_bindgen::JsValue::NULL,
                    &a.1.as_str().into(),
                    &b.1.as_str().into(),
                )
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            order.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    list
}

#[component]
pub(super) fn AccountInfoStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let draft = wiz.draft;
    let mode = Memo::new(move |_| draft.with(|d| d.domain_mode));
    let agreement = Memo::new(move |_| draft.with(|d| d.agreement.mode));
    let country_code = Memo::new(move |_| draft.with(|d| d.address.country.clone()));
    let needs_id = Memo::new(move |_| country_code.with(|c| requires_registration_id(c)));
    // Phone and registration ID are required in the same countries, and say so alike.
    let required_here = Signal::derive(move || {
        if needs_id.get() {
            let name = country_code.with(|c| country_name(c));
            tf("wizard.hint.required_in", &[("place", &name)])
        } else {
            t("wizard.hint.optional_here").to_string()
        }
    });
    let domain_hint = Signal::derive(move || {
        let typed = draft.with(|d| !d.domain.trim().is_empty());
        let domain = draft.with(resolved_domain);
        match mode.get() {
            DomainMode::NewOnMicrosoft if typed => {
                tf("wizard.hint.prefix_gives", &[("domain", &domain)])
            }
            DomainMode::NewOnMicrosoft => t("wizard.hint.prefix").to_string(),
            DomainMode::OwnDomain => t("wizard.hint.own_domain").to_string(),
        }
    });
    let set_mode = move |m: DomainMode| draft.update(|d| d.domain_mode = m);
    let set_agreement = move |m: AgreementMode| draft.update(|d| d.agreement.mode = m);
    let countries = country_options();
    // Choosing the country also gives "Language and culture" its default (still changeable).
    let country = Binding {
        value: Signal::derive(move || draft.with(|d| d.address.country.clone())),
        set: Callback::new(move |code: String| draft.update(|d| d.choose_country(&code))),
    };
    let cultures: Vec<(String, String)> = CULTURES
        .iter()
        .map(|(code, name)| (code.to_string(), format!("{name} ({code})")))
        .collect();
    view! {
        <fieldset>
            <legend>{t("wizard.company.legend")}</legend>
            <DraftText field=fields::COMPANY_NAME label=t("wizard.company.name") bind=bind!(draft, company_name)
                hint=Signal::stored(msg(&legal_name_hint())) autocomplete="organization" />
            <fieldset class="radios">
                <legend>{t("wizard.domain.legend")}</legend>
                {radio("domain-mode", DomainMode::NewOnMicrosoft, mode, set_mode, t("wizard.domain.new"))}
                {radio("domain-mode", DomainMode::OwnDomain, mode, set_mode, t("wizard.domain.own"))}
            </fieldset>
            {move || {
                let label = match mode.get() {
                    DomainMode::NewOnMicrosoft => t("wizard.domain.prefix"),
                    DomainMode::OwnDomain => t("wizard.domain.name"),
                };
                view! { <DraftText field=fields::DOMAIN label=label bind=bind!(draft, domain) hint=domain_hint live=true /> }
            }}
        </fieldset>
        <fieldset>
            <legend>{t("wizard.address.legend")}</legend>
            <DraftSelect field=fields::COUNTRY label=t("wizard.address.country") bind=country
                options=countries placeholder=t("wizard.address.choose_country") />
            <DraftText field=fields::LINE1 label=t("wizard.address.line1") bind=bind!(draft, address.line1) autocomplete="address-line1" />
            <DraftText field=fields::LINE2 label=t("wizard.address.line2") bind=bind!(draft, address.line2) autocomplete="address-line2" />
            <DraftText field=fields::CITY label=t("wizard.address.city") bind=bind!(draft, address.city) autocomplete="address-level2" />
            <DraftText field=fields::STATE label=t("wizard.address.state") bind=bind!(draft, address.state) autocomplete="address-level1" />
            <DraftText field=fields::POSTAL_CODE label=t("wizard.address.postal_code") bind=bind!(draft, address.postal_code) autocomplete="postal-code" />
            <DraftText field=fields::REGISTRATION_ID label=t("wizard.registration_id") bind=bind!(draft, registration_id)
                hint=required_here />
        </fieldset>
        <fieldset>
            <legend>{t("wizard.contact.legend")}</legend>
            <DraftText field=fields::FIRST_NAME label=t("wizard.contact.first_name") bind=bind!(draft, contact.first_name) autocomplete="given-name" />
            <DraftText field=fields::LAST_NAME label=t("wizard.contact.last_name") bind=bind!(draft, contact.last_name) autocomplete="family-name" />
            <DraftText field=fields::EMAIL label=t("wizard.contact.email") bind=bind!(draft, contact.email) input_type="email" autocomplete="email" />
            <DraftText field=fields::PHONE label=t("wizard.contact.phone") bind=bind!(draft, contact.phone) input_type="tel" autocomplete="tel"
                hint=required_here />
            <DraftSelect field=fields::CULTURE label=t("wizard.culture") bind=bind!(draft, culture)
                options=cultures placeholder=t("wizard.culture.choose") in_own_language=true />
            <DraftText field=fields::TAGS label=t("wizard.tags") bind=bind!(draft, tags)
                hint=Signal::stored(t("wizard.tags.hint").to_string()) />
        </fieldset>
        <fieldset>
            <legend>{t("wizard.agreement.legend")}</legend>
            {radio("agreement-mode", AgreementMode::Attested, agreement, set_agreement, t("wizard.agreement.attested"))}
            {radio("agreement-mode", AgreementMode::AskInAdminCentre, agreement, set_agreement, t("wizard.agreement.ask"))}
            <Show when=move || agreement.get() == AgreementMode::Attested>
                <DraftText field=fields::SIGNER_FIRST_NAME label=t("wizard.agreement.first_name") bind=bind!(draft, agreement.first_name) />
                <DraftText field=fields::SIGNER_LAST_NAME label=t("wizard.agreement.last_name") bind=bind!(draft, agreement.last_name) />
                <DraftText field=fields::SIGNER_EMAIL label=t("wizard.agreement.email") bind=bind!(draft, agreement.email) input_type="email" />
                <DraftText field=fields::AGREEMENT_DATE label=t("wizard.agreement.date") bind=bind!(draft, agreement.date) input_type="date" />
            </Show>
        </fieldset>
    }
}

/// One radio button of the group `name`: checked while `current` is `value`.
fn radio<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    value: T,
    current: Memo<T>,
    choose: impl Fn(T) + 'static,
    label: &'static str,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="radio" name=name prop:checked=move || current.get() == value
                on:change=move |_| choose(value) />
            {label}
        </label>
    }
}
