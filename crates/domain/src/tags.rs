//! A customer's tags: short labels a partner groups customers by ("EMEA", "renewal Q3").
//!
//! The limits are Partner Center's: a customer has up to [`MAX_TAGS`] tags, each 1 to
//! [`MAX_TAG_CHARS`] characters once trimmed. A tag may not hold a comma (the export joins
//! tags with ", " in one cell, and the list's URL joins the tag filter with commas) or a
//! control character, and a customer's tags differ by more than letter case ("EMEA" is
//! refused when "emea" is there), so that filtering and removing by tag is never ambiguous.
//!
//! ```
//! use clientele_domain::tags::{check_new_tag, TagError};
//! let tags = vec!["emea".to_string()];
//! assert_eq!(check_new_tag("  Retail ", &tags), Ok("Retail".to_string()));
//! assert_eq!(check_new_tag("EMEA", &tags), Err(TagError::SameButCase("emea".into())));
//! ```

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::i18n::Message;
use crate::model::Customer;

/// At most this many tags per customer.
pub const MAX_TAGS: usize = 150;
/// At most this many characters per tag, once trimmed.
pub const MAX_TAG_CHARS: usize = 50;
/// How tags are written in one cell or one line: the export's Tags column, the log.
pub const TAG_SEPARATOR: &str = ", ";

/// Why a tag (or a customer's tags) is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagError {
    Empty,
    TooLong,
    Comma,
    ControlCharacter,
    /// The customer already has this tag, exactly.
    Duplicate(String),
    /// The customer has this tag in another letter case.
    SameButCase(String),
    TooMany,
}

impl TagError {
    pub fn message(&self) -> Message {
        match self {
            Self::Empty => Message::new("rules.tag.empty"),
            Self::TooLong => Message::new("rules.tag.too_long").arg("max", MAX_TAG_CHARS),
            Self::Comma => Message::new("rules.tag.comma"),
            Self::ControlCharacter => Message::new("rules.tag.control"),
            Self::Duplicate(tag) => Message::new("rules.tag.duplicate").arg("tag", tag),
            Self::SameButCase(tag) => Message::new("rules.tag.same_but_case").arg("tag", tag),
            Self::TooMany => Message::new("rules.tag.too_many").arg("max", MAX_TAGS),
        }
    }
}

/// One tag as typed: trimmed, or why it can't be a tag.
pub fn check_tag(text: &str) -> Result<String, TagError> {
    let tag = text.trim();
    if tag.is_empty() {
        Err(TagError::Empty)
    } else if tag.contains(',') {
        Err(TagError::Comma)
    } else if tag.chars().any(char::is_control) {
        Err(TagError::ControlCharacter)
    } else if tag.chars().count() > MAX_TAG_CHARS {
        Err(TagError::TooLong)
    } else {
        Ok(tag.to_string())
    }
}

/// Whether two tags are the same but for letter case (and so may not both be a customer's).
pub fn same_tag(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// A tag typed to be added to `tags`: trimmed, or why not (see [`check_tag`]; also a tag
/// already there, in any case, and a 151st tag).
pub fn check_new_tag(text: &str, tags: &[String]) -> Result<String, TagError> {
    let tag = check_tag(text)?;
    if let Some(there) = tags.iter().find(|t| same_tag(t, &tag)) {
        return Err(if *there == tag {
            TagError::Duplicate(there.clone())
        } else {
            TagError::SameButCase(there.clone())
        });
    }
    if tags.len() >= MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(tag)
}

/// A whole list of tags (a new customer's): each trimmed and checked, in the order given.
pub fn check_tags(tags: &[String]) -> Result<Vec<String>, TagError> {
    let mut checked = Vec::with_capacity(tags.len());
    for t in tags {
        let tag = check_new_tag(t, &checked)?;
        checked.push(tag);
    }
    Ok(checked)
}

/// Tags typed in one box, separated by commas (the wizard's "Tags" field): blank pieces are
/// skipped, the rest checked as [`check_tags`] does.
pub fn parse_tag_list(text: &str) -> Result<Vec<String>, TagError> {
    let pieces: Vec<String> = text
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect();
    check_tags(&pieces)
}

/// A change to the tags of one customer or many (a selection in the list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagEdit {
    /// Adds the tag; a customer that has it already (exactly) is left as it is, so that
    /// tagging a selection again changes nothing.
    Add(String),
    /// Removes the tag, in whatever case the customer has it; a customer without it is left
    /// as it is.
    Remove(String),
}

