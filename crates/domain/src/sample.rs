//! Deterministic sample data: a partner, its resellers and a multilingual customer book.
//!
//! The same seed and count always give the same book, and a smaller count gives a prefix of a
//! larger one. Names come from French, German, Traditional Chinese and English word lists,
//! and about one name in forty is deliberately awkward (a comma, a double quote, a line break,
//! a leading `=` or `+`) so the list, search and CSV export are exercised by every sample.
//!
//! ```
//! use clientele_domain::sample::{generate, SAMPLE_SEED};
//! let book = generate(SAMPLE_SEED, 200);
//! assert_eq!(book.customers.len(), 200);
//! assert_eq!(book, generate(SAMPLE_SEED, 200));
//! ```

use std::fmt::Write as _;

use crate::catalogue::{Offer, CATALOGUE};
use crate::guid::Guid;
use crate::model::{
    Address, Contact, Customer, CustomerId, Relationship, Reseller, ResellerId, Subscription,
    SubscriptionId, SubscriptionStatus,
};
use crate::search::fold;
use crate::settings::{CurrentUser, PartnerKind, PartnerProfile, Role, Settings};
use crate::time::iso_from_unix_ms;

/// The seed of the sample the app offers to load.
pub const SAMPLE_SEED: u64 = 2026;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleBook {
    pub settings: Settings,
    pub customers: Vec<Customer>,
    pub subscriptions: Vec<Subscription>,
}

/// `count` realistic multilingual customers (any size up to 100,000), the same for the same
/// seed and count.
pub fn generate(seed: u64, count: usize) -> SampleBook {
    let mut rng = SplitMix64(seed);
    let settings = settings(&mut rng);
    let mut customers = Vec::with_capacity(count);
    let mut subscriptions = Vec::with_capacity(count * 5 / 2);
    for i in 0..count {
        let customer = customer(&mut rng, i, &settings.resellers);
        add_subscriptions(&mut rng, &customer, &mut subscriptions);
        customers.push(customer);
    }
    SampleBook {
        settings,
        customers,
        subscriptions,
    }
}

/// SplitMix64 (Steele, Lea and Flood): tiny, fast, and good enough for made-up names.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (Lemire's multiply-shift: no modulo bias worth mentioning).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn bits(&mut self) -> u128 {
        (u128::from(self.next()) << 64) | u128::from(self.next())
    }
}

const RESELLER_NAMES: [&str; 6] = [
    "Northwind Traders Ltd",
    "Tailspin Solutions Européennes SAS",
    "Müller & Söhne IT-Service GmbH",
    "台北雲端整合股份有限公司",
    "Wingtip Cloud Inc.",
    "Lumière Numérique Québec Inc.",
];

fn settings(rng: &mut SplitMix64) -> Settings {
    let partner = PartnerProfile {
        display_name: "Fabrikam Cloud Solutions".into(),
        tenant_id: Guid::v4_from_bits(rng.bits()).into(),
        partner_id: rng.between(1_000_000, 9_999_999).to_string(),
        email_domain: "fabrikam-partner.example".into(),
        kind: PartnerKind::IndirectProvider,
    };
    let user = CurrentUser {
        display_name: "Camille Laurent".into(),
        role: Role::GlobalAdmin,
    };
    let resellers = RESELLER_NAMES
        .iter()
        .map(|name| Reseller {
            id: ResellerId::v4_from_bits(rng.bits()),
            name: (*name).into(),
        })
        .collect();
    Settings {
        partner,
        user,
        resellers,
        exports: Default::default(),
    }
}

/// A name and the ASCII form used for e-mail addresses and domains.
type Named = (&'static str, &'static str);

/// City, state or province (may be empty), postal code.
type City = (&'static str, &'static str, &'static str);

/// Everything that differs from one country to the next.
struct Country {
    code: &'static str,
    /// Top-level domain, with its dot.
    tld: &'static str,
    /// Out of 100.
    weight: usize,
    first_names: &'static [Named],
    last_names: &'static [Named],
    cities: &'static [City],
    streets: &'static [&'static str],
    /// How a street and a house number make an address line.
    street_line: fn(&str, usize) -> String,
    /// Country calling code and area code.
    phone: &'static str,
    /// The second line of a company name that is split over two lines.
    branch: &'static str,
}

const FR_FIRST: &[Named] = &[
    ("Camille", "camille"),
    ("Hélène", "helene"),
    ("Léa", "lea"),
    ("Chloé", "chloe"),
    ("Émilie", "emilie"),
    ("François", "francois"),
    ("Jérôme", "jerome"),
    ("Thibault", "thibault"),
    ("Maël", "mael"),
    ("Inès", "ines"),
    ("Noémie", "noemie"),
    ("Benoît", "benoit"),
    ("Cécile", "cecile"),
    ("Sébastien", "sebastien"),
    ("Zoé", "zoe"),
    ("Anaïs", "anais"),
    ("Jean-Baptiste", "jean-baptiste"),
    ("Geneviève", "genevieve"),
];

