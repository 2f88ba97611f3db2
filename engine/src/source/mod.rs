//! Content files as text, and errors located in them: the parsing and
//! reporting every content validator shares, the course's and each
//! exercise's alike. A leaf below `content` and `exercises`, so that each
//! exercise validates its own section without importing the course model.

mod span;

use std::collections::BTreeSet;
use std::fmt;

use serde::de::DeserializeOwned;

pub use span::Position;
use span::SpanIndex;
pub(crate) use span::pointer_token;

/// One content file: where it came from and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in error messages.
    pub path: String,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// A source with the given display path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
        Source { path: path.into(), text: text.into() }
    }

    /// The file name without directory and extension, e.g. `aec-quiz`.
    pub(crate) fn stem(&self) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.strip_suffix(".json").unwrap_or(name)
    }
}

/// One problem in the content, located as precisely as the file allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{}:{}: {path}: {message}", .position.line, .position.column)]
pub struct ContentError {
    /// The file's display path.
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// The JSON Pointer of the offending value (empty for the whole file).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ContentError {
    pub(crate) fn file(file: String, message: String) -> ContentError {
        ContentError {
            file,
            position: Position { line: 1, column: 1 },
            path: String::new(),
            message,
        }
    }
}

/// Every error of a failed validation, printable one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        write!(f, "{} content error(s)", self.0.len())
    }
}

#[derive(Default)]
pub(crate) struct Report {
    pub(crate) errors: Vec<ContentError>,
}

impl Report {
    pub(crate) fn finish<T>(self, value: T) -> Result<T, ContentErrors> {
        if self.errors.is_empty() { Ok(value) } else { Err(ContentErrors(self.errors)) }
    }
}

/// A parsed file together with the positions of its values.
pub(crate) struct Located<'a> {
    source: &'a Source,
    spans: SpanIndex,
}

impl Located<'_> {
    /// Records an error at `pointer`, or at its nearest ancestor that exists
    /// (a missing member is reported where it should have been).
    pub(crate) fn error(&self, report: &mut Report, pointer: &str, message: impl Into<String>) {
        let mut at = pointer;
        let position = loop {
            if let Some(position) = self.spans.position(at) {
                break position;
            }
            match at.rfind('/') {
                Some(cut) => at = &at[..cut],
                None => break Position { line: 1, column: 1 },
            }
        };
        report.errors.push(ContentError {
            file: self.source.path.clone(),
            position,
            path: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Records an error at `pointer` unless `value` is within `range`;
    /// returns whether it is.
    pub(crate) fn within(
        &self,
        report: &mut Report,
        pointer: &str,
        value: u32,
        range: std::ops::RangeInclusive<u32>,
    ) -> bool {
        let inside = range.contains(&value);
        if !inside {
            let message = format!("{value} is not within {}..={}", range.start(), range.end());
            self.error(report, pointer, message);
        }
        inside
    }
}

pub(crate) fn parse<'a, T: DeserializeOwned>(
    source: &'a Source,
    report: &mut Report,
) -> Option<(T, Located<'a>)> {
    let deserializer = &mut serde_json::Deserializer::from_str(&source.text);
    match serde_path_to_error::deserialize(deserializer) {
        Ok(value) => {
            let located = Located { source, spans: SpanIndex::new(&source.text) };
            for (pointer, position) in located.spans.duplicate_keys() {
                report.errors.push(ContentError {
                    file: source.path.clone(),
                    position: *position,
                    path: pointer.clone(),
                    message: "duplicate key".to_owned(),
                });
            }
            Some((value, located))
        }
        Err(err) => {
            let pointer = err.path().iter().fold(String::new(), |mut pointer, segment| {
                use serde_path_to_error::Segment;
                match segment {
                    Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                    Segment::Map { key } => pointer.push_str(&format!("/{}", pointer_token(key))),
                    Segment::Enum { variant } => pointer.push_str(&format!("/{variant}")),
                    Segment::Unknown => {}
                }
                pointer
            });
            let inner = err.inner();
            let suffix = format!(" at line {} column {}", inner.line(), inner.column());
            let message = inner.to_string();
            report.errors.push(ContentError {
                file: source.path.clone(),
                position: Position { line: inner.line(), column: inner.column() },
                path: pointer,
                message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
            });
            None
        }
    }
}

/// A content id: lower-case ASCII letters, digits and dashes, starting with a
/// letter. LMS reports show ids to trainers, so they stay short and readable.
pub(crate) fn is_content_id(id: &str) -> bool {
    id.len() <= 48
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks that `id` is a valid content id not used before in `ids`, the
/// namespace its kind shares (items, statements and dimensions of the quiz
/// share one, as LMS reports list them side by side).
pub(crate) fn check_new_id(
    id: &str,
    pointer: &str,
    ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> bool {
    if !is_content_id(id) {
        located.error(report, pointer, format!("`{id}` is not a valid id"));
        false
    } else if !ids.insert(id.to_owned()) {
        located.error(report, pointer, format!("id `{id}` is used twice"));
        false
    } else {
        true
    }
}

/// Validates one exercise's bare section, for that exercise's tests, which
/// need small hand-made content; panics on any error.
#[cfg(test)]
pub(crate) fn section_from_json<R: DeserializeOwned, T>(
    text: &str,
    check: impl FnOnce(R, &Located<'_>, &mut Report) -> Option<T>,
) -> T {
    let source = Source::new("section.json", text);
    let mut report = Report::default();
    let section = parse::<R>(&source, &mut report)
        .and_then(|(raw, located)| check(raw, &located, &mut report));
    match section {
        Some(section) if report.errors.is_empty() => section,
        _ => panic!("invalid section fixture: {:?}", report.errors),
    }
}
