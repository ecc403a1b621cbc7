//! Places in policy text: byte ranges, and their 1-based line and column.

/// A byte range `start..end` in the source text.
///
/// Equality ignores spans: two documents that say the same thing are equal wherever they were
/// written. Compare `start` and `end` directly when the place matters.
#[derive(Debug, Clone, Copy, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span of something that was not read from text.
    pub const NONE: Span = Span { start: 0, end: 0 };

    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The 1-based line and column (in characters) where this span starts in `text`.
    pub fn line_col(&self, text: &str) -> LineCol {
        LineCol::of(text, self.start)
    }
}

impl PartialEq for Span {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _state: &mut H) {}
}

/// A 1-based line and column, as editors and serde_json count them (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineCol {
    /// The line and column of byte `offset` in `text`; offsets past the end give the end of text.
    pub fn of(text: &str, offset: usize) -> Self {
        let mut line = 1;
        let mut column = 1;
        for (index, character) in text.char_indices() {
            if index >= offset {
                break;
            }
            if character == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Self { line, column }
    }
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters_from_one() {
        let text = "{\n  \"é\": 1\n}";
        assert_eq!(LineCol::of(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(LineCol::of(text, 4), LineCol { line: 2, column: 3 });
        // The `1` sits after a two-byte character: column counts characters, not bytes.
        let one = text.find('1').unwrap();
        assert_eq!(LineCol::of(text, one), LineCol { line: 2, column: 8 });
    }

    #[test]
    fn spans_compare_equal_wherever_they_are() {
        assert_eq!(Span::new(1, 2), Span::new(5, 9));
    }
}
