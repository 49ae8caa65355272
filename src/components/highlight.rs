//! Text with the parts that match the search marked.

use clientele_domain::search::highlight;
use leptos::prelude::*;

/// Updates in place as `query` changes, so a row that stays in view is not rebuilt.
#[component]
pub fn Highlighted(text: String, query: Signal<String>) -> impl IntoView {
    move || {
        query.with(|q| {
            highlight(&text, q)
                .into_iter()
                .map(|(part, hit)| {
                    let part = part.to_string();
                    if hit {
                        view! { <mark>{part}</mark> }.into_any()
                    } else {
                        part.into_any()
                    }
                })
                .collect_view()
        })
    }
}
