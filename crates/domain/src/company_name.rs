//! The company-name rules shared by the rename form and the add-customer wizard.
//!
//! A name is checked after [`tidy_company_name`] (what would be saved). It gets at most one
//! [`NameError`], which blocks saving, and any number of [`NameWarning`]s, which only ask
//! the user to look again: the name goes to Microsoft as the customer's legal name, where a
//! test name, an acronym or a web address causes trouble later (invoices, verification).
//!
//! ```
//! use clientele_domain::company_name::{check_company_name, NameError, NameWarning};
//! assert_eq!(check_company_name("  Contoso   Ltd ").error, None);
//! assert_eq!(check_company_name("L.L.C.").error, Some(NameError::BareLegalSuffix("L.L.C.".into())));
//! assert_eq!(
//!     check_company_name("Contoso.com").warnings,
//!     [NameWarning::TopLevelDomain(".com".into())]
//! );
//! ```

use std::collections::HashSet;
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;

use crate::i18n::Message;
use crate::search::fold;

/// The longest name accepted, in characters (not bytes: CJK takes three bytes a character).
pub const MAX_LEN: usize = 255;

/// Shown beside the name field whatever was typed.
pub fn legal_name_hint() -> Message {
    Message::new("rules.name.hint")
}

/// Why a name can't be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    SingleCharacter,
    OnlyPunctuation,
    /// The name is only a legal form such as "LLC"; holds the name as typed (tidied).
    BareLegalSuffix(String),
    TooLong {
        len: usize,
    },
    /// Starts with `=`, `+`, `-` or `@`, which spreadsheets read as a formula.
    FormulaStart(char),
    MarkupCharacters,
    Emoji,
    ControlCharacters,
}

/// What might be a mistake, though the name can still be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameWarning {
    /// A web address's ending, with its dot(s), e.g. ".com" or ".co.uk".
    TopLevelDomain(String),
    /// A letter or digit typed three or more times in a row (the first of the run).
    RepeatedCharacter(char),
    /// Three or more single letters separated by spaces, e.g. "I B M".
    SpacedLetters,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NameCheck {
    pub error: Option<NameError>,
    pub warnings: Vec<NameWarning>,
}

impl NameCheck {
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

impl NameError {
    /// A sentence for the user that says what to do.
    pub fn message(&self) -> Message {
        match self {
            Self::Empty => Message::new("rules.name.empty"),
            Self::SingleCharacter => Message::new("rules.name.single_character"),
            Self::OnlyPunctuation => Message::new("rules.name.only_punctuation"),
            Self::BareLegalSuffix(form) => {
                Message::new("rules.name.bare_legal_suffix").arg("form", form)
            }
            Self::TooLong { len } => Message::new("rules.name.too_long")
                .count("max", MAX_LEN as u64)
                .arg("len", len),
            Self::FormulaStart(c) => Message::new("rules.name.formula_start").arg("c", c),
            Self::MarkupCharacters => Message::new("rules.name.markup"),
            Self::Emoji => Message::new("rules.name.emoji"),
            Self::ControlCharacters => Message::new("rules.name.control"),
        }
    }
}

impl NameWarning {
    /// A sentence for the user that says what to check.
    pub fn message(&self) -> Message {
        match self {
            Self::TopLevelDomain(tld) => Message::new("rules.name.warn.domain").arg("tld", tld),
            Self::RepeatedCharacter(c) => Message::new("rules.name.warn.repeated").arg("c", c),
            Self::SpacedLetters => Message::new("rules.name.warn.spaced"),
        }
    }
}

/// Trims and turns every run of whitespace (spaces, tabs, line breaks, ideographic spaces)
/// into one space: what is saved, so two names that look the same are the same.
pub fn tidy_company_name(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the name as it would be saved (tidied).
pub fn check_company_name(raw: &str) -> NameCheck {
    let name = tidy_company_name(raw);
    NameCheck {
        error: error(&name),
        warnings: warnings(&name),
    }
}

/// Only the error of [`check_company_name`], for a name already tidied: what an import of
/// many rows asks, without the warnings' cost.
pub fn tidied_name_error(name: &str) -> Option<NameError> {
    error(name)
}

/// The first rule the tidied name breaks. The order puts the most basic problem first, so
/// "." is "only punctuation" rather than "one character".
fn error(name: &str) -> Option<NameError> {
    let len = name.chars().count();
    if name.is_empty() {
        Some(NameError::Empty)
    } else if len > MAX_LEN {
        Some(NameError::TooLong { len })
    } else if name.chars().any(is_control) {
        Some(NameError::ControlCharacters)
    } else if name.chars().any(is_pictograph) {
        Some(NameError::Emoji)
    } else if name.contains(['<', '>']) {
        Some(NameError::MarkupCharacters)
    } else if !name.chars().any(char::is_alphanumeric) {
        Some(NameError::OnlyPunctuation)
    } else if name.chars().filter(|&c| !is_combining_mark(c)).count() == 1 {
        Some(NameError::SingleCharacter)
    } else if let Some(c) = name.chars().next().filter(|c| "=+-@".contains(*c)) {
        Some(NameError::FormulaStart(c))
    } else if is_bare_legal_form(name) {
        Some(NameError::BareLegalSuffix(name.to_string()))
    } else {
        None
    }
}

fn warnings(name: &str) -> Vec<NameWarning> {
    let mut out = Vec::new();
    if let Some(tld) = top_level_domain(name) {
        out.push(NameWarning::TopLevelDomain(tld));
    }
    if let Some(c) = repeated_character(name) {
        out.push(NameWarning::RepeatedCharacter(c));
    }
    if has_spaced_letters(name) {
        out.push(NameWarning::SpacedLetters);
    }
    out
}

/// Control characters, and the invisible ones that make two different names look the same
/// or reorder what is displayed (bidirectional overrides, "Trojan Source"). Zero-width
/// joiners and left-to-right/right-to-left marks are left alone: Persian, Indic and Hebrew
/// text uses them legitimately.
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Emoji and pictographs. The ranges are blocks of symbols only, so no letter of any script
/// (CJK, kana, Hangul, Cyrillic, Arabic, accented Latin) falls in them. ©, ® and ™ stay
/// allowed: they are in some registered names.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF // mahjong, cards, enclosed alphanumerics and ideographs, flags,
                          // pictographs, emoticons, transport, supplemental symbols
        | 0x2600..=0x27BF // miscellaneous symbols, dingbats (☀ ✂ ❤)
        | 0x231A | 0x231B | 0x23E9..=0x23F3 | 0x23F8..=0x23FA // ⌚ ⌛ ⏩ ⏰ ⏸
        | 0x2B1B | 0x2B1C | 0x2B50 | 0x2B55 // ⬛ ⬜ ⭐ ⭕
        | 0xFE0F // "show the previous character as an emoji"
        | 0x20E3 // keycap, as in 1️⃣
        | 0xE0000..=0xE007F // tags, used only by subdivision flags
    )
}

