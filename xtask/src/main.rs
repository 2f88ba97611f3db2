//! `cargo xtask <task>`: the project's build, test and measurement tasks.
//!
//! Every task installs the tools it needs, and only when the right version is
//! missing, so a fresh Debian machine, a developer's laptop and CI all run the
//! same commands. `cargo xtask test` is the whole of CI (`.ci/run` calls it).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "xtask is a command-line tool: the terminal is its interface"
)]

mod app;
mod bench;
mod catalogs;
mod check_content;
mod ci;
mod pack;
mod package;
mod shell;
mod tools;

use std::path::Path;
use std::process::ExitCode;

use shell::Workspace;

const USAGE: &str = "\
Usage: cargo xtask <task>

Tasks:
  serve            build the app and serve it at http://127.0.0.1:8080, rebuilding on change
  test             run everything CI runs: format, lints, tests, docs, browser tests, packages, end to end
  check-content    validate the course content under assets/
  bench [--runs N] report download sizes and time to interactive (median of N runs, default 5)
  package [--mastery-score N]
                   build the SCORM 1.2 and 2004 zips for Moodle into dist/packages/;
                   N (0-100) adds a mastery score, which packages have none of by default
  pack             (run by Trunk after every build) precompress the build for delivery
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ws = Workspace::locate();
    // Paths in messages, such as content errors, are then relative to the root.
    if let Err(err) = std::env::set_current_dir(ws.root()) {
        eprintln!("error: cannot enter {}: {err}", ws.root().display());
        return ExitCode::FAILURE;
    }
    let result = match args.as_slice() {
        ["serve"] => app::serve(&ws),
        ["test"] => ci::test(&ws),
        ["check-content"] => check_content::run(Path::new("assets")),
        ["bench"] => bench::run(&ws, bench::DEFAULT_RUNS),
        ["bench", "--runs", runs] => match runs.parse() {
            Ok(runs) if runs > 0 => bench::run(&ws, runs),
            _ => return usage_error(&format!("`--runs` needs a positive number, not `{runs}`")),
        },
        ["pack"] => pack::run(&ws),
        ["package"] => package::run(&ws, None),
        ["package", "--mastery-score", score] => match package::MasteryScore::parse(score) {
            Some(score) => package::run(&ws, Some(score)),
            None => {
                return usage_error(&format!(
                    "`--mastery-score` needs a whole number from 0 to 100, not `{score}`"
                ));
            }
        },
        [] | ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return usage_error(&format!("unknown task `{}`", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprint!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
