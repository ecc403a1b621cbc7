//! `backstop evaluate`: evaluates cases in the reference simulator's format, streaming.
//!
//! Input is a JSON array of cases or JSON Lines; either way each case is cut out of the stream
//! and evaluated on its own, so a million cases never sit in memory together. Output is one JSON
//! line per case, in input order: `{"id": …, "decision": "Allowed"}`, or `"decision": null` with
//! an `error` for a case that cannot be evaluated.
//!
//! One thread reads the input in chunks and cuts each into cases; workers, one per core,
//! evaluate whole chunks and render their lines; the calling thread writes the chunks' output in
//! input order. A fixed number of chunks is in flight at any time, which bounds memory whatever
//! the input's size.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use clap::Args;
use policy::case::CaseLoader;
use policy::eval::{Decision, Evaluation};
use serde::Serialize;
use serde_json::value::RawValue;

/// The allocator of the whole binary, declared here because bulk evaluation is what needs it:
/// each case builds and drops a few hundred small values, and mimalloc's per-thread free lists
/// cut the time of `backstop evaluate` by about a third against the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Cases as a JSON array or JSON Lines; `-` or nothing for standard input.
    pub input: Option<PathBuf>,
    /// Add the reasons (deciding statements per policy) and the missing context keys.
    #[arg(long)]
    pub explain: bool,
}

/// One output line.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a RawValue,
    decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    explain: Option<Explain<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Explain<'a> {
    reasons: &'a [policy::eval::Reason],
    missing_context: &'a [String],
}

#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
    #[error("cannot read `{name}`: {source}")]
    Read {
        name: String,
        source: std::io::Error,
    },
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
    #[error("the input ends inside the JSON array of cases")]
    Unterminated,
}

/// Runs the command: exit 0 when every case was read (some may be errors), 2 when the input
/// could not be read.
pub fn run(args: &EvaluateArgs) -> ExitCode {
    match evaluate(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("backstop: {error}");
            ExitCode::from(2)
        }
    }
}

/// Bytes read at a time; a chunk grows past this only to hold one case longer than it.
const CHUNK: usize = 1 << 20;

fn evaluate(args: &EvaluateArgs) -> Result<(), EvaluateError> {
    let (name, reader): (String, Box<dyn Read + Send>) = match &args.input {
        None => ("-".to_owned(), Box::new(std::io::stdin())),
        Some(path) if path.as_os_str() == "-" => ("-".to_owned(), Box::new(std::io::stdin())),
        Some(path) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path).map_err(|source| EvaluateError::Read {
                name: name.clone(),
                source,
            })?;
            (name, Box::new(file))
        }
    };
    let workers = std::thread::available_parallelism().map_or(1, |count| count.get().min(16));
    let mut out = std::io::stdout().lock();
    let read = evaluate_stream(reader, CHUNK, workers, args.explain, &mut out)?;
    read.map_err(|error| match error {
        CasesError::Io(source) => EvaluateError::Read { name, source },
        CasesError::Unterminated => EvaluateError::Unterminated,
    })
}

/// Whole cases cut from the input: their bytes, and where each case lies in them.
struct Chunk {
    bytes: Vec<u8>,
    cases: Vec<Range<usize>>,
}

/// A chunk numbered to put the output back in order.
struct Batch {
    sequence: usize,
    /// The 0-based index of the chunk's first case in the whole input.
    first_index: usize,
    chunk: Chunk,
}

/// Evaluates every case of `reader` into `out`, in order. The outer error is the output's; the
/// inner one, the input's, comes after the output of every case read before it.
fn evaluate_stream(
    reader: impl Read + Send,
    chunk: usize,
    workers: usize,
    explain: bool,
    out: &mut impl Write,
) -> Result<Result<(), CasesError>, EvaluateError> {
    // Chunks read but not yet written: the bound on memory.
    let in_flight = workers * 4;
    let (batch_sender, batch_receiver) = sync_channel::<Batch>(in_flight);
    let (output_sender, output_receiver) = sync_channel::<(usize, Vec<u8>)>(in_flight);
    let (slot_sender, slot_receiver) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        // The receiver lives in this scope, so the sends cannot fail.
        let _sent = slot_sender.send(());
    }
    let batches = Arc::new(Mutex::new(batch_receiver));
    std::thread::scope(|scope| {
        let reading =
            scope.spawn(move || cut_batches(reader, chunk, &batch_sender, &slot_receiver));
        for _ in 0..workers {
            let batches = Arc::clone(&batches);
            let output = output_sender.clone();
            scope.spawn(move || evaluate_batches(&batches, &output, explain));
        }
        drop(output_sender);
        let written = write_in_order(&output_receiver, &slot_sender, out);
        // Stops the reader and the workers early if the output failed.
        drop(output_receiver);
        drop(slot_sender);
        let read = reading.join().unwrap_or(Ok(()));
        written.map(|()| read)
    })
}

