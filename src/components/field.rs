//! A labelled form field with its error message beside it.

use leptos::prelude::*;

/// A text input bound to `value`, labelled `label`, showing `error` beside it with
/// aria-invalid and aria-describedby so assistive technology reads it too.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
    /// Shown beside the field like an error, but the value can still be saved.
    #[prop(optional, into)]
    warning: Option<Signal<Option<String>>>,
    #[prop(optional, into)] input_type: Option<String>,
    #[prop(optional, into)] autocomplete: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let warning_id = format!("{id}-warning");
    let warning = warning.unwrap_or_else(|| Signal::stored(None));
    let described_by = described_by(&id, hint.is_some(), error, warning);
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input
                id=id
                type=input_type.unwrap_or_else(|| "text".into())
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
            />
            <p class="error" id=error_id>{move || error.get()}</p>
            <p class="warning" id=warning_id>{move || warning.get()}</p>
        </div>
    }
}

/// The aria-describedby of a field with ids `{id}-hint`, `{id}-error` and `{id}-warning`:
/// the hint if there is one, then the error and the warning while they are shown.
pub fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
    warning: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let (hint_id, error_id, warning_id) = (
        format!("{id}-hint"),
        format!("{id}-error"),
        format!("{id}-warning"),
    );
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.with(Option::is_some) {
            ids.push(error_id.clone());
        }
        if warning.with(Option::is_some) {
            ids.push(warning_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}
