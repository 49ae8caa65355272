//! The exports, tested: the writer's format and guard, each file's columns, the names.

use super::writer::FORMULA_STARTS;
use super::*;
use crate::model::{CustomerId, Relationship};
use std::borrow::Cow;

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// The file without its BOM.
fn body(bytes: Vec<u8>) -> String {
    text(bytes).strip_prefix(BOM).unwrap().to_string()
}

fn one_cell(cell: &str) -> String {
    body(write_csv(&["h"], [vec![Cell::Text(cell)]]))
}

fn customer(name: &str, reseller_id: Option<ResellerId>) -> Customer {
    Customer {
        relationship: Relationship::ResellerWithDelegatedAdmin,
        reseller_id,
        ..Customer::new(
            CustomerId::from_u128(1),
            name,
            "contoso.com",
            "2026-01-01T00:00:00Z",
        )
    }
}

fn northwind() -> Reseller {
    Reseller {
        id: ResellerId::from_u128(7),
        name: "Northwind, Ltd".into(),
    }
}

#[test]
fn bom_comes_first() {
    assert!(write_csv(&["a"], []).starts_with(BOM.as_bytes()));
}

#[test]
fn lines_end_in_crlf() {
    let csv = body(write_csv(
        &["a", "b"],
        [vec![Cell::Text("x"), Cell::Number(1)]],
    ));
    assert_eq!(csv, "a,b\r\nx,1\r\n");
}

#[test]
fn plain_text_is_not_quoted() {
    assert_eq!(one_cell("Société Générale"), "h\r\nSociété Générale\r\n");
}

#[test]
fn comma_is_quoted() {
    assert_eq!(one_cell("Durand, Martin"), "h\r\n\"Durand, Martin\"\r\n");
}

#[test]
fn quote_is_doubled_and_quoted() {
    assert_eq!(one_cell("\"Blue\" Labs"), "h\r\n\"\"\"Blue\"\" Labs\"\r\n");
}

#[test]
fn newline_is_quoted() {
    assert_eq!(one_cell("A GmbH\nBremen"), "h\r\n\"A GmbH\nBremen\"\r\n");
}

#[test]
fn carriage_return_is_quoted() {
    assert_eq!(one_cell("A\rB"), "h\r\n\"A\rB\"\r\n");
}

#[test]
fn empty_single_cell_row_is_kept() {
    assert_eq!(one_cell(""), "h\r\n\"\"\r\n");
}

#[test]
fn every_formula_start_is_guarded() {
    for start in FORMULA_STARTS {
        let cell = format!("{start}cmd");
        assert_eq!(neutralize(&cell), format!("'{cell}"), "{start:?}");
    }
}

#[test]
fn equals_is_guarded() {
    assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
}

#[test]
fn plus_is_guarded() {
    assert_eq!(neutralize("+Plus Consulting"), "'+Plus Consulting");
}

#[test]
fn minus_is_guarded() {
    assert_eq!(neutralize("-2+3"), "'-2+3");
}

#[test]
fn at_is_guarded() {
    assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
}

#[test]
fn tab_is_guarded() {
    assert_eq!(neutralize("\t=1"), "'\t=1");
}

#[test]
fn carriage_return_first_is_guarded() {
    assert_eq!(neutralize("\r=1"), "'\r=1");
}

#[test]
fn line_feed_first_is_guarded() {
    assert_eq!(neutralize("\n=1"), "'\n=1");
}

#[test]
fn formula_character_later_is_left_alone() {
    assert!(matches!(neutralize("A=B"), Cow::Borrowed("A=B")));
}

#[test]
fn guarded_cell_is_quoted_when_needed() {
    assert_eq!(one_cell("=A1,B1"), "h\r\n\"'=A1,B1\"\r\n");
}

#[test]
fn negative_number_is_not_guarded() {
    let csv = body(write_csv(&["n"], [vec![Cell::Number(-42)]]));
    assert_eq!(csv, "n\r\n-42\r\n");
}

#[test]
fn header_is_guarded_too() {
    assert_eq!(body(write_csv(&["=x"], [])), "'=x\r\n");
}

#[test]
#[should_panic(expected = "as many cells as the header")]
fn ragged_row_is_a_bug() {
    write_csv(&["a", "b"], [vec![Cell::Number(1)]]);
}

#[test]
fn customer_header_is_exact() {
    let csv = body(customers_csv([], &[], CsvOptions::default()));
    assert_eq!(
        csv,
        "Customer ID,Company name,Primary domain name,Relationship,Indirect reseller,Tags,Created\r\n"
    );
}

