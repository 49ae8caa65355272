//! The add-customer wizard: Account info → Indirect reseller → Subscriptions → Review →
//! Submit → Done. The rules and the step machine are `clientele_domain::wizard`; this page
//! renders them, keeps the draft in localStorage as it is typed, and puts the step in the
//! address (`?step=…`) so the browser's Back and Forward move between steps.

use clientele_domain::book::Change;
use clientele_domain::catalogue::{Offer, CATALOGUE};
use clientele_domain::countries::{requires_registration_id, COUNTRIES, CULTURES};
use clientele_domain::i18n::Language;
use clientele_domain::model::{reseller_name, CustomerId, SubscriptionId};
use clientele_domain::roles::Permission;
use clientele_domain::settings::Settings;
use clientele_domain::time::iso_from_unix_ms;
use clientele_domain::validate::FieldError;
use clientele_domain::wizard::{
    build, can_visit, edit, fields, legal_name_hint, next, resolved_domain, resume, steps,
    validate_step, AgreementMode, DomainMode, LicenceLine, Step, StepCheck, WizardContext,
    WizardDraft,
};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::browser::{self, app_href};
use crate::components::allowed::denied_reason;
use crate::i18n::{country_name, date, lang, msg, num, t, tf};
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

/// A rule's message in the UI's language, with a country named as the UI names it.
fn field_text(e: &FieldError) -> String {
    match &e.text {
        Some(m) => msg(m),
        None => e.message.clone(),
    }
}

/// The error or warning for `field` in `list`, in the UI's language.
fn text_for(list: &[FieldError], field: &str) -> Option<String> {
    list.iter().find(|e| e.field == field).map(field_text)
}

fn step_url(step: Step) -> String {
    format!("/customers/new?step={}", step.slug())
}

#[component]
pub fn AddCustomerPage() -> impl IntoView {
    if !use_app_state().can(Permission::AddCustomers) {
        return view! {
            <h1>{t("wizard.title")}</h1>
            <p class="hint">{denied_reason(Permission::AddCustomers)}</p>
        }
        .into_any();
    }
    view! { <AddCustomerForm /> }.into_any()
}

#[component]
fn AddCustomerForm() -> impl IntoView {
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
        save_error.set(
            save_draft(&d)
                .err()
                .map(|why| tf("wizard.draft.not_kept", &[("why", &why)])),
        );
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
        <p class="breadcrumb"><A href=app_href("/customers")>{t("wizard.breadcrumb")}</A></p>
        <h1>{t("wizard.title")}</h1>
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
        let _ = browser::local_remove(ATTEMPT_KEY);
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

/// Creates the customer, its subscriptions and their log entries as one write.
fn submit(
    state: AppState,
    wiz: Wizard,
    busy: RwSignal<bool>,
    failure: RwSignal<String>,
    navigate: impl Fn(&str, NavigateOptions) + 'static,
) {
    let d = wiz.draft.get_untracked();
    let mut attempt = Attempt::load();
    let mut next_sub = 0;
    let built = with_context(state, |ctx| {
        build(
            &d,
            ctx,
            CustomerId::v4_from_bits(attempt.customer),
            || {
                if attempt.subscriptions.len() <= next_sub {
                    attempt.subscriptions.push(random_bits());
                }
                next_sub += 1;
                SubscriptionId::v4_from_bits(attempt.subscriptions[next_sub - 1])
            },
            &iso_from_unix_ms(attempt.at_ms),
        )
    });
    // Kept until the customer is added: a retry after an answer lost on the way sends the
    // same records, which the server recognises (Idempotency-Key) instead of adding twice.
    attempt.save();
    let (customer, subscriptions) = match built {
        Ok(records) => records,
        Err(errors) => {
            let why = errors.first().map(field_text).unwrap_or_default();
            failure.set(tf("wizard.submit.changed", &[("why", &why)]));
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
                let _ = browser::local_remove(ATTEMPT_KEY);
                wiz.draft.set(WizardDraft::default());
                navigate(
                    &format!("/customers/new?step=done&customer={id}"),
                    NavigateOptions::default(),
                );
            }
            Err(e) => failure.set(tf("wizard.submit.failed", &[("why", &e.to_string())])),
        }
    });
}

