use super::*;
use crate::company_name::NameError;
use crate::export::{customers_csv, CsvFormat, CsvOptions, Separator};
use crate::i18n::Language;
use crate::model::{Customer, CustomerId, Relationship, Reseller, ResellerId};

const ID_A: &str = "7a1c2e3f-0000-4000-8000-00000000000a";
const ID_B: &str = "7a1c2e3f-0000-4000-8000-00000000000b";

/// A Partner Center "Customers.csv" as Partner Center writes it: UTF-8 with a BOM, CRLF,
/// an extra column we don't read, and its relationship texts.
const PARTNER_CENTER: &str = "\u{feff}Company name,Primary domain name,Microsoft ID,Relationship,Tags,Country\r\n\
Contoso Ltd,contoso.com,7a1c2e3f-0000-4000-8000-00000000000a,Cloud Reseller,\"gold;emea\",GB\r\n\
Société Générale Tests,societe-tests.fr,7a1c2e3f-0000-4000-8000-00000000000b,\"Reseller, delegated admin\",,FR\r\n";

fn plan(bytes: &[u8], book: Vec<Customer>, existing: Existing) -> Plan {
    let mut reader = FileReader::open(bytes).unwrap();
    let (mapping, _) = suggest(&reader.headers);
    plan_with(&mut reader, mapping, book, existing)
}

fn plan_with(
    reader: &mut FileReader,
    mapping: Mapping,
    book: Vec<Customer>,
    existing: Existing,
) -> Plan {
    let mut next = 1000u128;
    let mut planner = Planner::new(
        mapping,
        existing,
        book,
        &[],
        &resellers(),
        "2026-12-01T00:00:00Z",
        move || {
            next += 1;
            CustomerId::from_u128(next)
        },
    );
    planner.add(reader.all_rows());
    planner.finish()
}

fn resellers() -> Vec<Reseller> {
    vec![Reseller {
        id: ResellerId::from_u128(77),
        name: "Northwind Traders".into(),
    }]
}

fn customer(id: &str, name: &str, domain: &str) -> Customer {
    Customer::new(
        CustomerId::parse(id).unwrap(),
        name,
        domain,
        "2026-01-01T00:00:00Z",
    )
}

fn errors(plan: &Plan) -> Vec<(usize, RowError)> {
    plan.errors
        .iter()
        .map(|p| (p.line, p.error.clone()))
        .collect()
}

#[test]
fn a_partner_center_export_is_recognised_and_read() {
    let mut reader = FileReader::open(PARTNER_CENTER.as_bytes()).unwrap();
    assert_eq!(reader.encoding, Encoding::Utf8Bom);
    assert_eq!(reader.separator, b',');
    let (mapping, recognised) = suggest(&reader.headers);
    assert_eq!(recognised, Recognised::Known);
    assert_eq!(
        Field::ALL.map(|f| mapping.column(f)),
        [Some(2), Some(0), Some(1), Some(3), None, Some(4)]
    );
    let plan = plan_with(&mut reader, mapping, vec![], Existing::Skip);
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.new.len(), 2);
    assert_eq!(plan.new[0].relationship, Relationship::Reseller);
    assert_eq!(
        plan.new[1].relationship,
        Relationship::ResellerWithDelegatedAdmin
    );
    assert_eq!(plan.new[1].company_name, "Société Générale Tests");
    assert_eq!(plan.new[1].id.as_str(), ID_B);
    assert_eq!(
        plan.tags,
        [(
            CustomerId::parse(ID_A).unwrap(),
            vec!["gold".to_owned(), "emea".to_owned()]
        )]
    );
    assert_eq!(plan.preview[0].line, 2);
    // The tags are the customer's, under the same rules as tags typed in the app.
    assert_eq!(plan.new[0].tags, ["gold", "emea"]);
    assert!(plan.new[1].tags.is_empty());
}

#[test]
fn tags_the_tag_rules_refuse_put_the_row_in_error_and_an_update_replaces_tags() {
    let file = "Company name,Primary domain name,Microsoft ID,Relationship,Tags\n\
Contoso Ltd,contoso.com,7a1c2e3f-0000-4000-8000-00000000000a,Cloud Reseller,EMEA;emea\n";
    let refused = plan(file.as_bytes(), vec![], Existing::Skip);
    assert_eq!(
        errors(&refused),
        [(
            2,
            RowError::BadTags(crate::tags::TagError::SameButCase("EMEA".into()))
        )]
    );
    let mut had = customer(ID_A, "Contoso Ltd", "contoso.com");
    had.tags = vec!["old".into()];
    let file = "Company name,Primary domain name,Microsoft ID,Relationship,Tags\n\
Contoso Ltd,contoso.com,7a1c2e3f-0000-4000-8000-00000000000a,Cloud Reseller,new\n";
    let update = plan(file.as_bytes(), vec![had], Existing::Update);
    assert_eq!(update.updates.len(), 1);
    assert_eq!(update.updates[0].1.tags, ["new"]);
}

