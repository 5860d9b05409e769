//! Names in generated code: every field is named from its parameter's key (`body.first_name`
//! is `first_name`, `body.1` is `body1`, `buttons.0.ttl_minutes` is `button0_ttl_minutes`) and
//! every type from the template's name, then cased as each language expects.

/// A name as its words: `["button", "0", "ttl", "minutes"]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name(Vec<String>);

impl Name {
    pub fn of(text: &str) -> Name {
        Name(
            text.split(['_', '.', '-'])
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect(),
        )
    }

    fn prefixed(&self, word: &str) -> Name {
        let mut words = vec![word.to_owned()];
        words.extend(self.0.iter().cloned());
        Name(words)
    }

    /// `button0_ttl_minutes`: a number joins the word before it.
    pub fn snake(&self) -> String {
        let mut out = String::new();
        for word in &self.0 {
            if !out.is_empty() && !is_number(word) {
                out.push('_');
            }
            out.push_str(word);
        }
        out
    }

    /// `button0TtlMinutes`.
    pub fn camel(&self) -> String {
        let pascal = self.pascal();
        let mut chars = pascal.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => pascal,
        }
    }

    /// `Button0TtlMinutes`.
    pub fn pascal(&self) -> String {
        self.0.iter().map(|w| capitalized(w)).collect()
    }
}

fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The type name of a template (`order_confirmation` → `OrderConfirmation`); a name that
/// starts with a digit gets a leading `T`, since no language lets a type start with one.
pub fn type_name(template: &str) -> String {
    let name = Name::of(template).pascal();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    }
}

/// The field name of a parameter from its key within a template or a card (`cards[N].`
/// already taken off). A named body variable keeps its own name.
pub fn field_name(key: &str) -> Name {
    let mut parts = key.split('.');
    let head = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    match (head, rest.as_slice()) {
        ("body", [var]) if !is_number(var) => Name::of(var),
        ("body", [n]) => Name(vec!["body".into(), (*n).into()]),
        ("buttons", [index, fields @ ..]) => {
            let mut words = vec!["button".to_owned(), (*index).to_owned()];
            for field in fields {
                words.extend(Name::of(field).0);
            }
            Name(words)
        }
        _ => Name::of(key),
    }
}

/// The field names of `keys`, in order: a named body variable that would take another
/// field's name (a variable called `thumbnail` beside an MPM button) is `body_` prefixed.
pub fn field_names(keys: &[&str]) -> Vec<Name> {
    let plain: Vec<Name> = keys.iter().map(|key| field_name(key)).collect();
    plain
        .iter()
        .zip(keys)
        .map(|(name, key)| {
            let named_body =
                key.starts_with("body.") && name.0.first().map(String::as_str) != Some("body");
            let clashes = plain
                .iter()
                .zip(keys)
                .any(|(other, other_key)| other == name && other_key != key);
            if named_body && clashes {
                name.prefixed("body")
            } else {
                name.clone()
            }
        })
        .collect()
}

/// Python's keywords, which no attribute may be named.
const PYTHON_KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Go's keywords, which no parameter may be named.
const GO_KEYWORDS: [&str; 25] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// A Python attribute name: keywords get a trailing `_` (PEP 8).
pub fn python_field(name: &Name) -> String {
    let snake = name.snake();
    if PYTHON_KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// A Go parameter name (lower camel case): keywords get a trailing `_`.
pub fn go_parameter(name: &Name) -> String {
    let camel = name.camel();
    if GO_KEYWORDS.contains(&camel.as_str()) {
        format!("{camel}_")
    } else {
        camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_names_in_each_casing() {
        let name = field_name("buttons.0.ttl_minutes");
        assert_eq!(name.snake(), "button0_ttl_minutes");
        assert_eq!(name.camel(), "button0TtlMinutes");
        assert_eq!(name.pascal(), "Button0TtlMinutes");
        assert_eq!(field_name("body.1").snake(), "body1");
        assert_eq!(field_name("body.first_name").camel(), "firstName");
        assert_eq!(field_name("header.1").snake(), "header1");
        assert_eq!(field_name("header.image").camel(), "headerImage");
        assert_eq!(field_name("offer.expiration").snake(), "offer_expiration");
        assert_eq!(field_name("tap_target").pascal(), "TapTarget");
        assert_eq!(type_name("order_confirmation"), "OrderConfirmation");
        assert_eq!(type_name("2fa_code"), "T2faCode");
    }

    #[test]
    fn a_named_variable_that_takes_another_fields_name_is_prefixed() {
        let names = field_names(&["body.thumbnail", "thumbnail", "body.from"]);
        assert_eq!(names[0].snake(), "body_thumbnail");
        assert_eq!(names[1].snake(), "thumbnail");
        assert_eq!(python_field(&names[2]), "from_");
        assert_eq!(go_parameter(&Name::of("type")), "type_");
    }
}
