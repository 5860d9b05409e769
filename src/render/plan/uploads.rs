//! How a planned media upload reads, the same in every plan format.

use crate::media::planned::MediaUpload;

/// `templates/media/promo.jpg (48,213 bytes, image/jpeg) for file:media/promo.jpg`.
pub fn describe(upload: &MediaUpload) -> String {
    format!(
        "{} ({} bytes, {}) for {}",
        upload.file,
        group_digits(upload.size),
        upload.media_type,
        upload.reference
    )
}

fn group_digits(n: u64) -> String {
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
