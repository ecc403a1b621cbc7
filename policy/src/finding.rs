//! What is wrong with a policy, how bad it is, and where: the answer of the parser and the linter.
//!
//! A [`Finding`] says what is wrong in one lowercase clause, how to fix it in `help`, and where it
//! is twice over: as a byte [`Span`] into the text (for underlining) and as a JSON pointer such as
//! `/Statement/0/Resource` (for documents that came without text, where spans are [`Span::NONE`]).

use crate::span::{LineCol, Span};

/// How much a finding matters. Only [`Severity::Error`] makes AWS refuse the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS rejects the policy, or Backstop cannot read it.
    Error,
    /// The policy works but grants more than it seems to.
    Security,
    /// The policy works but probably not as intended.
    Warning,
    /// The policy works; it could be simpler or clearer.
    Suggestion,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Security => "security",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a policy.
///
/// ```
/// use policy::parse::parse;
///
/// let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""}}"#;
/// let finding = &parse(text).findings[0];
/// assert_eq!(finding.code, "empty-resource");
/// assert_eq!(finding.message, "`Resource` is empty");
/// assert_eq!(finding.pointer, "/Statement/Resource");
/// assert_eq!(finding.spanned(text), r#""""#);
/// assert_eq!(finding.line_col(text).to_string(), "1:98");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable kebab-case identifier such as `empty-resource`; tools and tests match on it.
    pub code: &'static str,
    pub severity: Severity,
    /// One lowercase clause without a final period; user input in backticks.
    pub message: String,
    /// How to fix it, when there is something specific to say.
    pub help: Option<String>,
    /// The offending text; [`Span::NONE`] when the policy was not read from text.
    pub span: Span,
    /// JSON pointer (RFC 6901) to the offending element, such as `/Statement/0/Resource`; empty for
    /// the whole document.
    pub pointer: String,
}

impl Finding {
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        span: Span,
        pointer: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            help: None,
            span,
            pointer: pointer.into(),
        }
    }

    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        pointer: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Error, message, span, pointer)
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The 1-based line and column where the finding starts in `text`, the text it was found in.
    pub fn line_col(&self, text: &str) -> LineCol {
        self.span.line_col(text)
    }

    /// The text the span covers; empty when the span does not fit `text`.
    pub fn spanned<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.start..self.span.end).unwrap_or_default()
    }
}

impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut finding = serializer.serialize_struct("Finding", 6)?;
        finding.serialize_field("code", self.code)?;
        finding.serialize_field("severity", &self.severity)?;
        finding.serialize_field("message", &self.message)?;
        finding.serialize_field("help", &self.help)?;
        finding.serialize_field("pointer", &self.pointer)?;
        finding.serialize_field("span", &[self.span.start, self.span.end])?;
        finding.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_serializes_lowercase() {
        let json = serde_json::to_string(&[
            Severity::Error,
            Severity::Security,
            Severity::Warning,
            Severity::Suggestion,
        ])
        .unwrap();
        assert_eq!(json, r#"["error","security","warning","suggestion"]"#);
    }

    #[test]
    fn finding_serializes_every_field_with_the_span_as_a_byte_range() {
        let finding = Finding::error(
            "empty-resource",
            "`Resource` is empty",
            Span::new(3, 5),
            "/Statement/0/Resource",
        )
        .with_help("use `*`");
        assert_eq!(
            serde_json::to_value(&finding).unwrap(),
            serde_json::json!({
                "code": "empty-resource",
                "severity": "error",
                "message": "`Resource` is empty",
                "help": "use `*`",
                "pointer": "/Statement/0/Resource",
                "span": [3, 5],
            })
        );
    }

    #[test]
    fn spanned_text_outside_the_text_is_empty() {
        let finding = Finding::error("x", "x", Span::new(10, 20), "");
        assert_eq!(finding.spanned("short"), "");
    }
}
