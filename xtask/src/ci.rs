//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! After the tools are in place, cheap checks come first, so that a
//! formatting slip fails in seconds rather than after the browser tests.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::shell::{self, Workspace};
use crate::{app, package, tools};

type Step = fn(&Workspace) -> Result<()>;

const STEPS: &[(&str, Step)] = &[
    ("install tools", install_tools),
    ("rustfmt", check_format),
    ("clippy (native)", clippy_native),
    ("clippy (wasm32)", clippy_wasm),
    ("tests (native)", test_native),
    ("loader tests (node)", test_loader),
    ("docs", check_docs),
    ("browser tests (wasm32, headless Chromium)", test_in_browser),
    ("release build", app::build_release),
    ("packages (SCORM zips, manifests against the official XSDs)", package::test),
    ("end-to-end tests", test_end_to_end),
];

/// Runs every step; the error names the step that failed.
pub fn test(ws: &Workspace) -> Result<()> {
    let started = stopwatch();
    let mut timings = Vec::new();
    for (step_idx, (name, step)) in STEPS.iter().enumerate() {
        let step_started = stopwatch();
        println!("\n==> xtask test [{}/{}]: {name}", step_idx + 1, STEPS.len());
        step(ws).with_context(|| {
            format!("xtask test: step {}/{} `{name}` failed", step_idx + 1, STEPS.len())
        })?;
        timings.push(format!("{name} {}", minutes(step_started.elapsed())));
    }
    println!(
        "\nxtask test: all {} steps succeeded in {} ({})",
        STEPS.len(),
        minutes(started.elapsed()),
        timings.join(", ")
    );
    Ok(())
}

fn install_tools(ws: &Workspace) -> Result<()> {
    tools::ensure_debian_packages(
        ws,
        &[
            tools::CHROMIUM,
            tools::CHROMEDRIVER,
            tools::XMLLINT,
            tools::FIREFOX,
            tools::WEBKIT_DRIVER,
            tools::XVFB,
        ],
    )?;
    tools::ensure_build_tools(ws)
}

fn check_format(ws: &Workspace) -> Result<()> {
    shell::run(ws.cargo().args(["fmt", "--all", "--", "--check"]))
}

fn clippy_native(ws: &Workspace) -> Result<()> {
    shell::run(ws.cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
}

/// The browser-side crates also compile for wasm32, where `cfg`'d code
/// differs; the app also without any exercise view, as the packages of
/// exercises not built yet carry it.
fn clippy_wasm(ws: &Workspace) -> Result<()> {
    let wasm_clippy = |extra: &[&str]| {
        let mut cargo = ws.cargo();
        cargo.args(["clippy", "-p", "clusterlab", "-p", "components"]);
        cargo.args(extra);
        cargo.args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]);
        shell::run(&mut cargo)
    };
    wasm_clippy(&["--all-targets"])?;
    wasm_clippy(&["--no-default-features"])
}

fn test_native(ws: &Workspace) -> Result<()> {
    shell::run(ws.cargo().args(["test", "--workspace"]))
}

/// The loader's LZMA decoder against what `xz` writes (tests/loader/).
fn test_loader(ws: &Workspace) -> Result<()> {
    shell::run(ws.cmd("node").args(["--test", "--test-reporter=spec", "tests/loader/"]))
}

fn check_docs(ws: &Workspace) -> Result<()> {
    shell::run(ws.cargo().env("RUSTDOCFLAGS", "-D warnings").args([
        "doc",
        "--no-deps",
        "--workspace",
    ]))
}

/// The components' DOM tests, under wasm-bindgen-test-runner in headless Chromium.
fn test_in_browser(ws: &Workspace) -> Result<()> {
    let capabilities = write_webdriver_capabilities(ws)?;
    shell::run(
        ws.cargo()
            .env("CHROMEDRIVER", tools::CHROMEDRIVER.binary)
            // Spelled out, so this step does not depend on .cargo/config.toml.
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &capabilities)
            // The defaults (20 s per test binary, 5 s for chromedriver to
            // start) are too tight on a busy two-core CI machine.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
            .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60")
            .args(["test", "-p", "components", "--target", "wasm32-unknown-unknown"]),
    )
}

/// Writes [`webdriver_capabilities`] where wasm-bindgen-test-runner will find
/// them, and returns their path.
fn write_webdriver_capabilities(ws: &Workspace) -> Result<PathBuf> {
    let dir = ws.root().join("target").join("xtask");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("webdriver.json");
    std::fs::write(&path, webdriver_capabilities())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// What wasm-bindgen-test-runner asks chromedriver for. The runner adds
/// `headless`, `no-sandbox` (needed as root) and `disable-dev-shm-usage` itself.
fn webdriver_capabilities() -> String {
    // Without the networking flags Chromium keeps trying to reach Google's
    // services, which a closed CI network refuses, many times per start.
    format!(
        r#"{{
  "goog:chromeOptions": {{
    "binary": "{}",
    "args": [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  }}
}}
"#,
        tools::CHROMIUM.binary
    )
}

fn test_end_to_end(ws: &Workspace) -> Result<()> {
    // The spec reporter prints each test and the closing `tests`/`pass`/`fail`
    // counts whether or not the output is a terminal.
    shell::run(ws.cmd("node").args(["--test", "--test-reporter=spec", "tests/e2e/"]))
}

#[allow(clippy::disallowed_methods, reason = "xtask runs natively, where Instant::now works")]
fn stopwatch() -> Instant {
    Instant::now()
}

fn minutes(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webdriver_capabilities_are_json_naming_debians_chromium() {
        let capabilities: serde_json::Value =
            serde_json::from_str(&webdriver_capabilities()).unwrap();
        let options = &capabilities["goog:chromeOptions"];
        assert_eq!(options["binary"], "/usr/bin/chromium");
        assert!(
            options["args"].as_array().unwrap().contains(&"--disable-background-networking".into())
        );
    }
}
