//! The floor under `backstop evaluate`: reads a cases file (a JSON array or JSON Lines, as the
//! command takes) and scans each case's JSON with serde's `IgnoredAny`, building nothing.
//! No evaluator can read its input faster, so `scripts/bench-evaluate.sh` measures against it.
//!
//! ```sh
//! cargo run --release -p server --example scan_cases -- cases.json
//! ```

use std::process::ExitCode;

use serde::Deserializer as _;
use serde::de::{IgnoredAny, SeqAccess, Visitor};

/// Counts the elements of a JSON array, skipping over each.
struct CountCases;

impl<'de> Visitor<'de> for CountCases {
    type Value = usize;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("an array of cases")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut count = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            count += 1;
        }
        Ok(count)
    }
}

fn scan(bytes: &[u8]) -> Result<usize, serde_json::Error> {
    let is_array = bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'[');
    if is_array {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let count = deserializer.deserialize_seq(CountCases)?;
        deserializer.end()?;
        return Ok(count);
    }
    let mut count = 0;
    for case in serde_json::Deserializer::from_slice(bytes).into_iter::<IgnoredAny>() {
        case?;
        count += 1;
    }
    Ok(count)
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: scan_cases CASES.json");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!(
                "scan_cases: cannot read `{}`: {error}",
                path.to_string_lossy()
            );
            return ExitCode::from(2);
        }
    };
    match scan(&bytes) {
        Ok(count) => {
            println!("{count} cases");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("scan_cases: {error}");
            ExitCode::from(1)
        }
    }
}
