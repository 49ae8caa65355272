//! The wizard's rules and step machine, tested: one behaviour per test.

use super::*;
use crate::countries::COUNTRIES;
use proptest::prelude::*;
use std::sync::LazyLock;

const TODAY: &str = "2026-11-21";
const PARTNER_DOMAIN: &str = "fabrikam-partner.example";
const PREMIUM: &str = "CFQ7TTC0LCHC";
const AZURE: &str = "DZH318Z0BPS6";

static RESELLERS: LazyLock<Vec<Reseller>> = LazyLock::new(|| {
    vec![
        Reseller {
            id: ResellerId::from_u128(1),
            name: "Northwind Traders Ltd".into(),
        },
        Reseller {
            id: ResellerId::from_u128(2),
            name: "台北雲端整合股份有限公司".into(),
        },
    ]
});

fn taken(domain: &str) -> bool {
    ["taken.com", "taken.onmicrosoft.com"].contains(&domain)
}

fn ctx(kind: PartnerKind) -> WizardContext<'static> {
    WizardContext {
        partner_email_domain: PARTNER_DOMAIN,
        partner_kind: kind,
        resellers: &RESELLERS,
        domain_taken: &taken,
        today: TODAY,
    }
}

fn direct() -> WizardContext<'static> {
    ctx(PartnerKind::DirectPartner)
}

fn provider() -> WizardContext<'static> {
    ctx(PartnerKind::IndirectProvider)
}

fn line(offer_id: &str, licences: &str) -> LicenceLine {
    LicenceLine {
        offer_id: offer_id.into(),
        licences: licences.into(),
    }
}

/// A French customer, ready to be created.
fn valid() -> WizardDraft {
    WizardDraft {
        step: Step::AccountInfo,
        company_name: "  Société   Générale SA ".into(),
        domain_mode: DomainMode::OwnDomain,
        domain: " SocieteGenerale.FR ".into(),
        address: Address {
            line1: "29 boulevard Haussmann".into(),
            line2: String::new(),
            city: "Paris".into(),
            state: String::new(),
            postal_code: "75009".into(),
            country: "FR".into(),
        },
        contact: Contact {
            first_name: "Hélène".into(),
            last_name: "Lefèvre".into(),
            email: "helene.lefevre@societegenerale.fr".into(),
            phone: String::new(),
        },
        culture: "fr-FR".into(),
        registration_id: String::new(),
        agreement: AgreementDraft {
            mode: AgreementMode::Attested,
            first_name: "Jérôme".into(),
            last_name: "Bérenger".into(),
            email: "jerome.berenger@societegenerale.fr".into(),
            date: "2026-11-20".into(),
        },
        reseller_id: ResellerId::from_u128(2).to_string(),
        lines: vec![line(PREMIUM, "25"), line(AZURE, "1")],
        tags: " EMEA, Retail ".into(),
    }
}

