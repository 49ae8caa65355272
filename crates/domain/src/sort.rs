//! Sorting the customer list by a column: which columns, the URL form, and sort keys.
//!
//! Text must compare as the UI language collates it (in the browser, `Intl.Collator`), and
//! a collator is slow next to comparing two numbers. So each column's texts are ranked
//! ONCE per book: the distinct texts are put in collation order (by whoever can collate:
//! the browser, or [`rank_by`] natively), and every customer gets its text's rank, a `u32`
//! ([`ranks_from_order`]). Sorting rows is then a sort of integers ([`sort_rows`]), stable,
//! with the list's own order (company name) as the tiebreak.
//!
//! ```
//! use clientele_domain::sort::{rank_by, sort_rows, Direction};
//! let domains = ["b.com", "a.com", "b.com"].map(String::from);
//! let keys = rank_by(&domains, |a, b| a.cmp(b));
//! let mut rows = vec![0, 1, 2];
//! sort_rows(&mut rows, &keys, Direction::Descending);
//! assert_eq!(rows, [0, 2, 1]);
//! ```

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;

use crate::active::ActiveCounts;
use crate::columns::{Columns, ListColumn};
use crate::export::relationship_label;
use crate::i18n::{tr, Language};
use crate::model::{Customer, Reseller, ResellerId};

/// The columns a header button sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortColumn {
    CompanyName,
    Domain,
    Relationship,
    Reseller,
    Tags,
    Created,
    /// The count of active subscriptions.
    Subscriptions,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        Self::CompanyName,
        Self::Domain,
        Self::Relationship,
        Self::Reseller,
        Self::Tags,
        Self::Created,
        Self::Subscriptions,
    ];

    /// Its name in the URL (`?sort=domain`, `?sort=-created`).
    pub fn key(self) -> &'static str {
        match self {
            Self::CompanyName => "name",
            Self::Domain => "domain",
            Self::Relationship => "relationship",
            Self::Reseller => "reseller",
            Self::Tags => "tags",
            Self::Created => "created",
            Self::Subscriptions => "subscriptions",
        }
    }

    /// The optional column it sorts ("Columns" menu); `None` for one always shown.
    pub fn list_column(self) -> Option<ListColumn> {
        match self {
            Self::CompanyName | Self::Domain => None,
            Self::Relationship => Some(ListColumn::Relationship),
            Self::Reseller => Some(ListColumn::Reseller),
            Self::Tags => Some(ListColumn::Tags),
            Self::Created => Some(ListColumn::Created),
            Self::Subscriptions => Some(ListColumn::Subscriptions),
        }
    }

    /// Its column's header.
    pub fn label(self, lang: Language) -> &'static str {
        match self.list_column() {
            Some(column) => column.label(lang),
            None if self == Self::CompanyName => tr(lang, "customers.column.company_name"),
            None => tr(lang, "customers.column.domain"),
        }
    }

    /// The columns a list showing `columns` sorts by: those with a header shown.
    pub fn shown(columns: &Columns) -> Vec<SortColumn> {
        Self::ALL
            .into_iter()
            .filter(|c| c.list_column().is_none_or(|l| columns.shows(l)))
            .collect()
    }

    /// Whether its texts need the language's collation (a creation time is ISO 8601 and a
    /// count is written zero-padded: both order as plain text).
    pub fn is_collated(self) -> bool {
        !matches!(self, Self::Created | Self::Subscriptions)
    }

    /// What is compared for this column: the text the list shows (a count zero-padded to
    /// ten digits, so that text order is number order; empty while counts are unknown).
    pub fn text<'a>(
        self,
        c: &'a Customer,
        lang: Language,
        resellers: &HashMap<&ResellerId, &'a str>,
        active: Option<&ActiveCounts>,
    ) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        match self {
            Self::CompanyName => Cow::Borrowed(&c.company_name),
            Self::Domain => Cow::Borrowed(&c.primary_domain),
            Self::Relationship => Cow::Borrowed(relationship_label(lang, c.relationship)),
            Self::Reseller => Cow::Borrowed(
                c.reseller_id
                    .as_ref()
                    .and_then(|id| resellers.get(id).copied())
                    .unwrap_or(""),
            ),
            Self::Tags => Cow::Owned(crate::tags::joined(&c.tags)),
            Self::Created => Cow::Borrowed(&c.created_at),
            Self::Subscriptions => match active {
                Some(a) => Cow::Owned(format!("{:010}", a.of(&c.id))),
                None => Cow::Borrowed(""),
            },
        }
    }

    /// This column's texts for every customer, in the order given.
    pub fn texts(
        self,
        customers: &[Customer],
        lang: Language,
        resellers: &[Reseller],
        active: Option<&ActiveCounts>,
    ) -> Vec<String> {
        let names: HashMap<&ResellerId, &str> = resellers
            .iter()
            .rev()
            .map(|r| (&r.id, r.name.as_str()))
            .collect();
        customers
            .iter()
            .map(|c| self.text(c, lang, &names, active).into_owned())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Ascending,
    Descending,
}

