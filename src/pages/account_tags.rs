//! The account page's "Tags" section: the customer's tags, "Remove tag {tag}" for each, and
//! "New tag" with "Add tag", checked by the domain's tag rules beside the field.

use clientele_domain::book::Change;
use clientele_domain::model::Customer;
use clientele_domain::roles::Permission;
use clientele_domain::tags::{check_new_tag, tags_in_use, TagEdit};
use leptos::prelude::*;

use crate::browser::focus_by_id;
use crate::components::allowed::NotAllowed;
use crate::hooks::spawn_busy;
use crate::i18n::{msg, t, tf};
use crate::state::{use_app_state, AppState, NoticeKind};

#[component]
pub fn AccountTags(customer: Customer, editable: bool) -> impl IntoView {
    let state = use_app_state();
    let may_edit = editable && state.can(Permission::EditCustomers);
    let tags = customer.tags.clone();
    let list = tags
        .iter()
        .map(|tag| {
            let remove = may_edit.then(|| {
                let (tag, customer) = (tag.clone(), customer.clone());
                let label = tf("account.tags.remove", &[("tag", &tag)]);
                view! {
                    <button type="button" class="link" aria-label=label
                        on:click=move |_| edit(state, &customer, TagEdit::Remove(tag.clone()), None)>"×"</button>
                }
            });
            view! { <li class="tag">{tag.clone()} {remove}</li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="tags-heading">
            <h2 id="tags-heading">{t("account.tags.heading")}</h2>
            {if tags.is_empty() {
                view! { <p class="hint">{t("account.tags.none")}</p> }.into_any()
            } else {
                view! { <ul class="chosen-tags">{list}</ul> }.into_any()
            }}
            {if may_edit {
                view! { <NewTag customer=customer /> }.into_any()
            } else if editable {
                view! { <NotAllowed permission=Permission::EditCustomers label=t("account.tags.add") id="tag-denied" /> }.into_any()
            } else {
                ().into_any()
            }}
        </section>
    }
}

#[component]
fn NewTag(customer: Customer) -> impl IntoView {
    let state = use_app_state();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let suggestions = Memo::new(move |_| {
        state.customers.with(|c| match c {
            Some(Ok(list)) => tags_in_use(list.iter()),
            _ => Vec::new(),
        })
    });
    let tags = customer.tags.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_new_tag(&text.get_untracked(), &tags) {
            Ok(tag) => {
                error.set(None);
                edit(state, &customer, TagEdit::Add(tag), Some((busy, error)));
            }
            Err(e) => {
                error.set(Some(msg(&e.message())));
                focus_by_id("new-tag");
            }
        }
    };
    view! {
        <form class="inline-edit" on:submit=submit novalidate>
            <div class="field" class:invalid=move || error.with(Option::is_some)>
                <label for="new-tag">{t("account.tags.new")}</label>
                <input id="new-tag" type="text" list="tag-suggestions" autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby="new-tag-error" />
                <datalist id="tag-suggestions">
                    {move || suggestions.get().into_iter().map(|t| view! { <option value=t></option> }).collect_view()}
                </datalist>
                <p class="error" id="new-tag-error">{move || error.get()}</p>
            </div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{t("account.tags.add")}</button>
            </div>
        </form>
    }
}

/// Writes one tag edit; a failure shows beside the field (or as a notice for a removal).
fn edit(
    state: AppState,
    customer: &Customer,
    edit: TagEdit,
    field: Option<(RwSignal<bool>, RwSignal<Option<String>>)>,
) {
    let tag = edit.tag().to_string();
    let added = matches!(edit, TagEdit::Add(_));
    let change = Change::EditTags {
        ids: vec![customer.id.clone()],
        edit,
    };
    let busy = field.map_or_else(|| RwSignal::new(false), |(b, _)| b);
    spawn_busy(
        busy,
        async move { state.apply(change).await },
        move |result| match result {
            Ok(()) => {
                let key = if added {
                    "account.tags.added"
                } else {
                    "account.tags.removed"
                };
                state.focus_after_load("new-tag");
                state.notify(NoticeKind::Info, tf(key, &[("tag", &tag)]));
            }
            Err(e) => {
                let why = tf("account.tags.not_saved", &[("why", &e.to_string())]);
                match field {
                    Some((_, error)) => {
                        error.set(Some(why));
                        focus_by_id("new-tag");
                    }
                    None => state.notify(NoticeKind::Error, why),
                }
            }
        },
    );
}
