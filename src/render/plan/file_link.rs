//! Links from the plan's pull-request comment to the template files. On GitHub Actions
//! (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA` set) an absolute link to the
//! file at the commit planned, its path taken from the repository's root
//! (`GITHUB_WORKSPACE`); elsewhere a relative link, `../blob/HEAD/PATH#LLINE`, which a pull
//! request's page (`/OWNER/REPO/pull/N`) resolves to the file in the repository.

use std::path::{Path, PathBuf};

use crate::template::read::Source;

/// Where the links point: GitHub Actions' variables as the run found them (the command line
/// reads them from the settings' captured environment). The default gives relative links.
#[derive(Debug, Clone, Default)]
pub struct FileLinks {
    pub server_url: Option<String>,
    pub repository: Option<String>,
    pub sha: Option<String>,
    pub workspace: Option<String>,
}

impl FileLinks {
    /// From `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA` and `GITHUB_WORKSPACE` as
    /// `var` gives them; empty values count as unset.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        FileLinks {
            server_url: var("GITHUB_SERVER_URL"),
            repository: var("GITHUB_REPOSITORY"),
            sha: var("GITHUB_SHA"),
            workspace: var("GITHUB_WORKSPACE"),
        }
    }
}

/// The link to `source`'s line.
pub fn link(source: &Source, links: &FileLinks) -> String {
    let path = repository_path(&source.file, links.workspace.as_deref());
    match (
        links.server_url.clone(),
        links.repository.clone(),
        links.sha.clone(),
    ) {
        (Some(server), Some(repository), Some(sha)) => format!(
            "{}/{repository}/blob/{sha}/{path}#L{}",
            server.trim_end_matches('/'),
            source.line
        ),
        _ => format!("../blob/HEAD/{path}#L{}", source.line),
    }
}

/// `file` (relative to the working directory) as a path from the repository's root: the
/// workspace when given and the file lies in it, else the path as it is.
fn repository_path(file: &str, workspace: Option<&str>) -> String {
    let from_root = workspace.and_then(|root| {
        let absolute: PathBuf = std::env::current_dir().ok()?.join(file);
        normalized(&absolute)
            .strip_prefix(normalized(Path::new(root)))
            .ok()
            .map(Path::to_path_buf)
    });
    let path = from_root.unwrap_or_else(|| PathBuf::from(file));
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` with `.` dropped and each `..` taken back (lexically).
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
