//! What the wizard asks or says around its steps: resume a waiting draft, discard it, and
//! the customer added.

use clientele_domain::model::CustomerId;
use clientele_domain::wizard::{resume, Step, WizardDraft};
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{forget_draft, with_context, Wizard};
use crate::browser::{self, app_href};
use crate::i18n::{msg, t, tf};
use crate::state::{use_app_state, NoticeKind};

/// "Resume your draft" / "Start over", when the wizard opens with a draft waiting.
#[component]
pub(super) fn ResumePrompt(
    asking: RwSignal<bool>,
    go: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let (name, at) = wiz.draft.with_untracked(|d| {
        let at = with_context(state, |ctx| resume(d, ctx));
        (d.company_name.trim().to_string(), at)
    });
    let go2 = go.clone();
    let resume_draft = move |_| {
        asking.set(false);
        go(at);
    };
    let start_over = move |_| {
        forget_draft();
        wiz.draft.set(WizardDraft::default());
        asking.set(false);
        go2(Step::AccountInfo);
    };
    let step = msg(&at.name());
    let text = if name.is_empty() {
        tf("wizard.resume.text", &[("step", &step)])
    } else {
        tf(
            "wizard.resume.text_named",
            &[("name", &name), ("step", &step)],
        )
    };
    view! {
        <section class="resume" aria-labelledby="resume-heading">
            <h2 id="resume-heading">{t("wizard.resume.heading")}</h2>
            <p>{text}</p>
            <div class="actions">
                <button type="button" class="primary" on:click=resume_draft>{t("wizard.resume.resume")}</button>
                <button type="button" on:click=start_over>{t("wizard.resume.start_over")}</button>
            </div>
        </section>
    }
}

/// "Cancel" at any step: asks, then discards the draft.
#[component]
pub(super) fn CancelDialog(dialog: NodeRef<html::Dialog>) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let navigate = use_navigate();
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let discard = move |_| {
        forget_draft();
        wiz.draft.set(WizardDraft::default());
        close();
        state.notify(NoticeKind::Info, t("wizard.cancel.done"));
        navigate("/customers", Default::default());
    };
    view! {
        <dialog node_ref=dialog aria-labelledby="cancel-title" class="confirm">
            <h2 id="cancel-title">{t("wizard.cancel.title")}</h2>
            <p>{t("wizard.cancel.text")}</p>
            <div class="actions">
                <button type="button" class="danger" on:click=discard>{t("wizard.cancel.discard")}</button>
                <button type="button" on:click=move |_| close()>{t("wizard.cancel.keep")}</button>
            </div>
        </dialog>
    }
}

#[component]
pub(super) fn DoneStep() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let id = query.with_untracked(|q| q.get("customer").unwrap_or_default());
    let id2 = id.clone();
    let name = Memo::new(move |_| {
        let id = CustomerId::parse(&id2).ok();
        state.customers.with(|c| match (c, &id) {
            (Some(Ok(list)), Some(id)) => list
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.company_name.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
    });
    let navigate = use_navigate();
    request_animation_frame(|| browser::focus_by_id("done-heading"));
    view! {
        <section class="done" aria-labelledby="done-heading">
            <h2 id="done-heading" tabindex="-1">{t("wizard.done.heading")}</h2>
            <p>{move || tf("wizard.done.text", &[("name", &name.get())])}</p>
            <p>{t("wizard.done.id")} " " <code>{id.clone()}</code></p>
            <ul class="links">
                <li><A href=app_href(&format!("/customers/{id}"))>{move || tf("wizard.done.open", &[("name", &name.get())])}</A></li>
                <li><A href=app_href("/customers/invite")>{t("wizard.done.invite")}</A></li>
                <li><a href=browser::app_href("/customers/new?step=account")>{t("wizard.done.another")}</a></li>
            </ul>
            <button type="button" class="primary" on:click=move |_| navigate("/customers", Default::default())>{msg(&Step::Done.name())}</button>
        </section>
    }
}
