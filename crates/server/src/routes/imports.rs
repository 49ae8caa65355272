//! /api/imports/{id}: a customer file imported in batches (the web app's "Import customers"
//! on a server). Batches go under the import's ID, each one all or nothing and idempotent
//! (`Idempotency-Key`); closing logs one "Customers imported" entry with the file's name and
//! the totals; undoing takes out exactly the customers it added and puts back those it
//! updated, refused once any of them has changed since (its version).

use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api::{
    ImportBatch, ImportClose, ImportUndone, Versioned, MAX_IMPORT_BATCH, MAX_IMPORT_ROWS,
};
use clientele_domain::book::{BookError, Change};
use clientele_domain::model::{Customer, ImportId};
use clientele_domain::roles::Permission;

use super::idempotent::{self, idempotency_key, request_hash};
use super::{body, bytes, parse_bytes, Caller};
use crate::error::{ApiError, ApiResult};
use crate::store::apply::{self, Loaded};
use crate::store::imports::{self, Stored};
use crate::store::keys::Kept;
use crate::AppState;

fn parse_id(text: &str) -> ApiResult<ImportId> {
    ImportId::parse(text).map_err(|_| {
        ApiError::bad_request(format!("“{text}” is not an import ID (a GUID).")).with_field("id")
    })
}

fn not_found(id: &ImportId) -> ApiError {
    ApiError::not_found(format!("No import has ID {id}."))
}

