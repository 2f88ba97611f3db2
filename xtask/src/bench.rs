//! `cargo xtask bench`: what a learner on a slow link downloads, and how long
//! until the home page responds.
//!
//! Every line is `name value unit`, so runs can be compared with `diff` or a
//! script. Sizes are per file, summed: that is how a server compresses them.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::shell::{self, Workspace};
use crate::{app, tools};

/// Enough runs for a stable median on a shared two-core machine.
pub const DEFAULT_RUNS: u32 = 5;

/// Builds the release, prints its download sizes, then the time to interactive.
pub fn run(ws: &Workspace, runs: u32) -> Result<()> {
    tools::ensure_debian_packages(ws, &[tools::CHROMIUM])?;
    tools::ensure_build_tools(ws)?;
    app::build_release(ws)?;
    for line in size_lines(&ws.root().join("dist"))? {
        println!("{line}");
    }
    for line in exercise_lines(&ws.root().join("assets"))? {
        println!("{line}");
    }
    for line in resume_lines(&ws.root().join("assets"))? {
        println!("{line}");
    }
    // tests/bench/tti.mjs prints its own lines in the same format.
    shell::run(ws.cmd("node").args(["tests/bench/tti.mjs", "--runs", &runs.to_string()]))
}

/// What each exercise's own content adds to a learner's download in one
/// language: its structure file and its strings in the default catalog, as
/// the catalog holds them.
fn exercise_lines(assets: &Path) -> Result<Vec<String>> {
    let content = validated(assets)?;
    let catalog = &content.catalogs[0];
    let mut lines = Vec::new();
    for kind in engine::ExerciseKind::ALL {
        let path = assets.join("content").join("exercises").join(format!("{}.json", kind.slug()));
        let mut bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let prefix = format!("{}.", kind.slug());
        for key in catalog.keys().filter(|key| key.starts_with(&prefix)) {
            let text = catalog.get(key).unwrap_or_default();
            bytes.extend(format!("{key:?}: {text:?},\n").into_bytes());
        }
        lines.extend(Sizes::of(&bytes)?.lines(&format!("exercise_{}_content", kind.slug())));
    }
    Ok(lines)
}

fn validated(assets: &Path) -> Result<engine::content::Content> {
    engine::content::SourceSet::read_dir(assets)
        .map_err(engine::content::ContentErrors)
        .and_then(|sources| engine::content::validate(&sources))
        .map_err(|errors| anyhow::anyhow!("invalid content:\n{errors}"))
}

/// The encoded size of the largest resume states the exercises produce
/// today: a finished quiz attempt, and a finished case attempt with its
/// stage round, each with every interaction and objective in the ledger.
/// Each must stay below SCORM 1.2's 4,096 characters.
fn resume_lines(assets: &Path) -> Result<Vec<String>> {
    let content = validated(assets)?;
    Ok(vec![
        format!("resume_full_quiz {} chars", full_quiz_resume(&content)?.encode().len()),
        format!("resume_full_cases {} chars", full_cases_resume(&content)?.encode().len()),
    ])
}

/// A resume state holding `session` with every interaction and objective indexed.
fn resume_of(session: &impl engine::exercises::ExerciseSession) -> engine::resume::ResumeState {
    let mut state = engine::resume::ResumeState::default();
    state.exercises.insert(session.kind(), session.saved_form());
    for interaction in session.interactions() {
        state.interactions.index_of(session.kind(), session.attempt(), &interaction.id);
    }
    for objective in session.objectives() {
        state.objectives.index_of(session.kind(), 0, &objective.id);
    }
    state
}

fn full_cases_resume(content: &engine::content::Content) -> Result<engine::resume::ResumeState> {
    use engine::exercises::cluster_types::{CaseSession, Stage, Step};

    let mut session = CaseSession::new(content.course.cases(), 1);
    let act_error = |err| anyhow::anyhow!("cases refused a scripted step: {err}");
    session.begin(0).map_err(act_error)?;
    while let Some(current) = session.current_case() {
        let (id, right) = (current.vignette.id().to_owned(), current.vignette.structure());
        match session.step() {
            Step::Sorting => session.classify(&id, right, 1).map_err(act_error)?,
            _ => session.choose_stage(&id, Stage::Organised, 1).map_err(act_error)?,
        };
        session.next(2).map_err(act_error)?;
        if session.step() == Step::Results && session.stage_round_open() {
            session.begin_stages(3).map_err(act_error)?;
        }
    }
    Ok(resume_of(&session))
}

fn full_quiz_resume(content: &engine::content::Content) -> Result<engine::resume::ResumeState> {
    use engine::exercises::aec_quiz::QuizSession;
    use engine::vocabulary::Role;

    let quiz = content.course.quiz();
    let mut session = QuizSession::new(quiz, 1);
    let act_error = |err| anyhow::anyhow!("quiz refused a scripted step: {err}");
    session.choose_audience(Role::SupportInstitution, 0).map_err(act_error)?;
    while let Some(current) = session.current_item() {
        let (id, key) = (current.item.id().to_owned(), current.item.key().to_vec());
        session.answer(&id, &key, 1).map_err(act_error)?;
        session.next(2).map_err(act_error)?;
    }
    let statements: Vec<String> = session.statements().iter().map(|s| s.id().to_owned()).collect();
    for statement in &statements {
        session.rate(statement, 2, 3).map_err(act_error)?;
    }
    session.finish(4).map_err(act_error)?;
    Ok(resume_of(&session))
}