/// The list's sort: `None` of it is the list's own order (company name, folded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: SortColumn,
    pub direction: Direction,
}

impl Sort {
    /// Reads `?sort=`: a column key, `-` in front for descending. Anything else is no sort,
    /// so a hand-edited link still opens the list.
    pub fn from_param(param: Option<&str>) -> Option<Sort> {
        let text = param?.trim();
        let (direction, key) = match text.strip_prefix('-') {
            Some(rest) => (Direction::Descending, rest),
            None => (Direction::Ascending, text),
        };
        SortColumn::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .map(|column| Sort { column, direction })
    }

    pub fn to_param(self) -> String {
        match self.direction {
            Direction::Ascending => self.column.key().to_string(),
            Direction::Descending => format!("-{}", self.column.key()),
        }
    }

    /// What a click on `column`'s header makes of `current`: ascending first, then
    /// descending, then ascending again.
    pub fn clicked(current: Option<Sort>, column: SortColumn) -> Sort {
        let direction = match current {
            Some(s) if s.column == column && s.direction == Direction::Ascending => {
                Direction::Descending
            }
            _ => Direction::Ascending,
        };
        Sort { column, direction }
    }

    /// The `aria-sort` of `column`'s header.
    pub fn aria(current: Option<Sort>, column: SortColumn) -> &'static str {
        match current {
            Some(s) if s.column == column => match s.direction {
                Direction::Ascending => "ascending",
                Direction::Descending => "descending",
            },
            _ => "none",
        }
    }
}

/// Each text's rank, given the distinct texts in collation order (`sorted`): equal texts
/// share a rank. A text missing from `sorted` ranks last.
pub fn ranks_from_order(texts: &[String], sorted: &[String]) -> Vec<u32> {
    let rank: HashMap<&str, u32> = sorted
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    texts
        .iter()
        .map(|t| rank.get(t.as_str()).copied().unwrap_or(u32::MAX))
        .collect()
}

/// The distinct texts, once each, to be put in collation order.
pub fn distinct(texts: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = texts.to_vec();
    seen.sort_unstable();
    seen.dedup();
    seen
}

/// Ranks with `compare` as the collation (natively: tests, benchmarks, a server): each
/// distinct text is compared, never each customer.
pub fn rank_by(texts: &[String], compare: impl Fn(&str, &str) -> Ordering) -> Vec<u32> {
    let mut order = distinct(texts);
    order.sort_by(|a, b| compare(a, b));
    ranks_from_order(texts, &order)
}

