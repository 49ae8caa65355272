//! The activity log: every transaction and management action, who did it, when, and what
//! changed (before → after). Entries are only ever appended; nothing is capped or dropped
//! (Partner Center keeps the last 800; a partner's audit trail should not depend on that).

use serde::{Deserialize, Serialize};

use crate::export::{write_csv_as, Cell, CsvOptions};
use crate::i18n::{tr, Language};
use crate::model::CustomerId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    CustomerAdded,
    CustomersImported,
    ImportUndone,
    BookRestored,
    CompanyNameUpdated,
    SubscriptionBought,
    QuantityChanged,
    StatusChanged,
    RelationshipRemoved,
    RelationshipReinstated,
    InvitationDrafted,
    CustomersExported,
    SubscriptionsExported,
    TagsChanged,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Self::CustomerAdded,
        Self::CustomersImported,
        Self::ImportUndone,
        Self::BookRestored,
        Self::CompanyNameUpdated,
        Self::SubscriptionBought,
        Self::QuantityChanged,
        Self::StatusChanged,
        Self::RelationshipRemoved,
        Self::RelationshipReinstated,
        Self::InvitationDrafted,
        Self::CustomersExported,
        Self::SubscriptionsExported,
        Self::TagsChanged,
    ];

    /// The action's name in English: [`label_in`](Self::label_in) English.
    pub fn label(self) -> &'static str {
        self.label_in(Language::English)
    }

    /// The action's name in `lang`. The log stores the action, not its name, so an entry
    /// written in one language reads in any other.
    pub fn label_in(self, lang: Language) -> &'static str {
        match self {
            Self::CustomerAdded => tr(lang, "activity.action.customer_added"),
            Self::CustomersImported => tr(lang, "activity.action.customers_imported"),
            Self::ImportUndone => tr(lang, "activity.action.import_undone"),
            Self::BookRestored => tr(lang, "activity.action.book_restored"),
            Self::CompanyNameUpdated => tr(lang, "activity.action.company_name_updated"),
            Self::SubscriptionBought => tr(lang, "activity.action.subscription_bought"),
            Self::QuantityChanged => tr(lang, "activity.action.quantity_changed"),
            Self::StatusChanged => tr(lang, "activity.action.status_changed"),
            Self::RelationshipRemoved => tr(lang, "activity.action.relationship_removed"),
            Self::RelationshipReinstated => tr(lang, "activity.action.relationship_reinstated"),
            Self::InvitationDrafted => tr(lang, "activity.action.invitation_drafted"),
            Self::CustomersExported => tr(lang, "activity.action.customers_exported"),
            Self::SubscriptionsExported => tr(lang, "activity.action.subscriptions_exported"),
            Self::TagsChanged => tr(lang, "activity.action.tags_changed"),
        }
    }

    /// A stable name for URLs and selects.
    pub fn key(self) -> &'static str {
        match self {
            Self::CustomerAdded => "customer-added",
            Self::CustomersImported => "customers-imported",
            Self::ImportUndone => "import-undone",
            Self::BookRestored => "book-restored",
            Self::CompanyNameUpdated => "company-name-updated",
            Self::SubscriptionBought => "subscription-bought",
            Self::QuantityChanged => "quantity-changed",
            Self::StatusChanged => "status-changed",
            Self::RelationshipRemoved => "relationship-removed",
            Self::RelationshipReinstated => "relationship-reinstated",
            Self::InvitationDrafted => "invitation-drafted",
            Self::CustomersExported => "customers-exported",
            Self::SubscriptionsExported => "subscriptions-exported",
            Self::TagsChanged => "tags-changed",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// Who acted and when; the store stamps every entry of one change with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Unix time in milliseconds.
    pub at_ms: i64,
    /// The current user's display name from settings.
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// Unix time in milliseconds (UTC).
    pub at_ms: i64,
    /// The affected customer, if the action concerns one.
    #[serde(default)]
    pub customer_id: Option<CustomerId>,
    /// The customer's name when it happened: a later rename does not rewrite history.
    #[serde(default)]
    pub customer_name: String,
    pub action: Action,
    /// What the action was about within the customer, e.g. a subscription's product name.
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub before: String,
    #[serde(default)]
    pub after: String,
    pub by: String,
}

