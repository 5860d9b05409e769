//! The file types and sizes Meta accepts for a media header sample, and how a file's type is
//! told from its first bytes (an extension can lie; the bytes are what Meta looks at).
//!
//! Types: the Resumable Upload API takes application/pdf, image/jpeg, image/png and video/mp4
//! (templates-api.md §2.8); a header takes the ones of its format. Sizes: Meta's Cloud API
//! "Supported media types" table (images 5 MB, videos 16 MB, documents 100 MB), read as
//! decimal megabytes, the stricter reading, so a file that passes fits either way.

use crate::template::model::HeaderFormat;

/// How many leading bytes [`MediaType::sniff`] needs.
pub const HEAD_BYTES: usize = 16;

const MB: u64 = 1_000_000;

/// A sample file type Meta accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Mp4,
    Pdf,
}

/// MP4 major brands (ISO base media files that are MP4, not QuickTime or 3GPP).
const MP4_BRANDS: &[&[u8; 4]] = &[
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"dash", b"mmp4", b"MSNV",
];

impl MediaType {
    /// The type the file's first bytes announce, if it is one Meta accepts.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.len() >= 12
            && &head[4..8] == b"ftyp"
            && MP4_BRANDS.iter().any(|b| &head[8..12] == *b)
        {
            Some(Self::Mp4)
        } else {
            None
        }
    }

    /// The MIME type, as `file_type` of an upload session.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Mp4 => "video/mp4",
            Self::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Mp4 => "mp4",
            Self::Pdf => "pdf",
        }
    }
}

/// The types a header of `format` takes (none for non-media formats).
pub fn allowed(format: HeaderFormat) -> &'static [MediaType] {
    match format {
        HeaderFormat::Image => &[MediaType::Jpeg, MediaType::Png],
        HeaderFormat::Video => &[MediaType::Mp4],
        HeaderFormat::Document => &[MediaType::Pdf],
        _ => &[],
    }
}

/// The largest sample a header of `format` takes, in bytes.
pub fn size_limit(format: HeaderFormat) -> u64 {
    match format {
        HeaderFormat::Video => 16 * MB,
        HeaderFormat::Document => 100 * MB,
        _ => 5 * MB,
    }
}

/// The largest sample of any format: what a download for `import` may bring.
pub const LARGEST: u64 = 100 * MB;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_bytes() {
        assert_eq!(
            MediaType::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(MediaType::Jpeg)
        );
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff(b"\0\0\0\x20ftypisom\0\0\x02\0"),
            Some(MediaType::Mp4)
        );
        // QuickTime and 3GPP are ISO files too, but not MP4.
        assert_eq!(MediaType::sniff(b"\0\0\0\x14ftypqt  \0\0\0\0"), None);
        assert_eq!(MediaType::sniff(b"\0\0\0\x14ftyp3gp4\0\0\0\0"), None);
        assert_eq!(MediaType::sniff(b"GIF89a"), None);
        assert_eq!(MediaType::sniff(b""), None);
    }

    #[test]
    fn formats_take_their_types() {
        assert!(allowed(HeaderFormat::Image).contains(&MediaType::Png));
        assert!(!allowed(HeaderFormat::Image).contains(&MediaType::Pdf));
        assert_eq!(allowed(HeaderFormat::Document), &[MediaType::Pdf]);
        assert!(allowed(HeaderFormat::Text).is_empty());
        assert_eq!(size_limit(HeaderFormat::Image), 5_000_000);
        assert_eq!(size_limit(HeaderFormat::Video), 16_000_000);
    }
}
