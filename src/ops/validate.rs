//! Validate: read the template files and check them offline against Meta's rules.

use std::path::PathBuf;

use crate::settings::Settings;
use crate::template::read::{self, TemplateSet};

/// Every finding for the templates under `paths` (default: the project's), and, when the
/// project's own templates are read, for the project file's template groups (a pattern is
/// checked against every declared template, so not against a part of them).
pub fn validate(settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<TemplateSet> {
    let mut set = read::read(&settings.template_paths(paths)?);
    if let Some(project) = settings.project.as_ref().filter(|_| paths.is_empty()) {
        let groups = crate::groups::declared::all(project);
        if !groups.is_empty() {
            let names: Vec<&str> = set
                .templates
                .iter()
                .map(|d| d.template.name.as_str())
                .collect();
            let findings = crate::groups::findings::check(project, &groups, &names);
            set.diagnostics.extend(findings);
        }
    }
    Ok(set)
}
