//! The web app binary: installs the panic hook and the page's English texts, and mounts
//! `App` on the page body.

use clientele::App;
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    clientele::browser::mark("clientele:start");
    #[cfg(feature = "english-in-page")]
    clientele::i18n::install_page_english();
    mount_to_body(App);
}
