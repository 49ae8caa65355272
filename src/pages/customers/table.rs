//! The list as shown: the search and filter toolbar, the count, the bulk bar and the
//! virtualised table with its sortable headers.

use clientele_domain::columns::ListColumn;
use clientele_domain::list::{filter_options, showing_label, ResellerFilter};
use clientele_domain::model::CustomerId;
use clientele_domain::sort::{Sort, SortColumn};
use clientele_domain::tags::{tags_in_use, TagFilter};
use leptos::prelude::*;
use leptos_router::components::A;

use super::bulk::BulkBar;
use super::cards::{CardControls, SelectAllShown};
use super::export::{export_rows, Scope};
use super::keys::{list_keys, RowFocus};
use super::list::List;
use super::rows::{CustomerRow, RowView};
use super::url::sync_url;
use super::views::SavedViews;
use crate::browser::app_href;
use crate::i18n::{lang, t, tf, tn};
use crate::state::use_app_state;

#[component]
pub(super) fn CustomerList() -> impl IntoView {
    let state = use_app_state();
    let list = List::new(state);
    let List {
        query,
        filter,
        tags,
        sort,
        selected,
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
    sync_url(query, filter, tags, sort);
    let highlighted = Signal::from(Memo::new(move |_| rows.with(|r| r.query.clone())));
    list.follow_viewport();
    let focus = RowFocus::new();
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
    let anchor = StoredValue::new_local(None::<CustomerId>);
    let select = move |id: CustomerId, shift: bool| list.toggle_selected(&id, shift, &anchor);
    list_keys(list, focus, select);
    let count = move || {
        let showing = showing_label(lang(), shown(), total());
        match list.selection.with(Vec::len) {
            0 => showing,
            k => format!(
                "{showing} · {}",
                tn("customers.select.count", k as u64, &[])
            ),
        }
    };
    let shows = move |column| list.columns.with(|c| c.shows(column));
    let header = move |column: SortColumn, label: &'static str| {
        view! {
            <th scope="col" aria-sort=move || Sort::aria(sort.get(), column)>
                <button type="button" class="sort"
                    on:click=move |_| sort.update(|s| *s = Some(Sort::clicked(*s, column)))>
                    {label}
                    <span aria-hidden="true" class="sort-mark">{move || match Sort::aria(sort.get(), column) {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "",
                    }}</span>
                </button>
            </th>
        }
    };

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
            <button type="button" on:click=move |_| export_rows(state, list, export_status, Scope::Shown) disabled=move || shown() == 0>{t("customers.export")}</button>
            <A href=app_href("/customers/removed")>{t("customers.removed_link")}</A>
            <TagFilterField list=list />
            <SavedViews list=list />
            <ColumnsMenu list=list />
        </div>
        <CardControls list=list />
        <p class="count" role="status">{count}</p>
        <BulkBar list=list export_status=export_status />
        <p class="visually-hidden" role="status">{move || export_status.get()}</p>
        <Show when=move || { shown() == 0 }>
            <div class="no-results">
                <p>{t("customers.no_match")}</p>
                <button
                    type="button"
                    on:click=move |_| {
                        query.set(String::new());
                        filter.set(ResellerFilter::All);
                        tags.set(TagFilter::default());
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
                    {move || shows(ListColumn::CustomerId).then(|| view! { <col class="c-id" /> })}
                    <col class="c-name" />
                    <col class="c-domain" />
                    {move || shows(ListColumn::Relationship).then(|| view! { <col class="c-rel" /> })}
                    {move || shows(ListColumn::Reseller).then(|| view! { <col class="c-reseller" /> })}
                    {move || shows(ListColumn::Tags).then(|| view! { <col class="c-tags" /> })}
                    {move || shows(ListColumn::Created).then(|| view! { <col class="c-created" /> })}
                    {move || shows(ListColumn::Subscriptions).then(|| view! { <col class="c-subs" /> })}
                </colgroup>
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <SelectAllShown list=list id="select-all" />
                            <span class="visually-hidden">{t("customers.column.details")}</span>
                        </th>
                        {move || shows(ListColumn::CustomerId).then(|| view! { <th scope="col">{t("customers.column.id")}</th> })}
                        {header(SortColumn::CompanyName, t("customers.column.company_name"))}
                        {header(SortColumn::Domain, t("customers.column.domain"))}
                        {move || shows(ListColumn::Relationship).then(|| header(SortColumn::Relationship, t("customers.column.relationship")))}
                        {move || shows(ListColumn::Reseller).then(|| header(SortColumn::Reseller, t("customers.column.reseller")))}
                        {move || shows(ListColumn::Tags).then(|| header(SortColumn::Tags, t("customers.column.tags")))}
                        {move || shows(ListColumn::Created).then(|| header(SortColumn::Created, t("customers.column.created")))}
                        {move || shows(ListColumn::Subscriptions).then(|| header(SortColumn::Subscriptions, t("customers.column.subscriptions")))}
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().pad_top)></tr>
                    <For each=move || list.visible() key=RowView::key let:row>
                        <CustomerRow row=row query=highlighted resellers=resellers toggle=toggle selected=selected select=select />
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().pad_bottom)></tr>
                </tbody>
            </table>
        </div>
    }
}

