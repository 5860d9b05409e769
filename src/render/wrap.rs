//! Long explanation lines (`why:`, `unblocks:`, `note:`, `to do:`) wrapped to the terminal's
//! width, continuation lines indented under the text. Only on a terminal: a CI log or a file
//! keeps each explanation on one line, for grep and for log viewers that wrap on their own.

/// `label` and `text` at `indent`, wrapped at `width` columns when given.
pub fn labelled(indent: &str, label: &str, text: &str, width: Option<usize>) -> String {
    let first = format!("{indent}{label}");
    let Some(width) = width else {
        return format!("{first}{text}\n");
    };
    let hang = " ".repeat(first.chars().count());
    let mut out = String::new();
    let mut line = first.clone();
    let mut empty = true;
    for word in text.split(' ') {
        let fits = line.chars().count() + usize::from(!empty) + word.chars().count() <= width;
        if !empty && !fits {
            out.push_str(&line);
            out.push('\n');
            line = hang.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The width to wrap stdout at: the terminal's, or `None` when stdout is not a terminal.
pub fn stdout_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0).max(40))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_under_the_label_only_when_a_width_is_given() {
        let text = "the template is in review and cannot be edited meanwhile";
        assert_eq!(
            labelled("    ", "why: ", text, Some(40)),
            "    why: the template is in review and\n         cannot be edited meanwhile\n"
        );
        assert_eq!(
            labelled("  ", "why: ", text, None),
            format!("  why: {text}\n")
        );
    }
}
