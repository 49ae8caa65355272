//! The list's sort keys in the browser: each column's texts ranked once with the UI
//! language's `Intl.Collator` (see `clientele_domain::sort`).

use clientele_domain::i18n::Language;
use clientele_domain::listing::Listing;
use clientele_domain::model::Reseller;
use clientele_domain::sort::{distinct, rank_by, ranks_from_order, SortColumn};
use wasm_bindgen::{JsCast, JsValue};

/// Every customer's rank in `column`, in the list's order.
pub(super) fn sort_keys(
    list: &Listing,
    column: SortColumn,
    lang: Language,
    resellers: &[Reseller],
) -> Vec<u32> {
    let texts = column.texts(list, lang, resellers, list.active());
    if !column.is_collated() {
        return rank_by(&texts, |a, b| a.cmp(b));
    }
    let order = collated(distinct(&texts), lang);
    ranks_from_order(&texts, &order)
}

/// `texts` in collation order. The whole sort runs in JavaScript with the collator's own
/// compare function as the comparator: no call crosses into wasm per comparison.
fn collated(texts: Vec<String>, lang: Language) -> Vec<String> {
    let array: js_sys::Array = texts.iter().map(|t| JsValue::from_str(t)).collect();
    let locales = js_sys::Array::of1(&lang.code().into());
    let collator = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new());
    let sort = js_sys::Reflect::get(&array, &"sort".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match sort {
        Some(sort) if sort.call1(&array, &collator.compare()).is_ok() => array
            .iter()
            .map(|v| v.as_string().unwrap_or_default())
            .collect(),
        // No collator (never in a supported browser): code-point order, still stable.
        _ => texts,
    }
}
