//! `cargo xtask bench`: what a learner on a slow link downloads, how long
//! until the quiz responds, and what takes the room in the wasm.
//!
//! Every line is `name value unit`, so runs can be compared with `diff` or a
//! script. Sizes are per file, summed: that is how a server compresses them.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::shell::{self, Workspace};
use crate::{app, check_content, pack, tools};

/// Enough runs for a stable median on a shared two-core machine.
pub const DEFAULT_RUNS: u32 = 5;

/// The release wasm as rustc leaves it, before wasm-bindgen and wasm-opt
/// strip its names.
const NAMED_WASM: &str = "target/wasm32-unknown-unknown/release/clusterlab.wasm";

/// How many of the largest wasm items the report lists.
const TOP_ITEMS: usize = 25;

/// Crates smaller than this are summed into one line.
const CRATE_LINE_MIN_BYTES: u64 = 1024;

/// Where items whose name has no path go, such as data segments.
const NO_CRATE: &str = "[no crate]";

/// Builds the releases, prints the download sizes of the course and of the
/// quiz's own package, what fills the course's wasm, then the quiz package's
/// bytes and time to interactive.
pub fn run(ws: &Workspace, runs: u32) -> Result<()> {
    tools::ensure_debian_packages(ws, &[tools::CHROMIUM])?;
    tools::ensure_build_tools(ws)?;
    tools::ensure_twiggy(ws)?;
    app::build_exercise_releases(ws)?;
    // Last, so that the named wasm the size report reads is the course's.
    app::build_release(ws)?;
    let quiz_package = app::exercise_release_dir(ws, engine::ExerciseKind::AecQuiz);
    for (prefix, build) in
        [("course_", ws.root().join("dist")), ("quiz_package_", quiz_package.clone())]
    {
        for line in size_lines(ws, &build)? {
            println!("{prefix}{line}");
        }
    }
    for line in exercise_lines(&ws.root().join("assets"))? {
        println!("{line}");
    }
    for line in resume_lines(&ws.root().join("assets"))? {
        println!("{line}");
    }
    let csv = shell::read(ws.cmd("twiggy").args(["top", "-f", "csv", NAMED_WASM]))?;
    for line in wasm_lines(&csv)? {
        println!("{line}");
    }
    // The example and both scripts print their own lines in the same format.
    shell::run(ws.cargo().args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "engine",
        "--example",
        "montecarlo",
    ]))?;
    shell::run(
        ws.cmd("node")
            .arg("tests/bench/montecarlo.mjs")
            .args(["--runs", &runs.to_string()])
            .arg("--dist")
            .arg(ws.root().join("dist")),
    )?;
    shell::run(
        ws.cmd("node")
            .arg("tests/bench/tti.mjs")
            .args(["--runs", &runs.to_string()])
            .arg("--dist")
            .arg(&quiz_package),
    )
}

