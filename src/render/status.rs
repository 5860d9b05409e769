//! `wabactl status` output: an aligned table for a terminal (status in colour when asked) and
//! the versioned JSON document.
//!
//! Columns: name, language, status, category (`previous → current` when Meta re-categorised
//! the template), quality rating, whether the files declare it, rejection reason (for a paused
//! template: when it can be unpaused).

use std::collections::BTreeMap;
use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};

use crate::graph::RemoteStatus;
use crate::ops::accounts::AccountRun;
use crate::ops::status::Status;
use crate::plural::plural;
use crate::reconcile::status::{StatusReport, StatusRow};

const HEADERS: [&str; 7] = [
    "NAME", "LANGUAGE", "STATUS", "CATEGORY", "QUALITY", "FILES", "REASON",
];

/// The table and a summary line, ending with a newline. Colour is a parameter so that output
/// is the same everywhere in tests; the caller decides it from the terminal and NO_COLOR.
pub fn human(report: &StatusReport, colored: bool) -> String {
    let mut out = String::new();
    if let Some(account) = &report.account {
        let line = crate::render::header::account_line(
            account,
            report.api_version.as_deref(),
            report.endpoint.as_ref(),
        );
        let _ = writeln!(out, "{line}\n");
    }
    if report.rows.is_empty() {
        out.push_str("No templates to show.\n");
        return out;
    }
    let cells: Vec<[(String, Style); 7]> = report.rows.iter().map(cells).collect();
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in &cells {
        for (width, (text, _)) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let header = HEADERS.map(|h| (h.to_owned(), Style::new().bold()));
    for row in std::iter::once(&header).chain(&cells) {
        let mut line = String::new();
        for (i, ((text, style), width)) in row.iter().zip(widths).enumerate() {
            if colored && !text.is_empty() {
                let _ = write!(line, "{style}{text}{style:#}");
            } else {
                line.push_str(text);
            }
            if i + 1 < row.len() {
                let pad = width - text.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(requests) = &report.requests {
        let _ = write!(out, "\nRead the account with {}.", requests.summary());
        if let Some(warning) = requests.warning() {
            let _ = write!(out, "\nwarning: {warning}.");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\n{}", summary_line(&report.rows));
    out
}

/// The document of `status --format json`, pretty-printed, ending with a newline.
pub fn json(report: &StatusReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a status report is plain data");
    text.push('\n');
    text
}

/// `5 templates on the account: 3 approved, 1 pending, 1 rejected; 2 not in files; 1 declared
/// but not on the account`.
pub fn summary_line(rows: &[StatusRow]) -> String {
    let on_account: Vec<&StatusRow> = rows.iter().filter(|r| r.on_account()).collect();
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for status in on_account.iter().filter_map(|row| row.status.as_ref()) {
        *by_status.entry(status.as_str().to_lowercase()).or_default() += 1;
    }
    let mut line = format!(
        "{} on the account",
        plural(on_account.len(), "template", "templates")
    );
    if !by_status.is_empty() {
        let counts: Vec<String> = by_status
            .iter()
            .map(|(status, n)| format!("{n} {}", status.replace('_', " ")))
            .collect();
        let _ = write!(line, ": {}", counts.join(", "));
    }
    let undeclared = on_account.iter().filter(|r| !r.declared).count();
    let _ = write!(line, "; {undeclared} not in files");
    let missing = rows.len() - on_account.len();
    if missing > 0 {
        let _ = write!(line, "; {missing} declared but not on the account");
    }
    line
}

fn cells(row: &StatusRow) -> [(String, Style); 7] {
    let plain = Style::new();
    let dimmed = Style::new().effects(Effects::DIMMED);
    let status = match &row.status {
        Some(status) => status.to_string(),
        None => "not on account".to_owned(),
    };
    let category = match (
        &row.category,
        row.recategorised_from(),
        &row.correct_category,
    ) {
        (None, _, _) => "-".to_owned(),
        (Some(current), Some(previous), _) => format!("{previous} → {current}"),
        (Some(current), None, Some(next)) => format!("{current} (→ {next} pending)"),
        (Some(current), None, None) => current.clone(),
    };
    let quality = row.quality.clone().unwrap_or_else(|| "-".to_owned());
    let quality_style = match quality.as_str() {
        "GREEN" => AnsiColor::Green.on_default(),
        "YELLOW" => AnsiColor::Yellow.on_default(),
        "RED" => AnsiColor::Red.on_default(),
        _ => dimmed,
    };
    let (files, files_style) = if row.declared {
        ("declared", plain)
    } else {
        ("not in files", dimmed)
    };
    [
        (row.name.clone(), Style::new().bold()),
        (row.language.clone(), plain),
        (status, status_style(row)),
        (category, plain),
        (quality, quality_style),
        (files.to_owned(), files_style),
        (reason(row), plain),
    ]
}

/// Why review rejected it; for a paused template, when `wabactl unpause` can lift the pause.
fn reason(row: &StatusRow) -> String {
    match (&row.rejected_reason, &row.unpause) {
        (Some(reason), _) => reason.clone(),
        (None, Some(when)) if when.starts_with("now") => {
            format!("can be unpaused {when}: wabactl unpause {}", row.name)
        }
        (None, Some(when)) => format!("can be unpaused {when}"),
        (None, None) => String::new(),
    }
}

/// Green approved, yellow in review, red refused or stopped, dimmed gone.
fn status_style(row: &StatusRow) -> Style {
    let Some(status) = &row.status else {
        return AnsiColor::Magenta.on_default();
    };
    match status {
        RemoteStatus::Approved => AnsiColor::Green.on_default(),
        RemoteStatus::Pending | RemoteStatus::InAppeal => AnsiColor::Yellow.on_default(),
        RemoteStatus::Rejected | RemoteStatus::Disabled | RemoteStatus::Paused => {
            AnsiColor::Red.on_default()
        }
        RemoteStatus::Deleted | RemoteStatus::PendingDeletion | RemoteStatus::Archived => {
            Style::new().effects(Effects::DIMMED)
        }
        _ => Style::new(),
    }
}

/// The status of several accounts: a section per account (notes, then the table) and the
/// accounts that could not be read; or, as JSON, `{"format_version": 1, "kind": "accounts",
/// "accounts": [{"account", "report" | "error", "notes"}]}`.
pub fn accounts(runs: &[AccountRun<Status>], json: bool, colored: bool) -> String {
    if json {
        let accounts: Vec<serde_json::Value> = runs
            .iter()
            .map(|run| match &run.outcome {
                Ok(status) => serde_json::json!({
                    "account": run.label, "report": status.report, "notes": status.notes
                }),
                Err(err) => serde_json::json!({"account": run.label, "error": err}),
            })
            .collect();
        let document =
            serde_json::json!({"format_version": 1, "kind": "accounts", "accounts": accounts});
        let mut text = serde_json::to_string_pretty(&document).expect("plain data");
        text.push('\n');
        return text;
    }
    let mut out = String::new();
    for run in runs {
        let _ = writeln!(out, "── account {} ──", run.label);
        match &run.outcome {
            Ok(status) => {
                for note in &status.notes {
                    let width = super::wrap::stdout_width();
                    out.push_str(&super::wrap::labelled("", "note: ", note, width));
                }
                out.push_str(&human(&status.report, colored));
            }
            Err(err) => {
                let _ = writeln!(out, "error: not read: {err}");
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::plan::Source;
    use crate::reconcile::status::FORMAT_VERSION;

    fn row(name: &str, status: Option<RemoteStatus>, declared: bool) -> StatusRow {
        StatusRow {
            name: name.into(),
            language: "en_US".into(),
            id: status.is_some().then(|| "1".into()),
            category: status.is_some().then(|| "MARKETING".into()),
            status,
            previous_category: None,
            correct_category: None,
            quality: None,
            rejected_reason: None,
            unpause: None,
            declared,
            source: declared.then(|| Source {
                file: format!("templates/{name}.yaml"),
                line: 1,
            }),
        }
    }

    fn report(rows: Vec<StatusRow>) -> StatusReport {
        StatusReport {
            format_version: FORMAT_VERSION,
            account: Some("5550001".into()),
            api_version: None,
            endpoint: None,
            requests: None,
            rows,
        }
    }

    #[test]
    fn columns_line_up_and_plain_has_no_escapes() {
        let mut recategorised = row("order_update", Some(RemoteStatus::Approved), true);
        recategorised.previous_category = Some("UTILITY".into());
        recategorised.quality = Some("GREEN".into());
        let mut rejected = row("promo", Some(RemoteStatus::Rejected), false);
        rejected.rejected_reason = Some("INVALID_FORMAT".into());
        let text = human(
            &report(vec![recategorised, rejected, row("welcome", None, true)]),
            false,
        );
        let expected = "\
Account 5550001

NAME          LANGUAGE  STATUS          CATEGORY             QUALITY  FILES         REASON
order_update  en_US     APPROVED        UTILITY → MARKETING  GREEN    declared
promo         en_US     REJECTED        MARKETING            -        not in files  INVALID_FORMAT
welcome       en_US     not on account  -                    -        declared

2 templates on the account: 1 approved, 1 rejected; 1 not in files; 1 declared but not on the account
";
        assert_eq!(text, expected);
        let colored = human(
            &report(vec![row("a", Some(RemoteStatus::Approved), true)]),
            true,
        );
        assert!(colored.contains("\u{1b}[32mAPPROVED"), "{colored}");
    }

    #[test]
    fn an_empty_table_says_so() {
        assert!(human(&report(Vec::new()), false).ends_with("No templates to show.\n"));
    }
}
