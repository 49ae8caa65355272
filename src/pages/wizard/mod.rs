//! The add-customer wizard: Account info → Indirect reseller → Subscriptions → Review →
//! Submit → Done. The rules and the step machine are `clientele_domain::wizard`; this page
//! renders them, keeps the draft in localStorage as it is typed, and puts the step in the
//! address (`?step=…`) so the browser's Back and Forward move between steps.

mod account_info;
mod fields;
mod prompts;
mod reseller;
mod review;
mod steps;
mod submit;
mod subscriptions;

use clientele_domain::roles::Permission;
use clientele_domain::settings::Settings;
use clientele_domain::wizard::{
    can_visit, next, resume, validate_step, Step, StepCheck, WizardContext, WizardDraft,
};
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::browser::{self, app_href};
use crate::components::allowed::page_denied;
use crate::hooks::{kept_draft, use_local_draft_with_options, Keep, UseLocalDraftOptions};
use crate::i18n::{t, tf};
use crate::state::{use_app_state, AppState};

use prompts::{CancelDialog, DoneStep, ResumePrompt};
use steps::Steps;

const DRAFT_KEY: &str = crate::keys::DRAFT_CUSTOMER;

/// Where the wizard is. Derived from the draft and the address, and from where it was: the
/// draft remembers the last step shown before Done (`kept`, saved as the draft's step), and
/// every change of the shown step is a new `visit`.
#[derive(Clone, Copy, PartialEq)]
struct Position {
    shown: Step,
    kept: Step,
    visit: u32,
}

/// What the step views share.
#[derive(Clone, Copy)]
struct Wizard {
    draft: RwSignal<WizardDraft>,
    position: Memo<Position>,
    /// The shown step's check, recomputed as the user types.
    check: Memo<StepCheck>,
    /// Errors are shown once the user has tried to leave the step (warnings always).
    tried: Signal<bool>,
}

impl Wizard {
    /// The draft as the rules read it: on the step it is at. Untracked.
    fn current(&self) -> WizardDraft {
        let mut d = self.draft.get_untracked();
        d.step = self.position.get_untracked().kept;
        d
    }
}

/// The element id of a draft field, e.g. "f-address-line1".
fn dom_id(field: &str) -> String {
    format!("f-{}", field.replace('.', "-"))
}

fn context_parts(state: AppState) -> (Settings, crate::state::Customers) {
    let customers = match state.customers.get() {
        Some(Ok(list)) => list,
        _ => Default::default(),
    };
    (state.current_settings(), customers)
}

/// Runs `f` with the rules' context: the settings, the existing customers, today.
fn with_context<R>(state: AppState, f: impl FnOnce(&WizardContext) -> R) -> R {
    let (settings, customers) = context_parts(state);
    let taken = clientele_domain::wizard::domain_taken_in(&customers);
    let today = browser::local_date();
    let ctx = WizardContext::new(&settings, &taken, &today);
    f(&ctx)
}

/// Forgets the kept draft and the IDs of its last submit ("Start over", "Discard", added).
fn forget_draft() {
    let _ = browser::local_remove(DRAFT_KEY);
    let _ = browser::local_remove(submit::ATTEMPT_KEY);
}

fn step_url(step: Step) -> String {
    format!("/customers/new?step={}", step.slug())
}

#[component]
pub fn AddCustomerPage() -> impl IntoView {
    if !use_app_state().can(Permission::AddCustomers) {
        return page_denied(t("wizard.title"), Permission::AddCustomers);
    }
    view! { <AddCustomerForm /> }.into_any()
}

