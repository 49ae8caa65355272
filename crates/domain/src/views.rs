//! Saved views of the customer list: a name for a search, its filters and its sort, kept
//! as the list's URL parameters so that opening one is opening its address.
//!
//! ```
//! use clientele_domain::views::{save, SavedView};
//! let views = save(&[], "  EMEA renewals ", "tag=EMEA&sort=-created").unwrap();
//! assert_eq!(views, [SavedView { name: "EMEA renewals".into(), params: "tag=EMEA&sort=-created".into() }]);
//! ```

use serde::{Deserialize, Serialize};

use crate::i18n::Message;

/// The longest view name, in characters.
pub const MAX_VIEW_NAME: usize = 60;

/// The longest URL parameters a view keeps, in characters: far more than a search, three tag
/// filters and a sort take, and a bound on what a server stores per view.
pub const MAX_VIEW_PARAMS: usize = 2_000;

/// The most views one user keeps.
pub const MAX_VIEWS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    /// The list's URL parameters, without the `?` ("q=contoso&sort=-name"); empty for the
    /// whole list in its own order.
    pub params: String,
}

/// The views with one more, named `name` (trimmed): a view of the same name, in any case,
/// is replaced in its place. Sorted by nothing: the order they were first saved in.
pub fn save(views: &[SavedView], name: &str, params: &str) -> Result<Vec<SavedView>, Message> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Message::new("customers.views.name_empty"));
    }
    if name.chars().count() > MAX_VIEW_NAME || name.chars().any(char::is_control) {
        return Err(Message::new("customers.views.name_invalid").arg("max", MAX_VIEW_NAME));
    }
    let params = params.trim_start_matches('?');
    if params.chars().count() > MAX_VIEW_PARAMS || params.chars().any(char::is_control) {
        return Err(Message::new("customers.views.params_invalid").arg("max", MAX_VIEW_PARAMS));
    }
    let view = SavedView {
        name: name.to_string(),
        params: params.to_string(),
    };
    let mut out = views.to_vec();
    match out.iter().position(|v| same_name(&v.name, name)) {
        Some(at) => out[at] = view,
        None if out.len() >= MAX_VIEWS => {
            return Err(Message::new("customers.views.too_many").arg("max", MAX_VIEWS))
        }
        None => out.push(view),
    }
    Ok(out)
}

/// Whether two view names are the same view: case does not count.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// What a view is known by: its name trimmed and lowercased (a server's key for it).
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The views without the one named `name`.
pub fn delete(views: &[SavedView], name: &str) -> Vec<SavedView> {
    views.iter().filter(|v| v.name != name).cloned().collect()
}

/// The value of `key` in URL parameters `params` ("a=1&b=2"), still percent-encoded.
pub fn param<'a>(params: &'a str, key: &str) -> Option<&'a str> {
    params
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_checked_and_replaces_its_namesake() {
        let one = save(&[], "EMEA", "tag=EMEA").unwrap();
        let two = save(&one, "Renewals", "sort=created").unwrap();
        let again = save(&two, "emea ", "tag=EMEA&sort=-name").unwrap();
        assert_eq!(again.len(), 2);
        assert_eq!(again[0].params, "tag=EMEA&sort=-name");
        assert_eq!(again[0].name, "emea");
        assert!(save(&[], "  ", "").is_err());
        assert!(save(&[], &"x".repeat(61), "").is_err());
        assert!(save(&[], "a\nb", "").is_err());
        assert_eq!(delete(&again, "Renewals").len(), 1);
    }

    #[test]
    fn long_or_control_params_and_one_view_too_many_are_refused() {
        assert!(save(&[], "a", &"q=x".repeat(MAX_VIEW_PARAMS)).is_err());
        assert!(save(&[], "a", "q=a\nb").is_err());
        assert!(save(&[], "a", &"x".repeat(MAX_VIEW_PARAMS)).is_ok());
        let full: Vec<SavedView> = (0..MAX_VIEWS)
            .map(|i| SavedView {
                name: format!("v{i}"),
                params: String::new(),
            })
            .collect();
        assert!(save(&full, "one more", "").is_err());
        // Saving again under a name kept replaces it, full or not.
        assert_eq!(save(&full, "V3", "q=x").unwrap()[3].params, "q=x");
        assert!(same_name(" EMEA ", "emea"));
    }

    #[test]
    fn params_are_found_by_key() {
        assert_eq!(param("q=a%20b&tag=EMEA", "tag"), Some("EMEA"));
        assert_eq!(param("q=a%20b&tag=EMEA", "q"), Some("a%20b"));
        assert_eq!(param("", "q"), None);
    }
}
