//! The list's keys: `/` focuses the search; `j` / `k` move focus to the next or previous
//! row's down arrow, scrolling the (virtual) table so that row is rendered first; `x`
//! selects or unselects the focused row.

use clientele_domain::model::CustomerId;
use leptos::prelude::*;

use super::list::List;
use crate::browser;
use crate::shortcuts::{on_window_keydown, shortcut_key};

/// Moves focus to a row's down arrow (or another element of a row) once it is rendered.
#[derive(Clone, Copy)]
pub(super) struct RowFocus {
    /// A row's down arrow is rendered in the next frame after a move or a toggle; until then
    /// this says where focus is going, so keys faster than frames keep their place.
    pending: StoredValue<Option<String>, LocalStorage>,
}

impl RowFocus {
    pub fn new() -> Self {
        Self {
            pending: StoredValue::new_local(None),
        }
    }

    pub fn focus(&self, id: String) {
        let pending = self.pending;
        pending.set_value(Some(id.clone()));
        request_animation_frame(move || {
            browser::focus_by_id(&id);
            // A later key may already have asked for another row: that request stands.
            pending.update_value(|p| {
                if p.as_deref() == Some(id.as_str()) {
                    *p = None;
                }
            });
        });
    }

    /// The element focused, or about to be (keys faster than frames).
    fn current(&self) -> String {
        self.pending.get_value().unwrap_or_else(|| {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .map(|el| el.id())
                .unwrap_or_default()
        })
    }
}

/// Listens for the list's keys while the list is shown; `select` toggles a row's checkbox.
pub(super) fn list_keys(list: List, focus: RowFocus, select: impl Fn(CustomerId, bool) + 'static) {
    let move_focus = move |step: isize| {
        let r = list.rows.get_untracked();
        if r.rows.is_empty() {
            return;
        }
        let focused = focus.current();
        let current = row_of(&focused).and_then(|id| {
            list.indexed.with_untracked(|ix| {
                r.rows
                    .iter()
                    .position(|&i| ix[i as usize].id.as_str() == id)
            })
        });
        let last = r.rows.len() as isize - 1;
        let next = match current {
            Some(at) => (at as isize + step).clamp(0, last) as usize,
            None if step > 0 => 0,
            None => last as usize,
        };
        let open = list.expanded_positions.get_untracked();
        let layout = list.layout();
        let top = layout.offset(next, &open);
        let (scrolled, height) = (
            list.scroll_top.get_untracked(),
            list.viewport.get_untracked(),
        );
        // The sticky header covers the top of the scroller.
        let bottom = top + layout.row_height + layout.header_height;
        let target = if top < scrolled {
            Some(top)
        } else if bottom > scrolled + height {
            Some(bottom - height)
        } else {
            None
        };
        if let (Some(t), Some(el)) = (target, list.scroller.get_untracked()) {
            el.set_scroll_top(t.max(0.0) as i32);
            list.scroll_top.set(t.max(0.0));
        }
        let id = list
            .indexed
            .with_untracked(|ix| ix[r.rows[next] as usize].id.clone());
        focus.focus(format!("expand-{id}"));
    };
    on_window_keydown(move |ev| {
        let Some(key) = shortcut_key(&ev) else {
            return;
        };
        match key.as_str() {
            "/" => {
                ev.prevent_default();
                list.focus_search();
            }
            "j" => {
                ev.prevent_default();
                move_focus(1);
            }
            "k" => {
                ev.prevent_default();
                move_focus(-1);
            }
            "x" => {
                let focused = focus.current();
                if let Some(id) = row_of(&focused).and_then(|id| CustomerId::parse(id).ok()) {
                    ev.prevent_default();
                    select(id, false);
                }
            }
            _ => {}
        }
    });
}

/// The customer ID of a row's element ID: its down arrow or its checkbox.
fn row_of(element_id: &str) -> Option<&str> {
    element_id
        .strip_prefix("expand-")
        .or_else(|| element_id.strip_prefix("select-"))
        .filter(|id| *id != "all")
}
