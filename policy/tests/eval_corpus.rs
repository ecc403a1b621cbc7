//! Conformance: the evaluator against the reference simulator's labelled cases.
//!
//! `corpus/doc/doc_cases.json` holds the AWS-documentation cases with their documented answers;
//! `corpus/generated/*.jsonl.gz` holds generated cases labelled by the reference (see
//! `scripts/regenerate-corpus.sh`), where labels that differ from the reference's raw answer carry
//! `divergence` tags explained in `DIVERGENCES.md`.

#![cfg(test)]

use flate2::read::GzDecoder;
use policy::case::CaseLoader;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The outcome of one case in the corpus's words: a decision or `error`.
fn outcome(loader: &mut CaseLoader, text: &str) -> String {
    match CaseLoader::read(text).and_then(|case| loader.load(case)) {
        Ok((request, set)) => set.evaluate(&request).decision.as_str().to_owned(),
        Err(_) => "error".to_owned(),
    }
}

#[derive(Deserialize)]
struct Labels {
    id: serde_json::Value,
    expect: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    divergence: Option<Vec<String>>,
}

/// Doc cases whose documented answer is a guess (marked `?`) or needs the action catalog; each
/// maps to the answer we give and why.
const DOC_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "e2",
        "error",
        "`Resource: [\"\"]`: the parser rejects empty strings, as IAM's validator does",
    ),
    (
        "e3",
        "error",
        "`Resource: [\"\"]` in a Deny: rejected as in e2",
    ),
    (
        "e9",
        "ImplicitlyDenied",
        "a five-segment ARN without a trailing `*` matches no ARN (DIVERGENCES.md: short-arn)",
    ),
    (
        "f-ctxdrop",
        "Allowed",
        "the evaluator takes the context as given (DIVERGENCES.md: context-as-given)",
    ),
    (
        "x-unknown-action",
        "Allowed",
        "request validation belongs to the catalog (DIVERGENCES.md: request-validation)",
    ),
    (
        "x-wrong-rtype",
        "Allowed",
        "request validation belongs to the catalog (DIVERGENCES.md: request-validation)",
    ),
    (
        "x-list-table",
        "Allowed",
        "request validation belongs to the catalog (DIVERGENCES.md: request-validation)",
    ),
    (
        "x-wild-req",
        "ImplicitlyDenied",
        "a wildcard request resource is matched literally (DIVERGENCES.md: wildcard-request)",
    ),
];

#[test]
fn documentation_cases_match_documented_answers() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/doc/doc_cases.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 150, "doc corpus shrank to {}", cases.len());
    let mut loader = CaseLoader::new();
    let mut failures = Vec::new();
    for case in &cases {
        let text = case.to_string();
        let labels: Labels = serde_json::from_value(case.clone()).unwrap();
        let id = labels.id.as_str().unwrap_or_default().to_owned();
        let got = outcome(&mut loader, &text);
        let want = match DOC_EXCEPTIONS.iter().find(|(case_id, _, _)| *case_id == id) {
            Some((_, answer, _)) => (*answer).to_owned(),
            None => labels.expect.trim_end_matches('?').to_owned(),
        };
        if got != want {
            failures.push(format!(
                "{id}: expected {want}, got {got} ({})",
                labels.note.unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} doc cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn generated_cases_match_the_reference() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/generated");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut loader = CaseLoader::new();
    let (mut total, mut divergent) = (0, 0);
    let mut failures = Vec::new();
    for file in files {
        let reader = BufReader::new(GzDecoder::new(std::fs::File::open(&file).unwrap()));
        for line in reader.lines() {
            let line = line.unwrap();
            let labels: Labels = serde_json::from_str(&line).unwrap();
            total += 1;
            divergent += usize::from(labels.divergence.is_some());
            let got = outcome(&mut loader, &line);
            if got != labels.expect {
                failures.push((labels.id.to_string(), labels.expect, got, line));
            }
        }
    }
    assert!(total >= 20_000, "generated corpus shrank to {total}");
    let shown: Vec<String> = failures
        .iter()
        .take(5)
        .map(|(id, want, got, line)| format!("{id}: expected {want}, got {got}\n  {line}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {total} generated cases disagree ({divergent} labelled per DIVERGENCES.md); first ones:\n{}",
        failures.len(),
        shown.join("\n")
    );
}
