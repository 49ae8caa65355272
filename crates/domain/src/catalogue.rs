//! The offers a partner can sell, as data, and the licence count typed for one of them.
//!
//! ```
//! use clientele_domain::catalogue::{offer_named, parse_licences, LicenceError};
//! let premium = offer_named("Microsoft 365 Business Premium").unwrap();
//! assert_eq!(parse_licences(" 25 ", premium), Ok(25));
//! assert_eq!(
//!     parse_licences("301", premium),
//!     Err(LicenceError::AboveMaximum { max: 300 })
//! );
//! ```

use serde::{Deserialize, Serialize};

use crate::i18n::Message;

/// How long the customer commits to an offer, and so how it is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BillingTerm {
    Monthly,
    Annual,
    ThreeYear,
    /// Billed on consumption, with no commitment (Azure).
    PayAsYouGo,
}

impl BillingTerm {
    pub const ALL: [BillingTerm; 4] = [
        Self::Monthly,
        Self::Annual,
        Self::ThreeYear,
        Self::PayAsYouGo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Monthly => "Monthly",
            Self::Annual => "Annual",
            Self::ThreeYear => "3 years",
            Self::PayAsYouGo => "Pay as you go",
        }
    }

    /// [`label`](Self::label) in any language.
    pub fn name(self) -> Message {
        match self {
            Self::Monthly => Message::new("subscriptions.term.monthly"),
            Self::Annual => Message::new("subscriptions.term.annual"),
            Self::ThreeYear => Message::new("subscriptions.term.three_year"),
            Self::PayAsYouGo => Message::new("subscriptions.term.pay_as_you_go"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The product ID, as Partner Center shows it.
    pub id: &'static str,
    /// The product name, as stored in [`crate::model::Subscription::offer_name`].
    pub name: &'static str,
    pub min_licences: u32,
    pub max_licences: u32,
    pub term: BillingTerm,
}

const fn offer_of(
    id: &'static str,
    name: &'static str,
    max_licences: u32,
    term: BillingTerm,
) -> Offer {
    Offer {
        id,
        name,
        min_licences: 1,
        max_licences,
        term,
    }
}

/// Microsoft's business plans stop at 300 seats per customer.
const BUSINESS_MAX: u32 = 300;
/// Enterprise plans have no practical ceiling; this one catches a typed extra zero.
const ENTERPRISE_MAX: u32 = 10_000;

/// Every offer, in the order the wizard lists them.
///
/// The first ten are the ones [`crate::sample`] uses, in this order: moving them changes
/// every sample book.
pub const CATALOGUE: &[Offer] = &[
    offer_of(
        "CFQ7TTC0LH18",
        "Microsoft 365 Business Basic",
        BUSINESS_MAX,
        BillingTerm::Annual,
    ),
    offer_of(
        "CFQ7TTC0LDPB",
        "Microsoft 365 Business Standard",
        BUSINESS_MAX,
        BillingTerm::Annual,
    ),
    offer_of(
        "CFQ7TTC0LCHC",
        "Microsoft 365 Business Premium",
        BUSINESS_MAX,
        BillingTerm::Annual,
    ),
    offer_of(
        "CFQ7TTC0LF8Q",
        "Office 365 E3",
        ENTERPRISE_MAX,
        BillingTerm::Annual,
    ),
    offer_of(
        "CFQ7TTC0LFK5",
        "Microsoft 365 E5",
        ENTERPRISE_MAX,
        BillingTerm::ThreeYear,
    ),
    offer_of(
        "CFQ7TTC0LH16",
        "Exchange Online (Plan 1)",
        ENTERPRISE_MAX,
        BillingTerm::Monthly,
    ),
    // One Azure plan per customer: usage is billed, not seats.
    offer_of("DZH318Z0BPS6", "Azure plan", 1, BillingTerm::PayAsYouGo),
    offer_of(
        "CFQ7TTC0LGQ2",
        "Dynamics 365 Sales Professional",
        ENTERPRISE_MAX,
        BillingTerm::Annual,
    ),
    offer_of(
        "CFQ7TTC0RM8K",
        "Microsoft Teams Essentials",
        BUSINESS_MAX,
        BillingTerm::Monthly,
    ),
    offer_of(
        "CFQ7TTC0L3PB",
        "Power BI Pro",
        ENTERPRISE_MAX,
        BillingTerm::Monthly,
    ),
    offer_of(
        "CFQ7TTC0LFLZ",
        "Microsoft 365 E3",
        ENTERPRISE_MAX,
        BillingTerm::Annual,
    ),
    offer_of(
        "CFQ7TTC0LH1G",
        "Microsoft 365 Apps for business",
        BUSINESS_MAX,
        BillingTerm::Annual,
    ),
];

/// The offer with this product ID.
pub fn offer(id: &str) -> Option<&'static Offer> {
    CATALOGUE.iter().find(|o| o.id == id)
}

/// The offer with this exact product name.
pub fn offer_named(name: &str) -> Option<&'static Offer> {
    CATALOGUE.iter().find(|o| o.name == name)
}

