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

/// The exercises whose view is a cargo feature of the app (`Cargo.toml`'s
/// `[features]`, one per exercise, named by its slug). The others have no
/// view yet, so their packages carry the frame alone.
pub const EXERCISES_WITH_VIEW: [ExerciseKind; 3] =
    [ExerciseKind::AecQuiz, ExerciseKind::ClusterTypes, ExerciseKind::ConsortiumSim];

/// Where the release build for a package of one exercise goes.
pub fn exercise_release_dir(ws: &Workspace, kind: ExerciseKind) -> PathBuf {
    let name = if EXERCISES_WITH_VIEW.contains(&kind) { kind.slug() } else { "frame" };
    ws.root().join("target").join("xtask").join("builds").join(name)
}

/// The release builds for packages of one exercise: each carries that
/// exercise's code, content and strings alone.
pub fn build_exercise_releases(ws: &Workspace) -> Result<()> {
    let mut built = Vec::new();
    for kind in ExerciseKind::ALL {
        let dir = exercise_release_dir(ws, kind);
        if built.contains(&dir) {
            continue;
        }
        let mut trunk = ws.cmd("trunk");
        trunk.args(["build", "--release", "--no-default-features", "--dist"]).arg(&dir);
        if EXERCISES_WITH_VIEW.contains(&kind) {
            trunk.args(["--features", kind.slug()]);
        }
        shell::run(&mut trunk)?;
        built.push(dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exercises_with_a_view_are_the_apps_features() {
        let manifest = include_str!("../../Cargo.toml");
        for kind in ExerciseKind::ALL {
            let feature = format!("\n{0} = [\"components/{0}\"]\n", kind.slug());
            assert_eq!(
                manifest.contains(&feature),
                EXERCISES_WITH_VIEW.contains(&kind),
                "{}: Cargo.toml's feature and EXERCISES_WITH_VIEW disagree",
                kind.slug()
            );
        }
    }
}