/// The customers as the write left them, with their versions, in the order asked.
fn versioned(loaded: &Loaded, customers: &[&Customer]) -> Vec<Versioned<Customer>> {
    customers
        .iter()
        .filter_map(|c| {
            let now = loaded.book.customer(&c.id)?;
            Some(Versioned {
                record: now.clone(),
                version: loaded.customer_versions.get(&c.id).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// `POST /api/imports/{id}/batches`: new customers and updates, all or nothing; the answer
/// is every customer written, with its version.
pub async fn batch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    raw: Result<axum::body::Bytes, BytesRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ImportCustomers)?;
    let id = parse_id(&id)?;
    let key = idempotency_key(&headers)?;
    let raw = bytes(raw)?;
    let hash = request_hash(&format!("/api/imports/{id}/batches"), &raw);
    let batch: ImportBatch = parse_bytes(&raw)?;
    let size = batch.customers.len() + batch.updates.len();
    if !(1..=MAX_IMPORT_BATCH).contains(&size) {
        return Err(ApiError::invalid(
            "customers",
            format!("Send from 1 to {MAX_IMPORT_BATCH} customers (new and updated) in one batch."),
        ));
    }
    if let Some(u) = batch.updates.iter().find(|u| u.before.id != u.after.id) {
        return Err(ApiError::invalid(
            "updates",
            format!(
                "An update's before and after must be one customer ({} and {}).",
                u.before.id, u.after.id
            ),
        ));
    }
    let result = batch_in_transaction(&state, &caller, &id, key.as_deref(), &hash, batch).await;
    idempotent::after_failure(&state, &caller, key.as_deref(), &hash, result).await
}

async fn batch_in_transaction(
    state: &AppState,
    caller: &Caller,
    id: &ImportId,
    key: Option<&str>,
    hash: &str,
    batch: ImportBatch,
) -> ApiResult<Response> {
    let mut tx = match idempotent::begin(state, caller, key, hash).await? {
        Ok(tx) => tx,
        Err(replayed) => return Ok(replayed),
    };
    match imports::find(&mut tx, id).await? {
        None => imports::start(&mut tx, id, &batch.file_name, &caller.name).await?,
        Some(stored) if stored.closed || stored.undone => return Err(ApiError::conflict(
            "This import is finished (closed or undone): preview the file again to import more.",
        )),
        Some(_) => {}
    }
    let versions: Vec<(Customer, i64)> = batch
        .updates
        .iter()
        .map(|u| (u.before.clone(), u.version))
        .collect();
    let change = Change::ImportBatch {
        customers: batch.customers,
        updates: batch
            .updates
            .into_iter()
            .map(|u| (u.before, u.after))
            .collect(),
    };
    let loaded = apply::load(&mut tx, &change).await?;
    // The book's rules first, on a copy (a record they refuse is 422, whatever its version),
    // before anything is written.
    loaded.book.clone().apply(change.clone(), &caller.stamp())?;
    // If-Match, customer by customer: the version the preview read must still be the one
    // stored, or someone else changed the customer since (the book also compares its
    // fields with the preview's).
    for (before, version) in &versions {
        if loaded.customer_versions.get(&before.id) != Some(version) {
            return Err(BookError::ChangedSincePreview(before.id.clone()).into());
        }
    }
    apply::apply(&mut tx, &loaded, vec![change.clone()], &caller.stamp()).await?;
    let now = apply::load(&mut tx, &change).await?;
    let Change::ImportBatch { customers, updates } = &change else {
        return Err(ApiError::internal());
    };
    let mut written: Vec<&Customer> = customers.iter().collect();
    written.extend(updates.iter().map(|(_, after)| after));
    let answer = versioned(&now, &written);
    for c in customers {
        let version = now.customer_versions.get(&c.id).copied().unwrap_or(0);
        imports::add_item(&mut tx, id, &c.id, None, version).await?;
    }
    for (before, _) in updates {
        let version = now.customer_versions.get(&before.id).copied().unwrap_or(0);
        imports::add_item(&mut tx, id, &before.id, Some(before), version).await?;
    }
    let kept = Kept {
        request_hash: hash.to_string(),
        status: StatusCode::OK.as_u16(),
        body: serde_json::to_string(&answer).map_err(|_| ApiError::internal())?,
        etag: None,
        location: None,
    };
    idempotent::commit(tx, caller, key, kept).await
}

/// An import that exists and is not undone.
async fn active(conn: &mut crate::db::Conn, id: &ImportId) -> ApiResult<Stored> {
    match imports::find(conn, id).await? {
        None => Err(not_found(id)),
        Some(s) if s.undone => Err(ApiError::conflict("This import was undone already.")),
        Some(s) => Ok(s),
    }
}

/// `POST /api/imports/{id}/close`: the import's one "Customers imported" entry, with the
/// file's name and the totals its batches wrote. Closing again changes nothing.
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    json: Result<Json<ImportClose>, JsonRejection>,
) -> ApiResult<Response> {
    caller.require(Permission::ImportCustomers)?;
    let id = parse_id(&id)?;
    let left_out = body(json)?;
    for (field, n) in [("skipped", left_out.skipped), ("errors", left_out.errors)] {
        if n > MAX_IMPORT_ROWS {
            return Err(ApiError::invalid(
                field,
                format!("{field} must be a whole number from 0 to {MAX_IMPORT_ROWS}."),
            ));
        }
    }
    let mut tx = state.db.pool.begin().await?;
    let stored = active(&mut tx, &id).await?;
    if !stored.closed {
        let (added, updated) = imports::counts(&mut tx, &id).await?;
        let change = Change::ImportClosed {
            file_name: stored.file_name.clone(),
            added,
            updated,
            skipped: left_out.skipped,
            errors: left_out.errors,
        };
        apply::apply(&mut tx, &Loaded::default(), vec![change], &caller.stamp()).await?;
        imports::close(&mut tx, &id, left_out.skipped, left_out.errors).await?;
    }
    let stored = imports::find(&mut tx, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    let summary = imports::summary(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok(Json(summary).into_response())
}

/// `POST /api/imports/{id}/undo`: the customers it added deleted, those it updated put back
/// as they were, in one transaction with one "Import undone" entry; 409 once any of them
/// has changed since (another version), or has subscriptions.
pub async fn undo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    caller.require(Permission::ImportCustomers)?;
    let id = parse_id(&id)?;
    let mut tx = state.db.pool.begin().await?;
    let stored = active(&mut tx, &id).await?;
    let items = imports::items(&mut tx, &id).await?;
    // Loaded first: the undo names each customer as it is now, which its version then
    // vouches is as the import left it.
    let ids: Vec<_> = items.iter().map(|i| i.customer_id.clone()).collect();
    let loaded = apply::load_customers(&mut tx, &ids).await?;
    let mut added = Vec::new();
    let mut updated = Vec::new();
    for item in &items {
        let changed = || BookError::ChangedSinceImport(item.customer_id.clone());
        if loaded.customer_versions.get(&item.customer_id) != Some(&item.version) {
            return Err(changed().into());
        }
        let now = loaded
            .book
            .customer(&item.customer_id)
            .ok_or_else(changed)?
            .clone();
        match &item.before {
            None => added.push(now),
            Some(before) => updated.push((before.clone(), now)),
        }
    }
    let restored_ids: Vec<_> = updated.iter().map(|(b, _)| b.id.clone()).collect();
    let deleted: Vec<_> = added.iter().map(|c| c.id.clone()).collect();
    let change = Change::UndoImport {
        id: id.clone(),
        file_name: stored.file_name.clone(),
        added,
        updated,
    };
    apply::apply(&mut tx, &loaded, vec![change], &caller.stamp()).await?;
    imports::mark_undone(&mut tx, &id).await?;
    let now = apply::load_customers(&mut tx, &restored_ids).await?;
    let restored: Vec<Versioned<Customer>> = now
        .book
        .customers
        .iter()
        .map(|c| Versioned {
            record: c.clone(),
            version: now.customer_versions.get(&c.id).copied().unwrap_or(0),
        })
        .collect();
    tx.commit().await?;
    Ok(Json(ImportUndone { deleted, restored }).into_response())
}