/// The parts of a download, in the order they are reported.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    Wasm,
    Js,
    Css,
    Html,
    Content,
}

const PARTS: [Part; 5] = [Part::Wasm, Part::Js, Part::Css, Part::Html, Part::Content];

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Wasm => "wasm",
            Part::Js => "js",
            Part::Css => "css",
            Part::Html => "html",
            Part::Content => "content",
        }
    }

    /// The part a file of `dist/` belongs to; `None` for files not measured.
    fn of(relative: &Path) -> Option<Part> {
        if relative.starts_with("locales") {
            return Some(Part::Content);
        }
        match relative.extension()?.to_str()? {
            "wasm" => Some(Part::Wasm),
            "js" | "mjs" => Some(Part::Js),
            "css" => Some(Part::Css),
            "html" => Some(Part::Html),
            _ => None,
        }
    }
}

/// Bytes of one file or part: as stored, and as each encoding sends it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl Sizes {
    fn of(bytes: &[u8]) -> Result<Sizes> {
        Ok(Sizes { raw: bytes.len(), gzip: gzip_len(bytes)?, brotli: brotli_len(bytes)? })
    }

    fn add(&mut self, other: Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }

    fn lines(self, name: &str) -> [String; 3] {
        [
            format!("{name}_raw {} bytes", self.raw),
            format!("{name}_gzip {} bytes", self.gzip),
            format!("{name}_brotli {} bytes", self.brotli),
        ]
    }
}

fn size_lines(dist: &Path) -> Result<Vec<String>> {
    let mut per_part = PARTS.map(|part| (part, Sizes::default()));
    for path in files_below(dist)? {
        let relative = path.strip_prefix(dist).expect("files_below lists files below dist");
        let Some(part) = Part::of(relative) else { continue };
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let file_sizes = Sizes::of(&bytes)?;
        for (_, sizes) in per_part.iter_mut().filter(|(measured, _)| *measured == part) {
            sizes.add(file_sizes);
        }
    }
    let mut total = Sizes::default();
    let mut lines = Vec::new();
    for (part, sizes) in per_part {
        lines.extend(sizes.lines(part.name()));
        total.add(sizes);
    }
    lines.extend(total.lines("total"));
    Ok(lines)
}

fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() { pending.push(path) } else { files.push(path) }
        }
    }
    files.sort();
    Ok(files)
}

/// The size of `bytes` as `gzip -9` sends it.
fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// The size of `bytes` as `brotli -q 11` (window 2^22, brotli's default) sends it.
fn brotli_len(bytes: &[u8]) -> Result<usize> {
    const QUALITY: u32 = 11;
    const WINDOW_LOG2: u32 = 22;
    const BUFFER: usize = 64 * 1024;
    let mut encoded = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut encoded, BUFFER, QUALITY, WINDOW_LOG2);
        encoder.write_all(bytes)?;
    }
    Ok(encoded.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("assets")
    }

    #[test]
    fn the_largest_resume_states_fit_scorm_1_2_suspend_data() {
        let content = validated(&assets()).unwrap();
        for state in [full_quiz_resume(&content).unwrap(), full_cases_resume(&content).unwrap()] {
            assert!(!state.exercises.is_empty());
            assert!(state.encode_for(engine::scorm::Version::Scorm12).is_ok());
        }
        let cases = full_cases_resume(&content).unwrap();
        // Eight cases and the stage round of those that have a stage.
        assert!(cases.interactions.len() > 8, "{}", cases.interactions.len());
    }

    #[test]
    fn each_exercise_reports_its_content_bytes() {
        let lines = exercise_lines(&assets()).unwrap();
        assert_eq!(lines.len(), 3 * engine::ExerciseKind::ALL.len());
        assert!(lines[3].starts_with("exercise_cluster-types_content_raw "), "{lines:?}");
    }

    #[test]
    fn parts_follow_directory_then_extension() {
        let part = |path: &str| Part::of(Path::new(path));
        assert_eq!(part("clusterlab-1a2b_bg.wasm"), Some(Part::Wasm));
        assert_eq!(part("clusterlab-1a2b.js"), Some(Part::Js));
        assert_eq!(part("style-3c4d.css"), Some(Part::Css));
        assert_eq!(part("index.html"), Some(Part::Html));
        assert_eq!(part("locales/th.json"), Some(Part::Content));
        assert_eq!(part("icon.png"), None);
    }

    #[test]
    fn compression_shrinks_repetitive_bytes() {
        let bytes = "ui.status.not-started ".repeat(1000);
        let sizes = Sizes::of(bytes.as_bytes()).unwrap();
        assert_eq!(sizes.raw, bytes.len());
        assert!(sizes.gzip < sizes.raw / 10, "{sizes:?}");
        assert!(sizes.brotli < sizes.raw / 10, "{sizes:?}");
    }

    #[test]
    fn lines_are_name_value_unit() {
        let sizes = Sizes { raw: 30, gzip: 20, brotli: 10 };
        assert_eq!(
            sizes.lines("wasm"),
            ["wasm_raw 30 bytes", "wasm_gzip 20 bytes", "wasm_brotli 10 bytes"]
        );
    }
}
