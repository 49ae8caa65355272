//! The add-customer wizard: the draft as typed, each step's rules, and the step machine.
//!
//! The steps are [`Step::AccountInfo`], [`Step::IndirectReseller`] (for an indirect
//! provider only), [`Step::Subscriptions`], [`Step::Review`] and [`Step::Done`].
//! [`WizardDraft`] keeps every field exactly as typed, so the page can save it (serde) and
//! a reload loses nothing. [`validate_step`] lists what is wrong with one step, field by
//! field in the order they appear on the page; [`next`], [`back`], [`edit`] and
//! [`can_visit`] move between steps; [`build`] checks everything again and makes the records.
//!
//! ```
//! use clientele_domain::wizard::{steps, Step, WizardContext};
//! use clientele_domain::settings::PartnerKind;
//! let ctx = WizardContext {
//!     partner_email_domain: "fabrikam-partner.example",
//!     partner_kind: PartnerKind::DirectPartner,
//!     resellers: &[],
//!     domain_taken: &|_| false,
//!     today: "2026-11-21",
//! };
//! assert_eq!(
//!     steps(&ctx),
//!     [Step::AccountInfo, Step::Subscriptions, Step::Review, Step::Done]
//! );
//! ```

use serde::{Deserialize, Serialize};

use crate::catalogue::{offer, parse_licences};
use crate::company_name::check_company_name;
pub use crate::company_name::legal_name_hint;
use crate::countries::{country, requires_registration_id, CULTURES};
use crate::i18n::Message;
use crate::model::{
    AccountDetails, Address, Agreement, Contact, Customer, CustomerId, Relationship, Reseller,
    ResellerId, Subscription, SubscriptionId, SubscriptionStatus,
};
use crate::settings::{PartnerKind, Settings};
use crate::time::is_date;
use crate::validate::{is_domain, is_email, is_within_domain, FieldError};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    #[default]
    AccountInfo,
    IndirectReseller,
    Subscriptions,
    Review,
    Done,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Self::AccountInfo,
        Self::IndirectReseller,
        Self::Subscriptions,
        Self::Review,
        Self::Done,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::AccountInfo => "Account info",
            Self::IndirectReseller => "Indirect reseller",
            Self::Subscriptions => "Subscriptions",
            Self::Review => "Review",
            Self::Done => "Done",
        }
    }

    /// [`label`](Self::label) in any language.
    pub fn name(self) -> Message {
        match self {
            Self::AccountInfo => Message::new("wizard.step.account"),
            Self::IndirectReseller => Message::new("wizard.step.reseller"),
            Self::Subscriptions => Message::new("wizard.step.subscriptions"),
            Self::Review => Message::new("wizard.step.review"),
            Self::Done => Message::new("wizard.step.done"),
        }
    }

    /// The step's name in the page address, e.g. "subscriptions".
    pub fn slug(self) -> &'static str {
        match self {
            Self::AccountInfo => "account",
            Self::IndirectReseller => "reseller",
            Self::Subscriptions => "subscriptions",
            Self::Review => "review",
            Self::Done => "done",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DomainMode {
    /// A new `{prefix}.onmicrosoft.com` domain.
    #[default]
    NewOnMicrosoft,
    /// A domain the customer already owns, e.g. contoso.com.
    OwnDomain,
}

/// How the customer's acceptance of the Microsoft Customer Agreement is recorded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgreementMode {
    /// The partner attests who accepted it, and when.
    #[default]
    Attested,
    /// The customer accepts it later in the Microsoft 365 admin centre.
    AskInAdminCentre,
}

/// The agreement section as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementDraft {
    pub mode: AgreementMode,
    /// The person at the customer who accepted.
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// "YYYY-MM-DD", as typed.
    pub date: String,
}

/// One subscription to order, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LicenceLine {
    /// A [`crate::catalogue::Offer`] ID.
    pub offer_id: String,
    pub licences: String,
}

