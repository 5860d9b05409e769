//! Every file wabactl writes goes through here, so a full disk, a crash or a signal never
//! leaves a half-written file or replaces a good one with a broken one.
//!
//! The text goes to a temporary file beside the target (`.NAME.wabactl-tmp-PID`, same folder,
//! so the rename cannot cross file systems), is flushed and synced, and is then renamed over
//! the target in one step. On any error the temporary file is removed and the target is left
//! as it was. A temporary file left by a process that died is removed by the next write of
//! the same target.
//!
//! A target that is not a regular file is never replaced: a device or a named pipe
//! (`--out /dev/null`, `--out >(jq .)`) is written to as it is, like a shell redirection,
//! and a socket is refused. A write past a file-size limit (`ulimit -f`) is reported as
//! such; the process ignores SIGXFSZ (see `cli::main`) so that it can say so.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The marker between a target's name and the writer's process id.
const TMP_MARKER: &str = ".wabactl-tmp-";

/// Writes `contents` to `path` atomically: readers see the old file or the new one, never a
/// part. Missing parent folders are not created (callers decide that).
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    // A symbolic link stays a link: the file it points at is the one replaced.
    let resolved;
    let path = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            resolved = fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return write_in_place(path, &meta, contents.as_ref());
    }
    let (dir, name) = split(path)?;
    remove_stale(&dir, &name);
    let tmp = dir.join(format!(".{name}{TMP_MARKER}{}", std::process::id()));
    let result = write_new(&tmp, path, contents.as_ref()).and_then(|()| fs::rename(&tmp, path));
    if let Err(err) = result {
        let _ = fs::remove_file(&tmp);
        return Err(explain(err));
    }
    sync_dir(&dir);
    Ok(())
}

/// Writes to a device or a named pipe as it is. Renaming a file over it would replace the
/// device node itself (as root, the system's `/dev/null`).
fn write_in_place(path: &Path, meta: &fs::Metadata, contents: &[u8]) -> io::Result<()> {
    #[cfg(unix)]
    if std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a socket, which cannot be written to: name a regular file",
        ));
    }
    let _ = meta;
    // No O_CREAT, no O_TRUNC: the node exists and stays what it is. A named pipe blocks here
    // until something reads it, as a shell redirection to it would.
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(contents).map_err(explain)?;
    file.flush()
}

/// A write past a file-size limit says which limit, and that nothing was written.
fn explain(err: io::Error) -> io::Error {
    if err.kind() == io::ErrorKind::FileTooLarge {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            "the file would be larger than this process may write (a file-size limit, \
             `ulimit -f`, or the file system's own): nothing was written; raise the limit or \
             write elsewhere",
        )
    } else {
        err
    }
}

fn write_new(tmp: &Path, target: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = File::create(tmp)?;
    // A replaced file keeps its permissions (a token-free file may still be private).
    if let Ok(meta) = fs::metadata(target) {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(contents)?;
    file.flush()?;
    file.sync_all()
}

/// The folder (`.` for a bare name) and the file name.
fn split(path: &Path) -> io::Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} does not name a file", path.display()),
            )
        })?
        .to_owned();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name))
}

/// Removes `.NAME.wabactl-tmp-PID` files of this target whose writer is no longer running.
fn remove_stale(dir: &Path, name: &str) {
    let prefix = format!(".{name}{TMP_MARKER}");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || !is_running(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id exists. Where that cannot be told, it is assumed to run, so
/// another writer's file is never taken away.
fn is_running(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    if proc_root.join("self").exists() {
        proc_root.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Makes the rename itself durable where the platform allows syncing a folder.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(TMP_MARKER))
            .collect()
    }

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        write(&path, "first").unwrap();
        write(&path, "second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a non-empty folder: the rename over it fails after the write.
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), "kept").unwrap();
        assert!(write(&path, "new").is_err());
        assert_eq!(fs::read_to_string(path.join("inside")).unwrap(), "kept");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_dead_writers_temporary_file_is_removed_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        // Process ids on Linux stay below 2^22; this one cannot be running.
        let stale = dir
            .path()
            .join(format!(".state.json{TMP_MARKER}4294967295"));
        fs::write(&stale, "half").unwrap();
        write(&path, "whole").unwrap();
        assert!(!stale.exists());
        assert_eq!(fs::read_to_string(&path).unwrap(), "whole");
    }

    #[test]
    #[cfg(unix)]
    fn a_link_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&link, "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    #[cfg(unix)]
    fn a_device_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        write(Path::new("/dev/null"), "discarded").unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device());
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_working_folder() {
        assert_eq!(
            split(Path::new("plan.json")).unwrap(),
            (PathBuf::from("."), "plan.json".to_owned())
        );
        assert!(split(Path::new("/")).is_err());
    }
}
