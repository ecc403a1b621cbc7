//! `backstop`: serves the Backstop page and its API, and offers the same operations on the command line.

mod api;
mod body;
mod cli;
mod evaluate;
mod export;
mod input;
mod problem;
mod report;
mod routes;
mod serve;
mod static_files;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("backstop: {error:#}");
            ExitCode::from(2)
        }
    }
}
