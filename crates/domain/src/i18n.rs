//! The three languages of the UI: one message catalogue per language, and dates and
//! numbers written the way each language writes them.
//!
//! A catalogue is a folder, `crates/domain/locales/{en,fr,zh-TW}/`, with one file per area
//! of the app (the same file names in each). A file holds `key = text` lines; `#` starts a
//! comment line, `\n` in a text is a line break, and `{name}` is filled by an argument.
//! A count has two keys, `key.one` and `key.other` ([`tr_count`]); Chinese has one form,
//! but keeps both keys so that every key exists in every language. The tests below check
//! exactly that, that every text has the same `{arguments}` in all three, and that every
//! key the code names exists.
//!
//! Rules in this crate that speak to the user return a [`Message`] (a key and its
//! arguments), shown in English by `Display` and in the user's language by
//! [`Message::text`].
//!
//! ```
//! use clientele_domain::i18n::{tr, trf, Language};
//! assert_eq!(tr(Language::French, "app.nav.customers"), "Clients");
//! assert_eq!(trf(Language::English, "app.lang.switched", &[("lang", "English")]), "Language: English");
//! ```

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// The languages of the UI (and of the invitation email).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    French,
    TraditionalChinese,
}

impl Language {
    pub const ALL: [Language; 3] = [Self::English, Self::French, Self::TraditionalChinese];

    /// The BCP 47 language tag.
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::French => "fr",
            Self::TraditionalChinese => "zh-TW",
        }
    }

    /// The language's name in that language, so a reader finds their own in a list.
    pub fn label(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::French => "Français",
            Self::TraditionalChinese => "繁體中文",
        }
    }

    /// The language whose [`code`](Self::code) this is, in any letter case, `_` or `-`.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(&code))
    }

    /// The first of the browser's preferred languages (`navigator.languages`) that we have:
    /// any French; Chinese written in traditional characters (zh-TW, zh-HK, zh-MO,
    /// zh-Hant-*); any English. A language we lack (say zh-CN or de) is passed over for the
    /// next preference, and English is the last resort.
    pub fn from_browser<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Self {
        for tag in preferred {
            let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
            let mut parts = tag.split('-');
            match parts.next() {
                Some("en") => return Self::English,
                Some("fr") => return Self::French,
                Some("zh") => {
                    let rest: Vec<&str> = parts.collect();
                    let traditional = rest
                        .iter()
                        .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"))
                        && !rest.contains(&"hans");
                    if traditional {
                        return Self::TraditionalChinese;
                    }
                }
                _ => {}
            }
        }
        Self::English
    }
}

#[cfg(all(feature = "english-in-page", feature = "bundled-languages"))]
compile_error!("`english-in-page` is for the web app, which has no `bundled-languages`");

/// The catalogue's files, by area: the same names in every language's folder. English is
/// compiled in (it is the fallback for a missing text) unless the `english-in-page` feature
/// says the web app's page carries it, to hand to [`install`] before any text is shown;
/// French and Chinese only with the `bundled-languages` feature (on by default). The web app
/// turns that off, so its first download holds one language: it fetches the user's other one
/// and hands it to [`install`].
///
/// The `later` areas are only some pages' (the wizard, the invitation, the log, the removed
/// customers, Settings, the import): without `bundled-languages` their English is not in
/// [`FILES`] but in [`later_english`], which those pages hand to [`add_english`] as they
/// open, so it travels with their code (issue 17).
macro_rules! areas {
    (first: [$($area:ident),* $(,)?], later: [$($later:ident),* $(,)?] $(,)?) => {
        const FILES: &[(&str, &[&str])] = &[
            $(area!($area),)*
            $(#[cfg(feature = "bundled-languages")] area!($later),)*
        ];

        /// The English texts of the areas only some pages use (see [`add_english`]).
        pub mod later_english {
            $(
                pub fn $later() -> &'static str {
                    include_str!(concat!("../locales/en/", stringify!($later), ".txt"))
                }
            )*
        }
    };
}

