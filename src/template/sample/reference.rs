//! `file:PATH` in `header_handle`: a local sample file, relative to the template file.

use std::path::{Path, PathBuf};

use crate::template::model::{Component, Header};

pub const PREFIX: &str = "file:";

/// The PATH of a `file:PATH` entry.
pub fn file_reference(handle: &str) -> Option<&str> {
    handle.strip_prefix(PREFIX).map(str::trim)
}

/// Where `reference` points, for a template read from `template_file`.
pub fn resolve(template_file: &Path, reference: &str) -> PathBuf {
    template_file
        .parent()
        .unwrap_or(Path::new(""))
        .join(reference)
}

/// Every header of `components`, carousel cards' included, in order.
pub fn headers(components: &[Component]) -> Vec<&Header> {
    let mut out = Vec::new();
    for component in components {
        match component {
            Component::Header(header) => out.push(header),
            Component::Carousel(carousel) => {
                for card in &carousel.cards {
                    out.extend(headers(&card.components));
                }
            }
            _ => {}
        }
    }
    out
}

/// The same walk, for changing the headers in place.
pub fn headers_mut(components: &mut [Component]) -> Vec<&mut Header> {
    let mut out = Vec::new();
    for component in components {
        match component {
            Component::Header(header) => out.push(header),
            Component::Carousel(carousel) => {
                for card in &mut carousel.cards {
                    out.extend(headers_mut(&mut card.components));
                }
            }
            _ => {}
        }
    }
    out
}

/// The `file:` entries of a header's sample: each entry as written, and its PATH.
pub fn file_entries(header: &Header) -> impl Iterator<Item = (&str, &str)> {
    header
        .example
        .iter()
        .filter_map(|e| e.header_handle.as_ref())
        .flatten()
        .filter_map(|h| Some((h.as_str(), file_reference(h)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_beside_the_template() {
        assert_eq!(file_reference("file: media/a.png"), Some("media/a.png"));
        assert_eq!(file_reference("4::aW"), None);
        assert_eq!(
            resolve(Path::new("templates/promo.yaml"), "media/a.png"),
            PathBuf::from("templates/media/a.png")
        );
        assert_eq!(
            resolve(Path::new("promo.yaml"), "a.png"),
            PathBuf::from("a.png")
        );
    }
}
