//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}` and the escapes
//! `${*}`, `${?}`, `${$}`, in `Resource` entries and condition values.
//!
//! Only documents with `"Version": "2012-10-17"` have variables; under `2008-10-17` or without a
//! Version the same text is literal. A variable whose key has no value in the request (and no
//! default) makes the entry it appears in match nothing.

use crate::pattern::Piece;
use std::borrow::Cow;

/// A reference to a context key inside a policy string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variable {
    pub key: String,
    /// The text after the comma in `${key, 'default'}`, used when the key has no value.
    pub default: Option<String>,
}

/// Policy text split into literal text, wildcards and variables.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Template {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Token {
    Piece(Piece),
    Variable(Variable),
}

impl Template {
    /// Reads `text`; with `variables` false (`2008-10-17` or no Version) `${…}` stays literal.
    pub fn parse(text: &str, variables: bool) -> Self {
        let mut tokens = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        // Text between the special characters is copied as one run: resources and condition
        // values are mostly literal text.
        let special = |byte: &u8| matches!(byte, b'*' | b'?') || (variables && *byte == b'$');
        while let Some(at) = rest.bytes().position(|byte| special(&byte)) {
            literal.push_str(rest.get(..at).unwrap_or_default());
            rest = rest.get(at..).unwrap_or_default();
            let piece = if rest.starts_with('*') {
                Piece::AnyString
            } else if rest.starts_with('?') {
                Piece::AnyChar
            } else {
                if rest.starts_with("${")
                    && let Some(close) = rest.find('}')
                {
                    let inner = rest.get(2..close).unwrap_or_default();
                    rest = rest.get(close + 1..).unwrap_or_default();
                    match inner {
                        "*" | "?" | "$" => literal.push_str(inner),
                        _ => {
                            flush(&mut tokens, &mut literal);
                            tokens.push(Token::Variable(variable(inner)));
                        }
                    }
                } else {
                    literal.push('$');
                    rest = rest.get(1..).unwrap_or_default();
                }
                continue;
            };
            rest = rest.get(1..).unwrap_or_default();
            flush(&mut tokens, &mut literal);
            tokens.push(Token::Piece(piece));
        }
        literal.push_str(rest);
        flush(&mut tokens, &mut literal);
        Self { tokens }
    }

    pub fn has_variables(&self) -> bool {
        self.tokens
            .iter()
            .any(|token| matches!(token, Token::Variable(_)))
    }

    /// The variable, when the template is exactly one variable (`${aws:PrincipalTag/team}`).
    pub fn single_variable(&self) -> Option<&Variable> {
        match self.tokens.as_slice() {
            [Token::Variable(variable)] => Some(variable),
            _ => None,
        }
    }

    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.tokens.iter().filter_map(|token| match token {
            Token::Variable(variable) => Some(variable),
            Token::Piece(_) => None,
        })
    }

    /// The template as wildcard pieces, variables replaced by their values as literal text
    /// (a `*` in a tag value matches only `*`). `None` when a variable has no value.
    pub fn pieces<'a>(
        &self,
        mut lookup: impl FnMut(&str) -> Option<Cow<'a, str>>,
    ) -> Option<Vec<Piece>> {
        let mut out = Vec::with_capacity(self.tokens.len());
        for token in &self.tokens {
            match token {
                Token::Piece(piece) => out.push(piece.clone()),
                Token::Variable(variable) => {
                    let value = match lookup(&variable.key) {
                        Some(value) => value.into_owned(),
                        None => variable.default.clone()?,
                    };
                    out.push(Piece::Literal(value));
                }
            }
        }
        Some(out)
    }

    /// The template as plain text, for operators without wildcards: `*` and `?` are characters.
    pub fn text<'a>(&self, lookup: impl FnMut(&str) -> Option<Cow<'a, str>>) -> Option<String> {
        let pieces = self.pieces(lookup)?;
        Some(
            pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Literal(text) => text.as_str(),
                    Piece::AnyChar => "?",
                    Piece::AnyString => "*",
                })
                .collect(),
        )
    }
}

fn flush(tokens: &mut Vec<Token>, literal: &mut String) {
    if !literal.is_empty() {
        tokens.push(Token::Piece(Piece::Literal(std::mem::take(literal))));
    }
}

