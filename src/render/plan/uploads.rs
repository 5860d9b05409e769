//! How a planned media upload reads, the same in every plan format.

use crate::input_file::group_digits;
use crate::reconcile::media_upload::MediaUpload;

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
