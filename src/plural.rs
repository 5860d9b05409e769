//! Counting in words: the one place that decides between the word for one and for many.

/// `one` when `n` is exactly one, `many` otherwise.
pub fn word<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// `n` and the word for one or many: `1 template`, `3 templates`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", word(n, one, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(0, "file", "files"), "0 files");
        assert_eq!(plural(1, "file is", "files are"), "1 file is");
        assert_eq!(plural(2, "file", "files"), "2 files");
    }
}
