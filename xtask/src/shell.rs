//! Running external commands from the workspace root, the same way in every task.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// The workspace root and the environment every external command runs in.
pub struct Workspace {
    root: PathBuf,
    path: OsString,
}

impl Workspace {
    /// The workspace this xtask was built in.
    pub fn locate() -> Workspace {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives one level below the workspace root")
            .to_path_buf();
        // Trunk looks up `wasm-opt` on PATH; the pinned one comes from npm
        // (tests/package.json), never from Debian, whose version differs.
        let node_bin = root.join("tests").join("node_modules").join(".bin");
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        let path = std::env::join_paths(
            std::iter::once(node_bin).chain(std::env::split_paths(&inherited)),
        )
        .expect("PATH entries contain no separator");
        Workspace { root, path }
    }

    /// The workspace root, where Cargo.toml and Trunk.toml are.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A command that runs in the workspace root, without standard input (CI
    /// has none, and nothing may wait for a prompt), and with the project's
    /// PATH.
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path).stdin(Stdio::null());
        command
    }

    /// A `cargo` command using the toolchain that runs this xtask.
    pub fn cargo(&self) -> Command {
        self.cmd(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }
}

/// Runs `command` with its output going straight to the terminal.
pub fn run(command: &mut Command) -> Result<()> {
    println!("$ {}", display(command));
    let status =
        command.status().with_context(|| format!("cannot start `{}`", display(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(command));
    }
    Ok(())
}

/// Runs `command` and returns its standard output; fails if it does.
pub fn read(command: &mut Command) -> Result<String> {
    let output = read_bytes(command)?;
    String::from_utf8(output)
        .with_context(|| format!("`{}` printed invalid UTF-8", display(command)))
}

/// Runs `command` and returns its standard output as bytes; fails if it does.
pub fn read_bytes(command: &mut Command) -> Result<Vec<u8>> {
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start `{}`", display(command)))?;
    if !output.status.success() {
        bail!("`{}` failed ({})", display(command), output.status);
    }
    Ok(output.stdout)
}

/// The standard output of a command that may be missing or may fail, as when
/// asking a tool for its version before installing it.
pub fn probe(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The command line as a user would type it, for logs and error messages.
fn display(command: &Command) -> String {
    let envs = command
        .get_envs()
        .filter(|(name, _)| *name != "PATH")
        .filter_map(|(name, value)| Some(format!("{}={}", name.to_str()?, value?.to_str()?)));
    // `cargo` arrives as the toolchain's absolute path; its name reads better.
    let program = Path::new(command.get_program());
    let program = program.file_name().unwrap_or(program.as_os_str());
    let words = std::iter::once(program)
        .chain(command.get_args())
        .map(|word| word.to_string_lossy().into_owned());
    envs.chain(words).collect::<Vec<_>>().join(" ")
}
