//! The bulk bar: what can be done to the selected customers at once. Each action is one
//! `Change` for the whole selection, all or nothing.

use clientele_domain::book::{removal_blockers, Change};
use clientele_domain::model::CustomerId;
use clientele_domain::roles::Permission;
use clientele_domain::tags::{check_tag, tags_in_use, TagEdit};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

use super::export::{export_rows, Scope};
use super::list::List;
use crate::browser::focus_soon;
use crate::components::allowed::NotAllowed;
use crate::hooks::spawn_busy;
use crate::i18n::{msg, num, t, tf, tn};
use crate::lazy_pages::{chunk_entry, LazyPart};
use crate::state::{use_app_state, AppState, NoticeKind};
use crate::store::{StoreError, BULK_BATCH};

#[component]
pub(super) fn BulkBar(list: List, export_status: RwSignal<String>) -> impl IntoView {
    let state = use_app_state();
    let count = move || list.selection.with(Vec::len);
    view! {
        <Show when=move || { count() > 0 }>
            <section class="bulk-bar" aria-label=t("customers.bulk.label")>
                <button type="button" on:click=move |_| export_rows(state, list, export_status, Scope::Selected)>
                    {t("customers.bulk.export")}
                </button>
                <LazyPart part=Rc::new(move || Box::pin(bulk_actions(list))) />
                <button type="button" on:click=move |_| list.selected.set(Default::default())>
                    {t("customers.select.clear")}
                </button>
            </section>
        </Show>
    }
}

// Tagging and removal: the bulk bar's code that is a wasm chunk of its own (issue 17),
// fetched when a first customer is selected.
chunk_entry!(
    list_bulk,
    fn bulk_actions(list: List) -> AnyView {
        bulk_actions_view(list)
    }
);

fn bulk_actions_view(list: List) -> AnyView {
    let state = use_app_state();
    view! {
        {if state.can(Permission::EditCustomers) {
            view! { <BulkTag list=list /> }.into_any()
        } else {
            view! { <NotAllowed permission=Permission::EditCustomers label=t("customers.bulk.add_tag") id="bulk-tag-denied" /> }.into_any()
        }}
        {if state.can(Permission::RemoveRelationships) {
            view! { <BulkRemove list=list /> }.into_any()
        } else {
            view! { <NotAllowed permission=Permission::RemoveRelationships label=t("customers.bulk.remove") id="bulk-remove-denied" /> }.into_any()
        }}
    }
    .into_any()
}

/// "Tag" with "Add tag" and "Remove tag": the tag is checked as it is on the account page,
/// and the message shows beside the field.
#[component]
fn BulkTag(list: List) -> impl IntoView {
    let state = use_app_state();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let suggestions = Memo::new(move |_| list.indexed.with(|ix| tags_in_use(ix.iter())));
    let run = move |add: bool| {
        let tag = match check_tag(&text.get_untracked()) {
            Ok(tag) => tag,
            Err(e) => {
                error.set(Some(msg(&e.message())));
                focus_soon("bulk-tag");
                return;
            }
        };
        error.set(None);
        let ids = list.selection.get_untracked();
        let n = ids.len() as u64;
        let edit = if add {
            TagEdit::Add(tag.clone())
        } else {
            TagEdit::Remove(tag.clone())
        };
        spawn_busy(
            busy,
            async move { state.apply(Change::EditTags { ids, edit }).await },
            move |result| match result {
                Ok(()) => {
                    let key = if add {
                        "customers.bulk.tagged"
                    } else {
                        "customers.bulk.untagged"
                    };
                    state.notify(NoticeKind::Info, tn(key, n, &[("tag", &tag)]));
                    text.set(String::new());
                }
                Err(e) => {
                    error.set(Some(failure(state, n as usize, &e)));
                    focus_soon("bulk-tag");
                }
            },
        );
    };
    view! {
        <div class="field inline" class:invalid=move || error.with(Option::is_some)>
            <label for="bulk-tag">{t("customers.bulk.tag")}</label>
            <input
                id="bulk-tag"
                type="text"
                list="bulk-tag-suggestions"
                autocomplete="off"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby="bulk-tag-error"
            />
            <datalist id="bulk-tag-suggestions">
                {move || suggestions.get().into_iter().map(|t| view! { <option value=t></option> }).collect_view()}
            </datalist>
            <button type="button" disabled=move || busy.get() on:click=move |_| run(true)>{t("customers.bulk.add_tag")}</button>
            <button type="button" disabled=move || busy.get() on:click=move |_| run(false)>{t("customers.bulk.remove_tag")}</button>
            <p class="error" id="bulk-tag-error" role="alert">{move || error.get()}</p>
            <BulkProgress running=busy />
        </div>
    }
}

