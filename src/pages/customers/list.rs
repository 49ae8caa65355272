//! The list's state: the search and filters, the rows they leave (narrowed keystroke by
//! keystroke) in the order chosen, the rows opened and selected, and the window of rows
//! that is rendered.

use clientele_domain::columns::Columns;
use clientele_domain::list::{visible_rows, ResellerFilter};
use clientele_domain::listing::Listing;
use clientele_domain::model::{CustomerId, Reseller};
use clientele_domain::search::normalize_query;
use clientele_domain::sort::{sort_rows, Sort};
use clientele_domain::tags::TagFilter;
use clientele_domain::window::{Layout, Window, CARDS_MEDIA};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::HashSet;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::rows::{list_version, ListVersion, RowView};
use super::sort::sort_keys;
use crate::i18n::lang;
use crate::state::AppState;

/// The loaded list with its search index, read in place: no copy is held, so a write updates
/// the list without copying it (see `AppState::apply`).
#[derive(Clone, Copy)]
pub(super) struct Indexed(AppState);

impl Indexed {
    pub fn with<R>(&self, f: impl FnOnce(&Listing) -> R) -> R {
        self.0.customers.with(|c| match c {
            Some(Ok(list)) => f(list),
            _ => f(&Listing::default()),
        })
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&Listing) -> R) -> R {
        self.0.customers.with_untracked(|c| match c {
            Some(Ok(list)) => f(list),
            _ => f(&Listing::default()),
        })
    }
}

/// One search's result; the next keystroke narrows it instead of scanning everything again.
#[derive(Clone, PartialEq)]
pub(super) struct Rows {
    /// The list the rows index into: a result is only narrowed for the same list.
    pub list: ListVersion,
    pub query: String,
    pub filter: ResellerFilter,
    pub tags: TagFilter,
    pub rows: Arc<Vec<u32>>,
}

/// What the list's parts (toolbar, keys, export, table) share; `Copy`, so every handler
/// can hold it.
#[derive(Clone, Copy)]
pub(super) struct List {
    pub query: RwSignal<String>,
    pub filter: RwSignal<ResellerFilter>,
    pub tags: RwSignal<TagFilter>,
    pub sort: RwSignal<Option<Sort>>,
    /// Kept by ID, so it survives scrolling, searching and sorting.
    pub selected: RwSignal<HashSet<CustomerId>>,
    /// The "Columns" menu's choice, remembered in this browser.
    pub columns: RwSignal<Columns>,
    pub expanded: RwSignal<HashSet<CustomerId>>,
    pub scroll_top: RwSignal<f64>,
    pub viewport: RwSignal<f64>,
    /// Whether the screen is narrow enough for cards (the stylesheet's media query).
    pub cards: RwSignal<bool>,
    pub scroller: NodeRef<html::Div>,
    pub search_box: NodeRef<html::Input>,
    pub indexed: Indexed,
    pub resellers: Memo<Vec<Reseller>>,
    /// The rows shown, in the order shown.
    pub rows: Memo<Rows>,
    /// The selected customers that are in the list, in the list's order.
    pub selection: Memo<Vec<CustomerId>>,
    /// Where the opened rows are among `rows`.
    pub expanded_positions: Memo<Vec<usize>>,
    pub window: Memo<Window>,
}

