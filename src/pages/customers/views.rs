//! Saved views: "Save view" names the list's search, filters and sort; "Views" opens one
//! (its address is the list's, so it can be shared); "Delete view" forgets it. Kept in
//! this browser.

use clientele_domain::views::{delete, save};
use leptos::prelude::*;

use super::list::List;
use super::url::ListView;
use crate::browser::focus_soon;
use crate::i18n::{msg, t, tf};
use crate::saved_views::{keep, stored};
use crate::state::{use_app_state, NoticeKind};

#[component]
pub(super) fn SavedViews(list: List) -> impl IntoView {
    let state = use_app_state();
    let views = RwSignal::new(stored());
    // The view opened last, while the list still shows it.
    let current = RwSignal::new(String::new());
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(v) = views.with_untracked(|vs| vs.iter().find(|v| v.name == chosen).cloned()) {
            ListView::from_params(&v.params).show(&list);
        }
        current.set(chosen);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let params = ListView::of(&list).params();
        match save(&views.get_untracked(), &name.get_untracked(), &params) {
            Err(why) => {
                error.set(Some(msg(&why)));
                focus_soon("view-name");
            }
            Ok(now) => match keep(&now) {
                Err(why) => error.set(Some(tf("customers.views.not_saved", &[("why", &why)]))),
                Ok(()) => {
                    let saved = name.get_untracked().trim().to_string();
                    state.notify(
                        NoticeKind::Info,
                        tf("customers.views.saved", &[("name", &saved)]),
                    );
                    views.set(now);
                    current.set(saved);
                    naming.set(false);
                    name.set(String::new());
                    error.set(None);
                    focus_soon("saved-views");
                }
            },
        }
    };
    let remove = move |_| {
        let gone = current.get_untracked();
        let now = delete(&views.get_untracked(), &gone);
        match keep(&now) {
            Ok(()) => {
                views.set(now);
                current.set(String::new());
                state.notify(
                    NoticeKind::Info,
                    tf("customers.views.deleted", &[("name", &gone)]),
                );
            }
            Err(why) => state.notify(
                NoticeKind::Error,
                tf("customers.views.not_saved", &[("why", &why)]),
            ),
        }
    };
    view! {
        <div class="field inline saved-views">
            <label for="saved-views">{t("customers.views.label")}</label>
            <select id="saved-views" on:change=open>
                <option value="" prop:selected=move || current.with(String::is_empty)>{t("customers.views.choose")}</option>
                {move || views.get().into_iter().map(|v| {
                    let (value, label) = (v.name.clone(), v.name.clone());
                    let is_current = move || current.with(|c| *c == v.name);
                    view! { <option value=value prop:selected=is_current>{label}</option> }
                }).collect_view()}
            </select>
            <button type="button" on:click=remove disabled=move || current.with(String::is_empty)>{t("customers.views.delete")}</button>
            <Show when=move || !naming.get()>
                <button type="button" on:click=move |_| { naming.set(true); focus_soon("view-name"); }>{t("customers.views.save")}</button>
            </Show>
            <Show when=move || naming.get()>
                <form class="inline-edit" on:submit=submit novalidate>
                    <label for="view-name">{t("customers.views.name")}</label>
                    <input id="view-name" type="text" autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="view-name-error" />
                    <button type="submit">{t("customers.views.save")}</button>
                    <button type="button" on:click=move |_| { naming.set(false); error.set(None); }>{t("customers.views.cancel")}</button>
                    <p class="error" id="view-name-error">{move || error.get()}</p>
                </form>
            </Show>
        </div>
    }
}
