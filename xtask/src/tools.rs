//! Installs the tools the tasks need, each only when the right version is missing.
//!
//! Versions are pinned because Trunk runs offline with pinned tool versions
//! (Trunk.toml) and wasm-bindgen's CLI must equal the library in Cargo.lock.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::shell::{self, Workspace};

/// The Trunk release the project builds with.
const TRUNK_VERSION: &str = "0.21.14";

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The twiggy release whose `top -f csv` columns `cargo xtask bench` reads.
const TWIGGY_VERSION: &str = "0.8.0";

/// A program that comes from a Debian package.
pub struct DebianTool {
    /// Where the package installs the program.
    pub binary: &'static str,
    /// The package that provides it.
    pub package: &'static str,
}

/// The browser that browser tests, end-to-end tests and the benchmark drive.
pub const CHROMIUM: DebianTool = DebianTool { binary: "/usr/bin/chromium", package: "chromium" };

/// The WebDriver server through which wasm-bindgen-test-runner drives Chromium.
pub const CHROMEDRIVER: DebianTool =
    DebianTool { binary: "/usr/bin/chromedriver", package: "chromium-driver" };

/// Firefox ESR, the engine of Firefox on shared PCs, which the end-to-end
/// tests drive over WebDriver BiDi (tests/support/engines.mjs).
pub const FIREFOX: DebianTool =
    DebianTool { binary: "/usr/bin/firefox-esr", package: "firefox-esr" };

/// The WebDriver server of WebKitGTK, the engine of Safari on iPhones; its
/// package brings the MiniBrowser that the end-to-end tests drive.
pub const WEBKIT_DRIVER: DebianTool =
    DebianTool { binary: "/usr/bin/WebKitWebDriver", package: "webkit2gtk-driver" };

/// The virtual X display WebKitGTK's MiniBrowser draws into.
pub const XVFB: DebianTool = DebianTool { binary: "/usr/bin/Xvfb", package: "xvfb" };

/// The XML Schema validator that checks every SCORM manifest against the
/// official XSDs.
pub const XMLLINT: DebianTool = DebianTool { binary: "/usr/bin/xmllint", package: "libxml2-utils" };

/// The compressor that packs the built app (`cargo xtask pack`).
pub const XZ: DebianTool = DebianTool { binary: "/usr/bin/xz", package: "xz-utils" };

/// Everything `trunk build` needs: the wasm target, Trunk, wasm-bindgen's CLI,
/// xz and the npm packages (among them the pinned `wasm-opt`, esbuild, and
/// the SCORM schemas that `cargo xtask package` ships and validates against).
pub fn ensure_build_tools(ws: &Workspace) -> Result<()> {
    ensure_debian_packages(ws, &[XZ])?;
    ensure_wasm_target(ws)?;
    ensure_cargo_tool(ws, "trunk", "trunk", TRUNK_VERSION, Locked::Yes)?;
    let lockfile =
        std::fs::read_to_string(ws.root().join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let bindgen_version = locked_version(&lockfile, "wasm-bindgen")
        .context("Cargo.lock has no wasm-bindgen package")?;
    // Without `--locked`: that is how this version was verified to build on
    // the project's toolchain.
    ensure_cargo_tool(ws, "wasm-bindgen", "wasm-bindgen-cli", bindgen_version, Locked::No)?;
    ensure_npm_packages(ws)
}

/// twiggy, which tells what takes the room in the wasm (`cargo xtask bench`).
pub fn ensure_twiggy(ws: &Workspace) -> Result<()> {
    ensure_cargo_tool(ws, "twiggy", "twiggy", TWIGGY_VERSION, Locked::Yes)
}

/// Installs the Debian packages of `tools` whose programs are missing.
pub fn ensure_debian_packages(ws: &Workspace, tools: &[DebianTool]) -> Result<()> {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|tool| !Path::new(tool.binary).exists())
        .map(|tool| tool.package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let uid = shell::read(ws.cmd("id").arg("-u"))?;
    if uid.trim() != "0" {
        bail!(
            "missing Debian packages; install them with: sudo apt-get install {}",
            missing.join(" ")
        );
    }
    shell::run(ws.cmd("apt-get").arg("update"))?;
    shell::run(
        ws.cmd("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y"])
            .args(&missing),
    )
}

