//! /api/customers: the list, one customer, create (wizard rules, idempotent), import,
//! rename, remove and reinstate, and the removed customers.

use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api::{Created, Import, Imported, NewCustomer, Page, Removed, Rename};
use clientele_domain::book::Change;
use clientele_domain::list::ResellerFilter;
use clientele_domain::model::{Customer, CustomerId};
use clientele_domain::roles::Permission;
use clientele_domain::time::{date_from_unix_ms, iso_from_unix_ms};
use clientele_domain::wizard::{check_new, WizardContext};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::idempotent::{self, idempotency_key};
use super::{apply_checked, body, bytes, paging, parse_bytes, query, with_etag, Caller};
use crate::db::{Backend, Conn};
use crate::error::{ApiError, ApiResult};
use crate::store::apply::Loaded;
use crate::store::keys::Kept;
use crate::store::read::{self, Cursor, ListQuery, Sort, Start};
use crate::store::rows::{CustomerRow, Versioned};
use crate::store::users::hex;
use crate::store::{apply, settings};
use crate::AppState;

fn view(row: &CustomerRow) -> Versioned<Customer> {
    Versioned {
        record: row.customer.clone(),
        version: row.version,
    }
}

fn removed_view(row: &CustomerRow) -> Option<Removed> {
    row.removed.as_ref().map(|(at, by)| Removed {
        customer: view(row),
        removed_at_ms: *at,
        removed_by: by.clone(),
    })
}

pub fn parse_id(text: &str) -> ApiResult<CustomerId> {
    CustomerId::parse(text).map_err(|_| {
        ApiError::bad_request(format!("“{text}” is not a customer ID (a GUID).")).with_field("id")
    })
}

fn not_found(id: &CustomerId) -> ApiError {
    ApiError::not_found(format!("No customer has ID {id}."))
}

/// An active customer, or 404 (a removed one is listed at /api/customers/removed).
async fn active(conn: &mut Conn, id: &CustomerId) -> ApiResult<CustomerRow> {
    match read::customer(conn, id).await? {
        Some(row) if row.removed.is_none() => Ok(row),
        Some(_) => Err(ApiError::not_found(format!(
            "The relationship with customer {id} was removed; it is listed at /api/customers/removed."
        ))),
        None => Err(not_found(id)),
    }
}

#[derive(Deserialize)]
pub struct ListParams {
    q: Option<String>,
    reseller: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    limit: Option<String>,
    after: Option<String>,
}

/// The largest page of the customer list.
pub const MAX_LIMIT: i64 = 5000;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let p = query(params)?;
    let sort = match p.sort.as_deref() {
        None => Sort::Name,
        Some(s) => Sort::parse(s).ok_or_else(|| {
            ApiError::bad_request("sort must be name, -name, created or -created.")
                .with_field("sort")
        })?,
    };
    let (page, offset, limit) = paging(p.page.as_deref(), p.limit.as_deref(), 50, MAX_LIMIT)?;
    let (page, start) = match p.after.as_deref() {
        None => (page, Start::Offset(offset)),
        Some(_) if p.page.is_some() => {
            return Err(ApiError::bad_request("Give page or after, not both.").with_field("after"))
        }
        Some(text) => {
            let cursor = Cursor::decode(text)
                .filter(|c| c.sort == sort)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "after must be the next cursor of a page of this list, in the same sort.",
                    )
                    .with_field("after")
                })?;
            (0, Start::After(cursor))
        }
    };
    let list = ListQuery {
        query: p.q.unwrap_or_default(),
        // As in the web app: "direct", a reseller's ID, or anything else for all.
        reseller: ResellerFilter::from_param(p.reseller.as_deref()),
        sort,
        start,
        limit,
    };
    let mut conn = state.db.pool.acquire().await?;
    let found = read::customers(&mut conn, &list).await?;
    Ok(Json(Page {
        items: found.rows.iter().map(view).collect(),
        total: found.total,
        page,
        limit,
        next: found.next.map(|c| c.encode()),
    })
    .into_response())
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let id = parse_id(&id)?;
    let mut conn = state.db.pool.acquire().await?;
    let row = active(&mut conn, &id).await?;
    Ok(with_etag(StatusCode::OK, row.version, view(&row)))
}

pub async fn removed(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    caller.require(Permission::ViewCustomers)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = read::removed_customers(&mut conn).await?;
    let items: Vec<Removed> = rows.iter().filter_map(removed_view).collect();
    Ok(Json(items).into_response())
}

/// Applies a change to one customer in its own transaction after checking its If-Match
/// (428, 412), and returns the customer as it is then; 404 if it isn't there.
async fn change_customer(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: &CustomerId,
    change: Change,
) -> ApiResult<CustomerRow> {
    caller.require(clientele_domain::roles::required(&change))?;
    let version = |l: &Loaded| l.customer_versions.get(id).copied();
    let mut tx =
        apply_checked(state, caller, headers, vec![change], version, not_found(id)).await?;
    let row = read::customer(&mut tx, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    tx.commit().await?;
    Ok(row)
}

pub async fn rename(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    json: Result<Json<Rename>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::EditCustomers)?;
    let id = parse_id(&id)?;
    let name = body(json)?.company_name;
    let change = Change::RenameCustomer {
        id: id.clone(),
        name,
    };
    let row = change_customer(&state, &caller, &headers, &id, change).await?;
    Ok(with_etag(StatusCode::OK, row.version, view(&row)))
}

pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    relationship(state, caller, id, headers, true).await
}

