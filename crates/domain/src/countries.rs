//! Countries (ISO 3166-1) and the cultures (languages) a customer can be set up in.
//!
//! ```
//! use clientele_domain::countries::{country, requires_registration_id};
//! assert_eq!(country("TW").map(|c| c.name), Some("Taiwan"));
//! assert!(requires_registration_id("PL") && !requires_registration_id("FR"));
//! ```

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Country {
    /// ISO 3166-1 alpha-2, uppercase, e.g. "FR".
    pub code: &'static str,
    /// The English short name, as shown in a country list.
    pub name: &'static str,
}

const fn c(code: &'static str, name: &'static str) -> Country {
    Country { code, name }
}

/// Every ISO 3166-1 country and territory, sorted by English name, ignoring accents
/// ("Åland Islands" after "Afghanistan", "Türkiye" before "Turkmenistan").
pub const COUNTRIES: &[Country] = &[
    c("AF", "Afghanistan"),
    c("AX", "Åland Islands"),
    c("AL", "Albania"),
    c("DZ", "Algeria"),
    c("AS", "American Samoa"),
    c("AD", "Andorra"),
    c("AO", "Angola"),
    c("AI", "Anguilla"),
    c("AQ", "Antarctica"),
    c("AG", "Antigua and Barbuda"),
    c("AR", "Argentina"),
    c("AM", "Armenia"),
    c("AW", "Aruba"),
    c("AU", "Australia"),
    c("AT", "Austria"),
    c("AZ", "Azerbaijan"),
    c("BS", "Bahamas"),
    c("BH", "Bahrain"),
    c("BD", "Bangladesh"),
    c("BB", "Barbados"),
    c("BY", "Belarus"),
    c("BE", "Belgium"),
    c("BZ", "Belize"),
    c("BJ", "Benin"),
    c("BM", "Bermuda"),
    c("BT", "Bhutan"),
    c("BO", "Bolivia"),
    c("BQ", "Bonaire, Sint Eustatius and Saba"),
    c("BA", "Bosnia and Herzegovina"),
    c("BW", "Botswana"),
    c("BV", "Bouvet Island"),
    c("BR", "Brazil"),
    c("IO", "British Indian Ocean Territory"),
    c("VG", "British Virgin Islands"),
    c("BN", "Brunei"),
    c("BG", "Bulgaria"),
    c("BF", "Burkina Faso"),
    c("BI", "Burundi"),
    c("CV", "Cabo Verde"),
    c("KH", "Cambodia"),
    c("CM", "Cameroon"),
    c("CA", "Canada"),
    c("KY", "Cayman Islands"),
    c("CF", "Central African Republic"),
    c("TD", "Chad"),
    c("CL", "Chile"),
    c("CN", "China"),
    c("CX", "Christmas Island"),
    c("CC", "Cocos (Keeling) Islands"),
    c("CO", "Colombia"),
    c("KM", "Comoros"),
    c("CG", "Congo"),
    c("CD", "Congo (DRC)"),
    c("CK", "Cook Islands"),
    c("CR", "Costa Rica"),
    c("CI", "Côte d'Ivoire"),
    c("HR", "Croatia"),
    c("CU", "Cuba"),
    c("CW", "Curaçao"),
    c("CY", "Cyprus"),
    c("CZ", "Czechia"),
    c("DK", "Denmark"),
    c("DJ", "Djibouti"),
    c("DM", "Dominica"),
    c("DO", "Dominican Republic"),
    c("EC", "Ecuador"),
    c("EG", "Egypt"),
    c("SV", "El Salvador"),
    c("GQ", "Equatorial Guinea"),
    c("ER", "Eritrea"),
    c("EE", "Estonia"),
    c("SZ", "Eswatini"),
    c("ET", "Ethiopia"),
    c("FK", "Falkland Islands"),
    c("FO", "Faroe Islands"),
    c("FJ", "Fiji"),
    c("FI", "Finland"),
    c("FR", "France"),
    c("GF", "French Guiana"),
    c("PF", "French Polynesia"),
    c("TF", "French Southern Territories"),
    c("GA", "Gabon"),
    c("GM", "Gambia"),
    c("GE", "Georgia"),
    c("DE", "Germany"),
    c("GH", "Ghana"),
    c("GI", "Gibraltar"),
    c("GR", "Greece"),
    c("GL", "Greenland"),
    c("GD", "Grenada"),
    c("GP", "Guadeloupe"),
    c("GU", "Guam"),
    c("GT", "Guatemala"),
    c("GG", "Guernsey"),
    c("GN", "Guinea"),
    c("GW", "Guinea-Bissau"),
    c("GY", "Guyana"),
    c("HT", "Haiti"),
    c("HM", "Heard Island and McDonald Islands"),
    c("HN", "Honduras"),
    c("HK", "Hong Kong SAR"),
    c("HU", "Hungary"),
    c("IS", "Iceland"),
    c("IN", "India"),
    c("ID", "Indonesia"),
    c("IR", "Iran"),
    c("IQ", "Iraq"),
    c("IE", "Ireland"),
    c("IM", "Isle of Man"),
    c("IL", "Israel"),
    c("IT", "Italy"),
    c("JM", "Jamaica"),
    c("JP", "Japan"),
    c("JE", "Jersey"),
    c("JO", "Jordan"),
    c("KZ", "Kazakhstan"),
    c("KE", "Kenya"),
    c("KI", "Kiribati"),
    c("KW", "Kuwait"),
    c("KG", "Kyrgyzstan"),
    c("LA", "Laos"),
    c("LV", "Latvia"),
    c("LB", "Lebanon"),
    c("LS", "Lesotho"),
    c("LR", "Liberia"),
    c("LY", "Libya"),
    c("LI", "Liechtenstein"),
    c("LT", "Lithuania"),
    c("LU", "Luxembourg"),
    c("MO", "Macao SAR"),
    c("MG", "Madagascar"),
    c("MW", "Malawi"),
    c("MY", "Malaysia"),
    c("MV", "Maldives"),
    c("ML", "Mali"),
    c("MT", "Malta"),
    c("MH", "Marshall Islands"),
    c("MQ", "Martinique"),
    c("MR", "Mauritania"),
    c("MU", "Mauritius"),
    c("YT", "Mayotte"),
    c("MX", "Mexico"),
    c("FM", "Micronesia"),
    c("MD", "Moldova"),
    c("MC", "Monaco"),
    c("MN", "Mongolia"),
    c("ME", "Montenegro"),
    c("MS", "Montserrat"),
    c("MA", "Morocco"),
    c("MZ", "Mozambique"),
    c("MM", "Myanmar"),
    c("NA", "Namibia"),
    c("NR", "Nauru"),
    c("NP", "Nepal"),
    c("NL", "Netherlands"),
    c("NC", "New Caledonia"),
    c("NZ", "New Zealand"),
    c("NI", "Nicaragua"),
    c("NE", "Niger"),
    c("NG", "Nigeria"),
    c("NU", "Niue"),
    c("NF", "Norfolk Island"),
    c("KP", "North Korea"),
    c("MK", "North Macedonia"),
    c("MP", "Northern Mariana Islands"),
    c("NO", "Norway"),
    c("OM", "Oman"),
    c("PK", "Pakistan"),
    c("PW", "Palau"),
    c("PS", "Palestine"),
    c("PA", "Panama"),
    c("PG", "Papua New Guinea"),
    c("PY", "Paraguay"),
    c("PE", "Peru"),
    c("PH", "Philippines"),
    c("PN", "Pitcairn"),
    c("PL", "Poland"),
    c("PT", "Portugal"),
    c("PR", "Puerto Rico"),
    c("QA", "Qatar"),
    c("RE", "Réunion"),
    c("RO", "Romania"),
    c("RU", "Russia"),
    c("RW", "Rwanda"),
    c("BL", "Saint Barthélemy"),
    c("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    c("KN", "Saint Kitts and Nevis"),
    c("LC", "Saint Lucia"),
    c("MF", "Saint Martin"),
    c("PM", "Saint Pierre and Miquelon"),
    c("VC", "Saint Vincent and the Grenadines"),
    c("WS", "Samoa"),
    c("SM", "San Marino"),
    c("ST", "Sao Tome and Principe"),
    c("SA", "Saudi Arabia"),
    c("SN", "Senegal"),
    c("RS", "Serbia"),
    c("SC", "Seychelles"),
    c("SL", "Sierra Leone"),
    c("SG", "Singapore"),
    c("SX", "Sint Maarten"),
    c("SK", "Slovakia"),
    c("SI", "Slovenia"),
    c("SB", "Solomon Islands"),
    c("SO", "Somalia"),
    c("ZA", "South Africa"),
    c("GS", "South Georgia and the South Sandwich Islands"),
    c("KR", "South Korea"),
    c("SS", "South Sudan"),
    c("ES", "Spain"),
    c("LK", "Sri Lanka"),
    c("SD", "Sudan"),
    c("SR", "Suriname"),
    c("SJ", "Svalbard and Jan Mayen"),
    c("SE", "Sweden"),
    c("CH", "Switzerland"),
    c("SY", "Syria"),
    c("TW", "Taiwan"),
    c("TJ", "Tajikistan"),
    c("TZ", "Tanzania"),
    c("TH", "Thailand"),
    c("TL", "Timor-Leste"),
    c("TG", "Togo"),
    c("TK", "Tokelau"),
    c("TO", "Tonga"),
    c("TT", "Trinidad and Tobago"),
    c("TN", "Tunisia"),
    c("TR", "Türkiye"),
    c("TM", "Turkmenistan"),
    c("TC", "Turks and Caicos Islands"),
    c("TV", "Tuvalu"),
    c("VI", "U.S. Virgin Islands"),
    c("UG", "Uganda"),
    c("UA", "Ukraine"),
    c("AE", "United Arab Emirates"),
    c("GB", "United Kingdom"),
    c("US", "United States"),
    c("UM", "United States Minor Outlying Islands"),
    c("UY", "Uruguay"),
    c("UZ", "Uzbekistan"),
    c("VU", "Vanuatu"),
    c("VA", "Vatican City"),
    c("VE", "Venezuela"),
    c("VN", "Vietnam"),
    c("WF", "Wallis and Futuna"),
    c("EH", "Western Sahara"),
    c("YE", "Yemen"),
    c("ZM", "Zambia"),
    c("ZW", "Zimbabwe"),
];

/// The country with this alpha-2 code, in any case.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// Where Partner Center requires a company registration ID (and so a phone number) to
/// create a customer.
const REGISTRATION_ID_COUNTRIES: &[&str] = &[
    "AM", "AZ", "BY", "BR", "HU", "IN", "IQ", "KZ", "KG", "MD", "MM", "PL", "RU", "SA", "ZA", "SS",
    "TJ", "TH", "TR", "UA", "AE", "UZ", "VE", "VN",
];

/// True in the countries where a new customer needs a company registration ID and a phone
/// number (Armenia, Brazil, India, Poland, Türkiye, Vietnam and others).
pub fn requires_registration_id(code: &str) -> bool {
    REGISTRATION_ID_COUNTRIES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(code))
}

