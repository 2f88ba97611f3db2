//! `cargo xtask check-content`: the same validation the app's build script runs,
//! with every error listed at once.

use std::path::Path;

use anyhow::{Result, bail};
use engine::content::{ContentErrors, SourceSet, validate};

/// Validates the content below `assets`; the error lists every problem as
/// `file:line:col: path: message`.
pub fn run(assets: &Path) -> Result<()> {
    let sources = SourceSet::read_dir(assets).map_err(ContentErrors);
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// A copy of the shipped assets in a fresh temporary folder.
    fn copy_of_assets(name: &str) -> PathBuf {
        fn copy_dir(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let path = entry.unwrap().path();
                let target = to.join(path.file_name().unwrap());
                if path.is_dir() {
                    copy_dir(&path, &target);
                } else {
                    std::fs::copy(&path, &target).unwrap();
                }
            }
        }
        let dir = std::env::temp_dir().join(format!("clusterlab-{name}-{}", std::process::id()));
        _ = std::fs::remove_dir_all(&dir);
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets");
        copy_dir(&assets, &dir);
        dir
    }

    #[test]
    fn the_shipped_content_passes() {
        assert!(run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets")).is_ok());
    }

    #[test]
    fn malformed_content_fails_with_file_and_line() {
        let dir = copy_of_assets("malformed");
        let course = dir.join("content/course.json");
        let text = std::fs::read_to_string(&course).unwrap();
        std::fs::write(
            &course,
            text.replace("\"default_locale\": \"en\",", "\"default_locale\": \"en\",,"),
        )
        .unwrap();
        let message = run(&dir).unwrap_err().to_string();
        let expected = format!("{}:3:", course.display());
        assert!(message.contains(&expected), "{message}");
        _ = std::fs::remove_dir_all(&dir);
    }
}
