//! How a template path is shown: relative to the working directory, whether it came from
//! `wabactl.yaml` or the command line, absolute or not, in every format (terminal, Markdown,
//! JSON, annotations). `templates/a.yaml` from the project's root, `../templates/a.yaml` from
//! a directory below it; never the runner's checkout path, never `sub/../templates`.

use std::path::{Component, Path, PathBuf};

/// `path` (absolute, or relative to `cwd`) as seen from `cwd`; absolute only when the two
/// share no root (another drive on Windows).
pub fn shown_path(cwd: &Path, path: &Path) -> PathBuf {
    let absolute = normalize(&cwd.join(path));
    let cwd = normalize(cwd);
    let (ours, theirs): (Vec<Component>, Vec<Component>) =
        (cwd.components().collect(), absolute.components().collect());
    if ours.first() != theirs.first() {
        return absolute;
    }
    let common = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    let mut shown = PathBuf::new();
    for _ in common..ours.len() {
        shown.push("..");
    }
    for part in &theirs[common..] {
        shown.push(part);
    }
    if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown
    }
}

/// `path` without `.` and with each `..` taken back against the part before it (lexically:
/// a symbolic link is not followed, which is how the path was written).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_from_the_working_directory() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            shown_path(cwd, Path::new("/repo/templates/a.yaml")),
            Path::new("../templates/a.yaml")
        );
        assert_eq!(
            shown_path(cwd, Path::new("/repo/sub/../templates")),
            Path::new("../templates")
        );
        assert_eq!(
            shown_path(cwd, Path::new("t/./a.yaml")),
            Path::new("t/a.yaml")
        );
        assert_eq!(shown_path(cwd, Path::new("/repo/sub")), Path::new("."));
        assert_eq!(
            shown_path(Path::new("/repo"), Path::new("templates")),
            Path::new("templates")
        );
    }
}