fn errors(draft: &WizardDraft, step: Step, ctx: &WizardContext) -> Vec<(String, String)> {
    validate_step(draft, step, ctx)
        .errors
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

/// The fields in error on the account page.
fn account_fields(draft: &WizardDraft) -> Vec<String> {
    errors(draft, Step::AccountInfo, &direct())
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

fn account_error(draft: &WizardDraft, field: &str) -> Option<String> {
    errors(draft, Step::AccountInfo, &direct())
        .into_iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m)
}

fn with(change: impl FnOnce(&mut WizardDraft)) -> WizardDraft {
    let mut d = valid();
    change(&mut d);
    d
}

fn ids() -> impl FnMut() -> SubscriptionId {
    let mut n = 100;
    move || {
        n += 1;
        SubscriptionId::from_u128(n)
    }
}

#[test]
fn every_error_and_warning_can_be_read_in_french_and_chinese() {
    use crate::i18n::Language;
    let empty = WizardDraft {
        company_name: "Contoso.com".into(),
        ..WizardDraft::default()
    };
    for step in [
        Step::AccountInfo,
        Step::IndirectReseller,
        Step::Subscriptions,
    ] {
        let check = validate_step(&empty, step, &provider());
        for e in check.errors.iter().chain(&check.warnings) {
            let m = e.text.as_ref().expect("a translatable message");
            assert_eq!(m.to_string(), e.message);
            for lang in [Language::French, Language::TraditionalChinese] {
                let text = e.text_in(lang);
                assert_ne!(text, e.message, "{} in {}", m.key, lang.code());
                assert!(!text.contains('{'), "{text}");
            }
        }
    }
    let poland = with(|d| d.address.country = "PL".into());
    let check = validate_step(&poland, Step::AccountInfo, &direct());
    assert_eq!(
        check.errors[0].text_in(crate::i18n::Language::French),
        "Saisissez le numéro d’immatriculation de l’entreprise : il est obligatoire pour \
         ce pays (Poland)."
    );
}

#[test]
fn a_valid_draft_passes_every_step() {
    for c in [direct(), provider(), ctx(PartnerKind::IndirectReseller)] {
        assert_eq!(validate_all(&valid(), &c), StepCheck::default());
    }
}

#[test]
fn the_reseller_step_is_for_indirect_providers_only() {
    use Step::*;
    assert_eq!(
        steps(&provider()),
        [AccountInfo, IndirectReseller, Subscriptions, Review, Done]
    );
    assert_eq!(steps(&direct()), [AccountInfo, Subscriptions, Review, Done]);
    assert_eq!(
        steps(&ctx(PartnerKind::IndirectReseller)),
        [AccountInfo, Subscriptions, Review, Done]
    );
}

#[test]
fn slugs_round_trip() {
    for s in Step::ALL {
        assert_eq!(Step::from_slug(s.slug()), Some(s));
    }
    assert_eq!(Step::from_slug("nope"), None);
}

#[test]
fn the_company_name_rules_apply() {
    for (name, ok) in [
        ("台灣微軟股份有限公司", true),
        ("株式会社トヨタ", true),
        ("Müller & Söhne GmbH", true),
        ("株", false),
        ("L.L.C.", false),
        ("", false),
        ("Contoso 🚀", false),
    ] {
        let d = with(|d| d.company_name = name.into());
        assert_eq!(
            account_error(&d, fields::COMPANY_NAME).is_none(),
            ok,
            "{name}"
        );
    }
    assert_eq!(
        account_error(
            &with(|d| d.company_name = "GmbH".into()),
            fields::COMPANY_NAME
        ),
        Some(
            "\u{201c}GmbH\u{201d} is only a legal form. Enter the company's full legal name, \
             such as \u{201c}Contoso GmbH\u{201d}."
                .into()
        )
    );
}

#[test]
fn name_warnings_do_not_block() {
    let d = with(|d| d.company_name = "Société-Générale.fr".into());
    let check = validate_step(&d, Step::AccountInfo, &direct());
    assert!(check.is_ok());
    assert_eq!(check.warnings.len(), 1);
    assert_eq!(check.warnings[0].field, fields::COMPANY_NAME);
    assert!(check.warnings[0].message.contains(".fr"));
    assert_eq!(next(&d, &direct()), Ok(Step::Subscriptions));
    assert!(legal_name_hint().to_string().contains("legal name"));
}

#[test]
fn an_own_domain_is_lowercased_and_must_be_a_domain() {
    assert_eq!(resolved_domain(&valid()), "societegenerale.fr");
    for bad in [
        "https://contoso.com",
        "contoso",
        "müller.de",
        "ana@contoso.com",
        "contoso .com",
    ] {
        let d = with(|d| d.domain = bad.into());
        assert!(account_error(&d, fields::DOMAIN).is_some(), "{bad}");
    }
    assert_eq!(
        account_error(&with(|d| d.domain = " ".into()), fields::DOMAIN),
        Some("Enter the customer's domain, such as contoso.com.".into())
    );
    let onmicrosoft = with(|d| d.domain = "contoso.onmicrosoft.com".into());
    assert!(account_error(&onmicrosoft, fields::DOMAIN)
        .unwrap()
        .contains("prefix"));
}

#[test]
fn a_new_domain_prefix_is_letters_and_digits_up_to_27() {
    let prefixed = |p: &str| {
        with(|d| {
            d.domain_mode = DomainMode::NewOnMicrosoft;
            d.domain = p.into();
        })
    };
    assert_eq!(
        resolved_domain(&prefixed(" Contoso2026 ")),
        "contoso2026.onmicrosoft.com"
    );
    // Typed in full, the suffix is not doubled.
    assert_eq!(
        resolved_domain(&prefixed("Contoso.onmicrosoft.com")),
        "contoso.onmicrosoft.com"
    );
    for ok in ["contoso", "x", &"a".repeat(27), "SOCIETE1"] {
        assert_eq!(account_error(&prefixed(ok), fields::DOMAIN), None, "{ok}");
    }
    for bad in [
        "",
        "contoso-fr",
        "société",
        "台灣",
        "con toso",
        "contoso.fr",
        &"a".repeat(28),
    ] {
        assert!(
            account_error(&prefixed(bad), fields::DOMAIN).is_some(),
            "{bad}"
        );
    }
}

#[test]
fn a_domain_used_by_another_customer_is_refused_whatever_its_case() {
    let taken_message = Some("That domain is already used by another customer.".into());
    let own = with(|d| d.domain = "Taken.COM".into());
    assert_eq!(account_error(&own, fields::DOMAIN), taken_message);
    let new = with(|d| {
        d.domain_mode = DomainMode::NewOnMicrosoft;
        d.domain = "TAKEN".into();
    });
    assert_eq!(account_error(&new, fields::DOMAIN), taken_message);
}

#[test]
fn domain_taken_in_ignores_case() {
    let customers = [Customer::new(
        CustomerId::from_u128(1),
        "Contoso",
        "Contoso.com",
        "2026-01-01T00:00:00Z",
    )];
    let taken = domain_taken_in(&customers);
    assert!(taken("contoso.com") && !taken("fabrikam.com"));
}

#[test]
fn address_fields_are_required() {
    let d = with(|d| d.address = Address::default());
    assert_eq!(
        account_fields(&d),
        [
            fields::COUNTRY,
            fields::LINE1,
            fields::CITY,
            fields::POSTAL_CODE
        ]
    );
    assert_eq!(
        account_fields(&with(|d| d.address.country = "ZZ".into())),
        [fields::COUNTRY]
    );
    // Line 2 is optional, accented and CJK addresses are fine.
    let taipei = with(|d| {
        d.address = Address {
            line1: "信義路五段7號".into(),
            line2: "89樓".into(),
            city: "台北市".into(),
            state: String::new(),
            postal_code: "110".into(),
            country: "TW".into(),
        }
    });
    assert_eq!(account_fields(&taipei), Vec::<String>::new());
}

#[test]
fn the_state_is_required_where_addresses_have_one() {
    for code in ["US", "CA", "AU", "BR", "IN", "MX"] {
        let d = with(|d| {
            d.address.country = code.into();
            d.registration_id = "12345".into();
            d.contact.phone = "+1 425 555 0100".into();
        });
        assert_eq!(account_fields(&d), [fields::STATE], "{code}");
    }
    for code in ["FR", "DE", "TW", "GB", "JP"] {
        assert!(!requires_state(code), "{code}");
    }
}

#[test]
fn every_registration_id_country_requires_the_id_and_a_phone() {
    let required: Vec<&str> = COUNTRIES
        .iter()
        .map(|c| c.code)
        .filter(|c| requires_registration_id(c))
        .collect();
    assert_eq!(required.len(), 24);
    for code in required {
        let bare = with(|d| {
            d.address.country = code.into();
            d.address.state = "State".into();
        });
        assert_eq!(
            account_fields(&bare),
            [fields::REGISTRATION_ID, fields::PHONE],
            "{code}"
        );
        let name = country(code).unwrap().name;
        assert_eq!(
            account_error(&bare, fields::REGISTRATION_ID),
            Some(format!(
                "Enter the company registration ID: it is required in {name}."
            ))
        );
        let complete = with(|d| {
            d.address.country = code.into();
            d.address.state = "State".into();
            d.registration_id = "PL1234567890".into();
            d.contact.phone = "+48 22 123 45 67".into();
        });
        assert_eq!(account_fields(&complete), Vec::<String>::new(), "{code}");
    }
}

#[test]
fn elsewhere_the_id_and_phone_are_optional() {
    for code in ["FR", "TW", "DE", "GB"] {
        let d = with(|d| d.address.country = code.into());
        assert_eq!(account_fields(&d), Vec::<String>::new(), "{code}");
    }
    let us = with(|d| {
        d.address.country = "US".into();
        d.address.state = "WA".into();
    });
    assert_eq!(account_fields(&us), Vec::<String>::new());
}

#[test]
fn contact_names_are_required_in_any_script() {
    let d = with(|d| {
        d.contact.first_name = " ".into();
        d.contact.last_name = String::new();
    });
    assert_eq!(account_fields(&d), [fields::FIRST_NAME, fields::LAST_NAME]);
    let cjk = with(|d| {
        d.contact.first_name = "志明".into();
        d.contact.last_name = "陳".into();
    });
    assert_eq!(account_fields(&cjk), Vec::<String>::new());
}

#[test]
fn the_contact_email_must_be_the_customers_own() {
    let message = format!("Use the customer's own email address, not one at {PARTNER_DOMAIN}.");
    for email in [
        "camille@fabrikam-partner.example",
        "Camille@FABRIKAM-PARTNER.example",
        "camille@eu.fabrikam-partner.example",
    ] {
        let d = with(|d| d.contact.email = email.into());
        assert_eq!(
            account_error(&d, fields::EMAIL),
            Some(message.clone()),
            "{email}"
        );
    }
    let lookalike = with(|d| d.contact.email = "ana@notfabrikam-partner.example".into());
    assert_eq!(account_error(&lookalike, fields::EMAIL), None);
    for bad in ["helene", "helene@", "hélène@société", "a b@contoso.fr"] {
        let d = with(|d| d.contact.email = bad.into());
        assert_eq!(
            account_error(&d, fields::EMAIL),
            Some("Enter an email address such as ana@contoso.com.".into()),
            "{bad}"
        );
    }
    assert_eq!(
        account_error(&with(|d| d.contact.email.clear()), fields::EMAIL),
        Some("Enter the contact's email address.".into())
    );
}

#[test]
fn a_phone_number_is_checked_loosely_everywhere() {
    for ok in [
        "+33 1 23 45 67 89",
        "(425) 555-0100",
        "02.12.34.56.78",
        "+886-2-2345-6789",
    ] {
        let d = with(|d| d.contact.phone = ok.into());
        assert_eq!(account_error(&d, fields::PHONE), None, "{ok}");
    }
    for bad in [
        "12345",
        "call me",
        "+33 1 23 45 67 89 ext 2",
        "123456789012345678901",
        "０１２３４５６７",
    ] {
        let d = with(|d| d.contact.phone = bad.into());
        assert!(account_error(&d, fields::PHONE).is_some(), "{bad}");
    }
}

#[test]
fn the_culture_is_one_of_the_list() {
    for ok in ["zh-TW", "fr-CA", "en-US"] {
        assert_eq!(
            account_fields(&with(|d| d.culture = ok.into())),
            Vec::<String>::new()
        );
    }
    for bad in ["", "fr", "FR-fr", "xx-XX"] {
        assert_eq!(
            account_fields(&with(|d| d.culture = bad.into())),
            [fields::CULTURE],
            "{bad}"
        );
    }
}

#[test]
fn an_attested_agreement_needs_a_signer_and_a_date_not_after_today() {
    let dated = |date: &str| with(|d| d.agreement.date = date.into());
    assert_eq!(account_error(&dated(TODAY), fields::AGREEMENT_DATE), None);
    assert_eq!(
        account_error(&dated("2019-01-01"), fields::AGREEMENT_DATE),
        None
    );
    assert_eq!(
        account_error(&dated("2026-11-22"), fields::AGREEMENT_DATE),
        Some("The acceptance date can't be later than today.".into())
    );
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "21/11/2026",
        "2026-11-21T10:00",
        "yesterday",
    ] {
        assert_eq!(
            account_error(&dated(bad), fields::AGREEMENT_DATE),
            Some("Enter a real date as YYYY-MM-DD, such as 2026-03-14.".into()),
            "{bad}"
        );
    }
    let unsigned = with(|d| {
        d.agreement = AgreementDraft {
            mode: AgreementMode::Attested,
            ..AgreementDraft::default()
        }
    });
    assert_eq!(
        account_fields(&unsigned),
        [
            fields::SIGNER_FIRST_NAME,
            fields::SIGNER_LAST_NAME,
            fields::SIGNER_EMAIL,
            fields::AGREEMENT_DATE
        ]
    );
    let partner_signed = with(|d| d.agreement.email = "camille@fabrikam-partner.example".into());
    assert_eq!(account_fields(&partner_signed), [fields::SIGNER_EMAIL]);
    let cjk_signer = with(|d| {
        d.agreement.first_name = "淑芬".into();
        d.agreement.last_name = "林".into();
    });
    assert_eq!(account_fields(&cjk_signer), Vec::<String>::new());
}

