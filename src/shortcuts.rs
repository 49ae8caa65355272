//! Keyboard shortcuts for power users, listed behind "?": `/` focuses the search, `j`/`k`
//! move between customer rows, Enter expands the focused row, `n` adds a customer.
//!
//! Keys are only taken when the user is not typing (no text field, select or editable
//! element has focus) and no modifier but Shift is held, so they never steal a keystroke.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::i18n::t;
use crate::state::use_app_state;

/// The shortcuts as the help dialog lists them: the key's name and what it does, in the
/// current language.
fn shortcuts() -> [(&'static str, &'static str); 7] {
    [
        ("/", t("shortcuts.search")),
        ("j", t("shortcuts.next_row")),
        ("k", t("shortcuts.previous_row")),
        (t("shortcuts.key.enter"), t("shortcuts.expand")),
        ("x", t("shortcuts.select_row")),
        ("n", t("shortcuts.add")),
        ("?", t("shortcuts.help")),
    ]
}

/// The key of a keydown the shortcuts may take, or `None` when the user is typing or
/// holds Ctrl, Alt or Meta.
pub fn shortcut_key(ev: &web_sys::KeyboardEvent) -> Option<String> {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.default_prevented() {
        return None;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            // A checkbox (a row's "Select …") takes no text: the keys still work there.
            let toggle = matches!(
                el.get_attribute("type").as_deref(),
                Some("checkbox" | "radio")
            );
            el.is_content_editable()
                || (matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") && !toggle)
        });
    // A modal dialog (a confirmation) owns the keyboard while it is open.
    let in_dialog = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
        .is_some();
    (!typing && !in_dialog).then(|| ev.key())
}

/// Listens on the window for as long as the calling component lives.
pub fn on_window_keydown(handler: impl Fn(web_sys::KeyboardEvent) + 'static) {
    let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(handler);
    let window = web_sys::window().expect("a window");
    let _ = window.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
    let listener = StoredValue::new_local(Some(listener));
    on_cleanup(move || {
        if let Some(l) = listener.try_update_value(Option::take).flatten() {
            let _ =
                window.remove_event_listener_with_callback("keydown", l.as_ref().unchecked_ref());
        }
    });
}

/// The app-wide shortcuts (`?`, `n`, and `/` away from the list). `?` sets `help`, which
/// shows the help dialog ([`ShortcutsHelp`], a chunk of its own: few users ever open it).
#[component]
pub fn Shortcuts(help: RwSignal<bool>) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let location = use_location();
    on_window_keydown(move |ev| {
        let Some(key) = shortcut_key(&ev) else { return };
        let on_list = location
            .pathname
            .with_untracked(|p| p.ends_with("/customers"));
        match key.as_str() {
            "?" => {
                ev.prevent_default();
                help.set(true);
            }
            "n" => {
                ev.prevent_default();
                navigate("/customers/new", Default::default());
            }
            // On the list, the list itself focuses its search box.
            "/" if !on_list => {
                ev.prevent_default();
                state.focus_after_load("customer-search");
                navigate("/customers", Default::default());
            }
            _ => {}
        }
    });
}

/// The help dialog: modal from the moment it is shown; closing it (Escape, or "Close")
/// clears `help`, which takes it out of the page, and the browser gives focus back to what
/// had it.
#[component]
pub fn ShortcutsHelp(help: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    dialog.on_load(|d| {
        let _ = d.show_modal();
    });
    let close = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    view! {
        <dialog node_ref=dialog class="confirm shortcuts" aria-labelledby="shortcuts-title"
            on:close=move |_| help.set(false)>
            <h2 id="shortcuts-title">{t("shortcuts.title")}</h2>
            <p>{t("shortcuts.lede")}</p>
            <table class="plain">
                <thead><tr><th scope="col">{t("shortcuts.column.key")}</th><th scope="col">{t("shortcuts.column.action")}</th></tr></thead>
                <tbody>
                    {shortcuts()
                        .into_iter()
                        .map(|(key, what)| view! { <tr><td><kbd>{key}</kbd></td><td>{what}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
            <div class="actions"><button type="button" on:click=close>{t("shortcuts.close")}</button></div>
        </dialog>
    }
}