/// How far a bulk action on a server has got, batch by batch, while `running`.
#[component]
fn BulkProgress(running: RwSignal<bool>) -> impl IntoView {
    let state = use_app_state();
    let batches = state.store().server().map(|s| s.signals().batches);
    let now = move || batches.and_then(|b| b.get()).filter(|_| running.get());
    view! {
        {move || now().map(|(done, total)| {
            let text = tf("customers.bulk.progress", &[("done", &num(done as i64)), ("total", &num(total as i64))]);
            view! {
                <div class="bulk-progress" role="status">
                    <progress max=total.to_string() value=done.to_string() aria-label=t("customers.bulk.progress_label")></progress>
                    " " <span>{text}</span>
                </div>
            }
        })}
    }
}

/// What a failed bulk action says: on a server, a selection of several batches may have
/// been partly applied, and sending it again finishes it.
fn failure(state: AppState, selected: usize, why: &StoreError) -> String {
    let key = if state.store().is_shared() && selected > BULK_BATCH {
        "customers.bulk.failed_batches"
    } else {
        "customers.bulk.failed"
    };
    tf(key, &[("why", &why.to_string())])
}

/// A selected customer that can't be removed yet, and how many active subscriptions stop it.
#[derive(Clone)]
struct Blocked {
    name: String,
    active: usize,
}

/// "Remove relationships": the same pre-flight as removing one customer (active
/// subscriptions block it), then a confirmation for the others.
#[component]
fn BulkRemove(list: List) -> impl IntoView {
    let state = use_app_state();
    let dialog = NodeRef::<html::Dialog>::new();
    let blocked = RwSignal::new(Vec::<Blocked>::new());
    let removable = RwSignal::new(Vec::<CustomerId>::new());
    let acknowledged = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(String::new());
    let start = move |_| {
        let ids = list.selection.get_untracked();
        spawn_local(async move {
            match preflight(state, list, ids).await {
                Ok((free, stuck)) => {
                    removable.set(free);
                    blocked.set(stuck);
                    acknowledged.set(false);
                    failed.set(String::new());
                    if let Some(d) = dialog.get_untracked() {
                        let _ = d.show_modal();
                    }
                }
                Err(e) => state.notify(NoticeKind::Error, e),
            }
        });
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let remove = move |_| {
        let ids = removable.get_untracked();
        let n = ids.len() as u64;
        let gone = ids.clone();
        spawn_busy(
            busy,
            async move { state.apply(Change::RemoveRelationships { ids }).await },
            move |result| match result {
                Ok(()) => {
                    close();
                    list.selected.update(|s| {
                        for id in &gone {
                            s.remove(id);
                        }
                    });
                    state.notify(NoticeKind::Info, tn("customers.bulk.removed", n, &[]));
                }
                Err(e) => failed.set(failure(state, n as usize, &e)),
            },
        );
    };
    let n = move || removable.with(Vec::len) as u64;
    view! {
        <button type="button" class="danger" on:click=start>{t("customers.bulk.remove")}</button>
        <dialog node_ref=dialog aria-labelledby="bulk-remove-title" class="confirm">
            <h2 id="bulk-remove-title">{move || if n() == 0 {
                t("customers.bulk.nothing_to_remove").to_string()
            } else {
                tn("customers.bulk.remove_title", n(), &[])
            }}</h2>
            <Show when=move || blocked.with(|b| !b.is_empty())>
                <div class="blocked" role="alert">
                    <p><strong>{t("customers.bulk.blocked")}</strong></p>
                    <ul>
                        {move || blocked.get().into_iter().map(|b| view! {
                            <li>{tf("customers.bulk.blocker", &[("name", &b.name), ("n", &b.active.to_string())])}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            <Show when=move || { n() > 0 }>
                <p>{t("customers.bulk.remove_text")}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || acknowledged.get()
                        on:change=move |ev| acknowledged.set(event_target_checked(&ev)) />
                    " " {t("customers.bulk.acknowledge")}
                </label>
            </Show>
            <BulkProgress running=busy />
            <p class="error" role="alert">{move || failed.get()}</p>
            <div class="actions">
                <Show when=move || { n() > 0 }>
                    <button type="button" class="danger" on:click=remove disabled=move || !acknowledged.get() || busy.get()>{t("customers.bulk.confirm")}</button>
                </Show>
                <button type="button" on:click=move |_| close()>{t("customers.bulk.cancel")}</button>
            </div>
        </dialog>
    }
}

/// Which of `ids` can go, and which are held by active subscriptions (read from the store,
/// since the list holds no subscriptions).
async fn preflight(
    state: AppState,
    list: List,
    ids: Vec<CustomerId>,
) -> Result<(Vec<CustomerId>, Vec<Blocked>), String> {
    let store = state.store();
    let (mut free, mut stuck) = (Vec::new(), Vec::new());
    for id in ids {
        let subs = crate::store::CustomerStore::subscriptions(&store, &id)
            .await
            .map_err(|e| e.to_string())?;
        let active = removal_blockers(&subs).len();
        if active == 0 {
            free.push(id);
        } else {
            let name = list.indexed.with_untracked(|ix| {
                ix.position(&id)
                    .map(|at| ix[at].company_name.clone())
                    .unwrap_or_default()
            });
            stuck.push(Blocked { name, active });
        }
    }
    Ok((free, stuck))
}