const FR_LAST: &[Named] = &[
    ("Durand", "durand"),
    ("Martin", "martin"),
    ("Bernard", "bernard"),
    ("Lefèvre", "lefevre"),
    ("Moreau", "moreau"),
    ("Girard", "girard"),
    ("Rousseau", "rousseau"),
    ("Fournier", "fournier"),
    ("Lambert", "lambert"),
    ("Mercier", "mercier"),
    ("Faure", "faure"),
    ("Chevalier", "chevalier"),
    ("Bérenger", "berenger"),
    ("Gauthier", "gauthier"),
    ("Perrin", "perrin"),
    ("Clément", "clement"),
    ("Garnier", "garnier"),
    ("Leroy", "leroy"),
    ("Bonnet", "bonnet"),
    ("François", "francois"),
    ("Gérard", "gerard"),
    ("Dupré", "dupre"),
    ("Lacroix", "lacroix"),
    ("Besnard", "besnard"),
    ("Pelletier", "pelletier"),
    ("Lemaître", "lemaitre"),
    ("Bouchard", "bouchard"),
    ("Tremblay", "tremblay"),
];

const DE_FIRST: &[Named] = &[
    ("Jürgen", "juergen"),
    ("Günter", "guenter"),
    ("Jörg", "joerg"),
    ("Björn", "bjoern"),
    ("Anna", "anna"),
    ("Lukas", "lukas"),
    ("Sophie", "sophie"),
    ("Maximilian", "maximilian"),
    ("Käthe", "kaethe"),
    ("Sören", "soeren"),
    ("Leonie", "leonie"),
    ("Felix", "felix"),
    ("Lena", "lena"),
    ("Matthias", "matthias"),
    ("Ute", "ute"),
    ("Hans-Peter", "hans-peter"),
];

const DE_LAST: &[Named] = &[
    ("Müller", "mueller"),
    ("Schmidt", "schmidt"),
    ("Schneider", "schneider"),
    ("Fischer", "fischer"),
    ("Weber", "weber"),
    ("Meyer", "meyer"),
    ("Wagner", "wagner"),
    ("Becker", "becker"),
    ("Schulz", "schulz"),
    ("Hoffmann", "hoffmann"),
    ("Schäfer", "schaefer"),
    ("Koch", "koch"),
    ("Bauer", "bauer"),
    ("Richter", "richter"),
    ("Klein", "klein"),
    ("Wolf", "wolf"),
    ("Schröder", "schroeder"),
    ("Neumann", "neumann"),
    ("Zimmermann", "zimmermann"),
    ("Krüger", "krueger"),
    ("Hartmann", "hartmann"),
    ("Köhler", "koehler"),
    ("Weiß", "weiss"),
    ("Günther", "guenther"),
    ("Jäger", "jaeger"),
    ("Groß", "gross"),
];

const TW_FIRST: &[Named] = &[
    ("志明", "chihming"),
    ("淑芬", "shufen"),
    ("家豪", "chiahao"),
    ("怡君", "yichun"),
    ("俊傑", "chunchieh"),
    ("美玲", "meiling"),
    ("建宏", "chienhung"),
    ("雅婷", "yating"),
    ("宗翰", "tsunghan"),
    ("欣怡", "hsinyi"),
];

const TW_LAST: &[Named] = &[
    ("陳", "chen"),
    ("林", "lin"),
    ("黃", "huang"),
    ("張", "chang"),
    ("李", "lee"),
    ("王", "wang"),
    ("吳", "wu"),
    ("劉", "liu"),
    ("蔡", "tsai"),
    ("楊", "yang"),
];

const EN_FIRST: &[Named] = &[
    ("James", "james"),
    ("Mary", "mary"),
    ("Olivia", "olivia"),
    ("Liam", "liam"),
    ("Emma", "emma"),
    ("Noah", "noah"),
    ("Ava", "ava"),
    ("Ethan", "ethan"),
    ("Sophia", "sophia"),
    ("Mason", "mason"),
    ("Isabella", "isabella"),
    ("Amelia", "amelia"),
    ("Harper", "harper"),
    ("Jack", "jack"),
    ("Grace", "grace"),
    ("Oliver", "oliver"),
    ("Priya", "priya"),
    ("Wei", "wei"),
    ("Siobhan", "siobhan"),
    ("Zoë", "zoe"),
];

const EN_LAST: &[Named] = &[
    ("Smith", "smith"),
    ("Johnson", "johnson"),
    ("Williams", "williams"),
    ("Brown", "brown"),
    ("Jones", "jones"),
    ("Garcia", "garcia"),
    ("Miller", "miller"),
    ("Davis", "davis"),
    ("Martínez", "martinez"),
    ("Anderson", "anderson"),
    ("Taylor", "taylor"),
    ("Thomas", "thomas"),
    ("Moore", "moore"),
    ("Jackson", "jackson"),
    ("Harris", "harris"),
    ("Clark", "clark"),
    ("Walker", "walker"),
    ("Wright", "wright"),
    ("Campbell", "campbell"),
    ("O'Brien", "obrien"),
    ("Patel", "patel"),
    ("Nguyen", "nguyen"),
    ("MacDonald", "macdonald"),
    ("Evans", "evans"),
];

