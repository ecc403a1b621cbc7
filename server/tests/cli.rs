//! The `backstop` binary as a pipeline runs it: output, exit codes, standard input and `--output`.
#![expect(
    clippy::unwrap_used,
    reason = "the helpers of a test fail it by panicking"
)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SPEC: &str = r#"{"version": 1,
  "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Movies"]}},
  "principals": [{"kind": "role", "name": "Backups", "capabilities": ["backup.create"]}]}"#;

const GOOD_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:ListBackups", "Resource": "*"}]}"#;

const BAD_POLICY: &str = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"\"}]}";

/// A scratch directory of its own for each test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("backstop-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn backstop(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backstop"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        // A command that fails on its arguments exits without reading: a broken pipe is fine.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[track_caller]
fn check(output: &Output, code: i32, stdout: &str, stderr: &str) {
    assert_eq!(text(&output.stderr), stderr, "stderr");
    assert_eq!(text(&output.stdout), stdout, "stdout");
    assert_eq!(output.status.code(), Some(code), "exit code");
}

#[test]
fn build_prints_the_policies_of_a_spec() {
    let scratch = Scratch::new("build");
    let spec = scratch.file("spec.json", SPEC.as_bytes());
    let output = backstop(&["build", spec.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["principals"][0]["identityPolicies"][0]["name"],
        "Backups-backstop"
    );
    assert_eq!(
        report["principals"][0]["identityPolicies"][0]["document"]["Statement"][0]["Resource"],
        "arn:aws:dynamodb:us-east-1:123456789012:table/Movies"
    );
}

#[test]
fn build_warns_of_more_managed_policies_than_iam_attaches_by_default() {
    let names: Vec<String> = (0..100)
        .map(|index| format!("\"orders-{index:03}\""))
        .collect();
    let spec = format!(
        r#"{{"version": 1, "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1"],
            "tables": {{"names": [{}]}}}},
            "principals": [{{"kind": "role", "name": "Ops", "capabilities": ["backup.create",
                "backup.view", "restore.backup", "pitr.view", "restore.pitr",
                "guard.no-backup-delete"]}},
                {{"kind": "role", "name": "Few", "capabilities": ["backup.view"]}}]}}"#,
        names.join(", ")
    );
    let output = backstop(&["build", "-"], Some(&spec));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let many = &report["principals"][0];
    let count = many["identityPolicies"].as_array().unwrap().len();
    assert!(count > 10, "{count} policies");
    assert_eq!(
        many["attachmentWarning"]["message"],
        format!(
            "role `Ops` needs {count} managed policies, more than the 10 IAM attaches to one role \
             unless the account's quota was raised"
        )
    );
    assert!(
        many["attachmentWarning"]["help"]
            .as_str()
            .unwrap()
            .contains("by prefix")
    );
    assert!(report["principals"][1].get("attachmentWarning").is_none());
}

#[test]
fn build_reads_standard_input_and_writes_the_output_file() {
    let scratch = Scratch::new("build-stdin");
    let out = scratch.0.join("out.json");
    let output = backstop(
        &["build", "-", "--output", out.to_str().unwrap()],
        Some(SPEC),
    );
    check(&output, 0, "", "");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(report["principals"][0]["name"], "Backups");
}

#[test]
fn build_of_an_invalid_spec_exits_1_with_the_place() {
    let spec = r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": ["restore.bakup"]}]}"#;
    let output = backstop(&["build", "-"], Some(spec));
    check(
        &output,
        1,
        "",
        "<stdin>:1:93: error[invalid-spec]: unknown capability `restore.bakup`, did you mean `restore.backup`? (at `/principals/0/capabilities/0`)\n",
    );
}

#[test]
fn build_of_text_that_is_not_json_exits_2() {
    let output = backstop(&["build", "-"], Some("{\n  version: 1}"));
    check(
        &output,
        2,
        "",
        "<stdin>:2:3: error[malformed-json]: key must be a string\n",
    );
}

