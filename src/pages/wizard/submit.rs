//! Submitting the wizard: the customer and its subscriptions made from the draft, with IDs
//! kept across retries, and added as one write.

use clientele_domain::book::Change;
use clientele_domain::model::{CustomerId, SubscriptionId};
use clientele_domain::time::iso_from_unix_ms;
use clientele_domain::wizard::{build, WizardDraft};
use leptos::prelude::*;
use leptos_router::NavigateOptions;

use super::{forget_draft, with_context, Wizard};
use crate::browser;
use crate::hooks::spawn_busy;
use crate::i18n::{field_text, tf};
use crate::state::AppState;

/// Creates the customer, its subscriptions and their log entries as one write.
pub(super) fn submit(
    state: AppState,
    wiz: Wizard,
    busy: RwSignal<bool>,
    failure: RwSignal<String>,
    navigate: impl Fn(&str, NavigateOptions) + 'static,
) {
    let d = wiz.current();
    let mut attempt = Attempt::load();
    let mut next_sub = 0;
    let built = with_context(state, |ctx| {
        build(
            &d,
            ctx,
            CustomerId::v4_from_bits(attempt.customer),
            || {
                if attempt.subscriptions.len() <= next_sub {
                    attempt.subscriptions.push(browser::random_bits());
                }
                next_sub += 1;
                SubscriptionId::v4_from_bits(attempt.subscriptions[next_sub - 1])
            },
            &iso_from_unix_ms(attempt.at_ms),
        )
    });
    // Kept until the customer is added: a retry after an answer lost on the way sends the
    // same records, which the server recognises (Idempotency-Key) instead of adding twice.
    attempt.save();
    let (customer, subscriptions) = match built {
        Ok(records) => records,
        Err(errors) => {
            let why = errors.first().map(field_text).unwrap_or_default();
            failure.set(tf("wizard.submit.changed", &[("why", &why)]));
            return;
        }
    };
    let id = customer.id.clone();
    failure.set(String::new());
    let change = Change::AddCustomers {
        customers: vec![customer],
        subscriptions,
    };
    spawn_busy(
        busy,
        async move { state.apply(change).await },
        move |result| match result {
            Ok(()) => {
                forget_draft();
                wiz.draft.set(WizardDraft::default());
                navigate(
                    &format!("/customers/new?step=done&customer={id}"),
                    NavigateOptions::default(),
                );
            }
            Err(e) => failure.set(tf("wizard.submit.failed", &[("why", &e.to_string())])),
        },
    );
}

/// Where the IDs and time of a submitted, not yet added customer are kept.
pub(super) const ATTEMPT_KEY: &str = crate::keys::DRAFT_CUSTOMER_SUBMIT;

/// The new records' IDs and creation time, chosen at the first submit and reused by every
/// retry of the same draft.
#[derive(serde::Serialize, serde::Deserialize)]
struct Attempt {
    customer: u128,
    subscriptions: Vec<u128>,
    at_ms: i64,
}

impl Attempt {
    fn load() -> Self {
        browser::local_get(ATTEMPT_KEY)
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_else(|| Self {
                customer: browser::random_bits(),
                subscriptions: Vec::new(),
                at_ms: js_sys::Date::now() as i64,
            })
    }

    fn save(&self) {
        if let Ok(text) = serde_json::to_string(self) {
            // Without it a retry is still checked by the server (the domain is taken): only
            // the message would be less clear.
            let _ = browser::local_set(ATTEMPT_KEY, &text);
        }
    }
}