/// Why a typed licence count is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LicenceError {
    Empty,
    NotANumber,
    /// A fraction, a decimal or thousands separator, or an exponent ("1.5", "1,000", "2e3").
    NotWhole,
    BelowMinimum {
        min: u32,
    },
    AboveMaximum {
        max: u32,
    },
}

impl LicenceError {
    /// A sentence for the user that says what to do.
    pub fn message(&self) -> Message {
        match self {
            Self::Empty => Message::new("rules.licences.empty"),
            Self::NotANumber => Message::new("rules.licences.not_a_number"),
            Self::NotWhole => Message::new("rules.licences.not_whole"),
            Self::BelowMinimum { min: 1 } => Message::new("rules.licences.below_one"),
            Self::BelowMinimum { min } => {
                Message::new("rules.licences.below").count("min", u64::from(*min))
            }
            Self::AboveMaximum { max: 1 } => Message::new("rules.licences.above_one"),
            Self::AboveMaximum { max } => {
                Message::new("rules.licences.above").count("max", u64::from(*max))
            }
        }
    }
}

/// The licence count typed for `offer`: digits only once trimmed, within the offer's bounds.
///
/// Full-width digits ("１０", as CJK input methods type them) count as digits. Separators
/// are refused rather than guessed at: "1,000" is a thousand in English and one in French.
pub fn parse_licences(text: &str, offer: &Offer) -> Result<u32, LicenceError> {
    let text: String = text.trim().chars().map(narrow_digit).collect();
    let min = offer.min_licences.max(1);
    if text.is_empty() {
        return Err(LicenceError::Empty);
    }
    if let Some(digits) = text.strip_prefix('-') {
        if is_digits(digits) {
            return Err(LicenceError::BelowMinimum { min });
        }
    }
    if !is_digits(&text) {
        return Err(if looks_fractional(&text) {
            LicenceError::NotWhole
        } else {
            LicenceError::NotANumber
        });
    }
    // Too many digits for a u32 is certainly too many licences.
    let count: u32 = text.parse().map_err(|_| LicenceError::AboveMaximum {
        max: offer.max_licences,
    })?;
    if count < min {
        Err(LicenceError::BelowMinimum { min })
    } else if count > offer.max_licences {
        Err(LicenceError::AboveMaximum {
            max: offer.max_licences,
        })
    } else {
        Ok(count)
    }
}