fn ensure_wasm_target(ws: &Workspace) -> Result<()> {
    let installed = shell::read(ws.cmd("rustup").args(["target", "list", "--installed"]))
        .context("rustup is needed to add the wasm32 target")?;
    if installed.lines().any(|target| target.trim() == WASM_TARGET) {
        return Ok(());
    }
    shell::run(ws.cmd("rustup").args(["target", "add", WASM_TARGET]))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Locked {
    Yes,
    No,
}

/// Runs `cargo install` unless `<binary> --version` already prints `version`.
fn ensure_cargo_tool(
    ws: &Workspace,
    binary: &str,
    package: &str,
    version: &str,
    locked: Locked,
) -> Result<()> {
    let installed = shell::probe(ws.cmd(binary).arg("--version"));
    if installed.as_deref().and_then(printed_version) == Some(version) {
        return Ok(());
    }
    let mut install = ws.cargo();
    install.args(["install", package, "--version", version]);
    if locked == Locked::Yes {
        install.arg("--locked");
    }
    shell::run(&mut install).with_context(|| format!("cannot install {package} {version}"))
}

/// The version in a `--version` line such as `trunk 0.21.14`.
fn printed_version(line: &str) -> Option<&str> {
    line.split_whitespace().nth(1)
}

/// Runs `npm ci` in tests/ unless node_modules already matches the lockfile.
fn ensure_npm_packages(ws: &Workspace) -> Result<()> {
    shell::probe(ws.cmd("node").arg("--version"))
        .context("Node.js 20 or later is needed for wasm-opt and the browser tests")?;
    let tests = ws.root().join("tests");
    let lockfile = std::fs::read(tests.join("package-lock.json"))
        .context("cannot read tests/package-lock.json")?;
    // A copy of the lockfile that `npm ci` last installed: comparing whole
    // files needs no hash function and cannot collide.
    let stamp = tests.join("node_modules").join(".xtask-installed-lock.json");
    if std::fs::read(&stamp).is_ok_and(|installed| installed == lockfile) {
        return Ok(());
    }
    shell::run(ws.cmd("npm").args(["ci", "--prefix", "tests", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, lockfile).with_context(|| format!("cannot write {}", stamp.display()))
}

/// The version of `package` in a Cargo.lock file.
fn locked_version<'a>(lockfile: &'a str, package: &str) -> Option<&'a str> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lockfile.lines();
    lines.find(|line| *line == name_line)?;
    lines.next()?.strip_prefix("version = \"")?.strip_suffix('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_version_reads_the_line_after_the_name() {
        let lockfile = "\
[[package]]
name = \"wasm-bindgen-futures\"
version = \"0.4.80\"

[[package]]
name = \"wasm-bindgen\"
version = \"0.2.130\"
";
        assert_eq!(locked_version(lockfile, "wasm-bindgen"), Some("0.2.130"));
        assert_eq!(locked_version(lockfile, "leptos"), None);
    }

    #[test]
    fn printed_version_is_the_second_word() {
        assert_eq!(printed_version("trunk 0.21.14\n"), Some("0.21.14"));
        assert_eq!(printed_version("wasm-bindgen 0.2.130"), Some("0.2.130"));
        // twiggy names its command-line crate.
        assert_eq!(printed_version("twiggy-opt 0.8.0"), Some("0.8.0"));
        assert_eq!(printed_version(""), None);
    }

    #[test]
    fn the_engines_installed_are_the_ones_the_end_to_end_tests_start() {
        let driver = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/support/engines.mjs"),
        )
        .unwrap();
        for tool in [FIREFOX, WEBKIT_DRIVER, XVFB] {
            assert!(
                driver.contains(&format!("'{}'", tool.binary)),
                "tests/support/engines.mjs starts {}",
                tool.binary
            );
        }
    }
}
