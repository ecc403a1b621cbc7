//! The command line: one binary whose subcommands mirror the HTTP API.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::serve::{self, ServeArgs};

/// Build, check and share IAM policies for Amazon DynamoDB backup and restore.
///
/// Exit codes: 0 success; 1 the input was read but found wanting (lint errors); 2 the input could
/// not be read or the command failed.
#[derive(Debug, Parser)]
#[command(name = "backstop", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the page and the JSON API (the default when no command is given).
    Serve(ServeArgs),
}

/// Runs the chosen command and returns the process exit code.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Some(Command::Serve(args)) => serve::run(args),
        None => serve::run(ServeArgs::from_env()),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("cannot start the server: {0}")]
    Serve(#[from] std::io::Error),
}
