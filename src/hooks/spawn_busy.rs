//! `spawn_busy`: background work behind a busy flag, so a button is off while it runs.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Sets `busy`, runs `task` in the background, clears `busy` when it ends and then hands
/// its result to `then` (which may leave the page: the flag is already down).
///
/// ```no_run
/// use clientele::hooks::spawn_busy;
/// use leptos::prelude::*;
///
/// let busy = RwSignal::new(false);
/// let status = RwSignal::new(String::new());
/// spawn_busy(busy, async { 42 }, move |n| status.set(format!("{n} done")));
/// ```
pub fn spawn_busy<T: 'static>(
    busy: RwSignal<bool>,
    task: impl Future<Output = T> + 'static,
    then: impl FnOnce(T) + 'static,
) {
    busy.set(true);
    spawn_local(async move {
        let result = task.await;
        busy.set(false);
        then(result);
    });
}
