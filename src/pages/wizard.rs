//! The add-customer wizard: Account info → Indirect reseller → Subscriptions → Review →
//! Submit → Done. The rules and the step machine are `clientele_domain::wizard`; this page
//! renders them, keeps the draft in localStorage as it is typed, and puts the step in the
//! address (`?step=…`) so the browser's Back and Forward move between steps.

use clientele_domain::book::Change;
use clientele_domain::catalogue::{Offer, CATALOGUE};
use clientele_domain::countries::{country, requires_registration_id, COUNTRIES, CULTURES};
use clientele_domain::model::{reseller_name, CustomerId, SubscriptionId};
use clientele_domain::settings::Settings;
use clientele_domain::time::iso_from_unix_ms;
use clientele_domain::validate::message_for;
use clientele_domain::wizard::{
    build, can_visit, edit, fields, next, resolved_domain, resume, steps, validate_step,
    AgreementMode, DomainMode, LicenceLine, Step, StepCheck, WizardContext, WizardDraft,
    LEGAL_NAME_HINT,
};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::browser::{self, app_href};
use crate::state::{use_app_state, AppState, NoticeKind};

const DRAFT_KEY: &str = "clientele.draft.customer";

/// What the step views share.
#[derive(Clone, Copy)]
struct Wizard {
    draft: RwSignal<WizardDraft>,
    /// The shown step's check, recomputed as the user types.
    check: Memo<StepCheck>,
    /// Errors are shown once the user has tried to leave the step (warnings always).
    tried: RwSignal<bool>,
}

/// A draft field: its value and how to change it.
#[derive(Clone, Copy)]
struct Binding {
    value: Signal<String>,
    set: Callback<String>,
}

impl Binding {
    fn new(
        draft: RwSignal<WizardDraft>,
        get: fn(&WizardDraft) -> &String,
        set: fn(&mut WizardDraft) -> &mut String,
    ) -> Self {
        Self {
            value: Signal::derive(move || draft.with(|d| get(d).clone())),
            set: Callback::new(move |v| draft.update(|d| *set(d) = v)),
        }
    }
}

