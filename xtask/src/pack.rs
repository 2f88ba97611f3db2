//! `cargo xtask pack`: the step Trunk runs after every build (a `post_build`
//! hook in Trunk.toml), which makes the app small on the wire from any server.
//!
//! Moodle sends a package's files as they are stored, under content types
//! that servers do not compress (`.wasm` as `document/unknown`), so the files
//! are stored compressed: each built file but `index.html` becomes
//! `<path without extension>-<hash of its content>.bin`, packed with
//! `xz --format=lzma -9e`, which beats brotli on the wasm. `index.html` gets
//! the loader (`assets/loader/`, bundled and minified by esbuild) inlined,
//! with a manifest from each built file's path to its packed file; the loader
//! fetches, decodes and starts the app, and hands the app
//! `clusterlabLoad(path)` for files it fetches later. `sw.js`, the service
//! worker that lets the app start offline, goes next to `index.html`
//! unpacked and under a name that never changes: a browser registers a
//! worker only from a script served as JavaScript, and finds its update at
//! the same address.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::shell::{self, Workspace};
use crate::{catalogs, package, tools};

/// The page Trunk writes. It stays unpacked: the browser opens it, and it
/// holds the loader and the names of the packed files.
const INDEX: &str = "index.html";

/// The loader's entry module, which imports the others.
const LOADER_ENTRY: &str = "assets/loader/boot.mjs";

/// The service worker's source, and its name in the build, where the loader
/// registers it.
const WORKER_SOURCE: &str = "assets/loader/sw.js";
const WORKER: &str = "sw.js";

/// The element of `index.html` that holds the manifest, read by the loader.
const MANIFEST_ID: &str = "cl-pack";

/// The properties byte that `xz --format=lzma` writes (lc=3, lp=0, pb=2)
/// and the low byte of its dictionary size. The loader tells packed bodies
/// from decoded ones by them (assets/loader/boot.mjs).
const LZMA_MAGIC: [u8; 2] = [0x5d, 0x00];

/// Where the LZMA header keeps the uncompressed size, little-endian.
const LZMA_SIZE: std::ops::Range<usize> = 5..13;

/// `cargo xtask pack`: packs the build in Trunk's staging folder.
pub fn run(ws: &Workspace) -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from).context(
        "TRUNK_STAGING_DIR is not set: Trunk runs this step after every build (Trunk.toml)",
    )?;
    // The build never installs anything (Trunk.toml); `cargo xtask` tasks do.
    if !Path::new(tools::XZ.binary).exists() {
        bail!(
            "{} is missing: any `cargo xtask` task that builds installs it, or `apt-get install {}`",
            tools::XZ.binary,
            tools::XZ.package
        );
    }
    let first_locale = catalogs::write_parts(&ws.root().join("assets"), &staging)?;
    let loader = bundle_loader(ws)?;
    let mut packed = Vec::new();
    for original in built_files(&staging)? {
        packed.push(pack_file(ws, &staging, original)?);
    }
    let index = staging.join(INDEX);
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("cannot read {}", index.display()))?;
    let html = rewrite_index(&html, &packed, &loader, &first_locale)
        .with_context(|| format!("cannot rewrite {}", index.display()))?;
    std::fs::write(&index, html).with_context(|| format!("cannot write {}", index.display()))?;
    // After packing, which would otherwise take it for a built file.
    let worker = staging.join(WORKER);
    std::fs::write(&worker, minify(ws, WORKER_SOURCE, &[])?)
        .with_context(|| format!("cannot write {}", worker.display()))
}

/// One built file and the packed file that replaces it, both relative to the
/// build's root with `/` between folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// The path Trunk wrote, which the loader's manifest is keyed by.
    pub original: String,
    /// The path of the LZMA file that holds it.
    pub packed: String,
}

/// The loader as one minified module script.
fn bundle_loader(ws: &Workspace) -> Result<String> {
    let loader = minify(ws, LOADER_ENTRY, &["--bundle", "--format=esm"])?;
    if loader.to_ascii_lowercase().contains("</script") {
        bail!("the bundled loader contains `</script`, which would end its element early");
    }
    Ok(loader.trim_end().to_owned())
}

/// A script of `assets/loader/` minified by esbuild.
fn minify(ws: &Workspace, source: &str, options: &[&str]) -> Result<String> {
    shell::read(
        ws.cmd("esbuild").arg(source).args(options).args(["--minify", "--log-level=warning"]),
    )
    .with_context(|| format!("cannot minify {source} (esbuild comes from tests/package.json)"))
}

/// Every file below `staging` but `index.html`, relative, sorted.
fn built_files(staging: &Path) -> Result<Vec<String>> {
    Ok(package::app_files(staging)?.into_iter().filter(|file| file != INDEX).collect())
}