pub async fn reinstate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    relationship(state, caller, id, headers, false).await
}

/// Removes (the answer is the removed customer) or reinstates (the active one) a
/// relationship.
async fn relationship(
    state: AppState,
    caller: Caller,
    id: String,
    headers: HeaderMap,
    remove: bool,
) -> ApiResult<Response> {
    caller.require(Permission::RemoveRelationships)?;
    let id = parse_id(&id)?;
    let change = if remove {
        Change::RemoveRelationship { id: id.clone() }
    } else {
        Change::ReinstateRelationship { id: id.clone() }
    };
    let row = change_customer(&state, &caller, &headers, &id, change).await?;
    if remove {
        let body = removed_view(&row).ok_or_else(ApiError::internal)?;
        Ok(with_etag(StatusCode::OK, row.version, body))
    } else {
        Ok(with_etag(StatusCode::OK, row.version, view(&row)))
    }
}

/// Creates a customer with its subscriptions, checked with the wizard's own rules.
///
/// With an `Idempotency-Key`, sending the same request again returns the first response
/// (same status, body and ETag) and creates nothing; the same key with another body is 422.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    raw: Result<axum::body::Bytes, BytesRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::AddCustomers)?;
    let key = idempotency_key(&headers)?;
    let raw = bytes(raw)?;
    let request_hash = hex(&Sha256::digest(&raw));
    let new: NewCustomer = parse_bytes(&raw)?;
    let result = create_in_transaction(&state, &caller, key.as_deref(), &request_hash, new).await;
    idempotent::after_failure(&state, &caller, key.as_deref(), &request_hash, result).await
}

async fn create_in_transaction(
    state: &AppState,
    caller: &Caller,
    key: Option<&str>,
    request_hash: &str,
    new: NewCustomer,
) -> ApiResult<Response> {
    let mut tx = match idempotent::begin(state, caller, key, request_hash).await? {
        Ok(tx) => tx,
        Err(replayed) => return Ok(replayed),
    };
    let id = new.customer.id.clone();
    if read::customer(&mut tx, &id).await?.is_some() {
        return Err(ApiError::conflict(format!(
            "A customer with ID {id} already exists."
        )));
    }
    let now = crate::now_ms();
    let stored = settings::get(&mut tx).await?.record;
    let domain = new.customer.primary_domain.trim().to_ascii_lowercase();
    if state.db.backend == Backend::Postgres {
        // Creates of the same domain take turns, so two of them side by side can't both
        // find it free. (SQLite runs one request at a time anyway.)
        let lock = Sha256::digest(domain.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&lock[..8]);
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(i64::from_be_bytes(first))
            .execute(&mut *tx)
            .await?;
    }
    let taken = read::domain_taken(&mut tx, &domain).await?;
    // The rules' context holds a `dyn Fn`, which is not Send: it lives in this block only,
    // never across an await.
    let checked = {
        let domain_taken = |d: &str| taken && d == domain;
        // The latest time zone is UTC+14: an agreement dated "today" there is not in the future.
        let today = date_from_unix_ms(now + 14 * 3_600_000);
        let ctx = WizardContext {
            partner_email_domain: &stored.partner.email_domain,
            partner_kind: stored.partner.kind,
            resellers: &stored.resellers,
            domain_taken: &domain_taken,
            today: &today,
        };
        // The server's clock says when the customer was created, not the client's.
        let customer = Customer {
            created_at: iso_from_unix_ms(now),
            ..new.customer
        };
        check_new(&customer, &new.subscriptions, &ctx)
    };
    let (customer, subscriptions) = checked.map_err(ApiError::fields)?;
    let change = Change::AddCustomers {
        customers: vec![customer],
        subscriptions,
    };
    let loaded = apply::load(&mut tx, &change).await?;
    apply::apply(&mut tx, &loaded, vec![change], &caller.stamp()).await?;
    let row = read::customer(&mut tx, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    let subs = read::subscriptions_of(&mut tx, &id).await?;
    let created = Created {
        customer: view(&row),
        subscriptions: subs,
    };
    let kept = Kept {
        request_hash: request_hash.to_string(),
        status: StatusCode::CREATED.as_u16(),
        body: serde_json::to_string(&created).map_err(|_| ApiError::internal())?,
        etag: Some(super::etag(row.version)),
        location: Some(format!("/api/customers/{id}")),
    };
    idempotent::commit(tx, caller, key, kept).await
}

/// A bulk load (the sample data): one log entry for the lot. The records are taken as given,
/// as the browser's book takes them (IDs must be GUIDs, none may exist already, and every
/// subscription's customer must be known): the sample data has, on purpose, names the
/// wizard refuses (to exercise CSV export), and loading it must work against a server too.
/// That is why this is the global admin's alone.
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    json: Result<Json<Import>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ImportCustomers)?;
    let import = body(json)?;
    let counts = Imported {
        customers: import.customers.len(),
        subscriptions: import.subscriptions.len(),
    };
    let change = Change::ImportCustomers {
        customers: import.customers,
        subscriptions: import.subscriptions,
    };
    let mut tx = state.db.pool.begin().await?;
    let loaded = apply::load(&mut tx, &change).await?;
    apply::apply(&mut tx, &loaded, vec![change], &caller.stamp())
        .await
        .map_err(|e| {
            // The only record the book can't find here is a subscription's customer: that
            // is a fault in the request body, not a missing resource.
            if e.status == StatusCode::NOT_FOUND {
                ApiError::invalid("subscriptions", e.message)
            } else {
                e
            }
        })?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(counts)).into_response())
}
