//! Wildcard patterns (`*` and `?`) compiled once and matched in linear time, and ARN patterns
//! matched segment by segment as IAM does.
//!
//! A [`Pattern`] picks the cheapest strategy that fits (everything, a literal, a prefix, a suffix)
//! and falls back to the classic greedy two-pointer matcher, which never backtracks further than
//! the last `*`: `*a*a*a*…b` costs O(pattern × text), never exponential time.

use crate::arn;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Text that must appear as written (a `*` or `?` here is a literal character).
    Literal(String),
    /// `?`: exactly one character.
    AnyChar,
    /// `*`: any run of characters, including none.
    AnyString,
}

/// Splits wildcard text into pieces: `*` and `?` are wildcards, everything else is literal.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut literal = String::new();
    for character in text.chars() {
        let piece = match character {
            '*' => Piece::AnyString,
            '?' => Piece::AnyChar,
            other => {
                literal.push(other);
                continue;
            }
        };
        if !literal.is_empty() {
            out.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        out.push(piece);
    }
    if !literal.is_empty() {
        out.push(Piece::Literal(literal));
    }
    out
}

/// The pieces of wildcard text in the normal form [`Pattern::from_pieces`] brings them to, built
/// in one pass: runs of `*` as one, literals folded to lowercase when `ignore_case`.
fn normal_pieces(text: &str, ignore_case: bool) -> Vec<Piece> {
    let mut out = Vec::with_capacity(4);
    let mut rest = text;
    // Each literal is copied as one run up to the next wildcard.
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .position(|byte| matches!(byte, b'*' | b'?'))
            .unwrap_or(rest.len());
        let (literal, tail) = rest.split_at_checked(run).unwrap_or((rest, ""));
        if !literal.is_empty() {
            let mut literal = literal.to_owned();
            if ignore_case {
                literal.make_ascii_lowercase();
            }
            out.push(Piece::Literal(literal));
        }
        let piece = match tail.as_bytes().first() {
            Some(b'*') => Piece::AnyString,
            Some(b'?') => Piece::AnyChar,
            _ => break,
        };
        if !(piece == Piece::AnyString && out.last() == Some(&Piece::AnyString)) {
            out.push(piece);
        }
        rest = tail.get(1..).unwrap_or_default();
    }
    out
}

/// A compiled wildcard pattern.
///
/// ```
/// use policy::pattern::Pattern;
/// let describe = Pattern::ignoring_case("dynamodb:Describe*");
/// assert!(describe.matches("DynamoDB:DescribeBackup"));
/// assert!(!Pattern::new("table/Movie?").matches("table/Movies2"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    strategy: Strategy,
    ignore_case: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Strategy {
    Everything,
    Literal(Text),
    Prefix(Text),
    Suffix(Text),
    // INVARIANT: no two `AnyString` pieces are adjacent and no two `Literal`s are adjacent.
    General(Box<[Piece]>),
}