#[test]
fn customer_row_names_the_reseller() {
    let c = customer("Contoso", Some(northwind().id));
    let csv = body(customers_csv([&c], &[northwind()], CsvOptions::default()));
    assert_eq!(
        csv.split("\r\n").nth(1).unwrap(),
        "00000000-0000-0000-0000-000000000001,Contoso,contoso.com,\
         \"Reseller, delegated admin\",\"Northwind, Ltd\",,2026-01-01T00:00:00Z"
    );
}

#[test]
fn tags_are_one_cell_after_the_reseller_joined_by_comma_space() {
    let mut c = customer("Contoso", None);
    c.tags = vec!["EMEA".into(), "=Renewal".into()];
    let csv = body(customers_csv([&c], &[], CsvOptions::default()));
    // Quoted for its comma; guarded as any text cell is only at its start.
    assert!(
        csv.ends_with(
            ",\"Reseller, delegated admin\",,\"EMEA, =Renewal\",2026-01-01T00:00:00Z\r\n"
        ),
        "{csv}"
    );
    c.tags.reverse();
    let csv = body(customers_csv([&c], &[], CsvOptions::default()));
    assert!(
        csv.ends_with(",,\"'=Renewal, EMEA\",2026-01-01T00:00:00Z\r\n"),
        "{csv}"
    );
}

#[test]
fn direct_customer_has_no_reseller_name() {
    let c = customer("Contoso", None);
    let csv = body(customers_csv([&c], &[northwind()], CsvOptions::default()));
    assert!(csv.ends_with(",contoso.com,\"Reseller, delegated admin\",,,2026-01-01T00:00:00Z\r\n"));
}

#[test]
fn customer_name_is_guarded() {
    let c = customer("+Plus Consulting", None);
    let csv = body(customers_csv([&c], &[], CsvOptions::default()));
    assert!(csv.contains(",'+Plus Consulting,"));
}

#[test]
fn customer_rows_keep_the_given_order() {
    let (a, b) = (customer("Beta", None), customer("Alpha", None));
    let csv = body(customers_csv([&a, &b], &[], CsvOptions::default()));
    assert!(csv.find("Beta").unwrap() < csv.find("Alpha").unwrap());
}

#[test]
fn file_name_has_the_date() {
    assert_eq!(
        customers_file_name("2026-11-21"),
        "customers-2026-11-21.csv"
    );
}

#[test]
fn subscriptions_export_has_the_five_columns() {
    use crate::model::{SubscriptionId, SubscriptionStatus};
    let s = Subscription {
        id: SubscriptionId::from_u128(9),
        customer_id: CustomerId::from_u128(1),
        offer_name: "=Office 365 E3".into(),
        quantity: 25,
        status: SubscriptionStatus::Suspended,
        reseller_id: Some(ResellerId::from_u128(3)),
    };
    let direct = Subscription {
        reseller_id: None,
        ..s.clone()
    };
    let file = body(subscriptions_csv([&s, &direct], CsvOptions::default()));
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        subscription_columns(Language::English).as_slice()
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            SubscriptionId::from_u128(9).to_string(),
            "'=Office 365 E3".into(),
            "25".into(),
            "Suspended".into(),
            ResellerId::from_u128(3).to_string()
        ]
    );
    assert_eq!(rows[1][4], "");
    assert!(file.ends_with("\r\n"));
}