/// 128 bits from the browser's cryptographic generator, for new IDs.
/// Where the IDs and time of a submitted, not yet added customer are kept.
const ATTEMPT_KEY: &str = "clientele.draft.customer.submit";

/// The new records' IDs and creation time, chosen at the first submit and reused by every
/// retry of the same draft.
#[derive(serde::Serialize, serde::Deserialize)]
struct Attempt {
    customer: u128,
    subscriptions: Vec<u128>,
    at_ms: i64,
}

impl Attempt {
    fn load() -> Self {
        browser::local_get(ATTEMPT_KEY)
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_else(|| Self {
                customer: random_bits(),
                subscriptions: Vec::new(),
                at_ms: js_sys::Date::now() as i64,
            })
    }

    fn save(&self) {
        if let Ok(text) = serde_json::to_string(self) {
            // Without it a retry is still checked by the server (the domain is taken): only
            // the message would be less clear.
            let _ = browser::local_set(ATTEMPT_KEY, &text);
        }
    }
}

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
            .then(|| wiz.check.with(|c| text_for(&c.errors, &f)))
            .flatten()
    });
    let warning = Memo::new(move |_| wiz.check.with(|c| text_for(&c.warnings, &field)));
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
    /// The option values are language tags, and each name is written in its language.
    #[prop(optional)]
    in_own_language: bool,
) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let id = dom_id(field);
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| {
        wiz.tried
            .get()
            .then(|| wiz.check.with(|c| text_for(&c.errors, field)))
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
                        let tag = in_own_language.then(|| code.clone());
                        view! { <option value=code lang=tag prop:selected=move || value.with(|v| *v == c)>{name}</option> }
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
                <label class="check">
                    <input type="radio" name="domain-mode" prop:checked=move || mode.get() == DomainMode::NewOnMicrosoft
                        on:change=move |_| set_mode(DomainMode::NewOnMicrosoft) />
                    {t("wizard.domain.new")}
                </label>
                <label class="check">
                    <input type="radio" name="domain-mode" prop:checked=move || mode.get() == DomainMode::OwnDomain
                        on:change=move |_| set_mode(DomainMode::OwnDomain) />
                    {t("wizard.domain.own")}
                </label>
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
            <DraftSelect field=fields::COUNTRY label=t("wizard.address.country") bind=bind!(draft, address.country)
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
        </fieldset>
        <fieldset>
            <legend>{t("wizard.agreement.legend")}</legend>
            <label class="check">
                <input type="radio" name="agreement-mode" prop:checked=move || agreement.get() == AgreementMode::Attested
                    on:change=move |_| set_agreement(AgreementMode::Attested) />
                {t("wizard.agreement.attested")}
            </label>
            <label class="check">
                <input type="radio" name="agreement-mode" prop:checked=move || agreement.get() == AgreementMode::AskInAdminCentre
                    on:change=move |_| set_agreement(AgreementMode::AskInAdminCentre) />
                {t("wizard.agreement.ask")}
            </label>
            <Show when=move || agreement.get() == AgreementMode::Attested>
                <DraftText field=fields::SIGNER_FIRST_NAME label=t("wizard.agreement.first_name") bind=bind!(draft, agreement.first_name) />
                <DraftText field=fields::SIGNER_LAST_NAME label=t("wizard.agreement.last_name") bind=bind!(draft, agreement.last_name) />
                <DraftText field=fields::SIGNER_EMAIL label=t("wizard.agreement.email") bind=bind!(draft, agreement.email) input_type="email" />
                <DraftText field=fields::AGREEMENT_DATE label=t("wizard.agreement.date") bind=bind!(draft, agreement.date) input_type="date" />
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
        <p class="lede">{t("wizard.reseller.lede")}</p>
        <DraftSelect field=fields::RESELLER label=t("wizard.reseller.label") bind=bind!(wiz.draft, reseller_id)
            options=resellers placeholder=t("wizard.reseller.choose") />
        <p><A href=app_href("/settings")>{t("wizard.reseller.add")}</A></p>
    }
}

#[component]
fn SubscriptionsStep() -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let draft = wiz.draft;
    let lines_error = Memo::new(move |_| {
        wiz.tried
            .get()
            .then(|| wiz.check.with(|c| text_for(&c.errors, fields::LINES)))
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
        let _ = browser::local_remove(ATTEMPT_KEY);
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
