//! The customer list: search, reseller filter, export, and a virtualised table.

use clientele_domain::export::relationship_label;
use clientele_domain::export::{customers_csv, customers_file_name};
use clientele_domain::list::{filter_options, showing_label, visible_rows, ResellerFilter};
use clientele_domain::model::{reseller_name, Customer, CustomerId, Reseller};
use clientele_domain::roles::Permission;
use clientele_domain::sample::{generate, SAMPLE_SEED};
use clientele_domain::search::{normalize_query, SearchIndex};
use clientele_domain::window::Layout;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use clientele_domain::activity::Action;
use clientele_domain::book::Change;
use leptos_router::components::A;

use crate::browser::{self, app_href};
use crate::components::allowed::NotAllowed;
use crate::components::export::record_export;
use crate::components::highlight::Highlighted;
use crate::hooks::spawn_busy;
use crate::i18n::{lang, t, tf, tn};
use crate::state::{use_app_state, AppState, Customers, NoticeKind};
use crate::store::CustomerStore;

/// Must match the row heights in style/main.css.
const LAYOUT: Layout = Layout {
    row_height: 44.0,
    detail_height: 112.0,
    overscan: 8,
};

/// What the page shows; the list itself reads the customers, so a reload of the book
/// (after a write) updates the list in place instead of rebuilding it, search box and all.
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Failed(String),
    Empty,
    List,
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = use_app_state();
    let shown = Memo::new(move |_| {
        state.customers.with(|c| match c {
            None => Shown::Loading,
            Some(Err(e)) => Shown::Failed(e.to_string()),
            Some(Ok(list)) if list.is_empty() => Shown::Empty,
            Some(Ok(_)) => Shown::List,
        })
    });
    // Adding a customer while the list shows one reseller's customers preselects it.
    let query = use_query_map();
    let add_href =
        move || match query.with(|q| ResellerFilter::from_param(q.get("reseller").as_deref())) {
            ResellerFilter::Reseller(id) => format!("/customers/new?reseller={id}"),
            _ => "/customers/new".to_string(),
        };
    view! {
        <div class="page-head">
            <h1>{t("customers.title")}</h1>
            <div class="page-actions">
                {move || if state.can(Permission::SendInvitations) {
                    view! { <A href=app_href("/customers/invite") attr:class="button">{t("customers.invite")}</A> }.into_any()
                } else {
                    view! { <NotAllowed permission=Permission::SendInvitations label=t("customers.invite") id="invite-denied" /> }.into_any()
                }}
                {move || if state.can(Permission::AddCustomers) {
                    view! { <A href=move || app_href(&add_href()) attr:class="button primary">{t("customers.add")}</A> }.into_any()
                } else {
                    view! { <NotAllowed permission=Permission::AddCustomers label=t("customers.add") id="add-denied" /> }.into_any()
                }}
            </div>
        </div>
        {move || match shown.get() {
            Shown::Loading => view! { <p role="status">{t("customers.loading")}</p> }.into_any(),
            Shown::Failed(e) => view! { <p role="alert">{tf("customers.load_failed", &[("error", &e)])}</p> }.into_any(),
            Shown::Empty => view! { <EmptyBook /> }.into_any(),
            Shown::List => view! { <CustomerList /> }.into_any(),
        }}
    }
}