/// "Filter by tag": a tag used in the book, chosen from a select, narrows the list to the
/// customers having it; each tag chosen shows with a button to take it off again.
#[component]
fn TagFilterField(list: List) -> impl IntoView {
    let tags = list.tags;
    let in_use = Memo::new(move |_| list.indexed.with(|ix| tags_in_use(ix.iter())));
    view! {
        <div class="field inline tag-filter">
            <label for="tag-filter">{t("customers.tag_filter.label")}</label>
            <select
                id="tag-filter"
                on:change=move |ev| {
                    let tag = event_target_value(&ev);
                    if !tag.is_empty() {
                        tags.update(|f| *f = f.with(&tag));
                        list.scroll_to_top();
                        // Back to "Choose a tag", ready for the next one.
                        event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
                    }
                }
            >
                <option value="" prop:selected=true>{t("customers.tag_filter.any")}</option>
                {move || {
                    let chosen = tags.get();
                    in_use.get()
                        .into_iter()
                        .filter(|t| !chosen.tags().iter().any(|c| clientele_domain::tags::same_tag(c, t)))
                        .map(|t| {
                            let value = t.clone();
                            view! { <option value=value>{t}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <ul class="chosen-tags">
                {move || tags.get().tags().iter().cloned().map(|tag| {
                    let label = tf("customers.tag_filter.remove", &[("tag", &tag)]);
                    view! {
                        <li class="tag">
                            {tag.clone()}
                            <button type="button" class="link" aria-label=label
                                on:click=move |_| tags.update(|f| *f = f.without(&tag))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// "Columns": shows or hides the optional columns; the choice is kept in this browser.
#[component]
fn ColumnsMenu(list: List) -> impl IntoView {
    let open = RwSignal::new(false);
    let toggle = move |column: ListColumn| {
        let now = list.columns.with_untracked(|c| c.toggled(column));
        let text = serde_json::to_string(&now).unwrap_or_default();
        if let Err(why) = crate::browser::local_set(crate::keys::LIST_COLUMNS, &text) {
            // Still shown as chosen; only remembering it failed.
            use_app_state().notify(crate::state::NoticeKind::Error, why);
        }
        list.columns.set(now);
    };
    view! {
        <div class="columns-menu">
            <button type="button" aria-expanded=move || open.get().to_string() aria-controls="columns-choice"
                on:click=move |_| open.update(|o| *o = !*o)>{t("customers.columns")}</button>
            <fieldset id="columns-choice" class="menu" hidden=move || !open.get()>
                <legend class="visually-hidden">{t("customers.columns")}</legend>
                {ListColumn::ALL.into_iter().map(|column| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || list.columns.with(|c| c.shows(column))
                            on:change=move |_| toggle(column) />
                        " " {column.label(lang())}
                    </label>
                }).collect_view()}
            </fieldset>
        </div>
    }
}
