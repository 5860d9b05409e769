//! Links from the plan's pull-request comment to the template files. On GitHub Actions
//! (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA` set) an absolute link to the
//! file at the commit planned, its path taken from the repository's root
//! (`GITHUB_WORKSPACE`); elsewhere a relative link, `../blob/HEAD/PATH#LLINE`, which a pull
//! request's page (`/OWNER/REPO/pull/N`) resolves to the file in the repository.

use std::path::{Path, PathBuf};

use crate::template::read::Source;

/// The link to `source`'s line.
pub fn link(source: &Source) -> String {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let path = repository_path(&source.file, var("GITHUB_WORKSPACE").as_deref());
    match (
        var("GITHUB_SERVER_URL"),
        var("GITHUB_REPOSITORY"),
        var("GITHUB_SHA"),
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
