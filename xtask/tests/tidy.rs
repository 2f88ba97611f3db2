//! Tidy checks: repository-wide rules, written as tests so that `cargo test`
//! enforces them (as rust-analyzer does).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use engine::content::{Source, SourceSet, parse_catalog, validate, validate_structure};

/// Crates that only make sense in a browser. The engine must stay testable
/// natively and deterministically, so none of them may reach it.
const WEB_CRATES: &[&str] = &["leptos", "web-sys", "js-sys", "wasm-bindgen", "getrandom", "gloo"];

/// Debugging leftovers and placeholders that must not ship, by macro name.
/// The app talks to the learner through the UI, never through stdout.
const FORBIDDEN_MACROS: &[&str] =
    &["dbg", "todo", "unimplemented", "print", "println", "eprint", "eprintln"];

#[test]
fn architecture_md_names_every_crate() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let missing: Vec<String> =
        workspace_crates().into_iter().filter(|name| !contains_word(&architecture, name)).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md does not mention the crates {missing:?}");
}

#[test]
fn engine_has_no_web_dependencies() {
    // `--target all`, because web crates usually hide behind a wasm32 `cfg`.
    let tree =
        cargo(&["tree", "-p", "engine", "-e", "normal", "--target", "all", "--prefix", "none"]);
    let web: BTreeSet<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| WEB_CRATES.iter().any(|web| is_same_family(name, web)))
        .collect();
    assert!(web.is_empty(), "engine depends on web crates {web:?}; see ARCHITECTURE.md");
}

/// The engine's top-level modules depend on each other without a circle, so
/// that each can be read, tested and moved with only what lies below it
/// (tests may reach anywhere).
#[test]
fn engine_modules_import_each_other_without_a_circle() {
    let src = root().join("engine").join("src");
    let lib = read(&src.join("lib.rs"));
    let modules: Vec<&str> =
        lib.lines().filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    // `pub use exercise::ExerciseKind;` lets `crate::ExerciseKind` name a module.
    let reexports: Vec<(&str, &str)> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub use ")?.strip_suffix(';')?.split_once("::"))
        .map(|(module, item)| (item, module))
        .collect();
    let mut imports: Vec<(String, BTreeSet<String>)> = Vec::new();
    for module in &modules {
        let folder = src.join(module);
        let mut files = if folder.is_dir() { rust_files(&folder) } else { Vec::new() };
        files.push(src.join(format!("{module}.rs")));
        let mut used = BTreeSet::new();
        for file in files.iter().filter(|file| file.exists() && !file.ends_with("tests.rs")) {
            let text = read(file);
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for path in code.split("crate::").skip(1) {
                let name: String = path.chars().take_while(|c| is_identifier_char(*c)).collect();
                let target = reexports
                    .iter()
                    .find(|(item, _)| *item == name)
                    .map_or(name.as_str(), |(_, module)| module);
                if modules.contains(&target) && target != *module {
                    used.insert(target.to_owned());
                }
            }
        }
        imports.push(((*module).to_owned(), used));
    }
    let uses = |module: &str| {
        imports
            .iter()
            .find(|(name, _)| name == module)
            .map(|(_, used)| used.clone())
            .unwrap_or_default()
    };
    for (start, _) in &imports {
        let mut path = vec![start.clone()];
        let mut stack = vec![uses(start).into_iter().collect::<Vec<_>>()];
        while let Some(next) = stack.last_mut() {
            let Some(module) = next.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            assert!(
                module != *start,
                "engine modules import each other in a circle: {} -> {start}",
                path.join(" -> ")
            );
            if !path.contains(&module) {
                stack.push(uses(&module).into_iter().collect());
                path.push(module);
            }
        }
    }
}

/// The browser gets content that the build validated, in compact form: the
/// validator, the parsers of the content files and the files themselves
/// stay out of the code that ships, because every byte of it is downloaded.
#[test]
fn the_browser_code_never_parses_or_validates_content_files() {
    const VALIDATION: &[&str] = &[
        "validate",
        "validate_structure",
        "parse_catalog",
        "bundled_structure",
        "bundled_default_catalog",
    ];
    let found = lines_naming(&["src", "components/src"], |line| {
        // Comments may speak of validation; code may not call it.
        let code = line.split("//").next().unwrap_or_default();
        VALIDATION
            .iter()
            .filter(|name| contains_word(code, name))
            .map(|name| name.to_string())
            .collect()
    });
    assert!(found.is_empty(), "content validation in browser code:\n{}", found.join("\n"));
}

#[test]
fn no_debugging_leftovers() {
    let found = lines_naming(&["src", "components/src", "engine/src"], |line| {
        FORBIDDEN_MACROS
            .iter()
            .filter(|name| contains_macro(line, name))
            .map(|name| format!("{name}!"))
            .collect()
    });
    assert!(found.is_empty(), "remove these before committing:\n{}", found.join("\n"));
}

