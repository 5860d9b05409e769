//! The flags `plan` and `apply` share: which templates to look at, and prune.

use std::path::PathBuf;

use crate::ops::plan::PlanRequest;
use crate::reconcile::filter::Selection;
use crate::settings::{PruneFlags, Settings};

/// What a plan looks at: the filters and prune.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanScope {
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
    /// Plan deletes for templates on the account that the files do not declare, inside the
    /// prune scope (each language on its own, by id). Off unless given or `prune.enabled` is
    /// set in wabactl.yaml.
    #[arg(long)]
    pub prune: bool,
    /// The names prune may delete (GLOB, repeatable); replaces `prune.scope` of wabactl.yaml.
    /// Prune needs a scope: `--prune-scope '*'` puts every template under it.
    #[arg(long = "prune-scope", value_name = "GLOB")]
    pub prune_scope: Vec<String>,
    /// Upload the local media samples (`file:` in `header_handle`) of templates matching GLOB
    /// again, and edit them, even when nothing else changed (repeatable). The plan never
    /// compares samples: Meta returns a URL, not the file.
    #[arg(long = "reupload", value_name = "GLOB")]
    pub reupload: Vec<String>,
    /// What prune does: archive (reversible for 28 days, no name lock) or delete; replaces
    /// `prune.mode` of wabactl.yaml (default: delete).
    #[arg(long = "prune-mode", value_enum, value_name = "MODE")]
    pub prune_mode: Option<crate::settings::PruneMode>,
}

impl PlanScope {
    pub fn prune_flags(&self) -> PruneFlags {
        PruneFlags {
            prune: self.prune,
            scope: self.prune_scope.clone(),
            mode: self.prune_mode,
        }
    }

    /// The plan of the templates under `paths` (default: the project's), as these flags ask.
    pub fn request(&self, settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<PlanRequest> {
        Ok(PlanRequest {
            prune: settings.prune(&self.prune_flags())?,
            paths: settings.template_paths(paths)?,
            selection: Selection {
                names: self.names.clone(),
                languages: self.languages.clone(),
            },
            reupload: self.reupload.clone(),
        })
    }
}