fn narrow_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A number, but not a whole one as digits: "1.5", "1,5", ".5", "2e3", "-0.5".
/// A leading "+" is not a licence count, so it is not a number here either.
fn looks_fractional(text: &str) -> bool {
    !text.starts_with('+')
        && text.bytes().any(|b| b.is_ascii_digit())
        && text.replace(',', ".").parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn premium() -> &'static Offer {
        offer_named("Microsoft 365 Business Premium").unwrap()
    }

    #[test]
    fn the_sample_offers_are_there() {
        for name in [
            "Microsoft 365 Business Basic",
            "Microsoft 365 Business Standard",
            "Microsoft 365 Business Premium",
            "Office 365 E3",
            "Microsoft 365 E5",
            "Exchange Online (Plan 1)",
            "Azure plan",
            "Dynamics 365 Sales Professional",
            "Microsoft Teams Essentials",
            "Power BI Pro",
        ] {
            assert!(offer_named(name).is_some(), "{name}");
        }
    }

    #[test]
    fn ids_and_names_are_unique_and_bounds_sensible() {
        let ids: HashSet<&str> = CATALOGUE.iter().map(|o| o.id).collect();
        let names: HashSet<&str> = CATALOGUE.iter().map(|o| o.name).collect();
        assert_eq!((ids.len(), names.len()), (CATALOGUE.len(), CATALOGUE.len()));
        for o in CATALOGUE {
            assert!(
                o.min_licences >= 1 && o.min_licences <= o.max_licences,
                "{o:?}"
            );
            assert!(
                o.id.len() == 12 && o.id.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{o:?}"
            );
        }
    }

    #[test]
    fn business_plans_stop_at_300_and_azure_at_one() {
        assert_eq!(premium().max_licences, 300);
        assert_eq!(offer_named("Office 365 E3").unwrap().max_licences, 10_000);
        let azure = offer_named("Azure plan").unwrap();
        assert_eq!((azure.min_licences, azure.max_licences), (1, 1));
    }

    #[test]
    fn offers_are_found_by_id() {
        assert_eq!(offer("CFQ7TTC0LCHC"), Some(premium()));
        assert_eq!(offer("nope"), None);
        assert_eq!(offer_named("microsoft 365 business premium"), None);
    }

    #[test]
    fn terms_have_labels() {
        let labels: HashSet<&str> = BillingTerm::ALL.iter().map(|t| t.label()).collect();
        assert_eq!(labels.len(), BillingTerm::ALL.len());
    }

    #[test]
    fn whole_numbers_within_bounds() {
        assert_eq!(parse_licences("1", premium()), Ok(1));
        assert_eq!(parse_licences(" 300\t", premium()), Ok(300));
        assert_eq!(parse_licences("007", premium()), Ok(7));
        assert_eq!(parse_licences("２５", premium()), Ok(25));
    }

    #[test]
    fn empty() {
        assert_eq!(parse_licences("", premium()), Err(LicenceError::Empty));
        assert_eq!(parse_licences("   ", premium()), Err(LicenceError::Empty));
    }

    #[test]
    fn not_a_number() {
        for text in [
            "abc",
            "+5",
            "5 licences",
            "1 000",
            "five",
            "e",
            "-",
            "inf",
            "NaN",
            "1e",
        ] {
            assert_eq!(
                parse_licences(text, premium()),
                Err(LicenceError::NotANumber),
                "{text}"
            );
        }
    }

    #[test]
    fn not_whole() {
        for text in ["1.5", "1,5", "2e3", ".5", "1.", "1.0", "1,000", "-0.5"] {
            assert_eq!(
                parse_licences(text, premium()),
                Err(LicenceError::NotWhole),
                "{text}"
            );
        }
        assert!(LicenceError::NotWhole
            .message()
            .to_string()
            .contains("whole number"));
    }

    #[test]
    fn below_minimum() {
        for text in ["0", "-1", "-0", "000"] {
            assert_eq!(
                parse_licences(text, premium()),
                Err(LicenceError::BelowMinimum { min: 1 }),
                "{text}"
            );
        }
    }

    #[test]
    fn above_maximum() {
        for text in ["301", "99999999999999999999"] {
            assert_eq!(
                parse_licences(text, premium()),
                Err(LicenceError::AboveMaximum { max: 300 }),
                "{text}"
            );
        }
        let azure = offer_named("Azure plan").unwrap();
        assert_eq!(parse_licences("1", azure), Ok(1));
        assert_eq!(
            parse_licences("2", azure),
            Err(LicenceError::AboveMaximum { max: 1 })
        );
    }

    #[test]
    fn a_minimum_of_zero_still_needs_one() {
        let free = Offer {
            min_licences: 0,
            ..*premium()
        };
        assert_eq!(
            parse_licences("0", &free),
            Err(LicenceError::BelowMinimum { min: 1 })
        );
    }

    #[test]
    fn messages() {
        assert_eq!(
            LicenceError::NotANumber.message().to_string(),
            "Enter the number of licences in digits, such as 5."
        );
        assert_eq!(
            LicenceError::NotWhole.message().to_string(),
            "Enter a whole number of licences, such as 5."
        );
        assert_eq!(
            LicenceError::BelowMinimum { min: 1 }.message().to_string(),
            "Enter at least 1 licence."
        );
        assert_eq!(
            LicenceError::BelowMinimum { min: 5 }.message().to_string(),
            "Enter at least 5 licences."
        );
        assert_eq!(
            LicenceError::AboveMaximum { max: 300 }
                .message()
                .to_string(),
            "This offer allows at most 300 licences."
        );
        assert_eq!(
            LicenceError::AboveMaximum { max: 10_000 }
                .message()
                .to_string(),
            "This offer allows at most 10,000 licences."
        );
        assert_eq!(
            LicenceError::AboveMaximum { max: 1 }.message().to_string(),
            "This offer allows at most 1 licence."
        );
        assert_eq!(
            LicenceError::Empty.message().to_string(),
            "Enter the number of licences."
        );
    }
}