#[component]
fn AddCustomerForm() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let navigate = use_navigate();
    let stored = kept_draft::<WizardDraft>(DRAFT_KEY);
    let has_stored = stored
        .as_ref()
        .is_some_and(|d| *d != WizardDraft::default());
    let draft = RwSignal::new(stored.unwrap_or_default());
    if let Some(r) = query.with_untracked(|q| q.get("reseller")) {
        if draft.with_untracked(|d| d.reseller_id.is_empty()) {
            draft.update(|d| d.reseller_id = r);
        }
    }
    // Opened afresh with a draft waiting: ask before resuming it. A reload (the step is in
    // the address) resumes without asking.
    let asking = RwSignal::new(has_stored && query.with_untracked(|q| q.get("step").is_none()));
    // The visit on which the user tried to leave the step: its errors show until it changes.
    let tried_on = RwSignal::new(None::<u32>);

    let url_step =
        Memo::new(move |_| query.with(|q| q.get("step").and_then(|s| Step::from_slug(&s))));
    // The step shown: the address's, when the draft allows it, else where the draft is.
    let position = Memo::new(move |previous: Option<&Position>| {
        let mut d = draft.get();
        if let Some(p) = previous {
            d.step = p.kept;
        }
        let shown = with_context(state, |ctx| match url_step.get() {
            Some(s) if can_visit(&d, s, ctx) => s,
            _ => resume(&d, ctx),
        });
        let kept = if shown == Step::Done { d.step } else { shown };
        let visit = match previous {
            Some(p) if p.shown != shown => p.visit + 1,
            Some(p) => p.visit,
            None => 0,
        };
        Position { shown, kept, visit }
    });
    let step = Memo::new(move |_| position.get().shown);
    let check = Memo::new(move |_| {
        let d = draft.get();
        let s = step.get();
        with_context(state, |ctx| validate_step(&d, s, ctx))
    });
    let tried = Signal::derive(move || tried_on.get() == Some(position.get().visit));
    let wiz = Wizard {
        draft,
        position,
        check,
        tried,
    };
    provide_context(wiz);

    // Keep the draft as it is typed, and the step it is on.
    let kept = use_local_draft_with_options(
        DRAFT_KEY,
        move || {
            let mut d = draft.get();
            d.step = position.get().kept;
            if asking.get_untracked() {
                Keep::Leave
            } else {
                Keep::Write(d)
            }
        },
        UseLocalDraftOptions::default().skip_first(!has_stored),
    );
    let save_error = move || {
        kept.error
            .get()
            .map(|why| tf("wizard.draft.not_kept", &[("why", &why)]))
    };
    // A new step: focus moves to the step's heading.
    Effect::new(move |previous: Option<Step>| {
        let s = step.get();
        if previous.is_some_and(|p| p != s) {
            request_animation_frame(|| browser::focus_by_id("step-heading"));
        }
        s
    });

    let go = {
        let navigate = navigate.clone();
        move |s: Step| {
            navigate(&step_url(s), NavigateOptions::default());
        }
    };
    let go_next = {
        let go = go.clone();
        move || {
            let d = wiz.current();
            match with_context(state, |ctx| next(&d, ctx)) {
                Ok(s) => go(s),
                Err(check) => {
                    tried_on.set(Some(position.get_untracked().visit));
                    if let Some(f) = check.first_error_field() {
                        let id = dom_id(f);
                        request_animation_frame(move || browser::focus_by_id(&id));
                    }
                }
            }
        }
    };
    let cancel_dialog = NodeRef::<html::Dialog>::new();

    view! {
        <p class="breadcrumb"><A href=app_href("/customers")>{t("wizard.breadcrumb")}</A></p>
        <h1>{t("wizard.title")}</h1>
        <p class="error" role="alert">{save_error}</p>
        {move || {
            if asking.get() {
                let go = go.clone();
                view! { <ResumePrompt asking=asking go=go /> }.into_any()
            } else if url_step.get() == Some(Step::Done) && query.with(|q| q.get("customer").is_some()) {
                view! { <DoneStep /> }.into_any()
            } else {
                let (go, go_next) = (go.clone(), go_next.clone());
                view! { <Steps step=step go=go go_next=go_next cancel=cancel_dialog /> }.into_any()
            }
        }}
        <CancelDialog dialog=cancel_dialog />
    }
}
