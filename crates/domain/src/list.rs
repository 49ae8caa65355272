//! What the customer list shows: display order, the reseller filter and the row count.

use crate::i18n::{format_number, tr, tr_count, trf, Language};
use crate::model::{Customer, Reseller, ResellerId};
use crate::search::name_key;
use crate::tags::TagFilter;

/// The "Filter by indirect reseller" choice. URL form: absent = All, "direct" = Direct, else
/// the reseller GUID.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ResellerFilter {
    #[default]
    All,
    Direct,
    Reseller(ResellerId),
}

/// The URL parameter value for [`ResellerFilter::Direct`].
const DIRECT: &str = "direct";

impl ResellerFilter {
    /// Reads the URL parameter; unknown or invalid text means All, so a stale or hand-edited
    /// link still opens the list.
    pub fn from_param(param: Option<&str>) -> Self {
        let Some(text) = param.map(str::trim) else {
            return Self::All;
        };
        if text.eq_ignore_ascii_case(DIRECT) {
            return Self::Direct;
        }
        ResellerId::parse(text).map_or(Self::All, Self::Reseller)
    }

    pub fn to_param(&self) -> Option<String> {
        match self {
            Self::All => None,
            Self::Direct => Some(DIRECT.to_string()),
            Self::Reseller(id) => Some(id.to_string()),
        }
    }

    pub fn matches(&self, customer: &Customer) -> bool {
        match self {
            Self::All => true,
            Self::Direct => customer.reseller_id.is_none(),
            Self::Reseller(id) => customer.reseller_id.as_ref() == Some(id),
        }
    }
}

/// The choices of "Filter by indirect reseller", with their labels: All, direct customers,
/// each reseller by name, and the current filter when it names a reseller not listed (a
/// shared link from another browser), so the select never shows "All" over a filtered list.
pub fn filter_options(
    lang: Language,
    resellers: &[Reseller],
    current: &ResellerFilter,
) -> Vec<(ResellerFilter, String)> {
    let mut options = vec![
        (
            ResellerFilter::All,
            tr(lang, "customers.filter.all").to_string(),
        ),
        (
            ResellerFilter::Direct,
            tr(lang, "customers.filter.direct").to_string(),
        ),
    ];
    options.extend(
        resellers
            .iter()
            .map(|r| (ResellerFilter::Reseller(r.id.clone()), r.name.clone())),
    );
    if let ResellerFilter::Reseller(id) = current {
        if resellers.iter().all(|r| &r.id != id) {
            let label = trf(lang, "customers.filter.unknown", &[("id", id.as_str())]);
            options.push((current.clone(), label));
        }
    }
    options
}

/// Sorts customers into display order: by folded company name, then by ID (stable,
/// deterministic).
pub fn sort_for_display(customers: &mut [Customer]) {
    // Folding allocates: do it once per customer, not once per comparison.
    customers.sort_by_cached_key(|c| (name_key(&c.company_name), c.id.clone()));
}

/// The rows the list shows: of `found` (indices into `customers`, in display order, as a
/// search found them), those that the reseller filter and the tag filter let through.
pub fn visible_rows(
    customers: &[Customer],
    found: Vec<u32>,
    filter: &ResellerFilter,
    tags: &TagFilter,
) -> Vec<u32> {
    let mut rows = found;
    if *filter != ResellerFilter::All || !tags.is_empty() {
        rows.retain(|&i| {
            customers
                .get(i as usize)
                .is_some_and(|c| filter.matches(c) && tags.matches(c))
        });
    }
    rows
}

/// "Showing 12 of 200 customers" (singular "customer" when the total is 1; thousands
/// grouped as the language groups them: "Showing 1,234 of 100,000 customers").
pub fn showing_label(lang: Language, shown: usize, total: usize) -> String {
    let shown = format_number(lang, shown as i64);
    tr_count(
        lang,
        "customers.showing",
        total as u64,
        &[("shown", shown.as_str())],
    )
}

