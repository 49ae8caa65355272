//! Field validation shared by every form: errors name the field they belong beside.

use crate::i18n::{Language, Message};

/// A message for one form field. `field` is a stable dotted name, e.g. "partner.tenant_id".
///
/// `message` is always the English text (for the REST API, logs and tests); `text`, when
/// the rule gave one, is the same message as a catalogue key, for the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub text: Option<Message>,
}

impl FieldError {
    /// An error with English text only (see [`FieldError::translated`]).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            text: None,
        }
    }

    /// An error that can be shown in any language.
    pub fn translated(field: impl Into<String>, message: Message) -> Self {
        Self {
            field: field.into(),
            message: message.to_string(),
            text: Some(message),
        }
    }

    /// The message in `lang`, or in English when the rule gave English text only.
    pub fn text_in(&self, lang: Language) -> String {
        self.text
            .as_ref()
            .map_or_else(|| self.message.clone(), |m| m.text(lang))
    }
}

/// A DNS name of two or more labels: letters, digits and inner hyphens, a TLD of letters.
pub fn is_domain(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    text.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A plausible email address: something before one "@", and a domain ([`is_domain`], any
/// case) after it. Deliverability can only be known by sending, so no more is asked.
pub fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && !local.contains(|c: char| c.is_whitespace() || c.is_control() || c == '@')
                && is_domain(&domain.to_ascii_lowercase())
        }
        None => false,
    }
}

/// True when `domain` is `parent` or one of its subdomains, ignoring case:
/// "mail.contoso.com" is within "contoso.com", "notcontoso.com" is not.
pub fn is_within_domain(domain: &str, parent: &str) -> bool {
    let (domain, parent) = (domain.to_ascii_lowercase(), parent.to_ascii_lowercase());
    !parent.is_empty()
        && (domain == parent
            || domain
                .strip_suffix(&parent)
                .is_some_and(|sub| sub.ends_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_domains() {
        for d in ["contoso.com", "a-b.co.uk", "x1.onmicrosoft.com"] {
            assert!(is_domain(d), "{d}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_domain() {
        for d in [
            "",
            "contoso",
            "user@contoso.com",
            "contoso .com",
            "-a.com",
            "a-.com",
            "a..com",
            "a.c0m",
            "a.c",
        ] {
            assert!(!is_domain(d), "{d}");
        }
    }

    #[test]
    fn plausible_email_addresses() {
        for e in [
            "ana@contoso.com",
            "Jean.Dupré@Contoso.FR",
            "a+b@x.co.uk",
            "李@contoso.tw",
        ] {
            assert!(is_email(e), "{e}");
        }
        for e in [
            "",
            "ana",
            "@contoso.com",
            "ana@",
            "ana@contoso",
            "ana@@contoso.com",
            "a b@contoso.com",
            "ana@contoso .com",
            "ana@contoso.com@x.com",
        ] {
            assert!(!is_email(e), "{e}");
        }
    }

    #[test]
    fn within_a_domain() {
        assert!(is_within_domain("contoso.com", "contoso.com"));
        assert!(is_within_domain("Mail.Contoso.com", "contoso.COM"));
        assert!(!is_within_domain("notcontoso.com", "contoso.com"));
        assert!(!is_within_domain("contoso.com", ""));
        assert!(!is_within_domain("contoso.com.evil.example", "contoso.com"));
    }
}