/// Packs one built file next to it and removes it.
fn pack_file(ws: &Workspace, staging: &Path, original: String) -> Result<Packed> {
    let path = staging.join(&original);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lzma = shell::read_bytes(
        ws.cmd(tools::XZ.binary).args(["--format=lzma", "-9e", "--stdout", "--"]).arg(&path),
    )?;
    write_size(&mut lzma, bytes.len()).with_context(|| format!("xz's output for {original}"))?;
    let packed = packed_name(&original, &bytes)?;
    let target = staging.join(&packed);
    std::fs::write(&target, lzma).with_context(|| format!("cannot write {}", target.display()))?;
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    Ok(Packed { original, packed })
}

/// Writes the uncompressed size into the header, where xz leaves it unknown,
/// so that the loader allocates the output once and refuses a stream that
/// decodes to another length (LZMA has no checksum).
fn write_size(lzma: &mut [u8], size: usize) -> Result<()> {
    if lzma.len() < LZMA_SIZE.end || lzma[..2] != LZMA_MAGIC {
        bail!("not an LZMA stream with the properties the loader recognises");
    }
    if lzma[LZMA_SIZE].iter().any(|&byte| byte != 0xff) {
        bail!("the LZMA header already gives a size");
    }
    lzma[LZMA_SIZE].copy_from_slice(&(size as u64).to_le_bytes());
    Ok(())
}

/// `dir/name.ext` → `dir/name-<hash>.bin`: a new name whenever the content
/// changes, so that browsers and proxies may keep every packed file.
fn packed_name(original: &str, bytes: &[u8]) -> Result<String> {
    // The loader's manifest then needs no escaping.
    package::check_uri_safe(original)?;
    let name_start = original.rfind('/').map_or(0, |slash| slash + 1);
    let stem_end = original[name_start..].rfind('.').map_or(original.len(), |dot| name_start + dot);
    Ok(format!("{}-{:016x}.bin", &original[..stem_end], fnv1a(bytes)))
}

/// FNV-1a, 64 bits: a stable hash in a few lines. Names only need to change
/// with the content; nothing here defends against a crafted collision.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The page with Trunk's script and links to the built files replaced by
/// the manifest and the inlined loader.
fn rewrite_index(
    html: &str,
    packed: &[Packed],
    loader: &str,
    first_locale: &str,
) -> Result<String> {
    let names: BTreeSet<&str> = packed.iter().map(|file| file.original.as_str()).collect();
    if names.len() < packed.len() {
        bail!("two built files have the same path");
    }
    let mut packed_names = BTreeSet::new();
    if let Some(file) = packed.iter().find(|file| !packed_names.insert(file.packed.as_str())) {
        bail!("two built files would be packed as {}", file.packed);
    }
    let (html, glue, wasm) = remove_trunk_script(html)?;
    let (html, styles) = remove_links(&html, &names)?;
    for file in [&glue, &wasm] {
        if !names.contains(file.as_str()) {
            bail!("Trunk's script starts the app from {file}, which the build does not hold");
        }
    }
    if let Some(file) = names.iter().find(|name| html.contains(*name)) {
        bail!("the page still names {file}, which is packed away");
    }
    let manifest = manifest_json(packed, &styles, &glue, &wasm, first_locale);
    let head_end = html.find("</head>").context("the page has no </head>")?;
    let inserted = format!(
        "\n    <script type=\"application/json\" id=\"{MANIFEST_ID}\">{manifest}</script>\
         \n    <script type=\"module\">{loader}</script>\n  "
    );
    let html = format!("{}{inserted}{}", &html[..head_end], &html[head_end..]);
    // Removed elements leave lines of indentation behind.
    Ok(html
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect())
}

/// Removes the module script with which Trunk starts the app, and returns
/// the page, the wasm-bindgen glue and the wasm it named.
fn remove_trunk_script(html: &str) -> Result<(String, String, String)> {
    const OPENING: &str = "<script type=\"module\">";
    const CLOSING: &str = "</script>";
    let start = html.find(OPENING).context("the page has no module script from Trunk")?;
    let end = html[start..].find(CLOSING).context("Trunk's module script is not closed")?
        + start
        + CLOSING.len();
    let script = &html[start..end];
    let quoted_after = |marker: &str| -> Result<String> {
        let rest = &script[script.find(marker).with_context(|| {
            format!("Trunk's module script has no `{marker}`, so Trunk's output changed")
        })? + marker.len()..];
        let path = rest.split('\'').next().unwrap_or_default();
        Ok(path.strip_prefix("./").unwrap_or(path).to_owned())
    };
    let glue = quoted_after(" from '")?;
    let wasm = quoted_after("module_or_path: '")?;
    Ok((format!("{}{}", &html[..start], &html[end..]), glue, wasm))
}