/// 1234567 → "1,234,567".
pub fn with_commas(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;
    use crate::search::SearchIndex;

    const RESELLER: &str = "00000000-0000-4000-8000-0000000000aa";

    fn reseller() -> ResellerId {
        ResellerId::parse(RESELLER).unwrap()
    }

    fn customer(n: u128, name: &str, reseller_id: Option<ResellerId>) -> Customer {
        Customer {
            reseller_id,
            ..Customer::new(
                CustomerId::from_u128(n),
                name,
                format!("c{n}.example"),
                "2026-01-01T00:00:00Z",
            )
        }
    }

    fn labels(options: &[(ResellerFilter, String)]) -> Vec<&str> {
        options.iter().map(|(_, l)| l.as_str()).collect()
    }

    #[test]
    fn filter_options_list_all_direct_and_each_reseller() {
        let northwind = Reseller {
            id: reseller(),
            name: "Northwind".into(),
        };
        assert_eq!(
            labels(&filter_options(
                Language::English,
                std::slice::from_ref(&northwind),
                &ResellerFilter::All
            )),
            ["All", "Direct customers (no reseller)", "Northwind"]
        );
        assert_eq!(
            labels(&filter_options(
                Language::French,
                &[northwind],
                &ResellerFilter::All
            )),
            ["Tous", "Clients directs (sans revendeur)", "Northwind"]
        );
    }

    #[test]
    fn filter_options_name_an_unlisted_reseller_being_filtered_on() {
        let other = ResellerId::from_u128(9);
        let options = filter_options(
            Language::English,
            &[],
            &ResellerFilter::Reseller(other.clone()),
        );
        assert_eq!(
            options.last(),
            Some(&(
                ResellerFilter::Reseller(other.clone()),
                format!("Unknown reseller {other}")
            ))
        );
    }

    fn names(customers: &[Customer]) -> Vec<&str> {
        customers.iter().map(|c| c.company_name.as_str()).collect()
    }

    #[test]
    fn absent_param_is_all() {
        assert_eq!(ResellerFilter::from_param(None), ResellerFilter::All);
    }

    #[test]
    fn direct_param_is_direct() {
        assert_eq!(
            ResellerFilter::from_param(Some("direct")),
            ResellerFilter::Direct
        );
    }

    #[test]
    fn guid_param_is_that_reseller() {
        assert_eq!(
            ResellerFilter::from_param(Some(&RESELLER.to_uppercase())),
            ResellerFilter::Reseller(reseller())
        );
    }

    #[test]
    fn unknown_param_is_all() {
        assert_eq!(
            ResellerFilter::from_param(Some("somebody")),
            ResellerFilter::All
        );
    }

    #[test]
    fn params_round_trip() {
        for f in [
            ResellerFilter::All,
            ResellerFilter::Direct,
            ResellerFilter::Reseller(reseller()),
        ] {
            assert_eq!(ResellerFilter::from_param(f.to_param().as_deref()), f);
        }
    }

    #[test]
    fn all_param_is_absent() {
        assert_eq!(ResellerFilter::All.to_param(), None);
    }

    #[test]
    fn direct_matches_only_direct_customers() {
        assert!(!ResellerFilter::Direct.matches(&customer(1, "A", Some(reseller()))));
    }

    #[test]
    fn reseller_matches_its_customers() {
        assert!(ResellerFilter::Reseller(reseller()).matches(&customer(1, "A", Some(reseller()))));
    }

    #[test]
    fn reseller_does_not_match_direct_customers() {
        assert!(!ResellerFilter::Reseller(reseller()).matches(&customer(1, "A", None)));
    }

    #[test]
    fn display_order_ignores_case_and_accents() {
        let mut list = vec![
            customer(1, "Zeta", None),
            customer(2, "école", None),
            customer(3, "Élan", None),
            customer(4, "alpha", None),
        ];
        sort_for_display(&mut list);
        assert_eq!(names(&list), ["alpha", "école", "Élan", "Zeta"]);
    }

    #[test]
    fn same_names_are_ordered_by_id() {
        let mut list = vec![customer(9, "Same", None), customer(3, "same", None)];
        sort_for_display(&mut list);
        assert_eq!(list[0].id, CustomerId::from_u128(3));
    }

    #[test]
    fn visible_rows_apply_query_and_filter() {
        let list = vec![
            customer(1, "Contoso", Some(reseller())),
            customer(2, "Contoso West", None),
            customer(3, "Fabrikam", None),
        ];
        let index = SearchIndex::new(&list);
        assert_eq!(
            visible_rows(
                &list,
                index.search("contoso"),
                &ResellerFilter::Direct,
                &TagFilter::default()
            ),
            [1]
        );
    }

    #[test]
    fn visible_rows_combine_search_reseller_and_every_chosen_tag() {
        let mut list = vec![
            customer(1, "Contoso", None),
            customer(2, "Contoso West", None),
            customer(3, "Contoso East", Some(reseller())),
            customer(4, "Fabrikam", None),
        ];
        list[0].tags = vec!["EMEA".into(), "Retail".into()];
        list[1].tags = vec!["emea".into()];
        list[2].tags = vec!["EMEA".into(), "Retail".into()];
        list[3].tags = vec!["EMEA".into(), "Retail".into()];
        let index = SearchIndex::new(&list);
        let both = TagFilter::from_param(Some("emea,retail"));
        let rows =
            |q, f: &ResellerFilter, t: &TagFilter| visible_rows(&list, index.search(q), f, t);
        assert_eq!(rows("contoso", &ResellerFilter::Direct, &both), [0]);
        assert_eq!(rows("", &ResellerFilter::All, &both), [0, 2, 3]);
        assert_eq!(
            rows(
                "",
                &ResellerFilter::All,
                &TagFilter::from_param(Some("EMEA"))
            ),
            [0, 1, 2, 3]
        );
        // Search finds tags too.
        assert_eq!(
            rows("retail", &ResellerFilter::All, &TagFilter::default()),
            [0, 2, 3]
        );
    }

    #[test]
    fn visible_rows_for_all_and_blank_are_everyone() {
        let list = vec![customer(1, "A", None), customer(2, "B", Some(reseller()))];
        let index = SearchIndex::new(&list);
        assert_eq!(
            visible_rows(
                &list,
                index.search(""),
                &ResellerFilter::All,
                &TagFilter::default()
            ),
            [0, 1]
        );
    }

    #[test]
    fn label_counts_plural() {
        assert_eq!(
            showing_label(Language::English, 12, 200),
            "Showing 12 of 200 customers"
        );
    }

    #[test]
    fn label_for_one_customer_is_singular() {
        assert_eq!(
            showing_label(Language::English, 1, 1),
            "Showing 1 of 1 customer"
        );
    }

    #[test]
    fn label_for_no_customers_is_plural() {
        assert_eq!(
            showing_label(Language::English, 0, 0),
            "Showing 0 of 0 customers"
        );
    }

    #[test]
    fn label_separates_thousands() {
        assert_eq!(
            showing_label(Language::English, 1_234, 100_000),
            "Showing 1,234 of 100,000 customers"
        );
    }

    #[test]
    fn label_in_french_and_chinese() {
        assert_eq!(
            showing_label(Language::French, 1_234, 100_000),
            "Affichage : 1\u{202F}234 sur 100\u{202F}000 clients"
        );
        assert_eq!(
            showing_label(Language::French, 1, 1),
            "Affichage : 1 sur 1 client"
        );
        assert_eq!(
            showing_label(Language::TraditionalChinese, 12, 200),
            "顯示 200 位客戶中的 12 位"
        );
    }

    #[test]
    fn commas_in_millions() {
        assert_eq!(with_commas(1_234_567), "1,234,567");
    }

    #[test]
    fn no_comma_below_a_thousand() {
        assert_eq!(with_commas(999), "999");
    }
}