macro_rules! bind {
    ($draft:expr, $($path:ident).+) => {
        Binding::new($draft, |d| &d.$($path).+, |d| &mut d.$($path).+)
    };
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

fn save_draft(draft: &WizardDraft) -> Result<(), String> {
    let json = serde_json::to_string(draft).map_err(|e| e.to_string())?;
    browser::local_set(DRAFT_KEY, &json)
}

fn load_draft() -> Option<WizardDraft> {
    serde_json::from_str(&browser::local_get(DRAFT_KEY)?).ok()
}

fn step_url(step: Step) -> String {
    format!("/customers/new?step={}", step.slug())
}

#[component]
pub fn AddCustomerPage() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let navigate = use_navigate();
    let stored = load_draft();
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
    let save_error = RwSignal::new(None::<String>);
    let tried = RwSignal::new(false);

    let url_step =
        Memo::new(move |_| query.with(|q| q.get("step").and_then(|s| Step::from_slug(&s))));
    // The step shown: the address's, when the draft allows it, else where the draft is.
    let step = Memo::new(move |_| {
        let d = draft.get();
        with_context(state, |ctx| match url_step.get() {
            Some(s) if can_visit(&d, s, ctx) => s,
            _ => resume(&d, ctx),
        })
    });
    let check = Memo::new(move |_| {
        let d = draft.get();
        let s = step.get();
        with_context(state, |ctx| validate_step(&d, s, ctx))
    });
    let wiz = Wizard {
        draft,
        check,
        tried,
    };
    provide_context(wiz);

    // Keep the draft as it is typed, and the step it is on.
    Effect::new(move |_| {
        let s = step.get();
        if draft.with_untracked(|d| d.step != s) && s != Step::Done {
            draft.update(|d| d.step = s);
        }
    });
    Effect::new(move |first: Option<()>| {
        let d = draft.get();
        if first.is_none() && !has_stored {
            return;
        }
        if asking.get_untracked() {
            return;
        }
        save_error.set(save_draft(&d).err().map(|why| {
            format!("Your draft can't be kept in this browser ({why}): finish now, or it is lost when the page closes.")
        }));
    });
    // A new step: errors start hidden, and focus moves to the step's heading.
    Effect::new(move |previous: Option<Step>| {
        let s = step.get();
        if previous.is_some_and(|p| p != s) {
            tried.set(false);
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
            let d = draft.get_untracked();
            match with_context(state, |ctx| next(&d, ctx)) {
                Ok(s) => go(s),
                Err(check) => {
                    tried.set(true);
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
        <p class="breadcrumb"><A href=app_href("/customers")>"Customers"</A></p>
        <h1>"Add customer"</h1>
        <p class="error" role="alert">{move || save_error.get()}</p>
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

/// "Resume your draft" / "Start over", when the wizard opens with a draft waiting.
#[component]
fn ResumePrompt(
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
        let _ = browser::local_remove(DRAFT_KEY);
        wiz.draft.set(WizardDraft::default());
        asking.set(false);
        go2(Step::AccountInfo);
    };
    let what = if name.is_empty() {
        "a customer".to_string()
    } else {
        format!("“{name}”")
    };
    view! {
        <section class="resume" aria-labelledby="resume-heading">
            <h2 id="resume-heading">"You have an unfinished customer"</h2>
            <p>{format!("You started adding {what} and stopped at {}. Everything you entered was kept in this browser.", at.label())}</p>
            <div class="actions">
                <button type="button" class="primary" on:click=resume_draft>"Resume your draft"</button>
                <button type="button" on:click=start_over>"Start over"</button>
            </div>
        </section>
    }
}

#[component]
fn Steps(
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
                view! { <li aria-current=here.then_some("step") class:current=here>{s.label()}</li> }
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
                submit(state, wiz, busy, submit_error, navigate.clone());
            } else {
                go_next();
            }
        }
    };
    let back = {
        let go = go.clone();
        move |_| {
            let d = wiz.draft.get_untracked();
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
            _ if s == Step::Review => "Submit".to_string(),
            Some(n) => format!("Next: {}", n.label()),
            None => "Next".to_string(),
        }
    };
    view! {
        <ol class="steps" aria-label="Steps">{indicator}</ol>
        <form class="wizard" on:submit=on_submit novalidate>
            <h2 id="step-heading" tabindex="-1">{move || step.get().label()}</h2>
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
                    <button type="button" on:click=back.clone()>"Back"</button>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>{next_label}</button>
                <button type="button" on:click=move |_| { if let Some(d) = cancel.get_untracked() { let _ = d.show_modal(); } }>"Cancel"</button>
            </div>
        </form>
    }
}

/// Creates the customer, its subscriptions and their log entries as one write.
fn submit(
    state: AppState,
    wiz: Wizard,
    busy: RwSignal<bool>,
    failure: RwSignal<String>,
    navigate: impl Fn(&str, NavigateOptions) + 'static,
) {
    let d = wiz.draft.get_untracked();
    let now = js_sys::Date::now() as i64;
    let built = with_context(state, |ctx| {
        build(
            &d,
            ctx,
            CustomerId::v4_from_bits(random_bits()),
            || SubscriptionId::v4_from_bits(random_bits()),
            &iso_from_unix_ms(now),
        )
    });
    let (customer, subscriptions) = match built {
        Ok(records) => records,
        Err(errors) => {
            failure.set(format!(
                "Something changed since the earlier steps: {} Use Update to fix it.",
                errors.first().map_or("", |e| e.message.as_str())
            ));
            return;
        }
    };
    let id = customer.id.clone();
    busy.set(true);
    failure.set(String::new());
    spawn_local(async move {
        let change = Change::AddCustomers {
            customers: vec![customer],
            subscriptions,
        };
        let result = state.apply(change).await;
        busy.set(false);
        match result {
            Ok(()) => {
                let _ = browser::local_remove(DRAFT_KEY);
                wiz.draft.set(WizardDraft::default());
                navigate(
                    &format!("/customers/new?step=done&customer={id}"),
                    NavigateOptions::default(),
                );
            }
            Err(e) => failure.set(format!(
                "The customer was not added, and nothing was saved. {e}"
            )),
        }
    });
}

/// 128 bits from the browser's cryptographic generator, for new IDs.
fn random_bits() -> u128 {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    u128::from_le_bytes(bytes)
}

/// A text field bound to the draft, with the step's error and warning for it.
#[component]
fn DraftText(
    #[prop(into)] field: String,
    #[prop(into)] label: String,
    bind: Binding,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Checked as the user types (not only once they try to go on).
    #[prop(optional)]
    live: bool,
) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let id = dom_id(&field);
    let (error_id, warning_id, hint_id) = (
        format!("{id}-error"),
        format!("{id}-warning"),
        format!("{id}-hint"),
    );
    let f = field.clone();
    let error = Memo::new(move |_| {
        let typed = live && !bind.value.with(String::is_empty);
        (wiz.tried.get() || typed)
            .then(|| {
                wiz.check
                    .with(|c| message_for(&c.errors, &f).map(str::to_string))
            })
            .flatten()
    });
    let warning = Memo::new(move |_| {
        wiz.check
            .with(|c| message_for(&c.warnings, &field).map(str::to_string))
    });
    let described =
        crate::components::field::described_by(&id, hint.is_some(), error.into(), warning.into());
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input
                id=id
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete
                prop:value=move || bind.value.get()
                on:input=move |ev| bind.set.run(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
            />
            <p class="error" id=error_id>{move || error.get()}</p>
            <p class="warning" id=warning_id>{move || warning.get()}</p>
        </div>
    }
}

/// A select bound to the draft, with the step's error for it.
#[component]
fn DraftSelect(
    field: &'static str,
    #[prop(into)] label: String,
    bind: Binding,
    options: Vec<(String, String)>,
    #[prop(into)] placeholder: String,
) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let id = dom_id(field);
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| {
        wiz.tried
            .get()
            .then(|| {
                wiz.check
                    .with(|c| message_for(&c.errors, field).map(str::to_string))
            })
            .flatten()
    });
    let value = Memo::new(move |_| bind.value.get());
    let described = error_id.clone();
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                on:change=move |ev| bind.set.run(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
            >
                <option value="" prop:selected=move || value.with(String::is_empty)>{placeholder}</option>
                {options
                    .into_iter()
                    .map(|(code, name)| {
                        let c = code.clone();
                        view! { <option value=code prop:selected=move || value.with(|v| *v == c)>{name}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

#[component]
fn AccountInfoStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let draft = wiz.draft;
    let mode = Memo::new(move |_| draft.with(|d| d.domain_mode));
    let agreement = Memo::new(move |_| draft.with(|d| d.agreement.mode));
    let country_code = Memo::new(move |_| draft.with(|d| d.address.country.clone()));
    let needs_id = Memo::new(move |_| country_code.with(|c| requires_registration_id(c)));
    // Phone and registration ID are required in the same countries, and say so alike.
    let required_here = Signal::derive(move || {
        if needs_id.get() {
            let name =
                country_code.with(|c| country(c).map_or(String::new(), |c| c.name.to_string()));
            format!("Required for customers in {name}.")
        } else {
            "Optional in this country.".to_string()
        }
    });
    let domain_hint = Signal::derive(move || {
        let typed = draft.with(|d| !d.domain.trim().is_empty());
        let domain = draft.with(resolved_domain);
        match mode.get() {
            DomainMode::NewOnMicrosoft if typed => {
                format!("Letters and digits only. The customer's domain will be {domain}.")
            }
            DomainMode::NewOnMicrosoft => {
                "Letters and digits only: contoso gives contoso.onmicrosoft.com.".into()
            }
            DomainMode::OwnDomain => "A domain the customer owns, such as contoso.com.".into(),
        }
    });
    let set_mode = move |m: DomainMode| draft.update(|d| d.domain_mode = m);
    let set_agreement = move |m: AgreementMode| draft.update(|d| d.agreement.mode = m);
    let countries: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|c| (c.code.to_string(), c.name.to_string()))
        .collect();
    let cultures: Vec<(String, String)> = CULTURES
        .iter()
        .map(|(code, name)| (code.to_string(), format!("{name} ({code})")))
        .collect();
    view! {
        <fieldset>
            <legend>"Company"</legend>
            <DraftText field=fields::COMPANY_NAME label="Company legal name" bind=bind!(draft, company_name)
                hint=Signal::stored(LEGAL_NAME_HINT.to_string()) autocomplete="organization" />
            <fieldset class="radios">
                <legend>"Primary domain"</legend>
                <label class="check">
                    <input type="radio" name="domain-mode" prop:checked=move || mode.get() == DomainMode::NewOnMicrosoft
                        on:change=move |_| set_mode(DomainMode::NewOnMicrosoft) />
                    "Create a new onmicrosoft.com domain"
                </label>
                <label class="check">
                    <input type="radio" name="domain-mode" prop:checked=move || mode.get() == DomainMode::OwnDomain
                        on:change=move |_| set_mode(DomainMode::OwnDomain) />
                    "Use a domain the customer owns"
                </label>
            </fieldset>
            {move || {
                let label = match mode.get() {
                    DomainMode::NewOnMicrosoft => "Domain prefix",
                    DomainMode::OwnDomain => "Domain name",
                };
                view! { <DraftText field=fields::DOMAIN label=label bind=bind!(draft, domain) hint=domain_hint live=true /> }
            }}
        </fieldset>
        <fieldset>
            <legend>"Billing address"</legend>
            <DraftSelect field=fields::COUNTRY label="Country or region" bind=bind!(draft, address.country)
                options=countries placeholder="Choose a country" />
            <DraftText field=fields::LINE1 label="Address line 1" bind=bind!(draft, address.line1) autocomplete="address-line1" />
            <DraftText field=fields::LINE2 label="Address line 2 (optional)" bind=bind!(draft, address.line2) autocomplete="address-line2" />
            <DraftText field=fields::CITY label="City" bind=bind!(draft, address.city) autocomplete="address-level2" />
            <DraftText field=fields::STATE label="State or province" bind=bind!(draft, address.state) autocomplete="address-level1" />
            <DraftText field=fields::POSTAL_CODE label="Postal code" bind=bind!(draft, address.postal_code) autocomplete="postal-code" />
            <DraftText field=fields::REGISTRATION_ID label="Company registration ID" bind=bind!(draft, registration_id)
                hint=required_here />
        </fieldset>
        <fieldset>
            <legend>"Primary contact"</legend>
            <DraftText field=fields::FIRST_NAME label="First name" bind=bind!(draft, contact.first_name) autocomplete="given-name" />
            <DraftText field=fields::LAST_NAME label="Last name" bind=bind!(draft, contact.last_name) autocomplete="family-name" />
            <DraftText field=fields::EMAIL label="Email" bind=bind!(draft, contact.email) input_type="email" autocomplete="email" />
            <DraftText field=fields::PHONE label="Phone" bind=bind!(draft, contact.phone) input_type="tel" autocomplete="tel"
                hint=required_here />
            <DraftSelect field=fields::CULTURE label="Language and culture" bind=bind!(draft, culture)
                options=cultures placeholder="Choose a language" />
        </fieldset>
        <fieldset>
            <legend>"Customer agreement"</legend>
            <label class="check">
                <input type="radio" name="agreement-mode" prop:checked=move || agreement.get() == AgreementMode::Attested
                    on:change=move |_| set_agreement(AgreementMode::Attested) />
                "The customer has accepted the latest Microsoft Customer Agreement"
            </label>
            <label class="check">
                <input type="radio" name="agreement-mode" prop:checked=move || agreement.get() == AgreementMode::AskInAdminCentre
                    on:change=move |_| set_agreement(AgreementMode::AskInAdminCentre) />
                "The customer will be asked to accept it in their admin centre"
            </label>
            <Show when=move || agreement.get() == AgreementMode::Attested>
                <DraftText field=fields::SIGNER_FIRST_NAME label="Signer's first name" bind=bind!(draft, agreement.first_name) />
                <DraftText field=fields::SIGNER_LAST_NAME label="Signer's last name" bind=bind!(draft, agreement.last_name) />
                <DraftText field=fields::SIGNER_EMAIL label="Signer's email" bind=bind!(draft, agreement.email) input_type="email" />
                <DraftText field=fields::AGREEMENT_DATE label="Date accepted" bind=bind!(draft, agreement.date) input_type="date" />
            </Show>
        </fieldset>
    }
}

#[component]
fn ResellerStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let resellers: Vec<(String, String)> = state
        .current_settings()
        .resellers
        .into_iter()
        .map(|r| (r.id.to_string(), r.name))
        .collect();
    view! {
        <p class="lede">"The indirect reseller that sells to this customer. Its subscriptions are billed through it."</p>
        <DraftSelect field=fields::RESELLER label="Indirect reseller" bind=bind!(wiz.draft, reseller_id)
            options=resellers placeholder="Choose a reseller" />
        <p><A href=app_href("/settings")>"Add a reseller in Settings"</A></p>
    }
}

#[component]
fn SubscriptionsStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let draft = wiz.draft;
    let lines_error = Memo::new(move |_| {
        wiz.tried
            .get()
            .then(|| {
                wiz.check
                    .with(|c| message_for(&c.errors, fields::LINES).map(str::to_string))
            })
            .flatten()
    });
    view! {
        <fieldset aria-describedby="f-lines-error">
            <legend>"Offers"</legend>
            <p class="error" id="f-lines-error" role="alert">{move || lines_error.get()}</p>
            <ul class="offers">
                {CATALOGUE.iter().enumerate().map(|(i, o)| view! { <OfferLine offer=o first=i == 0 /> }).collect_view()}
            </ul>
        </fieldset>
        {move || draft.with(|d| d.lines.is_empty()).then(|| view! { <p class="hint">"Choose one or more offers, then the number of licences for each."</p> })}
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
    let bounds = format!(
        "{} · {} · {} to {} licences",
        offer.id,
        offer.term.label(),
        offer.min_licences,
        offer.max_licences
    );
    view! {
        <li class="offer">
            <label class="check">
                <input type="checkbox" id=first.then_some("f-lines") prop:checked=move || chosen.get() on:change=toggle />
                <span><strong>{offer.name}</strong> <span class="hint">{bounds.clone()}</span></span>
            </label>
            <Show when=move || chosen.get()>
                <DraftText field=fields::line(id) label=format!("Licences for {}", offer.name) bind=licences
                    hint=Signal::stored(bounds.clone()) input_type="text" />
            </Show>
        </li>
    }
}

#[component]
fn ReviewStep(go: impl Fn(Step) + Clone + Send + Sync + 'static) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let d = wiz.draft.get_untracked();
    let settings = state.current_settings();
    let update = move |step: Step| {
        let go = go.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let d = wiz.draft.get_untracked();
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
    let country_name = country(&a.country).map_or(a.country.clone(), |c| c.name.to_string());
    let agreement = match d.agreement.mode {
        AgreementMode::Attested => format!(
            "Accepted by {} {} ({}) on {}",
            d.agreement.first_name, d.agreement.last_name, d.agreement.email, d.agreement.date
        ),
        AgreementMode::AskInAdminCentre => {
            "The customer will accept it in their admin centre".into()
        }
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
            (name, l.licences.trim().to_string())
        })
        .collect();
    let row = |term: &'static str, value: String| view! { <dt>{term}</dt><dd>{value}</dd> };
    view! {
        <section class="review" aria-labelledby="review-account">
            <div class="review-head">
                <h3 id="review-account">"Account info"</h3>
                <a href=browser::app_href(&step_url(Step::AccountInfo)) on:click=update(Step::AccountInfo) aria-label="Update account info">"Update"</a>
            </div>
            <dl class="facts">
                {row("Company legal name", d.company_name.trim().to_string())}
                {row("Primary domain", resolved_domain(&d))}
                {row("Billing address", format!("{address}, {country_name}"))}
                {(!d.registration_id.trim().is_empty()).then(|| row("Company registration ID", d.registration_id.trim().to_string()))}
                {row("Primary contact", format!("{} {}, {}, {}", d.contact.first_name.trim(), d.contact.last_name.trim(), d.contact.email.trim(), d.contact.phone.trim()))}
                {row("Language and culture", d.culture.clone())}
                {row("Customer agreement", agreement)}
            </dl>
        </section>
        {has_reseller.then(|| view! {
            <section class="review" aria-labelledby="review-reseller">
                <div class="review-head">
                    <h3 id="review-reseller">"Indirect reseller"</h3>
                    <a href=browser::app_href(&step_url(Step::IndirectReseller)) on:click=update(Step::IndirectReseller) aria-label="Update indirect reseller">"Update"</a>
                </div>
                <p>{reseller}</p>
            </section>
        })}
        <section class="review" aria-labelledby="review-subs">
            <div class="review-head">
                <h3 id="review-subs">"Subscriptions"</h3>
                <a href=browser::app_href(&step_url(Step::Subscriptions)) on:click=update(Step::Subscriptions) aria-label="Update subscriptions">"Update"</a>
            </div>
            <ul>
                {lines.into_iter().map(|(name, n)| view! { <li>{format!("{name}: {n} licences")}</li> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn DoneStep() -> impl IntoView {
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
            <h2 id="done-heading" tabindex="-1">"Customer added"</h2>
            <p>{move || format!("{} was added with its subscriptions.", name.get())}</p>
            <p>"Customer ID: " <code>{id.clone()}</code></p>
            <ul class="links">
                <li><A href=app_href(&format!("/customers/{id}"))>{move || format!("Open {}", name.get())}</A></li>
                <li><A href=app_href("/customers/invite")>"Request a reseller relationship"</A></li>
                <li><a href=browser::app_href("/customers/new?step=account")>"Add another customer"</a></li>
            </ul>
            <button type="button" class="primary" on:click=move |_| navigate("/customers", Default::default())>"Done"</button>
        </section>
    }
}

/// "Cancel" at any step: asks, then discards the draft.
#[component]
fn CancelDialog(dialog: NodeRef<html::Dialog>) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let state = use_app_state();
    let navigate = use_navigate();
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let discard = move |_| {
        let _ = browser::local_remove(DRAFT_KEY);
        wiz.draft.set(WizardDraft::default());
        close();
        state.notify(NoticeKind::Info, "The new customer was discarded.");
        navigate("/customers", Default::default());
    };
    view! {
        <dialog node_ref=dialog aria-labelledby="cancel-title" class="confirm">
            <h2 id="cancel-title">"Discard this customer?"</h2>
            <p>"Everything entered in this wizard will be deleted. Nothing has been created yet."</p>
            <div class="actions">
                <button type="button" class="danger" on:click=discard>"Discard"</button>
                <button type="button" on:click=move |_| close()>"Keep editing"</button>
            </div>
        </dialog>
    }
}
