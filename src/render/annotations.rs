//! Findings as GitHub Actions workflow commands (`::error file=…,line=…::message`), so that
//! they show in the pull request's diff view next to the line they are about.
//!
//! Escaping follows GitHub's toolkit (`@actions/core` `command.ts`): data escapes `%`, CR and
//! LF; property values also escape `:` and `,`.

use std::fmt::Write as _;

use crate::template::diagnostic::{Diagnostic, Severity};

/// One workflow command per finding; the message carries the help on its following lines.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = super::diagnostics::message(d).into_owned();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for (location, label) in &d.related {
            let _ = write!(message, "\n{label}: {location}");
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            escape_property(&d.location.file.path.display().to_string()),
            d.location.span.line,
            d.location.span.column,
            escape_property(d.rule.as_str()),
            escape_data(&message),
        );
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
