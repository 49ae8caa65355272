//! The steps as one form: the step indicator, the shown step, Back, Next (or Submit) and
//! Cancel.

use clientele_domain::wizard::{steps, Step};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::account_info::AccountInfoStep;
use super::reseller::ResellerStep;
use super::review::ReviewStep;
use super::subscriptions::SubscriptionsStep;
use super::{submit, with_context, Wizard};
use crate::i18n::{msg, t, tf};
use crate::state::use_app_state;

#[component]
pub(super) fn Steps(
    step: Memo<Step>,
    go: impl Fn(Step) + Clone + Send + Sync + 'static,
    go_next: impl Fn() + Clone + Send + Sync + 'static,
    cancel: NodeRef<html::Dialog>,
) -> impl IntoView {
    let state = use_app_state();
    let wiz = expect_context::<Wizard>();
    let all = Memo::new(move |_| with_context(state, steps));
    let indicator = move || {
        let current = step.get();
        all.get()
            .into_iter()
            .filter(|s| *s != Step::Done)
            .map(|s| {
                let here = s == current;
                view! { <li aria-current=here.then_some("step") class:current=here>{msg(&s.name())}</li> }
            })
            .collect_view()
    };
    let submit_error = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let on_submit = {
        let go_next = go_next.clone();
        let navigate = use_navigate();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if step.get_untracked() == Step::Review {
                submit::submit(state, wiz, busy, submit_error, navigate.clone());
            } else {
                go_next();
            }
        }
    };
    let back = {
        let go = go.clone();
        move |_| {
            let d = wiz.current();
            go(with_context(state, |ctx| {
                clientele_domain::wizard::back(&d, ctx)
            }));
        }
    };
    let next_label = move || {
        let s = step.get();
        let list = all.get();
        let at = list.iter().position(|x| *x == s).unwrap_or(0);
        match list.get(at + 1) {
            _ if s == Step::Review => t("wizard.submit").to_string(),
            Some(n) => tf("wizard.next_to", &[("step", &msg(&n.name()))]),
            None => t("wizard.next").to_string(),
        }
    };
    view! {
        <ol class="steps" aria-label=t("wizard.steps")>{indicator}</ol>
        <form class="wizard" on:submit=on_submit novalidate>
            <h2 id="step-heading" tabindex="-1">{move || msg(&step.get().name())}</h2>
            {move || {
                let go = go.clone();
                match step.get() {
                    Step::AccountInfo => view! { <AccountInfoStep /> }.into_any(),
                    Step::IndirectReseller => view! { <ResellerStep /> }.into_any(),
                    Step::Subscriptions => view! { <SubscriptionsStep /> }.into_any(),
                    Step::Review | Step::Done => view! { <ReviewStep go=go /> }.into_any(),
                }
            }}
            <p class="error" role="alert">{move || submit_error.get()}</p>
            <div class="actions wizard-actions">
                <Show when=move || step.get() != Step::AccountInfo>
                    <button type="button" on:click=back.clone()>{t("wizard.back")}</button>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>{next_label}</button>
                <button type="button" on:click=move |_| { if let Some(d) = cancel.get_untracked() { let _ = d.show_modal(); } }>{t("wizard.cancel")}</button>
            </div>
        </form>
    }
}
