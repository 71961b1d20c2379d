//! Rendering outcomes: a table for people, JSON for programs, JUnit XML for CI, and the
//! `curl -v`-style request and response heads.

use std::fmt::Write as _;
use std::time::Duration;

use colored::Colorize;
use serde::Serialize;

use super::Outcome;

/// Pass and fail counts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    /// Checks that passed.
    pub passed: usize,
    /// Checks that failed.
    pub failed: usize,
}

impl Summary {
    /// Counts outcomes.
    pub fn of(outcomes: &[Outcome]) -> Self {
        let passed = outcomes.iter().filter(|o| o.passed).count();
        Summary {
            passed,
            failed: outcomes.len() - passed,
        }
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}

fn cell(text: &str, width: usize) -> String {
    let mut t: String = text.chars().take(width).collect();
    if text.chars().count() > width {
        t.pop();
        t.push('…');
    }
    format!("{t:<width$}")
}

/// The human table, one row per check, details under failing rows, and a summary line.
pub fn table(outcomes: &[Outcome]) -> String {
    // Names are never cut (they are what a reader looks for); long URLs and expectations are.
    let name_w = outcomes
        .iter()
        .map(|o| o.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let url_w = outcomes
        .iter()
        .map(|o| o.url.chars().count())
        .max()
        .unwrap_or(3)
        .clamp(3, 48);
    let exp_w = outcomes
        .iter()
        .map(|o| o.expected.chars().count())
        .max()
        .unwrap_or(8)
        .clamp(8, 30);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        format!(
            "{}  {:<6}  {}  {}  {:<6}  {:>7}  RESULT",
            cell("NAME", name_w),
            "METHOD",
            cell("URL", url_w),
            cell("EXPECTED", exp_w),
            "GOT",
            "TIME"
        )
        .bold()
    );
    for o in outcomes {
        let result = if o.passed {
            "pass".green().bold()
        } else {
            "FAIL".red().bold()
        };
        let got = if o.status.is_some() {
            o.got.clone()
        } else {
            "error".into()
        };
        let _ = writeln!(
            out,
            "{}  {:<6}  {}  {}  {:<6}  {:>7}  {result}",
            cell(&o.name, name_w),
            o.method,
            cell(&o.url, url_w),
            cell(&o.expected, exp_w),
            got,
            secs(o.time)
        );
        for f in &o.failures {
            let _ = writeln!(out, "    {} {f}", "-".red());
        }
        if let Some(c) = &o.certificate {
            let _ = writeln!(
                out,
                "    tls: {} (SANs {}), issuer {}, {} days left",
                c.subject,
                if c.sans.is_empty() {
                    "none".to_string()
                } else {
                    c.sans.join(" ")
                },
                c.issuer,
                c.days_left
            );
        }
        for w in &o.warnings {
            let _ = writeln!(out, "    {} {w}", "warning:".yellow().bold());
        }
        if o.attempts > 1 {
            let _ = writeln!(out, "    after {} attempts", o.attempts);
        }
    }
    let s = Summary::of(outcomes);
    let _ = writeln!(out, "{} passed, {} failed", s.passed, s.failed);
    out
}

/// The outcomes as data.
pub fn json(outcomes: &[Outcome]) -> serde_json::Value {
    serde_json::json!({ "checks": outcomes, "summary": Summary::of(outcomes) })
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A JUnit XML report (one testsuite, one testcase per check).
pub fn junit(outcomes: &[Outcome]) -> String {
    let s = Summary::of(outcomes);
    let total: f64 = outcomes.iter().map(|o| o.time.as_secs_f64()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites tests=\"{}\" failures=\"{}\" time=\"{total:.3}\">\n  <testsuite name=\"ingressctl verify\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{total:.3}\">",
        outcomes.len(),
        s.failed,
        outcomes.len(),
        s.failed
    );
    for o in outcomes {
        let _ = write!(
            out,
            "    <testcase classname=\"verify\" name=\"{}\" time=\"{:.3}\"",
            xml_escape(&format!("{} {} {}", o.name, o.method, o.url)),
            o.time.as_secs_f64()
        );
        if o.passed {
            out.push_str("/>\n");
        } else {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                xml_escape(o.failures.first().map_or("failed", String::as_str)),
                xml_escape(&o.failures.join("\n"))
            );
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Prints a request head on stderr as `curl -v` does (`> ` lines).
pub fn print_request(req: &reqwest::Request) {
    let url = req.url();
    let mut text = format!(
        "> {} {}{} {:?}\n",
        req.method(),
        url.path(),
        url.query().map(|q| format!("?{q}")).unwrap_or_default(),
        req.version()
    );
    if !req.headers().contains_key("host") {
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
            None => url.host_str().unwrap_or("").to_string(),
        };
        text.push_str(&format!("> host: {host}\n"));
    }
    for (k, v) in req.headers() {
        text.push_str(&format!("> {k}: {}\n", v.to_str().unwrap_or("?")));
    }
    eprintln!("{text}>");
}

/// Prints a response head on stderr as `curl -v` does (`< ` lines).
pub fn print_response(resp: &reqwest::Response) {
    let mut text = format!("< {:?} {}\n", resp.version(), resp.status());
    for (k, v) in resp.headers() {
        text.push_str(&format!("< {k}: {}\n", v.to_str().unwrap_or("?")));
    }
    eprintln!("{text}<");
}
