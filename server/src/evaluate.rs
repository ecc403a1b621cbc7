//! `backstop evaluate`: evaluates cases in the reference simulator's format, streaming.
//!
//! Input is a JSON array of cases or JSON Lines; either way each case is cut out of the stream
//! and evaluated on its own, so a million cases never sit in memory together. Output is one JSON
//! line per case, in input order: `{"id": …, "decision": "Allowed"}`, or `"decision": null` with
//! an `error` for a case that cannot be evaluated.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy::case::CaseLoader;
use policy::eval::{Decision, Evaluation};
use serde::Serialize;
use serde_json::value::RawValue;

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

fn evaluate(args: &EvaluateArgs) -> Result<(), EvaluateError> {
    let (name, reader): (String, Box<dyn Read>) = match &args.input {
        None => ("-".to_owned(), Box::new(std::io::stdin().lock())),
        Some(path) if path.as_os_str() == "-" => {
            ("-".to_owned(), Box::new(std::io::stdin().lock()))
        }
        Some(path) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path).map_err(|source| EvaluateError::Read {
                name: name.clone(),
                source,
            })?;
            (name, Box::new(file))
        }
    };
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let mut loader = if args.explain {
        CaseLoader::new()
    } else {
        CaseLoader::without_spans()
    };
    let mut index = 0usize;
    let mut line = Vec::with_capacity(256);
    let mut cases = Cases::new(BufReader::with_capacity(1 << 16, reader));
    while let Some(text) = cases.next_case().map_err(|error| match error {
        CasesError::Io(source) => EvaluateError::Read {
            name: name.clone(),
            source,
        },
        CasesError::Unterminated => EvaluateError::Unterminated,
    })? {
        line.clear();
        render(&mut loader, text, index, args.explain, &mut line);
        line.push(b'\n');
        out.write_all(&line).map_err(EvaluateError::Write)?;
        index += 1;
    }
    out.flush().map_err(EvaluateError::Write)
}

/// Evaluates one case and writes its output line (without the newline) into `out`.
fn render(loader: &mut CaseLoader, text: &[u8], index: usize, explain: bool, out: &mut Vec<u8>) {
    let fallback_id = index.to_string();
    let fallback_id = RawValue::from_string(fallback_id).ok();
    let result = std::str::from_utf8(text)
        .map_err(|error| format!("invalid case: {error}"))
        .and_then(|text| CaseLoader::read(text).map_err(|error| error.to_string()));
    let case = match result {
        Ok(case) => case,
        Err(error) => {
            if let Some(id) = fallback_id.as_deref() {
                write_line(
                    out,
                    &Line {
                        id,
                        decision: None,
                        error: Some(error),
                        explain: None,
                    },
                );
            }
            return;
        }
    };
    let owned_id = case.id.map(|id| id.to_owned()).or(fallback_id);
    let Some(id) = owned_id.as_deref() else {
        return;
    };
    match loader.load(case) {
        Err(error) => write_line(
            out,
            &Line {
                id,
                decision: None,
                error: Some(error.to_string()),
                explain: None,
            },
        ),
        Ok((request, set)) if explain => {
            let Evaluation {
                decision,
                reasons,
                missing_context,
            } = set.evaluate(&request);
            let explain = Some(Explain {
                reasons: &reasons,
                missing_context: &missing_context,
            });
            write_line(
                out,
                &Line {
                    id,
                    decision: Some(decision),
                    error: None,
                    explain,
                },
            );
        }
        Ok((request, set)) => {
            let decision = set.decide(&request);
            write_line(
                out,
                &Line {
                    id,
                    decision: Some(decision),
                    error: None,
                    explain: None,
                },
            );
        }
    }
}

