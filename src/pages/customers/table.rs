//! The list as shown: the search and filter toolbar, the count, and the virtualised table.

use clientele_domain::list::{filter_options, showing_label, ResellerFilter};
use clientele_domain::model::CustomerId;
use leptos::prelude::*;
use leptos_router::components::A;

use super::export::export_rows;
use super::keys::{list_keys, RowFocus};
use super::list::List;
use super::rows::{CustomerRow, RowView};
use super::url::sync_url;
use crate::browser::app_href;
use crate::i18n::{lang, t};
use crate::state::use_app_state;

#[component]
pub(super) fn CustomerList() -> impl IntoView {
    let state = use_app_state();
    let list = List::new(state);
    let List {
        query,
        filter,
        scroll_top,
        scroller,
        search_box,
        indexed,
        resellers,
        rows,
        window,
        expanded,
        ..
    } = list;
    sync_url(query, filter);
    let highlighted = Signal::from(Memo::new(move |_| rows.with(|r| r.query.clone())));
    list.follow_viewport();
    let focus = RowFocus::new();
    list_keys(list, focus);
    // Arriving with `/` from another page: the search box was asked for.
    request_animation_frame(move || state.restore_focus());
    let export_status = RwSignal::new(String::new());

    let toggle = move |id: CustomerId| {
        // The row is rebuilt open or closed; its down arrow keeps the focus.
        let button = format!("expand-{id}");
        expanded.update(|open| {
            if !open.remove(&id) {
                open.insert(id);
            }
        });
        focus.focus(button);
    };

    let total = move || indexed.with(|ix| ix.len());
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
                        list.scroll_to_top();
                    }
                />
            </div>
            <div class="field inline">
                <label for="reseller-filter">{t("customers.filter.label")}</label>
                <select
                    id="reseller-filter"
                    on:change=move |ev| {
                        filter.set(ResellerFilter::from_param(Some(&event_target_value(&ev))));
                        list.scroll_to_top();
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
            <button type="button" on:click=move |_| export_rows(state, list, export_status) disabled=move || shown() == 0>{t("customers.export")}</button>
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
                        list.focus_search();
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
                    <For each=move || list.visible() key=RowView::key let:row>
                        <CustomerRow row=row query=highlighted resellers=resellers toggle=toggle />
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().pad_bottom)></tr>
                </tbody>
            </table>
        </div>
    }
}