macro_rules! area {
    ($area:ident) => {
        (
            stringify!($area),
            &[
                #[cfg(not(feature = "english-in-page"))]
                include_str!(concat!("../locales/en/", stringify!($area), ".txt")),
                #[cfg(feature = "bundled-languages")]
                include_str!(concat!("../locales/fr/", stringify!($area), ".txt")),
                #[cfg(feature = "bundled-languages")]
                include_str!(concat!("../locales/zh-TW/", stringify!($area), ".txt")),
            ],
        )
    };
}

areas!(
    first: [app, customers, account, subscriptions, shortcuts, errors, export, rules, roles, tags],
    later: [wizard, invite, email, activity, removed, settings, storage, backup, import],
);

fn index(lang: Language) -> usize {
    match lang {
        Language::English => 0,
        Language::French => 1,
        Language::TraditionalChinese => 2,
    }
}

/// One catalogue file's entries, in order, or what is wrong with a line.
fn parse(text: &'static str) -> Result<Vec<(&'static str, String)>, String> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(" = ")
            .ok_or_else(|| format!("line {}: expected `key = text`", n + 1))?;
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("line {}: a key is one word", n + 1));
        }
        entries.push((key, value.replace("\\n", "\n")));
    }
    Ok(entries)
}

type Catalogue = HashMap<&'static str, &'static str>;

static LOADED: [OnceLock<Catalogue>; 3] = [const { OnceLock::new() }; 3];

fn entries_of(texts: impl IntoIterator<Item = &'static str>) -> Catalogue {
    let mut all = Catalogue::new();
    for text in texts {
        // A malformed line is a test failure (below); at run time it is skipped.
        all.extend(catalogue_of(parse(text).unwrap_or_default()));
    }
    all
}

fn catalogue_of(entries: Vec<(&'static str, String)>) -> Catalogue {
    entries
        .into_iter()
        .map(|(key, value)| (key, &*Box::leak(value.into_boxed_str())))
        .collect()
}

/// English texts added by [`add_english`], and which ones (by address: each is added once).
static LATER_ENGLISH: Mutex<Option<(Catalogue, Vec<usize>)>> = Mutex::new(None);

/// Adds one of [`later_english`]'s areas to the English texts (again: nothing happens).
pub fn add_english(text: &'static str) {
    let mut later = LATER_ENGLISH.lock().unwrap_or_else(|e| e.into_inner());
    let (all, added) = later.get_or_insert_with(Default::default);
    if !added.contains(&(text.as_ptr() as usize)) {
        added.push(text.as_ptr() as usize);
        all.extend(entries_of([text]));
    }
}

fn later_english(key: &str) -> Option<&'static str> {
    let later = LATER_ENGLISH.lock().unwrap_or_else(|e| e.into_inner());
    later.as_ref().and_then(|(all, _)| all.get(key).copied())
}

/// `lang`'s texts, if compiled in or [`install`]ed.
fn catalogue(lang: Language) -> Option<&'static Catalogue> {
    let i = index(lang);
    let compiled_in = FILES.first().is_some_and(|(_, files)| files.len() > i);
    if compiled_in {
        return Some(LOADED[i].get_or_init(|| entries_of(FILES.iter().map(|(_, f)| f[i]))));
    }
    LOADED[i].get()
}

/// Whether `lang`'s texts are at hand (compiled in or installed), so the UI can be shown in it.
pub fn is_available(lang: Language) -> bool {
    catalogue(lang).is_some()
}

/// Installs `lang`'s texts from `text`, all of its catalogue files one after another (as
/// the web app's build writes them). A language already at hand keeps its texts.
pub fn install(lang: Language, text: String) -> Result<(), String> {
    let text: &'static str = Box::leak(text.into_boxed_str());
    // Parsed once: the web app installs its English this way before its first paint.
    let entries = parse(text)?;
    if !is_available(lang) {
        let _ = LOADED[index(lang)].set(catalogue_of(entries));
    }
    Ok(())
}