impl Entry {
    /// The Details column: "subject: before → after", leaving out what is empty.
    pub fn details(&self) -> String {
        let change = match (self.before.is_empty(), self.after.is_empty()) {
            (true, true) => String::new(),
            (true, false) => self.after.clone(),
            (false, true) => self.before.clone(),
            (false, false) => format!("{} → {}", self.before, self.after),
        };
        match (self.subject.is_empty(), change.is_empty()) {
            (true, _) => change,
            (false, true) => self.subject.clone(),
            (false, false) => format!("{}: {change}", self.subject),
        }
    }
}

/// What the log page shows. Times are bounds in Unix ms, computed by the caller from the
/// user's local dates (`to_ms` is exclusive: the start of the day after "To").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub customer: Option<CustomerId>,
    pub action: Option<Action>,
}

impl LogFilter {
    pub fn matches(&self, e: &Entry) -> bool {
        self.from_ms.is_none_or(|from| e.at_ms >= from)
            && self.to_ms.is_none_or(|to| e.at_ms < to)
            && self
                .customer
                .as_ref()
                .is_none_or(|id| e.customer_id.as_ref() == Some(id))
            && self.action.is_none_or(|a| e.action == a)
    }
}

/// The entries that match, newest first (entries of one change keep their order).
pub fn filter<'a>(entries: &'a [Entry], filter: &LogFilter) -> Vec<&'a Entry> {
    let mut out: Vec<&Entry> = entries.iter().filter(|e| filter.matches(e)).collect();
    // Stable: entries appended in one change share a time and stay in the order written.
    out.sort_by_key(|e| std::cmp::Reverse(e.at_ms));
    out
}

/// The log file's column headers in `lang`.
pub fn log_columns(lang: Language) -> [&'static str; 5] {
    [
        tr(lang, "export.log.at"),
        tr(lang, "export.log.customer"),
        tr(lang, "export.log.action"),
        tr(lang, "export.log.details"),
        tr(lang, "export.log.by"),
    ]
}

/// The log as CSV, headers and action names in the options' language. `when` formats an
/// entry's time for the file (local time, which the caller knows and the domain does not;
/// a sortable form, since files are read by tools too).
pub fn log_csv(entries: &[&Entry], when: impl Fn(i64) -> String, options: CsvOptions) -> Vec<u8> {
    let times: Vec<String> = entries.iter().map(|e| when(e.at_ms)).collect();
    let details: Vec<String> = entries.iter().map(|e| e.details()).collect();
    write_csv_as(
        options.format,
        &log_columns(options.headers),
        entries.iter().enumerate().map(|(i, e)| {
            vec![
                Cell::Text(&times[i]),
                Cell::Text(&e.customer_name),
                Cell::Text(e.action.label_in(options.headers)),
                Cell::Text(&details[i]),
                Cell::Text(&e.by),
            ]
        }),
    )
}

