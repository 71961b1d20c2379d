//! Go `time.ParseDuration` syntax, which Istio used for every duration field.

use std::time::Duration;

/// Why a duration did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {text:?}: {reason}")]
pub struct DurationError {
    /// The text as given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// The longest Go duration, 2^63 - 1 nanoseconds, in seconds (as near as an f64 holds it).
const GO_MAX_SECONDS: f64 = 9_223_372_036.854_776;

/// Parses `300ms`, `1.5h`, `2h45m`, `4s` and the like (units ns, us, µs, ms, s, m, h).
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let fail = |reason| DurationError {
        text: text.to_string(),
        reason,
    };
    let body = text.strip_prefix('+').unwrap_or(text);
    if body.starts_with('-') {
        return Err(fail("negative durations are not allowed"));
    }
    if body == "0" {
        return Ok(Duration::ZERO);
    }
    if body.is_empty() {
        return Err(fail("empty"));
    }
    let mut total = 0f64;
    let mut rest = body;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..num_len]
            .parse()
            .map_err(|_| fail("expected a number such as 4s or 500ms"))?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "" => return Err(fail("missing unit (ns, us, ms, s, m, h)")),
            _ => {
                return Err(fail(
                    "unknown unit (use ns, us, ms, s, m or h; there is no d)",
                ));
            }
        };
        total += number * scale;
        rest = &rest[unit_len..];
    }
    // Go's durations end at 2^63 - 1 nanoseconds (about 292 years); beyond (or a digit string
    // so long it is infinite) is refused as Go refuses it, never a panic.
    if !(total.is_finite() && total <= GO_MAX_SECONDS) {
        return Err(fail("too large (durations end at about 292 years)"));
    }
    Ok(Duration::from_secs_f64(total))
}

/// Formats a duration the way Go prints it for whole milliseconds (`4s`, `1.5s`, `250ms`).
pub fn format(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else if ms >= 1000 {
        format!("{}s", d.as_secs_f64())
    } else {
        format!("{ms}ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_beyond_gos_range_are_refused_not_a_panic() {
        // Found by fuzz/flag_grammars: `from_secs_f64` panicked.
        for text in [
            "17777777777777777777777777777775s",
            "9999999999h",
            "2562048h",
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.reason.contains("too large"), "{text}: {e}");
        }
        for text in [
            "2562047h",
            "9223372036854775807ns",
            "2562047h47m16.854775807s",
        ] {
            assert!(parse(text).is_ok(), "Go's own maximum parses: {text}");
        }
    }

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse("4s").unwrap(), Duration::from_secs(4));
        assert_eq!(parse("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse("0").unwrap(), Duration::ZERO);
    }

    #[test]
    fn rejects_what_go_rejects() {
        for bad in ["", "4", "1d", "s", "-1s", "4 s", "1..2s"] {
            assert!(parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn formats_whole_and_fractional_values() {
        assert_eq!(format(Duration::from_secs(4)), "4s");
        assert_eq!(format(Duration::from_millis(250)), "250ms");
        assert_eq!(format(Duration::from_millis(1500)), "1.5s");
    }
}