/// The whole wizard as typed, valid or not, and the step it is on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WizardDraft {
    pub step: Step,
    pub company_name: String,
    pub domain_mode: DomainMode,
    /// The customer's own domain, or the prefix of a new onmicrosoft.com domain.
    pub domain: String,
    pub address: Address,
    pub contact: Contact,
    /// A code from [`CULTURES`], e.g. "fr-FR".
    pub culture: String,
    pub registration_id: String,
    pub agreement: AgreementDraft,
    /// The indirect reseller's ID; only used when the partner is an indirect provider.
    pub reseller_id: String,
    pub lines: Vec<LicenceLine>,
    /// Optional tags as typed, separated by commas (see [`crate::tags::parse_tag_list`]).
    pub tags: String,
}

impl WizardDraft {
    /// Picks the billing country. "Language and culture" follows it (France → fr-FR) while
    /// it is empty or still the previous country's default; a culture the user chose stays.
    pub fn choose_country(&mut self, code: &str) {
        let culture = self.culture.trim();
        let old_default = crate::countries::default_culture(&self.address.country);
        if culture.is_empty() || Some(culture) == old_default {
            self.culture = crate::countries::default_culture(code)
                .unwrap_or_default()
                .to_string();
        }
        self.address.country = code.to_string();
    }
}

/// What the rules need to know besides the draft.
#[derive(Clone, Copy)]
pub struct WizardContext<'a> {
    /// The partner's own email domain: customers' contacts must not be at it.
    pub partner_email_domain: &'a str,
    pub partner_kind: PartnerKind,
    /// The indirect resellers a customer can be assigned to.
    pub resellers: &'a [Reseller],
    /// Whether an existing customer already has this domain. It is given the domain in
    /// lowercase and should compare without regard to case (see [`domain_taken_in`]).
    pub domain_taken: &'a dyn Fn(&str) -> bool,
    /// Today in the user's own time zone, "YYYY-MM-DD": an agreement accepted this evening
    /// in Taipei is not "in the future" because it is still yesterday in UTC.
    pub today: &'a str,
}

impl<'a> WizardContext<'a> {
    pub fn new(
        settings: &'a Settings,
        domain_taken: &'a dyn Fn(&str) -> bool,
        today: &'a str,
    ) -> Self {
        Self {
            partner_email_domain: &settings.partner.email_domain,
            partner_kind: settings.partner.kind,
            resellers: &settings.resellers,
            domain_taken,
            today,
        }
    }
}

/// A [`WizardContext::domain_taken`] that looks through `customers`, ignoring case.
pub fn domain_taken_in(customers: &[Customer]) -> impl Fn(&str) -> bool + '_ {
    move |domain| {
        customers
            .iter()
            .any(|c| c.primary_domain.eq_ignore_ascii_case(domain))
    }
}

/// What is wrong with a step (blocks moving on) and what may be (does not).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepCheck {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

impl StepCheck {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The field to focus: the first one in error, in page order.
    pub fn first_error_field(&self) -> Option<&str> {
        self.errors.first().map(|e| e.field.as_str())
    }

    fn error(&mut self, field: &str, message: Message) {
        self.errors.push(FieldError::translated(field, message));
    }

    fn warn(&mut self, field: &str, message: Message) {
        self.warnings.push(FieldError::translated(field, message));
    }

    fn extend(&mut self, other: StepCheck) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }
}

/// Field names used in [`FieldError::field`], and their order on the page.
pub mod fields {
    pub const COMPANY_NAME: &str = "company_name";
    pub const DOMAIN: &str = "domain";
    pub const COUNTRY: &str = "address.country";
    pub const LINE1: &str = "address.line1";
    pub const LINE2: &str = "address.line2";
    pub const CITY: &str = "address.city";
    pub const STATE: &str = "address.state";
    pub const POSTAL_CODE: &str = "address.postal_code";
    pub const REGISTRATION_ID: &str = "registration_id";
    pub const FIRST_NAME: &str = "contact.first_name";
    pub const LAST_NAME: &str = "contact.last_name";
    pub const EMAIL: &str = "contact.email";
    pub const PHONE: &str = "contact.phone";
    pub const CULTURE: &str = "culture";
    pub const TAGS: &str = "tags";
    pub const SIGNER_FIRST_NAME: &str = "agreement.first_name";
    pub const SIGNER_LAST_NAME: &str = "agreement.last_name";
    pub const SIGNER_EMAIL: &str = "agreement.email";
    pub const AGREEMENT_DATE: &str = "agreement.date";
    pub const RESELLER: &str = "reseller";
    /// The list of subscriptions as a whole (none yet, an offer twice).
    pub const LINES: &str = "lines";

