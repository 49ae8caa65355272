//! "Column for {field}": one select per field, pre-filled from the file's headers.

use std::rc::Rc;

use clientele_domain::import::{Field, Mapping, Recognised};
use leptos::prelude::*;

use super::read::Loaded;
use crate::i18n::{msg, t, tf};

#[component]
pub fn ColumnSelects(file: Rc<Loaded>, mapping: RwSignal<Mapping>) -> impl IntoView {
    let said = match file.recognised {
        Recognised::Known => tf("import.recognised", &[("file", &file.name)]),
        Recognised::Suggested => tf("import.suggested", &[("file", &file.name)]),
    };
    let headers = file.headers.clone();
    view! {
        <fieldset class="columns">
            <legend>{said}</legend>
            {Field::ALL.into_iter().map(|field| {
                let id = format!("import-column-{}", field.key());
                let label = tf("import.column_for", &[("field", &msg(&field.name()))]);
                let options = headers.iter().enumerate().map(|(i, h)| {
                    let text = if h.is_empty() { tf("import.column.unnamed", &[("n", &(i + 1).to_string())]) } else { h.clone() };
                    view! { <option value=i.to_string() selected=move || mapping.with(|m| m.column(field) == Some(i))>{text}</option> }
                }).collect_view();
                view! {
                    <div class="field">
                        <label for=id.clone()>{label}</label>
                        <select id=id
                            on:change=move |ev| {
                                let column = event_target_value(&ev).parse().ok();
                                mapping.update(|m| m.set(field, column));
                            }>
                            <option value="" selected=move || mapping.with(|m| m.column(field).is_none())>{t("import.column.none")}</option>
                            {options}
                        </select>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
