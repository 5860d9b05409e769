//! Validation findings, rendered like rustc (source quoted, span underlined) or as JSON.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::input_file::group_digits;
use crate::template::diagnostic::{Diagnostic, Severity, SourceFile, Tally};
use crate::template::read::{FINDINGS_PER_FILE, FINDINGS_PER_RUN};
use crate::template::tree::Span;

/// What `validate` found.
pub struct Findings<'a> {
    pub files: usize,
    pub templates: usize,
    pub diagnostics: &'a [Diagnostic],
    /// Findings past the limits of what a run keeps, counted.
    pub not_shown: Tally,
}

impl Findings<'_> {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error) + self.not_shown.errors
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning) + self.not_shown.warnings
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(Diagnostic::count)
            .sum()
    }

    /// `12,345 more findings not shown: ...`, when some were past the limits.
    pub fn not_shown_line(&self) -> Option<String> {
        let n = self.not_shown.total();
        (n > 0).then(|| {
            format!(
                "{} more finding{} not shown: a run lists at most {} per file and {} in all \
                 (all are counted below); fix these and run again",
                group_digits(n as u64),
                crate::plural::word(n, "", "s"),
                FINDINGS_PER_FILE,
                group_digits(FINDINGS_PER_RUN as u64),
            )
        })
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

/// `1 error`, `12,345 errors`: the count with its digits grouped.
fn plural(n: usize, word: &str) -> String {
    let many = format!("{word}s");
    format!(
        "{} {}",
        group_digits(n as u64),
        crate::plural::word(n, word, &many)
    )
}

/// A finding's message, with the findings folded into it counted.
pub fn message(d: &Diagnostic) -> Cow<'_, str> {
    match d.repeats {
        0 => Cow::Borrowed(&d.message),
        n => Cow::Owned(format!(
            "{} ({} more like it in this field)",
            d.message,
            group_digits(n as u64)
        )),
    }
}

