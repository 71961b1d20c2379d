//! Check files (`verify --checks FILE.yaml`): repeatable suites in YAML, with `${VAR}`
//! substituted from the environment. Schema in `docs/verify.md`.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::{Check, Expect, HeaderExpect, RequestSpec, Retry, StatusExpect, TextMatch};
use crate::manifest::duration;

/// A check file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    /// Retry policy for checks that set none.
    #[serde(default)]
    pub defaults: Defaults,
    /// The checks, run in order (concurrently up to `--jobs`, reported in order).
    pub checks: Vec<FileCheck>,
}

/// Defaults for every check of the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Retries.
    #[serde(default)]
    pub retry: Option<FileRetry>,
}

/// One check in a file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileCheck {
    /// Name (default: METHOD URL).
    #[serde(default)]
    pub name: Option<String>,
    /// The request.
    pub request: FileRequest,
    /// Expectations (default: status 2xx).
    #[serde(default)]
    pub expect: FileExpect,
    /// Retries.
    #[serde(default)]
    pub retry: Option<FileRetry>,
}

/// The request of a check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRequest {
    /// Method (default GET).
    #[serde(default)]
    pub method: Option<String>,
    /// URL.
    pub url: String,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Body.
    #[serde(default)]
    pub body: Option<String>,
    /// HTTP/2.
    #[serde(default)]
    pub http2: bool,
}

/// Status: one code or class, or a list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum FileStatus {
    /// `200`.
    One(u16),
    /// `2xx` or `200,3xx`.
    Text(String),
    /// `[200, 404]`.
    List(Vec<serde_json::Value>),
}

/// Expectations.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FileExpect {
    /// Status.
    #[serde(default)]
    pub status: Option<FileStatus>,
    /// Headers: `name`, `name=value`, `name~regex`.
    #[serde(default)]
    pub headers: Vec<String>,
    /// Body: text it contains, or `~regex`.
    #[serde(default)]
    pub body: Option<String>,
    /// Longest time.
    #[serde(default)]
    pub max_time: Option<String>,
    /// Shortest time.
    #[serde(default)]
    pub min_time: Option<String>,
    /// Redirect target.
    #[serde(default)]
    pub redirect: Option<String>,
}

/// Retries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRetry {
    /// Attempts in all, the first included (`attempts: 5` tries at most five times).
    #[serde(default)]
    pub attempts: Option<u32>,
    /// Pause between attempts (default 1s).
    #[serde(default)]
    pub interval: Option<String>,
    /// Keep trying for at most this long (with `attempts` too, whichever ends first).
    #[serde(default)]
    pub wait: Option<String>,
}

/// Replaces `${VAR}` with the variable's value; a missing variable is an error naming it.
/// YAML comments are left as they are (a `${VAR}` in a comment is not used).
pub fn substitute(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (code, comment) = line.split_at(comment_start(line).unwrap_or(line.len()));
        out.push_str(&substitute_line(code, &lookup)?);
        out.push_str(comment);
    }
    Ok(out)
}

/// Where a line's YAML comment starts: a `#` at the start or after a space, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return Some(i),
            _ => {}
        }
        previous = c;
    }
    None
}

fn substitute_line(text: &str, lookup: &impl Fn(&str) -> Option<String>) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .context("unterminated ${ in the check file")?;
        let name = &after[..end];
        match lookup(name) {
            Some(v) => out.push_str(&v),
            None => bail!("${{{name}}} is used but the environment variable {name} is not set"),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn dur(field: &str, text: &Option<String>) -> Result<Option<Duration>> {
    text.as_deref()
        .map(|t| duration::parse(t).with_context(|| format!("invalid {field}")))
        .transpose()
}

fn retry(r: Option<&FileRetry>) -> Result<Retry> {
    let Some(r) = r else {
        return Ok(Retry::default());
    };
    Ok(Retry {
        attempts: r.attempts.map(|n| n.saturating_sub(1)),
        interval: dur("retry.interval", &r.interval)?.unwrap_or(Duration::from_secs(1)),
        wait: dur("retry.wait", &r.wait)?,
    })
}

fn status(s: &Option<FileStatus>) -> Result<Vec<StatusExpect>> {
    match s {
        None => Ok(Vec::new()),
        Some(FileStatus::One(code)) => StatusExpect::parse(&code.to_string()).map(|s| vec![s]),
        Some(FileStatus::Text(t)) => StatusExpect::parse_list(t),
        Some(FileStatus::List(items)) => items
            .iter()
            .map(|v| StatusExpect::parse(v.to_string().trim_matches('"')))
            .collect(),
    }
}

/// Parses a check file (after substitution) into checks.
pub fn parse(name: &str, text: &str) -> Result<Vec<Check>> {
    let text = substitute(text, |v| std::env::var(v).ok()).with_context(|| name.to_string())?;
    let file: CheckFile =
        serde_yaml::from_str(&text).with_context(|| format!("{name}: not a valid check file"))?;
    let default_retry = file.defaults.retry.as_ref();
    file.checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let method = c
                .request
                .method
                .clone()
                .unwrap_or_else(|| "GET".into())
                .to_ascii_uppercase();
            let expect = Expect {
                status: status(&c.expect.status)?,
                headers: c
                    .expect
                    .headers
                    .iter()
                    .map(|h| HeaderExpect::parse(h))
                    .collect::<Result<_>>()?,
                body: c.expect.body.as_deref().map(TextMatch::parse).transpose()?,
                max_time: dur("maxTime", &c.expect.max_time)?,
                min_time: dur("minTime", &c.expect.min_time)?,
                redirect: c.expect.redirect.clone(),
                ..Expect::default()
            };
            Ok::<Check, anyhow::Error>(Check {
                name: c
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{method} {}", c.request.url)),
                request: RequestSpec {
                    method,
                    url: c.request.url.clone(),
                    headers: c
                        .request
                        .headers
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    body: c.request.body.clone(),
                    http2: c.request.http2,
                    connect_to: None,
                },
                expect,
                retry: retry(c.retry.as_ref().or(default_retry))?,
            })
            .with_context(|| format!("{name}: check {}", i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_substituted_and_missing_ones_named() {
        let got = substitute("http://${INGRESS_HOST}/x", |v| {
            (v == "INGRESS_HOST").then(|| "1.2.3.4:80".into())
        })
        .unwrap();
        assert_eq!(got, "http://1.2.3.4:80/x");
        let err = substitute("${NOPE}", |_| None).unwrap_err();
        assert!(err.to_string().contains("NOPE"));
    }

    #[test]
    fn variables_in_comments_are_left_alone() {
        let text = "# export ${NOPE} first\nurl: 'http://${H}/#x' # or ${NOPE}\n";
        let got = substitute(text, |v| (v == "H").then(|| "h".into())).unwrap();
        assert_eq!(
            got,
            "# export ${NOPE} first\nurl: 'http://h/#x' # or ${NOPE}\n"
        );
    }

    #[test]
    fn a_file_becomes_checks() {
        let checks = parse(
            "t.yaml",
            "checks:\n- request: {url: 'http://h/status/200'}\n  expect: {status: [200, 3xx], headers: ['server~gun'], maxTime: 5s}\n  retry: {attempts: 2}\n",
        )
        .unwrap();
        assert_eq!(checks[0].name, "GET http://h/status/200");
        assert_eq!(checks[0].expect.status.len(), 2);
        assert_eq!(
            checks[0].retry.attempts,
            Some(1),
            "two attempts: one more after the first"
        );
        assert!(parse("t.yaml", "checks:\n- request: {url: x}\n  expct: {}\n").is_err());
    }
}
