//! Customers → Import customers (`/customers/import`): a CSV file picked or dropped, its
//! columns mapped, a preview of what it would do, then one write, which can be undone.

mod columns;
mod preview;
mod read;
mod result;

use std::rc::Rc;
use std::sync::Arc;

use clientele_domain::import::{Existing, Mapping, Plan};
use clientele_domain::model::{Customer, ImportId};
use clientele_domain::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::app_href;
use crate::components::allowed::NotAllowed;
use crate::hooks::spawn_busy;
use crate::i18n::{num, t, tf};
use crate::state::use_app_state;
use crate::store::CustomerStore;

use crate::browser::{first_file, input_files};
use columns::ColumnSelects;
use preview::Preview;
use read::{load, new_import_id, plan, BookNow, Loaded};
use result::{Done, ImportResult};

#[component]
pub fn ImportPage() -> impl IntoView {
    let state = use_app_state();
    // A trial book in this browser touches no one else's data: only a shared server's
    // book is kept to the role that may import (as for the sample data).
    let allowed = move || state.can(Permission::ImportCustomers) || !state.store().is_shared();
    view! {
        <div class="page-head">
            <h1>{t("import.title")}</h1>
        </div>
        {move || if allowed() {
            view! { <Importer /> }.into_any()
        } else {
            view! { <NotAllowed permission=Permission::ImportCustomers label=t("import.title") id="import-denied" /> }.into_any()
        }}
        <p><A href=app_href("/customers")>{t("import.back")}</A></p>
    }
}