fn number_then_street(street: &str, n: usize) -> String {
    format!("{n} {street}")
}

fn street_then_number(street: &str, n: usize) -> String {
    format!("{street} {n}")
}

fn taiwan_street(street: &str, n: usize) -> String {
    const SECTIONS: [&str; 5] = ["一", "二", "三", "四", "五"];
    format!("{street}{}段{n}號", SECTIONS[n % 5])
}

const FRANCE: Country = Country {
    code: "FR",
    tld: ".fr",
    weight: 25,
    first_names: FR_FIRST,
    last_names: FR_LAST,
    cities: &[
        ("Paris", "", "75008"),
        ("Lyon", "", "69002"),
        ("Marseille", "", "13001"),
        ("Toulouse", "", "31000"),
        ("Nice", "", "06000"),
        ("Nantes", "", "44000"),
        ("Strasbourg", "", "67000"),
        ("Bordeaux", "", "33000"),
        ("Lille", "", "59000"),
        ("Besançon", "", "25000"),
        ("Orléans", "", "45000"),
        ("Nîmes", "", "30000"),
    ],
    streets: &[
        "rue de la République",
        "rue Victor-Hugo",
        "avenue du Général-Leclerc",
        "boulevard Jean-Jaurès",
        "rue de la Paix",
        "rue du Faubourg-Saint-Honoré",
        "rue des Écoles",
        "place de l'Église",
        "quai de la Tournelle",
    ],
    street_line: number_then_street,
    phone: "+33 1",
    branch: "Succursale de Lyon",
};

const GERMANY: Country = Country {
    code: "DE",
    tld: ".de",
    weight: 20,
    first_names: DE_FIRST,
    last_names: DE_LAST,
    cities: &[
        ("Berlin", "", "10115"),
        ("München", "", "80331"),
        ("Hamburg", "", "20095"),
        ("Köln", "", "50667"),
        ("Frankfurt am Main", "", "60311"),
        ("Düsseldorf", "", "40213"),
        ("Stuttgart", "", "70173"),
        ("Nürnberg", "", "90402"),
        ("Leipzig", "", "04109"),
        ("Lübeck", "", "23552"),
    ],
    streets: &[
        "Hauptstraße",
        "Bahnhofstraße",
        "Goethestraße",
        "Schillerstraße",
        "Lindenallee",
        "Friedrichstraße",
        "Königsallee",
        "Am Marktplatz",
        "Mühlenweg",
    ],
    street_line: street_then_number,
    phone: "+49 30",
    branch: "Zweigniederlassung Bremen",
};

const TAIWAN: Country = Country {
    code: "TW",
    tld: ".com.tw",
    weight: 15,
    first_names: TW_FIRST,
    last_names: TW_LAST,
    cities: &[
        ("台北市", "", "110"),
        ("新竹市", "", "300"),
        ("台中市", "", "407"),
        ("高雄市", "", "806"),
        ("台南市", "", "700"),
        ("桃園市", "", "330"),
    ],
    streets: &[
        "信義路",
        "忠孝東路",
        "中山北路",
        "民生東路",
        "仁愛路",
        "敦化南路",
        "南京東路",
    ],
    street_line: taiwan_street,
    phone: "+886 2",
    branch: "新竹分公司",
};

const UNITED_STATES: Country = Country {
    code: "US",
    tld: ".com",
    weight: 20,
    first_names: EN_FIRST,
    last_names: EN_LAST,
    cities: &[
        ("Seattle", "WA", "98101"),
        ("Redmond", "WA", "98052"),
        ("Austin", "TX", "78701"),
        ("Chicago", "IL", "60601"),
        ("Denver", "CO", "80202"),
        ("Boston", "MA", "02108"),
        ("San Diego", "CA", "92101"),
        ("Atlanta", "GA", "30303"),
        ("New York", "NY", "10001"),
        ("Portland", "OR", "97204"),
    ],
    streets: &[
        "Main St",
        "Oak Ave",
        "Maple Dr",
        "Cedar Ln",
        "Pine St",
        "Washington Blvd",
        "Market St",
        "Elm St",
    ],
    street_line: number_then_street,
    phone: "+1 206",
    branch: "Branch Office",
};

