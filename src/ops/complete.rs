//! Candidates for shell completion: the account names of the project file and the template
//! names of the project's files.

use crate::settings::Settings;
use crate::template::read;

/// The accounts `wabactl.yaml` names, sorted.
pub fn account_names(settings: &Settings) -> Vec<String> {
    settings
        .project
        .as_ref()
        .map(|project| project.config.accounts.keys().cloned().collect())
        .unwrap_or_default()
}

/// The names the project's template files declare, sorted, each once.
pub fn template_names(settings: &Settings) -> anyhow::Result<Vec<String>> {
    let set = read::read(&settings.template_paths(&[])?);
    let mut names: Vec<String> = set
        .templates
        .into_iter()
        .map(|declared| declared.template.name)
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}
