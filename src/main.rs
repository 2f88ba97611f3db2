//! clusterlab: interactive learning modules on SME clusters and export
//! consortia. This crate is the imperative shell: it finds the outside world
//! (storage, network, URL) and hands it to the views as contexts.

mod app;
mod export;
mod i18n;
mod lms;
mod route;
mod storage;
mod tracking;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