fn our_export(lang: Language, separator: Separator) -> Vec<u8> {
    let mut c = customer(ID_A, "Société Générale", "societe.fr");
    c.reseller_id = Some(ResellerId::from_u128(77));
    c.relationship = Relationship::ResellerWithDelegatedAdmin;
    let d = customer(ID_B, "台灣科技股份有限公司", "taiwan-tech.com.tw");
    let options = CsvOptions {
        format: CsvFormat {
            separator,
            bom: true,
        },
        headers: lang,
    };
    customers_csv([&c, &d], &resellers(), options)
}

#[test]
fn our_french_and_chinese_exports_are_recognised_and_read_back() {
    for (lang, sep) in [
        (Language::French, Separator::Semicolon),
        (Language::TraditionalChinese, Separator::Comma),
        (Language::English, Separator::Comma),
    ] {
        let bytes = our_export(lang, sep);
        let reader = FileReader::open(&bytes).unwrap();
        assert_eq!(reader.separator, sep.byte(), "{lang:?}");
        assert_eq!(suggest(&reader.headers).1, Recognised::Known, "{lang:?}");
        let plan = plan(&bytes, vec![], Existing::Skip);
        assert!(plan.errors.is_empty(), "{lang:?}: {:?}", plan.errors);
        let c = &plan.new[0];
        assert_eq!(c.company_name, "Société Générale");
        assert_eq!(c.relationship, Relationship::ResellerWithDelegatedAdmin);
        assert_eq!(c.reseller_id, Some(ResellerId::from_u128(77)));
        assert_eq!(plan.new[1].company_name, "台灣科技股份有限公司");
        assert_eq!(plan.new[1].reseller_id, None);
    }
}

/// What Excel's "Unicode text" writes: UTF-16 LE with a BOM, tab-separated.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

#[test]
fn an_excel_unicode_text_file_is_read() {
    let text =
        "Company name\tPrimary domain name\r\n台灣科技\ttaiwan.com.tw\r\nÅland Oy\taland.fi\r\n";
    let bytes = utf16le(text);
    let reader = FileReader::open(&bytes).unwrap();
    assert_eq!(reader.encoding, Encoding::Utf16Le);
    assert_eq!(reader.separator, b'\t');
    let plan = plan(&bytes, vec![], Existing::Skip);
    let names: Vec<&str> = plan.new.iter().map(|c| c.company_name.as_str()).collect();
    assert_eq!(names, ["台灣科技", "Åland Oy"]);
}

#[test]
fn bytes_that_are_not_utf8_are_read_as_windows_1252() {
    // "Société Générale" as Excel's plain CSV writes it in western Europe.
    let bytes = b"Company name;Primary domain name\r\nSoci\xe9t\xe9 G\xe9n\xe9rale;sg.fr\r\n";
    let (text, encoding) = decode(bytes);
    assert_eq!(encoding, Encoding::Windows1252);
    assert!(text.contains("Société Générale"));
    let plan = plan(bytes, vec![], Existing::Skip);
    assert_eq!(plan.new[0].company_name, "Société Générale");
}

#[test]
fn plain_utf8_without_a_bom_is_utf8() {
    assert_eq!(decode("Café".as_bytes()), ("Café".into(), Encoding::Utf8));
}

#[test]
fn the_separator_is_the_one_the_lines_agree_on() {
    assert_eq!(detect_separator("a;b;c\n1;2,5;3\n"), b';');
    assert_eq!(detect_separator("a,b\n\"x;y\",2\n"), b',');
    assert_eq!(detect_separator("a\tb\n1\t2\n"), b'\t');
    assert_eq!(detect_separator("one column\n"), b',');
}

#[test]
fn lines_above_the_header_are_passed_over_and_line_numbers_stay_true() {
    let file =
        "Customer list for Q4\r\n\r\nCompany name,Primary domain name\r\nContoso,contoso.com\r\n";
    let mut reader = FileReader::open(file.as_bytes()).unwrap();
    assert_eq!(reader.header_line, 3);
    assert_eq!(reader.all_rows()[0].line, 4);
}

