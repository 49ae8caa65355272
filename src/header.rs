//! The page header: the brand, the navigation, the partner's name, the language select and
//! the shortcuts button. On a narrow screen (style/main.css) all but the brand and the
//! shortcuts button fold into a "Menu" disclosure.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::browser::{app_href, focus_by_id};
use crate::components::language::LanguageSwitcher;
use crate::i18n::t;
use crate::state::use_app_state;

const MENU_BUTTON: &str = "app-menu-button";

/// Whether the menu is open, kept by `App` outside what a language switch renders again,
/// so the language select, which sits in the menu, is still shown after the switch.
#[derive(Clone, Copy, Default)]
pub struct MenuState(RwSignal<Option<String>>);

#[component]
pub fn AppHeader(
    menu: MenuState,
    show_shortcuts: impl Fn(leptos::ev::MouseEvent) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_app_state();
    let location = use_location();
    // The menu is open on the page it was opened on: following one of its links closes it,
    // with no effect to keep in step.
    let MenuState(opened_on) = menu;
    let open = move || {
        location
            .pathname
            .with(|p| opened_on.with(|o| o.as_ref() == Some(p)))
    };
    let toggle = move |_| {
        let next = (!open()).then(|| location.pathname.get_untracked());
        opened_on.set(next);
    };
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open() {
            opened_on.set(None);
            focus_by_id(MENU_BUTTON);
        }
    };
    view! {
        <header class="app-header" on:keydown=close_on_escape>
            <span class="brand">{t("app.brand")}</span>
            <button
                type="button"
                id=MENU_BUTTON
                class="menu-button"
                aria-expanded=move || if open() { "true" } else { "false" }
                aria-controls="app-menu"
                on:click=toggle
            >
                <span aria-hidden="true" class="menu-icon"></span>
                {t("app.menu")}
            </button>
            <div id="app-menu" class="app-menu" class:open=open>
                <nav aria-label=t("app.nav.label")>
                    <A href=app_href("/customers")>{t("app.nav.customers")}</A>
                    <A href=app_href("/activity")>{t("app.nav.activity")}</A>
                    <A href=app_href("/settings")>{t("app.nav.settings")}</A>
                </nav>
                <span class="partner">{move || state.partner_name()}</span>
                <LanguageSwitcher />
            </div>
            <button type="button" class="shortcuts-button" aria-label=t("app.shortcuts.button") on:click=show_shortcuts>"?"</button>
        </header>
    }
}
