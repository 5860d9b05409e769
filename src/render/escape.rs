//! Template text is data, never markup: the one place where text is made safe for HTML and
//! for GitHub Markdown.

/// Text for an HTML text node or a double-quoted attribute: `&`, `<`, `>`, `"` and `'` as
/// entities, so no tag, comment (`<!--`, `-->`) or attribute can start or end.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A zero-width space, as an entity: between `@` and a name, or `#` and a number, GitHub
/// sees no mention and no issue reference, and the reader sees the same text.
const BREAK: &str = "&#8203;";

/// Text for GitHub Markdown prose (a comment, a job summary), shown as written: HTML
/// escaped as in [`html`], every ASCII punctuation Markdown gives a meaning to escaped with a
/// backslash (`*`, `_`, `` ` ``, `[`, `|`, `~`, `#`, ...), and `@name` and `#123` broken so
/// they notify no one and link nothing. Line ends become spaces: the caller lays out lines.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '&' | '<' | '>' | '"' | '\'' => out.push_str(&html(c.encode_utf8(&mut [0; 4]))),
            '@' | '#' => {
                out.push('\\');
                out.push(c);
                out.push_str(BREAK);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "<script>alert(1)</script> </details> <!-- wabactl-plan --> @octocat #123 | `x` *b*";

    #[test]
    fn html_leaves_no_tag_comment_or_quote() {
        let safe = html(HOSTILE);
        assert!(!safe.contains('<') && !safe.contains('>'), "{safe}");
        assert!(
            safe.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{safe}"
        );
        assert!(!html("a\"b'c").contains(['"', '\'']));
    }

    #[test]
    fn markdown_leaves_no_tag_mention_reference_or_markup() {
        let safe = markdown(HOSTILE);
        assert!(!safe.contains('<') && !safe.contains('>'), "{safe}");
        assert!(!safe.contains("<!--") && !safe.contains("-->"), "{safe}");
        assert!(safe.contains("\\@&#8203;octocat"), "{safe}");
        assert!(safe.contains("\\#&#8203;123"), "{safe}");
        for markup in ['|', '`', '*'] {
            let escaped = format!("\\{markup}");
            assert_eq!(
                safe.matches(markup).count(),
                safe.matches(&escaped).count(),
                "{markup} in {safe}"
            );
        }
        assert_eq!(markdown("a\nb"), "a b");
    }
}
