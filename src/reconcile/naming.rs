//! New names for templates whose change Meta would not take (or that would break current
//! senders): `name_v2`, `name_v3`, ...

use std::collections::HashSet;

/// An unused name for a changed template: `name_v2`, or the next version when the name
/// already ends in `_vN`.
pub fn suggest_name<S>(name: &str, taken: &HashSet<S>) -> String
where
    S: std::borrow::Borrow<str> + Eq + std::hash::Hash,
{
    let (base, mut version) = match name.rsplit_once("_v") {
        Some((base, n)) if !base.is_empty() && n.parse::<u32>().is_ok_and(|n| n >= 1) => {
            (base, n.parse::<u32>().unwrap_or(1) + 1)
        }
        _ => (name, 2),
    };
    loop {
        let candidate = format!("{base}_v{version}");
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
        version += 1;
    }
}