impl List {
    /// The list of the book's customers, with the search and filter the address gives.
    pub fn new(state: AppState) -> Self {
        let (initial_q, initial_filter, initial_tags, initial_sort) = use_query_map()
            .with_untracked(|m| {
                (
                    m.get("q").unwrap_or_default(),
                    ResellerFilter::from_param(m.get("reseller").as_deref()),
                    TagFilter::from_param(m.get("tag").as_deref()),
                    Sort::from_param(m.get("sort").as_deref()),
                )
            });
        let query = RwSignal::new(initial_q);
        let filter = RwSignal::new(initial_filter);
        let tags = RwSignal::new(initial_tags);
        let sort = RwSignal::new(initial_sort);
        let selected = RwSignal::new(HashSet::<CustomerId>::new());
        let columns = RwSignal::new(
            crate::browser::local_get(crate::keys::LIST_COLUMNS)
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default(),
        );
        let expanded = RwSignal::new(HashSet::<CustomerId>::new());
        let scroll_top = RwSignal::new(0.0);
        let viewport = RwSignal::new(600.0);
        let cards = RwSignal::new(shows_cards());

        let indexed = Indexed(state);
        let resellers = Memo::new(move |_| state.current_settings().resellers);

        // In the list's own order (company name), narrowed keystroke by keystroke.
        let found = Memo::new(move |previous: Option<&Rows>| {
            let q = normalize_query(&query.get());
            let f = filter.get();
            let t = tags.get();
            indexed.with(|ix| {
                let list = list_version(ix);
                let narrowed = previous.filter(|p| {
                    p.list == list
                        && p.filter == f
                        && p.tags == t
                        && !p.query.is_empty()
                        && q.contains(&p.query)
                });
                let rows = match narrowed {
                    Some(p) => ix.index().search_within(&q, &p.rows),
                    None => visible_rows(ix, ix.search(&q), &f, &t),
                };
                Rows {
                    list,
                    query: q,
                    filter: f,
                    tags: t,
                    rows: Arc::new(rows),
                }
            })
        });

        // Each column's keys are computed once per version of the list (and language), not
        // per search or per comparison.
        let keys = Memo::new(move |_| {
            let column = sort.get()?.column;
            let lang = lang();
            let keys = indexed.with(|ix| resellers.with(|r| sort_keys(ix, column, lang, r)));
            Some(Arc::new(keys))
        });

        let rows = Memo::new(move |_| {
            let found = found.get();
            match (sort.get(), keys.get()) {
                (Some(s), Some(keys)) => {
                    let mut rows = found.rows.to_vec();
                    sort_rows(&mut rows, &keys, s.direction);
                    Rows {
                        rows: Arc::new(rows),
                        ..found
                    }
                }
                _ => found,
            }
        });

        let selection = Memo::new(move |_| {
            selected.with(|chosen| {
                if chosen.is_empty() {
                    return Vec::new();
                }
                indexed.with(|ix| {
                    ix.iter()
                        .filter(|c| chosen.contains(&c.id))
                        .map(|c| c.id.clone())
                        .collect()
                })
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
                        .filter(|(_, &i)| open.contains(&ix[i as usize].id))
                        .map(|(pos, _)| pos)
                        .collect::<Vec<_>>()
                })
            })
        });

        let window = Memo::new(move |_| {
            let total = rows.with(|r| r.rows.len());
            let layout = Layout::for_cards(cards.get());
            expanded_positions
                .with(|open| layout.window(total, open, scroll_top.get(), viewport.get()))
        });

        Self {
            query,
            filter,
            tags,
            sort,
            selected,
            columns,
            expanded,
            scroll_top,
            viewport,
            cards,
            scroller: NodeRef::new(),
            search_box: NodeRef::new(),
            indexed,
            resellers,
            rows,
            selection,
            expanded_positions,
            window,
        }
    }

    /// The rows in the window, as they are rendered.
    pub fn visible(&self) -> Vec<RowView> {
        let w = self.window.get();
        let r = self.rows.get();
        let open = self.expanded.get();
        let columns = self.columns.get();
        self.indexed.with(|ix| {
            let active = ix.active();
            r.rows[w.start..w.end]
                .iter()
                .map(|&i| {
                    let c = ix[i as usize].clone();
                    RowView {
                        list: r.list,
                        is_open: open.contains(&c.id),
                        columns: columns.clone(),
                        active: active.map(|a| a.of(&c.id)),
                        customer: c,
                    }
                })
                .collect::<Vec<_>>()
        })
    }

    /// The layout the stylesheet shows now (cards on a narrow screen).
    pub fn layout(&self) -> Layout {
        Layout::for_cards(self.cards.get_untracked())
    }

    /// Selects or unselects one row; with Shift, every row from the last one clicked to it
    /// (as shown now), all set as this one is.
    pub fn toggle_selected(
        &self,
        id: &CustomerId,
        shift: bool,
        anchor: &StoredValue<Option<CustomerId>, LocalStorage>,
    ) {
        let on = !self.selected.with_untracked(|s| s.contains(id));
        let range: Vec<CustomerId> = match anchor.get_value() {
            Some(from) if shift => {
                let r = self.rows.get_untracked();
                self.indexed.with_untracked(|ix| {
                    let at =
                        |id: &CustomerId| r.rows.iter().position(|&i| &ix[i as usize].id == id);
                    match (at(&from), at(id)) {
                        (Some(a), Some(b)) => r.rows[a.min(b)..=a.max(b)]
                            .iter()
                            .map(|&i| ix[i as usize].id.clone())
                            .collect(),
                        _ => vec![id.clone()],
                    }
                })
            }
            _ => vec![id.clone()],
        };
        self.selected.update(|s| {
            for id in range {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
        anchor.set_value(Some(id.clone()));
    }

    /// Whether every row shown is selected (and there is one).
    pub fn all_shown_selected(&self) -> bool {
        let r = self.rows.get();
        !r.rows.is_empty()
            && self.selected.with(|s| {
                self.indexed
                    .with(|ix| r.rows.iter().all(|&i| s.contains(&ix[i as usize].id)))
            })
    }

    /// "Select all shown": every row the search and filters leave, in view or not; or, when
    /// they all are, none of them.
    pub fn toggle_all_shown(&self) {
        let all = self.all_shown_selected_untracked();
        let r = self.rows.get_untracked();
        self.indexed.with_untracked(|ix| {
            self.selected.update(|s| {
                for &i in r.rows.iter() {
                    let id = &ix[i as usize].id;
                    if all {
                        s.remove(id);
                    } else {
                        s.insert(id.clone());
                    }
                }
            })
        });
    }

    fn all_shown_selected_untracked(&self) -> bool {
        untrack(|| self.all_shown_selected())
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
        let (scroller, viewport, cards) = (self.scroller, self.viewport, self.cards);
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
                // Crossing the breakpoint resizes the scroller too, so this sees it.
                cards.set(shows_cards());
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

/// Whether the stylesheet shows the list as cards now: the same media query, asked of the
/// browser, so the layout's heights and the stylesheet's never disagree.
fn shows_cards() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(CARDS_MEDIA).ok().flatten())
        .is_some_and(|m| m.matches())
}