#[test]
fn asking_in_the_admin_centre_needs_nothing() {
    let d = with(|d| {
        d.agreement = AgreementDraft {
            mode: AgreementMode::AskInAdminCentre,
            date: "not a date".into(),
            ..AgreementDraft::default()
        }
    });
    assert_eq!(account_fields(&d), Vec::<String>::new());
}

#[test]
fn errors_come_in_page_order() {
    let empty = WizardDraft {
        address: Address {
            country: "PL".into(),
            ..Address::default()
        },
        ..WizardDraft::default()
    };
    assert_eq!(
        errors(&empty, Step::AccountInfo, &direct())
            .into_iter()
            .map(|(f, _)| f)
            .collect::<Vec<_>>(),
        [
            fields::COMPANY_NAME,
            fields::DOMAIN,
            fields::LINE1,
            fields::CITY,
            fields::POSTAL_CODE,
            fields::REGISTRATION_ID,
            fields::FIRST_NAME,
            fields::LAST_NAME,
            fields::EMAIL,
            fields::PHONE,
            fields::CULTURE,
            fields::SIGNER_FIRST_NAME,
            fields::SIGNER_LAST_NAME,
            fields::SIGNER_EMAIL,
            fields::AGREEMENT_DATE
        ]
    );
    let check = validate_all(&empty, &provider());
    assert_eq!(check.first_error_field(), Some(fields::COMPANY_NAME));
    assert_eq!(
        check.errors.last().map(|e| e.field.as_str()),
        Some(fields::LINES)
    );
}

