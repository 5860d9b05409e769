//! A local sample file's type and size, read through the one bounded reader
//! ([`crate::input_file`]): regular files only, the type from the first bytes.

use std::path::{Path, PathBuf};

use super::kind::{self, HEAD_BYTES, MediaType};
use crate::template::model::HeaderFormat;

/// A sample file that suits its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMedia {
    pub path: PathBuf,
    pub size: u64,
    pub media_type: MediaType,
}

/// Why a sample file does not suit its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaProblem {
    /// Missing, not a regular file, or unreadable.
    Unreadable(String),
    /// The bytes are none of the types Meta accepts.
    UnknownType,
    /// A type Meta accepts, but not for this header format.
    WrongType(MediaType),
    TooLarge {
        size: u64,
        limit: u64,
    },
}

/// Checks `path` against what a `format` header takes.
pub fn inspect(path: &Path, format: HeaderFormat) -> Result<LocalMedia, MediaProblem> {
    let (head, size) = crate::input_file::read_head(path, HEAD_BYTES)
        .map_err(|e| MediaProblem::Unreadable(e.to_string()))?;
    let media_type = MediaType::sniff(&head).ok_or(MediaProblem::UnknownType)?;
    if !kind::allowed(format).contains(&media_type) {
        return Err(MediaProblem::WrongType(media_type));
    }
    let limit = kind::size_limit(format);
    if size > limit {
        return Err(MediaProblem::TooLarge { size, limit });
    }
    Ok(LocalMedia {
        path: path.to_owned(),
        size,
        media_type,
    })
}