/// A newcomer's first screen: one click gives them a realistic book to try.
#[component]
fn EmptyBook() -> impl IntoView {
    let state = use_app_state();
    let capacity = state.store().capacity_hint();
    let capacity_note = match capacity {
        Some(c) => tf(
            "customers.empty.capacity",
            &[("count", &tn("app.count.customers", c as u64, &[]))],
        ),
        None => t("customers.empty.memory").to_string(),
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
                            let too_big = capacity.is_some_and(|c| n > c);
                            let label = tn("app.count.customers", n as u64, &[]);
                            view! {
                                <option value=n.to_string() selected=n == 200>
                                    {label} {too_big.then(|| format!(" {}", t("customers.sample.too_big")))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                // A trial book in this browser touches no one else's data: only a shared
                // server's book is kept to the role that may import.
                {move || if state.can(Permission::ImportCustomers) || state.store().http().is_none() {
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

async fn load_sample(state: AppState, count: usize) {
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

/// The search index of a loaded list; compared by identity, since it is rebuilt only when
/// the list itself is replaced.
#[derive(Clone)]
struct Indexed {
    customers: Customers,
    index: Arc<SearchIndex>,
}

impl PartialEq for Indexed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.customers, &other.customers)
    }
}

/// One search's result; the next keystroke narrows it instead of scanning everything again.
#[derive(Clone, PartialEq)]
struct Rows {
    /// The list the rows index into (by address): a result is only narrowed for the same list.
    list: usize,
    query: String,
    filter: ResellerFilter,
    rows: Arc<Vec<u32>>,
}

#[component]
fn CustomerList() -> impl IntoView {
    let state = use_app_state();
    let query_map = use_query_map();
    let (initial_q, initial_filter) = query_map.with_untracked(|m| {
        (
            m.get("q").unwrap_or_default(),
            ResellerFilter::from_param(m.get("reseller").as_deref()),
        )
    });
    let query = RwSignal::new(initial_q);
    let filter = RwSignal::new(initial_filter);
    let expanded = RwSignal::new(HashSet::<CustomerId>::new());
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(600.0);
    let scroller = NodeRef::<html::Div>::new();
    let search_box = NodeRef::<html::Input>::new();
    let export_status = RwSignal::new(String::new());

    let indexed = Memo::new(move |_| {
        let customers = match state.customers.get() {
            Some(Ok(list)) => list,
            _ => Arc::new(Vec::new()),
        };
        let index = Arc::new(SearchIndex::new(&customers));
        Indexed { customers, index }
    });
    let resellers = Memo::new(move |_| state.current_settings().resellers);

    let rows = Memo::new(move |previous: Option<&Rows>| {
        let q = normalize_query(&query.get());
        let f = filter.get();
        indexed.with(|ix| {
            let list = Arc::as_ptr(&ix.customers) as usize;
            let narrowed = previous.filter(|p| {
                p.list == list && p.filter == f && !p.query.is_empty() && q.contains(&p.query)
            });
            let rows = match narrowed {
                Some(p) => ix.index.search_within(&q, &p.rows),
                None => visible_rows(&ix.customers, &ix.index, &q, &f),
            };
            Rows {
                list,
                query: q,
                filter: f,
                rows: Arc::new(rows),
            }
        })
    });
    sync_url(query, filter);
    let highlighted = Signal::from(Memo::new(move |_| rows.with(|r| r.query.clone())));

    let expanded_positions = Memo::new(move |_| {
        expanded.with(|open| {
            if open.is_empty() {
                return Vec::new();
            }
            let r = rows.get();
            indexed.with(|ix| {
                r.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, &i)| open.contains(&ix.customers[i as usize].id))
                    .map(|(pos, _)| pos)
                    .collect::<Vec<_>>()
            })
        })
    });

    let window = Memo::new(move |_| {
        let total = rows.with(|r| r.rows.len());
        expanded_positions.with(|open| LAYOUT.window(total, open, scroll_top.get(), viewport.get()))
    });

    let visible = move || {
        let w = window.get();
        let r = rows.get();
        let open = expanded.get();
        indexed.with(|ix| {
            r.rows[w.start..w.end]
                .iter()
                .map(|&i| {
                    let c = ix.customers[i as usize].clone();
                    RowView {
                        list: r.list,
                        is_open: open.contains(&c.id),
                        customer: c,
                    }
                })
                .collect::<Vec<_>>()
        })
    };

    // The window follows the scroller's size, whatever changes it (window, notices, zoom).
    type Observer = (web_sys::ResizeObserver, Closure<dyn Fn()>);
    let observer = StoredValue::new_local(None::<Observer>);
    Effect::new(move |_| {
        let Some(el) = scroller.get() else { return };
        let on_resize = Closure::<dyn Fn()>::new(move || {
            // Never more than the window shows, even if a stylesheet fails to bound the
            // scroller (it would otherwise grow to hold every row).
            let window_height = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64())
                .unwrap_or(1000.0);
            if let Some(el) = scroller.get_untracked() {
                viewport.set((el.client_height() as f64).min(window_height));
            }
        });
        if let Ok(o) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            o.observe(&el);
            // The closure must live as long as the observer may call it.
            observer.set_value(Some((o, on_resize)));
        }
    });
    on_cleanup(move || {
        observer.try_update_value(|o| {
            if let Some((o, _)) = o.take() {
                o.disconnect();
            }
        });
    });

    // `/` focuses the search; `j` / `k` move focus to the next or previous row's down
    // arrow, scrolling the (virtual) table so that row is rendered first.
    // A row's down arrow is rendered in the next frame after a move or a toggle; until then
    // `pending_row` says where focus is going, so keys faster than frames keep their place.
    let pending_row = StoredValue::new_local(None::<String>);
    let focus_row = move |id: String| {
        pending_row.set_value(Some(id.clone()));
        request_animation_frame(move || {
            browser::focus_by_id(&id);
            // A later key may already have asked for another row: that request stands.
            pending_row.update_value(|p| {
                if p.as_deref() == Some(id.as_str()) {
                    *p = None;
                }
            });
        });
    };
    let move_focus = move |step: isize| {
        let r = rows.get_untracked();
        if r.rows.is_empty() {
            return;
        }
        // A row asked for by the previous key but not focused yet (keys faster than frames).
        let focused = pending_row.get_value().unwrap_or_else(|| {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .map(|el| el.id())
                .unwrap_or_default()
        });
        let current = focused.strip_prefix("expand-").and_then(|id| {
            indexed.with_untracked(|ix| {
                r.rows
                    .iter()
                    .position(|&i| ix.customers[i as usize].id.as_str() == id)
            })
        });
        let last = r.rows.len() as isize - 1;
        let next = match current {
            Some(at) => (at as isize + step).clamp(0, last) as usize,
            None if step > 0 => 0,
            None => last as usize,
        };
        let open = expanded_positions.get_untracked();
        let top = LAYOUT.offset(next, &open);
        let (scrolled, height) = (scroll_top.get_untracked(), viewport.get_untracked());
        // The sticky header covers the first 40 px of the scroller.
        let target = if top < scrolled {
            Some(top)
        } else if top + LAYOUT.row_height + 40.0 > scrolled + height {
            Some(top + LAYOUT.row_height + 40.0 - height)
        } else {
            None
        };
        if let (Some(t), Some(el)) = (target, scroller.get_untracked()) {
            el.set_scroll_top(t.max(0.0) as i32);
            scroll_top.set(t.max(0.0));
        }
        let id = indexed.with_untracked(|ix| ix.customers[r.rows[next] as usize].id.clone());
        focus_row(format!("expand-{id}"));
    };
    crate::shortcuts::on_window_keydown(move |ev| {
        let Some(key) = crate::shortcuts::shortcut_key(&ev) else {
            return;
        };
        match key.as_str() {
            "/" => {
                ev.prevent_default();
                if let Some(input) = search_box.get_untracked() {
                    let _ = input.focus();
                }
            }
            "j" => {
                ev.prevent_default();
                move_focus(1);
            }
            "k" => {
                ev.prevent_default();
                move_focus(-1);
            }
            _ => {}
        }
    });
    // Arriving with `/` from another page: the search box was asked for.
    request_animation_frame(move || state.restore_focus());

    let to_top = move || {
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    };

    let export = move |_| {
        let r = rows.get_untracked();
        let options = state.current_settings().exports.for_language(lang());
        let bytes = indexed.with_untracked(|ix| {
            resellers.with_untracked(|res| {
                customers_csv(
                    r.rows.iter().map(|&i| &ix.customers[i as usize]),
                    res,
                    options,
                )
            })
        });
        let name = customers_file_name(&browser::local_date());
        match browser::download(&name, "text/csv;charset=utf-8", &bytes) {
            Ok(()) => {
                let count = tn("app.count.customers", r.rows.len() as u64, &[]);
                export_status.set(tf(
                    "customers.exported",
                    &[("count", &count), ("file", &name)],
                ));
                let filtered = r.rows.len() < indexed.with_untracked(|ix| ix.customers.len());
                // The log's details are data, written in English whatever the UI's language.
                let what = plural(r.rows.len(), "customer", "customers");
                let details = if filtered {
                    format!("{what} (filtered) to {name}")
                } else {
                    format!("{what} to {name}")
                };
                record_export(state, Action::CustomersExported, None, details);
            }
            Err(_) => state.notify(NoticeKind::Error, t("customers.export_failed")),
        }
    };

    let toggle = move |id: CustomerId| {
        // The row is rebuilt open or closed; its down arrow keeps the focus.
        let button = format!("expand-{id}");
        expanded.update(|open| {
            if !open.remove(&id) {
                open.insert(id);
            }
        });
        focus_row(button);
    };

    let total = move || indexed.with(|ix| ix.customers.len());
    let shown = move || rows.with(|r| r.rows.len());

    view! {
        <div class="toolbar" role="search">
            <div class="field inline">
                <label for="customer-search" class="visually-hidden">{t("customers.search.label")}</label>
                <input
                    id="customer-search"
                    type="search"
                    placeholder=t("customers.search.placeholder")
                    node_ref=search_box
                    prop:value=move || query.get()
                    autocomplete="off"
                    spellcheck="false"
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        to_top();
                    }
                />
            </div>
            <div class="field inline">
                <label for="reseller-filter">{t("customers.filter.label")}</label>
                <select
                    id="reseller-filter"
                    on:change=move |ev| {
                        filter.set(ResellerFilter::from_param(Some(&event_target_value(&ev))));
                        to_top();
                    }
                >
                    {move || {
                        let current = filter.get();
                        resellers.with(|r| filter_options(lang(), r, &current))
                            .into_iter()
                            .map(|(option, label)| {
                                let selected = option == current;
                                view! {
                                    <option value=option.to_param().unwrap_or_default() prop:selected=selected>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <button type="button" on:click=export disabled=move || shown() == 0>{t("customers.export")}</button>
            <A href=app_href("/customers/removed")>{t("customers.removed_link")}</A>
        </div>
        <p class="count" role="status">{move || showing_label(lang(), shown(), total())}</p>
        <p class="visually-hidden" role="status">{move || export_status.get()}</p>
        <Show when=move || { shown() == 0 }>
            <div class="no-results">
                <p>{t("customers.no_match")}</p>
                <button
                    type="button"
                    on:click=move |_| {
                        query.set(String::new());
                        filter.set(ResellerFilter::All);
                        if let Some(input) = search_box.get_untracked() {
                            let _ = input.focus();
                        }
                    }
                >
                    {t("customers.clear")}
                </button>
            </div>
        </Show>
        <div
            class="table-scroll"
            node_ref=scroller
            on:scroll=move |ev| scroll_top.set(event_target::<web_sys::Element>(&ev).scroll_top() as f64)
        >
            <table class="customers">
                <colgroup>
                    <col class="c-expand" />
                    <col class="c-id" />
                    <col class="c-name" />
                    <col class="c-domain" />
                    <col class="c-rel" />
                    <col class="c-reseller" />
                </colgroup>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{t("customers.column.details")}</span></th>
                        <th scope="col">{t("customers.column.id")}</th>
                        <th scope="col">{t("customers.column.company_name")}</th>
                        <th scope="col">{t("customers.column.domain")}</th>
                        <th scope="col">{t("customers.column.relationship")}</th>
                        <th scope="col">{t("customers.column.reseller")}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().pad_top)></tr>
                    <For each=visible key=RowView::key let:row>
                        <CustomerRow row=row query=highlighted resellers=resellers toggle=toggle />
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().pad_bottom)></tr>
                </tbody>
            </table>
        </div>
    }
}

#[derive(Clone)]
struct RowView {
    /// The loaded list the row comes from (by address): a reload may change any customer.
    list: usize,
    is_open: bool,
    customer: Customer,
}

impl RowView {
    /// What the row's markup depends on, but for the search, whose highlight updates in
    /// place: a row still in view after a keystroke is kept, not rebuilt.
    fn key(&self) -> (usize, CustomerId, bool) {
        (self.list, self.customer.id.clone(), self.is_open)
    }
}

#[component]
fn CustomerRow(
    row: RowView,
    query: Signal<String>,
    resellers: Memo<Vec<Reseller>>,
    toggle: impl Fn(CustomerId) + Copy + 'static,
) -> impl IntoView {
    let RowView {
        is_open,
        customer: c,
        ..
    } = row;
    let detail_id = format!("detail-{}", c.id);
    let reseller =
        resellers.with_untracked(|r| reseller_name(r, c.reseller_id.as_ref()).to_string());
    let id = c.id.clone();
    let main = view! {
        <tr class="row" class:open=is_open>
            <td>
                <button
                    type="button"
                    id=format!("expand-{}", c.id)
                    class="expand"
                    aria-expanded=if is_open { "true" } else { "false" }
                    aria-controls=detail_id.clone()
                    aria-label=tf("customers.row.expand_label", &[("name", &c.company_name)])
                    on:click=move |_| toggle(id.clone())
                >
                    <span aria-hidden="true">{if is_open { "▴" } else { "▾" }}</span>
                </button>
            </td>
            <td class="mono"><Highlighted text=c.id.to_string() query=query /></td>
            <td title=c.company_name.clone()><Highlighted text=c.company_name.clone() query=query /></td>
            <td><Highlighted text=c.primary_domain.clone() query=query /></td>
            <td>{relationship_label(lang(), c.relationship)}</td>
            <td>{reseller}</td>
        </tr>
    };
    let detail = is_open.then(|| view! { <CustomerDetail customer=c detail_id=detail_id /> });
    (main, detail)
}

#[component]
fn CustomerDetail(customer: Customer, detail_id: String) -> impl IntoView {
    let copied = RwSignal::new(String::new());
    let id_text = customer.id.to_string();
    let copy = move |_| {
        let text = id_text.clone();
        spawn_local(async move {
            let ok = browser::copy_text(&text).await;
            copied.set(if ok {
                t("customers.detail.copied").into()
            } else {
                t("customers.detail.copy_failed").into()
            });
        });
    };
    let base = crate::browser::app_href(&format!("/customers/{}", customer.id));
    view! {
        <tr class="detail" id=detail_id>
            <td colspan="6">
                <div class="detail-body">
                    <div>
                        <span class="detail-label">{t("customers.column.id")}</span>
                        <code class="customer-id">{customer.id.to_string()}</code>
                        <button type="button" on:click=copy aria-label=tf("customers.detail.copy_label", &[("name", &customer.company_name)])>
                            {t("customers.detail.copy")}
                        </button>
                        <span class="copied" role="status">{move || copied.get()}</span>
                    </div>
                    <nav class="quick-links" aria-label=tf("customers.detail.links_label", &[("name", &customer.company_name)])>
                        <a href=base.clone()>{customer.company_name.clone()}</a>
                        <a href=format!("{base}/subscriptions")>{t("customers.detail.subscriptions")}</a>
                        <a href=format!("{base}/services")>{t("customers.detail.services")}</a>
                    </nav>
                </div>
            </td>
        </tr>
    }
}

/// Writes the search and filter into the URL, so a reload or a shared link keeps them.
/// Debounced: browsers throttle history updates (Safari refuses more than 100 in 30 s).
fn sync_url(query: RwSignal<String>, filter: RwSignal<ResellerFilter>) {
    let navigate = use_navigate();
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    // The URL waiting for the timer, so a click that leaves the page can write it first.
    let pending_url = StoredValue::new_local(None::<String>);
    Effect::new(move |first: Option<()>| {
        let q = query.get();
        let f = filter.get();
        if first.is_none() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending_url.set_value(Some(list_url(&q, &f)));
        let navigate = navigate.clone();
        let handle = set_timeout_with_handle(
            move || {
                if let Some(url) = pending_url.try_update_value(Option::take).flatten() {
                    navigate(
                        &url,
                        NavigateOptions {
                            replace: true,
                            scroll: false,
                            ..Default::default()
                        },
                    );
                }
            },
            Duration::from_millis(300),
        )
        .ok();
        pending.set_value(handle);
    });
    // A click on a link within the debounce would leave a history entry without the search,
    // so Back would lose it. Clicks are seen here first (capture phase, before the router's
    // handler) and the pending URL is written to the current entry at once.
    let flush = Closure::<dyn Fn()>::new(move || {
        if let Some(url) = pending_url.try_update_value(Option::take).flatten() {
            if let Some(h) = pending.try_get_value().flatten() {
                h.clear();
            }
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
                let _ = history.replace_state_with_url(&state, "", Some(&app_href(&url)));
            }
        }
    });
    let window = web_sys::window().expect("a window");
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        flush.as_ref().unchecked_ref(),
        true,
    );
    let flush = StoredValue::new_local(Some(flush));
    // Leaving the page cancels a pending update, which would otherwise navigate back here.
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
        if let Some(f) = flush.try_update_value(Option::take).flatten() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                f.as_ref().unchecked_ref(),
                true,
            );
        }
    });
}

/// "/customers?q=…&reseller=…" for a search and filter.
fn list_url(q: &str, f: &ResellerFilter) -> String {
    let mut params = Vec::new();
    if !q.is_empty() {
        params.push(format!("q={}", encode(q)));
    }
    if let Some(r) = f.to_param() {
        params.push(format!("reseller={}", encode(&r)));
    }
    if params.is_empty() {
        "/customers".to_string()
    } else {
        format!("/customers?{}", params.join("&"))
    }
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