#[test]
fn an_indirect_provider_must_choose_one_of_its_resellers() {
    let step = Step::IndirectReseller;
    assert_eq!(errors(&valid(), step, &provider()), []);
    for id in ["", "not-a-guid", &ResellerId::from_u128(9).to_string()] {
        let d = with(|d| d.reseller_id = id.into());
        assert_eq!(
            errors(&d, step, &provider()),
            [(
                fields::RESELLER.to_string(),
                "Choose the indirect reseller that serves this customer.".to_string()
            )],
            "{id}"
        );
    }
    let none = WizardContext {
        resellers: &[],
        ..provider()
    };
    assert!(errors(&valid(), step, &none)[0].1.contains("Settings"));
    // Not a step for anyone else: nothing to check.
    let d = with(|d| d.reseller_id.clear());
    assert_eq!(errors(&d, step, &direct()), []);
}

#[test]
fn at_least_one_subscription() {
    let d = with(|d| d.lines.clear());
    assert_eq!(
        errors(&d, Step::Subscriptions, &direct()),
        [(
            fields::LINES.to_string(),
            "Add at least one subscription.".to_string()
        )]
    );
}

#[test]
fn an_offer_only_once() {
    let d = with(|d| d.lines.push(line(PREMIUM, "3")));
    assert_eq!(
        errors(&d, Step::Subscriptions, &direct()),
        [(
            fields::LINES.to_string(),
            "Microsoft 365 Business Premium is listed twice: keep one line and set its \
             licences there."
                .to_string()
        )]
    );
}