fn cut_batches(
    reader: impl Read,
    chunk: usize,
    batches: &SyncSender<Batch>,
    slots: &Receiver<()>,
) -> Result<(), CasesError> {
    let mut cutter = Cutter::new(reader, chunk);
    let mut sequence = 0;
    let mut first_index = 0;
    loop {
        let Some(chunk) = cutter.next_chunk()? else {
            return Ok(());
        };
        let count = chunk.cases.len();
        // No slot or nobody to evaluate: the output has failed, so stop reading.
        if slots.recv().is_err() {
            return Ok(());
        }
        let batch = Batch {
            sequence,
            first_index,
            chunk,
        };
        if batches.send(batch).is_err() {
            return Ok(());
        }
        sequence += 1;
        first_index += count;
    }
}

fn evaluate_batches(
    batches: &Mutex<Receiver<Batch>>,
    output: &SyncSender<(usize, Vec<u8>)>,
    explain: bool,
) {
    let mut loader = if explain {
        CaseLoader::new()
    } else {
        CaseLoader::without_spans()
    };
    loop {
        let next = match batches.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(batch) = next else {
            return;
        };
        let Chunk { bytes, cases } = &batch.chunk;
        let mut lines = Vec::with_capacity(cases.len() * 48);
        for (offset, range) in cases.iter().enumerate() {
            let text = bytes.get(range.clone()).unwrap_or_default();
            render(
                &mut loader,
                text,
                batch.first_index + offset,
                explain,
                &mut lines,
            );
            lines.push(b'\n');
        }
        if output.send((batch.sequence, lines)).is_err() {
            return;
        }
    }
}

/// Writes each batch's lines once all batches before it are written, and frees its slot.
fn write_in_order(
    outputs: &Receiver<(usize, Vec<u8>)>,
    slots: &SyncSender<()>,
    out: &mut impl Write,
) -> Result<(), EvaluateError> {
    let mut waiting: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
    let mut next = 0;
    while let Ok((sequence, lines)) = outputs.recv() {
        waiting.insert(sequence, lines);
        while let Some(lines) = waiting.remove(&next) {
            out.write_all(&lines).map_err(EvaluateError::Write)?;
            next += 1;
            // The reader may have stopped; then no slot is wanted.
            let _freed = slots.try_send(());
        }
    }
    out.flush().map_err(EvaluateError::Write)
}

