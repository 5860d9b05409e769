//! The order templates are listed in: by name, then language, with runs of digits compared as
//! numbers (`promo_2` before `promo_10`), so numbered series read in order.

use std::cmp::Ordering;

/// Compares `a` and `b` with digit runs as numbers; equal numbers with different zero padding
/// (`01`, `1`) fall back to plain text order, so distinct names never compare equal.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, rest_x) = digits(x);
                let (n, rest_y) = digits(y);
                let (m, n) = (trim_zeros(m), trim_zeros(n));
                let by_number = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if by_number != Ordering::Equal {
                    return by_number;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                (x, y) = (&x[1..], &y[1..]);
            }
        }
    }
}

/// `(name, language)` keys in natural order.
pub fn key_cmp(a: (&str, &str), b: (&str, &str)) -> Ordering {
    natural_cmp(a.0, b.0).then_with(|| natural_cmp(a.1, b.1))
}

fn digits(s: &[u8]) -> (&[u8], &[u8]) {
    let end = s
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    s.split_at(end)
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_by_value() {
        let mut names = vec![
            "promo_100",
            "promo_10",
            "promo_2",
            "promo_1",
            "promo",
            "promo_a",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "promo",
                "promo_1",
                "promo_2",
                "promo_10",
                "promo_100",
                "promo_a"
            ]
        );
        assert_eq!(natural_cmp("v01", "v1"), "v01".cmp("v1"));
        assert_ne!(natural_cmp("v01", "v1"), Ordering::Equal);
        assert_eq!(natural_cmp("a", "a"), Ordering::Equal);
    }
}