/// Legal forms that are not a name on their own, as people write them. Each is compared by
/// [`legal_key`], so "L.L.C.", "llc" and "LLC" are the same, as are "S.à r.l." and "SARL".
#[rustfmt::skip]
const LEGAL_FORMS: &[&str] = &[
    // English
    "LLC", "LLP", "LP", "Inc", "Incorporated", "Ltd", "Limited", "Corp", "Corporation",
    "Co", "Company", "Co Ltd", "PLC", "Pty", "Pty Ltd", "Proprietary Limited", "PC", "PLLC",
    // French
    "SARL", "S.à r.l.", "SAS", "SASU", "SA", "EURL", "SNC", "SCI", "SCOP",
    // German, Austrian, Swiss
    "GmbH", "AG", "KG", "OHG", "GbR", "UG", "eV", "mbH", "GmbH & Co KG", "KGaA",
    // Dutch, Belgian
    "BV", "NV", "VOF", "BVBA",
    // Italian, Spanish, Portuguese, Latin American
    "SpA", "Srl", "SL", "SLU", "Ltda", "SA de CV",
    // Nordic
    "AB", "Oy", "Oyj", "AS", "ASA", "A/S", "ApS",
    // Polish, Czech, Slovak
    "Sp z oo", "sro",
    // Russian, Ukrainian
    "ООО", "ОАО", "ЗАО", "ПАО", "АО", "ИП", "ТОВ",
    // Japanese, Chinese, Korean
    "KK", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
    "有限公司", "股份有限公司", "有限责任公司", "有限責任公司", "公司",
    "주식회사", "유한회사",
];

/// Folded letters and digits only: case, accents, dots and spaces don't matter.
fn legal_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_bare_legal_form(name: &str) -> bool {
    // Folded once: an import checks 100,000 names, each word of each name against them all.
    static KEYS: OnceLock<HashSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| LEGAL_FORMS.iter().map(|f| legal_key(f)).collect())
        .contains(&legal_key(name))
}