/// The file, its mapping and preview, and after the write its result.
#[component]
fn Importer() -> impl IntoView {
    let loaded: RwSignal<Option<Rc<Loaded>>, LocalStorage> = RwSignal::new_local(None);
    let read_error = RwSignal::new(None::<String>);
    let reading = RwSignal::new(false);
    let decoded = RwSignal::new(None::<(usize, usize)>);
    let done = RwSignal::new(None::<Done>);
    let take = move |file: Option<web_sys::File>| {
        let Some(file) = file else { return };
        done.set(None);
        read_error.set(None);
        spawn_busy(reading, load(file, decoded), move |r| match r {
            Ok(l) => loaded.set(Some(l)),
            Err(e) => {
                loaded.set(None);
                read_error.set(Some(tf("import.read_failed", &[("error", &e)])));
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| take(first_file(input_files(&ev)));
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        take(first_file(ev.data_transfer().and_then(|d| d.files())));
    };
    view! {
        // The whole area takes a dropped file.
        <div class="import-drop"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=on_drop>
            {move || done.with(Option::is_none).then(|| view! {
                <p id="import-lede">{t("import.lede")}</p>
                <div class="field">
                    <label for="import-file">{t("import.file.label")}</label>
                    <input type="file" id="import-file" accept=".csv,.txt,text/csv,text/plain"
                        aria-describedby="import-lede import-drop" on:change=on_pick />
                    <p class="hint" id="import-drop">{t("import.file.drop")}</p>
                </div>
            })}
            <p class="error" role="alert">{move || read_error.get()}</p>
            <p role="status">
                {move || reading.get().then(|| t("import.reading"))}
                {move || decoded.get().map(|(read, all)| view! {
                    <progress max=all.to_string() value=read.to_string() aria-label=t("import.reading")></progress>
                })}
            </p>
        </div>
        {move || match (done.get(), loaded.get()) {
            (Some(d), _) => view! { <ImportResult done=d again=Callback::new(move |()| { done.set(None); loaded.set(None); }) /> }.into_any(),
            (None, Some(file)) => view! { <Planned file=file on_done=Callback::new(move |d| done.set(Some(d))) /> }.into_any(),
            (None, None) => ().into_any(),
        }}
    }
}

/// A loaded file: its columns, what importing it would do, and the button that does it.
#[component]
fn Planned(file: Rc<Loaded>, on_done: Callback<Done>) -> impl IntoView {
    let state = use_app_state();
    let mapping = RwSignal::new(file.suggested.clone());
    let existing = RwSignal::new(Existing::Skip);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let planned = {
        let file = file.clone();
        LocalResource::new(move || {
            let (file, mapping, existing) = (file.clone(), mapping.get(), existing.get());
            async move {
                let plan = plan_now(state, file, mapping, existing, progress).await?;
                Ok::<_, String>((plan, new_import_id()))
            }
        })
    };
    let importing = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let name = file.name.clone();
    let import = move |(plan, id): (Arc<Plan>, ImportId)| {
        let change = plan.change(&id, &name);
        let name = name.clone();
        failed.set(None);
        spawn_busy(importing, state.apply(change), move |r| match r {
            Ok(()) => on_done.run(Done {
                id,
                file_name: name,
                plan,
            }),
            Err(e) => {
                let error = e.to_string();
                // On a server, the batches that got through stay: pressing the button again
                // sends the rest under the same import.
                let said = match state.store().server().and_then(|s| s.import_sent(&id)) {
                    Some(n) => tf(
                        "import.stopped",
                        &[
                            ("n", &num(n as i64)),
                            ("all", &num(plan.writes() as i64)),
                            ("error", &error),
                        ],
                    ),
                    None => tf("import.failed", &[("error", &error)]),
                };
                failed.set(Some(said));
            }
        });
    };
    let headers = file.headers.clone();
    let file_name = file.name.clone();
    let sent = move || {
        state
            .store()
            .server()
            .and_then(|s| s.signals().batches.get())
    };
    view! {
        <ColumnSelects file=file mapping=mapping />
        <fieldset class="existing">
            <legend>{t("import.existing.legend")}</legend>
            <label class="check">
                <input type="radio" name="import-existing" prop:checked=move || existing.get() == Existing::Skip
                    on:change=move |_| existing.set(Existing::Skip) />
                {t("import.existing.skip")}
            </label>
            <label class="check">
                <input type="radio" name="import-existing" prop:checked=move || existing.get() == Existing::Update
                    on:change=move |_| existing.set(Existing::Update) />
                {t("import.existing.update")}
            </label>
        </fieldset>
        <div role="status" class="import-progress">
            {move || progress.get().map(|(read, all)| view! {
                <progress max=all.to_string() value=read.to_string() aria-label=t("import.reading_rows")></progress>
            })}
        </div>
        {move || planned.get().map(|r| match r {
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Ok((plan, id)) => {
                let n = plan.writes();
                let go = (plan.clone(), id);
                let import = import.clone();
                view! {
                    <Preview plan=plan.clone() headers=headers.clone() file_name=file_name.clone() />
                    <div class="actions">
                        {if n == 0 {
                            view! { <p role="status">{t("import.nothing")}</p> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="primary" disabled=move || importing.get()
                                    on:click=move |_| import(go.clone())>
                                    {crate::i18n::tn("import.submit", n as u64, &[])}
                                </button>
                            }.into_any()
                        }}
                        <p role="status">
                            {move || importing.get().then(|| t("import.importing"))}
                            {move || sent().map(|(done, all)| view! {
                                <progress max=all.to_string() value=done.to_string() aria-label=t("import.sending")></progress>
                            })}
                        </p>
                        <p class="error" role="alert">{move || failed.get()}</p>
                    </div>
                }.into_any()
            }
        })}
    }
}

/// The plan for the book as it is now.
async fn plan_now(
    state: crate::state::AppState,
    file: Rc<Loaded>,
    mapping: Mapping,
    existing: Existing,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<Arc<Plan>, String> {
    if let Some(field) = mapping.missing().first() {
        return Err(tf(
            "import.missing",
            &[("field", &crate::i18n::msg(&field.name()))],
        ));
    }
    let customers: Vec<Customer> = state
        .customers
        .with_untracked(|c| match c {
            Some(Ok(list)) => Some(list.to_vec()),
            _ => None,
        })
        .unwrap_or_default();
    let removed = state
        .store()
        .removed_customers()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|r| r.customer)
        .collect();
    let book = BookNow {
        customers,
        removed,
        resellers: state.current_settings().resellers,
    };
    plan(file, mapping, existing, book, progress).await
}