/// Writes every finding with its source quoted, in colour when `colored` (see
/// `cli::findings_colored`).
///
/// A finding on a line too long to quote, or that the quoting fails on, is written plainly
/// (`file:line:col: error[rule]: message` and its help): no finding can stop the others.
pub fn human(report: &Findings, colored: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let theme = if colored {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    // Each file's line table is built once, however many findings it has.
    let mut sources: HashMap<*const SourceFile, Arc<Quoted>> = HashMap::new();
    for diagnostic in report.diagnostics {
        let file = &diagnostic.location.file;
        let source = sources
            .entry(Arc::as_ptr(file))
            .or_insert_with(|| Arc::new(Quoted::new(file.clone())))
            .clone();
        let mut text = String::new();
        // A file that could not be read has no text to quote: no empty box.
        let quotable =
            !file.text.is_empty() && labels(diagnostic).all(|span| source.can_quote(span));
        if !quotable
            || handler
                .render_report(&mut text, to_miette(diagnostic, source).as_ref())
                .is_err()
        {
            text = plain_body(diagnostic);
        } else {
            text = without_message_line(&text);
        }
        // The first line always names file:line:col, whatever the terminal width.
        writeln!(out, "{}", headline(diagnostic))?;
        write!(out, "{text}")?;
        writeln!(out)?;
    }
    if let Some(line) = report.not_shown_line() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The spans a quote of `d` underlines: its own and those of related places in its file.
fn labels(d: &Diagnostic) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(d.location.span).chain(
        d.related
            .iter()
            .filter(|(location, _)| location.file.path == d.location.file.path)
            .map(|(location, _)| location.span),
    )
}

/// What follows the headline when the source is not quoted: the help and related places.
fn plain_body(d: &Diagnostic) -> String {
    let mut text = String::new();
    if let Some(help) = &d.help {
        text.push_str(&format!("  help: {help}\n"));
    }
    for (location, label) in &d.related {
        text.push_str(&format!("  note: {label}: {location}\n"));
    }
    text
}

/// The longest line whose text is quoted under a finding. Longer lines (minified JSON, a
/// generated file) help no reader, and the quoting library cannot pad past column 65,535.
pub const MAX_QUOTED_LINE: usize = 4096;

/// A file as the quoting library reads it: each quote reads only the lines around its span,
/// found through a line table, so quoting many findings of a large file stays linear.
struct Quoted {
    file: Arc<SourceFile>,
    /// The byte offset of each line's start, lines ending as the quoting library ends them
    /// (`\n`, `\r\n` or a lone `\r`).
    line_starts: Vec<usize>,
}

impl Quoted {
    fn new(file: Arc<SourceFile>) -> Self {
        let bytes = file.text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        Quoted { file, line_starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Where line `line` (0-based) starts, or the end of the text past the last line.
    fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.file.text.len())
    }

    /// Whether the lines a span starts and ends on are short enough to quote. Lines end at
    /// `\n` alone here: when the library draws a line it takes a lone `\r` as text, so a
    /// label after one stands as far right as the two pieces together.
    fn can_quote(&self, span: Span) -> bool {
        let text = self.file.text.as_bytes();
        let short = |at: usize| {
            let at = at.min(text.len());
            let before = text[at.saturating_sub(MAX_QUOTED_LINE + 1)..at]
                .iter()
                .rev()
                .position(|&b| b == b'\n')
                .unwrap_or(at.min(MAX_QUOTED_LINE + 1));
            let after = text[at..(at + MAX_QUOTED_LINE + 1).min(text.len())]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(text.len().min(at + MAX_QUOTED_LINE + 1) - at);
            before + after <= MAX_QUOTED_LINE
        };
        short(span.offset) && short(span.offset + span.len.saturating_sub(1))
    }
}

impl SourceCode for Quoted {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The library's own reading of the span, run on a window of whole lines around it
        // (two spare lines after it) instead of on the text from its start.
        let end = span.offset() + span.len();
        let span_first = self.line_of(span.offset());
        let span_last = self.line_of(end.saturating_sub(1).max(span.offset()));
        // Context stops at a line too long to quote (a megabyte of text on the next line
        // would otherwise be printed whole under a finding about this one).
        let short =
            |line: usize| self.line_start(line + 1) - self.line_start(line) <= MAX_QUOTED_LINE;
        let before = (1..=context_lines_before.min(span_first))
            .take_while(|&n| short(span_first - n))
            .count();
        let after = (1..=context_lines_after)
            .take_while(|&n| span_last + n < self.line_starts.len() && short(span_last + n))
            .count();
        // The window holds only the lines to quote (two spare after them unless a long line
        // comes first): the library quotes no more than the window.
        let first = span_first - before;
        let last = span_last + after + if after < context_lines_after { 1 } else { 2 };
        let start = self.line_start(first);
        let window = &self.file.text.as_bytes()[start..self.line_start(last)];
        let local = SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.path.display().to_string(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + start).into(),
                contents.span().len(),
            ),
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        )))
    }
}

/// `templates/a.yaml:3:7: error[name-format]: ...`
pub fn headline(d: &Diagnostic) -> String {
    format!(
        "{}: {}[{}]: {}",
        d.location,
        d.severity.as_str(),
        d.rule,
        message(d)
    )
}

/// The quote without the library's own first line: the message is rendered empty (the
/// headline above already says it), which leaves a line holding only the severity mark.
fn without_message_line(text: &str) -> String {
    match text.split_once('\n') {
        Some((_, rest)) => rest.to_owned(),
        None => String::new(),
    }
}

fn to_miette(d: &Diagnostic, source: Arc<Quoted>) -> Box<dyn miette::Diagnostic + Send + Sync> {
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
    // The headline carries the message; the quote shows where.
    let mut diagnostic = MietteDiagnostic::new(String::new())
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(help);
    }
    miette::Report::new(diagnostic)
        .with_source_code(SharedSource(source))
        .into()
}

/// A quoted file shared between findings (the library takes its source by value).
struct SharedSource(Arc<Quoted>);

impl SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0
            .read_span(span, context_lines_before, context_lines_after)
    }
}

/// The machine-readable report (`format_version` 1).
pub fn json(report: &Findings) -> String {
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
                "count": d.count(),
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
        "not_shown": { "errors": report.not_shown.errors, "warnings": report.not_shown.warnings },
        "diagnostics": diagnostics,
    }))
    .expect("plain JSON")
}
