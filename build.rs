//! Validates every content file before the app is compiled, so malformed
//! content fails the build with file, line and column instead of reaching a
//! learner.
#![allow(clippy::print_stdout, clippy::print_stderr)] // Build scripts talk to cargo through stdout and stderr.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=assets/content");
    println!("cargo::rerun-if-changed=assets/locales");
    let checked = engine::content::SourceSet::read_dir(Path::new("assets"))
        .map_err(engine::content::ContentErrors)
        .and_then(|sources| engine::content::validate(&sources));
    if let Err(errors) = checked {
        eprintln!("{errors}");
        std::process::exit(1);
    }
}