#[test]
fn build_of_a_missing_file_exits_2() {
    let output = backstop(&["build", "/nonexistent/spec.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with("/nonexistent/spec.json: cannot read: "),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn export_writes_each_format() {
    let scratch = Scratch::new("export");
    let spec = scratch.file("spec.json", SPEC.as_bytes());
    for (format, needle) in [
        ("json", "\"managedPolicies\""),
        (
            "terraform",
            "resource \"aws_iam_policy\" \"backups-backstop\"",
        ),
        ("cloudformation", "\"AWS::IAM::ManagedPolicy\""),
    ] {
        let output = backstop(
            &["export", "--format", format, spec.to_str().unwrap()],
            None,
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            text(&output.stderr)
        );
        assert!(text(&output.stdout).contains(needle), "{format}");
    }
}

#[test]
fn export_refuses_an_unknown_format_as_a_usage_error() {
    let output = backstop(&["export", "--format", "xml", "-"], Some(SPEC));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("invalid value 'xml' for '--format <FORMAT>'"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn lint_of_clean_files_exits_0_silently() {
    let scratch = Scratch::new("lint-clean");
    let policy = scratch.file("good.json", GOOD_POLICY.as_bytes());
    check(
        &backstop(&["lint", policy.to_str().unwrap()], None),
        0,
        "",
        "",
    );
}

#[test]
fn lint_prints_file_line_col_and_exits_1_on_errors() {
    let scratch = Scratch::new("lint-errors");
    let good = scratch.file("good.json", GOOD_POLICY.as_bytes());
    let bad = scratch.file("bad.json", BAD_POLICY.as_bytes());
    let output = backstop(
        &["lint", good.to_str().unwrap(), bad.to_str().unwrap()],
        None,
    );
    check(
        &output,
        1,
        &format!(
            "{}:2:74: error[empty-resource]: `Resource` is empty\n  help: use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`\n",
            bad.display()
        ),
        "",
    );
}

#[test]
fn lint_json_prints_an_array_of_findings() {
    let output = backstop(&["lint", "--json", "-"], Some(BAD_POLICY));
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings,
        serde_json::json!([{
            "file": "<stdin>", "code": "empty-resource", "severity": "error", "message": "`Resource` is empty",
            "help": "use `*` or an ARN such as `arn:aws:dynamodb:us-east-1:123456789012:table/Music`",
            "pointer": "/Statement/0/Resource", "line": 2, "column": 74, "span": [99, 101]
        }])
    );
}

#[test]
fn lint_exits_2_when_a_file_cannot_be_read_and_still_lints_the_others() {
    let scratch = Scratch::new("lint-unreadable");
    let bad = scratch.file("bad.json", BAD_POLICY.as_bytes());
    let binary = scratch.file("binary.json", b"{\"Version\": \"\xff\"}");
    let output = backstop(
        &[
            "lint",
            bad.to_str().unwrap(),
            binary.to_str().unwrap(),
            "/nonexistent.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stdout).contains("error[empty-resource]"));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:1:14: error[invalid-utf8]: the input is not UTF-8 after byte 13",
            binary.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("/nonexistent.json: cannot read: "),
        "{stderr}"
    );
}

#[test]
fn every_command_explains_itself() {
    for command in [
        &["--help"][..],
        &["serve", "--help"],
        &["build", "--help"],
        &["export", "--help"],
        &["lint", "--help"],
    ] {
        let output = backstop(command, None);
        assert_eq!(output.status.code(), Some(0), "{command:?}");
        assert!(
            text(&output.stdout).contains("Usage: backstop"),
            "{command:?}"
        );
    }
    let serve = text(&backstop(&["serve", "--help"], None).stdout);
    for flag in [
        "--addr",
        "--dist",
        "--max-body",
        "--request-timeout",
        "--concurrency",
        "--cors-origin",
        "--log-format",
    ] {
        assert!(serve.contains(flag), "{flag}");
    }
}
