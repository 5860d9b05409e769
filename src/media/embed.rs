//! A local image sample as a `data:` URI, so a preview page shows it with no network and no
//! file beside it. Only JPEG and PNG within the image size limit are embedded: videos and
//! documents are named, not shown.

use std::io::Read;
use std::path::Path;

use crate::template::model::HeaderFormat;
use crate::template::sample::kind::{MediaType, size_limit};

/// The `data:` URI of the image at `path`, or why it is not embedded.
pub fn image_data_uri(path: &Path) -> Result<String, String> {
    let limit = size_limit(HeaderFormat::Image);
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{} is larger than an image sample may be",
            path.display()
        ));
    }
    match MediaType::sniff(&bytes) {
        Some(kind @ (MediaType::Jpeg | MediaType::Png)) => {
            Ok(format!("data:{};base64,{}", kind.mime(), base64(&bytes)))
        }
        _ => Err(format!("{} is not a JPEG or PNG image", path.display())),
    }
}

/// Standard base64 with padding (RFC 4648 §4), as `data:` URIs take it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_rfc_4648_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn a_png_is_embedded_and_anything_else_is_refused() {
        let dir = std::env::temp_dir().join(format!("wabactl-embed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("a.png");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\nrest").unwrap();
        assert_eq!(
            image_data_uri(&png).unwrap(),
            "data:image/png;base64,iVBORw0KGgpyZXN0"
        );
        let text = dir.join("a.txt");
        std::fs::write(&text, b"hello").unwrap();
        assert!(
            image_data_uri(&text)
                .unwrap_err()
                .contains("not a JPEG or PNG")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
