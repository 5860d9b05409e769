//! `init`: a new project in a directory, ready for `plan --sandbox`: the project file with a
//! commented account block, templates of the main kinds (their files in `new_project/`, built
//! into the binary so a release needs nothing beside it), the JSON Schemas their comments point
//! at, a `.gitignore` for the sandbox state and, when asked, a CI pipeline pinned to this
//! version. Nothing is overwritten: a directory that already holds one of these files is
//! refused before anything is written.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The CI systems `init --ci` writes a pipeline for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    Github,
    Gitlab,
}

/// The release the written pipeline installs: this binary's version.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The project's files, path relative to the project and contents.
fn project_files(ci: Option<Ci>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        text("wabactl.yaml", include_str!("new_project/wabactl.yaml")),
        text(".gitignore", include_str!("new_project/gitignore")),
        text(
            "templates/order_update.yaml",
            include_str!("new_project/templates/order_update.yaml"),
        ),
        text(
            "templates/welcome_offer.yaml",
            include_str!("new_project/templates/welcome_offer.yaml"),
        ),
        text(
            "templates/login_code.yaml",
            include_str!("new_project/templates/login_code.yaml"),
        ),
        text(
            "templates/call_permission.yaml",
            include_str!("new_project/templates/call_permission.yaml"),
        ),
        (
            PathBuf::from("templates/media/welcome.png"),
            include_bytes!("new_project/templates/media/welcome.png").to_vec(),
        ),
    ];
    for (name, schema) in crate::schema::all() {
        files.push((Path::new("schemas").join(name), schema.into_bytes()));
    }
    match ci {
        Some(Ci::Github) => files.push(text(
            ".github/workflows/templates.yml",
            &pinned(include_str!("../../examples/ci/github-actions.yml")),
        )),
        Some(Ci::Gitlab) => files.push(text(
            ".gitlab-ci.yml",
            &pinned(include_str!("../../examples/ci/gitlab-ci.yml")),
        )),
        None => {}
    }
    files
}

fn text(path: &str, contents: &str) -> (PathBuf, Vec<u8>) {
    (PathBuf::from(path), contents.as_bytes().to_vec())
}

/// A CI example with the release it installs set to this version: the examples pin a release
/// as `version: X` (the setup action's input and tag `@vX`) or `WABACTL_VERSION: "X"`.
fn pinned(example: &str) -> String {
    let pin = example.lines().find_map(|line| {
        let line = line.trim();
        line.strip_prefix("version: ")
            .or_else(|| line.strip_prefix("WABACTL_VERSION: "))
            .map(|v| v.split_whitespace().next().unwrap_or("").trim_matches('"'))
    });
    match pin {
        Some(pin) if !pin.is_empty() && pin != VERSION => example
            .replace(&format!("@v{pin}"), &format!("@v{VERSION}"))
            .replace(&format!("version: {pin}"), &format!("version: {VERSION}"))
            .replace(
                &format!("WABACTL_VERSION: \"{pin}\""),
                &format!("WABACTL_VERSION: \"{VERSION}\""),
            ),
        _ => example.to_owned(),
    }
}

/// Writes a new project into `dir` (created when missing) and returns the files written,
/// relative to `dir`.
pub fn init(dir: &Path, ci: Option<Ci>) -> anyhow::Result<Vec<PathBuf>> {
    let files = project_files(ci);
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| path)
        .chain([&PathBuf::from("wabactl.yml")])
        .filter(|path| dir.join(path).symlink_metadata().is_ok())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        anyhow::bail!(
            "{} already holds {}: nothing was written; choose a new directory \
             (`wabactl init DIR`) or move those files away",
            shown(dir),
            existing.join(", ")
        );
    }
    for (path, contents) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the directory {}", parent.display()))?;
        }
        crate::atomic_file::write(&target, contents)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn shown(dir: &Path) -> String {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        "the current directory".to_owned()
    } else {
        dir.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ci_examples_are_pinned_to_this_version() {
        let github = pinned("uses: x/y@v0.0.9\n  with:\n    version: 0.0.9\n");
        assert_eq!(
            github,
            format!("uses: x/y@v{VERSION}\n  with:\n    version: {VERSION}\n")
        );
        let gitlab = pinned("  WABACTL_VERSION: \"0.0.9\" # the release\n");
        assert_eq!(
            gitlab,
            format!("  WABACTL_VERSION: \"{VERSION}\" # the release\n")
        );
    }
}
