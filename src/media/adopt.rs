//! `import` of media headers: the account's samples come back as CDN URLs; each is fetched
//! and kept beside the template files (`media/<name>_<language>.<ext>`), and the document
//! names it with `file:`, so the files hold the sample itself and `plan` reads them as in sync.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::download::fetch;
use crate::graph::wire::RemoteTemplate;
use crate::reconcile::convert::to_document;
use crate::reconcile::import::{MEDIA_URL_NOTE, TemplateFile};
use crate::template::model::HeaderFormat;
use crate::template::sample::kind::{self, MediaType};
use crate::template::sample::reference::headers;

/// The folder, inside the one written into, that samples go to.
pub const MEDIA_DIR: &str = "media";

/// A sample fetched for a template.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub name: String,
    pub language: String,
    pub url: String,
    /// Relative to the folder written into: `media/promo_en_US.jpg`.
    pub relative: String,
    pub bytes: Vec<u8>,
}

/// A sample that stays a URL, and why.
#[derive(Debug, Clone)]
pub struct NotFetched {
    pub name: String,
    pub language: String,
    pub reason: String,
}

/// Fetches the samples of the templates about to be written, one at a time.
pub async fn fetch_samples(
    remote: &[&RemoteTemplate],
    files: &[TemplateFile],
    timeout: Duration,
) -> (Vec<Fetched>, Vec<NotFetched>) {
    let mut fetched = Vec::new();
    let mut failed = Vec::new();
    for r in remote {
        let written = files
            .iter()
            .any(|f| f.name == r.name && f.languages.contains(&r.language));
        if !written {
            continue;
        }
        let Ok(converted) = to_document(r) else {
            continue;
        };
        let samples: Vec<(HeaderFormat, String)> = headers(&converted.template.components)
            .into_iter()
            .filter(|h| h.format.is_media())
            .flat_map(|h| {
                h.example
                    .iter()
                    .filter_map(|e| e.header_handle.as_ref())
                    .flatten()
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                    .map(move |u| (h.format, u.clone()))
            })
            .collect();
        let many = samples.len() > 1;
        for (i, (format, url)) in samples.into_iter().enumerate() {
            let fail = |reason: String| NotFetched {
                name: r.name.clone(),
                language: r.language.clone(),
                reason,
            };
            let sample = match fetch(&url, timeout).await {
                Ok(sample) => sample,
                Err(err) => {
                    failed.push(fail(format!("{err:#}")));
                    continue;
                }
            };
            if let Err(reason) = suits(format, sample.media_type, sample.bytes.len() as u64) {
                failed.push(fail(reason));
                continue;
            }
            let suffix = if many {
                format!("_{}", i + 1)
            } else {
                String::new()
            };
            fetched.push(Fetched {
                name: r.name.clone(),
                language: r.language.clone(),
                url,
                relative: format!(
                    "{MEDIA_DIR}/{}_{}{suffix}.{}",
                    r.name,
                    r.language,
                    sample.media_type.extension()
                ),
                bytes: sample.bytes,
            });
        }
    }
    (fetched, failed)
}

fn suits(format: HeaderFormat, found: MediaType, size: u64) -> Result<(), String> {
    if !kind::allowed(format).contains(&found) {
        return Err(format!(
            "the sample is {}, which this header does not take",
            found.mime()
        ));
    }
    if size > kind::size_limit(format) {
        return Err(format!("the sample holds {size} bytes, above Meta's limit"));
    }
    Ok(())
}

/// Names the fetched samples in the documents (`file:` instead of the URL) and drops the note
/// about URLs where none is left.
pub fn refer(files: &mut [TemplateFile], fetched: &[Fetched], failed: &[NotFetched]) {
    for file in files {
        let mine: Vec<&Fetched> = fetched.iter().filter(|f| f.name == file.name).collect();
        if mine.is_empty() {
            continue;
        }
        for sample in &mine {
            file.text = file
                .text
                .replace(&sample.url, &format!("file:{}", sample.relative));
        }
        let fetched_all = !failed.iter().any(|f| f.name == file.name);
        if fetched_all {
            file.text = file
                .text
                .lines()
                .filter(|line| line.trim() != MEDIA_URL_NOTE)
                .map(|line| format!("{line}\n"))
                .collect();
            file.media_urls.clear();
            // Read back while the sample was still a URL; the file names a file now.
            file.warnings
                .retain(|w| !w.contains("warning[header-handle-format]"));
        } else {
            file.media_urls
                .retain(|language| !mine.iter().any(|f| &f.language == language));
        }
    }
}

/// Where a sample goes, in the folder written into.
pub fn target(dir: &Path, sample: &Fetched) -> PathBuf {
    dir.join(&sample.relative)
}
