//! Validates every content file before the app is compiled, so malformed
//! content fails the build with file, line and column instead of reaching a
//! learner, then writes the course structure in compact form for the app to
//! embed: the learner's browser never runs the validator.
#![allow(clippy::print_stdout, clippy::print_stderr)] // Build scripts talk to cargo through stdout and stderr.

use std::path::{Path, PathBuf};

use engine::ExerciseKind;

fn main() {
    println!("cargo::rerun-if-changed=assets/content");
    println!("cargo::rerun-if-changed=assets/locales");
    let checked = engine::content::SourceSet::read_dir(Path::new("assets"))
        .map_err(engine::content::ContentErrors)
        .and_then(|sources| engine::content::validate(&sources));
    let content = match checked {
        Ok(content) => content,
        Err(errors) => {
            eprintln!("{errors}");
            std::process::exit(1);
        }
    };
    // Cargo names each enabled feature in an environment variable.
    let built: Vec<ExerciseKind> = ExerciseKind::ALL
        .into_iter()
        .filter(|kind| {
            let feature = kind.slug().to_uppercase().replace('-', "_");
            std::env::var_os(format!("CARGO_FEATURE_{feature}")).is_some()
        })
        .collect();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let path = out.join("course.bin");
    if let Err(err) = std::fs::write(&path, content.course.to_compact(&built)) {
        eprintln!("cannot write {}: {err}", path.display());
        std::process::exit(1);
    }
}
