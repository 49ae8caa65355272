//! The wizard's fields: bound to the draft, with the shown step's errors and warnings.

use leptos::prelude::*;

use super::{dom_id, Wizard};
use crate::components::field::{Binding, TextField};
use crate::i18n::field_text_for;

/// A text field bound to the draft, with the step's error and warning for it.
#[component]
pub(super) fn DraftText(
    #[prop(into)] field: String,
    #[prop(into)] label: String,
    bind: Binding,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Checked as the user types (not only once they try to go on).
    #[prop(optional)]
    live: bool,
) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let id = dom_id(&field);
    let f = field.clone();
    let error = Memo::new(move |_| {
        let typed = live && !bind.value.with(String::is_empty);
        (wiz.tried.get() || typed)
            .then(|| wiz.check.with(|c| field_text_for(&c.errors, &f)))
            .flatten()
    });
    let warning = Memo::new(move |_| wiz.check.with(|c| field_text_for(&c.warnings, &field)));
    let hint: MaybeProp<String> = hint.map(MaybeProp::from).unwrap_or_default();
    view! {
        <TextField id=id label=label value=bind error=error warning=warning hint=hint
            input_type=input_type.unwrap_or("text") autocomplete=autocomplete.map(String::from) />
    }
}

/// A select bound to the draft, with the step's error for it.
#[component]
pub(super) fn DraftSelect(
    field: &'static str,
    #[prop(into)] label: String,
    bind: Binding,
    options: Vec<(String, String)>,
    #[prop(into)] placeholder: String,
    /// The option values are language tags, and each name is written in its language.
    #[prop(optional)]
    in_own_language: bool,
) -> impl IntoView {
    let wiz = expect_context::<Wizard>();
    let id = dom_id(field);
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| {
        wiz.tried
            .get()
            .then(|| wiz.check.with(|c| field_text_for(&c.errors, field)))
            .flatten()
    });
    let value = Memo::new(move |_| bind.value.get());
    let described = error_id.clone();
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                on:change=move |ev| bind.set.run(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
            >
                <option value="" prop:selected=move || value.with(String::is_empty)>{placeholder}</option>
                {options
                    .into_iter()
                    .map(|(code, name)| {
                        let c = code.clone();
                        let tag = in_own_language.then(|| code.clone());
                        view! { <option value=code lang=tag prop:selected=move || value.with(|v| *v == c)>{name}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="error" id=error_id>{move || error.get()}</p>
        </div>
    }
}
