//! What a template name may be: the one statement of it, for the rules and the JSON Schema.

/// The longest name Meta accepts, in characters.
pub const NAME_MAX: usize = 512;

/// A name as a JSON Schema pattern (ECMA-262), equal to [`is_valid_name`].
pub const NAME_PATTERN: &str = "^[a-z0-9_]+$";

/// Lowercase ASCII letters, digits and underscores, at least one.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