/// Evaluates one case and writes its output line (without the newline) into `out`.
fn render(loader: &mut CaseLoader, text: &[u8], index: usize, explain: bool, out: &mut Vec<u8>) {
    let text = match std::str::from_utf8(text) {
        Ok(text) => text,
        Err(error) => return write_error(out, None, index, &format!("invalid case: {error}")),
    };
    if !explain && let Ok(case) = CaseLoader::read_values(text) {
        let id = case.id;
        match loader.load(case) {
            Ok((request, set)) => write_decision(out, id, index, set.decide(&request)),
            Err(error) => write_error(out, id, index, &error.to_string()),
        }
        return;
    }
    // Also the way to the exact error of a case the fast reading refuses.
    let case = match CaseLoader::read(text) {
        Ok(case) => case,
        Err(error) => return write_error(out, None, index, &error.to_string()),
    };
    let id = case.id;
    let (request, set) = match loader.load(case) {
        Ok(loaded) => loaded,
        Err(error) => return write_error(out, id, index, &error.to_string()),
    };
    if !explain {
        return write_decision(out, id, index, set.decide(&request));
    }
    let Evaluation {
        decision,
        reasons,
        missing_context,
    } = set.evaluate(&request);
    let fallback = RawValue::from_string(index.to_string()).ok();
    let Some(id) = id.or(fallback.as_deref()) else {
        return;
    };
    let line = Line {
        id,
        decision: Some(decision),
        error: None,
        explain: Some(Explain {
            reasons: &reasons,
            missing_context: &missing_context,
        }),
    };
    if serde_json::to_writer(&mut *out, &line).is_err() {
        out.extend_from_slice(br#"{"id":null,"decision":null,"error":"cannot render the result"}"#);
    }
}

/// `"id":` and the case's id as written, or its index when it has none.
fn write_id(out: &mut Vec<u8>, id: Option<&RawValue>, index: usize) {
    out.extend_from_slice(br#"{"id":"#);
    match id {
        Some(id) => out.extend_from_slice(id.get().as_bytes()),
        None => out.extend_from_slice(index.to_string().as_bytes()),
    }
}

fn write_decision(out: &mut Vec<u8>, id: Option<&RawValue>, index: usize, decision: Decision) {
    write_id(out, id, index);
    out.extend_from_slice(br#","decision":""#);
    out.extend_from_slice(decision.as_str().as_bytes());
    out.extend_from_slice(br#""}"#);
}

fn write_error(out: &mut Vec<u8>, id: Option<&RawValue>, index: usize, error: &str) {
    write_id(out, id, index);
    out.extend_from_slice(br#","decision":null,"error":"#);
    if serde_json::to_writer(&mut *out, error).is_err() {
        out.extend_from_slice(br#""cannot render the error""#);
    }
    out.push(b'}');
}

#[derive(Debug)]
enum CasesError {
    Io(std::io::Error),
    Unterminated,
}

/// Cuts cases out of a stream, a chunk at a time: the elements of a top-level JSON array, or
/// non-empty lines.
struct Cutter<R> {
    reader: R,
    chunk: usize,
    /// Read but not yet handed out; starts at a case boundary.
    pending: Vec<u8>,
    mode: Option<Mode>,
    eof: bool,
    done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Array,
    Lines,
}

/// One case cut from a chunk.
struct Cut {
    case: Option<Range<usize>>,
    /// Where the next case starts.
    next: usize,
    /// Whether the array ends here.
    last: bool,
}

impl<R: Read> Cutter<R> {
    fn new(reader: R, chunk: usize) -> Self {
        Self {
            reader,
            chunk: chunk.max(1),
            pending: Vec::new(),
            mode: None,
            eof: false,
            done: false,
        }
    }

    /// Reads until `pending` holds `capacity` bytes or the input ends.
    fn fill(&mut self, capacity: usize) -> Result<(), CasesError> {
        let Some(wanted) = capacity
            .checked_sub(self.pending.len())
            .filter(|_| !self.eof)
        else {
            return Ok(());
        };
        self.pending.reserve_exact(wanted);
        let read = (&mut self.reader)
            .take(wanted as u64)
            .read_to_end(&mut self.pending)
            .map_err(CasesError::Io)?;
        self.eof = read < wanted;
        Ok(())
    }

    /// The next chunk of whole cases; `None` once the input is used up.
    fn next_chunk(&mut self) -> Result<Option<Chunk>, CasesError> {
        let mut capacity = self.chunk;
        loop {
            if self.done {
                return Ok(None);
            }
            self.fill(capacity)?;
            let mode = match self.mode {
                Some(mode) => mode,
                None => {
                    let start = self
                        .pending
                        .iter()
                        .position(|byte| !byte.is_ascii_whitespace());
                    let Some(start) = start else {
                        if self.eof {
                            self.done = true;
                        } else {
                            self.pending.clear();
                        }
                        continue;
                    };
                    let mode = if self.pending.get(start) == Some(&b'[') {
                        self.pending.drain(..=start);
                        Mode::Array
                    } else {
                        self.pending.drain(..start);
                        Mode::Lines
                    };
                    self.mode = Some(mode);
                    mode
                }
            };
            let mut cases = Vec::new();
            let mut position = 0;
            loop {
                let cut = match mode {
                    Mode::Array => array_element(&self.pending, position),
                    Mode::Lines => line(&self.pending, position, self.eof),
                };
                let Some(cut) = cut else {
                    break;
                };
                cases.extend(cut.case);
                position = cut.next;
                if cut.last {
                    self.done = true;
                    break;
                }
            }
            if self.eof && !self.done {
                match mode {
                    Mode::Lines => self.done = true,
                    Mode::Array if cases.is_empty() => return Err(CasesError::Unterminated),
                    // The cases before the cut-off end are evaluated; the error comes next.
                    Mode::Array => {}
                }
            }
            if cases.is_empty() && !self.done {
                // One case longer than the chunk: read on.
                capacity = capacity.max(self.pending.len()) * 2;
                continue;
            }
            let rest = self.pending.get(position..).unwrap_or_default();
            let mut next = Vec::with_capacity(self.chunk.max(rest.len() * 2));
            next.extend_from_slice(rest);
            let mut bytes = std::mem::replace(&mut self.pending, next);
            bytes.truncate(position);
            return Ok(Some(Chunk { bytes, cases }));
        }
    }
}

/// The array element that starts at `from` (after `[` or `,`), without leading whitespace;
/// `None` when the chunk ends inside it.
fn array_element(bytes: &[u8], from: usize) -> Option<Cut> {
    let start = from
        + bytes
            .get(from..)?
            .iter()
            .position(|byte| !byte.is_ascii_whitespace())?;
    let mut depth = 0usize;
    let mut index = start;
    loop {
        match *bytes.get(index)? {
            b'"' => {
                index = string_end(bytes, index + 1)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => depth -= 1,
            separator @ (b']' | b',') if depth == 0 => {
                return Some(Cut {
                    // `[,` or `,,`: an empty element, skipped.
                    case: (start < index).then_some(start..index),
                    next: index + 1,
                    last: separator == b']',
                });
            }
            _ => {}
        }
        index += 1;
    }
}

/// Just past the `"` that closes the string whose text starts at `from`.
fn string_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let found = quote_or_backslash(bytes, from)?;
        if bytes.get(found) == Some(&b'"') {
            return Some(found + 1);
        }
        // A backslash escapes the byte after it, whatever it is.
        from = found + 2;
    }
}

/// Where the first `"` or `\` at or after `from` is, as `memchr2` finds it. Eight bytes at a
/// time: most strings in cases are keys and names shorter than `memchr2` needs to pay for its
/// setup, and this search is most of what the reading thread does.
fn quote_or_backslash(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES * 0x80;
    while let Some(word) = bytes
        .get(from..from + 8)
        .and_then(|word| <[u8; 8]>::try_from(word).ok())
    {
        // A byte of `quotes` is zero where the word holds a `"`; `(x - ONES) & !x` sets the high
        // bit of the lowest zero byte of `x` exactly (a borrow can flag bytes above it only).
        let word = u64::from_le_bytes(word);
        let quotes = word ^ (ONES * u64::from(b'"'));
        let backslashes = word ^ (ONES * u64::from(b'\\'));
        let flags = ((quotes.wrapping_sub(ONES) & !quotes)
            | (backslashes.wrapping_sub(ONES) & !backslashes))
            & HIGHS;
        if flags != 0 {
            return Some(from + (flags.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    Some(from + memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?)
}

/// The line that starts at `from`, with its newline; a blank line is skipped. Without a newline
/// the line is complete only at the end of the input.
fn line(bytes: &[u8], from: usize, eof: bool) -> Option<Cut> {
    let rest = bytes.get(from..)?;
    let end = match memchr::memchr(b'\n', rest) {
        Some(newline) => from + newline + 1,
        None if eof && !rest.is_empty() => bytes.len(),
        None => return None,
    };
    let text = bytes.get(from..end)?;
    Some(Cut {
        case: text
            .iter()
            .any(|byte| !byte.is_ascii_whitespace())
            .then_some(from..end),
        next: end,
        last: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases of `input` read `chunk` bytes at a time, and the input error if any.
    fn cut(input: &str, chunk: usize) -> (Vec<String>, Option<String>) {
        let mut cutter = Cutter::new(input.as_bytes(), chunk);
        let mut out = Vec::new();
        loop {
            match cutter.next_chunk() {
                Ok(Some(Chunk { bytes, cases })) => out.extend(
                    cases
                        .into_iter()
                        .map(|range| String::from_utf8(bytes[range].to_vec()).unwrap()),
                ),
                Ok(None) => return (out, None),
                Err(error) => return (out, Some(format!("{error:?}"))),
            }
        }
    }

    #[test]
    fn quote_or_backslash_finds_what_memchr2_finds() {
        let texts: [&[u8]; 6] = [
            b"",
            b"abc",
            br#"0123456"#,
            br#"01234567"x"#,
            b"\"\\\"\\\\\"",
            "arn:aws:dynamodb:eu-west-1:444455556666:table/Movies\u{e9}\"".as_bytes(),
        ];
        for text in texts {
            for from in 0..=text.len() + 1 {
                let expected = text
                    .get(from..)
                    .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                    .map(|found| from + found);
                assert_eq!(
                    quote_or_backslash(text, from),
                    expected,
                    "{text:?} from {from}"
                );
            }
        }
        // Every byte value at every place in a word, so that no borrow between bytes misleads.
        for place in 0..16 {
            for byte in 0..=u8::MAX {
                let mut text = vec![b'a'; 16];
                text[place] = byte;
                text.push(b'"');
                let expected = if byte == b'"' || byte == b'\\' {
                    place
                } else {
                    16
                };
                assert_eq!(
                    quote_or_backslash(&text, 0),
                    Some(expected),
                    "{byte} at {place}"
                );
                // Bytes that a borrow from a zero byte below could make look like a match.
                text[place] = b'"' - 1;
                text[(place + 1) % 16] = b'"' + 1;
                let found = quote_or_backslash(&text, 0);
                assert_eq!(found, Some(16), "borrow at {place}");
            }
        }
    }

    #[test]
    fn array_elements_are_cut_across_chunk_boundaries() {
        let input = r#" [ {"id": "a,]", "x": [1, {"y": "\"}\\"}]}, {"id": 2}
 ]"#;
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(
                cut(input, chunk),
                (
                    vec![
                        r#"{"id": "a,]", "x": [1, {"y": "\"}\\"}]}"#.to_owned(),
                        "{\"id\": 2}\n ".to_owned()
                    ],
                    None
                ),
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn json_lines_keep_their_newline_and_skip_blank_lines() {
        for chunk in [1, 5, 1 << 20] {
            assert_eq!(
                cut("\n {\"id\": 1}\n\n  \n{\"id\": 2}", chunk),
                (
                    vec!["{\"id\": 1}\n".to_owned(), "{\"id\": 2}".to_owned()],
                    None
                ),
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn empty_array_has_no_cases() {
        assert_eq!(cut("[]", 4), (vec![], None));
        assert_eq!(cut(" [ , ]", 4), (vec![], None));
        assert_eq!(cut("", 4), (vec![], None));
        assert_eq!(cut("  \n ", 1), (vec![], None));
    }

    #[test]
    fn unterminated_array_is_an_error_after_the_cases_before_it() {
        for chunk in [3, 1 << 20] {
            assert_eq!(
                cut(r#"[{"id": 1}, {"id""#, chunk),
                (
                    vec![r#"{"id": 1}"#.to_owned()],
                    Some("Unterminated".to_owned())
                ),
                "chunk {chunk}"
            );
        }
    }

    fn line(text: &str, explain: bool) -> String {
        let mut out = Vec::new();
        render(
            &mut CaseLoader::new(),
            text.as_bytes(),
            7,
            explain,
            &mut out,
        );
        String::from_utf8(out).unwrap()
    }

    const CASE: &str = r#"{"id": "c1", "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}]}],
        "request": {"principal": "arn:aws:iam::111122223333:role/A", "action": "dynamodb:CreateBackup", "resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Movies"}}"#;

    #[test]
    fn each_case_prints_its_id_and_decision() {
        assert_eq!(line(CASE, false), r#"{"id":"c1","decision":"Allowed"}"#);
    }

    #[test]
    fn explain_adds_reasons_and_missing_context() {
        assert_eq!(
            line(CASE, true),
            r#"{"id":"c1","decision":"Allowed","reasons":[{"layer":{"kind":"identity"},"kind":"Allows","policy":"identity-0","statement":0,"sid":null,"span":[40,111]}],"missingContext":[]}"#
        );
    }

    #[test]
    fn a_case_that_cannot_be_read_is_an_error_line_with_its_index() {
        assert_eq!(
            line("{\"id\": ", false),
            r#"{"id":7,"decision":null,"error":"invalid case: EOF while parsing a value at line 1 column 7"}"#
        );
        let no_request = r#"{"id": [1]}"#;
        assert_eq!(
            line(no_request, false),
            r#"{"id":7,"decision":null,"error":"invalid case: missing field `request` at line 1 column 11"}"#
        );
    }

    #[test]
    fn a_policy_error_names_the_policy_and_keeps_the_id() {
        let case = r#"{"id": {"n": 1}, "identityPolicies": [{"name": "Ops", "policy": {"Statement": [{"Effect": "Allow", "Action": "dynamodb:*"}]}}],
            "request": {"principal": "arn:aws:iam::111122223333:role/A", "action": "dynamodb:CreateBackup", "resource": "*"}}"#;
        assert_eq!(
            line(case, false),
            r#"{"id":{"n": 1},"decision":null,"error":"identity policy `Ops`: statement has no `Resource` or `NotResource` at `/Statement/0`"}"#
        );
    }

    #[test]
    fn output_keeps_input_order_across_workers() {
        let cases: Vec<String> = (0..500)
            .map(|index| {
                CASE.replace(r#""c1""#, &index.to_string())
                    .replace('\n', " ")
            })
            .collect();
        let input = cases.join("\n");
        let mut out = Vec::new();
        let read = evaluate_stream(input.as_bytes(), 300, 3, false, &mut out).unwrap();
        assert!(read.is_ok());
        let expected: String = (0..500)
            .map(|index| format!("{{\"id\":{index},\"decision\":\"Allowed\"}}\n"))
            .collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
