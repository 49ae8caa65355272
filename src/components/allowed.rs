//! What the user's role does not allow is shown disabled, with the reason beside it, rather
//! than hidden: people then know the action exists and who can do it. The server refuses it
//! too (403); this only saves the user a refused click.

use clientele_domain::roles::Permission;
use leptos::prelude::*;

use crate::i18n::lang;
use crate::state::use_app_state;

/// Why the current role may not do `permission`, in the UI's language.
pub fn denied_reason(permission: Permission) -> String {
    let role = use_app_state().current_settings().user.role;
    permission.denied_in(role, lang())
}

/// A disabled button named `label`, described by the reason the role does not allow it.
#[component]
pub fn NotAllowed(
    permission: Permission,
    #[prop(into)] label: String,
    /// The reason's element ID, unique on the page.
    id: &'static str,
) -> impl IntoView {
    view! {
        <span class="not-allowed">
            <button type="button" disabled aria-describedby=id>{label}</button>
            <span class="hint" id=id>{denied_reason(permission)}</span>
        </span>
    }
}

/// A page the current role may not open: its title, and why not.
pub fn page_denied(title: &'static str, permission: Permission) -> AnyView {
    view! {
        <h1>{title}</h1>
        <p class="hint">{denied_reason(permission)}</p>
    }
    .into_any()
}