fn write_line(out: &mut Vec<u8>, line: &Line<'_>) {
    if serde_json::to_writer(&mut *out, line).is_err() {
        out.extend_from_slice(br#"{"id":null,"decision":null,"error":"cannot render the result"}"#);
    }
}

#[derive(Debug)]
enum CasesError {
    Io(std::io::Error),
    Unterminated,
}

/// Cuts cases out of a stream: the elements of a top-level JSON array, or non-empty lines.
struct Cases<R> {
    reader: R,
    mode: Option<Mode>,
    current: Vec<u8>,
    done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Array,
    Lines,
}

impl<R: BufRead> Cases<R> {
    fn new(reader: R) -> Self {
        Self {
            reader,
            mode: None,
            current: Vec::with_capacity(4096),
            done: false,
        }
    }

    fn next_case(&mut self) -> Result<Option<&[u8]>, CasesError> {
        if self.done {
            return Ok(None);
        }
        let mode = match self.mode {
            Some(mode) => mode,
            None => {
                let mode = self.detect()?;
                self.mode = Some(mode);
                mode
            }
        };
        match mode {
            Mode::Lines => self.next_line(),
            Mode::Array => self.next_element(),
        }
    }

    /// Skips leading whitespace and consumes a `[` when the input is an array.
    fn detect(&mut self) -> Result<Mode, CasesError> {
        loop {
            let buffer = self.reader.fill_buf().map_err(CasesError::Io)?;
            let Some(&first) = buffer.first() else {
                return Ok(Mode::Lines);
            };
            if first.is_ascii_whitespace() {
                self.reader.consume(1);
                continue;
            }
            if first == b'[' {
                self.reader.consume(1);
                return Ok(Mode::Array);
            }
            return Ok(Mode::Lines);
        }
    }

    fn next_line(&mut self) -> Result<Option<&[u8]>, CasesError> {
        loop {
            self.current.clear();
            let read = self
                .reader
                .read_until(b'\n', &mut self.current)
                .map_err(CasesError::Io)?;
            if read == 0 {
                self.done = true;
                return Ok(None);
            }
            if self.current.iter().any(|byte| !byte.is_ascii_whitespace()) {
                return Ok(Some(self.current.as_slice()));
            }
        }
    }

    /// The next array element's text; `None` after the closing `]`.
    fn next_element(&mut self) -> Result<Option<&[u8]>, CasesError> {
        self.current.clear();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let buffer = self.reader.fill_buf().map_err(CasesError::Io)?;
            if buffer.is_empty() {
                return Err(CasesError::Unterminated);
            }
            let mut used = 0;
            let mut finished = None;
            for &byte in buffer {
                used += 1;
                if in_string {
                    self.current.push(byte);
                    if escaped {
                        escaped = false;
                    } else if byte == b'\\' {
                        escaped = true;
                    } else if byte == b'"' {
                        in_string = false;
                    }
                    continue;
                }
                match byte {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b']' => {
                        finished = Some(true);
                        break;
                    }
                    b',' if depth == 0 => {
                        finished = Some(false);
                        break;
                    }
                    _ => {}
                }
                if !(self.current.is_empty() && byte.is_ascii_whitespace()) {
                    self.current.push(byte);
                }
            }
            self.reader.consume(used);
            match finished {
                None => continue,
                Some(end) => {
                    let has_element = self.current.iter().any(|byte| !byte.is_ascii_whitespace());
                    if end {
                        self.done = true;
                        return Ok(has_element.then_some(self.current.as_slice()));
                    }
                    if has_element {
                        return Ok(Some(self.current.as_slice()));
                    }
                    // `[,` or `,,`: an empty element; keep scanning for the next one.
                    self.current.clear();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(input: &str) -> Vec<String> {
        let mut cases = Cases::new(BufReader::with_capacity(7, input.as_bytes()));
        let mut out = Vec::new();
        while let Some(text) = cases.next_case().unwrap() {
            out.push(String::from_utf8(text.to_vec()).unwrap().trim().to_owned());
        }
        out
    }

    #[test]
    fn array_elements_are_cut_across_buffer_boundaries() {
        let input = r#" [ {"id": "a,]", "x": [1, {"y": "\"}"}]}, {"id": 2} ]"#;
        assert_eq!(
            cut(input),
            [r#"{"id": "a,]", "x": [1, {"y": "\"}"}]}"#, r#"{"id": 2}"#]
        );
    }

    #[test]
    fn json_lines_skip_blank_lines() {
        assert_eq!(
            cut("{\"id\": 1}\n\n  \n{\"id\": 2}"),
            [r#"{"id": 1}"#, r#"{"id": 2}"#]
        );
    }

    #[test]
    fn empty_array_has_no_cases() {
        assert!(cut("[]").is_empty());
        assert!(cut("").is_empty());
    }

    #[test]
    fn unterminated_array_is_an_error() {
        let mut cases = Cases::new(BufReader::new(r#"[{"id": 1}, {"id""#.as_bytes()));
        assert!(cases.next_case().unwrap().is_some());
        assert!(matches!(cases.next_case(), Err(CasesError::Unterminated)));
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
            r#"{"id":"c1","decision":"Allowed","reasons":[{"layer":{"kind":"identity"},"kind":"Allows","policy":"identity-0","statement":0,"sid":null,"span":[40,111]}],"missing_context":[]}"#
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
}
