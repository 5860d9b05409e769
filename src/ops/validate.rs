//! Validate: read the template files and check them offline against Meta's rules.

use std::path::PathBuf;

use crate::settings::Settings;
use crate::template::read::{self, TemplateSet};

/// Every finding for the templates under `paths` (default: the project's).
pub fn validate(settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<TemplateSet> {
    Ok(read::read(&settings.template_paths(paths)?))
}
