//! When to wait and for how long: exponential backoff with full jitter, capped per wait and in
//! total, and the waits Meta asks for (`Retry-After`, `X-Business-Use-Case-Usage`).

use std::time::Duration;

use reqwest::header::HeaderMap;

/// How retries are spaced and bounded. Which failures are retried is the client's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// The first backoff ceiling; each retry doubles it.
    pub base_delay: Duration,
    /// The most one computed backoff waits.
    pub max_delay: Duration,
    /// The most one call may take, all attempts and waits included.
    pub total: Duration,
    /// Attempts per call, the first included.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            total: Duration::from_secs(120),
            max_attempts: 6,
        }
    }
}

impl RetryPolicy {
    /// The ceiling before retry number `retry` (0 for the first): `base * 2^retry`, capped.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(31));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// Full jitter: a uniform wait in `[0, ceiling]`, with `unit` uniform in `[0, 1)`. Spreads
    /// clients apart instead of having them retry in lockstep.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        self.ceiling(retry).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// The wait the server asked for: the longer of `Retry-After` (seconds) and the largest
/// `estimated_time_to_regain_access` (minutes) in `X-Business-Use-Case-Usage`.
pub fn server_wait(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let retry_after = header("retry-after").and_then(parse_retry_after);
    let usage = header("x-business-use-case-usage").and_then(parse_business_usage);
    let wait = match (retry_after, usage) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    // "Retry after 0 s" says nothing about how long to wait: the backoff decides then.
    wait.filter(|w| !w.is_zero())
}

/// `Retry-After: 120` (delta seconds). HTTP dates are not used by the Graph API.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// `{"<id>":[{"type":"whatsapp_business_management","call_count":100,
/// "estimated_time_to_regain_access":5}]}`: the longest time to regain access, if any is above
/// zero. The header may hold several business objects, each with several entries.
pub fn parse_business_usage(value: &str) -> Option<Duration> {
    let minutes = super::usage::highest_in_header(value, "estimated_time_to_regain_access")?;
    (minutes > 0.0).then(|| Duration::from_secs_f64(minutes * 60.0))
}

/// Wall-clock UTC time `wait` from now, as `HH:MM UTC`, for "run again after ..." advice.
pub fn clock_after(wait: Duration) -> String {
    clock_at(std::time::SystemTime::now(), wait)
}

/// Wall-clock UTC time `wait` after `now`, as `clock_after` writes it.
pub fn clock_at(now: std::time::SystemTime, wait: Duration) -> String {
    let now = now
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let at = (now + wait).as_secs();
    let day = 24 * 3600;
    let days = (at / day).saturating_sub(now.as_secs() / day);
    let clock = format!("{:02}:{:02} UTC", (at % day) / 3600, (at % 3600) / 60);
    match days {
        0 => clock,
        1 => format!("{clock} tomorrow"),
        n => format!("{clock} in {n} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            total: Duration::from_secs(5),
            max_attempts: 6,
        }
    }

    #[test]
    fn ceilings_double_then_cap() {
        let p = policy();
        let ms: Vec<u128> = (0..7).map(|r| p.ceiling(r).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1000, 1000, 1000]);
        assert_eq!(p.ceiling(200), Duration::from_millis(1000));
    }

    #[test]
    fn full_jitter_stays_within_the_ceiling() {
        let p = policy();
        assert_eq!(p.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(p.backoff(3, 0.5), Duration::from_millis(400));
        assert_eq!(p.backoff(3, 7.0), Duration::from_millis(800));
        for retry in 0..10 {
            let wait = p.backoff(retry, fastrand::f64());
            assert!(wait <= p.ceiling(retry));
        }
    }

    #[test]
    fn the_default_schedule() {
        let p = RetryPolicy::default();
        let secs: Vec<u64> = (0..6).map(|r| p.ceiling(r).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 30]);
        assert_eq!(p.total, Duration::from_secs(120));
    }

    #[test]
    fn usage_header_from_the_docs() {
        let header = r#"{"102290129340398":[{"type":"whatsapp_business_management","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#;
        assert_eq!(parse_business_usage(header), None);
        let throttled = r#"{"1":[{"type":"a","estimated_time_to_regain_access":0}],
            "2":[{"type":"b","estimated_time_to_regain_access":3},{"type":"c","estimated_time_to_regain_access":1}]}"#;
        assert_eq!(
            parse_business_usage(throttled),
            Some(Duration::from_secs(180))
        );
        assert_eq!(parse_business_usage("not json"), None);
        assert_eq!(parse_business_usage("[]"), None);
    }

    #[test]
    fn server_wait_takes_the_longer_hint() {
        let mut headers = HeaderMap::new();
        assert_eq!(server_wait(&headers), None);
        headers.insert("retry-after", HeaderValue::from_static("30"));
        assert_eq!(server_wait(&headers), Some(Duration::from_secs(30)));
        headers.insert(
            "x-business-use-case-usage",
            HeaderValue::from_static(r#"{"9":[{"estimated_time_to_regain_access":2}]}"#),
        );
        assert_eq!(server_wait(&headers), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        let mut zero = HeaderMap::new();
        zero.insert("retry-after", HeaderValue::from_static("0"));
        assert_eq!(server_wait(&zero), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn clock_after_reads_as_utc() {
        let text = clock_after(Duration::from_secs(60));
        assert!(text.contains("UTC"), "{text}");
        assert!(clock_after(Duration::from_secs(3 * 24 * 3600)).contains("in 3 days"));
    }
}