/// The text of `key` in `lang`; else in English; else the key itself, so a missing text
/// shows up as a visible key rather than as nothing.
pub fn tr(lang: Language, key: &str) -> &'static str {
    catalogue(lang)
        .and_then(|c| c.get(key))
        .or_else(|| catalogue(Language::English).and_then(|c| c.get(key)))
        .copied()
        .or_else(|| later_english(key))
        .unwrap_or_else(|| Box::leak(key.to_string().into_boxed_str()))
}

/// [`tr`] with each `{name}` replaced by its argument.
pub fn trf(lang: Language, key: &str, args: &[(&str, &str)]) -> String {
    fill(tr(lang, key), args)
}

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A count: `key.one` or `key.other` as the language says (French counts 0 and 1 as one;
/// Chinese has one form), with `{n}` the count written per locale.
pub fn tr_count(lang: Language, key: &str, n: u64, args: &[(&str, &str)]) -> String {
    let one = match lang {
        Language::English => n == 1,
        Language::French => n <= 1,
        Language::TraditionalChinese => false,
    };
    let full = format!("{key}.{}", if one { "one" } else { "other" });
    let count = format_number(lang, n as i64);
    let mut all = vec![("n", count.as_str())];
    all.extend_from_slice(args);
    fill(tr(lang, &full), &all)
}

/// A term (a status, a role, a reason) as it reads inside a sentence: in lower case.
/// ASCII letters only: the catalogues' terms have no other capitals (a test checks), and
/// leaving them out keeps Unicode's case tables out of the web app's first download.
pub fn in_sentence(term: &str) -> String {
    term.to_ascii_lowercase()
}

/// Something to say to the user, in whichever language they read. Its arguments are kept
/// as what they are (a count, a country, a term) and written only when the message is, in
/// the language it is written in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

/// One argument of a [`Message`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Arg {
    /// Written as it is: a name, an ID, a domain.
    Text(String),
    /// A whole number, with the language's digit grouping ([`format_number`]).
    Count(i64),
    /// A country or region by its ISO code, named in the language (in English here, by
    /// [`country`](crate::countries::country); a browser knows more languages).
    Country(String),
    /// A "YYYY-MM-DD" date, as the language writes dates ([`format_iso_date`]).
    Date(String),
    /// A term that has a message of its own (a subscription's status), written in lower
    /// case within the sentence.
    Term(Box<Message>),
}

impl Arg {
    /// The argument as `lang` writes it.
    pub fn text(&self, lang: Language) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Count(n) => format_number(lang, *n),
            Self::Country(code) => {
                crate::countries::country(code).map_or_else(|| code.clone(), |c| c.name.to_string())
            }
            Self::Date(iso) => format_iso_date(lang, iso),
            Self::Term(m) => in_sentence(&m.text(lang)),
        }
    }
}

impl Message {
    pub fn new(key: &str) -> Self {
        Self {
            key: key.to_string(),
            args: Vec::new(),
        }
    }

    /// The message with `{name}` filled by `value`, as it is.
    pub fn arg(self, name: &str, value: impl fmt::Display) -> Self {
        self.with(name, Arg::Text(value.to_string()))
    }

    /// The message with `{name}` filled by the count `n`.
    pub fn count(self, name: &str, n: u64) -> Self {
        self.with(name, Arg::Count(n as i64))
    }

    /// The message with `{name}` filled by the country of ISO code `code`.
    pub fn country(self, name: &str, code: &str) -> Self {
        self.with(name, Arg::Country(code.trim().to_string()))
    }

    /// The message with `{name}` filled by the "YYYY-MM-DD" date `iso`.
    pub fn date(self, name: &str, iso: &str) -> Self {
        self.with(name, Arg::Date(iso.to_string()))
    }

    /// The message with `{name}` filled by `term`, in lower case.
    pub fn term(self, name: &str, term: Message) -> Self {
        self.with(name, Arg::Term(Box::new(term)))
    }

