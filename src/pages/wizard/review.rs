//! The wizard's review step: everything entered, each part with "Update".

use clientele_domain::model::reseller_name;
use clientele_domain::wizard::{edit, resolved_domain, steps, AgreementMode, Step};
use leptos::prelude::*;

use super::{step_url, with_context, Wizard};
use crate::browser;
use crate::i18n::{country_name, date, msg, num, t, tf};
use crate::state::use_app_state;

#[component]
pub(super) fn ReviewStep(go: impl Fn(Step) + Clone + Send + Sync + 'static) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let d = wiz.draft.get_untracked();
    let settings = state.current_settings();
    let update = move |step: Step| {
        let go = go.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let d = wiz.current();
            go(with_context(state, |ctx| edit(&d, step, ctx)));
        }
    };
    let a = &d.address;
    let address = [
        a.line1.as_str(),
        a.line2.as_str(),
        a.city.as_str(),
        a.state.as_str(),
        a.postal_code.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let country_name = country_name(&a.country);
    let agreement = match d.agreement.mode {
        AgreementMode::Attested => tf(
            "wizard.review.accepted",
            &[
                ("first", &d.agreement.first_name),
                ("last", &d.agreement.last_name),
                ("email", &d.agreement.email),
                ("date", &date(&d.agreement.date)),
            ],
        ),
        AgreementMode::AskInAdminCentre => t("wizard.review.in_admin_centre").to_string(),
    };
    let has_reseller = with_context(state, |ctx| steps(ctx).contains(&Step::IndirectReseller));
    let reseller = clientele_domain::model::ResellerId::parse(d.reseller_id.trim())
        .ok()
        .map(|id| reseller_name(&settings.resellers, Some(&id)).to_string())
        .unwrap_or_default();
    let lines: Vec<(String, String)> = d
        .lines
        .iter()
        .map(|l| {
            let name = clientele_domain::catalogue::offer(&l.offer_id)
                .map_or(l.offer_id.clone(), |o| o.name.to_string());
            let n = l.licences.trim();
            let n = n.parse::<u32>().map_or(n.to_string(), num);
            (name, n)
        })
        .collect();
    let row = |term: &'static str, value: String| view! { <dt>{term}</dt><dd>{value}</dd> };
    view! {
        <section class="review" aria-labelledby="review-account">
            <div class="review-head">
                <h3 id="review-account">{msg(&Step::AccountInfo.name())}</h3>
                <a href=browser::app_href(&step_url(Step::AccountInfo)) on:click=update(Step::AccountInfo) aria-label=t("wizard.review.update_account")>{t("wizard.review.update")}</a>
            </div>
            <dl class="facts">
                {row(t("wizard.company.name"), d.company_name.trim().to_string())}
                {row(t("wizard.domain.legend"), resolved_domain(&d))}
                {row(t("wizard.address.legend"), tf("wizard.review.address", &[("address", &address), ("country", &country_name)]))}
                {(!d.registration_id.trim().is_empty()).then(|| row(t("wizard.registration_id"), d.registration_id.trim().to_string()))}
                {row(t("wizard.contact.legend"), tf("wizard.review.contact", &[("first", d.contact.first_name.trim()), ("last", d.contact.last_name.trim()), ("email", d.contact.email.trim()), ("phone", d.contact.phone.trim())]))}
                {row(t("wizard.culture"), d.culture.clone())}
                {clientele_domain::tags::parse_tag_list(&d.tags).ok().filter(|t| !t.is_empty())
                    .map(|tags| row(t("wizard.tags"), clientele_domain::tags::joined(&tags)))}
                {row(t("wizard.agreement.legend"), agreement)}
            </dl>
        </section>
        {has_reseller.then(|| view! {
            <section class="review" aria-labelledby="review-reseller">
                <div class="review-head">
                    <h3 id="review-reseller">{msg(&Step::IndirectReseller.name())}</h3>
                    <a href=browser::app_href(&step_url(Step::IndirectReseller)) on:click=update(Step::IndirectReseller) aria-label=t("wizard.review.update_reseller")>{t("wizard.review.update")}</a>
                </div>
                <p>{reseller}</p>
            </section>
        })}
        <section class="review" aria-labelledby="review-subs">
            <div class="review-head">
                <h3 id="review-subs">{msg(&Step::Subscriptions.name())}</h3>
                <a href=browser::app_href(&step_url(Step::Subscriptions)) on:click=update(Step::Subscriptions) aria-label=t("wizard.review.update_subscriptions")>{t("wizard.review.update")}</a>
            </div>
            <ul>
                {lines.into_iter().map(|(name, n)| view! { <li>{tf("wizard.review.line", &[("name", &name), ("n", &n)])}</li> }).collect_view()}
            </ul>
        </section>
    }
}
