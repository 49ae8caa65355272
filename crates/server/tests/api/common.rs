//! The harness: a real database per test (a temporary SQLite file, or a fresh database on
//! the PostgreSQL server named by TEST_DATABASE_URL), one user per role, sample customers,
//! and requests sent through `app(state).oneshot(..)`.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use clientele_domain::activity::Stamp;
use clientele_domain::book::Change;
use clientele_domain::model::{Address, Contact};
use clientele_domain::model::{Customer, CustomerId, ResellerId, Subscription, SubscriptionStatus};
use clientele_domain::sample;
use clientele_domain::settings::Role;
use clientele_domain::time::date_from_unix_ms;
use clientele_domain::wizard::{
    self, AgreementDraft, DomainMode, LicenceLine, WizardContext, WizardDraft,
};
use clientele_server::store::{apply, settings, users};
use clientele_server::{app, now_ms, AppState, Db};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::{Connection, Executor};
use std::collections::HashMap;
use tower::ServiceExt;

/// The number of sample customers every test starts with.
pub const SAMPLE: usize = 30;

pub struct TestApp {
    pub app: Router,
    pub db: Db,
    pub tokens: HashMap<Role, String>,
    pub sample: sample::SampleBook,
    /// The database's URL, to connect again as a restarted or second server would.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    pub fn etag(&self) -> String {
        self.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    /// The JSON error's field, if any.
    pub fn field(&self) -> Option<&str> {
        self.json.get("field").and_then(Value::as_str)
    }
}

/// The name each role's user has.
pub fn user_name(role: Role) -> String {
    format!("{} user", role.label())
}

pub async fn setup() -> TestApp {
    let (url, dir) = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => (fresh_postgres_database(&url).await, None),
        _ => {
            let dir = tempfile::tempdir().expect("a temp dir");
            let url = format!("sqlite://{}", dir.path().join("test.sqlite3").display());
            (url, Some(dir))
        }
    };
    let db = Db::connect(&url).await.expect("the test database opens");
    let mut conn = db.pool.acquire().await.unwrap();
    let mut tokens = HashMap::new();
    for role in Role::ALL {
        let (_, token) = users::add(&mut conn, &user_name(role), role).await.unwrap();
        tokens.insert(role, token);
    }
    let sample = sample::generate(11, SAMPLE);
    let stored = settings::Stored {
        partner: sample.settings.partner.clone(),
        resellers: sample.settings.resellers.clone(),
    };
    settings::save(&mut conn, &stored, 1)
        .await
        .unwrap()
        .unwrap();
    let change = Change::ImportCustomers {
        customers: sample.customers.clone(),
        subscriptions: sample.subscriptions.clone(),
    };
    let stamp = Stamp {
        at_ms: 1_700_000_000_000,
        by: "Seed".into(),
    };
    let loaded = apply::load(&mut conn, &change).await.unwrap();
    apply::apply(&mut conn, &loaded, vec![change], &stamp)
        .await
        .unwrap();
    drop(conn);
    TestApp {
        app: app(AppState::new(db.clone())),
        db,
        tokens,
        sample,
        url,
        _dir: dir,
    }
}

/// A new, empty database on the test PostgreSQL server, so tests run side by side.
async fn fresh_postgres_database(url: &str) -> String {
    sqlx::any::install_default_drivers();
    let mut bits = [0u8; 8];
    getrandom::fill(&mut bits).unwrap();
    let name = format!("t_{}", users::hex(&bits));
    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .expect("TEST_DATABASE_URL is a reachable PostgreSQL server");
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let (base, _) = url.rsplit_once('/').expect("a URL with a database name");
    format!("{base}/{name}")
}

