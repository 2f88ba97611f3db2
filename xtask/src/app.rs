//! Building and serving the app with Trunk.

use anyhow::Result;

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

/// The release build into `dist/`, as learners get it. Needs the build tools.
pub fn build_release(ws: &Workspace) -> Result<()> {
    shell::run(ws.cmd("trunk").args(["build", "--release"]))
}
