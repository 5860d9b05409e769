//! The project file `wabactl.yaml`: where templates live (and, later, which accounts exist).
//!
//! Settings resolve in this order: command-line flag, environment, project file, default.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Names the project file may have, looked up from the working directory upward.
pub const PROJECT_FILE_NAMES: [&str; 2] = ["wabactl.yaml", "wabactl.yml"];

/// The contents of `wabactl.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wabactl project file")]
pub struct ProjectFile {
    /// Files or directories holding templates, relative to this file. Default: `templates`.
    #[serde(default = "default_templates")]
    pub templates: Vec<PathBuf>,
}

fn default_templates() -> Vec<PathBuf> {
    vec![PathBuf::from("templates")]
}

/// A project file together with where it was found.
#[derive(Debug, Clone)]
pub struct Project {
    pub dir: PathBuf,
    pub file: PathBuf,
    pub config: ProjectFile,
}

impl Project {
    /// The template locations, resolved against the project directory.
    pub fn template_paths(&self) -> Vec<PathBuf> {
        self.config
            .templates
            .iter()
            .map(|p| relative_to(&self.dir, p))
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },
}

/// Finds the project file in `start` or the nearest directory above it.
pub fn find_project(start: &Path) -> Result<Option<Project>, ConfigError> {
    for dir in start.ancestors() {
        for name in PROJECT_FILE_NAMES {
            let file = dir.join(name);
            if file.is_file() {
                return read_project(&file).map(Some);
            }
        }
    }
    Ok(None)
}

/// Reads and checks one project file.
pub fn read_project(file: &Path) -> Result<Project, ConfigError> {
    let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
        path: file.to_owned(),
        source,
    })?;
    // An empty file is a valid project file with every default.
    let config = if text.trim().is_empty() {
        ProjectFile {
            templates: default_templates(),
        }
    } else {
        serde_saphyr::from_str(&text).map_err(|err| {
            let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            ConfigError::Invalid {
                path: file.to_owned(),
                line,
                column,
                message: err
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            }
        })?
    };
    let dir = file.parent().unwrap_or(Path::new(".")).to_owned();
    Ok(Project {
        dir,
        file: file.to_owned(),
        config,
    })
}

/// `path` joined onto `base` unless it is absolute; `./` prefixes are dropped for tidy messages.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() || base.as_os_str().is_empty() || base == Path::new(".") {
        path.to_owned()
    } else {
        base.join(path)
    }
}
