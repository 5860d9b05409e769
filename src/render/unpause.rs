//! `wabactl unpause` output: one line per language, then what to do about those left paused.

use std::fmt::Write;

use crate::ops::unpause::{UnpauseRow, Unpaused};
use crate::utc;

/// One line per row, ending with a newline.
pub fn human(rows: &[UnpauseRow]) -> String {
    let mut out = String::new();
    for row in rows {
        let what = format!("{} ({}) id={}", row.name, row.language, row.id);
        let _ = match &row.result {
            Unpaused::Done => writeln!(out, "✓ unpaused {what}: it can be sent again"),
            Unpaused::NotPaused(status) => {
                writeln!(out, "= {what} is {status}, not paused: left alone")
            }
            Unpaused::TooEarly(at) => writeln!(
                out,
                "✗ {what} was paused less than 5 minutes ago: Meta allows an unpause after {}; \
                 run `wabactl unpause {}` again then",
                utc::minute(*at),
                row.name
            ),
            Unpaused::Refused(reason) => writeln!(
                out,
                "✗ {what}: Meta refused the unpause: {}. If it was paused in the last few \
                 minutes, that is the likely cause: an unpause is possible 5 minutes after the \
                 pause (the wait pywa documents; Meta's listing does not say when a pause \
                 began); run `wabactl unpause {}` again in 5 minutes",
                reason.as_deref().unwrap_or("no reason given"),
                row.name
            ),
            Unpaused::Failed(message) => writeln!(out, "✗ {what}: {message}"),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::RemoteStatus;

    #[test]
    fn each_result_reads_as_a_line() {
        let row = |language: &str, result| UnpauseRow {
            name: "promo".into(),
            language: language.into(),
            id: "7".into(),
            result,
        };
        let text = human(&[
            row("en", Unpaused::Done),
            row("fr", Unpaused::NotPaused(RemoteStatus::Approved)),
            row("de", Unpaused::TooEarly(1_796_079_472)),
            row("it", Unpaused::Refused(Some("paused 1 minute ago".into()))),
        ]);
        assert_eq!(
            text,
            "✓ unpaused promo (en) id=7: it can be sent again\n\
             = promo (fr) id=7 is APPROVED, not paused: left alone\n\
             ✗ promo (de) id=7 was paused less than 5 minutes ago: Meta allows an unpause after \
             2026-11-30 22:57 UTC; run `wabactl unpause promo` again then\n\
             ✗ promo (it) id=7: Meta refused the unpause: paused 1 minute ago. If it was paused \
             in the last few minutes, that is the likely cause: an unpause is possible 5 minutes \
             after the pause (the wait pywa documents; Meta's listing does not say when a pause \
             began); run `wabactl unpause promo` again in 5 minutes\n"
        );
    }
}
