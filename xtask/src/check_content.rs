//! `cargo xtask check-content`: the same validation the app's build script runs,
//! with every error listed at once.

use std::path::Path;

use anyhow::{Result, bail};
use engine::content::{ContentErrors, SourceSet, validate};

/// Validates `assets/` below the current directory; the error lists every problem as `file:line:col: path: message`.
pub fn run() -> Result<()> {
    let sources = SourceSet::read_dir(Path::new("assets")).map_err(ContentErrors);
    let content = match sources.and_then(|sources| validate(&sources)) {
        Ok(content) => content,
        Err(errors) => bail!("invalid content:\n{errors}"),
    };
    let locales: Vec<&str> = content.course.locales().iter().map(|locale| locale.code()).collect();
    println!(
        "content ok: {} exercises in {} locales ({})",
        content.course.exercises().len(),
        locales.len(),
        locales.join(", ")
    );
    Ok(())
}
