//! Word-level differences between two texts, as runs of plain and changed text per side.

use similar::{ChangeTag, TextDiff};

/// A run of text and whether it changed.
pub type Run = (bool, String);

/// The old text and the new text, each split into runs; changed runs are the words removed
/// (old side) or added (new side).
pub fn word_runs(old: &str, new: &str) -> (Vec<Run>, Vec<Run>) {
    let diff = TextDiff::from_words(old, new);
    let mut before: Vec<Run> = Vec::new();
    let mut after: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut before, false, value);
                push(&mut after, false, value);
            }
            ChangeTag::Delete => push(&mut before, true, value),
            ChangeTag::Insert => push(&mut after, true, value),
        }
    }
    (before, after)
}

/// Appends to the last run when it has the same state; a changed run does not swallow the
/// whitespace that ends it, so emphasis hugs the words.
fn push(runs: &mut Vec<Run>, changed: bool, text: &str) {
    match runs.last_mut() {
        Some((last, run)) if *last == changed => run.push_str(text),
        _ => runs.push((changed, text.to_owned())),
    }
}

/// Runs split at line ends: one list of runs per line.
pub fn lines(runs: &[Run]) -> Vec<Vec<Run>> {
    let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
    for (changed, text) in runs {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if !piece.is_empty() {
                lines
                    .last_mut()
                    .expect("never empty")
                    .push((*changed, piece.to_owned()));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_on_their_side() {
        let (before, after) = word_runs("Hello there {{1}}", "Hello friend {{1}}");
        assert_eq!(
            before,
            vec![
                (false, "Hello ".into()),
                (true, "there".into()),
                (false, " {{1}}".into())
            ]
        );
        assert_eq!(after[1], (true, "friend".into()));
    }

    #[test]
    fn runs_split_into_lines() {
        let (before, _) = word_runs("a\nb c", "a\nb d");
        let split = lines(&before);
        assert_eq!(split.len(), 2);
        assert_eq!(split[1], vec![(false, "b ".into()), (true, "c".into())]);
    }
}
