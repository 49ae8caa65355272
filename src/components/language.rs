//! The header's "Language" select.

use clientele_domain::i18n::Language;
use leptos::prelude::*;

use crate::browser::{focus_by_id, local_error_text};
use crate::i18n::{lang, load, set_lang, t, tf, LangSignal};
use crate::state::{use_app_state, NoticeKind};
use leptos::task::spawn_local;

/// The header's "Language" select. After a switch the app is rendered again, and focus
/// comes back here so a keyboard user is not thrown to the top.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let LangSignal(signal) = expect_context::<LangSignal>();
    let state = use_app_state();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(next) = Language::from_code(&event_target_value(&ev)) else {
            return;
        };
        let select = event_target::<web_sys::HtmlSelectElement>(&ev);
        spawn_local(async move {
            // Its texts first (fetched unless at hand); if they cannot be had, the app stays
            // in its language, the select shows it again, and the error is shown.
            if let Err(why) = load(next).await {
                select.set_value(lang().code());
                state.notify(
                    NoticeKind::Error,
                    tf(
                        "app.lang.not_loaded",
                        &[("lang", next.label()), ("why", &why)],
                    ),
                );
            } else if let Err(e) = set_lang(next) {
                // Still switched for this visit; only remembering it failed.
                web_sys::console::warn_1(&local_error_text(e).into());
            }
            signal.set(lang());
            request_animation_frame(|| focus_by_id("app-lang"));
        });
    };
    view! {
        <span class="lang-switcher">
            <label for="app-lang">{t("app.lang.label")}</label>
            <select id="app-lang" on:change=on_change>
                {Language::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=l == lang()>
                                {l.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </span>
    }
}