#[test]
fn licences_within_each_offers_bounds() {
    let premium_field = fields::line(PREMIUM);
    assert_eq!(premium_field, "lines.CFQ7TTC0LCHC");
    for (text, message) in [
        ("0", "Enter at least 1 licence."),
        ("301", "This offer allows at most 300 licences."),
        ("1.5", "Enter a whole number of licences, such as 5."),
        ("", "Enter the number of licences."),
    ] {
        let d = with(|d| d.lines[0].licences = text.into());
        assert_eq!(
            errors(&d, Step::Subscriptions, &direct()),
            [(premium_field.clone(), message.to_string())],
            "{text}"
        );
    }
    let d = with(|d| d.lines[1].licences = "2".into());
    assert_eq!(
        errors(&d, Step::Subscriptions, &direct()),
        [(
            fields::line(AZURE),
            "This offer allows at most 1 licence.".to_string()
        )]
    );
    let d = with(|d| d.lines.push(line("NOPE", "1")));
    assert_eq!(
        errors(&d, Step::Subscriptions, &direct()),
        [(
            "lines.NOPE".to_string(),
            "Choose an offer from the catalogue.".to_string()
        )]
    );
}

#[test]
fn next_moves_on_only_when_the_step_is_valid() {
    let c = provider();
    let bad = with(|d| d.company_name = "LLC".into());
    let check = next(&bad, &c).unwrap_err();
    assert_eq!(check.first_error_field(), Some(fields::COMPANY_NAME));
    let mut d = valid();
    for expected in [
        Step::IndirectReseller,
        Step::Subscriptions,
        Step::Review,
        Step::Done,
        Step::Done,
    ] {
        d.step = next(&d, &c).unwrap();
        assert_eq!(d.step, expected);
    }
}

#[test]
fn back_steps_back_but_not_from_done() {
    let c = provider();
    let at = |step| with(|d| d.step = step);
    assert_eq!(back(&at(Step::Review), &c), Step::Subscriptions);
    assert_eq!(back(&at(Step::Subscriptions), &c), Step::IndirectReseller);
    assert_eq!(back(&at(Step::IndirectReseller), &c), Step::AccountInfo);
    assert_eq!(back(&at(Step::AccountInfo), &c), Step::AccountInfo);
    assert_eq!(back(&at(Step::Done), &c), Step::Done);
    assert_eq!(back(&at(Step::Subscriptions), &direct()), Step::AccountInfo);
}

#[test]
fn a_step_is_reachable_only_once_the_earlier_ones_validate() {
    let c = provider();
    let no_lines = with(|d| d.lines.clear());
    assert!(can_visit(&no_lines, Step::Subscriptions, &c));
    assert!(!can_visit(&no_lines, Step::Review, &c));
    let no_reseller = with(|d| d.reseller_id.clear());
    assert!(!can_visit(&no_reseller, Step::Subscriptions, &c));
    assert!(can_visit(&no_reseller, Step::Subscriptions, &direct()));
    assert!(!can_visit(&valid(), Step::IndirectReseller, &direct()));
    assert!(can_visit(&valid(), Step::Review, &c));
    assert!(!can_visit(&valid(), Step::Done, &c));
    assert!(can_visit(&with(|d| d.step = Step::Done), Step::Done, &c));
}

#[test]
fn an_unreachable_step_resumes_at_the_first_step_with_errors() {
    let c = provider();
    let d = with(|d| {
        d.step = Step::Review;
        d.reseller_id.clear();
    });
    assert_eq!(resume(&d, &c), Step::IndirectReseller);
    assert_eq!(
        next(&d, &c).unwrap_err().first_error_field(),
        Some(fields::RESELLER)
    );
    // The partner became direct while a draft was on the reseller step.
    let d = with(|d| d.step = Step::IndirectReseller);
    assert_eq!(resume(&d, &direct()), Step::Review);
}

#[test]
fn update_from_review_goes_back_keeping_the_data() {
    let c = provider();
    let review = with(|d| d.step = Step::Review);
    for step in [
        Step::AccountInfo,
        Step::IndirectReseller,
        Step::Subscriptions,
    ] {
        assert_eq!(edit(&review, step, &c), step);
    }
    assert_eq!(edit(&review, Step::Done, &c), Step::Review);
    assert_eq!(
        edit(&review, Step::IndirectReseller, &direct()),
        Step::Review
    );
    let subscriptions = with(|d| d.step = Step::Subscriptions);
    assert_eq!(
        edit(&subscriptions, Step::AccountInfo, &c),
        Step::Subscriptions
    );
    // Back on account info, with every field as it was, next leads on again.
    let mut d = review.clone();
    d.step = edit(&review, Step::AccountInfo, &c);
    assert_eq!(
        WizardDraft {
            step: Step::Review,
            ..d.clone()
        },
        review
    );
    assert_eq!(next(&d, &c), Ok(Step::IndirectReseller));
}

