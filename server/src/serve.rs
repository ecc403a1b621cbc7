//! `backstop serve`: the HTTP server, its configuration and its graceful shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use axum::http::HeaderValue;
use clap::{Args, Parser as _};

use crate::cli::CliError;
use crate::routes::{self, AppState, Limits};

/// How the server listens and what it serves. Every flag has an environment fallback so that a
/// container or systemd unit can configure it without a command line.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "BACKSTOP_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Directory holding the built page (`trunk build --release` writes it).
    #[arg(long, env = "BACKSTOP_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Largest request body accepted, in bytes; larger bodies get 413.
    #[arg(long, env = "BACKSTOP_MAX_BODY", default_value_t = 1024 * 1024)]
    pub max_body: usize,
    /// Seconds a request may take before it is answered with 408.
    #[arg(long, env = "BACKSTOP_REQUEST_TIMEOUT", default_value_t = 10)]
    pub request_timeout: u64,
    /// Requests handled at once; further requests wait.
    #[arg(long, env = "BACKSTOP_CONCURRENCY", default_value_t = 512)]
    pub concurrency: usize,
    /// An origin whose pages may call the API from the browser, such as `https://tools.example.com`;
    /// repeat the flag (or separate with commas) for several. Without it, no CORS headers are sent
    /// and only the served page can call the API.
    #[arg(long = "cors-origin", env = "BACKSTOP_CORS_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_origins: Vec<HeaderValue>,
    /// Log lines as `text` for people or `json` for log collectors. Requests are logged at `info`
    /// with method, path, status and latency; policies and specs never are. `RUST_LOG` sets the level.
    #[arg(long, env = "BACKSTOP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// An origin as browsers send it: scheme, host and optional port, nothing after.
fn parse_origin(text: &str) -> Result<HeaderValue, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains('/') => {
            HeaderValue::from_str(text).map_err(|_| format!("`{text}` is not a valid origin"))
        }
        _ => Err(format!(
            "`{text}` is not an origin such as `https://tools.example.com`"
        )),
    }
}

impl ServeArgs {
    /// The configuration when `backstop` runs with no subcommand: defaults and environment.
    pub fn from_env() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["backstop"]).serve
    }

    fn limits(&self) -> Limits {
        Limits {
            max_body: self.max_body,
            request_timeout: Duration::from_secs(self.request_timeout),
            concurrency: self.concurrency,
        }
    }
}

pub fn run(args: ServeArgs) -> Result<ExitCode, CliError> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match args.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(args))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(args: ServeArgs) -> std::io::Result<()> {
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "no index.html in the page directory; run `make run` to build the page");
    }
    let state = AppState::new(args.dist.clone(), args.limits())
        .with_cors_origins(args.cors_origins.clone());
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, "listening");
    println!("Backstop is serving on http://{local}/");
    axum::serve(listener, routes::app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the server stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