const UNITED_KINGDOM: Country = Country {
    code: "GB",
    tld: ".co.uk",
    weight: 12,
    first_names: EN_FIRST,
    last_names: EN_LAST,
    cities: &[
        ("London", "", "EC1A 1BB"),
        ("Manchester", "", "M1 1AE"),
        ("Birmingham", "", "B1 1AA"),
        ("Edinburgh", "", "EH1 1YZ"),
        ("Bristol", "", "BS1 4DJ"),
        ("Leeds", "", "LS1 4AP"),
        ("Cardiff", "", "CF10 1EP"),
        ("Glasgow", "", "G1 1XQ"),
    ],
    streets: &[
        "High Street",
        "Station Road",
        "Church Lane",
        "Victoria Road",
        "King's Road",
        "Queen Street",
        "Mill Lane",
    ],
    street_line: number_then_street,
    phone: "+44 20",
    branch: "Northern Office",
};

const CANADA: Country = Country {
    code: "CA",
    tld: ".ca",
    weight: 8,
    first_names: EN_FIRST,
    last_names: EN_LAST,
    cities: &[
        ("Toronto", "ON", "M5V 2T6"),
        ("Montréal", "QC", "H2Y 1C6"),
        ("Vancouver", "BC", "V6B 1A1"),
        ("Calgary", "AB", "T2P 1J9"),
        ("Ottawa", "ON", "K1P 1J1"),
        ("Québec", "QC", "G1R 4P5"),
        ("Halifax", "NS", "B3J 1S9"),
    ],
    streets: &[
        "King St W",
        "Yonge St",
        "Granville St",
        "rue Sainte-Catherine O",
        "rue Saint-Jean",
        "Wellington St",
    ],
    street_line: number_then_street,
    phone: "+1 514",
    branch: "Bureau de Québec",
};

const COUNTRIES: [&Country; 6] = [
    &FRANCE,
    &GERMANY,
    &TAIWAN,
    &UNITED_STATES,
    &UNITED_KINGDOM,
    &CANADA,
];

fn country(rng: &mut SplitMix64) -> &'static Country {
    let mut roll = rng.below(100);
    for c in COUNTRIES {
        if roll < c.weight {
            return c;
        }
        roll -= c.weight;
    }
    COUNTRIES[0]
}

const FR_TRADES: &[&str] = &[
    "Boulangerie",
    "Pâtisserie",
    "Cabinet",
    "Garage",
    "Pharmacie",
    "Atelier",
    "Librairie",
    "Fromagerie",
    "Agence",
    "Imprimerie",
    "Menuiserie",
    "Brasserie",
    "Hôtel",
    "Étude",
    "Clinique vétérinaire",
    "Crèche",
];

const FR_SECTORS: &[&str] = &[
    "Conseil",
    "Informatique",
    "Transports",
    "Électricité",
    "Bâtiment",
    "Énergies",
    "Logistique",
    "Communication",
    "Immobilier",
    "Santé",
    "Génie climatique",
    "Paysages",
];

const FR_ADJECTIVES: &[&str] = &[
    "Générale",
    "Lyonnaise",
    "Parisienne",
    "Marseillaise",
    "Bretonne",
    "Alsacienne",
    "Normande",
    "Provençale",
    "Niçoise",
    "Savoyarde",
];

const FR_THINGS: &[&str] = &[
    "Façades",
    "Matériaux",
    "Peintures",
    "Céramiques",
    "Télécommunications",
    "Boissons",
    "Jardins",
    "Chaussures",
    "Crèmes glacées",
    "Études techniques",
];

const FR_LEGAL: &[&str] = &["SARL", "SAS", "SA", "EURL", "SCOP"];

const DE_TRADES: &[&str] = &[
    "Bäckerei",
    "Metzgerei",
    "Apotheke",
    "Autohaus",
    "Brauerei",
    "Tischlerei",
    "Buchhandlung",
    "Steuerberatung",
    "Zahnarztpraxis",
    "Gärtnerei",
    "Druckerei",
    "Straßenbau",
];

const DE_SECTORS: &[&str] = &[
    "Maschinenbau",
    "Logistik",
    "Immobilien",
    "Software",
    "Energietechnik",
    "Medizintechnik",
    "Bauunternehmung",
    "Spedition",
    "Versicherungsmakler",
    "Möbelwerkstätten",
    "Straßenbau",
    "Kältetechnik",
];

const DE_PLACES: &[&str] = &[
    "München",
    "Köln",
    "Düsseldorf",
    "Nürnberg",
    "Lübeck",
    "Würzburg",
    "Göttingen",
    "Saarbrücken",
    "Rhein-Main",
    "Bodensee",
];

const DE_LEGAL: &[&str] = &[
    "GmbH",
    "AG",
    "KG",
    "GmbH & Co. KG",
    "e.K.",
    "UG (haftungsbeschränkt)",
];

const TW_PLACES: &[Named] = &[
    ("台灣", "taiwan"),
    ("台北", "taipei"),
    ("台中", "taichung"),
    ("高雄", "kaohsiung"),
    ("新竹", "hsinchu"),
    ("台南", "tainan"),
    ("桃園", "taoyuan"),
    ("基隆", "keelung"),
];

