//! Which uploads a plan makes: every `file:` sample in a create or edit body, found from the
//! template file that declares it, with its size and type.

use std::path::Path;

use anyhow::anyhow;

use crate::reconcile::Plan;
use crate::reconcile::media_upload::MediaUpload;
use crate::reconcile::plan::{Action, Change};
use crate::template::model::Component;
use crate::template::sample::local::inspect;
use crate::template::sample::reference::{file_entries, headers, resolve};

/// Fills in each create's and edit's `uploads`. A sample that no longer suits its header
/// (changed since the files were checked) is an error naming it.
pub fn plan_uploads(plan: &mut Plan) -> anyhow::Result<()> {
    for change in &mut plan.changes {
        change.uploads = uploads_of(change)?;
    }
    Ok(())
}

/// How many uploads the plan makes.
pub fn count(plan: &Plan) -> usize {
    plan.changes.iter().map(|c| c.uploads.len()).sum()
}

/// The components a change sends, when it sends any.
pub fn sent_components(action: &Action) -> Option<&[Component]> {
    match action {
        Action::Create { request, .. } => Some(&request.components),
        Action::Update { request, .. } => request.components.as_deref(),
        _ => None,
    }
}

fn uploads_of(change: &Change) -> anyhow::Result<Vec<MediaUpload>> {
    let (Some(components), Some(source)) = (sent_components(&change.action), &change.source) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<MediaUpload> = Vec::new();
    for header in headers(components) {
        for (entry, reference) in file_entries(header) {
            if out.iter().any(|u| u.reference == entry) {
                continue;
            }
            let path = resolve(Path::new(&source.file), reference);
            let media = inspect(&path, header.format).map_err(|problem| {
                anyhow!(
                    "{} ({} {}): the sample {} cannot be uploaded ({problem:?}); run `wabactl \
                     validate` for the details",
                    source,
                    change.name,
                    change.language,
                    path.display()
                )
            })?;
            out.push(MediaUpload {
                reference: entry.to_owned(),
                file: path.display().to_string(),
                size: media.size,
                media_type: media.media_type.mime().to_owned(),
            });
        }
    }
    Ok(out)
}
