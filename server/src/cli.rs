//! The command line: one binary whose subcommands mirror the HTTP API and give the same answers.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::export::{Bundle, Format};
use crate::input::{self, InputError};
use crate::report::{BuildReport, LintFinding, LintKind};
use crate::serve::{self, ServeArgs};

/// Build, check and share IAM policies for Amazon DynamoDB backup and restore.
///
/// Exit codes: 0 success; 1 the input was read but found wanting (lint errors, a spec with invalid
/// values or that cannot be built); 2 the input could not be read (missing file, not UTF-8, not
/// JSON) or the command failed.
#[derive(Debug, Parser)]
#[command(name = "backstop", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the page and the JSON API (the default when no command is given).
    Serve(ServeArgs),
    /// Build the policies of a spec and print them as JSON: per principal its identity policies,
    /// permission boundary and trust policy, with their sizes and quotas.
    Build(BuildArgs),
    /// Write the policies of a spec, or policy documents, as JSON, Terraform or CloudFormation.
    Export(ExportArgs),
    /// Check policy files and print `file:line:col: severity[code]: message` for each finding.
    ///
    /// Exit codes: 0 no error-level finding; 1 some error-level finding; 2 a file could not be read.
    Lint(LintArgs),
    /// Evaluate cases in the reference simulator's format (a JSON array or JSON Lines) and print
    /// one JSON line per case: `{"id": …, "decision": …}`, or `"decision": null` with an `error`.
    ///
    /// Exit codes: 0 every case was read; 2 the input could not be read.
    Evaluate(crate::evaluate::EvaluateArgs),
}

/// Where output goes.
#[derive(Debug, Args)]
pub struct Output {
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The spec (JSON), or `-` for standard input.
    pub spec: PathBuf,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// A spec, one policy document, or a JSON array of policy documents; `-` for standard input.
    pub input: PathBuf,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Print the findings as a JSON array instead of lines.
    #[arg(long)]
    pub json: bool,
    /// Where the policies are attached, which decides what they may contain and their size quota;
    /// `auto` tells trust, resource-based and identity policies apart by their statements.
    #[arg(long, value_enum, default_value_t = LintKind::Auto)]
    pub kind: LintKind,
    /// Policy files, or `-` for standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub output: Output,
}

/// Runs the chosen command and returns the process exit code.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Some(Command::Serve(args)) => serve::run(args),
        None => serve::run(ServeArgs::from_env()),
        Some(Command::Build(args)) => Ok(build(&args)),
        Some(Command::Export(args)) => Ok(export(&args)),
        Some(Command::Lint(args)) => Ok(lint(&args)),
        Some(Command::Evaluate(args)) => Ok(crate::evaluate::run(&args)),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("cannot start the server: {0}")]
    Serve(#[from] std::io::Error),
}

/// The input could not be read at all: exit 2.
const UNREADABLE: u8 = 2;
/// The input was read and found wanting: exit 1.
const WANTING: u8 = 1;

fn build(args: &BuildArgs) -> ExitCode {
    let result = read_text(&args.spec).and_then(|text| {
        let spec = input::read_spec(&text).map_err(|error| Failure::input(&args.spec, error))?;
        let built = policy::build::build(&spec)
            .map_err(|error| Failure::input(&args.spec, input::build_error(&spec, &error)))?;
        let mut text = serde_json::to_string_pretty(&BuildReport::from(&built)).unwrap_or_default();
        text.push('\n');
        Ok(text)
    });
    finish(result, &args.output)
}

fn export(args: &ExportArgs) -> ExitCode {
    let result = read_text(&args.input)
        .and_then(|text| Bundle::read(&text).map_err(|error| Failure::input(&args.input, error)))
        .map(|bundle| bundle.render(args.format));
    finish(result, &args.output)
}

fn lint(args: &LintArgs) -> ExitCode {
    let mut lines = String::new();
    let mut json = Vec::new();
    let mut code = 0;
    for file in &args.files {
        let text = match read_text(file) {
            Ok(text) => text,
            Err(failure) => {
                eprintln!("{}", failure.message);
                code = UNREADABLE;
                continue;
            }
        };
        let shown = shown_name(file);
        for finding in crate::report::lint(&text, args.kind) {
            if finding.is_error() && code == 0 {
                code = WANTING;
            }
            let place = finding.line_col(&text);
            lines.push_str(&format!(
                "{shown}:{place}: {}[{}]: {}\n",
                finding.severity, finding.code, finding.message
            ));
            if let Some(help) = &finding.help {
                lines.push_str(&format!("  help: {help}\n"));
            }
            let mut entry = serde_json::json!({"file": shown});
            if let (Some(entry), serde_json::Value::Object(fields)) = (
                entry.as_object_mut(),
                serde_json::to_value(LintFinding::new(&finding, &text)).unwrap_or_default(),
            ) {
                entry.extend(fields);
            }
            json.push(entry);
        }
    }
    let text = if args.json {
        let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
        text.push('\n');
        text
    } else {
        lines
    };
    match write_output(&args.output, &text) {
        Ok(()) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(UNREADABLE)
        }
    }
}

/// A command that stopped: what to print and the exit code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// A fault in the input: unreadable (not UTF-8, not JSON) or wanting (a wrong value).
    fn input(file: &Path, error: InputError) -> Self {
        let code = match error.code {
            "invalid-utf8" | "malformed-json" | "nesting-too-deep" | "empty-body" => UNREADABLE,
            _ => WANTING,
        };
        // `InputError` starts with `line:col: ` when it has a place.
        let separator = if error.line.is_some() { ":" } else { ": " };
        Self {
            message: format!("{}{separator}{error}", shown_name(file)),
            code,
        }
    }
}

fn shown_name(file: &Path) -> String {
    if file.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        file.display().to_string()
    }
}

/// Reads a file, or standard input for `-`, as UTF-8 text.
fn read_text(file: &Path) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|content| bytes = content)
    };
    if let Err(error) = read {
        return Err(Failure {
            message: format!("{}: cannot read: {error}", shown_name(file)),
            code: UNREADABLE,
        });
    }
    input::utf8(&bytes)
        .map(str::to_owned)
        .map_err(|error| Failure::input(file, error))
}

fn write_output(output: &Output, text: &str) -> Result<(), Failure> {
    let written = match &output.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|error| (path.display().to_string(), error))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|error| ("standard output".to_owned(), error))
        }
    };
    written.map_err(|(target, error)| Failure {
        message: format!("cannot write {target}: {error}"),
        code: UNREADABLE,
    })
}

/// Writes the result, or prints the failure; the exit code says which.
fn finish(result: Result<String, Failure>, output: &Output) -> ExitCode {
    match result.and_then(|text| write_output(output, &text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