#[test]
fn build_makes_the_customer_and_its_subscriptions() {
    let (customer, subs) = build(
        &valid(),
        &provider(),
        CustomerId::from_u128(7),
        ids(),
        "2026-11-21T10:00:00Z",
    )
    .unwrap();
    let reseller = Some(ResellerId::from_u128(2));
    assert_eq!(customer.id, CustomerId::from_u128(7));
    assert_eq!(customer.company_name, "Société Générale SA");
    assert_eq!(customer.primary_domain, "societegenerale.fr");
    assert_eq!(customer.relationship, Relationship::Reseller);
    assert_eq!(customer.reseller_id, reseller);
    assert_eq!(customer.billing_address.country, "FR");
    assert_eq!(customer.primary_contact.first_name, "Hélène");
    assert_eq!(customer.created_at, "2026-11-21T10:00:00Z");
    let d = valid();
    assert_eq!(customer.details.culture, d.culture);
    assert!(matches!(
        &customer.details.agreement,
        Agreement::Attested { date, .. } if *date == d.agreement.date
    ));
    let asked = with(|d| d.agreement.mode = AgreementMode::AskInAdminCentre);
    let (later, _) = build(&asked, &provider(), CustomerId::from_u128(8), ids(), "x").unwrap();
    assert_eq!(later.details.agreement, Agreement::AskInAdminCentre);
    let made: Vec<(&str, u32, &str)> = subs
        .iter()
        .map(|s| (s.offer_name.as_str(), s.quantity, s.id.as_str()))
        .collect();
    assert_eq!(
        made,
        [
            (
                "Microsoft 365 Business Premium",
                25,
                SubscriptionId::from_u128(101).as_str()
            ),
            ("Azure plan", 1, SubscriptionId::from_u128(102).as_str())
        ]
    );
    assert!(subs.iter().all(|s| s.customer_id == customer.id
        && s.reseller_id == reseller
        && s.status == SubscriptionStatus::Active));
}

#[test]
fn built_records_pass_check_new_unchanged() {
    for d in [
        valid(),
        with(|d| d.agreement.mode = AgreementMode::AskInAdminCentre),
    ] {
        let (customer, subs) =
            build(&d, &provider(), CustomerId::from_u128(7), ids(), "t").unwrap();
        assert_eq!(
            check_new(&customer, &subs, &provider()),
            Ok((customer.clone(), subs.clone()))
        );
    }
    let d = with(|d| {
        d.domain_mode = DomainMode::NewOnMicrosoft;
        d.domain = "societe2026".into();
    });
    let (customer, subs) = build(&d, &direct(), CustomerId::from_u128(7), ids(), "t").unwrap();
    assert_eq!(check_new(&customer, &subs, &direct()), Ok((customer, subs)));
}

#[test]
fn check_new_reports_what_the_wizard_would() {
    let (customer, subs) =
        build(&valid(), &provider(), CustomerId::from_u128(7), ids(), "t").unwrap();
    let fields_of = |c: &Customer, s: &[Subscription]| -> Vec<String> {
        check_new(c, s, &provider())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    };
    let bad_name = Customer {
        company_name: "Inc.".into(),
        details: AccountDetails::default(),
        ..customer.clone()
    };
    assert_eq!(
        fields_of(&bad_name, &subs),
        [
            fields::COMPANY_NAME,
            fields::CULTURE,
            fields::SIGNER_FIRST_NAME,
            fields::SIGNER_LAST_NAME,
            fields::SIGNER_EMAIL,
            fields::AGREEMENT_DATE
        ]
    );
    let mut unknown = subs.clone();
    unknown[0].offer_name = "Nothing we sell".into();
    unknown[1].quantity = 0;
    assert_eq!(
        fields_of(&customer, &unknown),
        ["lines.Nothing we sell", "lines.DZH318Z0BPS6"]
    );
    assert_eq!(fields_of(&customer, &[]), [fields::LINES]);
    let mut stray = subs.clone();
    stray[1].customer_id = CustomerId::from_u128(8);
    assert_eq!(fields_of(&customer, &stray), [fields::LINES]);
    let taken = |d: &str| d == "societegenerale.fr";
    let ctx = WizardContext {
        domain_taken: &taken,
        ..provider()
    };
    assert_eq!(
        check_new(&customer, &subs, &ctx).unwrap_err()[0].field,
        fields::DOMAIN
    );
}

#[test]
fn build_for_a_direct_partner_has_no_reseller() {
    let d = with(|d| {
        d.domain_mode = DomainMode::NewOnMicrosoft;
        d.domain = "Societe2026".into();
        d.address.country = "fr".into();
    });
    let (customer, subs) = build(
        &d,
        &direct(),
        CustomerId::from_u128(7),
        ids(),
        "2026-11-21T10:00:00Z",
    )
    .unwrap();
    assert_eq!(customer.reseller_id, None);
    assert_eq!(customer.primary_domain, "societe2026.onmicrosoft.com");
    assert_eq!(customer.billing_address.country, "FR");
    assert!(subs.iter().all(|s| s.reseller_id.is_none()));
}

