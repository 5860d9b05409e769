//! Findings about template files: what is wrong, under which rule, and exactly where.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::rule_id::RuleId;
use super::tree::Span;

/// A file as read from disk, kept whole so that messages can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (relative paths stay relative).
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a source file.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub span: Span,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.file.path.display(),
            self.span.line,
            self.span.column
        )
    }
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable id (`name-format`, `body-length`, ...) that users can search for and CI can match on.
    pub rule: RuleId,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    pub location: Location,
    /// The field the finding is about, e.g. `components[1].text`, when there is one.
    pub path: Option<String>,
    /// Other places that take part (e.g. the first definition of a duplicate).
    pub related: Vec<(Location, String)>,
    /// Findings of the same rule, field and message folded into this one (see [`Bounded`]).
    pub repeats: usize,
}

impl Diagnostic {
    pub fn error(rule: RuleId, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule,
            message: message.into(),
            help: None,
            location,
            path: None,
            related: Vec::new(),
            repeats: 0,
        }
    }

    pub fn warning(rule: RuleId, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(rule, message, location)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related.push((location, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many findings this one stands for, its folded repeats included.
    pub fn count(&self) -> usize {
        1 + self.repeats
    }
}

/// Findings that are counted but not kept.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn add(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += d.count(),
            Severity::Warning => self.warnings += d.count(),
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings
    }
}

/// Findings gathered under a bound, so that a report never grows past its input: a hostile
/// file (a megabyte of `{{1}}`, a hundred thousand components) would otherwise make hundreds
/// of thousands of findings, each far larger than the text it is about.
///
/// A finding with the same rule, field and message as a kept one folds into it as a repeat;
/// past `limit` kept findings, the rest are only counted in `not_shown`, except the first of
/// each rule (a hundred thousand of one kind must not hide the one of another; there are
/// fewer than a hundred rules). Counts stay exact, so the run still fails and says how many
/// there were.
#[derive(Debug)]
pub struct Bounded {
    pub kept: Vec<Diagnostic>,
    pub not_shown: Tally,
    limit: usize,
    /// Each kept finding by what makes two the same.
    index: HashMap<(RuleId, Option<String>, String), usize>,
    /// The rules of the kept findings.
    rules: HashSet<RuleId>,
}

impl Bounded {
    pub fn new(limit: usize) -> Self {
        Bounded {
            kept: Vec::new(),
            not_shown: Tally::default(),
            limit,
            index: HashMap::new(),
            rules: HashSet::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        let key = (d.rule, d.path.clone(), d.message.clone());
        if let Some(&i) = self.index.get(&key) {
            self.kept[i].repeats += d.count();
        } else if self.kept.len() < self.limit || !self.rules.contains(&d.rule) {
            self.index.insert(key, self.kept.len());
            self.rules.insert(d.rule);
            self.kept.push(d);
        } else {
            self.not_shown.add(&d);
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Keys, enum values and names are short; the distance is quadratic in the lengths, and a
    // 30,000-character value measured against another would take seconds.
    const LONGEST: usize = 128;
    if word.len() > LONGEST {
        return None;
    }
    let word = word.to_lowercase();
    let close_enough = |c: &str| c.len().max(word.len()).div_ceil(3);
    candidates
        .into_iter()
        // The distance is at least the difference in length: no need to measure past it.
        .filter(|c| c.len() <= LONGEST && c.len().abs_diff(word.len()) <= close_enough(c))
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= close_enough(c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["name", "language", "category", "components"];
        assert_eq!(did_you_mean("langauge", keys), Some("language"));
        assert_eq!(did_you_mean("componets", keys), Some("components"));
        assert_eq!(did_you_mean("zzz", keys), None);
        // Long text is no typo of a key: neither a long word nor a long candidate is measured.
        assert_eq!(did_you_mean(&"x".repeat(100_000), keys), None);
        let long = "y".repeat(30_000);
        assert_eq!(did_you_mean(&"y".repeat(29_000), [long.as_str()]), None);
    }

    fn finding(rule: RuleId, path: &str, message: &str, warning: bool) -> Diagnostic {
        let location = Location {
            file: Arc::new(SourceFile {
                path: "t.yaml".into(),
                text: String::new(),
            }),
            span: Span::default(),
        };
        let d = if warning {
            Diagnostic::warning(rule, message, location)
        } else {
            Diagnostic::error(rule, message, location)
        };
        d.with_path(path)
    }

    #[test]
    fn identical_findings_fold_and_the_rest_past_the_limit_are_counted() {
        let mut bounded = Bounded::new(2);
        for _ in 0..5 {
            bounded.push(finding(
                RuleId::NameFormat,
                "components[0].text",
                "same",
                false,
            ));
        }
        bounded.push(finding(
            RuleId::NameFormat,
            "components[1].text",
            "same",
            false,
        ));
        bounded.push(finding(
            RuleId::NameFormat,
            "components[2].text",
            "same",
            false,
        ));
        bounded.push(finding(
            RuleId::NameLength,
            "components[3].text",
            "other",
            true,
        ));
        bounded.push(finding(
            RuleId::NameLength,
            "components[4].text",
            "other",
            true,
        ));
        assert_eq!(
            bounded.kept.len(),
            3,
            "the first of rule b is kept past the limit"
        );
        assert_eq!(bounded.kept[0].count(), 5);
        assert_eq!(bounded.kept[1].count(), 1);
        assert_eq!(bounded.kept[2].rule, RuleId::NameLength);
        assert_eq!(
            bounded.not_shown,
            Tally {
                errors: 1,
                warnings: 1
            }
        );
        // A kept finding still folds its repeats after the limit is reached.
        bounded.push(finding(
            RuleId::NameFormat,
            "components[0].text",
            "same",
            false,
        ));
        assert_eq!(bounded.kept[0].count(), 6);
    }
}
