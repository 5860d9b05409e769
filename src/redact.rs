//! Text made safe to show: the credentials a URL may carry never reach a message or a quote.

/// `text` with the `user:password@` of every URL in it replaced by `[redacted]@`, for
/// messages and quotes. Works on text that is not a valid URL too: that is when it is shown.
pub fn without_credentials(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let start = from + i + 3;
        let end = text[start..]
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'' | '`') || c.is_whitespace())
            .map_or(text.len(), |j| start + j);
        if let Some(at) = text[start..end].rfind('@') {
            out.push_str(&text[done..start]);
            out.push_str("[redacted]");
            done = start + at;
        }
        from = end;
    }
    if done == 0 {
        return text.into();
    }
    out.push_str(&text[done..]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_replaced() {
        assert_eq!(
            without_credentials("https://a:b@h/p@q"),
            "https://[redacted]@h/p@q"
        );
        assert_eq!(without_credentials("https://h/p@q"), "https://h/p@q");
        assert_eq!(
            without_credentials("a: \"https://u:p@h:x/\"\nb: http://v@w\n"),
            "a: \"https://[redacted]@h:x/\"\nb: http://[redacted]@w\n"
        );
    }
}