#[test]
fn slugs_are_file_safe() {
    assert_eq!(slug("Contoso Ltd."), "contoso-ltd");
    assert_eq!(slug("Société Générale / Paris"), "societe-generale-paris");
    assert_eq!(slug("台灣微軟股份有限公司"), "台灣微軟股份有限公司");
    assert_eq!(slug(r#"a<b>c:d"e/f\g|h?i*j"#), "a-b-c-d-e-f-g-h-i-j");
    assert_eq!(slug("***"), "customer");
    assert_eq!(slug(&"x".repeat(200)).len(), 60);
    assert_eq!(
        subscriptions_file_name("Fabrikam, Inc.", "2026-11-21"),
        "subscriptions-fabrikam-inc-2026-11-21.csv"
    );
}

#[test]
fn semicolon_without_bom_is_plain_and_quotes_semicolons() {
    let plain = CsvFormat {
        separator: Separator::Semicolon,
        bom: false,
    };
    let bytes = write_csv_as(
        plain,
        &["Name", "Seats"],
        [vec![Cell::Text("A;B, C"), Cell::Number(3)]],
    );
    assert_eq!(text(bytes), "Name;Seats\r\n\"A;B, C\";3\r\n");
    let with_bom = CsvFormat {
        separator: Separator::Semicolon,
        bom: true,
    };
    let c = customer("=Société", None);
    let file = text(customers_csv([&c], &[], with_bom.into()));
    assert!(file.starts_with(BOM));
    assert!(file.contains("Customer ID;Company name;"));
    assert!(file.contains(";'=Société;"));
}

#[test]
fn separator_keys_round_trip() {
    for s in Separator::ALL {
        assert_eq!(Separator::from_key(s.key()), Some(s));
    }
    assert_eq!(CsvFormat::default().separator, Separator::Comma);
    assert!(CsvFormat::default().bom);
}

#[test]
fn headers_are_english_by_default_whatever_the_ui() {
    let fr = ExportSettings::default().for_language(Language::French);
    assert_eq!(fr.headers, Language::English);
    let c = customer("Contoso", None);
    let file = text(customers_csv([&c], &[], fr));
    assert!(file.starts_with(&format!(
        "{BOM}Customer ID;Company name;Primary domain name;Relationship;Indirect reseller;Tags;Created\r\n"
    )));
    assert!(file.contains(";Reseller, delegated admin;"));
}

#[test]
fn headers_and_labels_can_be_in_the_ui_language() {
    let settings = ExportSettings {
        headers: HeaderLanguage::Interface,
        ..ExportSettings::default()
    };
    let c = customer("Contoso", None);
    let fr = body(customers_csv(
        [&c],
        &[],
        settings.for_language(Language::French),
    ));
    assert!(fr.starts_with(
        "ID client;Nom de l’entreprise;Nom de domaine principal;Relation;Revendeur indirect;Étiquettes;Créé le\r\n"
    ));
    assert!(fr.contains(";Revendeur, administration déléguée;"));
    let zh = body(customers_csv(
        [&c],
        &[],
        settings.for_language(Language::TraditionalChinese),
    ));
    assert!(zh.starts_with("客戶識別碼,公司名稱,主要網域名稱,關係,間接經銷商,標籤,建立日期\r\n"));
    let en = body(customers_csv(
        [&c],
        &[],
        settings.for_language(Language::English),
    ));
    assert!(en.starts_with("Customer ID,Company name,"));
}

#[test]
fn localized_subscription_headers() {
    let options = CsvOptions {
        headers: Language::French,
        ..CsvOptions::default()
    };
    let file = body(subscriptions_csv([], options));
    assert_eq!(
        file,
        "ID d’abonnement,Abonnement,Quantité,État,Revendeur\r\n"
    );
}

#[test]
fn the_automatic_separator_is_a_semicolon_in_french_only() {
    let auto = ExportSettings::default();
    assert_eq!(auto.separator, SeparatorChoice::Automatic);
    assert_eq!(
        auto.for_language(Language::French).format.separator,
        Separator::Semicolon
    );
    assert_eq!(
        auto.for_language(Language::English).format.separator,
        Separator::Comma
    );
    assert_eq!(
        auto.for_language(Language::TraditionalChinese)
            .format
            .separator,
        Separator::Comma
    );
    assert!(auto.for_language(Language::French).format.bom);
}

#[test]
fn a_chosen_separator_holds_in_every_language() {
    for (choice, sep) in [
        (SeparatorChoice::Comma, Separator::Comma),
        (SeparatorChoice::Semicolon, Separator::Semicolon),
    ] {
        let settings = ExportSettings {
            separator: choice,
            ..ExportSettings::default()
        };
        for lang in Language::ALL {
            assert_eq!(settings.for_language(lang).format.separator, sep);
        }
    }
}

#[test]
fn settings_from_before_automatic_still_load() {
    let old: ExportSettings = serde_json::from_str(r#"{"separator":"Comma","bom":false}"#).unwrap();
    assert_eq!(
        old,
        ExportSettings {
            separator: SeparatorChoice::Automatic,
            bom: false,
            headers: HeaderLanguage::English,
            all_columns: false,
        }
    );
    let old: ExportSettings =
        serde_json::from_str(r#"{"separator":"Semicolon","bom":true}"#).unwrap();
    assert_eq!(old.separator, SeparatorChoice::Semicolon);
    let empty: ExportSettings = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, ExportSettings::default());
}

#[test]
fn settings_round_trip_and_keep_a_chosen_comma() {
    let chosen = ExportSettings {
        separator: SeparatorChoice::Comma,
        bom: true,
        headers: HeaderLanguage::Interface,
        all_columns: true,
    };
    let json = serde_json::to_string(&chosen).unwrap();
    assert_eq!(
        serde_json::from_str::<ExportSettings>(&json).unwrap(),
        chosen
    );
    for s in SeparatorChoice::ALL {
        assert_eq!(SeparatorChoice::from_key(s.key()), Some(s));
    }
    for h in HeaderLanguage::ALL {
        assert_eq!(HeaderLanguage::from_key(h.key()), Some(h));
    }
}

#[test]
fn choices_are_named_in_every_language() {
    assert_eq!(
        SeparatorChoice::Semicolon.label(Language::English),
        "Semicolon (;)"
    );
    for lang in Language::ALL {
        for s in SeparatorChoice::ALL {
            assert!(!s.label(lang).starts_with("export."));
        }
        for h in HeaderLanguage::ALL {
            assert!(!h.label(lang).starts_with("export."));
        }
        for r in Relationship::ALL {
            assert!(!relationship_label(lang, r).contains('.'));
        }
    }
    for r in Relationship::ALL {
        assert_eq!(relationship_label(Language::English, r), r.label());
    }
}

#[test]
fn the_export_writes_the_columns_the_list_shows() {
    use crate::columns::{Columns, ListColumn};
    let mut c = customer("Contoso", None);
    c.tags = vec!["EMEA".into()];
    let columns = Columns::default()
        .toggled(ListColumn::CustomerId)
        .toggled(ListColumn::Reseller);
    let csv = body(customers_csv_of(
        [&c],
        &[],
        CsvOptions::default(),
        &columns,
        None,
    ));
    assert_eq!(
        csv,
        "Company name,Primary domain name,Relationship,Tags,Created\r\n\
         Contoso,contoso.com,\"Reseller, delegated admin\",EMEA,2026-01-01T00:00:00Z\r\n"
    );
}

#[test]
fn created_and_the_active_count_are_written_when_shown() {
    use crate::active::ActiveCounts;
    use crate::columns::{Columns, ListColumn};
    use crate::model::{Subscription, SubscriptionId, SubscriptionStatus};
    let c = customer("Contoso", None);
    let sub = |n, status| Subscription {
        id: SubscriptionId::from_u128(n),
        customer_id: c.id.clone(),
        offer_name: "Office".into(),
        quantity: 3,
        status,
        reseller_id: None,
    };
    let active = ActiveCounts::new(&[
        sub(1, SubscriptionStatus::Active),
        sub(2, SubscriptionStatus::Active),
        sub(3, SubscriptionStatus::Suspended),
    ]);
    let only = |hidden: &[ListColumn]| {
        let mut columns = Columns::all();
        for column in ListColumn::ALL {
            if hidden.contains(&column) {
                columns = columns.toggled(column);
            }
        }
        columns
    };
    let few = only(&[
        ListColumn::CustomerId,
        ListColumn::Relationship,
        ListColumn::Reseller,
        ListColumn::Tags,
    ]);
    let csv = body(customers_csv_of(
        [&c],
        &[],
        CsvOptions::default(),
        &few,
        Some(&active),
    ));
    assert_eq!(
        csv,
        "Company name,Primary domain name,Created,Subscriptions (active count)\r\n\
         Contoso,contoso.com,2026-01-01T00:00:00Z,2\r\n"
    );
    let hidden = only(&[ListColumn::Created, ListColumn::Subscriptions]);
    let csv = body(customers_csv_of(
        [&c],
        &[],
        CsvOptions::default(),
        &hidden,
        Some(&active),
    ));
    assert!(
        !csv.contains("Created") && !csv.contains("Subscriptions"),
        "{csv}"
    );
    // "All columns", headers in each language.
    for (lang, headers) in [
        (
            Language::English,
            "Created,Subscriptions (active count)\r\n",
        ),
        (Language::French, "Créé le;Abonnements (nombre actifs)\r\n"),
        (
            Language::TraditionalChinese,
            "建立日期,訂閱（使用中數量）\r\n",
        ),
    ] {
        let settings = ExportSettings {
            headers: HeaderLanguage::Interface,
            ..ExportSettings::default()
        };
        let csv = body(customers_csv_of(
            [&c],
            &[],
            settings.for_language(lang),
            &Columns::all(),
            Some(&active),
        ));
        assert!(
            csv.split("\r\n")
                .next()
                .unwrap()
                .ends_with(headers.trim_end()),
            "{csv}"
        );
        assert!(
            csv.ends_with("2026-01-01T00:00:00Z;2\r\n")
                || csv.ends_with("2026-01-01T00:00:00Z,2\r\n"),
            "{csv}"
        );
    }
}
