//! Variables in template text: `{{1}}` (positional) and `{{first_name}}` (named).
//!
//! Only how placeholders are found and read lives here; Meta's rules about them are in
//! `rules/variables.rs`.

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Var {
    Positional(u32),
    Named(String),
}

impl std::fmt::Display for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Var::Positional(n) => write!(f, "{{{{{n}}}}}"),
            Var::Named(name) => write!(f, "{{{{{name}}}}}"),
        }
    }
}

/// One `{{...}}` in a text: its byte range and, when well-formed, its variable.
#[derive(Debug)]
pub struct Placeholder<'t> {
    pub start: usize,
    pub end: usize,
    pub inner: &'t str,
    pub var: Option<Var>,
}

/// Every placeholder of `text`, plus the offset of a `{{` that is never closed.
pub fn scan(text: &str) -> (Vec<Placeholder<'_>>, Option<usize>) {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open + 2..].find("}}").map(|i| i + open + 2) else {
            return (found, Some(open));
        };
        let inner = &text[open + 2..close];
        found.push(Placeholder {
            start: open,
            end: close + 2,
            inner,
            var: classify(inner),
        });
        from = close + 2;
    }
    (found, None)
}

/// The variable a placeholder's inner text names, if it is well-formed.
pub fn classify(inner: &str) -> Option<Var> {
    let mut chars = inner.chars();
    let first = chars.next()?;
    if inner.chars().all(|c| c.is_ascii_digit()) && first != '0' {
        return inner.parse().ok().map(Var::Positional);
    }
    let named = first.is_ascii_lowercase()
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    named.then(|| Var::Named(inner.to_owned()))
}

/// The distinct well-formed variables of `text`, in order of first appearance.
pub fn distinct(text: &str) -> Vec<Var> {
    let mut found = Vec::new();
    for var in scan(text).0.into_iter().filter_map(|p| p.var) {
        if !found.contains(&var) {
            found.push(var);
        }
    }
    found
}

impl Var {
    /// The name a send parameter is keyed by: `1` or `first_name`.
    pub fn key(&self) -> String {
        match self {
            Var::Positional(n) => n.to_string(),
            Var::Named(name) => name.clone(),
        }
    }
}