#[test]
fn every_ui_key_in_code_is_in_the_default_catalog() {
    let sources = SourceSet::read_dir(&root().join("assets")).expect("assets/ is readable");
    let course = validate_structure(&sources).unwrap_or_else(|errors| panic!("{errors}"));
    let catalog_path =
        root().join("assets/locales").join(format!("{}.json", course.default_locale()));
    let catalog = parse_catalog(&Source::new(display(&catalog_path), read(&catalog_path)))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let mut missing = Vec::new();
    for dir in ["src", "components/src"] {
        for path in rust_files(&root().join(dir)) {
            let text = read(&path);
            for (line_idx, line) in text.lines().enumerate() {
                for key in ui_keys(line).filter(|key| catalog.get(key).is_none()) {
                    missing.push(format!("{}:{}: {key}", display(&path), line_idx + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these keys are not in {}:\n{}",
        display(&catalog_path),
        missing.join("\n")
    );
}

#[test]
fn content_is_valid_and_every_locale_has_every_key() {
    let sources = SourceSet::read_dir(&root().join("assets"))
        .unwrap_or_else(|errors| panic!("{}", engine::content::ContentErrors(errors)));
    if let Err(errors) = validate(&sources) {
        panic!("{errors}");
    }
}

#[test]
fn ui_keys_are_whole_literals_of_key_characters() {
    let keys = |line| ui_keys(line).collect::<Vec<_>>();
    assert_eq!(keys(r#"t(i18n, "ui.home.heading")"#), ["ui.home.heading"]);
    assert_eq!(
        keys(r#"("ui.country.KH", "ui.role.support-institution")"#),
        ["ui.country.KH", "ui.role.support-institution"]
    );
    // Templates and prefixes are completed at run time, so other tests cover them.
    assert!(keys(r#"format!("ui.status.{}", status)"#).is_empty());
    assert!(keys(r#"concat("ui.country.", code)"#).is_empty());
    assert!(keys(r#"let unrelated = "ui";"#).is_empty());
}

#[test]
fn macros_match_whole_names_only() {
    assert!(contains_macro("    println!(\"x\");", "println"));
    assert!(contains_macro("dbg!(x)", "dbg"));
    assert!(!contains_macro("eprintln!(\"x\");", "println"));
    assert!(!contains_macro("my_dbg!(x)", "dbg"));
    assert!(!contains_macro("let dbg = 1;", "dbg"));
}

#[test]
fn words_match_whole_words_only() {
    assert!(contains_word("The `engine` crate", "engine"));
    assert!(contains_word("engine/src/lib.rs", "engine"));
    assert!(!contains_word("an engineer wrote", "engine"));
    assert!(!contains_word("xtask-like", "xtask"));
}

/// The string literals on `line` that are whole UI keys, such as `"ui.nav.home"`.
/// `path:line: what` for everything `names` finds on a line of the Rust
/// files below `dirs`.
fn lines_naming(dirs: &[&str], names: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    let mut found = Vec::new();
    for dir in dirs {
        for path in rust_files(&root().join(dir)) {
            let text = read(&path);
            for (line_idx, line) in text.lines().enumerate() {
                for name in names(line) {
                    found.push(format!("{}:{}: {name}", display(&path), line_idx + 1));
                }
            }
        }
    }
    found
}

fn ui_keys(line: &str) -> impl Iterator<Item = &str> {
    line.match_indices("\"ui.").filter_map(|(start, _)| {
        let literal = &line[start + 1..];
        let key = &literal[..literal.find('"')?];
        let is_key_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
        (key.chars().all(is_key_char) && !key.ends_with('.')).then_some(key)
    })
}

/// Whether `line` calls the macro `name` (such as `dbg`), not one ending in it.
fn contains_macro(line: &str, name: &str) -> bool {
    let call = format!("{name}!(");
    line.match_indices(&call).any(|(start, _)| !line[..start].ends_with(is_identifier_char))
}

/// Whether `text` has `word` with no identifier character on either side.
fn contains_word(text: &str, word: &str) -> bool {
    let is_name_char = |c: char| is_identifier_char(c) || c == '-';
    text.match_indices(word).any(|(start, _)| {
        !text[..start].ends_with(is_name_char)
            && !text[start + word.len()..].starts_with(is_name_char)
    })
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a crate belongs to a family such as `leptos` (`leptos_dom`) or
/// `wasm-bindgen` (`wasm-bindgen-futures`).
fn is_same_family(name: &str, family: &str) -> bool {
    name.strip_prefix(family).is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '_']))
}

fn workspace_crates() -> Vec<String> {
    let metadata = cargo(&["metadata", "--no-deps", "--format-version", "1"]);
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).expect("cargo metadata prints JSON");
    metadata["packages"]
        .as_array()
        .expect("cargo metadata lists packages")
        .iter()
        .map(|package| package["name"].as_str().expect("packages have names").to_owned())
        .collect()
}

fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|err| panic!("cannot run cargo {args:?}: {err}"));
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("cargo prints UTF-8")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entries are readable").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is below the root").to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", display(path)))
}

/// A path relative to the workspace root, as in the editor's file list.
fn display(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}