/// The languages a customer's tenant can be set up in: a culture code and its name, in
/// that language, so a person finds their own language whatever the page's language.
pub const CULTURES: &[(&str, &str)] = &[
    ("en-US", "English (United States)"),
    ("en-GB", "English (United Kingdom)"),
    ("en-AU", "English (Australia)"),
    ("en-CA", "English (Canada)"),
    ("en-IN", "English (India)"),
    ("fr-FR", "Français (France)"),
    ("fr-CA", "Français (Canada)"),
    ("fr-BE", "Français (Belgique)"),
    ("fr-CH", "Français (Suisse)"),
    ("de-DE", "Deutsch (Deutschland)"),
    ("de-AT", "Deutsch (Österreich)"),
    ("de-CH", "Deutsch (Schweiz)"),
    ("es-ES", "Español (España)"),
    ("es-MX", "Español (México)"),
    ("it-IT", "Italiano (Italia)"),
    ("pt-BR", "Português (Brasil)"),
    ("pt-PT", "Português (Portugal)"),
    ("nl-NL", "Nederlands (Nederland)"),
    ("nl-BE", "Nederlands (België)"),
    ("sv-SE", "Svenska (Sverige)"),
    ("da-DK", "Dansk (Danmark)"),
    ("nb-NO", "Norsk bokmål (Norge)"),
    ("fi-FI", "Suomi (Suomi)"),
    ("pl-PL", "Polski (Polska)"),
    ("cs-CZ", "Čeština (Česko)"),
    ("hu-HU", "Magyar (Magyarország)"),
    ("ro-RO", "Română (România)"),
    ("el-GR", "Ελληνικά (Ελλάδα)"),
    ("tr-TR", "Türkçe (Türkiye)"),
    ("ru-RU", "Русский (Россия)"),
    ("uk-UA", "Українська (Україна)"),
    ("ar-SA", "العربية (المملكة العربية السعودية)"),
    ("he-IL", "עברית (ישראל)"),
    ("hi-IN", "हिन्दी (भारत)"),
    ("th-TH", "ไทย (ไทย)"),
    ("vi-VN", "Tiếng Việt (Việt Nam)"),
    ("id-ID", "Bahasa Indonesia (Indonesia)"),
    ("ja-JP", "日本語（日本）"),
    ("ko-KR", "한국어(대한민국)"),
    ("zh-CN", "中文（中国）"),
    ("zh-TW", "中文（台灣）"),
    ("zh-HK", "中文（香港特別行政區）"),
];