/// The text of a strategy, held inline when short: ARN segments and action names mostly are,
/// and bulk evaluation compiles the patterns of every statement of every case it reads, so
/// sparing each its allocation counts.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Text {
    // INVARIANT: `bytes[..length]` is UTF-8 text and the rest is zero; text that fits is
    // always inline, so equal texts are equal values.
    Inline { length: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

/// Bytes held inline: enough for account ids, regions and most action names.
const INLINE: usize = 22;

impl Text {
    /// `text`, folded to ASCII lowercase when `fold`.
    fn new(text: &str, fold: bool) -> Self {
        let length = match u8::try_from(text.len()) {
            Ok(length) if usize::from(length) <= INLINE => length,
            _ => return Self::heap(text, fold),
        };
        let mut bytes = [0; INLINE];
        for (slot, byte) in bytes.iter_mut().zip(text.bytes()) {
            *slot = if fold {
                byte.to_ascii_lowercase()
            } else {
                byte
            };
        }
        Text::Inline { length, bytes }
    }

    fn heap(text: &str, fold: bool) -> Self {
        Text::Heap(if fold {
            text.to_ascii_lowercase().into()
        } else {
            text.into()
        })
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Inline { length, bytes } => bytes.get(..usize::from(*length)).unwrap_or_default(),
            Text::Heap(text) => text.as_bytes(),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Always UTF-8: the bytes are those of a whole `&str`, at most folded (ASCII).
            Text::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Text::Heap(text) => text,
        }
    }

    fn len(&self) -> usize {
        self.as_bytes().len()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl Pattern {
    /// A case-sensitive pattern, as resource ids and condition values are compared.
    pub fn new(text: &str) -> Self {
        Self::from_text(text, false)
    }

    /// A pattern that ignores ASCII case, as action names are compared.
    pub fn ignoring_case(text: &str) -> Self {
        Self::from_text(text, true)
    }

    /// Compiles wildcard text, going straight to the common strategies without building pieces.
    pub fn from_text(text: &str, ignore_case: bool) -> Self {
        let owned = |text: &str| Text::new(text, ignore_case);
        // Both counts in one pass over the text.
        let (stars, questions) = text
            .bytes()
            .fold((0, 0), |(stars, questions), byte| match byte {
                b'*' => (stars + 1, questions),
                b'?' => (stars, questions + 1),
                _ => (stars, questions),
            });
        let strategy = match (stars, questions) {
            (0, 0) => Strategy::Literal(owned(text)),
            (_, 0) if stars == text.len() => Strategy::Everything,
            (1, 0) => match (text.strip_suffix('*'), text.strip_prefix('*')) {
                (Some(prefix), _) => Strategy::Prefix(owned(prefix)),
                (None, Some(suffix)) => Strategy::Suffix(owned(suffix)),
                (None, None) => {
                    return Self::from_normal(normal_pieces(text, ignore_case), ignore_case);
                }
            },
            _ => return Self::from_normal(normal_pieces(text, ignore_case), ignore_case),
        };
        Self {
            strategy,
            ignore_case,
        }
    }

    pub fn from_pieces(raw: Vec<Piece>, ignore_case: bool) -> Self {
        // The segments of ARN patterns with variables are mostly one literal or one `*`.
        match raw.as_slice() {
            [Piece::Literal(text)] => {
                return Self {
                    strategy: Strategy::Literal(Text::new(text, ignore_case)),
                    ignore_case,
                };
            }
            [Piece::AnyString] => {
                return Self {
                    strategy: Strategy::Everything,
                    ignore_case,
                };
            }
            _ => {}
        }
        let mut normal: Vec<Piece> = Vec::with_capacity(raw.len());
        for mut piece in raw {
            // Folded once here, so that callers holding folded text compare bytes directly.
            if let (true, Piece::Literal(text)) = (ignore_case, &mut piece) {
                text.make_ascii_lowercase();
            }
            match (normal.last_mut(), piece) {
                (Some(Piece::AnyString), Piece::AnyString) => {}
                (Some(Piece::Literal(previous)), Piece::Literal(next)) => previous.push_str(&next),
                (_, Piece::Literal(next)) if next.is_empty() => {}
                (_, piece) => normal.push(piece),
            }
        }
        Self::from_normal(normal, ignore_case)
    }

    /// Picks the strategy for normal pieces: no adjacent `*`s, no adjacent or empty literals,
    /// literals already folded if the pattern ignores case.
    fn from_normal(normal: Vec<Piece>, ignore_case: bool) -> Self {
        let strategy = match normal.as_slice() {
            [] => Strategy::Literal(Text::new("", false)),
            [Piece::AnyString] => Strategy::Everything,
            [Piece::Literal(text)] => Strategy::Literal(Text::new(text, false)),
            [Piece::Literal(text), Piece::AnyString] => Strategy::Prefix(Text::new(text, false)),
            [Piece::AnyString, Piece::Literal(text)] => Strategy::Suffix(Text::new(text, false)),
            _ => Strategy::General(normal.into_boxed_slice()),
        };
        Self {
            strategy,
            ignore_case,
        }
    }

    /// Whether the pattern matches every text (`*`, `**`, …).
    pub fn matches_everything(&self) -> bool {
        matches!(self.strategy, Strategy::Everything)
    }

    /// The text a wildcard-free pattern matches (folded when it ignores case), so that callers
    /// can look it up in a table instead of trying the pattern.
    pub(crate) fn literal(&self) -> Option<&str> {
        match &self.strategy {
            Strategy::Literal(text) => Some(text.as_str()),
            _ => None,
        }
    }

    /// The text a pattern such as `dynamodb:Describe*` requires at the start (folded when it
    /// ignores case), when that is all it requires.
    pub(crate) fn prefix(&self) -> Option<&str> {
        match &self.strategy {
            Strategy::Prefix(text) => Some(text.as_str()),
            _ => None,
        }
    }

    /// Whether the pattern ends in `*`, which lets an ARN pattern stop before its last segment.
    fn has_open_end(&self) -> bool {
        match &self.strategy {
            Strategy::Everything | Strategy::Prefix(_) => true,
            Strategy::Literal(_) | Strategy::Suffix(_) => false,
            Strategy::General(pieces) => matches!(pieces.last(), Some(Piece::AnyString)),
        }
    }

    pub fn matches(&self, text: &str) -> bool {
        self.matches_with(text, self.ignore_case)
    }

    /// Matches text the caller has already lowercased (ASCII), sparing the case folding of an
    /// ignoring-case pattern. For a case-sensitive pattern this is [`Pattern::matches`].
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.matches_with(folded, false)
    }

    #[inline]
    fn matches_with(&self, text: &str, ignore_case: bool) -> bool {
        let text = text.as_bytes();
        match &self.strategy {
            Strategy::Everything => true,
            Strategy::Literal(literal) => equal(text, literal.as_bytes(), ignore_case),
            Strategy::Prefix(prefix) => text
                .get(..prefix.len())
                .is_some_and(|head| equal(head, prefix.as_bytes(), ignore_case)),
            Strategy::Suffix(suffix) => text
                .len()
                .checked_sub(suffix.len())
                .and_then(|start| text.get(start..))
                .is_some_and(|tail| equal(tail, suffix.as_bytes(), ignore_case)),
            Strategy::General(pieces) => match_general(pieces, text, ignore_case),
        }
    }
}

#[inline]
fn equal(left: &[u8], right: &[u8], ignore_case: bool) -> bool {
    if left.len() != right.len() {
        return false;
    }
    // Names and ARN segments are short: an inlined loop beats a call to `memcmp`.
    if ignore_case {
        left.iter()
            .zip(right)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
    } else {
        left.iter().zip(right).all(|(a, b)| a == b)
    }
}

/// Whether wildcard text matches text the caller has lowercased (ASCII), ignoring the case of
/// the pattern's literals: the answer `Pattern::ignoring_case(pattern).matches_folded(folded)`
/// gives, without compiling the pattern, for text that is tried once. Greedy two-pointer
/// matching as `match_general` does, so the work stays bounded by pattern length × text length.
pub fn matches_folded_text(pattern: &str, folded: &str) -> bool {
    let pattern = pattern.as_bytes();
    let text = folded.as_bytes();
    // The literal head (`dynamodb:` and often more) settles most answers, at the first byte
    // that differs; no `*` precedes it, so it needs no retries.
    let mut head = 0;
    for (expected, byte) in pattern.iter().zip(text) {
        if matches!(expected, b'*' | b'?') {
            break;
        }
        if expected.to_ascii_lowercase() != *byte {
            return false;
        }
        head += 1;
    }
    let (Some(pattern), Some(text)) = (pattern.get(head..), text.get(head..)) else {
        return false;
    };
    match pattern.first() {
        None => return text.is_empty(),
        // The text ended before the literal head did.
        Some(byte) if !matches!(byte, b'*' | b'?') => return false,
        _ => {}
    }
    if pattern == b"*" {
        return true;
    }
    let mut pattern_index = 0;
    let mut position = 0;
    // The pattern index after the most recent `*`, and where in the text that star's match ends.
    let mut retry: Option<(usize, usize)> = None;
    loop {
        match pattern.get(pattern_index) {
            Some(b'*') => {
                pattern_index += 1;
                retry = Some((pattern_index, position));
                continue;
            }
            Some(b'?') if position < text.len() => {
                position += char_len(text, position);
                pattern_index += 1;
                continue;
            }
            // A `?` at the end of the text matches nothing; only a retry can help.
            Some(b'?') => {}
            // A byte of a multibyte character matches only the same byte; the whole character
            // then matches only itself, as a literal piece compares bytes.
            Some(byte) if text.get(position) == Some(&byte.to_ascii_lowercase()) => {
                position += 1;
                pattern_index += 1;
                continue;
            }
            None if position == text.len() => return true,
            _ => {}
        }
        match retry {
            Some((after_star, start)) if start < text.len() => {
                let mut next = start + char_len(text, start);
                // An ASCII literal after the star can match only where the text has it, and an
                // ASCII byte always starts a character.
                if let Some(literal) = pattern
                    .get(after_star)
                    .filter(|byte| byte.is_ascii() && !matches!(byte, b'*' | b'?'))
                {
                    let wanted = literal.to_ascii_lowercase();
                    let Some(skip) = text
                        .get(next..)
                        .and_then(|rest| rest.iter().position(|byte| *byte == wanted))
                    else {
                        return false;
                    };
                    next += skip;
                }
                retry = Some((after_star, next));
                pattern_index = after_star;
                position = next;
            }
            _ => return false,
        }
    }
}

/// The length of the UTF-8 character that starts at `index` (1 past the end or on a bad byte).
fn char_len(text: &[u8], index: usize) -> usize {
    match text.get(index) {
        Some(byte) if *byte >= 0xF0 => 4,
        Some(byte) if *byte >= 0xE0 => 3,
        Some(byte) if *byte >= 0xC0 => 2,
        _ => 1,
    }
}

/// Greedy two-pointer wildcard matching: on a mismatch, retry from the most recent `*` one
/// character further on. Earlier stars never need revisiting, so the work is bounded by
/// pattern length × text length.
fn match_general(pieces: &[Piece], text: &[u8], ignore_case: bool) -> bool {
    let mut piece_index = 0;
    let mut position = 0;
    // The piece after the most recent `*`, and where in the text that star's match would end.
    let mut retry: Option<(usize, usize)> = None;
    loop {
        match pieces.get(piece_index) {
            Some(Piece::AnyString) => {
                if piece_index + 1 == pieces.len() {
                    return true;
                }
                piece_index += 1;
                retry = Some((piece_index, position));
                continue;
            }
            Some(Piece::AnyChar) if position < text.len() => {
                position += char_len(text, position);
                piece_index += 1;
                continue;
            }
            Some(Piece::Literal(literal))
                if text
                    .get(position..position + literal.len())
                    .is_some_and(|window| equal(window, literal.as_bytes(), ignore_case)) =>
            {
                position += literal.len();
                piece_index += 1;
                continue;
            }
            None if position == text.len() => return true,
            _ => {}
        }
        match retry {
            Some((after_star, start)) if start < text.len() => {
                let next = start + char_len(text, start);
                retry = Some((after_star, next));
                piece_index = after_star;
                position = next;
            }
            _ => return false,
        }
    }
}

/// An ARN pattern such as `arn:aws:dynamodb:us-*:*:table/Prod*`, or a bare wildcard such as `*`.
///
/// Following IAM's documentation, wildcards work within each colon-separated segment; the
/// resource part (everything after the fifth colon) is one segment in which `*` also crosses `/`
/// and `:`. A pattern that stops early and ends in `*` (`arn:aws:dynamodb:us-*`) lets that
/// trailing `*` run over the remaining segments. Text that does not start with `arn:` is matched
/// against the whole value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArnPattern {
    Whole(Pattern),
    // INVARIANT: 1 to 6 segments; with fewer than 6 the last one has an open end.
    Segments(Box<[Pattern]>),
    /// Six segments whose first five are literal (the usual case), compared as one string.
    // INVARIANT: `head` holds exactly four colons; lowercased when `ignore_case`.
    Prefixed {
        head: Box<str>,
        ignore_case: bool,
        resource: Pattern,
    },
    /// A short pattern without a trailing `*`: it can match no ARN.
    Nothing,
}

