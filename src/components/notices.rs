//! The banner area: storage errors and other messages, until the user dismisses them.

use leptos::prelude::*;

use crate::i18n::t;
use crate::state::{use_app_state, NoticeKind};

#[component]
pub fn Notices() -> impl IntoView {
    let state = use_app_state();
    let of_kind = move |kind: NoticeKind| {
        move || {
            state
                .notices
                .get()
                .into_iter()
                .filter(|n| n.kind == kind)
                .map(|n| {
                    let id = n.id;
                    view! {
                        <div class="notice">
                            <p>{n.text}</p>
                            <button type="button" on:click=move |_| state.dismiss(id)>{t("app.notice.dismiss")}</button>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    // Two live regions that are always in the DOM, so additions are announced.
    view! {
        <div class="notices">
            <div class="notices-error" role="alert">{of_kind(NoticeKind::Error)}</div>
            <div class="notices-info" role="status">{of_kind(NoticeKind::Info)}</div>
        </div>
    }
}