#[test]
fn build_lists_every_error_of_every_step() {
    let d = with(|d| {
        d.company_name = "Inc.".into();
        d.reseller_id.clear();
        d.lines[0].licences = "0".into();
    });
    let fields: Vec<String> = build(&d, &provider(), CustomerId::from_u128(1), ids(), "")
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [fields::COMPANY_NAME, fields::RESELLER, "lines.CFQ7TTC0LCHC"]
    );
}

#[test]
fn a_draft_survives_json_as_typed() {
    let d = with(|d| {
        d.step = Step::Subscriptions;
        d.lines.push(line(PREMIUM, "1,5"));
    });
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(serde_json::from_str::<WizardDraft>(&json).unwrap(), d);
    // An older draft without some fields still loads.
    let old: WizardDraft = serde_json::from_str(r#"{"company_name":"Contoso"}"#).unwrap();
    assert_eq!(old.company_name, "Contoso");
    assert_eq!(old.step, Step::AccountInfo);
}

#[test]
fn the_context_comes_from_settings() {
    let settings = crate::sample::generate(1, 0).settings;
    let taken = |_: &str| false;
    let c = WizardContext::new(&settings, &taken, TODAY);
    assert_eq!(c.partner_email_domain, "fabrikam-partner.example");
    assert_eq!(c.partner_kind, PartnerKind::IndirectProvider);
    assert_eq!(c.resellers.len(), 6);
}

/// Drafts made of values that pass and values that fail, for every field.
fn any_draft() -> impl Strategy<Value = WizardDraft> {
    fn pick(values: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop::sample::select(values).prop_map(String::from)
    }
    let account = (
        pick(&[
            "",
            "Contoso Ltd",
            "LLC",
            "台灣微軟股份有限公司",
            "Contoso.com",
            "株",
        ]),
        prop::bool::ANY,
        pick(&[
            "",
            "contoso",
            "Contoso.fr",
            "taken.com",
            "taken",
            "con toso",
            "contoso-fr",
        ]),
        pick(&["", "FR", "US", "PL", "TW", "ZZ"]),
        pick(&["", "1 rue de la Paix"]),
        pick(&["", "Paris"]),
        pick(&["", "CA"]),
        pick(&["", "75002"]),
        pick(&["", "PL123"]),
        pick(&["", "fr-FR", "xx"]),
    );
    let people = (
        pick(&["", "Zoé"]),
        pick(&["", "陳"]),
        pick(&["", "zoe@contoso.fr", "zoe@fabrikam-partner.example", "zoe"]),
        pick(&["", "+33 1 23 45 67 89", "12"]),
        prop::bool::ANY,
        pick(&["", "淑芬"]),
        pick(&["", "Lin"]),
        pick(&["", "lin@contoso.tw", "lin@"]),
        pick(&["", TODAY, "2026-11-22", "2026-02-30", "2020-01-01"]),
    );
    let rest = (
        pick(&[
            "",
            "00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-000000000009",
        ]),
        prop::collection::vec(
            (
                pick(&[PREMIUM, AZURE, "NOPE"]),
                pick(&["", "5", "0", "1", "301", "1.5"]),
            ),
            0..4,
        ),
        prop::sample::select(&Step::ALL[..]),
    );
    (account, people, rest).prop_map(|(a, p, r)| WizardDraft {
        step: r.2,
        company_name: a.0,
        domain_mode: if a.1 {
            DomainMode::OwnDomain
        } else {
            DomainMode::NewOnMicrosoft
        },
        domain: a.2,
        address: Address {
            country: a.3,
            line1: a.4,
            line2: String::new(),
            city: a.5,
            state: a.6,
            postal_code: a.7,
        },
        registration_id: a.8,
        culture: a.9,
        contact: Contact {
            first_name: p.0,
            last_name: p.1,
            email: p.2,
            phone: p.3,
        },
        agreement: AgreementDraft {
            mode: if p.4 {
                AgreementMode::Attested
            } else {
                AgreementMode::AskInAdminCentre
            },
            first_name: p.5,
            last_name: p.6,
            email: p.7,
            date: p.8,
        },
        reseller_id: r.0,
        lines: r
            .1
            .into_iter()
            .map(|(offer_id, licences)| LicenceLine { offer_id, licences })
            .collect(),
        tags: String::new(),
    })
}

/// A valid draft with about one field in ten replaced by a random one, so that drafts
/// that pass every step are common enough to test too.
fn mostly_valid_draft() -> impl Strategy<Value = WizardDraft> {
    (
        any_draft(),
        prop::collection::vec(prop::bool::weighted(0.1), 22),
    )
        .prop_map(|(r, m)| {
            let v = valid();
            let take = |i: usize, random: String, valid: String| if m[i] { random } else { valid };
            WizardDraft {
                step: r.step,
                company_name: take(0, r.company_name, v.company_name),
                domain_mode: if m[1] { r.domain_mode } else { v.domain_mode },
                domain: take(2, r.domain, v.domain),
                address: Address {
                    line1: take(3, r.address.line1, v.address.line1),
                    line2: v.address.line2,
                    city: take(4, r.address.city, v.address.city),
                    state: take(5, r.address.state, v.address.state),
                    postal_code: take(6, r.address.postal_code, v.address.postal_code),
                    country: take(7, r.address.country, v.address.country),
                },
                contact: Contact {
                    first_name: take(8, r.contact.first_name, v.contact.first_name),
                    last_name: take(9, r.contact.last_name, v.contact.last_name),
                    email: take(10, r.contact.email, v.contact.email),
                    phone: take(11, r.contact.phone, v.contact.phone),
                },
                culture: take(12, r.culture, v.culture),
                registration_id: take(13, r.registration_id, v.registration_id),
                agreement: AgreementDraft {
                    mode: if m[14] {
                        r.agreement.mode
                    } else {
                        v.agreement.mode
                    },
                    first_name: take(15, r.agreement.first_name, v.agreement.first_name),
                    last_name: take(16, r.agreement.last_name, v.agreement.last_name),
                    email: take(17, r.agreement.email, v.agreement.email),
                    date: take(18, r.agreement.date, v.agreement.date),
                },
                reseller_id: take(19, r.reseller_id, v.reseller_id),
                lines: if m[20] { r.lines } else { v.lines },
                // A case-only duplicate now and then.
                tags: if m[21] { "EMEA, emea".into() } else { v.tags },
            }
        })
}

fn drafts() -> impl Strategy<Value = WizardDraft> {
    prop_oneof![any_draft(), mostly_valid_draft()]
}

fn any_kind() -> impl Strategy<Value = PartnerKind> {
    prop::sample::select(&PartnerKind::ALL[..])
}

/// Where a field sits on the page; every line's field sits with the lines.
fn page_position(field: &str) -> usize {
    let field = if field.starts_with("lines.") {
        fields::LINES
    } else {
        field
    };
    fields::ORDER.iter().position(|f| *f == field).expect(field)
}

proptest! {
    #[test]
    fn next_never_leaves_a_step_with_errors(d in drafts(), kind in any_kind()) {
        let c = ctx(kind);
        if !validate_step(&d, d.step, &c).is_ok() {
            prop_assert!(next(&d, &c).is_err());
        }
        if let Ok(to) = next(&d, &c) {
            let from = resume(&d, &c);
            prop_assert!(validate_step(&d, from, &c).is_ok());
            let moved = WizardDraft { step: to, ..d.clone() };
            prop_assert!(can_visit(&moved, to, &c));
        }
    }

    #[test]
    fn build_succeeds_exactly_when_every_step_validates(d in drafts(), kind in any_kind()) {
        let c = ctx(kind);
        let all_valid = steps(&c).into_iter().all(|s| validate_step(&d, s, &c).is_ok());
        let built = build(&d, &c, CustomerId::from_u128(1), ids(), "2026-11-21T00:00:00Z");
        prop_assert_eq!(built.is_ok(), all_valid);
        prop_assert_eq!(can_visit(&d, Step::Review, &c), all_valid);
        if let Ok((customer, subs)) = built {
            prop_assert_eq!(subs.len(), d.lines.len());
            prop_assert_eq!(customer.primary_domain.clone(), resolved_domain(&d));
        }
    }

    #[test]
    fn errors_are_in_page_order(d in drafts(), kind in any_kind()) {
        let positions: Vec<usize> = validate_all(&d, &ctx(kind))
            .errors
            .iter()
            .map(|e| page_position(&e.field))
            .collect();
        prop_assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{:?}", positions);
    }

    #[test]
    fn the_shown_step_can_always_be_visited(d in drafts(), kind in any_kind()) {
        let c = ctx(kind);
        prop_assert!(can_visit(&d, resume(&d, &c), &c));
        prop_assert!(can_visit(&d, back(&d, &c), &c));
    }
}

#[test]
fn tags_are_optional_trimmed_and_checked_with_the_account_info() {
    let ctx = direct();
    let mut d = valid();
    assert!(errors(&d, Step::AccountInfo, &ctx).is_empty());
    d.tags = "EMEA, emea".into();
    let e = errors(&d, Step::AccountInfo, &ctx);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, fields::TAGS);
    d.tags = "   ".into();
    assert!(errors(&d, Step::AccountInfo, &ctx).is_empty());
}

#[test]
fn the_country_gives_the_culture_a_default_that_can_be_changed() {
    let mut d = WizardDraft::default();
    d.choose_country("FR");
    assert_eq!(d.culture, "fr-FR");
    d.choose_country("TW");
    assert_eq!(d.culture, "zh-TW");
    d.culture = "en-US".into();
    d.choose_country("FR");
    assert_eq!(
        (d.address.country.as_str(), d.culture.as_str()),
        ("FR", "en-US")
    );
}
