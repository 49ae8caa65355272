//! Field validation shared by every form: errors name the field they belong beside.

/// A message for one form field. `field` is a stable dotted name, e.g. "partner.tenant_id".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The message for `field` in `errors`, if any.
pub fn message_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
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
}