/// Removes the stylesheet, preload and modulepreload links to built files;
/// returns the page and the stylesheets, in order.
fn remove_links(html: &str, names: &BTreeSet<&str>) -> Result<(String, Vec<String>)> {
    let mut kept = String::with_capacity(html.len());
    let mut styles = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<link ") {
        let end = rest[start..].find('>').context("a <link> is not closed")? + start + 1;
        let tag = &rest[start..end];
        let href = attribute(tag, "href").map(|href| href.strip_prefix("./").unwrap_or(href));
        let rel = attribute(tag, "rel").unwrap_or_default();
        kept.push_str(&rest[..start]);
        match href.filter(|href| names.contains(href)) {
            Some(href) if rel == "stylesheet" => styles.push(href.to_owned()),
            Some(_) if rel == "preload" || rel == "modulepreload" => {}
            _ => kept.push_str(tag),
        }
        rest = &rest[end..];
    }
    kept.push_str(rest);
    Ok((kept, styles))
}

/// The value of a double-quoted attribute, as Trunk writes them.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let value = &tag[tag.find(&marker)? + marker.len()..];
    value.split('"').next()
}

/// The loader's manifest. Paths and language tags are URL-safe (see
/// [`packed_name`]), so they go into JSON as they are.
fn manifest_json(
    packed: &[Packed],
    styles: &[String],
    glue: &str,
    wasm: &str,
    first_locale: &str,
) -> String {
    let mut json = String::from("{\"files\":{");
    for (file_idx, file) in packed.iter().enumerate() {
        let comma = if file_idx == 0 { "" } else { "," };
        write!(json, "{comma}\"{}\":\"{}\"", file.original, file.packed)
            .expect("writes to a String");
    }
    let styles: Vec<String> = styles.iter().map(|style| format!("\"{style}\"")).collect();
    write!(
        json,
        "}},\"styles\":[{}],\"glue\":\"{glue}\",\"wasm\":\"{wasm}\",\"locale\":\"{first_locale}\"}}",
        styles.join(",")
    )
    .expect("writes to a String");
    json
}

