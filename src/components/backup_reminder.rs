//! The reminder to back up a browser book: shown when it has changes that are in no backup
//! and the last backup is over 7 days old; dismissed, it stays away for 7 days.

use std::rc::Rc;

use clientele_domain::backup::reminder_due;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::{app_href, local_get, local_set};
use crate::i18n::t;
use crate::keys::{BACKUP_REMINDER_DISMISSED, CHANGED_SINCE_BACKUP, LAST_BACKUP};
use crate::lazy_pages::{chunk_entry, LazyPart};
use crate::state::use_app_state;

fn stored_ms(key: &str) -> Option<i64> {
    local_get(key).and_then(|v| v.parse().ok())
}

#[component]
pub fn BackupReminder() -> impl IntoView {
    let state = use_app_state();
    if state.store().is_shared() {
        // A server's book is the server's to back up.
        return ().into_any();
    }
    // Every write bumps the version: the first one after the last backup is remembered, so
    // a reload (or another day) still knows the book has changes no backup holds. This
    // writes to the browser's storage, not to another signal.
    Effect::new(move |seen: Option<u64>| {
        let version = state.version.get();
        if seen.is_some_and(|s| s != version) {
            let first = stored_ms(CHANGED_SINCE_BACKUP);
            if first.is_none_or(|f| stored_ms(LAST_BACKUP).is_some_and(|b| f <= b)) {
                let _ = local_set(
                    CHANGED_SINCE_BACKUP,
                    &(js_sys::Date::now() as i64).to_string(),
                );
            }
        }
        version
    });
    let dismissed = RwSignal::new(stored_ms(BACKUP_REMINDER_DISMISSED));
    let due = move || {
        state.version.track();
        reminder_due(
            stored_ms(LAST_BACKUP),
            stored_ms(CHANGED_SINCE_BACKUP),
            dismissed.get(),
            js_sys::Date::now() as i64,
        )
    };
    // The banner is a chunk of its own (issue 17): a first visit, with no book, never shows it.
    view! {
        <div class="backup-reminder" role="status">
            <Show when=due>
                <LazyPart part=Rc::new(move || Box::pin(backup_banner(dismissed))) />
            </Show>
        </div>
    }
    .into_any()
}

chunk_entry!(
    backup_banner,
    fn backup_banner(dismissed: RwSignal<Option<i64>>) -> AnyView {
        // The backup area's English travels with the banner, not in the first download.
        clientele_domain::i18n::add_english(clientele_domain::i18n::later_english::backup());
        view! { <BackupBanner dismissed=dismissed /> }.into_any()
    }
);

/// "Back up your book": a link to Settings, and a button that dismisses it for 7 days.
#[component]
fn BackupBanner(dismissed: RwSignal<Option<i64>>) -> impl IntoView {
    let dismiss = move |_| {
        let now = js_sys::Date::now() as i64;
        // Not remembered (storage refused): it is still dismissed until the next reload.
        let _ = local_set(BACKUP_REMINDER_DISMISSED, &now.to_string());
        dismissed.set(Some(now));
    };
    view! {
        <div class="notice">
            <p>{t("backup.reminder")}" "<A href=app_href("/settings")>{t("backup.reminder.go")}</A></p>
            <button type="button" on:click=dismiss>{t("backup.reminder.dismiss")}</button>
        </div>
    }
}
