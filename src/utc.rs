//! Unix times written as UTC dates (`2026-12-30 14:05 UTC`, or RFC 3339) and read back, for
//! messages that say when something becomes possible again. No time zone database: UTC only.

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-12-30 14:05 UTC` for unix seconds `secs`.
pub fn minute(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let rest = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// `2026-12-30` for unix seconds `secs`.
pub fn date(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2026-12-30T14:05:09Z` for unix seconds `secs`.
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let rest = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The first `YYYY-MM-DDTHH:MM:SSZ` (or `+00:00`) in `text`, as unix seconds.
pub fn find_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(19)).find_map(|i| text.get(i..).and_then(parse_at))
}

fn parse_at(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let utc = b[19] == b'Z' || text.get(19..25) == Some("+00:00");
    if !utc || !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 {
        return None;
    }
    Some(days_from_civil(year, month as u32, day as u32) * 86_400 + hour * 3600 + min * 60 + sec)
}

/// `YYYY-MM-DD` as the unix seconds of its 00:00 UTC; `None` for anything else or a date
/// that does not exist.
pub fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let secs = days_from_civil(year, month as u32, day as u32) * 86_400;
    (date(secs) == text).then_some(secs)
}

/// Now, as unix seconds.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_only_when_they_exist() {
        assert_eq!(
            parse_date("2026-11-30"),
            Some(1_796_079_472 / 86_400 * 86_400)
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-1-30"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(minute(0), "1970-01-01 00:00 UTC");
        // 2026-11-30 22:57:52 UTC
        assert_eq!(rfc3339(1_796_079_472), "2026-11-30T22:57:52Z");
        assert_eq!(date(1_796_079_472), "2026-11-30");
        assert_eq!(minute(951_782_400), "2000-02-29 00:00 UTC");
        for secs in [0, 951_782_400, 1_796_079_472, 4_102_444_799] {
            assert_eq!(
                find_rfc3339(&format!("after {} ok", rfc3339(secs))),
                Some(secs)
            );
        }
    }

    #[test]
    fn finds_only_utc_timestamps() {
        assert_eq!(find_rfc3339("no time here"), None);
        assert_eq!(find_rfc3339("2026-11-30T22:57:52+02:00"), None);
        assert_eq!(
            find_rfc3339("x 2026-11-30T22:57:52+00:00"),
            Some(1_796_079_472)
        );
        assert_eq!(find_rfc3339("2026-13-30T22:57:52Z"), None);
    }
}