    /// The licence count of the line for this offer.
    pub fn line(offer_id: &str) -> String {
        format!("{LINES}.{offer_id}")
    }

    /// Every field in page order; the lines' fields come where [`LINES`] is. The country
    /// comes first in the address because it decides what else is required.
    pub const ORDER: &[&str] = &[
        COMPANY_NAME,
        DOMAIN,
        COUNTRY,
        LINE1,
        LINE2,
        CITY,
        STATE,
        POSTAL_CODE,
        REGISTRATION_ID,
        FIRST_NAME,
        LAST_NAME,
        EMAIL,
        PHONE,
        CULTURE,
        TAGS,
        SIGNER_FIRST_NAME,
        SIGNER_LAST_NAME,
        SIGNER_EMAIL,
        AGREEMENT_DATE,
        RESELLER,
        LINES,
    ];
}

/// What every new domain prefix is followed by.
pub const ONMICROSOFT: &str = ".onmicrosoft.com";

/// The longest onmicrosoft.com prefix accepted. 27 is the limit given for Partner Center's
/// new-customer form in the issue; Microsoft's public docs only say "letters and numbers",
/// so revisit this if Partner Center refuses shorter prefixes.
pub const PREFIX_MAX: usize = 27;

/// Countries whose addresses have a state or province that mail needs.
const STATE_COUNTRIES: &[&str] = &["US", "CA", "AU", "BR", "IN", "MX"];

/// True where the address needs a state or province (United States, Canada, Australia,
/// Brazil, India, Mexico); elsewhere it is optional.
pub fn requires_state(country_code: &str) -> bool {
    STATE_COUNTRIES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(country_code.trim()))
}

/// The customer's primary domain as it would be created: lowercase, and for a new domain
/// the prefix followed by ".onmicrosoft.com" (typed in full or not).
pub fn resolved_domain(draft: &WizardDraft) -> String {
    match draft.domain_mode {
        DomainMode::OwnDomain => draft.domain.trim().to_ascii_lowercase(),
        DomainMode::NewOnMicrosoft => format!("{}{ONMICROSOFT}", prefix(draft)),
    }
}

fn prefix(draft: &WizardDraft) -> String {
    let typed = draft.domain.trim().to_ascii_lowercase();
    match typed.strip_suffix(ONMICROSOFT) {
        Some(prefix) => prefix.to_string(),
        None => typed,
    }
}

/// The steps this partner goes through, in order.
pub fn steps(ctx: &WizardContext) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|&s| s != Step::IndirectReseller || has_reseller_step(ctx))
        .collect()
}

/// Only an indirect provider sells through resellers it must name.
fn has_reseller_step(ctx: &WizardContext) -> bool {
    ctx.partner_kind == PartnerKind::IndirectProvider
}

/// What is wrong with `step`'s fields. Review and Done have none of their own.
pub fn validate_step(draft: &WizardDraft, step: Step, ctx: &WizardContext) -> StepCheck {
    let mut check = StepCheck::default();
    match step {
        Step::AccountInfo => account_info(draft, ctx, &mut check),
        Step::IndirectReseller if has_reseller_step(ctx) => reseller(draft, ctx, &mut check),
        Step::Subscriptions => subscriptions(draft, &mut check),
        Step::IndirectReseller | Step::Review | Step::Done => {}
    }
    check
}

/// Every step's check, in page order.
pub fn validate_all(draft: &WizardDraft, ctx: &WizardContext) -> StepCheck {
    let mut all = StepCheck::default();
    for step in steps(ctx) {
        all.extend(validate_step(draft, step, ctx));
    }
    all
}

/// The step to show for this draft: its own step if that can be visited, else the first
/// step with errors (a restored draft whose settings changed, or a hand-edited address).
pub fn resume(draft: &WizardDraft, ctx: &WizardContext) -> Step {
    if can_visit(draft, draft.step, ctx) {
        return draft.step;
    }
    steps(ctx)
        .into_iter()
        .find(|&s| !validate_step(draft, s, ctx).is_ok())
        .unwrap_or(Step::Review)
}

