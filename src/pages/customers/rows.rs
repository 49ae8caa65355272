//! One customer's row in the list, and the details it opens to.

use clientele_domain::columns::{Columns, ListColumn};
use clientele_domain::export::relationship_label;
use clientele_domain::listing::Listing;
use clientele_domain::model::{reseller_name, Customer, CustomerId, Reseller};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashSet;

use crate::browser::{self, app_href};
use crate::components::highlight::Highlighted;
use crate::i18n::{date, lang, t, tf};

/// Which list, and which version of it, a search ran on: a result is only narrowed further
/// for the same one.
pub(super) type ListVersion = (usize, u64);

pub(super) fn list_version(list: &Listing) -> ListVersion {
    (list as *const Listing as usize, list.generation())
}

#[derive(Clone)]
pub(super) struct RowView {
    /// The loaded list the row comes from, and its version: a change may move any row.
    pub list: ListVersion,
    pub is_open: bool,
    /// The columns shown: a row is rebuilt when they change.
    pub columns: Columns,
    pub customer: Customer,
    /// Its active subscriptions; `None` until they are counted. (A new count is a new
    /// version of the list, so the row is rebuilt.)
    pub active: Option<u32>,
}

impl RowView {
    /// What the row's markup depends on, but for the search, whose highlight updates in
    /// place: a row still in view after a keystroke is kept, not rebuilt.
    pub fn key(&self) -> (ListVersion, CustomerId, bool, Columns) {
        (
            self.list,
            self.customer.id.clone(),
            self.is_open,
            self.columns.clone(),
        )
    }
}

#[component]
pub(super) fn CustomerRow(
    row: RowView,
    query: Signal<String>,
    resellers: Memo<Vec<Reseller>>,
    toggle: impl Fn(CustomerId) + Copy + 'static,
    selected: RwSignal<HashSet<CustomerId>>,
    /// A click on the row's checkbox, and whether Shift was held.
    select: impl Fn(CustomerId, bool) + Copy + 'static,
) -> impl IntoView {
    let RowView {
        is_open,
        customer: c,
        columns,
        active,
        ..
    } = row;
    let shows = |column| columns.shows(column);
    let detail_id = format!("detail-{}", c.id);
    let reseller =
        resellers.with_untracked(|r| reseller_name(r, c.reseller_id.as_ref()).to_string());
    let id = c.id.clone();
    let (checked_id, select_id) = (c.id.clone(), c.id.clone());
    let is_selected = Memo::new(move |_| selected.with(|s| s.contains(&checked_id)));
    let tags = clientele_domain::tags::joined(&c.tags);
    let tags_title = tags.clone();
    let main = view! {
        <tr class="row" class:open=is_open class:selected=is_selected>
            // The checkbox shares the first cell with the down arrow, so the data columns keep
            // their places.
            <td class="select c-expand">
                <input
                    type="checkbox"
                    id=format!("select-{}", c.id)
                    aria-label=tf("customers.select.row", &[("name", &c.company_name)])
                    prop:checked=is_selected
                    on:click=move |ev| select(select_id.clone(), ev.shift_key())
                />
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
            // The classes place the cells on a phone's card (style/main.css); the labels
            // name the cells a card shows without their column header.
            {shows(ListColumn::CustomerId).then(|| view! { <td class="mono c-id"><Highlighted text=c.id.to_string() query=query /></td> })}
            <td class="c-name" title=c.company_name.clone()><Highlighted text=c.company_name.clone() query=query /></td>
            <td class="c-domain"><Highlighted text=c.primary_domain.clone() query=query /></td>
            {shows(ListColumn::Relationship).then(|| view! { <td class="c-rel" data-label=t("customers.column.relationship")>{relationship_label(lang(), c.relationship)}</td> })}
            {shows(ListColumn::Reseller).then(|| view! { <td class="c-reseller" data-label=t("customers.column.reseller")>{reseller}</td> })}
            {shows(ListColumn::Tags).then(|| view! { <td class="tags c-tags" data-label=t("customers.column.tags") title=tags_title><Highlighted text=tags query=query /></td> })}
            {shows(ListColumn::Created).then(|| view! { <td class="c-created" data-label=t("customers.column.created")>{date(c.created_at.get(..10).unwrap_or(&c.created_at))}</td> })}
            {shows(ListColumn::Subscriptions).then(|| view! { <td class="c-subs" data-label=t("customers.column.subscriptions")>{active.map(|n| n.to_string())}</td> })}
        </tr>
    };
    let cells = columns.cells();
    let detail =
        is_open.then(|| view! { <CustomerDetail customer=c detail_id=detail_id cells=cells /> });
    (main, detail)
}

#[component]
fn CustomerDetail(customer: Customer, detail_id: String, cells: usize) -> impl IntoView {
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
    let base = app_href(&format!("/customers/{}", customer.id));
    view! {
        <tr class="detail" id=detail_id>
            <td colspan=cells.to_string()>
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