const TW_BRANDS: &[Named] = &[
    ("微軟", "weiruan"),
    ("宏遠", "hongyuan"),
    ("永豐", "yongfeng"),
    ("大同", "datong"),
    ("光華", "guanghua"),
    ("聯合", "lianhe"),
    ("鼎新", "dingxin"),
    ("信義", "xinyi"),
    ("東方", "dongfang"),
    ("金山", "jinshan"),
    ("美華", "meihua"),
    ("福星", "fuxing"),
    ("明德", "mingde"),
    ("晨曦", "chenxi"),
];

const TW_SECTORS: &[Named] = &[
    ("顧問", "consulting"),
    ("資訊", "info"),
    ("科技", "tech"),
    ("貿易", "trading"),
    ("電子", "electronics"),
    ("軟體", "software"),
    ("設計", "design"),
    ("物流", "logistics"),
    ("餐飲", "food"),
    ("雲端", "cloud"),
    ("數位", "digital"),
    ("工程", "engineering"),
];

const TW_LEGAL: &[&str] = &["有限公司", "股份有限公司", "企業社", "工作室"];

const EN_ADJECTIVES: &[&str] = &[
    "Blue",
    "Northern",
    "Summit",
    "Pacific",
    "Redwood",
    "Silver",
    "Granite",
    "Evergreen",
    "Harbor",
    "Pioneer",
    "Lakeside",
    "Bright",
    "Cedar",
    "Maple",
    "Atlas",
    "Coastal",
];

const EN_NOUNS: &[&str] = &[
    "Ridge", "River", "Peak", "Bay", "Valley", "Forge", "Bridge", "Field", "Point", "Stone",
    "Grove", "Harbour", "Meadow", "Lantern",
];

const EN_SECTORS: &[&str] = &[
    "Consulting",
    "Logistics",
    "Dental",
    "Health",
    "Analytics",
    "Labs",
    "Systems",
    "Foods",
    "Design",
    "Manufacturing",
    "Realty",
    "Legal",
    "Partners",
    "Media",
    "Engineering",
    "Accounting",
];

const US_LEGAL: &[&str] = &["Inc.", "LLC", "Corp.", "Co."];
const GB_LEGAL: &[&str] = &["Ltd", "LLP", "plc", "& Co. Ltd"];
const CA_LEGAL: &[&str] = &["Inc.", "Ltd.", "Corp.", "Ltée"];

/// A company name in the country's style, and the slug its domain is made from.
fn company_name(rng: &mut SplitMix64, country: &Country, out: &mut String, slug: &mut String) {
    if country.code == "TW" {
        // The slug comes from the romanised words: the characters have no ASCII form.
        if rng.percent(60) {
            out.push_str(rng.pick(TW_PLACES).0);
        }
        let (brand, sector) = (rng.pick(TW_BRANDS), rng.pick(TW_SECTORS));
        let _ = write!(out, "{}{}{}", brand.0, sector.0, rng.pick(TW_LEGAL));
        let _ = write!(slug, "{}-{}", brand.1, sector.1);
        return;
    }
    let surname = rng.pick(country.last_names).0;
    let _ = match country.code {
        "FR" => match rng.below(5) {
            0 | 1 => write!(out, "{} {surname}", rng.pick(FR_TRADES)),
            2 => write!(out, "{surname} & Fils"),
            3 => write!(
                out,
                "{surname} {} {}",
                rng.pick(FR_SECTORS),
                rng.pick(FR_LEGAL)
            ),
            _ => write!(
                out,
                "Société {} de {}",
                rng.pick(FR_ADJECTIVES),
                rng.pick(FR_THINGS)
            ),
        },
        "DE" => match rng.below(4) {
            0 => write!(out, "{} {surname}", rng.pick(DE_TRADES)),
            1 => write!(
                out,
                "{surname} {} {}",
                rng.pick(DE_SECTORS),
                rng.pick(DE_LEGAL)
            ),
            2 => write!(out, "{surname} & Söhne {}", rng.pick(DE_LEGAL)),
            _ => write!(
                out,
                "{} {} {}",
                rng.pick(DE_PLACES),
                rng.pick(DE_SECTORS),
                rng.pick(DE_LEGAL)
            ),
        },
        // Québec: a French name.
        "CA" if rng.percent(30) => write!(
            out,
            "Les Entreprises {} {}",
            rng.pick(FR_LAST).0,
            rng.pick(CA_LEGAL)
        ),
        _ => {
            let legal = match country.code {
                "GB" => GB_LEGAL,
                "CA" => CA_LEGAL,
                _ => US_LEGAL,
            };
            match rng.below(3) {
                0 => write!(
                    out,
                    "{surname} {} {}",
                    rng.pick(EN_SECTORS),
                    rng.pick(legal)
                ),
                1 => write!(
                    out,
                    "{} {} {}",
                    rng.pick(EN_ADJECTIVES),
                    rng.pick(EN_NOUNS),
                    rng.pick(EN_SECTORS)
                ),
                _ => write!(
                    out,
                    "{surname} & {} {}",
                    rng.pick(country.last_names).0,
                    rng.pick(EN_SECTORS)
                ),
            }
        }
    };
    push_slug(out, slug);
}