#[test]
fn a_file_with_no_header_is_refused() {
    assert_eq!(
        FileReader::open(b"just one cell\n").err(),
        Some(FileError::NoHeader)
    );
}

#[test]
fn headers_that_only_look_like_the_fields_are_suggested_not_known() {
    let headers: Vec<String> = ["Client Company", "Web domain", "Notes"]
        .map(String::from)
        .to_vec();
    let (mapping, recognised) = suggest(&headers);
    assert_eq!(recognised, Recognised::Suggested);
    assert_eq!(mapping.column(Field::CompanyName), Some(0));
    assert_eq!(mapping.column(Field::Domain), Some(1));
    assert_eq!(mapping.column(Field::Id), None);
    assert!(mapping.missing().is_empty());
}

#[test]
fn a_column_holds_one_field() {
    let mut m = Mapping::default();
    m.set(Field::CompanyName, Some(0));
    m.set(Field::Domain, Some(0));
    assert_eq!(m.column(Field::CompanyName), None);
    assert_eq!(m.missing(), [Field::CompanyName]);
}

#[test]
fn every_error_reason_is_given_with_its_line() {
    let file = format!(
        "Microsoft ID,Company name,Primary domain name,Relationship,Indirect reseller\r\n\
not-a-guid,Contoso,contoso.com,,\r\n\
,   ,fabrikam.com,,\r\n\
,LLC,llc.com,,\r\n\
,Tailspin,,,\r\n\
,Tailspin,tailspin,,\r\n\
,Litware,litware.com,Distributor,\r\n\
,Wingtip,wingtip.com,,Nobody Inc\r\n\
,Adatum,adatum.com,,\r\n\
,Adatum Again,ADATUM.com,,\r\n\
{ID_A},Other,other.com,,\r\n"
    );
    let removed = customer(ID_A, "Gone", "gone.com");
    let mut reader = FileReader::open(file.as_bytes()).unwrap();
    let (mapping, _) = suggest(&reader.headers);
    let mut planner = Planner::new(
        mapping,
        Existing::Skip,
        vec![],
        &[removed],
        &resellers(),
        "",
        || CustomerId::from_u128(5),
    );
    planner.add(reader.all_rows());
    let plan = planner.finish();
    assert_eq!(
        errors(&plan),
        [
            (2, RowError::BadGuid("not-a-guid".into())),
            (3, RowError::EmptyName),
            (
                4,
                RowError::NameRefused(NameError::BareLegalSuffix("LLC".into()))
            ),
            (5, RowError::EmptyDomain),
            (6, RowError::NotADomain("tailspin".into())),
            (7, RowError::UnknownRelationship("Distributor".into())),
            (8, RowError::UnknownReseller("Nobody Inc".into())),
            (10, RowError::DuplicateInFile { line: 9 }),
            (11, RowError::RemovedCustomer),
        ]
    );
    assert_eq!(plan.new.len(), 1);
    for (_, e) in errors(&plan) {
        assert!(!e.message().to_string().is_empty());
    }
}

#[test]
fn the_rows_in_error_download_keeps_the_file_s_columns_and_says_why() {
    let file = "Company name,Primary domain name\r\nContoso,not a domain\r\n";
    let mut reader = FileReader::open(file.as_bytes()).unwrap();
    let p = plan(file.as_bytes(), vec![], Existing::Skip);
    let csv = errors_csv(&reader.headers, &p.errors, Language::English);
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("Company name,Primary domain name,Line,Reason\r\n"));
    assert!(text.contains("Contoso,not a domain,2,“not a domain” is not a domain name"));
    assert!(reader.all_rows().len() == 1);
    assert_eq!(errors_file_name("Customers.csv"), "Customers-errors.csv");
}

#[test]
fn duplicates_within_the_file_by_id_or_by_domain_in_any_case() {
    let file = format!(
        "Microsoft ID,Company name,Primary domain name\r\n\
{ID_A},Contoso,contoso.com\r\n\
{ID_A},Contoso Two,contoso2.com\r\n\
,Contoso Three,CONTOSO.COM\r\n"
    );
    let p = plan(file.as_bytes(), vec![], Existing::Skip);
    assert_eq!(
        errors(&p),
        [
            (3, RowError::DuplicateInFile { line: 2 }),
            (4, RowError::DuplicateInFile { line: 2 })
        ]
    );
}

fn book() -> Vec<Customer> {
    let mut a = customer(ID_A, "Contoso", "contoso.com");
    a.reseller_id = Some(ResellerId::from_u128(77));
    vec![a, customer(ID_B, "Fabrikam", "fabrikam.com")]
}

