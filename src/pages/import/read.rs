//! Reading a picked or dropped file, and planning its import a chunk of rows at a time so
//! no task holds the main thread long (a `<progress>` shows how far it got).

use std::rc::Rc;
use std::sync::Arc;

use clientele_domain::import::{
    suggest, Decoding, Encoding, Existing, FileReader, Mapping, Plan, Planner, Recognised,
};
use clientele_domain::model::{Customer, CustomerId, ImportId, Reseller};
use clientele_domain::time::iso_from_unix_ms;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{next_task, random_bits};

/// A file as picked: its name, its text, and the columns its header row names.
pub struct Loaded {
    pub name: String,
    /// Decoded once when picked; each plan (one per mapping) reads it again from here.
    pub text: Arc<str>,
    pub encoding: Encoding,
    pub headers: Vec<String>,
    pub suggested: Mapping,
    pub recognised: Recognised,
}

/// Bytes decoded per step before the budget is checked: a few ms of work.
const DECODED_AT_A_TIME: usize = 64 * 1024;

/// The text of a picked or dropped file, decoded a chunk at a time (`progress` shows how
/// far), and what its header row says.
pub async fn load(
    file: web_sys::File,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<Rc<Loaded>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    // The copy of a large file's bytes is a task's worth on its own.
    next_task().await;
    let mut decoding = Decoding::new(&bytes);
    let mut started = js_sys::Date::now();
    while !decoding.step(DECODED_AT_A_TIME) {
        if js_sys::Date::now() - started > TASK_BUDGET_MS {
            progress.set(Some(decoding.progress()));
            next_task().await;
            started = js_sys::Date::now();
        }
    }
    progress.set(None);
    let (text, encoding) = decoding.finish();
    let text: Arc<str> = text.into();
    let reader = FileReader::from_text(text.clone(), encoding)
        .map_err(|e| crate::i18n::msg(&e.message()))?;
    let (suggested, recognised) = suggest(&reader.headers);
    Ok(Rc::new(Loaded {
        name: file.name(),
        text,
        encoding,
        headers: reader.headers,
        suggested,
        recognised,
    }))
}

/// What the book holds that an import is matched with.
pub struct BookNow {
    pub customers: Vec<Customer>,
    pub removed: Vec<Customer>,
    pub resellers: Vec<Reseller>,
}

/// Work per task before the page yields to the browser: well under 50 ms on a slow machine.
const TASK_BUDGET_MS: f64 = 12.0;
const ROWS_AT_A_TIME: usize = 200;

/// Plans the import of `file`: every row read and checked, yielding to the browser between
/// chunks; `progress` is (bytes read, bytes in all).
pub async fn plan(
    file: Rc<Loaded>,
    mapping: Mapping,
    existing: Existing,
    book: BookNow,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<Arc<Plan>, String> {
    // The page that shows the plan is built in the task that starts it: read in the next.
    next_task().await;
    let mut reader = FileReader::from_text(file.text.clone(), file.encoding)
        .map_err(|e| crate::i18n::msg(&e.message()))?;
    let created_at = iso_from_unix_ms(js_sys::Date::now() as i64);
    let mut planner = Planner::new(
        mapping,
        existing,
        book.customers,
        &book.removed,
        &book.resellers,
        created_at,
        || CustomerId::v4_from_bits(random_bits()),
    );
    let now = || js_sys::Date::now();
    let mut started = now();
    while !reader.is_done() {
        planner.add(reader.next_rows(ROWS_AT_A_TIME));
        if now() - started > TASK_BUDGET_MS {
            progress.set(Some(reader.progress()));
            next_task().await;
            started = now();
        }
    }
    progress.set(None);
    Ok(Arc::new(planner.finish()))
}

/// A new import's ID, made once per plan: sent again (after a failure), the same plan goes
/// on under the same ID, so a server resumes it instead of starting another.
pub fn new_import_id() -> ImportId {
    ImportId::v4_from_bits(random_bits())
}