/// The step after the current one ([`resume`]), or why the current one can't be left.
/// From Review, every step is checked again; Done stays Done. The caller stores the step
/// in `draft.step` (and, from Review, calls [`build`]).
pub fn next(draft: &WizardDraft, ctx: &WizardContext) -> Result<Step, StepCheck> {
    let current = resume(draft, ctx);
    let check = match current {
        Step::Review => validate_all(draft, ctx),
        step => validate_step(draft, step, ctx),
    };
    if !check.is_ok() {
        return Err(check);
    }
    let steps = steps(ctx);
    let at = steps.iter().position(|&s| s == current).unwrap_or(0);
    Ok(steps.get(at + 1).copied().unwrap_or(Step::Done))
}

/// The step before the current one. Nothing goes back from Done: the customer exists.
pub fn back(draft: &WizardDraft, ctx: &WizardContext) -> Step {
    let current = resume(draft, ctx);
    if current == Step::Done {
        return Step::Done;
    }
    let steps = steps(ctx);
    let at = steps.iter().position(|&s| s == current).unwrap_or(0);
    steps[at.saturating_sub(1)]
}

/// Whether `step` may be shown (from the address bar or browser history): it is one of
/// this partner's steps and every step before it validates. Done is only reached by
/// submitting, so it can be visited only once the draft is on it.
pub fn can_visit(draft: &WizardDraft, step: Step, ctx: &WizardContext) -> bool {
    if step == Step::Done {
        return draft.step == Step::Done;
    }
    let steps = steps(ctx);
    match steps.iter().position(|&s| s == step) {
        Some(at) => steps[..at]
            .iter()
            .all(|&s| validate_step(draft, s, ctx).is_ok()),
        None => false,
    }
}

/// "Update" on the Review step: go back to an earlier step to change it, keeping every
/// field. Returns the step to show: `step` when allowed, else the current step.
pub fn edit(draft: &WizardDraft, step: Step, ctx: &WizardContext) -> Step {
    let current = resume(draft, ctx);
    let earlier = steps(ctx)
        .into_iter()
        .take_while(|&s| s != Step::Review)
        .any(|s| s == step);
    if current == Step::Review && earlier {
        step
    } else {
        current
    }
}

/// Checks every step again and makes the customer and its subscriptions: the name tidied,
/// the domain lowercased, the relationship Reseller, and the chosen indirect reseller (for
/// an indirect provider) on the customer and each subscription. New subscriptions are
/// Active. IDs and the creation time come from the caller, which owns randomness and time.
///
/// The culture, registration ID and agreement are kept in [`Customer::details`].
pub fn build(
    draft: &WizardDraft,
    ctx: &WizardContext,
    customer_id: CustomerId,
    mut subscription_id: impl FnMut() -> SubscriptionId,
    created_at: &str,
) -> Result<(Customer, Vec<Subscription>), Vec<FieldError>> {
    let check = validate_all(draft, ctx);
    if !check.is_ok() {
        return Err(check.errors);
    }
    let reseller_id = if has_reseller_step(ctx) {
        ResellerId::parse(draft.reseller_id.trim()).ok()
    } else {
        None
    };
    let customer = Customer {
        id: customer_id,
        company_name: tidy(&draft.company_name),
        primary_domain: resolved_domain(draft),
        relationship: Relationship::Reseller,
        reseller_id,
        billing_address: tidy_address(&draft.address),
        primary_contact: tidy_contact(&draft.contact),
        created_at: created_at.to_string(),
        details: AccountDetails {
            culture: draft.culture.trim().to_string(),
            registration_id: tidy(&draft.registration_id),
            agreement: match draft.agreement.mode {
                AgreementMode::Attested => Agreement::Attested {
                    first_name: tidy(&draft.agreement.first_name),
                    last_name: tidy(&draft.agreement.last_name),
                    email: draft.agreement.email.trim().to_string(),
                    date: draft.agreement.date.trim().to_string(),
                },
                AgreementMode::AskInAdminCentre => Agreement::AskInAdminCentre,
            },
        },
        // Checked with the step above.
        tags: crate::tags::parse_tag_list(&draft.tags).unwrap_or_default(),
    };
    let subscriptions = draft
        .lines
        .iter()
        .filter_map(|line| {
            let offer = offer(line.offer_id.trim())?;
            let quantity = parse_licences(&line.licences, offer).ok()?;
            Some(Subscription {
                id: subscription_id(),
                customer_id: customer.id.clone(),
                offer_name: offer.name.to_string(),
                quantity,
                status: SubscriptionStatus::Active,
                reseller_id: customer.reseller_id.clone(),
            })
        })
        .collect();
    Ok((customer, subscriptions))
}

