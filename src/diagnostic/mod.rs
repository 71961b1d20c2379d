//! Diagnostics as data: what `validate` (and `create`'s self-check) report, and how they print.
//!
//! Rendering follows rustc/cargo: `error[ICTL0104]: message`, `--> file:line:col`, `= help:`.

pub mod codes;

use std::fmt::Write as _;

use colored::Colorize;
use serde::{Serialize, Serializer};

pub use codes::Code;

use crate::manifest::yaml::Pos;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Note,
    /// Probably not what the user meant.
    Warning,
    /// Will not work.
    Error,
}

impl Severity {
    /// The word printed before the code.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// The stable code.
    #[serde(serialize_with = "code_id")]
    pub code: Code,
    /// The file (or `<stdin>`, `<command line>`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The object, as `Kind namespace/name`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

fn code_id<S: Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.id())
}

impl Diagnostic {
    /// A diagnostic at a position in a file.
    pub fn new(
        severity: Severity,
        code: Code,
        file: &str,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line: pos.line,
            column: pos.col,
            object: None,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the object the finding is about.
    pub fn object(mut self, object: impl Into<String>) -> Self {
        self.object = Some(object.into());
        self
    }

    /// The diagnostic on one line, for logs: `[CODE] message at FILE:LINE:COL (object)`.
    pub fn one_line(&self) -> String {
        let place = match (&self.object, self.file == crate::manifest::CLUSTER_SOURCE) {
            (Some(object), true) => object.clone(),
            (Some(object), false) => {
                format!("{}:{}:{} ({object})", self.file, self.line, self.column)
            }
            (None, _) => format!("{}:{}:{}", self.file, self.line, self.column),
        };
        format!("[{}] {} at {place}", self.code.id(), self.message)
    }

    /// Renders this diagnostic as a compiler would (colour decided by `colored`'s global policy).
    pub fn render(&self) -> String {
        let head = match self.severity {
            Severity::Error => format!("error[{}]", self.code.id()).red().bold(),
            Severity::Warning => format!("warning[{}]", self.code.id()).yellow().bold(),
            Severity::Note => format!("note[{}]", self.code.id()).cyan().bold(),
        };
        let mut out = format!("{head}: {}\n", self.message.bold());
        let arrow = "-->".blue().bold();
        match (&self.object, self.file == crate::manifest::CLUSTER_SOURCE) {
            (Some(object), true) => {
                let _ = write!(out, "  {arrow} {object} (live in the cluster)");
            }
            (object, _) => {
                let _ = write!(out, "  {arrow} {}:{}:{}", self.file, self.line, self.column);
                if let Some(object) = object {
                    let _ = write!(out, " ({object})");
                }
            }
        }
        out.push('\n');
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   {} {help}", "= help:".blue().bold());
        }
        out
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

impl Tally {
    /// Counts the diagnostics.
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut t = Tally::default();
        for d in diags {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
        }
        t
    }

    /// True when any finding is at or above `level`.
    pub fn fails(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Note => self.errors + self.warnings + self.notes > 0,
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.notes, "note")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        colored::control::set_override(false);
        let d = Diagnostic::new(
            Severity::Error,
            Code::RegexPath,
            "in.yaml",
            Pos { line: 3, col: 9 },
            "regex path `/a+` is not supported",
        )
        .object("Ingress default/x")
        .help("use a prefix");
        assert_eq!(
            d.render(),
            "error[ICTL0104]: regex path `/a+` is not supported\n  --> in.yaml:3:9 (Ingress default/x)\n   = help: use a prefix\n"
        );
    }

    #[test]
    fn codes_are_unique_and_ordered() {
        let ids: Vec<_> = Code::ALL.iter().map(|c| c.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn tally_fails_at_the_requested_level() {
        let t = Tally {
            errors: 0,
            warnings: 1,
            notes: 0,
        };
        assert!(!t.fails(Severity::Error));
        assert!(t.fails(Severity::Warning));
    }
}