impl TestApp {
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        role: Option<Role>,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(role) = role {
            request = request.header("authorization", format!("Bearer {}", self.tokens[&role]));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(json) => request
                .header("content-type", "application/json")
                .body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("{status}: not JSON: {}", String::from_utf8_lossy(&bytes))
            })
        };
        Reply {
            status,
            headers,
            json,
        }
    }

    /// A new user made through the API, with their ID and their `Authorization` header.
    pub async fn new_user(&self, name: &str, role: &str) -> (i64, String) {
        let body = serde_json::json!({ "name": name, "role": role });
        let r = self
            .call(
                "POST",
                "/api/users",
                Some(Role::GlobalAdmin),
                &[],
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
        let token = r.json["token"].as_str().unwrap_or_default();
        (r.json["id"].as_i64().unwrap(), format!("Bearer {token}"))
    }

    pub async fn get(&self, uri: &str, role: Role) -> Reply {
        self.call("GET", uri, Some(role), &[], None).await
    }

    /// A write with If-Match.
    pub async fn write(
        &self,
        method: &str,
        uri: &str,
        role: Role,
        etag: &str,
        body: Option<Value>,
    ) -> Reply {
        self.call(method, uri, Some(role), &[("if-match", etag)], body)
            .await
    }

    /// The current ETag of a resource, read by a global admin.
    pub async fn etag_of(&self, uri: &str) -> String {
        let r = self.get(uri, Role::GlobalAdmin).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.json);
        r.etag()
    }

    pub fn customer(&self, i: usize) -> &Customer {
        &self.sample.customers[i]
    }

    /// A sample customer with no active subscription, so its relationship can be removed;
    /// made so (its subscriptions suspended) if there is none.
    pub async fn removable(&self) -> CustomerId {
        let blocked = |c: &Customer| {
            self.sample
                .subscriptions
                .iter()
                .any(|s| s.customer_id == c.id && s.status == SubscriptionStatus::Active)
        };
        if let Some(c) = self.sample.customers.iter().find(|c| !blocked(c)) {
            return c.id.clone();
        }
        let c = self.sample.customers[0].clone();
        for s in self
            .sample
            .subscriptions
            .iter()
            .filter(|s| s.customer_id == c.id)
        {
            if s.status == SubscriptionStatus::Active {
                self.seed(Change::SetStatus {
                    id: s.id.clone(),
                    status: SubscriptionStatus::Suspended,
                })
                .await;
            }
        }
        c.id
    }

    /// A sample customer with an active subscription (so removing it is refused).
    pub fn blocked(&self) -> (CustomerId, Subscription) {
        let s = self
            .sample
            .subscriptions
            .iter()
            .find(|s| s.status == SubscriptionStatus::Active && s.offer_name != "Azure plan")
            .expect("the sample has an active subscription")
            .clone();
        (s.customer_id.clone(), s)
    }

    /// Applies a change directly, as set-up.
    pub async fn seed(&self, change: Change) {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let stamp = Stamp {
            at_ms: now_ms(),
            by: "Seed".into(),
        };
        let loaded = apply::load(&mut conn, &change).await.unwrap();
        apply::apply(&mut conn, &loaded, vec![change], &stamp)
            .await
            .unwrap();
    }

    /// A new customer as the web app's wizard would send it, for this partner.
    pub fn new_customer(&self, n: u128, domain: &str) -> Value {
        let settings = &self.sample.settings;
        let draft = WizardDraft {
            company_name: format!("  Nouvelle   Société {n} SA "),
            domain_mode: DomainMode::OwnDomain,
            domain: domain.into(),
            address: Address {
                line1: "29 boulevard Haussmann".into(),
                line2: String::new(),
                city: "Paris".into(),
                state: String::new(),
                postal_code: "75009".into(),
                country: "FR".into(),
            },
            contact: Contact {
                first_name: "Hélène".into(),
                last_name: "Lefèvre".into(),
                email: format!("helene@{domain}"),
                phone: String::new(),
            },
            culture: "fr-FR".into(),
            agreement: AgreementDraft {
                first_name: "Jérôme".into(),
                last_name: "Bérenger".into(),
                email: format!("jerome@{domain}"),
                date: date_from_unix_ms(now_ms() - 86_400_000),
                ..AgreementDraft::default()
            },
            reseller_id: settings.resellers[0].id.to_string(),
            lines: vec![
                LicenceLine {
                    offer_id: "CFQ7TTC0LCHC".into(),
                    licences: "25".into(),
                },
                LicenceLine {
                    offer_id: "DZH318Z0BPS6".into(),
                    licences: "1".into(),
                },
            ],
            ..WizardDraft::default()
        };
        let taken = |_: &str| false;
        let today = date_from_unix_ms(now_ms());
        let ctx = WizardContext::new(settings, &taken, &today);
        let mut sub = 0;
        let (customer, subscriptions) = wizard::build(
            &draft,
            &ctx,
            CustomerId::from_u128(n),
            || {
                sub += 1;
                clientele_domain::model::SubscriptionId::from_u128(n * 1000 + sub)
            },
            "2000-01-01T00:00:00Z",
        )
        .expect("the draft is valid");
        serde_json::json!({ "customer": customer, "subscriptions": subscriptions })
    }

    pub fn reseller(&self, i: usize) -> ResellerId {
        self.sample.settings.resellers[i].id.clone()
    }
}

/// The `items` of a page, or the array itself.
pub fn items(json: &Value) -> &Vec<Value> {
    json.get("items")
        .unwrap_or(json)
        .as_array()
        .expect("a JSON array")
}

pub fn str_of<'a>(json: &'a Value, key: &str) -> &'a str {
    json.get(key).and_then(Value::as_str).unwrap_or_default()
}