    fn with(mut self, name: &str, arg: Arg) -> Self {
        self.args.push((name.to_string(), arg));
        self
    }

    pub fn text(&self, lang: Language) -> String {
        self.text_with(lang, |_| None)
    }

    /// [`text`](Self::text), with the arguments `write` writes (`Some`) written its way:
    /// the browser names countries in more languages than this crate.
    pub fn text_with(&self, lang: Language, write: impl Fn(&Arg) -> Option<String>) -> String {
        let written: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, a)| (n.as_str(), write(a).unwrap_or_else(|| a.text(lang))))
            .collect();
        let args: Vec<(&str, &str)> = written.iter().map(|(n, v)| (*n, v.as_str())).collect();
        trf(lang, &self.key, &args)
    }
}

/// In English, for logs, tests and anywhere no language is chosen.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Language::English))
    }
}

/// A whole number with the language's digit grouping: 12,345 in English and Chinese;
/// 12 345 in French, with a narrow no-break space (as `Intl.NumberFormat("fr")` writes it).
pub fn format_number(lang: Language, n: i64) -> String {
    let sep = match lang {
        Language::French => '\u{202F}',
        _ => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// A calendar date as the language writes it: "21 Nov 2026", "21 nov. 2026",
/// "2026年11月21日". `month` is 1 to 12.
pub fn format_date(lang: Language, year: i32, month: u32, day: u32) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let m = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Language::English => format!("{day} {} {year}", EN[m]),
        Language::French => format!("{day} {} {year}", FR[m]),
        Language::TraditionalChinese => format!("{year}年{month}月{day}日"),
    }
}

/// A date and a 24-hour time: "21 Nov 2026, 14:05", "21 nov. 2026, 14:05",
/// "2026年11月21日 14:05".
pub fn format_date_time(
    lang: Language,
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
) -> String {
    let date = format_date(lang, year, month, day);
    match lang {
        Language::TraditionalChinese => format!("{date} {hour:02}:{minute:02}"),
        _ => format!("{date}, {hour:02}:{minute:02}"),
    }
}