/// The draft that [`build`] would turn into these records: how a store that receives built
/// records (a server) checks them with the wizard's own rules. Offers are found by name;
/// an unknown one keeps its name as the offer ID, so the check reports it.
pub fn draft_of(customer: &Customer, subscriptions: &[Subscription]) -> WizardDraft {
    let domain = customer.primary_domain.trim().to_ascii_lowercase();
    let (domain_mode, domain) = match domain.strip_suffix(ONMICROSOFT) {
        Some(prefix) => (DomainMode::NewOnMicrosoft, prefix.to_string()),
        None => (DomainMode::OwnDomain, domain),
    };
    let agreement = match &customer.details.agreement {
        Agreement::Attested {
            first_name,
            last_name,
            email,
            date,
        } => AgreementDraft {
            mode: AgreementMode::Attested,
            first_name: first_name.clone(),
            last_name: last_name.clone(),
            email: email.clone(),
            date: date.clone(),
        },
        Agreement::AskInAdminCentre => AgreementDraft {
            mode: AgreementMode::AskInAdminCentre,
            ..AgreementDraft::default()
        },
        // The wizard always records one: an empty attestation reports what is missing.
        Agreement::NotRecorded => AgreementDraft::default(),
    };
    WizardDraft {
        step: Step::Review,
        company_name: customer.company_name.clone(),
        domain_mode,
        domain,
        address: customer.billing_address.clone(),
        contact: customer.primary_contact.clone(),
        culture: customer.details.culture.clone(),
        registration_id: customer.details.registration_id.clone(),
        agreement,
        reseller_id: customer
            .reseller_id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        tags: crate::tags::joined(&customer.tags),
        lines: subscriptions
            .iter()
            .map(|s| LicenceLine {
                offer_id: crate::catalogue::offer_named(&s.offer_name)
                    .map_or_else(|| s.offer_name.clone(), |o| o.id.to_string()),
                licences: s.quantity.to_string(),
            })
            .collect(),
    }
}

/// Checks a new customer and its subscriptions, made elsewhere (by the browser's wizard),
/// with every rule of the wizard, and returns them as [`build`] makes them (tidied, new
/// subscriptions Active, the customer's reseller on each), keeping their IDs and creation
/// time. The subscriptions must all be the customer's.
pub fn check_new(
    customer: &Customer,
    subscriptions: &[Subscription],
    ctx: &WizardContext,
) -> Result<(Customer, Vec<Subscription>), Vec<FieldError>> {
    if let Some(stray) = subscriptions.iter().find(|s| s.customer_id != customer.id) {
        return Err(vec![FieldError::translated(
            fields::LINES,
            Message::new("wizard.error.stray_subscription")
                .arg("id", &stray.id)
                .arg("customer", &stray.customer_id),
        )]);
    }
    let mut ids = subscriptions.iter().map(|s| s.id.clone());
    build(
        &draft_of(customer, subscriptions),
        ctx,
        customer.id.clone(),
        // One line per subscription, and build asks for one ID per line, in order: the
        // fallback is never used.
        || ids.next().unwrap_or_else(|| SubscriptionId::from_u128(0)),
        &customer.created_at,
    )
}

/// Trimmed, with inner runs of whitespace made one space.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tidy_address(a: &Address) -> Address {
    Address {
        line1: tidy(&a.line1),
        line2: tidy(&a.line2),
        city: tidy(&a.city),
        state: tidy(&a.state),
        postal_code: tidy(&a.postal_code),
        country: a.country.trim().to_ascii_uppercase(),
    }
}