/// Reads `aws:PrincipalTag/team, 'none'` into a key and a default.
fn variable(inner: &str) -> Variable {
    match inner.split_once(',') {
        Some((key, default)) => {
            let default = default.trim();
            let default = default
                .strip_prefix('\'')
                .and_then(|rest| rest.strip_suffix('\''))
                .unwrap_or(default);
            Variable {
                key: key.trim().to_owned(),
                default: Some(default.to_owned()),
            }
        }
        None => Variable {
            key: inner.trim().to_owned(),
            default: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(key: &str) -> Option<Cow<'static, str>> {
        match key.to_ascii_lowercase().as_str() {
            "aws:username" => Some(Cow::Borrowed("alice")),
            "aws:principaltag/team" => Some(Cow::Borrowed("d*ta")),
            _ => None,
        }
    }

    #[test]
    fn variables_are_replaced_by_their_values() {
        let template = Template::parse("home/${aws:username}/*", true);
        assert!(template.has_variables());
        assert_eq!(
            template.pieces(lookup),
            Some(vec![
                Piece::Literal("home/".into()),
                Piece::Literal("alice".into()),
                Piece::Literal("/".into()),
                Piece::AnyString
            ])
        );
    }

    #[test]
    fn variable_values_are_literal_text() {
        let template = Template::parse("${aws:PrincipalTag/team}", true);
        assert_eq!(
            template.pieces(lookup),
            Some(vec![Piece::Literal("d*ta".into())])
        );
    }

    #[test]
    fn variable_without_value_resolves_to_nothing() {
        assert_eq!(
            Template::parse("table/${aws:PrincipalTag/env}", true).text(lookup),
            None
        );
    }

    #[test]
    fn variable_default_applies_when_value_is_missing() {
        let template = Template::parse("${aws:PrincipalTag/env, 'none'}-x", true);
        assert_eq!(template.text(lookup), Some("none-x".into()));
        assert_eq!(
            Template::parse("${aws:username,'bob'}", true).text(lookup),
            Some("alice".into())
        );
    }

    #[test]
    fn escapes_give_literal_special_characters() {
        let template = Template::parse("a${*}b${?}c${$}d", true);
        assert!(!template.has_variables());
        assert_eq!(
            template.pieces(lookup),
            Some(vec![Piece::Literal("a*b?c$d".into())])
        );
    }

    #[test]
    fn without_variables_dollar_braces_are_literal() {
        let template = Template::parse("home/${aws:username}", false);
        assert!(!template.has_variables());
        assert_eq!(template.text(lookup), Some("home/${aws:username}".into()));
    }

    /// The template read one character at a time, as the rules above state them.
    fn parse_by_character(text: &str, variables: bool) -> Template {
        let mut tokens = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(character) = rest.chars().next() {
            if variables
                && rest.starts_with("${")
                && let Some(close) = rest.find('}')
            {
                let inner = rest.get(2..close).unwrap();
                rest = rest.get(close + 1..).unwrap();
                match inner {
                    "*" | "?" | "$" => literal.push_str(inner),
                    _ => {
                        flush(&mut tokens, &mut literal);
                        tokens.push(Token::Variable(variable(inner)));
                    }
                }
                continue;
            }
            rest = rest.get(character.len_utf8()..).unwrap();
            let piece = match character {
                '*' => Piece::AnyString,
                '?' => Piece::AnyChar,
                other => {
                    literal.push(other);
                    continue;
                }
            };
            flush(&mut tokens, &mut literal);
            tokens.push(Token::Piece(piece));
        }
        flush(&mut tokens, &mut literal);
        Template { tokens }
    }

    proptest::proptest! {
        #[test]
        fn templates_read_in_runs_as_by_character(
            text in "([a-c/é*?$}{ ,']|\\$\\{|aws:username){0,12}",
            variables: bool,
        ) {
            proptest::prop_assert_eq!(Template::parse(&text, variables), parse_by_character(&text, variables));
        }
    }

    #[test]
    fn unclosed_variable_is_literal() {
        assert_eq!(
            Template::parse("a${b", true).text(lookup),
            Some("a${b".into())
        );
    }
}