/// The built files of a packed `index.html` and the packed files that hold
/// them, as its manifest lists them.
pub fn packed_files(html: &str) -> Result<Vec<Packed>> {
    let opening = format!("id=\"{MANIFEST_ID}\">");
    let start = html.find(&opening).context("the page has no manifest: is the build packed?")?
        + opening.len();
    let json = &html[start..];
    let files = json
        .strip_prefix("{\"files\":{")
        .and_then(|rest| rest.split_once('}'))
        .context("the manifest does not start with its files")?
        .0;
    // [`manifest_json`] wrote it, with URL-safe paths that need no unescaping.
    files
        .split(',')
        .map(|pair| {
            let (original, packed) =
                pair.split_once("\":\"").context("a manifest entry is not a pair")?;
            Ok(Packed {
                original: original.trim_start_matches('"').to_owned(),
                packed: packed.trim_end_matches('"').to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page as Trunk 0.21.14 writes it for index.html, shortened hashes.
    const TRUNK_INDEX: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    
<script type="module">
import init, * as bindings from './clusterlab-92dc.js';
const wasm = await init({ module_or_path: './clusterlab-92dc_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));

</script>
    <link rel="stylesheet" href="./tokens-3517.css" integrity="sha384-EV4e"/>
    <link rel="stylesheet" href="./app-767c.css" integrity="sha384-NQiH"/>
    
  <link rel="modulepreload" href="./clusterlab-92dc.js" crossorigin="anonymous" integrity="sha384-ODdc"><link rel="preload" href="./clusterlab-92dc_bg.wasm" crossorigin="anonymous" integrity="sha384-4fkE" as="fetch" type="application/wasm"></head>
  <body aria-busy="true">
    <div class="cl-boot" id="cl-boot" aria-hidden="true"></div>
  </body>
</html>
"#;

    fn packed(pairs: &[(&str, &str)]) -> Vec<Packed> {
        pairs
            .iter()
            .map(|(original, packed)| Packed {
                original: (*original).to_owned(),
                packed: (*packed).to_owned(),
            })
            .collect()
    }

    fn build() -> Vec<Packed> {
        packed(&[
            ("app-767c.css", "app-767c-01.bin"),
            ("clusterlab-92dc.js", "clusterlab-92dc-02.bin"),
            ("clusterlab-92dc_bg.wasm", "clusterlab-92dc_bg-03.bin"),
            ("locales/th/aec-quiz.bin", "locales/th/aec-quiz-04.bin"),
            ("tokens-3517.css", "tokens-3517-05.bin"),
        ])
    }

    #[test]
    fn the_page_loses_trunks_script_and_links_and_gains_the_manifest_and_loader() {
        let html = rewrite_index(TRUNK_INDEX, &build(), "LOADER();", "en").unwrap();
        assert_eq!(
            html,
            r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    <script type="application/json" id="cl-pack">{"files":{"app-767c.css":"app-767c-01.bin","clusterlab-92dc.js":"clusterlab-92dc-02.bin","clusterlab-92dc_bg.wasm":"clusterlab-92dc_bg-03.bin","locales/th/aec-quiz.bin":"locales/th/aec-quiz-04.bin","tokens-3517.css":"tokens-3517-05.bin"},"styles":["tokens-3517.css","app-767c.css"],"glue":"clusterlab-92dc.js","wasm":"clusterlab-92dc_bg.wasm","locale":"en"}</script>
    <script type="module">LOADER();</script>
  </head>
  <body aria-busy="true">
    <div class="cl-boot" id="cl-boot" aria-hidden="true"></div>
  </body>
</html>
"#
        );
    }

    #[test]
    fn the_manifest_is_json_the_loader_can_read() {
        let html = rewrite_index(TRUNK_INDEX, &build(), "", "en").unwrap();
        let start = html.find(&format!("id=\"{MANIFEST_ID}\">")).unwrap() + MANIFEST_ID.len() + 6;
        let json = &html[start..start + html[start..].find("</script>").unwrap()];
        let manifest: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(manifest["files"]["locales/th/aec-quiz.bin"], "locales/th/aec-quiz-04.bin");
        assert_eq!(manifest["styles"], serde_json::json!(["tokens-3517.css", "app-767c.css"]));
    }

    #[test]
    fn the_files_read_back_from_the_page_are_those_packed() {
        let html = rewrite_index(TRUNK_INDEX, &build(), "", "en").unwrap();
        assert_eq!(packed_files(&html).unwrap(), build());
        assert!(packed_files(TRUNK_INDEX).is_err());
    }

    #[test]
    fn a_page_that_would_still_name_a_packed_file_is_refused() {
        let html = TRUNK_INDEX.replace("</body>", "<img src=\"./tokens-3517.css\"></body>");
        let err = rewrite_index(&html, &build(), "", "en").unwrap_err();
        assert_eq!(err.to_string(), "the page still names tokens-3517.css, which is packed away");
    }

    #[test]
    fn a_page_without_trunks_script_is_refused() {
        let html = rewrite_index(TRUNK_INDEX, &build(), "", "en").unwrap();
        let err = rewrite_index(&html, &build(), "", "en").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Trunk's module script has no ` from '`, so Trunk's output changed"
        );
    }

    #[test]
    fn the_glue_and_wasm_must_be_in_the_build() {
        let mut files = build();
        files.retain(|file| !file.original.ends_with(".wasm"));
        let err = rewrite_index(TRUNK_INDEX, &files, "", "en").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Trunk's script starts the app from clusterlab-92dc_bg.wasm, which the build does not hold"
        );
    }

    #[test]
    fn two_files_packed_under_one_name_are_refused() {
        let files = packed(&[("a.css", "a-01.bin"), ("a.js", "a-01.bin")]);
        let err = rewrite_index(TRUNK_INDEX, &files, "", "en").unwrap_err();
        assert_eq!(err.to_string(), "two built files would be packed as a-01.bin");
    }

    #[test]
    fn packed_names_drop_the_extension_and_add_the_content_hash() {
        let name = |original| packed_name(original, b"").unwrap();
        assert_eq!(name("clusterlab-92dc_bg.wasm"), "clusterlab-92dc_bg-cbf29ce484222325.bin");
        assert_eq!(name("locales/th/aec-quiz.bin"), "locales/th/aec-quiz-cbf29ce484222325.bin");
        assert_eq!(name("v1.2/LICENSE"), "v1.2/LICENSE-cbf29ce484222325.bin");
        assert_ne!(packed_name("app.css", b"a").unwrap(), packed_name("app.css", b"b").unwrap());
        assert!(packed_name("my notes.txt", b"").is_err());
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn the_header_gets_the_size_xz_left_unknown() {
        let mut lzma = [0x5d, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0];
        write_size(&mut lzma, 0x0102_0304).unwrap();
        assert_eq!(lzma, [0x5d, 0, 0, 0, 4, 4, 3, 2, 1, 0, 0, 0, 0, 0]);
        assert!(write_size(&mut lzma, 1).is_err(), "a size is written once");
        let mut other_properties =
            [0x5e, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(write_size(&mut other_properties, 1).is_err());
    }
}
