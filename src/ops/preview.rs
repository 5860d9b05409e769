//! Preview: read the template files and draw each template as a customer sees it.

use std::path::{Path, PathBuf};

use crate::preview::{self, Preview};
use crate::settings::Settings;
use crate::template::read::{self, Declared};

/// The declared templates under `paths` (default: the project's), each with its preview;
/// and how many files could not be read (their templates are missing from the list).
pub struct Previewed {
    pub templates: Vec<(Declared, Preview)>,
    pub errors: usize,
}

pub fn previews(settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<Previewed> {
    let set = read::read(&settings.template_paths(paths)?);
    let errors = set.unreadable_count;
    let templates = set
        .templates
        .into_iter()
        .map(|declared| {
            let preview = preview::of(&declared.template);
            (declared, preview)
        })
        .collect();
    Ok(Previewed { templates, errors })
}

/// A `file:` sample of the template declared in `source_file`, as a `data:` URI.
pub fn embed(source_file: &str, sample: &str) -> Result<String, String> {
    let base = Path::new(source_file).parent().unwrap_or(Path::new("."));
    crate::media::embed::image_data_uri(&base.join(sample))
}
