//! `cargo xtask check-content`: the same validation the app's build script runs,
//! with every error listed at once.

use std::path::Path;

use anyhow::Result;
use engine::content::{Content, ContentErrors, SourceSet, validate};

/// Every content file under `assets`, validated, for the tasks that need the
/// course and its catalogs; any error fails the task with all of them.
pub fn validated(assets: &Path) -> Result<Content> {
    SourceSet::read_dir(assets)
        .map_err(ContentErrors)
        .and_then(|sources| validate(&sources))
        .map_err(|errors| anyhow::anyhow!("invalid content:\n{errors}"))
}

/// Validates the content below `assets` and prints, per language, what
/// test-wise guessing would score on the quiz; the error lists every problem
/// as `file:line:col: path: message`.
pub fn run(assets: &Path) -> Result<()> {
    for line in report(assets)? {
        println!("{line}");
    }
    Ok(())
}

/// The lines `run` prints.
fn report(assets: &Path) -> Result<Vec<String>> {
    let content = validated(assets)?;
    let locales: Vec<&str> = content.course.locales().iter().map(|locale| locale.code()).collect();
    let mut lines = vec![format!(
        "content ok: {} exercises in {} locales ({})",
        content.course.exercises().len(),
        locales.len(),
        locales.join(", ")
    )];
    let quiz = content.course.quiz();
    for catalog in &content.catalogs {
        let scores = quiz.guessing_scores(&|key| catalog.get(key));
        lines.push(format!(
            "aec-quiz guessing [{}]: chance {:.1} %, always the longest option {:.1} %, \
             always the same position {:.1} % (limit: chance + {}, pass mark {})",
            catalog.code(),
            scores.chance,
            scores.longest,
            scores.same_position,
            quiz.max_above_chance(),
            quiz.pass_mark()
        ));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// A copy of the shipped assets in a fresh temporary folder.
    fn copy_of_assets(name: &str) -> PathBuf {
        fn copy_dir(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let path = entry.unwrap().path();
                let target = to.join(path.file_name().unwrap());
                if path.is_dir() {
                    copy_dir(&path, &target);
                } else {
                    std::fs::copy(&path, &target).unwrap();
                }
            }
        }
        let dir = std::env::temp_dir().join(format!("clusterlab-{name}-{}", std::process::id()));
        _ = std::fs::remove_dir_all(&dir);
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets");
        copy_dir(&assets, &dir);
        dir
    }

    #[test]
    fn the_shipped_content_passes_and_says_what_guessing_scores_in_each_language() {
        let lines = report(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets")).unwrap();
        for code in ["en", "th"] {
            let line = lines.iter().find(|line| line.contains(&format!("[{code}]"))).unwrap();
            assert!(line.contains("always the longest option"), "{line}");
        }
    }

    #[test]
    fn a_bank_with_a_length_cue_fails_and_names_the_items() {
        let dir = copy_of_assets("length-cue");
        let en = dir.join("locales/en.json");
        let text = std::fs::read_to_string(&en).unwrap();
        // Every key of every item made the longest option by far.
        let quiz: Vec<(String, String)> = {
            let sources = SourceSet::read_dir(&dir).unwrap();
            let course = engine::content::validate_structure(&sources).unwrap();
            course
                .quiz()
                .dimensions()
                .iter()
                .flat_map(|dimension| dimension.items())
                .filter(|item| item.key().len() == 1)
                .map(|item| (item.option_key(&item.key()[0]), item.id().to_owned()))
                .collect()
        };
        let mut cued = text.clone();
        for (key, _) in &quiz {
            let marker = format!("\"{key}\": \"");
            cued = cued.replace(
                &marker,
                &format!("{marker}{} ", "because of the rules agreed by every member ".repeat(3)),
            );
        }
        std::fs::write(&en, cued).unwrap();
        let message = run(&dir).unwrap_err().to_string();
        assert!(message.contains("always choosing the longest option scores"), "{message}");
        assert!(message.contains(&format!("{}:", en.display())), "{message}");
        assert!(message.contains(&format!("`{}`", quiz[0].1)), "{message}");
        _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn malformed_content_fails_with_file_and_line() {
        let dir = copy_of_assets("malformed");
        let course = dir.join("content/course.json");
        let text = std::fs::read_to_string(&course).unwrap();
        std::fs::write(
            &course,
            text.replace("\"default_locale\": \"en\",", "\"default_locale\": \"en\",,"),
        )
        .unwrap();
        let message = run(&dir).unwrap_err().to_string();
        let expected = format!("{}:3:", course.display());
        assert!(message.contains(&expected), "{message}");
        _ = std::fs::remove_dir_all(&dir);
    }
}
