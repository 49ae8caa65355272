//! Settings → Storage: this browser, or a backend server shared by a team. Shown even when
//! the settings can't be loaded (a server that is down), so the user can always switch back.

use clientele_domain::model::Customer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::components::device_space::DeviceSpace;
use crate::components::field::TextField;
use crate::hooks::{
    kept_draft, spawn_busy, use_local_draft_with_options, Keep, UseLocalDraftOptions,
};
use crate::i18n::{num, t, tf};
use crate::store::{
    BrowserStore, Connection, CustomerStore, HttpConfig, HttpStore, Persistence, StorageChoice,
};

const DRAFT_KEY: &str = crate::keys::DRAFT_STORAGE;

/// The section as typed, kept across reloads until it is applied.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    server: bool,
    url: String,
    token: String,
}

/// "https://…" or "http://…" with a host; else what is wrong, for beside the field.
fn check_url(url: &str) -> Option<&'static str> {
    let url = url.trim();
    if url.is_empty() {
        return Some(t("storage.url.required"));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') => None,
        _ => Some(t("storage.url.invalid")),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum CopyState {
    Idle,
    Running {
        done: usize,
        total: usize,
    },
    Done {
        copied: usize,
        total: usize,
    },
    Failed {
        done: usize,
        total: usize,
        why: String,
    },
}

#[component]
pub fn StorageSettings() -> impl IntoView {
    let current = StorageChoice::load();
    let initial = kept_draft::<Draft>(DRAFT_KEY).unwrap_or_else(|| match &current {
        StorageChoice::Browser => Draft::default(),
        StorageChoice::Server(c) => Draft {
            server: true,
            url: c.url.clone(),
            token: c.token.clone(),
        },
    });
    let server = RwSignal::new(initial.server);
    let url = RwSignal::new(initial.url);
    let token = RwSignal::new(initial.token);
    let show_errors = RwSignal::new(false);
    let connection = RwSignal::new(None::<Result<String, String>>);
    let testing = RwSignal::new(false);
    let copy = RwSignal::new(CopyState::Idle);
    let status = RwSignal::new(String::new());
    // Every keystroke is kept, so a reload loses nothing typed.
    let kept = use_local_draft_with_options(
        DRAFT_KEY,
        move || {
            Keep::Write(Draft {
                server: server.get(),
                url: url.get(),
                token: token.get(),
            })
        },
        UseLocalDraftOptions::default().skip_first(true),
    );
    let draft_problem = move || {
        kept.error
            .get()
            .map(|why| tf("storage.draft_not_kept", &[("why", &why)]))
    };

    let url_error = Signal::derive(move || {
        (show_errors.get() && server.get())
            .then(|| check_url(&url.get()).map(str::to_string))
            .flatten()
    });
    let token_error = Signal::derive(move || {
        (show_errors.get() && server.get() && token.with(|t| t.trim().is_empty()))
            .then(|| t("storage.token.required").to_string())
    });
    let config = move || HttpConfig {
        url: url.get_untracked().trim().to_string(),
        token: token.get_untracked().trim().to_string(),
    };
    let valid = move || {
        show_errors.set(true);
        if url_error.get_untracked().is_some() || token_error.get_untracked().is_some() {
            focus_first_invalid();
            false
        } else {
            true
        }
    };

    let test = move |_| {
        if !valid() {
            return;
        }
        connection.set(None);
        let http = HttpStore::new(config());
        spawn_busy(
            testing,
            async move { describe(&http, http.test_connection().await) },
            move |found| connection.set(Some(found)),
        );
    };

    let opened = BrowserStore::local(Persistence::IndexedDb);
    let local_count = RwSignal::new(0usize);
    {
        let opened = opened.clone();
        spawn_local(async move {
            local_count.set(opened.customer_count().await.unwrap_or(0));
        });
    }
    let local = StoredValue::new_local(opened);
    let copy_book = move |_| {
        if !valid() {
            return;
        }
        let http = HttpStore::new(config());
        let local = local.get_value();
        copy.set(CopyState::Running {
            done: 0,
            total: local_count.get_untracked(),
        });
        spawn_local(async move {
            copy.set(copy_to_server(&http, &local, copy).await);
        });
    };

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let choice = if server.get_untracked() {
            if !valid() {
                return;
            }
            StorageChoice::Server(config())
        } else {
            StorageChoice::Browser
        };
        match choice.save() {
            Ok(()) => {
                let _ = kept.forget.run(());
                // The whole app reads its store at start: begin again with the new one.
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
            Err(why) => status.set(tf("storage.not_saved", &[("why", &why)])),
        }
    };

    let in_use = match &current {
        StorageChoice::Browser => t("storage.in_use.browser").to_string(),
        StorageChoice::Server(c) => tf("storage.in_use.server", &[("url", &c.base())]),
    };
    let is_server_now = matches!(current, StorageChoice::Server(_));
    let copy_text = move || match copy.get() {
        CopyState::Idle => None,
        CopyState::Running { done, total } => Some(tf(
            "storage.copy.running",
            &[("done", &num(done as i64)), ("total", &num(total as i64))],
        )),
        CopyState::Done { copied, total } => Some(tf(
            "storage.copy.done",
            &[
                ("copied", &num(copied as i64)),
                ("total", &num(total as i64)),
            ],
        )),
        CopyState::Failed { done, total, why } => Some(tf(
            "storage.copy.failed",
            &[
                ("done", &num(done as i64)),
                ("total", &num(total as i64)),
                ("why", &why),
            ],
        )),
    };
    let progress = move || match copy.get() {
        CopyState::Running { done, total } | CopyState::Failed { done, total, .. } => {
            Some((done, total.max(1)))
        }
        CopyState::Done { total, .. } => Some((total, total.max(1))),
        CopyState::Idle => None,
    };

    view! {
        <form class="settings storage" on:submit=apply novalidate aria-labelledby="storage-title">
            <h2 id="storage-title">{t("storage.title")}</h2>
            <p>{in_use}</p>
            <DeviceSpace />
            <p class="error" role="alert">{draft_problem}</p>
            <fieldset>
                <legend>{t("storage.where")}</legend>
                <label class="check">
                    <input type="radio" name="storage-kind" prop:checked=move || !server.get()
                        on:change=move |_| server.set(false) />
                    {t("storage.browser")}
                </label>
                <label class="check">
                    <input type="radio" name="storage-kind" prop:checked=move || server.get()
                        on:change=move |_| server.set(true) />
                    {t("storage.server")}
                </label>
            </fieldset>
            <Show when=move || server.get()>
                <TextField id="storage-url" label=t("storage.url") value=url error=url_error
                    hint=t("storage.url.hint") input_type="url" autocomplete="url" />
                <TextField id="storage-token" label=t("storage.token") value=token error=token_error
                    hint=t("storage.token.hint") input_type="password" autocomplete="off" />
                <div class="actions">
                    <button type="button" on:click=test disabled=move || testing.get()>{t("storage.test")}</button>
                    <button type="button" on:click=copy_book
                        disabled=move || matches!(copy.get(), CopyState::Running { .. }) || local_count.get() == 0>
                        {move || tf("storage.copy", &[("n", &num(local_count.get() as i64))])}
                    </button>
                </div>
                <p class="status" role="status">
                    {move || testing.get().then(|| t("storage.testing"))}
                    {move || connection.get().map(|c| match c {
                        Ok(text) => view! { <span class="ok">{text}</span> }.into_any(),
                        Err(text) => view! { <span class="error">{text}</span> }.into_any(),
                    })}
                </p>
                <div role="status" class="copy-progress">
                    {move || progress().map(|(done, total)| view! {
                        <progress max=total.to_string() value=done.to_string() aria-label=t("storage.copy.progress")></progress>
                    })}
                    <p>{copy_text}</p>
                </div>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">
                    {move || if server.get() { t("storage.use_server") } else { t("storage.use_browser") }}
                </button>
                <p class="status" role="status">{move || status.get()}</p>
            </div>
            {is_server_now.then(|| view! { <p class="hint">{t("storage.local_kept")}</p> })}
        </form>
    }
}

/// What "Test connection" found, for people.
fn describe(http: &HttpStore, found: Connection) -> Result<String, String> {
    let url = http.config().base();
    match found {
        Connection::Connected { health, me } => Ok(tf(
            "storage.connected",
            &[
                ("version", &health.version),
                ("database", &health.database),
                ("name", &me.name),
                ("role", me.role.label()),
            ],
        )),
        Connection::Unreachable(_) => Err(tf("storage.unreachable", &[("url", &url)])),
        Connection::NotAServer => Err(tf("storage.not_a_server", &[("url", &url)])),
        Connection::Incompatible { server_api } => Err(tf(
            "storage.incompatible",
            &[
                ("server", &server_api.to_string()),
                ("ours", &clientele_domain::api::API_VERSION.to_string()),
            ],
        )),
        Connection::Unauthorized(why) => Err(tf("storage.unauthorized", &[("why", &why)])),
    }
}

/// Copies this browser's customers (with their subscriptions) to the server, a batch at a
/// time ([`HttpStore::import_in_batches`]: resumed by starting it again).
async fn copy_to_server(
    http: &HttpStore,
    local: &BrowserStore,
    copy: RwSignal<CopyState>,
) -> CopyState {
    let customers: Vec<Customer> = local.customers().await.unwrap_or_default();
    let total = customers.len();
    let subscriptions = match local.all_subscriptions().await {
        Ok(s) => s,
        Err(e) => {
            return CopyState::Failed {
                done: 0,
                total,
                why: e.to_string(),
            }
        }
    };
    let progress = |done, total| copy.set(CopyState::Running { done, total });
    match http
        .import_in_batches(customers, &subscriptions, progress)
        .await
    {
        Ok(copied) => CopyState::Done { copied, total },
        Err((done, e)) => CopyState::Failed {
            done,
            total,
            why: e.to_string(),
        },
    }
}

fn focus_first_invalid() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector(".storage [aria-invalid='true']")
                .ok()
                .flatten()
        }) {
            use wasm_bindgen::JsCast;
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}
