//! The list's state: the search and filter, the rows they leave (narrowed keystroke by
//! keystroke), the rows opened, and the window of rows that is rendered.

use clientele_domain::list::{visible_rows, ResellerFilter};
use clientele_domain::model::{CustomerId, Reseller};
use clientele_domain::search::{normalize_query, SearchIndex};
use clientele_domain::window::{Layout, Window};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::HashSet;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::rows::RowView;
use crate::state::{AppState, Customers};

/// Must match the row heights in style/main.css.
pub(super) const LAYOUT: Layout = Layout {
    row_height: 44.0,
    detail_height: 112.0,
    overscan: 8,
};

/// The search index of a loaded list; compared by identity, since it is rebuilt only when
/// the list itself is replaced.
#[derive(Clone)]
pub(super) struct Indexed {
    pub customers: Customers,
    pub index: Arc<SearchIndex>,
}

impl PartialEq for Indexed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.customers, &other.customers)
    }
}

/// One search's result; the next keystroke narrows it instead of scanning everything again.
#[derive(Clone, PartialEq)]
pub(super) struct Rows {
    /// The list the rows index into (by address): a result is only narrowed for the same list.
    pub list: usize,
    pub query: String,
    pub filter: ResellerFilter,
    pub rows: Arc<Vec<u32>>,
}

/// What the list's parts (toolbar, keys, export, table) share; `Copy`, so every handler
/// can hold it.
#[derive(Clone, Copy)]
pub(super) struct List {
    pub query: RwSignal<String>,
    pub filter: RwSignal<ResellerFilter>,
    pub expanded: RwSignal<HashSet<CustomerId>>,
    pub scroll_top: RwSignal<f64>,
    pub viewport: RwSignal<f64>,
    pub scroller: NodeRef<html::Div>,
    pub search_box: NodeRef<html::Input>,
    pub indexed: Memo<Indexed>,
    pub resellers: Memo<Vec<Reseller>>,
    pub rows: Memo<Rows>,
    /// Where the opened rows are among `rows`.
    pub expanded_positions: Memo<Vec<usize>>,
    pub window: Memo<Window>,
}

impl List {
    /// The list of the book's customers, with the search and filter the address gives.
    pub fn new(state: AppState) -> Self {
        let (initial_q, initial_filter) = use_query_map().with_untracked(|m| {
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
            expanded_positions
                .with(|open| LAYOUT.window(total, open, scroll_top.get(), viewport.get()))
        });

        Self {
            query,
            filter,
            expanded,
            scroll_top,
            viewport,
            scroller: NodeRef::new(),
            search_box: NodeRef::new(),
            indexed,
            resellers,
            rows,
            expanded_positions,
            window,
        }
    }

    /// The rows in the window, as they are rendered.
    pub fn visible(&self) -> Vec<RowView> {
        let w = self.window.get();
        let r = self.rows.get();
        let open = self.expanded.get();
        self.indexed.with(|ix| {
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
    }

    /// Back to the first row (a new search or filter).
    pub fn scroll_to_top(&self) {
        if let Some(el) = self.scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        self.scroll_top.set(0.0);
    }

    pub fn focus_search(&self) {
        if let Some(input) = self.search_box.get_untracked() {
            let _ = input.focus();
        }
    }

    /// The window follows the scroller's size, whatever changes it (window, notices, zoom).
    pub fn follow_viewport(&self) {
        let (scroller, viewport) = (self.scroller, self.viewport);
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
    }
}
