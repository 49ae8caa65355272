//! Settings → Storage's "This browser's storage": whether the browser keeps the book when
//! space is low, and the space used and available.

use leptos::prelude::*;

use crate::i18n::{num, t, tf};
use crate::store::space::{space, Space};

#[component]
pub fn DeviceSpace() -> impl IntoView {
    let found = LocalResource::new(space);
    let persisted = move || {
        found.get().map(|s| {
            if s.persisted {
                t("storage.device.persisted")
            } else {
                t("storage.device.not_persisted")
            }
        })
    };
    let used = move || found.get().map(|s| describe(&s));
    view! {
        <section class="device-space" aria-labelledby="device-space-title">
            <h3 id="device-space-title">{t("storage.device.title")}</h3>
            <p>{persisted}</p>
            <p>{used}</p>
        </section>
    }
}

fn describe(s: &Space) -> String {
    match (s.usage, s.quota) {
        (Some(used), Some(quota)) => tf(
            "storage.device.space",
            &[("used", &bytes(used)), ("available", &bytes(quota - used))],
        ),
        _ => t("storage.device.space_unknown").to_string(),
    }
}

/// "512 KB", "45 MB", "12,345 MB": whole units, grouped as the language groups numbers.
fn bytes(n: f64) -> String {
    const MB: f64 = 1_000_000.0;
    if n < MB {
        format!("{} KB", num((n / 1000.0).round() as i64))
    } else {
        format!("{} MB", num((n / MB).round() as i64))
    }
}