/// What each exercise's own content adds to a learner's download in one
/// language: its structure file and its strings in the default catalog, as
/// the catalog holds them.
fn exercise_lines(assets: &Path) -> Result<Vec<String>> {
    let content = check_content::validated(assets)?;
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

/// The encoded size of the largest resume states the exercises produce
/// today: a finished quiz attempt, a finished case attempt with its stage
/// round and a consortium played to its last quarter with its decisions,
/// each with every interaction and objective in the ledger, and all three
/// in one state, as a course SCO keeps them. Each must stay below SCORM
/// 1.2's 4,096 characters.
fn resume_lines(assets: &Path) -> Result<Vec<String>> {
    let content = check_content::validated(assets)?;
    Ok(full_resume_states(&content)?
        .iter()
        .map(|(name, state)| format!("resume_full_{name} {} chars", state.encode().len()))
        .collect())
}

/// Each exercise's largest resume state by name, then `all` of them in one.
fn full_resume_states(
    content: &engine::content::Content,
) -> Result<Vec<(&'static str, engine::resume::ResumeState)>> {
    let (quiz, cases) = (full_quiz(content)?, full_cases(content)?);
    let (consortium, plan) = (full_consortium(content)?, full_plan(content)?);
    let alone = |fill: &dyn Fn(&mut engine::resume::ResumeState)| {
        let mut state = engine::resume::ResumeState::default();
        fill(&mut state);
        state
    };
    Ok(vec![
        ("quiz", alone(&|state| record(state, &quiz))),
        ("cases", alone(&|state| record(state, &cases))),
        ("consortium", alone(&|state| record(state, &consortium))),
        ("plan", alone(&|state| record(state, &plan))),
        (
            "all",
            alone(&|state| {
                record(state, &quiz);
                record(state, &cases);
                record(state, &consortium);
                record(state, &plan);
            }),
        ),
    ])
}

/// Puts `session` into `state` with every interaction and objective indexed.
fn record(
    state: &mut engine::resume::ResumeState,
    session: &impl engine::exercises::ExerciseSession,
) {
    state.exercises.insert(session.kind(), session.saved_form());
    for interaction in session.interactions() {
        state.interactions.index_of(session.kind(), session.attempt(), &interaction.id);
    }
    for objective in session.objectives() {
        state.objectives.index_of(session.kind(), 0, &objective.id);
    }
}

fn full_cases(
    content: &engine::content::Content,
) -> Result<engine::exercises::cluster_types::CaseSession> {
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
    Ok(session)
}

/// The good formation played to its end, every plan as the content gives
/// it and every decision answered, which is as long as a saved run gets.
fn full_consortium(
    content: &engine::content::Content,
) -> Result<engine::exercises::consortium::ConsortiumSession> {
    use engine::exercises::consortium::{ConsortiumSession, Step};

    let consortium = content.course.consortium();
    let good = consortium.good();
    let mut session = ConsortiumSession::new(consortium, 1);
    let act_error = |err| anyhow::anyhow!("the consortium refused a scripted step: {err}");
    session.found(good.formation().clone(), 0).map_err(act_error)?;
    let mut plans = good.plans().iter().cycle();
    loop {
        match session.step() {
            Step::Planning => {
                let plan = plans.next().cloned().unwrap_or_default();
                session.play(plan, 1).map_err(act_error)?
            }
            Step::Deciding => {
                let kind = session.run().and_then(|run| run.pending()).map(|pending| pending.kind);
                let response = kind.context("a decision waits")?.recommended();
                session.decide(response, 2).map_err(act_error)?
            }
            Step::Forming | Step::Debrief => break,
        };
    }
    Ok(session)
}

/// The length of learner text the plan builder must keep under SCORM 1.2.
const PLAN_TEXT_CHARS: usize = 3_000;

/// A plan of [`PLAN_TEXT_CHARS`] characters of English prose (the worked
/// examples, field after field) with the example action plan and every
/// criterion rated: what a learner who wrote a full draft saves.
fn full_plan(
    content: &engine::content::Content,
) -> Result<engine::exercises::cluster_plan::PlanSession> {
    use engine::exercises::cluster_plan::{FieldKind, PlanSession, PlanSetup, RowEdit};

    let plan = content.course.plan();
    let english = content.catalogs.first().context("the default catalog")?;
    let window_year = 2026;
    let today = chrono::NaiveDate::from_ymd_opt(window_year, 1, 15).context("a date")?;
    let mut session = PlanSession::new(&PlanSetup::new(plan, today, &[]));
    let act_error = |err| anyhow::anyhow!("the plan refused a scripted step: {err}");
    let mut left = PLAN_TEXT_CHARS;
    let prose: Vec<String> = plan
        .sections()
        .iter()
        .filter_map(|section| english.get(&section.example_key()).map(str::to_owned))
        .collect();
    let mut words = prose.iter().flat_map(|text| text.split_whitespace()).cycle();
    for (_, field) in plan.sections().iter().flat_map(|s| s.fields().iter().map(move |f| (s, f))) {
        if field.kind() == FieldKind::Number {
            session.set_number(field.id(), Some(42), 0).map_err(act_error)?;
            continue;
        }
        let mut text = String::new();
        let budget = field.max_chars().min(left).min(400);
        // A list field gets an item of eight words per line.
        let mut count = 0;
        while let Some(word) = words.next().filter(|word| text.len() + word.len() < budget) {
            count += 1;
            text.push_str(word);
            let item_ends = field.kind() == FieldKind::Lines && count % 8 == 0;
            text.push(if item_ends { '\n' } else { ' ' });
        }
        left -= text.chars().count().min(left);
        session.set_text(field.id(), text.trim_end(), 0).map_err(act_error)?;
    }
    for example in plan.action_plan().example() {
        let text = |key: String| english.get(&key).unwrap_or_default().to_owned();
        let row = match session.add_row(0).map_err(act_error)? {
            engine::exercises::cluster_plan::Outcome::RowAdded { row } => row,
            other => anyhow::bail!("adding a row did {other:?}"),
        };
        for edit in [
            RowEdit::Activity(text(example.activity_key())),
            RowEdit::Responsible(text(example.responsible_key())),
            RowEdit::Start(Some(example.start(window_year))),
            RowEdit::End(Some(example.end(window_year))),
            RowEdit::Amount(Some(example.budget())),
            RowEdit::Currency(Some(example.currency().to_owned())),
            RowEdit::Indicator(text(example.indicator_key())),
        ] {
            session.edit_row(row, edit, 0).map_err(act_error)?;
        }
    }
    for criterion in plan.rubric().criteria() {
        session.rate(criterion.id(), Some(2)).map_err(act_error)?;
    }
    Ok(session)
}

fn full_quiz(
    content: &engine::content::Content,
) -> Result<engine::exercises::aec_quiz::QuizSession> {
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
    Ok(session)
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

/// The sizes of the packed build in `dist`, by part: each built file as Trunk
/// wrote it (raw, and as gzip and brotli would send it), and as the package
/// stores it (LZMA, or `index.html` as it is), which a server that does not
/// compress sends.
fn size_lines(ws: &Workspace, dist: &Path) -> Result<Vec<String>> {
    let index = dist.join("index.html");
    let html = std::fs::read(&index).with_context(|| format!("cannot read {}", index.display()))?;
    let mut per_part = PARTS.map(|part| (part, Sizes::default(), 0));
    let mut add = |relative: &str, built: &[u8], stored: usize| -> Result<()> {
        let Some(part) = Part::of(Path::new(relative)) else { return Ok(()) };
        let (_, part_sizes, part_stored) = per_part
            .iter_mut()
            .find(|(listed, ..)| *listed == part)
            .expect("PARTS lists every part");
        part_sizes.add(Sizes::of(built)?);
        *part_stored += stored;
        Ok(())
    };
    add("index.html", &html, html.len())?;
    for file in pack::packed_files(&String::from_utf8_lossy(&html))? {
        let path = dist.join(&file.packed);
        let built = shell::read_bytes(
            ws.cmd(tools::XZ.binary)
                .args(["--decompress", "--format=lzma", "--stdout", "--"])
                .arg(&path),
        )?;
        let stored = std::fs::metadata(&path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len();
        add(&file.original, &built, usize::try_from(stored)?)?;
    }
    let mut total = Sizes::default();
    let mut total_stored = 0;
    let mut lines = Vec::new();
    for (part, sizes, stored) in per_part {
        lines.extend(sizes.lines(part.name()));
        lines.push(format!("{}_stored {stored} bytes", part.name()));
        total.add(sizes);
        total_stored += stored;
    }
    lines.extend(total.lines("total"));
    lines.push(format!("total_stored {total_stored} bytes"));
    Ok(lines)
}

/// The largest items of the named wasm and the bytes of each crate, from
/// `twiggy top -f csv`. What wasm-bindgen and wasm-opt remove before a
/// learner gets the wasm (custom sections, names, wasm-bindgen's
/// `__wbindgen_describe_*` functions and their exports) is one line of its own.
fn wasm_lines(csv: &str) -> Result<Vec<String>> {
    let mut items = Vec::new();
    for (line_idx, line) in csv.lines().enumerate().skip(1) {
        let fields = csv_fields(line);
        let parsed = fields.get(1).and_then(|bytes| bytes.parse::<u64>().ok());
        let (Some(name), Some(bytes)) = (fields.first(), parsed) else {
            anyhow::bail!("twiggy's CSV line {} is not `name,bytes,...`: {line}", line_idx + 1);
        };
        items.push((name.clone(), bytes));
    }
    let is_stripped = |name: &str| {
        name.starts_with("custom section ")
            || name.ends_with("\" subsection")
            || name.contains("__wbindgen_describe_")
    };
    let (stripped, code): (Vec<_>, Vec<_>) =
        items.into_iter().partition(|(name, _)| is_stripped(name));
    let mut lines: Vec<String> = code
        .iter()
        .take(TOP_ITEMS)
        .map(|(name, bytes)| format!("size_top {bytes} B {name}"))
        .collect();
    let mut per_crate: Vec<(String, u64)> = Vec::new();
    for (name, bytes) in &code {
        let krate = crate_of(name).unwrap_or(NO_CRATE);
        match per_crate.iter_mut().find(|(known, _)| known == krate) {
            Some((_, sum)) => *sum += bytes,
            None => per_crate.push((krate.to_owned(), *bytes)),
        }
    }
    per_crate.sort_by(|(a_name, a), (b_name, b)| b.cmp(a).then(a_name.cmp(b_name)));
    let (large, small): (Vec<_>, Vec<_>) = per_crate
        .into_iter()
        .partition(|(krate, bytes)| *bytes >= CRATE_LINE_MIN_BYTES || krate == NO_CRATE);
    lines.extend(large.iter().map(|(krate, bytes)| format!("size_crate {krate} {bytes} B")));
    let small_sum: u64 = small.iter().map(|(_, bytes)| bytes).sum();
    lines.push(format!("size_crate [{} smaller crates] {small_sum} B", small.len()));
    let stripped_sum: u64 = stripped.iter().map(|(_, bytes)| bytes).sum();
    lines.push(format!("size_stripped {stripped_sum} B"));
    Ok(lines)
}

/// The crate of the first path in a symbol, such as `core` in
/// `<str as core[c5930c85a12de822]::fmt::Debug>::fmt`.
fn crate_of(name: &str) -> Option<&str> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    name.match_indices("::").find_map(|(at, _)| {
        let before = &name[..at];
        // rustc's v0 symbols follow the crate with a disambiguator, `[hex]`.
        let before = match before.strip_suffix(']') {
            Some(rest) => &rest[..rest.rfind('[')?],
            None => before,
        };
        let start = before.rfind(|c: char| !is_ident(c)).map_or(0, |at| at + 1);
        let krate = &before[start..];
        krate.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_').then_some(krate)
    })
}

/// The fields of one CSV line, with `"…"` quoting and `""` for a quote.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("starts with one field").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().expect("starts with one field").push(c),
        }
    }
    fields
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
    use std::path::PathBuf;

    use super::*;

    fn assets() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("assets")
    }

    #[test]
    fn the_largest_resume_states_fit_scorm_1_2_suspend_data() {
        let content = check_content::validated(&assets()).unwrap();
        let states = full_resume_states(&content).unwrap();
        let fits = |state: &engine::resume::ResumeState| {
            state.encode_for(engine::scorm::Version::Scorm12).is_ok()
        };
        for (name, state) in states.iter().filter(|(name, _)| *name != "all") {
            assert!(!state.exercises.is_empty(), "{name}");
            assert!(fits(state), "{name}: {}", state.encode().len());
        }
        // With a full plan beside them, the others may not fit: the learner
        // is told, and the place stays on the device. Without it, they do.
        let mut others = engine::resume::ResumeState::default();
        record(&mut others, &full_quiz(&content).unwrap());
        record(&mut others, &full_cases(&content).unwrap());
        record(&mut others, &full_consortium(&content).unwrap());
        assert!(fits(&others), "{}", others.encode().len());
        let plan = full_plan(&content).unwrap();
        let written: usize = plan
            .content()
            .sections()
            .iter()
            .flat_map(|section| section.fields())
            .map(|field| plan.text(field.id()).chars().count())
            .sum();
        assert!((PLAN_TEXT_CHARS - 100..=PLAN_TEXT_CHARS).contains(&written), "{written}");
        let interactions = |wanted: &str| {
            states.iter().find(|(name, _)| *name == wanted).unwrap().1.interactions.len()
        };
        // Eight cases and the stage round of those that have a stage.
        assert!(interactions("cases") > 8, "{}", interactions("cases"));
        // The ten formation choices, then the decisions.
        assert!(interactions("consortium") >= 10, "{}", interactions("consortium"));
        // One section interaction per section written.
        assert_eq!(interactions("plan"), plan.content().sections().len());
        assert_eq!(states.last().unwrap().1.exercises.len(), engine::ExerciseKind::ALL.len());
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
    fn crates_are_the_first_path_in_a_symbol() {
        assert_eq!(crate_of("tachys::view::Render::build::h12"), Some("tachys"));
        assert_eq!(crate_of("<T as tachys::view::any_view::IntoAny>::into_any"), Some("tachys"));
        assert_eq!(crate_of("<str as core[c5930c85a12de822]::fmt::Debug>::fmt"), Some("core"));
        assert_eq!(crate_of("<&T as core::fmt::Display>::fmt"), Some("core"));
        assert_eq!(crate_of("__rustc[b7974e8690430dd9]::__rdl_realloc"), Some("__rustc"));
        assert_eq!(crate_of("data segment \".rodata\""), None);
        assert_eq!(crate_of("<[T]>::iter"), None);
    }

    #[test]
    fn csv_fields_unquote_as_twiggy_quotes() {
        assert_eq!(
            csv_fields(r#""""function names"" subsection",1112386,31.8,,"#),
            ["\"function names\" subsection", "1112386", "31.8", "", ""]
        );
        assert_eq!(csv_fields("a::b<K, V>,3"), ["a::b<K", " V>", "3"], "unquoted commas split");
        assert_eq!(csv_fields(r#""a::b<K, V>",3"#), ["a::b<K, V>", "3"]);
    }

    #[test]
    fn wasm_lines_list_the_top_items_and_sum_each_crate() {
        let mut csv = String::from(
            "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
             \"\"\"function names\"\" subsection\",5000,50,,\n\
             custom section '__wasm_bindgen_unstable',3000,30,,\n\
             \"export \"\"__wbindgen_describe___wbg_new_1\"\"\",40,0.4,,\n\
             __wbindgen_describe___wbg_new_1,60,0.6,,\n\
             leptos::mount::h1,1500,15,,\n\
             <T as leptos::IntoView>::into_view,200,2,,\n\
             \"<alloc::vec::Vec<T, A> as core::ops::Drop>::drop\",90,1,,\n\
             code[7],10,0.1,,\n",
        );
        for n in 0..30 {
            csv.push_str(&format!("engine::f{n},1,0,,\n"));
        }
        let lines = wasm_lines(&csv).unwrap();
        assert_eq!(
            lines[..5],
            [
                "size_top 1500 B leptos::mount::h1",
                "size_top 200 B <T as leptos::IntoView>::into_view",
                "size_top 90 B <alloc::vec::Vec<T, A> as core::ops::Drop>::drop",
                "size_top 10 B code[7]",
                "size_top 1 B engine::f0",
            ]
        );
        assert_eq!(lines.iter().filter(|line| line.starts_with("size_top ")).count(), TOP_ITEMS);
        assert_eq!(
            lines[TOP_ITEMS..],
            [
                "size_crate leptos 1700 B",
                "size_crate [no crate] 10 B",
                "size_crate [2 smaller crates] 120 B",
                "size_stripped 8100 B",
            ]
        );
        assert!(wasm_lines("Name,ShallowSize\nx,many\n").is_err());
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
