//! Uploading a plan's samples before its changes are sent: each file once, however many
//! templates name it, checked again as it is read (it may have changed since the plan).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, bail};

use crate::graph::GraphClient;
use crate::graph::client::UploadFile;
use crate::reconcile::Plan;
use crate::reconcile::media_upload::MediaUpload;
use crate::reconcile::plan::Kind;
use crate::template::sample::kind::{LARGEST, MediaType};

/// Uploads every file the plan's creates and edits name, through the app `app_id`; returns
/// file → handle. `uploaded` hears of each upload once it is done.
pub async fn upload_all(
    client: &GraphClient,
    app_id: &str,
    plan: &Plan,
    mut uploaded: impl FnMut(&MediaUpload),
) -> anyhow::Result<HashMap<String, String>> {
    let mut handles = HashMap::new();
    let wanted = plan
        .changes
        .iter()
        .filter(|c| matches!(c.kind(), Kind::Create | Kind::Update))
        .flat_map(|c| &c.uploads);
    for upload in wanted {
        if handles.contains_key(&upload.file) {
            continue;
        }
        let handle = upload_one(client, app_id, upload)
            .await
            .with_context(|| format!("cannot upload the media sample {}", upload.file))?;
        uploaded(upload);
        handles.insert(upload.file.clone(), handle);
    }
    Ok(handles)
}

async fn upload_one(
    client: &GraphClient,
    app_id: &str,
    upload: &MediaUpload,
) -> anyhow::Result<String> {
    let path = Path::new(&upload.file);
    let bytes = crate::input_file::read_bytes(path, LARGEST)?;
    let found = MediaType::sniff(&bytes).map(MediaType::mime);
    if bytes.len() as u64 != upload.size || found != Some(upload.media_type.as_str()) {
        bail!(
            "the file changed since the plan was made (it was {} bytes of {}): plan again",
            upload.size,
            upload.media_type
        );
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| upload.file.clone());
    let file = UploadFile {
        name: &name,
        mime: &upload.media_type,
        bytes: &bytes,
    };
    Ok(client.upload_file(app_id, &file).await?)
}
