//! Saved views: "Save view" names the list's search, filters and sort; "Views" opens one
//! (its address is the list's, so it can be shared); "Delete view" forgets it. Kept in
//! this browser, or on the server for the user when the book is a server's.

use clientele_domain::views::{delete, save, SavedView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::list::List;
use super::url::ListView;
use crate::browser::focus_soon;
use crate::i18n::{msg, t, tf};
use crate::saved_views::{keep, stored};
use crate::state::{use_app_state, NoticeKind};
use crate::store::{ServerStore, StoreError};

/// Where the views are kept: this browser's storage, or the server (the user's own there).
#[derive(Clone)]
enum Kept {
    Browser,
    Server(ServerStore),
}

impl Kept {
    /// Keeps `now`, which is `view` saved into the views: the views as kept.
    async fn save(&self, now: Vec<SavedView>, view: &SavedView) -> Result<Vec<SavedView>, String> {
        match self {
            Self::Browser => keep(&now).map(|()| now),
            Self::Server(http) => http.save_view(view).await.map_err(|e| e.to_string()),
        }
    }

    async fn delete(&self, now: &[SavedView], name: &str) -> Result<(), String> {
        match self {
            Self::Browser => keep(now),
            Self::Server(http) => http.delete_view(name).await.map_err(|e| e.to_string()),
        }
    }
}

#[component]
pub(super) fn SavedViews(list: List) -> impl IntoView {
    let state = use_app_state();
    let kept = match state.store().server() {
        Some(server) => Kept::Server(server.clone()),
        None => Kept::Browser,
    };
    // A server's views show at once as this browser last read them, then as the server
    // says.
    let views = RwSignal::new(match &kept {
        Kept::Browser => stored(),
        Kept::Server(http) => http.views_as_read(),
    });
    // Why the server's views are not shown, beside the select (a replica still works
    // offline, so this is no alarm).
    let unread = RwSignal::new(None::<String>);
    if let Kept::Server(http) = &kept {
        let http = http.clone();
        spawn_local(async move {
            match http.views().await {
                Ok(now) => {
                    views.try_set(now);
                }
                Err(StoreError::Offline(_)) => {
                    unread.try_set(Some(t("customers.views.offline").to_string()));
                }
                Err(e) => {
                    unread.try_set(Some(tf(
                        "customers.views.not_read",
                        &[("why", &e.to_string())],
                    )));
                }
            }
        });
    }
    let kept = StoredValue::new_local(kept);
    let busy = RwSignal::new(false);
    // The view opened last, while the list still shows it.
    let current = RwSignal::new(String::new());
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(v) = views.with_untracked(|vs| vs.iter().find(|v| v.name == chosen).cloned()) {
            ListView::from_params(&v.params).show(&list);
        }
        current.set(chosen);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let params = ListView::of(&list).params();
        let asked = name.get_untracked();
        // The rules are checked here first, in any store, for the message beside the field.
        let now = match save(&views.get_untracked(), &asked, &params) {
            Ok(now) => now,
            Err(why) => {
                error.set(Some(msg(&why)));
                focus_soon("view-name");
                return;
            }
        };
        let saved = asked.trim().to_string();
        let Some(view) = now.iter().find(|v| v.name == saved).cloned() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = kept.get_value().save(now, &view).await;
            busy.try_set(false);
            match result {
                Err(why) => {
                    error.try_set(Some(tf("customers.views.not_saved", &[("why", &why)])));
                    focus_soon("view-name");
                }
                Ok(now) => {
                    state.notify(
                        NoticeKind::Info,
                        tf("customers.views.saved", &[("name", &saved)]),
                    );
                    views.try_set(now);
                    current.try_set(saved);
                    naming.try_set(false);
                    name.try_set(String::new());
                    error.try_set(None);
                    focus_soon("saved-views");
                }
            }
        });
    };
    let remove = move |_| {
        let gone = current.get_untracked();
        let now = delete(&views.get_untracked(), &gone);
        busy.set(true);
        spawn_local(async move {
            let result = kept.get_value().delete(&now, &gone).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    views.try_set(now);
                    current.try_set(String::new());
                    state.notify(
                        NoticeKind::Info,
                        tf("customers.views.deleted", &[("name", &gone)]),
                    );
                }
                Err(why) => state.notify(
                    NoticeKind::Error,
                    tf("customers.views.not_saved", &[("why", &why)]),
                ),
            }
        });
    };
    view! {
        <div class="field inline saved-views">
            <label for="saved-views">{t("customers.views.label")}</label>
            <select id="saved-views" on:change=open
                aria-describedby=move || unread.with(Option::is_some).then_some("saved-views-unread")>
                <option value="" prop:selected=move || current.with(String::is_empty)>{t("customers.views.choose")}</option>
                {move || views.get().into_iter().map(|v| {
                    let (value, label) = (v.name.clone(), v.name.clone());
                    let is_current = move || current.with(|c| *c == v.name);
                    view! { <option value=value prop:selected=is_current>{label}</option> }
                }).collect_view()}
            </select>
            <Show when=move || unread.with(Option::is_some)>
                <p class="hint" id="saved-views-unread">{move || unread.get()}</p>
            </Show>
            <button type="button" on:click=remove disabled=move || current.with(String::is_empty) || busy.get()>{t("customers.views.delete")}</button>
            <Show when=move || !naming.get()>
                <button type="button" on:click=move |_| { naming.set(true); focus_soon("view-name"); }>{t("customers.views.save")}</button>
            </Show>
            <Show when=move || naming.get()>
                <form class="inline-edit" on:submit=submit novalidate>
                    <label for="view-name">{t("customers.views.name")}</label>
                    <input id="view-name" type="text" autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="view-name-error" />
                    <button type="submit" disabled=move || busy.get()>{t("customers.views.save")}</button>
                    <button type="button" on:click=move |_| { naming.set(false); error.set(None); }>{t("customers.views.cancel")}</button>
                    <p class="error" id="view-name-error">{move || error.get()}</p>
                </form>
            </Show>
        </div>
    }
}
