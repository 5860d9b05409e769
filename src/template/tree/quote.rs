//! Where an unclosed quote opened. A quoted scalar may span lines in YAML, so a missing
//! closing quote is noticed only where the reader gives up: at the end of the file, or at the
//! next quote, which it takes as the closing one and then trips over what follows. The reader
//! was wrong about where the problem is; the quote that opened the runaway text is.

use super::Span;

/// The opening quote of the quoted text that runs into `error` (a syntax error's position),
/// when that quote is on an earlier line: the place to point at instead.
pub fn runaway_quote(text: &str, error: Span) -> Option<Span> {
    let end = error.offset.min(text.len());
    let bytes = text.as_bytes();
    let mut open: Option<(u8, usize)> = None;
    // The last quoted text closed before the error: (start, end).
    let mut closed: Option<(usize, usize)> = None;
    let mut i = 0;
    let mut in_comment = false;
    // The last byte outside quotes that is not a blank: a quote opens a scalar only at the
    // start of a value (bytes, not a slice of the text: the scan is linear and never splits
    // a character).
    let mut previous: Option<u8> = None;
    while i < end {
        let b = bytes[i];
        match open {
            Some((b'"', start)) => {
                if b == b'\\' {
                    i += 1;
                } else if b == b'"' {
                    closed = Some((start, i));
                    open = None;
                    previous = Some(b);
                }
            }
            Some((_, start)) => {
                if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else if b == b'\'' {
                    closed = Some((start, i));
                    open = None;
                    previous = Some(b);
                }
            }
            None if in_comment => {
                in_comment = b != b'\n';
                if !in_comment {
                    previous = Some(b);
                }
            }
            None => {
                let value_start = previous.is_none_or(|p| b"\n:-[{,?".contains(&p));
                if (b == b'"' || b == b'\'') && value_start {
                    open = Some((b, i));
                } else if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
                    in_comment = true;
                } else if b != b' ' && b != b'\t' {
                    previous = Some(b);
                }
            }
        }
        i += 1;
    }
    let start = match (open, closed) {
        (Some((_, start)), _) => start,
        // The reader took a later quote as the closing one and stumbled right after it.
        (None, Some((start, close))) if !bytes[close..end].contains(&b'\n') => start,
        _ => return None,
    };
    let span = span_at(text, start);
    (span.line < error.line).then_some(span)
}

/// The one-byte span at `offset`, with its 1-based line and column.
fn span_at(text: &str, offset: usize) -> Span {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    Span {
        line: before.matches('\n').count() as u32 + 1,
        column: before[line_start..].chars().count() as u32 + 1,
        offset,
        len: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(text: &str, needle: &str, delta: usize) -> Span {
        let offset = text.find(needle).unwrap() + delta;
        span_at(text, offset)
    }

    #[test]
    fn finds_the_quote_a_runaway_text_opened_with() {
        let text = "name: a\ncomponents:\n  - text: \"Hi there\n  - text: \"x\"\n";
        let error = error_at(text, "x\"", 1);
        let found = runaway_quote(text, error).unwrap();
        assert_eq!((found.line, found.column), (3, 11));
        // Quotes closed on their own line are not blamed.
        let fine = "a: \"b\"\nc: 'd''s'\nx: [\n";
        assert!(runaway_quote(fine, error_at(fine, "[", 2)).is_none());
        // Multi-byte text and long runs of blanks neither split a character nor slow it down.
        let wide = format!("a: \"é😀\n{}b: \"x\"\n", " ".repeat(200_000));
        let found = runaway_quote(&wide, error_at(&wide, "x\"", 1)).unwrap();
        assert_eq!((found.line, found.column), (1, 4));
    }
}