/// How an ARN pattern's [`ArnPattern::folded_key`] decides whether it matches a folded ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyed {
    /// The ARN's text is the key.
    Exact,
    /// The ARN's text starts with the key.
    Prefix,
}

impl ArnPattern {
    /// Compiles a pattern. `segments_ignore_case` makes partition, service, region and account
    /// compare without regard to case (as resource matching does); the resource part is always
    /// case-sensitive.
    pub fn new(text: &str, segments_ignore_case: bool) -> Self {
        let is_arn = text
            .get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("arn:"));
        if !is_arn {
            return ArnPattern::Whole(Pattern::new(text));
        }
        let (colons, count, wildcard_in_head) = head_colons(text);
        // The usual case, a literal head and a resource part: built straight from the text, as
        // `from_segments` would build it from six compiled segments.
        if let Some(&fifth) = colons.last()
            && count == 5
            && !wildcard_in_head
            && let (Some(head), Some(resource)) = (text.get(..fifth), text.get(fifth + 1..))
        {
            return ArnPattern::Prefixed {
                head: if segments_ignore_case {
                    head.to_ascii_lowercase().into()
                } else {
                    head.into()
                },
                ignore_case: segments_ignore_case,
                resource: Pattern::from_text(resource, false),
            };
        }
        Self::segments_at(
            text,
            colons.get(..count).unwrap_or_default(),
            segments_ignore_case,
        )
    }

    /// Compiles the segments of `text` that `colons`, its first colons, separate.
    fn segments_at(text: &str, colons: &[usize], segments_ignore_case: bool) -> Self {
        // Sized for the usual six segments, so that boxing them does not reallocate.
        let mut segments: Vec<Pattern> = Vec::with_capacity(6);
        let mut start = 0;
        for &colon in colons {
            let segment = text.get(start..colon).unwrap_or_default();
            segments.push(Pattern::from_text(segment, segments_ignore_case));
            start = colon + 1;
        }
        let last = text.get(start..).unwrap_or_default();
        segments.push(Pattern::from_text(
            last,
            segments_ignore_case && colons.len() < 5,
        ));
        Self::from_segments(segments, segments_ignore_case)
    }

    /// Picks the representation for compiled segments.
    fn from_segments(mut segments: Vec<Pattern>, ignore_case: bool) -> Self {
        if segments.len() < 6 && !segments.last().is_some_and(Pattern::has_open_end) {
            return ArnPattern::Nothing;
        }
        let literal_head = segments.len() == 6
            && segments
                .iter()
                .take(5)
                .all(|segment| matches!(segment.strategy, Strategy::Literal(_)));
        let head = literal_head.then(|| {
            let texts: Vec<&str> = segments
                .iter()
                .take(5)
                .filter_map(|segment| segment.literal())
                .collect();
            texts.join(":")
        });
        if let Some(head) = head
            && let Some(resource) = segments.pop()
        {
            return ArnPattern::Prefixed {
                head: head.into(),
                ignore_case,
                resource,
            };
        }
        ArnPattern::Segments(segments.into_boxed_slice())
    }

    pub fn from_pieces(raw: Vec<Piece>, segments_ignore_case: bool) -> Self {
        let starts_with_arn = matches!(raw.first(), Some(Piece::Literal(text))
            if text.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("arn:")));
        if !starts_with_arn {
            return ArnPattern::Whole(Pattern::from_pieces(raw, false));
        }
        let mut segments: Vec<Vec<Piece>> = Vec::with_capacity(6);
        segments.push(Vec::new());
        for piece in raw {
            match piece {
                Piece::Literal(text) if segments.len() < 6 => {
                    let mut rest = text.as_str();
                    // By bytes: `split_once` calls `memchr`, which costs more on text this short.
                    while let Some(colon) = rest.bytes().position(|byte| byte == b':') {
                        let (Some(head), Some(tail)) = (rest.get(..colon), rest.get(colon + 1..))
                        else {
                            break;
                        };
                        if segments.len() >= 6 {
                            break;
                        }
                        push_literal(&mut segments, head);
                        segments.push(Vec::new());
                        rest = tail;
                    }
                    push_literal(&mut segments, rest);
                }
                other => {
                    if let Some(last) = segments.last_mut() {
                        last.push(other);
                    }
                }
            }
        }
        let compiled: Vec<Pattern> = segments
            .into_iter()
            .enumerate()
            .map(|(index, segment)| {
                Pattern::from_pieces(segment, segments_ignore_case && index < 5)
            })
            .collect();
        Self::from_segments(compiled, segments_ignore_case)
    }

    /// Whether the pattern matches every value, which is what a `"*"` resource requires.
    pub fn matches_everything(&self) -> bool {
        matches!(self, ArnPattern::Whole(pattern) if pattern.matches_everything())
    }

    /// Matches text that may or may not be an ARN.
    pub fn matches(&self, text: &str) -> bool {
        match self {
            ArnPattern::Whole(pattern) => pattern.matches(text),
            ArnPattern::Segments(_) | ArnPattern::Prefixed { .. } => {
                arn::segments(text).is_some_and(|segments| self.matches_segments(&segments))
            }
            ArnPattern::Nothing => false,
        }
    }

    /// Matches an ARN already split into its six segments.
    pub fn matches_segments(&self, value: &[&str; 6]) -> bool {
        match self {
            ArnPattern::Whole(pattern) => {
                pattern.matches_everything() || pattern.matches(&value.join(":"))
            }
            ArnPattern::Segments(patterns) => patterns
                .iter()
                .zip(value.iter())
                .all(|(pattern, segment)| pattern.matches(segment)),
            ArnPattern::Prefixed {
                head,
                ignore_case,
                resource,
            } => head_matches(head, *ignore_case, value) && resource.matches(value[5]),
            ArnPattern::Nothing => false,
        }
    }

    /// [`ArnPattern::matches_folded`] for an ARN whose partition, service, region and account are
    /// lowercased: its segments are split only for a pattern that needs them all.
    pub(crate) fn matches_folded_arn(&self, text: &str, folded: &arn::Arn) -> bool {
        match self {
            ArnPattern::Prefixed {
                head: expected,
                resource,
                ..
            } => **expected == *folded.head() && resource.matches(folded.resource()),
            _ => self.matches_folded(text, folded.head(), &folded.segments()),
        }
    }

    /// The text that decides [`ArnPattern::matches_folded_arn`] for a pattern with a literal head
    /// and a resource part that is literal or a literal then one `*`: the compiled head
    /// (lowercased when it ignores case), a colon, then that literal as written. The pattern
    /// matches a folded ARN exactly when the ARN's text equals it ([`Keyed::Exact`]) or starts
    /// with it ([`Keyed::Prefix`]), so callers holding many such patterns can look keys up
    /// instead of trying each.
    pub(crate) fn folded_key(&self) -> Option<(Keyed, String)> {
        let (keyed, head, literal) = self.key_parts()?;
        Some((keyed, [head, ":", literal].concat()))
    }

    /// The kind of [`ArnPattern::folded_key`], found without building the key.
    pub(crate) fn keyed(&self) -> Option<Keyed> {
        self.key_parts().map(|(keyed, ..)| keyed)
    }

    fn key_parts(&self) -> Option<(Keyed, &str, &str)> {
        let ArnPattern::Prefixed { head, resource, .. } = self else {
            return None;
        };
        let head: &str = head;
        // An ignoring-case resource part would match more than its text.
        if resource.ignore_case {
            return None;
        }
        if let Some(literal) = resource.literal() {
            return Some((Keyed::Exact, head, literal));
        }
        if resource.matches_everything() {
            return Some((Keyed::Prefix, head, ""));
        }
        resource
            .prefix()
            .map(|prefix| (Keyed::Prefix, head, prefix))
    }

    /// Matches an ARN given as its text, and as its head (up to the resource part) and segments
    /// with partition, service, region and account lowercased (ASCII), for patterns compiled with
    /// `segments_ignore_case`.
    pub fn matches_folded(&self, text: &str, head: &str, folded: &[&str; 6]) -> bool {
        match self {
            ArnPattern::Whole(pattern) => pattern.matches(text),
            ArnPattern::Prefixed {
                head: expected,
                resource,
                ..
            } => **expected == *head && resource.matches(folded[5]),
            ArnPattern::Segments(patterns) => patterns
                .iter()
                .zip(folded.iter())
                .all(|(pattern, segment)| pattern.matches_folded(segment)),
            ArnPattern::Nothing => false,
        }
    }
}