fn tidy_contact(c: &Contact) -> Contact {
    Contact {
        first_name: tidy(&c.first_name),
        last_name: tidy(&c.last_name),
        email: c.email.trim().to_string(),
        phone: tidy(&c.phone),
    }
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The Account info page, field by field in page order.
fn account_info(draft: &WizardDraft, ctx: &WizardContext, check: &mut StepCheck) {
    company_name(draft, check);
    domain(draft, ctx, check);
    address(&draft.address, check);
    registration_id(draft, check);
    contact(&draft.contact, &draft.address.country, ctx, check);
    culture(draft, check);
    if let Err(e) = crate::tags::parse_tag_list(&draft.tags) {
        check.error(fields::TAGS, e.message());
    }
    agreement(&draft.agreement, ctx, check);
}

fn company_name(draft: &WizardDraft, check: &mut StepCheck) {
    let name = check_company_name(&draft.company_name);
    if let Some(error) = name.error {
        check.error(fields::COMPANY_NAME, error.message());
    }
    for warning in name.warnings {
        check.warn(fields::COMPANY_NAME, warning.message());
    }
}

fn domain(draft: &WizardDraft, ctx: &WizardContext, check: &mut StepCheck) {
    let problem = match draft.domain_mode {
        DomainMode::OwnDomain => own_domain_problem(&resolved_domain(draft)),
        DomainMode::NewOnMicrosoft => prefix_problem(&prefix(draft)),
    };
    let problem = problem.or_else(|| {
        (ctx.domain_taken)(&resolved_domain(draft))
            .then(|| Message::new("wizard.error.domain_taken"))
    });
    if let Some(message) = problem {
        check.error(fields::DOMAIN, message);
    }
}

fn own_domain_problem(domain: &str) -> Option<Message> {
    if domain.is_empty() {
        Some(Message::new("wizard.error.domain_empty"))
    } else if !is_domain(domain) {
        Some(Message::new("wizard.error.domain_invalid"))
    } else if domain.ends_with(ONMICROSOFT) {
        Some(Message::new("wizard.error.domain_onmicrosoft"))
    } else {
        None
    }
}

fn prefix_problem(prefix: &str) -> Option<Message> {
    if prefix.is_empty() {
        Some(Message::new("wizard.error.prefix_empty"))
    } else if !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Some(Message::new("wizard.error.prefix_invalid"))
    } else if prefix.len() > PREFIX_MAX {
        Some(Message::new("wizard.error.prefix_long").count("max", PREFIX_MAX as u64))
    } else {
        None
    }
}

fn address(a: &Address, check: &mut StepCheck) {
    if country(a.country.trim()).is_none() {
        check.error(fields::COUNTRY, Message::new("wizard.error.country"));
    }
    if is_blank(&a.line1) {
        check.error(fields::LINE1, Message::new("wizard.error.line1"));
    }
    if is_blank(&a.city) {
        check.error(fields::CITY, Message::new("wizard.error.city"));
    }
    if is_blank(&a.state) && requires_state(&a.country) {
        check.error(fields::STATE, Message::new("wizard.error.state"));
    }
    if is_blank(&a.postal_code) {
        check.error(
            fields::POSTAL_CODE,
            Message::new("wizard.error.postal_code"),
        );
    }
}

/// The country (its code) where a registration ID and a phone number are required, if the
/// customer is in one.
fn required_in(country_code: &str) -> Option<String> {
    let code = country_code.trim();
    requires_registration_id(code).then(|| code.to_string())
}

fn registration_id(draft: &WizardDraft, check: &mut StepCheck) {
    if let Some(place) = required_in(&draft.address.country) {
        if is_blank(&draft.registration_id) {
            check.error(
                fields::REGISTRATION_ID,
                Message::new("wizard.error.registration_id").country("place", &place),
            );
        }
    }
}