/// Top-level domains common enough in customers' web addresses to be worth a warning.
/// Left out on purpose: "kg" (as in "GmbH & Co.KG") and "ltd", which are legal forms too.
#[rustfmt::skip]
const TLDS: &[&str] = &[
    "com", "net", "org", "io", "co", "biz", "info", "app", "dev", "online", "shop", "tech",
    "cloud", "eu", "fr", "de", "uk", "tw", "cn", "jp", "kr", "hk", "sg", "in", "au", "nz",
    "ca", "us", "it", "es", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "pt", "ie",
    "br", "mx", "ru", "za",
];

fn is_tld(word: &str) -> bool {
    TLDS.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// The web-address ending in `name`, e.g. ".co.uk" in "contoso.co.uk": a dot right after a
/// letter or digit and right before a whole word that is a TLD, plus any TLDs that follow.
/// "Fabrikam, Inc." and "Smith & Co. Ltd" don't match: no TLD word is glued to the dot.
fn top_level_domain(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let word_at = |start: usize| {
        let end = (start..chars.len())
            .find(|&i| !chars[i].is_alphanumeric())
            .unwrap_or(chars.len());
        (chars[start..end].iter().collect::<String>(), end)
    };
    for dot in 1..chars.len() {
        if chars[dot] != '.' || !chars[dot - 1].is_alphanumeric() {
            continue;
        }
        let (word, mut end) = word_at(dot + 1);
        if !is_tld(&word) {
            continue;
        }
        let mut found = format!(".{}", word.to_lowercase());
        while end < chars.len() && chars[end] == '.' {
            let (next, next_end) = word_at(end + 1);
            if !is_tld(&next) {
                break;
            }
            found.push('.');
            found.push_str(&next.to_lowercase());
            end = next_end;
        }
        return Some(found);
    }
    None
}

/// The first letter or digit typed three times in a row, ignoring case ("Contosooo").
/// A word that is a legal form is skipped: "ООО" is how every Russian LLC starts.
fn repeated_character(name: &str) -> Option<char> {
    let same = |a: char, b: char| a.to_lowercase().eq(b.to_lowercase());
    name.split(' ')
        .filter(|word| !is_bare_legal_form(word))
        .find_map(|word| {
            let chars: Vec<char> = word.chars().collect();
            chars.windows(3).find_map(|w| {
                (w[0].is_alphanumeric() && same(w[0], w[1]) && same(w[1], w[2])).then_some(w[0])
            })
        })
}

/// Three single-letter words in a row ("C O N T O S O", "I B M Corp"). CJK names, which
/// are written without spaces, are never split into single letters, so they don't trip it.
fn has_spaced_letters(name: &str) -> bool {
    let mut run = 0;
    for word in name.split(' ') {
        let mut base = word.chars().filter(|&c| !is_combining_mark(c));
        let single_letter =
            matches!((base.next(), base.next()), (Some(c), None) if c.is_alphabetic());
        run = if single_letter { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Names that reach every rule: legal forms, formula starts, markup, emoji, controls,
    /// accents, CJK, combining marks, and any string at all.
    fn name_text() -> impl Strategy<Value = String> {
        prop_oneof![
            r"[ \t\n\x{3000}a-zA-Z0-9.,&'=+@<>/éüÉ台灣株会社🚀❤\x{0}\x{301}\x{200B}\x{FE0F}-]{0,40}",
            r"(LLC|L\.L\.C\.|GmbH|Co\.|株式会社|Inc\.| |\.com|o|O){0,6}",
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn tidy_is_idempotent(raw in name_text()) {
            let once = tidy_company_name(&raw);
            prop_assert_eq!(tidy_company_name(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn check_never_panics_and_looks_at_the_tidied_name(raw in name_text()) {
            let check = check_company_name(&raw);
            prop_assert_eq!(&check, &check_company_name(&tidy_company_name(&raw)));
            if let Some(e) = check.error {
                prop_assert!(!e.message().to_string().is_empty());
            }
        }
    }

    fn error_of(name: &str) -> Option<NameError> {
        check_company_name(name).error
    }

    fn warnings_of(name: &str) -> Vec<NameWarning> {
        check_company_name(name).warnings
    }

    #[test]
    fn real_names_pass_without_warnings() {
        for name in [
            "Contoso Ltd",
            "Société Générale SA",
            "Müller & Söhne GmbH",
            "台灣積體電路製造股份有限公司",
            "台灣微軟股份有限公司",
            "株式会社トヨタ",
            "O'Brien Consulting",
            "3M",
            "AT&T",
            "Fabrikam, Inc.",
            "Smith & Co. Ltd",
            "Müller GmbH & Co.KG",
            "J. P. Morgan Chase & Co.",
            "ООО «Ромашка»",
            "شركة الاتصالات السعودية",
            "삼성전자 주식회사",
            "Contoso® Holdings",
            "Ærø Bådværft ApS",
        ] {
            assert_eq!(check_company_name(name), NameCheck::default(), "{name}");
        }
    }

    #[test]
    fn tidy_trims_and_collapses_whitespace() {
        assert_eq!(
            tidy_company_name("  Société \t Générale\n\nSA\u{3000}"),
            "Société Générale SA"
        );
        assert_eq!(tidy_company_name(" \n "), "");
    }

    #[test]
    fn empty_after_trimming() {
        for name in ["", "   ", "\t\n", "\u{3000}"] {
            assert_eq!(error_of(name), Some(NameError::Empty), "{name:?}");
        }
    }

    #[test]
    fn a_single_character_is_not_a_name() {
        // "é" typed as e + combining acute is still one character on screen.
        for name in ["A", " x ", "É", "e\u{301}", "株", "7"] {
            assert_eq!(error_of(name), Some(NameError::SingleCharacter), "{name:?}");
        }
        assert_eq!(error_of("株式"), None);
    }

    #[test]
    fn punctuation_alone_is_not_a_name() {
        for name in [".", "---", "& / ,", "¿¡", "。、", "«»"] {
            assert_eq!(error_of(name), Some(NameError::OnlyPunctuation), "{name:?}");
        }
    }

    #[test]
    fn a_bare_legal_form_is_not_a_name() {
        for name in [
            "LLC",
            "L.L.C.",
            "llc",
            "Inc",
            "Inc.",
            "Ltd",
            "Limited",
            "Corp",
            "Corporation",
            "Co",
            "Company",
            "SARL",
            "S.à r.l.",
            "SAS",
            "SA",
            "S.A.",
            "GmbH",
            "AG",
            "KG",
            "BV",
            "NV",
            "Pty Ltd",
            "Pty. Ltd.",
            "PLC",
            "SpA",
            "S.p.A.",
            "Srl",
            "AB",
            "Oy",
            "AS",
            "A/S",
            "KK",
            "Co., Ltd.",
            "GmbH & Co. KG",
            "Sp. z o.o.",
            "株式会社",
            "有限公司",
            "股份有限公司",
            "주식회사",
            "ＬＬＣ",
            "ООО",
        ] {
            assert_eq!(
                error_of(name),
                Some(NameError::BareLegalSuffix(name.into())),
                "{name}"
            );
        }
    }

    #[test]
    fn a_legal_form_after_a_name_is_fine() {
        for name in [
            "Contoso LLC",
            "Tailspin S.A.",
            "トヨタ株式会社",
            "鴻海有限公司",
        ] {
            assert_eq!(error_of(name), None, "{name}");
        }
    }

    #[test]
    fn the_bare_form_is_reported_as_tidied() {
        assert_eq!(
            error_of("  Pty   Ltd "),
            Some(NameError::BareLegalSuffix("Pty Ltd".into()))
        );
    }

    #[test]
    fn at_most_255_characters() {
        let at_limit = "é".repeat(MAX_LEN);
        assert_eq!(error_of(&at_limit), None);
        assert_eq!(
            error_of(&format!("{at_limit}e")),
            Some(NameError::TooLong { len: 256 })
        );
        // Characters, not bytes: 255 CJK characters are 765 bytes.
        assert_eq!(error_of(&"台灣".repeat(127)), None);
        assert_eq!(
            error_of(&"台灣".repeat(128)),
            Some(NameError::TooLong { len: 256 })
        );
        // Counted after tidying.
        assert_eq!(error_of(&format!("   {at_limit}   ")), None);
    }

    #[test]
    fn no_spreadsheet_formula_start() {
        for (name, c) in [
            ("=cmd|' /C calc'!A0", '='),
            ("+Contoso", '+'),
            ("-Contoso", '-'),
            ("@Contoso", '@'),
            ("  =Société", '='),
            ("=台灣公司", '='),
        ] {
            assert_eq!(error_of(name), Some(NameError::FormulaStart(c)), "{name}");
        }
        assert_eq!(error_of("Contoso-Fabrikam + Partners @ Paris"), None);
    }

    #[test]
    fn no_markup() {
        for name in [
            "<script>alert(1)</script>",
            "Contoso > Fabrikam",
            "Café <b>",
            "台灣<公司>",
        ] {
            assert_eq!(error_of(name), Some(NameError::MarkupCharacters), "{name}");
        }
    }

    #[test]
    fn no_emoji() {
        for name in [
            "Contoso 🚀",
            "Café ☕",
            "Société ❤ Générale",
            "台灣公司🇹🇼",
            "Contoso 1\u{FE0F}\u{20E3}",
            "Fabrikam ⭐",
            "Contoso 🤖",
            "Contoso 🪐",
            "Contoso 🀄",
        ] {
            assert_eq!(error_of(name), Some(NameError::Emoji), "{name}");
        }
    }

    #[test]
    fn no_control_characters() {
        for name in [
            "Contoso\u{0}Ltd",
            "Contoso\u{7}",
            "Soci\u{1b}été",
            "Contoso\u{200B}Ltd",
            "Contoso \u{202E}dtL",
            "台灣\u{FEFF}公司",
        ] {
            assert_eq!(
                error_of(name),
                Some(NameError::ControlCharacters),
                "{name:?}"
            );
        }
        // Line breaks and tabs are whitespace: tidying turns them into spaces.
        assert_eq!(error_of("Contoso\nLtd\t"), None);
        // Persian uses the zero-width non-joiner inside words.
        assert_eq!(error_of("شرکت می\u{200C}خواهم"), None);
    }

    #[test]
    fn a_web_address_is_a_warning() {
        for (name, tld) in [
            ("Contoso.com", ".com"),
            ("contoso.co.uk", ".co.uk"),
            ("Contoso.COM Ltd", ".com"),
            ("shop.contoso.com", ".com"),
            ("Société-Générale.fr", ".fr"),
            ("台灣公司.com.tw", ".com.tw"),
            ("Müller.de GmbH", ".de"),
        ] {
            let check = check_company_name(name);
            assert_eq!(check.error, None, "{name}");
            assert_eq!(
                check.warnings,
                [NameWarning::TopLevelDomain(tld.into())],
                "{name}"
            );
        }
        for name in [
            "Contoso .com",
            "Contoso.community",
            "Contoso. Com",
            "S.A. Contoso",
        ] {
            assert_eq!(warnings_of(name), [], "{name}");
        }
    }

    #[test]
    fn a_character_three_times_is_a_warning() {
        for (name, c) in [
            ("Contosooo", 'o'),
            ("AAA Ltd", 'A'),
            ("AaA Ltd", 'A'),
            ("Cafééé", 'é'),
            ("株株株会社", '株'),
            ("Contoso 2000", '0'),
        ] {
            let check = check_company_name(name);
            assert_eq!(check.error, None, "{name}");
            assert_eq!(
                check.warnings,
                [NameWarning::RepeatedCharacter(c)],
                "{name}"
            );
        }
        for name in ["Contosoo", "Hess & Sohn", "Müller -- Söhne", "...Contoso"] {
            assert_eq!(warnings_of(name), [], "{name}");
        }
    }

    #[test]
    fn spaced_letters_are_a_warning() {
        for name in [
            "C O N T O S O",
            "I B M Corp",
            "Contoso É T É",
            "台 灣 公 司",
        ] {
            assert_eq!(warnings_of(name), [NameWarning::SpacedLetters], "{name}");
        }
        for name in [
            "A B Contoso",
            "A & B & C",
            "J. P. Morgan",
            "Société Générale",
        ] {
            assert_eq!(warnings_of(name), [], "{name}");
        }
    }

    #[test]
    fn several_warnings_at_once() {
        assert_eq!(
            warnings_of("Contosooo.com"),
            [
                NameWarning::TopLevelDomain(".com".into()),
                NameWarning::RepeatedCharacter('o'),
            ]
        );
        assert_eq!(
            warnings_of("X Y Z Contosooo"),
            [
                NameWarning::RepeatedCharacter('o'),
                NameWarning::SpacedLetters
            ]
        );
    }

    #[test]
    fn every_message_says_what_to_do() {
        let errors = [
            NameError::Empty,
            NameError::SingleCharacter,
            NameError::OnlyPunctuation,
            NameError::BareLegalSuffix("LLC".into()),
            NameError::TooLong { len: 300 },
            NameError::FormulaStart('='),
            NameError::MarkupCharacters,
            NameError::Emoji,
            NameError::ControlCharacters,
        ];
        for e in errors {
            let m = e.message().to_string();
            assert!(m.ends_with('.') && m.len() > 20, "{m}");
        }
        assert!(NameError::BareLegalSuffix("GmbH".into())
            .message()
            .to_string()
            .contains("Contoso GmbH"));
        assert!(NameError::TooLong { len: 300 }
            .message()
            .to_string()
            .contains("255"));
        let warnings = [
            NameWarning::TopLevelDomain(".com".into()),
            NameWarning::RepeatedCharacter('o'),
            NameWarning::SpacedLetters,
        ];
        for w in warnings {
            let m = w.message().to_string();
            assert!(m.ends_with('.') && m.len() > 20, "{m}");
        }
    }
}