impl ArnPattern {
    /// Whether the partition, service, region and account segments match, ignoring the resource
    /// part. A bare (non-ARN) pattern has no segments to rule anything out.
    pub fn matches_leading_segments(&self, value: &[&str; 6]) -> bool {
        match self {
            ArnPattern::Whole(_) => true,
            ArnPattern::Segments(patterns) => patterns
                .iter()
                .zip(value.iter())
                .take(5)
                .all(|(pattern, segment)| pattern.matches(segment)),
            ArnPattern::Prefixed {
                head, ignore_case, ..
            } => head_matches(head, *ignore_case, value),
            ArnPattern::Nothing => false,
        }
    }
}

/// The places of the first five colons of an ARN pattern (the first `count` of them are set),
/// and whether a `*` or `?` comes before the fifth: found in one pass, which costs less than
/// searching each colon with `memchr` in text this short.
fn head_colons(text: &str) -> ([usize; 5], usize, bool) {
    let mut colons = [0; 5];
    let mut count = 0;
    let mut wildcard = false;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b':' => {
                if let Some(slot) = colons.get_mut(count) {
                    *slot = index;
                }
                count += 1;
                if count == 5 {
                    break;
                }
            }
            b'*' | b'?' => wildcard = true,
            _ => {}
        }
    }
    (colons, count, wildcard)
}