/// A "YYYY-MM-DD" date as the language writes it, or the text as it is.
pub fn format_iso_date(lang: Language, iso: &str) -> String {
    let mut parts = iso.get(..10).unwrap_or("").splitn(3, '-');
    let parsed = (|| {
        let y = parts.next()?.parse().ok()?;
        let m = parts
            .next()?
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))?;
        let d = parts
            .next()?
            .parse()
            .ok()
            .filter(|d| (1..=31).contains(d))?;
        Some((y, m, d))
    })();
    match parsed {
        Some((y, m, d)) => format_date(lang, y, m, d),
        None => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            match after.find('}') {
                Some(end) => {
                    out.insert(after[..end].to_string());
                    rest = &after[end + 1..];
                }
                None => break,
            }
        }
        out
    }

    /// Terms are lowered for a sentence by [`in_sentence`], ASCII letters only: none may
    /// hold another capital letter, in any language.
    #[test]
    fn terms_have_no_capitals_but_ascii_ones() {
        let is_term = |key: &str| {
            key.starts_with("subscriptions.status.")
                || key.starts_with("rules.tag.")
                || (key.starts_with("roles.") && !key.starts_with("roles.denied."))
        };
        let mut checked = 0;
        for (_, files) in FILES {
            for text in *files {
                for (key, value) in parse(text).unwrap() {
                    if is_term(key) {
                        assert_eq!(in_sentence(&value), value.to_lowercase(), "{key}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 30, "only {checked} terms found");
    }

    /// The later areas' English, added as their pages open, is looked up like the rest
    /// (once, however often it is added).
    #[test]
    fn later_english_areas_are_found_once_added() {
        let areas = [
            later_english::wizard(),
            later_english::invite(),
            later_english::email(),
            later_english::activity(),
            later_english::removed(),
            later_english::settings(),
            later_english::storage(),
            later_english::backup(),
            later_english::import(),
        ];
        for text in areas {
            let first = parse(text).unwrap();
            let (key, value) = &first[0];
            add_english(text);
            add_english(text);
            assert_eq!(later_english(key), Some(value.as_str()), "{key}");
        }
        let later = LATER_ENGLISH.lock().unwrap();
        assert_eq!(later.as_ref().unwrap().1.len(), areas.len());
    }

    #[test]
    fn every_file_parses_and_has_no_key_twice() {
        let mut seen: HashMap<(usize, &str), &str> = HashMap::new();
        for (area, files) in FILES {
            for (i, text) in files.iter().enumerate() {
                let entries = parse(text).unwrap_or_else(|e| panic!("{area} ({i}): {e}"));
                for (key, value) in entries {
                    assert!(!value.trim().is_empty(), "{area}: {key} is empty");
                    if let Some(other) = seen.insert((i, key), area) {
                        panic!("{key} is in both {other} and {area} (language {i})");
                    }
                }
            }
        }
    }

    #[test]
    fn every_key_exists_in_all_three_languages_with_the_same_arguments() {
        for (area, files) in FILES {
            let maps: Vec<HashMap<&str, String>> = files
                .iter()
                .map(|t| parse(t).unwrap().into_iter().collect())
                .collect();
            for (i, lang) in Language::ALL.iter().enumerate() {
                for key in maps[0].keys() {
                    assert!(
                        maps[i].contains_key(key),
                        "{area}: {key} is missing in {}",
                        lang.code()
                    );
                }
                for key in maps[i].keys() {
                    assert!(
                        maps[0].contains_key(key),
                        "{area}: {key} is in {} but not in English",
                        lang.code()
                    );
                    assert_eq!(
                        placeholders(&maps[i][key]),
                        placeholders(&maps[0][key]),
                        "{area}: {key} has other arguments in {}",
                        lang.code()
                    );
                }
            }
        }
    }

    /// Every `tr("…")`, `t("…")`, `tf("…"`, `tn("…"` and `Message::new("…")` key in the
    /// web app and this crate exists (in English; the test above does the rest).
    #[test]
    fn every_key_the_code_names_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        for dir in [root.join("src"), root.join("../../src")] {
            for file in rust_files(&dir) {
                let text = std::fs::read_to_string(&file).unwrap();
                for key in named_keys(&text) {
                    let plural = ["one", "other"].iter().all(|f| {
                        catalogue(Language::English)
                            .unwrap()
                            .contains_key(format!("{key}.{f}").as_str())
                    });
                    if !catalogue(Language::English)
                        .unwrap()
                        .contains_key(key.as_str())
                        && !plural
                    {
                        missing.push(format!("{}: {key}", file.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys not in the catalogue:\n{}",
            missing.join("\n")
        );
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    /// Keys written as literals after one of the lookup calls.
    fn named_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for call in ["t(\"", "tf(\"", "tn(\"", "Message::new(\"", "tr(lang, \""] {
            let mut rest = text;
            while let Some(at) = rest.find(call) {
                let before = rest[..at].chars().last();
                rest = &rest[at + call.len()..];
                // `t(` must be the function, not the end of another name (`report(`).
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    if key.contains('.') && !key.contains(' ') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        keys
    }

    /// What scripts/postbuild.mjs writes for the web app (each language's files, by name,
    /// one after another) is what `install` reads, and gives the same texts.
    #[test]
    fn a_language_written_as_one_file_installs_the_same_texts() {
        for lang in [Language::French, Language::TraditionalChinese] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang.code());
            let mut names: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            names.sort();
            let text: String = names
                .iter()
                .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
                .collect();
            let entries = parse(Box::leak(text.clone().into_boxed_str())).unwrap();
            assert_eq!(entries.len(), catalogue(lang).unwrap().len());
            for (key, value) in entries {
                assert_eq!(tr(lang, key), value, "{key}");
            }
            assert_eq!(install(lang, text), Ok(()));
        }
        assert!(install(Language::French, "not a line of a catalogue".into()).is_err());
    }

    #[test]
    fn the_browser_language_picks_ours_or_english() {
        assert_eq!(Language::from_browser(["fr-CA"]), Language::French);
        assert_eq!(
            Language::from_browser(["zh-TW"]),
            Language::TraditionalChinese
        );
        assert_eq!(
            Language::from_browser(["zh-Hant-HK"]),
            Language::TraditionalChinese
        );
        assert_eq!(
            Language::from_browser(["zh-hk"]),
            Language::TraditionalChinese
        );
        assert_eq!(Language::from_browser(["zh-CN", "fr"]), Language::French);
        assert_eq!(Language::from_browser(["zh-Hans-TW"]), Language::English);
        assert_eq!(
            Language::from_browser(["de-DE", "en-GB"]),
            Language::English
        );
        assert_eq!(Language::from_browser(["de"]), Language::English);
        assert_eq!(Language::from_browser([]), Language::English);
    }

    #[test]
    fn a_missing_text_falls_back_to_english_then_to_its_key() {
        assert_eq!(tr(Language::French, "no.such.key"), "no.such.key");
        assert_eq!(tr(Language::French, "app.nav.customers"), "Clients");
        assert_eq!(
            tr(Language::TraditionalChinese, "app.nav.customers"),
            "客戶"
        );
    }

    #[test]
    fn counts_take_the_form_each_language_uses() {
        let en = |n| tr_count(Language::English, "app.count.customers", n, &[]);
        let fr = |n| tr_count(Language::French, "app.count.customers", n, &[]);
        assert_eq!(en(1), "1 customer");
        assert_eq!(en(0), "0 customers");
        assert_eq!(en(12345), "12,345 customers");
        assert_eq!(fr(0), "0 client");
        assert_eq!(fr(1), "1 client");
        assert_eq!(fr(2), "2 clients");
        assert_eq!(fr(12345), "12\u{202F}345 clients");
        assert_eq!(
            tr_count(Language::TraditionalChinese, "app.count.customers", 1, &[]),
            "1 位客戶"
        );
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(format_number(Language::English, 0), "0");
        assert_eq!(format_number(Language::English, 999), "999");
        assert_eq!(format_number(Language::English, 1000), "1,000");
        assert_eq!(format_number(Language::English, -1234567), "-1,234,567");
        assert_eq!(
            format_number(Language::French, 1234567),
            "1\u{202F}234\u{202F}567"
        );
        assert_eq!(
            format_number(Language::TraditionalChinese, 100000),
            "100,000"
        );
    }

    #[test]
    fn dates_are_written_per_language() {
        assert_eq!(format_date(Language::English, 2026, 11, 21), "21 Nov 2026");
        assert_eq!(format_date(Language::French, 2026, 2, 1), "1 févr. 2026");
        assert_eq!(
            format_date(Language::TraditionalChinese, 2026, 11, 21),
            "2026年11月21日"
        );
        assert_eq!(
            format_date_time(Language::French, 2026, 8, 3, 9, 5),
            "3 août 2026, 09:05"
        );
        assert_eq!(
            format_date_time(Language::TraditionalChinese, 2026, 8, 3, 19, 45),
            "2026年8月3日 19:45"
        );
        assert_eq!(
            format_iso_date(Language::English, "2026-01-31"),
            "31 Jan 2026"
        );
        assert_eq!(
            format_iso_date(Language::English, "2026-13-31"),
            "2026-13-31"
        );
        assert_eq!(format_iso_date(Language::English, "soon"), "soon");
    }

    #[test]
    fn a_message_is_english_by_default_and_translated_on_demand() {
        let m = Message::new("app.lang.switched").arg("lang", "Français");
        assert_eq!(m.to_string(), "Language: Français");
        assert_eq!(m.text(Language::French), "Langue : Français");
    }
}
