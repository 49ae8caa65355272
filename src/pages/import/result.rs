//! After the write: what was done, and "Undo import" while nothing has changed those
//! customers since.

use std::sync::Arc;

use clientele_domain::import::Plan;
use clientele_domain::model::ImportId;
use leptos::prelude::*;

use crate::hooks::spawn_busy;
use crate::i18n::{num, t, tf};
use crate::state::use_app_state;

/// An import written: the file's name and its plan (what undo takes back out).
#[derive(Clone)]
pub struct Done {
    pub id: ImportId,
    pub file_name: String,
    pub plan: Arc<Plan>,
}

#[component]
pub fn ImportResult(done: Done, again: Callback<()>) -> impl IntoView {
    let state = use_app_state();
    let plan = done.plan.clone();
    let summary = tf(
        "import.done.summary",
        &[
            ("file", &done.file_name),
            ("new", &num(plan.new.len() as i64)),
            ("updated", &num(plan.updates.len() as i64)),
            ("skipped", &num(plan.skipped as i64)),
            ("errors", &num(plan.errors.len() as i64)),
        ],
    );
    let undone = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    // Derived from the list as it is now: every customer the import wrote is still as it
    // left them (the write itself checks their subscriptions too). One pass over the list:
    // a lookup per written customer made it quadratic, seconds at 10,000 rows.
    let can_undo = {
        let plan = plan.clone();
        Memo::new(move |_| {
            state.customers.with(|c| match c {
                Some(Ok(list)) => plan.undo_possible(list),
                _ => false,
            })
        })
    };
    // The undo change is made when it is asked for: it holds a copy of every customer the
    // import wrote, and the view clones this handler.
    let undo = {
        let (id, file_name) = (done.id.clone(), done.file_name.clone());
        move |_| {
            failed.set(None);
            let change = plan.undo(&id, &file_name);
            spawn_busy(busy, state.apply(change), move |r| match r {
                Ok(()) => undone.set(true),
                Err(e) => failed.set(Some(tf("import.undo_failed", &[("error", &e.to_string())]))),
            });
        }
    };
    view! {
        <section class="import-result" aria-labelledby="import-done-heading">
            <h2 id="import-done-heading">{t("import.done.heading")}</h2>
            <p>{summary}</p>
            <p role="status">{move || undone.get().then(|| t("import.undone"))}</p>
            <p class="error" role="alert">{move || failed.get()}</p>
            <div class="actions">
                {move || (!undone.get() && can_undo.get()).then(|| view! {
                    <button type="button" on:click=undo.clone() disabled=move || busy.get()>{t("import.undo")}</button>
                })}
                <button type="button" on:click=move |_| again.run(())>{t("import.another")}</button>
            </div>
        </section>
    }
}