/// Puts `rows` (positions in the list, which is in company-name order) in the order of
/// their `keys`; equal keys keep company-name order in both directions.
pub fn sort_rows(rows: &mut [u32], keys: &[u32], direction: Direction) {
    let key = |&i: &u32| keys.get(i as usize).copied().unwrap_or(u32::MAX);
    match direction {
        Direction::Ascending => rows.sort_unstable_by_key(|i| (key(i), *i)),
        Direction::Descending => rows.sort_unstable_by_key(|i| (Reverse(key(i)), *i)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;
    use crate::search::fold;

    fn customer(n: u128, name: &str, domain: &str, created: &str) -> Customer {
        Customer::new(CustomerId::from_u128(n), name, domain, created)
    }

    /// The stand-in for `Intl.Collator` natively: an approximation of the root collation
    /// (CLDR's default order, which French uses untailored), with accents and case as
    /// second-level differences, as `search::fold` removes them. It agrees with the root
    /// collation on the Latin texts below. It does not model a tailoring such as zh-TW's
    /// stroke order for Han: that, and French, are checked against the browser's real
    /// collator in tests/e2e/list-tools.spec.js ("Sorting in the UI language").
    fn folded(a: &str, b: &str) -> Ordering {
        fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
    }

    fn sorted_names(
        list: &[Customer],
        column: SortColumn,
        lang: Language,
        d: Direction,
    ) -> Vec<&str> {
        sorted_names_with(list, column, lang, d, None)
    }

    fn sorted_names_with<'a>(
        list: &'a [Customer],
        column: SortColumn,
        lang: Language,
        d: Direction,
        active: Option<&ActiveCounts>,
    ) -> Vec<&'a str> {
        let keys = rank_by(&column.texts(list, lang, &[], active), folded);
        let mut rows: Vec<u32> = (0..list.len() as u32).collect();
        sort_rows(&mut rows, &keys, d);
        rows.iter()
            .map(|&i| list[i as usize].company_name.as_str())
            .collect()
    }

    fn book() -> Vec<Customer> {
        // In the list's order (company name), as sort_rows expects.
        let mut a = customer(1, "Alpha", "zeta.com", "2026-03-01T00:00:00Z");
        a.tags = vec!["Retail".into()];
        let mut b = customer(2, "Bêta", "ALPHA.com", "2026-01-01T00:00:00Z");
        b.relationship = crate::model::Relationship::ResellerWithDelegatedAdmin;
        b.tags = vec!["emea".into()];
        let c = customer(3, "Gamma", "beta.com", "2026-02-01T00:00:00Z");
        let d = customer(4, "Delta", "zeta.com", "2026-02-01T00:00:00Z");
        vec![a, b, d, c]
    }

    #[test]
    fn every_column_sorts_both_ways_with_company_name_as_the_tiebreak() {
        for lang in Language::ALL {
            every_column_sorts_in(lang);
        }
    }

    fn every_column_sorts_in(lang: Language) {
        let list = book();
        let up = |col| sorted_names(&list, col, lang, Direction::Ascending);
        let down = |col| sorted_names(&list, col, lang, Direction::Descending);
        assert_eq!(
            up(SortColumn::CompanyName),
            ["Alpha", "Bêta", "Delta", "Gamma"]
        );
        assert_eq!(
            down(SortColumn::CompanyName),
            ["Gamma", "Delta", "Bêta", "Alpha"]
        );
        assert_eq!(up(SortColumn::Domain), ["Bêta", "Gamma", "Alpha", "Delta"]);
        // Ties (zeta.com) stay in company-name order in both directions.
        assert_eq!(
            down(SortColumn::Domain),
            ["Alpha", "Delta", "Gamma", "Bêta"]
        );
        assert_eq!(up(SortColumn::Created), ["Bêta", "Delta", "Gamma", "Alpha"]);
        assert_eq!(down(SortColumn::Tags), ["Alpha", "Bêta", "Delta", "Gamma"]);
        assert_eq!(up(SortColumn::Tags), ["Delta", "Gamma", "Bêta", "Alpha"]);
        assert_eq!(
            up(SortColumn::Relationship),
            ["Alpha", "Delta", "Gamma", "Bêta"]
        );
    }

    #[test]
    fn relationship_sorts_by_its_label_in_each_language() {
        let list = book();
        for lang in Language::ALL {
            let keys = rank_by(
                &SortColumn::Relationship.texts(&list, lang, &[], None),
                folded,
            );
            let label = |r| relationship_label(lang, r);
            let expected = folded(
                label(crate::model::Relationship::Reseller),
                label(crate::model::Relationship::ResellerWithDelegatedAdmin),
            );
            assert_eq!(keys[0].cmp(&keys[1]), expected, "{lang:?}");
        }
    }

    #[test]
    fn the_reseller_column_sorts_by_name_and_direct_customers_first() {
        let mut list = book();
        let (r1, r2) = (ResellerId::from_u128(8), ResellerId::from_u128(9));
        list[0].reseller_id = Some(r1.clone());
        list[1].reseller_id = Some(r2.clone());
        let resellers = [
            Reseller {
                id: r1,
                name: "Zulu".into(),
            },
            Reseller {
                id: r2,
                name: "Yankee".into(),
            },
        ];
        let keys = rank_by(
            &SortColumn::Reseller.texts(&list, Language::English, &resellers, None),
            folded,
        );
        let mut rows = vec![0, 1, 2, 3];
        sort_rows(&mut rows, &keys, Direction::Ascending);
        assert_eq!(rows, [2, 3, 1, 0]);
    }

    #[test]
    fn the_subscriptions_column_sorts_by_the_count_as_a_number() {
        use crate::model::{Subscription, SubscriptionId, SubscriptionStatus};
        let list = book();
        let mut subscriptions = Vec::new();
        // Alpha 10 active, Bêta 9, Delta none (one suspended), Gamma none.
        for (who, n) in [(0usize, 10u128), (1, 9)] {
            for k in 0..n {
                subscriptions.push(Subscription {
                    id: SubscriptionId::from_u128(100 * who as u128 + k + 1),
                    customer_id: list[who].id.clone(),
                    offer_name: "Office".into(),
                    quantity: 1,
                    status: SubscriptionStatus::Active,
                    reseller_id: None,
                });
            }
        }
        let mut suspended = subscriptions[0].clone();
        suspended.id = SubscriptionId::from_u128(999);
        suspended.customer_id = list[2].id.clone();
        suspended.status = SubscriptionStatus::Suspended;
        subscriptions.push(suspended);
        let active = ActiveCounts::new(&subscriptions);
        let column = SortColumn::Subscriptions;
        assert!(!column.is_collated());
        let names = |d| sorted_names_with(&list, column, Language::English, d, Some(&active));
        assert_eq!(
            names(Direction::Ascending),
            ["Delta", "Gamma", "Bêta", "Alpha"]
        );
        assert_eq!(
            names(Direction::Descending),
            ["Alpha", "Bêta", "Delta", "Gamma"]
        );
    }

    #[test]
    fn the_url_form_round_trips_and_a_click_toggles() {
        for column in SortColumn::ALL {
            for direction in [Direction::Ascending, Direction::Descending] {
                let s = Sort { column, direction };
                assert_eq!(Sort::from_param(Some(&s.to_param())), Some(s));
            }
        }
        assert_eq!(Sort::from_param(Some("-bogus")), None);
        assert_eq!(Sort::from_param(None), None);
        let first = Sort::clicked(None, SortColumn::Domain);
        assert_eq!(first.direction, Direction::Ascending);
        let second = Sort::clicked(Some(first), SortColumn::Domain);
        assert_eq!(second.direction, Direction::Descending);
        assert_eq!(Sort::clicked(Some(second), SortColumn::Domain), first);
        assert_eq!(Sort::aria(Some(second), SortColumn::Domain), "descending");
        assert_eq!(Sort::aria(Some(second), SortColumn::Tags), "none");
    }

    #[test]
    fn the_columns_to_sort_by_are_those_shown() {
        assert_eq!(SortColumn::shown(&Columns::all()), SortColumn::ALL);
        let few = Columns::all()
            .toggled(ListColumn::Tags)
            .toggled(ListColumn::CustomerId);
        assert!(!SortColumn::shown(&few).contains(&SortColumn::Tags));
        assert_eq!(SortColumn::shown(&few).len(), SortColumn::ALL.len() - 1);
        for lang in Language::ALL {
            for c in SortColumn::ALL {
                assert!(!c.label(lang).starts_with("customers."), "{c:?} {lang:?}");
            }
        }
        assert_eq!(
            SortColumn::Subscriptions.label(Language::English),
            "Subscriptions (active count)"
        );
    }

    #[test]
    fn equal_texts_share_a_rank() {
        let texts = ["b", "a", "b"].map(String::from);
        assert_eq!(rank_by(&texts, |a, b| a.cmp(b)), [1, 0, 1]);
    }
}
