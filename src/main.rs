//! The web app binary: installs the panic hook and mounts `App` on the page body.

use clientele::App;
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    clientele::browser::mark("clientele:start");
    mount_to_body(App);
}
