//! An upload a plan will make: which `header_handle` entry it replaces and the file behind it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A local media sample `apply` uploads (Resumable Upload API) before it sends the change,
/// putting the handle it gets in place of `reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MediaUpload {
    /// The `header_handle` entry, as written: `file:media/promo.jpg`.
    pub reference: String,
    /// The file, as found from the template file (relative to where wabactl ran, when the
    /// template file's path was).
    pub file: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its MIME type, judged by its content: `image/jpeg`, `image/png`, `video/mp4` or
    /// `application/pdf`.
    pub media_type: String,
}
