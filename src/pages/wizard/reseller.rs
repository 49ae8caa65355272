//! The wizard's indirect-reseller step (for an indirect provider).

use clientele_domain::wizard::fields;
use leptos::prelude::*;
use leptos_router::components::A;

use super::fields::DraftSelect;
use super::Wizard;
use crate::browser::app_href;
use crate::components::field::bind;
use crate::i18n::t;
use crate::state::use_app_state;

#[component]
pub(super) fn ResellerStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let resellers: Vec<(String, String)> = state
        .current_settings()
        .resellers
        .into_iter()
        .map(|r| (r.id.to_string(), r.name))
        .collect();
    view! {
        <p class="lede">{t("wizard.reseller.lede")}</p>
        <DraftSelect field=fields::RESELLER label=t("wizard.reseller.label") bind=bind!(wiz.draft, reseller_id)
            options=resellers placeholder=t("wizard.reseller.choose") />
        <p><A href=app_href("/settings")>{t("wizard.reseller.add")}</A></p>
    }
}
