//! GUIDs as Partner Center writes them: 8-4-4-4-12 hex digits, stored lowercase.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidError;

impl fmt::Display for GuidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Enter a GUID such as 0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9")
    }
}

impl std::error::Error for GuidError {}

impl Guid {
    /// Accepts surrounding whitespace, braces and any letter case.
    pub fn parse(text: &str) -> Result<Self, GuidError> {
        let t = text.trim();
        let t = t
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(t);
        if is_guid(t.as_bytes()) {
            Ok(Self(t.to_ascii_lowercase()))
        } else {
            Err(GuidError)
        }
    }

    /// The same as [`Guid::parse`], keeping `text`'s own allocation when it is already as
    /// stored (lowercase, nothing around it): every ID read back from storage or JSON.
    pub fn parse_owned(text: String) -> Result<Self, GuidError> {
        let canonical = is_guid(text.as_bytes()) && !text.bytes().any(|b| b.is_ascii_uppercase());
        if canonical {
            Ok(Self(text))
        } else {
            Self::parse(&text)
        }
    }

    pub fn from_u128(value: u128) -> Self {
        let h = format!("{value:032x}");
        Self(format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        ))
    }

    /// A random-looking version-4 GUID made from 128 bits of the caller's entropy.
    pub fn v4_from_bits(bits: u128) -> Self {
        let v = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
        Self::from_u128(v)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hex digits in groups of 8-4-4-4-12, joined by hyphens.
fn is_guid(t: &[u8]) -> bool {
    t.len() == 36
        && t.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

impl From<Guid> for String {
    fn from(g: Guid) -> String {
        g.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_case_with_braces_and_spaces() {
        let g = Guid::parse(" {0F1E2D3C-4B5A-6978-8695-A4B3C2D1E0F9} ").unwrap();
        assert_eq!(g.as_str(), "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9");
    }

    #[test]
    fn rejects_wrong_shapes() {
        for bad in [
            "",
            "0f1e2d3c4b5a69788695a4b3c2d1e0f9",
            "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f",
            "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0fg",
            "0f1e2d3c-4b5a-6978-8695a-4b3c2d1e0f9",
        ] {
            assert_eq!(Guid::parse(bad), Err(GuidError), "{bad:?}");
        }
    }

    #[test]
    fn from_u128_round_trips_through_parse() {
        let g = Guid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(g.as_str(), "01234567-89ab-cdef-0123-456789abcdef");
        assert_eq!(Guid::parse(g.as_str()).unwrap(), g);
    }

    #[test]
    fn v4_sets_version_and_variant() {
        let g = Guid::v4_from_bits(u128::MAX);
        assert_eq!(&g.as_str()[14..15], "4");
        assert_eq!(&g.as_str()[19..20], "b");
        let g = Guid::v4_from_bits(0);
        assert_eq!(&g.as_str()[14..15], "4");
        assert_eq!(&g.as_str()[19..20], "8");
    }

    proptest::proptest! {
        /// Keeping the caller's string changes nothing but the allocation.
        #[test]
        fn parse_owned_agrees_with_parse(
            text in r"[ {]?[0-9a-fA-FgG-]{0,9}(-[0-9a-fA-F]{4}){0,3}-?[0-9a-fA-F]{0,13}[} ]?"
        ) {
            proptest::prop_assert_eq!(Guid::parse_owned(text.clone()), Guid::parse(&text));
        }
    }
}