/// The awkward names that test quoting, search and the formula guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tricky {
    Comma,
    Quote,
    LineBreak,
    Equals,
    Plus,
}

const TRICKY: [Tricky; 5] = [
    Tricky::Comma,
    Tricky::Quote,
    Tricky::LineBreak,
    Tricky::Equals,
    Tricky::Plus,
];

/// Customers 7, 47, 87, … have awkward names, cycling through every kind, so any sample of
/// 200 or more has one of each.
fn tricky(i: usize) -> Option<Tricky> {
    (i % 40 == 7).then(|| TRICKY[(i / 40) % TRICKY.len()])
}

fn tricky_name(
    rng: &mut SplitMix64,
    kind: Tricky,
    country: &Country,
    out: &mut String,
    slug: &mut String,
) {
    let latin = if country.code == "TW" {
        EN_LAST
    } else {
        country.last_names
    };
    let _ = match kind {
        Tricky::Comma => write!(
            out,
            "{}, {} & Associates",
            rng.pick(latin).0,
            rng.pick(latin).0
        ),
        Tricky::Quote => write!(
            out,
            "\"{} {}\" {}",
            rng.pick(EN_ADJECTIVES),
            rng.pick(EN_NOUNS),
            rng.pick(EN_SECTORS)
        ),
        Tricky::LineBreak => {
            company_name(rng, country, out, slug);
            write!(out, "\n{}", country.branch)
        }
        Tricky::Equals => write!(
            out,
            "=HYPERLINK(\"{}\")  {} Labs",
            rng.pick(EN_NOUNS),
            rng.pick(EN_ADJECTIVES)
        ),
        Tricky::Plus => write!(out, "+{} {}", rng.pick(EN_ADJECTIVES), rng.pick(EN_SECTORS)),
    };
    if slug.is_empty() {
        push_slug(out, slug);
    }
}

/// The longest slug used in a domain label.
const SLUG_MAX: usize = 32;

