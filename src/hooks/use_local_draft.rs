//! `use_local_draft`: a form's draft kept in this browser's localStorage as it is typed, so
//! a reload or a closed tab loses nothing.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::browser::{local_get, local_remove, local_set};

/// What to do with the kept draft after a change: the closure given to [`use_local_draft`]
/// returns one on every change of what it reads.
pub enum Keep<T> {
    /// Keep this as the draft.
    Write(T),
    /// There is nothing worth keeping (the form is as saved): forget the draft.
    Forget,
    /// Leave the kept draft as it is (the page is not editing, or is asking about it).
    Leave,
}

/// Options of [`use_local_draft_with_options`].
#[derive(Clone, Copy, Debug, Default)]
pub struct UseLocalDraftOptions {
    /// Do nothing with the value the form opens with, only with later changes.
    pub skip_first: bool,
}

impl UseLocalDraftOptions {
    pub fn skip_first(mut self, skip: bool) -> Self {
        self.skip_first = skip;
        self
    }
}

/// What [`use_local_draft`] returns.
#[derive(Clone, Copy)]
pub struct UseLocalDraftReturn {
    /// Why the latest change could not be kept or forgotten, in the UI's language (the
    /// browser's storage is full, or disabled); `None` once a change is kept again.
    pub error: Signal<Option<String>>,
    /// Forgets the kept draft now (after a save, "Start over", "Done"); says why it could not.
    pub forget: Callback<(), Result<(), String>>,
}

/// The draft kept under `key` by an earlier visit, if there is one that still reads.
pub fn kept_draft<T: DeserializeOwned>(key: &str) -> Option<T> {
    local_get(key).and_then(|text| serde_json::from_str(&text).ok())
}

/// Keeps what `draft` returns under `key` (as JSON) whenever what it reads changes. The
/// form opens with [`kept_draft`], if there is one.
///
/// ```no_run
/// use clientele::hooks::{kept_draft, use_local_draft, Keep};
/// use leptos::prelude::*;
///
/// const KEY: &str = "clientele.draft.note";
///
/// #[component]
/// fn Note() -> impl IntoView {
///     let text = RwSignal::new(kept_draft::<String>(KEY).unwrap_or_default());
///     let draft = use_local_draft(KEY, move || Keep::Write(text.get()));
///     view! {
///         <textarea prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
///         <p role="alert">{move || draft.error.get()}</p>
///     }
/// }
/// ```
pub fn use_local_draft<T>(
    key: impl Into<String>,
    draft: impl Fn() -> Keep<T> + 'static,
) -> UseLocalDraftReturn
where
    T: Serialize + DeserializeOwned + 'static,
{
    use_local_draft_with_options(key, draft, UseLocalDraftOptions::default())
}

/// [`use_local_draft`] with [`UseLocalDraftOptions`].
pub fn use_local_draft_with_options<T>(
    key: impl Into<String>,
    draft: impl Fn() -> Keep<T> + 'static,
    options: UseLocalDraftOptions,
) -> UseLocalDraftReturn
where
    T: Serialize + DeserializeOwned + 'static,
{
    let key = key.into();
    let error = RwSignal::new(None::<String>);
    let kept_under = key.clone();
    Effect::new(move |first: Option<()>| {
        let keep = draft();
        if first.is_none() && options.skip_first {
            return;
        }
        let result = match keep {
            Keep::Write(value) => local_set(
                &kept_under,
                &serde_json::to_string(&value).unwrap_or_default(),
            ),
            Keep::Forget => local_remove(&kept_under),
            Keep::Leave => return,
        };
        error.set(result.err());
    });
    UseLocalDraftReturn {
        error: error.into(),
        forget: Callback::new(move |()| local_remove(&key)),
    }
}