#[test]
fn customers_already_in_the_book_are_found_by_id_or_domain_and_skipped() {
    let file = format!(
        "Microsoft ID,Company name,Primary domain name\r\n\
{ID_A},Contoso Renamed,contoso.com\r\n\
,Fabrikam Renamed,FABRIKAM.com\r\n\
,Tailspin,tailspin.com\r\n"
    );
    let p = plan(file.as_bytes(), book(), Existing::Skip);
    assert_eq!((p.new.len(), p.updates.len(), p.skipped), (1, 0, 2));
    assert!(p.errors.is_empty());
}

#[test]
fn updating_changes_only_the_columns_the_file_has() {
    let file = format!(
        "Microsoft ID,Company name,Relationship\r\n\
{ID_A},Contoso Renamed,Reseller with delegated admin\r\n\
{ID_B},Fabrikam,\r\n"
    );
    let mut reader = FileReader::open(file.as_bytes()).unwrap();
    let (mut mapping, _) = suggest(&reader.headers);
    assert_eq!(mapping.missing(), [Field::Domain]);
    // With no domain column the file can still update (the page asks for one to add).
    mapping.set(Field::Domain, None);
    let p = plan_with(&mut reader, mapping, book(), Existing::Update);
    assert_eq!(p.updates.len(), 1, "Fabrikam is unchanged: skipped");
    assert_eq!(p.skipped, 1);
    let (before, after) = &p.updates[0];
    assert_eq!(after.company_name, "Contoso Renamed");
    assert_eq!(after.relationship, Relationship::ResellerWithDelegatedAdmin);
    assert_eq!(after.primary_domain, before.primary_domain);
    assert_eq!(after.reseller_id, before.reseller_id);
    assert_eq!(after.created_at, before.created_at);
}

#[test]
fn an_id_and_a_domain_of_two_different_customers_are_refused() {
    let file = format!(
        "Microsoft ID,Company name,Primary domain name\r\n\
{ID_A},Contoso,fabrikam.com\r\n\
7a1c2e3f-0000-4000-8000-0000000000ff,Someone,contoso.com\r\n"
    );
    let p = plan(file.as_bytes(), book(), Existing::Update);
    assert_eq!(
        errors(&p),
        [
            (2, RowError::IdAndDomainDisagree),
            (3, RowError::IdAndDomainDisagree)
        ]
    );
}

#[test]
fn new_customers_get_new_ids_when_the_file_has_none() {
    let file =
        "Company name,Primary domain name\r\nContoso,contoso.com\r\nFabrikam,fabrikam.com\r\n";
    let p = plan(file.as_bytes(), vec![], Existing::Skip);
    let ids: Vec<&CustomerId> = p.new.iter().map(|c| &c.id).collect();
    assert_eq!(
        ids,
        [&CustomerId::from_u128(1001), &CustomerId::from_u128(1002)]
    );
    assert_eq!(p.new[0].created_at, "2026-12-01T00:00:00Z");
}

#[test]
fn partner_center_relationship_texts_map_onto_ours() {
    use Relationship::*;
    for (text, want) in [
        ("Cloud Reseller", Some(Reseller)),
        ("Reseller", Some(Reseller)),
        ("Indirect reseller", Some(Reseller)),
        (
            "Reseller, delegated admin",
            Some(ResellerWithDelegatedAdmin),
        ),
        ("Reseller with GDAP", Some(ResellerWithDelegatedAdmin)),
        (
            "Revendeur, administration déléguée",
            Some(ResellerWithDelegatedAdmin),
        ),
        ("經銷商", Some(Reseller)),
        ("Distributor", None),
    ] {
        assert_eq!(relationship(text), want, "{text}");
    }
}

#[test]
fn the_preview_keeps_the_first_rows_only_and_the_reader_gives_chunks() {
    let mut file = String::from("Company name,Primary domain name\n");
    for i in 0..50 {
        file.push_str(&format!("Company {i},c{i}.com\n"));
    }
    let mut reader = FileReader::open(file.as_bytes()).unwrap();
    let first = reader.next_rows(30);
    assert_eq!(first.len(), 30);
    assert!(!reader.is_done());
    let (read, all) = reader.progress();
    assert!(read > 0 && read < all);
    let rest = reader.next_rows(30);
    assert_eq!(rest.len(), 20);
    assert!(reader.next_rows(30).is_empty() && reader.is_done());
    assert_eq!(reader.progress().0, all);
    let p = plan(file.as_bytes(), vec![], Existing::Skip);
    assert_eq!(p.preview.len(), PREVIEW_ROWS);
    assert_eq!(p.new.len(), 50);
}