/// Whether the four-colon `head` equals the first five segments of `value`.
fn head_matches(head: &str, ignore_case: bool, value: &[&str; 6]) -> bool {
    head.split(':')
        .zip(value.iter())
        .all(|(expected, segment)| {
            if ignore_case {
                expected.eq_ignore_ascii_case(segment)
            } else {
                expected == *segment
            }
        })
}

fn push_literal(segments: &mut [Vec<Piece>], text: &str) {
    if let Some(last) = segments.last_mut()
        && !text.is_empty()
    {
        last.push(Piece::Literal(text.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(pattern: &str, text: &str, expect: bool) {
        assert_eq!(
            Pattern::new(pattern).matches(text),
            expect,
            "{pattern} vs {text}"
        );
    }

    #[test]
    fn star_matches_any_run_including_none() {
        check("*", "", true);
        check("a*c", "ac", true);
        check("a*c", "abbbc", true);
        check("a*c", "abbbd", false);
        check("*Backup*", "CreateBackupPlan", true);
    }

    #[test]
    fn question_mark_matches_exactly_one_character() {
        check("?reateBackup", "CreateBackup", true);
        check("Movie?", "Movie", false);
        check("Movie?", "Movies2", false);
        check("caf?", "café", true);
    }

    #[test]
    fn literal_matches_only_itself() {
        check("table/Movies", "table/Movies", true);
        check("table/Movies", "table/movies", false);
        check("", "", true);
        check("", "x", false);
    }

    #[test]
    fn prefix_and_suffix_strategies_match() {
        check("Prod*", "Prod-Orders", true);
        check("Prod*", "Pro", false);
        check("*-Orders", "Dev-Orders", true);
        check("*-Orders", "Orders", false);
    }

    #[test]
    fn actions_match_ignoring_case() {
        assert!(Pattern::ignoring_case("dynamodb:*backup*").matches("DynamoDB:CreateBackup"));
        assert!(Pattern::ignoring_case("DYNAMODB:CREATEBACKUP").matches("dynamodb:CreateBackup"));
        assert!(!Pattern::new("dynamodb:createbackup").matches("dynamodb:CreateBackup"));
    }

    #[test]
    fn escaped_wildcards_are_literal_pieces() {
        let pattern =
            Pattern::from_pieces(vec![Piece::Literal("a*".into()), Piece::AnyString], false);
        assert!(pattern.matches("a*bc"));
        assert!(!pattern.matches("abc"));
    }

    #[test]
    fn compiling_from_text_equals_compiling_from_pieces() {
        for text in [
            "", "*", "**", "abc", "ab*", "*bc", "a*c", "a?c", "?*", "*a*", "a**", "Dynamo*", "é*",
        ] {
            for ignore_case in [false, true] {
                assert_eq!(
                    Pattern::from_text(text, ignore_case),
                    Pattern::from_pieces(pieces(text), ignore_case),
                    "{text}"
                );
            }
        }
        for text in [
            "*",
            "arn:aws:dynamodb:us-*",
            "arn:aws:s3:::b/*",
            "arn:aws:logs:r:1:log-group:x:*",
            "arn:aws:x:r",
        ] {
            assert_eq!(
                ArnPattern::new(text, true),
                ArnPattern::from_pieces(pieces(text), true),
                "{text}"
            );
        }
    }

    #[test]
    fn pathological_pattern_matches_in_linear_time() {
        let pattern = format!("{}b", "*a".repeat(200));
        let text = "a".repeat(20_000);
        let started = std::time::Instant::now();
        assert!(!Pattern::new(&pattern).matches(&text));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(Pattern::new(&pattern).matches(&format!("{text}b")));
    }

    #[track_caller]
    fn check_arn(pattern: &str, text: &str, expect: bool) {
        assert_eq!(
            ArnPattern::new(pattern, true).matches(text),
            expect,
            "{pattern} vs {text}"
        );
    }

    const MOVIES: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/Movies";

    #[test]
    fn resource_star_crosses_slashes() {
        check_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:table/*",
            &format!("{MOVIES}/backup/01"),
            true,
        );
        check_arn("arn:aws:dynamodb:*:*:table/Movies", MOVIES, true);
    }

    #[test]
    fn wildcards_work_in_the_resource_type() {
        check_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:*/Movies",
            MOVIES,
            true,
        );
        check_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:tab?e/Movies",
            MOVIES,
            true,
        );
        check_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:table*",
            MOVIES,
            true,
        );
    }

    #[test]
    fn wildcards_do_not_span_segments() {
        check_arn("arn:aws:dynamodb:*:table/Movies", MOVIES, false);
        check_arn("arn:aws:dynamodb:us-east-1:1234*", MOVIES, true);
    }

    #[test]
    fn trailing_star_of_a_short_pattern_crosses_colons() {
        check_arn("arn:aws:dynamodb:us-*", MOVIES, true);
        check_arn("arn:aws:dynamodb:eu-*", MOVIES, false);
        check_arn("arn:aws:dynamodb:us-east-1:123456789012", MOVIES, false);
    }

    #[test]
    fn resource_segments_ignore_case_but_resource_part_does_not() {
        check_arn(
            "arn:aws:dynamodb:US-EAST-1:123456789012:table/Movies",
            MOVIES,
            true,
        );
        check_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:TABLE/Movies",
            MOVIES,
            false,
        );
        check_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:table/movies",
            MOVIES,
            false,
        );
        assert!(!ArnPattern::new("arn:aws:IAM::*:role/*", false).matches("arn:aws:iam::1:role/x"));
    }

    #[test]
    fn resource_part_keeps_its_colons() {
        let log = "arn:aws:logs:us-east-1:1:log-group:/aws-dynamodb/x:log-stream:y";
        check_arn(
            "arn:aws:logs:us-east-1:1:log-group:/aws-dynamodb/*",
            log,
            true,
        );
        check_arn(
            "arn:aws:logs:us-east-1:1:log-group:*:log-stream:y",
            log,
            true,
        );
    }

    #[test]
    fn bare_star_matches_everything() {
        assert!(ArnPattern::new("*", true).matches_everything());
        assert!(ArnPattern::new("**", true).matches_everything());
        assert!(!ArnPattern::new("?", true).matches_everything());
        check_arn("*", MOVIES, true);
    }

    proptest::proptest! {
        #[test]
        fn arn_pattern_with_a_literal_head_compiles_as_its_segments_do(
            text in "(arn|ARN|aRn):(aws|\\*|Aws)?:(dynamodb|dyn\\?mo)?:(us-east-1|eu-\\*)?(:[0-9*]{0,12})?(:[a-zA-Z/*?:-]{0,20})?",
            ignore_case: bool,
        ) {
            proptest::prop_assert_eq!(
                ArnPattern::new(&text, ignore_case),
                {
                    let (colons, count, _) = head_colons(&text);
                    ArnPattern::segments_at(&text, colons.get(..count).unwrap(), ignore_case)
                }
            );
        }
    }

    #[test]
    fn folded_text_matching_ignores_the_case_of_the_pattern_only() {
        assert!(matches_folded_text(
            "DynamoDB:*Backup*",
            "dynamodb:createbackupplan"
        ));
        assert!(matches_folded_text(
            "dynamodb:Describe?able",
            "dynamodb:describetable"
        ));
        assert!(!matches_folded_text(
            "dynamodb:Describe?able",
            "dynamodb:describetables"
        ));
        assert!(!matches_folded_text("dynamodb:*", "DynamoDB:CreateBackup"));
        assert!(matches_folded_text("caf?", "café"));
        assert!(!matches_folded_text("", "x"));
        assert!(matches_folded_text("**", ""));
    }

    proptest::proptest! {
        #[test]
        fn folded_text_matching_answers_as_the_compiled_pattern_does(
            pattern in "[aAb*?:é-]{0,10}",
            text in "[ab:é-]{0,12}",
        ) {
            proptest::prop_assert_eq!(
                matches_folded_text(&pattern, &text),
                Pattern::ignoring_case(&pattern).matches_folded(&text),
                "{} vs {}", pattern, text
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn arn_pattern_from_text_compiles_as_its_pieces_do(
            text in "(arn|ARN):(aws|\\*|Aws)?:(dynamodb|dyn\\?mo)?(:(us-east-1|eu-\\*|\\*))?(:[0-9*]{0,12})?(:[a-zA-Z/*?:-]{0,20})?",
            ignore_case: bool,
        ) {
            proptest::prop_assert_eq!(
                ArnPattern::new(&text, ignore_case),
                ArnPattern::from_pieces(pieces(&text), ignore_case)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn pattern_from_text_compiles_as_its_pieces_do(
            text in "[aA*?:/é-]{0,12}",
            ignore_case: bool,
        ) {
            proptest::prop_assert_eq!(
                Pattern::from_text(&text, ignore_case),
                Pattern::from_pieces(pieces(&text), ignore_case)
            );
        }
    }
}
