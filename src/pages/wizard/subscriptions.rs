//! The wizard's subscriptions step: the catalogue's offers, each with its licences.

use clientele_domain::catalogue::{Offer, CATALOGUE};
use clientele_domain::wizard::{fields, LicenceLine};
use leptos::prelude::*;

use super::fields::DraftText;
use super::Wizard;
use crate::components::field::Binding;
use crate::i18n::{field_text_for, msg, num, t, tf};

#[component]
pub(super) fn SubscriptionsStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let draft = wiz.draft;
    let lines_error = Memo::new(move |_| {
        wiz.tried
            .get()
            .then(|| wiz.check.with(|c| field_text_for(&c.errors, fields::LINES)))
            .flatten()
    });
    view! {
        <fieldset aria-describedby="f-lines-error">
            <legend>{t("wizard.offers.legend")}</legend>
            <p class="error" id="f-lines-error" role="alert">{move || lines_error.get()}</p>
            <ul class="offers">
                {CATALOGUE.iter().enumerate().map(|(i, o)| view! { <OfferLine offer=o first=i == 0 /> }).collect_view()}
            </ul>
        </fieldset>
        {move || draft.with(|d| d.lines.is_empty()).then(|| view! { <p class="hint">{t("wizard.offers.hint")}</p> })}
    }
}

#[component]
fn OfferLine(offer: &'static Offer, first: bool) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let draft = wiz.draft;
    let id = offer.id;
    let chosen = Memo::new(move |_| draft.with(|d| d.lines.iter().any(|l| l.offer_id == id)));
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        draft.update(|d| {
            d.lines.retain(|l| l.offer_id != id);
            if on {
                d.lines.push(LicenceLine {
                    offer_id: id.to_string(),
                    licences: offer.min_licences.max(1).to_string(),
                });
            }
        });
    };
    let licences = Binding {
        value: Signal::derive(move || {
            draft.with(|d| {
                d.lines
                    .iter()
                    .find(|l| l.offer_id == id)
                    .map(|l| l.licences.clone())
                    .unwrap_or_default()
            })
        }),
        set: Callback::new(move |v: String| {
            draft.update(|d| {
                if let Some(l) = d.lines.iter_mut().find(|l| l.offer_id == id) {
                    l.licences = v;
                }
            })
        }),
    };
    let bounds = tf(
        "wizard.offer.bounds",
        &[
            ("id", offer.id),
            ("term", &msg(&offer.term.name())),
            ("min", &num(offer.min_licences)),
            ("max", &num(offer.max_licences)),
        ],
    );
    view! {
        <li class="offer">
            <label class="check">
                <input type="checkbox" id=first.then_some("f-lines") prop:checked=move || chosen.get() on:change=toggle />
                <span><strong>{offer.name}</strong> <span class="hint">{bounds.clone()}</span></span>
            </label>
            <Show when=move || chosen.get()>
                <DraftText field=fields::line(id) label=tf("wizard.offer.licences_for", &[("name", offer.name)]) bind=licences
                    hint=Signal::stored(bounds.clone()) input_type="text" />
            </Show>
        </li>
    }
}
