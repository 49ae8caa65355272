//! A newcomer's first screen: an empty book, and a sample book to load into it.

use clientele_domain::book::Change;
use clientele_domain::roles::Permission;
use clientele_domain::sample::{generate, SAMPLE_SEED};
use leptos::prelude::*;

use crate::components::allowed::NotAllowed;
use crate::hooks::spawn_busy;
use crate::i18n::{t, tf, tn};
use crate::lazy_pages::{chunk_entry, ChunkMissing};
use crate::state::{use_app_state, AppState, NoticeKind};
use crate::store::{CustomerStore, StoreError};
use futures::future::LocalBoxFuture;

/// A newcomer's first screen: one click gives them a realistic book to try.
#[component]
pub(super) fn EmptyBook() -> impl IntoView {
    let state = use_app_state();
    let capacity_note = if state.store().in_memory() {
        t("customers.empty.memory")
    } else {
        t("customers.empty.saved")
    };
    let size = RwSignal::new(200usize);
    let busy = RwSignal::new(false);
    let load = move |_| spawn_busy(busy, load_sample(state, size.get_untracked()), |()| ());
    view! {
        <section class="empty-state" aria-labelledby="empty-title">
            <h2 id="empty-title">{t("customers.empty.title")}</h2>
            <p>{t("customers.empty.lede")}</p>
            <p class="hint" id="sample-size-hint">{capacity_note}</p>
            <div class="row">
                <label for="sample-size">{t("customers.sample.size")}</label>
                <select
                    id="sample-size"
                    aria-describedby="sample-size-hint"
                    on:change=move |ev| size.set(event_target_value(&ev).parse().unwrap_or(200))
                >
                    {SAMPLE_SIZES
                        .into_iter()
                        .map(|n| {
                            let label = tn("app.count.customers", n as u64, &[]);
                            view! {
                                <option value=n.to_string() selected=n == 200>{label}</option>
                            }
                        })
                        .collect_view()}
                </select>
                // A trial book in this browser touches no one else's data: only a shared
                // server's book is kept to the role that may import.
                {move || if state.can(Permission::ImportCustomers) || !state.store().is_shared() {
                    view! {
                        <button type="button" class="primary" on:click=load disabled=move || busy.get()>
                            {move || if busy.get() { t("customers.sample.loading") } else { t("customers.sample.load") }}
                        </button>
                    }.into_any()
                } else {
                    view! { <NotAllowed permission=Permission::ImportCustomers label=t("customers.sample.load") id="sample-denied" /> }.into_any()
                }}
            </div>
        </section>
    }
}

const SAMPLE_SIZES: [usize; 4] = [200, 1_000, 10_000, 100_000];

/// Makes and writes the sample book, its code (the generator and its word lists) fetched
/// first with the writes' chunk (issue 17).
async fn load_sample(state: AppState, count: usize) {
    match sample_code(state, count).await {
        Ok(load) => load.await,
        Err(ChunkMissing) => state.notify(
            NoticeKind::Error,
            tf(
                "customers.sample.not_loaded",
                &[("error", &StoreError::WriteCodeMissing.to_string())],
            ),
        ),
    }
}

chunk_entry!(
    browser_write,
    fn sample_code(state: AppState, count: usize) -> LocalBoxFuture<'static, ()> {
        Box::pin(generate_and_write(state, count))
    }
);

async fn generate_and_write(state: AppState, count: usize) {
    let store = state.store();
    let sample = generate(SAMPLE_SEED, count);
    let import = Change::ImportCustomers {
        customers: sample.customers,
        subscriptions: sample.subscriptions,
    };
    match state.apply(import).await {
        Ok(()) => {
            if !state.current_settings().is_configured() {
                if let Err(e) = store.save_settings(sample.settings).await {
                    state.notify(
                        NoticeKind::Error,
                        tf(
                            "customers.sample.profile_not_saved",
                            &[("error", &e.to_string())],
                        ),
                    );
                }
                state.reload_settings();
            }
        }
        Err(e) => state.notify(
            NoticeKind::Error,
            tf("customers.sample.not_loaded", &[("error", &e.to_string())]),
        ),
    }
}
