//! What the table's header row does, for the card layout of a phone, which has no header
//! row: "Sort by" with its "Order", and "Select all shown". Only rendered while the list
//! shows cards, so there is never a second, hidden copy to tab to.

use clientele_domain::sort::{Direction, Sort, SortColumn};
use leptos::prelude::*;

use super::list::List;
use crate::i18n::{lang, t};

#[component]
pub(super) fn CardControls(list: List) -> impl IntoView {
    let sort = list.sort;
    // No sort chosen is the list's own order: company name, ascending.
    let current = move || {
        sort.get().unwrap_or(Sort {
            column: SortColumn::CompanyName,
            direction: Direction::Ascending,
        })
    };
    let set_column = move |key: String| {
        let direction = current().direction;
        if let Some(column) = SortColumn::ALL.into_iter().find(|c| c.key() == key) {
            sort.set(Some(Sort { column, direction }));
        }
    };
    let set_direction = move |value: String| {
        let direction = if value == "descending" {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        sort.set(Some(Sort {
            column: current().column,
            direction,
        }));
    };
    view! {
        <Show when=move || list.cards.get()>
            <div class="card-controls">
                <label for="card-sort">{t("customers.sort.by")}</label>
                <select id="card-sort" on:change=move |ev| set_column(event_target_value(&ev))>
                    {move || {
                        let chosen = current().column;
                        list.columns.with(SortColumn::shown).into_iter().map(|c| view! {
                            <option value=c.key() prop:selected=c == chosen>{c.label(lang())}</option>
                        }).collect_view()
                    }}
                </select>
                // Its options say what it is; the label is for screen readers.
                <label for="card-order" class="visually-hidden">{t("customers.sort.order")}</label>
                <select id="card-order" on:change=move |ev| set_direction(event_target_value(&ev))>
                    <option value="ascending" prop:selected=move || current().direction == Direction::Ascending>{t("customers.sort.ascending")}</option>
                    <option value="descending" prop:selected=move || current().direction == Direction::Descending>{t("customers.sort.descending")}</option>
                </select>
                <label class="check">
                    <SelectAllShown list=list id="select-all-cards" />
                    " " <span aria-hidden="true">{t("customers.select.all")}</span>
                </label>
            </div>
        </Show>
    }
}

/// "Select all shown": the table's header checkbox, and the cards' own.
#[component]
pub(super) fn SelectAllShown(list: List, id: &'static str) -> impl IntoView {
    let none_shown = move || list.rows.with(|r| r.rows.is_empty());
    view! {
        <input type="checkbox" id=id aria-label=t("customers.select.all")
            prop:checked=move || list.all_shown_selected()
            prop:indeterminate=move || !list.all_shown_selected() && list.selection.with(|s| !s.is_empty())
            disabled=none_shown
            on:click=move |_| list.toggle_all_shown() />
    }
}
