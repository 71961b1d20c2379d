//! Where output goes: data on stdout, diagnostics on stderr, colour only when wanted.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use colored::Colorize;
use serde::Serialize;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `-o/--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// Applies the colour policy to everything printed afterwards.
pub fn init_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    colored::control::set_override(on);
}

/// Prints to stdout and stderr according to `-q` and `-v`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Printer {
    /// `-q`: only data and problems.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
}

impl Printer {
    /// Writes data to stdout (a closed pipe surfaces as an error the caller maps to exit 0).
    pub fn data(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()?;
        Ok(())
    }

    /// A multi-document YAML stream on stdout, written one document at a time (a large
    /// conversion is never held whole).
    pub fn yaml_stream(&self) -> YamlStream {
        YamlStream {
            out: std::io::BufWriter::new(std::io::stdout()),
            written: 0,
            error: None,
        }
    }

    /// Writes a value to stdout as YAML or JSON.
    pub fn value<T: Serialize>(&self, value: &T, format: Format) -> Result<()> {
        self.data(&render(value, format)?)
    }

    /// An informational line on stderr (hidden by `-q`).
    pub fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{} {message}", "note:".cyan().bold());
        }
    }

    /// A warning on stderr.
    pub fn warn(&self, message: &str) {
        eprintln!("{} {message}", "warning:".yellow().bold());
    }

    /// Raw text on stderr (hidden by `-q`).
    pub fn status(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// A debug line on stderr when `-v` was given at least `level` times.
    pub fn debug(&self, level: u8, message: &str) {
        if self.verbose >= level {
            eprintln!("{} {message}", "debug:".dimmed());
        }
    }
}

/// Renders a value as YAML or JSON text.
pub fn render<T: Serialize>(value: &T, format: Format) -> Result<String> {
    Ok(match format {
        Format::Yaml => crate::manifest::yaml::to_yaml(value)?,
        Format::Json => serde_json::to_string_pretty(value)? + "\n",
    })
}

/// Documents written to stdout as they come; the first write error is kept for `finish`.
pub struct YamlStream {
    out: std::io::BufWriter<std::io::Stdout>,
    written: usize,
    error: Option<anyhow::Error>,
}

impl YamlStream {
    /// Writes one document (after a `---` line when it is not the first).
    pub fn write<T: Serialize>(&mut self, value: &T) {
        if self.error.is_some() {
            return;
        }
        let written = render(value, Format::Yaml).and_then(|text| {
            if self.written > 0 {
                self.out.write_all(b"---\n")?;
            }
            self.out.write_all(text.as_bytes())?;
            Ok(())
        });
        match written {
            Ok(()) => self.written += 1,
            Err(e) => self.error = Some(e),
        }
    }

    /// Flushes; returns how many documents were written, or the first error.
    pub fn finish(mut self) -> Result<usize> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.written)
    }
}
