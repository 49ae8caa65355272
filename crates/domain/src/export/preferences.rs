//! How exports are written, as chosen per partner on the Settings page: the separator, the
//! BOM and the headers' language, resolved for the UI's language into [`CsvOptions`].

use serde::{Deserialize, Serialize};

use crate::i18n::{tr, Language};

/// The character between cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Separator {
    #[default]
    Comma,
    /// What Excel expects where the decimal mark is a comma (French, German…).
    Semicolon,
}

impl Separator {
    pub const ALL: [Separator; 2] = [Self::Comma, Self::Semicolon];

    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Comma => "comma",
            Self::Semicolon => "semicolon",
        }
    }

    pub fn from_key(key: &str) -> Option<Separator> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The separator Excel expects in `lang`: a semicolon in French, else a comma.
    pub fn for_language(lang: Language) -> Separator {
        match lang {
            Language::French => Self::Semicolon,
            Language::English | Language::TraditionalChinese => Self::Comma,
        }
    }
}

/// The separator as chosen on the Settings page: [`SeparatorChoice::Automatic`] until the
/// user picks one, which is [`Separator::for_language`] of the UI's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeparatorChoice {
    #[default]
    Automatic,
    Comma,
    Semicolon,
}

impl SeparatorChoice {
    pub const ALL: [SeparatorChoice; 3] = [Self::Automatic, Self::Comma, Self::Semicolon];

    /// A stable name for the select's values.
    pub fn key(self) -> &'static str {
        match self {
            Self::Automatic => "automatic",
            Self::Comma => "comma",
            Self::Semicolon => "semicolon",
        }
    }

    pub fn from_key(key: &str) -> Option<SeparatorChoice> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The choice's name in `lang`.
    pub fn label(self, lang: Language) -> &'static str {
        match self {
            Self::Automatic => tr(lang, "export.separator.automatic"),
            Self::Comma => tr(lang, "export.separator.comma"),
            Self::Semicolon => tr(lang, "export.separator.semicolon"),
        }
    }

    pub fn resolve(self, lang: Language) -> Separator {
        match self {
            Self::Automatic => Separator::for_language(lang),
            Self::Comma => Separator::Comma,
            Self::Semicolon => Separator::Semicolon,
        }
    }
}

/// The language of a file's column headers (and of the labels in its cells, such as a
/// relationship or an action).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeaderLanguage {
    /// English, whatever the UI's language: what tools that import the files expect.
    #[default]
    English,
    /// The UI's language, for people who read the file.
    Interface,
}

impl HeaderLanguage {
    pub const ALL: [HeaderLanguage; 2] = [Self::English, Self::Interface];

    pub fn key(self) -> &'static str {
        match self {
            Self::English => "english",
            Self::Interface => "interface",
        }
    }

    pub fn from_key(key: &str) -> Option<HeaderLanguage> {
        Self::ALL.into_iter().find(|h| h.key() == key)
    }

    pub fn label(self, lang: Language) -> &'static str {
        match self {
            Self::English => tr(lang, "export.headers.english"),
            Self::Interface => tr(lang, "export.headers.interface"),
        }
    }
}

/// How exports are written, as chosen on the Settings page and stored with the settings.
///
/// Settings saved before the separator could be automatic hold `"Comma"`, the only default
/// there was: it is read as [`SeparatorChoice::Automatic`], which is still a comma in
/// English and Chinese and becomes the semicolon French Excel expects. A file saved by this
/// version carries `headers`, and its comma is then the user's own choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ExportSettings {
    pub separator: SeparatorChoice,
    /// Start with a UTF-8 byte-order mark, which Excel needs to read accents and CJK.
    pub bom: bool,
    pub headers: HeaderLanguage,
    /// The customer export writes every column, not only those the list shows.
    pub all_columns: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            separator: SeparatorChoice::Automatic,
            bom: true,
            headers: HeaderLanguage::English,
            all_columns: false,
        }
    }
}

impl<'de> Deserialize<'de> for ExportSettings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            separator: Option<SeparatorChoice>,
            bom: Option<bool>,
            headers: Option<HeaderLanguage>,
            all_columns: Option<bool>,
        }
        let stored = Stored::deserialize(deserializer)?;
        let defaults = ExportSettings::default();
        let separator = match (stored.separator, stored.headers) {
            // Before `headers`, a comma was the default, not a choice.
            (Some(SeparatorChoice::Comma), None) | (None, _) => SeparatorChoice::Automatic,
            (Some(choice), _) => choice,
        };
        Ok(Self {
            separator,
            bom: stored.bom.unwrap_or(defaults.bom),
            headers: stored.headers.unwrap_or(defaults.headers),
            all_columns: stored.all_columns.unwrap_or(defaults.all_columns),
        })
    }
}

impl ExportSettings {
    /// The settings as they apply while the UI is in `lang`.
    pub fn for_language(self, lang: Language) -> CsvOptions {
        CsvOptions {
            format: CsvFormat {
                separator: self.separator.resolve(lang),
                bom: self.bom,
            },
            headers: match self.headers {
                HeaderLanguage::English => Language::English,
                HeaderLanguage::Interface => lang,
            },
        }
    }
}

/// Everything an export function needs to write a file: its format, and the language of its
/// headers and labels. The default is the Excel preset with English headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CsvOptions {
    pub format: CsvFormat,
    pub headers: Language,
}

impl From<CsvFormat> for CsvOptions {
    fn from(format: CsvFormat) -> Self {
        Self {
            format,
            headers: Language::English,
        }
    }
}

/// How a file is written. The default is the Excel preset: comma and BOM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvFormat {
    pub separator: Separator,
    /// Start with a UTF-8 byte-order mark, which Excel needs to read accents and CJK.
    pub bom: bool,
}

impl Default for CsvFormat {
    fn default() -> Self {
        Self {
            separator: Separator::Comma,
            bom: true,
        }
    }
}
