//! The catalogs the app fetches, written into the build's staging folder:
//! every language in parts (`engine::content::CatalogPart`), each in compact
//! form, so that a learner downloads only the strings of the page in use.

use std::path::Path;

use anyhow::{Context, Result};
use engine::content::CatalogPart;

use crate::check_content;

/// Writes every language's catalog parts below `staging/locales/`, and
/// returns the course's default language: the one a first visit shows.
pub fn write_parts(assets: &Path, staging: &Path) -> Result<String> {
    let content = check_content::validated(assets)?;
    for catalog in &content.catalogs {
        for part in CatalogPart::all() {
            let path = staging.join(part.path(catalog.code()));
            let dir = path.parent().expect("a part's path has a folder");
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            std::fs::write(&path, catalog.part_to_compact(part))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(content.course.default_locale().to_owned())
}
