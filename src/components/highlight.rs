//! Text with the parts that match the search marked.

use clientele_domain::search::highlight;
use leptos::prelude::*;

#[component]
pub fn Highlighted(text: String, query: String) -> impl IntoView {
    highlight(&text, &query)
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
}
