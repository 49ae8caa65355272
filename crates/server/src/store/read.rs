//! Reads: customers (one, a page of the list, the removed), subscriptions, the activity log.

use clientele_domain::activity::{Entry, LogFilter};
use clientele_domain::list::ResellerFilter;
use clientele_domain::model::{CustomerId, Subscription, SubscriptionId};
use clientele_domain::search::normalize_query;

use super::rows::{
    customer_row, entry_row, subscription_row, CustomerRow, Versioned, ACTIVITY_COLUMNS,
    CUSTOMER_COLUMNS, SUBSCRIPTION_COLUMNS,
};
use crate::db::Conn;
use sqlx::Row;

/// A customer, active or removed.
pub async fn customer(
    conn: &mut Conn,
    id: &CustomerId,
) -> Result<Option<CustomerRow>, sqlx::Error> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = $1");
    match sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?
    {
        Some(row) => customer_row(&row).map(Some),
        None => Ok(None),
    }
}

/// How the list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// The web app's display order: folded name, then ID ([`clientele_domain::list::sort_for_display`]).
    Name,
    NameDescending,
    /// By creation time, then ID.
    Created,
    CreatedDescending,
}

impl Sort {
    pub fn parse(text: &str) -> Option<Sort> {
        match text {
            "name" => Some(Self::Name),
            "-name" => Some(Self::NameDescending),
            "created" => Some(Self::Created),
            "-created" => Some(Self::CreatedDescending),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::NameDescending => "-name",
            Self::Created => "created",
            Self::CreatedDescending => "-created",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Self::Name => "sort_key, id",
            Self::NameDescending => "sort_key DESC, id DESC",
            Self::Created => "created_at, id",
            Self::CreatedDescending => "created_at DESC, id DESC",
        }
    }

    /// The column the list is ordered by before the ID.
    fn key_column(self) -> &'static str {
        match self {
            Self::Name | Self::NameDescending => "sort_key",
            Self::Created | Self::CreatedDescending => "created_at",
        }
    }

    /// The keyset condition: rows after (key, id) in this order.
    fn after(self) -> &'static str {
        match self {
            Self::Name | Self::Created => ">",
            Self::NameDescending | Self::CreatedDescending => "<",
        }
    }
}

/// Where a page starts: after so many rows (OFFSET, the `page` parameter), or after a row
/// (keyset, the `after` cursor), which costs the same wherever the page is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Offset(i64),
    After(Cursor),
}

/// The last row of a page, in its order: the sort's key and the ID. Sent as opaque text
/// (hex of `[sort, key, id]` in JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub sort: Sort,
    pub key: String,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::json!([self.sort.name(), self.key, self.id]).to_string();
        super::users::hex(json.as_bytes())
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        if !text.len().is_multiple_of(2) || text.len() > 4096 {
            return None;
        }
        let bytes = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        let (sort, key, id): (String, String, String) = serde_json::from_slice(&bytes).ok()?;
        Some(Cursor {
            sort: Sort::parse(&sort)?,
            key,
            id,
        })
    }
}

pub struct ListQuery {
    pub query: String,
    pub reseller: ResellerFilter,
    pub sort: Sort,
    pub start: Start,
    pub limit: i64,
}

/// `%text%` for LIKE, with LIKE's own wildcards in `text` escaped.
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The WHERE clause for the active customers that match, and its parameters, in order.
fn list_filter(q: &ListQuery) -> (String, Vec<String>) {
    let mut clause = String::from("removed_at_ms IS NULL");
    let mut params = Vec::new();
    let text = normalize_query(&q.query);
    if !text.is_empty() {
        params.push(contains_pattern(&text));
        clause.push_str(&format!(
            " AND search_key LIKE ${} ESCAPE '\\'",
            params.len()
        ));
    }
    match &q.reseller {
        ResellerFilter::All => {}
        ResellerFilter::Direct => clause.push_str(" AND reseller_id IS NULL"),
        ResellerFilter::Reseller(id) => {
            params.push(id.to_string());
            clause.push_str(&format!(" AND reseller_id = ${}", params.len()));
        }
    }
    (clause, params)
}

/// A page of the list: the rows, how many match in all, and the cursor after the last row
/// when more follow.
pub struct ListPage {
    pub rows: Vec<CustomerRow>,
    pub total: i64,
    pub next: Option<Cursor>,
}

