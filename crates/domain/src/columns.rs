//! The customer list's optional columns ("Columns" menu): which are shown, remembered in the
//! browser, and which the export writes (the visible ones, unless the export settings ask
//! for all columns).
//!
//! ```
//! use clientele_domain::columns::{Columns, ListColumn};
//! let c = Columns::default().toggled(ListColumn::CustomerId);
//! assert!(!c.shows(ListColumn::CustomerId) && c.shows(ListColumn::Tags));
//! ```

use serde::{Deserialize, Serialize};

use crate::i18n::{tr, Language};

/// A column that can be hidden (company name and primary domain always show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListColumn {
    CustomerId,
    Relationship,
    Reseller,
    Tags,
    Created,
    /// "Subscriptions (active count)".
    Subscriptions,
}

impl ListColumn {
    pub const ALL: [ListColumn; 6] = [
        Self::CustomerId,
        Self::Relationship,
        Self::Reseller,
        Self::Tags,
        Self::Created,
        Self::Subscriptions,
    ];

    /// Its header in the list (and its name in the menu).
    pub fn label(self, lang: Language) -> &'static str {
        tr(
            lang,
            match self {
                Self::CustomerId => "customers.column.id",
                Self::Relationship => "customers.column.relationship",
                Self::Reseller => "customers.column.reseller",
                Self::Tags => "customers.column.tags",
                Self::Created => "customers.column.created",
                Self::Subscriptions => "customers.column.subscriptions",
            },
        )
    }
}

/// The hidden columns; every column shows by default. Unknown names in a stored value are
/// dropped, so an older or newer browser's choice still reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Columns {
    #[serde(default, deserialize_with = "known")]
    hidden: Vec<ListColumn>,
}

fn known<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ListColumn>, D::Error> {
    let names: Vec<serde_json::Value> = Deserialize::deserialize(d)?;
    Ok(names
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

impl Columns {
    /// Every column shown: what "All columns" exports.
    pub fn all() -> Self {
        Self::default()
    }

    pub fn shows(&self, column: ListColumn) -> bool {
        !self.hidden.contains(&column)
    }

    /// These columns with `column` shown if it was hidden, hidden if it was shown.
    pub fn toggled(&self, column: ListColumn) -> Self {
        let mut hidden: Vec<ListColumn> = self
            .hidden
            .iter()
            .copied()
            .filter(|c| *c != column)
            .collect();
        if self.shows(column) {
            hidden.push(column);
        }
        Self { hidden }
    }

    /// How many cells a row has: the first (select and expand), company name and domain,
    /// and the optional columns shown.
    pub fn cells(&self) -> usize {
        3 + ListColumn::ALL.iter().filter(|c| self.shows(**c)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_toggles_and_the_choice_round_trips() {
        let c = Columns::default()
            .toggled(ListColumn::Tags)
            .toggled(ListColumn::CustomerId);
        assert_eq!(c.cells(), 7);
        let back: Columns = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        assert_eq!(
            c.toggled(ListColumn::Tags).toggled(ListColumn::CustomerId),
            Columns::all()
        );
        assert_eq!(Columns::all().cells(), 9);
    }

    #[test]
    fn unknown_stored_names_are_dropped() {
        let c: Columns = serde_json::from_str(r#"{"hidden":["Tags","Nope",3]}"#).unwrap();
        assert!(!c.shows(ListColumn::Tags) && c.shows(ListColumn::Created));
        assert_eq!(
            serde_json::from_str::<Columns>("{}").unwrap(),
            Columns::all()
        );
    }
}
