//! The one way wabactl reads a file a user hands it: regular files only, and never more
//! than a limit, so that a named pipe, a device or a runaway file cannot hang the run or
//! exhaust memory.
//!
//! Errors are `std::io::Error`s whose message says what is wrong, so every caller's existing
//! "cannot read FILE: ..." message names the file and the reason.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

const MIB: u64 = 1024 * 1024;

/// A template file. Real ones are a few KiB; even all 6,000 templates of an account (its
/// maximum) in one file, at the examples' average of 0.9 KiB, make 5.3 MiB.
pub const TEMPLATE_FILE_LIMIT: u64 = 8 * MIB;
/// The project file (`wabactl.yaml`): a few lines of settings.
pub const PROJECT_FILE_LIMIT: u64 = MIB;
/// A `send --params` file: the parameters of one message.
pub const PARAMS_FILE_LIMIT: u64 = MIB;
/// A saved plan (`apply --plan FILE`), and the sandbox's state and seed files: these hold a
/// whole account, up to 6,000 templates with both sides of each change.
pub const ACCOUNT_FILE_LIMIT: u64 = 64 * MIB;

/// Reads a regular file of at most `limit` bytes as UTF-8 text.
///
/// The type and size are checked before the file is opened (opening a named pipe would
/// block), checked again on the opened handle (the path may have changed in between), and
/// the read itself stops at `limit + 1` bytes whatever the file claims.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_bytes(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"))
}

/// Reads a regular file of at most `limit` bytes (see [`read_text`] for the checks).
pub fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None, limit));
    }
    Ok(bytes)
}

/// The first `n` bytes of a regular file of any size, and its size (a media sample's type is
/// in its first bytes; its size is a rule of its own, not a limit on reading).
pub fn read_head(path: &Path, n: usize) -> io::Result<(Vec<u8>, u64)> {
    let (file, len) = open_regular(path, u64::MAX)?;
    let mut head = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut head)?;
    Ok((head, len))
}

fn open_regular(path: &Path, limit: u64) -> io::Result<(File, u64)> {
    check(&std::fs::metadata(path)?, limit)?;
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    check(&metadata, limit)?;
    Ok((file, metadata.len()))
}

fn check(metadata: &Metadata, limit: u64) -> io::Result<()> {
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a regular file: only regular files are read",
                describe_type(metadata)
            ),
        ));
    }
    if metadata.len() > limit {
        return Err(too_large(Some(metadata.len()), limit));
    }
    Ok(())
}

fn too_large(size: Option<u64>, limit: u64) -> io::Error {
    let size = match size {
        Some(bytes) => format!("{} bytes", group_digits(bytes)),
        None => "more".to_owned(),
    };
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the file holds {size}, above the limit of {} bytes ({} MiB) for this kind of file",
            group_digits(limit),
            limit / MIB
        ),
    )
}

/// `8388608` → `8,388,608`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What kind of file system object a path is, for a message.
pub fn describe_type(metadata: &Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_small_files_and_refuses_large_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "name: a\n").unwrap();
        assert_eq!(read_text(&path, 8).unwrap(), "name: a\n");
        let err = read_text(&path, 7).unwrap_err();
        assert!(
            err.to_string().contains("8 bytes, above the limit of 7"),
            "{err}"
        );
    }

    #[test]
    fn refuses_directories_and_devices() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(dir.path(), 8).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a directory is not a regular file")
        );
        #[cfg(unix)]
        {
            let err = read_text(Path::new("/dev/zero"), 8).unwrap_err();
            assert!(err.to_string().contains("a character device"), "{err}");
        }
    }

    #[test]
    fn groups_digits() {
        assert_eq!(group_digits(8 * MIB), "8,388,608");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
    }
}
