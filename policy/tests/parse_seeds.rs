//! Every policy printed in the seed documents, parsed: what the parser says about each, and that the
//! clean ones print back as the same JSON. The fixtures are copies in `tests/corpus/parse/`.

#![cfg(test)]

use std::path::{Path, PathBuf};

use expect_test::{Expect, expect};
use policy::parse::{Parsed, parse};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/parse")
}

fn render(text: &str, parsed: &Parsed) -> String {
    let mut out = format!(
        "document: {}\n",
        if parsed.document.is_some() {
            "read"
        } else {
            "none"
        }
    );
    for finding in &parsed.findings {
        let spanned = finding.spanned(text);
        let spanned = if spanned.chars().count() > 40 {
            format!("{}…", spanned.chars().take(40).collect::<String>())
        } else {
            spanned.to_owned()
        };
        out.push_str(&format!(
            "{} {} `{}` {}: {}\n",
            finding.line_col(text),
            finding.pointer,
            spanned,
            finding.code,
            finding.message
        ));
        if let Some(help) = &finding.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    out
}

/// Parses the fixture `name`, checks the findings, and for a readable policy checks that printing
/// gives the same JSON (element order included) and that parsing the print gives the same document.
#[track_caller]
fn check(name: &str, expect: Expect) {
    let text = std::fs::read_to_string(corpus().join(name)).unwrap();
    let parsed = parse(&text);
    expect.assert_eq(&render(&text, &parsed));
    if let Some(document) = parsed.document.clone() {
        // Non-breaking spaces are reported and then read as spaces; serde_json refuses them.
        let original: serde_json::Value =
            serde_json::from_str(&text.replace('\u{a0}', "  ")).unwrap();
        assert_eq!(document.to_json(), original);
        assert_eq!(
            document.to_json().to_string(),
            original.to_string(),
            "element order"
        );
        let reparsed = parse(&document.to_pretty_string());
        assert_eq!(reparsed.document, Some(document));
        let errors = |parsed: &Parsed| {
            parsed
                .findings
                .iter()
                .filter(|f| f.code != "invalid-whitespace")
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(errors(&reparsed), errors(&parsed));
    }
}

#[test]
fn seed000_example1_allow_create_and_restore() {
    check(
        "seed000_example1.json",
        expect![[r#"
        document: read
    "#]],
    );
}

#[test]
fn seed000_examples_2_to_4_have_empty_resources() {
    check(
        "seed000_example2.json",
        expect![[r#"
        document: read
        7:25 /Statement/0/Resource `""` empty-resource: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        12:25 /Statement/1/Resource `""` empty-resource: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
    "#]],
    );
    check(
        "seed000_example3.json",
        expect![[r#"
        document: read
        7:25 /Statement/0/Resource `""` empty-resource: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        15:25 /Statement/1/Resource `""` empty-resource: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
    "#]],
    );
    check(
        "seed000_example4.json",
        expect![[r#"
        document: read
        7:25 /Statement/0/Resource `""` empty-resource: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
        12:25 /Statement/1/Resource `""` empty-resource: `Resource` is empty
            help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`
    "#]],
    );
}

#[test]
fn seed000_examples_5_to_7_are_clean() {
    check(
        "seed000_example5.json",
        expect![[r#"
        document: read
    "#]],
    );
    check(
        "seed000_example6.json",
        expect![[r#"
        document: read
    "#]],
    );
    check(
        "seed000_example7.json",
        expect![[r#"
        document: read
    "#]],
    );
}

#[test]
fn seed001_policies_read_but_their_non_breaking_spaces_are_errors() {
    check(
        "seed001_trust_policy.json",
        expect![[r#"
        document: read
        3:1  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 22 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]],
    );
    check(
        "seed001_restore_role.json",
        expect![[r#"
        document: read
        3:1  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 317 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]],
    );
}

#[test]
fn seed002_deny_deletion_policies_are_clean() {
    check(
        "seed002_deny_delete_backup.json",
        expect![[r#"
        document: read
    "#]],
    );
    check(
        "seed002_deny_delete_backup_selection.json",
        expect![[r#"
        document: read
    "#]],
    );
}

#[test]
fn seed003_trust_policy_reads_but_its_non_breaking_spaces_are_errors() {
    check(
        "seed003_trust_policy.json",
        expect![[r#"
        document: read
        1:4  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 45 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
    "#]],
    );
}

#[test]
fn seed003_missing_quote_after_describe_availability_zones_is_invalid_json() {
    // As printed: on one line, so the string runs on to the next quote and serde_json stops at the
    // word after it.
    let name = "seed003_backup_role.json";
    check(
        name,
        expect![[r#"
        document: none
        1:4  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 211 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
        1:1197  `e` invalid-json: invalid JSON: expected `,` or `]`
            help: look just before this point for a missing `"`, `,` or bracket
    "#]],
    );
    let text = std::fs::read_to_string(corpus().join(name)).unwrap();
    let parsed = parse(&text);
    let finding = parsed
        .findings
        .iter()
        .find(|finding| finding.code == "invalid-json")
        .unwrap();
    let before = text.get(..finding.span.start).unwrap();
    let string = before.trim_end().strip_suffix('"').unwrap();
    assert!(
        string
            .trim_end()
            .ends_with(r#""ec2:DescribeAvailabilityZones,"#),
        "{before}"
    );
    assert!(
        text.get(finding.span.start..)
            .unwrap()
            .starts_with("events:DeleteRule")
    );
}

#[test]
fn seed003_missing_quote_points_at_its_line_when_the_policy_has_lines() {
    let name = "seed003_backup_role_reflowed.json";
    check(
        name,
        expect![[r#"
        document: none
        2:1  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 211 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
        30:47  `
        ` invalid-json: invalid JSON: control character (\u0000-\u001F) found while parsing a string
            help: a string runs to the end of the line: add its closing `"`
    "#]],
    );
    let text = std::fs::read_to_string(corpus().join(name)).unwrap();
    let parsed = parse(&text);
    let finding = parsed
        .findings
        .iter()
        .find(|finding| finding.code == "invalid-json")
        .unwrap();
    let line = text.lines().nth(finding.line_col(&text).line - 1).unwrap();
    assert_eq!(line.trim(), r#""ec2:DescribeAvailabilityZones,"#);
}

#[test]
fn seed003_markdown_escaped_wildcard_is_invalid_json() {
    check(
        "seed003_manual_backup_role.json",
        expect![[r#"
        document: none
        1:4  ` ` invalid-whitespace: non-breaking space (U+00A0) outside a string, and 277 more like it
            help: AWS accepts only ordinary spaces, tabs and line breaks between elements: replace it; copying a policy from a web page often brings these in
        1:1442  `*` invalid-json: invalid JSON: invalid escape
            help: a backslash in a string starts an escape such as `\n`: remove it, or write `\\` for a backslash
    "#]],
    );
}

/// Brace-balanced blocks containing `"Statement"`, as the fixtures were cut from the seeds.
fn policies_in(text: &str) -> Vec<&str> {
    let mut policies = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let candidate = rest.get(start..).unwrap();
        let mut depth = 0usize;
        let mut end = None;
        for (index, character) in candidate.char_indices() {
            match character {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(index + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        if candidate.get(..end).unwrap().contains("\"Statement\"") {
            policies.push(candidate.get(..end).unwrap());
            rest = candidate.get(end..).unwrap();
        } else {
            rest = candidate.get(1..).unwrap();
        }
    }
    policies
}

#[test]
fn every_seed_policy_has_a_fixture() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    let mut fixtures: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .map(|path| std::fs::read_to_string(path).unwrap().trim_end().to_owned())
        .collect();
    fixtures.sort();
    let mut count = 0;
    let mut seed_files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    seed_files.sort();
    for seed in seed_files
        .iter()
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
    {
        let text = std::fs::read_to_string(seed).unwrap();
        for policy in policies_in(&text) {
            assert!(
                fixtures.iter().any(|fixture| fixture == policy),
                "no fixture for a policy in {}:\n{policy}",
                seed.display()
            );
            count += 1;
        }
    }
    assert_eq!(count, 14);
}