impl TagEdit {
    /// `tags` after the edit; `None` when the edit changes nothing.
    pub fn applied(&self, tags: &[String]) -> Result<Option<Vec<String>>, TagError> {
        match self {
            Self::Add(text) => {
                let tag = check_tag(text)?;
                if tags.contains(&tag) {
                    return Ok(None);
                }
                let tag = check_new_tag(&tag, tags)?;
                let mut now = tags.to_vec();
                now.push(tag);
                Ok(Some(now))
            }
            Self::Remove(text) => {
                let tag = text.trim();
                if !tags.iter().any(|t| same_tag(t, tag)) {
                    return Ok(None);
                }
                Ok(Some(
                    tags.iter().filter(|t| !same_tag(t, tag)).cloned().collect(),
                ))
            }
        }
    }

    pub fn tag(&self) -> &str {
        match self {
            Self::Add(t) | Self::Remove(t) => t.trim(),
        }
    }
}

/// Tags as one line: "EMEA, Retail".
pub fn joined(tags: &[String]) -> String {
    tags.join(TAG_SEPARATOR)
}

/// Every tag the customers have, once each (the first spelling met), in folded order: the
/// suggestions offered as a tag is typed.
pub fn tags_in_use<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> Vec<String> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for c in customers {
        for t in &c.tags {
            seen.entry(crate::search::fold(t)).or_insert(t);
        }
    }
    seen.into_values().map(str::to_string).collect()
}

/// "Filter by tag": the customers having every one of these tags (in any case). URL form:
/// the tags joined by commas, which no tag contains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter(Vec<String>);

impl TagFilter {
    pub fn new(tags: impl IntoIterator<Item = String>) -> Self {
        let mut kept: Vec<String> = Vec::new();
        for t in tags {
            if let Ok(tag) = check_new_tag(&t, &kept) {
                kept.push(tag);
            }
        }
        Self(kept)
    }

    /// Reads the URL parameter; pieces that are no valid tag are dropped, so a hand-edited
    /// link still opens the list.
    pub fn from_param(param: Option<&str>) -> Self {
        Self::new(param.unwrap_or("").split(',').map(str::to_string))
    }

