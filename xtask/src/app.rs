//! Building and serving the app with Trunk.

use std::path::PathBuf;

use anyhow::Result;
use engine::ExerciseKind;

use crate::shell::{self, Workspace};
use crate::tools;

/// `cargo xtask serve`: the release build at http://127.0.0.1:8080, rebuilt on change.
pub fn serve(ws: &Workspace) -> Result<()> {
    tools::ensure_build_tools(ws)?;
    // Release, because the debug build's size and speed mislead about what
    // learners on slow links get.
    shell::run(ws.cmd("trunk").args([
        "serve",
        "--release",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
    ]))
}

/// The release build of the whole course into `dist/`, as learners get it.
/// Needs the build tools.
pub fn build_release(ws: &Workspace) -> Result<()> {
    shell::run(ws.cmd("trunk").args(["build", "--release"]))
}

/// Where the release build for a package of one exercise goes.
pub fn exercise_release_dir(ws: &Workspace, kind: ExerciseKind) -> PathBuf {
    ws.root().join("target").join("xtask").join("builds").join(kind.slug())
}

/// The release builds for packages of one exercise: each carries that
/// exercise's code, content and strings alone, through the app's cargo
/// feature named by the exercise's slug.
pub fn build_exercise_releases(ws: &Workspace) -> Result<()> {
    for kind in ExerciseKind::ALL {
        let dir = exercise_release_dir(ws, kind);
        let mut trunk = ws.cmd("trunk");
        trunk.args(["build", "--release", "--no-default-features", "--dist"]).arg(&dir);
        trunk.args(["--features", kind.slug()]);
        shell::run(&mut trunk)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exercise_is_a_feature_of_the_app() {
        let manifest = include_str!("../../Cargo.toml");
        for kind in ExerciseKind::ALL {
            let feature = format!("\n{0} = [\"components/{0}\"]\n", kind.slug());
            assert!(manifest.contains(&feature), "{}: Cargo.toml has no such feature", kind.slug());
        }
    }
}
