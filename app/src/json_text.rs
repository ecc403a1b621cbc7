//! JSON text with syntax highlighting, some ranges marked.

use leptos::prelude::*;
use policy::span::Span;

/// What a piece of JSON text is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Key,
    String,
    Number,
    Literal,
    Punctuation,
    Space,
}

impl TokenKind {
    const fn class(self) -> &'static str {
        match self {
            TokenKind::Key => "json-key",
            TokenKind::String => "json-string",
            TokenKind::Number => "json-number",
            TokenKind::Literal => "json-literal",
            TokenKind::Punctuation => "json-punctuation",
            TokenKind::Space => "",
        }
    }
}

/// Splits JSON text into tokens; text that is not JSON still comes back whole, as punctuation.
pub fn tokens(text: &str) -> Vec<(TokenKind, &str)> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let (kind, length) = match first {
            '"' => {
                let mut escaped = false;
                let end = rest
                    .char_indices()
                    .skip(1)
                    .find(|&(_, c)| {
                        let closes = c == '"' && !escaped;
                        escaped = c == '\\' && !escaped;
                        closes
                    })
                    .map_or(rest.len(), |(index, _)| index + 1);
                let after = rest.get(end..).unwrap_or_default().trim_start();
                let kind = if after.starts_with(':') {
                    TokenKind::Key
                } else {
                    TokenKind::String
                };
                (kind, end)
            }
            c if c.is_whitespace() => (TokenKind::Space, run(rest, char::is_whitespace)),
            c if c == '-' || c.is_ascii_digit() => (
                TokenKind::Number,
                run(rest, |c| {
                    c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')
                }),
            ),
            c if c.is_ascii_alphabetic() => {
                (TokenKind::Literal, run(rest, |c| c.is_ascii_alphabetic()))
            }
            c => (TokenKind::Punctuation, c.len_utf8()),
        };
        let (token, remainder) = rest.split_at_checked(length).unwrap_or((rest, ""));
        tokens.push((kind, token));
        rest = remainder;
    }
    tokens
}

/// The byte length of the leading run of characters that match.
fn run(text: &str, matches: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .find(|&(_, c)| !matches(c))
        .map_or(text.len(), |(index, _)| index)
}

/// Cuts the text at the marks' edges: `(marked, piece)` in order, covering the whole text.
pub fn pieces<'t>(text: &'t str, marks: &[Span]) -> Vec<(bool, &'t str)> {
    let mut marks: Vec<Span> = marks.to_vec();
    marks.sort_by_key(|span| span.start);
    let mut pieces = Vec::new();
    let mut at = 0;
    for span in marks {
        if span.start < at {
            continue;
        }
        if let (Some(before), Some(marked)) =
            (text.get(at..span.start), text.get(span.start..span.end))
        {
            pieces.push((false, before));
            pieces.push((true, marked));
            at = span.end;
        }
    }
    pieces.push((false, text.get(at..).unwrap_or_default()));
    pieces.retain(|(_, piece)| !piece.is_empty());
    pieces
}

fn highlighted(piece: &str) -> impl IntoView + use<> {
    tokens(piece)
        .into_iter()
        .map(|(kind, token)| match kind {
            TokenKind::Space => token.to_owned().into_any(),
            kind => view! { <span class=kind.class()>{token.to_owned()}</span> }.into_any(),
        })
        .collect_view()
}

/// A `<pre>` of highlighted JSON.
#[component]
pub fn JsonText(
    /// The JSON text.
    text: String,
    /// Byte ranges of `text` to mark.
    #[prop(into)]
    marks: Signal<Vec<Span>>,
) -> impl IntoView {
    view! {
        <pre class="json" tabindex="0"><code>
            {move || {
                marks.with(|marks| {
                    pieces(&text, marks)
                        .into_iter()
                        .map(|(marked, piece)| {
                            if marked {
                                view! { <mark>{highlighted(piece)}</mark> }.into_any()
                            } else {
                                highlighted(piece).into_any()
                            }
                        })
                        .collect_view()
                })
            }}
        </code></pre>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_tell_keys_from_values_and_keep_every_byte() {
        let text = "{\n  \"Action\": \"a:\\\"b\",\n  \"n\": [1, true]\n}";
        let found = tokens(text);
        assert_eq!(
            found.iter().map(|(_, token)| *token).collect::<String>(),
            text
        );
        assert!(found.contains(&(TokenKind::Key, "\"Action\"")));
        assert!(found.contains(&(TokenKind::String, "\"a:\\\"b\"")));
        assert!(found.contains(&(TokenKind::Number, "1")));
        assert!(found.contains(&(TokenKind::Literal, "true")));
    }

    #[test]
    fn pieces_cover_the_text_and_mark_the_spans() {
        let text = "abcdefgh";
        let marks = [Span { start: 5, end: 7 }, Span { start: 1, end: 3 }];
        assert_eq!(
            pieces(text, &marks),
            vec![
                (false, "a"),
                (true, "bc"),
                (false, "de"),
                (true, "fg"),
                (false, "h")
            ]
        );
    }
}
