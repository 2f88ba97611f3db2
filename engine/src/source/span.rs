//! Where each value of a JSON text starts, so that validation errors found
//! after parsing can still name a line and column.

use std::collections::HashMap;

/// A 1-based line and column in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

/// The start position of every value in a JSON text, keyed by JSON Pointer
/// (RFC 6901), plus the object keys that occur twice in one object.
#[derive(Debug, Default)]
pub(crate) struct SpanIndex {
    starts: HashMap<String, Position>,
    duplicate_keys: Vec<(String, Position)>,
}

impl SpanIndex {
    /// Indexes `text`. The text should already have parsed as JSON; on text
    /// that is not JSON the index is partial and never panics.
    pub(crate) fn new(text: &str) -> SpanIndex {
        let mut scanner = Scanner { chars: text.chars().collect(), at: 0, line: 1, column: 1 };
        let mut index = SpanIndex::default();
        scanner.skip_ws();
        scanner.value(String::new(), &mut index);
        index
    }

    /// The position where the value at `pointer` starts.
    pub(crate) fn position(&self, pointer: &str) -> Option<Position> {
        self.starts.get(pointer).copied()
    }

    /// Keys that appear more than once in the same object: the pointer of the
    /// repeated member and where its second occurrence starts.
    pub(crate) fn duplicate_keys(&self) -> &[(String, Position)] {
        &self.duplicate_keys
    }
}

/// Escapes one reference token of a JSON Pointer.
pub(crate) fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn position(&self) -> Position {
        Position { line: self.line, column: self.column }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn value(&mut self, pointer: String, index: &mut SpanIndex) {
        index.starts.insert(pointer.clone(), self.position());
        match self.peek() {
            Some('{') => self.object(&pointer, index),
            Some('[') => self.array(&pointer, index),
            Some('"') => {
                self.string();
            }
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn object(&mut self, pointer: &str, index: &mut SpanIndex) {
        self.bump();
        let mut seen = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('"') => {
                    let key_position = self.position();
                    let key = self.string();
                    let member = format!("{pointer}/{}", pointer_token(&key));
                    if seen.contains(&key) {
                        index.duplicate_keys.push((member.clone(), key_position));
                    } else {
                        seen.push(key);
                    }
                    self.skip_ws();
                    if self.peek() != Some(':') {
                        return;
                    }
                    self.bump();
                    self.skip_ws();
                    self.value(member, index);
                    self.skip_ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                Some('}') => {
                    self.bump();
                    return;
                }
                _ => return,
            }
        }
    }

    fn array(&mut self, pointer: &str, index: &mut SpanIndex) {
        self.bump();
        let mut item_idx = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(_) => {
                    let before = self.at;
                    self.value(format!("{pointer}/{item_idx}"), index);
                    item_idx += 1;
                    self.skip_ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    } else if self.at == before {
                        return;
                    }
                }
                None => return,
            }
        }
    }

    /// Consumes a string literal and returns its decoded text. Escapes other
    /// than the simple ones are kept verbatim: keys in content are plain.
    fn string(&mut self) -> String {
        self.bump();
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some(escaped @ ('"' | '\\' | '/')) => text.push(escaped),
                    Some(other) => {
                        text.push('\\');
                        text.push(other);
                    }
                    None => break,
                },
                _ => text.push(c),
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn finds_nested_values_and_duplicate_keys() {
        let text = "{\n  \"a\": [1, {\"b/c\": true}],\n  \"s\": \"x\",\n  \"s\": \"y\"\n}";
        let index = SpanIndex::new(text);
        assert_eq!(index.position(""), Some(Position { line: 1, column: 1 }));
        assert_eq!(index.position("/a"), Some(Position { line: 2, column: 8 }));
        assert_eq!(index.position("/a/1/b~1c"), Some(Position { line: 2, column: 20 }));
        assert_eq!(index.position("/s"), Some(Position { line: 4, column: 8 }));
        assert_eq!(index.duplicate_keys(), &[("/s".to_owned(), Position { line: 4, column: 3 })]);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in ".*") {
            let _ = SpanIndex::new(&text);
        }
    }
}
