//! serve's operator log on stderr (the access log is its own stream, on stdout): `tracing`
//! events as `ingressctl serve: [warning: |error: |debug: ]MESSAGE key=value` lines, or JSON
//! objects with `--log-format json`; the level from `-v`/`-q`, or `RUST_LOG` when set.

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// How log lines look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event, prefixed with the command.
    Text,
    /// One JSON object per event (timestamp, level, target, fields).
    Json,
}

/// The filter: `RUST_LOG` when set, else ingressctl's events at the level `-v`/`-q` ask for
/// and nothing from the libraries below it (more of them from `-vv`).
fn filter(verbose: u8, quiet: bool) -> EnvFilter {
    if let Ok(directives) = std::env::var("RUST_LOG") {
        if let Ok(filter) = EnvFilter::try_new(&directives) {
            return filter;
        }
        eprintln!("ingressctl: warning: RUST_LOG={directives:?} is not a valid filter; ignored");
    }
    let directives = match (quiet, verbose) {
        (true, _) => "off,ingressctl=warn",
        (false, 0) => "off,ingressctl=info",
        (false, 1) => "off,ingressctl=debug",
        (false, _) => "info,ingressctl=trace",
    };
    EnvFilter::new(directives)
}

/// Installs the subscriber for this process (a second call keeps the first).
pub fn init(prefix: &'static str, verbose: u8, quiet: bool, format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter(verbose, quiet))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.event_format(Text { prefix }).try_init(),
        LogFormat::Json => builder.json().with_current_span(false).try_init(),
    };
}

/// `PREFIX: [level: ]message key=value`.
struct Text {
    prefix: &'static str,
}

impl<S, N> FormatEvent<S, N> for Text
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        write!(writer, "{}: ", self.prefix)?;
        match *event.metadata().level() {
            Level::ERROR => write!(writer, "error: ")?,
            Level::WARN => write!(writer, "warning: ")?,
            Level::INFO => {}
            Level::DEBUG => write!(writer, "debug: ")?,
            Level::TRACE => write!(writer, "trace: ")?,
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
