//! The pages whose code is not in the first download (issue 17): each one is a Leptos
//! [`LazyRoute`] whose view lives in a wasm chunk of its own, which the browser fetches when
//! the page first opens. `scripts/build-wasm` splits the build into these chunks
//! (`wasm-split-cli`, with the crate's `split` feature); the service worker precaches them,
//! so they open offline after one visit.
//!
//! `#[lazy_route]` would panic on a chunk that cannot be fetched, and a panic aborts the
//! whole app. These routes ask for the chunk with `wasm_split`'s `fallible` option instead:
//! a failed fetch shows a message in the page, with a button that asks again.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::i18n::t;
use clientele_domain::i18n;

/// A page's chunk could not be fetched (offline before the service worker had it, or the
/// host failed); the browser console has the details.
#[derive(Clone, Copy, Debug)]
pub struct ChunkMissing;

impl From<SplitLoaderError> for ChunkMissing {
    fn from(_: SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// `fn $name(args) -> T { body }` whose code, and whatever only it reaches, is the wasm
/// chunk `$chunk` in the split build: calling it fetches the chunk first (once; later calls
/// are at hand) and gives `Err(ChunkMissing)` when it cannot. Unsplit (the component tests),
/// the same function, its code in the one wasm.
macro_rules! chunk_entry {
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<$ret, $crate::lazy_pages::ChunkMissing> {
            Ok($body)
        }
        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$ret, $crate::lazy_pages::ChunkMissing> {
            Ok($body)
        }
    };
}
pub(crate) use chunk_entry;

thread_local! {
    /// Chunks being fetched for what the page shows.
    static FETCHING: Cell<u32> = const { Cell::new(0) };
    /// What waits for them all to be in (`when_chunks_in`).
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` once no chunk is being fetched for the page: the service worker's precache then
/// takes them from the HTTP cache instead of downloading them a second time beside the page.
pub fn when_chunks_in(f: impl FnOnce() + 'static) {
    if FETCHING.with(Cell::get) == 0 {
        f();
    } else {
        WAITING.with(|w| w.borrow_mut().push(Box::new(f)));
    }
}

/// Counts a chunk fetch in `FETCHING` while `fetch` runs.
async fn counted<T>(fetch: impl Future<Output = T>) -> T {
    FETCHING.with(|n| n.set(n.get() + 1));
    let done = fetch.await;
    if FETCHING.with(|n| {
        n.set(n.get() - 1);
        n.get() == 0
    }) {
        for f in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            f();
        }
    }
    done
}

/// Fetches a page's chunk (once; later calls are at hand) and builds the page's view.
type OpenPage = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkMissing>>>>;

/// The page, or, when its chunk could not be fetched, the message and "Try again".
async fn open(page: OpenPage) -> AnyView {
    match counted(page()).await {
        Ok(view) => view,
        Err(ChunkMissing) => view! { <ChunkFailed page=page /> }.into_any(),
    }
}

/// What a page whose code could not be fetched shows. "Try again" fetches it once more and
/// shows the page in place of the message; the failure is not remembered, so moving away
/// and back tries again too.
#[component]
fn ChunkFailed(page: OpenPage) -> impl IntoView {
    let message = |retry: Callback<()>, trying: RwSignal<bool>| {
        view! {
            <section class="chunk-failed" aria-labelledby="chunk-failed-title">
                <h1 id="chunk-failed-title">{t("app.chunk.title")}</h1>
                <p role="alert">{t("app.chunk.failed")}</p>
                <button type="button" on:click=move |_| retry.run(()) disabled=move || trying.get()>
                    {t("app.chunk.retry")}
                </button>
            </section>
        }
        .into_any()
    };
    chunk_view(Rc::new(move || page()), false, message)
}

/// A part of a page whose code is a chunk of its own (the list's bulk actions): nothing
/// until the chunk is there, then the part; when it cannot be fetched, the message and "Try
/// again" in its place, the rest of the page working on.
#[component]
pub fn LazyPart(part: OpenPart) -> impl IntoView {
    let message = |retry: Callback<()>, trying: RwSignal<bool>| {
        view! {
            <p role="alert">{t("app.chunk.failed")}</p>
            <button type="button" on:click=move |_| retry.run(()) disabled=move || trying.get()>
                {t("app.chunk.retry")}
            </button>
        }
        .into_any()
    };
    chunk_view(part, true, message)
}

/// Fetches a part's chunk (once; later calls are at hand) and builds the part.
pub type OpenPart = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkMissing>>>>>;

/// The view of a chunk's part, or `message` (with the retry to call, and whether one is
/// under way) while it could not be fetched. `fetch_now`: fetched at once (else the first
/// fetch failed already, and the message shows until "Try again").
fn chunk_view(
    part: OpenPart,
    fetch_now: bool,
    message: fn(Callback<()>, RwSignal<bool>) -> AnyView,
) -> impl IntoView {
    let opened = RwSignal::new_local(None::<AnyView>);
    let trying = RwSignal::new(fetch_now);
    let failed = RwSignal::new(!fetch_now);
    // The part is built under this component's owner, where the app's context is (an event
    // handler runs under none); leaving the page cancels a fetch still in flight.
    let owner = Owner::current();
    let part = StoredValue::new_local(part);
    let fetch = move || {
        trying.set(true);
        let part = part.get_value();
        let fetch = async move {
            match counted(part()).await {
                Ok(view) => opened.set(Some(view)),
                Err(ChunkMissing) => failed.set(true),
            }
            trying.set(false);
        };
        match &owner {
            Some(owner) => owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(fetch)),
            None => leptos::task::spawn_local_scoped_with_cancellation(fetch),
        }
    };
    if fetch_now {
        fetch();
    }
    let retry = Callback::new(move |()| fetch());
    // The view is handed over once (it is not Clone): the closure runs again only when a
    // fetch sets it or fails.
    move || {
        opened.track();
        let view = opened.write_untracked().take();
        match view {
            Some(view) => view,
            None if failed.get() => message(retry, trying),
            None => ().into_any(),
        }
    }
}

/// One lazy page: `$route` is the route type for `Lazy::<$route>`, `$chunk` names its wasm
/// chunk (and the split function), `$page` is the page component. `english`: the areas of
/// English texts only such pages use (`clientele_domain::i18n::later_english`), added before
/// the page is built, so they travel in the page's chunk, not in the first download.
macro_rules! lazy_page {
    ($route:ident, $chunk:ident, $page:path $(, english: [$($area:ident),*])?) => {
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[cfg(feature = "split")]
                #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $chunk() -> Result<AnyView, ChunkMissing> {
                    $($(i18n::add_english(i18n::later_english::$area());)*)?
                    Ok(view! { <$page /> }.into_any())
                }
                // Unsplit (the component tests): the same route, its code in the one wasm.
                #[cfg(not(feature = "split"))]
                async fn $chunk() -> Result<AnyView, ChunkMissing> {
                    $($(i18n::add_english(i18n::later_english::$area());)*)?
                    Ok(view! { <$page /> }.into_any())
                }
                open(|| Box::pin($chunk())).await
            }
        }
    };
}

lazy_page!(
    RemovedRoute,
    removed_page,
    crate::pages::removed::RemovedCustomersPage,
    english: [removed]
);
lazy_page!(
    WizardRoute,
    wizard_page,
    crate::pages::wizard::AddCustomerPage,
    english: [wizard, invite, email]
);
lazy_page!(
    InviteRoute,
    invite_page,
    crate::pages::invite::InvitePage,
    english: [invite, email]
);
lazy_page!(
    ImportRoute,
    import_page,
    crate::pages::import::ImportPage,
    english: [import]
);
lazy_page!(
    AccountRoute,
    account_page,
    crate::pages::account::AccountPage,
    english: [activity]
);
lazy_page!(
    SubscriptionsRoute,
    subscriptions_page,
    crate::pages::customer_links::SubscriptionsPage
);
lazy_page!(
    ServicesRoute,
    services_page,
    crate::pages::customer_links::ServiceManagementPage
);
lazy_page!(
    ActivityRoute,
    activity_page,
    crate::pages::activity::ActivityPage,
    english: [activity]
);
lazy_page!(
    SettingsRoute,
    settings_page,
    crate::pages::settings::SettingsPage,
    english: [settings, storage, backup]
);
