//! `wabactl status --metrics` output: a table of the declared templates' figures with a
//! sparkline of messages sent per day (for a terminal or a CI log), and the versioned JSON.

use std::fmt::Write;

use anstyle::Style;

use crate::metrics::{Day, Figures, MetricsReport, SetMetrics, TemplateMetrics};

const HEADERS: [&str; 9] = [
    "NAME",
    "LANGUAGE",
    "SENT",
    "DELIVERED",
    "READ",
    "CLICKED",
    "READ RATE",
    "CLICK RATE",
    "SENT PER DAY",
];
/// Columns aligned to the right (the numbers).
const NUMERIC: std::ops::Range<usize> = 2..8;
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The table, totals and the request count, ending with a newline.
pub fn human(report: &MetricsReport, colored: bool) -> String {
    let account = crate::render::header::account_line(
        &report.account,
        report.api_version.as_deref(),
        report.endpoint.as_ref(),
    );
    let mut out = format!(
        "{account}\nTemplate analytics, {} to {} ({} day{}, UTC)\n\n",
        report.since,
        report.until,
        report.days,
        if report.days == 1 { "" } else { "s" }
    );
    if report.templates.is_empty() {
        out.push_str("No declared templates to show.\n");
    } else {
        let mut rows: Vec<[String; 9]> = report.templates.iter().map(template_row).collect();
        for set in report.groups.iter().chain([&report.total]) {
            rows.push(set_row(set));
        }
        let separators = [report.templates.len()];
        table(&mut out, &rows, &separators, colored);
    }
    if let Some(requests) = &report.requests {
        let _ = write!(out, "\nRead with {}.", requests.summary());
        if let Some(warning) = requests.warning() {
            let _ = write!(out, "\nwarning: {warning}.");
        }
        out.push('\n');
    }
    out
}

/// The document of `status --metrics --format json`, pretty-printed, ending with a newline.
pub fn json(report: &MetricsReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a metrics report is plain data");
    text.push('\n');
    text
}

/// One bar per day, its height the day's share of the busiest day; a day without messages is
/// the lowest bar.
pub fn sparkline(days: &[Day]) -> String {
    let max = days.iter().map(|d| d.counts.sent).max().unwrap_or(0);
    days.iter()
        .map(|day| {
            if max == 0 || day.counts.sent == 0 {
                BARS[0]
            } else {
                let step = (day.counts.sent * (BARS.len() as u64 - 1)).div_ceil(max);
                BARS[step as usize]
            }
        })
        .collect()
}

fn template_row(t: &TemplateMetrics) -> [String; 9] {
    if t.id.is_none() {
        let mut row = figures_cells(&t.name, &t.language, &t.figures, String::new());
        row[2] = "not on account".to_owned();
        for cell in &mut row[3..] {
            cell.clear();
        }
        return row;
    }
    figures_cells(&t.name, &t.language, &t.figures, sparkline(&t.days))
}

fn set_row(set: &SetMetrics) -> [String; 9] {
    let label = if set.name == "total" {
        "Total".to_owned()
    } else {
        format!("group {}", set.name)
    };
    let templates = format!(
        "{} template{}",
        set.templates,
        if set.templates == 1 { "" } else { "s" }
    );
    figures_cells(&label, &templates, &set.figures, sparkline(&set.days))
}

fn figures_cells(name: &str, second: &str, f: &Figures, spark: String) -> [String; 9] {
    [
        name.to_owned(),
        second.to_owned(),
        f.counts.sent.to_string(),
        f.counts.delivered.to_string(),
        f.counts.read.to_string(),
        f.counts.clicked.to_string(),
        percent(f.read_rate),
        percent(f.click_rate),
        spark,
    ]
}

/// `66.7%`; `-` when there is no rate (nothing delivered).
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn table(out: &mut String, rows: &[[String; 9]], separators: &[usize], colored: bool) {
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = HEADERS.map(str::to_owned);
    let bold = Style::new().bold();
    for (index, row) in std::iter::once(&header).chain(rows).enumerate() {
        if index > 0 && separators.contains(&(index - 1)) {
            out.push('\n');
        }
        let mut line = String::new();
        for (column, (cell, width)) in row.iter().zip(widths).enumerate() {
            let pad = width - cell.chars().count();
            // "not on account" reads from the left, like a word.
            let right = NUMERIC.contains(&column) && cell.parse::<f64>().is_ok()
                || cell.ends_with('%')
                || cell == "-";
            if right {
                line.extend(std::iter::repeat_n(' ', pad));
            }
            if colored && index == 0 {
                let _ = write!(line, "{bold}{cell}{bold:#}");
            } else {
                line.push_str(cell);
            }
            if !right {
                line.extend(std::iter::repeat_n(' ', pad));
            }
            line.push_str("  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// `plan --metrics`: a line per changed template with its figures, below the Markdown plan.
pub fn plan_markdown(figures: &crate::ops::metrics::PlanFigures) -> String {
    let period = &figures.period;
    let mut out = format!(
        "\n**How the changed templates did** (Meta's template analytics, {} to {} UTC):\n\n",
        period.date(0),
        period.date(period.days as usize - 1)
    );
    match &figures.figures {
        Err(reason) => {
            let _ = writeln!(out, "_No figures: {reason}._");
        }
        Ok(templates) if templates.is_empty() => {
            out.push_str("_No changed template is on the account yet._\n");
        }
        Ok(templates) => {
            for t in templates {
                let f = &t.figures;
                let _ = writeln!(
                    out,
                    "- **{}** ({}): {} sent, {} read ({}), {} clicked ({}) `{}`",
                    crate::render::escape::markdown(&t.name),
                    crate::render::escape::markdown(&t.language),
                    f.counts.sent,
                    f.counts.read,
                    percent(f.read_rate),
                    f.counts.clicked,
                    percent(f.click_rate),
                    sparkline(&t.days)
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Counts;

    fn day(sent: u64) -> Day {
        Day {
            date: "2026-12-01".into(),
            counts: Counts {
                sent,
                ..Counts::default()
            },
        }
    }

    #[test]
    fn the_sparkline_scales_to_the_busiest_day() {
        let days: Vec<Day> = [0, 1, 7, 14, 0].into_iter().map(day).collect();
        assert_eq!(sparkline(&days), "▁▂▅█▁");
        assert_eq!(sparkline(&[day(0), day(0)]), "▁▁");
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "-");
    }
}