/// Lowercase ASCII letters and digits of `name`, words joined by hyphens.
fn push_slug(name: &str, out: &mut String) {
    let start = out.len();
    for c in fold(name).chars() {
        if out.len() - start >= SLUG_MAX {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if out.len() > start && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.len() > start && out.ends_with('-') {
        out.pop();
    }
}

/// A unique primary domain: the customer's number makes it unique, placed where no slug can
/// imitate it (after a hyphen, or after the letter that ends an onmicrosoft slug).
fn primary_domain(rng: &mut SplitMix64, slug: &str, i: usize, country: &Country) -> String {
    let number = i + 1;
    if rng.percent(12) {
        let mut compact: String = slug
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(24)
            .collect();
        if !compact.ends_with(|c: char| c.is_ascii_alphabetic()) {
            compact.push('x');
        }
        format!("{compact}{number}.onmicrosoft.com")
    } else {
        let slug = if slug.is_empty() { "customer" } else { slug };
        format!("{slug}-{number}{}", country.tld)
    }
}

/// The earliest and latest `created_at`: 2019-01-01 and 2026-11-01, UTC.
const CREATED_FROM_MS: i64 = 1_546_300_800_000;
const CREATED_UNTIL_MS: i64 = 1_793_491_200_000;

fn customer(rng: &mut SplitMix64, i: usize, resellers: &[Reseller]) -> Customer {
    let id = CustomerId::v4_from_bits(rng.bits());
    let country = country(rng);
    let mut name = String::with_capacity(48);
    let mut slug = String::with_capacity(SLUG_MAX);
    match tricky(i) {
        Some(kind) => tricky_name(rng, kind, country, &mut name, &mut slug),
        None => company_name(rng, country, &mut name, &mut slug),
    }
    if slug.is_empty() {
        slug.push_str("customer");
    }
    let primary_domain = primary_domain(rng, &slug, i, country);
    let relationship = if rng.percent(80) {
        Relationship::Reseller
    } else {
        Relationship::ResellerWithDelegatedAdmin
    };
    let reseller_id = rng.percent(70).then(|| rng.pick(resellers).id.clone());
    let billing_address = address(rng, country);
    let primary_contact = contact(rng, country, &primary_domain);
    let created_ms = CREATED_FROM_MS
        + (rng.below(((CREATED_UNTIL_MS - CREATED_FROM_MS) / 1000) as usize) as i64) * 1000;
    Customer {
        id,
        company_name: name,
        primary_domain,
        relationship,
        reseller_id,
        billing_address,
        primary_contact,
        created_at: iso_from_unix_ms(created_ms),
        details: Default::default(),
        // None: the sample's exports stay as they were; tests and benchmarks tag what they need.
        tags: Vec::new(),
    }
}

fn address(rng: &mut SplitMix64, country: &Country) -> Address {
    let (city, state, postal_code) = *rng.pick(country.cities);
    let street = rng.pick(country.streets);
    let number = rng.between(1, 240);
    let line2 = if rng.percent(15) {
        match country.code {
            "FR" => format!("Bâtiment {}", rng.pick(&["A", "B", "C"])),
            "DE" => format!("{}. Etage", rng.between(1, 6)),
            "TW" => format!("{}樓", rng.between(2, 20)),
            _ => format!("Suite {}", rng.between(100, 900)),
        }
    } else {
        String::new()
    };
    Address {
        line1: (country.street_line)(street, number),
        line2,
        city: city.into(),
        state: state.into(),
        postal_code: postal_code.into(),
        country: country.code.into(),
    }
}

fn contact(rng: &mut SplitMix64, country: &Country, domain: &str) -> Contact {
    let first = rng.pick(country.first_names);
    let last = rng.pick(country.last_names);
    Contact {
        first_name: first.0.into(),
        last_name: last.0.into(),
        email: format!("{}.{}@{domain}", first.1, last.1),
        phone: format!(
            "{} {:04} {:04}",
            country.phone,
            rng.below(10_000),
            rng.below(10_000)
        ),
    }
}

/// The offers sample subscriptions are drawn from: the catalogue's first ten.
const SAMPLE_OFFERS: usize = 10;

fn offers() -> &'static [Offer] {
    &CATALOGUE[..SAMPLE_OFFERS]
}

/// One to four different offers, mostly active, billed through the customer's reseller.
fn add_subscriptions(rng: &mut SplitMix64, customer: &Customer, out: &mut Vec<Subscription>) {
    let offers = offers();
    let count = rng.between(1, 4);
    let first = rng.below(offers.len());
    for k in 0..count {
        // A step of 3 is coprime with 10, so the offers are all different.
        let offer = &offers[(first + 3 * k) % offers.len()];
        let quantity = match rng.below(100) {
            _ if offer.max_licences == 1 => 1,
            0..=69 => rng.between(1, 25),
            70..=94 => rng.between(26, 150),
            _ => rng.between(151, 300),
        } as u32;
        // Every sample offer allows 1 to 300 today; the clamp keeps it so if one changes.
        let quantity = quantity.clamp(offer.min_licences, offer.max_licences);
        let status = match rng.below(100) {
            0..=87 => SubscriptionStatus::Active,
            88..=93 => SubscriptionStatus::Suspended,
            94..=97 => SubscriptionStatus::Cancelled,
            _ => SubscriptionStatus::Pending,
        };
        out.push(Subscription {
            id: SubscriptionId::v4_from_bits(rng.bits()),
            customer_id: customer.id.clone(),
            offer_name: offer.name.into(),
            quantity,
            status,
            reseller_id: customer.reseller_id.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::offer_named;
    use crate::validate::is_domain;
    use std::collections::HashSet;

    fn names(book: &SampleBook) -> Vec<&str> {
        book.customers
            .iter()
            .map(|c| c.company_name.as_str())
            .collect()
    }

    #[test]
    fn same_seed_same_book() {
        assert_eq!(generate(5, 300), generate(5, 300));
    }

    #[test]
    fn different_seeds_differ() {
        assert_ne!(names(&generate(1, 50)), names(&generate(2, 50)));
    }

    #[test]
    fn smaller_sample_is_a_prefix() {
        let (small, large) = (generate(3, 40), generate(3, 90));
        assert_eq!(small.customers[..], large.customers[..40]);
    }

    #[test]
    fn zero_customers() {
        assert!(generate(SAMPLE_SEED, 0).customers.is_empty());
    }

    #[test]
    fn exact_count() {
        assert_eq!(generate(SAMPLE_SEED, 1234).customers.len(), 1234);
    }

    #[test]
    fn a_hundred_thousand_customers_all_unique() {
        let book = generate(SAMPLE_SEED, 100_000);
        let ids: HashSet<&str> = book.customers.iter().map(|c| c.id.as_str()).collect();
        let domains: HashSet<&str> = book
            .customers
            .iter()
            .map(|c| c.primary_domain.as_str())
            .collect();
        assert_eq!((ids.len(), domains.len()), (100_000, 100_000));
    }

    #[test]
    fn a_hundred_thousand_names_are_varied() {
        let book = generate(SAMPLE_SEED, 100_000);
        let distinct: HashSet<&str> = names(&book).into_iter().collect();
        assert!(distinct.len() > 20_000, "{}", distinct.len());
    }

    #[test]
    fn every_domain_is_a_domain() {
        let book = generate(SAMPLE_SEED, 2_000);
        let bad: Vec<&str> = book
            .customers
            .iter()
            .map(|c| c.primary_domain.as_str())
            .filter(|d| !is_domain(d))
            .collect();
        assert_eq!(bad, Vec::<&str>::new());
    }

    #[test]
    fn every_tricky_kind_is_in_two_hundred() {
        let book = generate(SAMPLE_SEED, 200);
        let has = |test: fn(&str) -> bool| names(&book).into_iter().any(test);
        assert!(
            has(|n| n.contains(','))
                && has(|n| n.contains('"'))
                && has(|n| n.contains('\n'))
                && has(|n| n.starts_with('='))
                && has(|n| n.starts_with('+'))
        );
    }

    #[test]
    fn every_language_is_there() {
        let book = generate(SAMPLE_SEED, 200);
        let all = names(&book).concat();
        assert!(["é", "ü", "ß", "有限公司", "Inc."]
            .iter()
            .all(|s| all.contains(s)));
    }

    #[test]
    fn every_reseller_id_is_a_settings_reseller() {
        let book = generate(SAMPLE_SEED, 1_000);
        let known: HashSet<&ResellerId> = book.settings.resellers.iter().map(|r| &r.id).collect();
        let used = book.customers.iter().filter_map(|c| c.reseller_id.as_ref());
        let billed = book
            .subscriptions
            .iter()
            .filter_map(|s| s.reseller_id.as_ref());
        assert!(used.chain(billed).all(|id| known.contains(id)));
    }

    #[test]
    fn about_seventy_percent_have_a_reseller() {
        let book = generate(SAMPLE_SEED, 2_000);
        let with = book
            .customers
            .iter()
            .filter(|c| c.reseller_id.is_some())
            .count();
        assert!((1_300..1_500).contains(&with), "{with}");
    }

    #[test]
    fn six_resellers() {
        assert_eq!(generate(SAMPLE_SEED, 0).settings.resellers.len(), 6);
    }

    #[test]
    fn settings_are_valid() {
        let s = generate(SAMPLE_SEED, 0).settings;
        let drafts: Vec<crate::settings::ResellerDraft> = s
            .resellers
            .iter()
            .map(|r| crate::settings::ResellerDraft {
                id: r.id.to_string(),
                name: r.name.clone(),
            })
            .collect();
        assert_eq!(
            Settings::from_form(s.partner.clone(), s.user.clone(), &drafts),
            Ok(s)
        );
    }

    #[test]
    fn subscriptions_belong_to_their_customer() {
        let book = generate(SAMPLE_SEED, 500);
        let ids: HashSet<&CustomerId> = book.customers.iter().map(|c| &c.id).collect();
        assert!(book
            .subscriptions
            .iter()
            .all(|s| ids.contains(&s.customer_id) && (1..=300).contains(&s.quantity)));
    }

    #[test]
    fn sample_offers_are_the_ten_named_ones_in_order() {
        let names: Vec<&str> = offers().iter().map(|o| o.name).collect();
        assert_eq!(
            names,
            [
                "Microsoft 365 Business Basic",
                "Microsoft 365 Business Standard",
                "Microsoft 365 Business Premium",
                "Office 365 E3",
                "Microsoft 365 E5",
                "Exchange Online (Plan 1)",
                "Azure plan",
                "Dynamics 365 Sales Professional",
                "Microsoft Teams Essentials",
                "Power BI Pro",
            ]
        );
    }

    #[test]
    fn every_quantity_is_within_its_offers_bounds() {
        let book = generate(SAMPLE_SEED, 5_000);
        for s in &book.subscriptions {
            let offer = offer_named(&s.offer_name).expect("a catalogue offer");
            assert!(
                (offer.min_licences..=offer.max_licences).contains(&s.quantity),
                "{s:?}"
            );
        }
    }

    #[test]
    fn one_to_four_subscriptions_each() {
        let book = generate(SAMPLE_SEED, 500);
        let per = |c: &Customer| {
            book.subscriptions
                .iter()
                .filter(|s| s.customer_id == c.id)
                .count()
        };
        assert!(book.customers.iter().all(|c| (1..=4).contains(&per(c))));
    }

    #[test]
    fn created_at_within_the_range() {
        let book = generate(SAMPLE_SEED, 2_000);
        assert!(book
            .customers
            .iter()
            .all(|c| c.created_at.as_str() >= "2019-01-01T00:00:00Z"
                && c.created_at.as_str() < "2026-11-01T00:00:00Z"));
    }

    #[test]
    fn created_range_ends_on_the_first_of_november() {
        assert_eq!(iso_from_unix_ms(CREATED_UNTIL_MS), "2026-11-01T00:00:00Z");
    }

    #[test]
    fn created_range_starts_in_2019() {
        assert_eq!(iso_from_unix_ms(CREATED_FROM_MS), "2019-01-01T00:00:00Z");
    }

    #[test]
    fn tricky_kinds_cycle() {
        let kinds: Vec<Tricky> = (0..200).filter_map(tricky).collect();
        assert_eq!(kinds, TRICKY);
    }
}
