//! Settings → Storage → backup: "Download backup" writes the whole browser book and the
//! saved views to one file; "Restore from backup" reads one back, shows what it holds, and
//! replaces them once the partner's name is typed, offering the current book as a download
//! first.

use std::sync::Arc;

use clientele_domain::backup::{
    backup_file_name, read_backup, restore_change, write_backup, Backup, BackupContent,
};
use clientele_domain::book::Book;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{self, first_file, input_files};
use crate::hooks::spawn_busy;
use crate::i18n::{date_time, msg, num, t, tf};
use crate::state::{use_app_state, AppState};
use crate::store::{BrowserStore, CustomerStore, Store};

/// The whole book as a backup file's content.
async fn current_book(state: AppState, store: &BrowserStore) -> Result<BackupContent, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    let customers = store.customers().await.map_err(e)?;
    let subscriptions = store.all_subscriptions().await.map_err(e)?;
    let removed = store.removed_customers().await.map_err(e)?;
    let activity = store.activity().await.map_err(e)?;
    Ok(BackupContent {
        book: Book {
            customers,
            subscriptions,
            removed,
            activity,
        },
        settings: state.current_settings(),
        views: crate::saved_views::stored(),
    })
}

/// This browser's book (the section shows only for one): kept out of the view's closures,
/// which must not hold it.
fn browser_store(state: AppState) -> Result<BrowserStore, String> {
    if let Store::Browser(b) = state.store() {
        Ok(b)
    } else {
        Err(t("backup.browser_only").into())
    }
}

/// Downloads the book as it is now; remembers when, for the reminder.
async fn download_backup(state: AppState) -> Result<String, String> {
    let store = browser_store(state)?;
    let content = current_book(state, &store).await?;
    let now = js_sys::Date::now() as i64;
    let file = write_backup(&content, env!("CARGO_PKG_VERSION"), now);
    let name = backup_file_name(&browser::local_date());
    browser::download(&name, "application/json", file.as_bytes())
        .map_err(|_| t("backup.download_failed").to_string())?;
    // When, for the reminder to back up again (a failure to remember only means an early
    // reminder).
    let _ = browser::local_set(crate::keys::LAST_BACKUP, &now.to_string());
    Ok(name)
}

#[component]
pub fn BackupSection() -> impl IntoView {
    let state = use_app_state();
    if state.store().is_shared() {
        // A server's book is the server's to back up.
        return ().into_any();
    }
    let status = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let download = move |_| {
        spawn_busy(busy, download_backup(state), move |r| {
            status.set(Some(
                r.map(|name| tf("backup.downloaded", &[("file", &name)])),
            ))
        })
    };
    let read = RwSignal::new(None::<Result<Arc<Backup>, String>>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = first_file(input_files(&ev)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            read.set(Some(match text {
                None => Err(t("backup.error.unreadable").into()),
                Some(text) => read_backup(&text)
                    .map(Arc::new)
                    .map_err(|e| msg(&e.message())),
            }));
        });
    };
    view! {
        <section class="settings backup" aria-labelledby="backup-title">
            <h2 id="backup-title">{t("backup.title")}</h2>
            <p>{t("backup.lede")}</p>
            <div class="actions">
                <button type="button" on:click=download disabled=move || busy.get()>{t("backup.download")}</button>
            </div>
            <p role="status">{move || status.get().map(|r| match r {
                Ok(text) => view! { <span class="ok">{text}</span> }.into_any(),
                Err(text) => view! { <span class="error">{text}</span> }.into_any(),
            })}</p>
            <div class="field">
                <label for="restore-file">{t("backup.restore")}</label>
                <input type="file" id="restore-file" accept=".json,application/json" on:change=on_pick />
            </div>
            {move || read.get().map(|r| match r {
                Err(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Ok(backup) => view! { <Restore backup=backup /> }.into_any(),
            })}
        </section>
    }
    .into_any()
}

/// A backup read: what it holds, and the confirmed replacement.
#[component]
fn Restore(backup: Arc<Backup>) -> impl IntoView {
    let state = use_app_state();
    let counts = backup.counts();
    let holds = tf(
        "backup.holds",
        &[
            ("date", &date_time(backup.written_at_ms)),
            ("version", &backup.app_version),
            ("customers", &num(counts.customers as i64)),
            ("subscriptions", &num(counts.subscriptions as i64)),
            ("removed", &num(counts.removed as i64)),
            ("entries", &num(counts.entries as i64)),
            ("views", &num(counts.views as i64)),
        ],
    );
    // The partner's name as this book knows it, or as the backup does for a new browser.
    let partner = {
        let here = state.partner_name();
        if here.trim().is_empty() {
            backup.content.settings.partner.display_name.clone()
        } else {
            here
        }
    };
    let typed = RwSignal::new(String::new());
    let confirmed = {
        let partner = partner.clone();
        move || typed.with(|t| t.trim() == partner.trim())
    };
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let keep_current = move |_| {
        spawn_busy(busy, download_backup(state), move |r| {
            outcome.set(Some(
                r.map(|name| tf("backup.downloaded", &[("file", &name)])),
            ))
        })
    };
    let replace = move |_| {
        spawn_busy(busy, replace_book(state, backup.clone()), move |r| {
            outcome.set(Some(r))
        });
    };
    let label = tf("backup.confirm", &[("name", &partner)]);
    view! {
        <div class="restore" role="group" aria-labelledby="restore-holds">
            <p id="restore-holds">{holds}</p>
            <p>{t("backup.first")}</p>
            <div class="actions">
                <button type="button" on:click=keep_current disabled=move || busy.get()>{t("backup.download_current")}</button>
            </div>
            <div class="field">
                <label for="restore-confirm">{label}</label>
                <input type="text" id="restore-confirm" autocomplete="off" prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev)) />
            </div>
            <div class="actions">
                <button type="button" class="danger" on:click=replace
                    disabled=move || busy.get() || !confirmed()>{t("backup.replace")}</button>
            </div>
            <p role="status">{move || outcome.get().map(|r| match r {
                Ok(text) => view! { <span class="ok">{text}</span> }.into_any(),
                Err(text) => view! { <span class="error" role="alert">{text}</span> }.into_any(),
            })}</p>
        </div>
    }
}

/// One write replaces the records and the settings (the log keeps its entries); then the
/// saved views, which this browser keeps outside the book.
async fn replace_book(state: AppState, backup: Arc<Backup>) -> Result<String, String> {
    let store = browser_store(state)?;
    let e = |e: crate::store::StoreError| tf("backup.restore_failed", &[("error", &e.to_string())]);
    let current = Book {
        customers: store.customers().await.map_err(e)?,
        subscriptions: vec![],
        removed: store.removed_customers().await.map_err(e)?,
        activity: store.activity().await.map_err(e)?,
    };
    state
        .apply(restore_change(&backup, &current))
        .await
        .map_err(e)?;
    state.reload_settings();
    crate::saved_views::keep(&backup.content.views)
        .map_err(|why| tf("backup.restore_failed", &[("error", &why)]))?;
    Ok(tf(
        "backup.restored",
        &[("date", &date_time(backup.written_at_ms))],
    ))
}