fn contact(c: &Contact, country_code: &str, ctx: &WizardContext, check: &mut StepCheck) {
    if is_blank(&c.first_name) {
        check.error(fields::FIRST_NAME, Message::new("wizard.error.first_name"));
    }
    if is_blank(&c.last_name) {
        check.error(fields::LAST_NAME, Message::new("wizard.error.last_name"));
    }
    let when_empty = Message::new("wizard.error.email_empty");
    if let Some(message) = email_problem(&c.email, when_empty, ctx) {
        check.error(fields::EMAIL, message);
    }
    let phone = c.phone.trim();
    if phone.is_empty() {
        if let Some(place) = required_in(country_code) {
            check.error(
                fields::PHONE,
                Message::new("wizard.error.phone_required").country("place", &place),
            );
        }
    } else if !is_phone(phone) {
        check.error(fields::PHONE, Message::new("wizard.error.phone_invalid"));
    }
}

/// A customer's email address: plausible, and not at the partner's own domain (a partner
/// typing their own address is a common slip, and the customer would never get the mail).
fn email_problem(text: &str, when_empty: Message, ctx: &WizardContext) -> Option<Message> {
    let email = text.trim();
    if email.is_empty() {
        return Some(when_empty);
    }
    if !is_email(email) {
        return Some(Message::new("wizard.error.email_invalid"));
    }
    let at = email.rsplit('@').next().unwrap_or_default();
    is_within_domain(at, ctx.partner_email_domain)
        .then(|| Message::new("wizard.error.email_partner").arg("domain", ctx.partner_email_domain))
}

/// Loosely a phone number: 6 to 20 digits, separated only by spaces, "+", "(", ")", "-"
/// or ".". Formats differ too much between countries to ask for more.
fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-.".contains(c))
}

fn culture(draft: &WizardDraft, check: &mut StepCheck) {
    let code = draft.culture.trim();
    if !CULTURES.iter().any(|(c, _)| *c == code) {
        check.error(fields::CULTURE, Message::new("wizard.error.culture"));
    }
}

fn agreement(a: &AgreementDraft, ctx: &WizardContext, check: &mut StepCheck) {
    if a.mode == AgreementMode::AskInAdminCentre {
        return;
    }
    if is_blank(&a.first_name) {
        check.error(
            fields::SIGNER_FIRST_NAME,
            Message::new("wizard.error.signer_first_name"),
        );
    }
    if is_blank(&a.last_name) {
        check.error(
            fields::SIGNER_LAST_NAME,
            Message::new("wizard.error.signer_last_name"),
        );
    }
    let when_empty = Message::new("wizard.error.signer_email");
    if let Some(message) = email_problem(&a.email, when_empty, ctx) {
        check.error(fields::SIGNER_EMAIL, message);
    }
    let date = a.date.trim();
    let problem = if date.is_empty() {
        Some(Message::new("wizard.error.date_empty"))
    } else if !is_date(date) {
        Some(Message::new("wizard.error.date_invalid"))
    } else if date > ctx.today {
        Some(Message::new("wizard.error.date_future"))
    } else {
        None
    };
    if let Some(message) = problem {
        check.error(fields::AGREEMENT_DATE, message);
    }
}

fn reseller(draft: &WizardDraft, ctx: &WizardContext, check: &mut StepCheck) {
    let chosen = ResellerId::parse(draft.reseller_id.trim()).ok();
    let known = chosen.is_some_and(|id| ctx.resellers.iter().any(|r| r.id == id));
    if ctx.resellers.is_empty() {
        check.error(fields::RESELLER, Message::new("wizard.error.no_resellers"));
    } else if !known {
        check.error(fields::RESELLER, Message::new("wizard.error.reseller"));
    }
}

fn subscriptions(draft: &WizardDraft, check: &mut StepCheck) {
    if draft.lines.is_empty() {
        check.error(fields::LINES, Message::new("wizard.error.no_lines"));
    }
    for (i, line) in draft.lines.iter().enumerate() {
        let id = line.offer_id.trim();
        let Some(offer) = offer(id) else {
            check.error(
                &fields::line(id),
                Message::new("wizard.error.unknown_offer"),
            );
            continue;
        };
        if draft.lines[..i].iter().any(|l| l.offer_id.trim() == id) {
            check.error(
                fields::LINES,
                Message::new("wizard.error.offer_twice").arg("offer", offer.name),
            );
        } else if let Err(e) = parse_licences(&line.licences, offer) {
            check.error(&fields::line(id), e.message());
        }
    }
}

#[cfg(test)]
mod tests;
