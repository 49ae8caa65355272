//! The page shell and the routes.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use leptos_router::Lazy;

use crate::backend_status::{BackendStatus, ConflictDialog, OfflineBanner};
use crate::browser::{app_base, app_href};
use crate::components::backup_reminder::BackupReminder;
use crate::components::notices::Notices;
use crate::components::update::UpdatePrompt;
use crate::header::{AppHeader, MenuState};
use crate::i18n::{self, t, tf, LangSignal};
use crate::lazy_pages::{
    chunk_entry, AccountRoute, ActivityRoute, ImportRoute, InviteRoute, LazyPart, RemovedRoute,
    ServicesRoute, SettingsRoute, SubscriptionsRoute, WizardRoute,
};
use crate::pages::customers::CustomersPage;
use crate::shortcuts::{Shortcuts, ShortcutsHelp};
use crate::state::{AppState, NoticeKind};
use clientele_domain::i18n::{is_available, Language};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    // Whether the keyboard shortcuts' help is open ("?", or the header's button).
    let help = RwSignal::new(false);
    i18n::mark_document(i18n::lang());
    let lang = RwSignal::new(i18n::lang());
    provide_context(LangSignal(lang));
    let menu = MenuState::default();
    fetch_language(state, lang);
    // Everything is rendered again when the language changes (texts are looked up once,
    // not tracked). What the user typed lives in drafts and the address, so nothing is lost.
    move || {
        if is_available(lang.get()) {
            shell(menu, help).into_any()
        } else {
            view! { <p role="status">{t("app.loading")}</p> }.into_any()
        }
    }
}

fn shell(menu: MenuState, help: RwSignal<bool>) -> impl IntoView {
    let state = crate::state::use_app_state();
    // A server's requests and reachability: only a server's book has them, and its code is
    // then at hand (the server store's chunk, fetched beside the main module).
    let server_status = state
        .store()
        .is_shared()
        .then(|| view! { <LazyPart part=Rc::new(|| Box::pin(server_status())) /> });
    view! {
        // The base path is read at run time, so one build works at a host's root or under any
        // sub-path (docs/HOSTING.md).
        <Router base=app_base()>
            <SkipLink />
            <AppHeader menu=menu show_shortcuts=move |_| help.set(true) />
            <Shortcuts help=help />
            // Few open it, so the dialog is a chunk, fetched when asked for (issue 17).
            <Show when=move || help.get()>
                <LazyPart part=Rc::new(move || Box::pin(shortcuts_help(help))) />
            </Show>
            {server_status}
            // Only a write the server refused opens it: its code is a chunk (issue 17).
            <Show when=move || state.conflict.with(Option::is_some)>
                <LazyPart part=Rc::new(|| Box::pin(conflict_dialog())) />
            </Show>
            <Notices />
            <BackupReminder />
            <UpdatePrompt />
            <main id="main" tabindex="-1">
                // Pages read the user's role as they open (what they offer depends on it), so
                // they open once the settings, which say the role, are known.
                <Show when=move || state.settings.with(Option::is_some)
                    fallback=|| view! { <p role="status">{t("app.loading")}</p> }>
                <Routes fallback=|| view! { <h1>{t("app.not_found.title")}</h1> <A href=app_href("/customers")>{t("app.not_found.back")}</A> }>
                    <Route path=path!("/") view=|| view! { <Redirect path="/customers" /> } />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/removed") view={Lazy::<RemovedRoute>::new()} />
                    <Route path=path!("/customers/new") view={Lazy::<WizardRoute>::new()} />
                    <Route path=path!("/customers/invite") view={Lazy::<InviteRoute>::new()} />
                    <Route path=path!("/customers/import") view={Lazy::<ImportRoute>::new()} />
                    <Route path=path!("/customers/:id") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("/customers/:id/subscriptions") view={Lazy::<SubscriptionsRoute>::new()} />
                    <Route path=path!("/customers/:id/services") view={Lazy::<ServicesRoute>::new()} />
                    <Route path=path!("/activity") view={Lazy::<ActivityRoute>::new()} />
                    <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} />
                </Routes>
                </Show>
            </main>
        </Router>
    }
}

chunk_entry!(
    shortcuts_help,
    fn shortcuts_help(help: RwSignal<bool>) -> AnyView {
        view! { <ShortcutsHelp help=help /> }.into_any()
    }
);

chunk_entry!(
    server_store,
    fn server_status() -> AnyView {
        view! { <BackendStatus /> <OfflineBanner /> }.into_any()
    }
);

chunk_entry!(
    conflict_dialog,
    fn conflict_dialog() -> AnyView {
        view! { <ConflictDialog /> }.into_any()
    }
);

/// The first download holds the English texts only: another language the user reads is
/// fetched before the app shows; if it cannot be, the app shows in English and says why.
fn fetch_language(state: AppState, lang: RwSignal<Language>) {
    let wanted = lang.get_untracked();
    if is_available(wanted) {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Err(why) = i18n::load(wanted).await {
            i18n::use_for_now(Language::English);
            state.notify(
                NoticeKind::Error,
                tf(
                    "app.lang.not_loaded",
                    &[("lang", wanted.label()), ("why", &why)],
                ),
            );
        }
        lang.set(i18n::lang());
    });
}

/// "#main" of the current page, spelt out: with the document's `<base href>` a bare "#main"
/// would resolve against the base path, not the page.
#[component]
fn SkipLink() -> impl IntoView {
    let location = use_location();
    let href = move || {
        let search = location.search.get();
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        format!("{}{query}#main", location.pathname.get())
    };
    view! { <a class="skip-link" href=href>{t("app.skip")}</a> }
}
