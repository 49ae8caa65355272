//! A labelled form field with its error message beside it.

use leptos::prelude::*;

/// A field's value and how to change it: a signal of its own, or a part of a larger draft.
#[derive(Clone, Copy)]
pub struct Binding {
    pub value: Signal<String>,
    pub set: Callback<String>,
}

impl Binding {
    /// The text at `get` / `set` within a larger draft.
    pub fn of<D: Send + Sync + 'static>(
        draft: RwSignal<D>,
        get: fn(&D) -> &String,
        set: fn(&mut D) -> &mut String,
    ) -> Self {
        Self {
            value: Signal::derive(move || draft.with(|d| get(d).clone())),
            set: Callback::new(move |v| draft.update(|d| *set(d) = v)),
        }
    }
}

/// `bind!(draft, address.city)`: the [`Binding`] of one text field of a draft signal.
macro_rules! bind {
    ($draft:expr, $($path:ident).+) => {
        $crate::components::field::Binding::of($draft, |d| &d.$($path).+, |d| &mut d.$($path).+)
    };
}
pub(crate) use bind;

impl From<RwSignal<String>> for Binding {
    fn from(signal: RwSignal<String>) -> Self {
        Self {
            value: signal.into(),
            set: Callback::new(move |v| signal.set(v)),
        }
    }
}

/// A text input bound to `value`, labelled `label`, showing `error` beside it with
/// aria-invalid and aria-describedby so assistive technology reads it too.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Binding,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// Shown beside the field like an error, but the value can still be saved.
    #[prop(optional, into)]
    warning: Option<Signal<Option<String>>>,
    #[prop(optional, into)] input_type: Option<String>,
    #[prop(optional, into)] autocomplete: MaybeProp<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let warning_id = format!("{id}-warning");
    let warning = warning.unwrap_or_else(|| Signal::stored(None));
    let has_hint = hint.with_untracked(Option::is_some);
    let described_by = described_by(&id, has_hint, error, warning);
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {has_hint.then(|| view! { <p class="hint" id=hint_id>{move || hint.get()}</p> })}
            <input
                id=id
                type=input_type.unwrap_or_else(|| "text".into())
                autocomplete=move || autocomplete.get()
                prop:value=move || value.value.get()
                on:input=move |ev| value.set.run(event_target_value(&ev))
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