    pub fn to_param(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.join(","))
    }

    pub fn tags(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// This filter with `tag` chosen too (unchanged if it is there already).
    pub fn with(&self, tag: &str) -> Self {
        Self::new(self.0.iter().cloned().chain([tag.to_string()]))
    }

    /// This filter without `tag`.
    pub fn without(&self, tag: &str) -> Self {
        Self(
            self.0
                .iter()
                .filter(|t| !same_tag(t, tag))
                .cloned()
                .collect(),
        )
    }

    pub fn matches(&self, customer: &Customer) -> bool {
        self.0
            .iter()
            .all(|want| customer.tags.iter().any(|t| same_tag(t, want)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;
    use proptest::prelude::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_tag_is_trimmed() {
        assert_eq!(check_tag("  EMEA \t"), Ok("EMEA".into()));
    }

    #[test]
    fn a_blank_tag_is_refused() {
        assert_eq!(check_tag("   "), Err(TagError::Empty));
    }

    #[test]
    fn fifty_characters_are_allowed_and_fifty_one_refused() {
        assert!(check_tag(&"é".repeat(50)).is_ok());
        assert_eq!(check_tag(&"é".repeat(51)), Err(TagError::TooLong));
        // Counted once trimmed.
        assert!(check_tag(&format!("  {}  ", "a".repeat(50))).is_ok());
    }

    #[test]
    fn a_comma_is_refused() {
        assert_eq!(check_tag("EMEA, Retail"), Err(TagError::Comma));
    }

    #[test]
    fn a_control_character_is_refused() {
        for bad in ["a\tb", "a\nb", "a\u{7}b", "a\u{85}b"] {
            assert_eq!(check_tag(bad), Err(TagError::ControlCharacter), "{bad:?}");
        }
    }

    #[test]
    fn a_case_only_duplicate_is_refused() {
        assert_eq!(
            check_new_tag("EMEA", &tags(&["emea"])),
            Err(TagError::SameButCase("emea".into()))
        );
    }

    #[test]
    fn an_exact_duplicate_is_refused() {
        assert_eq!(
            check_new_tag(" emea", &tags(&["emea"])),
            Err(TagError::Duplicate("emea".into()))
        );
    }

    #[test]
    fn a_151st_tag_is_refused() {
        let full: Vec<String> = (0..MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(check_new_tag("one more", &full), Err(TagError::TooMany));
        assert!(check_new_tag("one more", &full[1..]).is_ok());
    }

    #[test]
    fn every_refusal_has_its_own_message() {
        let errors = [
            TagError::Empty,
            TagError::TooLong,
            TagError::Comma,
            TagError::ControlCharacter,
            TagError::Duplicate("a".into()),
            TagError::SameButCase("a".into()),
            TagError::TooMany,
        ];
        let texts: std::collections::HashSet<String> =
            errors.iter().map(|e| e.message().to_string()).collect();
        assert_eq!(texts.len(), errors.len());
        assert_eq!(
            TagError::SameButCase("emea".into()).message().to_string(),
            "This customer already has the tag “emea”: tags must differ by more than letter case."
        );
    }

    #[test]
    fn a_typed_list_skips_blanks_and_refuses_duplicates() {
        assert_eq!(
            parse_tag_list(" EMEA, ,Retail ,"),
            Ok(tags(&["EMEA", "Retail"]))
        );
        assert_eq!(
            parse_tag_list("EMEA, emea"),
            Err(TagError::SameButCase("EMEA".into()))
        );
    }

    #[test]
    fn adding_a_tag_there_already_changes_nothing() {
        assert_eq!(
            TagEdit::Add("EMEA".into()).applied(&tags(&["EMEA"])),
            Ok(None)
        );
        assert_eq!(
            TagEdit::Add("Retail".into()).applied(&tags(&["EMEA"])),
            Ok(Some(tags(&["EMEA", "Retail"])))
        );
        assert_eq!(
            TagEdit::Add("emea".into()).applied(&tags(&["EMEA"])),
            Err(TagError::SameButCase("EMEA".into()))
        );
    }

    #[test]
    fn removing_takes_the_tag_in_any_case() {
        assert_eq!(
            TagEdit::Remove("emea".into()).applied(&tags(&["EMEA", "Retail"])),
            Ok(Some(tags(&["Retail"])))
        );
        assert_eq!(
            TagEdit::Remove("x".into()).applied(&tags(&["EMEA"])),
            Ok(None)
        );
    }

    fn tagged(n: u128, list: &[&str]) -> Customer {
        Customer {
            tags: tags(list),
            ..Customer::new(CustomerId::from_u128(n), "C", "c.example", "")
        }
    }

    #[test]
    fn the_filter_wants_every_chosen_tag_in_any_case() {
        let f = TagFilter::from_param(Some("emea,Retail"));
        assert!(f.matches(&tagged(1, &["Retail", "EMEA", "x"])));
        assert!(!f.matches(&tagged(2, &["EMEA"])));
        assert!(TagFilter::default().matches(&tagged(3, &[])));
    }

    #[test]
    fn the_filter_param_round_trips_and_drops_what_is_no_tag() {
        let f = TagFilter::new(tags(&["EMEA", "Retail Q3"]));
        assert_eq!(TagFilter::from_param(f.to_param().as_deref()), f);
        assert_eq!(
            TagFilter::from_param(Some(",EMEA,,emea, ")).tags(),
            ["EMEA"]
        );
        assert_eq!(TagFilter::from_param(None).to_param(), None);
        assert_eq!(f.without("emea").tags(), ["Retail Q3"]);
        assert_eq!(f.with("retail q3"), f);
    }

    #[test]
    fn tags_in_use_are_listed_once_in_folded_order() {
        let list = [tagged(1, &["Retail", "émea"]), tagged(2, &["EMEA", "apac"])];
        assert_eq!(tags_in_use(&list), tags(&["apac", "émea", "Retail"]));
    }

    proptest! {
        /// Whatever is typed, what is accepted obeys every limit.
        #[test]
        fn accepted_tags_obey_the_limits(text in "\\PC{0,60}|.{0,60}") {
            if let Ok(tag) = check_tag(&text) {
                prop_assert!(!tag.is_empty() && tag.chars().count() <= MAX_TAG_CHARS);
                prop_assert!(!tag.contains(',') && !tag.chars().any(char::is_control));
                prop_assert_eq!(tag.trim(), tag.as_str());
            }
        }

        /// Adding then removing a new tag gives the tags back.
        #[test]
        fn add_then_remove_is_the_identity(
            list in proptest::collection::vec("[a-z]{1,8}", 0..10),
            tag in "[A-Za-z ]{1,12}",
        ) {
            let start = check_tags(&list.iter().cloned().collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>()).unwrap();
            if let Ok(Some(added)) = TagEdit::Add(tag.clone()).applied(&start) {
                let back = TagEdit::Remove(tag).applied(&added).unwrap().unwrap();
                prop_assert_eq!(back, start);
            }
        }
    }
}