/// One page of the active customers that match, and how many match in all.
pub async fn customers(conn: &mut Conn, q: &ListQuery) -> Result<ListPage, sqlx::Error> {
    let (clause, mut params) = list_filter(q);
    let sql = format!("SELECT COUNT(*) FROM customers WHERE {clause}");
    let mut count = sqlx::query_scalar::<_, i64>(&sql);
    for p in &params {
        count = count.bind(p.as_str());
    }
    let total = count.fetch_one(&mut *conn).await?;
    let key = q.sort.key_column();
    let (clause, offset) = match &q.start {
        Start::Offset(offset) => (clause, *offset),
        Start::After(cursor) => {
            params.push(cursor.key.clone());
            params.push(cursor.id.clone());
            let n = params.len();
            let clause = format!(
                "{clause} AND ({key}, id) {} (${}, ${n})",
                q.sort.after(),
                n - 1
            );
            (clause, 0)
        }
    };
    // One row more than asked for says whether another page follows.
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS}, {key} AS page_key FROM customers WHERE {clause} \
         ORDER BY {} LIMIT ${} OFFSET ${}",
        q.sort.order_by(),
        params.len() + 1,
        params.len() + 2
    );
    let mut query = sqlx::query(&sql);
    for p in &params {
        query = query.bind(p.as_str());
    }
    let mut rows = query
        .bind(q.limit + 1)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    let more = rows.len() as i64 > q.limit;
    rows.truncate(usize::try_from(q.limit).unwrap_or(usize::MAX));
    let next = match rows.last() {
        Some(last) if more => Some(Cursor {
            sort: q.sort,
            key: last.try_get("page_key")?,
            id: last.try_get("id")?,
        }),
        _ => None,
    };
    let rows = rows.iter().map(customer_row).collect::<Result<_, _>>()?;
    Ok(ListPage { rows, total, next })
}

/// The customers whose relationship was removed, most recently removed first.
pub async fn removed_customers(conn: &mut Conn) -> Result<Vec<CustomerRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE removed_at_ms IS NOT NULL \
         ORDER BY removed_at_ms DESC, id"
    );
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter().map(customer_row).collect()
}

/// Whether an active customer has this primary domain (any case).
pub async fn domain_taken(conn: &mut Conn, domain: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customers WHERE domain_key = $1 AND removed_at_ms IS NULL",
    )
    .bind(domain.to_ascii_lowercase())
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn subscriptions_of(
    conn: &mut Conn,
    id: &CustomerId,
) -> Result<Vec<Versioned<Subscription>>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE customer_id = $1 \
         ORDER BY added_at_ms, position, id"
    );
    let rows = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(subscription_row).collect()
}

pub async fn subscription(
    conn: &mut Conn,
    id: &SubscriptionId,
) -> Result<Option<Versioned<Subscription>>, sqlx::Error> {
    let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1");
    match sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?
    {
        Some(row) => subscription_row(&row).map(Some),
        None => Ok(None),
    }
}

/// One page of the log entries that match, newest first (one change's entries in the order
/// written, as [`clientele_domain::activity::filter`] orders them), and how many match.
pub async fn activity(
    conn: &mut Conn,
    filter: &LogFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Entry>, i64), sqlx::Error> {
    let mut clause = vec!["1 = 1".to_string()];
    let mut params: Vec<Param> = Vec::new();
    let mut add = |sql: &str, p: Param| {
        params.push(p);
        clause.push(format!("{sql} ${}", params.len()));
    };
    if let Some(from) = filter.from_ms {
        add("at_ms >=", Param::Int(from));
    }
    if let Some(to) = filter.to_ms {
        add("at_ms <", Param::Int(to));
    }
    if let Some(id) = &filter.customer {
        add("customer_id =", Param::Text(id.to_string()));
    }
    if let Some(action) = filter.action {
        add("action =", Param::Text(action.key().to_string()));
    }
    let n = params.len();
    let clause = clause.join(" AND ");
    let sql = format!("SELECT COUNT(*) FROM activity WHERE {clause}");
    let mut count = sqlx::query_scalar::<_, i64>(&sql);
    for p in &params {
        count = match p {
            Param::Int(v) => count.bind(*v),
            Param::Text(v) => count.bind(v.as_str()),
        };
    }
    let total = count.fetch_one(&mut *conn).await?;
    let sql = format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activity WHERE {clause} ORDER BY at_ms DESC, seq \
         LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query(&sql);
    for p in &params {
        query = match p {
            Param::Int(v) => query.bind(*v),
            Param::Text(v) => query.bind(v.as_str()),
        };
    }
    let rows = query.bind(limit).bind(offset).fetch_all(&mut *conn).await?;
    let entries = rows.iter().map(entry_row).collect::<Result<_, _>>()?;
    Ok((entries, total))
}

enum Param {
    Int(i64),
    Text(String),
}