/// The label of a culture code from [`CULTURES`] (exact code, e.g. "fr-CA").
pub fn culture_label(code: &str) -> Option<&'static str> {
    CULTURES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| *label)
}

/// The culture a customer in this country most likely has: the first of [`CULTURES`] for
/// that country (France → "fr-FR", Taiwan → "zh-TW"); `None` where
/// none is listed.
pub fn default_culture(country_code: &str) -> Option<&'static str> {
    let code = country_code.trim();
    if code.is_empty() {
        return None;
    }
    CULTURES.iter().map(|(c, _)| *c).find(|c| {
        c.rsplit('-')
            .next()
            .is_some_and(|r| r.eq_ignore_ascii_case(code))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold;
    use std::collections::HashSet;

    #[test]
    fn a_country_suggests_its_culture() {
        assert_eq!(default_culture("FR"), Some("fr-FR"));
        assert_eq!(default_culture("TW"), Some("zh-TW"));
        assert_eq!(default_culture("AQ"), None);
        assert_eq!(default_culture(""), None);
        // Every suggestion is a listed culture of a listed country.
        for c in COUNTRIES {
            if let Some(culture) = default_culture(c.code) {
                assert!(culture.ends_with(c.code), "{}", c.code);
            }
        }
    }

    #[test]
    fn every_iso_country_once() {
        let codes: HashSet<&str> = COUNTRIES.iter().map(|c| c.code).collect();
        assert_eq!((COUNTRIES.len(), codes.len()), (249, 249));
        assert!(COUNTRIES
            .iter()
            .all(|c| c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn sorted_by_name_ignoring_accents() {
        let names: Vec<String> = COUNTRIES.iter().map(|c| fold(c.name)).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    }

    #[test]
    fn found_by_code_in_any_case() {
        assert_eq!(country("fr").map(|c| c.name), Some("France"));
        assert_eq!(country("TR").map(|c| c.name), Some("Türkiye"));
        assert_eq!(country("ZZ"), None);
        assert_eq!(country(""), None);
    }

    #[test]
    fn every_partner_center_country_requires_a_registration_id() {
        for name in [
            "Armenia",
            "Azerbaijan",
            "Belarus",
            "Brazil",
            "Hungary",
            "India",
            "Iraq",
            "Kazakhstan",
            "Kyrgyzstan",
            "Moldova",
            "Myanmar",
            "Poland",
            "Russia",
            "Saudi Arabia",
            "South Africa",
            "South Sudan",
            "Tajikistan",
            "Thailand",
            "Türkiye",
            "Ukraine",
            "United Arab Emirates",
            "Uzbekistan",
            "Venezuela",
            "Vietnam",
        ] {
            let c = COUNTRIES.iter().find(|c| c.name == name).expect(name);
            assert!(requires_registration_id(c.code), "{name}");
        }
        assert_eq!(
            COUNTRIES
                .iter()
                .filter(|c| requires_registration_id(c.code))
                .count(),
            24
        );
    }

    #[test]
    fn other_countries_do_not() {
        for code in ["FR", "US", "TW", "DE", "GB", "JP", "CN", "CA", "", "ZZ"] {
            assert!(!requires_registration_id(code), "{code}");
        }
        assert!(requires_registration_id("pl"));
    }

    #[test]
    fn cultures_are_unique_and_well_formed() {
        let codes: HashSet<&str> = CULTURES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes.len(), CULTURES.len());
        for (code, label) in CULTURES {
            let (lang, region) = code.split_once('-').expect(code);
            assert!(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(country(region).is_some(), "{code}");
            assert!(!label.is_empty());
        }
    }

    #[test]
    fn culture_labels() {
        assert_eq!(culture_label("zh-TW"), Some("中文（台灣）"));
        assert_eq!(culture_label("fr-FR"), Some("Français (France)"));
        assert_eq!(culture_label("xx-XX"), None);
    }
}