/// "activity-2026-11-21.csv" for date "2026-11-21".
pub fn log_file_name(date: &str) -> String {
    format!("activity-{date}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at_ms: i64, customer: u128, action: Action) -> Entry {
        Entry {
            at_ms,
            customer_id: Some(CustomerId::from_u128(customer)),
            customer_name: format!("Customer {customer}"),
            action,
            subject: String::new(),
            before: String::new(),
            after: String::new(),
            by: "Ada".into(),
        }
    }

    #[test]
    fn details_show_before_and_after() {
        let mut e = entry(0, 1, Action::CompanyNameUpdated);
        e.before = "Contoso".into();
        e.after = "Contoso Ltd".into();
        assert_eq!(e.details(), "Contoso → Contoso Ltd");
        e.subject = "Office 365 E3".into();
        assert_eq!(e.details(), "Office 365 E3: Contoso → Contoso Ltd");
        e.before.clear();
        assert_eq!(e.details(), "Office 365 E3: Contoso Ltd");
        e.after.clear();
        assert_eq!(e.details(), "Office 365 E3");
    }

    #[test]
    fn date_bounds_include_from_and_exclude_to() {
        let log = [
            entry(99, 1, Action::CustomerAdded),
            entry(100, 1, Action::CustomerAdded),
            entry(199, 1, Action::CustomerAdded),
            entry(200, 1, Action::CustomerAdded),
        ];
        let f = LogFilter {
            from_ms: Some(100),
            to_ms: Some(200),
            ..LogFilter::default()
        };
        let times: Vec<i64> = filter(&log, &f).iter().map(|e| e.at_ms).collect();
        assert_eq!(times, [199, 100]);
    }

    #[test]
    fn customer_and_action_filters_combine() {
        let log = [
            entry(1, 1, Action::CustomerAdded),
            entry(2, 2, Action::CustomerAdded),
            entry(3, 1, Action::QuantityChanged),
            Entry {
                customer_id: None,
                ..entry(4, 0, Action::CustomersExported)
            },
        ];
        let one = LogFilter {
            customer: Some(CustomerId::from_u128(1)),
            ..LogFilter::default()
        };
        assert_eq!(filter(&log, &one).len(), 2);
        let added_to_one = LogFilter {
            action: Some(Action::CustomerAdded),
            ..one
        };
        let hits = filter(&log, &added_to_one);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].at_ms, 1);
        assert_eq!(filter(&log, &LogFilter::default()).len(), 4);
    }

    #[test]
    fn newest_first_and_one_change_keeps_its_order() {
        let mut a = entry(5, 1, Action::CustomerAdded);
        let mut b = entry(5, 1, Action::SubscriptionBought);
        a.subject = "first".into();
        b.subject = "second".into();
        let log = [entry(1, 1, Action::StatusChanged), a, b];
        let got: Vec<&str> = filter(&log, &LogFilter::default())
            .iter()
            .map(|e| e.subject.as_str())
            .collect();
        assert_eq!(got, ["first", "second", ""]);
    }

    #[test]
    fn action_keys_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_key(a.key()), Some(a));
        }
        assert_eq!(Action::from_key("nope"), None);
    }

    #[test]
    fn csv_has_the_five_columns_and_guards_formulas() {
        let mut e = entry(0, 1, Action::CompanyNameUpdated);
        e.customer_name = "=HYPERLINK(\"x\")".into();
        e.before = "A".into();
        e.after = "B".into();
        let bytes = log_csv(&[&e], |_| "2026-11-21 10:00".into(), CsvOptions::default());
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            [
                "Date-time",
                "Affected customer",
                "Action",
                "Details",
                "Performed by"
            ]
            .as_slice()
        );
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(
            row.iter().collect::<Vec<_>>(),
            [
                "2026-11-21 10:00",
                "'=HYPERLINK(\"x\")",
                "Company name updated",
                "A → B",
                "Ada"
            ]
        );
        assert!(text.contains("\r\n"));
    }

    #[test]
    fn action_names_are_translated_from_the_stored_action() {
        let stored = serde_json::to_string(&Action::CustomerAdded).unwrap();
        let read: Action = serde_json::from_str(&stored).unwrap();
        assert_eq!(read.label(), "Customer added");
        assert_eq!(read.label_in(Language::French), "Client ajouté");
        assert_eq!(read.label_in(Language::TraditionalChinese), "已新增客戶");
        for a in Action::ALL {
            for lang in Language::ALL {
                assert!(!a.label_in(lang).starts_with("activity."), "{a:?}");
            }
        }
    }

    #[test]
    fn a_french_log_file_has_french_headers_and_action_names() {
        use crate::export::{CsvFormat, Separator};
        let e = entry(0, 1, Action::QuantityChanged);
        let options = CsvOptions {
            format: CsvFormat {
                separator: Separator::Semicolon,
                bom: false,
            },
            headers: Language::French,
        };
        let text = String::from_utf8(log_csv(&[&e], |_| "t".into(), options)).unwrap();
        assert_eq!(
            text,
            "Date et heure;Client concerné;Action;Détails;Effectué par\r\nt;Customer 1;Quantité modifiée;;Ada\r\n"
        );
    }
}
