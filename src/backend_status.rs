//! What the shell shows while a backend server is in use: requests in flight, the customer
//! list's loading progress, and the choice offered when a write met someone else's (412).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{date_time, num, t, tf};
use crate::state::use_app_state;

/// "Working…" while requests are in flight, and "Loading customers: n of m" while a large
/// list comes page by page. A polite live region: announced, never stealing focus.
#[component]
pub fn BackendStatus() -> impl IntoView {
    let state = use_app_state();
    let signals = state.store().server()?.signals();
    let pending = signals.pending;
    let progress = signals.progress;
    let first_read = move || signals.status.with(|s| s.first_read);
    let text = move || match (first_read(), progress.get()) {
        (Some(percent), _) => tf("errors.first_read", &[("percent", &num(percent))]),
        (None, Some((done, total))) => tf(
            "errors.loading_progress",
            &[("done", &num(done as i64)), ("total", &num(total as i64))],
        ),
        (None, None) if pending.get() > 0 => t("errors.working").to_string(),
        (None, None) => String::new(),
    };
    Some(view! {
        <p class="backend-status" role="status" aria-live="polite" aria-busy=move || (pending.get() > 0).to_string()>
            {text}
        </p>
    })
}

/// While the server can't be reached, the book shown is the replica's: says since when, and
/// that changes wait for the server (they are refused, with what was typed kept).
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let state = use_app_state();
    let status = state.store().server()?.signals().status;
    let text = move || {
        let s = status.get();
        let at = s.synced_at_ms.filter(|_| s.offline)?;
        Some(tf("errors.offline_banner", &[("time", &date_time(at))]))
    };
    Some(view! {
        <p class="offline-banner" role="status" aria-live="polite" hidden=move || text().is_none()>
            {text}
        </p>
    })
}

/// When the server refused a write because the record changed since it was read: apply the
/// change to the latest version, or look at theirs. Either way what the user typed stays in
/// its field (forms keep their drafts).
#[component]
pub fn ConflictDialog() -> impl IntoView {
    let state = use_app_state();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let failure = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    Effect::new(move |_| {
        let open = state.conflict.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let reapply = move |_| {
        let Some(change) = state.conflict.get_untracked() else {
            return;
        };
        working.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = state.reapply(change).await;
            working.set(false);
            match result {
                Ok(()) => state.conflict.set(None),
                // Another conflict keeps the dialog open with the newest change.
                Err(e) => failure.set(Some(e.to_string())),
            }
        });
    };
    let show_theirs = move |_| {
        failure.set(None);
        if let Some(change) = state.conflict.get_untracked() {
            state.show_latest(change);
        }
        state.conflict.set(None);
    };
    view! {
        <dialog node_ref=dialog class="conflict" aria-labelledby="conflict-title" aria-describedby="conflict-text"
            on:cancel=move |ev: leptos::ev::Event| ev.prevent_default()>
            <h2 id="conflict-title">{t("errors.conflict.title")}</h2>
            <p id="conflict-text">{t("errors.conflict")}</p>
            <p role="alert" class="field-error">{move || failure.get()}</p>
            <p role="status">{move || working.get().then(|| t("errors.conflict.working"))}</p>
            <div class="actions">
                <button type="button" class="primary" autofocus on:click=reapply disabled=move || working.get()>
                    {t("errors.conflict.reapply")}
                </button>
                <button type="button" on:click=show_theirs disabled=move || working.get()>
                    {t("errors.conflict.discard")}
                </button>
            </div>
        </dialog>
    }
}
