//! Validation findings, rendered like rustc (source quoted, span underlined) or as JSON.

use std::io::Write;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::spec::diagnostic::{Diagnostic, Severity};

/// What `validate` found.
pub struct Report<'a> {
    pub files: usize,
    pub templates: usize,
    pub diagnostics: &'a [Diagnostic],
}

impl Report<'_> {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// `12 templates, 0 errors, 1 warning`
    pub fn summary(&self) -> String {
        format!(
            "{}, {}, {}",
            plural(self.templates, "template"),
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Writes every finding with its source quoted. Colour follows the stream's capabilities.
pub fn human(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let colored = anstream::ColorChoice::global() != anstream::ColorChoice::Never
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let theme = if colored {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    for diagnostic in report.diagnostics {
        let mut text = String::new();
        let rendered = to_miette(diagnostic);
        if handler.render_report(&mut text, rendered.as_ref()).is_err() {
            text = format!("{}\n", headline(diagnostic));
        }
        // The first line always names file:line:col, whatever the terminal width.
        writeln!(out, "{}", headline(diagnostic))?;
        write!(out, "{text}")?;
        writeln!(out)?;
    }
    Ok(())
}

/// `templates/a.yaml:3:7: error[name-format]: ...`
pub fn headline(d: &Diagnostic) -> String {
    format!(
        "{}: {}[{}]: {}",
        d.location,
        d.severity.as_str(),
        d.rule,
        d.message
    )
}

fn to_miette(d: &Diagnostic) -> Box<dyn miette::Diagnostic + Send + Sync> {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let span = d.location.span;
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some("here".into()),
        (span.offset, span.len),
    )];
    let mut help = d.help.clone();
    for (location, label) in &d.related {
        if location.file.path == d.location.file.path {
            labels.push(LabeledSpan::new_with_span(
                Some(label.clone()),
                (location.span.offset, location.span.len),
            ));
        } else {
            let note = format!("{label}: {location}");
            help = Some(match help {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
    }
    let mut diagnostic = MietteDiagnostic::new(d.message.clone())
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(help);
    }
    let source = NamedSource::new(
        d.location.file.path.display().to_string(),
        d.location.file.text.clone(),
    );
    miette::Report::new(diagnostic)
        .with_source_code(source)
        .into()
}

/// The machine-readable report (`format_version` 1).
pub fn json(report: &Report) -> String {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity.as_str(),
                "rule": d.rule,
                "message": d.message,
                "help": d.help,
                "file": d.location.file.path.display().to_string(),
                "line": d.location.span.line,
                "column": d.location.span.column,
                "path": d.path,
                "related": d.related.iter().map(|(l, label)| serde_json::json!({
                    "file": l.file.path.display().to_string(),
                    "line": l.span.line,
                    "column": l.span.column,
                    "label": label,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "format_version": 1,
        "files": report.files,
        "templates": report.templates,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "diagnostics": diagnostics,
    }))
    .expect("plain JSON")
}
